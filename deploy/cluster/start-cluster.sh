#!/usr/bin/env bash
# Starts the three-node recipe on this machine's loopback: Azurite (blob + table), Mosquitto with mosquitto.conf, and
# three CameraBeheer hosts with node1.env .. node3.env. Returns once every node printed its ready line; the processes
# keep running (stop them with stop-cluster.sh --root DIR). The tests start their clusters with this script.
#
#   deploy/cluster/start-cluster.sh [--root DIR] [--port-base N] [--host-dll PATH] [--site-config FILE] [--nodes "1 2 3"]
#
# --root       where data, logs and process ids go (default ./cluster-run); everything started names it on its
#              command line, so leftovers can be found with pkill -f DIR.
# --port-base  moves every port of the recipe to N+offset (Azurite blob N, queue N+1, table N+2, Mosquitto N+3,
#              node i: metrics N+4+i, gRPC N+10+i, web N+20+i, silo N+30+i, gateway N+40+i), so several clusters can
#              run at once.
# --nodes      start only these nodes (e.g. "2" to bring a stopped node back into a running cluster).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
root="$PWD/cluster-run"
port_base=""
host_dll="$repo/src/CameraBeheer.Host/bin/Release/net10.0/CameraBeheer.Host.dll"
site_config=""
nodes="1 2 3"
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=$2; shift 2 ;;
    --port-base) port_base=$2; shift 2 ;;
    --host-dll) host_dll=$2; shift 2 ;;
    --site-config) site_config=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    *) echo "start-cluster.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
mkdir -p "$root"
root=$(cd "$root" && pwd)
[ -f "$host_dll" ] || { echo "start-cluster.sh: no host at $host_dll (build first: dotnet build CameraBeheer.sln -c Release)" >&2; exit 2; }

# The recipe's ports, and where --port-base moves them.
blob=10000; queue=10001; table=10002; mqtt=1883
if [ -n "$port_base" ]; then
  blob=$port_base; queue=$((port_base + 1)); table=$((port_base + 2)); mqtt=$((port_base + 3))
fi

wait_port() { # name port seconds
  local deadline=$((SECONDS + $3))
  until (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "start-cluster.sh: $1 is not listening on port $2 after $3 s" >&2; return 1; }
    sleep 0.2
  done
}

start_azurite() {
  [ -f "$root/azurite.pid" ] && kill -0 "$(cat "$root/azurite.pid")" 2>/dev/null && return 0
  setsid nohup "$repo/node_modules/.bin/azurite" --silent --skipApiVersionCheck --location "$root/azurite" \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" </dev/null >"$root/azurite.log" 2>&1 &
  echo $! >"$root/azurite.pid"
  wait_port Azurite "$blob" 60 && wait_port Azurite "$table" 60
}

start_mosquitto() {
  [ -f "$root/mosquitto.pid" ] && kill -0 "$(cat "$root/mosquitto.pid")" 2>/dev/null && return 0
  mkdir -p "$root/mosquitto"
  # The shipped file with this run's port and folder; started as root Mosquitto would drop to user mosquitto, which
  # cannot write the run's folder.
  sed -e "s#^listener 1883 127.0.0.1#listener $mqtt 127.0.0.1#" -e "s#^persistence_location .*#persistence_location $root/mosquitto/#" \
    "$here/mosquitto.conf" >"$root/mosquitto.conf"
  printf 'user %s\nlog_dest file %s/mosquitto.log\n' "$(id -un)" "$root" >>"$root/mosquitto.conf"
  setsid nohup /usr/sbin/mosquitto -c "$root/mosquitto.conf" </dev/null >/dev/null 2>&1 &
  echo $! >"$root/mosquitto.pid"
  wait_port Mosquitto "$mqtt" 30
}

# One node: its env file's settings, moved to this run's ports and folder.
start_node() {
  local i=$1 data="$root/node$1"
  mkdir -p "$data"
  local -a env_args=()
  while IFS= read -r line; do
    case "$line" in ''|'#'*) continue ;; esac
    if [ -n "$port_base" ]; then
      line=${line//127.0.0.1:10000/127.0.0.1:$blob}
      line=${line//127.0.0.1:10002/127.0.0.1:$table}
      line=${line//127.0.0.1:1883/127.0.0.1:$mqtt}
      case "$line" in
        CAMERABEHEER_Grpc__Port=*) line="CAMERABEHEER_Grpc__Port=$((port_base + 10 + i))" ;;
        CAMERABEHEER_Web__Port=*) line="CAMERABEHEER_Web__Port=$((port_base + 20 + i))" ;;
        CAMERABEHEER_Metrics__Port=*) line="CAMERABEHEER_Metrics__Port=$((port_base + 4 + i))" ;;
        CAMERABEHEER_Orleans__SiloPort=*) line="CAMERABEHEER_Orleans__SiloPort=$((port_base + 30 + i))" ;;
        CAMERABEHEER_Orleans__GatewayPort=*) line="CAMERABEHEER_Orleans__GatewayPort=$((port_base + 40 + i))" ;;
      esac
    fi
    case "$line" in CAMERABEHEER_Data=*) line="CAMERABEHEER_Data=$data" ;; esac
    env_args+=("$line")
  done <"$here/node$i.env"
  local -a args=(--data "$data")
  [ -n "$site_config" ] && args+=(--site-config "$site_config")
  : >"$root/node$i.log"
  # env --default-signal=INT: started from a script, SIGINT would be inherited ignored (Ctrl-C must still stop it).
  setsid nohup env --default-signal=INT "${env_args[@]}" dotnet "$host_dll" "${args[@]}" </dev/null >>"$root/node$i.log" 2>&1 &
  echo $! >"$root/node$i.pid"
}

wait_ready() { # node seconds
  local deadline=$((SECONDS + $2)) pid
  pid=$(cat "$root/node$1.pid")
  until grep -q '^ready:' "$root/node$1.log"; do
    kill -0 "$pid" 2>/dev/null || { echo "start-cluster.sh: node$1 exited before it was ready; its log:" >&2; tail -n 20 "$root/node$1.log" >&2; return 1; }
    [ $SECONDS -lt $deadline ] || { echo "start-cluster.sh: node$1 printed no ready line after $2 s; its log:" >&2; tail -n 20 "$root/node$1.log" >&2; return 1; }
    sleep 0.2
  done
  echo "node$1 $(grep -m1 '^ready:' "$root/node$1.log")"
}

# Every node signs and checks tokens and export signatures with the same keys: the first node to start makes them
# (in its data folder, keys/), the others get a copy before they start. On real machines copy keys/ the same way.
share_keys() {
  local i=$1 from
  [ -d "$root/node$i/keys" ] && return 0
  for from in 1 2 3; do
    if [ -d "$root/node$from/keys" ] && [ "$from" != "$i" ]; then
      mkdir -p "$root/node$i" && cp -a "$root/node$from/keys" "$root/node$i/keys"
      return 0
    fi
  done
  return 1
}

start_azurite
start_mosquitto
first=""
for i in $nodes; do
  if ! share_keys "$i" && [ -z "$first" ]; then
    # No node has keys yet: this one makes them, and the others wait for it.
    start_node "$i"; wait_ready "$i" 120; first=$i
  fi
done
started=()
for i in $nodes; do
  [ "$i" = "$first" ] && continue
  share_keys "$i" || true
  start_node "$i"; started+=("$i")
done
for i in "${started[@]}"; do wait_ready "$i" 120; done
echo "cluster ready: root=$root"
