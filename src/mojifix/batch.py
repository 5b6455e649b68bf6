"""Batch APIs: many texts at once, lazily and in order.

Rows are independent by default: each row is its own document (it may hold
newlines; they are kept). With ``group="document"`` consecutive rows are read as
the lines of one document, so damage evidence is shared between neighbouring
rows (inside a block of :data:`mojifix.pipeline.BLOCK_LINES` lines), and then
split back per row. ``None`` passes through as ``None``.

>>> list(fix_many(["le cafÃ© est prÃªt", None, "déjà propre\\n"]))
['le café est prêt', None, 'déjà propre\\n']
>>> list(fix_many(["une ligne\\nl'Ã©tÃ©\\n", "fin"], group="document"))
["une ligne\\nl'été\\n", 'fin']

Columns of pandas and Arrow (optional extras, imported only when used):

>>> import pandas as pd                                    # doctest: +SKIP
>>> fix_series(pd.Series(["cafÃ©", None], name="t")).tolist()  # doctest: +SKIP
['café', None]
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Literal, Optional, Union

from . import pipeline
from .models import Change, Finding, Repair

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas
    import pyarrow

#: How rows are grouped: independent rows, or rows as the lines of one document.
Group = Union[bool, None, Literal["row", "document"]]

_ROW_GROUPS = (False, None, "row", "rows", "none")
_DOC_GROUPS = (True, "document", "doc")


def _is_grouped(group: Group) -> bool:
    """``True`` when rows share one document.

    >>> _is_grouped("document"), _is_grouped(False)
    (True, False)
    """
    if group in _DOC_GROUPS:
        return True
    if group in _ROW_GROUPS:
        return False
    raise ValueError(f"group must be False/'row' or 'document', not {group!r}")


def repair_or_none(text: Optional[str]) -> Optional[Repair]:
    """:func:`mojifix.repair` that lets ``None`` through (a top-level function: picklable)."""
    return None if text is None else pipeline.repair(text)


def fix_or_none(text: Optional[str]) -> Optional[str]:
    """:func:`mojifix.fix_text` that lets ``None`` through (a top-level function: picklable).

    >>> fix_or_none(None) is None, fix_or_none("Ã©tÃ©")
    (True, 'été')
    """
    return None if text is None else pipeline.fix_text(text)


def join_repairs(original: str, parts: Iterable[Repair]) -> Repair:
    """One :class:`Repair` for ``original`` from the repairs of its consecutive lines.

    >>> rs = list(pipeline.repair_lines(["cafÃ©\\n", "prÃªt"]))
    >>> r = join_repairs("cafÃ©\\nprÃªt", rs)
    >>> r.text, r.replay() == r.text
    ('café\\nprêt', True)
    """
    texts: list[str] = []
    changes: list[Change] = []
    offset = 0
    for part in parts:
        changes.extend(c.shifted(offset) for c in part.changes)
        texts.append(part.text)
        offset += len(part.original)
    if offset != len(original):
        raise ValueError("the line repairs do not cover the row")
    return Repair(original, "".join(texts), tuple(changes))


def _repair_grouped(rows: Iterable[Optional[str]],
                    repair_lines: Callable[[Iterable[str]], Iterator[Repair]]) -> Iterator[Optional[Repair]]:
    """Rows as lines of one document: lines flow through ``repair_lines``, rows come back.

    Lazy: only the rows of the block being repaired are held in memory.
    """
    pending: deque[tuple[Optional[str], int]] = deque()  # (row, number of lines), in order
    done: list[Repair] = []  # line repairs of the rows at the front of ``pending``

    def feed() -> Iterator[str]:
        for row in rows:
            if row is None:
                pending.append((None, 0))
                continue
            lines = pipeline.split_lines(row)
            pending.append((row, len(lines)))
            yield from lines

    def drain() -> Iterator[Optional[Repair]]:
        while pending and len(done) >= pending[0][1]:
            row, n = pending.popleft()
            if row is None:
                yield None
                continue
            parts = done[:n]
            del done[:n]
            yield join_repairs(row, parts)

    for rep in repair_lines(feed()):
        done.append(rep)
        yield from drain()
    yield from drain()


def repair_many(rows: Iterable[Optional[str]], *, group: Group = False, jobs: int = 1,
                chunksize: int = 64) -> Iterator[Optional[Repair]]:
    """Like :func:`fix_many` but yields :class:`~mojifix.Repair` objects (or ``None``).

    >>> [r.changed for r in repair_many(["cafÃ©", "café"])]
    [True, False]
    """
    from . import parallel

    if isinstance(rows, str):
        raise TypeError("repair_many takes an iterable of texts, not one text (use repair)")
    if _is_grouped(group):
        if parallel.resolve_jobs(jobs) == 1:
            return _repair_grouped(rows, pipeline.repair_lines)
        return _repair_grouped(rows, lambda lines: parallel.repair_lines_parallel(lines, jobs))
    return parallel.imap_ordered(repair_or_none, rows, jobs=jobs, chunksize=chunksize)


def fix_many(rows: Iterable[Optional[str]], *, group: Group = False, jobs: int = 1,
             chunksize: int = 64) -> Iterator[Optional[str]]:
    """Repair many texts; lazy, ordered, one output per input (``None`` stays ``None``).

    ``group``: ``False`` (each row its own document) or ``"document"`` (rows are
    consecutive lines of one document; evidence is shared inside a block).
    ``jobs``: worker processes (1: in this process; 0: one per CPU); the output
    is identical whatever ``jobs`` is. ``chunksize``: rows per task.

    >>> list(fix_many(["prÃªt", "", None]))
    ['prêt', '', None]
    """
    from . import parallel

    if isinstance(rows, str):
        raise TypeError("fix_many takes an iterable of texts, not one text (use fix_text)")
    if _is_grouped(group):
        return (None if r is None else r.text for r in repair_many(rows, group=group, jobs=jobs))
    return parallel.imap_ordered(fix_or_none, rows, jobs=jobs, chunksize=chunksize)


@dataclass(frozen=True)
class CellFix:
    """What a worker sends back for one cell: the new text and the kinds of its changes
    (lighter to pickle than a :class:`~mojifix.Repair`, which carries the original too)."""

    text: str
    changed: bool
    kinds: tuple[str, ...] = ()

    @classmethod
    def of(cls, repair: Optional[Repair]) -> Optional["CellFix"]:
        """``None`` for a missing cell or one with nothing to report.

        >>> CellFix.of(pipeline.repair("cafÃ©"))
        CellFix(text='café', changed=True, kinds=('mojibake',))
        >>> CellFix.of(pipeline.repair("ok")) is None
        True
        """
        if repair is None or not (repair.changed or repair.changes):
            return None
        return cls(repair.text, repair.changed, tuple(c.kind.value for c in repair.changes))


def _kind_values(r: Union[Repair, CellFix]) -> tuple[str, ...]:
    return r.kinds if isinstance(r, CellFix) else tuple(c.kind.value for c in r.changes)


@dataclass
class Stats:
    """Counters for a batch run (an accumulator, so not frozen).

    >>> s = Stats()
    >>> for r in repair_many(["cafÃ©", "ok"]):
    ...     s.add(r)
    >>> s.rows, s.changed, dict(s.kinds)
    (2, 1, {'mojibake': 1})
    >>> print(s.format())
    rows read: 2, rows changed: 1, changes: 1 (mojibake: 1)
    """

    rows: int = 0
    changed: int = 0
    kinds: Counter = field(default_factory=Counter)
    unit: str = "rows"

    def add(self, repair: Optional[Repair]) -> None:
        """Count one row repaired as a whole (``None``: a null row, counted but never changed)."""
        self.add_row([repair])

    def add_row(self, repairs: Iterable[Optional[Union[Repair, CellFix]]], findings: Iterable[Finding] = ()) -> None:
        """Count one row made of several repaired cells (and what decoding found in it)."""
        reps = [r for r in repairs if r is not None]
        found = list(findings)
        self.rows += 1
        self.changed += bool(found) or any(r.changed for r in reps)
        for f in found:
            self.kinds[f.kind.value] += 1
        for r in reps:
            for kind in _kind_values(r):
                self.kinds[kind] += 1

    def merge(self, other: "Stats") -> None:
        """Add the counts of ``other`` to these."""
        self.rows += other.rows
        self.changed += other.changed
        self.kinds.update(other.kinds)

    def format(self) -> str:
        """One human-readable line."""
        total = sum(self.kinds.values())
        detail = ", ".join(f"{k}: {n}" for k, n in sorted(self.kinds.items()))
        return (f"{self.unit} read: {self.rows}, {self.unit} changed: {self.changed}, "
                f"changes: {total}" + (f" ({detail})" if detail else ""))

    def to_dict(self) -> dict[str, Any]:
        return {f"{self.unit}_read": self.rows, f"{self.unit}_changed": self.changed,
                "changes": dict(sorted(self.kinds.items()))}


# --- pandas and Arrow (optional extras) -------------------------------------------------

def _fix_values(values: Iterable[Any], group: Group, jobs: int) -> list[Any]:
    """Repair the strings of ``values``; anything else (None, NaN, NA, numbers) stays as is."""
    values = list(values)
    idx = [i for i, v in enumerate(values) if isinstance(v, str)]
    fixed = fix_many((values[i] for i in idx), group=group, jobs=jobs)
    out = list(values)
    for i, v in zip(idx, fixed):
        out[i] = v
    return out


def fix_series(series: "pandas.Series", *, group: Group = False, jobs: int = 1) -> "pandas.Series":
    """A repaired copy of a pandas Series: same index, name and dtype; None/NaN/NA kept.

    >>> import pandas as pd
    >>> s = pd.Series(["le cafÃ©", None, float("nan")], index=[3, 1, 2], name="t")
    >>> out = fix_series(s)
    >>> out.tolist()[0], out.index.tolist(), out.name, out.isna().tolist()
    ('le café', [3, 1, 2], 't', [False, True, True])
    """
    import pandas as pd

    values = _fix_values(series.tolist(), group, jobs)
    return pd.Series(values, index=series.index, name=series.name, dtype=series.dtype)


def fix_arrow(array: Union["pyarrow.Array", "pyarrow.ChunkedArray"], *, group: Group = False,
              jobs: int = 1) -> Union["pyarrow.Array", "pyarrow.ChunkedArray"]:
    """A repaired copy of an Arrow string array (or chunked array), same type, nulls kept.

    Dictionary-encoded arrays are repaired through their dictionary.

    >>> import pyarrow as pa
    >>> fix_arrow(pa.array(["prÃªt", None])).to_pylist()
    ['prêt', None]
    >>> fix_arrow(pa.chunked_array([["cafÃ©"], [None]], type=pa.large_string())).type
    DataType(large_string)
    """
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        if group and _is_grouped(group):
            # One document across chunk boundaries, as if the column were one array.
            fixed = _fix_values(array.to_pylist(), group, jobs)
            out, pos = [], 0
            for chunk in array.chunks:
                out.append(pa.array(fixed[pos:pos + len(chunk)], type=array.type))
                pos += len(chunk)
            return pa.chunked_array(out, type=array.type)
        return pa.chunked_array([fix_arrow(c, group=group, jobs=jobs) for c in array.chunks], type=array.type)
    typ = array.type
    if pa.types.is_dictionary(typ):
        dictionary = fix_arrow(array.dictionary, group=False, jobs=jobs)
        return pa.DictionaryArray.from_arrays(array.indices, dictionary, ordered=typ.ordered)
    if not (pa.types.is_string(typ) or pa.types.is_large_string(typ)
            or getattr(pa.types, "is_string_view", lambda t: False)(typ)):
        raise TypeError(f"fix_arrow needs a string array, not {typ}")
    return pa.array(_fix_values(array.to_pylist(), group, jobs), type=typ)
