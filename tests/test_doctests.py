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


@pytest.mark.parametrize("name", _module_names())
def test_doctests(name: str) -> None:
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and not exc.name.startswith("mojifix"):
            pytest.skip(f"optional dependency {exc.name} not installed")
        raise
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, name):
        runner.run(test)
    failed, attempted = runner.summarize(verbose=False)
    assert failed == 0, f"{failed} of {attempted} doctest examples failed in {name} (output above)"


def test_readme_examples() -> None:
    readme = Path(__file__).resolve().parent.parent / "README.md"
    if not readme.exists():
        pytest.skip("README.md not shipped here")
    failed, attempted = doctest.testfile(str(readme), module_relative=False,
                                         optionflags=doctest.ELLIPSIS)
    assert attempted > 0 and failed == 0
