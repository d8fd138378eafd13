"""Reads behind the web pages and the API: events with the analyst's overrides applied.

The corrections are applied by :func:`detente.store.views.corrected_events`, the
same relation every analysis reads, so a list and a count never disagree about them.

Every function takes a DuckDB connection (one cursor per request) and returns plain
records; the pages and the JSON API are two renderings of the same results. Every
value a user supplies reaches SQL as a bound parameter, never as text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

from detente.analysis.filter import side_sql
from detente.analysis.rollups import keys_fresh
from detente.models import EVENT_FIELDS, Event
from detente.store.views import corrected_events
from detente.web.errors import not_found

FACTUALITIES: tuple[str, ...] = ("asserted", "reported", "hypothetical", "negated", "future")
MAX_LIMIT = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class EventQuery:
    """Which events to list. Countries are ISO alpha-3 (or a body such as NATO)."""

    dyad: tuple[str, str] | None = None
    directed: bool = False
    actor: str | None = None
    event_type: str | None = None
    quad_class: int | None = None
    factuality: tuple[str, ...] = ()
    doc_id: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    text: str | None = None
    include_rejected: bool = True
    counted: str = "stories"
    after: str | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class EventView:
    """An event as the analyst sees it: the coder's record with any correction applied."""

    event: Event
    status: str | None = None
    note: str | None = None

    def to_record(self) -> dict[str, Any]:
        """The flat event record plus ``override`` (null, or its status and note)."""
        record = self.event.to_record()
        record["override"] = {"status": self.status, "note": self.note} if self.status else None
        return record


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One page of a list, with the total that matched."""

    items: list[Any]
    total: int
    limit: int
    offset: int
    next: str | None = None


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the store has this table (an older file may lack the newer ones)."""
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(row and row[0])


def events_source(con: duckdb.DuckDBPyConnection) -> str:
    """Every event with the analyst's overrides applied, rejected ones included (marked by
    ``override_status``): the same corrections every analysis applies."""
    return corrected_events(con, keep_rejected=True, with_status=True)


def event_where(query: EventQuery, *, keys: bool = False) -> tuple[str, list[Any]]:
    """The WHERE clause (possibly empty) and its parameters for a query, over the events
    (or, with ``keys``, over ``event_keys``, whose pair and sides are columns)."""
    clauses: list[str] = []
    params: list[Any] = []
    if query.dyad and keys:
        a, b = query.dyad
        if query.directed:
            clauses.append("source_side = ? AND target_side = ?")
            params += [a, b]
        else:
            clauses.append("country_a = ? AND country_b = ?")
            params += sorted((a, b))
    elif query.dyad:
        a, b = query.dyad
        source, target = side_sql("source", prefix=""), side_sql("target", prefix="")
        # plain country columns decide for most rows; a body's side only where one is missing
        countries = "(source_country = ? AND target_country = ?)"
        one_unknown = "(source_country IS NULL OR target_country IS NULL)"
        bodies = f"({one_unknown} AND {source} = ? AND {target} = ?)"
        if query.directed:
            clauses.append(f"({countries} OR {bodies})")
            params += [a, b, a, b]
        else:
            clauses.append(f"({countries} OR {countries} OR {bodies} OR {bodies})")
            params += [a, b, b, a, a, b, b, a]
    if query.actor:
        clauses.append("(? IN (source_country, target_country, source_actor, target_actor))")
        params.append(query.actor)
    if query.event_type:
        if query.event_type.isdigit():
            clauses.append("starts_with(cameo_code, ?)")
        else:
            clauses.append("event_type = ?")
        params.append(query.event_type)
    if query.quad_class:
        clauses.append("quad_class = ?")
        params.append(query.quad_class)
    if query.factuality:
        clauses.append(f"factuality IN ({', '.join('?' for _ in query.factuality)})")
        params += list(query.factuality)
    if query.doc_id:
        clauses.append("doc_id = ?")
        params.append(query.doc_id)
    if query.since:
        clauses.append("coalesce(date_end, date_start) >= ?")
        params.append(query.since)
    if query.until:
        clauses.append("date_start <= ?")
        params.append(query.until)
    if query.text:
        clauses.append("contains(lower(sentence), ?)")
        params.append(query.text.lower())
    if not query.include_rejected:
        clauses.append("override_status IS DISTINCT FROM 'rejected'")
    if query.after:
        clause, values = after_clause(query.after)
        clauses.append(clause)
        params += values
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


