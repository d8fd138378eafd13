"""POLECAT weekly TSV files: staging for imports, a POLECAT-like writer for exports.

POLECAT (the PLOVER-coded successor of ICEWS) ships tab-separated files with a
header row. Columns are found by header name, so reordered or extra columns are
fine; the ones read are :data:`REQUIRED_COLUMNS` (a file without one of them is
rejected at line 1) and, when present, :data:`OPTIONAL_COLUMNS`.

Mapping into detente's schema: the PLOVER type and mode are kept; the CAMEO code is
the most general code of detente's CAMEO table with that PLOVER type and mode (else
with that type and no mode), and the Goldstein value is that code's; the quad class
is POLECAT's Quad Code (1-4 or a quad name) or else the mapped code's. Countries are
ISO alpha-3 codes or names, mapped through detente's gazetteer. POLECAT's Intensity
is on PLOVER's own scale, not Goldstein's: it is checked, not stored.
"""

from __future__ import annotations

from functools import cache
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
from detente.formats.lookups import (
    cameo_table_rows,
    country_table,
    has_temp_tables,
    temp_table,
    type_roots,
)
from detente.models import PLOVER_TYPES

POLECAT_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code",
    "Contexts", "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector",
    "Actor Sectors", "Actor Title", "Actor Name Raw", "Wikipedia Actor ID",
    "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector",
    "Recipient Sectors", "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID",
    "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude",
    "GeoNames ID", "Raw Placename", "Feature Type", "Source", "Publication Date",
    "Story People", "Story Organizations", "Story Locations", "Language", "Version",
)  # fmt: skip
REQUIRED_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Actor Name", "Actor Country",
    "Recipient Name", "Recipient Country",
)  # fmt: skip
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "Intensity", "Quad Code", "Primary Actor Sector", "Primary Recipient Sector",
    "Placename", "City", "Province", "Country", "Latitude", "Longitude", "Source", "Version",
)  # fmt: skip
_QUAD_NAMES = ("VERBAL COOPERATION", "MATERIAL COOPERATION", "VERBAL CONFLICT", "MATERIAL CONFLICT")


@cache
def plover_to_cameo() -> dict[tuple[str, str], tuple[str, int, float]]:
    """(PLOVER type, mode) -> (CAMEO code, quad class, Goldstein), from the CAMEO table.

    Of the codes with that type and mode, the most general one (shortest; on the
    type's main root first; then lowest), so "CONSULT"/"visit" is 042 and "ASSAULT"
    with no mode is 18. Mode ``""`` is the type's code for any mode not listed.
    """
    roots = type_roots()
    best: dict[tuple[str, str], dict[str, str]] = {}
    for row in cameo_table_rows():
        kind = row["plover_type"]
        if not kind:
            continue
        key = (kind, row["plover_mode"])
        rank = (row["root"] != roots.get(kind), len(row["code"]), row["code"])
        held = best.get(key)
        if held is None or rank < (
            held["root"] != roots.get(kind),
            len(held["code"]),
            held["code"],
        ):
            best[key] = row
    return {
        key: (row["code"], int(row["quad_class"]), float(row["goldstein"]))
        for key, row in best.items()
    }


