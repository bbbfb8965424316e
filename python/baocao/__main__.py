"""``python -m baocao FILE...``: the command line's ``baocao run`` through the
library, for machines with the wheel but without the binary.

Prints one JSON record per input (JSON Lines, byte for byte what
``baocao run`` prints, the OCR channel adapted to the files alike), or ``--format csv --table NAME`` rows. Folders are
walked for ``*.txt`` files (a folder's files first in byte order of names,
then its subfolders; hidden names skipped); ``-`` or no input reads standard
input. Exit codes: 0 success, 1 some inputs failed (each reported on
stderr; the others are still processed), 2 usage errors. The binary's other
flags (``--out-dir``, globs, ignore files, the summary) are not here.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import sys
from typing import Iterator, Union

from . import TABLES, Error, Pipeline, _baocao


def _walk(root: pathlib.Path) -> Iterator[pathlib.Path]:
    """``*.txt`` files below ``root`` in the binary's order."""
    try:
        entries = sorted(os.scandir(root), key=lambda e: os.fsencode(e.name))
    except OSError as e:
        print(f"baocao: {root}: cannot read folder: {e}", file=sys.stderr)
        return
    entries = [e for e in entries if not e.name.startswith(".")]
    for e in entries:
        if e.is_file() and e.name.endswith(".txt"):
            yield pathlib.Path(root, e.name)
    for e in entries:
        if e.is_dir():
            yield from _walk(pathlib.Path(root, e.name))


def _inputs(paths: list[str]) -> Iterator[Union[pathlib.Path, tuple[str, bytes]]]:
    for p in paths or ["-"]:
        if p == "-":
            yield ("-", sys.stdin.buffer.read())
        elif os.path.isdir(p):
            yield from _walk(pathlib.Path(p))
        else:
            yield pathlib.Path(p)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m baocao",
        description="Repair and extract many files (as `baocao run`).",
    )
    ap.add_argument("inputs", nargs="*", metavar="PATH", help="files or folders ('-' = stdin)")
    ap.add_argument("-f", "--format", choices=["jsonl", "json", "csv"], default="jsonl")
    ap.add_argument("--table", choices=TABLES, help="which list becomes rows with --format csv")
    ap.add_argument("-j", "--jobs", type=int, metavar="N", help="worker threads (default: all cores)")
    ap.add_argument("--no-repair", action="store_true", help="read the text as it is")
    ap.add_argument("--input-kind", default="auto", choices=["auto", "ocr", "plain", "clean"])
    ap.add_argument("--tone-style", default="old", choices=["old", "new"])
    ap.add_argument("--min-confidence", type=float, default=None, metavar="X")
    ap.add_argument("--keep-digits", action="store_true")
    ap.add_argument("--encoding", metavar="NAME")
    ap.add_argument("--lossy", action="store_true")
    ap.add_argument("--include-text", action="store_true")
    ap.add_argument(
        "--adapt",
        default="auto",
        choices=["auto", "off"],
        help="learn the OCR engine's habits from the files' first 128 KiB (auto) or not",
    )
    args = ap.parse_args(argv)
    if args.table and args.format != "csv":
        ap.error("--table needs --format csv")
    if args.jobs is not None and args.jobs < 1:
        ap.error("--jobs must be at least 1")
    try:
        pipeline = Pipeline(
            input_kind=args.input_kind,
            tone_style=args.tone_style,
            min_confidence=args.min_confidence,
            keep_digits=args.keep_digits,
            encoding=args.encoding,
            lossy=args.lossy,
            repair=not args.no_repair,
            include_text=args.include_text,
        )
    except Error as e:
        print(f"baocao: {e}", file=sys.stderr)
        return 2
    table = args.table or "dossiers"
    out = sys.stdout.buffer
    failed = 0
    if args.format == "csv":
        out.write(_baocao.csv_bytes(table, [], True))
    inputs = list(_inputs(args.inputs))
    if args.adapt == "auto" and not args.no_repair:
        paths = [i for i in inputs if isinstance(i, pathlib.Path)]
        done = pipeline.adapt_to_files(paths)
        if done is not None and done["applied"]:
            print(
                f"baocao: note: adapted the OCR channel to the input from {done['words']} of its"
                f" words ({done['changed']} of them misread by the OCR); --adapt off skips this",
                file=sys.stderr,
            )
    for rec in pipeline.map(inputs, args.jobs, errors="yield", output="json"):
        if isinstance(rec, BaseException):
            failed += 1
            print(f"baocao: {rec}", file=sys.stderr)
        elif args.format == "jsonl":
            out.write(rec.encode() + b"\n")
        elif args.format == "json":
            out.write(json.dumps(json.loads(rec), ensure_ascii=False, indent=2).encode() + b"\n")
        else:
            out.write(_baocao.csv_bytes(table, _baocao.table_rows(rec, table), False))
    out.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        # A closed pipe (`| head`) ends quietly, as the binary does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
