"""Speed and memory benchmark: mojifix vs ftfy throughput, CLI scaling and peak RSS, cold start.

    python benchmarks/speed.py                  # 1 MB per input, CLI scaling over 1, 10, 100 MB
    python benchmarks/speed.py --max-mb 10      # scaling up to 10 MB only
    python benchmarks/speed.py --smoke          # tiny inputs (seconds), for a quick look

All measurements of one run use the same inputs on the same machine, so the ratios
(mojifix / ftfy) hold even when the machine is noisy; absolute MB/s do not travel.
Inputs are French text from ``--corpus`` (default ../shared/corpora/dev/ud-french) repeated
to the wanted size: clean, damaged by each simulator kind, and mojibake.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Sequence

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.accuracy import DEFAULT_CORPUS, read_lines  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "benchmarks" / "out"
SENTENCES = REPO / "corpora" / "sentences"
DAMAGED_KINDS = ("dropped", "dropped_collapsed", "dropped_all", "dropped_ascii", "stripped", "question", "fffd", "mixed")
MOJIBAKE_KINDS = ("mojibake", "double_mojibake")
#: Minimum throughput ratio mojifix.fix_text / ftfy.fix_text per input group.
TARGETS = {"clean": 5.0, "mojibake": 2.0, "damaged": 1.0}
COLD_SNIPPET = "import {mod}; {mod}.fix_text('Il a ete la, a midi.')"


@dataclass(frozen=True)
class Throughput:
    """MB/s of each implementation on one input."""

    input: str
    group: str  # clean | damaged | mojibake
    megabytes: float
    mojifix: float
    ftfy: float
    cli: float  # includes the process start-up
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.mojifix / self.ftfy if self.ftfy > 0 else float("nan")


@dataclass(frozen=True)
class CliRun:
    """One ``mojifix fix`` process over a file."""

    megabytes: float
    seconds: float
    mb_per_s: float
    peak_rss_mb: float
    returncode: int


def base_text(corpus: Path) -> str:
    """Clean French lines used to build the inputs (the project's sentences if the corpus is absent)."""
    lines = read_lines(corpus) if corpus.exists() else read_lines(SENTENCES)
    return "\n".join(lines) + "\n"


def sized(text: str, megabytes: float) -> str:
    """``text`` repeated, then cut at a line end, to about ``megabytes`` MB of UTF-8.

    >>> sized("ab\\n", 0.00001)
    'ab\\nab\\nab\\n'
    """
    target = int(megabytes * 1e6)
    size = max(1, len(text.encode("utf-8")))
    whole = text * (target // size + 1)
    cut = whole.encode("utf-8")[:target].decode("utf-8", errors="ignore")
    end = cut.rfind("\n")
    return cut[: end + 1] if end >= 0 else cut


def make_input(clean: str, kind: str, megabytes: float) -> str:
    """A ``kind``-damaged input (``clean`` for ``"clean"``) of about ``megabytes`` MB."""
    from mojifix.simulate import damage

    text = clean if kind == "clean" else damage(clean, kind, seed=0)
    return sized(text, megabytes)


def best_time(fn: Callable[[str], object], text: str, min_seconds: float = 1.0, max_runs: int = 10) -> float:
    """Fastest of up to ``max_runs`` runs (stops once ``min_seconds`` have been spent).

    A fast input (0.04 s) gets up to 10 runs: with 3, two identical runs of the benchmark on this
    2-core machine gave clean 8.18x and 4.87x ftfy (2026-11-26 10:04 and 10:32 UTC).
    """
    return best_times([fn], text, min_seconds, max_runs)[0]


def best_times(fns: Sequence[Callable[[str], object]], text: str, min_seconds: float = 1.0,
               max_runs: int = 10) -> list[float]:
    """Fastest run of each of ``fns``, their runs interleaved (a, b, a, b…) so that a slow spell of a
    noisy machine slows both alike: the ratio is what the benchmark reports. Each gets up to
    ``max_runs`` runs, until each has spent ``min_seconds``. (Runs of one, then of the other, gave
    clean 4.97x on 2026-11-27 while 20 repeated runs of both gave 5.2-5.6x, before and after that day's
    engine changes alike.)

    >>> [t >= 0 for t in best_times([len, str.upper], "abc", min_seconds=0.0, max_runs=2)]
    [True, True]
    """
    times: list[list[float]] = [[] for _ in fns]
    spent = [0.0 for _ in fns]
    while any(len(t) < max_runs and (not t or s < min_seconds) for t, s in zip(times, spent)):
        for k, fn in enumerate(fns):
            if len(times[k]) >= max_runs or times[k] and spent[k] >= min_seconds:
                continue
            start = time.perf_counter()
            fn(text)
            took = time.perf_counter() - start
            times[k].append(took)
            spent[k] += took
    return [min(t) for t in times]


def mojifix_command() -> list[str]:
    """The ``mojifix`` console script next to this interpreter, else ``python -m mojifix``."""
    script = Path(sys.executable).with_name("mojifix")
    return [str(script)] if script.exists() else [sys.executable, "-m", "mojifix"]


def run_cli(path: Path, args: Sequence[str] = ("fix",)) -> CliRun:
    """Run ``mojifix fix < path > /dev/null``; wall time and peak RSS of the child (os.wait4)."""
    size = path.stat().st_size
    with path.open("rb") as stdin, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([*mojifix_command(), *args], stdin=stdin, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    return CliRun(round(size / 1e6, 3), round(seconds, 3), round(size / 1e6 / seconds, 3),
                  round(usage.ru_maxrss / 1024, 1), proc.returncode)


def cold_start(module: str, runs: int = 3) -> float:
    """Median wall time of ``python -c "import MODULE; MODULE.fix_text(...)"`` in fresh processes."""
    code = COLD_SNIPPET.format(mod=module) if module else "pass"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=False, capture_output=True)
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 3)


def measure_throughput(clean: str, kinds: Sequence[str], megabytes: float, tmp: Path) -> list[Throughput]:
    """mojifix.fix_text, ftfy.fix_text and the CLI on each input."""
    import ftfy
    import mojifix

    warm = clean[:2000]
    ftfy.fix_text(warm)  # first calls load tables and data: not part of the throughput
    try:
        mojifix.fix_text(warm)
    except Exception:  # reported per input below
        pass
    rows: list[Throughput] = []
    for kind in kinds:
        group = "clean" if kind == "clean" else "mojibake" if kind in MOJIBAKE_KINDS else "damaged"
        text = make_input(clean, kind, megabytes)
        mb = len(text.encode("utf-8")) / 1e6
        note = ""
        try:
            moj_time, ft_time = best_times([mojifix.fix_text, ftfy.fix_text], text)
            moj = mb / moj_time
        except Exception as exc:  # report, do not stop
            moj, note = float("nan"), f"{type(exc).__name__}: {exc}"[:160]
            ft_time = best_time(ftfy.fix_text, text)
        ft = mb / ft_time
        path = tmp / f"{kind}.txt"
        path.write_text(text, encoding="utf-8")
        cli = run_cli(path)
        rows.append(Throughput(kind, group, round(mb, 3), round(moj, 3), round(ft, 3),
                               cli.mb_per_s if cli.returncode == 0 else float("nan"),
                               note or ("" if cli.returncode == 0 else f"CLI exit {cli.returncode}")))
    return rows


def measure_scaling(clean: str, sizes: Sequence[float], tmp: Path) -> list[CliRun]:
    """The CLI over ``mixed``-damaged inputs of each size: time should grow linearly, memory stay flat."""
    from mojifix.simulate import damage

    damaged = damage(clean, "mixed", seed=0)
    runs = []
    for mb in sizes:
        path = tmp / f"scale-{mb}.txt"
        path.write_text(sized(damaged, mb), encoding="utf-8")
        runs.append(run_cli(path))
        path.unlink()
    return runs


def ratio_checks(rows: Sequence[Throughput]) -> list[dict[str, object]]:
    """Each group's worst ratio against its target."""
    checks = []
    for group, target in TARGETS.items():
        ratios = [r.ratio for r in rows if r.group == group]
        if not ratios:
            continue
        worst = min(ratios)
        checks.append({"group": group, "target": target, "worst_ratio": round(worst, 2),
                       "passed": bool(worst == worst and worst >= target)})
    return checks


def _fmt(x: float, digits: int = 2) -> str:
    return "—" if x != x else f"{x:.{digits}f}"


def format_tables(report: dict, markdown: bool = False) -> str:
    """Throughput, scaling and cold-start tables."""
    def table(head: list[str], body: list[list[str]]) -> str:
        if markdown:
            return "\n".join(["| " + " | ".join(head) + " |", "|" + "---|" * len(head),
                              *("| " + " | ".join(r) + " |" for r in body)])
        widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
        return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in [head, *body])

    tp = [Throughput(**r) for r in report["throughput"]]
    parts = [table(["input", "MB", "mojifix MB/s", "ftfy MB/s", "ratio", "CLI MB/s (incl. start-up)", "note"],
                   [[r.input, _fmt(r.megabytes), _fmt(r.mojifix), _fmt(r.ftfy), _fmt(r.ratio) + "×", _fmt(r.cli),
                     r.note] for r in tp])]
    parts.append(table(["group", "target ratio", "worst ratio", "check"],
                       [[c["group"], f"≥ {c['target']}×", f"{c['worst_ratio']}×", "PASS" if c["passed"] else "FAIL"]
                        for c in report["checks"]]))
    parts.append(table(["CLI input MB", "seconds", "MB/s", "peak RSS MB", "exit"],
                       [[_fmt(r["megabytes"], 1), _fmt(r["seconds"]), _fmt(r["mb_per_s"]), _fmt(r["peak_rss_mb"], 1),
                         str(r["returncode"])] for r in report["scaling"]]))
    cold = report["cold_start"]
    parts.append(table(["cold start (fresh process)", "seconds"],
                       [["python -c pass", _fmt(cold["python"], 3)],
                        ["import ftfy; ftfy.fix_text(...)", _fmt(cold["ftfy"], 3)],
                        ["import mojifix; mojifix.fix_text(...)", _fmt(cold["mojifix"], 3)]]))
    return "\n\n".join(parts)


