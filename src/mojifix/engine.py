"""Restoration engine: lost, stripped and masked letters, decided with context.

For each block of lines: gather evidence per line and decide which damage
process applies (:mod:`mojifix.evidence`); in a damaged line, every token that a
damage key explains gets a candidate set (:mod:`mojifix.candidates`), dropped
« à » get insertion slots, and the best sequence is decoded jointly with the
context model (:mod:`mojifix.decoder`). Each change carries a confidence: how
much better the chosen spelling fits than the token as it stands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from .candidates import Candidate, Mode, lm_word, mask_punct_candidates, word_candidates
from .decoder import sequence_score, viterbi
from .evidence import LineEvidence, decide_modes, line_evidence
from .kinds import DamageKind
from .models import Change, Finding
from .segment import MASKS, Token, tokenize
from .tokens import NUM

_KIND = {
    Mode.DROP: DamageKind.DROPPED_LETTERS,
    Mode.STRIP: DamageKind.STRIPPED_ACCENTS,
    Mode.MASK_Q: DamageKind.REPLACED_QUESTION,
    Mode.MASK_FFFD: DamageKind.REPLACED_FFFD,
}
_SENTENCE_END = frozenset(".!?…:")
#: Lines longer than this are left alone by the restoration engine (bounded cost).
MAX_LINE_CHARS = 20_000


@dataclass(frozen=True)
class EngineConfig:
    """Tunable costs, in log10 units of the context model, and the confidence threshold."""

    change_cost: float = 0.5
    unknown_cost: float = 1.5
    insert_cost_double_space: float = -0.5
    insert_cost_single_space: float = 1.5
    insert_cost_uncollapsed: float = 4.0
    skip_cost_double_space: float = 1.0
    threshold: float = 0.5


DEFAULT_CONFIG = EngineConfig()


@dataclass(frozen=True)
class _Position:
    start: int
    end: int
    before: str
    cands: tuple[Candidate, ...]
    kind: DamageKind


class _MemoModel:
    """Memoises the context model's log-probabilities for the current process."""

    def __init__(self, model: object, limit: int = 500_000) -> None:
        self._lp = model.logprob  # type: ignore[attr-defined]
        self._cache: dict[tuple[str, str, str], float] = {}
        self._limit = limit

    def logprob(self, word: str, history: tuple[str, ...]) -> float:
        key = (history[-2] if len(history) > 1 else "", history[-1] if history else "", word)
        v = self._cache.get(key)
        if v is None:
            if len(self._cache) > self._limit:
                self._cache.clear()
            v = self._cache[key] = self._lp(word, history)
        return v


_RESOURCES: tuple[object, _MemoModel] | None = None


def _resources() -> tuple[object, _MemoModel] | None:
    global _RESOURCES
    if _RESOURCES is None:
        try:
            from .data import get_lexicon, get_model
        except ImportError:  # the French data is not built yet
            return None
        _RESOURCES = (get_lexicon(), _MemoModel(get_model()))
    return _RESOURCES


def _fixed(tok: Token) -> Candidate:
    if tok.kind == "num":
        lm: tuple[str, ...] = (NUM,)
    elif tok.kind == "word":
        lm = (lm_word(tok.text),)
    elif tok.kind == "code":
        lm = ("<code>",)
    elif tok.text in "-‐":
        lm = ()
    else:
        lm = ("'",) if tok.text == "’" else (tok.text,)
    return Candidate(tok.text, lm, 0.0, original=True)


def _slot(line: str, prev: Token | None, nxt: Token, collapsed: bool, sentence_start: bool,
          cfg: EngineConfig) -> _Position | None:
    """An insertion slot for a vanished « à » before ``nxt``."""
    if nxt.kind not in ("word", "num"):
        return None
    a = "À" if sentence_start else "à"
    gap_start = prev.end if prev else 0
    gap = line[gap_start:nxt.start]
    if prev is None:
        if gap and gap.isspace() and gap[0] == " ":
            after, cost, skip = a + gap[1:] if len(gap) > 1 else a + " ", cfg.insert_cost_double_space, cfg.skip_cost_double_space
        elif not gap:
            after, cost, skip = a + " ", cfg.insert_cost_single_space + 1.0, 0.0
        else:
            return None
    elif prev.text.endswith(("’", "'")) and gap == " ":
        after, cost, skip = a + " ", cfg.insert_cost_double_space, cfg.skip_cost_double_space
    elif not gap or not gap.isspace() or "\t" in gap or prev.text in "([«\"'’-":
        return None
    elif len(gap) >= 2:
        after, cost, skip = gap[0] + a + gap[1:], cfg.insert_cost_double_space, cfg.skip_cost_double_space
    else:
        after = gap + a + gap
        cost = cfg.insert_cost_single_space if collapsed else cfg.insert_cost_uncollapsed
        skip = 0.0
    keep = Candidate(gap, (), skip, original=True)
    return _Position(gap_start, nxt.start, gap, (keep, Candidate(after, ("à",), cost)), DamageKind.DROPPED_WORD)


