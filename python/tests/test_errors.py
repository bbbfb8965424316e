"""Bad input raises a Python exception with the CLI's message; it never
crashes the interpreter."""

import pathlib
import sys

import pytest

import baocao


@pytest.mark.parametrize(
    "data",
    [b"abc\n\x00\x01\xff\xfe zz\n", b"ab\xc3\n", b"\xff\xfe\x00"],
    ids=["binary", "bad-utf8", "odd-utf16"],
)
def test_bad_bytes_raise_the_cli_message(cli, tmp_path, data):
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    run = cli("extract", f, check=False)
    assert run.returncode == 1
    with pytest.raises(baocao.InputError) as e:
        baocao.extract(data, source=str(f))
    assert run.stderr.decode().strip() == f"baocao: {e.value}"
    assert str(f) in str(e.value)
    with pytest.raises(baocao.InputError, match=str(f)):
        list(baocao.Pipeline().map([f]))


def test_map_errors_yield_in_place_and_go_on(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00")
    missing = tmp_path / "missing.txt"
    got = list(baocao.Pipeline().map(["a\n", bad, missing, "b\n"], errors="yield"))
    assert [type(g).__name__ for g in got] == ["dict", "InputError", "InputError", "dict"]
    assert "cannot read" in str(got[2]) and str(missing) in str(got[2])
    assert isinstance(got[1], ValueError) and isinstance(got[1], baocao.Error)


@pytest.mark.parametrize(
    "options",
    [
        {"input_kind": "yaml"},
        {"tone_style": "newest"},
        {"min_confidence": 1.5},
        {"encoding": "klingon"},
        {"jobs": 0},
    ],
    ids=lambda o: next(iter(o)),
)
def test_bad_options_raise(options):
    with pytest.raises(baocao.OptionError):
        baocao.Pipeline(**options)


def test_bad_arguments_raise():
    p = baocao.Pipeline()
    with pytest.raises(TypeError):
        p.extract(12)
    with pytest.raises(TypeError):
        list(p.map([None]))
    with pytest.raises(baocao.OptionError):
        p.map([], errors="ignore")
    with pytest.raises(baocao.OptionError):
        list(p.map(["x"], jobs=0))
    with pytest.raises(baocao.OptionError, match="dossiers"):
        baocao.table_columns("changes")
    with pytest.raises(ValueError, match="not a baocao record"):
        baocao.table_rows([{"source": "x"}], "dates")
    with pytest.raises(baocao.ModelError):
        baocao.Pipeline(model_dir="/nonexistent-model")


def test_to_frame_without_pandas_says_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        baocao.to_frame([], "dossiers")
