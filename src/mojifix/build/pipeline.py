"""The build: lexicon + corpora (+ wordfreq) -> ``lexicon.bin``, ``model.bin``, ``accents.bin``, ``classes.bin``
and ``gaps.bin``. Deterministic.

Same inputs give byte-identical files: sources and files are read in sorted order, counts are merged
in task order, nothing depends on ``PYTHONHASHSEED`` (dicts keep insertion order; sets are sorted
before use), the compression level is fixed and no timestamp is written.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..charguess import ACCENTS_FILE
from ..classes import CLASSES_FILE
from ..data import LEXICON_FILE, MODEL_FILE, NGRAM_SEP, encode_data_file
from ..gaps import GAPS_FILE
from .corpus import count_task, fold_table, make_folder, plan_tasks, set_worker_state
from .english import english_list
from .frequencies import FLOOR_LOGFREQ, SOURCE_WEIGHTS, lexicon_logfreqs
from .lexicon_file import pack_lexicon
from .lexicon_source import load_lexicon_entries
from .ngrams import ModelParams, estimate, pack_model

log = logging.getLogger("mojifix.build")

#: Weight of a training source missing from :data:`SOURCE_WEIGHTS`.
DEFAULT_WEIGHT = 0.5

Counts = dict[int, dict[str, float]]


@dataclass(frozen=True)
class FrequencySource:
    """Modern word frequencies (wordfreq by default; tests pass a small table)."""

    french: Mapping[str, float]
    top_english: Sequence[str]
    zipf: Callable[[str, str], float]


def wordfreq_source(english_pool: int = 12000) -> FrequencySource:
    """wordfreq's French 'large' list and its top English words (build-time dependency only)."""
    import wordfreq  # noqa: PLC0415  (optional build dependency)

    return FrequencySource(
        french=wordfreq.get_frequency_dict("fr", "large"),
        top_english=wordfreq.top_n_list("en", english_pool),
        zipf=lambda w, lang: wordfreq.zipf_frequency(w, lang, wordlist="large"),
    )


@dataclass(frozen=True)
class BuildConfig:
    """Where the inputs are and how to build."""

    corpora: Path
    lexicon: Path
    out: Path
    workers: int = 2
    weights: Mapping[str, float] = field(default_factory=lambda: dict(SOURCE_WEIGHTS))
    params: ModelParams = ModelParams()
    counts_cache: Path | None = None
    #: Train the gap model (``gaps.bin``, needs numpy) after the class model.
    gaps: bool = True


def training_sources(corpora: Path) -> dict[str, Path]:
    """Sub-folders of ``corpora/train`` (one per source)."""
    train = corpora / "train"
    return {p.name: p for p in sorted(train.iterdir()) if p.is_dir()}


def merge_counts(total: Counts, counter: Mapping[str, int], weight: float) -> None:
    """Add ``weight`` times the raw counts of one task into the per-order tables."""
    for key, v in counter.items():
        n = key.count(NGRAM_SEP) + 1
        table = total[n]
        table[key] = table.get(key, 0.0) + v * weight


def count_corpora(config: BuildConfig, forms: frozenset[str]) -> tuple[Counts, dict[str, float]]:
    """Weighted n-gram counts per order, and raw token totals per source."""
    sources = training_sources(config.corpora)
    tasks = plan_tasks(sources)
    set_worker_state(make_folder(fold_table(forms), forms), config.params.order)
    total: Counts = {n: {} for n in range(1, config.params.order + 1)}
    tokens: dict[str, float] = {name: 0.0 for name in sources}
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(config.workers) as pool:
        for task, counter in zip(tasks, pool.imap(count_task, tasks, chunksize=1)):
            weight = config.weights.get(task.source, DEFAULT_WEIGHT)
            merge_counts(total, counter, weight)
            tokens[task.source] += sum(v for k, v in counter.items() if NGRAM_SEP not in k and k[0] != "<")
            log.info("counted %s [%d:%d]", Path(task.path).name, task.start, task.stop)
    return total, tokens


def cached_counts(config: BuildConfig, forms: frozenset[str]) -> tuple[Counts, dict[str, float]]:
    """:func:`count_corpora`, memoised in ``config.counts_cache`` when given (development aid)."""
    cache = config.counts_cache
    if cache is not None and cache.exists():
        with cache.open("rb") as fh:
            return pickle.load(fh)  # type: ignore[no-any-return]
    result = count_corpora(config, forms)
    if cache is not None:
        with cache.open("wb") as fh:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return result


def _zipf_of(logfreq: float) -> float:
    return logfreq + 9.0


def build(config: BuildConfig, freq: FrequencySource | None = None) -> dict[str, Path]:
    """Run the whole build; return the paths written."""
    freq = freq or wordfreq_source()
    entries = load_lexicon_entries(config.lexicon)
    forms = frozenset(entries.tags)
    log.info("lexicon: %d forms, %d capitalised only", len(forms), len(entries.cased))
    counts, tokens = cached_counts(config, forms)
    logfreq = lexicon_logfreqs(sorted(forms), counts[1], freq.french, FLOOR_LOGFREQ)
    form_zipf = {f: _zipf_of(lf) for f, lf in logfreq.items()}
    english = [(w, z - 9.0) for w, z in english_list(freq.top_english, freq.zipf, forms, form_zipf)]
    build_meta: dict[str, Any] = {
        "weights": {k: config.weights.get(k, DEFAULT_WEIGHT) for k in sorted(tokens)},
        "tokens": {k: int(v) for k, v in sorted(tokens.items())},
    }
    lex_meta, lex_sections = pack_lexicon(logfreq, entries.tags, entries.cased, english, FLOOR_LOGFREQ)
    est = estimate(counts, logfreq, config.params)
    model_meta, model_sections = pack_model(est, config.params)
    config.out.mkdir(parents=True, exist_ok=True)
    written = {
        LEXICON_FILE: encode_data_file("lexicon", dict(lex_meta, build=build_meta), lex_sections),
        MODEL_FILE: encode_data_file("model", dict(model_meta, build=build_meta), model_sections),
    }
    paths = {}
    for name, blob in written.items():
        path = config.out / name
        path.write_bytes(blob)
        paths[name] = path
        log.info("wrote %s (%d bytes)", path, len(blob))
    from .accents import build_accents  # after the lexicon: its forms' letters

    paths[ACCENTS_FILE] = build_accents(config.out, log=log.info)
    from .classes import build_classes  # after the lexicon: the classes come from its tags

    paths[CLASSES_FILE] = build_classes(config.corpora, config.out, config.workers)
    log.info("wrote %s", paths[CLASSES_FILE])
    if config.gaps:
        from .gaps import build_gaps  # after the lexicon: its features hold word classes

        paths[GAPS_FILE] = build_gaps(config.corpora, config.out, config.workers, log=log.info)
    return paths
