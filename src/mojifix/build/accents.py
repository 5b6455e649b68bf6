"""Build ``accents.bin``: which spelling of a plain letter stands between which neighbours, and which
letter was dropped between two letters.

Usage: ``python -m mojifix.build.accents [--out src/mojifix/data/fr]`` (reads ``lexicon.bin`` from
``--out``, else the shipped one). Deterministic: contexts are written in sorted order.

Every letter of a lexicon form that stripping makes plain (« é » → « e », « ç » → « c ») is counted
with its neighbours in the stripped form, from three letters on each side down to none, one letter
at a time (left first): the chain :data:`mojifix.charguess.ACCENT_CHAIN`. Lower-case forms of letters
only (names and compounds teach nothing about common words; ligatures change the length).

Each context seen in at least :data:`MIN_FORMS` forms decides its letter: the commonest spelling, and
how much commoner it is than the plain letter (log10, in tenths). Only the contexts whose decision
differs from the next narrower one's are written; the runtime walks the same chain and takes the first
context it finds, so the pruned table decides every letter as the full one does.

The same table holds the gaps between the letters of a form whose non-ASCII letters were deleted
(« zolédronique » → « zoldronique »): a gap is the letter :data:`mojifix.charguess.GAP` between its
neighbours in the shortened form, and its spellings are the one letter dropped there or ``GAP`` itself
(nothing was). Forms that lost two letters side by side are left out.

>>> counts = count_contexts(["école", "écu", "élan", "étude", "élu", "le", "ile"])
>>> counts[("e", "", "")], counts[("e", "^", "c")]
(Counter({'é': 5, 'e': 4}), Counter({'é': 2, 'e': 0}))
>>> prune(counts, min_forms=3)  # « e » is « é » (5 forms against 4), but not before the word's end
{('e', '', ''): ('é', 1), ('e', '', '$'): ('e', 0)}
"""

from __future__ import annotations

import argparse
import math
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Callable, Iterable

from ..charguess import ACCENT_CHAIN, ACCENTS_FILE, ACCENTS_NAME, GAP, STRIPPABLE, accent_key
from ..data import LEXICON_FILE, encode_data_file, get_lexicon, load_lexicon
from ..keys import drop_key, strip_key

#: Forms a context must be seen in before it decides (narrower contexts decide the rarer ones).
MIN_FORMS = 5
#: Largest ratio stored (tenths of log10): a byte.
MAX_RATIO = 255

Context = tuple[str, str, str]  # (plain letter, letters on the left, letters on the right)


def _chain(word: str, i: int) -> list[Context]:
    """The contexts of ``word[i]`` (``word`` framed by ``^``/``$``), widest first, without repeats."""
    out: list[Context] = []
    for left, right in ACCENT_CHAIN:
        ctx = (word[i], word[max(0, i - left):i], word[i + 1:i + 1 + right])
        if not out or out[-1] != ctx:
            out.append(ctx)
    return out


def count_contexts(forms: Iterable[str]) -> dict[Context, Counter[str]]:
    """Spellings of each strippable letter per context, over the lower-case forms of letters only."""
    widest: Counter[tuple[str, int, str]] = Counter()
    for form in forms:
        plain = strip_key(form)
        if len(plain) != len(form) or not form.isalpha() or not form.islower():
            continue
        word = f"^{plain}$"
        for i, letter in enumerate(form, start=1):
            if word[i] in STRIPPABLE:
                widest[(word, i, letter)] += 1
    counts: dict[Context, Counter[str]] = defaultdict(Counter)
    for (word, i, letter), n in widest.items():
        for ctx in _chain(word, i):
            counts[ctx][letter] += n
            counts[ctx][ctx[0]] += 0  # the plain letter always has an entry
    return counts


