"""Ordered multi-process map: output identical to serial, model warmed once per worker."""

from __future__ import annotations

import os
import random

import pytest

import mojifix
from mojifix import parallel, pipeline


CLEAN = [
    "Le café est prêt, dit-elle à l'entrée de la pièce.",
    "Où était-il passé ? Personne ne le savait.",
    "Un élève a été reçu à l'école après la rentrée.",
    "Ça coûte cher, même en été.",
    "Rien à signaler.",
    "Il a déjà répondu à la première question.",
]


def mixed_rows(n: int = 500, seed: int = 3) -> list:
    rnd = random.Random(seed)
    rows: list = []
    for i in range(n):
        s = rnd.choice(CLEAN)
        k = i % 5
        if k == 0:
            rows.append(s.encode("utf-8").decode("cp1252"))
        elif k == 1:
            rows.append(s + "\r\n" + s.encode("utf-8").decode("cp1252") + "\n")
        elif k == 2:
            rows.append(None)
        else:
            rows.append(s)
    return rows


def test_chunked():
    assert list(parallel.chunked("abcde", 2)) == [["a", "b"], ["c", "d"], ["e"]]
    with pytest.raises(ValueError):
        list(parallel.chunked("a", 0))


def test_resolve_jobs():
    assert parallel.resolve_jobs(3) == 3
    assert parallel.resolve_jobs(0) >= 1
    with pytest.raises(ValueError):
        parallel.resolve_jobs(-1)


def test_imap_ordered_identical_to_serial():
    items = list(range(1000))
    assert list(parallel.imap_ordered(str, items, jobs=2, chunksize=7)) == [str(i) for i in items]


@pytest.mark.parametrize("group", [False, "document"])
def test_fix_many_parallel_identical_to_serial(group):
    rows = mixed_rows()
    serial = list(mojifix.fix_many(rows, group=group, jobs=1))
    par = list(mojifix.fix_many(rows, group=group, jobs=2, chunksize=9))
    assert par == serial
    assert any(o and "café" in o for o in serial)


def test_fix_lines_parallel_identical_to_fix_text():
    text = "".join(r for r in mixed_rows(400) if r) + "dernière ligne sans fin"
    lines = pipeline.split_lines(text)
    assert "".join(parallel.fix_lines_parallel(lines, jobs=2, block_lines=5)) == mojifix.fix_text(text)
    assert "".join(parallel.fix_lines_parallel(lines, jobs=2)) == mojifix.fix_text(text)


def test_blocks_are_independent():
    """The parallel cut relies on it: repairing block by block equals repairing the whole stream."""
    lines = pipeline.split_lines("".join(r for r in mixed_rows(300) if r))
    n = pipeline.BLOCK_LINES
    by_block = [r for i in range(0, len(lines), n) for r in pipeline.repair_lines(lines[i:i + n])]
    assert by_block == list(pipeline.repair_lines(lines))


def _pid(_: object) -> int:
    return os.getpid()


_WARMED: list = []


def _count_warm() -> None:
    _WARMED.append(1)
    with open(os.environ["MOJIFIX_TEST_WARM_LOG"], "a") as f:
        f.write(f"{os.getpid()}\n")


def _warm_count(_: object) -> int:
    return len(_WARMED)


def test_initializer_runs_once_per_worker(tmp_path, monkeypatch):
    log = tmp_path / "warm.log"
    monkeypatch.setenv("MOJIFIX_TEST_WARM_LOG", str(log))
    counts = list(parallel.imap_ordered(_warm_count, range(200), jobs=2, chunksize=5, initializer=_count_warm))
    assert set(counts) == {1}  # warmed before the first item, never again
    pids = log.read_text().split()
    assert len(pids) == len(set(pids)) <= 2


def test_uses_several_processes():
    pids = set(parallel.imap_ordered(_pid, range(400), jobs=2, chunksize=10))
    assert os.getpid() not in pids
    assert 1 <= len(pids) <= 2


def _boom(x: int) -> int:
    if x == 37:
        raise RuntimeError("boom")
    return x


def test_worker_errors_propagate():
    with pytest.raises(RuntimeError, match="boom"):
        list(parallel.imap_ordered(_boom, range(100), jobs=2, chunksize=4))


def test_lazy_bounded_lookahead():
    pulled = []

    def gen():
        for i in range(10_000):
            pulled.append(i)
            yield i

    it = parallel.imap_ordered(str, gen(), jobs=2, chunksize=10)
    assert next(it) == "0"
    assert len(pulled) <= 2 * parallel.IN_FLIGHT_PER_JOB * 10 + 10
    it.close()


def test_warm_is_safe():
    parallel.warm()


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_other_start_methods_identical(monkeypatch, method):
    """Workers that do not inherit the parent's memory load the model themselves."""
    from mojifix import data

    try:
        data.get_lexicon()
    except data.DataError:
        pytest.skip("needs the built French data: spawned workers cannot be stubbed")
    monkeypatch.setenv("MOJIFIX_MP_START", method)
    rows = mixed_rows(120)
    assert list(mojifix.fix_many(rows, jobs=2, chunksize=16)) == list(mojifix.fix_many(rows))
