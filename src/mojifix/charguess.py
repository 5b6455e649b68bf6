"""Guess the letter behind a mask in a word the lexicon does not know, from letter contexts.

"zol?dronique" is no lexicon form, yet a French reader fills the mask at once: between
"l" and "d", after "zo", a masked letter is almost always "é". This module learns which
non-ASCII letter stands between which neighbours from the lexicon's own forms (counted once
per process, lazily) and guesses the likeliest one, with its probability.

>>> from mojifix.data import get_lexicon
>>> table = contexts_of(get_lexicon())
>>> table.guess("^zol", "dronique$")[0], table.guess("^fen", "tre$")[0], table.guess("^gar", "on$")[0]
('é', 'ê', 'ç')
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Iterable

from .data import DataError, load_shipped, text_list

#: Letters a guess may restore (lowercase; the caller applies case).
LETTERS = "éèêëàâäîïôöùûüçœ"
#: Runs of masks inside an unknown word that a guess may fill: one mask, or two for one UTF-8 letter.
MASK_RUN_RE = re.compile(r"[?\ufffd]+")
_ONE_MASK_RE = re.compile(r"[?\ufffd]")
_LETTER_RE = re.compile(f"[{LETTERS}]")


class LetterContexts:
    """Counts of each non-ASCII letter between its neighbours (two letters each side, then one, then none)."""

    def __init__(self, forms: Iterable[str]) -> None:
        # every form as « ^form$ », one per line: a letter's neighbours are slices of one string
        text = "\n".join(f"^{form}$" for form in forms if not form.isascii())
        widest: Counter[tuple[str, str, str]] = Counter()  # (two letters left, two right, letter)
        for m in _LETTER_RE.finditer(text):
            i = m.start()
            left = text[i - 1] if text[i - 1] == "^" else text[i - 2:i]
            right = text[i + 1] if text[i + 1] == "$" else text[i + 1:i + 3]
            widest[(left, right, m.group())] += 1
        # the narrower contexts are sums over the widest ones: one count per letter seen, not seven
        self._counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for (left, right, ch), n in widest.items():
            for key in _contexts(left, right):
                self._counts[key][ch] += n

    def guess(self, left: str, right: str) -> tuple[str, float]:
        """The likeliest letter between ``left`` and ``right`` (``^``/``$`` mark the word's edges), and its share."""
        for key in _contexts(left[-2:], right[:2]):
            counts = self._counts.get(key)
            if counts and sum(counts.values()) >= 3:
                letter, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                return letter, n / sum(counts.values())
        counts = self._counts.get(("", ""), Counter({"é": 1}))
        letter, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return letter, n / sum(counts.values())


def _contexts(left: str, right: str) -> list[tuple[str, str]]:
    """From the widest context to none: (2, 2), (1, 2), (2, 1), (1, 1), (0, 1), (1, 0), (0, 0)."""
    l2, r2 = left[-2:], right[:2]
    l1, r1 = left[-1:], right[:1]
    return [(l2, r2), (l1, r2), (l2, r1), (l1, r1), ("", r1), (l1, ""), ("", "")]


@lru_cache(maxsize=4)
def contexts_of(lexicon: object) -> LetterContexts:
    """The letter contexts of a lexicon (built on first use, under half a second)."""
    return LetterContexts(lexicon.forms())  # type: ignore[attr-defined]


def fill_masks(word: str, table: LetterContexts, per_char: bool = False) -> tuple[str, float] | None:
    """``word`` with each masked letter guessed, and the log10 probability of the guesses.

    Only for masks inside or at the start of a word (letters on at least one side, a run of
    one mask, or of two when every run has two: one UTF-8 letter read byte by byte; with ``per_char``,
    every mask is one letter);
    None when the word has nothing such a guess can fill.

    >>> t = LetterContexts(["été", "créer", "zélé", "élu", "élan", "éden", "écu"])
    >>> fill_masks("cr?er", t)
    ('créer', 0.0)
    >>> fill_masks("Z??l??", t)[0]
    'Zélé'
    >>> fill_masks("???", t) is None, fill_masks("Z??l??", t, per_char=True)[0]
    (True, 'Zééléé')
    """
    runs = list((_ONE_MASK_RE if per_char else MASK_RUN_RE).finditer(word))
    if not runs:
        return None
    width = 2 if not per_char and all(len(m.group()) == 2 for m in runs) else 1
    if any(len(m.group()) != width for m in runs):
        return None
    lower = word.lower()
    letters = MASK_RUN_RE.sub("", lower)
    if len(letters) < 2 or not letters.isalpha():
        return None
    out: list[str] = []
    logp = 0.0
    last = 0
    for m in runs:
        out.append(word[last:m.start()])
        left = "^" + MASK_RUN_RE.sub("", lower[:m.start()])
        right = MASK_RUN_RE.sub("", lower[m.end():]) + "$"
        letter, p = table.guess(left, right)
        upper = m.start() == 0 and word[m.end():m.end() + 1].isupper() or \
            len(before := MASK_RUN_RE.sub("", word[:m.start()])) > 1 and before.isupper()
        out.append(letter.upper() if upper else letter)
        logp += math.log10(p)
        last = m.end()
    out.append(word[last:])
    return "".join(out), logp


#: Plain letters that stripping may have made of an accented one (« é » → « e », « ç » → « c »).
STRIPPABLE = "aceiouy"
#: The contexts of a letter, widest first: (letters on the left, letters on the right), ``^``/``$``
#: included; each one letter narrower than the one before, so a context's narrower ones are its own.
ACCENT_CHAIN = ((3, 3), (2, 3), (2, 2), (1, 2), (1, 1), (0, 1), (0, 0))
#: A gap between two letters, as the accent table stores it: where a letter may have been dropped.
GAP = "_"
ACCENTS_FILE = "accents.bin"
ACCENTS_NAME = "accents"


def accent_key(context: tuple[str, str, str]) -> str:
    """How a context is stored: the left letters, the plain letter, « | », the right letters.

    >>> accent_key(("e", "^z", "dr"))
    '^ze|dr'
    """
    plain, left, right = context
    return f"{left}{plain}|{right}"


class AccentTable:
    """Which spelling of a plain letter (« e », « é », « è », « ê », « ë ») stands between which neighbours,
    from the lexicon's forms with their accents stripped (``python -m mojifix.build.accents``): what a word
    stripped of its accents may have been when the lexicon does not know it (« zoledronique »). And which
    letter, if any, stood in the gap between two letters of a form whose non-ASCII letters were deleted:
    what a word that lost them may have been (« brachythrapie »).

    >>> table = get_accent_table()
    >>> table.restore("brachytherapie")[0], table.restore("mediatheque")[0], table.restore("tournesol")
    ('brachythérapie', 'médiathèque', None)
    >>> table.restore_dropped("brachythrapie")[0], table.restore_dropped("frontire")[0], table.restore_dropped("tournesol")
    ('brachythérapie', 'frontière', None)
    """

    def __init__(self, meta: dict[str, object], sections: dict[str, bytes]) -> None:
        keys = text_list(sections["keys"])
        letters = sections["letters"].decode("utf-8")
        ratios = sections["ratios"]
        if not len(keys) == len(letters) == len(ratios):
            raise DataError(f"{ACCENTS_FILE}: {len(keys)} contexts, {len(letters)} letters, {len(ratios)} ratios")
        self._table = {k: (letter, r / 10.0) for k, letter, r in zip(keys, letters, ratios)}
        self._chain = tuple(tuple(w) for w in meta.get("chain", ACCENT_CHAIN))  # type: ignore[attr-defined]

    def restore(self, plain: str) -> tuple[str, float] | None:
        """The likeliest accented spelling of a lower-case word stripped of its accents, and how much likelier
        (log10) its accented letters are than plain ones (summed); None when no letter is likelier accented."""
        word = f"^{plain}$"
        out = list(plain)
        ratio = 0.0
        for i in range(1, len(word) - 1):
            if word[i] not in STRIPPABLE:
                continue
            found = self._decide(word, i, word[i], i + 1)
            if found is not None and found[0] != word[i]:
                out[i - 1] = found[0]
                ratio += found[1]
        return ("".join(out), ratio) if ratio > 0.0 else None

    def _decide(self, word: str, end: int, middle: str, start: int) -> tuple[str, float] | None:
        """The decision of the widest stored context of ``middle`` (a plain letter or :data:`GAP`) between
        ``word[:end]`` and ``word[start:]``, None when none is stored."""
        for left, right in self._chain:
            found = self._table.get(f"{word[max(0, end - left):end]}{middle}|{word[start:start + right]}")
            if found is not None:
                return found
        return None

    def restore_dropped(self, short: str, before_first: bool = True) -> tuple[str, float] | None:
        """The likeliest spelling of a lower-case word whose non-ASCII letters were deleted, one letter at most
        per gap (``before_first``: the gap before the word's first letter too), and how much likelier (log10)
        its restored letters are than nothing (summed); None when no gap more likely held a letter."""
        word = f"^{short}$"
        out: list[str] = [] if before_first else [word[1]]
        ratio = 0.0
        for g in range(1 if before_first else 2, len(word)):  # the gap before word[g]
            found = self._decide(word, g, GAP, g)
            if found is not None and found[0] != GAP:
                out.append(found[0])
                ratio += found[1]
            out.append(word[g])
        return ("".join(out[:-1]), ratio) if ratio > 0.0 else None


def get_accent_table() -> AccentTable:
    """The shipped accent table, loaded once per process (:class:`~mojifix.data.DataError` if missing)."""
    return load_shipped(ACCENTS_NAME, AccentTable, ACCENTS_NAME, ACCENTS_FILE)  # type: ignore[no-any-return]
