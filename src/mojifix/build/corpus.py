"""Count word n-grams over the training corpora, one weighted count table for all orders.

Lines are tokenised with :func:`mojifix.tokens.lm_tokens`, framed by ``<s>`` and ``</s>``; an n-gram is
the key ``"\\x1f".join(tokens)`` (see :data:`mojifix.data.NGRAM_SEP`). Before tokenising, capitalised
ASCII words whose accent was lost in the source ("Etat" in the legal codes) are folded back to the
only lexicon form they can be ("État"), and a capital « A » opening a sentence is « À » (« A l'issue de »;
the verb never opens one).

>>> fold = make_folder({"etat": "état"}, frozenset({"a", "état"}))
>>> fold("L'Etat et l'ETAT, A Paris. A Paris")
"L'État et l'ÉTAT, A Paris. À Paris"
>>> counts = count_lines(["Il a été, peut-être."], 3, lambda s: s)
>>> counts["il\\x1fa\\x1fété"], counts["<s>\\x1fil"], counts["-peut-être"], counts["être"]
(1, 1, 1, 1)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..data import NGRAM_SEP
from ..keys import strip_key
from ..tokens import BOS, EOS, lm_tokens

#: A capitalised word of ASCII letters, not glued to other letters.
CAP_ASCII_RE = re.compile(r"(?<![^\W\d_])[A-Z][A-Za-z]*(?![^\W\d_])")
#: A hyphenated compound (counted whole, for the lexicon frequencies of hyphenated forms).
HYPHENATED_RE = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?:-[^\W\d_]+)+(?![^\W\d_-])")
#: Target size of one counting task (bytes of text).
TASK_BYTES = 6_000_000


@dataclass(frozen=True)
class Task:
    """A slice of one source: whole files, or a byte range of a big file (cut at line ends)."""

    source: str
    path: str
    start: int
    stop: int


def fold_table(forms: Iterable[str]) -> dict[str, str]:
    """ASCII key -> the only accented form with that :func:`strip_key`, for keys that are not forms.

    >>> fold_table(["état", "été", "ete", "où", "ou"])
    {'etat': 'état'}
    """
    formset = set(forms)
    by_key: dict[str, list[str]] = {}
    for form in sorted(formset):
        if not form.isascii():
            by_key.setdefault(strip_key(form), []).append(form)
    return {k: v[0] for k, v in sorted(by_key.items()) if len(v) == 1 and k not in formset and k.isascii()}


def _recase(word: str, form: str) -> str:
    if len(word) > 1 and word.isupper():
        return form.upper()
    return form[0].upper() + form[1:]


#: What may stand between a sentence's end and its first word: spaces, quotes, dashes, a bracket.
_SENTENCE_LEAD_RE = re.compile(r"[\s«\"“—–(-]*\Z")
#: ... and a word after a capital « A » that opens a sentence: the preposition (« A l'issue », « A partir
#: de »), never the verb, which needs a subject before it (« A-t-il » and the initial « A. » do not match).
_A_FOLLOWER_RE = re.compile(r"[ \u00a0]+[^\W\d_]")


def _opens_sentence(text: str, start: int, end: int) -> bool:
    """Is the capital « A » at ``text[start:end]`` a preposition opening a sentence, its accent left off?

    >>> [_opens_sentence(s, s.index("A"), s.index("A") + 1) for s in (
    ...     "A l'issue du vote", "fin. A partir de", "le bras A de l'étude", "A-t-il dit", "Victor A. Dupont")]
    [True, True, False, False, False]
    """
    if not _A_FOLLOWER_RE.match(text, end):
        return False
    lead = text[max(0, start - 12):start]
    m = _SENTENCE_LEAD_RE.search(lead)
    before = lead[:m.start()] if m else lead
    if before:
        return before[-1] in ".!?:;…"
    return start == len(lead)  # only spaces, quotes or dashes since the start of the line


def make_folder(table: Mapping[str, str], forms: frozenset[str]) -> Callable[[str], str]:
    """A function restoring the accent of capitalised words that lost it (see the module docstring)."""

    def replace(m: re.Match[str]) -> str:
        word = m.group()
        low = word.lower()
        if word == "A" and _opens_sentence(m.string, m.start(), m.end()):
            return "À"
        if low in forms:
            return word
        form = table.get(low)
        return word if form is None else _recase(word, form)

    def fold(line: str) -> str:
        return CAP_ASCII_RE.sub(replace, line)

    return fold


def count_lines(lines: Iterable[str], order: int, fold: Callable[[str], str]) -> Counter[str]:
    """Raw counts of all 1..order-grams (keys joined by U+001F) plus ``-``-compounds prefixed ``"-"``."""
    counts: Counter[str] = Counter()
    sep = NGRAM_SEP
    for line in lines:
        line = fold(line)
        toks = lm_tokens(line)
        if not toks:
            continue
        seq = [BOS, *toks, EOS]
        counts.update(seq)
        for n in range(2, order + 1):
            counts.update(map(sep.join, zip(*(seq[i:] for i in range(n)))))
        if "-" in line:
            counts.update("-" + w.lower().replace("’", "'") for w in HYPHENATED_RE.findall(line))
    return counts


def plan_tasks(sources: Mapping[str, Path]) -> list[Task]:
    """Cut every source into tasks of about :data:`TASK_BYTES`, in a deterministic order."""
    tasks: list[Task] = []
    for name in sorted(sources):
        for path in sorted(sources[name].glob("*.txt")):
            size = path.stat().st_size
            for start in range(0, size, TASK_BYTES):
                tasks.append(Task(name, str(path), start, min(size, start + TASK_BYTES)))
    return tasks


def read_task_lines(task: Task) -> list[str]:
    """The lines of a task: those starting inside ``[start, stop)`` of the file."""
    with open(task.path, "rb") as fh:
        if task.start:
            fh.seek(task.start - 1)
            fh.readline()  # finish the line that straddles the boundary (or the newline at start-1)
        lines = []
        while fh.tell() < task.stop:
            raw = fh.readline()
            if not raw:
                break
            lines.append(raw.decode("utf-8", errors="replace"))
    return lines


# Set in the parent before forking the pool (read-only in the workers).
_WORKER_FOLD: Callable[[str], str] | None = None
_WORKER_ORDER = 3


def set_worker_state(fold: Callable[[str], str], order: int) -> None:
    """Install what the (forked) counting workers need."""
    global _WORKER_FOLD, _WORKER_ORDER
    _WORKER_FOLD, _WORKER_ORDER = fold, order


def count_task(task: Task) -> Counter[str]:
    """Raw n-gram counts of one task (run in a worker)."""
    assert _WORKER_FOLD is not None
    return count_lines(read_task_lines(task), _WORKER_ORDER, _WORKER_FOLD)
