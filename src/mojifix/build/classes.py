"""Build ``classes.bin``: class trigram counts over the training corpora.

Usage: ``python -m mojifix.build.classes [--corpora ../shared/corpora] [--out src/mojifix/data/fr]``
(``python -m mojifix.build`` runs it after the lexicon and the word model). Deterministic: sorted
keys, fixed compression; the classes come from the lexicon in ``--out`` (else the shipped one).
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import re
from array import array
from collections import Counter
from pathlib import Path

from ..classes import CAPITAL_MARK, CLASSES_FILE, CLASSES_NAME, WORD_MARK, word_class
from ..data import LEXICON_FILE, Lexicon, encode_data_file, get_lexicon, load_lexicon, ngram_hash
from ..tokens import BOS, EOS, lm_tokens
from .corpus import Task, fold_table, make_folder, plan_tasks, read_task_lines
from .frequencies import SOURCE_WEIGHTS
from .pipeline import DEFAULT_WEIGHT, training_sources

#: Weighted counts below this are dropped (trigrams and bigrams).
MIN_COUNT = 3.0
SCALE = 1000.0

_FOLD = None
_LEX: Lexicon | None = None  # set before the workers fork
_CLASS: dict[str, str] = {}


def _cls(tok: str) -> str:
    c = _CLASS.get(tok)
    if c is None:
        assert _LEX is not None
        c = _CLASS[tok] = word_class(tok, _LEX.tags)
    return c


#: A word and what precedes it (to tell a sentence start).
_RAW_WORD_RE = re.compile(r"([.!?…:]\s*|^\s*)?([^\W\d_]+)")


def count_capitals(line: str, counts: Counter[tuple[str, ...]]) -> None:
    """Inside sentences, how often is a word whose first letter is accented written with a capital?"""
    for m in _RAW_WORD_RE.finditer(line):
        word = m.group(2)
        if m.group(1) is not None or word[0].isascii():
            continue
        low = word.lower()
        counts[(CAPITAL_MARK + low,)] += 1
        if word[0].isupper() and not word.isupper():
            counts[(CAPITAL_MARK + low, "C")] += 1


def count_classes(task: Task) -> tuple[str, Counter[tuple[str, ...]]]:
    counts: Counter[tuple[str, ...]] = Counter()
    for line in read_task_lines(task):
        count_capitals(line, counts)
        toks = lm_tokens(_FOLD(line) if _FOLD else line)
        if not toks:
            continue
        seq = [BOS, *map(_cls, toks), EOS]
        counts.update((c,) for c in seq)
        counts.update(zip(seq, seq[1:]))
        counts.update(zip(seq, seq[1:], seq[2:]))
        words = [WORD_MARK + BOS, *(WORD_MARK + t for t in toks)]
        counts.update((w,) for w in words)
        counts.update(zip(words, seq[1:]))
    return task.source, counts


def class_masses(lex: Lexicon) -> dict[str, float]:
    """log10 of the summed unigram probability of the lexicon forms in each class (for P(word | class))."""
    mass: dict[str, float] = {}
    for form in sorted(lex.forms()):
        lf = lex.logfreq(form)
        if lf is None:
            continue
        c = word_class(form, lex.tags)
        mass[c] = mass.get(c, 0.0) + 10.0 ** lf
    return {c: round(math.log10(v), 6) for c, v in sorted(mass.items())}


def build_classes(corpora: Path, out: Path, jobs: int = 2, lex: Lexicon | None = None) -> Path:
    """Count, estimate and write ``out/classes.bin`` with the lexicon ``lex`` (default: the one in ``out``,
    else the shipped one), so that a full rebuild stays consistent."""
    global _FOLD, _LEX
    if lex is None:
        lex = load_lexicon(out) if (out / LEXICON_FILE).exists() else get_lexicon()
    _LEX = lex
    _CLASS.clear()
    forms = frozenset(lex.forms())
    _FOLD = make_folder(fold_table(forms), forms)
    tasks = plan_tasks(training_sources(corpora))
    total: dict[tuple[str, ...], float] = {}
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for source, counts in pool.imap(count_classes, tasks, chunksize=1):
            w = SOURCE_WEIGHTS.get(source, DEFAULT_WEIGHT)
            for k, v in counts.items():
                total[k] = total.get(k, 0.0) + w * v
    kept = {k: v for k, v in total.items()
            if v >= MIN_COUNT or len(k) == 1 and not k[0].startswith((WORD_MARK, CAPITAL_MARK))}
    # a word history is kept only if some of its continuations are
    histories = {k[0] for k in kept if len(k) == 2 and k[0].startswith(WORD_MARK)}
    kept = {k: v for k, v in kept.items() if not (len(k) == 1 and k[0].startswith(WORD_MARK)) or k[0] in histories}
    log_total = math.log10(sum(v for k, v in kept.items() if len(k) == 1 and not k[0].startswith(WORD_MARK)))
    rows = sorted((ngram_hash(k), round(math.log10(v) * SCALE)) for k, v in kept.items())
    keys = array("I", (h for h, _ in rows))
    logc = array("h", (c for _, c in rows))
    dedup_keys, dedup_logc = array("I"), array("h")
    for h, c in zip(keys, logc):  # a 32-bit collision keeps the first (smaller) count, deterministically
        if dedup_keys and dedup_keys[-1] == h:
            continue
        dedup_keys.append(h)
        dedup_logc.append(c)
    meta = {"scale": SCALE, "log_total": log_total, "class_mass": class_masses(lex), "entries": len(dedup_keys), "min_count": MIN_COUNT,
            "order": 3, "weights": {k: SOURCE_WEIGHTS.get(k, DEFAULT_WEIGHT) for k in sorted(training_sources(corpora))}}
    if array("I", [1]).tobytes() != (1).to_bytes(4, "little"):
        dedup_keys.byteswap()
        dedup_logc.byteswap()
    blob = encode_data_file(CLASSES_NAME, meta, {"keys": dedup_keys.tobytes(), "logcounts": dedup_logc.tobytes()})
    out.mkdir(parents=True, exist_ok=True)
    path = out / CLASSES_FILE
    path.write_bytes(blob)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m mojifix.build.classes", description=__doc__)
    ap.add_argument("--corpora", type=Path, default=Path("../shared/corpora"))
    ap.add_argument("--out", type=Path, default=Path("src/mojifix/data/fr"))
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    path = build_classes(args.corpora, args.out, args.jobs)
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
