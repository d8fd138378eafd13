"""The HTML pages: server-rendered (Jinja2, autoescaped), charts as inline SVG."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError

from detente.analysis.chartspec import QUAD_NAMES, palette_css
from detente.models import PLOVER_TYPES
from detente.web import screens
from detente.web.api import IngestRequest, run_ingest
from detente.web.catalog import list_actors, list_documents
from detente.web.charts import network_chart, series_chart
from detente.web.errors import WebError
from detente.web.params import (
    Alerting,
    CodePath,
    DocIdPath,
    DyadPath,
    Events,
    IdPath,
    Limit,
    Offset,
    PeriodQuery,
    Text,
    parse_dyad,
)
from detente.web.queries import FACTUALITIES, Page, list_events
from detente.web.relations import PERIODS
from detente.web.state import Cursor, cached_overview, check_writer, web_state

templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _page(request: Request, name: str, **context: Any) -> Response:
    context.update(
        writes=web_state(request).allow_writes,
        quad_names=QUAD_NAMES,
        plover_types=PLOVER_TYPES,
        factualities=FACTUALITIES,
        periods=PERIODS,
        args=request.query_params,
        page_link=lambda page, offset: _link(request, page, offset),
    )
    return templates.TemplateResponse(request, name, context)


def _periods(request: Request) -> int:
    return web_state(request).settings.max_series_periods


def _link(request: Request, page: Page, offset: int) -> str:
    """The current URL with another offset (pagination links keep the filters)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
    params.append(("offset", str(max(0, offset))))
    return f"{request.url.path}?{urlencode(params)}"


def render_error(request: Request, *, status: int, message: str) -> Response:
    """An error as a page (the API answers the same error as JSON)."""
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "message": message, "writes": False},
        status_code=status,
    )


@router.get("/palette.css")
def palette_stylesheet() -> Response:
    """The charts' colours as CSS properties, for tables and marks coloured like them."""
    return Response(palette_css(), media_type="text/css", headers={"Cache-Control": "max-age=3600"})


@router.get("/")
def overview_page(request: Request, con: Cursor) -> Response:
    """Overview: most active dyads, biggest changes, recent events."""
    data = cached_overview(request, con)
    return _page(request, "overview.html", **data)


@router.get("/dyads")
def dyads_page(
    request: Request,
    con: Cursor,
    query: Events,
    sort: Annotated[Literal["count", "dyad", "goldstein", "mean", "conflict"], Query()] = "count",
    order: Annotated[Literal["asc", "desc"], Query()] = "desc",
) -> Response:
    """Every dyad, sortable by any column."""
    data = screens.dyad_index(con, query, sort=sort, descending=order == "desc")
    return _page(request, "dyads.html", **data)


@router.get("/alerts")
def alerts_page(
    request: Request, con: Cursor, query: Events, options: Alerting, period: PeriodQuery = "month"
) -> Response:
    """Relation alerts with their support, strongest first, filtered as asked."""
    data = screens.alert_list(con, query, period=period, **options.arguments())
    return _page(request, "alerts.html", options=options, **data)


@router.get("/timeline")
def timeline_page(request: Request, con: Cursor, query: Events) -> Response:
    """A timeline with every filter in its URL: event mentions in date order, by story,
    each opening its event page and its sentence in the article; a CSV of the same rows."""
    data = screens.timeline_list(con, query)
    download = urlencode(
        [(k, v) for k, v in request.query_params.multi_items() if k not in ("limit", "offset")]
    )
    return _page(request, "timeline.html", download=download, **data)


@router.get("/countries")
def countries_page(request: Request, con: Cursor, query: Events) -> Response:
    """Every country and body with events: counts in dyads, partners, domestic events."""
    return _page(request, "countries.html", **screens.country_index(con, query))


@router.get("/search")
def search_page(request: Request, con: Cursor, q: Text = None) -> Response:
    """Countries, bodies and people by name, demonym, capital or code; a pair's dyad."""
    return _page(request, "search.html", **screens.search(con, q or ""))


@router.get("/dyads/{dyad}")
def dyad_page(
    request: Request, con: Cursor, dyad: DyadPath, query: Events, period: PeriodQuery = "month"
) -> Response:
    """One dyad: chart, filters, timeline (one country twice: its domestic relations)."""
    pair = parse_dyad(dyad)
    if pair[0] == pair[1]:
        target = f"/domestic/{pair[0]}"
        if request.url.query:
            target += f"?{request.url.query}"
        return RedirectResponse(target, status_code=307)
    data = screens.dyad(con, pair, query, period=period, max_periods=_periods(request))
    title = f"{'-'.join(pair)}: {data['counted']} by {period}"
    chart = series_chart(data["series"], title=title, counted=data["counted"])
    return _page(request, "dyad.html", chart=chart, pair=pair, **data)


