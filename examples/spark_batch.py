"""A folder of scans → Parquet of one CSV table's rows, with PySpark.

``mapPartitions`` loads one ``baocao.Pipeline`` per partition and turns its
files into rows: the cells of ``baocao run --format csv --table TABLE``
(text, as in the CSV).

    pip install ./python pyspark        # needs Java 17+
    python examples/spark_batch.py SCANS/ dossiers.parquet --workers 2

On a cluster, submit it with ``spark-submit`` (every executor needs the
``baocao`` wheel installed and the files at the same path).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import time
from typing import Iterable, Iterator

import baocao


def rows_of_partition(paths: Iterable[str], table: str) -> Iterator[tuple[str, ...]]:
    """The rows of ``table`` for one partition's files, with one pipeline
    (one model load) for the partition; a file that fails is reported on the
    executor's stderr and left out, as ``baocao run`` does."""
    pipeline = baocao.Pipeline(jobs=1)
    for rec in pipeline.map((pathlib.Path(p) for p in paths), errors="yield"):
        if isinstance(rec, Exception):
            print(f"baocao: {rec}", file=sys.stderr)
            continue
        for row in baocao.table_rows([rec], table):
            yield tuple(row)


def input_files(folder: str) -> list[str]:
    """The ``*.txt`` files below ``folder``, sorted by path."""
    return sorted(str(p) for p in pathlib.Path(folder).rglob("*.txt"))


def run(paths: list[str], out: str, *, table: str = "dossiers", workers: int = 2, spark=None) -> float:
    """Writes the rows of ``paths`` to the Parquet folder ``out``; returns
    the seconds taken, session start-up excluded."""
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StringType, StructField, StructType

    if spark is None:
        # Local workers run this interpreter, the one baocao is installed in.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        spark = SparkSession.builder.master(f"local[{workers}]").appName("baocao").getOrCreate()
    # Executors import this module to run rows_of_partition.
    spark.sparkContext.addPyFile(__file__)
    started = time.perf_counter()
    schema = StructType([StructField(c, StringType(), False) for c in baocao.table_columns(table)])
    slices = max(1, min(len(paths), workers * 4))
    rdd = spark.sparkContext.parallelize(paths, slices)
    rows = rdd.mapPartitions(lambda part: rows_of_partition(part, table))
    spark.createDataFrame(rows, schema).write.mode("overwrite").parquet(out)
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("out", help="Parquet folder to write")
    ap.add_argument("--table", default="dossiers", choices=baocao.TABLES)
    ap.add_argument("--workers", type=int, default=2, help="local cores (local[N])")
    args = ap.parse_args()
    paths = input_files(args.folder)
    secs = run(paths, args.out, table=args.table, workers=args.workers)
    print(f"{len(paths)} files in {secs:.1f} s ({len(paths) / secs:.1f} files/s)", file=sys.stderr)


if __name__ == "__main__":
    main()
