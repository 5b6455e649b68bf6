"""Damage simulator: turn clean French text into the damaged text mojifix repairs.

Every kind is deterministic for a given ``seed`` (only ``"mixed"`` and ``rate`` < 1
draw random numbers) and keeps line endings, so a damaged file lines up with its
clean source line by line.

``dropped`` — non-ASCII *letters* deleted; punctuation and symbols (’ « » € … °)
and all whitespace kept, so a vanished one-letter word leaves a double space:

>>> damage("Le coût est estimé à 10 €, dit l’État.", "dropped")
'Le cot est estim  10 €, dit l’tat.'

``dropped_collapsed`` — as ``dropped``, then a word that vanished entirely takes
one neighbouring space with it (the space before it, or after it at the start of
a line), i.e. the double spaces the deletion produced collapse to one. Runs of
spaces already in the clean text are kept, so undamaged lines stay identical:

>>> damage("À la fin, il a été payé à 90 %.", "dropped_collapsed")
'la fin, il a t pay 90 %.'

``dropped_all`` — every non-ASCII character deleted (letters, ’ « » € NBSP …), then
collapsed like ``dropped_collapsed``:

>>> damage("« Déjà ? » dit-elle, l’œil sur 12\u00a0€.", "dropped_all")
'Dj ? dit-elle, lil sur 12.'

``dropped_ascii`` — every non-ASCII character deleted and every ASCII one kept, spaces
included: what ``text.encode("ascii", "ignore")`` or ``iconv -c`` leave. A vanished word
or quote leaves its two spaces side by side (not drawn by ``mixed``, whose figures stay
comparable with those measured before this kind existed):

>>> damage("« Déjà ? » dit-elle, à 12\u00a0€.", "dropped_ascii")
' Dj ?  dit-elle,  12.'

``stripped`` — accents removed, ligatures folded (œ→oe, æ→ae, see
:func:`mojifix.keys.strip_key`); non-ASCII punctuation kept:

>>> damage("L’œuvre créée à Noël.", "stripped")
'L’oeuvre creee a Noel.'

``question`` — what an ASCII encoder with ``errors="replace"`` leaves: every
non-ASCII character, letter or punctuation (’ « » NBSP …), becomes one ``?``:

>>> damage("L’été « chaud ».", "question")
'L??t? ? chaud ?.'

``fffd`` — cp1252 bytes read as UTF-8 with ``errors="replace"``: each non-ASCII
byte becomes U+FFFD (a lead byte followed by a fitting continuation byte, as in
"é»", gives one U+FFFD for both — what Python's decoder really does):

>>> damage("Un café à Noël.", "fffd")
'Un caf\\ufffd \\ufffd No\\ufffdl.'

``mojibake`` — UTF-8 read as cp1252, sloppily (bytes 0x81 0x8D 0x8F 0x90 0x9D,
undefined in cp1252, become the code points of the same value, as in ftfy's
"sloppy-windows-1252"); ``mojibake_latin1`` — UTF-8 read as latin-1;
``double_mojibake`` — ``mojibake`` applied twice:

>>> damage("Déjà l’été", "mojibake")
'DÃ©jÃ\\xa0 lâ€™Ã©tÃ©'
>>> damage("Déjà", "mojibake_latin1")
'DÃ©jÃ\\xa0'
>>> damage("été", "double_mojibake")
'ÃƒÂ©tÃƒÂ©'

``lossy_mojibake`` — ``mojibake`` as it comes out of systems that lose what
cp1252 cannot show: the NBSP of "à" (0xC3 0xA0) becomes a normal space and the
undefined bytes become ``?``:

>>> damage("Voilà Ísis", "lossy_mojibake")
'VoilÃ  Ã?sis'

``mixed`` — each line (paragraph) gets one kind, drawn with the seeded RNG among
the kinds above (but ``dropped_ascii``), or stays clean (``MIXED_CLEAN_SHARE`` of the lines):

>>> damage("Un été.\\nUn été.\\nUn été.\\nUn été.", "mixed", seed=3).count("\\n")
3

``rate`` < 1 damages only that share of the words (whitespace-separated), drawn
with the seeded RNG; the others stay intact:

>>> damage("été été été été été été", "stripped", seed=1, rate=0.5)
'été ete ete été été ete'
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Union

from .keys import drop_key, mask_key, strip_key

__all__ = ["DamageSpec", "KINDS", "KIND_NAMES", "MIXED_CLEAN_SHARE", "damage", "resolve_kind"]

#: Share of lines left clean by the ``mixed`` kind.
MIXED_CLEAN_SHARE = 0.25

_LINE_RE = re.compile(r"[^\n]*\n|[^\n]+")
_SPACES_RE = re.compile(r"( +)")
_CP1252_UNDEFINED = "\x81\x8d\x8f\x90\x9d"


class _LetterDropTable(dict):  # type: ignore[type-arg]
    """A lazy str.translate table deleting non-ASCII letters and combining marks only."""

    def __missing__(self, code: int) -> int | None:
        ch = chr(code)
        keep = code < 128 or not (ch.isalpha() or unicodedata.category(ch).startswith("M"))
        value = code if keep else None
        self[code] = value
        return value


def _sloppy_cp1252_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for b in range(128, 256):
        try:
            table[b] = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            table[b] = chr(b)
    return table


_LETTER_DROP = _LetterDropTable()
_SLOPPY_CP1252 = _sloppy_cp1252_table()
_LOSSY = str.maketrans({"\xa0": " ", **{c: "?" for c in _CP1252_UNDEFINED}})


def drop_letters(text: str) -> str:
    """``text`` without its non-ASCII letters (punctuation kept).

    >>> drop_letters("« Où ça ? » — 5 €")
    '« O a ? » — 5 €'
    """
    return text if text.isascii() else text.translate(_LETTER_DROP)


def question_marks(text: str) -> str:
    """ASCII-encode with ``errors="replace"``: one ``?`` per non-ASCII character.

    >>> question_marks("l’île")
    'l??le'
    """
    return mask_key(text, "?")


def replacement_chars(text: str) -> str:
    """cp1252 bytes decoded as UTF-8 with ``errors="replace"``.

    >>> replacement_chars("où")
    'o\\ufffd'
    """
    if text.isascii():
        return text
    return text.encode("cp1252", errors="replace").decode("utf-8", errors="replace")


def mojibake_cp1252(text: str) -> str:
    """UTF-8 bytes read as (sloppy) cp1252.

    >>> mojibake_cp1252("Où")
    'OÃ¹'
    """
    if text.isascii():
        return text
    return text.encode("utf-8", errors="surrogatepass").decode("latin-1").translate(_SLOPPY_CP1252)


def mojibake_latin1(text: str) -> str:
    """UTF-8 bytes read as latin-1.

    >>> mojibake_latin1("’")
    'â\\x80\\x99'
    """
    if text.isascii():
        return text
    return text.encode("utf-8", errors="surrogatepass").decode("latin-1")


def double_mojibake(text: str) -> str:
    """:func:`mojibake_cp1252` twice.

    >>> double_mojibake("à")
    'ÃƒÂ\\xa0'
    """
    return mojibake_cp1252(mojibake_cp1252(text))


def lossy_mojibake(text: str) -> str:
    """:func:`mojibake_cp1252`, NBSP turned into a space and undefined bytes into ``?``.

    >>> lossy_mojibake("à Á")
    'Ã  Ã?'
    """
    return mojibake_cp1252(text).translate(_LOSSY)


@dataclass(frozen=True)
class DamageSpec:
    """One kind of damage: its name, what it does, and how.

    ``collapse`` says whether a word that vanished takes a neighbouring space with it;
    ``in_mixed`` whether the ``mixed`` kind draws this one for some of its lines.
    """

    name: str
    summary: str
    func: Callable[[str], str]
    collapse: bool = False
    in_mixed: bool = True


#: Every kind but ``mixed``, in a stable order.
KINDS: dict[str, DamageSpec] = {
    spec.name: spec
    for spec in (
        DamageSpec("dropped", "non-ASCII letters deleted, punctuation and whitespace kept", drop_letters),
        DamageSpec("dropped_collapsed", "non-ASCII letters deleted, vanished words' spaces collapsed",
                   drop_letters, collapse=True),
        DamageSpec("dropped_all", "every non-ASCII character deleted, spaces collapsed", drop_key, collapse=True),
        DamageSpec("dropped_ascii", "every non-ASCII character deleted, spaces kept (encode('ascii', 'ignore'))",
                   drop_key, in_mixed=False),
        DamageSpec("stripped", "accents removed, œ→oe, æ→ae", strip_key),
        DamageSpec("question", "each non-ASCII character replaced by '?'", question_marks),
        DamageSpec("fffd", "cp1252 bytes read as UTF-8: U+FFFD", replacement_chars),
        DamageSpec("mojibake", "UTF-8 read as (sloppy) cp1252", mojibake_cp1252),
        DamageSpec("mojibake_latin1", "UTF-8 read as latin-1", mojibake_latin1),
        DamageSpec("double_mojibake", "UTF-8 read as cp1252, twice", double_mojibake),
        DamageSpec("lossy_mojibake", "UTF-8 read as cp1252, NBSP→space, undefined bytes→'?'", lossy_mojibake),
    )
}
#: All kind names accepted by :func:`damage`, ``mixed`` included.
KIND_NAMES: tuple[str, ...] = (*KINDS, "mixed")

#: Names of :class:`mojifix.DamageKind` values that map onto a simulator kind.
_ALIASES = {
    "dropped_letters": "dropped",
    "dropped_word": "dropped_collapsed",
    "stripped_accents": "stripped",
    "replaced_question": "question",
    "replaced_fffd": "fffd",
}

KindLike = Union[str, object]


def resolve_kind(kind: KindLike) -> str:
    """The simulator kind name for a name or a :class:`mojifix.DamageKind`-like value.

    >>> resolve_kind("stripped_accents"), resolve_kind("MOJIBAKE")
    ('stripped', 'mojibake')
    """
    name = str(getattr(kind, "value", kind)).strip().lower().replace("-", "_")
    name = _ALIASES.get(name, name)
    if name not in KIND_NAMES:
        raise ValueError(f"unknown damage kind {kind!r}; expected one of {', '.join(KIND_NAMES)}")
    return name


def _damage_body(body: str, spec: DamageSpec, rng: random.Random, rate: float) -> str:
    """Damage one line without its ending."""
    if rate >= 1.0 and not spec.collapse:
        return spec.func(body)
    parts = _SPACES_RE.split(body)  # words at even indices, space runs at odd ones
    for i in range(0, len(parts), 2):
        if rate >= 1.0 or rng.random() < rate:
            parts[i] = spec.func(parts[i])
    if not spec.collapse:
        return "".join(parts)
    return _collapse_vanished(_SPACES_RE.split(body), parts)


def _collapse_vanished(before: list[str], after: list[str]) -> str:
    """Join ``after``, dropping each word that vanished with one neighbouring space run.

    >>> _collapse_vanished(["a", " ", "à", " ", "b"], ["a", " ", "", " ", "b"])
    'a b'
    >>> _collapse_vanished(["À", " ", "la"], ["", " ", "la"])
    'la'
    """
    out: list[str] = []
    skip_space = False
    for i, part in enumerate(after):
        if i % 2:  # a space run
            if skip_space:
                skip_space = False
                continue
            out.append(part)
        elif part or not before[i]:
            out.append(part)
            skip_space = False
        elif out:  # vanished word after something: drop the space before it
            out.pop()
        else:  # vanished word at line start: drop the space after it
            skip_space = True
    return "".join(out)


def _split_ending(line: str) -> tuple[str, str]:
    body = line.rstrip("\r\n")
    return body, line[len(body):]


def damage(text: str, kind: KindLike, seed: int = 0, rate: float = 1.0) -> str:
    """``text`` with ``kind`` of damage applied (see the module docstring).

    Deterministic for a given ``seed``; line endings are kept, so lines correspond.

    >>> damage("Il a été reçu.\\n", "dropped")
    'Il a t reu.\\n'
    >>> damage("Il a été reçu.", "dropped", rate=0.0)
    'Il a été reçu.'
    """
    name = resolve_kind(kind)
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"rate must be within [0, 1], got {rate}")
    rng = random.Random(f"mojifix-simulate:{seed}")
    names = tuple(n for n, spec in KINDS.items() if spec.in_mixed)
    out: list[str] = []
    for line in _LINE_RE.findall(text):
        body, ending = _split_ending(line)
        if name == "mixed":
            clean = rng.random() < MIXED_CLEAN_SHARE
            spec = KINDS[rng.choice(names)]
            out.append((body if clean else _damage_body(body, spec, rng, rate)) + ending)
        else:
            out.append(_damage_body(body, KINDS[name], rng, rate) + ending)
    return "".join(out)
