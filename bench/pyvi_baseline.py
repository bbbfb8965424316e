#!/usr/bin/env python3
"""Baseline for issue 2: pyvi's ViUtils.add_accents on the same inputs as
baocao, timed in the same run. Needs `pip install pyvi` (PyPI, MIT).

    python3 bench/pyvi_baseline.py GOLD INPUT OUT
writes pyvi's restoration of INPUT to OUT and prints syllables/s; score it
with `baocao eval repair --gold GOLD --hyp OUT`.
"""
import sys
import time

from pyvi import ViUtils

gold, inp, out = sys.argv[1:4]
lines = open(inp, encoding="utf-8").read().split("\n")
failed = 0


def restore(line):
    # pyvi raises KeyError on some inputs; such a line is kept as it was.
    global failed
    try:
        return ViUtils.add_accents(line) if line.strip() else line
    except Exception:
        failed += 1
        return line


t = time.perf_counter()
res = [restore(l) for l in lines]
dt = time.perf_counter() - t
open(out, "w", encoding="utf-8").write("\n".join(res))
syl = sum(len(l.split()) for l in lines)
print(f"pyvi add_accents: {syl} syllables in {dt:.2f} s = {syl / dt:.0f} syllables/s ({failed} lines raised, kept as is)")
