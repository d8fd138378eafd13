"""What every command module shares: the typer app, consoles and option helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from detente import __version__
from detente.config import Settings, load_settings
from detente.errors import DetenteError

app = typer.Typer(
    help="detente: code news and analysis articles into political event data.",
    no_args_is_help=True,
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="DuckDB store file (default detente.duckdb, or $DETENTE_DB).",
        show_default=False,
    ),
]


@contextmanager
def errors() -> Iterator[None]:
    """Turn a ``DetenteError`` into one red line on stderr and exit status 1."""
    try:
        yield
    except DetenteError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None


def settings(**flags: Any) -> Settings:
    """The merged settings, flags on top."""
    with errors():
        return load_settings(overrides=flags)


def parse_date(value: str | None, flag: str) -> dt.date | None:
    """A YYYY-MM-DD option value, or a usage error naming the flag."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date; use YYYY-MM-DD", param_hint=flag
        ) from None


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    """detente: code news and analysis articles into political event data."""
    if version:
        out.print(f"detente {__version__}")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        out.print(ctx.get_help())
        raise typer.Exit(2)
