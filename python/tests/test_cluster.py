"""The cluster examples run end to end and write the CLI's CSV rows."""

import csv
import io
import shutil
import sys

import pytest

from conftest import FIXTURES, ROOT

sys.path.insert(0, str(ROOT / "examples"))  # worker processes inherit sys.path


def cli_rows(cli, table, paths):
    out = cli("run", "-q", "--format", "csv", "--table", table, *paths).stdout.decode()
    return list(csv.reader(io.StringIO(out)))


def test_dask_example_on_two_worker_processes(cli, tmp_path):
    pytest.importorskip("dask.distributed", reason="dask[distributed] is not installed")
    pytest.importorskip("pyarrow", reason="pyarrow is not installed")
    import dask.dataframe as dd
    import dask_batch

    paths = dask_batch.input_files("fixtures")
    assert paths == sorted(map(str, FIXTURES))
    out = tmp_path / "dossiers.parquet"
    dask_batch.run(paths, str(out), table="dossiers", batch=2, workers=2)
    got = dd.read_parquet(str(out)).compute()
    header, *rows = cli_rows(cli, "dossiers", paths)
    assert list(got.columns) == header
    assert got.astype(str).values.tolist() == rows and len(rows) > 0


def test_spark_example_in_local_mode(cli, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: the Spark example needs a JVM")
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install pyspark)")
    import pandas
    import spark_batch

    paths = spark_batch.input_files("fixtures")
    out = tmp_path / "references.parquet"
    spark_batch.run(paths, str(out), table="references", workers=2)
    got = pandas.read_parquet(out)
    header, *rows = cli_rows(cli, "references", paths)
    assert list(got.columns) == header
    assert sorted(got.astype(str).values.tolist()) == sorted(rows) and len(rows) > 0
