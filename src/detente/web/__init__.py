"""The web app and JSON API over a detente store (needs the ``web`` extra).

``create_app`` builds the FastAPI application; ``serve`` runs it with uvicorn,
bound to loopback unless told otherwise. Importing this package is cheap: FastAPI
is imported only when an app is built.
"""

from __future__ import annotations

from detente.web.serve import ServeOptions, check_host, serve

__all__ = ["ServeOptions", "check_host", "create_app", "serve"]


def __getattr__(name: str) -> object:
    if name == "create_app":
        from detente.web.app import create_app  # FastAPI (the optional web extra) on use

        return create_app
    raise AttributeError(name)
