#!/usr/bin/env bash
# Accuracy and throughput of repair in one command, for comparing versions:
#   bash bench/accuracy.sh            # ../shared/ocr-pairs/dev.* when present, fixtures otherwise
# Prints syllable accuracy (OCR input and diacritic-stripped input) and
# repair throughput (cargo bench --features internals --bench repair).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/baocao
pairs=../shared/ocr-pairs
if [ -f "$pairs/dev.clean.txt" ]; then
  gold=$pairs/dev.clean.txt; ocr=$pairs/dev.ocr.txt; export BAOCAO_DEV=$ocr
else
  gold=fixtures/pairs/seeds23.clean.txt; ocr=fixtures/pairs/seeds23.ocr.txt; export BAOCAO_DEV=$ocr
fi
echo "== OCR input: $ocr"
"$bin" eval repair --gold "$gold" --input "$ocr" --errors 15
plain=$(mktemp)
trap 'rm -f "$plain"' EXIT
# Strip every diacritic (and đ→d) from the gold text with the project's own fold.
"$bin" eval strip "$gold" > "$plain"
echo
echo "== diacritic-stripped input"
"$bin" eval repair --gold "$gold" --input "$plain" --errors 10 | head -12
echo
echo "== throughput"
cargo bench --quiet --features internals --bench repair 2>/dev/null | tail -4
