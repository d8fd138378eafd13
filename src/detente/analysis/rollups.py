"""The dyad period and event key tables (:mod:`detente.store.rollups`): kept, and read.

They are refreshed in the stories' transaction (:func:`refresh_rollups`, called by
:mod:`detente.analysis.stories`): a full refresh rebuilds them, an incremental one
rebuilds the ``dyad_periods`` rows of the pairs whose partitions were reclustered and
the ``event_keys`` rows of appended, deleted and newly corrected events. They answer
only while the stories are fresh, and only what the stories answer (the default
filter, counting stories); every reader returns None otherwise, and its caller
computes the answer from the events.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from detente.analysis.filter import AnalysisFilter, side_sql
from detente.analysis.materialised import answers_filter, fresh
from detente.store.rollups import PERIOD_KINDS
from detente.store.views import corrected_events, has_overrides

__all__ = [
    "Cell",
    "answers",
    "keys_fresh",
    "pair_periods",
    "period_cells",
    "refresh_rollups",
    "total_rows",
]

# One cell of a series: period, quad class, PLOVER type ('' for none), stories, Goldstein
# sum, positive sum, |negative| sum, documents (the columns of ``series._cells``).
Cell = tuple[dt.date, Any, str, int, float, float, float, int]

# Dated stories of an interstate pair (a store refreshed before domestic events were left
# out of the default view may hold domestic ones: see ``materialised._INTERSTATE``).
_STORY_ROWS = (
    "country_a IS NOT NULL AND country_b IS NOT NULL AND country_a <> country_b "
    "AND date_start IS NOT NULL AND NOT coalesce(source_country = target_country, FALSE)"
)


def refresh_rollups(
    con: duckdb.DuckDBPyConnection,
    *,
    touched: str | None,
    full: bool,
    max_rowid: int = -1,
    overrides_since: dt.datetime | None = None,
) -> None:
    """Bring both tables in line with the stories just refreshed, in the caller's
    transaction: all of them (``full``), or the pairs in the ``touched`` partitions
    table and the events appended after ``max_rowid``, gone, or corrected after
    ``overrides_since`` (nothing when ``touched`` is None: nothing changed)."""
    if full:
        con.execute("DELETE FROM dyad_periods")
        con.execute("DELETE FROM event_keys")
        _insert_periods(con, "")
        _insert_keys(con, "")
        return
    if touched is None:
        return
    pairs = f"(country_a, country_b) IN (SELECT country_a, country_b FROM {touched})"
    con.execute(f"DELETE FROM dyad_periods WHERE {pairs}")
    _insert_periods(con, f"AND {pairs}")
    _update_keys(con, max_rowid=max_rowid, overrides_since=overrides_since)


def _insert_periods(con: duckdb.DuckDBPyConnection, where: str) -> None:
    kinds = ", ".join(f"('{kind}')" for kind in PERIOD_KINDS)
    con.execute(f"""
        INSERT INTO dyad_periods
        SELECT k.kind, country_a, country_b, CAST(date_trunc(k.kind, date_start) AS DATE),
               quad_class, coalesce(event_type, ''), count(*),
               sum(CAST(goldstein AS DECIMAL(18, 4))),
               sum(CAST(CASE WHEN goldstein > 0 THEN goldstein ELSE 0 END AS DECIMAL(18, 4))),
               sum(CAST(CASE WHEN goldstein < 0 THEN -goldstein ELSE 0 END AS DECIMAL(18, 4))),
               count(*) FILTER (quad_class IN (3, 4)), sum(num_documents), max(date_start)
        FROM stories, (VALUES {kinds}) AS k(kind)
        WHERE {_STORY_ROWS} {where}
        GROUP BY ALL
        ORDER BY 1, 2, 3, 4
    """)  # fmt: skip


def _key_select(con: duckdb.DuckDBPyConnection) -> str:
    source, target = side_sql("source"), side_sql("target")
    events = corrected_events(con, keep_rejected=True, with_status=True)
    return f"""
        SELECT least({source}, {target}), greatest({source}, {target}), e.date_start,
               e.event_id, e.date_end, {source}, {target}, e.source_country, e.target_country,
               e.source_actor, e.target_actor, e.event_type, e.cameo_code, e.quad_class,
               e.factuality, e.doc_id, e.override_status
        FROM {events} e
    """


def _insert_keys(con: duckdb.DuckDBPyConnection, where: str) -> None:
    con.execute(f"INSERT INTO event_keys {_key_select(con)} {where} ORDER BY 1, 2, 3, 4")


def _update_keys(
    con: duckdb.DuckDBPyConnection, *, max_rowid: int, overrides_since: dt.datetime | None
) -> None:
    """Keys of events gone are dropped; those of appended and newly corrected events are
    written (again). Every key but the appended ones was an event at the last refresh,
    so events are gone only when keys and appended rows outnumber the events; only then
    is an anti-join needed."""
    changed = f"SELECT event_id FROM events WHERE rowid > {int(max_rowid)}"
    row = con.execute(
        "SELECT (SELECT count(*) FROM event_keys), "
        "(SELECT count(*) FROM events WHERE rowid > ?), (SELECT count(*) FROM events)",
        [int(max_rowid)],
    ).fetchone()
    gone = row is not None and int(row[0]) + int(row[1]) != int(row[2])
    if overrides_since is not None and has_overrides(con):
        since = overrides_since.isoformat(sep=" ")
        changed += (
            f" UNION SELECT event_id FROM event_overrides WHERE updated_at > TIMESTAMP '{since}'"
        )
    absent = " OR event_id NOT IN (SELECT event_id FROM events)" if gone else ""
    con.execute(f"DELETE FROM event_keys WHERE event_id IN ({changed}){absent}")
    _insert_keys(con, f"WHERE e.event_id IN ({changed})")


def keys_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``event_keys`` describes the events and their corrections as now."""
    return fresh(con, rollups=True)


