"""Throughput of Pipeline.map against `baocao run` in the same run, and the
time of `import baocao` plus a first call (issue 17's targets).

    python bench/python_map.py [--copies 100] [--jobs 2] [--rounds 2] [FOLDER...]

Needs the wheel installed in the running interpreter and
target/release/baocao (cargo build --release). The fixtures are copied
--copies times into a temporary folder; the CLI and Python runs alternate
so load on a shared machine falls on both alike. Each run's output is
checked to be the same JSON Lines. FOLDERs (default: fixtures) are below
the repository root.
"""

import argparse
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

import baocao

ROOT = pathlib.Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--bin", default=str(ROOT / "target/release/baocao"))
    ap.add_argument("folders", nargs="*", default=["fixtures"])
    args = ap.parse_args()
    fixtures = sorted(f for d in args.folders for f in (ROOT / d).rglob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        for i in range(args.copies):
            for f in fixtures:
                name = "_".join(f.relative_to(ROOT).parts)
                shutil.copyfile(f, folder / f"{i:04d}-{name}")
        paths = sorted(folder.iterdir())
        mb = sum(p.stat().st_size for p in paths) / 1e6
        pipeline = baocao.Pipeline()
        cli_s, py_s = [], []
        for _ in range(args.rounds):
            t = time.perf_counter()
            cli = subprocess.run(
                [args.bin, "run", "-q", "--jobs", str(args.jobs), str(folder)],
                capture_output=True, check=True,
            ).stdout
            cli_s.append(time.perf_counter() - t)
            t = time.perf_counter()
            lines = list(pipeline.map(paths, jobs=args.jobs, output="json"))
            py_s.append(time.perf_counter() - t)
            assert "".join(line + "\n" for line in lines).encode() == cli, "outputs differ"
        n = len(paths)
        print(f"{n} files, {mb:.1f} MB, jobs {args.jobs}, best of {args.rounds}")
        print(f"baocao run:   {min(cli_s):.2f} s  {n / min(cli_s):.1f} files/s  (all: {cli_s})")
        print(f"Pipeline.map: {min(py_s):.2f} s  {n / min(py_s):.1f} files/s  (all: {py_s})")
        print(f"map / run throughput: {min(cli_s) / min(py_s):.2f}")
    first = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "import baocao; baocao.repair('Pang uy di ban hanh')"], check=True
        )
        first.append(time.perf_counter() - t)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare = time.perf_counter() - t
    print(f"python -c 'import baocao; baocao.repair(...)': best {1e3 * min(first):.0f} ms "
          f"(bare interpreter {1e3 * bare:.0f} ms)")


if __name__ == "__main__":
    main()
