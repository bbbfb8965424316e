#!/usr/bin/env bash
# Peak memory (and time) of every subcommand and output format on inputs of
# growing size and on endless or binary streams: the flat-memory promise of
# README ("Memory") measured with /usr/bin/time -v.
#
#   bash bench/memory.sh                 # 1 MB and 100 MB files, streams
#   SIZES="1 100 1000" bash bench/memory.sh   # also a 1 GB file (long)
#   MODES=text SIZES=1000 bash bench/memory.sh
#
# Inputs are built under $TMPDIR from ../shared/ocr-pairs/dev.ocr.txt (real
# English-model OCR) repeated with blank lines, plus one file without any
# blank line and a 200 MB single line. Prints one table row per run:
# size | command | seconds | peak RSS MB | exit.
set -uo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1 100"}
MODES=${MODES:-all}
SRC=${SRC:-../shared/ocr-pairs/dev.ocr.txt}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/baocao-mem.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (GNU time)" >&2; exit 2; }
[ -f "$SRC" ] || { echo "needs $SRC" >&2; exit 2; }
cargo build --release --quiet
BIN=$PWD/target/release/baocao

make_file() { # MB, path, separator
  local want=$(( $1 * 1000000 ))
  : > "$2"
  while [ "$(stat -c %s "$2")" -lt "$want" ]; do cat "$SRC" >> "$2"; printf '%b' "$3" >> "$2"; done
}

row() { # label, command...
  local label=$1; shift
  /usr/bin/time -v "$@" > /dev/null 2> "$TMP/time.txt"
  local code=$?
  awk -F': ' -v l="$label" -v c="$code" '
    /Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i] }
    /Maximum resident set size/ { m = $2 }
    END { printf "| %s | %.1f | %.0f | %d |\n", l, s, m / 1024, c }' "$TMP/time.txt"
}

modes=(
  "repair"
  "repair --format json"
  "repair --explain --color never"
  "extract"
  "run -q"
  "run -q --format csv --table dossiers"
  "run -q --format csv --table changes"
  "run -q --include-text"
)
[ "$MODES" = text ] && modes=("repair")

echo "| input | command | s | peak RSS MB | exit |"
echo "|---|---|---|---|---|"
for mb in $SIZES; do
  f="$TMP/${mb}mb.txt"; make_file "$mb" "$f" '\n\n'
  for m in "${modes[@]}"; do
    # shellcheck disable=SC2086
    row "${mb} MB file | $m" "$BIN" $m "$f"
  done
  rm -f "$f"
done
# No blank line at all: pieces are cut at line ends.
f="$TMP/noblank.txt"; make_file 20 "$f" '\n'
row "20 MB, no blank line | repair" "$BIN" repair "$f"
row "20 MB, no blank line | run -q" "$BIN" run -q "$f"
rm -f "$f"
# One 200 MB line: pieces are cut at spaces.
tr '\n' ' ' < "$SRC" > "$TMP/line.src"
: > "$TMP/line.txt"; while [ "$(stat -c %s "$TMP/line.txt")" -lt 200000000 ]; do cat "$TMP/line.src" >> "$TMP/line.txt"; done
[ "$MODES" = text ] || row "200 MB line | repair" "$BIN" repair "$TMP/line.txt"
rm -f "$TMP/line.txt"
# Endless or binary streams must be refused or streamed, never held.
for m in "extract" "run -q" "repair --format json"; do
  # shellcheck disable=SC2086
  row "/dev/zero | $m" "$BIN" $m /dev/zero
done
row "/dev/urandom | extract" "$BIN" extract /dev/urandom
# `timeout` waits for baocao, so its peak RSS is baocao's (exit 124).
yes | row "yes (5 s) | run -q --format text" timeout 5 "$BIN" run -q --format text -
yes | row "yes (5 s) | extract" timeout 5 "$BIN" extract -
