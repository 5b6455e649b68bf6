"""Quick check of the French data files: sizes, load time, memory, lookup speed, coverage, model quality.

Usage (from the repository root)::

    python benchmarks/data_check.py                       # the shipped data
    python benchmarks/data_check.py --data /tmp/dataout   # a build elsewhere

Model quality is measured on ../shared/corpora/dev/ud-french (modern text) by:

* perplexity per token (``</s>`` included, unknown tokens at the model's floor);
* accent restoration on tokens whose accent-stripped (or non-ASCII-dropped) spelling is ambiguous:
  every candidate with the same key is scored with the trigram model in the true left context, over
  the word and the two tokens after it; the error rate is the share of ambiguous tokens where the best
  candidate is not the original. The unigram baseline picks the most frequent form.
"""

from __future__ import annotations

import argparse
from collections import Counter
import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path

LOAD_SNIPPET = """
import time, resource, sys
from mojifix import data
t = time.perf_counter()
lex = data._build_quietly(data.Lexicon, *data.read_data_file("lexicon", "lexicon.bin", sys.argv[1]))
t1 = time.perf_counter()
model = data._build_quietly(data.ContextModel, *data.read_data_file("model", "model.bin", sys.argv[1]))
t2 = time.perf_counter()
print(t1 - t, t2 - t1, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def load_figures(directory: Path) -> dict[str, float]:
    """Load time and peak RSS in a fresh process (best of three)."""
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", LOAD_SNIPPET, str(directory)], check=True,
                             capture_output=True, text=True).stdout.split()
        runs.append(tuple(map(float, out)))
    lex_s, model_s, rss = min(runs, key=lambda r: r[0] + r[1])
    return {"load_lexicon_s": round(lex_s, 3), "load_model_s": round(model_s, 3),
            "load_total_s": round(lex_s + model_s, 3), "peak_rss_mb": round(rss)}


def lookup_figures(lex, model) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Microseconds per call of the hot lookups."""
    def per_call(fn, n: int = 20000) -> float:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        for _ in range(n):
            fn()
        return round((time.perf_counter() - start) / n * 1e6, 2)

    return {
        "us_contains": per_call(lambda: "américaine" in lex),
        "us_logfreq": per_call(lambda: lex.logfreq("américaine")),
        "us_by_drop": per_call(lambda: lex.by_drop("amricaine")),
        "us_by_strip": per_call(lambda: lex.by_strip("ou")),
        "us_logprob_trigram_hit": per_call(lambda: model.logprob("été", ("il", "a"))),
        "us_logprob_full_backoff": per_call(lambda: model.logprob("brouette", ("zorglub", "quand"))),
    }


def dev_lines(dev: Path) -> list[str]:
    return [line for path in sorted(dev.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()]


def coverage(lex, lines: list[str]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Share of word tokens that are lexicon forms (all lowercased; and originally-lowercase only)."""
    from mojifix.tokens import TOKEN_RE, split_elisions

    total = known = low_total = low_known = 0
    for line in lines:
        for m in TOKEN_RE.finditer(line):
            tok = m.group()
            if not tok[0].isalpha():
                continue
            for part in split_elisions(tok):
                for piece in part.split("-"):
                    if not piece:
                        continue
                    hit = piece.lower() in lex
                    total += 1
                    known += hit
                    if piece.islower():
                        low_total += 1
                        low_known += hit
    return {"coverage_all_words": round(known / total, 4), "coverage_lowercase_words": round(low_known / low_total, 4),
            "dev_words": total}


CONFUSIONS: dict[str, Counter[tuple[str, str]]] = {"strip": Counter(), "drop": Counter()}


def model_quality(lex, model, lines: list[str]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Perplexity and ambiguous-token restoration error rates (see the module docstring)."""
    from mojifix.keys import drop_key, strip_key
    from mojifix.tokens import lm_tokens

    logp = 0.0
    count = 0
    stats = {kind: [0, 0, 0] for kind in ("strip", "drop")}  # ambiguous, model errors, unigram errors
    for line in lines:
        toks = lm_tokens(line)
        if not toks:
            continue
        seq = ["<s>", *toks, "</s>"]
        for i in range(1, len(seq)):
            logp += model.logprob(seq[i], tuple(seq[max(0, i - 2):i]))
            count += 1
        for i in range(1, len(seq) - 1):
            tok = seq[i]
            if not tok[0].isalpha() or tok not in lex:
                continue
            for kind, keyfn, index in (("strip", strip_key, lex.by_strip), ("drop", drop_key, lex.by_drop)):
                key = keyfn(tok)
                cands = list(index(key))
                if key in lex and key not in cands:
                    cands.append(key)
                if len(cands) < 2 or tok not in cands:
                    continue
                st = stats[kind]
                st[0] += 1

                def local(cand: str) -> float:
                    s = seq[:i] + [cand] + seq[i + 1:i + 3]
                    return sum(model.logprob(s[j], tuple(s[max(0, j - 2):j])) for j in range(i, len(s)))

                best = max(cands, key=local)
                st[1] += best != tok
                if best != tok:
                    CONFUSIONS[kind][(tok, best)] += 1
                st[2] += max(cands, key=lambda c: lex.logfreq(c) or -99) != tok
    out = {"perplexity": round(10 ** (-logp / count), 1), "tokens": count}
    for kind, (amb, err, uni) in stats.items():
        out[f"{kind}_ambiguous"] = amb
        out[f"{kind}_err_model"] = round(err / amb, 4)
        out[f"{kind}_err_unigram"] = round(uni / amb, 4)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("src/mojifix/data/fr"))
    ap.add_argument("--dev", type=Path, default=Path("../shared/corpora/dev/ud-french"))
    ap.add_argument("--errors", type=int, default=0, help="also print the N most frequent confusions")
    args = ap.parse_args()
    from mojifix.data import load_lexicon, load_model

    figures: dict[str, float] = {f"size_{p.name}": p.stat().st_size for p in sorted(args.data.glob("*.bin"))}
    figures.update(load_figures(args.data))
    lex, model = load_lexicon(args.data), load_model(args.data)
    figures.update({"forms": len(lex), "ngrams": len(model)})
    figures.update(lookup_figures(lex, model))
    lines = dev_lines(args.dev)
    figures.update(coverage(lex, lines))
    figures.update(model_quality(lex, model, lines))
    print(json.dumps(figures, indent=1))
    for kind, conf in CONFUSIONS.items():
        if args.errors:
            print(kind, ", ".join(f"{a}→{b} {n}" for (a, b), n in conf.most_common(args.errors)))


if __name__ == "__main__":
    main()
