"""A gap model: did a vanished « à » stand between these two words?

Where a legacy decoder deleted every accented letter and the spaces were collapsed
(« Il est conserv la Bibliothque »), each gap between two words may have held « à ».
The word and class models judge a gap by the readings around it; this model judges it
from the damaged words themselves, as they stand: the words on each side, their
endings, the next word's shape. It is a logistic regression trained on the training
corpora damaged the same way (``python -m mojifix.build.gaps``); its features are
hashed into a fixed table, so the runtime needs only the weights.

The model ships as ``mojifix/data/fr/gaps.bin`` (the checked format of the other data files).

>>> from mojifix.segment import tokenize
>>> toks = tokenize("il est conserv la Bibliothque")
>>> gap_features(toks, 3)[:4]
['b', 'l1=conserv', 'r1=la', 'l2=est']
"""

from __future__ import annotations

import zlib
from typing import Sequence

from .classes import word_class
from .data import DataError, load_shipped, typed_array
from .segment import Token

GAPS_FILE = "gaps.bin"
GAPS_NAME = "gaps"
#: Characters of a word's end kept as a feature: infinitives (« -er »), participles.
AFFIX = 3


def _shape(tok: Token | None) -> str:
    if tok is None:
        return "none"
    if tok.kind == "num":
        return "num"
    if tok.kind != "word":
        return "p" + tok.text[:1]
    first = tok.text[:1]
    return "cap" if first.isupper() else "low"


class WordClasses:
    """The class of a damaged word (:func:`mojifix.classes.word_class`), cached: a form's own, else
    (marked ``~``) that of the likeliest form its lost letters explain (« conserv » reads as « conservé »),
    else ``UNK``. (A class of its own for English words: dev +5 errors, not kept.)
    """

    def __init__(self, lex: object) -> None:
        self._lex = lex
        self._cache: dict[str, str] = {}

    def __call__(self, tok: Token | None) -> str:
        if tok is None:
            return "<s>"
        if tok.kind != "word":
            return "<num>" if tok.kind == "num" else tok.text[:1]
        low = tok.text.lower()
        c = self._cache.get(low)
        if c is None:
            lex = self._lex
            if low in lex:  # type: ignore[operator]
                c = word_class(low, lex.tags)  # type: ignore[attr-defined]
            else:
                forms = lex.by_drop(low)  # type: ignore[attr-defined]
                c = "~" + word_class(forms[0], lex.tags) if forms else "UNK"  # type: ignore[attr-defined]
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[low] = c
        return c


def gap_features(tokens: Sequence[Token], i: int, classes: WordClasses | None = None) -> list[str]:
    """The features of the gap before ``tokens[i]`` (strings, hashed by :meth:`GapModel.logit`)."""
    l1 = tokens[i - 1].text.lower() if i >= 1 else "<s>"
    l2 = tokens[i - 2].text.lower() if i >= 2 else "<s>"
    r1 = tokens[i].text.lower()
    r2 = tokens[i + 1].text.lower() if i + 1 < len(tokens) else "</s>"
    shape = _shape(tokens[i])
    l1s, r1s = l1[-AFFIX:], r1[-AFFIX:]
    out = [
        "b", "l1=" + l1, "r1=" + r1, "l2=" + l2, "r2=" + r2,
        "l1r1=" + l1 + "|" + r1, "l2l1=" + l2 + "|" + l1, "r1r2=" + r1 + "|" + r2,
        "l1s=" + l1s, "r1s=" + r1s, "r1sh=" + shape, "l1sh=" + l1 + "|" + shape,
        "l1sr1=" + l1s + "|" + r1, "l1r1s=" + l1 + "|" + r1s, "l1sr1s=" + l1s + "|" + r1s,
        "l1r2=" + l1 + "|" + r2, "r2sh=" + _shape(tokens[i + 1] if i + 1 < len(tokens) else None),
    ]
    if classes is not None:
        c1 = classes(tokens[i - 1] if i >= 1 else None)
        c2 = classes(tokens[i - 2] if i >= 2 else None)
        d1 = classes(tokens[i])
        d2 = classes(tokens[i + 1] if i + 1 < len(tokens) else None)
        out += ["c1=" + c1, "d1=" + d1, "c1d1=" + c1 + "|" + d1, "l1d1=" + l1 + "|" + d1,
                "c1r1=" + c1 + "|" + r1, "c2c1d1=" + c2 + "|" + c1 + "|" + d1, "c1d1d2=" + c1 + "|" + d1 + "|" + d2,
                "d1d2=" + d1 + "|" + d2]
    return out


def feature_slot(feature: str, bits: int) -> int:
    """The table index of a feature (CRC-32, low ``bits`` bits; the builder uses the same).

    >>> feature_slot("b", 16) == feature_slot("b", 16) < 2 ** 16
    True
    """
    return zlib.crc32(feature.encode("utf-8")) & ((1 << bits) - 1)


class GapModel:
    """Quantised logistic-regression weights over hashed gap features."""

    def __init__(self, meta: dict[str, object], sections: dict[str, bytes]) -> None:
        self.bits = int(meta["bits"])  # type: ignore[call-overload]
        self.scale = float(meta["scale"])  # type: ignore[arg-type]
        self._w = typed_array("b", sections["weights"])
        if len(self._w) != 1 << self.bits:
            raise DataError(f"{GAPS_FILE}: {len(self._w)} weights, expected {1 << self.bits}")

    def logit(self, tokens: Sequence[Token], i: int, classes: WordClasses | None = None) -> float:
        """Log-odds (natural) that an « à » vanished right before ``tokens[i]``."""
        w, bits = self._w, self.bits
        return self.scale * sum(w[feature_slot(f, bits)] for f in gap_features(tokens, i, classes))


def get_gap_model() -> GapModel:
    """The shipped gap model, loaded once per process (:class:`~mojifix.data.DataError` if it is
    missing or corrupt, like the other data files)."""
    return load_shipped(GAPS_NAME, GapModel, GAPS_NAME, GAPS_FILE)  # type: ignore[no-any-return]
