"""Natural mojibake: does mojifix repair every line ftfy repairs, the same way?

For each line of ``../shared/corpora/dev/natural-mojibake/*.txt`` that
``ftfy.fix_text`` (default settings) changes, compare it with mojifix's output:

* ``same``: identical;
* ``ftfy extra: <fixers>``: identical once ftfy's own extra normalisations (which
  mojifix leaves out on purpose: uncurled quotes, NFC, ligatures, widths, HTML
  entities, terminal escapes, control characters) are applied to mojifix's
  output; the fixers needed are named;
* ``engine``: the mojibake layer agrees with ftfy but the restoration engine
  changed more of the line;
* ``other``: anything else (printed with ``--show``).

Lines ftfy leaves alone but mojifix changes are counted too (``mojifix only``).

    python benchmarks/natural_mojibake.py [--limit N] [--show 5] [--layer-only]

>>> categorise("Ã©tÃ©", "été", "été", "été")
'same'
>>> categorise("l'Ã©tÃ©", "l'été", "l’été", "l’été")
'ftfy extra: uncurl_quotes'
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import ftfy
from ftfy import fixes

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from mojifix.mojibake import fix_mojibake  # noqa: E402
from mojifix.models import apply_changes  # noqa: E402
from mojifix.pipeline import fix_text  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "dev" / "natural-mojibake"

#: ftfy's fixers that mojifix does not apply, in the order ftfy applies them.
EXTRA_FIXERS = (
    ("unescape_html", fixes.unescape_html),
    ("fix_latin_ligatures", fixes.fix_latin_ligatures),
    ("fix_character_width", fixes.fix_character_width),
    ("uncurl_quotes", fixes.uncurl_quotes),
    ("fix_line_breaks", fixes.fix_line_breaks),
    ("remove_terminal_escapes", fixes.remove_terminal_escapes),
    ("remove_control_chars", fixes.remove_control_chars),
    ("NFC", lambda s: unicodedata.normalize("NFC", s)),
)


def extra_fixers(ours: str, theirs: str) -> list[str] | None:
    """The ftfy extras that turn ``ours`` into ``theirs``, or None if they do not."""
    if ftfy.fix_text(ours) != theirs:
        return None
    needed = []
    text = ours
    for name, fixer in EXTRA_FIXERS:
        fixed = fixer(text)
        if fixed != text:
            needed.append(name)
            text = fixed
    return needed if text == theirs else needed + ["other ftfy steps"]


def categorise(line: str, theirs: str, layer: str, ours: str) -> str:
    """Why mojifix's ``ours`` (mojibake layer: ``layer``) differs from ftfy's ``theirs``."""
    if ours == theirs:
        return "same"
    extras = extra_fixers(ours, theirs)
    if extras is not None:
        return "ftfy extra: " + "+".join(extras)
    if layer != ours and extra_fixers(layer, theirs) is not None or layer == theirs:
        return "engine"
    return "other"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=0, help="lines at most (0: all)")
    parser.add_argument("--show", type=int, default=3, help="examples shown per category")
    parser.add_argument("--layer-only", action="store_true",
                        help="compare the mojibake layer only (no restoration engine)")
    args = parser.parse_args(argv)
    files = sorted(args.corpus.glob("*.txt"))
    if not files:
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    counts: Counter[str] = Counter()
    examples: dict[str, list[tuple[str, str, str]]] = {}
    total = changed_by_ftfy = 0
    start = time.perf_counter()
    for path in files:
        with path.open(encoding="utf-8", newline="") as fh:
            for raw in fh:
                if args.limit and total >= args.limit:
                    break
                total += 1
                line = raw.rstrip("\r\n")
                theirs = ftfy.fix_text(line)
                layer = apply_changes(line, fix_mojibake(line))
                ours = layer if args.layer_only else fix_text(line)
                if theirs == line:
                    if ours != line:
                        cat = "mojifix only"
                    else:
                        continue
                else:
                    changed_by_ftfy += 1
                    cat = categorise(line, theirs, layer, ours)
                counts[cat] += 1
                if cat != "same":
                    examples.setdefault(cat, []).append((line, theirs, ours))
    elapsed = time.perf_counter() - start
    print(f"{total} lines read, {changed_by_ftfy} changed by ftfy.fix_text ({elapsed:.1f} s)")
    print(f"compared: {'mojibake layer' if args.layer_only else 'mojifix.fix_text'}")
    differ = sum(n for cat, n in counts.items() if cat not in ("same",))
    print(f"lines where mojifix and ftfy differ: {differ}")
    for cat, n in counts.most_common():
        print(f"  {n:7d}  {cat}")
    for cat, rows in examples.items():
        if not cat.startswith("ftfy extra"):
            for line, theirs, ours in rows[:args.show]:
                print(f"\n[{cat}]\n  in:   {line!r}\n  ftfy: {theirs!r}\n  ours: {ours!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
