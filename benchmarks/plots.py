"""PNG plots for RESULTS.md (matplotlib, Agg backend; ``pip install mojifix[bench]``).

Both functions take the JSON reports of :mod:`benchmarks.accuracy` and :mod:`benchmarks.speed`
and return the path written, or ``None`` when matplotlib is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Sequence

FIXER_COLOURS = {"damaged": "#bbbbbb", "mojifix": "#1f77b4", "ftfy": "#ff7f0e", "baseline": "#2ca02c"}


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    return plt


def plot_wer(summary: Sequence[dict[str, Any]], path: Path, title: str) -> Optional[Path]:
    """Grouped bars: WER per damage kind for the damaged input, mojifix, ftfy and the baseline."""
    plt = _pyplot()
    if plt is None:
        return None
    rows = [r for r in summary if r["kind"] != "clean"]
    kinds = [r["kind"] for r in rows]
    series = {
        "damaged": [r["input_wer"] for r in rows],
        "mojifix": [r["mojifix_wer"] for r in rows],
        "ftfy": [r["ftfy_wer"] for r in rows],
        "baseline": [r["baseline_wer"] for r in rows],
    }
    fig, ax = plt.subplots(figsize=(11, 4.5))
    width = 0.2
    for i, (name, values) in enumerate(series.items()):
        xs = [k + (i - 1.5) * width for k in range(len(kinds))]
        ys = [100 * v if v == v else 0.0 for v in values]  # NaN (not applicable) drawn as nothing
        ax.bar(xs, ys, width, label=name, color=FIXER_COLOURS[name])
    ax.set_xticks(range(len(kinds)))
    ax.set_xticklabels(kinds, rotation=30, ha="right")
    ax.set_ylabel("token error rate (%)")
    ax.set_title(title)
    ax.legend()
    ax.grid(axis="y", alpha=0.3)
    return _save(plt, fig, path)


def plot_throughput(speed: dict[str, Any], path: Path) -> Optional[Path]:
    """Left: CLI time and peak RSS vs input size. Right: MB/s per input, mojifix vs ftfy."""
    plt = _pyplot()
    if plt is None:
        return None
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    scaling = [r for r in speed["scaling"] if r["returncode"] == 0] or speed["scaling"]
    sizes = [r["megabytes"] for r in scaling]
    left.plot(sizes, [r["seconds"] for r in scaling], "o-", color=FIXER_COLOURS["mojifix"], label="seconds")
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xlabel("input size (MB, mixed damage)")
    left.set_ylabel("CLI wall time (s)")
    rss = left.twinx()
    rss.plot(sizes, [r["peak_rss_mb"] for r in scaling], "s--", color="#d62728", label="peak RSS")
    rss.set_ylabel("peak RSS (MB)")
    rss.set_ylim(bottom=0)
    left.set_title("mojifix fix: time vs size (linear = slope 1), memory")
    left.grid(alpha=0.3)
    rows = speed["throughput"]
    names = [r["input"] for r in rows]
    width = 0.4
    for i, fixer in enumerate(("mojifix", "ftfy")):
        ys = [r[fixer] if r[fixer] == r[fixer] else 0.0 for r in rows]
        right.bar([k + (i - 0.5) * width for k in range(len(rows))], ys, width, label=f"{fixer}.fix_text",
                  color=FIXER_COLOURS[fixer])
    right.set_xticks(range(len(names)))
    right.set_xticklabels(names, rotation=30, ha="right")
    right.set_ylabel("MB/s")
    right.set_title(f"throughput on {speed['input_mb']} MB inputs")
    right.legend()
    right.grid(axis="y", alpha=0.3)
    return _save(plt, fig, path)


def _save(plt: Any, fig: Any, path: Path) -> Path:
    """Lay out, write ``path`` (its folder created) at 100 dpi, and free the figure."""
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
