"""GET answers served again from memory while the store has not changed, with ETags.

A page or API answer is a function of its URL and the store: the
:class:`CachedResponses` middleware keeps each 200 answer (its status, headers and
body) in a :class:`~detente.web.cache.ResponseCache` under its path and its query
(parameters in a fixed order), tagged with the store generation it was computed in,
and answers the same URL from there until the store changes (the server's own
writes, or a change of the file by an ingest). Every kept answer carries a strong
``ETag`` (a hash of its body) and ``Cache-Control: no-cache``: a browser or script
that sends ``If-None-Match`` with it gets ``304 Not Modified`` and no body.
``X-Cache`` says ``hit`` or ``miss``. Concurrent requests for the same missing URL
wait for the first one's answer instead of each computing it.

Admission: hits are answered on the event loop at once; misses are computed at most
``workers`` at a time (``web_miss_workers``), the others waiting their turn in
arrival order, so a burst of misses queues behind itself, never in front of a hit,
and leaves threads of the server's pool to other work. A request marked as the
warm-up's (``scope["detente.warmup"]``, see :mod:`detente.web.warmup`) waits until
no client's miss is computing or waiting before it takes its turn.

Static files (which carry their own ``ETag``) and answers other than 200 pass
through untouched; an answer larger than the cache's per-entry bound is sent as it
comes, without an ``ETag``.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from detente.config import WEB_MISS_WORKERS
from detente.web.cache import Rendered, ResponseCache

PASS_THROUGH = ("/static/", "/api/health")
WARMUP = "detente.warmup"
_KEPT = {b"cache-control", b"etag", b"x-cache", b"content-length"}


def cache_key(scope: Scope) -> str:
    """The path and the query with its parameters sorted by name (values of a repeated
    name keep their order): two spellings of one view share an entry."""
    query = scope.get("query_string", b"").decode("latin-1")
    pairs = sorted(parse_qsl(query, keep_blank_values=True), key=lambda pair: pair[0])
    path: str = scope.get("root_path", "") + scope["path"]
    return f"{path}?{urlencode(pairs)}" if pairs else path


def etag_of(body: bytes) -> bytes:
    """A strong entity tag: a hash of the body."""
    return b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode("ascii") + b'"'


def matches(scope: Scope, etag: bytes) -> bool:
    """Whether the request's ``If-None-Match`` names ``etag`` (or ``*``)."""
    for name, value in scope.get("headers") or ():
        if name == b"if-none-match":
            tags = {tag.strip().removeprefix(b"W/") for tag in value.split(b",")}
            return etag in tags or b"*" in tags
    return False


class CachedResponses:
    """ASGI middleware: GET answers kept in ``cache`` for the store generation that
    ``generation()`` gives (a cheap call, made once per request)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        cache: ResponseCache,
        generation: Callable[[], int],
        workers: int = WEB_MISS_WORKERS,
    ):
        self.app = app
        self.cache = cache
        self.generation = generation
        self._flights: dict[str, asyncio.Event] = {}
        self._turns = asyncio.Semaphore(max(1, workers))
        self._clients = 0  # clients' misses computing or waiting for their turn
        self._quiet = asyncio.Event()
        self._quiet.set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not self.cache.max_bytes
            or scope["path"].startswith(PASS_THROUGH)
        ):
            await self.app(scope, receive, send)
            return
        key = cache_key(scope)
        while True:
            generation = self.generation()
            found = self.cache.get(key, generation)
            if found is not None:
                await _answer(scope, send, found, hit=True)
                return
            flight = self._flights.get(key)
            if flight is None:
                break
            await flight.wait()  # the same URL is being computed: its answer will do
        done = self._flights[key] = asyncio.Event()
        try:
            async with self._turn(warmup=bool(scope.get(WARMUP))):
                await self._compute(scope, receive, send, key, generation)
        finally:
            del self._flights[key]
            done.set()

    @asynccontextmanager
    async def _turn(self, *, warmup: bool) -> AsyncIterator[None]:
        """One of the ``workers`` turns; the warm-up's only while no client misses."""
        if warmup:
            while not self._quiet.is_set():
                await self._quiet.wait()
            async with self._turns:
                yield
            return
        self._clients += 1
        self._quiet.clear()
        try:
            async with self._turns:
                yield
        finally:
            self._clients -= 1
            if not self._clients:
                self._quiet.set()

    async def _compute(
        self, scope: Scope, receive: Receive, send: Send, key: str, generation: int
    ) -> None:
        capture = _Capture(send, limit=self.cache.max_entry_bytes)
        await self.app(scope, receive, capture)
        rendered = capture.rendered()
        if rendered is None:
            return  # already sent as it came
        self.cache.put(key, generation, rendered)
        await _answer(scope, send, rendered, hit=False)


class _Capture:
    """A ``send`` that holds back a 200 answer up to ``limit`` bytes; anything else (or
    larger) is sent on as it comes."""

    def __init__(self, send: Send, *, limit: int) -> None:
        self.send = send
        self.limit = limit
        self.start: Message | None = None
        self.chunks: list[bytes] = []
        self.size = 0
        self.complete = False
        self.passing = False

    async def __call__(self, message: Message) -> None:
        if self.passing:
            await self.send(message)
        elif message["type"] == "http.response.start":
            self.start = message
            if message["status"] != 200:
                await self._pass()
        elif message["type"] == "http.response.body":
            chunk: bytes = message.get("body", b"")
            self.chunks.append(chunk)
            self.size += len(chunk)
            self.complete = not message.get("more_body", False)
            if self.size > self.limit:
                await self._pass()
        else:
            await self.send(message)

    async def _pass(self) -> None:
        """Send what was held back and everything after it unchanged."""
        self.passing = True
        if self.start is not None:
            await self.send(self.start)
        if self.chunks:
            body = b"".join(self.chunks)
            more = not self.complete
            await self.send({"type": "http.response.body", "body": body, "more_body": more})
        self.chunks = []

    def rendered(self) -> Rendered | None:
        """The held-back answer, with its ``ETag`` (``None`` when it was sent on)."""
        if self.passing or self.start is None or not self.complete:
            return None
        body = b"".join(self.chunks)
        etag = etag_of(body)
        headers: list[tuple[bytes, bytes]] = [
            (k, v) for k, v in self.start.get("headers", ()) if k.lower() not in _KEPT
        ]
        headers += [
            (b"content-length", str(len(body)).encode("ascii")),
            (b"etag", etag),
            (b"cache-control", b"no-cache"),
        ]
        return Rendered(status=200, headers=tuple(headers), body=body, etag=etag)


async def _answer(scope: Scope, send: Send, rendered: Rendered, *, hit: bool) -> None:
    state = (b"x-cache", b"hit" if hit else b"miss")
    if matches(scope, rendered.etag):
        headers: list[Any] = [
            (k, v) for k, v in rendered.headers if k not in (b"content-length", b"content-type")
        ]
        await send({"type": "http.response.start", "status": 304, "headers": [*headers, state]})
        await send({"type": "http.response.body", "body": b""})
        return
    await send(
        {"type": "http.response.start", "status": 200, "headers": [*rendered.headers, state]}
    )
    await send({"type": "http.response.body", "body": rendered.body})
