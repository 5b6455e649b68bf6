"""Estimate the word n-gram model (interpolated Witten-Bell, stored in back-off form) and pack it.

Counts are weighted (see :data:`mojifix.build.frequencies.SOURCE_WEIGHTS`). For a context ``h`` with
weighted total ``c(h)`` and ``T(h) = sum over continuations of min(1, c(h w))`` (the fractional number
of types)::

    P(w | h) = (c(h w) + T(h) * P_lower(w | h')) / (c(h) + T(h))

Only n-grams with a weighted count of at least ``min_count[n]`` are kept; every other probability is
``bow(h) * P_lower``, with the back-off weight ``bow(h)`` normalising the distribution. The unigram
level blends the corpus with the modern lexicon frequencies (:meth:`mojifix.data.Lexicon.logfreq`).

>>> quantise(-1.0, 0.05), quantise(-20.0, 0.05), quantise(0.5, 0.05)
(20, 255, 0)
"""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..data import NGRAM_SEP, ngram_check, ngram_hash
from ..tokens import BOS
from .frequencies import COMPOUND_PREFIX, FLOOR_LOGFREQ


@dataclass(frozen=True)
class ModelParams:
    """Knobs of the model build (all recorded in the file's meta)."""

    order: int = 3
    #: Minimum weighted count to keep an n-gram, per order (index 1 = unigrams).
    min_count: tuple[float, ...] = (0.0, 0.6, 0.6, 1.5)
    prob_step: float = 0.05
    bow_step: float = 0.025
    bow_offset: float = 6.0
    unk_logprob: float = -9.5
    #: Lexicon forms whose frequency is at the floor are left to ``unk_logprob``.
    lexicon_floor: float = FLOOR_LOGFREQ

    def as_meta(self) -> dict[str, Any]:
        return {"order": self.order, "min_count": list(self.min_count), "prob_step": self.prob_step,
                "bow_step": self.bow_step, "bow_offset": self.bow_offset, "unk_logprob": self.unk_logprob}


@dataclass
class Estimate:
    """Kept n-grams (key -> log10 prob) and back-off weights of contexts (key -> log10 bow)."""

    logprob: dict[str, float] = field(default_factory=dict)
    logbow: dict[str, float] = field(default_factory=dict)


def quantise(value: float, step: float, offset: float = 0.0) -> int:
    """Byte code of ``-(value)`` (probabilities) or ``value + offset`` (back-off weights) in ``step`` units."""
    code = round((offset + value) / step) if offset else round(-value / step)
    return min(255, max(0, code))


def unigram_logprobs(
    unigrams: Mapping[str, float],
    lexicon_logfreq: Mapping[str, float],
    params: ModelParams,
) -> dict[str, float]:
    """Unigram level: corpus share for non-words, ``S * 10**logfreq`` for lexicon forms.

    ``S`` is the corpus share of lexicon-word tokens, so that the mass sums to about one.
    """
    tokens = {k: v for k, v in unigrams.items() if k != BOS and not (k.startswith(COMPOUND_PREFIX) and len(k) > 1)}
    total = sum(tokens.values()) or 1.0
    share = sum(v for k, v in tokens.items() if k in lexicon_logfreq) / total
    out: dict[str, float] = {}
    for tok, v in sorted(tokens.items()):
        if tok not in lexicon_logfreq and v >= params.min_count[1]:
            out[tok] = math.log10(v / total)
    log_share = math.log10(share) if share > 0 else 0.0
    for form, lf in sorted(lexicon_logfreq.items()):
        if lf > params.lexicon_floor:
            out[form] = log_share + lf
    return out


def _lower_logprob(key: str, est: Estimate, unk: float) -> float:
    """Back-off log10 probability of ``key`` from the orders already estimated."""
    penalty = 0.0
    while True:
        lp = est.logprob.get(key)
        if lp is not None:
            return penalty + lp
        cut = key.find(NGRAM_SEP)
        if cut < 0:
            return penalty + unk
        penalty += est.logbow.get(key[:key.rfind(NGRAM_SEP)], 0.0)
        key = key[cut + 1:]


