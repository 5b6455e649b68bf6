"""The repair pipeline: mojibake first (ftfy), then restoration of lost letters.

Text is processed as lines grouped in blocks, so that a file streamed line by line
and the same text given whole come out identical, with bounded memory.

>>> fix_text("Le cafÃ© est prÃªt.\\r\\n")
'Le café est prêt.\\r\\n'
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import islice
from typing import Iterable, Iterator

from . import engine, mojibake
from .models import Change, Diagnosis, Finding, Repair, apply_changes, compose

#: Lines per block handed to the engine (its look-ahead window).
BLOCK_LINES = 32
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")
#: What :meth:`str.splitlines` takes for a line break besides \n and \r (form feed, U+2028…): not here.
_OTHER_BREAKS_RE = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def split_lines(text: str) -> list[str]:
    """Split on \\n, \\r\\n and \\r only, keeping the line endings.

    >>> split_lines("a\\r\\nb\\rc\\nd")
    ['a\\r\\n', 'b\\r', 'c\\n', 'd']
    >>> split_lines("")
    []
    >>> split_lines("a\\fb\\u2028c\\n")  # a form feed and U+2028 are no line ends here
    ['a\\x0cb\\u2028c\\n']
    """
    if _OTHER_BREAKS_RE.search(text) is None:  # str.splitlines also splits on these: else the same, faster
        return text.splitlines(keepends=True)
    return [m.group() for m in _LINE_RE.finditer(text) if m.group()]


def _split_ending(line: str) -> tuple[str, str]:
    body = line.rstrip("\r\n")
    return body, line[len(body):]


def repair_lines(lines: Iterable[str], block_lines: int = BLOCK_LINES, *,
                 threshold: float | None = None) -> Iterator[Repair]:
    """Repair each line (with its ending); yields one :class:`Repair` per input line, in order.

    ``threshold``: the confidence (0-1) a restored letter needs to be applied
    (default :data:`mojifix.engine.DEFAULT_CONFIG`'s); mojibake repair does not depend on it.
    """
    config = None if threshold is None else replace(engine.DEFAULT_CONFIG, threshold=threshold)
    it = iter(lines)
    while True:
        block = list(islice(it, block_lines))
        if not block:
            return
        yield from _repair_block(block, config)


def _repair_block(block: list[str], config: engine.EngineConfig | None = None) -> list[Repair]:
    bodies, endings = zip(*(_split_ending(line) for line in block))
    if mojibake.is_suspect("\n".join(bodies)):
        first = [mojibake.fix_mojibake(b) if mojibake.is_suspect(b) else [] for b in bodies]
        mid = [apply_changes(b, f) if f else b for b, f in zip(bodies, first)]
    else:  # one look at the whole block: no line of it can hold mojibake
        first, mid = [[] for _ in bodies], list(bodies)
    second = engine.restore_block(mid) if config is None else engine.restore_block(mid, config)
    second = [_stable(m, s) for m, s in zip(mid, second)]
    out: list[Repair] = []
    for line, body, ending, f, m, s in zip(block, bodies, endings, first, mid, second):
        if not s:  # mojibake repairs only (or none): the text is already there
            out.append(Repair(line, m + ending, compose(body, f, m, s)) if f else Repair(line, line))
            continue
        plan = compose(body, f, m, s)
        text = apply_changes(body, plan) + ending
        out.append(Repair(line, text, plan))
    return out


def _stable(line: str, changes: list[Change]) -> list[Change]:
    """The engine's changes, less those that make the line look like mojibake again (``HB?`` → ``HBÉ``
    right before a ``€``: « É€ » is the UTF-8 of « ɀ »), which a second repair would then « fix ».

    Each change is weighed after the ones kept before it, so one such change does not cost the line its
    other repairs (dropping them all left a second repair to make them: no fixed point).
    """
    if not changes or not _suspect_after(line, changes):
        return changes
    kept: list[Change] = []
    for change in changes:
        if not _suspect_after(line, [*kept, change]):
            kept.append(change)
    return kept


def _suspect_after(line: str, changes: list[Change]) -> bool:
    repaired = apply_changes(line, changes)
    return mojibake.is_suspect(repaired) and bool(mojibake.fix_mojibake(repaired))


def repair(text: str, *, threshold: float | None = None) -> Repair:
    """Repair ``text`` and report every change as data, in positions of ``text``.

    >>> r = repair("prÃªt\\n")
    >>> r.text, r.replay() == r.text
    ('prêt\\n', True)
    """
    changes: list[Change] = []
    out: list[str] = []
    offset = 0
    for r in repair_lines(split_lines(text), threshold=threshold):
        changes.extend(c.shifted(offset) for c in r.changes)
        out.append(r.text)
        offset += len(r.original)
    return Repair(text, "".join(out), tuple(changes))


def fix_text(text: str, *, threshold: float | None = None) -> str:
    """The repaired text (see :func:`repair`).

    >>> fix_text("Le contrat a t sign hier."), fix_text("Le contrat a t sign hier.", threshold=1.0)
    ('Le contrat a été signé hier.', 'Le contrat a t sign hier.')
    """
    return "".join(r.text for r in repair_lines(split_lines(text), threshold=threshold))


def detect(text: str) -> Diagnosis:
    """Find damage without repairing it.

    >>> detect("Le cafÃ© est prÃªt.").damaged
    True
    >>> detect("Le café est prêt.").damaged
    False
    """
    findings: list[Finding] = []
    offset = 0
    lines = split_lines(text)
    for i in range(0, len(lines), BLOCK_LINES):
        block = lines[i:i + BLOCK_LINES]
        bodies = [_split_ending(line)[0] for line in block]
        moj = [mojibake.find_mojibake(b) for b in bodies]
        eng = engine.diagnose_block(bodies)
        for line, m, e in zip(block, moj, eng):
            findings.extend(
                Finding(f.start + offset, f.end + offset, f.kind, f.score, f.evidence) for f in (*m, *e)
            )
            offset += len(line)
    score = max((f.score for f in findings), default=0.0)
    return Diagnosis(bool(findings), score, tuple(findings))
