"""Imports of public event datasets into the store, next to detente's own events.

Layouts: ``gdelt`` (GDELT 2.0 event export, 61 tab-separated columns, no header)
and ``parquet`` (detente's own event Parquet). Rows are read and checked by
DuckDB; the first bad row is reported with its line and column; the whole file
lands in one transaction, so a rejected or interrupted import leaves nothing.
Imported rows are marked with their dataset (``events.dataset``) and GDELT's
NumMentions is kept (``events.mentions``), so analyses can count mentions.

GDELT traps handled: actor country codes are CAMEO (ISO alpha-3 like) codes, but
the geography fields use FIPS 10-4 codes ("IS" is Israel, not Iceland; "AJ" is
Azerbaijan); these are mapped to ISO alpha-3 through a packaged table.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from detente.errors import StoreError
from detente.models import EVENT_FIELDS
from detente.store.duck import Store

IMPORT_LAYOUTS: tuple[str, ...] = ("gdelt", "parquet")

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{i}{c}" for i in (1, 2) for c in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

_DATA = Path(__file__).resolve().parent.parent / "analysis" / "data"


class DatasetImportError(StoreError):
    """A file could not be imported; the message names the line and column."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import added."""

    path: str
    layout: str
    dataset: str
    rows: int


@cache
def fips_to_iso3() -> dict[str, str]:
    """FIPS 10-4 country code -> ISO alpha-3, from the packaged table."""
    with (_DATA / "fips_iso3.csv").open(encoding="utf-8") as stream:
        return {row["fips"]: row["iso3"] for row in csv.DictReader(stream)}


def import_events(
    store: Store, path: Path, *, layout: str, dataset: str | None = None
) -> ImportReport:
    """Import one file in ``layout``; all of it lands, or none of it."""
    if layout not in IMPORT_LAYOUTS:
        raise DatasetImportError(
            f"{path}: unknown layout {layout!r}; use {', '.join(IMPORT_LAYOUTS)}"
        )
    if not path.is_file():
        raise DatasetImportError(f"{path}: no such file")
    name = dataset or ("gdelt" if layout == "gdelt" else "parquet")
    con = store.con
    try:
        if layout == "gdelt":
            _stage_gdelt(con, path)
        else:
            _stage_parquet(con, path)
        rows = _commit(store, path, layout, name)
    finally:
        con.execute("DROP VIEW IF EXISTS temp.staged")
    return ImportReport(path=str(path), layout=layout, dataset=name, rows=rows)


def _read_error(path: Path, exc: duckdb.Error) -> DatasetImportError:
    first = str(exc).splitlines()[0]
    return DatasetImportError(f"{path}: cannot read it as this layout ({first})")


def _stage_gdelt(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """A view over the file (read where it is used: checking and inserting stream it)."""
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(GDELT_COLUMNS) + 1))
    literal = str(path).replace("'", "''")
    con.execute(
        "CREATE OR REPLACE TEMP VIEW staged AS SELECT row_number() OVER () AS line, * "
        f"FROM read_csv('{literal}', delim = '\t', header = false, quote = '', escape = '', "
        f"null_padding = true, columns = {{{columns}}}, auto_detect = false)"
    )
    try:
        _check_gdelt(con, path)
    except duckdb.Error as exc:
        raise _read_error(path, exc) from None


_GDELT_CHECKS: tuple[tuple[int, str, str], ...] = (
    (60, "c60 IS NULL", "the row has fewer than 61 tab-separated columns"),
    (62, "c61 IS NOT NULL", "the row has more than 61 tab-separated columns"),
    (1, "NOT regexp_full_match(coalesce(c0, ''), '[0-9]+')", "GLOBALEVENTID is not a number"),
    (2, "try_strptime(c1, '%Y%m%d') IS NULL", "SQLDATE is not a YYYYMMDD date"),
    (27, "NOT regexp_full_match(coalesce(c26, ''), '[0-9]{2,4}')", "EventCode is not CAMEO"),
    (30, "coalesce(c29, '') NOT IN ('1', '2', '3', '4')", "QuadClass is not 1-4"),
    (31, "try_cast(c30 AS DOUBLE) NOT BETWEEN -10 AND 10 OR try_cast(c30 AS DOUBLE) IS NULL",
     "GoldsteinScale is not a number from -10 to 10"),
    (8, "c7 <> '' AND NOT regexp_full_match(c7, '[A-Z]{3}')", "Actor1CountryCode is not 3 letters"),
    (18, "c17 <> '' AND NOT regexp_full_match(c17, '[A-Z]{3}')",
     "Actor2CountryCode is not 3 letters"),
)  # fmt: skip


