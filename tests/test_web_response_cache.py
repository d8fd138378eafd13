"""Rendered answers served again from memory, over real servers on loopback: a hit is the
same answer, a write makes the next answer new, ETags give 304, the bytes stay bounded."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers.web import Running, start_server

pytestmark = pytest.mark.model

EVENTS = "/api/events?dyad=AZE-IRN&limit=5"
NEW_ARTICLE = {
    "title": "Baku and Tehran sign a transit deal",
    "date": "2025-06-12",
    "text": (
        "Azerbaijani President Ilham Aliyev met Iranian President Masoud Pezeshkian in "
        "Tehran on Thursday and signed an agreement on a new transit corridor."
    ),
}


@pytest.fixture(scope="module")
def writable_copy(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """A server with writes on, over its own copy of the store (the writes here would
    change what other modules' servers show)."""
    copy = tmp_path_factory.mktemp("cached") / "web.duckdb"
    shutil.copy(web_db, copy)
    running = start_server(copy, allow_writes=True)
    yield running
    running.stop()


def test_a_repeated_request_is_a_hit_with_the_same_answer_and_etag(
    writable_copy: Running,
) -> None:
    with httpx.Client(base_url=writable_copy.url, timeout=60) as http:
        first = http.get("/api/dyads/AZE-IRN?period=year&count=mentions")
        again = http.get("/api/dyads/AZE-IRN?count=mentions&period=year")  # other order
    assert first.status_code == again.status_code == 200
    assert (first.headers["x-cache"], again.headers["x-cache"]) == ("miss", "hit")
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["cache-control"] == "no-cache"
    assert again.headers["content-security-policy"] == first.headers["content-security-policy"]


def test_if_none_match_gives_304_without_a_body(writable_copy: Running) -> None:
    with httpx.Client(base_url=writable_copy.url, timeout=60) as http:
        page = http.get("/dyads/AZE-IRN")
        tag = page.headers["etag"]
        same = http.get("/dyads/AZE-IRN", headers={"If-None-Match": tag})
        other = http.get("/dyads/AZE-IRN", headers={"If-None-Match": '"something-else"'})
        cold = http.get("/api/countries?limit=3", headers={"If-None-Match": "*"})
    assert same.status_code == 304 and same.content == b""
    assert same.headers["etag"] == tag
    assert other.status_code == 200 and other.content == page.content
    assert cold.status_code == 304 and cold.headers["x-cache"] == "miss"


def test_errors_are_not_kept(writable_copy: Running) -> None:
    with httpx.Client(base_url=writable_copy.url, timeout=60) as http:
        answers = [http.get("/api/dyads/AZE-IRN?until=9999-12-31") for _ in range(2)]
    assert [a.status_code for a in answers] == [422, 422]
    assert all("etag" not in a.headers and "x-cache" not in a.headers for a in answers)


def test_a_write_makes_the_next_answer_show_the_new_event(writable_copy: Running) -> None:
    token = {"X-Detente-Token": writable_copy.token or ""}
    with httpx.Client(base_url=writable_copy.url, headers=token, timeout=120) as http:
        before = http.get(EVENTS)
        assert http.get(EVENTS).headers["x-cache"] == "hit"
        report = http.post("/api/ingest", json=NEW_ARTICLE)
        assert report.status_code == 200, report.text
        assert report.json()["events"] >= 1
        after = http.get(EVENTS)
        revalidated = http.get(EVENTS, headers={"If-None-Match": before.headers["etag"]})
    assert after.headers["x-cache"] == "miss"
    assert after.json()["total"] > before.json()["total"]
    newest = after.json()["items"][0]
    assert newest["date_start"] == "2025-06-12"
    assert "transit corridor" in newest["sentence"]
    assert after.headers["etag"] != before.headers["etag"]
    assert revalidated.status_code == 200  # the old tag no longer matches


def test_a_correction_makes_the_next_dyad_answer_count_it(writable_copy: Running) -> None:
    token = {"X-Detente-Token": writable_copy.token or ""}
    with httpx.Client(base_url=writable_copy.url, headers=token, timeout=60) as http:
        params = {"dyad": "AZE-IRN", "limit": 500}
        items = http.get("/api/events", params=params).json()["items"]
        victim = next(e for e in items if e["quad_class"] in (3, 4) and not e["override"])
        before = http.get("/api/dyads/AZE-IRN?count=mentions").json()["summary"]["by_quad"]
        answer = http.post(
            f"/api/events/{victim['event_id']}/override",
            json={"status": "corrected", "cameo_code": "042", "note": "a visit"},
        )
        assert answer.status_code == 200, answer.text
        after = http.get("/api/dyads/AZE-IRN?count=mentions")
    assert after.headers["x-cache"] == "miss"
    assert after.json()["summary"]["by_quad"][0] == before[0] + 1


def test_the_cache_keeps_within_its_bound_over_many_urls(web_db: Path) -> None:
    from detente.config import Settings

    bound = 400_000
    running = start_server(web_db, settings=Settings(web_cache_bytes=bound))
    cache = running.server.config.app.state.web.responses
    try:
        with httpx.Client(base_url=running.url, timeout=60) as http:
            sizes = []
            for offset in range(40):
                answer = http.get(f"/events?limit=20&offset={offset}")
                assert answer.status_code == 200
                sizes.append(len(answer.content))
                assert cache.stats().bytes <= bound
            big = [http.get("/api/events?limit=500") for _ in range(2)]
    finally:
        running.stop()
    stats = cache.stats()
    assert sum(sizes) > bound  # more was asked than fits
    assert 0 < stats.entries < 40
    assert len(big[0].content) > bound // 8  # too large to keep: sent as it came, every time
    assert [b.headers.get("x-cache") for b in big] == [None, None]
    assert big[0].content == big[1].content
