#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from fixtures/: single lines, paragraphs (runs
# of lines between blank lines, capped at 4 KiB) and single words. The corpus
# is git-ignored; rerun this after a clean checkout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fixtures="$here/../fixtures"
corpus="$here/corpus"
mkdir -p "$corpus"/{tokenize,syllable,repair_paragraph,extract,pipeline_bytes}
n=0
for f in "$fixtures"/seeds/*.txt "$fixtures"/pairs/*.txt; do
  base=$(basename "$f" .txt)
  # Paragraphs: awk writes one file per blank-line separated block.
  awk -v out="$corpus/repair_paragraph/$base" '
    BEGIN { RS=""; ORS="" }
    { p = substr($0, 1, 4000); print p "\n" > (out "_p" NR); close(out "_p" NR) }
  ' "$f"
  # Lines (every 7th keeps the corpus small) for the tokenizer.
  awk -v out="$corpus/tokenize/$base" 'NR % 7 == 0 && length($0) > 0 {
    print $0 > (out "_l" NR); close(out "_l" NR) }' "$f"
  # Whole documents, cut at 4000 bytes, for extraction (flag byte 0 = as is,
  # 1 = repair first) and the byte pipeline.
  head -c 4000 "$f" > "$corpus/pipeline_bytes/$base"
  { printf '\0'; head -c 4000 "$f"; } > "$corpus/extract/${base}_raw"
  { printf '\1'; head -c 4000 "$f"; } > "$corpus/extract/${base}_rep"
  n=$((n + 1))
done
# Paragraphs also seed the byte pipeline and extraction.
for p in "$corpus"/repair_paragraph/*_p1[0-9]; do
  cp "$p" "$corpus/pipeline_bytes/"
  { printf '\0'; cat "$p"; } > "$corpus/extract/$(basename "$p")"
done
# Words for the syllable target: the distinct whitespace-separated tokens.
cat "$fixtures"/seeds/*.txt "$fixtures"/pairs/*.txt | tr -s ' \t\r' '\n\n\n' \
  | sort -u | awk -v out="$corpus/syllable/w" 'NR <= 3000 &&
    length($0) > 0 { printf "%s", $0 > (out NR); close(out NR) }'
echo "seeded from $n fixture files:"
for t in "$corpus"/*; do echo "  $(basename "$t"): $(ls "$t" | wc -l) inputs"; done