def _check_gdelt(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    for column, condition, why in _GDELT_CHECKS:
        row = con.execute(
            f"SELECT line, c{min(column - 1, 61)} FROM temp.staged WHERE {condition} "
            "ORDER BY line LIMIT 1"
        ).fetchone()
        if row:
            name = GDELT_COLUMNS[column - 1] if column <= len(GDELT_COLUMNS) else "(extra)"
            shown = "" if row[1] is None else f" (value {str(row[1])[:40]!r})"
            raise DatasetImportError(
                f"{path}: line {row[0]}, column {column} {name}: {why}{shown}; "
                "is this a GDELT 2.0 event export (61 columns, no header)?"
            )


def _stage_parquet(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    literal = str(path).replace("'", "''")
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW staged AS SELECT * FROM read_parquet('{literal}')"
        )
    except duckdb.Error as exc:
        raise _read_error(path, exc) from None
    present = {str(r[0]) for r in con.execute("DESCRIBE temp.staged").fetchall()}
    missing = [f for f in EVENT_FIELDS if f not in present]
    if missing:
        raise DatasetImportError(
            f"{path}: missing columns {', '.join(missing)}; export with "
            "`detente events --format parquet` or `detente code --format parquet`"
        )
    for column in ("date_start", "date_end"):
        row = con.execute(
            f"SELECT row_number, {column} FROM (SELECT row_number() OVER () AS row_number, * "
            f"FROM temp.staged) WHERE {column} IS NOT NULL "
            f"AND try_cast({column} AS DATE) IS NULL LIMIT 1"
        ).fetchone()
        if row:
            raise DatasetImportError(
                f"{path}: row {row[0]}, column {column}: {row[1]!r} is not a YYYY-MM-DD date"
            )


def _commit(store: Store, path: Path, layout: str, dataset: str) -> int:
    select = _gdelt_select() if layout == "gdelt" else _parquet_select()
    columns = (*EVENT_FIELDS, "dataset", "mentions")
    with store.transaction() as con:
        if layout == "gdelt":
            _lookup_tables(con)
        before = _count(con)
        con.execute(
            f"INSERT OR IGNORE INTO events ({', '.join(columns)}) SELECT * FROM ({select}) AS s",
            [dataset],
        )
        added = _count(con) - before
        digest = hashlib.sha256(f"{path.resolve()}|{dataset}".encode()).hexdigest()[:16]
        con.execute(
            "INSERT OR REPLACE INTO imports VALUES (?, ?, ?, ?, ?, ?)",
            [
                digest,
                dataset,
                layout,
                str(path),
                added,
                dt.datetime.now(dt.UTC).replace(tzinfo=None),
            ],
        )
    return added


def _count(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(*) FROM events").fetchone()
    return int(row[0]) if row else 0


def _lookup_tables(con: duckdb.DuckDBPyConnection) -> None:
    from detente.events.lexicon import cameo_table

    con.execute("CREATE OR REPLACE TEMP TABLE fips (fips VARCHAR, iso3 VARCHAR)")
    con.executemany("INSERT INTO temp.fips VALUES (?, ?)", list(fips_to_iso3().items()))
    con.execute("CREATE OR REPLACE TEMP TABLE plover (code VARCHAR, type VARCHAR, mode VARCHAR)")
    con.executemany(
        "INSERT INTO temp.plover VALUES (?, ?, ?)",
        [[c.code, c.plover_type, c.plover_mode] for c in cameo_table().values()],
    )


_DAY = "CAST(strptime(s.c1, '%Y%m%d') AS DATE)"

# Event field -> SQL over the staged GDELT columns (c0 is GLOBALEVENTID, c60 SOURCEURL);
# a field not named here is NULL, so a field added to Event later cannot shift columns.
_GDELT_FIELDS: dict[str, str] = {
    "event_id": "'gdelt:' || s.c0",
    "doc_id": "'gdelt:' || s.c0",
    "sentence_index": "0",
    "sentence": "''",
    "sentence_start": "0",
    "sentence_end": "0",
    "trigger_text": "''",
    "source_text": "nullif(s.c6, '')",
    "source_actor": "nullif(s.c5, '')",
    "source_country": "nullif(s.c7, '')",
    "source_sector": "nullif(s.c12, '')",
    "target_text": "nullif(s.c16, '')",
    "target_actor": "nullif(s.c15, '')",
    "target_country": "nullif(s.c17, '')",
    "target_sector": "nullif(s.c22, '')",
    "event_type": "coalesce(p.type, '')",
    "event_mode": "coalesce(p.mode, '')",
    "cameo_code": "s.c26",
    "cameo_root": "s.c28",
    "quad_class": "CAST(s.c29 AS INTEGER)",
    "goldstein": "CAST(s.c30 AS DOUBLE)",
    "date_start": _DAY,
    "date_end": _DAY,
    "date_granularity": "'day'",
    "date_basis": "'publication'",
    "factuality": "'asserted'",
    "location_name": "nullif(s.c52, '')",
    "location_country": "f.iso3",
    "latitude": "try_cast(s.c56 AS DOUBLE)",
    "longitude": "try_cast(s.c57 AS DOUBLE)",
    "confidence": "0.5",
    "rule": "'import:gdelt ' || coalesce(s.c60, '')",
    "coder_version": "'gdelt-2.0'",
}


def _gdelt_select() -> str:
    fields = ", ".join(_GDELT_FIELDS.get(name, "NULL") for name in EVENT_FIELDS)
    return f"""
        SELECT {fields}, ?, coalesce(try_cast(s.c31 AS INTEGER), 1)
        FROM temp.staged s
        LEFT JOIN temp.plover p ON p.code = s.c26
        LEFT JOIN temp.fips f ON f.fips = s.c53
        ORDER BY s.line
    """


def _parquet_select() -> str:
    casts = []
    for name in EVENT_FIELDS:
        if name in ("date_start", "date_end"):
            casts.append(f"CAST({name} AS DATE)")
        else:
            casts.append(name)
    return f"SELECT {', '.join(casts)}, ?, 1 FROM temp.staged"
