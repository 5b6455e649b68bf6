"""Golden cases as data: every ``tests/test-cases/*.json`` case is replayed through
the library (text and plan) and through the command line.

A case is ``{"label", "input", "expected", "status": "pass"|"xfail", "reason"?}``;
``xfail`` cases are strict: a case that starts passing must be marked ``pass``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mojifix import fix_text, repair
from mojifix.cli import app

CASES_DIR = Path(__file__).parent / "test-cases"


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            marks = []
            if case.get("status", "pass") == "xfail":
                marks.append(pytest.mark.xfail(strict=True, reason=case.get("reason", "")))
            params.append(pytest.param(case, marks=marks, id=f"{path.stem}: {case['label']}"))
    return params


CASES = _load()


def test_cases_are_well_formed() -> None:
    assert CASES, "no golden cases found"
    for param in CASES:
        case = param.values[0]
        assert set(case) <= {"label", "input", "expected", "status", "reason"}, case
        assert case.get("status", "pass") in ("pass", "xfail"), case


@pytest.mark.parametrize("case", CASES)
def test_fix_text(case: dict[str, str]) -> None:
    assert fix_text(case["input"]) == case["expected"]


@pytest.mark.parametrize("case", CASES)
def test_plan_replays(case: dict[str, str]) -> None:
    r = repair(case["input"])
    assert r.replay() == r.text
    assert r.text == case["expected"]


@pytest.mark.parametrize("case", CASES)
def test_cli_fix(case: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(case["input"].encode("utf-8"))
    result = CliRunner().invoke(app, ["fix", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.decode("utf-8") == case["expected"]
