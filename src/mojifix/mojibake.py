"""Mojibake repair with ftfy (placeholder: the foundation work replaces this)."""

from __future__ import annotations

from .models import Change, Finding


def fix_mojibake(line: str) -> list[Change]:
    return []


def find_mojibake(line: str) -> list[Finding]:
    return []
