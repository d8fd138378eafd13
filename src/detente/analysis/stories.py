"""Materialised stories: the default clustering, kept in tables so analyses scale.

Query-time clustering (:mod:`detente.analysis.select`) is exact for any filter but
runs window functions over every matching event. For the filter most analyses use
(default factuality, no other restriction, default tolerance) the result is kept
in ``story_members`` (one row per event: its story) and ``stories`` (one row per
story), migration 8. :func:`refresh_stories` brings them up to date incrementally:
only the (country pair, CAMEO root) partitions that gained or lost events are
clustered again. :func:`fresh` says whether the tables still describe the events
table (same row count, no row appended since); when they do not, analyses fall
back to query-time clustering, so a stale table never changes a count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from detente.analysis.select import MEAN_GOLDSTEIN_SQL, AnalysisFilter, Sql, story_members_sql
from detente.store import Store

__all__ = [
    "RefreshReport",
    "fresh",
    "has_materialised",
    "materialised",
    "materialised_members",
    "refresh_stories",
]

DEFAULT_FILTER = AnalysisFilter()
_PARTITION = "country_a, country_b, cameo_root"


@dataclass(frozen=True, slots=True)
class RefreshReport:
    """What a refresh did."""

    full: bool
    partitions: int
    events: int
    stories: int


def _has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'stories_state'"
    ).fetchone()
    return bool(row and row[0])


def _state(con: duckdb.DuckDBPyConnection) -> tuple[int, int] | None:
    if not _has_tables(con):
        return None
    row = con.execute("SELECT events, max_rowid FROM stories_state").fetchone()
    return None if row is None else (int(row[0]), int(row[1]))


def has_materialised(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether stories were ever materialised in this store (refresh keeps them so)."""
    return _state(con) is not None


def fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the materialised tables describe the events table as it is now."""
    state = _state(con)
    if state is None:
        return False
    count, max_rowid = state
    row = con.execute(
        "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM events WHERE rowid > ?)",
        [max_rowid],
    ).fetchone()
    return bool(row and int(row[0]) == count and int(row[1]) == 0)


def materialised(
    con: duckdb.DuckDBPyConnection, flt: AnalysisFilter, *, pair: tuple[str, str] | None
) -> Sql | None:
    """The stories relation from the tables, when they can answer ``flt`` exactly."""
    if not _answers(flt) or not fresh(con):
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
    if not _answers(flt) or not fresh(con):
        return None
    where, params = _pair_where(pair)
    return Sql(f"SELECT * FROM story_members WHERE {where}", params)


def _answers(flt: AnalysisFilter) -> bool:
    """The tables hold the default filter's stories; counting mentions needs none."""
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
    )


def _pair_where(pair: tuple[str, str] | None) -> tuple[str, tuple[str, ...]]:
    if pair is None:
        return "TRUE", ()
    a, b = sorted((pair[0].upper(), pair[1].upper()))
    return "country_a = ? AND country_b = ?", (a, b)


def refresh_stories(store: Store, *, full: bool = False) -> RefreshReport:
    """Bring ``stories`` and ``story_members`` up to date, in one transaction."""
    with store.transaction() as con:
        state = _state(con)
        if state is None:
            full = True
        max_row = con.execute("SELECT count(*), coalesce(max(rowid), -1) FROM events").fetchone()
        count, max_rowid = (int(max_row[0]), int(max_row[1])) if max_row else (0, -1)
        if full or state is None:
            con.execute("DELETE FROM story_members")
            con.execute("DELETE FROM stories")
            partitions = _recluster(con, None)
        else:
            partitions = _recluster(con, _touched(con, state[1]))
        con.execute("DELETE FROM stories_state")
        con.execute(
            "INSERT INTO stories_state VALUES (?, ?, ?)",
            [count, max_rowid, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
        )
        row = con.execute("SELECT count(*) FROM stories").fetchone()
    return RefreshReport(
        full=full, partitions=partitions, events=count, stories=int(row[0]) if row else 0
    )


def _touched(con: duckdb.DuckDBPyConnection, max_rowid: int) -> str:
    """A temp table of the partitions with appended events or with events gone."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE touched AS
        SELECT DISTINCT least(source_country, target_country) AS country_a,
               greatest(source_country, target_country) AS country_b, cameo_root
        FROM events WHERE rowid > {int(max_rowid)}
        UNION
        SELECT DISTINCT {_PARTITION} FROM story_members m
        WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = m.event_id)
    """)  # fmt: skip
    return "temp.touched"


def _recluster(con: duckdb.DuckDBPyConnection, touched: str | None) -> int:
    """Cluster the touched partitions (all when ``touched`` is None) again."""
    keys, member_keys = "TRUE", "TRUE"
    if touched:
        keys = _in_touched("", touched)
        member_keys = _in_touched("m.", touched)
        for table in ("story_members", "stories"):
            con.execute(f"DELETE FROM {table} WHERE {keys}")
    extra: tuple[Sql, ...] = ()
    if touched:
        own = "least(e.source_country, e.target_country), "
        own += "greatest(e.source_country, e.target_country), e.cameo_root"
        extra = (Sql(f"({own}) IN (SELECT ({_PARTITION}) FROM {touched})"),)
    members = story_members_sql(con, DEFAULT_FILTER, extra=extra, stored=False)
    con.execute(
        f"INSERT INTO story_members SELECT * FROM ({members.text}) ORDER BY {_PARTITION}",
        list(members.params),
    )
    con.execute(_STORIES_INSERT.format(keys=member_keys))
    if touched is None:
        row = con.execute(f"SELECT count(DISTINCT ({_PARTITION})) FROM story_members").fetchone()
    else:
        row = con.execute(f"SELECT count(*) FROM {touched}").fetchone()
    return int(row[0]) if row else 0


def _in_touched(prefix: str, touched: str) -> str:
    mine = ", ".join(prefix + c for c in ("country_a", "country_b", "cameo_root"))
    return f"({mine}) IN (SELECT ({_PARTITION}) FROM {touched})"


_SOURCE_NAME = "coalesce(d.sitename, nullif(regexp_extract(d.url, '//([^/]+)', 1), ''), e.doc_id)"
_STORIES_INSERT = f"""
    INSERT INTO stories
    SELECT m.story_id, min(e.date_start), max(coalesce(e.date_end, e.date_start)),
           first(e.source_country ORDER BY e.confidence DESC, e.date_start, e.event_id),
           first(e.target_country ORDER BY e.confidence DESC, e.date_start, e.event_id),
           m.country_a, m.country_b, m.cameo_root, min(e.quad_class),
           {MEAN_GOLDSTEIN_SQL.format(p="e.")}, mode(e.event_type), count(*),
           count(DISTINCT e.doc_id), count(DISTINCT {_SOURCE_NAME}),
           sum(coalesce(e.mentions, 1))
    FROM story_members m JOIN events e ON e.event_id = m.event_id
    LEFT JOIN documents d ON d.doc_id = e.doc_id
    WHERE {{keys}}
    GROUP BY m.story_id, m.country_a, m.country_b, m.cameo_root
    ORDER BY m.country_a, m.country_b, m.cameo_root
"""
