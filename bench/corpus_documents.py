#!/usr/bin/env python3
"""Extraction on documents outside extract-dev: clean against OCR.

  corpus_documents.py make OUT [--limit N]   # split documents from ../shared/corpora, OCR them
  corpus_documents.py compare BAOCAO OUT      # header fields, sections, references: clean vs OCR

`make` cuts whole documents out of the corpora (a header with `Số:` or the
national motto, up to 120 lines, at most 6,000 characters), writes each to
OUT/NAME.doc.txt and renders and OCRs it with ../shared/tools/mangle.py,
cycling through six engine and scan settings (OUT/NAME/{clean,ocr}.txt).
Nothing of the corpora's text enters the repository; OUT is scratch.

`compare` runs `BAOCAO extract` on both sides of every document and counts
where the OCR's record agrees with the clean text's: the seven header
fields, the sections (marker and level, aligned in order) and the
references (kind, number, date). The clean side is no gold, but every
disagreement is a place OCR or its repair changed what was extracted.
"""
import collections, difflib, glob, json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared")
SETTINGS = [
    "--font liberation",
    "--font termes --blur 0.3:1.0 --noise 2:8 --rotate 0.5",
    "--font freeserif --scan-dpi 200",
    "--font liberation --jpeg 60",
    "--font termes --tessdata-dir system",
    "--font freeserif",
]
HEADER = ["number", "type", "issuer", "place", "date", "title", "signer"]


def documents(path, tag):
    lines = open(path, encoding="utf-8").read().split("\n")
    starts = []
    for i, l in enumerate(lines):
        motto = re.match(r"^(.{0,80}?)CỘNG HO?ÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", l)
        number = re.match(r"^Số:? ?\d", l)
        if (motto or number) and (not starts or i - starts[-1] >= 40):
            s = i
            while s > i - 4 and s > 0 and len(lines[s - 1]) < 120 and lines[s - 1].upper() == lines[s - 1]:
                s -= 1
            starts.append(s)
    for k, s in enumerate(starts):
        yield f"{tag}{k:03d}", "\n".join(lines[s : s + 120])[:6000].rsplit("\n", 1)[0] + "\n"


def make(out, limit):
    os.makedirs(out, exist_ok=True)
    venv = os.path.expanduser("~/.cache/baocao-tools-venv/bin/python")
    mangle = os.path.join(SHARED, "tools", "mangle.py")
    n = 0
    for name, tag in [("congbot_admin_procedures.txt", "c"), ("tlnb_legal_web.txt", "t")]:
        for doc, text in documents(os.path.join(SHARED, "corpora", name), tag):
            if n >= limit:
                return
            src = os.path.join(out, doc + ".doc.txt")
            open(src, "w", encoding="utf-8").write(text)
            opts = SETTINGS[n % len(SETTINGS)].split()
            env = dict(os.environ, OMP_THREAD_LIMIT="1")
            subprocess.run([venv, mangle, src, "--out", os.path.join(out, doc), "--seed", str(400 + n),
                            "--langs", "eng", *opts], env=env, capture_output=True)
            n += 1


def extract(baocao, path):
    r = subprocess.run([baocao, "extract", path], capture_output=True, text=True)
    return json.loads(r.stdout) if r.returncode == 0 else None


def compare(baocao, out):
    hdr, sec, ref = [0, 0], [0, 0, 0], [0, 0, 0]
    for d in sorted(glob.glob(os.path.join(out, "*", "ocr.txt"))):
        name = os.path.basename(os.path.dirname(d))
        a, b = extract(baocao, d.replace("ocr.txt", "clean.txt")), extract(baocao, d)
        if a is None or b is None:
            print(name, "extraction failed")
            continue
        for k in HEADER:
            hdr[1] += 1
            if a["document"].get(k) == b["document"].get(k):
                hdr[0] += 1
            else:
                print(f"{name} {k}: {a['document'].get(k)!r:.90} | OCR {b['document'].get(k)!r:.90}")
        ka = [(s.get("marker"), s["level"]) for s in a["sections"]]
        kb = [(s.get("marker"), s["level"]) for s in b["sections"]]
        same = sum(m.size for m in difflib.SequenceMatcher(a=ka, b=kb, autojunk=False).get_matching_blocks())
        sec = [sec[0] + same, sec[1] + len(ka), sec[2] + len(kb)]
        key = lambda r: (r.get("type"), r.get("number"), r.get("date"))
        ra = collections.Counter(map(key, a["references"]))
        rb = collections.Counter(map(key, b["references"]))
        ref = [ref[0] + sum((ra & rb).values()), ref[1] + sum((rb - ra).values()), ref[2] + sum((ra - rb).values())]
        for r in ra - rb:
            print(f"{name} reference lost {r}")
    print(f"header fields agree {hdr[0]}/{hdr[1]}; sections in both {sec[0]} (clean {sec[1]}, OCR {sec[2]}); "
          f"references in both {ref[0]}, only OCR {ref[1]}, only clean {ref[2]}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "make":
        limit = int(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else 60
        make(sys.argv[2], limit)
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
