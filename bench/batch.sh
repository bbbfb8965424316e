#!/usr/bin/env bash
# Batch throughput and memory of `baocao run` / `baocao repair`.
#
#   bash bench/batch.sh                       # full size: >=100 MB batch, 200 MB vs 20 MB file
#   BATCH_MB=20 BIG_MB=40 SMALL_MB=4 bash bench/batch.sh   # quicker
#
# Builds the release binary, makes a batch under $TMPDIR by copying and
# varying (shuffling paragraphs/lines of) the fixtures, and measures with
# /usr/bin/time -v: MB/s of `run --format jsonl` with --jobs 1 and --jobs 2,
# their ratio, peak RSS, and peak RSS of `repair` on a big vs a small single
# file (streaming keeps it flat).
set -euo pipefail
cd "$(dirname "$0")/.."
BATCH_MB=${BATCH_MB:-100}
BIG_MB=${BIG_MB:-200}
SMALL_MB=${SMALL_MB:-20}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/baocao-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (GNU time)" >&2; exit 2; }

cargo build --release --quiet
BIN=$PWD/target/release/baocao

# Source material: every fixture, plus line- and paragraph-shuffled variants.
SRC="$TMP/src"; mkdir -p "$SRC"
i=0
for f in fixtures/seeds/*.txt fixtures/pairs/*.ocr.txt; do
  cp "$f" "$SRC/v$i.txt"; i=$((i+1))
  shuf --random-source=<(yes) "$f" > "$SRC/v$i.txt"; i=$((i+1))
  perl -00 -MList::Util=shuffle -e 'srand(7); print shuffle(<>)' "$f" > "$SRC/v$i.txt"
  i=$((i+1))
done

# The batch: copies of the variants until BATCH_MB.
BATCH="$TMP/batch"; mkdir -p "$BATCH"
n=0; bytes=0; target=$((BATCH_MB * 1000000))
while [ "$bytes" -lt "$target" ]; do
  for f in "$SRC"/*.txt; do
    d="$BATCH/d$((n % 50))"; mkdir -p "$d"
    cp "$f" "$d/f$n.txt"; n=$((n+1))
    bytes=$((bytes + $(stat -c %s "$f")))
    [ "$bytes" -ge "$target" ] && break
  done
done
MB=$(du -sb "$BATCH" | awk '{printf "%.1f", $1/1e6}')
echo "batch: $n files, $MB MB"

# A single file of about N MB built from the variants.
make_file() { # $1 = MB, $2 = path
  local want=$(( $1 * 1000000 ))
  : > "$2"
  while [ "$(stat -c %s "$2")" -lt "$want" ]; do cat "$SRC"/*.txt >> "$2"; done
}

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -v "$@" > /dev/null 2> "$TMP/time.txt" || { cat "$TMP/time.txt" >&2; exit 1; }
  local secs rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$TMP/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$TMP/time.txt")
  echo "$label $secs $rss"
}

r1=$(measure jobs1 "$BIN" run "$BATCH" --format jsonl --jobs 1 --quiet)
r2=$(measure jobs2 "$BIN" run "$BATCH" --format jsonl --jobs 2 --quiet)
read -r _ s1 m1 <<<"$r1"; read -r _ s2 m2 <<<"$r2"
awk -v mb="$MB" -v s1="$s1" -v s2="$s2" -v m1="$m1" -v m2="$m2" 'BEGIN{
  printf "run --format jsonl --jobs 1: %.1f s, %.2f MB/s, peak RSS %.0f MB\n", s1, mb/s1, m1/1024;
  printf "run --format jsonl --jobs 2: %.1f s, %.2f MB/s, peak RSS %.0f MB\n", s2, mb/s2, m2/1024;
  printf "speed-up jobs 2 / jobs 1: %.2fx\n", s1/s2 }'

make_file "$SMALL_MB" "$TMP/small.txt"
make_file "$BIG_MB" "$TMP/big.txt"
for which in small big; do
  f="$TMP/$which.txt"
  r=$(measure "$which" "$BIN" repair "$f")
  read -r _ s m <<<"$r"
  awk -v sz="$(stat -c %s "$f")" -v s="$s" -v m="$m" -v w="$which" 'BEGIN{
    printf "repair %s file (%.0f MB): %.1f s, %.2f MB/s, peak RSS %.0f MB\n", w, sz/1e6, s, sz/1e6/s, m/1024 }'
done