@router.get("/domestic/{code}")
def domestic_page(
    request: Request, con: Cursor, code: CodePath, query: Events, period: PeriodQuery = "month"
) -> Response:
    """One country's domestic relations: sector pairs, chart, events."""
    data = screens.domestic(con, code.upper(), query, period=period, max_periods=_periods(request))
    title = f"{data['country']} domestic: {data['counted']} by {period}"
    chart = series_chart(data["series"], title=title, counted=data["counted"])
    return _page(request, "domestic.html", chart=chart, **data)


@router.get("/events/{event_id}")
def event_page(request: Request, con: Cursor, event_id: IdPath) -> Response:
    """One event: the sentence marked, the rule, the lexicon entry, how each actor was
    resolved and where the date comes from (``detente explain`` in the browser)."""
    return _page(request, "event.html", **screens.event(con, event_id))


@router.get("/events")
def events_page(request: Request, con: Cursor, query: Events) -> Response:
    """Search and filter events; download them."""
    page = list_events(con, query)
    download = urlencode(
        [(k, v) for k, v in request.query_params.multi_items() if k not in ("limit", "offset")]
    )
    return _page(request, "events.html", events=page, download=download)


@router.get("/documents")
def documents_page(
    request: Request, con: Cursor, q: Text = None, limit: Limit = 50, offset: Offset = 0
) -> Response:
    """The stored documents."""
    page = list_documents(con, text=q, limit=limit, offset=offset)
    return _page(request, "documents.html", documents=page)


MAX_FORM_BYTES = 6_000_000


@router.post("/documents")
async def ingest_form(request: Request) -> Response:
    """The article form without JavaScript: a POST (never a GET, which would put the
    article in the URL) with the write token as a form field; back to the list."""
    raw = await request.body()
    if len(raw) > MAX_FORM_BYTES:
        raise WebError(f"the form is larger than {MAX_FORM_BYTES} bytes", status=413)
    fields = {k: v for k, v in parse_qsl(raw.decode("utf-8", "replace")) if v.strip()}
    state = check_writer(request, fields.pop("token", ""))
    try:
        body = IngestRequest.model_validate({k: fields[k] for k in _FORM_FIELDS if k in fields})
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None
    result = await run_in_threadpool(run_ingest, request, state, body)
    done = urlencode({"coded": result["coded"], "events": result["events"]})
    return RedirectResponse(f"/documents?{done}", status_code=303)


_FORM_FIELDS = ("text", "title", "date", "url")


@router.get("/documents/{doc_id:path}")
def document_page(request: Request, con: Cursor, doc_id: DocIdPath) -> Response:
    """The article with its events marked."""
    return _page(request, "document.html", **screens.document(con, doc_id))


@router.get("/actors/{code}")
def actor_page(
    request: Request, con: Cursor, code: CodePath, query: Events, period: PeriodQuery = "month"
) -> Response:
    """One country or body."""
    data = screens.actor(con, code.upper(), query, period=period, max_periods=_periods(request))
    title = f"{code.upper()}: {data['counted']} by {period}"
    chart = series_chart(data["series"], title=title, counted=data["counted"])
    return _page(request, "actor.html", chart=chart, **data)


@router.get("/network")
def network_page(request: Request, con: Cursor, query: Events) -> Response:
    """The cooperation/conflict network of a period."""
    data = screens.network(con, dataclasses.replace(query, limit=max(query.limit, 200)))
    title = f"Cooperation and conflict between countries ({data['counted']})"
    chart = network_chart(data["edges"], title=title)
    return _page(request, "network.html", chart=chart, **data)


@router.get("/api-docs")
def api_page(request: Request) -> Response:
    """The JSON API, readable: every operation, its parameters and what it answers."""
    schema = request.app.openapi()
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {
                    "name": p.get("name", ""),
                    "where": p.get("in", ""),
                    "description": p.get("description")
                    or p.get("schema", {}).get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": params,
                }
            )
    return _page(request, "api.html", operations=operations)


@router.get("/kb")
def kb_page(
    request: Request, con: Cursor, q: Text = None, limit: Limit = 100, offset: Offset = 0
) -> Response:
    """Learned actors to confirm or correct."""
    page = list_actors(con, text=q, limit=limit, offset=offset)
    return _page(request, "kb.html", actors=page)
