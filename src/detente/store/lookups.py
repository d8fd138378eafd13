"""Small constant lookup tables (codes, names) as DuckDB temp tables.

Importers and exporters join their rows to such tables (FIPS -> ISO, CAMEO -> PLOVER,
country names). Each is created and filled in one statement, one list parameter per
column (``executemany`` and long ``VALUES`` lists are slow in DuckDB), and since the
data never changes an importer builds them once per connection.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb


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
