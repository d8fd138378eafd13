"""ICEWS ``.tab`` and PLOVER JSON layouts: staging for imports, writers for exports.

:mod:`detente.store.imports` calls :func:`stage_icews` / :func:`stage_plover` to
fill ``temp.staged`` and then inserts :func:`icews_select` / :func:`plover_select`
in one transaction, as for GDELT.

ICEWS traps: countries are NAMES ("Azerbaijan"), mapped to ISO alpha-3 through
detente's gazetteer (names and variants); spreadsheet round trips drop the leading
zero of CAMEO codes ("42" for "042"), restored when the padded code exists.
PLOVER records carry no CAMEO code: the root is the CAMEO root most used for the
PLOVER type in detente's CAMEO table, so stories still group by kind of event.
A PLOVER file written by detente keeps every event field under ``"detente"``,
so export then import returns the same events.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from detente.errors import StoreError
from detente.models import EVENT_FIELDS
from detente.store.exports import copy_to, sql_path
from detente.store.lookups import has_temp_tables, temp_table

ICEWS_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
    "Event Text", "CAMEO Code", "Intensity", "Target Name", "Target Sectors",
    "Target Country", "Story ID", "Sentence Number", "Publisher", "City", "District",
    "Province", "Country", "Latitude", "Longitude",
)  # fmt: skip


class LayoutError(StoreError):
    """A file does not follow its layout; the message names the line and column."""


@cache
def country_codes() -> dict[str, str]:
    """Lower-cased country name or variant -> ISO alpha-3, from the gazetteer."""
    from detente.actors import load_gazetteer

    out: dict[str, str] = {}
    for code, country in load_gazetteer().countries.items():
        for name in (country.name, *country.variants):
            out.setdefault(name.lower(), code)
    return out


@cache
def type_roots() -> dict[str, str]:
    """PLOVER type -> the CAMEO root most used for it (ties: the lowest root)."""
    from detente.store.imports import cameo_table_rows

    counts: dict[str, Counter[str]] = {}
    for row in cameo_table_rows():
        counts.setdefault(row["plover_type"], Counter())[row["root"]] += 1
    return {kind: min(c, key=lambda r: (-c[r], r)) for kind, c in counts.items() if kind}


def stage_icews(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """``temp.staged``: the file's rows as text, plus ``src_iso``/``tgt_iso``/``loc_iso``."""
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM read_csv("
            f"'{sql_path(path)}', delim = '\\t', header = true, quote = '', escape = '', "
            "all_varchar = true, null_padding = true)"
        )
    except duckdb.Error as exc:
        raise LayoutError(f"{path}: cannot read it as ICEWS ({str(exc).splitlines()[0]})") from None
    present = [str(r[0]) for r in con.execute("DESCRIBE temp.raw").fetchall()]
    missing = [c for c in ICEWS_COLUMNS if c not in present]
    if missing:
        raise LayoutError(
            f"{path}: line 1: missing ICEWS columns {', '.join(missing)}; is this an "
            "ICEWS .tab file (tab-separated, with a header)?"
        )
    country_table(con)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE staged AS
        SELECT r.rowid + 2 AS line, r.*, s.iso3 AS src_iso, t.iso3 AS tgt_iso,
               l.iso3 AS loc_iso, coalesce(p.code, p0.code) AS cameo
        FROM temp.raw r
        LEFT JOIN temp.country_names s ON s.name = lower(r."Source Country")
        LEFT JOIN temp.country_names t ON t.name = lower(r."Target Country")
        LEFT JOIN temp.country_names l ON l.name = lower(r."Country")
        LEFT JOIN temp.plover p ON p.code = r."CAMEO Code"
        LEFT JOIN temp.plover p0 ON p0.code = '0' || r."CAMEO Code"
    """)  # fmt: skip
    check_staged(con, path, _ICEWS_CHECKS, columns=ICEWS_COLUMNS)


_ICEWS_CHECKS: tuple[tuple[str, str, str], ...] = (
    ("Event ID", "coalesce(\"Event ID\", '') = ''", "no event id"),
    ("Event Date", "try_strptime(\"Event Date\", '%Y-%m-%d') IS NULL", "not a YYYY-MM-DD date"),
    ("CAMEO Code", "cameo IS NULL", "not a CAMEO code"),
    ("Intensity", "try_cast(\"Intensity\" AS DOUBLE) IS NULL "
     "OR try_cast(\"Intensity\" AS DOUBLE) NOT BETWEEN -10 AND 10", "not a number from -10 to 10"),
    ("Source Country", "\"Source Country\" IS NOT NULL AND src_iso IS NULL",
     "not a country name detente knows"),
    ("Target Country", "\"Target Country\" IS NOT NULL AND tgt_iso IS NULL",
     "not a country name detente knows"),
)  # fmt: skip


def country_table(con: duckdb.DuckDBPyConnection) -> None:
    """``temp.country_names (name, iso3)``: lower-cased names, variants and ISO alpha-3
    codes -> ISO alpha-3; built once per connection."""
    if has_temp_tables(con, "country_names"):
        return
    mapping = dict(country_codes())
    for code in _countries():
        mapping.setdefault(code.lower(), code)
    temp_table(con, "country_names", ("name", "iso3"), sorted(mapping.items()))


def check_staged(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    checks: tuple[tuple[str, str, str], ...],
    *,
    columns: Sequence[str],
) -> None:
    """Run ``(column, failing condition, why)`` checks over ``temp.staged`` in one scan;
    the first bad line raises, named by line and by the column's position in ``columns``."""
    firsts = ", ".join(f"min(line) FILTER (WHERE coalesce({c}, false))" for _, c, _ in checks)
    row = con.execute(f"SELECT {firsts} FROM temp.staged").fetchone()
    failing = [(line, i) for i, line in enumerate(row or ()) if line is not None]
    if not failing:
        return
    line, index = min(failing)
    name, _, why = checks[index]
    value = con.execute(f'SELECT "{name}" FROM temp.staged WHERE line = ?', [line]).fetchone()
    shown = "" if not value or value[0] is None else f" (value {str(value[0])[:40]!r})"
    column = list(columns).index(name) + 1
    raise LayoutError(f"{path}: line {line}, column {column} {name}: {why}{shown}")


