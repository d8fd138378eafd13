"""Connections that see one state of the store for their whole life, and what was asked
of them.

A cursor of a read-only connection sees one state of the file: no process can write
it while the connection is open. What every read asks about that state (whether the
materialised tables are fresh, whether any override exists) then needs asking once per
connection; :func:`snapshot` marks such a connection (with the memory it shares with
the other cursors of the same read-only connection) and :func:`remembered` answers
from its memory. A connection that is not marked asks every time.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import duckdb

__all__ = ["remembered", "snapshot"]

T = TypeVar("T")

# The marked connections, with the store's answers by question.
_SNAPSHOTS: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, dict[Hashable, Any]] = (
    weakref.WeakKeyDictionary()
)


def snapshot(con: duckdb.DuckDBPyConnection, memory: dict[Hashable, Any] | None = None) -> None:
    """Say that ``con`` sees one state of the store for as long as it lives (a cursor of a
    read-only connection: no process can write the file while it is open), so that what
    every read asks about the store's state (``has_overrides``, whether the
    materialised tables are fresh) is asked once per connection. ``memory``: the
    answers shared by every cursor of one read-only connection (they all see the
    state it opened), so a question is asked once per connection, not per cursor."""
    _SNAPSHOTS[con] = {} if memory is None else memory


def remembered(con: duckdb.DuckDBPyConnection, question: Hashable, ask: Callable[[], T]) -> T:
    """``ask()``, or on a :func:`snapshot` connection the answer it gave the first time."""
    memo = _SNAPSHOTS.get(con)
    if memo is None:
        return ask()
    if question not in memo:
        memo[question] = ask()
    answer: T = memo[question]
    return answer
