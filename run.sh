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

if [ "${CAMERABEHEER_NO_EDGE:-}" != "1" ]; then
  echo "== starting the simulated edge (38 cameras, the gate); its log: $data/edge.log"
  # The edge reconnects on its own until the backend's broker is up.
  dotnet edge/CameraBeheer.Edge/bin/Release/net10.0/CameraBeheer.Edge.dll --simulate --broker 127.0.0.1:1883 --data "$data" \
    --site-config "$PWD/config/sites/domus-almere-poort.json" > "$data/edge.log" 2>&1 &
  edge=$!
fi
wait $backend
