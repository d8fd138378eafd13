"""Materialised stories answer exactly as query-time clustering does, never go stale, and
are kept fresh by the commands that write events (ingest, import, attach).

Every comparison runs the same analysis twice on the same real DuckDB store: once
from the ``stories`` tables (fresh), once clustered at query time (the tables made
to look stale), and demands the same rows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from detente.analysis.filter import AnalysisFilter
from detente.analysis.materialised import fresh, materialised
from detente.analysis.stories import refresh_after_write, refresh_stories
from detente.analysis.timeline import timeline
from detente.jobs import ingest_sources
from detente.store import Store
from tests.helpers.events import add_synthetic_events, build_store
from tests.helpers.stories import VISIT_REPORTS, analysis_answers, query_time_answers

D = dt.date


@pytest.fixture
def big(tmp_path: Path) -> Store:
    store = build_store(tmp_path / "stories.duckdb")
    add_synthetic_events(store, 3000)
    return store


def test_materialised_stories_match_query_time_clustering(big: Store) -> None:
    report = refresh_stories(big)
    assert report.full and report.stories > 0
    assert fresh(big.con)
    assert materialised(big.con, AnalysisFilter(), pair=None) is not None
    stored = analysis_answers(big)
    assert stored == query_time_answers(big)
    assert stored["timeline"] and stored["series"] and stored["alerts"]
    # the three reports of one visit are still one story with three documents
    visit = [e for e in timeline(big, dyad=("AZE", "ISR")) if e.date_start == D(2023, 4, 20)]
    assert {e.story_id for e in visit} and all(e.story_documents == 3 for e in visit)


def test_other_filters_cluster_at_query_time(big: Store) -> None:
    refresh_stories(big)
    for flt in (
        AnalysisFilter(counted="mentions"),
        AnalysisFilter(factuality=("asserted",)),
        AnalysisFilter(since=D(2022, 6, 1)),
        AnalysisFilter(tolerance_days=3),
    ):
        assert materialised(big.con, flt, pair=None) is None


def test_incremental_refresh_equals_full_refresh(big: Store) -> None:
    refresh_stories(big)
    big.con.execute("DELETE FROM events WHERE event_id IN ('s5', 's17', 's400')")
    add_synthetic_events(big, 40, prefix="n")
    assert not fresh(big.con)  # appended and deleted rows are noticed
    report = refresh_stories(big)
    assert not report.full and 0 < report.partitions < 40
    tables = ("SELECT * FROM story_members ORDER BY event_id", "SELECT * FROM stories ORDER BY 1")
    incremental = [big.con.execute(q).fetchall() for q in tables]
    answers = analysis_answers(big)
    refresh_stories(big, full=True)
    assert [big.con.execute(q).fetchall() for q in tables] == incremental
    assert answers == query_time_answers(big)


def test_stale_tables_are_ignored(big: Store) -> None:
    before = analysis_answers(big)  # never materialised: query time
    refresh_stories(big)
    big.con.execute("DELETE FROM events WHERE event_id = 's0'")
    assert not fresh(big.con)
    after = analysis_answers(big)
    assert after != before and after == query_time_answers(big)


def _stored_stories(store: Store) -> list[tuple[Any, ...]]:
    return store.con.execute(
        "SELECT story_id, country_a, country_b, cameo_root, num_events, num_documents "
        "FROM stories ORDER BY story_id"
    ).fetchall()


def test_ingest_keeps_the_stories_table_fresh(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    names = list(VISIT_REPORTS)
    for name in names[:2]:
        (folder / name).write_text(VISIT_REPORTS[name], encoding="utf-8")
    with Store(tmp_path / "visit.duckdb") as store:
        assert ingest_sources([folder], store).coded == 2
        assert fresh(store.con)  # materialised on the first run, not at query time
        assert [s[1:] for s in _stored_stories(store)] == [("AZE", "ISR", "04", 2, 2)]
        (folder / names[2]).write_text(VISIT_REPORTS[names[2]], encoding="utf-8")
        assert ingest_sources([folder], store).coded == 1  # the third report joins the story
        stories = _stored_stories(store)
        assert [s[1:] for s in stories] == [("AZE", "ISR", "04", 3, 3)]
        assert ingest_sources([folder], store).unchanged == 3  # a rerun: no duplicate story
        assert _stored_stories(store) == stories and fresh(store.con)
        visit = timeline(store, dyad=("AZE", "ISR"))
        assert {e.story_id for e in visit} == {stories[0][0]}
        assert {e.story_documents for e in visit} == {3}
        assert analysis_answers(store) == query_time_answers(store)


def test_ingest_can_leave_the_refresh_for_later(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "daily.txt").write_text(VISIT_REPORTS["daily.txt"], encoding="utf-8")
    with Store(tmp_path / "bulk.duckdb") as store:
        ingest_sources([folder], store, refresh_stories=False)
        assert not fresh(store.con)
        report = refresh_after_write(store)
        assert report is not None and report.full and fresh(store.con)
        assert refresh_after_write(store) is None  # fresh: nothing to do


def test_a_refresh_after_a_killed_run_catches_up(big: Store) -> None:
    refresh_stories(big)
    add_synthetic_events(big, 30, prefix="k")  # rows a killed run committed before its refresh
    assert not fresh(big.con)
    report = refresh_after_write(big)
    assert report is not None and not report.full and report.partitions > 0
    tables = ("SELECT * FROM story_members ORDER BY event_id", "SELECT * FROM stories ORDER BY 1")
    incremental = [big.con.execute(q).fetchall() for q in tables]
    refresh_stories(big, full=True)
    assert [big.con.execute(q).fetchall() for q in tables] == incremental
