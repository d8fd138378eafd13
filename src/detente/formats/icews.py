"""ICEWS ``.tab`` files: tab-separated, with a header row.

Traps: countries are NAMES ("Azerbaijan"), mapped to ISO alpha-3 through detente's
gazetteer (names and variants) and back; spreadsheet round trips drop the leading
zero of CAMEO codes ("42" for "042"), restored when the padded code exists.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from detente.formats.layout import (
    Layout,
    LayoutError,
    Rows,
    check_staged,
    column_select,
    copy_to,
    event_select,
    sql_path,
    tab_separated,
)
from detente.formats.lookups import countries, country_table, temp_table

ICEWS_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
    "Event Text", "CAMEO Code", "Intensity", "Target Name", "Target Sectors",
    "Target Country", "Story ID", "Sentence Number", "Publisher", "City", "District",
    "Province", "Country", "Latitude", "Longitude",
)  # fmt: skip


def stage(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """``temp.staged``: the file's rows as text, plus ``src_iso``/``tgt_iso``/``loc_iso``."""
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM read_csv("
            f"'{sql_path(path)}', delim = '\\t', header = true, quote = '', escape = '', "
            "all_varchar = true, null_padding = true)"
        )
    except duckdb.Error as exc:
        raise LayoutError(path, f"cannot read it as ICEWS ({str(exc).splitlines()[0]})") from None
    present = [str(r[0]) for r in con.execute("DESCRIBE temp.raw").fetchall()]
    missing = [c for c in ICEWS_COLUMNS if c not in present]
    if missing:
        raise LayoutError(
            path,
            f"line 1: missing ICEWS columns {', '.join(missing)}; is this an "
            "ICEWS .tab file (tab-separated, with a header)?",
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
    check_staged(con, path, _CHECKS, columns=ICEWS_COLUMNS)


_CHECKS: tuple[tuple[str, str, str], ...] = (
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

# Event field -> SQL over the staged ICEWS row ``s`` and its CAMEO code's PLOVER row ``p``.
_FIELDS: dict[str, str] = {
    "event_id": "'icews:' || s.\"Event ID\"",
    "doc_id": '\'icews:\' || coalesce(s."Story ID", s."Event ID")',
    "sentence_index": 'coalesce(try_cast(s."Sentence Number" AS INTEGER), 0)',
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
    "location_name": 'coalesce(s."City", s."Province")',
    "location_country": "s.loc_iso",
    "latitude": 'try_cast(s."Latitude" AS DOUBLE)',
    "longitude": 'try_cast(s."Longitude" AS DOUBLE)',
    "rule": "'import:icews ' || coalesce(s.\"Publisher\", '')",
    "coder_version": "'icews'",
}

SELECT = event_select(_FIELDS, source="temp.staged s LEFT JOIN temp.plover p ON p.code = s.cameo")

# ICEWS column -> SQL over the event row ``e`` and the country names ``s``, ``t``, ``l``.
_COLUMNS: dict[str, str] = {
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


def export(con: duckdb.DuckDBPyConnection, path: Path, rows: Rows) -> int:
    """Write the event rows as an ICEWS-like ``.tab`` file (20 columns, header)."""
    names = sorted((code, c.name) for code, c in countries().items())
    temp_table(con, "iso_names", ("iso3", "name"), names)
    select = column_select(_COLUMNS, ICEWS_COLUMNS, blank="NULL")
    where, params = rows.where()
    sql = (
        f"SELECT {select} FROM {rows.relation} e "
        "LEFT JOIN temp.iso_names s ON s.iso3 = e.source_country "
        "LEFT JOIN temp.iso_names t ON t.iso3 = e.target_country "
        f"LEFT JOIN temp.iso_names l ON l.iso3 = e.location_country {where} "
        "ORDER BY e.date_start, e.event_id"
    )
    return copy_to(con, sql, params, path, options=tab_separated(header=True))


LAYOUT = Layout(
    name="icews",
    summary="ICEWS .tab (tab-separated, header; countries by name)",
    stage=stage,
    select=SELECT,
    export=export,
)
