"""False-positive audit: run mojifix over clean corpora; every changed token is a false positive.

    python benchmarks/audit.py                       # every clean corpus of ../shared/corpora (~130 MB)
    python benchmarks/audit.py --limit-mb 2          # first 2 MB of each corpus
    python benchmarks/audit.py --corpus corpora/sentences

Each corpus (a folder of ``train/`` or ``dev/``; ``natural-mojibake`` is skipped: it is damaged)
is fed to ``mojifix.fix_text`` file by file, in chunks of whole lines, and the changed tokens
are counted with :mod:`benchmarks.metric`. Every change is kept as a token pair (``tres`` →
``très``) with its count and a cause (:func:`cause`), so that RESULTS.md lists every remaining
case without quoting the corpora's lines.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Callable, Iterator, Sequence

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.metric import line_errors, split_for_scoring, tokens  # noqa: E402
from mojifix.keys import strip_key  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ROOT = REPO.parent / "shared" / "corpora"
OUT_DIR = REPO / "benchmarks" / "out"
SKIP = frozenset({"natural-mojibake"})
CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class Example:
    """One kind of change: the tokens before and after, how often, and its likely cause."""

    corpus: str
    before: str
    after: str
    errors: int
    cause: str = ""


def cause(before: str, after: str) -> str:
    """A first classification of a change made to clean text.

    >>> cause("tres", "très")
    'accent added to an unaccented word of the source'
    >>> cause("a", "à")
    'accent added to an unaccented word of the source'
    >>> cause("été", "ete")
    'accent removed'
    >>> cause("x", "y z")
    'other'
    """
    if before == after:
        return "none"
    if strip_key(after) == before and before.isascii():
        return "accent added to an unaccented word of the source"
    if strip_key(after) == strip_key(before):
        return "accent moved or removed" if not before.isascii() and not after.isascii() else "accent removed"
    if not before.strip() or not after.strip():
        return "token inserted or deleted"
    return "other"


def changed_pairs(before: str, after: str) -> list[tuple[str, str]]:
    """The differing token runs of one line, as (before, after) strings.

    >>> changed_pairs("il ete ici la", "il été ici là")
    [('ete', 'été'), ('la', 'là')]
    """
    a, b = tokens(before), tokens(after)
    return [(" ".join(a[i1:i2]), " ".join(b[j1:j2]))
            for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op != "equal"]


@dataclass(frozen=True)
class AuditResult:
    """Changed tokens of one corpus."""

    corpus: str
    megabytes: float
    tokens: int
    changed_tokens: int
    changed_lines: int
    seconds: float
    examples: tuple[Example, ...] = field(default=())
    note: str = ""

    @property
    def per_million(self) -> float:
        return 1e6 * self.changed_tokens / self.tokens if self.tokens else 0.0


def corpora_under(root: Path) -> list[Path]:
    """The corpus folders under ``root/train`` and ``root/dev`` (or ``root`` itself if it holds text)."""
    folders = [d for split in ("train", "dev") if (root / split).is_dir()
               for d in sorted((root / split).iterdir()) if d.is_dir() and d.name not in SKIP]
    return folders or [root]


def chunks(path: Path, budget: int | None) -> Iterator[str]:
    """Whole lines of the ``.txt`` files of ``path`` in ~1 MiB chunks, at most ``budget`` bytes."""
    files = sorted(path.rglob("*.txt")) if path.is_dir() else [path]
    used = 0
    for f in files:
        with f.open(encoding="utf-8") as handle:
            while True:
                if budget is not None and used >= budget:
                    return
                size = CHUNK_BYTES if budget is None else min(CHUNK_BYTES, budget - used)
                text = handle.read(size)
                if not text:
                    break
                text += handle.readline()  # finish the line
                used += len(text.encode("utf-8"))
                yield text


def audit_corpus(path: Path, fix: Callable[[str], str], limit_mb: float | None) -> AuditResult:
    """Changed tokens of ``fix`` over one corpus, with every change as a token pair."""
    budget = int(limit_mb * 1e6) if limit_mb is not None else None
    n_tokens = changed = changed_lines = size = 0
    pairs: dict[tuple[str, str], int] = {}
    start = time.perf_counter()
    for text in chunks(path, budget):
        try:
            out = fix(text)
        except Exception as exc:  # report a broken fixer, do not stop the audit
            note = f"{type(exc).__name__}: {exc}"[:200]
            return AuditResult(path.name, round(size / 1e6, 2), n_tokens, changed, changed_lines,
                               round(time.perf_counter() - start, 2), _examples(path.name, pairs), note)
        size += len(text.encode("utf-8"))
        n_tokens += len(tokens(text))
        if out == text:
            continue
        before, after = split_for_scoring(text), split_for_scoring(out)
        if len(before) != len(after):
            before, after = [text], [out]
        for b, a in zip(before, after):
            if a != b:
                err = line_errors(b, a)
                changed += err
                changed_lines += 1
                for pair in changed_pairs(b, a):
                    pairs[pair] = pairs.get(pair, 0) + 1
    return AuditResult(path.name, round(size / 1e6, 2), n_tokens, changed, changed_lines,
                       round(time.perf_counter() - start, 2), _examples(path.name, pairs))


def _examples(corpus: str, pairs: dict[tuple[str, str], int]) -> tuple[Example, ...]:
    ranked = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))
    return tuple(Example(corpus, b[:80], a[:80], n, cause(b, a)) for (b, a), n in ranked)


def format_table(results: Sequence[AuditResult], markdown: bool = False) -> str:
    head = ["corpus", "MB", "tokens", "changed tokens", "per million", "changed lines", "seconds", "note"]
    body = [[r.corpus, f"{r.megabytes:.1f}", str(r.tokens), str(r.changed_tokens), f"{r.per_million:.1f}",
             str(r.changed_lines), f"{r.seconds:.1f}", r.note] for r in results]
    if markdown:
        return "\n".join(["| " + " | ".join(head) + " |", "|" + "---|" * len(head),
                          *("| " + " | ".join(row) + " |" for row in body)])
    widths = [max(len(row[i]) for row in [head, *body]) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in [head, *body])


def get_fixer(name: str) -> Callable[[str], str]:
    """``mojifix.fix_text`` or ``ftfy.fix_text`` (for comparison)."""
    if name == "ftfy":
        import ftfy

        return ftfy.fix_text
    import mojifix

    return mojifix.fix_text


def run(root: Path, limit_mb: float | None, fixer: str = "mojifix") -> dict[str, object]:
    fix = get_fixer(fixer)
    results = [audit_corpus(p, fix, limit_mb) for p in corpora_under(root)]
    return {
        "fixer": fixer,
        "root": str(root),
        "limit_mb": limit_mb,
        "results": [{**asdict(r), "per_million": r.per_million} for r in results],
        "table": format_table(results),
        "markdown": format_table(results, markdown=True),
        "examples": [asdict(e) for r in results for e in r.examples],
    }


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=DEFAULT_ROOT, help="corpora root, one corpus folder, or a file")
    p.add_argument("--limit-mb", type=float, default=None, help="at most this many MB per corpus")
    p.add_argument("--fixer", choices=("mojifix", "ftfy"), default="mojifix")
    p.add_argument("--json", type=Path, default=None, help="default benchmarks/out/audit-FIXER.json")
    args = p.parse_args(argv)
    args.json = args.json or OUT_DIR / f"audit-{args.fixer}.json"
    report = run(args.corpus, args.limit_mb, args.fixer)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(report["table"])
    for e in report["examples"][:200]:  # type: ignore[index]
        print(f"  [{e['corpus']}] {e['errors']:4d}x {e['before']!r} -> {e['after']!r}  ({e['cause']})")
    print(f"JSON: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
