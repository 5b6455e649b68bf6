"""Result objects: changes as data, a replayable repair, and a diagnosis.

A :class:`Repair` is a plan: its changes, replayed on the original text with
:func:`apply_changes`, give the repaired text.

>>> c = Change(2, 10, "amricaine", "américaine", DamageKind.DROPPED_LETTERS, 0.9)
>>> c
Change(start=2, end=10, before='amricaine', after='américaine', kind=<DamageKind.DROPPED_LETTERS: 'dropped_letters'>, confidence=0.9, reason='')
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Sequence

from .kinds import DamageKind


@dataclass(frozen=True)
class Change:
    """One replacement of ``original[start:end]`` (== ``before``) by ``after``."""

    start: int
    end: int
    before: str
    after: str
    kind: DamageKind
    confidence: float
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-ready data."""
        d = asdict(self)
        d["kind"] = self.kind.value
        d["confidence"] = round(self.confidence, 4)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Change":
        """Inverse of :meth:`to_dict`."""
        return cls(
            start=int(d["start"]),
            end=int(d["end"]),
            before=d["before"],
            after=d["after"],
            kind=DamageKind(d["kind"]),
            confidence=float(d["confidence"]),
            reason=d.get("reason", ""),
        )

    def shifted(self, offset: int) -> "Change":
        """The same change with positions moved by ``offset``."""
        return Change(self.start + offset, self.end + offset, self.before, self.after,
                      self.kind, self.confidence, self.reason)


class PlanMismatch(ValueError):
    """Raised when a change does not match the text it is applied to."""


def apply_changes(text: str, changes: Iterable[Change]) -> str:
    """Replay ``changes`` (positions in ``text``) and return the new text.

    Changes must not overlap; each ``before`` must match the text.

    >>> apply_changes("a t", [Change(2, 3, "t", "été", DamageKind.DROPPED_LETTERS, 1.0)])
    'a été'
    """
    out: list[str] = []
    pos = 0
    for ch in sorted(changes, key=lambda c: (c.start, c.end)):
        if ch.start < pos:
            raise PlanMismatch(f"overlapping change at {ch.start}")
        if text[ch.start:ch.end] != ch.before:
            raise PlanMismatch(
                f"change at {ch.start}:{ch.end} expects {ch.before!r}, text has {text[ch.start:ch.end]!r}"
            )
        out.append(text[pos:ch.start])
        out.append(ch.after)
        pos = ch.end
    out.append(text[pos:])
    return "".join(out)


@dataclass(frozen=True)
class Repair:
    """The outcome of :func:`mojifix.repair`: the repaired text and every change.

    >>> r = Repair("a t", "a été", (Change(2, 3, "t", "été", DamageKind.DROPPED_LETTERS, 1.0),))
    >>> r.replay() == r.text
    True
    >>> r.changed
    True
    """

    original: str
    text: str
    changes: tuple[Change, ...] = ()

    @property
    def changed(self) -> bool:
        return self.text != self.original

    @property
    def kinds(self) -> frozenset[DamageKind]:
        return frozenset(c.kind for c in self.changes)

    def replay(self, text: str | None = None) -> str:
        """Apply the changes to ``text`` (default: the original) — like ftfy's ``apply_plan``."""
        return apply_changes(self.original if text is None else text, self.changes)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "changes": [c.to_dict() for c in self.changes]}


@dataclass(frozen=True)
class Finding:
    """Evidence of one kind of damage over ``text[start:end]``."""

    start: int
    end: int
    kind: DamageKind
    score: float
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["kind"] = self.kind.value
        d["score"] = round(self.score, 4)
        return d


@dataclass(frozen=True)
class Diagnosis:
    """What :func:`mojifix.detect` found, without repairing anything."""

    damaged: bool
    score: float
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def kinds(self) -> frozenset[DamageKind]:
        return frozenset(f.kind for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "damaged": self.damaged,
            "score": round(self.score, 4),
            "kinds": sorted(k.value for k in self.kinds),
            "findings": [f.to_dict() for f in self.findings],
        }


