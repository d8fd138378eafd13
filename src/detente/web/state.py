"""What every request of the web app shares: the store or its read gate, the write
token and lock, the cached summaries and responses, the store's generation; and the
request dependencies that reach them.

The app (:mod:`detente.web.app`) builds one :class:`WebState`; the pages
(:mod:`detente.web.views`) and the JSON API (:mod:`detente.web.api`) read it through
:func:`web_state`, a cursor (:data:`Cursor`) or the writer check (:data:`Writer`).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Depends, Request

from detente.config import Settings
from detente.store import Store
from detente.web import screens
from detente.web.access import ReadGate, fingerprint
from detente.web.cache import ResponseCache, SummaryCache
from detente.web.errors import WebError
from detente.web.warmup import Warmer, WarmupStatus


@dataclass(slots=True, kw_only=True)
class WebState:
    """What every request shares: the store (writer) or the read gate, the token, the lock."""

    db: Path
    store: Store | None
    gate: ReadGate | None
    allow_writes: bool
    token: str | None
    settings: Settings = field(default_factory=Settings)
    lock: threading.Lock = field(default_factory=threading.Lock)
    cache: SummaryCache = field(default_factory=SummaryCache)
    responses: ResponseCache = field(init=False)
    warmer: Warmer | None = None
    seen: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        self.responses = ResponseCache(max_bytes=self.settings.web_cache_bytes)

    def generation(self) -> int:
        """The store's generation: bumped by this server's writes and, read-only, when
        the file has changed since the last look (two ``stat`` calls)."""
        if self.gate is not None:
            self._notice_change()
        return self.cache.generation

    def warmup(self) -> WarmupStatus:
        """How far the warm-up of the answer cache got (done at once without one)."""
        return self.warmer.current() if self.warmer is not None else WarmupStatus(done=True)

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """Hold the one writer's lock; the cached summaries are dropped afterwards."""
        if self.store is None:
            raise WebError("this server is read-only", status=403, code="read_only")
        with self.lock:
            try:
                yield self.store
            finally:
                self.cache.clear()

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one request; summaries cached from an older store are dropped."""
        if self.gate is not None:
            with self.gate.reading() as con:
                self._notice_change()
                yield con
            return
        if self.store is None:
            raise WebError("the app has neither a store nor a read gate", status=500)
        con = self.store.con.cursor()
        try:
            yield con
        finally:
            con.close()

    def _notice_change(self) -> None:
        """Another process (an ingest) may have written the file since the last request."""
        now = fingerprint(self.db)
        if now != self.seen:
            self.seen = now
            self.cache.clear()


def web_state(request: Request) -> WebState:
    """The app's shared state."""
    state: WebState = request.app.state.web
    return state


def cursor(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of the store for one request (DuckDB cursors may run in parallel)."""
    with web_state(request).reading() as con:
        yield con


Cursor = Annotated[duckdb.DuckDBPyConnection, Depends(cursor)]


def cached_overview(request: Request, con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The overview's data, computed once until the server writes (see ``SummaryCache``)."""
    value: dict[str, Any] = web_state(request).cache.get("overview", lambda: screens.overview(con))
    return value


def require_writer(request: Request) -> WebState:
    """Refuse a write unless the server allows writes and the request carries the token."""
    return check_writer(request)


def check_writer(request: Request, form_token: str = "") -> WebState:
    """The state of a server that allows writes, if the request carries its token (a
    header, a bearer token, or ``form_token`` from a form posted without JavaScript)."""
    state = web_state(request)
    if not state.allow_writes:
        raise WebError(
            "this server is read-only; restart it with `detente serve --allow-writes`",
            status=403,
            code="read_only",
        )
    given = request.headers.get("x-detente-token") or ""
    auth = request.headers.get("authorization") or ""
    if auth.lower().startswith("bearer "):
        given = given or auth[7:].strip()
    given = given or form_token.strip()
    if not state.token or not secrets.compare_digest(given.encode(), state.token.encode()):
        raise WebError(
            "a write needs the token printed at start-up, in the X-Detente-Token header",
            status=401,
            code="unauthorized",
        )
    return state


Writer = Annotated[WebState, Depends(require_writer)]
