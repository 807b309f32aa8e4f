#!/usr/bin/env bash
# fuzz/run.sh TARGET [SECONDS] — builds the fuzzing harness, instruments the project's assemblies with SharpFuzz and runs
# libFuzzer (through the libfuzzer-dotnet driver) on one target, starting from the committed corpus in fuzz/corpus/TARGET.
# At the end the corpus is minimised with libFuzzer's merge and written back to fuzz/corpus/TARGET; a crash is kept as
# fuzz/.work/TARGET/crash-* and replayed with: CAMERABEHEER_FUZZ_TARGET=TARGET dotnet fuzz/.out/CameraBeheer.Fuzz.dll FILE
# Targets: edge-message, site-file, gate-line, evidence-package. See fuzz/README.md (also for getting the driver).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

target=${1:-}
seconds=${2:-600}
case "$target" in
  edge-message) max_len=17000 ;;     # the topic, LF, and up to 16 KiB of payload (and a little over)
  site-file) max_len=32768 ;;        # the bundled site file is about 20 KB
  gate-line) max_len=2048 ;;         # a few lines of at most 256 bytes (and longer ones)
  evidence-package) max_len=8192 ;;  # a manifest of a few cameras
  *) echo "usage: fuzz/run.sh edge-message|site-file|gate-line|evidence-package [SECONDS]" >&2; exit 2 ;;
esac

driver=${LIBFUZZER_DOTNET:-$repo/fuzz/.driver/libfuzzer-dotnet}
if [ ! -x "$driver" ]; then
  if [ -f "$(dirname "$driver")/libfuzzer-dotnet.cc" ] && command -v clang >/dev/null; then
    clang -O2 -fsanitize=fuzzer "$(dirname "$driver")/libfuzzer-dotnet.cc" -o "$driver"
  else
    echo "no libFuzzer driver at $driver: see fuzz/README.md (set LIBFUZZER_DOTNET to its path)" >&2
    exit 2
  fi
fi

# The instrumentation tool lives in the repository's own tool folder (ignored by git), at a fixed version.
if [ ! -x .tools/sharpfuzz ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path .tools >/dev/null
fi

out=$repo/fuzz/.out
work=$repo/fuzz/.work/$target
corpus=$repo/fuzz/corpus/$target
mkdir -p "$work/corpus" "$corpus"

# Instrumenting rewrites the assemblies in place and refuses to do it twice: publish afresh every time.
# The build takes the shared build lock; fuzzing does not hold it.
rm -rf "$out"
flock /tmp/camerabeheer-build.lock dotnet publish fuzz/CameraBeheer.Fuzz -c Release -o "$out" -nologo -v q -clp:ErrorsOnly
for assembly in CameraBeheer.Ingest CameraBeheer.Domain CameraBeheer.Contracts CameraBeheer.Edge; do
  .tools/sharpfuzz "$out/$assembly.dll" >/dev/null
done

export CAMERABEHEER_FUZZ_TARGET=$target
# The evidence-package target writes a package folder per input: in memory where the machine has it.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then export TMPDIR=/dev/shm; fi
echo "== fuzzing $target for $seconds s (corpus: $(ls "$corpus" | wc -l) files)" >&2
set +e
nice -n 19 "$driver" --target_path=dotnet --target_arg="$out/CameraBeheer.Fuzz.dll" \
  -max_total_time="$seconds" -timeout=10 -max_len="$max_len" -print_final_stats=1 \
  -artifact_prefix="$work/" "$work/corpus" "$corpus" 2>&1 | tee "$work/fuzz.log"
rc=${PIPESTATUS[0]}
set -e

# Keep the smallest set of inputs that covers everything both corpora reached.
minimised=$work/minimised
rm -rf "$minimised" && mkdir -p "$minimised"
nice -n 19 "$driver" --target_path=dotnet --target_arg="$out/CameraBeheer.Fuzz.dll" \
  -merge=1 -timeout=10 -max_len="$max_len" "$minimised" "$corpus" "$work/corpus" > "$work/merge.log" 2>&1 || true
if [ "$(ls "$minimised" | wc -l)" -gt 0 ]; then
  rm -rf "$corpus" && mv "$minimised" "$corpus"
fi

executions=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$work/fuzz.log" | grep -Eo '[0-9]+$' || echo "?")
crashes=$(ls "$work" | grep -c '^crash-' || true)
echo "== $target: $seconds s, $executions executions, corpus $(ls "$corpus" | wc -l) files, $crashes crash file(s) in fuzz/.work/$target" >&2
exit "$rc"
