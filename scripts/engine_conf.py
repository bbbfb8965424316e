#!/usr/bin/env python3
"""Is Tesseract's word confidence worth using as evidence in repair?

For every fixture of fixtures/ocr/ this repairs the TSV with `baocao
repair`, puts each TSV line on its rendered (gold) line as score_ocr.py
does, and, on lines whose OCR, repaired and gold words pair one to one,
counts per band of the engine's `conf`:

- words baocao changed, and how many of those changes are right (the new
  word is the gold word) or wrong (the old word was the gold word);
- words it left, and how many of those are still wrong.

Then what gating would do: keeping the engine's word wherever its conf is
at least T (a word the engine was sure of is not changed) gains the wrong
changes at conf >= T and loses the right ones.

  python3 scripts/engine_conf.py [--bin target/release/baocao]
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score_ocr  # noqa: E402

BANDS = [(0, 50), (50, 70), (70, 80), (80, 90), (90, 95), (95, 101)]


def tsv_words(path):
    """(line key, conf, text) of every word row, in file order."""
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(r) < 12 or r[0] != "5" or not r[11].strip():
                continue
            out.append((tuple(int(v) for v in r[1:5]), float(r[10]), r[11].strip()))
    return out


def nfc(s):
    return unicodedata.normalize("NFC", s)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(score_ocr.REPO, "target", "release", "baocao"))
    ap.add_argument("--fixtures", default=os.path.join(score_ocr.REPO, "fixtures", "ocr"))
    a = ap.parse_args()
    names = sorted(n for n in os.listdir(a.fixtures) if os.path.isdir(os.path.join(a.fixtures, n)))
    rows = []  # (conf, ocr, repaired, gold)
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n in names:
            fx = os.path.join(a.fixtures, n)
            tsv = os.path.join(fx, "ocr.tsv")
            fixed = os.path.join(tmp, n + ".tsv")
            with open(fixed, "wb") as f:
                subprocess.run([a.bin, "repair", "-q", tsv], stdout=f, check=True)
            before, after = tsv_words(tsv), tsv_words(fixed)
            assert [k for k, _, _ in before] == [k for k, _, _ in after], n
            lines = score_ocr.tsv_lines(tsv)
            keys = list(dict.fromkeys(k for k, _, _ in before))
            # Gold line of each TSV line: align one line at a time.
            gold_texts = None
            per_gold = {}
            for key, line in zip(keys, lines):
                g, h = score_ocr.aligned(fx, [line])
                gold_texts = g
                hit = [i for i, x in enumerate(h) if x]
                if len(hit) == 1:
                    per_gold.setdefault(hit[0], []).append(key)
            for gi, ks in per_gold.items():
                if len(ks) != 1:
                    continue
                b = [(c, t) for k, c, t in before if k == ks[0]]
                r = [t for k, _, t in after if k == ks[0]]
                gw = gold_texts[gi].split()
                total += len(b)
                if len(b) != len(gw) or len(r) != len(gw):
                    continue
                rows.extend((c, nfc(o), nfc(x), nfc(y)) for (c, o), x, y in zip(b, r, gw))
    print(f"{len(rows)} of {total} words paired with gold one to one")
    print("%-8s %6s %8s %6s %6s %10s" % ("conf", "words", "changed", "right", "wrong", "left wrong"))
    for lo, hi in BANDS:
        band = [x for x in rows if lo <= x[0] < hi]
        ch = [x for x in band if x[1] != x[2]]
        right = sum(x[2] == x[3] for x in ch)
        wrong = sum(x[1] == x[3] for x in ch)
        left_wrong = sum(x[1] == x[2] and x[1] != x[3] for x in band)
        print("%-8s %6d %8d %6d %6d %10d" % (f"{lo}-{min(hi, 100)}", len(band), len(ch), right, wrong, left_wrong))
    print("gate: keep the engine's word where conf >= T")
    for t in (80, 90, 95):
        ch = [x for x in rows if x[0] >= t and x[1] != x[2]]
        gain = sum(x[1] == x[3] for x in ch)
        loss = sum(x[2] == x[3] for x in ch)
        print(f"T={t}: {gain} wrong changes undone, {loss} right changes lost, net {gain - loss:+d} words")


if __name__ == "__main__":
    main()
