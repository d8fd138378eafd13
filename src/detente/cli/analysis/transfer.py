"""Commands that move events between the store and files (import, export) and
refresh the materialised stories."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from detente.analysis.stories import refresh_after_write, refresh_stories
from detente.cli.common import DbOption, app, errors, out, settings
from detente.formats import export_store, import_events
from detente.formats.registry import EXPORT_LAYOUTS, IMPORT_LAYOUTS
from detente.store import Store

Layout = Annotated[str, typer.Option("--layout", help=", ".join(IMPORT_LAYOUTS) + ".")]
Dataset = Annotated[
    str | None, typer.Option("--dataset", help="Name the imported rows carry (default: layout).")
]


@app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="The file to import.")],
    layout: Layout = "gdelt",
    dataset: Dataset = None,
    refresh: Annotated[
        bool,
        typer.Option(
            "--refresh-stories/--no-refresh-stories",
            help="Bring the materialised stories up to date after the import "
            "(skip for a series of bulk imports; then run `detente refresh-stories`).",
        ),
    ] = True,
    db: DbOption = None,
) -> None:
    """Import an event file in one of the exchange layouts; all of it lands, or none."""
    cfg = settings(db=db)
    with errors(), Store.from_settings(cfg) as store:
        report = import_events(store, path, layout=layout, dataset=dataset)
        refresh_after_write(store, enabled=refresh)
    out.print(
        f"imported {report.rows} events from {path} ({report.layout}) as dataset {report.dataset}",
        soft_wrap=True,
    )


@app.command("export")
def export_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="The file to write.")],
    layout: Annotated[
        str,
        typer.Option("--layout", help=", ".join(EXPORT_LAYOUTS) + "."),
    ] = "jsonl",
    dataset: Annotated[
        str | None, typer.Option("--dataset", help="Only this dataset's events.")
    ] = None,
    raw: Annotated[
        bool,
        typer.Option(
            "--raw",
            help="Write the coder's rows as stored, ignoring analyst corrections "
            "(by default corrections apply and rejected events are left out).",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Write the store's events to a file in one of the exchange layouts."""
    cfg = settings(db=db)
    with errors(), Store.from_settings(cfg, read_only=True) as store:
        count = export_store(store.con, output, layout=layout, dataset=dataset, corrected=not raw)
    out.print(f"exported {count} events ({layout}) -> {output}", soft_wrap=True)


@app.command("refresh-stories")
def refresh_stories_command(
    full: Annotated[
        bool, typer.Option("--full", help="Rebuild every story, not only changed ones.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Materialise the default story clustering so analyses of a large store run fast."""
    cfg = settings(db=db)
    with errors(), Store.from_settings(cfg) as store:
        report = refresh_stories(store, full=full)
    kind = "full" if report.full else "incremental"
    out.print(
        f"{kind} refresh: {report.stories} stories of {report.events} events "
        f"({report.partitions} partitions clustered)",
        soft_wrap=True,
    )
