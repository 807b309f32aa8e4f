#!/usr/bin/env bash
# Stops what start-cluster.sh started under --root DIR: the nodes first (SIGTERM, as systemd does; SIGKILL after 20 s),
# then Mosquitto and Azurite. --nodes "2" stops only those nodes.
set -uo pipefail
root="$PWD/cluster-run"
nodes="1 2 3"
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    *) echo "stop-cluster.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
stop() { # pid-file
  [ -f "$1" ] || return 0
  local pid deadline=$((SECONDS + 20))
  pid=$(cat "$1")
  kill -TERM "$pid" 2>/dev/null
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null
  rm -f "$1"
}
for i in $nodes; do stop "$root/node$i.pid"; done
if [ "$nodes" = "1 2 3" ]; then
  stop "$root/mosquitto.pid"
  stop "$root/azurite.pid"
fi
