#!/usr/bin/env bash
# A Docker engine for Weir's docker launcher tests and benchmarks.
#   scripts/docker-engine.sh start    # idempotent: installs docker.io when dockerd is missing, starts one
#                                     # dockerd unless an engine already answers, waits until it answers
#   scripts/docker-engine.sh status   # exit 0 when an engine answers
#   scripts/docker-engine.sh stop     # stops the dockerd this script started (never someone else's)
# WEIR_DOCKERD_DIR holds the pid file and the log (default /tmp/weir-dockerd).
set -euo pipefail

DIR="${WEIR_DOCKERD_DIR:-/tmp/weir-dockerd}"
PID_FILE="$DIR/dockerd.pid"
LOG="$DIR/dockerd.log"

answers() { docker info >/dev/null 2>&1; }

find_dockerd() { command -v dockerd 2>/dev/null || { [ -x /usr/sbin/dockerd ] && echo /usr/sbin/dockerd; } || { [ -x /usr/bin/dockerd ] && echo /usr/bin/dockerd; }; }

ensure_installed() {
  if find_dockerd >/dev/null; then return 0; fi
  echo "docker-engine: installing docker.io (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 -qq update >&2
  apt-get -o DPkg::Lock::Timeout=600 -qq install -y --no-install-recommends docker.io >&2
  find_dockerd >/dev/null || { echo "docker-engine: dockerd not found after installing docker.io" >&2; exit 1; }
}

start() {
  if answers; then echo "docker-engine: an engine already answers (${DOCKER_HOST:-unix:///var/run/docker.sock}); nothing started"; return 0; fi
  ensure_installed
  mkdir -p "$DIR"
  if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    echo "docker-engine: dockerd (pid $(cat "$PID_FILE")) is starting; waiting for it"
  elif pgrep -x dockerd >/dev/null; then
    # Only one dockerd may run: wait for the one someone else started rather than starting a second.
    echo "docker-engine: a dockerd started elsewhere is running; waiting for it to answer"
  else
    setsid nohup "$(find_dockerd)" >"$LOG" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
    echo "docker-engine: started dockerd (pid $!, log $LOG)"
  fi
  for _ in $(seq 1 120); do
    if answers; then echo "docker-engine: the engine answers"; return 0; fi
    sleep 0.5
  done
  echo "docker-engine: dockerd did not answer within 60 s; its log ($LOG) ends with:" >&2
  tail -n 20 "$LOG" >&2 || true
  exit 1
}

stop() {
  if [ ! -f "$PID_FILE" ]; then echo "docker-engine: no dockerd started by this script; nothing stopped"; return 0; fi
  local pid
  pid="$(cat "$PID_FILE")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
    echo "docker-engine: stopped dockerd (pid $pid)"
  else
    echo "docker-engine: dockerd (pid $pid) had already exited"
  fi
  rm -f "$PID_FILE"
}

status() {
  if answers; then echo "docker-engine: the engine answers"; return 0; fi
  echo "docker-engine: no engine answers (run: $0 start)"; return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
