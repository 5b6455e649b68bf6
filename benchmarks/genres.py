"""Genre benchmark on text the model never saw: errors per damage kind on held-out training files.

The other genres of ``../shared/corpora/train`` (novels, debates, free books) are what the model is
built from, so samples of them flatter it: a rare name is scored by the very sentences it came from.
This benchmark holds some files out, builds the data without them, and repairs samples of them:

    python benchmarks/genres.py --build            # once: split and build (about 4 minutes on 2 cores)
    python benchmarks/genres.py                    # errors per genre and kind with the working engine
    python benchmarks/genres.py --kinds dropped,stripped --kb 100

The split is fixed (every tenth ELTeC novel, every sixth roman19 and nouvelles19 file, one Framabook
book, the debates of 2018; the legal codes and the manual pages are single files and stay in). The
engine under test is the working tree's, run from a copy of the package whose data are the held-out
build's, so the figures compare engine changes; a data change is compared by building twice.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Sequence

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REPO = Path(__file__).resolve().parent.parent
TRAIN = REPO.parent / "shared" / "corpora" / "train"
LEXICONS = REPO.parent / "shared" / "lexicons"
WORK = Path(os.environ.get("MOJIFIX_GENRES_DIR", "/tmp/mojifix-genres"))
KINDS = ("dropped", "dropped_collapsed", "stripped", "question", "fffd")
DATA_FILES = ("accents.bin", "classes.bin", "gaps.bin", "lexicon.bin", "model.bin")


def held_out(corpus: str, index: int, name: str) -> bool:
    """Is the ``index``-th file (from 1, in sorted order) of ``corpus`` held out of training?

    >>> [held_out("eltec-fra", i, "x") for i in (5, 6, 15)], held_out("an-debats-2013-2018", 6, "debats-2018.txt")
    ([True, False, True], True)
    """
    if corpus == "eltec-fra":
        return index % 10 == 5
    if corpus in ("textbox-roman19", "textbox-nouvelles19"):
        return index % 6 == 3
    return name in ("monOrchide_19fevrier2014.txt", "debats-2018.txt")


def split(train: Path, work: Path) -> dict[str, list[Path]]:
    """Link the training files into ``work/corpora/train`` or ``work/held`` (no copies)."""
    shutil.rmtree(work / "corpora", ignore_errors=True)
    held: dict[str, list[Path]] = {}
    for corpus in sorted(p.name for p in train.iterdir() if p.is_dir()):
        (work / "corpora" / "train" / corpus).mkdir(parents=True)
        for i, path in enumerate(sorted(train.joinpath(corpus).glob("*.txt")), 1):
            if held_out(corpus, i, path.name):
                held.setdefault(corpus, []).append(path.resolve())
            else:
                (work / "corpora" / "train" / corpus / path.name).symlink_to(path.resolve())
    (work / "held.txt").write_text("".join(f"{c}\t{p}\n" for c, ps in held.items() for p in ps), encoding="utf-8")
    return held


def build(work: Path) -> None:
    """Build the data without the held-out files (the project's own builder)."""
    split(TRAIN, work)
    cmd = [sys.executable, "-m", "mojifix.build", "--corpora", str(work / "corpora"), "--lexicon", str(LEXICONS),
           "--out", str(work / "data"), "-q"]
    subprocess.run(cmd, check=True, cwd=REPO)


def install_engine(work: Path) -> Path:
    """A copy of the working tree's package with the held-out data in place of the shipped data."""
    dest = work / "src"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(REPO / "src" / "mojifix", dest / "mojifix", ignore=shutil.ignore_patterns("__pycache__", "*.bin"))
    for name in DATA_FILES:
        shutil.copy2(work / "data" / name, dest / "mojifix" / "data" / "fr" / name)
    return dest


def sample(paths: Sequence[Path], kb: int, chunks: int = 40) -> str:
    """``kb`` KB of whole lines from ``chunks`` places spread evenly over the files."""
    text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in paths)
    size = kb * 1024 // chunks
    out = []
    for i in range(chunks):
        start = text.find("\n", (len(text) - size) * i // chunks) + 1
        stop = text.find("\n", start + size)
        out.append(text[start:stop if stop > 0 else None])
    return "\n".join(out) + "\n"


def evaluate(work: Path, kinds: Sequence[str], kb: int, seed: int) -> dict[str, dict[str, int]]:
    """Errors per corpus and kind (run in this process: call it with the copied package first on the path)."""
    import mojifix
    from benchmarks.accuracy import damaged_text
    from benchmarks.metric import score_texts

    if not Path(mojifix.__file__).is_relative_to(work):
        raise SystemExit(f"genres: the engine under test is {mojifix.__file__}, not the copy in {work}")
    held: dict[str, list[Path]] = {}
    for row in (work / "held.txt").read_text(encoding="utf-8").splitlines():
        corpus, path = row.split("\t")
        held.setdefault(corpus, []).append(Path(path))
    table: dict[str, dict[str, int]] = {}
    for corpus, paths in sorted(held.items()):
        clean = sample(paths, kb)
        for kind in kinds:
            damaged = damaged_text(clean, kind, seed)
            table.setdefault(corpus, {})[kind] = score_texts(clean, mojifix.fix_text(damaged), damaged).errors
    return table


def format_table(table: dict[str, dict[str, int]], kinds: Sequence[str]) -> str:
    """Errors per corpus (rows) and kind (columns), with totals."""
    rows = [["corpus", *kinds, "total"]]
    for corpus, errs in table.items():
        rows.append([corpus, *(str(errs[k]) for k in kinds), str(sum(errs.values()))])
    rows.append(["total", *(str(sum(t[k] for t in table.values())) for k in kinds),
                 str(sum(sum(t.values()) for t in table.values()))])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--build", action="store_true", help="split the corpora and build the held-out data first")
    p.add_argument("--kinds", default=",".join(KINDS))
    p.add_argument("--kb", type=int, default=300, help="size of each genre's sample (KB)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--work", type=Path, default=WORK, help="scratch folder (default: %(default)s)")
    p.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    kinds = [k for k in args.kinds.split(",") if k]
    if args.inner:  # the child process, with the copied package on its path
        print(format_table(evaluate(args.work, kinds, args.kb, args.seed), kinds))
        return 0
    if args.build:
        build(args.work)
    if not all((args.work / "data" / name).exists() for name in DATA_FILES):
        print(f"genres: no held-out build in {args.work}; run with --build first", file=sys.stderr)
        return 2
    src = install_engine(args.work)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(src), str(REPO)]))
    cmd = [sys.executable, str(Path(__file__).resolve()), "--inner", "--kinds", ",".join(kinds), "--kb", str(args.kb),
           "--seed", str(args.seed), "--work", str(args.work)]
    return subprocess.run(cmd, env=env).returncode


if __name__ == "__main__":
    raise SystemExit(main())
