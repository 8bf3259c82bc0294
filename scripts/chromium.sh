#!/usr/bin/env bash
# Installs Debian's chromium for the web UI's browser tests and benchmark, once: does nothing when
# /usr/bin/chromium is already there. Safe to run concurrently with other apt users (waits on the lock).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing and apt-get is not available: install chromium at /usr/bin/chromium" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 -qq update
$SUDO apt-get -o DPkg::Lock::Timeout=600 -qq install -y --no-install-recommends chromium fonts-dejavu-core >/dev/null
test -x /usr/bin/chromium
echo "installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
