#!/usr/bin/env bash
# `npm test`: starts what the tests need (a throwaway PostgreSQL cluster, a Docker engine), runs every workspace's
# tests through turbo, stops what it started, and prints one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1

if [ ! -d node_modules ]; then npm install --no-audit --no-fund || exit 1; fi

bash scripts/chromium.sh || { echo "could not install chromium (the web UI's browser tests need it)" >&2; exit 1; }
bash scripts/postgres-test-cluster.sh start || { echo "could not start the test PostgreSQL cluster" >&2; exit 1; }
bash scripts/docker-engine.sh start || { echo "could not start a Docker engine (the docker launcher tests need one)" >&2; exit 1; }
trap 'bash scripts/postgres-test-cluster.sh stop; bash scripts/docker-engine.sh stop' EXIT
WEIR_TEST_DATABASE_URL="$(bash scripts/postgres-test-cluster.sh url)"
export WEIR_TEST_DATABASE_URL

# Formatter and linter first (about a second): a failure is reported, and the tests still run.
npx biome ci . --colors=off --diagnostic-level=error
check_status=$?
if [ "$check_status" -ne 0 ]; then echo "npm test: formatting or lint errors (npm run check:fix fixes what it can)" >&2; fi

log="$(mktemp)"
npx turbo run typecheck test --concurrency=2 --continue --log-order=grouped "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ] && [ "$check_status" -ne 0 ]; then status=$check_status; fi
node scripts/test-summary.mjs "$log"
rm -f "$log"
exit "$status"
