"""URLs and feeds over a real HTTP server on loopback: redirects, 404, a slow response,
retries, robots.txt, content types, the per-host rate limit."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest

from detente.errors import IngestError
from detente.ingest.feeds import parse_feed
from detente.ingest.fetch import FEED_TYPES, HTML_TYPES, Fetcher
from detente.ingest.gather import GatherOptions, Known, iter_sources
from detente.ingest.sources import InputItem
from detente.models import Failure
from detente.options import FetchOptions
from tests.helpers.http import FEED, serve

FAST = FetchOptions(timeout=0.5, retries=1, backoff=0.01, delay=0.0)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, dict[str, int]]]:
    with serve(slow_seconds=1.5) as running:
        yield running


def test_page_is_fetched_with_our_user_agent_and_type(server: tuple[str, dict[str, int]]) -> None:
    base, _ = server
    with Fetcher(FAST) as fetcher:
        page = fetcher.fetch(f"{base}/news/ankara-talks.html")

    assert page.content_type == "text/html"
    assert b"Turkey and Armenia resume border talks" in page.body
    assert page.url == f"{base}/news/ankara-talks.html"
    assert isinstance(page.fetched_at, dt.datetime)


def test_redirect_is_followed_and_final_url_kept(server: tuple[str, dict[str, int]]) -> None:
    base, _ = server
    with Fetcher(FAST) as fetcher:
        page = fetcher.fetch(f"{base}/old/baku-water")

    assert page.requested == f"{base}/old/baku-water"
    assert page.url == f"{base}/news/baku-water.html"
    assert b"water-sharing memorandum" in page.body


def test_404_names_the_url_and_status(server: tuple[str, dict[str, int]]) -> None:
    base, _ = server
    with Fetcher(FAST) as fetcher, pytest.raises(IngestError) as info:
        fetcher.fetch(f"{base}/news/deleted.html")

    assert str(info.value) == f"{base}/news/deleted.html: HTTP 404 Not Found; check the URL"


def test_slow_response_times_out_after_the_retries(server: tuple[str, dict[str, int]]) -> None:
    base, hits = server
    started = time.monotonic()
    with Fetcher(FAST) as fetcher, pytest.raises(IngestError, match=r"timed out after 0\.5 s"):
        fetcher.fetch(f"{base}/slow")

    assert hits["/slow"] == 2  # one try and one retry
    assert time.monotonic() - started < 3


def test_503_is_retried_honouring_retry_after(server: tuple[str, dict[str, int]]) -> None:
    base, hits = server
    pauses: list[float] = []
    with Fetcher(FAST, sleep=pauses.append) as fetcher:
        page = fetcher.fetch(f"{base}/flaky")

    assert b"Kura river" in page.body
    assert hits["/flaky"] == 2
    assert pauses == [0.0]


def test_robots_txt_is_respected_and_read_once(server: tuple[str, dict[str, int]]) -> None:
    base, hits = server
    before = hits.get("/robots.txt", 0)
    with Fetcher(FAST) as fetcher:
        with pytest.raises(IngestError, match=r"disallowed by the site.s robots\.txt"):
            fetcher.fetch(f"{base}/private/memo.html")
        fetcher.fetch(f"{base}/news/ankara-talks.html")

    assert hits["/robots.txt"] == before + 1
    with Fetcher(FetchOptions(robots=False, delay=0.0)) as fetcher:
        assert fetcher.fetch(f"{base}/private/memo.html").content_type == "text/html"


def test_content_type_is_checked(server: tuple[str, dict[str, int]]) -> None:
    base, _ = server
    with Fetcher(FAST) as fetcher, pytest.raises(IngestError, match="content type image/png"):
        fetcher.fetch(f"{base}/logo.png", accept=HTML_TYPES)


def test_per_host_rate_limit_spaces_requests(server: tuple[str, dict[str, int]]) -> None:
    base, _ = server
    pauses: list[float] = []
    with Fetcher(FetchOptions(delay=5.0, robots=False), sleep=pauses.append) as fetcher:
        fetcher.fetch(f"{base}/news/ankara-talks.html")
        fetcher.fetch(f"{base}/news/baku-water.html")

    assert len(pauses) == 1 and 4.0 < pauses[0] <= 5.0


def test_oversized_response_is_refused(server: tuple[str, dict[str, int]]) -> None:
    base, _ = server
    with (
        Fetcher(FetchOptions(max_bytes=100, delay=0.0)) as fetcher,
        pytest.raises(IngestError, match="over the 100-byte limit"),
    ):
        fetcher.fetch(f"{base}/news/ankara-talks.html")


def test_feed_entries_are_resolved_against_the_feed_url() -> None:
    entries = parse_feed(FEED.encode(), source="feed.xml", base_url="http://h/feed.xml")

    assert [e.url for e in entries] == [
        "http://h/news/ankara-talks.html",
        "http://h/old/baku-water",
        "http://h/news/deleted.html",
    ]
    assert entries[0].published == dt.date(2024, 2, 12)


def test_atom_feed_and_broken_feed() -> None:
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>A</title>'
        b'<link rel="alternate" href="https://x.test/a"/><updated>2024-01-02T00:00:00Z</updated>'
        b"</entry></feed>"
    )
    entries = parse_feed(atom, source="a.atom")

    assert [(e.url, e.title, e.published) for e in entries] == [
        ("https://x.test/a", "A", dt.date(2024, 1, 2))
    ]
    with pytest.raises(IngestError, match=r"^b\.rss: not a valid RSS or Atom feed"):
        parse_feed(b"<rss><channel><item>", source="b.rss")


def test_feed_url_fetches_each_entry_page(server: tuple[str, dict[str, int]]) -> None:
    base, _ = server
    known = {f"{base}/news/ankara-talks.html"}
    options = GatherOptions(fetch=FAST)

    items = list(iter_sources([f"{base}/feed.xml"], options=options, is_known=known.__contains__))

    assert isinstance(items[0], Known) and items[0].source in known
    page = items[1]
    assert isinstance(page, InputItem)
    assert (page.source, page.url) == (f"{base}/old/baku-water", f"{base}/news/baku-water.html")
    assert (page.source_kind, page.origin) == ("feed", f"{base}/feed.xml")
    assert isinstance(items[2], Failure)
    assert items[2].reason == "HTTP 404 Not Found; check the URL"
    assert len(items) == 3
    assert "application/rss+xml" in FEED_TYPES
