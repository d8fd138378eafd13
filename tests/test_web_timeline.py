"""The timeline page and the alerts' domestic view, served by a real uvicorn server over
a store of synthetic coded rows (no model needed): every filter in the URL, the CSV
giving the rows shown, domestic alerts only when asked and only with support."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import httpx
import pytest

from detente.analysis.stories import refresh_stories
from detente.store import Store
from tests.helpers.events import add_synthetic_events, build_store
from tests.helpers.web import Running, start_server

# GEO police against protesters: two a month for eight months, then a surge of twelve.
_MONTHS = [(f"2023-{m:02d}", 2) for m in range(1, 9)] + [("2023-09", 12)]


def _add_domestic(store: Store) -> None:
    rows = []
    for month, count in _MONTHS:
        for i in range(count):
            rows.append((f"dom-{month}-{i}", f"{month}-{1 + 2 * i:02d}"))
    store.con.executemany(
        """INSERT INTO events (event_id, doc_id, sentence_index, sentence, sentence_start,
               sentence_end, trigger_text, source_actor, source_country, source_sector,
               target_actor, target_country, target_sector, event_type, event_mode,
               cameo_code, cameo_root, quad_class, goldstein, date_start, date_end,
               date_granularity, date_basis, factuality, confidence, rule, coder_version)
           VALUES (?, 'dom-doc', 0, 'Police dispersed protesters in Tbilisi.', 0, 40, 'x',
               'GEOCOP', 'GEO', 'COP', 'GEOCVL', 'GEO', 'CVL', 'COERCE', '', '175', '17', 4,
               -5.0, CAST(? AS DATE), CAST(? AS DATE), 'day', 'explicit', 'asserted', 0.9,
               'test', 'test')""",
        [(event_id, day, day) for event_id, day in rows],
    )


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    path = tmp_path_factory.mktemp("timeline") / "timeline.duckdb"
    with build_store(path) as store:
        add_synthetic_events(store, 1500)
        _add_domestic(store)
        refresh_stories(store)
    served = start_server(path)
    yield served
    served.stop()


@pytest.fixture(scope="module")
def http(running: Running) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=running.url, timeout=60) as client:
        yield client


FILTER = "dyad=AZE-IRN&type=ACCUSE&since=2022-06-01&until=2023-06-30"


def test_the_timeline_page_shows_the_filtered_rows_and_its_csv_gives_them(
    http: httpx.Client,
) -> None:
    every = http.get(f"/api/timeline?{FILTER}&limit=500").json()
    entries = every["entries"]
    assert 20 < len(entries) < 500 and not every["more"]
    assert {e["event_type"] for e in entries} == {"ACCUSE"}
    assert all("2022-06-01" <= e["date_start"] <= "2023-06-30" for e in entries)
    assert [e["date_start"] for e in entries] == sorted(e["date_start"] for e in entries)
    page = http.get(f"/timeline?{FILTER}&limit=20", headers={"accept": "text/html"})
    shown = re.findall(r'<tr class="event[^"]*" data-event-id="([^"]+)"', page.text)
    assert shown == [e["event_id"] for e in entries[:20]]
    assert 'rel="next"' in page.text and "offset=20" in page.text
    second = http.get(f"/timeline?{FILTER}&limit=20&offset=20", headers={"accept": "text/html"})
    assert re.findall(r'data-event-id="([^"]+)"', second.text) == [
        e["event_id"] for e in entries[20:40]
    ]
    link = re.search(r'id="timeline-csv" href="([^"]+)"', page.text)
    assert link is not None
    csv = http.get(link.group(1).replace("&amp;", "&"))
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    ids = [line.split(",", 1)[0] for line in csv.text.splitlines()[1:]]
    assert ids == [e["event_id"] for e in entries]
    jsonl = http.get(f"/api/timeline/export?format=jsonl&{FILTER}").text.splitlines()
    assert [json.loads(line) for line in jsonl] == entries


def test_every_timeline_row_opens_its_event_and_its_sentence(http: httpx.Client) -> None:
    page = http.get(f"/timeline?{FILTER}&limit=5", headers={"accept": "text/html"}).text
    events = re.findall(r'href="(/events/[^"]+)"', page)
    sentences = re.findall(r'href="(/documents/[^"#]+)#s(\d+)"', page)
    assert len(events) == 5 and len(sentences) == 5
    assert all(http.get(e).status_code == 200 for e in events)


def test_domestic_alerts_are_shown_only_when_asked_and_with_support(http: httpx.Client) -> None:
    interstate = http.get("/api/alerts?all=true").json()["alerts"]
    assert all("GEO" not in "-".join(a["dyad"]) for a in interstate)
    body = http.get("/api/alerts?domestic=geo&min_history=3").json()
    assert body["domestic"] == "GEO" and body["filter"].startswith("domestic relations")
    (surge,) = [a for a in body["alerts"] if a["kind"] == "change" and a["metric"] == "count"]
    assert surge["dyad"] == ["GEO:COP", "GEO:CVL"] and surge["level"] == "large increase"
    assert (surge["current_count"], surge["baseline_count"]) == (12, 12)
    assert "12 stories against 12 in the 6 months before" in surge["message"]
    strengths = [a["strength"] for a in body["alerts"]]
    assert strengths == sorted(strengths, reverse=True)
    strict = http.get("/api/alerts?domestic=GEO&min_current=13&min_baseline=13").json()
    assert strict["alerts"] == []
    page = http.get("/alerts?domestic=GEO", headers={"accept": "text/html"}).text
    assert "Domestic alerts: GEO" in page and 'href="/domestic/GEO"' in page
    assert http.get("/api/alerts?domestic=G3O").status_code == 422
