"""Materialised stories follow the analyst's corrections: a corrected event moves to the
story of its corrected dyad, a rejected one leaves its story, and the tables stay fresh
after each write, so analyses of a corrected store still read them.

Every comparison runs on a real DuckDB store, once from the tables and once clustered
at query time (the tables made to look stale), and demands the same answers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from detente.analysis.filter import AnalysisFilter
from detente.analysis.materialised import fresh, materialised
from detente.analysis.stories import refresh_corrections, refresh_stories
from detente.analysis.timeline import timeline
from detente.store import Store
from detente.web.overrides import correct_actor, correct_event
from tests.helpers.events import add_synthetic_events, build_store
from tests.helpers.stories import analysis_answers, query_time_answers

TABLES = ("SELECT * FROM story_members ORDER BY event_id", "SELECT * FROM stories ORDER BY 1")


def _tables(store: Store) -> list[list[tuple[Any, ...]]]:
    return [store.con.execute(q).fetchall() for q in TABLES]


def _story_of(store: Store, event_id: str) -> tuple[Any, ...] | None:
    return store.con.execute(
        "SELECT s.country_a, s.country_b, s.cameo_root, s.num_events, s.num_documents "
        "FROM story_members m JOIN stories s USING (story_id) WHERE m.event_id = ?",
        [event_id],
    ).fetchone()


def _agree(store: Store) -> dict[str, Any]:
    """The tables are fresh, equal a full rebuild, and answer as query time does."""
    assert fresh(store.con)
    assert materialised(store.con, AnalysisFilter(), pair=None) is not None
    incremental = _tables(store)
    answers = analysis_answers(store)
    assert answers == query_time_answers(store)
    refresh_stories(store, full=True)
    assert _tables(store) == incremental
    return answers


@pytest.fixture
def big(tmp_path: Path) -> Store:
    store = build_store(tmp_path / "corrected.duckdb")
    add_synthetic_events(store, 1500)
    refresh_stories(store)
    return store


def _visit(store: Store) -> list[str]:
    """The event ids of the three reports of the Cohen visit to Baku (AZE-ISR, root 04)."""
    reports = ("daily-1", "wire-1", "review-1")
    return [e.event_id for e in timeline(store, dyad=("AZE", "ISR")) if e.doc_id in reports]


def test_a_correction_moves_an_event_to_another_dyads_story(big: Store) -> None:
    before = _agree(big)
    visit = _visit(big)
    assert len(visit) == 3 and _story_of(big, visit[0]) == ("AZE", "ISR", "04", 3, 3)
    # the analyst: the second report's host was Turkey's government, not Azerbaijan's
    correct_event(big.con, visit[1], status="corrected", target_actor="TURGOV", note="test")
    assert fresh(big.con)  # the write reclustered what it changed
    assert _story_of(big, visit[0])[3:] == (2, 2)  # type: ignore[index]
    assert _story_of(big, visit[1])[:3] == ("ISR", "TUR", "04")  # type: ignore[index]
    after = _agree(big)
    assert after != before
    assert len(_visit(big)) == 2
    assert visit[1] in {e.event_id for e in timeline(big, dyad=("TUR", "ISR"))}


def test_a_rejection_removes_the_event_from_its_story(big: Store) -> None:
    visit = _visit(big)
    correct_event(big.con, visit[2], status="rejected", note="a review, not a new visit")
    assert fresh(big.con)
    assert _story_of(big, visit[2]) is None
    assert _story_of(big, visit[0]) == ("AZE", "ISR", "04", 2, 2)
    _agree(big)
    # undone: confirmed again, the event rejoins its story
    correct_event(big.con, visit[2], status="confirmed")
    assert fresh(big.con) and _story_of(big, visit[0]) == ("AZE", "ISR", "04", 3, 3)
    _agree(big)


def test_a_code_correction_moves_the_event_to_another_root(big: Store) -> None:
    victim = next(e for e in timeline(big, dyad=("AZE", "IRN")) if e.cameo_code == "180")
    correct_event(big.con, victim.event_id, status="corrected", cameo_code="042")
    story = _story_of(big, victim.event_id)
    assert story is not None and story[2] == "04"
    _agree(big)


def test_corrections_while_stale_are_caught_up_by_the_next_refresh(big: Store) -> None:
    add_synthetic_events(big, 30, prefix="k")  # a bulk load that left the refresh for later
    visit = _visit(big)
    correct_event(big.con, visit[1], status="corrected", target_actor="TURGOV")
    assert not fresh(big.con)  # too stale to refresh inside an analyst's write
    report = refresh_stories(big)
    assert not report.full and report.partitions > 0
    assert _story_of(big, visit[1])[:3] == ("ISR", "TUR", "04")  # type: ignore[index]
    _agree(big)


def test_an_override_written_elsewhere_makes_the_tables_stale(big: Store) -> None:
    visit = _visit(big)
    later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(seconds=1)
    big.con.execute(
        "INSERT INTO event_overrides (event_id, status, updated_at) VALUES (?, 'rejected', ?)",
        [visit[0], later],
    )
    assert not fresh(big.con)  # a newer override than the tables include
    assert materialised(big.con, AnalysisFilter(), pair=None) is None
    report = refresh_corrections(big.con)
    assert report is not None and report.partitions == 1 and fresh(big.con)
    assert _story_of(big, visit[0]) is None
    _agree(big)


def test_an_actor_correction_leaves_the_stories_alone(big: Store) -> None:
    big.con.execute(
        "INSERT INTO actors (name, code, country, sector, kind, origin, first_seen) "
        "VALUES ('Zangezur Council', 'AZEGOV', 'AZE', 'GOV', 'org', 'learned', now())"
    )
    tables = _tables(big)
    correct_actor(big.con, "Zangezur Council", "AZEGOV", status="corrected", new_code="ARMGOV")
    assert fresh(big.con) and _tables(big) == tables
