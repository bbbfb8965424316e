#!/usr/bin/env bash
# Runs fuzz targets one after another (one fuzzer at a time: the machine is
# shared) with the limits used for issue 6. Usage:
#   fuzz/run.sh [SECONDS] [TARGET...]        (default 600 s, all targets)
# Build first:  cd fuzz && cargo +nightly fuzz build --sanitizer none -O -a
# Fork mode with -ignore_crashes keeps fuzzing after a crash; every crash,
# timeout and OOM input is still written to fuzz/artifacts/<target>/.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
secs=${1:-600}; shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(extract repair_paragraph pipeline_bytes syllable tokenize)
# FUZZ_BIN: binaries from another build (e.g. --target-dir target2).
bin="${FUZZ_BIN:-$here/target/x86_64-unknown-linux-gnu/release}"
mkdir -p "$here/logs"
for t in "${targets[@]}"; do
  mkdir -p "$here/corpus/$t" "$here/artifacts/$t"
  echo "== $t: ${secs}s"
  start=$(date +%s)
  "$bin/$t" "$here/corpus/$t" -artifact_prefix="$here/artifacts/$t/" \
    -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -print_final_stats=1 > "$here/logs/$t.log" 2>&1
  echo "   exit $? after $(( $(date +%s) - start ))s; $(grep -E '^#[0-9]+' "$here/logs/$t.log" | tail -1)"
  ls "$here/artifacts/$t" | sed 's/^/   artifact: /'
done
