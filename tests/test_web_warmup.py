"""The warm-up of the answer cache and the admission of misses, over real servers on
loopback: the busiest dyads' answers are kept before anyone asks, a write during the
warm-up starts it again on the new store, and hits are answered while misses wait."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from detente.config import Settings
from detente.web.warmup import dyad_urls
from tests.helpers.web import Running, start_server

pytestmark = pytest.mark.model

ARTICLE = {
    "title": "Baku and Tehran sign a transit deal",
    "date": "2025-06-12",
    "text": (
        "Azerbaijani President Ilham Aliyev met Iranian President Masoud Pezeshkian in "
        "Tehran on Thursday and signed an agreement on a new transit corridor."
    ),
}


def _health(http: httpx.Client) -> dict[str, Any]:
    answer = http.get("/api/health")
    assert answer.status_code == 200
    assert "x-cache" not in answer.headers  # never kept: it changes
    health: dict[str, Any] = answer.json()
    return health


def _warmed(http: httpx.Client, *, generation: int | None = None) -> dict[str, Any]:
    """The warm-up's report once it is done (for ``generation``, when given)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        warmup: dict[str, Any] = _health(http)["warmup"]
        if warmup["done"] and generation in (None, warmup["generation"]):
            return warmup
        time.sleep(0.05)
    raise AssertionError("the warm-up did not finish in 60 s")


class Gate:
    """A route of the test, ``/api/slow``, whose answer waits until :meth:`open`."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()

    def install(self, app: Any) -> None:
        def slow() -> dict[str, bool]:
            self.entered.set()
            return {"released": self.release.wait(30)}

        app.add_api_route("/api/slow", slow, methods=["GET"])


@pytest.fixture
def store_copy(web_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "web.duckdb"
    shutil.copy(web_db, copy)
    return copy


@pytest.fixture
def warming(web_db: Path) -> Iterator[Running]:
    running = start_server(web_db, settings=Settings(web_warm_dyads=3))
    yield running
    running.stop()


def test_the_warm_up_keeps_the_busiest_dyads_answers_and_says_when_done(
    warming: Running,
) -> None:
    with httpx.Client(base_url=warming.url, timeout=60) as http:
        warmup = _warmed(http)
        busiest = [d["dyad"] for d in http.get("/api/dyads?limit=4").json()["items"]]
        warmed = [http.get(url) for d in busiest[:3] for url in dyad_urls(d)]
        beyond = [http.get(url) for url in dyad_urls(busiest[3])]
        stats = _health(http)["cache"]
    assert len(busiest) == 4
    assert warmup["dyads"] == 3
    assert warmup["urls"] == len(warmed) == 3 * len(list(dyad_urls("AZE-IRN")))
    assert warmup["stopped"] is None and warmup["seconds"] > 0
    assert [a.status_code for a in warmed] == [200] * len(warmed)
    assert {a.headers["x-cache"] for a in warmed} == {"hit"}
    assert {a.headers["x-cache"] for a in beyond} == {"miss"}  # the fourth was not warmed
    assert any(b'"period":"week"' in a.content for a in warmed)
    assert stats["entries"] >= warmup["urls"]


def test_no_warm_up_is_done_at_once(web_db: Path) -> None:
    running = start_server(web_db, settings=Settings(web_warm_dyads=0))
    try:
        with httpx.Client(base_url=running.url, timeout=60) as http:
            warmup = _health(http)["warmup"]
            first = http.get("/api/dyads/AZE-IRN")
    finally:
        running.stop()
    assert warmup["done"] and warmup["urls"] == 0
    assert first.headers["x-cache"] == "miss"


def test_a_write_during_the_warm_up_starts_it_again_on_the_new_store(store_copy: Path) -> None:
    gate = Gate()
    settings = Settings(web_warm_dyads=3, web_miss_workers=1)
    running = start_server(store_copy, allow_writes=True, settings=settings, routes=gate.install)
    token = {"X-Detente-Token": running.token or ""}
    try:
        with (
            httpx.Client(base_url=running.url, headers=token, timeout=60) as http,
            ThreadPoolExecutor(1) as pool,
        ):
            held = pool.submit(http.get, "/api/slow")  # a client's miss: the warm-up waits
            assert gate.entered.wait(10)
            time.sleep(1.5)  # the warm-up has started and waits for its turn
            during = _health(http)
            before = during["generation"]
            report = http.post("/api/ingest", json=ARTICLE)
            assert report.status_code == 200, report.text
            gate.release.set()
            assert held.result(30).status_code == 200
            warmup = _warmed(http, generation=before + 1)
            after = http.get("/api/dyads/AZE-IRN")
    finally:
        gate.release.set()
        running.stop()
    assert not during["warmup"]["done"]
    assert during["warmup"]["urls"] == 0
    assert warmup["dyads"] == 3
    assert after.headers["x-cache"] == "hit"  # warmed again, on the new store
    assert after.json()["events"]["items"][0]["date_start"] == "2025-06-12"


def test_hits_are_answered_while_a_slow_miss_computes_and_misses_wait(
    web_db: Path,
) -> None:
    gate = Gate()
    settings = Settings(web_warm_dyads=0, web_miss_workers=1)
    running = start_server(web_db, settings=settings, routes=gate.install)
    try:
        with (
            httpx.Client(base_url=running.url, timeout=60) as http,
            ThreadPoolExecutor(2) as pool,
        ):
            kept = http.get("/api/dyads/AZE-IRN?period=year")
            held = pool.submit(http.get, "/api/slow")
            assert gate.entered.wait(10)
            start = time.monotonic()
            hit = http.get("/api/dyads/AZE-IRN?period=year")
            took = time.monotonic() - start
            queued: Future[httpx.Response] = pool.submit(http.get, "/api/dyads/AZE-IRN?period=week")
            time.sleep(0.5)
            waiting = not queued.done()  # its turn comes after the slow one's
            gate.release.set()
            slow, then = held.result(30), queued.result(30)
    finally:
        gate.release.set()
        running.stop()
    assert kept.headers["x-cache"] == "miss"
    assert hit.status_code == 200 and hit.headers["x-cache"] == "hit"
    assert hit.content == kept.content
    assert took < 0.5
    assert waiting
    assert slow.json() == {"released": True}
    assert then.status_code == 200 and then.headers["x-cache"] == "miss"
