"""Renderings of event records: JSONL, CSV, TSV and Parquet.

The coder returns ``Event`` records; these functions only format them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from detente.errors import StoreError
from detente.models import EVENT_FIELDS, Event
from detente.store.lookups import temp_table

EXPORT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "tsv", "parquet")
STORE_LAYOUTS: tuple[str, ...] = (
    "jsonl",
    "csv",
    "parquet",
    "plover",
    "gdelt",
    "icews",
    "polecat",
)


def write_events(events: Iterable[Event], out: IO[str] | Path, *, fmt: str = "jsonl") -> int:
    """Write events to a text stream or a path; return how many were written."""
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise StoreError("parquet needs a file path, not a stream; pass -o FILE.parquet")
        return _write_parquet(events, out)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as stream:
            return _write_text(events, stream, fmt)
    return _write_text(events, out, fmt)


def _write_text(events: Iterable[Event], stream: IO[str], fmt: str) -> int:
    if fmt == "jsonl":
        count = 0
        for event in events:
            stream.write(json.dumps(event.to_record(), ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(
        stream, fieldnames=list(EVENT_FIELDS), delimiter="\t" if fmt == "tsv" else ","
    )
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(event.to_record())
        count += 1
    return count


def _write_parquet(events: Iterable[Event], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    records: list[dict[str, Any]] = [e.to_record() for e in events]
    table = pa.Table.from_pylist(records, schema=event_arrow_schema())
    pq.write_table(table, path)
    return len(records)


def event_arrow_schema() -> Any:
    """The Arrow schema of event rows (dates as ISO strings, as in JSONL)."""
    import pyarrow as pa

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


def export_gdelt(
    con: Any, path: Path, *, dataset: str | None = None, source: str = "events"
) -> int:
    """Write the store's events in the GDELT 2.0 event layout (61 columns, tab, no header).

    ``con`` is the store's DuckDB connection. Columns detente has no value for are
    empty; ActionGeo_CountryCode is written as FIPS 10-4, as GDELT does.
    """
    from detente.store.imports import GDELT_COLUMNS, fips_to_iso3

    pairs = [(iso, fips) for fips, iso in sorted(fips_to_iso3().items(), reverse=True)]
    temp_table(con, "iso_fips", ("iso3", "fips"), pairs)
    values = _gdelt_values()
    select = ", ".join(f"{values.get(name, chr(39) * 2)} AS {name}" for name in GDELT_COLUMNS)
    where = "WHERE coalesce(e.dataset, 'detente') = ?" if dataset else ""
    sql = (
        f"SELECT {select} FROM {source} e LEFT JOIN (SELECT iso3, max(fips) AS fips FROM "
        f"temp.iso_fips GROUP BY iso3) g ON g.iso3 = e.location_country {where} "
        "ORDER BY e.date_start, e.event_id"
    )
    params = [dataset] if dataset else []
    options = "FORMAT csv, DELIMITER '\t', HEADER false, QUOTE '', ESCAPE ''"
    return copy_to(con, sql, params, path, options=options)


def sql_path(path: Path) -> str:
    """``path`` as the body of a SQL string literal."""
    return str(path).replace("'", "''")


def copy_to(con: Any, sql: str, params: list[Any], path: Path, *, options: str) -> int:
    """Write the rows of ``sql`` to ``path`` with DuckDB's COPY; return how many (COPY
    reports the count itself, so the query runs once)."""
    row = con.execute(f"COPY ({sql}) TO '{sql_path(path)}' ({options})", params).fetchone()
    return int(row[0]) if row else 0


def _gdelt_values() -> dict[str, str]:
    day = "strftime(e.date_start, '%Y%m%d')"
    return {
        "GLOBALEVENTID": "regexp_replace(e.event_id, '^gdelt:', '')",
        "SQLDATE": day,
        "MonthYear": "strftime(e.date_start, '%Y%m')",
        "Year": "strftime(e.date_start, '%Y')",
        "Actor1Code": "coalesce(e.source_actor, '')",
        "Actor1Name": "coalesce(e.source_text, '')",
        "Actor1CountryCode": "coalesce(e.source_country, '')",
        "Actor1Type1Code": "coalesce(e.source_sector, '')",
        "Actor2Code": "coalesce(e.target_actor, '')",
        "Actor2Name": "coalesce(e.target_text, '')",
        "Actor2CountryCode": "coalesce(e.target_country, '')",
        "Actor2Type1Code": "coalesce(e.target_sector, '')",
        "IsRootEvent": "'1'",
        "EventCode": "e.cameo_code",
        "EventBaseCode": "substr(e.cameo_code, 1, 3)",
        "EventRootCode": "e.cameo_root",
        "QuadClass": "CAST(e.quad_class AS VARCHAR)",
        "GoldsteinScale": "CAST(e.goldstein AS VARCHAR)",
        "NumMentions": "CAST(coalesce(e.mentions, 1) AS VARCHAR)",
        "NumSources": "'1'",
        "NumArticles": "'1'",
        "ActionGeo_FullName": "coalesce(e.location_name, '')",
        "ActionGeo_CountryCode": "coalesce(g.fips, '')",
        "ActionGeo_Lat": "coalesce(CAST(e.latitude AS VARCHAR), '')",
        "ActionGeo_Long": "coalesce(CAST(e.longitude AS VARCHAR), '')",
        "DATEADDED": f"{day} || '000000'",
        "SOURCEURL": "coalesce(regexp_extract(e.rule, '^import:gdelt (.*)$', 1), '')",
    }


def export_store(
    con: Any, path: Path, *, layout: str, dataset: str | None = None, corrected: bool = True
) -> int:
    """Write the store's events (or one dataset's) to ``path`` in ``layout``.

    Events are written as the analyst corrected them (rejected ones left out) unless
    ``corrected`` is false, which writes the coder's rows as stored.

    ``jsonl``, ``csv`` and ``parquet`` hold every event field (the Parquet file imports
    back with ``--layout parquet``); ``plover`` is PLOVER JSONL; ``gdelt`` and ``icews``
    the datasets' own layouts; ``polecat`` a POLECAT-like TSV of the events with a
    PLOVER type (it imports back with ``--layout polecat``).
    """
    if layout not in STORE_LAYOUTS:
        raise StoreError(f"unknown layout {layout!r}; choose one of {', '.join(STORE_LAYOUTS)}")
    from detente.analysis.select import corrected_events

    source = corrected_events(con) if corrected else "events"
    if layout == "gdelt":
        return export_gdelt(con, path, dataset=dataset, source=source)
    if layout in ("icews", "plover", "polecat"):
        from detente.analysis.formats import export_icews
        from detente.analysis.plover import export_plover
        from detente.analysis.polecat import export_polecat

        writers = {"icews": export_icews, "plover": export_plover, "polecat": export_polecat}
        return writers[layout](con, path, dataset=dataset, source=source)
    where = "WHERE coalesce(dataset, 'detente') = ?" if dataset else ""
    sql = f"SELECT {', '.join(EVENT_FIELDS)} FROM {source} {where} ORDER BY date_start, event_id"
    options = {
        "jsonl": "FORMAT json",
        "csv": "FORMAT csv, HEADER true",
        "parquet": "FORMAT parquet",
    }
    params = [dataset] if dataset else []
    return copy_to(con, sql, params, path, options=options[layout])
