"""The Python records are the CLI's records: byte for byte after
json.dumps(sort_keys=True), for every fixture, through every entry point."""

import json
import pathlib
import subprocess
import sys

import pytest

import baocao

from conftest import FIXTURES, ROOT


def canon(record):
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("i", range(len(FIXTURES)), ids=[str(p) for p in FIXTURES])
def test_extract_equals_cli_json(cli_records, py_records, i):
    path = FIXTURES[i]
    expected = canon(cli_records[str(path)])
    data = (ROOT / path).read_bytes()
    assert canon(baocao.extract(data, source=str(path))) == expected
    assert canon(py_records[i]) == expected


@pytest.mark.parametrize("path", FIXTURES[:2], ids=str)
def test_no_repair_equals_cli(cli, path):
    expected = canon(json.loads(cli("extract", "--no-repair", path).stdout))
    got = baocao.extract((ROOT / path).read_bytes(), repair=False, source=str(path))
    assert canon(got) == expected
    assert got["repair"] is None and got["producer"]["model"] is None


def test_text_is_read_as_utf8_and_bytes_are_detected(cli, tmp_path):
    text = "Pang uy di ban hanh Quyét dinh s6 101-QD/PU ngay 05/03/2024\n"
    f = tmp_path / "one.txt"
    f.write_bytes(b"\xef\xbb\xbf" + text.encode())
    cli_rec = json.loads(cli("extract", f).stdout)
    assert baocao.extract(f.read_bytes(), source=str(f)) == cli_rec
    assert cli_rec["encoding"] == "utf-8-bom"
    from_text = baocao.extract(text)
    assert from_text["encoding"] == "utf-8" and from_text["source"] == "-"
    assert from_text["schema_version"] == baocao.SCHEMA_VERSION == cli_rec["schema_version"]


def test_repair_equals_cli(cli):
    path = FIXTURES[0]
    assert baocao.repair((ROOT / path).read_text()) == cli("repair", path).stdout.decode()
    new = cli("repair", "--tone-style", "new", "--min-confidence", "0.5", path).stdout.decode()
    got = baocao.repair((ROOT / path).read_text(), tone_style="new", min_confidence=0.5)
    assert got == new


def test_module_main_equals_baocao_run(cli):
    run = subprocess.run(
        [sys.executable, "-m", "baocao", "--jobs", "2", "fixtures"], capture_output=True, check=True
    )
    # `python -m baocao` walks folders for text files only (see its --help).
    assert run.stdout == cli("run", "--jobs", "2", "-q", "--glob", "*.txt", "fixtures").stdout
    for table in baocao.TABLES:
        args = ["--format", "csv", "--table", table, "fixtures/seeds"]
        py = subprocess.run([sys.executable, "-m", "baocao", *args], capture_output=True, check=True)
        assert py.stdout == cli("run", "-q", *args).stdout, table
    off = ["--adapt", "off", "fixtures/seeds"]
    py = subprocess.run([sys.executable, "-m", "baocao", *off], capture_output=True, check=True)
    assert py.stdout == cli("run", "-q", *off).stdout


def test_version_is_the_crate_version():
    import importlib.metadata
    import re

    manifest = (ROOT / "Cargo.toml").read_text()
    crate = re.search(r'^version = "([^"]+)"', manifest, re.M).group(1)
    assert baocao.__version__ == crate == importlib.metadata.version("baocao")
    assert baocao.extract("x")["producer"]["version"] == crate


def test_table_rows_equal_cli_csv(cli_csv, py_records):
    for table in baocao.TABLES:
        header, *rows = cli_csv(table)
        assert baocao.table_columns(table) == header
        assert baocao.table_rows(py_records, table) == rows, table


def test_docstring_examples_run():
    import doctest

    assert doctest.testmod(baocao).failed == 0


def test_adapt_to_files_equals_the_cli(cli, tmp_path):
    trained = ROOT / "fixtures/pairs/seeds23.ocr.txt"
    p = baocao.Pipeline()
    done = p.adapt_to_files([trained])
    assert done is not None and not done["applied"] and done["words"] > 5000
    other = tmp_path / "cl.txt"
    other.write_text(trained.read_text().replace("d", "cl"))
    p = baocao.Pipeline()
    done = p.adapt_to_files([other])
    assert done is not None and done["applied"] and done["gain"] > 1.0
    assert p.repair(other.read_text()) == cli("repair", other).stdout.decode()
    assert baocao.Pipeline().adapt_to_files([]) is None
