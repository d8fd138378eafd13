"""The ``detente`` command: thin typer commands over the library.

Each command parses its options, calls one library function and renders the
result. Command modules register themselves on the shared ``app`` when imported.
"""

from __future__ import annotations

from detente.cli import analysis as _analysis  # noqa: F401  (analysis commands)
from detente.cli import check as _check  # noqa: F401  (store invariants)
from detente.cli import core as _core  # noqa: F401  (registers the commands)
from detente.cli import explain as _explain  # noqa: F401  (why an event was coded)
from detente.cli import kb as _kb  # noqa: F401  (the kb sub-commands)
from detente.cli import scale as _scale  # noqa: F401  (run, attach)
from detente.cli import web as _web  # noqa: F401  (the serve command)
from detente.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``detente`` script."""
    app()
