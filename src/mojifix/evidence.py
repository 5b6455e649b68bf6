"""Evidence of damage in a line, and the decision of which damage process applies.

A line is judged on what it shows: words that are not French but become French
under a damage key, masks inside words, accented letters that survived, English
words. Lines without evidence take the process of their block, when the block
has one and the line does not contradict it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Protocol, Sequence

from .candidates import APOSTROPHE, Mode
from .keys import has_non_ascii_letter, strip_key
from .segment import MASKS, Token

#: An unknown token counts as evidence only if its best explanation is at least this frequent (log10 p).
EVIDENCE_MIN_LOGFREQ = -7.0


class EvidenceLexicon(Protocol):
    def __contains__(self, form: object) -> bool: ...
    def logfreq(self, form: str) -> float | None: ...
    def by_drop(self, key: str) -> tuple[str, ...]: ...
    def by_strip(self, key: str) -> tuple[str, ...]: ...
    def is_english(self, word: str) -> bool: ...


@dataclass(frozen=True)
class LineEvidence:
    words: int = 0
    known: int = 0
    english: int = 0
    drop: int = 0
    strip: int = 0
    mask_q: int = 0
    mask_fffd: int = 0
    accented: bool = False
    non_ascii: bool = False
    double_spaces: int = 0
    has_apostrophe: bool = False
    examples: tuple[str, ...] = ()

    @property
    def french(self) -> bool:
        """Not clearly another language."""
        return not (self.english >= 2 and self.english * 2 >= self.known + self.drop + self.strip)

    def own_mode(self) -> Mode | None:
        """The process this line's own evidence points to (None: no evidence)."""
        if self.mask_fffd:
            return Mode.MASK_FFFD
        if self.mask_q:
            return Mode.MASK_Q
        if self.accented or not self.french:
            return Mode.NONE
        if self.drop > self.strip:
            return Mode.DROP
        if self.strip > self.drop:
            return Mode.STRIP
        return None

    @property
    def apostrophes(self) -> bool:
        return self.has_apostrophe


def _explained(lex: EvidenceLexicon, forms: Sequence[str]) -> bool:
    return any((lex.logfreq(f) or -99.0) >= EVIDENCE_MIN_LOGFREQ for f in forms[:3])


#: A mask touching a letter, or any U+FFFD: the sign of replaced letters.
MASK_EVIDENCE_RE = re.compile(r"[^\W\d_][?\ufffd]|[?\ufffd][^\W\d_]|\ufffd")
#: A letter outside ASCII (accented letters, ligatures, other scripts).
NON_ASCII_LETTER_RE = re.compile(r"[^\W\d_\x00-\x7f]")
#: Evidence of a line whose accented letters survived and that has no masks: nothing to restore.
ACCENTED = LineEvidence(accented=True, non_ascii=True, has_apostrophe=True)


def quick_evidence(line: str) -> LineEvidence | None:
    """Decide cheaply, without tokenising, that a line is beyond the engine's reach.

    >>> quick_evidence("Un été chaud.") is ACCENTED, quick_evidence("Un ete chaud.")
    (True, None)
    """
    if line.isascii() or MASK_EVIDENCE_RE.search(line) or not NON_ASCII_LETTER_RE.search(line):
        return None
    return ACCENTED


def line_evidence(lex: EvidenceLexicon, line: str, tokens: Sequence[Token]) -> LineEvidence:
    words = known = english = drop = strip = mq = mf = 0
    examples: list[str] = []
    for t in tokens:
        if t.kind != "word":
            if t.text == "\ufffd":
                mf += 1
            continue
        words += 1
        text = t.text
        if t.has_mask:
            inner = text.rstrip(MASKS)
            if "\ufffd" in text:
                mf += 1
                examples.append(text)
            elif inner and any(c in MASKS for c in inner):
                mq += 1
                examples.append(text)
            elif inner.lower() not in lex and _explained(lex, lex.by_drop(inner.lower())):
                mq += 1  # "majorit?" : a word cut short by a mask, not a question
                examples.append(text)
            continue
        low = text.lower().replace("'", APOSTROPHE)
        if low in lex:
            known += 1
            continue
        letters = [c for c in text if c.isalpha()]
        if lex.is_english(low):
            english += 1
            continue
        if len(letters) <= 4 and len(letters) > 1 and all(c.isupper() for c in letters):
            continue
        by_drop = _explained(lex, lex.by_drop(low))
        by_strip = _explained(lex, lex.by_strip(strip_key(low)))
        drop += by_drop
        strip += by_strip
        if by_drop or by_strip:
            examples.append(text)
    return LineEvidence(
        words, known, english, drop, strip, mq, mf,
        accented=has_non_ascii_letter(line.replace("\ufffd", "")),
        non_ascii=not line.isascii(),
        double_spaces=line.strip().count("  "),
        has_apostrophe="'" in line or "’" in line,
        examples=tuple(examples[:5]),
    )


def decide_modes(evidence: Sequence[LineEvidence]) -> list[Mode]:
    """One mode per line: its own evidence, else the block's dominant process."""
    own = [e.own_mode() for e in evidence]
    votes: Counter[Mode] = Counter()
    for e, m in zip(evidence, own):
        if m in (Mode.DROP, Mode.STRIP):
            votes[m] += e.drop if m is Mode.DROP else e.strip
    block = votes.most_common(1)[0][0] if votes and votes.most_common(1)[0][1] >= 2 else Mode.NONE
    out: list[Mode] = []
    for e, m in zip(evidence, own):
        if m is None:
            m = block if e.words and e.french and not e.accented else Mode.NONE
        out.append(m)
    return out
