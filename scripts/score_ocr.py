#!/usr/bin/env python3
"""Repair accuracy from each of Tesseract's outputs of the same pages.

For every fixture of fixtures/ocr/ (made by make_ocr_fixtures.py) this runs
`baocao repair` on the engine's plain text (ocr.txt), hOCR (ocr.hocr), ALTO
(ocr.xml) and TSV (ocr.tsv), reads the repaired files back with Python's own
parsers (ElementTree for hOCR and ALTO, csv for TSV: not baocao's readers),
puts every OCR line on the rendered line it lies on (its words' box mapped
back through the page's scan rotation and scale, as mangle.py does), and
scores the seeds' pages and the extract-dev pages, pooled, with
../shared/tools/score.py. The plain text has no boxes: its lines are the
TSV's lines, in order (the same recognition).

  python3 scripts/score_ocr.py [--bin target/release/baocao] [--ci]

Prints one row per set and format: syllable accuracy (and the raw OCR's).
"""
import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
FORMATS = [("text", "ocr.txt"), ("hocr", "ocr.hocr"), ("alto", "ocr.xml"), ("tsv", "ocr.tsv")]


def union(boxes):
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def local(tag):
    return tag.rsplit("}", 1)[-1]


def hocr_lines(path):
    """(page, box, text) of every ocr_line, in document order."""
    out, page = [], 0
    for el in ET.parse(path).iter():
        cls = (el.get("class") or "").split()
        if "ocr_page" in cls:
            page += 1
        if "ocr_line" in cls or "ocr_textfloat" in cls or "ocr_header" in cls or "ocr_caption" in cls:
            words = []
            for w in el.iter():
                if "ocrx_word" in (w.get("class") or "").split():
                    text = "".join(w.itertext()).strip()
                    bbox = next(p.split()[1:5] for p in w.get("title").split(";") if p.split()[0] == "bbox")
                    if text:
                        words.append((tuple(int(v) for v in bbox), text))
            if words:
                out.append((page, union([b for b, _ in words]), " ".join(t for _, t in words)))
    return out


def alto_lines(path):
    out, page = [], 0
    for el in ET.parse(path).iter():
        if local(el.tag) == "Page":
            page += 1
        if local(el.tag) == "TextLine":
            words = []
            for w in el:
                if local(w.tag) == "String" and w.get("CONTENT", "").strip():
                    x, y = float(w.get("HPOS")), float(w.get("VPOS"))
                    box = (x, y, x + float(w.get("WIDTH")), y + float(w.get("HEIGHT")))
                    words.append((box, w.get("CONTENT").strip()))
            if words:
                out.append((page, union([b for b, _ in words]), " ".join(t for _, t in words)))
    return out


def tsv_lines(path):
    lines, order = {}, []
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        for r in rows:
            if len(r) < 12 or r[0] != "5" or not r[11].strip():
                continue
            key = tuple(int(v) for v in r[1:5])
            left, top, w, h = (int(v) for v in r[6:10])
            if key not in lines:
                lines[key] = []
                order.append(key)
            lines[key].append(((left, top, left + w, top + h), r[11].strip()))
    return [(k[0], union([b for b, _ in lines[k]]), " ".join(t for _, t in lines[k])) for k in order]


def text_lines(path, boxes_from):
    """The plain text's lines, boxed by the TSV's lines of the same run."""
    with open(path, encoding="utf-8") as f:
        texts = [t for t in f.read().replace("\f", "").split("\n") if t.strip()]
    boxes = tsv_lines(boxes_from)
    if len(texts) != len(boxes):
        raise SystemExit("%s: %d lines, its TSV %d" % (path, len(texts), len(boxes)))
    return [(p, b, t) for (p, b, _), t in zip(boxes, texts)]


def to_source(x, y, angle, scale, W, H):
    x, y = x / scale, y / scale
    if not angle:
        return x, y
    cx, cy = W / 2.0, H / 2.0
    t = math.radians(angle)
    dx, dy = x - cx, y - cy
    return cx + dx * math.cos(t) - dy * math.sin(t), cy + dx * math.sin(t) + dy * math.cos(t)


