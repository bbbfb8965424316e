"""A folder of scans → Parquet of one CSV table's rows, with dask.distributed.

Each worker process loads one ``baocao.Pipeline`` (the model, once) and
turns batches of files into rows; the rows are the cells of
``baocao run --format csv --table TABLE`` (text, as in the CSV).

    pip install ./python "dask[distributed,dataframe]" pyarrow
    python examples/dask_batch.py SCANS/ dossiers.parquet --workers 2

Against a running cluster, pass ``--scheduler tcp://HOST:8786`` (every
worker needs the ``baocao`` wheel installed and the files at the same path).
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time

import baocao


def pipeline_of_worker() -> baocao.Pipeline:
    """The worker's pipeline, made on its first task and kept on the worker."""
    from distributed import get_worker

    worker = get_worker()
    p = getattr(worker, "baocao_pipeline", None)
    if p is None:
        # One thread per worker: the cluster's processes are the parallelism.
        p = worker.baocao_pipeline = baocao.Pipeline(jobs=1)
    return p


def frame_of_batch(paths: list[str], table: str):
    """The rows of ``table`` for a batch of files; a file that fails is
    reported on the worker's stderr and left out, as ``baocao run`` does."""
    records = []
    for rec in pipeline_of_worker().map([pathlib.Path(p) for p in paths], errors="yield"):
        if isinstance(rec, Exception):
            print(f"baocao: {rec}", file=sys.stderr)
        else:
            records.append(rec)
    return baocao.to_frame(records, table=table)


def input_files(folder: str) -> list[str]:
    """The ``*.txt`` files below ``folder``, sorted by path."""
    return sorted(str(p) for p in pathlib.Path(folder).rglob("*.txt"))


def run(
    paths: list[str],
    out: str,
    *,
    table: str = "dossiers",
    batch: int = 16,
    workers: int = 2,
    scheduler: str | None = None,
) -> float:
    """Writes the rows of ``paths`` to the Parquet folder ``out`` (row order
    is input order); returns the seconds taken, cluster start-up excluded."""
    import dask
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    with Client(scheduler or cluster) as client:
        client.wait_for_workers(1 if scheduler else workers)
        started = time.perf_counter()
        batches = [paths[i : i + batch] for i in range(0, len(paths), batch)]
        parts = [dask.delayed(frame_of_batch)(b, table) for b in batches]
        frame = dd.from_delayed(parts, meta=baocao.to_frame([], table=table), verify_meta=False)
        frame.to_parquet(out, write_index=False, overwrite=True)
        secs = time.perf_counter() - started
    if cluster is not None:
        cluster.close()
    return secs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("out", help="Parquet folder to write")
    ap.add_argument("--table", default="dossiers", choices=baocao.TABLES)
    ap.add_argument("--workers", type=int, default=2, help="local worker processes")
    ap.add_argument("--batch", type=int, default=16, help="files per task")
    ap.add_argument("--scheduler", help="address of a running dask scheduler")
    args = ap.parse_args()
    paths = input_files(args.folder)
    secs = run(
        paths, args.out, table=args.table, batch=args.batch, workers=args.workers,
        scheduler=args.scheduler,
    )
    print(f"{len(paths)} files in {secs:.1f} s ({len(paths) / secs:.1f} files/s)", file=sys.stderr)


if __name__ == "__main__":
    main()
