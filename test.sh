#!/usr/bin/env bash
# ./test.sh — installs what the tests need, builds, runs every test against real servers it starts on loopback,
# stops what it started, and prints "N passed, N failed" as its last line.
set -uo pipefail
cd "$(dirname "$0")"
repo=$(pwd)

say() { printf '== %s\n' "$*" >&2; }

install_system_packages() {
  local missing=()
  command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
  # The evidence-package tests check exports with the tools a police officer uses: openssl and sha256sum (coreutils).
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  [ -x /usr/sbin/mosquitto ] || command -v mosquitto >/dev/null 2>&1 || missing+=(mosquitto)
  # mosquitto_pub: an edge agent publishing by hand, with user and secret and no client id, must get in.
  command -v mosquitto_pub >/dev/null 2>&1 || missing+=(mosquitto-clients)
  # The web console's browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (apt-get)"
    # A package's own service must not start: tests start their servers themselves on free ports.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    local rc=$?
    rm -f /usr/sbin/policy-rc.d
    [ $rc -eq 0 ] || { echo "apt-get install ${missing[*]} failed" >&2; return 1; }
  fi
}

install_node_tools() {
  if [ ! -x node_modules/.bin/azurite ]; then
    say "installing Azurite (npm, into ./node_modules)"
    npm install --no-audit --no-fund --loglevel=error >/dev/null || { echo "npm install failed" >&2; return 1; }
  fi
}

# Every process the tests start runs with its data under this folder, so anything left over can be found and stopped.
export CAMERABEHEER_TEST_ROOT="$repo/.test-runs/$$"
mkdir -p "$CAMERABEHEER_TEST_ROOT"
stop_leftovers() {
  pkill -f -- "$CAMERABEHEER_TEST_ROOT" 2>/dev/null
  sleep 0.5
  pkill -9 -f -- "$CAMERABEHEER_TEST_ROOT" 2>/dev/null
  rm -rf "$CAMERABEHEER_TEST_ROOT"
}
trap stop_leftovers EXIT

fail_setup() { echo "$1" >&2; echo "0 passed, 1 failed"; exit 1; }

install_system_packages || fail_setup "setup: could not install system packages"
install_node_tools || fail_setup "setup: could not install node tools"

say "building (Release)"
dotnet build CameraBeheer.sln -c Release -nologo -v q -clp:ErrorsOnly > "$CAMERABEHEER_TEST_ROOT/build.log" 2>&1 \
  || { cat "$CAMERABEHEER_TEST_ROOT/build.log" >&2; fail_setup "build failed"; }

say "running tests"
log="$CAMERABEHEER_TEST_ROOT/test.log"
dotnet test --solution CameraBeheer.sln -c Release --no-build 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

# What the tests measured without asserting it (stop durations): shown, not judged.
[ -f "$CAMERABEHEER_TEST_ROOT/measurements.log" ] && sed 's/^/measured: /' "$CAMERABEHEER_TEST_ROOT/measurements.log"

# Microsoft.Testing.Platform prints one summary per run; add them up.
passed=$(grep -E '^\s*succeeded:\s*[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -E '^\s*failed:\s*[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -E '^\s*skipped:\s*[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
