#!/usr/bin/env bash
# ./run.sh — installs what is missing, builds, and starts the CameraBeheer backend on its embedded default:
# gRPC on http://127.0.0.1:5080, MQTT broker on 127.0.0.1:1883, data in ./data.
# Extra arguments go to the host (e.g. ./run.sh --grpc-port 5081 --mqtt-port 1884).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v ffmpeg >/dev/null 2>&1; then
  echo "== installing ffmpeg (apt-get)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null
fi

echo "== building"
dotnet build CameraBeheer.sln -c Release -nologo -v q -clp:ErrorsOnly

cat <<'TXT'
== starting the backend (Ctrl-C stops it)
   In another terminal, from this folder:
     export CAMERABEHEER_TOKEN=$(./camerabeheer token issue --role operator --name "Your Name")
     ./camerabeheer status
     ./camerabeheer cameras list
     ./camerabeheer cameras show domus-almere-poort/cam-01
TXT
exec dotnet src/CameraBeheer.Host/bin/Release/net10.0/CameraBeheer.Host.dll --data "${CAMERABEHEER_DATA:-$PWD/data}" "$@"
