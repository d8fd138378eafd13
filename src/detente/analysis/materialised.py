"""The materialised stories, read: whether they are fresh, and the stories from them.

The stories of the default filter are kept in ``story_members`` and ``stories``
(refreshed by :mod:`detente.analysis.stories`). They answer an analysis only when
they are *fresh*, describing the events table (same row count, no row appended since)
and the analyst's corrections (no override written since), and only for the filter
they were clustered with; otherwise every reader here returns None and the caller
clusters at query time (:mod:`detente.analysis.select`), so a stale table never
changes a count.
"""

from __future__ import annotations

import duckdb

from detente.analysis.filter import AnalysisFilter, Sql
from detente.store.snapshot import remembered

__all__ = [
    "DEFAULT_FILTER",
    "answers_filter",
    "fresh",
    "materialised",
    "materialised_members",
]

# The filter whose stories the tables hold.
DEFAULT_FILTER = AnalysisFilter()


def fresh(con: duckdb.DuckDBPyConnection, *, rollups: bool = False) -> bool:
    """Whether the materialised tables (with ``rollups``: and the tables refreshed with
    them, :mod:`detente.analysis.rollups`) describe the events and their corrections as
    now (one catalogue lookup and two small statements: every analysis asks; a
    :func:`~detente.store.snapshot.snapshot` connection asks once)."""
    return remembered(con, ("fresh", rollups), lambda: _fresh(con, rollups=rollups))


def _fresh(con: duckdb.DuckDBPyConnection, *, rollups: bool) -> bool:
    tables = {
        str(r[0])
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() "
            "WHERE table_name IN ('stories_state', 'event_overrides', 'event_keys')"
        ).fetchall()
    }
    if "stories_state" not in tables or (rollups and "event_keys" not in tables):
        return False
    state = con.execute("SELECT events, max_rowid, refreshed_at FROM stories_state").fetchone()
    if state is None:
        return False
    overrides = "max(updated_at)" if "event_overrides" in tables else "NULL"
    latest = "FROM event_overrides" if "event_overrides" in tables else ""
    row = con.execute(
        f"""SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM events WHERE rowid > ?),
                   (SELECT {overrides} {latest})""",
        [int(state[1])],
    ).fetchone()  # uncorrelated: a third of the planning of one correlated statement
    if row is None or int(row[0]) != int(state[0]) or int(row[1]):
        return False
    return row[2] is None or row[2] <= state[2]


def materialised(
    con: duckdb.DuckDBPyConnection, flt: AnalysisFilter, *, pair: tuple[str, str] | None
) -> Sql | None:
    """The stories relation from the tables, when they can answer ``flt`` exactly."""
    if not answers_filter(flt) or not fresh(con):
        return None
    where, params = _pair_where(pair)
    sql = f"""
        SELECT story_id AS unit_id, date_start, date_end, source_country, target_country,
               country_a, country_b, cameo_root, quad_class, goldstein, event_type,
               1 AS weight, num_events, num_documents, num_sources, num_mentions,
               CAST(NULL AS VARCHAR[]) AS member_ids
        FROM stories WHERE {where}
    """
    return Sql(sql, params)


def materialised_members(
    con: duckdb.DuckDBPyConnection, flt: AnalysisFilter, *, pair: tuple[str, str] | None
) -> Sql | None:
    """The rows of :func:`story_members_sql` from the tables, when they can answer."""
    if not answers_filter(flt) or not fresh(con):
        return None
    where, params = _pair_where(pair, members=True)
    return Sql(f"SELECT * FROM story_members WHERE {where}", params)


def answers_filter(flt: AnalysisFilter) -> bool:
    """Whether the tables hold ``flt``'s stories: the default filter's, counted as stories
    (counting mentions needs no clustering)."""
    return flt.counted == "stories" and _without_count(flt) == _without_count(DEFAULT_FILTER)


def _without_count(flt: AnalysisFilter) -> tuple[object, ...]:
    return (
        flt.factuality,
        flt.date_basis,
        flt.event_types,
        flt.sources,
        flt.datasets,
        flt.since,
        flt.until,
        flt.tolerance_days,
        flt.relations,
    )


# The tables hold interstate stories. A store refreshed before domestic events were
# left out of the default view may still hold some: a story whose source country is its
# target country, in a partition of one country (which also holds the events without a
# target, since least/greatest skip NULL). These conditions leave them out.
_INTERSTATE = "NOT coalesce(source_country = target_country, FALSE)"
_INTERSTATE_MEMBERS = (
    "NOT (country_a = country_b AND story_id IN "
    "(SELECT story_id FROM stories WHERE source_country = target_country))"
)


def _pair_where(
    pair: tuple[str, str] | None, *, members: bool = False
) -> tuple[str, tuple[str, ...]]:
    interstate = _INTERSTATE_MEMBERS if members else _INTERSTATE
    if pair is None:
        return interstate, ()
    a, b = sorted((pair[0].upper(), pair[1].upper()))
    return f"country_a = ? AND country_b = ? AND {interstate}", (a, b)