def _context_totals(counts: Mapping[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    total: dict[str, float] = {}
    types: dict[str, float] = {}
    for key, v in counts.items():
        ctx = key[:key.rfind(NGRAM_SEP)]
        total[ctx] = total.get(ctx, 0.0) + v
        types[ctx] = types.get(ctx, 0.0) + (v if v < 1.0 else 1.0)
    return total, types


def add_order(est: Estimate, counts: Mapping[str, float], min_count: float, unk: float) -> int:
    """Estimate one order (> 1) from its weighted counts into ``est``; return the number kept."""
    total, types = _context_totals(counts)
    new: dict[str, float] = {}
    mass_hi: dict[str, float] = {}
    mass_lo: dict[str, float] = {}
    for key, v in counts.items():
        if v < min_count:
            continue
        ctx = key[:key.rfind(NGRAM_SEP)]
        lower = 10.0 ** _lower_logprob(key[key.find(NGRAM_SEP) + 1:], est, unk)
        t = types[ctx]
        p = (v + t * lower) / (total[ctx] + t)
        new[key] = math.log10(p)
        mass_hi[ctx] = mass_hi.get(ctx, 0.0) + p
        mass_lo[ctx] = mass_lo.get(ctx, 0.0) + lower
    for ctx in sorted(mass_hi):
        left_hi = max(1e-9, 1.0 - mass_hi[ctx])
        left_lo = max(1e-9, 1.0 - mass_lo[ctx])
        est.logbow[ctx] = math.log10(left_hi / left_lo)
    est.logprob.update(new)
    return len(new)


def estimate(
    by_order: Mapping[int, Mapping[str, float]],
    lexicon_logfreq: Mapping[str, float],
    params: ModelParams,
) -> Estimate:
    """The whole model from weighted counts per order."""
    est = Estimate(logprob=unigram_logprobs(by_order[1], lexicon_logfreq, params))
    for n in range(2, params.order + 1):
        add_order(est, by_order[n], params.min_count[n], params.unk_logprob)
    if BOS not in est.logprob and BOS in est.logbow:
        est.logprob[BOS] = -99.0  # context only, never predicted
    return est


def _le_bytes(arr: array) -> bytes:  # type: ignore[type-arg]
    if sys.byteorder == "big":
        arr = array(arr.typecode, arr)
        arr.byteswap()
    return arr.tobytes()


def pack_model(est: Estimate, params: ModelParams) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Hash table sections (buckets, low 16 bits, check bytes, prob and bow codes) and meta for the model file.

    Of two n-grams with the same 32-bit hash only the first (in key order) is kept.
    """
    rows = sorted((ngram_hash(key.split(NGRAM_SEP)), key) for key in est.logprob)
    buckets = array("I", [0] * 65537)
    low, check, prob, bow = array("H"), bytearray(), array("B"), array("B")
    collisions = 0
    last = -1
    for h, key in rows:
        if h == last:
            collisions += 1
            continue
        last = h
        buckets[(h >> 16) + 1] += 1
        low.append(h & 0xFFFF)
        check.append(ngram_check(key.encode("utf-8")))
        prob.append(quantise(est.logprob[key], params.prob_step))
        bow.append(quantise(est.logbow.get(key, 0.0), params.bow_step, params.bow_offset))
    for i in range(1, 65537):
        buckets[i] += buckets[i - 1]
    orders = [0] * (params.order + 1)
    for key in est.logprob:
        orders[key.count(NGRAM_SEP) + 1] += 1
    meta = dict(params.as_meta(), entries=len(low), collisions=collisions, per_order=orders[1:])
    sections = {"buckets": _le_bytes(buckets), "low": _le_bytes(low), "check": bytes(check), "prob": _le_bytes(prob), "bow": _le_bytes(bow)}
    return meta, sections
