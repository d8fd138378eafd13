"""The test suite's own layout: a test module takes fixtures from ``conftest.py`` and plain
helpers from ``tests/helpers``, never from another test module (or from conftest)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported_test_modules(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "tests" and len(parts) > 1 and parts[1] != "helpers":
                found.append((node.lineno, name))
    return found


def test_test_modules_import_helpers_not_each_other() -> None:
    modules = sorted(TESTS.glob("test_*.py")) + sorted((TESTS / "helpers").glob("*.py"))
    offending = {
        f"{path.relative_to(TESTS)}:{line}": name
        for path in modules
        for line, name in _imported_test_modules(path)
    }
    assert offending == {}


def test_no_test_module_is_only_helpers() -> None:
    """A module named ``test_*`` holds tests; one of helpers alone belongs in helpers."""
    empty = [
        path.name
        for path in sorted(TESTS.glob("test_*.py"))
        if not any(
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.name.startswith("test_")
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert empty == []
