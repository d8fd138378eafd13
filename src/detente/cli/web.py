"""The ``serve`` command: the web app and JSON API over the store."""

from __future__ import annotations

from typing import Annotated

import typer

from detente.cli.common import DbOption, app, errors, out, settings
from detente.web import ServeOptions
from detente.web import serve as run_server


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; beyond loopback needs --allow-remote.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0 picks a free one).")] = 8000,
    allow_writes: Annotated[
        bool,
        typer.Option(
            "--allow-writes",
            help="Allow ingesting and corrections, with the token printed at start-up.",
        ),
    ] = False,
    allow_remote: Annotated[
        bool,
        typer.Option(
            "--allow-remote", help="Allow a --host other than this machine (127.0.0.1, ::1)."
        ),
    ] = False,
) -> None:
    """Open the web app and JSON API over the store (read-only unless --allow-writes)."""
    cfg = settings(db=db)
    options = ServeOptions(
        db=cfg.db,
        host=host,
        port=port,
        allow_writes=allow_writes,
        allow_remote=allow_remote,
        settings=cfg,
    )

    def announce(url: str, token: str | None) -> None:
        out.print(f"detente serving {cfg.db} at {url}  (Ctrl-C to stop)", soft_wrap=True)
        if token:
            out.print(f"write token: {token}", soft_wrap=True)
        else:
            out.print(
                "read-only: restart with --allow-writes to ingest and correct", soft_wrap=True
            )

    with errors():
        run_server(options, announce=announce)
