"""The command line, run as a real process: output, exit codes, messages, pipes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

DAMAGED = "Selon la presse amÃ©ricaine, le cafÃ© est prÃªt.\r\n"
FIXED = "Selon la presse américaine, le café est prêt.\r\n"
CLEAN = "Il a dit\u00a0: «\u00a0C’est prêt\u00a0!\u00a0»  \n"


def run(*args: str, data: bytes = b"", timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "mojifix", *args], input=data, capture_output=True,
                          timeout=timeout, env={**os.environ, "PYTHONIOENCODING": "ascii"})


def test_fix_stdin_keeps_lines_and_endings() -> None:
    data = (DAMAGED + CLEAN + "sans fin de ligne Ã©").encode("utf-8")
    r = run("fix", data=data)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode("utf-8") == FIXED + CLEAN + "sans fin de ligne é"
    assert r.stderr == b""


def test_fix_files_and_dash(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_bytes("Le thé".encode("cp1252") + b"\n")
    r = run("fix", str(a), "-", data=DAMAGED.encode("utf-8"))
    assert r.returncode == 0
    assert r.stdout.decode("utf-8") == "Le thé\n" + FIXED


def test_fix_json_lines() -> None:
    r = run("fix", "--json", data=(DAMAGED + CLEAN).encode("utf-8"))
    rows = [json.loads(line) for line in r.stdout.decode("utf-8").splitlines()]
    assert [row["line"] for row in rows] == [1, 2]
    assert rows[0]["text"] == FIXED and rows[1]["text"] == CLEAN
    assert [c["kind"] for c in rows[0]["changes"]] == ["mojibake"] * 3
    assert rows[1]["changes"] == []


def test_check_exit_codes_and_format(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes((CLEAN + DAMAGED).encode("utf-8"))
    good = tmp_path / "good.txt"
    good.write_bytes(CLEAN.encode("utf-8"))
    r = run("check", str(bad))
    assert r.returncode == 1
    out = r.stdout.decode("utf-8")
    assert out.startswith(f"{bad}:2: mojibake ")
    assert len(out.splitlines()) == 1
    r = run("check", str(good))
    assert (r.returncode, r.stdout) == (0, b"")


def test_check_json_one_object_per_line() -> None:
    r = run("check", "--json", data=(CLEAN + DAMAGED).encode("utf-8"))
    rows = [json.loads(line) for line in r.stdout.decode("utf-8").splitlines()]
    assert [row["damaged"] for row in rows] == [False, True]
    assert rows[1]["text"] == DAMAGED
    assert r.returncode == 1


def test_check_reports_legacy_and_mixed_encodings() -> None:
    r = run("check", data="déjà vu\n".encode("utf-8") + "l’été\n".encode("cp1252"))
    assert r.returncode == 1
    assert r.stdout.decode("utf-8").startswith("-:2: mixed_encoding")


def test_explain_shows_a_diff_and_reasons() -> None:
    r = run("explain", data=(CLEAN + DAMAGED).encode("utf-8"))
    out = r.stdout.decode("utf-8")
    assert r.returncode == 0
    assert "-:2: mojibake" in out
    assert "- Selon la presse amÃ©ricaine" in out and "+ Selon la presse américaine" in out
    assert "confidence 0.99" in out and "ftfy:" in out


def test_version() -> None:
    r = run("--version")
    assert r.returncode == 0 and r.stdout.decode().startswith("mojifix ")


@pytest.mark.parametrize("args", [["fix", "--nope"], ["nope"], ["fix", "--json=3"]])
def test_usage_errors_are_one_line(args: list[str]) -> None:
    r = run(*args)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert err.startswith("mojifix: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err


def test_missing_file_among_several(tmp_path: Path) -> None:
    ok = tmp_path / "ok.txt"
    ok.write_bytes(DAMAGED.encode("utf-8"))
    r = run("fix", str(tmp_path / "missing.txt"), str(tmp_path), str(ok))
    assert r.returncode == 2
    assert r.stdout.decode("utf-8") == FIXED
    err = r.stderr.decode().splitlines()
    assert err == [f"mojifix: cannot read {tmp_path / 'missing.txt'}: no such file or directory",
                   f"mojifix: cannot read {tmp_path}: is a directory"]


def test_no_arguments_prints_help() -> None:
    r = run()
    assert r.returncode == 0 and b"fix" in r.stdout and b"check" in r.stdout


def test_closed_pipe_is_quiet() -> None:
    """`mojifix fix big | head -2`: exit 0, no traceback, and no reading to the end."""
    proc = subprocess.Popen([sys.executable, "-m", "mojifix", "fix"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdin and proc.stdout and proc.stderr
    line = "Une ligne propre, très française, répétée.\n".encode("utf-8")
    try:
        proc.stdin.write(line * 100)  # less than a pipe's buffer either way: no deadlock
        proc.stdin.flush()
        assert proc.stdout.readline() == line
        proc.stdout.close()
        for _ in range(2000):
            proc.stdin.write(line * 100)
            proc.stdin.flush()
    except BrokenPipeError:
        pass  # mojifix stopped reading, as it should
    finally:
        try:
            proc.stdin.close()
        except BrokenPipeError:
            pass
    assert proc.wait(timeout=60) == 0
    assert b"Traceback" not in proc.stderr.read()


def test_head_in_a_shell_pipeline(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(("cafÃ© " * 10 + "\n").encode("utf-8") * 20000)
    r = subprocess.run(f'"{sys.executable}" -m mojifix fix "{big}" | head -n 1; echo "rc=${{PIPESTATUS[0]}}"',
                       shell=True, executable="/bin/bash", capture_output=True, timeout=120)
    out = r.stdout.decode("utf-8").splitlines()
    assert out == ["café " * 10, "rc=0"]
    assert b"Traceback" not in r.stderr and r.stderr == b""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_interrupt_exits_130_without_traceback() -> None:
    # a runner started in the background inherits SIGINT ignored; a user at a terminal has it on
    proc = subprocess.Popen([sys.executable, "-m", "mojifix", "fix"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert proc.stdin and proc.stdout
    proc.stdin.write(b"premi\xc3\xa8re ligne\n" * 40)
    proc.stdin.flush()
    proc.stdout.readline()  # running, waiting for more input
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert b"Traceback" not in err


def test_binary_garbage_never_crashes() -> None:
    data = bytes(range(256)) * 4 + b"\n\r\n\xff\xfe\x00"
    r = run("fix", data=data)
    assert r.returncode == 0
    r.stdout.decode("utf-8")
    assert r.stdout.count(b"\n") == data.count(b"\n")


def test_threshold_option() -> None:
    damaged = "Le contrat a t sign hier, la rponse est arrive.\n".encode()
    default = run("fix", data=damaged)
    assert default.returncode == 0 and default.stdout.decode() == "Le contrat a été signé hier, la réponse est arrivée.\n"
    assert run("fix", "--threshold", "1", data=damaged).stdout == damaged  # nothing is that sure
    assert run("fix", "--threshold", "0.9", "-j", "2", data=damaged).stdout == \
        run("fix", "--threshold", "0.9", data=damaged).stdout
    explained = run("explain", "--threshold", "1", data=damaged)
    assert explained.returncode == 0 and explained.stdout == b""
    for bad in (["fix", "--threshold", "1.5"], ["fix", "--csv", "--column", "a", "--threshold", "0.9"]):
        r = run(*bad, data=b"a\nx\n")
        assert r.returncode == 2 and len(r.stderr.decode().strip().splitlines()) == 1 and b"Traceback" not in r.stderr
