"""Files in, files out: imports into the store, exports from it, and event records
written, each through the layout registered under its name.

An import reads and checks the whole file with DuckDB (the first bad row is reported
with its line and column) and lands in one transaction, so a rejected or interrupted
import leaves nothing; imported rows carry their dataset (``events.dataset``) and the
mentions they stand for (``events.mentions``). The materialised stories are the
analyses' business: ``detente import`` refreshes them after the import
(:func:`detente.analysis.stories.refresh_after_write`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import duckdb

from detente.clock import utc_now
from detente.formats.layout import LayoutError, Rows
from detente.formats.lookups import code_tables
from detente.formats.registry import find_layout
from detente.models import EVENT_FIELDS, Event
from detente.store import Store
from detente.store.views import corrected_events


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import added."""

    path: str
    layout: str
    dataset: str
    rows: int


def import_events(
    store: Store, path: Path, *, layout: str, dataset: str | None = None
) -> ImportReport:
    """Import one file in ``layout`` (a layout with a reader); all of it lands, or none.

    Rows already in the store (by event id) are left as they are, so a rerun adds
    nothing. ``dataset`` names the rows (default: the layout's name).
    """
    reader = find_layout(layout, able="stage")
    if reader.stage is None or reader.select is None:
        raise LayoutError(layout, "a layout to import needs a reader")
    if not path.is_file():
        raise LayoutError(path, "no such file")
    name = dataset or layout
    con = store.con
    try:
        code_tables(con)
        reader.stage(con, path)
        rows = _commit(store, path, reader.select, layout, name)
    finally:
        _drop_staged(con)
    return ImportReport(path=str(path), layout=layout, dataset=name, rows=rows)


def export_store(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    layout: str,
    dataset: str | None = None,
    corrected: bool = True,
) -> int:
    """Write the store's events (or one dataset's) to ``path`` in ``layout`` (a layout
    with an export); return how many were written.

    Events are written as the analyst corrected them (rejected ones left out) unless
    ``corrected`` is false, which writes the coder's rows as stored.
    """
    writer = find_layout(layout, able="export")
    if writer.export is None:
        raise LayoutError(layout, "a layout to export needs a writer")
    relation = corrected_events(con) if corrected else "events"
    return writer.export(con, path, Rows(relation, dataset))


def write_events(events: Iterable[Event], out: IO[str] | Path, *, fmt: str = "jsonl") -> int:
    """Write event records to a text stream or a path in ``fmt`` (a layout that writes
    records: jsonl, csv, tsv, parquet); return how many were written."""
    writer = find_layout(fmt, able="write", noun="format")
    if writer.write is None:
        raise LayoutError(fmt, "a format to write needs a writer")
    return writer.write(events, out)


def _commit(store: Store, path: Path, select: str, layout: str, dataset: str) -> int:
    columns = (*EVENT_FIELDS, "dataset", "mentions")
    with store.transaction() as con:
        before = _count(con)
        con.execute(
            f"INSERT OR IGNORE INTO events ({', '.join(columns)}) SELECT * FROM ({select}) AS s",
            [dataset],
        )
        added = _count(con) - before
        digest = hashlib.sha256(f"{path.resolve()}|{dataset}".encode()).hexdigest()[:16]
        con.execute(
            "INSERT OR REPLACE INTO imports (import_id, dataset, layout, path, rows, "
            "imported_at) VALUES (?, ?, ?, ?, ?, ?)",
            [digest, dataset, layout, str(path), added, utc_now()],
        )
    return added


def _count(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(*) FROM events").fetchone()
    return int(row[0]) if row else 0


def _drop_staged(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = 'staged'"
    ).fetchone()
    con.execute(f"DROP {'TABLE' if row and row[0] else 'VIEW'} IF EXISTS temp.staged")
    con.execute("DROP TABLE IF EXISTS temp.raw")
