"""The HTML pages: server-rendered (Jinja2, autoescaped), charts as inline SVG."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from detente.models import PLOVER_TYPES
from detente.web import screens
from detente.web.app import Cursor, cached_overview, web_state
from detente.web.catalog import list_actors, list_documents
from detente.web.charts import QUAD_NAMES, network_chart, series_chart
from detente.web.params import (
    CodePath,
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


@router.get("/")
def overview_page(request: Request, con: Cursor) -> Response:
    """Overview: most active dyads, biggest changes, recent events."""
    data = cached_overview(request, con)
    return _page(request, "overview.html", **data)


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
    data = screens.dyad(con, pair, query, period=period)
    title = f"{'-'.join(pair)}: {data['counted']} by {period}"
    chart = series_chart(data["series"], title=title, counted=data["counted"])
    return _page(request, "dyad.html", chart=chart, pair=pair, **data)


@router.get("/domestic/{code}")
def domestic_page(
    request: Request, con: Cursor, code: CodePath, query: Events, period: PeriodQuery = "month"
) -> Response:
    """One country's domestic relations: sector pairs, chart, events."""
    data = screens.domestic(con, code.upper(), query, period=period)
    title = f"{data['country']} domestic: {data['counted']} by {period}"
    chart = series_chart(data["series"], title=title, counted=data["counted"])
    return _page(request, "domestic.html", chart=chart, **data)


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


@router.get("/documents/{doc_id}")
def document_page(request: Request, con: Cursor, doc_id: IdPath) -> Response:
    """The article with its events marked."""
    return _page(request, "document.html", **screens.document(con, doc_id))


@router.get("/actors/{code}")
def actor_page(
    request: Request, con: Cursor, code: CodePath, query: Events, period: PeriodQuery = "month"
) -> Response:
    """One country or body."""
    data = screens.actor(con, code.upper(), query, period=period)
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


@router.get("/kb")
def kb_page(
    request: Request, con: Cursor, q: Text = None, limit: Limit = 100, offset: Offset = 0
) -> Response:
    """Learned actors to confirm or correct."""
    page = list_actors(con, text=q, limit=limit, offset=offset)
    return _page(request, "kb.html", actors=page)
