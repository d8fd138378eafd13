"""detente's own layouts: every event field, by name, as JSONL, CSV, TSV and Parquet.

The coder's records are written here as they are (``detente code -o``, ``detente
events``, the web's downloads); the store's rows are written with DuckDB's COPY
(``detente export``) and read back with DuckDB's readers (``detente import``), every
field checked, so a store exported and imported again holds the same events.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

import duckdb

from detente.formats.layout import (
    STORED_FIELDS,
    Export,
    Layout,
    LayoutError,
    Rows,
    Stage,
    check_staged,
    copy_to,
    event_select,
    sql_path,
)
from detente.models import EVENT_FIELDS, Event

_Lines = Callable[[Iterable[Event], IO[str]], int]


def _to_path_or_stream(events: Iterable[Event], out: IO[str] | Path, write: _Lines) -> int:
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as stream:
            return write(events, stream)
    return write(events, out)


def _jsonl_lines(events: Iterable[Event], stream: IO[str]) -> int:
    count = 0
    for event in events:
        stream.write(json.dumps(event.to_record(), ensure_ascii=False) + "\n")
        count += 1
    return count


def _delimited(delimiter: str) -> _Lines:
    def write(events: Iterable[Event], stream: IO[str]) -> int:
        writer = csv.DictWriter(stream, fieldnames=list(EVENT_FIELDS), delimiter=delimiter)
        writer.writeheader()
        count = 0
        for event in events:
            writer.writerow(event.to_record())
            count += 1
        return count

    return write


def write_jsonl(events: Iterable[Event], out: IO[str] | Path) -> int:
    """One JSON object of every event field a line."""
    return _to_path_or_stream(events, out, _jsonl_lines)


def write_csv(events: Iterable[Event], out: IO[str] | Path) -> int:
    """Comma-separated, a header of the event fields."""
    return _to_path_or_stream(events, out, _delimited(","))


def write_tsv(events: Iterable[Event], out: IO[str] | Path) -> int:
    """Tab-separated, a header of the event fields."""
    return _to_path_or_stream(events, out, _delimited("\t"))


def write_parquet(events: Iterable[Event], out: IO[str] | Path) -> int:
    """A Parquet file (dates as ISO strings, as in JSONL); a path, not a stream."""
    import pyarrow as pa  # heavy: loaded only when a Parquet file is written
    import pyarrow.parquet as pq

    if not isinstance(out, Path):
        raise LayoutError("parquet", "needs a file path, not a stream; pass -o FILE.parquet")
    records: list[dict[str, Any]] = [e.to_record() for e in events]
    pq.write_table(pa.Table.from_pylist(records, schema=event_arrow_schema()), out)
    return len(records)


def event_arrow_schema() -> Any:
    """The Arrow schema of event rows (dates as ISO strings, as in JSONL)."""
    import pyarrow as pa  # heavy: loaded only when an Arrow table is built

    types = {
        "sentence_index": pa.int32(),
        "sentence_start": pa.int64(),
        "sentence_end": pa.int64(),
        "quad_class": pa.int8(),
        "goldstein": pa.float64(),
        "latitude": pa.float64(),
        "longitude": pa.float64(),
        "confidence": pa.float64(),
    }
    return pa.schema([(name, types.get(name, pa.string())) for name in EVENT_FIELDS])


def _copy(options: str) -> Export:
    def export(con: duckdb.DuckDBPyConnection, path: Path, rows: Rows) -> int:
        where, params = rows.where()
        fields = ", ".join(f"e.{name}" for name in EVENT_FIELDS)
        sql = f"SELECT {fields} FROM {rows.relation} e {where} ORDER BY e.date_start, e.event_id"
        return copy_to(con, sql, params, path, options=options)

    return export


def _staged_view(con: duckdb.DuckDBPyConnection, path: Path, reader: str) -> None:
    """``temp.staged``: a view of the file through ``reader`` (a DuckDB table function
    over it), its rows numbered by ``line``, checked for every event field."""
    try:
        con.execute(
            "CREATE OR REPLACE TEMP VIEW staged AS "
            f"SELECT row_number() OVER () AS line, * FROM {reader}"
        )
        present = {str(r[0]) for r in con.execute("DESCRIBE temp.staged").fetchall()}
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        raise LayoutError(path, f"cannot read it as this layout ({first})") from None
    missing = [f for f in EVENT_FIELDS if f not in present]
    if missing:
        raise LayoutError(
            path,
            f"missing columns {', '.join(missing)}; write it with `detente export` "
            "or `detente events --format`",
        )


_DATE = "{c} IS NOT NULL AND try_cast({c} AS DATE) IS NULL"
_DATES = tuple((c, _DATE.format(c=c), "not a YYYY-MM-DD date") for c in ("date_start", "date_end"))
# Text layouts hold numbers as text: each must read as its column's type.
_NUMBERS = {
    "sentence_index": "INTEGER",
    "sentence_start": "BIGINT",
    "sentence_end": "BIGINT",
    "quad_class": "INTEGER",
    "goldstein": "DOUBLE",
    "latitude": "DOUBLE",
    "longitude": "DOUBLE",
    "confidence": "DOUBLE",
}
_TEXT_CHECKS = (
    *_DATES,
    *(
        (c, f"{c} IS NOT NULL AND try_cast({c} AS {kind}) IS NULL", f"not a {kind.lower()}")
        for c, kind in _NUMBERS.items()
    ),
)


def stage_parquet(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """``temp.staged``: a view of the Parquet file (row ``line``), every field there and
    dates that read as dates."""
    _staged_view(con, path, f"read_parquet('{sql_path(path)}')")
    check_staged(con, path, _DATES, columns=EVENT_FIELDS, line="line", unit="row")


_AS_TEXT = "{" + ", ".join(f"'{name}': 'VARCHAR'" for name in EVENT_FIELDS) + "}"


def stage_jsonl(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """``temp.staged``: the JSONL file's records with every field as text (line
    ``line``), every field there, dates and numbers that read as such."""
    reader = f"read_json('{sql_path(path)}', format = 'newline_delimited'"
    _staged_view(con, path, reader + ")")  # the fields the records have
    _staged_view(con, path, f"{reader}, columns = {_AS_TEXT})")
    check_staged(con, path, _TEXT_CHECKS, columns=EVENT_FIELDS, line="line")


def _stage_delimited(delimiter: str) -> Stage:
    def stage(con: duckdb.DuckDBPyConnection, path: Path) -> None:
        _staged_view(
            con,
            path,
            f"read_csv('{sql_path(path)}', header = true, delim = '{delimiter}', "
            "all_varchar = true, allow_quoted_nulls = false)",
        )
        check_staged(con, path, _TEXT_CHECKS, columns=EVENT_FIELDS, line="line + 1")

    return stage


JSONL = Layout(
    name="jsonl",
    summary="detente JSONL (one event a line, every field)",
    stage=stage_jsonl,
    select=event_select(STORED_FIELDS, source="temp.staged"),
    export=_copy("FORMAT json"),
    write=write_jsonl,
    media_type="application/x-ndjson",
)
CSV = Layout(
    name="csv",
    summary="detente CSV (a header of every field)",
    stage=_stage_delimited(","),
    select=event_select(STORED_FIELDS, source="temp.staged"),
    export=_copy("FORMAT csv, HEADER true"),
    write=write_csv,
    media_type="text/csv",
)
TSV = Layout(
    name="tsv",
    summary="detente TSV (tab-separated, a header of every field)",
    stage=_stage_delimited("\\t"),
    select=event_select(STORED_FIELDS, source="temp.staged"),
    export=_copy("FORMAT csv, DELIMITER '\t', HEADER true"),
    write=write_tsv,
    media_type="text/tab-separated-values",
)
PARQUET = Layout(
    name="parquet",
    summary="detente Parquet (every field; imports back unchanged)",
    stage=stage_parquet,
    select=event_select(STORED_FIELDS, source="temp.staged"),
    export=_copy("FORMAT parquet"),
    write=write_parquet,
    streams=False,
    media_type="application/vnd.apache.parquet",
)
