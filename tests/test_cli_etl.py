"""`mojifix fix` ETL options, run as a real process: --jobs, --csv/--tsv/--column,
--jsonl/--field, --parquet, --in-place, --output, --stats."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest


def moji(s: str) -> str:
    return s.encode("utf-8").decode("cp1252")


def run(*args: str, data: bytes = b"", timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "mojifix", "fix", *args], input=data, capture_output=True,
                          timeout=timeout)


TEXT = "".join(f"{moji('Le café est prêt')} {i}\r\n" if i % 2 else f"Rien à signaler {i}\n" for i in range(200))


def test_jobs_output_identical_to_serial():
    one = run(data=TEXT.encode())
    two = run("--jobs", "2", data=TEXT.encode())
    assert one.returncode == two.returncode == 0, two.stderr
    assert one.stdout == two.stdout
    assert "Le café est prêt 1\r\n".encode() in two.stdout
    assert two.stderr == b""  # no progress bar in a pipe


def test_csv_column_in_place_with_stats(tmp_path: Path):
    p = tmp_path / "t.csv"
    p.write_bytes(f'id;texte;autre\r\n1;"{moji("déjà")}";"{moji("été")}"\r\n2;ok;"a;b"\r\n'.encode())
    os.chmod(p, 0o600)
    r = run("--csv", "--column", "texte", "--in-place", "--stats", str(p))
    assert r.returncode == 0, r.stderr
    assert r.stdout == b""
    assert p.read_bytes() == f'id;texte;autre\r\n1;"déjà";"{moji("été")}"\r\n2;ok;"a;b"\r\n'.encode()
    assert stat.S_IMODE(p.stat().st_mode) == 0o600
    err = r.stderr.decode()
    assert "rows read: 2" in err and "rows changed: 1" in err and "mojibake" in err
    assert os.listdir(tmp_path) == ["t.csv"]


def test_untouched_csv_round_trip_is_byte_identical(tmp_path: Path):
    data = '\ufeffa,b\r\n"x, y","multi\nligne"\r\n"déjà",\r\n'.encode()
    r = run("--csv", "--column", "a", "--column", "b", data=data)
    assert r.returncode == 0, r.stderr
    assert r.stdout == data


def test_tsv_to_output_file(tmp_path: Path):
    src = tmp_path / "in.tsv"
    src.write_bytes(f"id\ttexte\n1\t{moji('prêt')}\n".encode())
    out = tmp_path / "out.tsv"
    r = run("--tsv", "--column", "texte", "--output", str(out), str(src))
    assert r.returncode == 0, r.stderr
    assert out.read_text() == "id\ttexte\n1\tprêt\n"


def test_jsonl_fields():
    data = (json.dumps({"id": 1, "t": moji("Où était-il ?"), "m": {"x": moji("été")}, "o": moji("été")},
                       ensure_ascii=False) + "\n" + '{"id":2,"t":"ok"}\n').encode()
    r = run("--jsonl", "--field", "t", "--field", "m.x", "--jobs", "2", data=data)
    assert r.returncode == 0, r.stderr
    first, second = r.stdout.decode().splitlines()
    assert json.loads(first) == {"id": 1, "t": "Où était-il ?", "m": {"x": "été"}, "o": moji("été")}
    assert second == '{"id":2,"t":"ok"}'


def test_parquet(tmp_path: Path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"t": [moji("café"), None], "n": [1, 2]}), src)
    out = tmp_path / "out.parquet"
    r = run("--parquet", "--column", "t", "-o", str(out), str(src))
    assert r.returncode == 0, r.stderr
    assert pq.read_table(out).to_pydict() == {"t": ["café", None], "n": [1, 2]}


def test_refusals(tmp_path: Path):
    p = tmp_path / "a.csv"
    p.write_bytes(b"a\nx\n")
    r = run("--csv", "--column", "a", "--output", str(p), str(p))
    assert r.returncode == 2 and b"also an input" in r.stderr and p.read_bytes() == b"a\nx\n"
    r = run("--csv", str(p))
    assert r.returncode == 2 and b"--column" in r.stderr
    r = run("--csv", "--column", "nope", str(p))
    assert r.returncode == 2 and b"nope" in r.stderr
    r = run("--csv", "--jsonl", "--column", "a", str(p))
    assert r.returncode == 2
    r = run("--column", "a", str(p))
    assert r.returncode == 2 and b"--csv" in r.stderr
    r = run("--field", "a", str(p))
    assert r.returncode == 2 and b"--jsonl" in r.stderr
    r = run("--in-place", data=b"x\n")
    assert r.returncode == 2 and b"in-place" in r.stderr
    assert b"Traceback" not in r.stderr


def test_in_place_plain_text(tmp_path: Path):
    p = tmp_path / "t.txt"
    p.write_bytes(TEXT.encode())
    r = run("--in-place", "--jobs", "2", str(p))
    assert r.returncode == 0, r.stderr
    assert p.read_bytes() == run(data=TEXT.encode()).stdout
