"""GDELT 2.0 event exports: 61 tab-separated columns, no header.

Traps: actor country codes are CAMEO (ISO alpha-3 like) codes, but the geography
fields use FIPS 10-4 codes ("IS" is Israel, not Iceland; "AJ" is Azerbaijan); these
are mapped to and from ISO alpha-3 through a packaged table. GDELT's NumMentions is
kept (``events.mentions``), so analyses can count mentions. An export writes the
columns detente has a value for and leaves the rest empty; ActionGeo_CountryCode is
written as FIPS, as GDELT does.
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
from detente.formats.lookups import fips_to_iso3, temp_table

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
_EXTRA = "(extra)"  # a 62nd column, which a GDELT row must not have

# 0-based GDELT columns read into the staging table (what the checks and the mapping use).
_STAGED: tuple[int, ...] = (
    0, 1, 5, 6, 7, 12, 15, 16, 17, 22, 26, 28, 29, 30, 31, 52, 53, 56, 57, 59, 60, 61,
)  # fmt: skip

_CHECKS: tuple[tuple[str, str, str], ...] = (
    ("DATEADDED", "c60 IS NULL", "the row has fewer than 61 tab-separated columns"),
    (_EXTRA, "c61 IS NOT NULL", "the row has more than 61 tab-separated columns"),
    ("GLOBALEVENTID", "NOT regexp_full_match(coalesce(c0, ''), '[0-9]+')",
     "GLOBALEVENTID is not a number"),
    ("SQLDATE", "try_strptime(c1, '%Y%m%d') IS NULL", "SQLDATE is not a YYYYMMDD date"),
    ("EventCode", "NOT regexp_full_match(coalesce(c26, ''), '[0-9]{2,4}')",
     "EventCode is not CAMEO"),
    ("QuadClass", "coalesce(c29, '') NOT IN ('1', '2', '3', '4')", "QuadClass is not 1-4"),
    ("GoldsteinScale",
     "try_cast(c30 AS DOUBLE) NOT BETWEEN -10 AND 10 OR try_cast(c30 AS DOUBLE) IS NULL",
     "GoldsteinScale is not a number from -10 to 10"),
    ("Actor1CountryCode", "c7 <> '' AND NOT regexp_full_match(c7, '[A-Z]{3}')",
     "Actor1CountryCode is not 3 letters"),
    ("Actor2CountryCode", "c17 <> '' AND NOT regexp_full_match(c17, '[A-Z]{3}')",
     "Actor2CountryCode is not 3 letters"),
)  # fmt: skip


def stage(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Read the file once into ``temp.staged`` (the columns used, as text), then check it."""
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(GDELT_COLUMNS) + 1))
    kept = ", ".join(f"c{i}" for i in _STAGED)
    try:
        # Insertion order is kept, so a row's rowid + 1 is its line; only the columns
        # that are checked or mapped are kept. Empty fields stay '' (nullstr is a control
        # character), so NULL means a missing column, even for an empty last field.
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE staged AS SELECT {kept} "
            f"FROM read_csv('{sql_path(path)}', delim = '\t', header = false, quote = '', "
            f"escape = '', null_padding = true, nullstr = '\x01', columns = {{{columns}}}, "
            "auto_detect = false)"
        )
        check_staged(
            con,
            path,
            _CHECKS,
            columns=(*GDELT_COLUMNS, _EXTRA),
            line="rowid + 1",
            value=lambda name: f"c{min((*GDELT_COLUMNS, _EXTRA).index(name), 61)}",
            hint="; is this a GDELT 2.0 event export (61 columns, no header)?",
        )
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        raise LayoutError(path, f"cannot read it as this layout ({first})") from None


_DAY = "CAST(strptime(s.c1, '%Y%m%d') AS DATE)"

# Event field -> SQL over the staged GDELT columns (c0 is GLOBALEVENTID, c60 SOURCEURL).
_FIELDS: dict[str, str] = {
    "event_id": "'gdelt:' || s.c0",
    "doc_id": "'gdelt:' || s.c0",
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
    "location_name": "nullif(s.c52, '')",
    "location_country": "f.iso3",
    "latitude": "try_cast(s.c56 AS DOUBLE)",
    "longitude": "try_cast(s.c57 AS DOUBLE)",
    "rule": "'import:gdelt ' || coalesce(s.c60, '')",
    "coder_version": "'gdelt-2.0'",
}

SELECT = event_select(
    _FIELDS,
    source="temp.staged s LEFT JOIN temp.plover p ON p.code = s.c26 "
    "LEFT JOIN temp.fips f ON f.fips = s.c53",
    mentions="coalesce(try_cast(s.c31 AS INTEGER), 1)",
)

_DAY_OUT = "strftime(e.date_start, '%Y%m%d')"

# GDELT column -> SQL over the event row ``e`` (and ``g.fips``, the location's FIPS code).
_COLUMNS: dict[str, str] = {
    "GLOBALEVENTID": "regexp_replace(e.event_id, '^gdelt:', '')",
    "SQLDATE": _DAY_OUT,
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
    "DATEADDED": f"{_DAY_OUT} || '000000'",
    "SOURCEURL": "coalesce(regexp_extract(e.rule, '^import:gdelt (.*)$', 1), '')",
}


def export(con: duckdb.DuckDBPyConnection, path: Path, rows: Rows) -> int:
    """Write the event rows in the GDELT 2.0 event layout (61 columns, tab, no header)."""
    pairs = [(iso, fips) for fips, iso in sorted(fips_to_iso3().items(), reverse=True)]
    temp_table(con, "iso_fips", ("iso3", "fips"), pairs)
    select = column_select(_COLUMNS, GDELT_COLUMNS, blank="''")
    where, params = rows.where()
    sql = (
        f"SELECT {select} FROM {rows.relation} e LEFT JOIN (SELECT iso3, max(fips) AS fips "
        f"FROM temp.iso_fips GROUP BY iso3) g ON g.iso3 = e.location_country {where} "
        "ORDER BY e.date_start, e.event_id"
    )
    return copy_to(con, sql, params, path, options=tab_separated(header=False))


LAYOUT = Layout(
    name="gdelt",
    summary="GDELT 2.0 event export (61 tab-separated columns, no header)",
    stage=stage,
    select=SELECT,
    export=export,
)
