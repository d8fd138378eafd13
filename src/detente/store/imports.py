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
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from detente.analysis.stories import refresh_after_write
from detente.errors import StoreError
from detente.models import EVENT_FIELDS
from detente.store.duck import Store
from detente.store.lookups import has_temp_tables, temp_table

IMPORT_LAYOUTS: tuple[str, ...] = ("gdelt", "icews", "polecat", "plover", "parquet")

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


@cache
def cameo_table_rows() -> tuple[dict[str, str], ...]:
    """The coder's packaged CAMEO table (``cameo.json``): code, root, PLOVER type and mode,
    quad class, Goldstein, as text.

    Read directly (not through ``detente.events``, whose import loads spaCy), so that
    an import does not pay seconds of start-up for a lookup table.
    """
    path = Path(__file__).resolve().parent.parent / "events" / "data" / "cameo.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        {
            "code": code,
            "root": str(row["root"]),
            "plover_type": str(row["plover_type"]),
            "plover_mode": str(row["plover_mode"]),
            "quad_class": str(row["quad_class"]),
            "goldstein": str(row["goldstein"]),
        }
        for code, row in raw["codes"].items()
    )


def import_events(
    store: Store,
    path: Path,
    *,
    layout: str,
    dataset: str | None = None,
    refresh_stories: bool = True,
) -> ImportReport:
    """Import one file in ``layout``; all of it lands, or none of it.

    Then the materialised stories are brought up to date (incrementally; the first
    time, all of them); ``refresh_stories=False`` leaves that to a later
    ``detente refresh-stories``, for a series of bulk imports.
    """
    if layout not in IMPORT_LAYOUTS:
        raise DatasetImportError(
            f"{path}: unknown layout {layout!r}; use {', '.join(IMPORT_LAYOUTS)}"
        )
    if not path.is_file():
        raise DatasetImportError(f"{path}: no such file")
    name = dataset or layout
    con = store.con
    try:
        _lookup_tables(con)
        _stage(con, path, layout)
        rows = _commit(store, path, layout, name)
    finally:
        _drop_staged(con)
    refresh_after_write(store, enabled=refresh_stories)
    return ImportReport(path=str(path), layout=layout, dataset=name, rows=rows)


def _drop_staged(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = 'staged'"
    ).fetchone()
    con.execute(f"DROP {'TABLE' if row and row[0] else 'VIEW'} IF EXISTS temp.staged")
    con.execute("DROP TABLE IF EXISTS temp.raw")


def _read_error(path: Path, exc: duckdb.Error) -> DatasetImportError:
    first = str(exc).splitlines()[0]
    return DatasetImportError(f"{path}: cannot read it as this layout ({first})")


def _stage_gdelt(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Read the file once into a temp table (the columns used, as text), then check it."""
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(GDELT_COLUMNS) + 1))
    literal = str(path).replace("'", "''")
    kept = ", ".join(f"c{i}" for i in _GDELT_STAGED)
    try:
        # Insertion order is kept, so a row's rowid + 1 is its line; only the columns
        # that are checked or mapped are kept. Empty fields stay '' (nullstr is a control
        # character), so NULL means a missing column, even for an empty last field.
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE staged AS SELECT {kept} "
            f"FROM read_csv('{literal}', delim = '\t', header = false, quote = '', "
            f"escape = '', null_padding = true, nullstr = '\x01', columns = {{{columns}}}, "
            "auto_detect = false)"
        )
        _check_gdelt(con, path)
    except duckdb.Error as exc:
        raise _read_error(path, exc) from None


# 0-based GDELT columns read into the staging table (what the checks and the mapping use).
_GDELT_STAGED: tuple[int, ...] = (
    0, 1, 5, 6, 7, 12, 15, 16, 17, 22, 26, 28, 29, 30, 31, 52, 53, 56, 57, 59, 60, 61,
)  # fmt: skip

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
    """All checks in one scan; the first bad line is reported (the first check it fails)."""
    firsts = ", ".join(
        f"min(rowid + 1) FILTER (WHERE coalesce({condition}, false))"
        for _, condition, _ in _GDELT_CHECKS
    )
    row = con.execute(f"SELECT {firsts} FROM temp.staged").fetchone()
    failing = [(line, i) for i, line in enumerate(row or ()) if line is not None]
    if not failing:
        return
    line, index = min(failing)
    column, _, why = _GDELT_CHECKS[index]
    value = con.execute(
        f"SELECT c{min(column - 1, 61)} FROM temp.staged WHERE rowid = ?", [line - 1]
    ).fetchone()
    name = GDELT_COLUMNS[column - 1] if column <= len(GDELT_COLUMNS) else "(extra)"
    shown = "" if not value or value[0] is None else f" (value {str(value[0])[:40]!r})"
    raise DatasetImportError(
        f"{path}: line {line}, column {column} {name}: {why}{shown}; "
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


def _stage(con: duckdb.DuckDBPyConnection, path: Path, layout: str) -> None:
    """Fill ``temp.staged`` from the file, checked; a bad row raises with line and column."""
    from detente.analysis.formats import LayoutError, stage_icews
    from detente.analysis.plover import stage_plover
    from detente.analysis.polecat import stage_polecat

    stages = {
        "gdelt": _stage_gdelt,
        "parquet": _stage_parquet,
        "icews": stage_icews,
        "plover": stage_plover,
        "polecat": stage_polecat,
    }
    try:
        stages[layout](con, path)
    except LayoutError as exc:
        raise DatasetImportError(str(exc)) from None


def _select(layout: str) -> str:
    from detente.analysis.formats import icews_select
    from detente.analysis.plover import plover_select
    from detente.analysis.polecat import polecat_select

    selects = {
        "gdelt": _gdelt_select,
        "parquet": _parquet_select,
        "icews": icews_select,
        "plover": plover_select,
        "polecat": polecat_select,
    }
    return selects[layout]()


def _commit(store: Store, path: Path, layout: str, dataset: str) -> int:
    select = _select(layout)
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
    """The FIPS and CAMEO lookup tables, built once per connection (they never change)."""
    if has_temp_tables(con, "fips", "plover"):
        return
    fips = [[code, iso] for code, iso in fips_to_iso3().items()]
    plover = [
        [r["code"], r["plover_type"], r["plover_mode"], r["quad_class"]] for r in cameo_table_rows()
    ]
    temp_table(con, "fips", ("fips", "iso3"), fips)
    temp_table(con, "plover", ("code", "type", "mode", "quad"), plover)


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
    """


def _parquet_select() -> str:
    casts = []
    for name in EVENT_FIELDS:
        if name in ("date_start", "date_end"):
            casts.append(f"CAST({name} AS DATE)")
        else:
            casts.append(name)
    return f"SELECT {', '.join(casts)}, ?, 1 FROM temp.staged"
