"""Build ``gaps.bin``: the gap model of :mod:`mojifix.gaps`, trained on damaged training text.

Usage: ``python -m mojifix.build.gaps [--corpora ../shared/corpora] [--out src/mojifix/data/fr]``
(needs numpy: ``pip install -e .[build]``). Word classes come from the lexicon in ``--out`` (else the
shipped one). Deterministic: a fixed share of the lines (chosen by
their CRC-32), fixed batches, fixed compression.

Each sampled line is damaged as the spaces-collapsed kinds damage it (its non-ASCII letters
deleted, or every non-ASCII character, one line in two) and every gap between two words is an
example: positive where a word « à » vanished there.

>>> line, gaps = damaged_with_gaps("Il va à Paris à pied.", drop_letters)
>>> line, sorted(gaps)
('Il va Paris pied.', [5, 11])
>>> damaged_with_gaps("À la fin, il va à pied.", drop_letters)
('la fin, il va pied.', {13})
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from array import array
import zlib
from pathlib import Path
from typing import Callable

from ..data import encode_data_file
from ..data import LEXICON_FILE, get_lexicon, load_lexicon
from ..gaps import GAPS_FILE, GAPS_NAME, WordClasses, feature_slot, gap_features
from ..keys import drop_key
from ..segment import tokenize
from ..simulate import drop_letters
from .corpus import Task, plan_tasks, read_task_lines
from .pipeline import training_sources

#: Hash table size (bits): 2**21 weights, one byte each.
BITS = 21
#: Lines sampled, per thousand (all: 100 gave a clearly weaker model, 400 a weaker one).
SHARE = 1000
EPOCHS = 3
BATCH = 20_000
LEARNING_RATE = 0.2
L2 = 1e-7
#: Tokens after which the engine opens no « à » slot (``engine._slot``): the examples are its slots.
_NO_GAP_BEFORE = frozenset("([«\"'’-")


def damaged_with_gaps(line: str, drop: Callable[[str], str]) -> tuple[str, set[int]]:
    """``line`` damaged by ``drop`` with vanished words' spaces collapsed, and the offsets of the
    spaces where a vanished « à » stood."""
    out: list[str] = []
    gaps: set[int] = set()
    pending = False
    for word in line.split(" "):
        damaged = drop(word)
        if not damaged and word:
            pending = pending or word in ("à", "À")
            continue
        if out and pending:
            gaps.add(sum(len(w) for w in out) + len(out) - 1)
        pending = False
        out.append(damaged)
    return " ".join(out), gaps


_CLASSES: WordClasses | None = None  # set before the workers fork


def examples(line: str, drop: Callable[[str], str], bits: int) -> tuple[list[list[int]], list[int]]:
    """Hashed features and labels of every gap of one damaged line."""
    text, gaps = damaged_with_gaps(line.rstrip("\r\n"), drop)
    tokens = tokenize(text)
    rows: list[list[int]] = []
    labels: list[int] = []
    for i in range(1, len(tokens)):
        prev, tok = tokens[i - 1], tokens[i]
        if tok.kind not in ("word", "num") or text[prev.end:tok.start] != " " or prev.text in _NO_GAP_BEFORE:
            continue
        rows.append([feature_slot(f, bits) for f in gap_features(tokens, i, _CLASSES)])
        labels.append(int(prev.end in gaps))
    return rows, labels


def task_examples(args: tuple[Task, int, int]) -> tuple[bytes, bytes]:
    """The examples of one task: features (flat int32 rows) and labels (bytes), compact for the pool."""
    task, share, bits = args
    rows = array("i")
    labels = array("b")
    for line in read_task_lines(task):
        h = zlib.crc32(line.encode("utf-8"))
        if h % 1000 >= share or not line.strip():
            continue
        r, y = examples(line, drop_key if h & 1024 else drop_letters, bits)
        for row in r:
            rows.extend(row)
        labels.extend(y)
    return rows.tobytes(), labels.tobytes()


def train(rows: object, labels: object, bits: int, epochs: int = EPOCHS) -> object:
    """Logistic regression by AdaGrad over fixed batches (numpy arrays in, float weights out)."""
    import numpy as np

    y = np.asarray(labels, dtype=np.float64)
    x = np.frombuffer(rows, dtype=np.int32).reshape(len(y), -1)
    w = np.zeros(1 << bits)
    g2 = np.full(1 << bits, 1e-8)
    width = x.shape[1]
    for _ in range(epochs):
        for start in range(0, len(y), BATCH):
            xb, yb = x[start:start + BATCH], y[start:start + BATCH]
            p = 1.0 / (1.0 + np.exp(-w[xb].sum(axis=1)))
            grad = np.bincount(xb.ravel(), weights=np.repeat(p - yb, width), minlength=1 << bits)
            touched = grad != 0
            grad[touched] += L2 * len(yb) * w[touched]
            g2 += grad * grad
            w -= LEARNING_RATE * grad / np.sqrt(g2)
    return w


def quantise(w: object) -> tuple[bytes, float]:
    """Weights as signed bytes (little-endian is moot) and their scale."""
    import numpy as np

    arr = np.asarray(w)
    scale = float(np.abs(arr).max()) / 127.0 or 1.0
    return np.clip(np.rint(arr / scale), -127, 127).astype(np.int8).tobytes(), scale


def build_gaps(corpora: Path, out: Path, workers: int = 2, bits: int = BITS, share: int = SHARE,
               log: Callable[[str], None] = print) -> Path:
    """Train the gap model on ``corpora/train`` and write ``out/gaps.bin``; return its path."""
    try:
        import numpy  # noqa: F401
    except ImportError:
        raise SystemExit("the gap model is trained with numpy: pip install -e '.[build]'") from None
    global _CLASSES
    t0 = time.time()
    lex = load_lexicon(out) if (out / LEXICON_FILE).exists() else get_lexicon()
    _CLASSES = WordClasses(lex.preload())
    rows = array("i")
    labels = array("b")
    tasks = plan_tasks(training_sources(corpora))
    with multiprocessing.Pool(workers) as pool:
        for r, y in pool.imap(task_examples, [(t, share, bits) for t in tasks]):
            rows.frombytes(r)
            labels.frombytes(y)
    positives = sum(labels)
    log(f"gaps: {len(labels):,} gaps, {positives:,} held « à » ({time.time() - t0:.0f} s)")
    raw, scale = quantise(train(rows, labels, bits))
    meta = {"bits": bits, "scale": scale, "examples": len(labels), "positives": positives,
            "share_per_mille": share, "epochs": EPOCHS}
    path = out / GAPS_FILE
    path.write_bytes(encode_data_file(GAPS_NAME, meta, {"weights": raw}))
    log(f"gaps: wrote {path} ({path.stat().st_size:,} bytes, {time.time() - t0:.0f} s)")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=Path("../shared/corpora"))
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "fr")
    ap.add_argument("--bits", type=int, default=BITS)
    ap.add_argument("--share", type=int, default=SHARE, help="lines sampled per thousand")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    build_gaps(args.corpora, args.out, args.workers, args.bits, args.share)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
