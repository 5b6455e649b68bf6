"""Real mojibake (no clean reference): residual mojibake and agreement with ftfy.

``../shared/corpora/dev/natural-mojibake`` is manual pages rendered by groff without ``-k``
(UTF-8 read as Latin-1). Its clean rendering is wrapped differently (line widths count
bytes), so it cannot be aligned line by line; instead this reports, for mojifix and ftfy,

* the tokens still showing a mojibake signature (``MOJIBAKE_RE``) after the fix, and
* mojifix's disagreement with ftfy (``uncurl_quotes=False``) as a token error rate —
  on pure mojibake ftfy is a strong reference, so a high figure deserves a look.

    python benchmarks/natural.py --limit-mb 0.5

>>> residual_mojibake("le noyau a Ã©tÃ© compilÃ© à l'aube")
2
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Sequence

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.metric import score_texts  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PATH = REPO.parent / "shared" / "corpora" / "dev" / "natural-mojibake"
OUT_DIR = REPO / "benchmarks" / "out"
#: A UTF-8 lead byte seen as cp1252/latin-1 followed by a continuation byte seen the same way.
MOJIBAKE_RE = re.compile(
    "[\u00c2-\u00c5\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_WORD_RE = re.compile(r"\S+")


def residual_mojibake(text: str) -> int:
    """Whitespace-separated tokens of ``text`` that still contain a mojibake signature."""
    return sum(1 for m in _WORD_RE.finditer(text) if MOJIBAKE_RE.search(m.group()))


def read_text(path: Path, limit_mb: float | None) -> str:
    files = sorted(path.rglob("*.txt")) if path.is_dir() else [path]
    text = "".join(f.read_text(encoding="utf-8") for f in files)
    if limit_mb is not None:
        cut = text[: int(limit_mb * 1e6)]
        text = cut[: cut.rfind("\n") + 1] or cut
    return text


def run(path: Path, limit_mb: float | None) -> dict[str, object]:
    import ftfy
    import mojifix

    text = read_text(path, limit_mb)
    out: dict[str, object] = {"path": str(path), "megabytes": round(len(text.encode()) / 1e6, 2),
                              "residual_input": residual_mojibake(text)}
    start = time.perf_counter()
    ref = ftfy.fix_text(text, uncurl_quotes=False)
    out["ftfy_seconds"] = round(time.perf_counter() - start, 2)
    out["residual_ftfy"] = residual_mojibake(ref)
    try:
        start = time.perf_counter()
        fixed = mojifix.fix_text(text)
        out["mojifix_seconds"] = round(time.perf_counter() - start, 2)
        out["residual_mojifix"] = residual_mojibake(fixed)
        score = score_texts(ref, fixed)
        out["disagreement_with_ftfy"] = score.wer
        out["disagreeing_tokens"] = score.errors
    except Exception as exc:  # report, do not stop
        out["note"] = f"{type(exc).__name__}: {exc}"[:200]
    return out


def format_table(r: dict, markdown: bool = False) -> str:
    dis = r.get("disagreement_with_ftfy")
    rows = [
        ["input", str(r["residual_input"]), "—", ""],
        ["ftfy (uncurl_quotes=False)", str(r["residual_ftfy"]), "reference", f"{r['ftfy_seconds']} s"],
        ["mojifix", str(r.get("residual_mojifix", "error")),
         "—" if dis is None else f"{100 * dis:.3f} % ({r['disagreeing_tokens']} tokens)",
         f"{r.get('mojifix_seconds', '—')} s"],
    ]
    head = ["", "tokens with mojibake left", "disagreement with ftfy", "time"]
    if markdown:
        return "\n".join(["| " + " | ".join(head) + " |", "|---|---|---|---|", *("| " + " | ".join(x) + " |" for x in rows)])
    widths = [max(len(x[i]) for x in [head, *rows]) for i in range(4)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(x, widths)) for x in [head, *rows])


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--path", type=Path, default=DEFAULT_PATH)
    p.add_argument("--limit-mb", type=float, default=None)
    args = p.parse_args(argv)
    report = run(args.path, args.limit_mb)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "natural.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"{report['path']} ({report['megabytes']} MB)")
    print(format_table(report))
    if "note" in report:
        print("  !", report["note"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
