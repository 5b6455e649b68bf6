"""Source weights and the log10 frequencies of lexicon forms (wordfreq mixed with corpus counts).

The corpora are not modern prose: 19th-century novels (eltec, textbox) and legal codes would teach
old-fashioned or administrative usage, so each source's counts are multiplied by a weight
(:data:`SOURCE_WEIGHTS`): modern debates and Framabook count fully, codes and manual pages half,
novels 0.3. The frequency of a form is ``log10(0.5 * wordfreq + 0.5 * corpus)``, wordfreq being trusted
only for lexicon forms (it lists accent-stripped misspellings such as "ete").

>>> wordfreq_key("l'"), wordfreq_key("été")
('l', 'été')
>>> round(mix_logfreq(0.01, 0.03, -9.0), 3), mix_logfreq(None, 0.0, -9.0)
(-1.699, -9.0)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

#: Weight of one token of each training source (see the module docstring).
SOURCE_WEIGHTS: dict[str, float] = {
    "an-debats-2013-2018": 1.0,
    "framabook": 1.0,
    "codes-juridiques": 0.5,
    "manpages-fr": 0.5,
    "eltec-fra": 0.3,
    "textbox-roman19": 0.3,
    "textbox-nouvelles19": 0.3,
}
#: Share of wordfreq in the lexicon frequencies (the rest is the weighted corpus).
WORDFREQ_SHARE = 0.5
#: log10 frequency of forms seen neither in wordfreq nor in the corpora.
FLOOR_LOGFREQ = -9.0
#: Prefix of whole hyphenated compounds in the unigram counts (see :mod:`mojifix.build.corpus`).
COMPOUND_PREFIX = "-"


def wordfreq_key(form: str) -> str:
    """How wordfreq spells a form: elisions lose their apostrophe."""
    return form[:-1] if form.endswith("'") else form


def mix_logfreq(p_wordfreq: float | None, p_corpus: float, floor: float) -> float:
    """``log10`` of the mixture of the two probabilities, never below ``floor``."""
    p = WORDFREQ_SHARE * (p_wordfreq or 0.0) + (1.0 - WORDFREQ_SHARE) * p_corpus
    return max(floor, math.log10(p)) if p > 0 else floor


def word_total(unigrams: Mapping[str, float]) -> float:
    """Weighted count of word tokens (alphabetic, not compounds, not markers)."""
    return sum(v for k, v in unigrams.items() if k[0].isalpha())


def corpus_count(form: str, unigrams: Mapping[str, float]) -> float:
    """Weighted corpus count of a form (hyphenated forms are counted whole, under a prefix)."""
    key = COMPOUND_PREFIX + form if "-" in form else form
    return unigrams.get(key, 0.0)


def lexicon_logfreqs(
    forms: Iterable[str],
    unigrams: Mapping[str, float],
    wordfreq: Mapping[str, float],
    floor: float = FLOOR_LOGFREQ,
) -> dict[str, float]:
    """log10 frequency of every form (see the module docstring)."""
    total = word_total(unigrams) or 1.0
    out: dict[str, float] = {}
    for form in forms:
        p_wf = None if "-" in form else wordfreq.get(wordfreq_key(form))
        out[form] = mix_logfreq(p_wf, corpus_count(form, unigrams) / total, floor)
    return out
