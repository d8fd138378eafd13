"""``detente kb ...``: list, show, add, edit, remove, import and export knowledge-base entries."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from detente.actors.knowledge import KbEntry, KnowledgeBaseError
from detente.actors.store_kb import (
    edit_entry,
    entries,
    export_text,
    get_entry,
    import_path,
    load_kb,
    remove_entry,
    save_entries,
    validate_codes,
)
from detente.cli.common import DbOption, app, errors, out, parse_date, settings
from detente.store import Store

if TYPE_CHECKING:
    from detente.actors.knowledge import KbEntry

kb_app = typer.Typer(
    help="The actor knowledge base: what documents taught detente, and what you told it.",
    no_args_is_help=True,
)
app.add_typer(kb_app, name="kb")

RefArg = Annotated[str, typer.Argument(help="Entry id (see `detente kb list`) or exact name.")]
CountryOpt = Annotated[
    str | None, typer.Option(help="Country (ISO alpha-3, e.g. AZE) or body code (NATO).")
]
SectorOpt = Annotated[str | None, typer.Option(help="Sector code, e.g. GOV, MIL, SPY, LEG.")]
RoleOpt = Annotated[str | None, typer.Option(help="Role, e.g. 'defense minister'.")]
AliasOpt = Annotated[
    list[str] | None, typer.Option("--alias", help="Another name (repeat for more).")
]
StartOpt = Annotated[str | None, typer.Option(help="First day in the role (YYYY-MM-DD).")]
EndOpt = Annotated[str | None, typer.Option(help="Last day in the role (YYYY-MM-DD).")]


@kb_app.command("list")
def list_entries(
    db: DbOption = None,
    status: Annotated[
        str | None, typer.Option(help="learned, confirmed, user or imported.")
    ] = None,
    country: Annotated[str | None, typer.Option(help="Only this country code.")] = None,
    name: Annotated[str | None, typer.Option(help="Names containing this text.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 200,
) -> None:
    """List the knowledge-base entries in the store."""
    cfg = settings(db=db)
    with errors(), Store.from_settings(cfg) as store:
        found = entries(store, status=status, country=country, name=name)
    table = Table(title=f"Knowledge base ({len(found)} entries)")
    for column in ("id", "name", "actor", "role", "from", "to", "status", "evidence"):
        table.add_column(column)
    for e in found[:limit]:
        table.add_row(
            e.entry_id,
            e.name,
            e.code,
            e.role or "",
            e.start.isoformat() if e.start else "",
            e.end.isoformat() if e.end else "",
            e.status,
            str(len(e.evidence)),
        )
    out.print(table)


@kb_app.command()
def show(
    ref: Annotated[str, typer.Argument(help="Entry id, or a name to look up.")],
    db: DbOption = None,
    date: Annotated[
        str | None, typer.Option(help="Resolve the name as of this date (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Show an entry with its evidence, or what a name resolves to on a date."""
    when = parse_date(date, "--date")
    cfg = settings(db=db)
    with errors(), Store.from_settings(cfg) as store:
        entry: KbEntry | None
        try:
            entry = get_entry(store, ref) if when is None else None
        except KnowledgeBaseError:
            entry = None
        if entry is None:
            entry = load_kb(store).lookup(ref, date=when)
        if entry is None:
            raise KnowledgeBaseError(
                f"{ref!r} is not in the knowledge base{f' on {when}' if when else ''}; "
                "add it with `detente kb add`"
            )
        if entry.status != "reference":
            entry = get_entry(store, entry.entry_id)
    _print_entry(entry)


def _print_entry(e: KbEntry) -> None:
    term = f"{e.start or '...'} to {e.end or '...'}"
    out.print(f"[bold]{e.name}[/bold]  {e.code}  {e.role or ''}  ({e.status}, id {e.entry_id})")
    out.print(f"  term: {term}; kind: {e.kind}; source: {e.source or ''}")
    if e.aliases:
        out.print(f"  aliases: {', '.join(e.aliases)}")
    for ev in e.evidence:
        out.print(f"  evidence: {ev.doc_id} ({ev.date or 'undated'}): {ev.sentence}")


