"""The ``detente`` command: thin typer commands over the library.

Each command parses its options, calls one library function and renders the
result. Command modules register themselves on the shared ``app`` when imported.
"""

from __future__ import annotations

from detente.cli import core as _core  # noqa: F401  (registers the commands)
from detente.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``detente`` script."""
    app()
