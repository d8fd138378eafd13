"""The web's numbers, taken from :mod:`detente.analysis`: one answer everywhere.

Dyad lists, totals, series, changes and the network come from the same functions as
`detente dyads`, `detente series` and the notebook API, over the same corrected events
(:func:`detente.store.views.corrected_events`), counting stories by default
(``count=mentions`` on request) and only asserted and reported events unless the
request names factualities. Every response says what it counted (:func:`counting`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from detente.analysis.dyads import DyadChange, DyadSummary, dyad_changes, top_dyads
from detente.analysis.filter import (
    DEFAULT_FACTUALITY,
    AnalysisFilter,
    Sql,
    actor_clause,
    dyad_clause,
)
from detente.analysis.series import PeriodRow, filtered_series
from detente.config import MAX_SERIES_PERIODS
from detente.models import PLOVER_TYPES
from detente.store import Store
from detente.web.queries import EventQuery, Page

PERIODS: tuple[str, ...] = ("week", "month", "quarter", "year")
COUNTED: tuple[str, ...] = ("stories", "mentions")


def analysis_filter(query: EventQuery) -> AnalysisFilter:
    """The analysis filter a web query asks for (the analysis defaults where it is silent)."""
    kind = query.event_type
    return AnalysisFilter(
        factuality=query.factuality or DEFAULT_FACTUALITY,
        event_types=(kind,) if kind and _known_type(kind) else (),
        since=query.since,
        until=query.until,
        counted="mentions" if query.counted == "mentions" else "stories",
    )


def extra_clauses(query: EventQuery) -> tuple[Sql, ...]:
    """What a web query restricts beyond an :class:`AnalysisFilter` (actor, quad class...)."""
    out: list[Sql] = []
    if query.event_type and not _known_type(query.event_type):
        out.append(Sql("e.event_type = ?", (query.event_type,)))  # matches nothing, as lists do
    if query.actor:
        out.append(actor_clause(query.actor))
    if query.quad_class:
        out.append(Sql("e.quad_class = ?", (query.quad_class,)))
    if query.text:
        out.append(Sql("contains(lower(e.sentence), ?)", (query.text.lower(),)))
    if query.doc_id:
        out.append(Sql("e.doc_id = ?", (query.doc_id,)))
    if query.dyad and query.directed:
        out.append(dyad_clause(query.dyad, directed=True))
    return tuple(out)


def _known_type(kind: str) -> bool:
    return kind.isdigit() or kind.upper() in PLOVER_TYPES


def _pair(query: EventQuery) -> tuple[str, str] | None:
    return query.dyad if query.dyad and not query.directed else None


def counting(query: EventQuery) -> dict[str, str]:
    """What the numbers of a response count: ``stories`` or ``mentions``, and the filter."""
    flt = analysis_filter(query)
    return {"counted": flt.counted, "filter": flt.describe()}


def dyad_page(store: Store, query: EventQuery, *, min_count: int = 1) -> Page:
    """Dyads, busiest first, one page of them (``total`` counts every dyad)."""
    rows = top_dyads(
        store,
        flt=analysis_filter(query),
        limit=None,
        min_count=min_count,
        pair=_pair(query),
        extra=extra_clauses(query),
    )
    items = rows[query.offset : query.offset + query.limit]
    return Page(items=items, total=len(rows), limit=query.limit, offset=query.offset)


def dyad_totals(store: Store, pair: tuple[str, str], query: EventQuery) -> DyadSummary | None:
    """One undirected pair's totals, counted as the query says."""
    scoped = EventQuery(**{**_fields(query), "dyad": pair, "directed": False})
    rows = top_dyads(
        store, flt=analysis_filter(scoped), limit=1, pair=pair, extra=extra_clauses(scoped)
    )
    return rows[0] if rows else None


def series(
    store: Store, query: EventQuery, *, period: str = "month", max_periods: int = MAX_SERIES_PERIODS
) -> tuple[PeriodRow, ...]:
    """Counts by quad class and Goldstein measures per period, gaps filled with zeros (at
    most ``max_periods`` of them: a longer series is an ``AnalysisError``, a 422)."""
    return filtered_series(
        store,
        by=period,  # type: ignore[arg-type]  # validated by the request parameters
        flt=analysis_filter(query),
        extra=extra_clauses(query),
        pair=_pair(query),
        max_periods=max_periods,
    )


def changes(store: Store, query: EventQuery, *, limit: int = 10) -> list[DyadChange]:
    """Dyads whose Goldstein sum moved most between the last 90 days and the 90 before."""
    return dyad_changes(store, flt=analysis_filter(query), limit=limit)


def _fields(query: EventQuery) -> dict[str, Any]:
    return {name: getattr(query, name) for name in query.__dataclass_fields__}


def dyad_record(row: DyadSummary) -> dict[str, Any]:
    """A dyad summary as JSON, saying what ``count`` counts."""
    return {
        "dyad": "-".join(row.dyad),
        "counted": row.counted,
        "count": row.events,
        "by_quad": list(row.by_quad),
        "goldstein_sum": row.goldstein_sum,
        "goldstein_mean": row.goldstein_mean,
        "net_cooperation": row.net_cooperation,
        "conflict_share": row.conflict_share,
    }


def period_record(row: PeriodRow) -> dict[str, Any]:
    """One period of a series as JSON."""
    return {
        "period": row.period.isoformat(),
        "label": row.label,
        "count": row.count,
        "by_quad": list(row.by_quad),
        "goldstein_sum": row.goldstein_sum,
        "goldstein_mean": row.goldstein_mean,
        "net_cooperation": row.net_cooperation,
        "conflict_share": row.conflict_share,
    }


def change_record(change: DyadChange) -> dict[str, Any]:
    """A dyad's movement as JSON."""
    return {
        "dyad": "-".join(change.dyad),
        "counted": change.counted,
        "recent": change.recent,
        "before": change.before,
        "delta": change.delta,
        "recent_count": change.recent_count,
        "window_end": change.window_end.isoformat()
        if isinstance(change.window_end, dt.date)
        else None,
    }
