"""The store's tables, as numbered migrations recorded in ``schema_migrations``.

Migrations are append-only: a new schema change is a new entry at the end of
``MIGRATIONS``; an applied entry is never edited. Running them twice is a no-op.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from detente.models import Event

if TYPE_CHECKING:
    import duckdb


def _event_columns() -> str:
    """The events table's columns, derived from the one definition of ``Event``."""
    columns = []
    for f in dataclasses.fields(Event):
        annotation = str(f.type)
        if "date" in annotation:
            sql_type = "DATE"
        elif annotation.startswith("int"):
            sql_type = "INTEGER"
        elif "float" in annotation:
            sql_type = "DOUBLE"
        else:
            sql_type = "VARCHAR"
        suffix = " PRIMARY KEY" if f.name == "event_id" else ""
        columns.append(f"    {f.name} {sql_type}{suffix}")
    return ",\n".join(columns)


_V1_TABLES = f"""
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,
    text VARCHAR NOT NULL,
    title VARCHAR,
    author VARCHAR,
    date DATE,
    section VARCHAR,
    sitename VARCHAR,
    url VARCHAR,
    language VARCHAR,
    source VARCHAR,
    raw_hash VARCHAR,
    status VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
{_event_columns()}
);
CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id);
CREATE TABLE IF NOT EXISTS mentions (
    doc_id VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    actor VARCHAR NOT NULL,
    country VARCHAR,
    sector VARCHAR,
    name VARCHAR,
    kind VARCHAR,
    rule VARCHAR,
    PRIMARY KEY (doc_id, start_char, end_char)
);
CREATE TABLE IF NOT EXISTS actors (
    name VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    country VARCHAR,
    sector VARCHAR,
    kind VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    first_doc_id VARCHAR,
    first_seen TIMESTAMP NOT NULL,
    PRIMARY KEY (name, code)
);
CREATE TABLE IF NOT EXISTS failures (
    source VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    doc_id VARCHAR,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (source, stage)
);
"""

MIGRATIONS: tuple[tuple[int, str, str], ...] = ((1, "initial tables", _V1_TABLES),)


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the migrations not yet recorded; return the versions applied now."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    rows = con.execute("SELECT version FROM schema_migrations").fetchall()
    done = {int(row[0]) for row in rows}
    applied = []
    for version, name, sql in sorted(MIGRATIONS):
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [version, name, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest applied migration (0 for an empty file)."""
    row = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0]) if row and row[0] is not None else 0