def answers(con: duckdb.DuckDBPyConnection, flt: AnalysisFilter) -> bool:
    """Whether ``dyad_periods`` holds the answer for ``flt`` (the stories' own test)."""
    return answers_filter(flt) and fresh(con, rollups=True)


def period_cells(
    con: duckdb.DuckDBPyConnection, flt: AnalysisFilter, *, pair: tuple[str, str], by: str
) -> list[Cell] | None:
    """A pair's series cells by ``by`` in the order ``series._cells`` gives them, or
    None when the tables cannot answer ``flt``."""
    if by not in PERIOD_KINDS or not answers(con, flt):
        return None
    a, b = sorted((pair[0].upper(), pair[1].upper()))
    rows = con.execute(
        """SELECT period, quad_class, event_type, stories, CAST(goldstein AS DOUBLE),
                  CAST(positive AS DOUBLE), CAST(negative AS DOUBLE), documents
           FROM dyad_periods WHERE period_kind = ? AND country_a = ? AND country_b = ?
           ORDER BY ALL""",
        [by, a, b],
    ).fetchall()
    return [(r[0], r[1], str(r[2]), int(r[3]), r[4], r[5], r[6], int(r[7])) for r in rows]


def total_rows(
    con: duckdb.DuckDBPyConnection,
    flt: AnalysisFilter,
    *,
    pair: tuple[str, str] | None,
    min_count: int,
    limit: int | None,
) -> list[tuple[Any, ...]] | None:
    """Per pair (or one pair): ``country_a, country_b, count, quad 1-4 counts, Goldstein
    sum``, busiest first (the rows of ``dyads.top_dyads``), or None when the tables
    cannot answer ``flt``."""
    if not answers(con, flt):
        return None
    where, params = "period_kind = 'year'", []
    if pair is not None:
        where += " AND country_a = ? AND country_b = ?"
        params += sorted((pair[0].upper(), pair[1].upper()))
    sql = f"""
        SELECT country_a, country_b, sum(stories) AS n,
               sum(stories) FILTER (quad_class = 1), sum(stories) FILTER (quad_class = 2),
               sum(stories) FILTER (quad_class = 3), sum(stories) FILTER (quad_class = 4),
               CAST(sum(goldstein) AS DOUBLE)
        FROM dyad_periods WHERE {where}
        GROUP BY country_a, country_b HAVING sum(stories) >= ?
        ORDER BY n DESC, country_a, country_b
    """
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = con.execute(sql, [*params, min_count]).fetchall()
    return [(r[0], r[1], r[2], *(int(x or 0) for x in r[3:7]), r[7]) for r in rows]


def pair_periods(
    con: duckdb.DuckDBPyConnection, flt: AnalysisFilter, *, by: str
) -> list[tuple[Any, ...]] | None:
    """Per pair and period: ``country_a, country_b, period, count, conflict count,
    Goldstein sum, last day`` (the cells of ``alerts._cells``; the first four are those
    of ``series.dyad_activity``), or None when the tables cannot answer ``flt``."""
    if by not in PERIOD_KINDS or not answers(con, flt):
        return None
    return con.execute(
        """SELECT country_a, country_b, period, sum(stories), sum(conflict),
                  CAST(sum(goldstein) AS DOUBLE), max(last_day)
           FROM dyad_periods WHERE period_kind = ?
           GROUP BY country_a, country_b, period""",
        [by],
    ).fetchall()
