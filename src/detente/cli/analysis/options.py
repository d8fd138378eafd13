"""Options and helpers shared by the analysis commands."""

from __future__ import annotations

import csv
import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from detente.analysis.filter import DEFAULT_FACTUALITY, AnalysisFilter
from detente.cli.common import errors, out, parse_date

if TYPE_CHECKING:
    from detente.analysis.filter import AnalysisFilter

By = Annotated[str, typer.Option("--by", help="Period: week, month, quarter or year.")]
Count = Annotated[str, typer.Option("--count", help="Count stories (default) or every mention.")]
Factuality = Annotated[
    list[str] | None,
    typer.Option(
        "--factuality", help="Factuality to count (repeatable; default asserted and reported)."
    ),
]
DateBasis = Annotated[
    list[str] | None,
    typer.Option(
        "--date-basis",
        help="Only explicit, relative, coreference or publication dates (repeatable).",
    ),
]
Types = Annotated[
    list[str] | None, typer.Option("--type", help="PLOVER type or CAMEO prefix (repeatable).")
]
Sources = Annotated[
    list[str] | None, typer.Option("--source", help="Site name or dataset (repeatable).")
]
Since = Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")]
Until = Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")]
Fmt = Annotated[str, typer.Option("--format", help="table, csv or jsonl.")]
Directed = Annotated[bool, typer.Option(help="Only the first country as source.")]


def make_filter(
    count: str = "stories",
    factuality: list[str] | None = None,
    *,
    date_basis: list[str] | None = None,
    types: list[str] | None = None,
    sources: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
) -> AnalysisFilter:
    """The analysis filter from command-line values (a bad value exits 1 with one line)."""
    with errors():
        return AnalysisFilter(
            factuality=tuple(factuality or DEFAULT_FACTUALITY),
            date_basis=tuple(date_basis or ()),
            event_types=tuple(types or ()),
            sources=tuple(sources or ()),
            since=parse_date(since, "--since"),
            until=parse_date(until, "--until"),
            counted=count,  # type: ignore[arg-type]
        )


def parse_dyad(value: str, flag: str = "DYAD") -> tuple[str, str]:
    """``AZE-ISR`` (or ``AZE/ISR``) as two codes, or a usage error."""
    parts = value.upper().replace("/", "-").split("-")
    if len(parts) != 2 or not all(parts):
        raise typer.BadParameter(
            f"{value!r} is not a dyad; use two codes like AZE-ISR", param_hint=flag
        )
    return parts[0], parts[1]


def print_records(
    records: list[dict[str, Any]], fmt: str, *, title: str, left: tuple[str, ...] = ()
) -> None:
    """Records as a rich table, CSV or JSONL on stdout."""
    if fmt == "jsonl":
        for record in records:
            sys.stdout.write(json.dumps(record, default=str, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        if records:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]))
            writer.writeheader()
            writer.writerows(records)
        return
    out.print(title, soft_wrap=True)
    if not records:
        out.print("(nothing to show)")
        return
    table = Table()
    for key in records[0]:
        table.add_column(key, justify="left" if key in left else "right", no_wrap=key in left)
    for record in records:
        table.add_row(*(_cell(v) for v in record.values()))
    out.print(table)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:+.1f}" if value else "0"
    return "" if value is None else str(value)
