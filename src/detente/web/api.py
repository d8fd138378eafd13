"""The JSON API: every page's data under ``/api/...``, lists paginated, one error shape."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from detente.analysis.timeline import TimelineEntry
from detente.formats import LAYOUTS, write_events
from detente.web import intake, screens
from detente.web.catalog import list_actors, list_documents
from detente.web.errors import WebError
from detente.web.overrides import correct_actor, correct_event, record_write
from detente.web.params import (
    CODE,
    MAX_DOC_ID,
    Alerting,
    CodePath,
    DocIdPath,
    DyadPath,
    Events,
    FactualityName,
    IdPath,
    IsoDate,
    Limit,
    Offset,
    PeriodQuery,
    RecordFormat,
    RecordFormatQuery,
    Text,
    parse_dyad,
)
from detente.web.queries import all_events, get_event, list_events
from detente.web.relations import counting, dyad_page, series
from detente.web.state import Cursor, WebState, Writer, cached_overview, web_state


class ErrorDetail(BaseModel):
    """What went wrong, for a person and for a script."""

    status: int
    code: str
    message: str
    details: Any = None


class ErrorBody(BaseModel):
    """The one error shape of every endpoint."""

    error: ErrorDetail


_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "Bad request"),
        (401, "Write without the token"),
        (403, "Server is read-only"),
        (404, "Not found"),
        (421, "The Host header names a host this server does not answer to"),
        (422, "Invalid parameter"),
        (503, "The store is being written by an ingest; retry after Retry-After seconds"),
    )
}


def _periods(request: Request) -> int:
    """The most periods a series may have (setting ``max_series_periods``)."""
    return web_state(request).settings.max_series_periods


router = APIRouter(prefix="/api", tags=["api"], responses=_ERRORS)


def _json(data: Any) -> JSONResponse:
    """``data`` as the JSON answer, made JSON-native once (:func:`screens.jsonable`):
    returned as a response, it skips FastAPI's own walk over it (``jsonable_encoder``
    took 10-50 ms on a dyad's answer of a million-event store, more than its queries)."""
    return JSONResponse(screens.jsonable(data))


@router.get("/health", summary="Whether the server answers, its cache and its warm-up")
async def get_health(request: Request) -> JSONResponse:
    """Always answered (never from the cache): the store generation, the answer cache
    (hits, misses, entries, bytes) and how far its warm-up got (``warmup.done``)."""
    state = web_state(request)
    return JSONResponse(
        {
            "status": "ok",
            "generation": state.generation(),
            "cache": dataclasses.asdict(state.responses.stats()),
            "warmup": state.warmup().report(),
        }
    )


@router.get(
    "/overview",
    summary="Most active dyads, biggest changes, recent events",
    response_model=dict[str, Any],
)
def get_overview(request: Request, con: Cursor) -> JSONResponse:
    """The overview page's data (computed once until the server writes)."""
    return _json(cached_overview(request, con))


@router.get("/dyads", summary="Dyads, busiest first", response_model=dict[str, Any])
def get_dyads(
    con: Cursor,
    query: Events,
    min_events: Annotated[
        int, Query(ge=1, le=1_000_000, description="Hide dyads counting fewer.")
    ] = 1,
) -> JSONResponse:
    """Cooperation and conflict per pair of countries, paginated; ``counted`` says whether
    ``count`` counts stories (the default) or mentions (``count=mentions``)."""
    page = dyad_page(screens.cursor_store(con), query, min_count=min_events)
    return _json({**counting(query), **screens.jsonable(page)})


@router.get("/alerts", summary="Relation alerts, strongest first, with their support")
def get_alerts(con: Cursor, query: Events, options: Alerting, period: PeriodQuery = "month") -> Any:
    """Changes against a baseline and records, for every dyad or ``dyad``; each with
    ``current_count``, ``baseline_count``, ``strength`` and its ``message`` in words."""
    data = screens.alert_list(con, query, period=period, **options.arguments())
    return _json(data)


