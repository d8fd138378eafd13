"""The one error the web layer raises: an HTTP status plus a message a person can act on."""

from __future__ import annotations

from detente.errors import DetenteError


class WebError(DetenteError):
    """A request the web app or the API refuses; ``status`` is the HTTP status to answer."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        code: str = "bad_request",
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.headers = dict(headers or {})


def not_found(what: str, fix: str) -> WebError:
    """A 404 naming what was asked for and where to look instead."""
    return WebError(f"{what} not found; {fix}", status=404, code="not_found")
