"""Split a line into the tokens the engine reasons about, with their positions.

Words may carry masks (``?`` or U+FFFD standing for lost letters); elided
prefixes (``l’``, ``qu'``) are tokens of their own; numbers, punctuation and
spaces are kept so that every character of the line is accounted for.

>>> [(t.text, t.kind) for t in tokenize("L’am?rique a 10 ans.")]
[('L’', 'word'), ('am?rique', 'word'), ('a', 'word'), ('10', 'num'), ('ans', 'word'), ('.', 'punct')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .tokens import ELISIONS

MASKS = "?\ufffd"
_L = r"[^\W\d_]"
_M = "[?\ufffd]"
# Each alternative that can scan a long run starts only at the start of such a run (the
# look-behinds), so that a line of 20,000 '?' or letters is tokenised in linear time.
TOKEN_RE = re.compile(
    rf"(?P<code>(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+|(?:https?|ftp)://\S+|www\.\S+)"
    rf"|(?P<word>(?<![?\ufffd]){_M}+{_L}+(?:{_M}+{_L}+)*{_M}*|{_L}+(?:{_M}+{_L}+)*{_M}*)"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    r"|(?P<punct>[^\w\s]|_)",
    re.UNICODE,
)
#: Tokens that look like code, identifiers, URLs or e-mail: never repaired.
CODE_RE = re.compile(r"[_@/\\]|\w\.\w|[a-z][A-Z]|\d[^\W\d_]|[^\W\d_]\d")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    kind: str  # 'word', 'num', 'punct', 'code'

    @property
    def has_mask(self) -> bool:
        return any(c in MASKS for c in self.text)


#: A word cut at the end of a line by a hyphen (``mon‐`` … ``tage``).
CUT_AT_END_RE = re.compile(r"[^\W\d_][-\u2010\u00ad]\s*$")


def tokenize(line: str, continues: bool = False) -> list[Token]:
    """Tokens of ``line`` in order (spaces are implicit between them).

    ``continues``: the previous line ended with a word cut by a hyphen, so the first
    word here is a fragment, not a word (it becomes a 'code' token: left alone).

    >>> [t.kind for t in tokenize("tage du disque", continues=True)]
    ['code', 'word', 'word']
    >>> [t.kind for t in tokenize("ls -o fichier")]
    ['word', 'code', 'word']
    """
    out: list[Token] = []
    for m in TOKEN_RE.finditer(line):
        kind = m.lastgroup or "punct"
        text = m.group()
        out.append(Token(m.start(), m.end(), text, kind))
    toks = _freeze_contractions(_merge_elisions(line, _mark_code(line, out)))
    if continues:
        for i, t in enumerate(toks):
            if t.kind == "word":
                toks[i] = Token(t.start, t.end, t.text, "code")
                break
    if CUT_AT_END_RE.search(line):
        for i in range(len(toks) - 1, -1, -1):
            if toks[i].kind == "word":
                toks[i] = Token(toks[i].start, toks[i].end, toks[i].text, "code")
                break
    return toks


def _mark_code(line: str, toks: list[Token]) -> list[Token]:
    """Runs of tokens glued together that look like code/identifiers become one 'code' token."""
    out: list[Token] = []
    i = 0
    while i < len(toks):
        j = i
        while j + 1 < len(toks) and toks[j + 1].start == toks[j].end:
            j += 1
        span = line[toks[i].start:toks[j].end]
        option = span[:1] == "-" and j > i and (toks[i].start == 0 or line[toks[i].start - 1].isspace())
        if option or CODE_RE.search(span) and (j > i or toks[i].kind == "word") or toks[i].kind == "code":
            out.append(Token(toks[i].start, toks[j].end, span, "code"))
        else:
            out.extend(toks[i:j + 1])
        i = j + 1
    return out


def _freeze_contractions(toks: list[Token]) -> list[Token]:
    """``can't``, ``Ts’o``, ``aujourd'hui``: words glued on both sides of an apostrophe that is not an
    elision are one unit, not two words to repair (``t`` must not become « été »)."""
    out = list(toks)
    for i in range(1, len(out) - 1):
        a, q, b = out[i - 1], out[i], out[i + 1]
        if q.text in "'’" and a.kind == "word" and b.kind == "word" and a.end == q.start and q.end == b.start:
            out[i - 1] = Token(a.start, a.end, a.text, "code")
            out[i + 1] = Token(b.start, b.end, b.text, "code")
    return out


def _merge_elisions(line: str, toks: list[Token]) -> list[Token]:
    """``l`` + ``’`` (directly followed by a word) become the single token ``l’``."""
    out: list[Token] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if (
            t.kind == "word"
            and i + 1 < len(toks)
            and toks[i + 1].text in "'’"
            and toks[i + 1].start == t.end
            and t.text.lower() in ELISIONS
        ):
            a = toks[i + 1]
            out.append(Token(t.start, a.end, line[t.start:a.end], "word"))
            i += 2
            continue
        out.append(t)
        i += 1
    return out
