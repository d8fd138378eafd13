"""The event page (``detente explain`` in the browser) and the evidence links that land on
the event's sentence, against a real server over a store built by the pipeline."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from detente.models import Document
from detente.store import Store
from tests.helpers.events import make_event
from tests.helpers.web import start_server

pytestmark = pytest.mark.model


def test_every_event_row_opens_its_event_page(client: httpx.Client) -> None:
    page = client.get("/dyads/AZE-IRN").text
    links = re.findall(r'class="event-link" href="(/events/[^"]+)"', page)
    rows = page.count('data-event-id="')
    assert links and len(links) == rows
    shown = client.get(links[0])
    assert shown.status_code == 200
    text = shown.text
    assert 'class="rule"' in text and "lexicon entry" in text
    resolved = re.findall(r'<td class="resolved-by">([^<]+)</td>', text)
    assert resolved and all(r.strip() for r in resolved)
    assert "basis" in text and '<mark class="ent trigger">' in text


def test_explanation_json_matches_the_cli_record(client: httpx.Client) -> None:
    event = client.get("/api/events", params={"dyad": "AZE-IRN", "limit": 1}).json()["items"][0]
    body = client.get(f"/api/events/{event['event_id']}/explain").json()
    assert body["event"]["event_id"] == event["event_id"]
    x = body["explanation"]
    assert x["rule"] == event["rule"] and x["entry"]["id"]
    assert {a["role"] for a in x["actors"]} >= {"source"}
    assert x["date"]["basis"] == event["date_basis"]


def test_evidence_links_land_on_an_existing_highlighted_sentence(client: httpx.Client) -> None:
    dyads = [d["dyad"] for d in client.get("/api/dyads", params={"limit": 3}).json()["items"]]
    links: set[tuple[str, str]] = set()
    for dyad in dyads:
        page = client.get(f"/dyads/{dyad}", params={"limit": 200}).text
        links |= set(re.findall(r'class="doc" href="/documents/([^"#]+)#(s[0-9]+)"', page))
    assert len(links) >= 3
    for doc, anchor in links:
        document = client.get(f"/documents/{doc}").text
        assert f'<span class="sentence" id="{anchor}">' in document, (doc, anchor)
    style = client.get("/static/style.css").text
    assert "span.sentence:target" in style


def test_an_event_without_its_sentence_in_the_coder_says_why(tmp_path: Path) -> None:
    db = tmp_path / "one.duckdb"
    event = make_event(
        event_id="hand-made-1",
        date_granularity="season",
        date_start=dt.date(2023, 3, 1),
        date_end=dt.date(2023, 5, 31),
    )
    with Store(db) as store:
        store.save_document(
            Document(doc_id="d1", text=event.sentence, date=dt.date(2023, 6, 1)), [event]
        )
    running = start_server(db)
    try:
        page = httpx.get(running.url + "/events/" + quote(event.event_id)).text
        assert "No explanation:" in page
        assert "2023-03\u201305" in page  # a season is shown as its months, not as a day
        assert '<mark class="ent trigger">visited' in page
    finally:
        running.stop()
