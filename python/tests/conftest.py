"""Shared set-up: the repository root, the fixtures, and the CLI binary the
Python records are compared with (built by `cargo build --release`, or named
by BAOCAO_BIN)."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = sorted(p.relative_to(ROOT) for p in (ROOT / "fixtures").rglob("*.txt"))


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
