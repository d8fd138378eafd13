"""What an exchange layout is, and the field map every layout reads and writes through.

A layout is one module of :mod:`detente.formats` that builds one :class:`Layout`: a
reader (``stage`` the file's rows into ``temp.staged``, checked, then ``select`` them
as event fields) and writers (``export`` the store's events with DuckDB, and for
detente's own layouts ``write`` event records). Both sides go through the one field
map of the event schema, :data:`detente.models.EVENT_FIELDS`: a reader names the SQL
of each event field it can fill (:func:`event_select`; an unnamed field is NULL), a
writer the SQL of each of its columns over the event fields (:func:`column_select`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import duckdb

from detente.errors import InputError, StoreError
from detente.models import EVENT_FIELDS, Event

Stage = Callable[[duckdb.DuckDBPyConnection, Path], None]
Export = Callable[[duckdb.DuckDBPyConnection, Path, "Rows"], int]
Write = Callable[[Iterable[Event], "IO[str] | Path"], int]


class LayoutError(InputError, StoreError):
    """A file does not follow its layout, or no layout has that name.

    ``source`` is the input it failed on (the file, or the layout or format name) and
    ``reason`` what is wrong with it (the line and column, where there is one); the
    one-line message is ``"{source}: {reason}"``.
    """


@dataclass(frozen=True, slots=True)
class Rows:
    """The events an export writes: a relation of event rows (the store's ``events``
    or the corrected view) and an optional dataset they must belong to."""

    relation: str = "events"
    dataset: str | None = None

    def where(self, alias: str = "e", *also: str) -> tuple[str, list[str]]:
        """The ``WHERE`` clause (empty when nothing is filtered) and its parameters."""
        clauses = list(also)
        if self.dataset:
            clauses.append(f"coalesce({alias}.dataset, 'detente') = ?")
        sql = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return sql, [self.dataset] if self.dataset else []


@dataclass(frozen=True, slots=True, kw_only=True)
class Layout:
    """One exchange layout: its name, what it is, its reader and its writers.

    ``stage`` fills ``temp.staged`` from a file (a bad row raises :class:`LayoutError`
    naming its line and column) and ``select`` is the SQL that reads the staged rows as
    ``EVENT_FIELDS``, then the dataset (the one ``?``) and the mentions each row
    stands for. ``export`` writes a store's event rows to a file; ``write`` writes
    event records to a path or, unless ``streams`` is false (a binary file such as
    Parquet), to a text stream; ``media_type`` is what such a file is served as (the
    web's downloads). A layout without a reader or writer leaves it ``None``.
    """

    name: str
    summary: str
    stage: Stage | None = None
    select: str | None = None
    export: Export | None = None
    write: Write | None = None
    streams: bool = True
    media_type: str = "application/octet-stream"


# Staged rows that already hold the event fields by name (dates as text or dates).
STORED_FIELDS: dict[str, str] = {
    **{name: name for name in EVENT_FIELDS},
    "date_start": "CAST(date_start AS DATE)",
    "date_end": "CAST(date_end AS DATE)",
}


# What a row of another dataset is, unless its layout says more: an event without its
# sentence, dated to the day of publication, asserted, of middling confidence.
ROW_DEFAULTS: dict[str, str] = {
    "sentence_index": "0",
    "sentence": "''",
    "sentence_start": "0",
    "sentence_end": "0",
    "trigger_text": "''",
    "date_granularity": "'day'",
    "date_basis": "'publication'",
    "factuality": "'asserted'",
    "confidence": "0.5",
}


def event_select(fields: Mapping[str, str], *, source: str, mentions: str = "1") -> str:
    """``SELECT`` of every event field (the SQL in ``fields``, else in ``ROW_DEFAULTS``,
    else NULL), the dataset parameter and ``mentions``, ``FROM source``; a field added
    to the event schema later cannot shift the columns."""
    mapped = {**ROW_DEFAULTS, **fields}
    values = ", ".join(mapped.get(name, "NULL") for name in EVENT_FIELDS)
    return f"SELECT {values}, ?, {mentions} FROM {source}"


def column_select(values: Mapping[str, str], columns: Sequence[str], *, blank: str) -> str:
    """The select list of a writer: each of ``columns`` as its SQL in ``values`` (over
    the event row ``e``), else ``blank``."""
    return ", ".join(f'{values.get(c, blank)} AS "{c}"' for c in columns)


def sql_path(path: Path) -> str:
    """``path`` as the body of a SQL string literal."""
    return str(path).replace("'", "''")


def copy_to(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[str], path: Path, *, options: str
) -> int:
    """Write the rows of ``sql`` to ``path`` with DuckDB's COPY; return how many (COPY
    reports the count itself, so the query runs once)."""
    row = con.execute(f"COPY ({sql}) TO '{sql_path(path)}' ({options})", params).fetchone()
    return int(row[0]) if row else 0


def tab_separated(*, header: bool) -> str:
    """COPY options of a tab-separated file as the datasets write them: no quoting, no
    escapes (a writer keeps tabs and newlines out of its cells)."""
    return f"FORMAT csv, DELIMITER '\\t', HEADER {str(header).lower()}, QUOTE '', ESCAPE ''"


def check_staged(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    checks: Sequence[tuple[str, str, str]],
    *,
    columns: Sequence[str],
    line: str = "line",
    value: Callable[[str], str] = lambda column: f'"{column}"',
    unit: str = "line",
    hint: str = "",
) -> None:
    """Run ``(column, failing condition, why)`` checks over ``temp.staged`` in one scan.

    The first bad line raises, named by its line (the SQL ``line``; ``unit`` says what it
    counts) and by the column's name and position in ``columns``, with the value there
    (the SQL ``value(column)``); ``hint`` ends the message.
    """
    firsts = ", ".join(f"min({line}) FILTER (WHERE coalesce({c}, false))" for _, c, _ in checks)
    row = con.execute(f"SELECT {firsts} FROM temp.staged").fetchone()
    failing = [(number, i) for i, number in enumerate(row or ()) if number is not None]
    if not failing:
        return
    number, index = min(failing)
    name, _, why = checks[index]
    found = con.execute(
        f"SELECT {value(name)} FROM temp.staged WHERE {line} = ?", [number]
    ).fetchone()
    shown = "" if not found or found[0] is None else f" (value {str(found[0])[:40]!r})"
    column = list(columns).index(name) + 1
    raise LayoutError(path, f"{unit} {number}, column {column} {name}: {why}{shown}{hint}")
