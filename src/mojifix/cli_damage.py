"""The ``mojifix damage`` command: write a damaged copy of clean text to stdout.

Registered on the main typer ``app`` when :mod:`mojifix.cli` imports this module::

    mojifix damage --kind dropped_collapsed --seed 3 clean.txt > damaged.txt
    echo "Il a été là." | mojifix damage --kind stripped      # Il a ete la.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .cli import app
from .simulate import KIND_NAMES, damage, resolve_kind


def _read_inputs(files: list[Path]) -> list[str]:
    """The text of each file (UTF-8, newlines kept); stdin when no file is given."""
    if not files or files == [Path("-")]:
        return [sys.stdin.read()]
    return [p.read_text(encoding="utf-8") for p in files]


@app.command("damage")
def damage_command(
    files: Optional[List[Path]] = typer.Argument(None, help="Clean UTF-8 files (default: stdin)."),
    kind: str = typer.Option("mixed", "--kind", "-k", help=f"One of: {', '.join(KIND_NAMES)}."),
    seed: int = typer.Option(0, "--seed", "-s", help="Seed of the random choices (mixed kind, --rate)."),
    rate: float = typer.Option(1.0, "--rate", min=0.0, max=1.0, help="Share of the words to damage."),
) -> None:
    """Simulate damage on clean French text (for tests and benchmarks); writes to stdout."""
    try:
        name = resolve_kind(kind)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--kind") from exc
    out = sys.stdout
    for text in _read_inputs(list(files or [])):
        out.write(damage(text, name, seed=seed, rate=rate))
    out.flush()
