"""Damage keys: what a word becomes under each kind of damage.

A key maps a clean form to the token that damage leaves behind; the lexicon is
indexed by these keys so that a damaged token finds the forms it may have been.

>>> drop_key("américaine"), drop_key("été"), drop_key("à")
('amricaine', 't', '')
>>> strip_key("Où"), strip_key("cœur"), strip_key("Ægypte")
('Ou', 'coeur', 'AEgypte')
>>> mask_key("américaine", "?"), mask_key("américaine", "??", per_byte=True)
('am?ricaine', 'am??ricaine')
"""

from __future__ import annotations

import unicodedata

_LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ﬁ": "fi", "ﬂ": "fl"}


class _StripTable(dict):  # type: ignore[type-arg]
    """A lazy str.translate table: each non-ASCII char to its unaccented spelling."""

    def __missing__(self, code: int) -> str | int | None:
        ch = chr(code)
        if code < 128:
            value: str | int | None = code
        elif ch in _LIGATURES:
            value = _LIGATURES[ch]
        else:
            base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
            value = base if base and base != ch else code
        self[code] = value
        return value


class _DropTable(dict):  # type: ignore[type-arg]
    """A lazy str.translate table that deletes every non-ASCII character."""

    def __missing__(self, code: int) -> int | None:
        value = code if code < 128 else None
        self[code] = value
        return value


_STRIP = _StripTable()
_DROP = _DropTable()


def strip_key(form: str) -> str:
    """``form`` with accents removed and ligatures folded (œ→oe, æ→ae)."""
    return form if form.isascii() else form.translate(_STRIP)


def drop_key(form: str) -> str:
    """``form`` with every non-ASCII character deleted."""
    return form if form.isascii() else form.translate(_DROP)


def mask_key(form: str, mask: str = "?", per_byte: bool = False) -> str:
    """``form`` with every non-ASCII character replaced by ``mask``.

    With ``per_byte``, one mask per UTF-8 byte of the character (``mask`` is then
    the mask for a two-byte character and is repeated as needed).
    """
    if form.isascii():
        return form
    unit = mask[0]
    return "".join(
        c if ord(c) < 128 else (unit * len(c.encode("utf-8")) if per_byte else mask)
        for c in form
    )


def has_non_ascii_letter(text: str) -> bool:
    """True when ``text`` has a letter outside ASCII (é, œ, ß …).

    >>> has_non_ascii_letter("l’été"), has_non_ascii_letter("l’ete")
    (True, False)
    """
    return not text.isascii() and any(ord(c) > 127 and c.isalpha() for c in text)
