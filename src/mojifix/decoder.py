"""Joint decoding of candidate sequences with the context model (Viterbi).

The state is the last two model tokens (a trigram model); each position offers
candidates that emit zero or more model tokens.

>>> class Flat:
...     def logprob(self, w, h): return -1.0 if w != "x" else -3.0
>>> best, _ = viterbi(Flat(), [[("a",), ("x",)], [("b",)]], [[0.0, 0.0], [0.0]])
>>> best
[0, 0]
"""

from __future__ import annotations

from typing import Protocol, Sequence

from .tokens import BOS, EOS


class ModelLike(Protocol):
    def logprob(self, word: str, history: tuple[str, ...]) -> float: ...


State = tuple[str, str]


def viterbi(
    model: ModelLike,
    emissions: Sequence[Sequence[tuple[str, ...]]],
    costs: Sequence[Sequence[float]],
    beam: int = 64,
    line_end: bool = True,
    exact: bool = True,
) -> tuple[list[int], float]:
    """Best candidate index per position, and the path's log10 score.

    ``emissions[i][j]`` are the model tokens candidate ``j`` of position ``i``
    emits; ``costs[i][j]`` its prior cost (subtracted). Without ``line_end``, the
    end of the line is not scored. Without ``exact``, a position with one candidate
    reached from one state is not scored: every path shares its score, so the
    choice is the same, but the total is then only good for comparing paths of
    this call, not lines or modes.
    """
    lp = model.logprob
    states: dict[State, float] = {(BOS, BOS): 0.0}
    backs: list[dict[State, tuple[State, int]]] = []
    for cands, cc in zip(emissions, costs):
        if not exact and len(cands) == 1 and len(states) == 1:
            ((state, score),) = states.items()
            h = state
            for t in cands[0]:
                h = (h[1], t)
            states = {h: score - cc[0]}
            backs.append({h: (state, 0)})
            continue
        nxt: dict[State, float] = {}
        back: dict[State, tuple[State, int]] = {}
        for state, score in states.items():
            for j, toks in enumerate(cands):
                s = score - cc[j]
                h = state
                for t in toks:
                    s += lp(t, h)
                    h = (h[1], t)
                if s > nxt.get(h, -1e300):
                    nxt[h] = s
                    back[h] = (state, j)
        if len(nxt) > beam:
            keep = sorted(nxt.items(), key=lambda kv: -kv[1])[:beam]
            nxt = dict(keep)
        states = nxt
        backs.append(back)
    final = {st: sc + lp(EOS, st) for st, sc in states.items()} if line_end and (exact or len(states) > 1) else states
    state = max(final, key=final.__getitem__)
    total = final[state]
    path: list[int] = []
    for back in reversed(backs):
        state, j = back[state]
        path.append(j)
    path.reverse()
    return path, total


def sequence_score(model: ModelLike, tokens: Sequence[str]) -> float:
    """log10 score of a whole token sequence, from line start to line end."""
    h: State = (BOS, BOS)
    s = 0.0
    for t in tokens:
        s += model.logprob(t, h)
        h = (h[1], t)
    return s + model.logprob(EOS, h)
