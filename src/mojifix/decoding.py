"""Bytes to text (placeholder: the foundation work replaces this)."""

from __future__ import annotations


def fix_bytes(data: bytes) -> str:
    from .pipeline import fix_text
    return fix_text(data.decode("utf-8", "replace"))
