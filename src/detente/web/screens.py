"""What each page shows, computed once for both renderings (HTML page and JSON API).

Each function returns a plain dict of records; :func:`jsonable` turns it into JSON.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

from detente.analysis.alerts import alerts
from detente.analysis.chartspec import series_figures
from detente.analysis.domestic import (
    DomesticRelation,
    domestic_filter,
    domestic_relations,
    domestic_series,
)
from detente.analysis.dyads import Coverage, DyadChange, DyadSummary, coverage, top_dyads
from detente.analysis.filter import for_pair
from detente.analysis.finder import actor_name, find_actors, find_dyad
from detente.analysis.series import PeriodRow, dyad_activity
from detente.analysis.timeline import timeline
from detente.config import MAX_SERIES_PERIODS
from detente.errors import DetenteError
from detente.events.explain import explain_event
from detente.store import Store
from detente.web.catalog import get_document, list_actors
from detente.web.charts import sparkline
from detente.web.errors import not_found
from detente.web.highlight import segments
from detente.web.queries import EventQuery, Page, get_event, list_events
from detente.web.relations import (
    analysis_filter,
    change_record,
    changes,
    counting,
    dyad_page,
    dyad_record,
    dyad_totals,
    extra_clauses,
    period_record,
    series,
)


def overview(con: duckdb.DuckDBPyConnection, *, limit: int = 10) -> dict[str, Any]:
    """Most active dyads, latest alerts, biggest changes, and the most recent events."""
    store = cursor_store(con)
    query = EventQuery(limit=limit)
    return {
        **counting(query),
        "coverage": coverage(store, flt=analysis_filter(query)),
        "dyads": dyad_page(store, query).items,
        "alerts": latest_alerts(con, limit=limit),
        "changes": changes(store, query, limit=limit),
        "recent": list_events(con, EventQuery(limit=limit, include_rejected=False)).items,
    }


def cursor_store(con: duckdb.DuckDBPyConnection) -> Store:
    """A ``Store`` over a request's cursor, for the analysis functions (they read ``con``)."""
    store = object.__new__(Store)
    store.path = Path("<cursor>")
    store.con = con
    return store


def latest_alerts(con: duckdb.DuckDBPyConnection, *, limit: int) -> list[Any]:
    """The analysis layer's relation alerts (change against a baseline, records)."""
    try:
        return alerts(cursor_store(con), flt=analysis_filter(EventQuery()))[:limit]
    except DetenteError:
        return []


def dyad(
    con: duckdb.DuckDBPyConnection,
    pair: tuple[str, str],
    query: EventQuery,
    *,
    period: str,
    max_periods: int = MAX_SERIES_PERIODS,
) -> dict[str, Any]:
    """One dyad: its totals, its series (both counted as asked), and a page of its events."""
    store = cursor_store(con)
    scoped = dataclasses.replace(query, dyad=pair, directed=False)
    totals = dyad_totals(store, pair, scoped)
    if totals is None and not _any_events(con, pair):
        raise not_found(f"dyad {'-'.join(pair)}", "see the most active dyads at /api/dyads")
    rows = series(store, scoped, period=period, max_periods=max_periods)
    return {
        "dyad": "-".join(pair),
        **counting(scoped),
        "summary": totals,
        "figures": series_figures(rows),
        "period": period,
        "series": rows,
        "events": list_events(con, scoped),
    }


def domestic(
    con: duckdb.DuckDBPyConnection,
    code: str,
    query: EventQuery,
    *,
    period: str,
    max_periods: int = MAX_SERIES_PERIODS,
) -> dict[str, Any]:
    """One country's domestic relations: its sector pairs, its series (in all and per
    pair), and a page of its domestic events (one country on both sides)."""
    store = cursor_store(con)
    scoped = dataclasses.replace(query, actor=None, dyad=None, directed=False)
    flt = domestic_filter(analysis_filter(scoped))
    home = domestic_series(
        store,
        code,
        by=period,  # type: ignore[arg-type]  # validated by the request parameters
        flt=flt,
        extra=extra_clauses(scoped),
        max_periods=max_periods,
    )
    events = list_events(con, dataclasses.replace(scoped, dyad=(code, code)))
    if not home.relations and not events.total and not query.since and not query.until:
        raise not_found(f"domestic events of {code}", "see the domestic relations at /api/domestic")
    return {
        "country": code,
        "counted": flt.counted,
        "filter": flt.describe(),
        "relations": list(home.relations),
        "period": period,
        "series": home.rows,
        "by_pair": home.by_pair,
        "events": events,
    }


def domestic_list(con: duckdb.DuckDBPyConnection, query: EventQuery) -> dict[str, Any]:
    """Every domestic relation (country and sector pair), busiest first, one page."""
    flt = domestic_filter(analysis_filter(query))
    rows = domestic_relations(cursor_store(con), flt=flt, limit=None, extra=extra_clauses(query))
    items = rows[query.offset : query.offset + query.limit]
    page = Page(items=items, total=len(rows), limit=query.limit, offset=query.offset)
    return {"counted": flt.counted, "filter": flt.describe(), **jsonable(page)}