def compose(original: str, first: Sequence[Change], intermediate: str,
            second: Sequence[Change]) -> tuple[Change, ...]:
    """Express ``second`` (positions in ``intermediate``) after ``first`` in positions of ``original``.

    ``intermediate`` must equal ``apply_changes(original, first)``. Where a change of
    ``second`` touches text produced by ``first``, the two merge into one change that
    carries the later change's kind, confidence and reason.

    >>> m = DamageKind.MOJIBAKE
    >>> first = [Change(0, 3, "Ã©t", "ét", m, 1.0)]
    >>> second = [Change(3, 4, "t", "té", DamageKind.DROPPED_LETTERS, 0.8)]
    >>> plan = compose("Ã©t t", first, "ét t", second)
    >>> apply_changes("Ã©t t", plan)
    'ét té'
    >>> len(compose("Ã©t", first, "ét", [Change(1, 2, "t", "té", DamageKind.DROPPED_LETTERS, 0.8)]))
    1
    """
    if not second:
        return tuple(sorted(first, key=lambda c: (c.start, c.end)))
    if not first:
        return tuple(sorted(second, key=lambda c: (c.start, c.end)))
    segs = _segments(original, first, intermediate)
    regions = [(*_widen(segs, ch.start, ch.end), ch) for ch in sorted(second, key=lambda c: (c.start, c.end))]
    groups: list[list[tuple[int, int, int, int, Change]]] = []
    for reg in regions:
        if groups and reg[0] <= max(r[1] for r in groups[-1]):
            groups[-1].append(reg)
        else:
            groups.append([reg])
    out: list[Change] = []
    consumed: set[int] = set()
    for group in groups:
        a = min(r[0] for r in group)
        b = max(r[1] for r in group)
        oa = min(r[2] for r in group)
        ob = max(r[3] for r in group)
        pieces: list[str] = []
        pos = a
        for _, _, _, _, ch in group:
            pieces.append(intermediate[pos:ch.start])
            pieces.append(ch.after)
            pos = ch.end
        pieces.append(intermediate[pos:b])
        last = group[-1][4]
        out.append(Change(oa, ob, original[oa:ob], "".join(pieces), last.kind,
                          min(r[4].confidence for r in group), last.reason))
        for idx, f in enumerate(first):
            if oa <= f.start and f.end <= ob:
                consumed.add(idx)
    out.extend(f for idx, f in enumerate(first) if idx not in consumed)
    return tuple(sorted((c for c in out if c.before != c.after), key=lambda c: (c.start, c.end)))


def _segments(original: str, first: Sequence[Change], intermediate: str) -> list[tuple[int, int, int, int, bool]]:
    """Pieces of ``intermediate`` as (i_start, i_end, o_start, o_end, produced_by_a_change)."""
    segs: list[tuple[int, int, int, int, bool]] = []
    ipos = opos = 0
    for ch in sorted(first, key=lambda c: (c.start, c.end)):
        if ch.start > opos:
            n = ch.start - opos
            segs.append((ipos, ipos + n, opos, ch.start, False))
            ipos += n
        segs.append((ipos, ipos + len(ch.after), ch.start, ch.end, True))
        ipos += len(ch.after)
        opos = ch.end
    segs.append((ipos, len(intermediate), opos, len(original), False))
    return segs


def _widen(segs: Sequence[tuple[int, int, int, int, bool]], s: int, e: int) -> tuple[int, int, int, int]:
    """Map the intermediate span [s, e) to original positions, widened to every changed
    piece it touches (adjacency counts, so the order of neighbouring edits is never ambiguous)."""
    a, b = s, e
    oa, ob = None, None
    for i0, i1, o0, o1, changed in segs:
        if not changed:
            if oa is None and i0 <= s <= i1:
                oa = o0 + (s - i0)
            if i0 <= e <= i1:
                ob = o0 + (e - i0)
    for i0, i1, o0, o1, changed in segs:
        if changed and i0 <= e and i1 >= s:
            a, b = min(a, i0), max(b, i1)
            oa = o0 if oa is None else min(oa, o0)
            ob = o1 if ob is None else max(ob, o1)
    assert oa is not None and ob is not None
    return a, b, oa, max(oa, ob)
