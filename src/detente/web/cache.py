"""A single-flight cache of whole-store summaries, dropped at every write.

The overview reads the whole store (dyad totals, alerts, changes): seconds on a store
of a million events. The store cannot change under a server except through its own
writes (DuckDB lets one process write a file, and a read-only server holds it), so
the answer is kept until the server writes; concurrent requests for a missing entry
wait for the one computation instead of each running it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class SummaryCache:
    """Values by key, computed once per store generation; :meth:`clear` after a write."""

    def __init__(self) -> None:
        self._values: dict[str, tuple[int, Any]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._generation = 0

    @property
    def generation(self) -> int:
        """How many writes the cache has seen."""
        return self._generation

    def clear(self) -> None:
        """Forget every value (the store changed)."""
        with self._guard:
            self._generation += 1
            self._values.clear()

    def get(self, key: str, compute: Callable[[], Any]) -> Any:
        """The value for ``key``, computing it once however many requests ask at once."""
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._guard:
                generation = self._generation
                found = self._values.get(key)
            if found is not None and found[0] == generation:
                return found[1]
            value = compute()
            with self._guard:
                if self._generation == generation:
                    self._values[key] = (generation, value)
            return value