def _any_events(con: duckdb.DuckDBPyConnection, pair: tuple[str, str]) -> bool:
    row = con.execute(
        "SELECT count(*) FROM events WHERE (source_country = ? AND target_country = ?) "
        "OR (source_country = ? AND target_country = ?)",
        [pair[0], pair[1], pair[1], pair[0]],
    ).fetchone()
    return bool(row and row[0])


def actor(
    con: duckdb.DuckDBPyConnection,
    code: str,
    query: EventQuery,
    *,
    period: str,
    max_periods: int = MAX_SERIES_PERIODS,
) -> dict[str, Any]:
    """One country or body: partners and adversaries, series, learned people, evidence."""
    store = cursor_store(con)
    scoped = dataclasses.replace(query, actor=code)
    events = list_events(con, scoped)
    if not events.total and not query.since and not query.until:
        raise not_found(f"actor {code!r}", "see the countries at /api/network")
    wide = dataclasses.replace(scoped, limit=10_000, offset=0)
    relations = [r for r in dyad_page(store, wide).items if code in r.dyad]
    return {
        "code": code,
        **counting(scoped),
        "coverage": coverage(store, flt=analysis_filter(scoped), extra=extra_clauses(scoped)),
        "partners": sorted(
            (r for r in relations if r.net_cooperation > 0), key=lambda r: -r.net_cooperation
        )[:10],
        "adversaries": sorted(
            (r for r in relations if r.net_cooperation < 0), key=lambda r: r.net_cooperation
        )[:10],
        "period": period,
        "series": series(store, scoped, period=period, max_periods=max_periods),
        "people": list_actors(con, country=code[:3], limit=50, offset=0).items,
        "events": events,
    }


def document(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any]:
    """The article with its events and the marks of their triggers, sources and targets."""
    doc = get_document(con, doc_id)
    events = list_events(con, EventQuery(doc_id=doc_id, limit=10_000)).items
    events.sort(key=lambda v: (v.event.sentence_start, v.event.event_id))
    live = [v.event for v in events if v.status != "rejected"]
    every = [(v.event.sentence_start, v.event.sentence_end) for v in events]
    marked = segments(doc.text, live, sentences=every)
    return {"document": doc, "events": events, "segments": marked}


def event(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any]:
    """One event as corrected, its sentence with the trigger, source and target marked,
    and why it was coded (:func:`detente.events.explain.explain_event`, what
    ``detente explain`` prints), or why that cannot be said."""
    view = get_event(con, event_id)
    found = view.event
    alone = dataclasses.replace(found, sentence_start=0, sentence_end=len(found.sentence))
    explanation, unexplained = _explain(con, found)
    return {
        "view": view,
        "event": found,
        "sentence": segments(found.sentence, [alone]),
        "explanation": explanation,
        "unexplained": unexplained,
    }


def _explain(con: duckdb.DuckDBPyConnection, found: Any) -> tuple[dict[str, Any] | None, str]:
    """The explanation's record, or None and the reason in words."""
    if (found.rule or "").startswith("import:"):
        return None, f"imported ({found.rule.split()[0]}): the coder did not code this row"
    try:
        return explain_event(cursor_store(con), found.event_id).to_record(), ""
    except DetenteError as exc:
        return None, str(exc)


def network(
    con: duckdb.DuckDBPyConnection, query: EventQuery, *, min_events: int = 1
) -> dict[str, Any]:
    """The cooperation/conflict network of a period: one edge per dyad (at most ``limit``)."""
    store = cursor_store(con)
    edges = dyad_page(store, query, min_count=min_events).items
    nodes: dict[str, int] = {}
    for r in edges:
        for code in r.dyad:
            nodes[code] = nodes.get(code, 0) + r.events
    return {
        **counting(query),
        "since": query.since,
        "until": query.until,
        "coverage": coverage(store, flt=analysis_filter(query), extra=extra_clauses(query)),
        "nodes": [{"code": c, "count": n} for c, n in sorted(nodes.items())],
        "edges": edges,
    }


DYAD_SORTS: dict[str, Any] = {
    "count": lambda r: r.events,
    "dyad": lambda r: r.dyad,
    "goldstein": lambda r: r.goldstein_sum,
    "mean": lambda r: r.goldstein_mean,
    "conflict": lambda r: r.conflict_share,
}


def alert_list(
    con: duckdb.DuckDBPyConnection,
    query: EventQuery,
    *,
    period: str,
    baseline: int,
    min_current: int,
    min_baseline: int,
    min_history: int,
    include_limited: bool,
    domestic: str | None = None,
) -> dict[str, Any]:
    """Relation alerts of every dyad (or the query's dyad, or the sector pairs of one
    country's ``domestic`` relations), strongest first, with their support, as
    :func:`detente.analysis.alerts.alerts` finds them."""
    flt = domestic_filter(analysis_filter(query)) if domestic else analysis_filter(query)
    found = alerts(
        cursor_store(con),
        watch=(query.dyad,) if query.dyad and not domestic else (),
        domestic=domestic,
        by=period,  # type: ignore[arg-type]  # validated by the request parameters
        baseline=baseline,
        flt=flt,
        include_limited=include_limited,
        min_current=min_current,
        min_baseline=min_baseline,
        min_history=min_history,
    )
    return {
        "counted": flt.counted,
        "filter": flt.describe(),
        "period": period,
        "domestic": domestic,
        "alerts": found[: query.limit],
    }