def count_gaps(forms: Iterable[str]) -> dict[Context, Counter[str]]:
    """What each gap between the letters of a shortened form held (:data:`GAP`: nothing), per context,
    over the lower-case forms of letters only.

    >>> counts = count_gaps(["été", "ému", "mur"])
    >>> counts[("_", "^", "t")], counts[("_", "", "")]["é"]
    (Counter({'é': 1, '_': 0}), 3)
    """
    widest: Counter[tuple[str, str, str]] = Counter()  # (three letters left, three right, what the gap held)
    for form in forms:
        if not form.isalpha() or not form.islower():
            continue
        held = _gaps(form)
        if held is None:
            continue
        word = f"^{drop_key(form)}$"
        for g, letter in enumerate(held, start=1):  # the gap before word[g]
            widest[(word[max(0, g - 3):g], word[g:g + 3], letter or GAP)] += 1
    counts: dict[Context, Counter[str]] = defaultdict(Counter)
    for (left, right, letter), n in widest.items():
        for ctx in _chain(f"{left}{GAP}{right}", len(left)):
            counts[ctx][letter] += n
            counts[ctx][GAP] += 0
    return counts


def _gaps(form: str) -> list[str] | None:
    """What each gap of ``form`` shortened held (before its first letter, between letters, after its last),
    or None when two letters were dropped side by side."""
    held = [""]
    for ch in form:
        if ch.isascii():
            held.append("")
        elif held[-1]:
            return None
        else:
            held[-1] = ch
    return held


def decision(counts: Counter[str], plain: str) -> tuple[str, int]:
    """The commonest spelling (the plain letter on ties) and its ratio to the plain letter (log10 tenths)."""
    letter, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0] != plain, kv[0]))
    if letter == plain:
        return plain, 0
    return letter, min(MAX_RATIO, round(10 * math.log10(n / max(counts[plain], 0.5))))


def prune(counts: dict[Context, Counter[str]], min_forms: int = MIN_FORMS) -> dict[Context, tuple[str, int]]:
    """The contexts whose decision differs from what the narrower ones would give (plain, when none)."""
    kept: dict[Context, tuple[str, int]] = {}
    for ctx in sorted(counts):
        if sum(counts[ctx].values()) >= min_forms:
            own = decision(counts[ctx], ctx[0])
            if own != _narrower_decision(ctx, counts, min_forms):
                kept[ctx] = own
    return kept


def _narrower_decision(ctx: Context, counts: dict[Context, Counter[str]], min_forms: int) -> tuple[str, int]:
    plain, left, right = ctx
    word = f"{left}{plain}{right}"
    chain = _chain(word, len(left))
    for narrower in chain[chain.index(ctx) + 1:] if ctx in chain else []:
        c = counts.get(narrower)
        if c is not None and sum(c.values()) >= min_forms:
            return decision(c, plain)
    return plain, 0


def pack_accents(table: dict[Context, tuple[str, int]]) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The metadata and sections of ``accents.bin`` (what :class:`mojifix.charguess.AccentTable` reads)."""
    keys = sorted(table)
    sections = {
        "keys": "".join(accent_key(k) + "\n" for k in keys).encode("utf-8"),
        "letters": "".join(table[k][0] for k in keys).encode("utf-8"),
        "ratios": bytes(table[k][1] for k in keys),
    }
    return {"contexts": len(keys), "min_forms": MIN_FORMS, "chain": [list(w) for w in ACCENT_CHAIN]}, sections


def build_accents(out: Path, log: Callable[[str], None] = print, forms: Iterable[str] | None = None) -> Path:
    """Count the letter contexts of ``forms`` (default: the forms of ``out/lexicon.bin``, else of the shipped
    lexicon) and write ``out/accents.bin``; return its path."""
    t0 = time.time()
    if forms is None:
        forms = (load_lexicon(out) if (out / LEXICON_FILE).exists() else get_lexicon()).forms()
    forms = list(forms)
    counts = count_contexts(forms)
    gaps = count_gaps(forms)
    meta, sections = pack_accents({**prune(counts), **prune(gaps)})
    meta["counted"] = len(counts) + len(gaps)
    path = out / ACCENTS_FILE
    path.write_bytes(encode_data_file(ACCENTS_NAME, meta, sections))
    log(f"accents: {len(counts):,} letter and {len(gaps):,} gap contexts counted, {meta['contexts']:,} kept; wrote {path} "
        f"({path.stat().st_size:,} bytes, {time.time() - t0:.0f} s)")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "fr")
    args = ap.parse_args(argv)
    build_accents(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
