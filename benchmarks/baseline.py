"""A context-free baseline: each damaged word becomes the most frequent lexicon form with its key.

* dropped kinds: ``lexicon.by_drop(word)`` (the ASCII letters left by the deletion);
* ``stripped``: ``lexicon.by_strip(word)``;
* ``question`` / ``fffd``: ``by_drop`` of the word with its masks removed, filtered by the
  pattern (each mask stands for one non-ASCII character).

The key indexes list only forms with a non-ASCII letter, so the word itself competes too
when it is a lexicon form ("a" against "à"); the most frequent (``logfreq``) wins, index order
breaking ties. The case of the first letter (or of an all-capitals word) is restored; a word
with no candidate is kept.
Nothing is done for the mojibake kinds or for ``mixed`` (the baseline does not know the kind).

>>> lex = FakeLexicon(["a", "à", "été", "eté", "la", "là", "école"])
>>> baseline_fix("Il a t l-bas", "dropped", lex)
'Il a été là-bas'
>>> baseline_fix("A la fin, l'ete", "stripped", lex)
"A la fin, l'été"
>>> baseline_fix("L'?cole ?t? ?", "question", lex)  # a lone "?" may be "à": no context
"L'école été à"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Protocol

from mojifix.keys import drop_key, strip_key

FFFD = "\ufffd"
#: Baseline mode per simulator kind (kinds absent here are left as they are).
MODES: dict[str, str] = {
    "dropped": "drop",
    "dropped_collapsed": "drop",
    "dropped_all": "drop",
    "dropped_ascii": "drop",
    "stripped": "strip",
    "question": "?",
    "fffd": FFFD,
}
_WORD_RE = re.compile(r"[^\W\d_]+")
_MASKED_RE = {mask: re.compile(rf"(?:[^\W\d_]|{re.escape(mask)})+") for mask in ("?", FFFD)}


class LexiconLike(Protocol):
    """What the baseline needs from :class:`mojifix.data.Lexicon`."""

    def by_drop(self, key: str) -> tuple[str, ...]: ...

    def by_strip(self, key: str) -> tuple[str, ...]: ...

    def logfreq(self, form: str) -> float | None: ...

    def __contains__(self, form: object) -> bool: ...


@dataclass(frozen=True)
class FakeLexicon:
    """A tiny in-memory lexicon for tests: forms listed most frequent first.

    Like :class:`mojifix.data.Lexicon`, the key indexes hold only forms with a non-ASCII letter.

    >>> FakeLexicon(["a", "à"]).by_drop(""), FakeLexicon(["a", "à"]).by_strip("a")
    (('à',), ('à',))
    """

    forms: tuple[str, ...]
    _drop: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _strip: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __init__(self, forms: Iterable[str]) -> None:
        object.__setattr__(self, "forms", tuple(forms))
        drop: dict[str, list[str]] = {}
        strip: dict[str, list[str]] = {}
        for form in self.forms:
            if form.isascii():
                continue
            drop.setdefault(drop_key(form), []).append(form)
            strip.setdefault(strip_key(form), []).append(form)
        object.__setattr__(self, "_drop", {k: tuple(v) for k, v in drop.items()})
        object.__setattr__(self, "_strip", {k: tuple(v) for k, v in strip.items()})

    def __contains__(self, form: object) -> bool:
        return form in self.forms

    def by_drop(self, key: str) -> tuple[str, ...]:
        return self._drop.get(key, ())

    def by_strip(self, key: str) -> tuple[str, ...]:
        return self._strip.get(key, ())

    def logfreq(self, form: str) -> float | None:
        return -float(self.forms.index(form)) if form in self.forms else None


def restore_case(model: str, form: str) -> str:
    """``form`` with the case of ``model``'s first letter (all capitals if ``model`` is).

    >>> restore_case("Ete", "été"), restore_case("ETE", "été"), restore_case("?t?", "été")
    ('Été', 'ÉTÉ', 'été')
    """
    if len(model) > 1 and model.isupper():
        return form.upper()
    if model[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def mask_pattern(word: str, mask: str) -> re.Pattern[str]:
    """A regex matching the forms a masked word may stand for.

    >>> bool(mask_pattern("?t?", "?").fullmatch("été")), bool(mask_pattern("?t?", "?").fullmatch("ete"))
    (True, False)
    """
    parts = (r"[^\x00-\x7f]" if c == mask else re.escape(c) for c in word.lower())
    return re.compile("".join(parts))


def best_form(word: str, mode: str, lexicon: LexiconLike) -> str:
    """The baseline's replacement for one word (``word`` itself when no candidate)."""
    low = word.lower()
    if mode == "drop":
        candidates = lexicon.by_drop(low)
    elif mode == "strip":
        candidates = lexicon.by_strip(low)
    else:
        if mode not in word:
            return word
        pattern = mask_pattern(word, mode)
        candidates = tuple(f for f in lexicon.by_drop(low.replace(mode, "")) if pattern.fullmatch(f))
    if mode in ("drop", "strip") and low in lexicon:
        candidates = (low, *candidates)
    if not candidates:
        return word
    best = max(candidates, key=lambda f: _freq(lexicon, f))  # max keeps the first of equals
    return word if best == low else restore_case(word, best)


def _freq(lexicon: LexiconLike, form: str) -> float:
    value = lexicon.logfreq(form)
    return float("-inf") if value is None else value


def word_fixer(mode: str, lexicon: LexiconLike) -> Callable[[re.Match[str]], str]:
    """A ``re.sub`` callback applying :func:`best_form` with a per-run cache."""
    cache: dict[str, str] = {}

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        if word not in cache:
            cache[word] = best_form(word, mode, lexicon)
        return cache[word]

    return fix


def baseline_fix(text: str, kind: str, lexicon: LexiconLike) -> str:
    """``text`` with every word replaced by the baseline's choice for ``kind``."""
    mode = MODES.get(kind)
    if mode is None:
        return text
    word_re = _WORD_RE if mode in ("drop", "strip") else _MASKED_RE[mode]
    return word_re.sub(word_fixer(mode, lexicon), text)
