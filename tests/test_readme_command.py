"""The README's first command shows a sample and its repair: the CLI must print exactly that."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
_PRINTF_RE = re.compile(r"printf '([^']*)' \| mojifix fix")


def test_readme_sample_repairs_as_shown() -> None:
    if not README.exists():
        pytest.skip("README.md not shipped here")
    block = README.read_text(encoding="utf-8").split("```sh\n", 1)[1].split("```", 1)[0]
    m = _PRINTF_RE.search(block)
    assert m, "the first command pipes a printf sample into mojifix fix"
    sample = m.group(1).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
    expected = "".join(line[2:] + "\n" for line in block.splitlines() if line.startswith("# "))
    out = subprocess.run([sys.executable, "-m", "mojifix", "fix"], input=sample.encode("utf-8"),
                         capture_output=True, check=True).stdout.decode("utf-8")
    assert out == expected
