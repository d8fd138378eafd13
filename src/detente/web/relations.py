"""Relations between countries computed in SQL: dyad summaries, series, changes, network.

These follow the definitions of :mod:`detente.analysis.dyads` (event mentions counted,
quad classes, Goldstein sum and mean, conflict share) but aggregate inside DuckDB, so
a page over a store of millions of events reads only the totals. Events an analyst
rejected are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

from detente.analysis.dyads import DyadSummary
from detente.web.queries import EventQuery, event_where, events_source

PERIODS: tuple[str, ...] = ("week", "month", "quarter", "year")


@dataclass(frozen=True, slots=True, kw_only=True)
class SeriesPoint:
    """Totals of one period (its first day) for a dyad or an actor."""

    period: dt.date
    by_quad: tuple[int, int, int, int]
    goldstein_sum: float
    events: int

    @property
    def goldstein_mean(self) -> float:
        """Mean Goldstein value of the period's events (0 when there are none)."""
        return round(self.goldstein_sum / self.events, 2) if self.events else 0.0

    def to_record(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "period": self.period.isoformat(),
            "events": self.events,
            "by_quad": list(self.by_quad),
            "goldstein_sum": round(self.goldstein_sum, 2),
            "goldstein_mean": self.goldstein_mean,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """How a dyad's Goldstein sum moved between two windows of equal length."""

    dyad: tuple[str, str]
    recent: float
    before: float
    recent_events: int
    window_end: dt.date

    @property
    def delta(self) -> float:
        """Recent minus before (negative: relations worsened)."""
        return round(self.recent - self.before, 2)

    def to_record(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "dyad": "-".join(self.dyad),
            "recent": round(self.recent, 2),
            "before": round(self.before, 2),
            "delta": self.delta,
            "recent_events": self.recent_events,
            "window_end": self.window_end.isoformat(),
        }


def dyad_record(row: DyadSummary) -> dict[str, Any]:
    """A dyad summary as JSON."""
    return {
        "dyad": "-".join(row.dyad),
        "events": row.events,
        "by_quad": list(row.by_quad),
        "goldstein_sum": row.goldstein_sum,
        "goldstein_mean": row.goldstein_mean,
        "net_cooperation": row.net_cooperation,
        "conflict_share": row.conflict_share,
    }


def _filtered(con: duckdb.DuckDBPyConnection, query: EventQuery) -> tuple[str, list[Any]]:
    where, params = event_where(_no_paging(query))
    return f"(SELECT * FROM {events_source(con)} {where})", params


def _no_paging(query: EventQuery) -> EventQuery:
    return EventQuery(
        dyad=query.dyad,
        directed=query.directed,
        actor=query.actor,
        event_type=query.event_type,
        quad_class=query.quad_class,
        factuality=query.factuality,
        doc_id=query.doc_id,
        since=query.since,
        until=query.until,
        text=query.text,
        include_rejected=False,
    )


def summarise_dyads_sql(
    con: duckdb.DuckDBPyConnection, query: EventQuery, *, min_events: int = 1
) -> list[DyadSummary]:
    """One row per undirected country pair, busiest first (like ``summarise_dyads``)."""
    source, params = _filtered(con, query)
    rows = con.execute(
        "SELECT least(source_country, target_country) AS a, "
        "greatest(source_country, target_country) AS b, count(*) AS n, "
        "count(*) FILTER (quad_class = 1), count(*) FILTER (quad_class = 2), "
        "count(*) FILTER (quad_class = 3), count(*) FILTER (quad_class = 4), "
        "coalesce(sum(goldstein), 0), coalesce(sum(goldstein) FILTER (goldstein > 0), 0), "
        "coalesce(sum(-goldstein) FILTER (goldstein < 0), 0) "
        f"FROM {source} WHERE source_country IS NOT NULL AND target_country IS NOT NULL "
        "GROUP BY a, b HAVING count(*) >= ? ORDER BY n DESC, a, b LIMIT ? OFFSET ?",
        [*params, min_events, query.limit, query.offset],
    ).fetchall()
    return [_summary(row) for row in rows]


def count_dyads(con: duckdb.DuckDBPyConnection, query: EventQuery, *, min_events: int = 1) -> int:
    """How many dyads :func:`summarise_dyads_sql` would list without a limit."""
    source, params = _filtered(con, query)
    row = con.execute(
        "SELECT count(*) FROM (SELECT least(source_country, target_country) AS a, "
        "greatest(source_country, target_country) AS b "
        f"FROM {source} WHERE source_country IS NOT NULL AND target_country IS NOT NULL "
        "GROUP BY a, b HAVING count(*) >= ?)",
        [*params, min_events],
    ).fetchone()
    return int(row[0]) if row else 0


def _summary(row: tuple[Any, ...]) -> DyadSummary:
    n = int(row[2])
    quads = (int(row[3]), int(row[4]), int(row[5]), int(row[6]))
    total = float(row[7])
    return DyadSummary(
        dyad=(str(row[0]), str(row[1])),
        events=n,
        by_quad=quads,
        goldstein_sum=round(total, 2),
        goldstein_mean=round(total / n, 2),
        net_cooperation=round(float(row[8]) - float(row[9]), 2),
        conflict_share=round((quads[2] + quads[3]) / n, 3),
    )


def series(
    con: duckdb.DuckDBPyConnection, query: EventQuery, *, period: str = "month"
) -> list[SeriesPoint]:
    """Counts by quad class and Goldstein totals per period, gaps filled with zeros."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}")
    source, params = _filtered(con, query)
    rows = con.execute(
        f"SELECT CAST(date_trunc('{period}', date_start) AS DATE) AS p, quad_class, "
        f"count(*), coalesce(sum(goldstein), 0) FROM {source} "
        "WHERE date_start IS NOT NULL GROUP BY p, quad_class ORDER BY p",
        params,
    ).fetchall()
    totals: dict[dt.date, list[float]] = {}
    for when, quad, count, gold in rows:
        slot = totals.setdefault(when, [0, 0, 0, 0, 0.0])
        if 1 <= int(quad) <= 4:
            slot[int(quad) - 1] += int(count)
        slot[4] += float(gold)
    return [
        SeriesPoint(
            period=when,
            by_quad=(int(v[0]), int(v[1]), int(v[2]), int(v[3])),
            goldstein_sum=round(v[4], 2),
            events=int(sum(v[:4])),
        )
        for when, v in _fill(totals, period).items()
    ]


def _fill(totals: dict[dt.date, list[float]], period: str) -> dict[dt.date, list[float]]:
    if not totals:
        return {}
    first, last = min(totals), max(totals)
    filled: dict[dt.date, list[float]] = {}
    when = first
    while when <= last and len(filled) < 2000:
        filled[when] = totals.get(when, [0, 0, 0, 0, 0.0])
        when = _next(when, period)
    return filled


def _next(when: dt.date, period: str) -> dt.date:
    if period == "week":
        return when + dt.timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    index = when.year * 12 + when.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def biggest_changes(
    con: duckdb.DuckDBPyConnection, *, window_days: int = 90, limit: int = 10
) -> list[Change]:
    """Dyads whose Goldstein sum moved most between the last window and the one before.

    The windows end at the latest dated event in the store, so an archive of old
    articles still shows its own latest movements.
    """
    source = events_source(con)
    end_row = con.execute(
        f"SELECT max(date_start) FROM {source} WHERE override_status IS DISTINCT FROM 'rejected'"
    ).fetchone()
    if not end_row or end_row[0] is None:
        return []
    end: dt.date = end_row[0]
    middle = end - dt.timedelta(days=window_days)
    start = middle - dt.timedelta(days=window_days)
    rows = con.execute(
        "SELECT least(source_country, target_country) AS a, "
        "greatest(source_country, target_country) AS b, "
        "coalesce(sum(goldstein) FILTER (date_start > ?), 0), "
        "coalesce(sum(goldstein) FILTER (date_start <= ?), 0), "
        "count(*) FILTER (date_start > ?) "
        f"FROM {source} WHERE source_country IS NOT NULL AND target_country IS NOT NULL "
        "AND override_status IS DISTINCT FROM 'rejected' AND date_start > ? "
        "AND date_start <= ? GROUP BY a, b",
        [middle, middle, middle, start, end],
    ).fetchall()
    changes = [
        Change(
            dyad=(str(r[0]), str(r[1])),
            recent=float(r[2]),
            before=float(r[3]),
            recent_events=int(r[4]),
            window_end=end,
        )
        for r in rows
    ]
    changes = [c for c in changes if c.delta]
    return sorted(changes, key=lambda c: (-abs(c.delta), c.dyad))[:limit]