def timeline_list(con: duckdb.DuckDBPyConnection, query: EventQuery) -> dict[str, Any]:
    """One page of the timeline of the query's selection (a dyad, an actor, or all):
    event mentions in date order, each with its story, every filter applied before the
    events are grouped into stories (:func:`detente.analysis.timeline.timeline`)."""
    flt = analysis_filter(dataclasses.replace(query, counted="stories"))
    pair = query.dyad if query.dyad and not query.directed else None
    found = timeline(
        cursor_store(con),
        dyad=pair,
        flt=flt,
        extra=extra_clauses(query),
        limit=query.limit + 1,
        offset=query.offset,
    )
    entries = found[: query.limit]
    return {
        "counted": "stories",
        "filter": for_pair(flt, pair).describe(),
        "dyad": "-".join(query.dyad) if query.dyad else None,
        "entries": entries,
        "stories": len({e.story_id for e in entries}),
        "offset": query.offset,
        "limit": query.limit,
        "more": len(found) > query.limit,
    }


def dyad_index(
    con: duckdb.DuckDBPyConnection, query: EventQuery, *, sort: str, descending: bool
) -> dict[str, Any]:
    """Every dyad of the selection, sorted by ``sort`` (a key of :data:`DYAD_SORTS`),
    one page of them."""
    rows = dyad_page(cursor_store(con), dataclasses.replace(query, limit=10_000_000, offset=0))
    ordered = sorted(rows.items, key=lambda r: (DYAD_SORTS[sort](r), r.dyad), reverse=descending)
    items = ordered[query.offset : query.offset + query.limit]
    page = Page(items=items, total=len(ordered), limit=query.limit, offset=query.offset)
    starts, activity = dyad_activity(cursor_store(con), flt=analysis_filter(query))
    span = f"{starts[0]:%Y-%m} to {starts[-1]:%Y-%m}" if starts else ""
    sparks = {
        "-".join(r.dyad): sparkline(
            activity.get(r.dyad, ()), label=f"{'-'.join(r.dyad)} per month, {span}"
        )
        for r in items
    }
    return {
        **counting(query),
        "dyads": page,
        "sort": sort,
        "descending": descending,
        "sparks": sparks,
        "span": span,
    }


def country_index(con: duckdb.DuckDBPyConnection, query: EventQuery) -> dict[str, Any]:
    """Every country and body in a dyad or a domestic relation: its name, its counts in
    dyads, its partners and its domestic count, busiest first."""
    store = cursor_store(con)
    flt = analysis_filter(query)
    rows: dict[str, dict[str, Any]] = {}

    def row(code: str) -> dict[str, Any]:
        return rows.setdefault(
            code,
            {"code": code, "name": actor_name(code), "count": 0, "partners": 0, "domestic": 0},
        )

    for dyad in top_dyads(store, flt=flt, limit=None):
        for code in dyad.dyad:
            row(code)["count"] += dyad.events
            row(code)["partners"] += 1
    for relation in domestic_relations(store, flt=flt, limit=None):
        row(relation.country)["domestic"] += relation.summary.events
    ordered = sorted(rows.values(), key=lambda r: (-r["count"] - r["domestic"], r["code"]))
    return {**counting(query), "countries": ordered}


def search(con: duckdb.DuckDBPyConnection, text: str, *, limit: int = 10) -> dict[str, Any]:
    """What a typed text may name (countries, bodies, persons, learned actors) and, when
    it names two ("Azerbaijan and Iran"), their dyad."""
    store = cursor_store(con)
    matches = find_actors(text, store=store, limit=limit) if text.strip() else []
    pair = find_dyad(text, store=store) if text.strip() else None
    dyad = None
    if pair and pair[0].code != pair[1].code:
        dyad = {"dyad": f"{pair[0].code}-{pair[1].code}", "names": [pair[0].name, pair[1].name]}
    elif pair:
        dyad = {"dyad": f"{pair[0].code}-{pair[0].code}", "names": [pair[0].name, pair[0].name]}
    return {"query": text, "matches": matches, "dyad": dyad}


def jsonable(value: Any) -> Any:
    """Records, pages, dates and summaries as plain JSON values."""
    if isinstance(value, DomesticRelation):
        record = dyad_record(value.summary)
        record.update(dyad=value.dyad, country=value.country, sectors=value.label)
        return record
    if isinstance(value, DyadSummary):
        return dyad_record(value)
    if isinstance(value, PeriodRow):
        return period_record(value)
    if isinstance(value, DyadChange):
        return change_record(value)
    if isinstance(value, Coverage):
        return {**dataclasses.asdict(value), "note": value.note()}
    if isinstance(value, Page):
        return {
            "items": [jsonable(i) for i in value.items],
            "total": value.total,
            "limit": value.limit,
            "offset": value.offset,
            "next": value.next,
        }
    if hasattr(value, "to_record"):
        return value.to_record()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
