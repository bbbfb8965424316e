"""Shared set-up: the repository root, the fixtures, and the CLI binary the
Python records are compared with (built by `cargo build --release`, or named
by BAOCAO_BIN)."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = sorted(p.relative_to(ROOT) for p in (ROOT / "fixtures").rglob("*.txt"))
#: A few fixtures of different kinds, for tests that repeat work.
SOME = FIXTURES[:: max(1, len(FIXTURES) // 7)]


@pytest.fixture(scope="session")
def cli():
    """Runs the `baocao` binary in the repository root; returns the result."""
    target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target"))
    binary = os.environ.get("BAOCAO_BIN", os.path.join(target, "release", "baocao"))
    if not os.path.exists(binary):
        pytest.fail(f"{binary} is missing: run `cargo build --release` first (or set BAOCAO_BIN)")

    def run(*args, check=True):
        return subprocess.run(
            [binary, *map(str, args)], cwd=ROOT, capture_output=True, check=check
        )

    return run


@pytest.fixture(autouse=True)
def in_root(monkeypatch):
    """Paths in records are as given: both sides use the same relative ones."""
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="session")
def cli_records(cli):
    """`baocao extract` of every fixture (one call), by path."""
    import json

    out = cli("extract", "--format", "jsonl", *FIXTURES).stdout.decode()
    records = [json.loads(line) for line in out.splitlines()]
    return {r["source"]: r for r in records}


@pytest.fixture(scope="session")
def py_records():
    """Pipeline.map of every fixture, in fixture order."""
    import baocao

    return list(baocao.Pipeline().map(FIXTURES, jobs=2))


@pytest.fixture(scope="session")
def cli_csv(cli):
    """The header and rows of `baocao run --format csv --table TABLE` over
    every fixture, by table (computed once per table)."""
    import csv
    import io

    cache = {}

    def rows(table):
        if table not in cache:
            args = ["run", "-q", "--format", "csv", "--table", table, *FIXTURES]
            cache[table] = list(csv.reader(io.StringIO(cli(*args).stdout.decode())))
        return cache[table]

    return rows