def _read(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """``temp.raw``: the file as text columns named by its header (UTF-8, else Latin-1)."""
    base = (
        f"'{sql_path(path)}', delim = '\\t', header = true, quote = '', escape = '', "
        "all_varchar = true, null_padding = true"
    )
    try:
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM read_csv({base})")
        except duckdb.InvalidInputException as exc:
            if "unicode" not in str(exc).lower():
                raise
            con.execute(
                "CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM read_csv("
                f"{base}, encoding = 'latin-1')"
            )
    except duckdb.Error as exc:
        why = str(exc).splitlines()[0]
        raise LayoutError(path, f"cannot read it as POLECAT ({why})") from None


def stage(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """``temp.staged``: the file's rows, plus mapped countries, CAMEO code and quad."""
    _read(con, path)
    present = [str(r[0]) for r in con.execute("DESCRIBE temp.raw").fetchall()]
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    if missing:
        raise LayoutError(
            path,
            f"line 1: missing POLECAT columns {', '.join(missing)}; is this a "
            "POLECAT weekly file (tab-separated, with a header row)?",
        )
    if "Intensity" not in present and "Event Intensity" in present:
        con.execute('ALTER TABLE temp.raw RENAME COLUMN "Event Intensity" TO "Intensity"')
        present[present.index("Event Intensity")] = "Intensity"
    for name in OPTIONAL_COLUMNS:
        if name not in present:
            con.execute(f'ALTER TABLE temp.raw ADD COLUMN "{name}" VARCHAR')
    _lookups(con)
    con.execute(_STAGE_SQL)
    check_staged(con, path, _CHECKS, columns=present)


def _lookups(con: duckdb.DuckDBPyConnection) -> None:
    """Country names, the PLOVER -> CAMEO map and quad names, once per connection."""
    country_table(con)
    if has_temp_tables(con, "polecat_cameo", "quad_names"):
        return
    mapping = [(*key, *value) for key, value in sorted(plover_to_cameo().items())]
    columns = ("type", "mode", "code", "quad INTEGER", "goldstein DOUBLE")
    temp_table(con, "polecat_cameo", columns, mapping)
    quads = [*(str(i) for i in range(1, 5)), *_QUAD_NAMES]
    named = [(quad, 1 + i % 4) for i, quad in enumerate(quads)]
    temp_table(con, "quad_names", ("name", "quad INTEGER"), named)


def _country(column: str, alias: str) -> str:
    return f'LEFT JOIN temp.country_names {alias} ON {alias}.name = lower(trim(r."{column}"))'


_SECTOR = "CASE WHEN regexp_full_match(trim({c}), '[A-Za-z]{{3}}') THEN upper(trim({c})) END"
_STAGE_SQL = f"""
    CREATE OR REPLACE TEMP TABLE staged AS
    SELECT r.rowid + 2 AS line, r.*,
           upper(trim(r."Event Type")) AS ev_type,
           lower(trim(coalesce(r."Event Mode", ''))) AS ev_mode,
           s.iso3 AS src_iso, t.iso3 AS tgt_iso, l.iso3 AS loc_iso,
           {_SECTOR.format(c='r."Primary Actor Sector"')} AS src_sector3,
           {_SECTOR.format(c='r."Primary Recipient Sector"')} AS tgt_sector3,
           coalesce(m.code, g.code) AS cameo, coalesce(m.quad, g.quad) AS cameo_quad,
           coalesce(m.goldstein, g.goldstein) AS goldstein, q.quad AS quad_given
    FROM temp.raw r
    {_country("Actor Country", "s")}
    {_country("Recipient Country", "t")}
    {_country("Country", "l")}
    LEFT JOIN temp.polecat_cameo m ON m.type = upper(trim(r."Event Type"))
         AND m.mode = lower(trim(coalesce(r."Event Mode", '')))
    LEFT JOIN temp.polecat_cameo g ON g.type = upper(trim(r."Event Type")) AND g.mode = ''
    LEFT JOIN temp.quad_names q
         ON q.name = regexp_replace(upper(trim(r."Quad Code")), '[ _-]+', ' ', 'g')
"""

_BLANK = "coalesce(trim({c}), '') = ''"
_CHECKS: tuple[tuple[str, str, str], ...] = (
    ("Event ID", _BLANK.format(c='"Event ID"'), "no event id"),
    ("Event Date", "NOT regexp_full_match(coalesce(\"Event Date\", ''), "
     "'[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?') "
     "OR try_strptime(left(\"Event Date\", 10), '%Y-%m-%d') IS NULL", "not a YYYY-MM-DD date"),
    ("Event Type", f"ev_type NOT IN ({', '.join(repr(t) for t in PLOVER_TYPES)})",
     "not a PLOVER event type"),
    ("Intensity", "NOT " + _BLANK.format(c='"Intensity"') + " AND coalesce(try_cast("
     "\"Intensity\" AS DOUBLE) NOT BETWEEN -10 AND 10, true)", "not a number from -10 to 10"),
    ("Quad Code", "NOT " + _BLANK.format(c='"Quad Code"') + " AND quad_given IS NULL",
     "not a quad code (1-4 or a name such as VERBAL COOPERATION)"),
    ("Actor Country", "NOT " + _BLANK.format(c='"Actor Country"') + " AND src_iso IS NULL",
     "not an ISO alpha-3 code or a country name detente knows"),
    ("Recipient Country", "NOT " + _BLANK.format(c='"Recipient Country"')
     + " AND tgt_iso IS NULL", "not an ISO alpha-3 code or a country name detente knows"),
    ("Country", "NOT " + _BLANK.format(c='"Country"') + " AND loc_iso IS NULL",
     "not an ISO alpha-3 code or a country name detente knows"),
    ("Latitude", "NOT " + _BLANK.format(c='"Latitude"') + " AND coalesce(try_cast("
     "\"Latitude\" AS DOUBLE) NOT BETWEEN -90 AND 90, true)", "not a latitude"),
    ("Longitude", "NOT " + _BLANK.format(c='"Longitude"') + " AND coalesce(try_cast("
     "\"Longitude\" AS DOUBLE) NOT BETWEEN -180 AND 180, true)", "not a longitude"),
)  # fmt: skip

_DAY = 'CAST(left(s."Event Date", 10) AS DATE)'
_FIELDS: dict[str, str] = {
    "event_id": "'polecat:' || trim(s.\"Event ID\")",
    "doc_id": "'polecat:' || trim(s.\"Event ID\")",
    "source_text": "nullif(s.\"Actor Name\", '')",
    "source_actor": "nullif(coalesce(s.src_iso, '') || coalesce(s.src_sector3, ''), '')",
    "source_country": "s.src_iso",
    "source_sector": "nullif(coalesce(s.src_sector3, trim(s.\"Primary Actor Sector\")), '')",
    "target_text": "nullif(s.\"Recipient Name\", '')",
    "target_actor": "nullif(coalesce(s.tgt_iso, '') || coalesce(s.tgt_sector3, ''), '')",
    "target_country": "s.tgt_iso",
    "target_sector": "nullif(coalesce(s.tgt_sector3, trim(s.\"Primary Recipient Sector\")), '')",
    "event_type": "s.ev_type",
    "event_mode": "s.ev_mode",
    "cameo_code": "s.cameo",
    "cameo_root": "substr(s.cameo, 1, 2)",
    "quad_class": "coalesce(s.quad_given, s.cameo_quad)",
    "goldstein": "s.goldstein",
    "date_start": _DAY,
    "date_end": _DAY,
    "location_name": "coalesce(nullif(s.\"Placename\", ''), nullif(s.\"City\", ''), "
    "nullif(s.\"Province\", ''))",
    "location_country": "s.loc_iso",
    "latitude": 'try_cast(s."Latitude" AS DOUBLE)',
    "longitude": 'try_cast(s."Longitude" AS DOUBLE)',
    "rule": "'import:polecat ' || coalesce(s.\"Source\", '')",
    "coder_version": "'polecat' || coalesce('-' || nullif(trim(s.\"Version\"), ''), '')",
}


SELECT = event_select(_FIELDS, source="temp.staged s")


def _clean(expr: str) -> str:
    """Text safe in a tab-separated, unquoted cell."""
    return f"regexp_replace({expr}, '[\\t\\r\\n]+', ' ', 'g')"


_EXPORT: dict[str, str] = {
    "Event ID": _clean("regexp_replace(e.event_id, '^polecat:', '')"),
    "Event Date": "strftime(e.date_start, '%Y-%m-%d')",
    "Event Type": "e.event_type",
    "Event Mode": "e.event_mode",
    "Quad Code": "CAST(e.quad_class AS VARCHAR)",
    "Actor Name": _clean("e.source_text"),
    "Actor Country": "e.source_country",
    "Primary Actor Sector": _clean("e.source_sector"),
    "Recipient Name": _clean("e.target_text"),
    "Recipient Country": "e.target_country",
    "Primary Recipient Sector": _clean("e.target_sector"),
    "Placename": _clean("e.location_name"),
    "Country": "e.location_country",
    "Latitude": "CAST(e.latitude AS VARCHAR)",
    "Longitude": "CAST(e.longitude AS VARCHAR)",
    "Source": _clean("regexp_extract(e.rule, '^import:polecat (.*)$', 1)"),
    "Version": _clean("regexp_extract(e.coder_version, '^polecat-(.*)$', 1)"),
}


def export(con: duckdb.DuckDBPyConnection, path: Path, rows: Rows) -> int:
    """Write the event rows with a PLOVER type as a POLECAT-like TSV (all 40 columns,
    header). Statements (CAMEO 01-02, no PLOVER type) have no POLECAT row and are left
    out."""
    select = column_select(_EXPORT, POLECAT_COLUMNS, blank="NULL")
    where, params = rows.where("e", "e.event_type <> ''")
    sql = f"SELECT {select} FROM {rows.relation} e {where} ORDER BY e.date_start, e.event_id"
    return copy_to(con, sql, params, path, options=tab_separated(header=True))


LAYOUT = Layout(
    name="polecat",
    summary="POLECAT weekly TSV (header; columns found by name)",
    stage=stage,
    select=SELECT,
    export=export,
)
