"""The overview's single-flight cache: computed once however many ask, dropped at a write."""

from __future__ import annotations

import threading
import time

from detente.web.cache import SummaryCache


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
