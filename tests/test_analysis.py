"""Stories, dyad series, top dyads, timelines and profiles over a real DuckDB store.

The fixture store holds a small, realistic history: three outlets reporting one
Israeli ministerial visit to Baku in different words, and a year of
Azerbaijan-Iran relations going from talks to an embassy attack and expulsions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from detente.analysis.dyads import top_dyads
from detente.analysis.filter import AnalysisError, AnalysisFilter
from detente.analysis.series import dyad_series, period_label, period_starts
from detente.analysis.timeline import actor_profile, timeline
from detente.store import Store
from tests.helpers.events import D, build_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with build_store(tmp_path / "analysis.duckdb") as s:
        yield s  # type: ignore[misc]


def test_three_reports_of_one_visit_are_one_story_with_three_documents(store: Store) -> None:
    entries = timeline(store, dyad=("AZE", "ISR"))
    assert [e.doc_id for e in entries] == ["daily-1", "wire-1", "review-1"]
    assert len({e.story_id for e in entries}) == 1
    assert {e.story_documents for e in entries} == {3}
    stories = dyad_series(store, ("ISR", "AZE"))
    assert [(r.label, r.count, r.documents) for r in stories.rows] == [("2023-04", 1, 3)]
    assert stories.rows[0].goldstein_sum == pytest.approx(2.2)  # the mean of 1.9, 1.9, 2.8
    mentions = dyad_series(store, ("ISR", "AZE"), flt=AnalysisFilter(counted="mentions"))
    assert mentions.rows[0].count == 3 and mentions.counted == "mentions"
    assert mentions.rows[0].goldstein_sum == pytest.approx(6.6)


def test_story_needs_overlapping_dates(store: Store) -> None:
    strict = AnalysisFilter(tolerance_days=0)
    entries = timeline(store, dyad=("AZE", "ISR"), flt=strict)
    assert len({e.story_id for e in entries}) == 2  # 20 April and 21 April no longer chain


def test_monthly_series_fills_gaps_and_measures(store: Store) -> None:
    series = dyad_series(store, ("AZE", "IRN"), by="month")
    labels = [r.label for r in series.rows]
    assert labels == ["2022-11", "2022-12", "2023-01", "2023-02", "2023-03", "2023-04"]
    by_label = {r.label: r for r in series.rows}
    assert by_label["2022-12"].count == 0 and by_label["2022-12"].by_quad == (0, 0, 0, 0)
    jan = by_label["2023-01"]  # the hypothetical attack plan does not count
    assert jan.count == 2 and jan.by_quad == (0, 0, 1, 1)
    assert jan.by_type == {"ACCUSE": 1, "ASSAULT": 1}
    assert jan.goldstein_sum == -11.0 and jan.goldstein_mean == -5.5
    assert jan.net_cooperation == -11.0 and jan.conflict_share == 1.0
    assert by_label["2022-11"].net_cooperation == 1.9
    assert series.description.startswith("stories; factuality asserted,reported")
    record = series.records()[2]
    assert record["counted"] == "stories" and record["ASSAULT"] == 1 and record["AGREE"] == 0


def test_series_filters(store: Store) -> None:
    directed = dyad_series(store, ("AZE", "IRN"), directed=True)
    assert sum(r.count for r in directed.rows) == 3  # talks, accusation, expulsion
    everything = AnalysisFilter(factuality=("asserted", "reported", "hypothetical"))
    # the hypothetical attack plan joins the story of the attack that day: same root, same dyad
    assert sum(r.count for r in dyad_series(store, ("AZE", "IRN"), flt=everything).rows) == 5
    mentions = AnalysisFilter(factuality=everything.factuality, counted="mentions")
    assert sum(r.count for r in dyad_series(store, ("AZE", "IRN"), flt=mentions).rows) == 6
    explicit = AnalysisFilter(date_basis=("explicit",))
    assert [r.count for r in dyad_series(store, ("AZE", "IRN"), flt=explicit).rows] == [1]
    assaults = AnalysisFilter(event_types=("18",), since=D(2023, 1, 1), until=D(2023, 3, 31))
    rows = dyad_series(store, ("AZE", "IRN"), by="quarter", flt=assaults).rows
    assert [(r.label, r.count) for r in rows] == [("2023-Q1", 1)]
    wire = AnalysisFilter(sources=("Caspian Wire",), counted="mentions")
    assert sum(r.count for r in dyad_series(store, ("AZE", "ISR"), flt=wire).rows) == 1
    with pytest.raises(AnalysisError, match="PLOVER type"):
        AnalysisFilter(event_types=("FIGHT",))
    with pytest.raises(AnalysisError, match="period"):
        dyad_series(store, ("AZE", "IRN"), by="decade")  # type: ignore[arg-type]


def test_period_helpers() -> None:
    assert [
        period_label(p, "week") for p in period_starts(D(2023, 1, 1), D(2023, 1, 9), by="week")
    ] == [
        "2022-W52",
        "2023-W01",
        "2023-W02",
    ]
    assert period_starts(D(2022, 11, 5), D(2023, 2, 1), by="quarter") == [
        D(2022, 10, 1),
        D(2023, 1, 1),
    ]
    assert period_label(D(2023, 1, 1), "year") == "2023"


def test_top_dyads_counts_stories_or_mentions(store: Store) -> None:
    stories = {r.dyad: r for r in top_dyads(store)}
    assert stories[("AZE", "ISR")].events == 1 and stories[("AZE", "ISR")].counted == "stories"
    assert stories[("AZE", "IRN")].events == 5
    assert stories[("AZE", "IRN")].by_quad == (1, 0, 2, 2)
    mentions = {r.dyad: r for r in top_dyads(store, flt=AnalysisFilter(counted="mentions"))}
    assert mentions[("AZE", "ISR")].events == 3
    assert [r.dyad for r in top_dyads(store, limit=1)] == [("AZE", "IRN")]


def test_timeline_keeps_sentence_title_and_url(store: Store) -> None:
    entries = timeline(store, dyad=("AZE", "IRN"))
    assert [e.date_start for e in entries] == sorted(e.date_start for e in entries)  # type: ignore[type-var]
    first = entries[0]
    assert first.sentence == "Azerbaijani and Iranian officials held talks in Tehran."
    assert first.title == "Baku and Tehran talk" and first.factuality == "asserted"
    assert first.dataset == "detente"
    wire = timeline(store, actor="ISR")[1]
    assert wire.url == "https://caspianwire.example/cohen-baku"
    assert len(timeline(store, actor="IRN", limit=2)) == 2


def test_actor_profile_partners_and_adversaries(store: Store) -> None:
    aze = actor_profile(store, "AZE")
    assert [p.country for p in aze.partners] == ["ISR"]
    assert [p.country for p in aze.adversaries] == ["IRN"]
    irn = aze.adversaries[0]
    assert (irn.count, irn.cooperation, irn.conflict) == (5, 1, 4)
    assert aze.count == 6 and aze.first == D(2022, 11, 2) and aze.last == D(2023, 4, 21)
    assert actor_profile(store, "IRNGOV").count >= 1


def test_old_store_without_migration_3_still_reads(tmp_path: Path) -> None:
    import duckdb

    build_store(tmp_path / "new.duckdb").close()
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    con.execute(f"ATTACH '{tmp_path / 'new.duckdb'}' AS new (READ_ONLY)")
    con.execute("CREATE TABLE events AS SELECT * EXCLUDE (dataset, mentions) FROM new.events")
    con.execute("CREATE TABLE documents AS SELECT * FROM new.documents")
    con.close()
    with Store(tmp_path / "old.duckdb", read_only=True) as old:
        assert sum(r.count for r in dyad_series(old, ("AZE", "IRN")).rows) == 5


def test_notebook_api_returns_arrow_frames(tmp_path: Path) -> None:
    import detente.analysis

    build_store(tmp_path / "nb.duckdb").close()
    ws = detente.analysis.open(tmp_path / "nb.duckdb", as_pandas=False)
    try:
        monthly = ws.dyad("aze", "irn").monthly()
        assert monthly.num_rows == 6 and monthly.column("count").to_pylist()[2] == 2
        assert set(monthly.column("counted").to_pylist()) == {"stories"}
        assert ws.dyad("AZE", "ISR").timeline().column("doc_id").to_pylist()[0] == "daily-1"
        assert ws.dyads(limit=1).column("dyad").to_pylist() == ["AZE-IRN"]
        assert ws.dyad("AZE", "IRN").yearly().num_rows == 2
    finally:
        ws.close()


def test_timeline_shows_the_analysts_corrections(store: Store) -> None:
    from detente.web.overrides import correct_event

    first, second = timeline(store, dyad=("AZE", "IRN"))[:2]
    correct_event(store.con, first.event_id, status="corrected", factuality="reported")
    correct_event(store.con, second.event_id, status="rejected", note="not an event")
    entries = timeline(store, dyad=("AZE", "IRN"))
    assert entries[0].event_id == first.event_id and entries[0].factuality == "reported"
    assert second.event_id not in {e.event_id for e in entries}


@pytest.mark.parametrize("layout", ["jsonl", "csv", "parquet", "plover", "gdelt", "icews"])
def test_exports_carry_the_analysts_corrections_unless_raw(
    store: Store, tmp_path: Path, layout: str
) -> None:
    import json

    from detente.formats import export_store
    from detente.web.overrides import correct_event

    first, second = timeline(store, dyad=("AZE", "IRN"))[:2]
    raw_count = export_store(store.con, tmp_path / "raw", layout=layout, corrected=False)
    correct_event(store.con, first.event_id, status="corrected", factuality="reported")
    correct_event(store.con, second.event_id, status="rejected", note="not an event")
    path = tmp_path / f"corrected.{layout}"
    assert export_store(store.con, path, layout=layout) == raw_count - 1
    assert export_store(store.con, tmp_path / "raw2", layout=layout, corrected=False) == raw_count
    if layout == "jsonl":
        rows = {r["event_id"]: r for r in map(json.loads, path.read_text().splitlines())}
        assert second.event_id not in rows
        assert rows[first.event_id]["factuality"] == "reported"


def test_a_corrected_actor_or_code_brings_its_own_country_and_type(store: Store) -> None:
    from detente.store.views import corrected_events
    from detente.web.overrides import correct_event

    first, second = timeline(store, dyad=("AZE", "IRN"))[:2]
    correct_event(store.con, first.event_id, status="corrected", source_actor="NATO")
    correct_event(store.con, second.event_id, status="corrected", cameo_code="010")
    rows = {
        r[0]: r[1:]
        for r in store.con.execute(
            f"SELECT event_id, source_country, cameo_root, event_type, quad_class, goldstein "
            f"FROM {corrected_events(store.con)} WHERE event_id IN (?, ?)",
            [first.event_id, second.event_id],
        ).fetchall()
    }
    assert rows[first.event_id][0] is None  # a body has no country; not the coder's AZE/IRN
    assert rows[second.event_id][1:] == ("01", "", 1, 0.0)  # a statement: no PLOVER type


def test_events_command_lists_corrected_events_unless_raw(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from detente.cli import app
    from detente.web.overrides import correct_event

    db = tmp_path / "events.duckdb"
    with build_store(db) as store:
        first, second = timeline(store, dyad=("AZE", "IRN"))[:2]
        correct_event(store.con, first.event_id, status="corrected", factuality="reported")
        correct_event(store.con, second.event_id, status="rejected", note="not an event")

    def listed(*extra: str) -> dict[str, dict[str, Any]]:
        args = ["events", "--db", str(db), "--dyad", "AZE-IRN", "--format", "jsonl", *extra]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        return {r["event_id"]: r for r in map(json.loads, result.output.splitlines())}

    corrected, raw = listed(), listed("--raw")
    assert second.event_id in raw and second.event_id not in corrected
    assert corrected[first.event_id]["factuality"] == "reported"
    assert raw[first.event_id]["factuality"] == "asserted"
