"""What the web app keeps between requests, until the store changes.

:class:`SummaryCache`: whole-store summaries, single-flight. The overview reads the
whole store (dyad totals, alerts, changes): seconds on a store of a million events.
Concurrent requests for a missing entry wait for the one computation instead of each
running it. Its :attr:`~SummaryCache.generation` counts the store's changes: the
server's own writes, and (read-only) a change of the file seen between requests.

:class:`ResponseCache`: rendered GET answers by URL, bounded in bytes, least
recently used dropped first, each tagged with the generation it was computed in
(see :mod:`detente.web.responses`, which answers from it).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Rendered:
    """One answer as it went out: status, headers (with its ``ETag``) and body."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: bytes

    @property
    def size(self) -> int:
        """Bytes it holds (body, headers and a fixed allowance for the record itself)."""
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + _ENTRY_OVERHEAD


@dataclass(frozen=True, slots=True)
class CacheStats:
    """What the response cache did since the server started."""

    hits: int
    misses: int
    entries: int
    bytes: int
    max_bytes: int


# What an entry costs beyond its bytes (the key, the record, the LRU's links), roughly.
_ENTRY_OVERHEAD = 400


class ResponseCache:
    """Rendered responses by key, least recently used dropped first, at most ``max_bytes``
    in all and ``max_bytes // 8`` per entry (larger answers are not kept).

    Every entry belongs to a store generation (:attr:`SummaryCache.generation`): an
    entry of another generation is never answered, and the first look at a newer
    generation forgets everything kept.
    """

    def __init__(self, *, max_bytes: int) -> None:
        self.max_bytes = max(0, max_bytes)
        self.max_entry_bytes = self.max_bytes // 8
        self._entries: OrderedDict[str, Rendered] = OrderedDict()
        self._bytes = 0
        self._generation = 0
        self._hits = 0
        self._misses = 0
        self._guard = threading.Lock()

    def get(self, key: str, generation: int) -> Rendered | None:
        """The answer kept for ``key`` in this generation (``None``: compute it)."""
        with self._guard:
            self._follow(generation)
            found = self._entries.get(key)
            if found is None:
                self._misses += 1
                return None
            self._entries.move_to_end(key)
            self._hits += 1
            return found

    def put(self, key: str, generation: int, rendered: Rendered) -> bool:
        """Keep ``rendered`` unless it is too large or computed before the last write."""
        size = rendered.size
        with self._guard:
            if generation < self._generation or size > self.max_entry_bytes:
                return False
            self._follow(generation)
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._entries[key] = rendered
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= dropped.size
            return True

    def stats(self) -> CacheStats:
        """Hits, misses and what is kept now."""
        with self._guard:
            return CacheStats(
                hits=self._hits,
                misses=self._misses,
                entries=len(self._entries),
                bytes=self._bytes,
                max_bytes=self.max_bytes,
            )

    def _follow(self, generation: int) -> None:
        if generation > self._generation:
            self._generation = generation
            self._entries.clear()
            self._bytes = 0
