"""Pathological inputs at full size (issue #7): time and peak memory, and how time grows.

Not run in CI (tests/test_reliability.py runs small versions). Usage:

    python benchmarks/pathological.py               # full sizes (5 MB line, 1e6 masks...)
    python benchmarks/pathological.py --quick       # a tenth of the sizes
    python benchmarks/pathological.py --limit 120   # skip a case's larger sizes once one size took > 120 s

Each case runs at several sizes; the table gives seconds, peak traced memory
(tracemalloc, Python allocations) and the growth exponent between consecutive sizes
(log(t2/t1)/log(n2/n1): 1 is linear, 2 quadratic). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import math
import time
import tracemalloc
from typing import Callable

from mojifix import fix_text
from mojifix.segment import tokenize

SENTENCE = "Le garçon a reçu une leçon très française à l’hôpital, après Noël. "


def sloppy_cp1252(text: str) -> str:
    return "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in text.encode("utf-8"))


def nested(n: int) -> str:
    text = "Élève à l’été, garçon déçu. " * max(1, n // 700)
    for _ in range(5):
        text = sloppy_cp1252(text)
    return text


def strip_accents(text: str) -> str:
    from mojifix.simulate import damage
    return damage(text, "stripped")


def six_masks(n: int) -> str:
    """A long masked line with six lone masks far apart: every reading of them as quotes is weighed."""
    words = ("le chat dort sur la table et le chien aussi " * (n // 44 + 1)).split()
    for k in range(6):
        words[k * len(words) // 6] = "\ufffd"
    return ("La r\ufffdponse " + " ".join(words))[:n] + "\n"


CASES: dict[str, tuple[Callable[[str], object], Callable[[int], str], tuple[int, ...]]] = {
    # name: (function, input of size ~n, sizes)
    "clean French line": (fix_text, lambda n: (SENTENCE * (n // len(SENTENCE) + 1))[:n], (500_000, 1_000_000, 2_000_000, 5_000_000)),
    "mojibake line": (fix_text, lambda n: sloppy_cp1252((SENTENCE * (n // len(SENTENCE) + 1))[:n // 2]), (500_000, 1_000_000, 2_000_000, 5_000_000)),
    "stripped line": (fix_text, lambda n: strip_accents((SENTENCE * (n // len(SENTENCE) + 1))[:n]), (250_000, 500_000, 1_000_000, 5_000_000)),
    "'?' run": (fix_text, lambda n: "?" * n, (5_000, 10_000, 20_000, 40_000, 1_000_000)),
    "U+FFFD run": (fix_text, lambda n: "\ufffd" * n, (5_000, 10_000, 20_000, 40_000, 1_000_000)),
    "'?' lines of 19,999": (fix_text, lambda n: ("?" * 19_999 + "\n") * max(1, n // 20_000), (20_000, 40_000, 80_000)),
    "'? ' pairs": (fix_text, lambda n: "? " * (n // 2), (250_000, 1_000_000)),
    "10k-char token x n/10k": (fix_text, lambda n: ("é" * 10_000 + " ") * (n // 10_000), (100_000, 1_000_000)),
    "nested mojibake x5": (fix_text, nested, (10_000, 100_000, 1_000_000)),
    "controls + NUL": (fix_text, lambda n: ("caf\x00é\x01 \x1b[0m déjà\x7f " * (n // 24)), (100_000, 1_000_000)),
    "lone surrogates": (fix_text, lambda n: "\ud800" * n, (2_000, 4_000, 8_000)),
    "tokenize '-' run": (tokenize, lambda n: "-" * n, (10_000, 20_000, 40_000, 80_000)),
    "tokenize '.' run": (tokenize, lambda n: "." * n, (10_000, 20_000, 40_000)),
    "tokenize 'a-' run": (tokenize, lambda n: "a-" * (n // 2), (10_000, 20_000, 40_000)),
    "tokenize 'a?' run": (tokenize, lambda n: "a?" * (n // 2), (100_000, 1_000_000)),
    "six lone masks per 19,000-char line": (fix_text, lambda n: six_masks(19_000) * max(1, n // 19_000), (19_000, 38_000, 76_000)),
    "many short lines": (fix_text, lambda n: ("Il a t reu  l'cole.\n" * (n // 21)), (100_000, 1_000_000)),
}


def measure(func: Callable[[str], object], text: str, trace_below: float = 20.0) -> tuple[float, float]:
    """Seconds of an untraced run, then peak MiB of a second, traced run (tracemalloc slows
    allocation-heavy code several times, so time and memory are measured apart); the traced
    run is skipped (nan) when the untraced one took longer than ``trace_below`` seconds."""
    start = time.perf_counter()
    func(text)
    seconds = time.perf_counter() - start
    if seconds > trace_below:
        return seconds, float("nan")
    tracemalloc.start()
    func(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of each size")
    parser.add_argument("--limit", type=float, default=60.0,
                        help="skip a case's larger sizes after one took longer than this (s)")
    parser.add_argument("--only", help="run only the cases whose name contains this")
    args = parser.parse_args()
    fix_text("Il a t reu  l'cole.")  # data loaded before timing
    print("| case | size (chars) | seconds | peak MiB (tracemalloc) | growth exponent |")
    print("|---|---:|---:|---:|---:|")
    for name, (func, make, sizes) in CASES.items():
        if args.only and args.only not in name:
            continue
        prev: tuple[int, float] | None = None
        for n in sizes:
            if args.quick:
                n = max(1, n // 10)
            text = make(n)
            seconds, peak = measure(func, text)
            growth = ""
            if prev and prev[1] > 0.05:
                growth = f"{math.log(seconds / prev[1]) / math.log(len(text) / prev[0]):.2f}"
            print(f"| {name} | {len(text):,} | {seconds:.3f} | {peak:.1f} | {growth} |", flush=True)
            prev = (len(text), seconds)
            if seconds > args.limit:
                print(f"| {name} | larger sizes skipped (> {args.limit:.0f} s) | | | |", flush=True)
                break


if __name__ == "__main__":
    main()
