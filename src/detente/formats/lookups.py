"""Small constant lookup tables the layouts join their rows to, as DuckDB temp tables.

FIPS 10-4 -> ISO alpha-3 (GDELT's geography), CAMEO -> PLOVER type, mode and quad
class (every CAMEO layout), country names -> ISO alpha-3 (ICEWS, POLECAT). Each is
created and filled in one statement, one list parameter per column (``executemany``
and long ``VALUES`` lists are slow in DuckDB), and since the data never changes a
connection builds each once.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import duckdb

from detente.actors.gazetteer import Country, load_gazetteer

_HERE = Path(__file__).resolve().parent


def has_temp_tables(con: duckdb.DuckDBPyConnection, *names: str) -> bool:
    """Whether this connection already holds all the temp tables ``names``."""
    found = con.execute(
        "SELECT count(DISTINCT table_name) FROM duckdb_tables() "
        "WHERE temporary AND list_contains(?, table_name)",
        [list(names)],
    ).fetchone()
    return found is not None and found[0] == len(names)


def temp_table(
    con: duckdb.DuckDBPyConnection,
    name: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
) -> None:
    """``temp.<name>`` holding ``rows``, created and filled in one statement (so a
    failure leaves no half-filled table). A column is ``"name"`` (VARCHAR) or
    ``"name TYPE"`` ("quad INTEGER")."""
    specs = [column.split(" ", 1) if " " in column else [column, "VARCHAR"] for column in columns]
    select = ", ".join(f"unnest(?::{kind}[]) AS {column}" for column, kind in specs)
    values = [[row[i] for row in rows] for i in range(len(specs))]
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {select}", values)


@cache
def fips_to_iso3() -> dict[str, str]:
    """FIPS 10-4 country code -> ISO alpha-3, from the packaged table."""
    with (_HERE / "data" / "fips_iso3.csv").open(encoding="utf-8") as stream:
        return {row["fips"]: row["iso3"] for row in csv.DictReader(stream)}


@cache
def cameo_table_rows() -> tuple[dict[str, str], ...]:
    """The coder's packaged CAMEO table (``cameo.json``): code, root, PLOVER type and mode,
    quad class, Goldstein, as text.

    Read as a file (not through ``detente.events``, whose import loads spaCy), so that
    an import does not pay seconds of start-up for a lookup table.
    """
    path = _HERE.parent / "events" / "data" / "cameo.json"
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


def countries() -> dict[str, Country]:
    """ISO alpha-3 -> the gazetteer's country (name, variants)."""
    return dict(load_gazetteer().countries)


@cache
def country_codes() -> dict[str, str]:
    """Lower-cased country name or variant -> ISO alpha-3, from the gazetteer."""
    out: dict[str, str] = {}
    for code, country in load_gazetteer().countries.items():
        for name in (country.name, *country.variants):
            out.setdefault(name.lower(), code)
    return out


@cache
def type_roots() -> dict[str, str]:
    """PLOVER type -> the CAMEO root most used for it (ties: the lowest root)."""
    counts: dict[str, Counter[str]] = {}
    for row in cameo_table_rows():
        counts.setdefault(row["plover_type"], Counter())[row["root"]] += 1
    return {kind: min(c, key=lambda r: (-c[r], r)) for kind, c in counts.items() if kind}


def code_tables(con: duckdb.DuckDBPyConnection) -> None:
    """``temp.fips (fips, iso3)`` and ``temp.plover (code, type, mode, quad)``, built
    once per connection."""
    if has_temp_tables(con, "fips", "plover"):
        return
    fips = [[code, iso] for code, iso in fips_to_iso3().items()]
    plover = [
        [r["code"], r["plover_type"], r["plover_mode"], r["quad_class"]] for r in cameo_table_rows()
    ]
    temp_table(con, "fips", ("fips", "iso3"), fips)
    temp_table(con, "plover", ("code", "type", "mode", "quad"), plover)


def country_table(con: duckdb.DuckDBPyConnection) -> None:
    """``temp.country_names (name, iso3)``: lower-cased names, variants and ISO alpha-3
    codes -> ISO alpha-3; built once per connection."""
    if has_temp_tables(con, "country_names"):
        return
    mapping = dict(country_codes())
    for code in countries():
        mapping.setdefault(code.lower(), code)
    temp_table(con, "country_names", ("name", "iso3"), sorted(mapping.items()))
