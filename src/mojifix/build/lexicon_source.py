"""Read and filter the Dicollecte lexicon (``lex_grammalecte_allvars.tsv``) into lowercase entries.

>>> sorted(compact_tags(":V1__t___zz:Q:A:f:s/*"))
['A', 'Q', 'V', 'f', 's']
>>> sorted(compact_tags(":M1:m:i/*")), sorted(compact_tags(":V0ait____a:Ip:3p!/*"))
(['M', 'i', 'm'], ['3p', 'Ip', 'V'])
>>> sorted(compact_tags(":N:m:p#P/*")), sorted(compact_tags(":MP:e:i#C/*"))
(['L', 'M', 'N', 'm', 'p'], ['L', 'M', 'e', 'i'])
>>> normalise_form("aujourd’hui"), is_clean_form("ce₂s₃"), is_clean_form("peut-être"), is_clean_form("l'")
("aujourd'hui", False, True, True)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: A form: letters, inner hyphens or apostrophes, an optional final apostrophe (elisions: ``l'``).
FORM_RE = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*'?")
_VERB_RE = re.compile(r"V\d")
_PERSON_RE = re.compile(r"([123])[sp]")

LEXICON_FILE = "lex_grammalecte_allvars.tsv"
REJECTS_FILE = "hunspell_rejects.txt"


@dataclass(frozen=True)
class Entry:
    """One reading of a form in the source lexicon."""

    form: str
    lemma: str
    tags: frozenset[str]


def normalise_form(form: str) -> str:
    """Typographic apostrophe folded to ``'`` (as :func:`mojifix.tokens.lm_tokens` does)."""
    return form.replace("’", "'")


def is_latin_letter(char: str) -> bool:
    """A letter of the Latin script (not µ, ω, ℓ …).

    >>> is_latin_letter("é"), is_latin_letter("œ"), is_latin_letter("ω"), is_latin_letter("ℓ")
    (True, True, False, False)
    """
    return char.isalpha() and (char.isascii() or unicodedata.name(char, "").startswith("LATIN "))


def is_clean_form(form: str) -> bool:
    """Only Latin letters, inner hyphens and apostrophes (no digits, sub/superscripts, unit symbols, dots)."""
    return FORM_RE.fullmatch(form) is not None and all(c in "-'" or is_latin_letter(c) for c in form)


def _compact_segment(seg: str) -> str | None:
    seg = seg.split(";", 1)[0].split("#", 1)[0].lstrip("É")
    if not seg:
        return None
    if _VERB_RE.match(seg):
        return "V"
    if seg[0] == "M" and seg[1:] in ("1", "2", "P"):
        return "M"
    m = _PERSON_RE.match(seg)
    if m:
        return seg[:2].replace("ŝ", "s").replace("ś", "s")
    return seg


@lru_cache(maxsize=None)
def compact_tags(field: str) -> frozenset[str]:
    """Compact tag set of one Dicollecte tag field (categories, moods, person, gender, number)."""
    body = field.split("/", 1)[0]
    tags = {t for t in map(_compact_segment, body.split(":")) if t}
    if "#P" in body:  # place names ("Canada", "États-Unis") are tagged as nouns with a #P mark
        tags.add("M")
    if "#P" in body or ":MP" in body:  # and L marks every place name (« à Lyon »), apart from people's names
        tags.add("L")
    return frozenset(tags)


def read_rejects(path: Path) -> frozenset[str]:
    """Whitespace-separated forms hunspell refuses (noise in the lexicon)."""
    return frozenset(path.read_text(encoding="utf-8").split())


def is_inverted_first_person(form: str, field: str) -> bool:
    """The ``-è`` spelling only used before ``-je`` ("aimè-je"): never a token of its own, only noise.

    >>> is_inverted_first_person("aimè", ":V1_it_q__a:Ip:1ś/R"), is_inverted_first_person("dussé", ":V3:Sq:1ś/R")
    (True, False)
    """
    return form.endswith("è") and "1ś" in field


def read_entries(path: Path) -> Iterator[Entry]:
    """All rows of the TSV lexicon, forms normalised, in file order."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3 and parts[0] and not is_inverted_first_person(parts[0], parts[2]):
                yield Entry(normalise_form(parts[0]), parts[1], compact_tags(parts[2]))


def _is_letter_name(tags: frozenset[str]) -> bool:
    """The reading of a single letter as a noun ('le b'), not a word."""
    return "N" in tags and not (tags & {"V", "G", "J", "W", "A", "R"})


def keep_entry(entry: Entry, rejects: frozenset[str]) -> bool:
    """Filter noise: rejects, non-letters, single letters that are only letter names."""
    if entry.form in rejects or not is_clean_form(entry.form):
        return False
    return not (len(entry.form) == 1 and _is_letter_name(entry.tags))


@dataclass(frozen=True)
class LexiconEntries:
    """Lowercase forms with their tags and capitalised-only spellings."""

    tags: dict[str, frozenset[str]]
    cased: dict[str, str]


def _case_rank(spelling: str) -> tuple[int, str]:
    return (sum(c.isupper() for c in spelling), spelling)


def collect(entries: Iterable[Entry], rejects: frozenset[str]) -> LexiconEntries:
    """Group kept readings by lowercase form; remember forms that exist only capitalised."""
    tags: dict[str, set[str]] = {}
    lower_seen: set[str] = set()
    capitals: dict[str, list[str]] = {}
    for entry in entries:
        if not keep_entry(entry, rejects):
            continue
        low = entry.form.lower()
        tags.setdefault(low, set()).update(entry.tags)
        if entry.form == low:
            lower_seen.add(low)
        else:
            capitals.setdefault(low, []).append(entry.form)
    cased = {low: min(spellings, key=_case_rank) for low, spellings in sorted(capitals.items())
             if low not in lower_seen}
    return LexiconEntries({f: frozenset(t) for f, t in sorted(tags.items())}, cased)


def load_lexicon_entries(directory: Path) -> LexiconEntries:
    """Filtered lowercase lexicon from a directory holding the Dicollecte TSV and the rejects list."""
    rejects = read_rejects(directory / REJECTS_FILE)
    return collect(read_entries(directory / LEXICON_FILE), rejects)
