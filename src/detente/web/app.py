"""The FastAPI application: pages, the JSON API, one error shape, read-only by default.

A read-only app reads through a :class:`~detente.web.access.ReadGate`, which lets
go of the DuckDB file between requests while `detente ingest` wants it; an app
with writes on holds the store (and its writer lock) for its whole life, every
request reads through its own cursor, and every write goes through one lock.
"""

from __future__ import annotations

import asyncio
import dataclasses
import ipaddress
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from detente import __version__
from detente.analysis.filter import AnalysisError
from detente.config import Settings
from detente.errors import DetenteError
from detente.store import Store
from detente.web import api, views
from detente.web.access import REQUEST_WAIT, ReadGate
from detente.web.errors import WebError
from detente.web.responses import CachedResponses
from detente.web.state import WebState
from detente.web.warmup import Warmer

_HERE = Path(__file__).resolve().parent
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(
    *,
    db: Path | str,
    allow_writes: bool = False,
    token: str | None = None,
    settings: Settings | None = None,
    hosts: tuple[str, ...] = (),
) -> FastAPI:
    """The web app over the store at ``db``; writes need ``allow_writes`` and ``token``.

    ``settings`` gives the limits and allow-lists (``max_series_periods``,
    ``web_allowed_hosts``, ``web_ingest_folders``, ``web_fetch_private``) and the
    response cache's size, the misses computed at once and the warm-up's budget
    (``web_cache_bytes``, ``web_miss_workers``, ``web_warm_dyads``,
    ``web_warm_seconds``); ``hosts``
    are the names the server listens on, answered besides ``localhost`` and addresses.
    """
    if allow_writes and not token:
        raise WebError("writes need a token; pass token=secrets.token_urlsafe()", status=500)
    path = Path(db)
    settings = dataclasses.replace(settings or Settings(), db=path)
    store = Store.from_settings(settings) if allow_writes else None
    gate = None if allow_writes else ReadGate(path, wait=min(settings.lock_wait, REQUEST_WAIT))
    state = WebState(
        db=path, store=store, gate=gate, allow_writes=allow_writes, token=token, settings=settings
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        warming = asyncio.create_task(warmer.run())
        yield
        warming.cancel()
        with suppress(asyncio.CancelledError):
            await warming
        if store is not None:
            store.close()
        if gate is not None:
            gate.close()

    app = FastAPI(
        title="detente",
        version=__version__,
        summary="Coded political events, dyads and their sentences, from a detente store.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.web = state
    warmer = state.warmer = Warmer(
        app,
        generation=state.generation,
        dyads=settings.web_warm_dyads if state.responses.max_bytes else 0,
        seconds=settings.web_warm_seconds,
    )
    app.openapi = lambda: openapi_schema(app)  # type: ignore[method-assign]
    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")
    _install_errors(app)
    _install_headers(app)
    app.add_middleware(
        CachedResponses,
        cache=state.responses,
        generation=state.generation,
        workers=settings.web_miss_workers,
    )
    app.add_middleware(DropEmptyParams)
    app.add_middleware(AllowedHosts, names=(*hosts, *settings.web_allowed_hosts))
    app.include_router(api.router)
    app.include_router(views.router)
    return app


class AllowedHosts:
    """ASGI middleware: answer only requests whose ``Host`` is this server's.

    A page on another site that rebinds its DNS name to 127.0.0.1 makes the browser
    send that name as ``Host``: such requests get 421. Answered: IP addresses,
    ``localhost``, and ``names`` (the host the server listens on and the setting
    ``web_allowed_hosts``), any port.
    """

    def __init__(self, app: ASGIApp, *, names: tuple[str, ...] = ()) -> None:
        self.app = app
        self.names = frozenset({"localhost", *(n.lower().strip("[]") for n in names)})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = dict(scope.get("headers") or ()).get(b"host", b"").decode("latin-1")
            if not self.allowed(host):
                message = (
                    f"host {host[:100]!r} is not served here; add it to the setting "
                    "web_allowed_hosts if this server should answer to that name"
                )
                body = error_body(421, "unknown_host", message)
                await JSONResponse(body, status_code=421)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def allowed(self, host: str) -> bool:
        """Whether a ``Host`` header (name or address, with or without a port) is served."""
        name = host.lower()
        if name.startswith("["):
            name = name[1 : name.find("]")] if "]" in name else name
        elif name.count(":") == 1:
            name = name.partition(":")[0]
        if not name:
            return False
        if name in self.names:
            return True
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True


class DropEmptyParams:
    """ASGI middleware: an empty query parameter (a blank form field) means no filter."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("query_string"):
            pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            kept = urlencode([(k, v) for k, v in pairs if v != ""])
            scope = {**scope, "query_string": kept.encode("latin-1")}
        await self.app(scope, receive, send)


def openapi_schema(app: FastAPI) -> dict[str, Any]:
    """The generated schema, saying that optional query parameters may be sent empty.

    ``DropEmptyParams`` reads a blank value as "no filter", so ``?until=`` is valid
    input; ``allowEmptyValue`` tells schema-driven clients and fuzzers so.
    """
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title, version=app.version, summary=app.summary, routes=app.routes
        )
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                for parameter in operation.get("parameters", ()):
                    if parameter.get("in") == "query" and not parameter.get("required"):
                        parameter["allowEmptyValue"] = True
        app.openapi_schema = schema
    return app.openapi_schema


def error_body(status: int, code: str, message: str, details: Any = None) -> dict[str, Any]:
    """The one error shape of the API."""
    return {"error": {"status": status, "code": code, "message": message, "details": details}}


def _respond(
    request: Request, status: int, code: str, message: str, details: Any = None
) -> Response:
    if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(error_body(status, code, message, details), status_code=status)
    return views.render_error(request, status=status, message=message)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def _web(request: Request, exc: WebError) -> Response:
        response = _respond(request, exc.status, exc.code, str(exc))
        response.headers.update(exc.headers)  # a 503 says when to retry (Retry-After)
        return response

    @app.exception_handler(AnalysisError)
    async def _analysis(request: Request, exc: AnalysisError) -> Response:
        return _respond(request, 422, "invalid_parameter", str(exc))

    @app.exception_handler(DetenteError)
    async def _detente(request: Request, exc: DetenteError) -> Response:
        return _respond(request, 400, "bad_request", str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [
            {"where": ".".join(str(p) for p in err.get("loc", ())), "problem": err.get("msg")}
            for err in exc.errors()
        ]
        first = details[0] if details else {"where": "request", "problem": "invalid"}
        message = f"{first['where']}: {first['problem']}"
        return _respond(request, 422, "invalid_parameter", message, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = str(exc.detail)
        if exc.status_code == 404:
            message = f"{request.url.path}: no such page; the API is described at /openapi.json"
        response = _respond(request, exc.status_code, code, message)
        response.headers.update(exc.headers or {})  # 405 names the allowed methods (Allow)
        return response

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        return _respond(request, 500, "internal", f"internal error ({type(exc).__name__})")


def _install_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = _CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response
