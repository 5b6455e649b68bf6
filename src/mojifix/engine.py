"""Restoration engine (dropped, stripped and replaced letters) — placeholder until the
French data lands; returns no change so the rest of the pipeline can be built and tested."""

from __future__ import annotations

from typing import Sequence

from .models import Change, Finding


def restore_block(lines: Sequence[str]) -> list[list[Change]]:
    """Changes for each line of a block (positions relative to that line)."""
    return [[] for _ in lines]


def diagnose_block(lines: Sequence[str]) -> list[list[Finding]]:
    """Findings for each line of a block (positions relative to that line)."""
    return [[] for _ in lines]
