"""`detente serve` and `detente ingest` on one file, for real: the read-only server lets
go of the store between requests, keeps answering, and then shows the new documents."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.helpers.web import start_server

pytestmark = pytest.mark.model

COUNTRIES = [
    ("Georgian", "Georgia", "Tbilisi"),
    ("Kazakh", "Kazakhstan", "Astana"),
    ("Armenian", "Armenia", "Yerevan"),
    ("Turkish", "Turkey", "Ankara"),
]


def _articles(path: Path, count: int) -> None:
    """Short news items, each a different meeting on a different day."""
    lines = []
    for i in range(count):
        adjective, _, capital = COUNTRIES[i % len(COUNTRIES)]
        _, host, _ = COUNTRIES[(i + 1) % len(COUNTRIES)]
        day = f"2024-{1 + i % 12:02d}-{1 + i % 27:02d}"
        text = (
            f"The {adjective} foreign minister visited {host} on Monday and signed an "
            f"agreement on trade number {i} with the government in {capital}. "
            f"Officials in {host} praised the talks and promised further cooperation."
        )
        lines.append(json.dumps({"id": f"share-{i:03d}", "date": day, "title": f"Talks {i}",
                                 "text": text}))  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _poll(url: str, stop: threading.Event, seen: list[tuple[int, dict[str, str], str]]) -> None:
    paths = ["/api/overview", "/api/events?limit=5", "/api/dyads?limit=5", "/api/documents"]
    with httpx.Client(base_url=url, timeout=60) as http:
        i = 0
        while not stop.is_set():
            response = http.get(paths[i % len(paths)])
            seen.append((response.status_code, dict(response.headers), response.text))
            i += 1
            time.sleep(0.02)


def test_serve_keeps_answering_while_ingest_writes_the_same_file(
    web_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "shared.duckdb"
    shutil.copy(web_db, db)
    inputs = tmp_path / "new.jsonl"
    _articles(inputs, 24)
    running = start_server(db)
    try:
        with httpx.Client(base_url=running.url, timeout=60) as http:
            before = http.get("/api/documents", params={"limit": 1}).json()["total"]
            http.get("/api/overview")  # cached until the file changes
        stop, seen = threading.Event(), []
        poller = threading.Thread(target=_poll, args=(running.url, stop, seen))
        poller.start()
        env = {**os.environ, "NO_COLOR": "1"}
        ingest = subprocess.run(
            [sys.executable, "-m", "detente", "ingest", str(inputs), "--db", str(db),
             "--batch-size", "4"],
            capture_output=True, text=True, env=env, timeout=600,
        )  # fmt: skip
        stop.set()
        poller.join(timeout=60)
        assert ingest.returncode == 0, ingest.stderr
        assert "24 coded" in ingest.stdout
        statuses = [status for status, _, _ in seen]
        print(f"during the ingest: {statuses.count(200)} answered, {statuses.count(503)} busy")
        assert statuses.count(200) >= 10, statuses
        assert set(statuses) <= {200, 503}, statuses
        for status, headers, body in seen:
            if status == 503:
                assert headers["retry-after"] == "2"
                assert json.loads(body)["error"]["code"] == "busy"
        with httpx.Client(base_url=running.url, timeout=60) as http:
            after = http.get("/api/documents", params={"limit": 1}).json()["total"]
            assert after == before + 24
            found = http.get("/api/documents", params={"q": "talks 2"}).json()["items"]
            assert found and found[0]["title"].startswith("Talks 2")
            recent = http.get("/api/overview").json()["recent"]  # the cache saw the change
            assert recent[0]["date_start"] >= "2024-12-01"
    finally:
        running.stop()


def test_a_store_held_past_the_wait_answers_503_with_retry_after(
    web_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "held.duckdb"
    shutil.copy(web_db, db)
    running = start_server(db)
    running.server.config.app.state.web.gate.wait = 0.5
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom detente.store import Store\n"
         f"s = Store({str(db)!r})\nprint('held', flush=True)\ntime.sleep(4)\ns.close()"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with httpx.Client(base_url=running.url, timeout=60) as http:
            busy = http.get("/api/events")
            assert busy.status_code == 503, busy.text
            assert busy.headers["retry-after"] == "2"
            error = busy.json()["error"]
            assert error["code"] == "busy" and "try again" in error["message"]
            holder.wait(timeout=30)
            assert http.get("/api/events").status_code == 200
    finally:
        holder.kill()
        running.stop()
