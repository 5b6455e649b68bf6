"""The ``mojifix`` command line: it parses options and calls the library.

    mojifix fix [FILE...]        repaired text on stdout, one line per input line
    mojifix check [FILE...]      FILE:LINE: KIND for damaged lines; exit 1 if any
    mojifix explain [FILE...]    each change with its kind, confidence and reason

Input is read as bytes (stdin when no FILE or '-') and decoded by
:func:`mojifix.decoding.iter_decoded`; output is UTF-8. Exit codes: 0 clean or
repaired, 1 damage found (check), 2 bad usage or unreadable input, 130 interrupted.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections import deque
from dataclasses import dataclass
from typing import BinaryIO, Iterable, Iterator, List, Optional

import typer

from ._version import __version__
from .decoding import DecodedLine, clean_surrogates, iter_decoded
from .models import Finding, Repair
from .parallel import repair_lines_parallel
from .pipeline import BLOCK_LINES, repair_lines

app = typer.Typer(
    name="mojifix",
    help="Repair damaged French text: mojibake, lost accents, mixed encodings.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

FILES_ARG = typer.Argument(None, help="Input files (default: stdin; '-' is stdin too).", show_default=False)
JSON_OPT = typer.Option(False, "--json", help="JSON Lines: one object per input line.")
THRESHOLD_OPT = typer.Option(None, "--threshold", min=0.0, max=1.0,
                             help="Confidence (0-1) a restored letter needs; higher changes less "
                                  "(default 0.5; 1 restores nothing, mojibake is still fixed).")


@dataclass(frozen=True)
class LineResult:
    """One input line: its number, what decoding found, and its repair."""

    name: str
    number: int
    decoded: DecodedLine
    repair: Repair

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.decoded.findings

    @property
    def kinds(self) -> list[str]:
        kinds = {f.kind.value for f in self.findings} | {c.kind.value for c in self.repair.changes}
        return sorted(kinds)

    def to_dict(self, text: str) -> dict[str, object]:
        return {
            "file": self.name,
            "line": self.number,
            "text": text,
            "encoding": self.decoded.encoding,
            "kinds": self.kinds,
            "changes": [c.to_dict() for c in self.repair.changes],
            "findings": [f.to_dict() for f in self.findings],
        }


class _Run:
    """Output and the input errors met while processing the files."""

    def __init__(self) -> None:
        self.out = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
        self.failed: list[str] = []
        self.pending = 0

    def write(self, text: str) -> None:
        data = clean_surrogates(text).encode("utf-8")
        try:
            if self.out is not None:
                self.out.write(data)
            else:  # pragma: no cover - stdout replaced by a text-only stream
                sys.stdout.write(data.decode("utf-8"))
        except BrokenPipeError:
            _closed_pipe()
        except OSError as exc:
            _output_failed(exc)
        self.pending += 1
        if self.pending >= BLOCK_LINES:
            self.flush()

    def flush(self) -> None:
        self.pending = 0
        try:
            (self.out or sys.stdout).flush()
        except BrokenPipeError:
            _closed_pipe()
        except OSError as exc:
            _output_failed(exc)

    def results(self, files: Optional[List[str]], jobs: int = 1,
                threshold: Optional[float] = None) -> Iterator[LineResult]:
        """Every line of every readable input, repaired; unreadable inputs are reported."""
        for name in files or ["-"]:
            stream = self._open(name)
            if stream is None:
                continue
            try:
                yield from _results(name, stream, jobs, threshold)
            except OSError as exc:
                self.fail(name, exc)
            finally:
                if name != "-":
                    stream.close()

    def _open(self, name: str) -> BinaryIO | None:
        if name == "-":
            if sys.stdin is None:
                self.fail(name, OSError(9, "stdin is closed"))
                return None
            return sys.stdin.buffer
        try:
            if os.path.isdir(name):
                raise IsADirectoryError(21, "is a directory")
            return open(name, "rb")
        except OSError as exc:
            self.fail(name, exc)
            return None

    def fail(self, name: str, exc: OSError) -> None:
        self.flush()
        reason = exc.strerror or str(exc)
        print(f"mojifix: cannot read {name}: {reason[0].lower() + reason[1:]}", file=sys.stderr)
        self.failed.append(name)

    def finish(self, code: int = 0) -> None:
        self.flush()
        if self.failed:
            raise typer.Exit(2)
        raise typer.Exit(code)


def _results(name: str, stream: BinaryIO, jobs: int = 1,
             threshold: Optional[float] = None) -> Iterator[LineResult]:
    decoded: deque[DecodedLine] = deque()  # lines read ahead by the repair (blocks in flight)

    def lines() -> Iterator[str]:
        for d in iter_decoded(stream):
            decoded.append(d)
            yield d.text

    repaired = repair_lines(lines(), threshold=threshold) if jobs == 1 else \
        repair_lines_parallel(lines(), jobs, threshold=threshold)
    for number, rep in enumerate(repaired, start=1):
        yield LineResult(name, number, decoded.popleft(), rep)


def _changed(res: LineResult) -> bool:
    return bool(res.repair.changes or res.findings)


@app.callback(invoke_without_command=True)
def _root(
    version: bool = typer.Option(False, "--version", help="Show the version and exit.", is_eager=True),
) -> None:
    if version:
        print(f"mojifix {__version__}")
        raise typer.Exit(0)


@app.command("fix")
def fix_command(
    files: Optional[List[str]] = FILES_ARG,
    as_json: bool = JSON_OPT,
    jobs: int = typer.Option(1, "--jobs", "-j", min=0,
                             help="Worker processes (0: one per CPU); the output is identical."),
    csv_in: bool = typer.Option(False, "--csv", help="CSV input (dialect sniffed): repair the --column cells."),
    tsv_in: bool = typer.Option(False, "--tsv", help="Tab-separated input: repair the --column cells."),
    columns: Optional[List[str]] = typer.Option(None, "--column", help="Column to repair (repeatable)."),
    jsonl_in: bool = typer.Option(False, "--jsonl", help="JSON Lines input: repair the --field values."),
    fields: Optional[List[str]] = typer.Option(None, "--field", help="Dotted path to repair (repeatable)."),
    parquet_in: bool = typer.Option(False, "--parquet", help="Parquet input (needs pyarrow): the --column cells."),
    in_place: bool = typer.Option(False, "--in-place", help="Rewrite each FILE atomically."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    stats: bool = typer.Option(False, "--stats", help="Rows read/changed and changes per kind, on stderr."),
    threshold: Optional[float] = THRESHOLD_OPT,
) -> None:
    """Write the repaired text to stdout (one output line per input line).

    With --csv/--tsv/--jsonl/--parquet only the chosen columns or fields are repaired
    and everything else is kept byte for byte (see docs/ETL.md).
    """
    formats = [name for name, on in (("csv", csv_in), ("tsv", tsv_in), ("jsonl", jsonl_in),
                                     ("parquet", parquet_in)) if on]
    if formats or columns or fields or in_place or output is not None or stats:
        if threshold is not None:
            print("mojifix: error: --threshold applies to plain text on stdout for now, not with "
                  "--csv/--tsv/--jsonl/--parquet/--in-place/--output/--stats", file=sys.stderr)
            raise typer.Exit(2)
        _fix_files(files, formats, columns, fields, jobs, in_place, output, stats, as_json)
        return
    run = _Run()
    for res in run.results(files, jobs, threshold):
        if as_json:
            run.write(json.dumps(res.to_dict(res.repair.text), ensure_ascii=False) + "\n")
        else:
            run.write(res.repair.text)
    run.finish()


def _fix_files(files: Optional[List[str]], formats: List[str], columns: Optional[List[str]],
               fields: Optional[List[str]], jobs: int, in_place: bool, output: Optional[str], stats: bool,
               as_json: bool) -> None:
    """`fix` on files with the ETL options: a thin call of :func:`mojifix.tables.run_files`."""
    from . import tables

    def usage(message: str) -> None:
        print(f"mojifix: error: {message} (see 'mojifix fix --help')", file=sys.stderr)
        raise typer.Exit(2)

    if len(formats) > 1:
        usage("choose one of --csv, --tsv, --jsonl, --parquet")
    fmt = formats[0] if formats else "text"
    if as_json:
        usage("--json does not combine with --csv/--tsv/--jsonl/--parquet/--in-place/--output/--stats")
    if columns and fmt == "jsonl":
        usage("--jsonl takes --field, not --column")
    if fields and fmt != "jsonl":
        usage("--field needs --jsonl")
    job = tables.Job(fmt, tuple(fields or columns or ()), jobs=jobs)
    try:
        result = tables.run_files(job, list(files or []), output=output, in_place=in_place)
    except BrokenPipeError:
        _closed_pipe()
    except (ValueError, KeyError) as exc:
        usage(str(exc.args[0]) if exc.args else str(exc))
    except ImportError as exc:
        usage(f"{exc.name or exc} is needed for this format (pip install 'mojifix[arrow]')")
    except OSError as exc:
        print(f"mojifix: {exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror or exc}",
              file=sys.stderr)
        raise typer.Exit(2)
    if stats:
        print(result.format(), file=sys.stderr)
    raise typer.Exit(0)


@app.command("check")
def check_command(files: Optional[List[str]] = FILES_ARG, as_json: bool = JSON_OPT,
                  threshold: Optional[float] = THRESHOLD_OPT) -> None:
    """List damaged lines as FILE:LINE: KIND ...; exit 1 if any damage was found."""
    run = _Run()
    damaged = False
    for res in run.results(files, threshold=threshold):
        hit = _changed(res)
        damaged = damaged or hit
        if as_json:
            run.write(json.dumps({**res.to_dict(res.repair.original), "damaged": hit},
                                 ensure_ascii=False) + "\n")
        elif hit:
            run.write(f"{res.name}:{res.number}: {', '.join(res.kinds)} {_summary(res)}\n")
    run.finish(1 if damaged else 0)


@app.command("explain")
def explain_command(files: Optional[List[str]] = FILES_ARG, threshold: Optional[float] = THRESHOLD_OPT) -> None:
    """Show each change: a diff of the line, then kind, confidence and reason."""
    run = _Run()
    for res in run.results(files, threshold=threshold):
        if not _changed(res):
            continue
        run.write(f"{res.name}:{res.number}: {', '.join(res.kinds)}\n")
        run.write(f"- {_body(res.repair.original)}\n+ {_body(res.repair.text)}\n")
        for f in res.findings:
            run.write(f"    {f.kind.label}: {f.evidence} (decoded as {res.decoded.encoding})\n")
        for c in res.repair.changes:
            run.write(f"    col {c.start + 1}: {c.before!r} -> {c.after!r}  {c.kind.label}, "
                      f"confidence {c.confidence:.2f}{'  ' + c.reason if c.reason else ''}\n")
    run.finish()


def _body(line: str) -> str:
    return line.rstrip("\r\n")


def _summary(res: LineResult, limit: int = 3) -> str:
    shown = [f"{c.before!r}->{c.after!r}" for c in res.repair.changes[:limit]]
    more = len(res.repair.changes) - limit
    if more > 0:
        shown.append(f"(+{more})")
    if not shown and res.findings:
        shown.append(f"(decoded as {res.decoded.encoding})")
    return " ".join(shown)


def _exceptions(name: str) -> tuple[type[BaseException], ...]:
    """Click's exception class ``name`` as typer raises it (typer vendors click in new releases)."""
    found: list[type[BaseException]] = []
    for modname in ("typer._click.exceptions", "click.exceptions", "typer.exceptions"):
        try:
            cls = getattr(importlib.import_module(modname), name, None)
        except ImportError:
            continue
        if isinstance(cls, type) and cls not in found:
            found.append(cls)
    return tuple(found)


