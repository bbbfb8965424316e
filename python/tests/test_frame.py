"""to_frame: the CLI's CSV tables as pandas DataFrames."""

import pytest

import baocao

pandas = pytest.importorskip("pandas", reason="pandas is not installed")


@pytest.mark.parametrize("table", baocao.TABLES)
def test_frame_equals_cli_csv(cli_csv, py_records, table):
    header, *rows = cli_csv(table)
    df = baocao.to_frame(py_records, table=table)
    assert list(df.columns) == header
    assert df.values.tolist() == rows
    assert len(rows) > 0


def test_empty_frame_has_the_columns():
    df = baocao.to_frame([], table="references")
    assert list(df.columns) == baocao.table_columns("references") and len(df) == 0
