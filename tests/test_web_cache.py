"""The web app's caches: the overview's single-flight summary, computed once however many
ask and dropped at a write; the bounded cache of rendered answers."""

from __future__ import annotations

import threading
import time

from detente.web.cache import Rendered, ResponseCache, SummaryCache


def test_concurrent_requests_share_one_computation() -> None:
    cache = SummaryCache()
    calls: list[int] = []

    def slow() -> str:
        calls.append(1)
        time.sleep(0.2)
        return "summary"

    answers: list[str] = []
    threads = [
        threading.Thread(target=lambda: answers.append(cache.get("overview", slow)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == ["summary"] * 8
    assert len(calls) == 1


def test_a_write_drops_the_cached_values() -> None:
    cache = SummaryCache()
    version = iter(range(10))
    assert cache.get("overview", lambda: next(version)) == 0
    assert cache.get("overview", lambda: next(version)) == 0
    cache.clear()
    assert cache.generation == 1
    assert cache.get("overview", lambda: next(version)) == 1


def test_a_value_computed_across_a_write_is_not_kept() -> None:
    cache = SummaryCache()

    def racing() -> str:
        cache.clear()  # a write lands while the summary is being computed
        return "stale"

    assert cache.get("overview", racing) == "stale"
    assert cache.get("overview", lambda: "fresh") == "fresh"


def _rendered(size: int, tag: str = "x") -> Rendered:
    body = tag.encode() * size
    return Rendered(status=200, headers=((b"content-type", b"text/plain"),), body=body, etag=b'"t"')


def test_the_response_cache_stays_within_its_bytes_dropping_the_least_recently_used() -> None:
    cache = ResponseCache(max_bytes=64_000)
    for i in range(200):
        assert cache.put(f"/page/{i}", 0, _rendered(3_000 + i))
        if i == 5:
            assert cache.get("/page/0", 0) is not None  # used again: kept longer
        assert cache.stats().bytes <= 64_000
    stats = cache.stats()
    assert 10 <= stats.entries < 200
    assert cache.get("/page/199", 0) is not None
    assert cache.get("/page/1", 0) is None  # the oldest went first
    assert stats.bytes == sum(
        found.size for i in range(200) if (found := cache.get(f"/page/{i}", 0)) is not None
    )


def test_an_answer_larger_than_an_eighth_of_the_cache_is_not_kept() -> None:
    cache = ResponseCache(max_bytes=80_000)
    assert not cache.put("/big", 0, _rendered(10_001))
    assert cache.get("/big", 0) is None
    assert cache.put("/small", 0, _rendered(9_000))


def test_a_newer_generation_forgets_every_answer_and_an_older_one_is_not_kept() -> None:
    cache = ResponseCache(max_bytes=1_000_000)
    cache.put("/a", 0, _rendered(10))
    assert cache.get("/a", 0) is not None
    assert cache.get("/a", 1) is None  # the store changed
    assert cache.stats().entries == 0
    assert not cache.put("/a", 0, _rendered(10))  # computed before the change
    assert cache.put("/a", 1, _rendered(10, "y"))
    found = cache.get("/a", 1)
    assert found is not None and found.body.startswith(b"y")
    stats = cache.stats()
    assert (stats.hits, stats.misses) == (2, 1)
