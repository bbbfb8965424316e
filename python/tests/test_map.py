"""Pipeline.map: parallel, in input order, equal to sequential calls."""

import itertools
import pathlib
import threading

import pytest

import baocao

from conftest import ROOT, SOME as FIXTURES


@pytest.fixture(scope="module")
def pipeline():
    return baocao.Pipeline()


def test_map_keeps_order_and_equals_sequential(pipeline):
    # More inputs than one window (64), mixed kinds, repeated documents.
    texts = [(ROOT / p).read_text() for p in FIXTURES]
    inputs = []
    for i in range(70):
        k = i % len(FIXTURES)
        inputs.append([FIXTURES[k], texts[k], (f"doc{i}", texts[k].encode())][i % 3])
    sequential = [
        pipeline.extract(x[1], source=x[0]) if isinstance(x, tuple)
        else pipeline.extract(x) if isinstance(x, str)
        else pipeline.extract((ROOT / x).read_bytes(), source=str(x))
        for x in inputs
    ]
    assert list(pipeline.map(inputs, jobs=2)) == sequential
    assert list(pipeline.map(iter(inputs), jobs=1)) == sequential
    assert [r["source"] for r in pipeline.map(inputs[:6])][:3] == [str(FIXTURES[0]), "-", "doc2"]


def test_map_is_lazy_over_an_endless_iterable(pipeline):
    endless = itertools.cycle(["Ngay 05/03/2024 UBND xa Dong Son\n"])
    got = list(itertools.islice(pipeline.map(endless, jobs=2), 3))
    assert [r["dates"][0]["value"] for r in got] == ["2024-03-05"] * 3


def test_map_json_lines_are_the_records(pipeline):
    import json

    lines = list(pipeline.map(FIXTURES[:2], output="json"))
    assert [json.loads(line) for line in lines] == list(pipeline.map(FIXTURES[:2]))


def test_map_from_threads_at_once(pipeline):
    # The GIL is released during work: several Python threads may share a
    # pipeline and all get their own, correct, results.
    want = list(pipeline.map(FIXTURES))
    got = {}

    def work(i):
        got[i] = list(pipeline.map(FIXTURES, jobs=1))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(v == want for v in got.values()) and len(got) == 3


def test_repair_of_pipeline_equals_module_function(pipeline):
    text = (ROOT / FIXTURES[-1]).read_text()
    assert pipeline.repair(text) == baocao.repair(text)
