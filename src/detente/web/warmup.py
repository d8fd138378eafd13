"""The warm-up of the answer cache: the busiest dyads' answers computed before anyone
asks, at start and after each change of the store.

:class:`Warmer` runs on the server's event loop for the server's life. Whenever the
store's generation is new (at start, after the server's own writes, after an ingest
changed the file) and has stayed so for :data:`SETTLE` seconds, it asks the app itself
for the busiest dyads (``/api/dyads``, the rollup tables' counts) and then, busiest
first, for each one's answers (:func:`dyad_urls`), one request at a time, through the
same middleware as any client: each answer lands in the response cache exactly as a
client's would. Its requests are marked (:data:`~detente.web.responses.WARMUP`), so
each waits until no client's miss is computing or waiting: the warm-up takes only
time nobody else wants. It stops after ``web_warm_dyads`` dyads or
``web_warm_seconds`` seconds (``0``: no time limit), and starts again from the top
when the store changes under it (the answers it computed are dropped with the old
generation). :class:`WarmupStatus` says how far it got (``GET /api/health``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

from starlette.types import ASGIApp, Message

from detente.web.responses import WARMUP

# Seconds between two looks at the store's generation.
POLL = 0.5
# Seconds a new generation must last before the warm-up starts on it (an ingest
# commits batch after batch).
SETTLE = 1.0
# The periods of a dyad's series that are warmed (the dyad page's period selector).
PERIODS = ("month", "week", "quarter", "year")
# Events per page (the API's default ``limit``).
PAGE = 50


@dataclass(frozen=True, slots=True)
class WarmupStatus:
    """How far the warm-up of one store generation got."""

    generation: int = -1
    done: bool = False
    dyads: int = 0
    urls: int = 0
    failed: int = 0
    seconds: float = 0.0
    stopped: str | None = None  # "time" when the time budget ran out first

    def report(self) -> dict[str, object]:
        """The status as ``/api/health`` gives it."""
        return {
            "generation": self.generation,
            "done": self.done,
            "dyads": self.dyads,
            "urls": self.urls,
            "failed": self.failed,
            "seconds": round(self.seconds, 3),
            "stopped": self.stopped,
        }


def dyad_urls(dyad: str) -> Iterator[str]:
    """What an analyst opens first for a dyad: its page and API answer, bare and for
    each period, and the first page of its events (bare and with the default limit and
    offset spelled out)."""
    name = quote(dyad, safe="-:")
    for path in (f"/api/dyads/{name}", f"/dyads/{name}"):
        yield path
        for period in PERIODS:
            yield f"{path}?period={period}"
    yield f"/api/events?dyad={name}"
    yield f"/api/events?dyad={name}&limit={PAGE}&offset=0"


class Warmer:
    """Fills the response cache of ``app`` for each new store generation."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        generation: Callable[[], int],
        dyads: int,
        seconds: float,
    ) -> None:
        self.app = app
        self.generation = generation
        self.dyads = dyads
        self.seconds = seconds
        self.status = WarmupStatus(done=dyads == 0)

    def current(self) -> WarmupStatus:
        """The status, not done while the store has changed since the last warm-up."""
        status = self.status
        if self.dyads and status.done and status.generation != self.generation():
            return dataclasses.replace(status, done=False)
        return status

    async def run(self) -> None:
        """Warm each new generation, for ever (cancel the task to stop)."""
        if self.dyads == 0:
            return
        while True:
            generation = await self._settled()
            if generation != self.status.generation:
                await self._warm(generation)
            await asyncio.sleep(POLL)

    async def _settled(self) -> int:
        """The generation once it has not changed for :data:`SETTLE` seconds."""
        generation = self.generation()
        while generation != self.status.generation:
            await asyncio.sleep(SETTLE)
            now = self.generation()
            if now == generation:
                break
            generation = now
        return generation

    async def _warm(self, generation: int) -> None:
        start = time.monotonic()
        self.status = WarmupStatus(generation=generation)
        names = await self._busiest()
        urls = failed = 0
        for rank, dyad in enumerate(names, 1):
            for url in dyad_urls(dyad):
                if self.generation() != generation:
                    return  # the store changed: start again on the new one
                if self.seconds and time.monotonic() - start > self.seconds:
                    self._report(generation, rank - 1, urls, failed, start, stopped="time")
                    return
                if await self.fetch(url) is None:
                    failed += 1
                else:
                    urls += 1
            self._report(generation, rank, urls, failed, start, stopped=None, done=False)
        self._report(generation, len(names), urls, failed, start, stopped=None)

    def _report(
        self,
        generation: int,
        dyads: int,
        urls: int,
        failed: int,
        start: float,
        *,
        stopped: str | None,
        done: bool = True,
    ) -> None:
        seconds = time.monotonic() - start
        self.status = WarmupStatus(generation, done, dyads, urls, failed, seconds, stopped)

    async def _busiest(self) -> list[str]:
        """The busiest dyads, as ``/api/dyads`` lists them."""
        names: list[str] = []
        while len(names) < self.dyads:
            limit = min(500, self.dyads - len(names))
            body = await self.fetch(f"/api/dyads?limit={limit}&offset={len(names)}")
            if body is None:
                break
            items = json.loads(body)["items"]
            names += [str(item["dyad"]) for item in items]
            if len(items) < limit:
                break
        return names

    async def fetch(self, url: str) -> bytes | None:
        """The body of a 200 answer to ``url``; ``None`` for any other answer or a failure
        (the store busy, an error the app raised: the warm-up goes on without it)."""
        try:
            status, body = await self.get(url)
        except Exception:  # a background task: one URL's failure is not fatal
            return None
        return body if status == 200 else None

    async def get(self, url: str) -> tuple[int, bytes]:
        """``GET url`` through the whole app, as the warm-up: its status and body."""
        path, _, query = url.partition("?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode("ascii"),
            "root_path": "",
            "query_string": query.encode("ascii"),
            "headers": [(b"host", b"localhost"), (b"user-agent", b"detente-warmup")],
            "client": ("127.0.0.1", 0),
            "server": ("127.0.0.1", 0),
            WARMUP: True,
        }
        answered = asyncio.Event()
        requested = False
        status = 0
        chunks: list[bytes] = []

        async def receive() -> Message:
            nonlocal requested
            if not requested:
                requested = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await answered.wait()
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    answered.set()

        await self.app(scope, receive, send)
        return status, b"".join(chunks)
