"""Run the docstring examples of every mojifix module (they are part of the suite).

Modules that need an optional extra (pandas, pyspark, wordfreq, ...) which is not
installed are skipped, not failed.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import mojifix


def _module_names() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(mojifix.__path__, "mojifix.")
                  if not m.name.endswith("__main__"))


class _Runner(doctest.DocTestRunner):
    """Counts a docstring whose example needs a missing optional package as skipped."""

    missing: set[str]

    def report_unexpected_exception(self, out, test, example, exc_info):  # type: ignore[no-untyped-def]
        exc = exc_info[1]
        if isinstance(exc, ModuleNotFoundError) and exc.name and not exc.name.startswith("mojifix"):
            self.missing.add(exc.name)
        super().report_unexpected_exception(out, test, example, exc_info)


@pytest.mark.parametrize("name", _module_names())
def test_doctests(name: str) -> None:
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and not exc.name.startswith("mojifix"):
            pytest.skip(f"optional dependency {exc.name} not installed")
        raise
    failed = attempted = 0
    skipped: set[str] = set()
    for test in doctest.DocTestFinder(exclude_empty=True).find(module, name):
        runner = _Runner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        runner.missing = set()
        report: list[str] = []
        result = runner.run(test, out=report.append)
        if runner.missing:
            skipped |= runner.missing
            continue
        print("".join(report), end="")
        failed += result.failed
        attempted += result.attempted
    assert failed == 0, f"{failed} of {attempted} doctest examples failed in {name} (output above)"
    if skipped and not attempted:
        pytest.skip(f"optional dependencies not installed: {', '.join(sorted(skipped))}")


def test_readme_examples() -> None:
    readme = Path(__file__).resolve().parent.parent / "README.md"
    if not readme.exists():
        pytest.skip("README.md not shipped here")
    failed, attempted = doctest.testfile(str(readme), module_relative=False,
                                         optionflags=doctest.ELLIPSIS)
    assert attempted > 0 and failed == 0
