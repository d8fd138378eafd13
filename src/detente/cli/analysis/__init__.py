"""Analysis commands: dyad, dyads, timeline, actor, network, alerts, report, plot, import, export.

Importing this package registers its commands on the shared ``app``.
"""

from __future__ import annotations

from detente.cli.analysis import files, transfer, views

__all__ = ["files", "transfer", "views"]
