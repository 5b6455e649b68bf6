"""Structured files: CSV/TSV, JSON Lines and Parquet, repaired column by column.

The functions stream rows from a binary input to a binary output and return
:class:`~mojifix.batch.Stats`. Only the selected columns (CSV, Parquet) or
fields (JSON Lines) are repaired; a row none of whose selected cells changes is
written back as its original bytes, so a file that needs no repair comes out
byte-identical (quoting, delimiter, line endings, other columns).

>>> import io
>>> src = io.BytesIO('id;texte\\r\\n1;"le cafÃ© est prÃªt"\\r\\n2;"propre; vraiment"\\r\\n'.encode())
>>> out = io.BytesIO()
>>> fix_csv_stream(src, out, ["texte"]).changed
1
>>> out.getvalue().decode()
'id;texte\\r\\n1;"le café est prêt"\\r\\n2;"propre; vraiment"\\r\\n'

>>> src = io.BytesIO('{"id": 1, "t": {"fr": "prÃªt"}}\\n{"id":2,"t":{"fr":"ok"}}\\n'.encode())
>>> out = io.BytesIO()
>>> _ = fix_jsonl_stream(src, out, ["t.fr"])
>>> out.getvalue().decode()
'{"id": 1, "t": {"fr": "prêt"}}\\n{"id":2,"t":{"fr":"ok"}}\\n'

Files are rewritten in place atomically with :func:`write_in_place`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import sys
import tempfile
import time
from collections import deque
from contextlib import suppress
from dataclasses import dataclass
from functools import partial
from itertools import chain
from pathlib import Path
from typing import (IO, TYPE_CHECKING, Any, BinaryIO, Callable, Iterable, Iterator, Optional, Sequence,
                    TextIO, TypeVar, Union)

from . import parallel
from .batch import CellFix, Group, Stats, repair_many
from .models import Repair

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow

T = TypeVar("T")
PathLike = Union[str, "os.PathLike[str]"]

#: Rows per unit of work (and per shared-evidence document with ``group="document"``);
#: fixed, so the output does not depend on the number of jobs.
CHUNK_ROWS = 512
#: Text read ahead to sniff a CSV dialect.
SNIFF_CHARS = 8 * 1024  # csv.Sniffer is quadratic in the sample size
#: Largest CSV cell accepted (characters).
FIELD_SIZE_LIMIT = 1 << 30
#: Delimiters the sniffer may choose.
SNIFF_DELIMITERS = ",;\t|"

_ENDING_RE = re.compile(r"(?:\r\n|\n|\r)\Z")
#: JSON tokens: strings, structure, other scalars (numbers, literals), whitespace.
_JSON_TOKEN_RE = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')
_JSON_ESCAPE_RE = re.compile(r"\\u[0-9a-fA-F]{4}")


class SamePathError(ValueError):
    """An output path is also an input path (use ``--in-place`` instead)."""


# --- repairing columns of a chunk of rows ------------------------------------------------

def repair_columns(columns: Sequence[Sequence[Optional[str]]], group: Group = False) -> list[list[Optional[Repair]]]:
    """Repair each column (a list of cells, ``None`` for missing) of a chunk of rows.

    >>> [[r.text if r else r for r in col] for col in repair_columns([["cafÃ©", None], ["ok", "Ã©tÃ©"]])]
    [['café', None], ['ok', 'été']]
    """
    return [list(repair_many(col, group=group)) for col in columns]


def _row_repairs(cols: list[list[Optional[Repair]]], i: int) -> list[Optional[Repair]]:
    return [col[i] for col in cols]


# --- CSV / TSV ----------------------------------------------------------------------------

@dataclass(frozen=True)
class CsvFormat:
    """What is needed to read and write a CSV's cells.

    >>> sniff_csv_format('a;b\\r\\n1;"x;y"\\r\\n').delimiter
    ';'
    """

    delimiter: str = ","
    quotechar: str = '"'
    doublequote: bool = True
    escapechar: Optional[str] = None

    def reader_kwargs(self) -> dict[str, Any]:
        return {"delimiter": self.delimiter, "quotechar": self.quotechar,
                "doublequote": self.doublequote, "escapechar": self.escapechar}


TSV = CsvFormat(delimiter="\t")


def sniff_csv_format(sample: str, delimiters: str = SNIFF_DELIMITERS) -> CsvFormat:
    """Guess the delimiter and quoting of a CSV from a sample (default: comma).

    >>> sniff_csv_format("a\\tb\\n1\\t2\\n").delimiter == "\\t"
    True
    """
    try:
        d = csv.Sniffer().sniff(sample, delimiters=delimiters)
    except csv.Error:
        counts = {c: sample.split("\n", 1)[0].count(c) for c in delimiters}
        best = max(counts, key=lambda c: counts[c])
        return CsvFormat(delimiter=best if counts[best] else ",")
    return CsvFormat(delimiter=d.delimiter, quotechar=d.quotechar or '"',
                     doublequote=d.doublequote, escapechar=d.escapechar)


def iter_csv_records(lines: Iterable[str], fmt: CsvFormat) -> Iterator[tuple[str, list[str]]]:
    """``(raw text, cells)`` per record; the raw text includes quoted newlines and the ending.

    >>> list(iter_csv_records(['a,"b\\n', 'c"\\r\\n', '1,2'], CsvFormat()))
    [('a,"b\\nc"\\r\\n', ['a', 'b\\nc']), ('1,2', ['1', '2'])]
    """
    raw: list[str] = []

    def tracked() -> Iterator[str]:
        for line in lines:
            raw.append(line)
            yield line

    for cells in csv.reader(tracked(), strict=False, **fmt.reader_kwargs()):
        text = "".join(raw)
        raw.clear()
        yield text, cells


def split_raw_fields(body: str, fmt: CsvFormat) -> list[str]:
    """The raw text of each field of a record (without its line ending), quotes kept.

    >>> split_raw_fields('1,"a, b",c', CsvFormat())
    ['1', '"a, b"', 'c']
    """
    fields: list[str] = []
    start = 0
    quoted = False
    i = 0
    n = len(body)
    while i < n:
        ch = body[i]
        if fmt.escapechar is not None and ch == fmt.escapechar:
            i += 2
            continue
        if ch == fmt.quotechar:
            quoted = not quoted
        elif ch == fmt.delimiter and not quoted:
            fields.append(body[start:i])
            start = i + 1
        i += 1
    fields.append(body[start:])
    return fields


def _cell_of(raw: str, fmt: CsvFormat) -> Optional[str]:
    """The value of one raw field, or ``None`` when it is not exactly one field."""
    if raw == "":
        return ""
    try:
        rows = list(csv.reader([raw], strict=True, **fmt.reader_kwargs()))
    except csv.Error:
        return None
    return rows[0][0] if len(rows) == 1 and len(rows[0]) == 1 else None


def quote_cell(value: str, fmt: CsvFormat, was_quoted: bool) -> str:
    """A cell's raw text: quoted if it was, or if it must be (minimal quoting).

    >>> quote_cell('a;b', CsvFormat(delimiter=";"), False)
    '"a;b"'
    >>> quote_cell("café", CsvFormat(delimiter=";"), False)
    'café'
    """
    q = fmt.quotechar
    needs = any(c in value for c in (fmt.delimiter, q, "\r", "\n")) or (
        fmt.escapechar is not None and fmt.escapechar in value)
    if not (was_quoted or needs):
        return value
    if fmt.doublequote:
        return q + value.replace(q, q + q) + q
    esc = fmt.escapechar or "\\"
    return q + value.replace(esc, esc + esc).replace(q, esc + q) + q


def rewrite_record(raw: str, cells: list[str], new: dict[int, str], fmt: CsvFormat) -> str:
    """``raw`` with the cells at the indexes of ``new`` replaced; every other byte kept.

    >>> rewrite_record('1;"x";a\\r\\n', ["1", "x", "a"], {1: "é"}, CsvFormat(";"))
    '1;"é";a\\r\\n'
    """
    m = _ENDING_RE.search(raw)
    ending = m.group() if m else ""
    body = raw[: len(raw) - len(ending)]
    fields = split_raw_fields(body, fmt)
    if len(fields) != len(cells) or any(_cell_of(f, fmt) != c for f, c in zip(fields, cells)):
        # Not splittable faithfully (odd quoting): rewrite the whole record minimally.
        buf = io.StringIO()
        csv.writer(buf, lineterminator=ending, quoting=csv.QUOTE_MINIMAL, **fmt.reader_kwargs()).writerow(
            [new.get(i, c) for i, c in enumerate(cells)])
        return buf.getvalue()
    out = [quote_cell(new[i], fmt, f.startswith(fmt.quotechar)) if i in new else f
           for i, f in enumerate(fields)]
    return fmt.delimiter.join(out) + ending


def _resolve_columns(header: Optional[list[str]], columns: Sequence[Union[str, int]]) -> list[int]:
    names = [h.lstrip("\ufeff") for h in header] if header is not None else None
    out: list[int] = []
    for col in columns:
        if names is not None and isinstance(col, str) and col in names:
            out.append(names.index(col))
        elif isinstance(col, int) or (isinstance(col, str) and col.isdigit() and (names is None or col not in names)):
            if names is not None and isinstance(col, str):
                raise KeyError(f"no column {col!r} in the header {names}")
            out.append(int(col))
        else:
            raise KeyError(f"no column {col!r} in the header {names}")
    return out


def _csv_task(chunk: list[list[Optional[str]]], group: Group) -> list[list[Optional[CellFix]]]:
    return [[CellFix.of(r) for r in col] for col in repair_columns(chunk, group)]


def _text_lines(stream: BinaryIO, encoding: str) -> TextIO:
    return io.TextIOWrapper(stream, encoding=encoding, errors="surrogateescape", newline="")


def _peek_lines(text: TextIO, limit: int) -> tuple[list[str], Iterator[str]]:
    head: list[str] = []
    size = 0
    for line in text:
        head.append(line)
        size += len(line)
        if size >= limit:
            break
    return head, chain(head, text)


def fix_csv_stream(source: BinaryIO, dest: BinaryIO, columns: Sequence[Union[str, int]], *,
                   fmt: Optional[CsvFormat] = None, tsv: bool = False, header: bool = True,
                   encoding: str = "utf-8", group: Group = False, jobs: int = 1,
                   progress: Optional["Progress"] = None) -> Stats:
    """Repair the ``columns`` (names, or 0-based indexes) of a CSV; other bytes are kept.

    The dialect is sniffed unless ``fmt`` is given (``tsv=True``: tab-separated).
    Rows whose selected cells do not change are copied byte for byte; a changed
    row keeps its other fields' raw text, its quoting and its line ending.
    Undecodable bytes survive untouched (``surrogateescape``).
    """
    if csv.field_size_limit() < FIELD_SIZE_LIMIT:
        csv.field_size_limit(FIELD_SIZE_LIMIT)  # long texts in a cell (the default is 128 KiB)
    text = _text_lines(source, encoding)
    head, lines = _peek_lines(text, SNIFF_CHARS)
    if fmt is None:
        fmt = TSV if tsv else sniff_csv_format("".join(head)[:SNIFF_CHARS])
    records = iter_csv_records(lines, fmt)
    stats = Stats()

    def emit(raw: str) -> None:
        dest.write(raw.encode(encoding, "surrogateescape"))

    idx: list[int]
    if header:
        first = next(records, None)
        if first is None:
            return stats
        emit(first[0])
        idx = _resolve_columns(first[1], columns)
    else:
        idx = _resolve_columns(None, columns)

    def cols_of(chunk: list[tuple[str, list[str]]]) -> list[list[Optional[str]]]:
        return [[cells[i] if i < len(cells) else None for _, cells in chunk] for i in idx]

    held: deque[list[tuple[str, list[str]]]] = deque()

    def feed() -> Iterator[list[list[Optional[str]]]]:
        for chunk in parallel.chunked(records, CHUNK_ROWS):
            held.append(chunk)
            yield cols_of(chunk)

    results = parallel.map_chunks(partial(_csv_task, group=group), feed(), jobs)
    for cols in results:
        chunk = held.popleft()
        for r, (raw, cells) in enumerate(chunk):
            fixes = [col[r] for col in cols]
            stats.add_row(fixes)
            new = {i: f.text for i, f in zip(idx, fixes) if f is not None and f.changed}
            emit(rewrite_record(raw, cells, new, fmt) if new else raw)
            if progress is not None:
                progress.update(1, len(raw))
    return stats


# --- JSON Lines ---------------------------------------------------------------------------

@dataclass(frozen=True)
class JsonString:
    """A string value in a JSON text: its dotted path (list indexes left out), span and value."""

    path: tuple[str, ...]
    start: int
    end: int
    value: str


def iter_json_strings(text: str) -> Iterator[JsonString]:
    """The string *values* (not keys) of one JSON text, in order, with their paths.

    >>> [(s.path, s.value) for s in iter_json_strings('{"a": "x", "b": [{"c": "y"}, "z"], "d": 1}')]
    [(('a',), 'x'), (('b', 'c'), 'y'), (('b',), 'z')]
    """
    frames: list[list[Any]] = []  # ["{", key, expecting_key] or ["["]
    for m in _JSON_TOKEN_RE.finditer(text):
        tok = m.group()
        c = tok[0]
        if c == '"':
            value = json.loads(tok)
            top = frames[-1] if frames else None
            if top is not None and top[0] == "{" and top[2]:
                top[1], top[2] = value, False
            else:
                path = tuple(f[1] for f in frames if f[0] == "{")
                yield JsonString(path, m.start(), m.end(), value)
        elif c == "{":
            frames.append(["{", None, True])
        elif c == "[":
            frames.append(["["])
        elif c in "}]":
            if frames:
                frames.pop()
        elif c == "," and frames and frames[-1][0] == "{":
            frames[-1][2] = True


def _json_token(value: str, old_token: str) -> str:
    """``value`` as a JSON string, escaped like the token it replaces (``\\u`` escapes or not)."""
    ascii_only = old_token.isascii() and bool(_JSON_ESCAPE_RE.search(old_token))
    return json.dumps(value, ensure_ascii=ascii_only)


def _jsonl_task(chunk: list[tuple[int, bytes]], paths: list[tuple[str, ...]], group: Group
                ) -> list[tuple[Optional[bytes], list[CellFix]]]:
    """Repair the fields of a chunk of (line number, raw line); ``None`` where a line is unchanged.

    Changed string tokens are spliced into the original text: every other byte of
    the line (spacing, key order, number spelling, other fields) stays as it was.
    """
    wanted = {p: i for i, p in enumerate(paths)}
    texts: list[Optional[str]] = []
    refs: list[list[tuple[int, JsonString]]] = [[] for _ in paths]  # per path: (row, string)
    for row, (lineno, raw) in enumerate(chunk):
        body = raw.rstrip(b"\r\n")
        if not body.strip():
            texts.append(None)
            continue
        try:
            text = body.decode("utf-8")
            json.loads(text)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"line {lineno}: not a JSON value ({exc})") from None
        texts.append(text)
        for js in iter_json_strings(text):
            if js.path in wanted:
                refs[wanted[js.path]].append((row, js))
    per_row: list[list[tuple[JsonString, Repair]]] = [[] for _ in chunk]
    values = [[js.value for _, js in path_refs] for path_refs in refs]
    for path_refs, col in zip(refs, repair_columns(values, group)):
        for (row, js), rep in zip(path_refs, col):
            assert rep is not None
            per_row[row].append((js, rep))
    out: list[tuple[Optional[bytes], list[CellFix]]] = []
    for (_, raw), text, found in zip(chunk, texts, per_row):
        reps = [f for f in (CellFix.of(rep) for _, rep in found) if f is not None]
        if text is None or not any(r.changed for r in reps):
            out.append((None, reps))
            continue
        pieces: list[str] = []
        pos = 0
        for js, rep in sorted(found, key=lambda f: f[0].start):
            if rep.changed:
                pieces += [text[pos:js.start], _json_token(rep.text, text[js.start:js.end])]
                pos = js.end
        pieces.append(text[pos:])
        ending = raw[len(raw.rstrip(b"\r\n")):]
        out.append(("".join(pieces).encode("utf-8") + ending, reps))
    return out


def fix_jsonl_stream(source: BinaryIO, dest: BinaryIO, fields: Sequence[str], *, group: Group = False,
                     jobs: int = 1, progress: Optional["Progress"] = None) -> Stats:
    """Repair string ``fields`` (dotted paths; lists along the way are walked) of JSON Lines.

    Lines where nothing changes are copied byte for byte; in a changed line only
    the changed string tokens are rewritten (``\\u``-escaped if they were), so
    spacing, key order, numbers and the other fields keep their bytes.
    Blank lines pass through. A line that is not JSON raises ``ValueError``.
    """
    paths = [tuple(f.split(".")) for f in fields]
    stats = Stats(unit="lines")
    held: deque[list[tuple[int, bytes]]] = deque()

    def feed() -> Iterator[list[tuple[int, bytes]]]:
        for chunk in parallel.chunked(enumerate(source, 1), CHUNK_ROWS):
            held.append(chunk)
            yield chunk

    for result in parallel.map_chunks(partial(_jsonl_task, paths=paths, group=group), feed(), jobs):
        chunk = held.popleft()
        for (_, raw), (new, reps) in zip(chunk, result):
            stats.add_row(reps)
            dest.write(raw if new is None else new)
            if progress is not None:
                progress.update(1, len(raw))
    return stats


# --- Parquet (pyarrow, optional) ------------------------------------------------------------

def _parquet_task(table: "pyarrow.Table", columns: Sequence[str], group: Group) -> tuple["pyarrow.Table", Stats]:
    stats = Stats()
    cols = [table.column(c).to_pylist() for c in columns]
    reps = repair_columns(cols, group)
    for r in range(table.num_rows):
        stats.add_row(_row_repairs(reps, r))
    for name, col in zip(columns, reps):
        if not any(r is not None and r.changed for r in col):
            continue
        import pyarrow as pa

        i = table.schema.get_field_index(name)
        typ = table.schema.field(i).type
        if pa.types.is_dictionary(typ):
            new = pa.array([None if r is None else r.text for r in col]).dictionary_encode().cast(typ)
        else:
            new = pa.array([None if r is None else r.text for r in col], type=typ)
        table = table.set_column(i, table.schema.field(i), new)
    return table, stats


def fix_parquet(source: Union[PathLike, BinaryIO], dest: Union[PathLike, BinaryIO], columns: Sequence[str], *,
                group: Group = False, jobs: int = 1, progress: Optional["Progress"] = None) -> Stats:
    """Repair string ``columns`` of a Parquet file, row group by row group (needs pyarrow).

    Schema (with its metadata), row-group boundaries and the compression codec are kept.
    """
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(source)
    schema = pf.schema_arrow
    missing = [c for c in columns if c not in schema.names]
    if missing:
        raise KeyError(f"no column {missing} in {schema.names}")
    meta = pf.metadata
    codec = meta.row_group(0).column(0).compression.lower() if meta.num_row_groups and meta.num_columns else "snappy"
    codec = "none" if codec == "uncompressed" else codec
    stats = Stats()
    tables = (pf.read_row_group(i) for i in range(pf.num_row_groups))
    with pq.ParquetWriter(dest, schema, compression=codec) as writer:
        for table, part in parallel.map_chunks(partial(_parquet_task, columns=list(columns), group=group),
                                               tables, jobs):
            writer.write_table(table, row_group_size=max(1, table.num_rows))
            stats.merge(part)
            if progress is not None:
                progress.update(table.num_rows, table.nbytes)
    return stats


# --- plain text -------------------------------------------------------------------------------

_UTF8_BOM = b"\xef\xbb\xbf"


def fix_text_stream(source: BinaryIO, dest: BinaryIO, *, jobs: int = 1,
                    progress: Optional["Progress"] = None) -> Stats:
    """Decode any text (UTF-8, legacy encodings, mixed) line by line, repair it, write UTF-8.

    Same output as ``mojifix fix``; ``jobs`` > 1 repairs blocks of lines in worker
    processes with identical output. A UTF-8 BOM at the start is kept when the
    source is seekable (a file).

    >>> out = io.BytesIO()
    >>> fix_text_stream(io.BytesIO(b"th\\xe9\\n" + "prÃªt\\n".encode()), out).changed
    2
    >>> out.getvalue().decode()
    'thé\\nprêt\\n'
    """
    from .decoding import clean_surrogates, iter_decoded

    if getattr(source, "seekable", lambda: False)():
        start = source.tell()
        if source.read(3) == _UTF8_BOM:
            dest.write(_UTF8_BOM)
        source.seek(start)
    stats = Stats(unit="lines")
    decoded: deque = deque()  # lines read ahead by the repair (blocks in flight)

    def lines() -> Iterator[str]:
        for d in iter_decoded(source):
            decoded.append(d)
            yield d.text

    for rep in parallel.repair_lines_parallel(lines(), jobs):
        d = decoded.popleft()
        stats.add_row([rep], d.findings)
        data = clean_surrogates(rep.text).encode("utf-8")
        dest.write(data)
        if progress is not None:
            progress.update(1, len(data))
    return stats


# --- one job over files (what the command line calls) ------------------------------------------

FORMATS = ("text", "csv", "tsv", "jsonl", "parquet")


@dataclass(frozen=True)
class Job:
    """What to repair in each file: its format, the columns/fields, the parallelism.

    >>> Job("csv", ("texte",)).check()
    >>> Job("jsonl").check()
    Traceback (most recent call last):
    ...
    ValueError: --jsonl needs at least one --field
    """

    format: str = "text"
    columns: tuple[str, ...] = ()
    jobs: int = 1
    group: Group = False
    encoding: str = "utf-8"

    def check(self) -> None:
        """Raise ``ValueError`` for an impossible combination of options."""
        if self.format not in FORMATS:
            raise ValueError(f"unknown format {self.format!r}")
        if self.format == "jsonl" and not self.columns:
            raise ValueError("--jsonl needs at least one --field")
        if self.format in ("csv", "tsv", "parquet") and not self.columns:
            raise ValueError(f"--{self.format} needs at least one --column")
        if self.format == "text" and self.columns:
            raise ValueError("--column/--field need --csv, --tsv, --jsonl or --parquet")
        parallel.resolve_jobs(self.jobs)

    def transform(self, source: BinaryIO, dest: BinaryIO, progress: Optional["Progress"] = None) -> Stats:
        """Repair ``source`` into ``dest`` (binary streams)."""
        kw: dict[str, Any] = {"jobs": self.jobs, "progress": progress}
        if self.format == "text":
            return fix_text_stream(source, dest, **kw)
        if self.format in ("csv", "tsv"):
            return fix_csv_stream(source, dest, self.columns, tsv=self.format == "tsv",
                                  encoding=self.encoding, group=self.group, **kw)
        if self.format == "jsonl":
            return fix_jsonl_stream(source, dest, self.columns, group=self.group, **kw)
        if not getattr(source, "seekable", lambda: False)():
            source = io.BytesIO(source.read())  # Parquet needs random access (stdin)
        return fix_parquet(source, dest, self.columns, group=self.group, **kw)


def run_files(job: Job, files: Sequence[str], *, output: Optional[str] = None, in_place: bool = False,
              stdin: Optional[BinaryIO] = None, stdout: Optional[BinaryIO] = None,
              progress: Optional[bool] = None) -> Stats:
    """Run ``job`` over ``files`` (``-`` or none: stdin) into ``output`` (default stdout) or in place.

    In place, each file is rewritten atomically (:func:`write_in_place`). An output
    path that is also an input is refused (:class:`SamePathError`). ``progress``:
    ``None`` shows a meter only when stderr is a terminal. Returns the summed stats.
    """
    job.check()
    names = list(files) or ["-"]
    if in_place:
        if output is not None:
            raise ValueError("--in-place and --output exclude each other")
        if "-" in names:
            raise ValueError("--in-place needs files, not stdin")
    check_output_not_input(names, output)
    total = Stats(unit="rows" if job.format in ("csv", "tsv", "parquet") else "lines")
    sizes = [os.path.getsize(n) for n in names if n != "-" and os.path.isfile(n)]
    meter = Progress(enabled=progress, unit=total.unit, total_bytes=sum(sizes) if len(sizes) == len(names) else None)
    try:
        if in_place:
            for name in names:
                total.merge(write_in_place(name, partial(job.transform, progress=meter)))
            return total
        out_file = open(output, "wb") if output not in (None, "-") else None
        dest = out_file or stdout or sys.stdout.buffer
        try:
            for name in names:
                if name == "-":
                    total.merge(job.transform(stdin or sys.stdin.buffer, dest, meter))
                else:
                    with open(name, "rb") as src:
                        total.merge(job.transform(src, dest, meter))
            dest.flush()
        finally:
            if out_file is not None:
                out_file.close()
        return total
    finally:
        meter.close()


# --- files: in place, distinct paths ---------------------------------------------------------

def check_output_not_input(inputs: Iterable[PathLike], output: Optional[PathLike]) -> None:
    """Refuse to write ``output`` when it is (or links to) one of ``inputs``.

    >>> check_output_not_input(["a.csv"], "b.csv")
    >>> check_output_not_input(["a.csv"], "./a.csv")
    Traceback (most recent call last):
    ...
    mojifix.tables.SamePathError: output a.csv is also an input; use --in-place to rewrite it
    """
    if output is None or str(output) == "-":
        return
    out = Path(output)
    for src in inputs:
        if str(src) == "-":
            continue
        same = os.path.realpath(src) == os.path.realpath(out)
        if not same and out.exists() and Path(src).exists():
            with suppress(OSError):
                same = os.path.samefile(src, out)
        if same:
            raise SamePathError(f"output {out} is also an input; use --in-place to rewrite it")


def write_in_place(path: PathLike, transform: Callable[[BinaryIO, BinaryIO], T]) -> T:
    """Rewrite ``path`` atomically with ``transform(source, dest)`` (binary streams).

    The new content goes to a temporary file in the same folder, is flushed and
    fsynced, gets the original's permissions, then replaces the original with
    :func:`os.replace`. On any error the original is untouched and the
    temporary file removed.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.txt"
    >>> _ = p.write_bytes("cafÃ©".encode())
    >>> write_in_place(p, lambda s, d: d.write(s.read().decode().replace("Ã©", "é").encode()))
    5
    >>> p.read_text()
    'café'
    """
    real = Path(os.path.realpath(path))
    st = real.stat()
    fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".mojifix-tmp", dir=real.parent)
    try:
        with open(real, "rb") as src, os.fdopen(fd, "wb") as dst:
            result = transform(src, dst)
            dst.flush()
            os.fsync(dst.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        with suppress(OSError):
            os.chown(tmp, st.st_uid, st.st_gid)
        os.replace(tmp, real)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    with suppress(OSError):
        dfd = os.open(real.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    return result


# --- progress ---------------------------------------------------------------------------------

class Progress:
    """A one-line progress meter on stderr, shown only when stderr is a terminal.

    >>> p = Progress(stream=io.StringIO())   # not a TTY: silent
    >>> p.enabled
    False
    """

    def __init__(self, stream: Optional[IO[str]] = None, *, enabled: Optional[bool] = None,
                 unit: str = "rows", interval: float = 0.25, total_bytes: Optional[int] = None) -> None:
        self.stream = sys.stderr if stream is None else stream
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.unit = unit
        self.interval = interval
        self.total_bytes = total_bytes
        self.rows = 0
        self.nbytes = 0
        self.start = time.monotonic()
        self._last = 0.0

    def update(self, rows: int, nbytes: int = 0) -> None:
        self.rows += rows
        self.nbytes += nbytes
        if self.enabled:
            now = time.monotonic()
            if now - self._last >= self.interval:
                self._last = now
                self._draw(now)

    def line(self, now: Optional[float] = None) -> str:
        """The text shown, e.g. ``'1200 rows  0.3 MB  2400 rows/s  0.6 MB/s'``."""
        dt = max((time.monotonic() if now is None else now) - self.start, 1e-9)
        mb = self.nbytes / 1e6
        pct = f"  {100 * self.nbytes / self.total_bytes:3.0f}%" if self.total_bytes else ""
        return f"{self.rows} {self.unit}  {mb:.1f} MB  {self.rows / dt:.0f} {self.unit}/s  {mb / dt:.1f} MB/s{pct}"

    def _draw(self, now: float) -> None:
        self.stream.write("\r" + self.line(now) + "\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
