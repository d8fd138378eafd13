"""The core commands: ingest, code, events, failures, extract, time, actors."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from detente.actors import find_mentions
from detente.cli.common import DbOption, app, err, errors, out, parse_date, settings
from detente.errors import IngestError
from detente.events.code import document_mentions
from detente.formats import RECORD_FORMATS, STREAM_FORMATS, write_events
from detente.ingest import extract_path
from detente.jobs import JobReport, code_lines, ingest_sources
from detente.models import Document, Event, Failure
from detente.store import EventFilter, Store
from detente.temporal import find_times

# The --format choices, from the formats registry (a binary format needs a file).
_RECORD_FORMATS_HELP = (
    ", ".join(f if f in STREAM_FORMATS else f"{f} (with -o FILE)" for f in RECORD_FORMATS) + "."
)
_STREAM_FORMATS_HELP = ", ".join(("table", *STREAM_FORMATS)) + "."


@app.command()
def ingest(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SOURCE...",
            help="Files, folders, URLs, URL lists (.urls), feeds (URL, .rss, .atom), "
            "WARC archives (.warc, .warc.gz) and - for stdin, in any mix.",
        ),
    ] = None,
    db: DbOption = None,
    encoding: Annotated[
        str | None, typer.Option(help="Decode text files with this encoding instead of UTF-8.")
    ] = None,
    batch_size: Annotated[int | None, typer.Option(help="Documents coded per batch.")] = None,
    near_dup_threshold: Annotated[
        float | None,
        typer.Option(
            help="Estimated word-shingle similarity (0-1] from which a text is a near "
            "duplicate of a stored one (default 0.8)."
        ),
    ] = None,
    retry_failed: Annotated[
        bool, typer.Option(help="Also read again every input recorded in `detente failures`.")
    ] = False,
    refresh: Annotated[
        bool,
        typer.Option(
            "--refresh-stories/--no-refresh-stories",
            help="Bring the materialised stories up to date after the run (skip for a "
            "series of bulk loads; then run `detente refresh-stories`).",
        ),
    ] = True,
) -> None:
    """Ingest sources into the store, skip duplicates and code the events (reruns are no-ops).

    Exit status: 0 when every input was ingested, 3 when some failed (each is listed,
    and kept for `detente failures` and `--retry-failed`), 1 when more than half failed.
    """
    if not sources and not retry_failed:
        raise typer.BadParameter("give at least one SOURCE, or --retry-failed")
    cfg = settings(
        db=db, encoding=encoding, batch_size=batch_size, near_dup_threshold=near_dup_threshold
    )
    with (
        errors(),
        Store.from_settings(cfg) as store,
        Progress(*_bar_columns(), console=err) as bar,
    ):
        task = bar.add_task("ingesting", total=None, counts="")

        def show(report: JobReport) -> None:
            bar.update(
                task,
                completed=report.inputs,
                counts=f"{report.coded} coded, {report.duplicates} dup, {report.failed} failed",
            )

        report = ingest_sources(
            sources or [],
            store,
            encoding=cfg.encoding,
            batch_size=cfg.batch_size,
            progress=show,
            near_dup_threshold=cfg.near_dup_threshold,
            max_bytes=cfg.max_input_bytes,
            fetch=cfg.fetch_options(),
            retry_failed=retry_failed,
            limits=cfg.run_limits(),
            share_store=True,
            refresh_stories=refresh,
        )
    for failure in report.failures:
        err.print(f"[red]failed:[/red] {escape(failure.source)}: {escape(failure.reason)}")
    out.print(f"{_counts(report)} -> {cfg.db}", soft_wrap=True)
    if report.failed:
        raise typer.Exit(1 if report.failure_share > 0.5 else 3)


def _bar_columns() -> tuple[Any, ...]:
    return (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} inputs"),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
    )


def _counts(report: Any) -> str:
    counts = report.counts()
    del counts["inputs"]
    return ", ".join(f"{n} {_COUNT_WORDS.get(name, name)}" for name, n in counts.items())


_COUNT_WORDS = {"duplicates": "duplicate"}


@app.command()
def code(
    input_file: Annotated[
        str, typer.Argument(metavar="IN.jsonl", help="JSONL documents; - for stdin.")
    ],
    output: Annotated[
        str, typer.Option("-o", "--output", help="Where to write events; - for stdout.")
    ] = "-",
    fmt: Annotated[str, typer.Option("--format", help=_RECORD_FORMATS_HELP)] = "jsonl",
    raw: Annotated[
        bool, typer.Option("--raw", help="Code the text as given, without the cleaner.")
    ] = False,
) -> None:
    """Code JSONL documents ({"id", "text", "date"?, "title"?, "url"?}) into event records."""
    report = JobReport()
    with errors():
        lines = _open_lines(input_file)
        events = code_lines(
            lines,
            source=input_file if input_file != "-" else "<stdin>",
            clean=not raw,
            report=report,
        )
        if output == "-":
            write_events(events, sys.stdout, fmt=fmt)
        else:
            write_events(events, Path(output), fmt=fmt)
    for failure in report.failures:
        err.print(f"[red]failed:[/red] {escape(failure.source)}: {escape(failure.reason)}")
    err.print(_counts(report))
    if report.failed:
        raise typer.Exit(1 if report.failure_share > 0.5 else 3)


def _open_lines(name: str) -> Iterator[str]:
    if name == "-":
        yield from sys.stdin
        return
    path = Path(name)
    if not path.is_file():
        raise IngestError(name, "no such file")
    with path.open(encoding="utf-8", errors="strict") as stream:
        try:
            yield from stream
        except UnicodeDecodeError as exc:
            raise IngestError(
                name, f"not valid UTF-8 at byte {exc.start}; re-save it as UTF-8"
            ) from None


@app.command()
def events(
    db: DbOption = None,
    dyad: Annotated[
        str | None, typer.Option(help="Two country codes, e.g. ISR-AZE (both directions).")
    ] = None,
    directed: Annotated[
        bool, typer.Option(help="Only the first country of --dyad as source.")
    ] = False,
    actor: Annotated[
        str | None, typer.Option(help="Country or actor code on either side, e.g. IRN or IRNSPY.")
    ] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="PLOVER type (ASSAULT) or CAMEO prefix (19).")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Events on or after this date (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Events on or before this date (YYYY-MM-DD).")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    fmt: Annotated[str, typer.Option("--format", help=_STREAM_FORMATS_HELP)] = "table",
    raw: Annotated[
        bool,
        typer.Option(
            "--raw",
            help="The coder's rows as stored, ignoring analyst corrections "
            "(by default corrections apply and rejected events are left out).",
        ),
    ] = False,
) -> None:
    """List stored events, filtered by dyad, actor, type and date."""
    cfg = settings(db=db)
    flt = EventFilter(
        dyad=_parse_dyad(dyad),
        directed=directed,
        actor=actor,
        event_type=event_type,
        since=parse_date(since, "--since"),
        until=parse_date(until, "--until"),
        limit=limit,
    )
    with errors(), Store.from_settings(cfg, read_only=True) as store:
        rows = store.events(flt, corrected=not raw)
        if fmt == "table":
            out.print(event_table(rows))
        else:
            write_events(rows, sys.stdout, fmt=fmt)


def _parse_dyad(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = value.upper().replace("/", "-").split("-")
    if len(parts) != 2 or not all(parts):
        raise typer.BadParameter(
            f"{value!r} is not a dyad; use two codes like ISR-AZE", param_hint="--dyad"
        )
    return parts[0], parts[1]


def event_table(rows: list[Event], *, title: str | None = None) -> Table:
    """Events as a rich table: when, who, what, to whom, and the sentence."""
    table = Table(title=title, show_lines=True)
    for name in ("date", "source", "type", "cameo", "target", "factuality", "sentence"):
        table.add_column(name, overflow="fold", ratio=4 if name == "sentence" else None)
    for e in rows:
        when = e.date_start.isoformat() if e.date_start else "?"
        if e.date_granularity == "month" and e.date_start:
            when = e.date_start.strftime("%Y-%m")
        elif e.date_granularity in ("year", "range") and e.date_start and e.date_end:
            when = (
                f"{e.date_start.year}"
                if e.date_start.year == e.date_end.year
                else f"{e.date_start.year}-{e.date_end.year}"
            )
        table.add_row(
            when,
            e.source_actor or "-",
            e.event_type or "-",
            e.cameo_code,
            e.target_actor or "-",
            e.factuality,
            e.sentence,
        )
    return table


@app.command()
def failures(
    db: DbOption = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="table (a rich table) or tsv (source, stage, reason; one line each); "
            "default: table on a terminal, tsv when piped.",
        ),
    ] = None,
) -> None:
    """List the inputs that could not be ingested or coded, with the reason."""
    cfg = settings(db=db)
    chosen = fmt or ("table" if out.is_terminal else "tsv")
    if chosen not in ("table", "tsv"):
        raise typer.BadParameter(
            f"{fmt!r} is not a format; use table or tsv", param_hint="--format"
        )
    with errors(), Store.from_settings(cfg, read_only=True) as store:
        rows = store.failures()
    if chosen == "table":
        out.print(failure_table(rows))
    else:
        for f in rows:
            sys.stdout.write("\t".join(_one_line(v) for v in (f.source, f.stage, f.reason)) + "\n")
        sys.stdout.flush()
    err.print(f"{len(rows)} failure(s)")


def failure_table(rows: list[Failure]) -> Table:
    """Failures as a rich table; long sources and reasons fold inside their cells."""
    table = Table(show_lines=False)
    table.add_column("source", overflow="fold", ratio=2)
    table.add_column("stage", no_wrap=True)
    table.add_column("reason", overflow="fold", ratio=3)
    for f in rows:
        table.add_row(escape(f.source), f.stage, escape(f.reason))
    return table


def _one_line(value: str) -> str:
    return " ".join(value.replace("\t", " ").split())


@app.command()
def extract(
    path: Annotated[Path, typer.Argument(help="An HTML, text or Markdown file (.gz too).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    encoding: Annotated[
        str | None, typer.Option(help="Decode with this encoding instead of UTF-8.")
    ] = None,
) -> None:
    """Extract the article text and metadata (title, author, date, section, ...) from a file."""
    with errors():
        result = extract_path(path, encoding=encoding)
    record = result.to_json_dict()
    if as_json:
        out.print_json(json.dumps(record, ensure_ascii=False))
        return
    for key in ("title", "author", "date", "section", "sitename", "url", "language"):
        if record.get(key):
            out.print(f"[bold]{key}:[/bold] {record[key]}")
    out.print()
    out.print(record["text"])


@app.command()
def time(
    text: Annotated[str, typer.Argument(help="Text holding temporal expressions.")],
    anchor: Annotated[
        str | None, typer.Option(help="Publication date to resolve against (YYYY-MM-DD).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Find and normalise the temporal expressions in a text (TIMEX3 values)."""
    anchor_date = parse_date(anchor, "--anchor") or dt.date.today()
    with errors():
        found = find_times(text, anchor=anchor_date)
    records = [
        {
            "text": t.text,
            "start": t.start,
            "end": t.end,
            "type": t.type,
            "value": t.value,
            "date_start": t.date_start.isoformat() if t.date_start else None,
            "date_end": t.date_end.isoformat() if t.date_end else None,
            "granularity": t.granularity,
            "basis": t.basis,
            "anchored_by": t.anchored_by,
            "reason": t.reason,
        }
        for t in found
    ]
    _print_records(records, as_json, title="Temporal expressions")


@app.command()
def actors(
    text: Annotated[
        str, typer.Argument(help="Text mentioning countries, organisations and people.")
    ],
    date: Annotated[
        str | None, typer.Option(help="Date the text speaks of, for dated roles (YYYY-MM-DD).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Resolve the actor mentions in a text to country and sector codes."""
    when = parse_date(date, "--date")
    with errors():  # text in one case is read as the coder reads it
        found = document_mentions(Document(doc_id="", text=text, date=when), find_mentions)
    records = [
        {
            "text": m.text,
            "start": m.start,
            "end": m.end,
            "actor": m.actor,
            "country": m.country,
            "sector": m.sector,
            "name": m.name,
            "role": m.role,
        }
        for m in found
    ]
    _print_records(records, as_json, title="Actor mentions")


def _print_records(records: list[dict[str, Any]], as_json: bool, *, title: str) -> None:
    if as_json:
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=title)
    for key in records[0] if records else ("text",):
        table.add_column(key)
    for record in records:
        table.add_row(*("" if v is None else str(v) for v in record.values()))
    out.print(table)
