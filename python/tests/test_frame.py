"""to_frame: the CLI's CSV tables as pandas DataFrames."""

import csv
import io

import pytest

import baocao

from conftest import FIXTURES

pandas = pytest.importorskip("pandas", reason="pandas is not installed")


@pytest.mark.parametrize("table", baocao.TABLES)
def test_frame_equals_cli_csv(cli, table):
    records = list(baocao.Pipeline().map(FIXTURES, jobs=2))
    out = cli("run", "-q", "--format", "csv", "--table", table, *FIXTURES).stdout.decode()
    header, *rows = list(csv.reader(io.StringIO(out)))
    df = baocao.to_frame(records, table=table)
    assert list(df.columns) == header
    assert df.values.tolist() == rows
    assert len(rows) > 0 or table == "warnings"


def test_empty_frame_has_the_columns():
    df = baocao.to_frame([], table="references")
    assert list(df.columns) == baocao.table_columns("references") and len(df) == 0
