"""Command line: ``python -m mojifix.build --corpora ../shared/corpora --lexicon ../shared/lexicons --out DIR``."""

from __future__ import annotations

import argparse
import hashlib
import logging
import time
from pathlib import Path

from .ngrams import ModelParams
from .pipeline import BuildConfig, build

DEFAULT_CORPORA = Path("../shared/corpora")
DEFAULT_LEXICON = Path("../shared/lexicons")
DEFAULT_OUT = Path("src/mojifix/data/fr")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(prog="mojifix-build-model", description=__doc__)
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="folder with train/ (default: %(default)s)")
    ap.add_argument("--lexicon", type=Path, default=DEFAULT_LEXICON, help="folder with the Dicollecte TSV")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--min-count", type=float, nargs=3, metavar=("UNI", "BI", "TRI"),
                    default=list(ModelParams().min_count[1:]), help="weighted count to keep an n-gram")
    ap.add_argument("--counts-cache", type=Path, default=None, help="pickle of the corpus counts (development)")
    ap.add_argument("-q", "--quiet", action="store_true")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m mojifix.build`` and ``mojifix-build-model``."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(asctime)s %(message)s")
    params = ModelParams(min_count=(0.0, *args.min_count))
    config = BuildConfig(args.corpora, args.lexicon, args.out, workers=args.workers, params=params,
                         counts_cache=args.counts_cache)
    start = time.monotonic()
    for name, path in sorted(build(config).items()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        print(f"{digest}  {path}  ({path.stat().st_size} bytes)")
    print(f"built in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
