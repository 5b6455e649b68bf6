"""Build the clean and damaged benchmark sets in ``corpora/prepared/`` (gitignored).

Sources are read at run time from ``../shared/corpora`` (never committed); the files listed in
``corpora/manifest.json`` are checked against their size and SHA-256 before use. Any other file
or folder of clean UTF-8 ``.txt`` can be given too (it is reported as unverified).

    python corpora/prepare.py                          # the manifest's benchmark sources (ud-french)
    python corpora/prepare.py --source my/clean/folder --kinds dropped,stripped --seed 1
    python corpora/prepare.py --source corpora/sentences --limit 50
    python corpora/prepare.py --verify                 # only check every manifest file present
    python corpora/prepare.py --write-manifest         # recompute sizes and checksums (maintainers)

Output, per source NAME: ``prepared/NAME/clean.txt`` (non-empty lines, ``#`` headers of
``corpora/sentences`` removed), ``prepared/NAME/KIND.txt`` for each kind (same line count) and
``prepared/NAME/info.json`` (source files, checksums, seed, kinds).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.json"
PREPARED = HERE / "prepared"
DEFAULT_ROOT = HERE.parent.parent / "shared" / "corpora"
DEFAULT_KINDS = (
    "dropped", "dropped_collapsed", "dropped_all", "dropped_ascii", "stripped", "question", "fffd",
    "mojibake", "mojibake_latin1", "double_mojibake", "lossy_mojibake", "mixed",
)


@dataclass(frozen=True)
class SourceFile:
    """One file of a manifest source, as recorded."""

    path: str  # relative to the corpora root
    size: int
    sha256: str


def sha256_file(path: Path) -> str:
    """SHA-256 hex digest of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_manifest(path: Path = MANIFEST) -> dict:
    """The manifest as a dict (``{"root": ..., "sources": [...]}``)."""
    return json.loads(path.read_text(encoding="utf-8"))


def manifest_files(manifest: dict) -> dict[str, SourceFile]:
    """Every recorded file by its path relative to the corpora root."""
    return {
        f["path"]: SourceFile(f["path"], int(f["size"]), f["sha256"])
        for source in manifest["sources"]
        for f in source["files"]
    }


def verify_file(path: Path, root: Path, recorded: dict[str, SourceFile]) -> str:
    """``"ok"``, ``"unverified"`` (not in the manifest), or raise on a size/checksum mismatch."""
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return "unverified"
    entry = recorded.get(rel)
    if entry is None:
        return "unverified"
    if path.stat().st_size != entry.size or sha256_file(path) != entry.sha256:
        raise SystemExit(f"checksum mismatch for {path}: not the file recorded in {MANIFEST.name}")
    return "ok"


def source_files(source: Path) -> list[Path]:
    """The ``.txt`` files of a file or folder, sorted."""
    return sorted(source.rglob("*.txt")) if source.is_dir() else [source]


def clean_lines(files: Iterable[Path], limit: int | None = None) -> list[str]:
    """Non-empty lines (at most ``limit`` per file); ``#`` lines of the sentence files dropped."""
    out: list[str] = []
    for f in files:
        taken = 0
        for raw in f.read_text(encoding="utf-8").split("\n"):
            line = raw.rstrip("\r")
            if not line.strip() or (line.startswith("#") and f.parent.name == "sentences"):
                continue
            out.append(line)
            taken += 1
            if limit is not None and taken >= limit:
                break
    return out


def prepare(source: Path, root: Path, out_dir: Path, kinds: Sequence[str], seed: int,
            limit: int | None, recorded: dict[str, SourceFile]) -> Path:
    """Write the clean and damaged sets of one source; returns its output folder."""
    from mojifix.simulate import damage

    files = source_files(source)
    if not files:
        raise SystemExit(f"no .txt file in {source}")
    status = {str(f): verify_file(f, root, recorded) for f in files}
    target = out_dir / source.stem
    target.mkdir(parents=True, exist_ok=True)
    clean = "\n".join(clean_lines(files, limit)) + "\n"
    (target / "clean.txt").write_text(clean, encoding="utf-8")
    for kind in kinds:
        (target / f"{kind}.txt").write_text(damage(clean, kind, seed=seed), encoding="utf-8", newline="\n")
    info = {
        "source": str(source),
        "files": [{"path": str(f), "sha256": sha256_file(f), "verified": status[str(f)]} for f in files],
        "lines": clean.count("\n"),
        "seed": seed,
        "limit": limit,
        "kinds": list(kinds),
    }
    (target / "info.json").write_text(json.dumps(info, indent=1, ensure_ascii=False), encoding="utf-8")
    return target


def write_manifest(root: Path, path: Path = MANIFEST) -> None:
    """Recompute the size and checksum of every file of every manifest source, keeping the metadata."""
    manifest = load_manifest(path)
    for source in manifest["sources"]:
        folder = root / source["folder"]
        source["files"] = [
            {"path": f.relative_to(root).as_posix(), "size": f.stat().st_size, "sha256": sha256_file(f)}
            for f in sorted(folder.rglob("*.txt"))
        ]
        source["size"] = sum(f["size"] for f in source["files"])
    path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def verify_all(root: Path, manifest: dict) -> int:
    """Check every manifest file present under ``root``; returns the number of problems."""
    problems = 0
    for rel, entry in manifest_files(manifest).items():
        f = root / rel
        if not f.exists():
            print(f"missing   {rel}")
            continue
        ok = f.stat().st_size == entry.size and sha256_file(f) == entry.sha256
        problems += not ok
        print(f"{'ok' if ok else 'MISMATCH':9} {rel}")
    return problems


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="corpora root (default ../shared/corpora)")
    p.add_argument("--source", type=Path, action="append", help="file or folder of clean text (repeatable)")
    p.add_argument("--out", type=Path, default=PREPARED)
    p.add_argument("--kinds", default=",".join(DEFAULT_KINDS))
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--limit", type=int, default=None, help="at most N lines per file")
    p.add_argument("--verify", action="store_true", help="only verify the manifest files")
    p.add_argument("--write-manifest", action="store_true", help="recompute manifest sizes and checksums")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.write_manifest:
        write_manifest(args.root)
        print(f"wrote {MANIFEST}")
        return 0
    manifest = load_manifest()
    if args.verify:
        return 1 if verify_all(args.root, manifest) else 0
    sources = args.source or [
        args.root / s["folder"] for s in manifest["sources"] if s.get("role") == "benchmark"
    ]
    recorded = manifest_files(manifest)
    kinds = [k for k in args.kinds.split(",") if k]
    for source in sources:
        if not source.exists():
            print(f"skipped (absent): {source}", file=sys.stderr)
            continue
        target = prepare(source, args.root, args.out, kinds, args.seed, args.limit, recorded)
        print(f"{source} -> {target} ({len(kinds)} kinds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
