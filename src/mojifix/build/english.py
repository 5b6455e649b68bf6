"""The small English word list of the language gate: common English words that are not French.

A word is listed when it is among the most frequent English words, is clearly more frequent in
English than in French (wordfreq Zipf difference), is not a lexicon form unless far more English than
French ("in"), and is not the accent-stripped spelling of a common French form ("general", "role"),
but may be what is left of one once its accented letters are deleted ("install", "pass").

>>> pick_english([("the", 7.7, 4.4), ("a", 7.3, 7.2), ("role", 5.0, 3.5), ("in", 7.3, 4.6)],
...              french_forms={"a", "in", "rôle"}, stripped_zipf={"role": 4.9})
[('the', 7.7), ('in', 7.3)]
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping

from ..keys import strip_key

#: Size of the list.
ENGLISH_SIZE = 5000
#: Zipf margin for words that are not French forms, and for words that are.
MARGIN_NON_FORM = 1.0
MARGIN_FORM = 2.0
#: A stripped French form this close to the English frequency vetoes the word.
STRIPPED_MARGIN = 1.5


def pick_english(
    candidates: Iterable[tuple[str, float, float]],
    french_forms: Container[str],
    stripped_zipf: Mapping[str, float],
    size: int = ENGLISH_SIZE,
) -> list[tuple[str, float]]:
    """Select ``(word, english_zipf)`` from ``(word, english_zipf, french_zipf)`` in frequency order."""
    out: list[tuple[str, float]] = []
    for word, en, fr in candidates:
        if len(out) >= size:
            break
        if not (word.isascii() and word.isalpha()):
            continue
        margin = MARGIN_FORM if word in french_forms else MARGIN_NON_FORM
        if en - fr < margin or stripped_zipf.get(word, -1.0) > en - STRIPPED_MARGIN:
            continue
        out.append((word, en))
    return out


def stripped_form_zipf(form_zipf: Mapping[str, float]) -> dict[str, float]:
    """Highest French Zipf of accented forms under each strip key.

    Only the strip key vetoes: « general » is « général » without its accents and must not count as
    English in French text. The drop key does not: « install », « limit », « pass » are what is left of
    « installé », « limité », « passé » once their accented letters are deleted, but a line of French
    that says « pip install » or « rest » is far more often English or code than damaged (measured on
    2026-11-26: the clean audit lost 10 of its 85 changed tokens, « pip install mojifix » no longer
    becomes « pipé installé »; the dropped-letter kinds of dev did not move, mixed +4 errors of 72,341).

    >>> stripped_form_zipf({"général": 5.0, "installé": 4.7})
    {'general': 5.0, 'installe': 4.7}
    """
    out: dict[str, float] = {}
    for form, z in form_zipf.items():
        if not form.isascii():
            key = strip_key(form)
            if z > out.get(key, -1.0):
                out[key] = z
    return out


def english_list(
    top_english: Iterable[str],
    zipf: Callable[[str, str], float],
    french_forms: Container[str],
    form_zipf: Mapping[str, float],
    size: int = ENGLISH_SIZE,
) -> list[tuple[str, float]]:
    """The English list from wordfreq (``zipf(word, lang)``) and the French lexicon."""
    stripped = stripped_form_zipf(form_zipf)
    cands = ((w, zipf(w, "en"), zipf(w, "fr")) for w in top_english)
    return pick_english(cands, french_forms, stripped, size)
