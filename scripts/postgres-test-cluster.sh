#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for Weir's tests and benchmarks.
#   scripts/postgres-test-cluster.sh start   # idempotent; prints the URL (also written to $DIR/url)
#   scripts/postgres-test-cluster.sh url     # prints the URL of the running cluster
#   scripts/postgres-test-cluster.sh stop    # stops it and removes its directory
# WEIR_TEST_PG_DIR picks the directory (default /tmp/weir-test-pg).
set -euo pipefail

DIR="${WEIR_TEST_PG_DIR:-/tmp/weir-test-pg}"
DATA="$DIR/data"
URL_FILE="$DIR/url"
LOG="$DIR/postgres.log"

find_bin() {
  local d
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

ensure_installed() {
  if find_bin >/dev/null; then return 0; fi
  echo "postgres-test-cluster: installing PostgreSQL (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 -qq update >&2
  apt-get -o DPkg::Lock::Timeout=600 -qq install -y --no-install-recommends postgresql >&2
  find_bin >/dev/null || { echo "postgres-test-cluster: PostgreSQL binaries not found after install" >&2; exit 1; }
}

# initdb and postgres refuse to run as root.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

is_running() {
  [ -f "$DATA/PG_VERSION" ] && as_postgres "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  ensure_installed
  BIN="$(find_bin)"
  if is_running && [ -f "$URL_FILE" ]; then cat "$URL_FILE"; return 0; fi
  mkdir -p "$DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$DIR"; fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    as_postgres "$BIN/initdb" -D "$DATA" -A trust -U postgres --no-sync -E UTF8 >"$DIR/initdb.log" 2>&1 ||
      { cat "$DIR/initdb.log" >&2; exit 1; }
  fi
  local port
  port="$(free_port)"
  # Default durability settings, so benchmarks against this cluster measure what a deployment gets.
  if ! as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
      -o "-p $port -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200" start >&2; then
    cat "$LOG" >&2 || true
    exit 1
  fi
  local url="postgres://postgres@127.0.0.1:$port/postgres"
  echo "$url" >"$URL_FILE"
  echo "$url"
}

stop() {
  if BIN="$(find_bin)" && is_running; then
    as_postgres "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2
  fi
  rm -rf "$DIR"
}

url() {
  BIN="$(find_bin)" || { echo "postgres-test-cluster: PostgreSQL is not installed" >&2; exit 1; }
  if is_running && [ -f "$URL_FILE" ]; then cat "$URL_FILE"; else
    echo "postgres-test-cluster: not running (run: $0 start)" >&2; exit 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) url ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
