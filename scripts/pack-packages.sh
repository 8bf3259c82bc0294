#!/usr/bin/env bash
# `npm run pack -- DIR`: builds every published package (compiled dist/, the prebuilt web UI) and packs each into
# DIR (default ./.tmp/packages) as the tarball npm would publish. Prints the tarballs' paths.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-.tmp/packages}")"
mkdir -p "$out"
export TURBO_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1
npx turbo run build --concurrency=2 --output-logs=errors-only >&2
for dir in $(node scripts/publishable-packages.mjs); do
  npm pack --silent --pack-destination "$out" -w "$dir" >/dev/null
done
ls -1 "$out"/*.tgz
