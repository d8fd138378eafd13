"""Finding one's way without codes: search by name (typeahead over the knowledge base),
the dyad index (sortable) and the country index, over a hand-made store."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import httpx
import pytest

from detente.analysis.finder import actor_name, find_actors, find_dyad
from detente.models import Document, Event
from detente.store import Store
from tests.helpers.events import make_event
from tests.helpers.web import start_server

pytest.importorskip("fastapi")


def _event(
    n: int, source: str, target: str, code: str, quad: int, goldstein: float, *, home: bool = False
) -> Event:
    return make_event(
        source_sector="COP" if home else "GOV",
        target_sector="CVL" if home else "GOV",
        event_id=f"n{n}",
        doc_id=f"n{n}",
        source_actor=f"{source}GOV",
        source_country=source,
        target_actor=f"{target}GOV",
        target_country=target,
        cameo_code=code,
        cameo_root=code[:2],
        quad_class=quad,
        goldstein=goldstein,
        date_start=dt.date(2023, 1, n),
        date_end=dt.date(2023, 1, n),
    )


EVENTS = [
    _event(1, "AZE", "IRN", "112", 3, -2.0),
    _event(2, "IRN", "AZE", "190", 4, -10.0),
    _event(3, "AZE", "ISR", "042", 1, 1.9),
    _event(4, "GEO", "GEO", "173", 4, -5.0, home=True),
]


@pytest.fixture(scope="module")
def http(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    path = tmp_path_factory.mktemp("navigation") / "web.duckdb"
    with Store(path) as store:
        for event in EVENTS:
            doc = Document(doc_id=event.doc_id, text="...", date=event.date_start)
            store.save_document(doc, [event])
    running = start_server(path)
    with httpx.Client(base_url=running.url, timeout=30) as client:
        yield client
    running.stop()


def test_find_by_name_demonym_capital_code_and_person() -> None:
    for text in ("Azerbaijan", "azerbaijani", "Baku", "aze"):
        assert find_actors(text)[0].code == "AZE", text
    assert find_actors("European Union")[0].code == "EU"
    assert find_actors("Ilham Aliyev")[0].code == "AZE"
    assert find_actors("") == [] and find_actors("zzzzqqq") == []
    pair = find_dyad("Azerbaijan and Iran")
    assert pair is not None and (pair[0].code, pair[1].code) == ("AZE", "IRN")
    assert find_dyad("Baku vs Tehran") is not None
    assert find_dyad("Azerbaijan") is None
    assert actor_name("AZE") == "Azerbaijan" and actor_name("EU") == "European Union"


def test_search_page_opens_a_dyad_by_names(http: httpx.Client) -> None:
    page = http.get("/search", params={"q": "Azerbaijan and Iran"}).text
    link = re.search(r'id="open-dyad" href="([^"]+)"', page)
    assert link and link.group(1) == "/dyads/AZE-IRN"
    assert http.get(link.group(1)).status_code == 200
    found = http.get("/api/search", params={"q": "azerbaijani"}).json()
    assert found["matches"][0]["code"] == "AZE" and found["dyad"] is None
    assert 'id="search-box"' in http.get("/events").text  # on every page
    assert "Nothing matches" in http.get("/search", params={"q": "zzzzqqq"}).text


def test_dyad_index_sorts_by_any_column(http: httpx.Client) -> None:
    def order(**params: str) -> list[str]:
        page = http.get("/dyads", params=params).text
        return re.findall(r'<tr><td><a href="/dyads/([A-Z-]+)"', page)

    assert order() == ["AZE-IRN", "AZE-ISR"]
    assert order(sort="dyad", order="asc") == ["AZE-IRN", "AZE-ISR"]
    assert order(sort="goldstein", order="desc") == ["AZE-ISR", "AZE-IRN"]
    assert order(sort="conflict", order="asc") == ["AZE-ISR", "AZE-IRN"]
    assert http.get("/dyads", params={"sort": "nope"}).status_code == 422
    page = http.get("/dyads").text
    assert page.count('<svg class="spark"') == 2 and "per month (2021-02 to 2023-01)" in page


def test_country_index_lists_partners_and_domestic_events(http: httpx.Client) -> None:
    body = http.get("/api/countries").json()
    rows = {c["code"]: c for c in body["countries"]}
    assert (rows["AZE"]["count"], rows["AZE"]["partners"], rows["AZE"]["name"]) == (
        3,
        2,
        "Azerbaijan",
    )
    assert rows["GEO"]["domestic"] == 1 and rows["GEO"]["count"] == 0
    page = http.get("/countries").text
    assert 'href="/domestic/GEO"' in page and 'href="/actors/AZE">Azerbaijan</a>' in page


def test_actor_filter_takes_a_name(http: httpx.Client) -> None:
    by_code = http.get("/api/events", params={"actor": "ISR"}).json()
    by_name = http.get("/api/events", params={"actor": "Israeli"}).json()
    assert by_code["total"] == by_name["total"] == 1
    unknown = http.get("/api/events", params={"actor": "Atlantis of old"})
    assert unknown.status_code == 200 and unknown.json()["total"] == 0


def test_partners_are_cooperative_only(http: httpx.Client) -> None:
    body = http.get("/api/actors/AZE").json()
    assert [p["dyad"] for p in body["partners"]] == ["AZE-ISR"]
    assert [p["dyad"] for p in body["adversaries"]] == ["AZE-IRN"]


def test_alerts_page_and_api_with_their_filters(http: httpx.Client) -> None:
    loose = {"min_current": 1, "min_baseline": 1, "min_history": 1, "period": "week"}
    body = http.get("/api/alerts", params=loose).json()
    assert body["alerts"] and all("current_count" in a for a in body["alerts"])
    strengths = [a["strength"] for a in body["alerts"]]
    assert strengths == sorted(strengths, reverse=True)
    strict = {"min_history": 1, "period": "week"}
    assert http.get("/api/alerts", params=strict).json()["alerts"] == []  # too few events
    page = http.get("/alerts", params={**loose, "dyad": "AZE-IRN"})
    assert page.status_code == 200 and 'href="/dyads/AZE-IRN"' in page.text
    assert 'value="AZE-IRN"' in page.text
    assert http.get("/alerts", params={"baseline": 0}).status_code == 422


def test_api_page_lists_every_operation(http: httpx.Client) -> None:
    page = http.get("/api-docs").text
    schema = http.get("/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method in methods:
            assert f"<code>{method.upper()} {path}</code>" in page, (method, path)
    assert 'href="/api-docs">API</a>' in http.get("/").text
