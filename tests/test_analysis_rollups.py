"""The dyad period and event key tables answer as the events do, and stay fresh.

Every comparison runs the same read twice on one real DuckDB store: once from the
tables (fresh), once from the events (the tables made to look stale), and demands the
same rows; incremental refreshes must leave the tables as a full rebuild does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Any

import pytest

from detente.analysis.dyads import top_dyads
from detente.analysis.filter import AnalysisFilter
from detente.analysis.materialised import fresh
from detente.analysis.rollups import answers, keys_fresh, period_cells
from detente.analysis.series import dyad_activity, dyad_series
from detente.analysis.stories import refresh_stories
from detente.store import Store
from detente.store.snapshot import snapshot
from detente.web.overrides import correct_event
from detente.web.queries import EventQuery, list_events
from tests.helpers.events import add_synthetic_events, build_store

TABLES = (
    "SELECT * FROM dyad_periods ORDER BY ALL",
    "SELECT * FROM event_keys ORDER BY event_id",
)
QUERIES = (
    EventQuery(),
    EventQuery(dyad=("IRN", "AZE")),
    EventQuery(dyad=("AZE", "IRN"), directed=True, limit=7),
    EventQuery(dyad=("AZE", "ISR"), offset=20, limit=9),
    EventQuery(dyad=("TUR", "ISR"), after="2022-06-01~s1", limit=5),
    EventQuery(actor="TUR", quad_class=4, factuality=("reported", "negated")),
    EventQuery(event_type="11", include_rejected=False),
    EventQuery(dyad=("AZE", "IRN"), since=dt.date(2023, 1, 1), limit=500),
)


@pytest.fixture
def big(tmp_path: Path) -> Iterator[Store]:
    with build_store(tmp_path / "rollups.duckdb") as store:
        add_synthetic_events(store, 3000)
        yield store


def _stale(store: Store) -> None:
    store.con.execute("UPDATE stories_state SET events = events + 1")
    assert not fresh(store.con) and not keys_fresh(store.con)


def _fresh_again(store: Store) -> None:
    store.con.execute("UPDATE stories_state SET events = events - 1")
    assert fresh(store.con)


def _reads(store: Store) -> dict[str, Any]:
    pages = [list_events(store.con, q) for q in QUERIES]
    return {
        "series": {
            by: dyad_series(store, ("ISR", "AZE"), by=by).records()  # type: ignore[arg-type]
            for by in ("week", "month", "quarter", "year")
        },
        "top": top_dyads(store, limit=None),
        "activity": dyad_activity(store, by="week", periods=30),
        "pair": top_dyads(store, pair=("IRN", "AZE")),
        "pages": [([v.to_record() for v in p.items], p.total, p.next) for p in pages],
    }


def test_tables_answer_as_the_events_do(big: Store) -> None:
    refresh_stories(big)
    assert answers(big.con, AnalysisFilter()) and keys_fresh(big.con)
    assert period_cells(big.con, AnalysisFilter(), pair=("AZE", "IRN"), by="month")
    stored = _reads(big)
    _stale(big)
    assert period_cells(big.con, AnalysisFilter(), pair=("AZE", "IRN"), by="month") is None
    assert stored == _reads(big)
    assert all(total for _, total, _ in stored["pages"])  # every query finds events


def test_other_filters_are_not_answered_from_the_tables(big: Store) -> None:
    refresh_stories(big)
    for flt in (
        AnalysisFilter(counted="mentions"),
        AnalysisFilter(factuality=("asserted",)),
        AnalysisFilter(since=dt.date(2022, 6, 1)),
    ):
        assert not answers(big.con, flt)
        assert period_cells(big.con, flt, pair=("AZE", "IRN"), by="month") is None


def test_incremental_refresh_equals_full_refresh(big: Store) -> None:
    refresh_stories(big)
    big.con.execute("DELETE FROM events WHERE event_id IN ('s5', 's17', 's400')")
    add_synthetic_events(big, 40, prefix="n")
    report = refresh_stories(big)
    assert not report.full
    correct_event(big.con, "s8", status="corrected", target_actor="TURGOV", cameo_code="190")
    correct_event(big.con, "s9", status="rejected")
    assert fresh(big.con)  # the override writer refreshed what it changed
    incremental = [big.con.execute(q).fetchall() for q in TABLES]
    reads = _reads(big)
    refresh_stories(big, full=True)
    assert [big.con.execute(q).fetchall() for q in TABLES] == incremental
    _stale(big)
    assert reads == _reads(big)
    _fresh_again(big)
    keys = dict(big.con.execute("SELECT event_id, override_status FROM event_keys").fetchall())
    assert keys["s9"] == "rejected" and "s5" not in keys and "n39" in keys


def test_an_older_store_rebuilds_its_tables_on_the_next_refresh(big: Store) -> None:
    refresh_stories(big)
    big.con.execute("DELETE FROM dyad_periods")
    big.con.execute("DELETE FROM stories_state")  # what the migration that adds them does
    assert not answers(big.con, AnalysisFilter())
    assert refresh_stories(big).full
    assert big.con.execute("SELECT count(*) FROM dyad_periods").fetchone() != (0,)


def test_a_snapshot_connection_asks_for_freshness_once(big: Store) -> None:
    refresh_stories(big)
    _stale(big)
    cursor = big.con.cursor()
    snapshot(cursor)  # what a read-only server's request cursor is
    assert not fresh(cursor) and not keys_fresh(cursor)
    _fresh_again(big)
    assert not fresh(cursor) and not keys_fresh(cursor)  # its answer for its whole life
    assert fresh(big.con.cursor()) and keys_fresh(big.con.cursor())


def test_cursors_of_one_read_only_connection_share_its_answers(big: Store) -> None:
    refresh_stories(big)
    _stale(big)
    memory: dict[Hashable, Any] = {}
    first = big.con.cursor()
    snapshot(first, memory)
    assert not fresh(first) and not keys_fresh(first)
    _fresh_again(big)
    second = big.con.cursor()
    snapshot(second, memory)  # a later request's cursor of the same connection
    assert not fresh(second) and not keys_fresh(second)
    assert fresh(big.con.cursor())