_NO_ARGS = _exceptions("NoArgsIsHelpError")
_USAGE = _exceptions("UsageError")
_EXIT = _exceptions("Exit")
_ABORT = _exceptions("Abort")
_CLICK = _exceptions("ClickException")


def main(argv: Iterable[str] | None = None) -> None:
    """Entry point: run the app; one-line errors, no tracebacks, stable exit codes."""
    try:
        code = _main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        code = 0
    sys.exit(code)


def _main(argv: Iterable[str] | None) -> int:
    try:
        code = app(args=list(argv) if argv is not None else None, prog_name="mojifix",
                   standalone_mode=False)
    except _NO_ARGS as exc:
        ctx = getattr(exc, "ctx", None)
        print(ctx.get_help() if ctx is not None else "usage: mojifix COMMAND [FILE...]")
        code = 0
    except _USAGE as exc:
        print(f"mojifix: error: {exc.format_message()} (see 'mojifix --help')",  # type: ignore[attr-defined]
              file=sys.stderr)
        code = 2
    except _EXIT as exc:
        code = getattr(exc, "exit_code", getattr(exc, "code", 0))
    except (KeyboardInterrupt, *_ABORT):
        print("mojifix: interrupted", file=sys.stderr)
        code = 130
    except _CLICK as exc:
        print(f"mojifix: error: {exc.format_message()}", file=sys.stderr)  # type: ignore[attr-defined]
        code = 2
    return code if isinstance(code, int) else 0


def _closed_pipe() -> None:
    """The reader went away (``| head``): stop quietly with exit code 0."""
    _silence_stdout()
    raise typer.Exit(0)


def _output_failed(exc: OSError) -> None:
    """Standard output cannot take more (disk full, I/O error): one line, exit code 2."""
    print(f"mojifix: error: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
    _silence_stdout()
    raise typer.Exit(2)


def _silence_stdout() -> None:
    """After a closed pipe: point stdout at /dev/null so the final flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - no real stdout
        pass


try:  # commands contributed by other modules register themselves on ``app``
    from . import cli_damage  # noqa: F401,E402
except ImportError:  # pragma: no cover - optional module absent
    pass
