"""Checks on the package's own source."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "mojifix"
MODULES = sorted(SRC.rglob("*.py"))


def module_names(tree: ast.Module) -> Counter[str]:
    """Names a module binds at its top level: functions, classes and assigned names."""
    names: Counter[str] = Counter()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names[node.name] += 1
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] += 1
    return names


def test_module_names_counts_each_binding() -> None:
    tree = ast.parse("A_RE = 1\ndef f(): pass\nA_RE = 2\nclass C: pass\n")
    assert module_names(tree) == Counter({"A_RE": 2, "f": 1, "C": 1})


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_top_level_name_is_bound_twice(path: Path) -> None:
    """A second definition silently replaces the first for every reader of the module (a pattern
    named like another one broke the glued-particle split once)."""
    twice = [name for name, n in module_names(ast.parse(path.read_text(encoding="utf-8"))).items() if n > 1]
    assert not twice, f"{path.name} binds {twice} more than once"
