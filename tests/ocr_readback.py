#!/usr/bin/env python3
"""Reads a file baocao corrected with a second reader (not baocao's).

  python3 tests/ocr_readback.py hocr|alto ORIGINAL CORRECTED

hOCR is read with html.parser (as hOCR tools read HTML), ALTO with
ElementTree. Both files must have the same elements in the same order, the
same words with the same boxes (each inside its page), some words changed,
and every confidence in the format's own field and range: hOCR `x_wconf` a
whole number 0-100, ALTO `WC` a number 0-1 (xsd:float, as the ALTO schema
types it). Exits 1 with the first difference.
"""
import sys
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser


def fail(msg):
    print(msg)
    sys.exit(1)


class Hocr(HTMLParser):
    """Pages, words (text, box, x_wconf) and the sequence of tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.pages, self.words = [], [], []
        self.word = None
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a.get("class"), a.get("id")))
        props = {}
        for p in (a.get("title") or "").split(";"):
            p = p.strip().split()
            if p:
                props[p[0]] = p[1:]
        classes = (a.get("class") or "").split()
        if "ocr_page" in classes:
            self.pages.append(tuple(int(v) for v in props["bbox"]))
        if "ocrx_word" in classes:
            self.word = {"box": tuple(int(v) for v in props["bbox"]), "page": len(self.pages),
                         "conf": props.get("x_wconf"), "text": ""}
            self.depth = 0
        elif self.word is not None and tag not in ("br", "meta"):
            self.depth += 1

    def handle_endtag(self, tag):
        if self.word is not None:
            if self.depth == 0:
                self.words.append(self.word)
                self.word = None
            else:
                self.depth -= 1

    def handle_data(self, data):
        if self.word is not None:
            self.word["text"] += data


def hocr(path):
    with open(path, encoding="utf-8") as f:
        p = Hocr()
        p.feed(f.read())
        p.close()
    for w in p.words:
        c = w["conf"]
        if c is None or len(c) != 1 or not c[0].isdigit() or not 0 <= int(c[0]) <= 100:
            fail(f"{path}: x_wconf {c} of {w}")
        x0, y0, x1, y1 = p.pages[w["page"] - 1]
        b = w["box"]
        if not (x0 <= b[0] <= b[2] <= x1 and y0 <= b[1] <= b[3] <= y1):
            fail(f"{path}: word {w} outside its page {p.pages[w['page'] - 1]}")
    return p.tags, p.words


ALTO_NS = ("http://www.loc.gov/standards/alto/ns-v2#", "http://www.loc.gov/standards/alto/ns-v3#",
           "http://www.loc.gov/standards/alto/ns-v4#")


def alto(path):
    root = ET.parse(path).getroot()
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if ns not in ALTO_NS or root.tag.rsplit("}")[-1] != "alto":
        fail(f"{path}: root {root.tag} is not ALTO")
    tags, words = [], []
    parents = {c: p for p in root.iter() for c in p}
    for e in root.iter():
        name = e.tag.rsplit("}")[-1]
        tags.append((name, e.get("ID")))
        if name != "String":
            continue
        parent = parents[e].tag.rsplit("}")[-1]
        if parent != "TextLine":
            fail(f"{path}: String inside {parent}")
        if e.get("CONTENT") is None:
            fail(f"{path}: String {e.get('ID')} without CONTENT")
        box = tuple(float(e.get(k)) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
        wc = e.get("WC")
        if wc is not None and not 0.0 <= float(wc) <= 1.0:
            fail(f"{path}: WC={wc} of {e.get('ID')} outside 0-1")
        words.append({"box": box, "text": e.get("CONTENT"), "conf": wc})
    return tags, words


def main():
    kind, original, corrected = sys.argv[1:4]
    read = hocr if kind == "hocr" else alto
    (tags0, words0), (tags1, words1) = read(original), read(corrected)
    if tags0 != tags1:
        fail(f"{corrected}: elements differ from {original}")
    if [w["box"] for w in words0] != [w["box"] for w in words1]:
        fail(f"{corrected}: word boxes differ from {original}")
    changed = [(a["text"], b["text"]) for a, b in zip(words0, words1) if a["text"] != b["text"]]
    if not changed:
        fail(f"{corrected}: no word changed")
    for old, new in changed:
        if not new.strip() or unicodedata.normalize("NFC", new) != new:
            fail(f"{corrected}: {old!r} became {new!r}")
    print(f"{corrected}: {len(words1)} words, {len(changed)} changed, e.g. {changed[:3]}")


if __name__ == "__main__":
    main()
