#!/usr/bin/env bash
# `npm run pack -- [DIR] [--no-build]`: builds every published package (compiled dist/, the prebuilt web UI) and
# packs each into DIR (default ./.tmp/packages) as the tarball npm would publish. Prints the tarballs' paths.
# --no-build packs what is built already (turbo ran `build` first).
set -euo pipefail
cd "$(dirname "$0")/.."
out=".tmp/packages"
build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    *) out="$arg" ;;
  esac
done
out="$(realpath -m "$out")"
mkdir -p "$out"
rm -f "$out"/*.tgz
export TURBO_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1
if [ "$build" = 1 ]; then npx turbo run build --concurrency=2 --output-logs=errors-only >&2; fi
for dir in $(node scripts/publishable-packages.mjs); do
  if [ ! -e "$dir/dist" ] && [ ! -e "$dir/out" ]; then
    echo "pack: $dir is not built (run npm run build)" >&2
    exit 1
  fi
  npm pack --silent --pack-destination "$out" -w "$dir" >/dev/null
done
ls -1 "$out"/*.tgz
