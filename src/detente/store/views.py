"""The store's views of its own tables: the events as the analyst corrected them.

An analyst's corrections live in ``event_overrides`` (migration 6), apart from the
coder's rows, so re-coding never loses them. :func:`corrected_events` reads the two
together; every reader that counts or exports events goes through it, so the CLI, the
library, the exports and the web app see the same events.
"""

from __future__ import annotations

import duckdb

from detente.store.snapshot import remembered

# The columns an analyst's override may replace (migration 6: ``event_overrides``).
OVERRIDDEN: tuple[str, ...] = (
    "source_actor",
    "source_country",
    "target_actor",
    "target_country",
    "cameo_code",
    "cameo_root",
    "event_type",
    "event_mode",
    "quad_class",
    "goldstein",
    "factuality",
)


def has_overrides(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store holds any analyst override (an older store has no such table)."""
    return remembered(con, "overrides", lambda: _has_overrides(con))


def _has_overrides(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'event_overrides'"
    ).fetchone()
    if not row or not row[0]:
        return False
    found = con.execute("SELECT EXISTS (SELECT 1 FROM event_overrides)").fetchone()
    return bool(found and found[0])


# Columns that follow another: a corrected actor brings its own country (none for a
# body like NATO), a corrected CAMEO code its own root, type, mode, quad class and
# Goldstein value (none for a statement without a PLOVER type).
_FOLLOWS = {
    "source_country": "source_actor",
    "target_country": "target_actor",
    **dict.fromkeys(
        ("cameo_root", "event_type", "event_mode", "quad_class", "goldstein"), "cameo_code"
    ),
}


def corrected_value(column: str) -> str:
    """SQL for ``column`` of ``events e`` as corrected by its override ``o`` (if any)."""
    leader = _FOLLOWS.get(column)
    if leader is None:
        return f"coalesce(o.{column}, e.{column})"
    return f"CASE WHEN o.{leader} IS NOT NULL THEN o.{column} ELSE e.{column} END"


def corrected_events(
    con: duckdb.DuckDBPyConnection, *, keep_rejected: bool = False, with_status: bool = False
) -> str:
    """The events as the analyst corrected them, as a relation to select ``FROM``.

    Rejected events are left out (``keep_rejected`` keeps them, for lists that show
    them struck through); a corrected actor, code or factuality replaces the coder's.
    ``with_status`` adds ``override_status`` and ``override_note``. Events without an
    override are read straight from ``events``, so filters on them reach the scan.
    """
    plain_status = ", NULL::VARCHAR AS override_status, NULL::VARCHAR AS override_note"
    if not has_overrides(con):
        return f"(SELECT *{plain_status} FROM events)" if with_status else "events"
    replaced = ", ".join(f"{corrected_value(c)} AS {c}" for c in OVERRIDDEN)
    status = ", o.status AS override_status, o.note AS override_note" if with_status else ""
    rejected = "" if keep_rejected else "WHERE o.status <> 'rejected'"
    return f"""(
        SELECT e.*{plain_status if with_status else ""} FROM events e
        WHERE e.event_id NOT IN (SELECT event_id FROM event_overrides)
        UNION ALL
        SELECT e.* REPLACE ({replaced}){status}
        FROM events e JOIN event_overrides o ON o.event_id = e.event_id {rejected}
    )"""
