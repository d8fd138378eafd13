"""An analyst's corrections, stored apart from the coder's rows and logged.

An event override is keyed by ``event_id`` (a hash of the document, the sentence,
the trigger, the code and the actors), so re-coding a document keeps it; an actor
override is keyed by the learned actor's name and code. Reads apply them (see
:func:`detente.web.queries.events_source`) and pages show them as corrected.
An event correction also reclusters, in the same transaction, the materialised
stories it changes (:func:`detente.analysis.stories.refresh_corrections`); an actor
correction changes the actor list only, not the events analyses count.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb

from detente.analysis.stories import refresh_corrections
from detente.clock import utc_now
from detente.events.lexicon import cameo_table
from detente.models import Factuality
from detente.web.errors import WebError, not_found
from detente.web.queries import EventView, get_event, has_table

EVENT_STATUSES: tuple[str, ...] = ("confirmed", "corrected", "rejected")
ACTOR_STATUSES: tuple[str, ...] = ("confirmed", "corrected", "rejected")


def _require_tables(con: duckdb.DuckDBPyConnection) -> None:
    if not has_table(con, "event_overrides"):
        raise WebError(
            "this store predates corrections; open it once with `detente ingest` to migrate it",
            status=409,
            code="conflict",
        )


def country_of(code: str | None) -> str | None:
    """The country part of an actor code: ``ISRGOV`` -> ``ISR``; bodies (``NATO``) have none."""
    if code and len(code) in (3, 6) and code[:3].isalpha():
        return code[:3].upper()
    return None


def correct_event(
    con: duckdb.DuckDBPyConnection,
    event_id: str,
    *,
    status: str,
    source_actor: str | None = None,
    target_actor: str | None = None,
    cameo_code: str | None = None,
    factuality: Factuality | None = None,
    note: str | None = None,
    client: str | None = None,
) -> EventView:
    """Confirm, correct or reject an event; return it as it now reads."""
    _require_tables(con)
    if status not in EVENT_STATUSES:
        raise WebError(f"status {status!r} is unknown; use one of {', '.join(EVENT_STATUSES)}")
    get_event(con, event_id)
    values: dict[str, Any] = {
        "source_actor": source_actor,
        "source_country": country_of(source_actor),
        "target_actor": target_actor,
        "target_country": country_of(target_actor),
        "factuality": factuality,
        **_cameo_values(cameo_code),
    }
    columns = ["event_id", "status", *values, "note", "updated_at"]
    row = [event_id, status, *values.values(), note, utc_now()]
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM event_overrides WHERE event_id = ?", [event_id])
        con.execute(
            f"INSERT INTO event_overrides ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            row,
        )
        _audit(con, "event", event_id, {"status": status, **values, "note": note}, client)
        refresh_corrections(con)  # the stories the event left and joined, in this write
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return get_event(con, event_id)


def _cameo_values(code: str | None) -> dict[str, Any]:
    if not code:
        return dict.fromkeys(
            ("cameo_code", "cameo_root", "event_type", "event_mode", "quad_class", "goldstein")
        )
    facts = cameo_table().get(code)
    if facts is None:
        raise WebError(f"CAMEO code {code!r} is unknown; use a code such as 042 or 1123")
    return {
        "cameo_code": facts.code,
        "cameo_root": facts.root,
        "event_type": facts.plover_type,
        "event_mode": facts.plover_mode,
        "quad_class": facts.quad_class,
        "goldstein": facts.goldstein,
    }


def correct_actor(
    con: duckdb.DuckDBPyConnection,
    name: str,
    code: str,
    *,
    status: str,
    new_code: str | None = None,
    note: str | None = None,
    client: str | None = None,
) -> dict[str, Any]:
    """Confirm, correct (``new_code``) or reject a learned actor; return the override."""
    _require_tables(con)
    if status not in ACTOR_STATUSES:
        raise WebError(f"status {status!r} is unknown; use one of {', '.join(ACTOR_STATUSES)}")
    if status == "corrected" and not new_code:
        raise WebError("a correction needs new_code, the actor's right code (e.g. ISRGOV)")
    row = con.execute("SELECT sector FROM actors WHERE name = ? AND code = ?", [name, code])
    if row.fetchone() is None:
        raise not_found(f"actor {name!r} ({code})", "list learned actors at /api/actors")
    new_sector = new_code[3:] or None if new_code and len(new_code) == 6 else None
    record = {
        "name": name,
        "code": code,
        "status": status,
        "new_code": new_code,
        "new_country": country_of(new_code),
        "new_sector": new_sector,
        "note": note,
    }
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM actor_overrides WHERE name = ? AND code = ?", [name, code])
        con.execute(
            "INSERT INTO actor_overrides VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [*record.values(), utc_now()],
        )
        _audit(con, "actor", f"{name} ({code})", record, client)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return record


def record_write(
    con: duckdb.DuckDBPyConnection, action: str, target: str, detail: dict[str, Any], client: str
) -> None:
    """Log a write (such as an ingest) made through the web app, when the store can hold it."""
    if has_table(con, "audit_log"):
        _audit(con, action, target, detail, client)


def _audit(
    con: duckdb.DuckDBPyConnection,
    action: str,
    target: str,
    detail: dict[str, Any],
    client: str | None,
) -> None:
    con.execute(
        "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?)",
        [utc_now(), action, target, json.dumps(detail, default=str, ensure_ascii=False), client],
    )
