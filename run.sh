#!/usr/bin/env bash
# ./run.sh — installs what is missing, builds, and starts the CameraBeheer backend on its embedded default
# (gRPC on http://127.0.0.1:5080, MQTT broker on 127.0.0.1:1883, data in ./data) together with a simulated edge:
# the 38 cameras and the gate of the site configuration, so that events, footage and alerts flow.
# Extra arguments go to the backend. CAMERABEHEER_NO_EDGE=1 starts the backend alone.
set -euo pipefail
cd "$(dirname "$0")"
data="${CAMERABEHEER_DATA:-$PWD/data}"

if ! command -v ffmpeg >/dev/null 2>&1; then
  echo "== installing ffmpeg (apt-get)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null
fi

echo "== building"
dotnet build CameraBeheer.sln -c Release -nologo -v q -clp:ErrorsOnly

cat <<TXT
== starting the backend (Ctrl-C stops everything)
   The web console: http://127.0.0.1:${CAMERABEHEER_Web__Port:-5088}  (sign in with an account: ./camerabeheer users add, see the README)
   In another terminal, from this folder:
     export CAMERABEHEER_TOKEN=\$(./camerabeheer token issue --role operator --name "Your Name")
     ./camerabeheer status
     ./camerabeheer cameras list
     ./camerabeheer cameras show domus-almere-poort/cam-01
     ./camerabeheer alerts watch
TXT
mkdir -p "$data"
dotnet src/CameraBeheer.Host/bin/Release/net10.0/CameraBeheer.Host.dll --data "$data" "$@" &
backend=$!
edge=""
stop() { kill $backend $edge 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

# The broker lets in only registered edge agents: the simulated edge gets an agent of its own (every camera and gate of
# the site), made once through the CLI with an admin token of this machine's signing key; its secret is kept in
# $data/edge-agent.secret (owner-only) and reused on every later run.
provision_edge() {
  local name_file="$data/edge-agent.name" secret_file="$data/edge-agent.secret" name token list reply secret
  name="$(cat "$name_file" 2>/dev/null || echo edge)"
  for _ in $(seq 1 180); do
    [ -f "$data/keys/token-signing.key" ] && token="$(./camerabeheer token issue --role admin --name run.sh --valid 1h --data "$data" 2>/dev/null)" \
      && list="$(CAMERABEHEER_TOKEN="$token" ./camerabeheer agents list 2>/dev/null)" && break
    kill -0 "$backend" 2>/dev/null || return 1
    sleep 1
  done
  [ -n "${list+x}" ] || { echo "!! the backend did not answer within 3 minutes; the simulated edge is not started" >&2; return 1; }
  if [ -s "$secret_file" ] && grep -Eq "^$name +active" <<<"$list"; then
    echo "$name"; return 0
  fi
  # A name is never given out twice: when the old agent is gone or its secret lost, the new one gets a fresh name.
  grep -Eq "^$name " <<<"$list" && name="edge-$(date +%s)"
  reply="$(CAMERABEHEER_TOKEN="$token" ./camerabeheer agents add "$name" --all-cameras --all-gates --reason "the simulated edge of ./run.sh")" || return 1
  secret="$(sed -n 's/^secret: //p' <<<"$reply")"
  (umask 077 && printf '%s\n' "$secret" > "$secret_file" && printf '%s\n' "$name" > "$name_file")
  echo "$name"
}

if [ "${CAMERABEHEER_NO_EDGE:-}" != "1" ]; then
  if agent="$(provision_edge)"; then
    echo "== starting the simulated edge (38 cameras, the gate) as edge agent '$agent'; its log: $data/edge.log"
    dotnet edge/CameraBeheer.Edge/bin/Release/net10.0/CameraBeheer.Edge.dll --simulate --broker 127.0.0.1:1883 --data "$data" \
      --site-config "$PWD/config/sites/domus-almere-poort.json" --user "$agent" --password-file "$data/edge-agent.secret" > "$data/edge.log" 2>&1 &
    edge=$!
  fi
fi
wait $backend