def _positions(lex: object, line: str, tokens: Sequence[Token], mode: Mode, collapsed: bool,
               cfg: EngineConfig) -> list[_Position]:
    kind = _KIND[mode]
    out: list[_Position] = []
    sentence_start = True
    prev: Token | None = None
    for tok in tokens:
        if mode is Mode.DROP:
            slot = _slot(line, prev, tok, collapsed, sentence_start, cfg)
            if slot is not None:
                out.append(slot)
        if tok.kind == "word":
            cands = word_candidates(lex, tok, mode, sentence_start, cfg.change_cost, cfg.unknown_cost)  # type: ignore[arg-type]
        elif tok.kind == "punct" and tok.text in MASKS and mode in (Mode.MASK_Q, Mode.MASK_FFFD) and prev is not None:
            cands = mask_punct_candidates(tok, sentence_start, cfg.change_cost)
        else:
            cands = [_fixed(tok)]
        out.append(_Position(tok.start, tok.end, tok.text, tuple(cands), kind))
        if tok.kind in ("word", "num", "code"):
            sentence_start = False
        elif tok.text in _SENTENCE_END:
            sentence_start = True
        prev = tok
    return out


def _confidence(delta: float) -> float:
    return 1.0 / (1.0 + math.pow(10.0, -max(min(delta, 30.0), -30.0)))


def _decode_line(lex: object, model: _MemoModel, line: str, mode: Mode, collapsed: bool,
                 cfg: EngineConfig) -> list[Change]:
    tokens = tokenize(line)
    positions = _positions(lex, line, tokens, mode, collapsed, cfg)
    if not any(len(p.cands) > 1 for p in positions):
        return []
    emissions = [[c.lm for c in p.cands] for p in positions]
    costs = [[c.cost for c in p.cands] for p in positions]
    path, best = viterbi(model, emissions, costs)
    chosen = [p.cands[j] for p, j in zip(positions, path)]
    base_cost = sum(c.cost for c in chosen)
    flat = [t for c in chosen for t in c.lm]
    changes: list[Change] = []
    offsets = []
    k = 0
    for c in chosen:
        offsets.append(k)
        k += len(c.lm)
    for i, (p, j) in enumerate(zip(positions, path)):
        if j == 0:
            continue
        cand = p.cands[j]
        orig = p.cands[0]
        alt = flat[:offsets[i]] + list(orig.lm) + flat[offsets[i] + len(cand.lm):]
        alt_score = sequence_score(model, alt) - (base_cost - cand.cost + orig.cost)
        delta = (sequence_score(model, flat) - base_cost) - alt_score
        conf = _confidence(delta)
        if conf < cfg.threshold or cand.surface == p.before:
            continue
        reason = f"{mode.value}: {p.before!r} → {cand.surface!r} (context margin {delta:.2f})"
        changes.append(Change(p.start, p.end, p.before, cand.surface, p.kind, conf, reason))
    return changes


def _block_state(lines: Sequence[str]) -> tuple[object, _MemoModel, list[list[Token]], list[LineEvidence], list[Mode]] | None:
    res = _resources()
    if res is None:
        return None
    lex, model = res
    toks = [tokenize(line) if len(line) <= MAX_LINE_CHARS else [] for line in lines]
    ev = [line_evidence(lex, line, t) for line, t in zip(lines, toks)]  # type: ignore[arg-type]
    return lex, model, toks, ev, decide_modes(ev)


def restore_block(lines: Sequence[str], config: EngineConfig = DEFAULT_CONFIG) -> list[list[Change]]:
    """Changes for each line of a block (positions relative to that line)."""
    state = _block_state(lines)
    if state is None:
        return [[] for _ in lines]
    lex, model, _, ev, modes = state
    drop_lines = [e for e, m in zip(ev, modes) if m is Mode.DROP]
    collapsed = not any(e.double_spaces for e in drop_lines)
    out: list[list[Change]] = []
    for line, mode in zip(lines, modes):
        if mode is Mode.NONE or len(line) > MAX_LINE_CHARS:
            out.append([])
        else:
            out.append(_decode_line(lex, model, line, mode, collapsed, config))
    return out


def diagnose_block(lines: Sequence[str]) -> list[list[Finding]]:
    """Findings for each line of a block (positions relative to that line)."""
    state = _block_state(lines)
    if state is None:
        return [[] for _ in lines]
    _, _, _, ev, modes = state
    out: list[list[Finding]] = []
    for line, e, mode in zip(lines, ev, modes):
        n = e.drop + e.strip + e.mask_q + e.mask_fffd
        if mode is Mode.NONE or not n:
            out.append([])
            continue
        score = min(1.0, 0.3 + 0.2 * n)
        why = ", ".join(e.examples)
        out.append([Finding(0, len(line), _KIND[mode], score, f"{mode.value}: {why}")])
    return out
