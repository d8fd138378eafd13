"""Polite HTTP fetching with httpx: timeouts, retries with backoff, a per-host rate
limit, a user agent, robots.txt, redirects (each hop checked) and a content-type check.

Every failure is an ``IngestError`` whose one-line message names the URL and the way out.
"""

from __future__ import annotations

import datetime as dt
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from detente.clock import utc_now
from detente.errors import IngestError
from detente.options import FetchOptions

HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
)
_ROBOTS_AGENT = "detente"
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_MAX_RETRY_AFTER = 60.0
_DISALLOW_ALL = ("User-agent: *", "Disallow: /")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    """A fetched body: the final URL after redirects, its content type and when."""

    url: str
    requested: str
    content_type: str
    body: bytes
    fetched_at: dt.datetime


class Fetcher:
    """One HTTP client for a run; remembers robots.txt and the last request per host.

    ``guard``, when given, is called with every URL before it is requested (each
    redirect hop too) and raises ``IngestError`` to refuse it: the web app refuses
    private addresses this way.
    """

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        guard: Callable[[str], None] | None = None,
    ) -> None:
        self.options = options or FetchOptions()
        self._sleep = sleep
        self._guard = guard
        self._client = httpx.Client(
            headers={"User-Agent": self.options.user_agent},
            timeout=self.options.timeout,
            follow_redirects=False,
            transport=transport,
        )
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def fetch(self, url: str, *, accept: tuple[str, ...] = HTML_TYPES) -> Fetched:
        """GET ``url`` following redirects; raises ``IngestError`` naming the URL on failure."""
        current = url
        for _ in range(self.options.max_redirects + 1):
            _check_scheme(current)
            if self._guard is not None:
                self._guard(current)
            if self.options.robots and not self._allowed(current):
                raise IngestError(
                    current,
                    f"disallowed by the site's robots.txt for {_ROBOTS_AGENT}; "
                    "leave it out or set fetch_robots = false if you may fetch it",
                )
            response = self._get(current)
            if response.status_code in _REDIRECTS and "location" in response.headers:
                current = urljoin(current, response.headers["location"])
                continue
            return _accept(response, requested=url, final=current, accept=accept)
        raise IngestError(url, f"more than {self.options.max_redirects} redirects; check the URL")

    # -- one request, with retries and the rate limit ---------------------------

    def _get(self, url: str) -> _Response:
        attempts = self.options.retries + 1
        for attempt in range(attempts):
            self._wait_for_host(url)
            try:
                response = self._read(url)
            except httpx.TimeoutException:
                problem = f"timed out after {self.options.timeout:g} s"
            except httpx.TransportError as exc:
                problem = f"connection failed ({type(exc).__name__}: {exc})"
            else:
                if response.status_code not in _RETRY_STATUS:
                    return response
                problem = f"HTTP {response.status_code}"
                if attempt + 1 < attempts:
                    self._sleep(self._pause(attempt, response.headers.get("retry-after")))
                continue
            if attempt + 1 < attempts:
                self._sleep(self._pause(attempt, None))
        raise IngestError(
            url,
            f"{problem} ({attempts} tries); try again later with `detente ingest --retry-failed`",
        )

    def _read(self, url: str) -> _Response:
        limit = self.options.max_bytes
        with self._client.stream("GET", url) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise IngestError(url, _too_large(int(declared), limit))
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise IngestError(url, _too_large(size, limit))
                chunks.append(chunk)
            return _Response(
                status_code=response.status_code,
                reason=response.reason_phrase,
                headers={k.lower(): v for k, v in response.headers.items()},
                body=b"".join(chunks),
            )

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        last = self._last.get(host)
        if last is not None:
            wait = last + self.options.delay - time.monotonic()
            if wait > 0:
                self._sleep(wait)
        self._last[host] = time.monotonic()

    def _pause(self, attempt: int, retry_after: str | None) -> float:
        if retry_after is not None and retry_after.strip().isdigit():
            return min(float(retry_after), _MAX_RETRY_AFTER)
        return float(self.options.backoff * 2**attempt)

    # -- robots.txt ----------------------------------------------------------------

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        parser = self._robots.get(root)
        if parser is None:
            parser = self._robots[root] = self._load_robots(root)
        return parser.can_fetch(_ROBOTS_AGENT, url)

    def _load_robots(self, root: str) -> urllib.robotparser.RobotFileParser:
        """RFC 9309: a missing robots.txt allows all, an unreachable one disallows all."""
        parser = urllib.robotparser.RobotFileParser(f"{root}/robots.txt")
        try:
            response = self._get(f"{root}/robots.txt")
        except IngestError:
            parser.parse(_DISALLOW_ALL)
            return parser
        if response.status_code >= 500:
            parser.parse(_DISALLOW_ALL)
        elif response.status_code < 400:
            parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
        else:
            parser.parse([])
        return parser
        if response.status_code >= 500:
            parser.disallow_all = True
        elif response.status_code >= 400:
            parser.allow_all = True
        else:
            parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
        return parser


@dataclass(frozen=True, slots=True, kw_only=True)
class _Response:
    status_code: int
    reason: str
    headers: dict[str, str]
    body: bytes


def _check_scheme(url: str) -> None:
    if urlsplit(url).scheme not in ("http", "https"):
        raise IngestError(url, "not an http(s) URL; pass a URL starting with https://")


def _too_large(size: int, limit: int) -> str:
    return (
        f"response of {size} bytes is over the {limit}-byte limit; raise max_input_bytes "
        "to fetch it"
    )


def _accept(response: _Response, *, requested: str, final: str, accept: tuple[str, ...]) -> Fetched:
    if response.status_code >= 400:
        raise IngestError(
            requested, f"HTTP {response.status_code} {response.reason}; check the URL"
        )
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in accept:
        raise IngestError(
            requested,
            f"content type {content_type or 'missing'} is not "
            f"{' or '.join(accept[:2])}; pass the URL of an article page or feed",
        )
    return Fetched(
        url=final,
        requested=requested,
        content_type=content_type,
        body=response.body,
        fetched_at=utc_now(),
    )
