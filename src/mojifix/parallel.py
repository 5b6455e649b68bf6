"""Ordered multi-process map, with chunking and bounded look-ahead.

The output is identical to the serial one, whatever the number of jobs: items
are cut into chunks in order, chunks go to a process pool, results come back in
input order. At most a few chunks per worker are in flight, so a huge input is
streamed, not loaded. Each worker loads the French model once, at start-up
(:func:`warm`), never per item.

>>> list(imap_ordered(len, ["a", "bb", "ccc"], jobs=1))
[1, 2, 3]
>>> list(fix_lines_parallel(["le cafÃ© est prÃªt\\n", "rien\\n"], jobs=1))
['le café est prêt\\n', 'rien\\n']
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence, TypeVar

from . import pipeline
from .models import Repair

T = TypeVar("T")
R = TypeVar("R")

#: Chunks in flight per worker (look-ahead bound).
IN_FLIGHT_PER_JOB = 4
#: Blocks of lines per task in :func:`repair_lines_parallel`.
BLOCKS_PER_TASK = 8


def resolve_jobs(jobs: Optional[int]) -> int:
    """The number of processes for ``jobs`` (``0`` or ``None``: one per CPU).

    >>> resolve_jobs(1), resolve_jobs(0) == (os.cpu_count() or 1)
    (1, True)
    """
    if jobs is None or jobs == 0:
        return os.cpu_count() or 1
    if jobs < 0:
        raise ValueError(f"jobs must be >= 0, not {jobs}")
    return int(jobs)


def warm() -> None:
    """Load the French data into this process's caches (the pool initializer).

    Never raises: when the data is missing, the first real repair reports it.
    """
    try:
        from . import data

        for name in ("get_lexicon", "get_model"):
            getter = getattr(data, name, None)
            if callable(getter):
                getter()
        pipeline.fix_text("é")
    except Exception:  # a missing or broken model is reported by the first real call
        pass


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last one may be shorter).

    >>> list(chunked(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    if size < 1:
        raise ValueError("chunk size must be >= 1")
    it = iter(items)
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        yield chunk


def _apply_chunk(func: Callable[[T], R], chunk: Sequence[T]) -> list[R]:
    return [func(x) for x in chunk]


def _pool(jobs: int, initializer: Optional[Callable[[], Any]]) -> ProcessPoolExecutor:
    """A pool with the platform's start method (``MOJIFIX_MP_START`` overrides it).

    With ``fork``, the model is loaded here first so that the workers share it
    copy-on-write (their own :func:`warm` is then a cache hit); with ``spawn`` or
    ``forkserver`` each worker loads it once in :func:`warm`.
    """
    method = os.environ.get("MOJIFIX_MP_START") or None
    ctx = multiprocessing.get_context(method)
    if initializer is warm and ctx.get_start_method() == "fork":
        warm()
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=initializer)


def map_chunks(func: Callable[[Sequence[T]], R], chunks: Iterable[Sequence[T]], jobs: int = 1, *,
               initializer: Optional[Callable[[], Any]] = warm) -> Iterator[R]:
    """``func`` on each chunk, in a pool of ``jobs`` processes, results in order.

    ``func`` must be picklable (a top-level function). Lazy, with at most
    :data:`IN_FLIGHT_PER_JOB` chunks per worker submitted ahead.
    """
    n = resolve_jobs(jobs)
    if n == 1:
        yield from map(func, chunks)
        return
    pool = _pool(n, initializer)
    pending: deque[Future] = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(func, chunk))
            if len(pending) >= n * IN_FLIGHT_PER_JOB:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for fut in pending:
            fut.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _chunk_runner(func: Callable[[T], R]) -> Callable[[Sequence[T]], list[R]]:
    from functools import partial
    return partial(_apply_chunk, func)


def imap_ordered(func: Callable[[T], R], items: Iterable[T], jobs: int = 1, chunksize: int = 64, *,
                 initializer: Optional[Callable[[], Any]] = warm) -> Iterator[R]:
    """``map(func, items)`` over ``jobs`` processes; same output, same order, lazy.

    ``jobs=1`` runs in this process without a pool; ``jobs=0`` uses every CPU.

    >>> list(imap_ordered(str.upper, ["é", "à"], jobs=2, chunksize=1))
    ['É', 'À']
    """
    if resolve_jobs(jobs) == 1:
        yield from map(func, items)
        return
    runs = map_chunks(_chunk_runner(func), chunked(items, chunksize), jobs, initializer=initializer)
    try:
        for run in runs:
            yield from run
    finally:
        runs.close()  # shuts the pool down when the consumer stops early


def _repair_line_chunk(lines: Sequence[str], block_lines: int, threshold: Optional[float] = None) -> list[Repair]:
    return list(pipeline.repair_lines(lines, block_lines, threshold=threshold))


def repair_lines_parallel(lines: Iterable[str], jobs: int = 1, *, block_lines: Optional[int] = None,
                          blocks_per_task: int = BLOCKS_PER_TASK,
                          threshold: Optional[float] = None) -> Iterator[Repair]:
    """:func:`mojifix.pipeline.repair_lines` over ``jobs`` processes, identical output.

    Tasks are whole blocks of ``block_lines`` lines (the pipeline's unit of shared
    evidence), so cutting the stream between tasks changes nothing.
    """
    from functools import partial

    size = pipeline.BLOCK_LINES if block_lines is None else block_lines
    if resolve_jobs(jobs) == 1:
        yield from pipeline.repair_lines(lines, size, threshold=threshold)
        return
    task = partial(_repair_line_chunk, block_lines=size, threshold=threshold)
    runs = map_chunks(task, chunked(lines, size * blocks_per_task), jobs)
    try:
        for run in runs:
            yield from run
    finally:
        runs.close()


def fix_lines_parallel(lines: Iterable[str], jobs: int = 1, *, block_lines: Optional[int] = None) -> Iterator[str]:
    """The repaired lines (endings kept) of a line stream, over ``jobs`` processes.

    ``"".join(fix_lines_parallel(split_lines(t), jobs))`` equals ``fix_text(t)``.
    """
    return (r.text for r in repair_lines_parallel(lines, jobs, block_lines=block_lines))
