#!/usr/bin/env python3
"""How well a change's `confidence` predicts that its replacement is right.

    python3 bench/calibration.py BAOCAO GOLD INPUT [--input-kind KIND]

Repairs INPUT with `BAOCAO repair --format json`, lines each change up with
the word of the line-aligned GOLD (lines whose white-space token counts
differ are skipped), and prints, per confidence band, how many changes fall
in it, their mean confidence and how many are right; then the Brier score
and the expected calibration error (ECE, the bands' |confidence - accuracy|
weighted by their share). A confidence that means something has an ECE near
0: of the changes said to be 90% sure, about 9 in 10 are right.
"""

import argparse
import json
import re
import subprocess
import sys

BANDS = [0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0001]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("baocao")
    ap.add_argument("gold")
    ap.add_argument("input")
    ap.add_argument("--input-kind", default="auto")
    a = ap.parse_args()
    raw = open(a.input, "rb").read()
    gold = open(a.gold, encoding="utf-8").read().split("\n")
    out = subprocess.run(
        [a.baocao, "repair", "--format", "json", "--input-kind", a.input_kind, a.input],
        check=True,
        capture_output=True,
    ).stdout
    changes = json.loads(out)["changes"]
    starts = [0]
    for m in re.finditer(rb"\n", raw):
        starts.append(m.end())
    rows = []
    for c in changes:
        line = c["line"] - 1
        if line >= len(gold) or line + 1 >= len(starts) + 1:
            continue
        lo = starts[line]
        hi = starts[line + 1] - 1 if line + 1 < len(starts) else len(raw)
        text = raw[lo:hi].decode("utf-8")
        toks = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
        gtoks = gold[line].split()
        if len(toks) != len(gtoks):
            continue
        s, e = c["span"][0] - lo, c["span"][1] - lo
        # Byte offsets into the line's text.
        b = text.encode("utf-8")
        cs, ce = len(b[:s].decode("utf-8", "ignore")), len(b[:e].decode("utf-8", "ignore"))
        hit = [i for i, (ts, te) in enumerate(toks) if ts <= cs and ce <= te]
        if not hit:
            continue
        i = hit[0]
        ts, te = toks[i]
        repaired = text[ts:cs] + c["replacement"] + text[ce:te]
        rows.append((c["confidence"], repaired == gtoks[i]))
    if not rows:
        sys.exit("no change could be lined up with the gold text")
    print(f"{len(rows)} changes lined up with the gold ({len(changes)} in all)")
    print(f"{'band':>13} {'changes':>8} {'mean conf':>10} {'right':>7}")
    ece = 0.0
    for lo, hi in zip(BANDS, BANDS[1:]):
        band = [(p, ok) for p, ok in rows if lo <= p < hi]
        if not band:
            continue
        conf = sum(p for p, _ in band) / len(band)
        acc = sum(ok for _, ok in band) / len(band)
        ece += len(band) / len(rows) * abs(conf - acc)
        print(f"{lo:.2f}–{min(hi, 1):.2f} {len(band):>8} {conf:>10.3f} {acc:>7.3f}")
    brier = sum((p - ok) ** 2 for p, ok in rows) / len(rows)
    print(f"Brier {brier:.4f}  ECE {ece:.4f}")


if __name__ == "__main__":
    main()
