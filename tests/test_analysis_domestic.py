"""Domestic relations (one country on both sides) over a real DuckDB store: left out
of every default view, shown on request by sector pair, exported like any event."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from detente.analysis.alerts import alerts
from detente.analysis.domestic import (
    domestic_relations,
    domestic_series,
    sector_side,
)
from detente.analysis.dyads import summarise_dyads, top_dyads
from detente.analysis.filter import AnalysisError, AnalysisFilter
from detente.analysis.network import build_network
from detente.analysis.series import dyad_series, filtered_series
from detente.analysis.stories import refresh_stories
from detente.analysis.timeline import actor_profile, timeline
from detente.cli import app
from detente.formats import export_store
from detente.models import Document, Event
from detente.store import Store
from tests.helpers.events import make_event
from tests.helpers.web import start_server

D = dt.date
runner = CliRunner()


def _event(n: int, source: str, target: str | None, code: str, day: dt.date) -> Event:
    """``source``/``target`` as ``GEO:COP`` (country and sector)."""
    s_country, s_sector = source.split(":")
    t_country, t_sector = target.split(":") if target else (None, None)
    quad, goldstein, kind = {
        "036": (1, 4.0, "CONSULT"),
        "141": (3, -6.5, "PROTEST"),
        "173": (4, -5.0, "COERCE"),
        "190": (4, -10.0, "ASSAULT"),
    }[code]
    return make_event(
        event_id=f"e{n}",
        doc_id=f"d{n}",
        sentence=f"Sentence {n}.",
        source_actor=s_country + s_sector,
        source_country=s_country,
        source_sector=s_sector,
        target_actor=None if t_country is None else f"{t_country}{t_sector}",
        target_country=t_country,
        target_sector=t_sector,
        event_type=kind,
        cameo_code=code,
        cameo_root=code[:2],
        quad_class=quad,
        goldstein=goldstein,
        date_start=day,
        date_end=day,
    )


EVENTS = [
    # interstate
    _event(1, "AZE:GOV", "IRN:GOV", "036", D(2024, 1, 10)),
    _event(2, "IRN:GOV", "AZE:GOV", "173", D(2024, 3, 5)),
    # domestic, Georgia: police and protesters, protesters and the government, rebels
    _event(3, "GEO:COP", "GEO:CVL", "173", D(2024, 1, 12)),
    _event(4, "GEO:CVL", "GEO:COP", "141", D(2024, 1, 20)),
    _event(5, "GEO:CVL", "GEO:GOV", "141", D(2024, 3, 2)),
    _event(6, "GEO:REB", "GEO:MIL", "190", D(2024, 3, 9)),
    # a Georgian event with a foreign target, and one without any target
    _event(7, "GEO:GOV", "AZE:GOV", "036", D(2024, 3, 10)),
    _event(8, "GEO:COP", None, "173", D(2024, 3, 11)),
]


def _build(path: Path) -> None:
    with Store(path) as store:
        for event in EVENTS:
            day = event.date_start
            doc = Document(doc_id=event.doc_id, text="...", title=event.doc_id, date=day)
            store.save_document(doc, [event])


@pytest.fixture(params=["query-time", "materialised"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / "domestic.duckdb"
    _build(path)
    if request.param == "materialised":
        with Store(path) as store:
            refresh_stories(store)
    return path


@pytest.fixture
def store(db: Path) -> Any:
    with Store(db, read_only=True) as s:
        yield s


def test_default_views_leave_domestic_events_out(store: Store) -> None:
    assert {r.dyad for r in top_dyads(store)} == {("AZE", "IRN"), ("AZE", "GEO")}
    graph = build_network(store)
    assert sorted(graph.nodes) == ["AZE", "GEO", "IRN"]
    assert not any(a == b for a, b in graph.edges)
    profile = actor_profile(store, "GEO")
    assert profile.count == 2  # the visit to Azerbaijan and the untargeted arrest
    assert all(a.dyad != ("GEO", "GEO") for a in alerts(store, min_history=0))
    assert [r.dyad for r in summarise_dyads(EVENTS)] == [("AZE", "IRN"), ("AZE", "GEO")]
    # every interstate event and the one without a target; no domestic one
    assert sum(r.count for r in filtered_series(store)) == 4
    assert [e.event_id for e in timeline(store, actor="GEO")] == ["e7", "e8"]


def test_domestic_relations_by_sector_pair_state_side_first(store: Store) -> None:
    found = domestic_relations(store)
    assert [(r.country, r.label, r.summary.events) for r in found] == [
        ("GEO", "COP-CVL", 2),
        ("GEO", "GOV-CVL", 1),
        ("GEO", "MIL-REB", 1),
    ]
    assert found[0].dyad == "GEO:COP-GEO:CVL"
    assert found[0].summary.by_quad == (0, 0, 1, 1)
    assert domestic_relations(store, country="AZE") == []
    assert sector_side("COP") == "state"
    assert sector_side("REB") == "society"
    assert sector_side("") == "state"  # a country named alone is its state


def test_domestic_series_of_a_country_and_of_a_sector_pair(store: Store) -> None:
    home = domestic_series(store, "geo")
    assert [(r.label, r.count) for r in home.rows] == [
        ("2024-01", 2),
        ("2024-02", 0),
        ("2024-03", 2),
    ]
    assert [r.count for r in home.by_pair["COP-CVL"]] == [2, 0, 0]
    assert [r.count for r in home.by_pair["MIL-REB"]] == [0, 0, 1]
    assert home.description.startswith("domestic relations")
    same = dyad_series(store, ("GEO", "GEO"))
    assert [r.count for r in same.rows] == [2, 0, 2]
    pair = dyad_series(store, ("GEO:CVL", "GEO:COP"))
    assert [r.count for r in pair.rows] == [2]
    with pytest.raises(AnalysisError, match="no direction"):
        dyad_series(store, ("GEO", "GEO"), directed=True)
    with pytest.raises(AnalysisError, match="not a country code"):
        domestic_series(store, "G-1")


def test_domestic_timeline_lists_the_events(store: Store) -> None:
    entries = timeline(store, dyad=("GEO", "GEO"))
    assert [e.event_id for e in entries] == ["e3", "e4", "e5", "e6"]
    assert [e.event_id for e in timeline(store, dyad=("GEO", "AZE"))] == ["e7"]


def test_filter_names_its_relations() -> None:
    with pytest.raises(AnalysisError, match="unknown relations"):
        AnalysisFilter(relations="civil")  # type: ignore[arg-type]


def test_exports_carry_domestic_events(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    assert export_store(store.con, out, layout="jsonl") == len(EVENTS)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert sum(r["source_country"] == r["target_country"] for r in rows) == 4


def test_cli_domestic_series_and_list(db: Path) -> None:
    result = runner.invoke(app, ["dyad", "GEO-GEO", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "GEO domestic relations per month" in result.output
    assert "COP-CVL" in result.output
    same = runner.invoke(app, ["dyad", "--domestic", "geo", "--db", str(db), "--format", "csv"])
    assert same.exit_code == 0, same.output
    header = same.output.splitlines()[0]
    assert header.endswith("COP-CVL,GOV-CVL,MIL-REB")
    listing = runner.invoke(app, ["dyads", "--domestic", "--db", str(db), "--format", "jsonl"])
    assert listing.exit_code == 0, listing.output
    rows = [json.loads(line) for line in listing.output.splitlines()]
    assert (rows[0]["country"], rows[0]["sectors"], rows[0]["stories"]) == ("GEO", "COP-CVL", 2)
    plain = runner.invoke(app, ["dyads", "--db", str(db), "--format", "jsonl"])
    assert "GEO-GEO" not in plain.output
    table = runner.invoke(app, ["dyads", "--db", str(db)])
    assert "Not in these dyads: 1 stories without a target" in " ".join(table.output.split())
    network = runner.invoke(app, ["network", "--db", str(db)])
    assert "4 domestic stories" in " ".join(network.output.split())
    both = runner.invoke(app, ["dyad", "GEO-GEO", "--domestic", "GEO", "--db", str(db)])
    assert both.exit_code != 0


def test_web_domestic_pages_and_api(tmp_path: Path) -> None:
    import httpx

    path = tmp_path / "web.duckdb"
    _build(path)
    running = start_server(path)
    try:
        with httpx.Client(base_url=running.url) as http:
            dyads = http.get("/api/dyads").json()
            assert {d["dyad"] for d in dyads["items"]} == {"AZE-IRN", "AZE-GEO"}
            listing = http.get("/api/domestic").json()
            first = listing["items"][0]
            assert (first["country"], first["sectors"], first["count"]) == ("GEO", "COP-CVL", 2)
            assert listing["filter"].startswith("domestic relations")
            home = http.get("/api/domestic/geo", params={"period": "month"}).json()
            assert [p["count"] for p in home["series"]] == [2, 0, 2]
            assert [p["count"] for p in home["by_pair"]["COP-CVL"]] == [2, 0, 0]
            assert home["events"]["total"] == 4
            assert http.get("/api/domestic/AZE").status_code == 404
            page = http.get("/domestic/GEO")
            assert page.status_code == 200 and "COP-CVL" in page.text
            moved = http.get("/dyads/GEO-GEO", params={"period": "year"}, follow_redirects=False)
            assert moved.status_code == 307
            assert moved.headers["location"] == "/domestic/GEO?period=year"
            assert 'href="/domestic/GEO"' in http.get("/actors/GEO").text
            for page in ("/", "/network", "/actors/GEO"):
                shown = " ".join(http.get(page).text.split())
                assert "1 stories without a target" in shown, page
            overview = http.get("/api/overview").json()["coverage"]
            assert (overview["one_sided"], overview["domestic"]) == (1, 4)
            network = http.get("/api/network").json()
            assert all(e["dyad"].split("-")[0] != e["dyad"].split("-")[1] for e in network["edges"])
    finally:
        running.stop()


def test_international_bodies_are_dyad_sides(tmp_path: Path) -> None:
    path = tmp_path / "bodies.duckdb"
    eu = _event(20, "RUS:GOV", "RUS:GOV", "173", D(2024, 2, 1))
    rows = [
        dataclasses.replace(
            eu,
            event_id="b1",
            doc_id="b1",
            source_actor="EU",
            source_country=None,
            source_sector=None,
            target_actor="RUS",
            target_sector=None,
        ),
        dataclasses.replace(
            eu,
            event_id="b2",
            doc_id="b2",
            source_actor="NATOGOV",
            source_country=None,
            source_sector="GOV",
            target_actor="RUSMIL",
            target_sector="MIL",
        ),
        # a bare sector with no country is no side of any dyad
        dataclasses.replace(
            eu,
            event_id="b3",
            doc_id="b3",
            source_actor="COP",
            source_country=None,
            source_sector="COP",
        ),
    ]
    with Store(path) as store:
        for event in rows:
            doc = Document(doc_id=event.doc_id, text="...", date=event.date_start)
            store.save_document(doc, [event])
    for materialise in (False, True):
        with Store(path) as store:
            if materialise:
                refresh_stories(store)
            assert {r.dyad for r in top_dyads(store)} == {("EU", "RUS"), ("NATO", "RUS")}
            assert sorted(build_network(store).nodes) == ["EU", "NATO", "RUS"]
            assert [r.count for r in dyad_series(store, ("RUS", "EU")).rows] == [1]
            assert [e.event_id for e in timeline(store, dyad=("NATO", "RUS"))] == ["b2"]
            assert sum(r.count for r in filtered_series(store)) == 3
    from detente.web.queries import EventQuery, list_events

    with Store(path, read_only=True) as store:
        listed = list_events(store.con, EventQuery(dyad=("RUS", "EU")))
        assert [v.event.event_id for v in listed.items] == ["b1"]


def test_coverage_counts_what_dyads_leave_out(store: Store) -> None:
    from detente.analysis.dyads import coverage
    from detente.analysis.filter import actor_clause

    found = coverage(store)
    assert (found.in_dyads, found.one_sided, found.domestic) == (3, 1, 4)
    assert found.note() == (
        "1 stories without a target (or with a side that names no country or body) are in "
        "no dyad; 4 domestic stories (one country on both sides) are on the countries' "
        "domestic pages."
    )
    georgia = coverage(store, extra=(actor_clause("GEO"),))
    assert (georgia.in_dyads, georgia.one_sided, georgia.domestic) == (1, 1, 4)
    assert coverage(store, extra=(actor_clause("IRN"),)).note() == ""
