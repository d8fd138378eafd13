"""The scale commands: ``run`` (local or Ray engine) and ``attach``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from detente.cli.common import DbOption, app, err, errors, out, settings
from detente.scale import attach_output, run_job
from detente.store import Store

if TYPE_CHECKING:
    from detente.scale import RunReport


@app.command()
def run(
    inputs: Annotated[
        list[str],
        typer.Option(
            "--input",
            "-i",
            help="Input file, folder or glob (.jsonl .parquet .warc(.gz) .txt .html ...); repeat.",
        ),
    ],
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", help="Output folder or pyarrow filesystem URI (e.g. s3://b/run)."
        ),
    ],
    engine: Annotated[str, typer.Option(help="local (this process) or ray.")] = "local",
    address: Annotated[
        str | None,
        typer.Option(help="Ray cluster address (ray://HOST:10001, HOST:6379 or auto)."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Ray actors (one CPU each); default all CPUs.")
    ] = None,
    partition_size: Annotated[
        int, typer.Option(help="Records per partition (the unit of work and of resume).")
    ] = 64,
    retries: Annotated[
        int, typer.Option(help="Retries of a partition write that hits a filesystem error.")
    ] = 2,
    raw: Annotated[
        bool, typer.Option("--raw", help="Code JSON records as given, without the cleaner.")
    ] = False,
) -> None:
    """Code a corpus into Parquet datasets DIR/events, DIR/documents, DIR/failures (resumable)."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} partitions"),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
    )
    with errors(), Progress(*columns, console=err) as bar:
        task = bar.add_task(f"coding ({engine})", total=None, counts="")

        def show(report: RunReport) -> None:
            bar.update(
                task, total=report.partitions, completed=report.finished, counts=_counts(report)
            )

        report = run_job(
            inputs,
            output,
            engine=engine,
            address=address,
            workers=workers,
            partition_size=partition_size,
            retries=retries,
            clean=not raw,
            progress=show,
        )
    out.print(
        f"{report.finished} partitions ({report.resumed} resumed), {_counts(report)} "
        f"in {report.seconds:.1f}s -> {output}",
        soft_wrap=True,
    )
    if report.inputs and report.failure_share > 0.5:
        raise typer.Exit(1)


def _counts(report: RunReport) -> str:
    return (
        f"{report.inputs} inputs, {report.documents} documents, "
        f"{report.events} events, {report.failures} failed"
    )


@app.command()
def attach(
    directory: Annotated[
        str, typer.Argument(metavar="DIR", help="Output folder (or URI) of `detente run`.")
    ],
    refresh: Annotated[
        bool,
        typer.Option(
            "--refresh-stories/--no-refresh-stories",
            help="Bring the materialised stories up to date after the attach (skip for a "
            "series of bulk attaches; then run `detente refresh-stories`).",
        ),
    ] = True,
    db: DbOption = None,
) -> None:
    """Import the Parquet output of `detente run` into the store (new partitions only)."""
    cfg = settings(db=db)
    with errors(), Store.from_settings(cfg) as store:
        report = attach_output(store, directory, refresh_stories=refresh)
    out.print(
        f"{report.partitions} partitions attached ({report.already} already), "
        f"{report.documents} documents, {report.events} events, {report.failures} failures "
        f"-> {cfg.db}",
        soft_wrap=True,
    )