@kb_app.command()
def add(
    name: Annotated[str, typer.Argument(help="The actor's full name.")],
    db: DbOption = None,
    country: CountryOpt = None,
    sector: SectorOpt = None,
    role: RoleOpt = None,
    alias: AliasOpt = None,
    start: StartOpt = None,
    end: EndOpt = None,
) -> None:
    """Add an entry by hand (status user)."""
    cfg = settings(db=db)
    with errors():
        codes = validate_codes(country=country, sector=sector, required=True)
        entry = KbEntry(
            name=" ".join(name.split()),
            country=codes[0],
            sector=codes[1],
            role=role,
            aliases=tuple(alias or ()),
            start=parse_date(start, "--start"),
            end=parse_date(end, "--end"),
            status="user",
            source="cli",
        )
        with Store.from_settings(cfg) as store:
            save_entries(store, [entry])
    out.print(f"added {entry.entry_id}: {entry.name} {entry.code}")


@kb_app.command()
def edit(
    ref: RefArg,
    db: DbOption = None,
    name: Annotated[str | None, typer.Option(help="A corrected name.")] = None,
    country: CountryOpt = None,
    sector: SectorOpt = None,
    role: RoleOpt = None,
    alias: AliasOpt = None,
    start: StartOpt = None,
    end: EndOpt = None,
) -> None:
    """Correct an entry; a learned entry becomes confirmed (edit with no option confirms it)."""
    cfg = settings(db=db)
    with errors():
        codes = validate_codes(country=country, sector=sector, required=False)
        with Store.from_settings(cfg) as store:
            entry = edit_entry(
                store,
                ref,
                name=name,
                country=codes[0],
                sector=codes[1],
                role=role,
                aliases=tuple(alias) if alias else None,
                start=parse_date(start, "--start"),
                end=parse_date(end, "--end"),
            )
    out.print(f"{entry.status} {entry.entry_id}: {entry.name} {entry.code}")


@kb_app.command()
def remove(ref: RefArg, db: DbOption = None) -> None:
    """Delete an entry and its evidence."""
    cfg = settings(db=db)
    with errors(), Store.from_settings(cfg) as store:
        entry = remove_entry(store, ref)
    out.print(f"removed {entry.entry_id}: {entry.name} {entry.code}")


@kb_app.command("import")
def import_file(
    path: Annotated[Path, typer.Argument(help="A PETRARCH/Phoenix .actors file or a CSV.")],
    db: DbOption = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="actors or csv (default: from the suffix).")
    ] = None,
    skip_bad: Annotated[
        bool, typer.Option(help="Import the good entries and list the malformed lines.")
    ] = False,
) -> None:
    """Import entries in one transaction; a malformed line stops it, naming the line."""
    cfg = settings(db=db)
    with errors(), Store.from_settings(cfg) as store:
        parsed = import_path(store, path, fmt=fmt, skip_bad=skip_bad)
    for line in parsed.skipped:
        out.print(f"skipped {line}")
    out.print(f"imported {len(parsed.entries)} entries from {path}")


@kb_app.command()
def export(
    path: Annotated[str, typer.Argument(help="Output file, or - for stdout.")] = "-",
    db: DbOption = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv or actors (default: from the suffix).")
    ] = None,
    status: Annotated[str | None, typer.Option(help="Only entries with this status.")] = None,
) -> None:
    """Export the store's entries as CSV or a PETRARCH .actors file."""
    cfg = settings(db=db)
    kind = fmt or ("actors" if path.endswith((".actors", ".txt")) else "csv")
    with errors(), Store.from_settings(cfg) as store:
        text = export_text(store, fmt=kind, status=status)
    if path == "-":
        sys.stdout.write(text)
    else:
        Path(path).write_text(text, encoding="utf-8")
        out.print(f"wrote {path}")
