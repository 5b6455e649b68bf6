"""The accuracy metric: token error rate between a reference and an output, line by line.

Tokens are ``\\w+`` or a single non-space non-word character, on NFC text. Each line's
reference and output tokens are aligned with :class:`difflib.SequenceMatcher`
(``autojunk=False``); the line's errors are ``max(len(ref), len(out))`` minus the
matched tokens; WER is the total errors over the total reference tokens.

>>> tokens("L’été, à 10\u00a0h.")
['L', '’', 'été', ',', 'à', '10', 'h', '.']
>>> line_errors("il a été là", "il a t l")
2
>>> line_errors("estimé à 10", "estimé 10")
1
>>> s = score_lines(["il a été là", "oui"], ["il a t l", "oui"])
>>> s.errors, s.ref_tokens, round(s.wer, 4)
(2, 5, 0.4)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Iterable, Sequence

TOKEN_RE = re.compile(r"\w+|[^\w\s]")


def tokens(text: str) -> list[str]:
    """The metric's tokens of ``text`` (NFC-normalised first)."""
    return TOKEN_RE.findall(unicodedata.normalize("NFC", text))


def token_errors(ref: Sequence[str], out: Sequence[str]) -> int:
    """``max(len(ref), len(out))`` minus the tokens matched by SequenceMatcher.

    >>> token_errors(["a", "b", "c"], ["a", "x", "c", "d"])
    2
    """
    if ref == out:
        return 0
    matcher = SequenceMatcher(None, ref, out, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return max(len(ref), len(out)) - matched


def line_errors(ref: str, out: str) -> int:
    """Token errors of one output line against its reference line."""
    return 0 if ref == out else token_errors(tokens(ref), tokens(out))


@dataclass(frozen=True)
class Score:
    """Errors, reference tokens and lines of a scored text.

    ``undamaged_errors`` counts errors on lines whose input was identical to the
    reference (errors a fixer *introduced*); ``undamaged_tokens`` their tokens.
    """

    errors: int
    ref_tokens: int
    lines: int
    undamaged_errors: int = 0
    undamaged_tokens: int = 0
    changed_lines: int = 0

    @property
    def wer(self) -> float:
        """errors / reference tokens (0.0 for an empty reference)."""
        return self.errors / self.ref_tokens if self.ref_tokens else 0.0


def score_lines(refs: Sequence[str], outs: Sequence[str], inputs: Sequence[str] | None = None) -> Score:
    """Score aligned lines; ``inputs`` (the damaged lines) marks the undamaged ones.

    >>> score_lines(["à la", "oui"], ["a la", "non"], inputs=["a la", "oui"]).undamaged_errors
    1
    """
    if len(refs) != len(outs):
        raise ValueError(f"{len(refs)} reference lines but {len(outs)} output lines")
    errors = ref_tokens = und_err = und_tok = changed = 0
    for i, (ref, out) in enumerate(zip(refs, outs)):
        n_ref = len(tokens(ref))
        err = line_errors(ref, out)
        errors += err
        ref_tokens += n_ref
        if inputs is not None and inputs[i] == ref:
            und_err += err
            und_tok += n_ref
        if inputs is not None and inputs[i] != out:
            changed += 1
    return Score(errors, ref_tokens, len(refs), und_err, und_tok, changed)


def split_for_scoring(text: str) -> list[str]:
    r"""Lines of ``text`` split on ``\n`` only (C1 controls of mojibake are not line breaks).

    >>> split_for_scoring("a\r\nb\x85c\n")
    ['a', 'b\x85c', '']
    """
    return [line.rstrip("\r") for line in text.split("\n")]


def score_texts(ref: str, out: str, inp: str | None = None) -> Score:
    r"""Score whole texts line by line; if the output lost or gained lines, as one line.

    >>> score_texts("il a été\nlà", "il a t\nl").errors
    2
    """
    refs, outs = split_for_scoring(ref), split_for_scoring(out)
    inps = split_for_scoring(inp) if inp is not None else None
    if len(refs) != len(outs) or (inps is not None and len(inps) != len(refs)):
        return score_lines([" ".join(refs)], [" ".join(outs)], None)
    return score_lines(refs, outs, inps)


def changed_tokens(pairs: Iterable[tuple[str, str]]) -> int:
    """Total token errors over (before, after) line pairs — for clean-text audits.

    >>> changed_tokens([("un été", "un été"), ("là", "la")])
    1
    """
    return sum(line_errors(a, b) for a, b in pairs)
