"""Modules import what they use at the top: no import inside a function dodges a circle.

A function may import lazily only a third-party module that is an optional extra or
too heavy for the import path of a light package, listed below, and says why in a
comment on the import (or just above it). A detente module is imported at the top,
except the web app, which needs the optional FastAPI.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "detente"

# Third-party modules a function may import, and why.
LAZY_THIRD_PARTY = {
    "charset_normalizer": "only for pages that are not UTF-8",
    "lxml": "only when HTML is read",
    "matplotlib": "the optional plot extra",
    "pyarrow": "heavy; detente.formats and detente.analysis load it only when used",
    "ray": "the optional ray extra",
    "trafilatura": "heavy; only when HTML is read",
    "uvicorn": "the optional web extra",
}
# detente modules a function may import, and why.
LAZY_DETENTE = {"detente.web.app": "imports FastAPI, the optional web extra"}


def _lazy_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import inside a function of ``path``, and of every
    ``importlib.import_module("detente...")`` there."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.Import):
                found += [(node.lineno, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                found.append((node.lineno, "." * node.level + (node.module or "")))
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "import_module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and str(node.args[0].value).startswith("detente")
            ):
                found.append((node.lineno, str(node.args[0].value)))
    return sorted(set(found))


def _explained(lines: list[str], lineno: int) -> bool:
    """A comment on the import line, or on the import, comment, ``try:`` or blank lines
    just above it."""
    index = lineno - 1
    if "#" in lines[index]:
        return True
    index -= 1
    while index >= 0:
        text = lines[index].strip()
        if text.startswith("#") or ("#" in text and text.startswith(("import ", "from "))):
            return True
        if not (text == "" or text == "try:" or text.startswith(("import ", "from "))):
            return False
        index -= 1
    return False


def _allowed(module: str) -> bool:
    if module.startswith(".") or module.split(".")[0] == "detente":
        return module in LAZY_DETENTE
    return module.split(".")[0] in LAZY_THIRD_PARTY


def test_no_function_level_import_but_the_listed_lazy_ones() -> None:
    offenders: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for lineno, module in _lazy_imports(path):
            where = f"{path.relative_to(SRC.parent)}:{lineno} {module}"
            if not _allowed(module):
                offenders.append(f"{where}: import it at the top of the module")
            elif not _explained(lines, lineno):
                offenders.append(f"{where}: say in a comment why it is imported lazily")
    assert not offenders, "\n".join(offenders)


def test_the_check_sees_a_circle_dodged_inside_a_function(tmp_path: Path) -> None:
    module = tmp_path / "dodge.py"
    module.write_text(
        "import importlib\n\n\n"
        "def units():\n"
        "    from detente.analysis.stories import materialised\n\n"
        "    return materialised\n\n\n"
        "def frame():\n"
        "    import pyarrow as pa\n\n"
        "    return pa, importlib.import_module('detente.store')\n",
        encoding="utf-8",
    )
    found = _lazy_imports(module)
    assert found == [(5, "detente.analysis.stories"), (11, "pyarrow"), (13, "detente.store")]
    assert [_allowed(m) for _, m in found] == [False, True, False]
    lines = module.read_text(encoding="utf-8").splitlines()
    assert not _explained(lines, 11)  # allowed, but it must say why