@router.get("/timeline", summary="A timeline: event mentions in date order with their stories")
def get_timeline(con: Cursor, query: Events) -> Any:
    """One page of the timeline of ``dyad`` (or ``actor``, or every event) under the event
    filters, counting asserted and reported events unless ``factuality`` names others;
    ``more`` says whether another page follows (``offset``)."""
    return _json(screens.timeline_list(con, query))


@router.get(
    "/timeline/export",
    summary="Download a timeline as CSV or JSONL",
    response_class=Response,
)
def export_timeline(
    con: Cursor,
    query: Events,
    fmt: Annotated[
        Literal["csv", "jsonl"], Query(alias="format", description="File format.")
    ] = "csv",
    max_rows: Annotated[
        int, Query(ge=1, le=1_000_000, description="At most this many rows (from offset).")
    ] = 100_000,
) -> Response:
    """Every row of the timeline's filter (from ``offset``): the rows its pages show."""
    data = screens.timeline_list(con, dataclasses.replace(query, limit=max_rows))
    records = [screens.jsonable(dataclasses.asdict(e)) for e in data["entries"]]
    stream = io.StringIO()
    if fmt == "jsonl":
        stream.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    else:
        writer = csv.DictWriter(stream, fieldnames=TIMELINE_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
    kind = "text/csv" if fmt == "csv" else "application/x-ndjson"
    headers = {"Content-Disposition": f'attachment; filename="detente-timeline.{fmt}"'}
    return Response(stream.getvalue(), media_type=f"{kind}; charset=utf-8", headers=headers)


TIMELINE_FIELDS = [f.name for f in dataclasses.fields(TimelineEntry)]


@router.get("/search", summary="Countries, bodies and people by name, demonym or code")
def get_search(con: Cursor, q: Text = None, limit: Limit = 10) -> Any:
    """Typeahead over the knowledge base: ``matches`` (``code`` to open, ``name``,
    ``kind``: country, body, person or learned, and the form that ``matched``), and
    ``dyad`` when the text names two (``Azerbaijan and Iran``)."""
    return _json(screens.search(con, q or "", limit=limit))


@router.get("/countries", summary="Countries and bodies with events, busiest first")
def get_countries(con: Cursor, query: Events) -> Any:
    """Each code with its name, its count in dyads, its partners and its domestic count."""
    return _json(screens.country_index(con, query))


@router.get("/dyads/{dyad}", summary="One dyad: totals, series and a page of its events")
def get_dyad(
    request: Request, con: Cursor, dyad: DyadPath, query: Events, period: PeriodQuery = "month"
) -> Any:
    """The dyad page's data; the event filters apply to the totals, the series and the
    timeline (whose events are listed one per row, every factuality unless filtered)."""
    return _json(
        screens.dyad(con, parse_dyad(dyad), query, period=period, max_periods=_periods(request))
    )


@router.get("/dyads/{dyad}/series", summary="A dyad's series by quad class and Goldstein")
def get_dyad_series(
    request: Request, con: Cursor, dyad: DyadPath, query: Events, period: PeriodQuery = "month"
) -> Any:
    """Counts by quad class and Goldstein sum and mean per period (not paginated: one row
    per period)."""
    scoped = dataclasses.replace(query, dyad=parse_dyad(dyad), directed=False)
    store = screens.cursor_store(con)
    rows = series(store, scoped, period=period, max_periods=_periods(request))
    return _json({"dyad": dyad.upper(), **counting(scoped), "period": period, "series": rows})


@router.get("/domestic", summary="Domestic relations (a country's sector pairs), busiest first")
def get_domestic_relations(con: Cursor, query: Events) -> Any:
    """Events with one country on both sides (police against protesters), per country and
    sector pair (``sectors``: state side first); left out of ``/api/dyads``."""
    return _json(screens.domestic_list(con, query))


@router.get("/domestic/{code}", summary="One country's domestic relations and series")
def get_domestic(
    request: Request, con: Cursor, code: CodePath, query: Events, period: PeriodQuery = "month"
) -> Any:
    """A country's sector pairs, its domestic series (in all and per sector pair) and a
    page of its domestic events."""
    return _json(
        screens.domestic(con, code.upper(), query, period=period, max_periods=_periods(request))
    )


@router.get("/events", summary="Events, newest first, filtered and paginated")
def get_events(
    con: Cursor,
    query: Events,
    doc_id: Annotated[
        str | None, Query(max_length=MAX_DOC_ID, description="One document's events.")
    ] = None,
) -> Any:
    """Events with the analyst's corrections applied (``override`` says which)."""
    scoped = dataclasses.replace(query, doc_id=doc_id)
    return _json(list_events(con, scoped))


@router.get(
    "/events/export",
    summary="Download events as a file, in one of the record formats",
    response_class=Response,
)
def export_events(
    con: Cursor,
    query: Events,
    fmt: RecordFormatQuery = RecordFormat["csv"],
    max_rows: Annotated[
        int, Query(ge=1, le=1_000_000, description="At most this many rows (oldest first).")
    ] = 100_000,
) -> Response:
    """All matching events (up to ``max_rows``) as a file, written by the format's layout."""
    scoped = dataclasses.replace(query, limit=max_rows, offset=0)
    rows = all_events(con, scoped)
    layout = LAYOUTS[fmt.value]
    name = f"detente-events.{layout.name}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if not layout.streams:
        with tempfile.TemporaryDirectory(prefix="detente-web-") as folder:
            path = FilePath(folder) / name
            write_events(rows, path, fmt=layout.name)
            body = path.read_bytes()
        return Response(body, media_type=layout.media_type, headers=headers)
    stream = io.StringIO()
    write_events(rows, stream, fmt=layout.name)
    media_type = f"{layout.media_type}; charset=utf-8"
    return Response(stream.getvalue(), media_type=media_type, headers=headers)


@router.get("/events/{event_id}", summary="One event, as corrected")
def get_one_event(con: Cursor, event_id: IdPath) -> Any:
    """One event record with its ``override`` (null when uncorrected)."""
    return _json(get_event(con, event_id).to_record())


@router.get("/events/{event_id}/explain", summary="Why an event was coded")
def get_event_explanation(con: Cursor, event_id: IdPath) -> Any:
    """The event as corrected, and ``explanation`` (what ``detente explain --json``
    gives: trigger, rule, lexicon entry, actor resolution, date basis) or null with
    ``unexplained`` saying why (an imported row, a document the coder no longer codes
    the same way)."""
    data = screens.event(con, event_id)
    return _json(
        {
            "event": data["view"].to_record(),
            "explanation": data["explanation"],
            "unexplained": data["unexplained"] or None,
        }
    )


@router.get("/documents", summary="Documents, newest first")
def get_documents(con: Cursor, q: Text = None, limit: Limit = 50, offset: Offset = 0) -> Any:
    """Stored documents (without their text); ``q`` filters titles."""
    return _json(list_documents(con, text=q, limit=limit, offset=offset))


@router.get("/documents/{doc_id:path}", summary="One document, its events and their marks")
def get_document(con: Cursor, doc_id: DocIdPath) -> Any:
    """The article text, its events, and the marked segments (trigger, source, target)."""
    return _json(screens.document(con, doc_id))


@router.get("/actors", summary="Learned actors (the knowledge base to confirm or correct)")
def get_actors(
    con: Cursor,
    country: Annotated[str | None, Query(pattern=CODE, description="Only this country.")] = None,
    q: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    """Persons and organisations the documents taught the store, with any verdict."""
    code = country.upper() if country else None
    return _json(list_actors(con, country=code, text=q, limit=limit, offset=offset))


@router.get("/actors/{code}", summary="One country or body: partners, series, evidence")
def get_actor(
    request: Request, con: Cursor, code: CodePath, query: Events, period: PeriodQuery = "month"
) -> Any:
    """The actor page's data."""
    data = screens.actor(con, code.upper(), query, period=period, max_periods=_periods(request))
    return _json(data)


@router.get("/network", summary="The cooperation/conflict network of a period")
def get_network(
    con: Cursor,
    query: Events,
    min_events: Annotated[
        int, Query(ge=1, le=1_000_000, description="Hide dyads counting fewer.")
    ] = 1,
) -> Any:
    """Nodes (countries) and edges (dyads with their totals); ``limit`` caps the edges."""
    return _json(screens.network(con, query, min_events=min_events))


class EventCorrection(BaseModel):
    """An analyst's verdict on an event; fields left out keep the coder's value."""

    status: Literal["confirmed", "corrected", "rejected"]
    source_actor: str | None = Field(None, pattern=r"^[A-Z]{2,6}([A-Z]{3})?$")
    target_actor: str | None = Field(None, pattern=r"^[A-Z]{2,6}([A-Z]{3})?$")
    cameo_code: str | None = Field(None, pattern=r"^[0-9]{2,4}$")
    factuality: FactualityName | None = None
    note: str | None = Field(None, max_length=2000)


class ActorCorrection(BaseModel):
    """An analyst's verdict on a learned actor."""

    name: str = Field(max_length=300)
    code: str = Field(max_length=20)
    status: Literal["confirmed", "corrected", "rejected"]
    new_code: str | None = Field(None, pattern=r"^[A-Z]{2,6}([A-Z]{3})?$")
    note: str | None = Field(None, max_length=2000)


class IngestRequest(BaseModel):
    """One of: ``text`` (with ``title``/``date``/``url``), ``path`` on the server, or ``url``."""

    text: str | None = Field(None, max_length=5_000_000)
    title: str | None = Field(None, max_length=1000)
    date: IsoDate | None = None
    url: str | None = Field(None, max_length=2000)
    path: str | None = Field(None, max_length=4000)


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


@router.post("/events/{event_id}/override", summary="Confirm, correct or reject an event")
def post_event_override(
    request: Request, state: Writer, event_id: IdPath, body: EventCorrection
) -> Any:
    """Needs ``--allow-writes`` and the start-up token (header ``X-Detente-Token``)."""
    with state.writing() as store:
        con = store.con.cursor()
        try:
            view = correct_event(con, event_id, client=_client(request), **body.model_dump())
        finally:
            con.close()
    return view.to_record()


@router.post("/actors/override", summary="Confirm, correct or reject a learned actor")
def post_actor_override(request: Request, state: Writer, body: ActorCorrection) -> Any:
    """Needs ``--allow-writes`` and the start-up token."""
    fields = body.model_dump()
    name, code = fields.pop("name"), fields.pop("code")
    with state.writing() as store:
        con = store.con.cursor()
        try:
            return correct_actor(con, name, code, client=_client(request), **fields)
        finally:
            con.close()


@router.post("/ingest", summary="Ingest a pasted article, a server-side file, or a URL")
def post_ingest(request: Request, state: Writer, body: IngestRequest) -> Any:
    """Codes and stores the input; answers with the ingest report."""
    return run_ingest(request, state, body)


def run_ingest(request: Request, state: WebState, body: IngestRequest) -> dict[str, Any]:
    """Ingest one request (the API's JSON or the documents page's form)."""
    cfg = state.settings
    with state.writing() as store:
        if body.text:
            report = intake.ingest_text(
                store, text=body.text, title=body.title, date=body.date, url=body.url, settings=cfg
            )
        elif body.path:
            report = intake.ingest_path(store, path=body.path, settings=cfg)
        elif body.url:
            report = intake.ingest_url(store, url=body.url, settings=cfg)
        else:
            raise WebError("send one of text, path or url")
        result = intake.report_record(report)
        record_write(store.con, "ingest", body.url or body.path or "text", result, _client(request))
    return result