# Newest first; event_id (unique) breaks ties, so a cursor names one place in the order.
LIST_ORDER = "date_start DESC NULLS LAST, event_id"


def cursor_of(event: Event) -> str:
    """The keyset cursor just after this event: ``2023-04-01~<event_id>``."""
    day = event.date_start.isoformat() if event.date_start else ""
    return f"{day}~{event.event_id}"


def after_clause(cursor: str) -> tuple[str, list[Any]]:
    """Events after ``cursor`` in :data:`LIST_ORDER` (the cursor was validated already)."""
    day_text, _, event_id = cursor.partition("~")
    if not day_text:
        return "(date_start IS NULL AND event_id > ?)", [event_id]
    day = dt.date.fromisoformat(day_text)
    return (
        "(date_start < ? OR (date_start = ? AND event_id > ?) OR date_start IS NULL)",
        [day, day, event_id],
    )


def list_events(con: duckdb.DuckDBPyConnection, query: EventQuery) -> Page:
    """One page of events, newest first, with the number that matched.

    Two steps, so that a page reads the wide columns (sentences) of its own rows only:
    the page's ids from the narrow filter and order columns (``event_keys``, sorted by
    pair and date, while it is fresh and no text is searched), then those rows by id.
    ``after`` (a cursor from the previous page's ``next``) pages by key, not by offset.
    """
    source = events_source(con)
    keys = query.text is None and keys_fresh(con)
    narrow = "event_keys" if keys else source
    where, params = event_where(dataclasses.replace(query, after=None), keys=keys)
    total_row = con.execute(f"SELECT count(*) FROM {narrow} {where}", params).fetchone()
    where, params = event_where(query, keys=keys)
    ids = [
        str(r[0])
        for r in con.execute(
            f"SELECT event_id FROM {narrow} {where} ORDER BY {LIST_ORDER} LIMIT ? OFFSET ?",
            [*params, query.limit, query.offset],
        ).fetchall()
    ]
    columns = ", ".join((*EVENT_FIELDS, "override_status", "override_note"))
    # the ids as constants: DuckDB looks a short list up in the primary key's index
    marks = ", ".join("?" for _ in ids) or "NULL"
    rows = con.execute(
        f"SELECT {columns} FROM {source} WHERE event_id IN ({marks}) ORDER BY {LIST_ORDER}",
        ids,
    ).fetchall()
    items = [_view(row) for row in rows]
    more = len(items) == query.limit
    return Page(
        items=items,
        total=int(total_row[0]) if total_row else 0,
        limit=query.limit,
        offset=query.offset,
        next=cursor_of(items[-1].event) if more and items else None,
    )


def all_events(con: duckdb.DuckDBPyConnection, query: EventQuery) -> list[Event]:
    """Up to ``query.limit`` matching events (for downloads), oldest first, overrides applied."""
    where, params = event_where(query)
    columns = ", ".join(EVENT_FIELDS)
    rows = con.execute(
        f"SELECT {columns} FROM {events_source(con)} {where} "
        "ORDER BY date_start NULLS LAST, doc_id, sentence_start, event_id LIMIT ?",
        [*params, query.limit],
    ).fetchall()
    return [Event.from_record(dict(zip(EVENT_FIELDS, row, strict=True))) for row in rows]


def get_event(con: duckdb.DuckDBPyConnection, event_id: str) -> EventView:
    """One event by id, or a 404."""
    columns = ", ".join((*EVENT_FIELDS, "override_status", "override_note"))
    row = con.execute(
        f"SELECT {columns} FROM {events_source(con)} WHERE event_id = ?", [event_id]
    ).fetchone()
    if row is None:
        raise not_found(f"event {event_id!r}", "list events at /api/events")
    return _view(row)


def _view(row: tuple[Any, ...]) -> EventView:
    n = len(EVENT_FIELDS)
    event = Event.from_record(dict(zip(EVENT_FIELDS, row[:n], strict=True)))
    return EventView(event=event, status=row[n], note=row[n + 1])