def run(corpus: Path, megabytes: float, sizes: Sequence[float], kinds: Sequence[str]) -> dict:
    """The whole speed report (JSON-ready)."""
    clean = base_text(corpus)
    with tempfile.TemporaryDirectory(prefix="mojifix-speed-") as tmp:
        rows = measure_throughput(clean, kinds, megabytes, Path(tmp))
        scaling = measure_scaling(clean, sizes, Path(tmp))
    return {
        "corpus": str(corpus),
        "input_mb": megabytes,
        "throughput": [asdict(r) for r in rows],
        "checks": ratio_checks(rows),
        "scaling": [asdict(r) for r in scaling],
        "cold_start": {"python": cold_start(""), "ftfy": cold_start("ftfy"), "mojifix": cold_start("mojifix")},
        "command": mojifix_command() + ["fix"],
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--mb", type=float, default=1.0, help="size of each throughput input (MB)")
    p.add_argument("--max-mb", type=float, default=100.0, help="largest CLI scaling input (1, 10, 100 MB up to this)")
    p.add_argument("--smoke", action="store_true", help="tiny inputs: 0.05 MB, scaling 0.1 and 0.5 MB")
    p.add_argument("--json", type=Path, default=OUT_DIR / "speed.json")
    p.add_argument("--check", action="store_true", help="exit 1 when a ratio target fails")
    return p.parse_args(argv)


def scaling_sizes(max_mb: float, smoke: bool) -> list[float]:
    """1, 10, 100 MB up to ``max_mb`` (0.1 and 0.5 MB in smoke mode).

    >>> scaling_sizes(20, False), scaling_sizes(100, True)
    ([1.0, 10.0], [0.1, 0.5])
    """
    if smoke:
        return [0.1, 0.5]
    return [s for s in (1.0, 10.0, 100.0) if s <= max_mb] or [max_mb]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    mb = 0.05 if args.smoke else args.mb
    report = run(args.corpus, mb, scaling_sizes(args.max_mb, args.smoke),
                 ("clean", *DAMAGED_KINDS, *MOJIBAKE_KINDS))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(format_tables(report))
    print(f"JSON: {args.json}")
    if args.check:
        return 0 if all(c["passed"] for c in report["checks"]) else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
