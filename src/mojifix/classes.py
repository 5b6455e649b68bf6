"""A word-class trigram model: grammar that generalises where word n-grams are sparse.

The word model has never seen "continuait à disputer", but the class model has
seen thousands of "V à Y" (a verb, « à », an infinitive). Words are mapped to
classes from their lexicon tags (their ambiguity class: « passe » is N+V,
« située » is A+Qfs); grammatical words, whose ambiguity is what the engine must
resolve (« a »/« à », « ou »/« où »), stay themselves.

The model ships as ``mojifix/data/fr/classes.bin`` (same checked format as the
other data files), built by ``python -m mojifix.build.classes``.

>>> word_class("disputer", lambda w: frozenset({"V", "Y"}))
'Y'
>>> word_class("à", lambda w: frozenset()), word_class("<num>", lambda w: frozenset())
('à', '<num>')
"""

from __future__ import annotations

import math
from bisect import bisect_left
from typing import Callable, Sequence

from .data import DataError, load_shipped, ngram_hash, typed_array
from .tokens import BOS, EOS, NUM

CLASSES_FILE = "classes.bin"
CLASSES_NAME = "classes"
#: Grammatical words kept as their own class (their choice is what the engine decides).
FUNCTION_WORDS = frozenset(
    """à a au aux de du dû des dès d' la là le les l' un une et ou où en dans par pour sur sûr avec sans sous
    que qu' qui quoi ne n' pas plus se s' ce c' ces cet cette il ils elle elles on je j' tu nous vous me m' te t'
    lui leur leurs y est sont été être avoir ont avait était étaient fut sera son sa ses mon ma mes ton ta tes
    notre nos votre vos comme mais si tout tous toute toutes dont entre vers chez depuis pendant après avant
    selon jusqu' lorsqu' puisqu' même très bien aussi encore déjà non oui peu trop moins ni car donc or
    cela ça celui celle ceux celles quel quelle quels quelles""".split()
)
BACKOFF = math.log10(0.4)
#: Prefix of a word (rather than a class) in the stored keys: (word → next class) counts.
WORD_MARK = "\x02"
#: Prefix of (word,) and (word, "C") counts: occurrences inside sentences, and those with a capital.
CAPITAL_MARK = "\x07"
#: Score of a class never seen at all.
FLOOR = -7.0

Tags = Callable[[str], frozenset[str]]


def word_class(token: str, tags: Tags) -> str:
    """The class of a context-model token (see the module docstring)."""
    if token in FUNCTION_WORDS or token in (NUM, BOS, EOS) or not token[:1].isalpha():
        return token
    t = tags(token)
    if not t:
        return "UNK"
    parts: list[str] = []
    if "Q" in t:
        g = "f" if "f" in t and "m" not in t else "m" if "m" in t and "f" not in t else "e"
        n = "p" if "p" in t and "s" not in t else "s" if "s" in t and "p" not in t else "i"
        parts.append("Q" + g + n)
    if "Y" in t:
        parts.append("Y")
    elif "V" in t and "Q" not in t:
        parts.append("V")
    for letter in ("N", "A", "W", "M", "B"):
        if letter in t:
            parts.append(letter)
    if "N" in t or "A" in t:
        parts.append("p" if "p" in t and "s" not in t else "s" if "s" in t and "p" not in t else "i")
    return "+".join(parts) if parts else "G"


class ClassModel:
    """Stupid-backoff trigram scores over classes (log10), from stored weighted counts."""

    def __init__(self, meta: dict[str, object], sections: dict[str, bytes]) -> None:
        self._keys = typed_array("I", sections["keys"])
        self._logc = typed_array("h", sections["logcounts"])
        self._scale = float(meta["scale"])  # type: ignore[arg-type]
        self._total = float(meta["log_total"])  # type: ignore[arg-type]
        self.class_mass: dict[str, float] = dict(meta.get("class_mass", {}))  # type: ignore[call-overload]
        if len(self._keys) != len(self._logc):
            raise DataError(f"{CLASSES_FILE}: keys and counts differ in length")

    def _logcount(self, toks: Sequence[str]) -> float | None:
        h = ngram_hash(toks)
        i = bisect_left(self._keys, h)
        if i < len(self._keys) and self._keys[i] == h:
            return self._logc[i] / self._scale
        return None

    def logprob_after_word(self, cls: str, word: str) -> float | None:
        """log10 P(next class | previous word), None when the word was too rare to say."""
        num = self._logcount((WORD_MARK + word, cls))
        if num is None:
            den = self._logcount((WORD_MARK + word,))
            return None if den is None else BACKOFF * 3 + self.logprob(cls, ())
        den = self._logcount((WORD_MARK + word,))
        return None if den is None else num - den

    def capitalised_inside_sentences(self, form: str) -> bool:
        """Is ``form`` (whose first letter is accented) mostly written with a capital inside sentences?

        « État », « Église » are; « été », « école » are not. Decides the case of a lost first letter.
        """
        return self.capital_share(form) >= 0.5

    def capital_share(self, form: str) -> float:
        """The share of ``form``'s uses inside sentences written with a capital (0.0 when unseen).

        « île » is rare (a few percent: « l'Île-de-France », « l'Île Maurice ») but not nil, « été » is nil.
        """
        cap = self._logcount((CAPITAL_MARK + form, "C"))
        total = self._logcount((CAPITAL_MARK + form,))
        return 0.0 if cap is None or total is None else min(1.0, 10.0 ** (cap - total))

    def logprob(self, cls: str, history: Sequence[str]) -> float:
        """log10 score of class ``cls`` after the classes ``history`` (last two used)."""
        penalty = 0.0
        hist = tuple(history[-2:])
        while hist:
            num = self._logcount((*hist, cls))
            if num is not None:
                den = self._logcount(hist)
                if den is not None:
                    return penalty + num - den
            penalty += BACKOFF
            hist = hist[1:]
        uni = self._logcount((cls,))
        return penalty + (uni - self._total if uni is not None else FLOOR)


def get_class_model() -> ClassModel:
    """The shipped class model, loaded once per process."""
    return load_shipped(CLASSES_NAME, ClassModel, CLASSES_NAME, CLASSES_FILE)  # type: ignore[no-any-return]