def aligned(fixture, lines):
    """Hypothesis text per rendered (gold) line of a fixture."""
    with open(os.path.join(fixture, "gold.tsv"), encoding="utf-8") as f:
        gold = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\"))
    with open(os.path.join(fixture, "pages.tsv"), encoding="utf-8") as f:
        pages = {int(r["page"]): r for r in csv.DictReader(f, delimiter="\t")}
    hyp = [[] for _ in gold]
    for page, (x0, y0, x1, y1), text in lines:
        g = pages[page]
        sx, sy = to_source((x0 + x1) / 2, (y0 + y1) / 2, float(g["angle"]), float(g["scale"]),
                           int(g["width"]), int(g["height"]))
        best, bd = None, None
        for i, ln in enumerate(gold):
            if int(ln["page"]) != page:
                continue
            d = abs(sy - (float(ln["baseline"]) - 0.3 * float(ln["em"])))
            if bd is None or d < bd:
                best, bd = i, d
        if best is not None and bd <= 0.5 * 1.2 * float(gold[best]["em"]):
            hyp[best].append((sx, text))
    return [ln["text"] for ln in gold], [" ".join(t for _, t in sorted(h)) for h in hyp]


def score(tools, gold, hyp, ci):
    with tempfile.TemporaryDirectory() as tmp:
        g, h = os.path.join(tmp, "gold.txt"), os.path.join(tmp, "hyp.txt")
        for p, lines in [(g, gold), (h, hyp)]:
            with open(p, "w", encoding="utf-8") as f:
                f.write("".join(x + "\n" for x in lines))
        cmd = [sys.executable, os.path.join(tools, "score.py"), g, h] + (["--ci"] if ci else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out)["syllable_accuracy"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "baocao"))
    ap.add_argument("--tools", default=os.path.join(REPO, "..", "shared", "tools"))
    ap.add_argument("--fixtures", default=os.path.join(REPO, "fixtures", "ocr"))
    ap.add_argument("--ci", action="store_true", help="case-insensitive (score.py --ci)")
    ap.add_argument("--keep", help="keep the repaired files in this folder")
    ap.add_argument("--json", help="write the numbers to this file")
    ap.add_argument("baocao_args", nargs="*", help="extra arguments for `baocao repair` (after --)")
    a = ap.parse_args()
    names = sorted(n for n in os.listdir(a.fixtures) if os.path.isdir(os.path.join(a.fixtures, n)))
    sets = {"seeds": [n for n in names if n.startswith("seed")], "extract-dev": [n for n in names if n.startswith("dev")]}
    readers = {"hocr": hocr_lines, "alto": alto_lines, "tsv": tsv_lines}
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = a.keep or tmp
        for set_name, members in sets.items():
            pooled = {f: ([], []) for f in ["raw"] + [f for f, _ in FORMATS]}
            for n in members:
                fx = os.path.join(a.fixtures, n)
                tsv = os.path.join(fx, "ocr.tsv")
                g, h = aligned(fx, text_lines(os.path.join(fx, "ocr.txt"), tsv))
                pooled["raw"][0].extend(g)
                pooled["raw"][1].extend(h)
                for fmt, file in FORMATS:
                    os.makedirs(os.path.join(out_dir, n), exist_ok=True)
                    repaired = os.path.join(out_dir, n, file)
                    with open(repaired, "wb") as f:
                        subprocess.run([a.bin, "repair", "-q"] + a.baocao_args + [os.path.join(fx, file)],
                                       stdout=f, check=True)
                    lines = text_lines(repaired, tsv) if fmt == "text" else readers[fmt](repaired)
                    g, h = aligned(fx, lines)
                    pooled[fmt][0].extend(g)
                    pooled[fmt][1].extend(h)
            results[set_name] = {f: score(a.tools, g, h, a.ci) for f, (g, h) in pooled.items()}
            results[set_name]["lines"] = len(pooled["raw"][0])
    print("%-12s %6s %8s %8s %8s %8s %8s" % ("set", "lines", "raw", "text", "hocr", "alto", "tsv"))
    for s, r in results.items():
        print("%-12s %6d %7.2f%% %7.2f%% %7.2f%% %7.2f%% %7.2f%%" % (
            s, r["lines"], 100 * r["raw"], 100 * r["text"], 100 * r["hocr"], 100 * r["alto"], 100 * r["tsv"]))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