_ICEWS_FIELDS: dict[str, str] = {
    "event_id": "'icews:' || s.\"Event ID\"",
    "doc_id": '\'icews:\' || coalesce(s."Story ID", s."Event ID")',
    "sentence_index": 'coalesce(try_cast(s."Sentence Number" AS INTEGER), 0)',
    "sentence": "''",
    "sentence_start": "0",
    "sentence_end": "0",
    "trigger_text": "coalesce(s.\"Event Text\", '')",
    "source_text": 's."Source Name"',
    "source_actor": "s.src_iso",
    "source_country": "s.src_iso",
    "source_sector": 's."Source Sectors"',
    "target_text": 's."Target Name"',
    "target_actor": "s.tgt_iso",
    "target_country": "s.tgt_iso",
    "target_sector": 's."Target Sectors"',
    "event_type": "coalesce(p.type, '')",
    "event_mode": "coalesce(p.mode, '')",
    "cameo_code": "s.cameo",
    "cameo_root": "substr(s.cameo, 1, 2)",
    "quad_class": "CAST(p.quad AS INTEGER)",
    "goldstein": 'CAST(s."Intensity" AS DOUBLE)',
    "date_start": 'CAST(s."Event Date" AS DATE)',
    "date_end": 'CAST(s."Event Date" AS DATE)',
    "date_granularity": "'day'",
    "date_basis": "'publication'",
    "factuality": "'asserted'",
    "location_name": 'coalesce(s."City", s."Province")',
    "location_country": "s.loc_iso",
    "latitude": 'try_cast(s."Latitude" AS DOUBLE)',
    "longitude": 'try_cast(s."Longitude" AS DOUBLE)',
    "confidence": "0.5",
    "rule": "'import:icews ' || coalesce(s.\"Publisher\", '')",
    "coder_version": "'icews'",
}


def icews_select() -> str:
    """The events (and dataset, mentions) of ``temp.staged`` ICEWS rows."""
    fields = ", ".join(_ICEWS_FIELDS.get(name, "NULL") for name in EVENT_FIELDS)
    return f"""
        SELECT {fields}, ?, 1
        FROM temp.staged s LEFT JOIN temp.plover p ON p.code = s.cameo
    """


def export_icews(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    dataset: str | None = None,
    source: str = "events",
) -> int:
    """Write events (from the relation ``source``) as an ICEWS-like ``.tab`` file."""
    names = sorted((code, c.name) for code, c in _countries().items())
    temp_table(con, "iso_names", ("iso3", "name"), names)
    values = {
        "Event ID": "regexp_replace(e.event_id, '^icews:', '')",
        "Event Date": "strftime(e.date_start, '%Y-%m-%d')",
        "Source Name": "coalesce(e.source_text, e.source_actor)",
        "Source Sectors": "e.source_sector",
        "Source Country": "s.name",
        "Event Text": "e.trigger_text",
        "CAMEO Code": "e.cameo_code",
        "Intensity": "CAST(e.goldstein AS VARCHAR)",
        "Target Name": "coalesce(e.target_text, e.target_actor)",
        "Target Sectors": "e.target_sector",
        "Target Country": "t.name",
        "Story ID": "regexp_replace(e.doc_id, '^icews:', '')",
        "Sentence Number": "CAST(e.sentence_index AS VARCHAR)",
        "Publisher": "regexp_extract(e.rule, '^import:icews (.*)$', 1)",
        "City": "e.location_name",
        "Country": "l.name",
        "Latitude": "CAST(e.latitude AS VARCHAR)",
        "Longitude": "CAST(e.longitude AS VARCHAR)",
    }
    select = ", ".join(f'{values.get(c, "NULL")} AS "{c}"' for c in ICEWS_COLUMNS)
    where = "WHERE coalesce(e.dataset, 'detente') = ?" if dataset else ""
    sql = (
        f"SELECT {select} FROM {source} e "
        "LEFT JOIN temp.iso_names s ON s.iso3 = e.source_country "
        "LEFT JOIN temp.iso_names t ON t.iso3 = e.target_country "
        f"LEFT JOIN temp.iso_names l ON l.iso3 = e.location_country {where} "
        "ORDER BY e.date_start, e.event_id"
    )
    params = [dataset] if dataset else []
    options = "FORMAT csv, DELIMITER '\\t', HEADER true, QUOTE '', ESCAPE ''"
    return copy_to(con, sql, params, path, options=options)


def _countries() -> dict[str, Any]:
    from detente.actors import load_gazetteer

    return dict(load_gazetteer().countries)
