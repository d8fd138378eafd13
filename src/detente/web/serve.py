"""Running the web app: loopback only unless told, a write token only when writes are on."""

from __future__ import annotations

import ipaddress
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.config import Settings
from detente.errors import ConfigError

LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost"})


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeOptions:
    """How to serve: the store, where to listen, and whether writes are allowed."""

    db: Path
    host: str = "127.0.0.1"
    port: int = 8000
    allow_writes: bool = False
    allow_remote: bool = False
    settings: Settings | None = None


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str, *, allow_remote: bool = False) -> None:
    """Refuse to listen beyond loopback unless ``allow_remote`` says so."""
    if not is_loopback(host) and not allow_remote:
        raise ConfigError(
            f"--host {host}: refusing to listen beyond this machine; the store would be "
            "readable by the network. Add --allow-remote if that is what you want"
        )


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket (port 0 picks a free port).

    Created with ``IPPROTO_TCP`` (not protocol 0), so that asyncio sets TCP_NODELAY on
    every accepted connection: without it a kept-alive connection waits ~40 ms per
    request for delayed acknowledgements.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise ConfigError(
            f"--host {host} --port {port}: cannot listen ({exc}); try another --port"
        ) from exc
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def build_server(options: ServeOptions, *, token: str | None) -> tuple[Any, socket.socket]:
    """A uvicorn server for the app and the socket it will serve (not started yet)."""
    try:
        # FastAPI and uvicorn are the optional web extra: imported when a server is built
        import uvicorn

        from detente.web.app import create_app
    except ImportError as exc:
        raise ConfigError(
            f"the web app needs {exc.name}, which is not installed; run pip install 'detente[web]'"
        ) from None

    check_host(options.host, allow_remote=options.allow_remote)
    app = create_app(
        db=options.db,
        allow_writes=options.allow_writes,
        token=token,
        settings=options.settings,
        hosts=(options.host,),
    )
    sock = bind(options.host, options.port)
    config = uvicorn.Config(app, log_level="warning", access_log=False, timeout_keep_alive=5)
    return uvicorn.Server(config), sock


def serve(options: ServeOptions, *, announce: Callable[[str, str | None], None]) -> None:
    """Serve until interrupted; ``announce(url, token)`` is called once it listens."""
    token = new_token() if options.allow_writes else None
    server, sock = build_server(options, token=token)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in str(host) else str(host)
    announce(f"http://{shown}:{port}/", token)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


def new_token() -> str:
    """A fresh write token, printed at start-up and never stored."""
    return secrets.token_urlsafe(24)
