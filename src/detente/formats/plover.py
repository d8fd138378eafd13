"""PLOVER JSON: events as named-field records (PLOVER manual, "Data Fields").

Import accepts newline-delimited JSON (one record a line, the manual's suggestion)
or one JSON array. Required fields: ``id``, ``date`` (YYYY-MM-DD), ``actor`` (a list
of entity objects with ``code``) and ``event`` (a list of PLOVER types); optional:
``enddate``, ``recipient``, ``mode``, ``quad_code``, ``event_scale``, ``event_text``,
``text``, ``event_loc``, ``coder``. A bad record is named by line and field.
Export writes the same fields, plus every detente field under ``"detente"`` so that
export then import returns the same events.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from detente.formats.layout import STORED_FIELDS, Layout, LayoutError, Rows, event_select
from detente.formats.lookups import type_roots
from detente.models import EVENT_FIELDS, PLOVER_TYPES

_QUADS = {"1": 1, "2": 2, "3": 3, "4": 4}


def stage(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """``temp.staged``: one row per record, with the event fields as columns."""
    import pyarrow as pa  # heavy: loaded by the layouts that need it, not by every import

    rows = [_event_row(path, line, record) for line, record in _records(path)]
    columns = {name: [r[name] for r in rows] for name in EVENT_FIELDS}
    table = (
        pa.table(columns)
        if rows
        else pa.table({n: pa.array([], pa.string()) for n in EVENT_FIELDS})
    )
    con.register("plover_rows", table)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE staged AS SELECT * FROM plover_rows")
    finally:
        con.unregister("plover_rows")


SELECT = event_select(STORED_FIELDS, source="temp.staged")


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise LayoutError(path, f"line {exc.lineno}: not valid JSON ({exc.msg})") from None
        for index, item in enumerate(items, start=1):
            yield index, _object(path, index, item)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LayoutError(path, f"line {number}: not valid JSON ({exc.msg})") from None
        yield number, _object(path, number, item)


def _object(path: Path, line: int, item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise LayoutError(path, f"line {line}: a PLOVER record must be a JSON object")
    return item


def _event_row(path: Path, line: int, record: dict[str, Any]) -> dict[str, Any]:
    stored = record.get("detente")
    if isinstance(stored, dict) and all(name in stored for name in EVENT_FIELDS):
        return {name: stored[name] for name in EVENT_FIELDS}

    def bad(field: str, why: str) -> LayoutError:
        value = record.get(field)
        shown = "" if value is None else f" (value {json.dumps(value)[:40]})"
        return LayoutError(path, f"line {line}, field {field}: {why}{shown}")

    if not record.get("id"):
        raise bad("id", "missing; every PLOVER record needs an id")
    day = _day(record.get("date"))
    if day is None:
        raise bad("date", "not a YYYY-MM-DD date")
    end = _day(record.get("enddate")) if record.get("enddate") else day
    if end is None:
        raise bad("enddate", "not a YYYY-MM-DD date")
    kinds = record.get("event")
    kind = kinds[0] if isinstance(kinds, list) and kinds else kinds
    if not isinstance(kind, str) or kind.upper() not in PLOVER_TYPES:
        raise bad("event", "not a PLOVER event type")
    kind = kind.upper()
    actor = _entity(record.get("actor"))
    if actor is None:
        raise bad("actor", "needs a list of entity objects with a code")
    recipient = _entity(record.get("recipient")) or {}
    quad = _QUADS.get(str(record.get("quad_code", "")), 0)
    scale = record.get("event_scale")
    if scale is not None and not isinstance(scale, int | float):
        raise bad("event_scale", "not a number")
    return _fields(record, kind, day, end, actor, recipient, quad, scale)


def _fields(
    record: dict[str, Any],
    kind: str,
    day: dt.date,
    end: dt.date,
    actor: dict[str, Any],
    recipient: dict[str, Any],
    quad: int,
    scale: float | None,
) -> dict[str, Any]:
    modes = record.get("mode") or []
    texts = record.get("event_text") or []
    loc = record.get("event_loc") if isinstance(record.get("event_loc"), dict) else {}
    assert isinstance(loc, dict)
    root = type_roots().get(kind, "")
    row: dict[str, Any] = dict.fromkeys(EVENT_FIELDS)
    row.update(
        event_id=f"plover:{record['id']}",
        doc_id=f"plover:{record.get('link') or record['id']}",
        sentence_index=0,
        sentence=str(record.get("text") or ""),
        sentence_start=0,
        sentence_end=0,
        trigger_text=str(texts[0] if isinstance(texts, list) and texts else texts or ""),
        source_text=actor.get("entity_text"),
        source_actor=str(actor["code"]) + str(actor.get("sector") or ""),
        source_country=str(actor["code"]),
        source_sector=actor.get("sector"),
        target_text=recipient.get("entity_text"),
        target_actor=_code(recipient, with_sector=True),
        target_country=_code(recipient, with_sector=False),
        target_sector=recipient.get("sector"),
        event_type=kind,
        event_mode=str(modes[0] if isinstance(modes, list) and modes else modes or ""),
        cameo_code=root,
        cameo_root=root,
        quad_class=quad,
        goldstein=float(scale) if scale is not None else 0.0,
        date_start=day.isoformat(),
        date_end=end.isoformat(),
        date_granularity="day",
        date_basis="publication",
        factuality="asserted",
        location_name=loc.get("name"),
        location_country=loc.get("country_code"),
        latitude=loc.get("lat"),
        longitude=loc.get("lon"),
        confidence=0.5,
        rule="import:plover",
        coder_version=str(record.get("coder") or "plover"),
    )
    return row


def _code(entity: dict[str, Any], *, with_sector: bool) -> str | None:
    if not entity.get("code"):
        return None
    sector = str(entity.get("sector") or "") if with_sector else ""
    return str(entity["code"]) + sector


def _entity(value: Any) -> dict[str, Any] | None:
    first = value[0] if isinstance(value, list) and value else value
    if isinstance(first, dict) and first.get("code"):
        return first
    return None


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def export(con: duckdb.DuckDBPyConnection, path: Path, rows: Rows) -> int:
    """Write the event rows as PLOVER JSONL (one record a line)."""
    where, params = rows.where()
    cursor = con.execute(
        f"SELECT {', '.join(f'e.{n}' for n in EVENT_FIELDS)} FROM {rows.relation} e {where} "
        "ORDER BY e.date_start, e.event_id",
        params,
    )
    count = 0
    with path.open("w", encoding="utf-8") as stream:
        while batch := cursor.fetchmany(10_000):
            for values in batch:
                stream.write(
                    json.dumps(
                        plover_record(dict(zip(EVENT_FIELDS, values, strict=True))),
                        ensure_ascii=False,
                        default=str,
                    )
                    + "\n"
                )
                count += 1
    return count


def plover_record(event: dict[str, Any]) -> dict[str, Any]:
    """One event as a PLOVER record (with the detente fields under ``"detente"``)."""
    record: dict[str, Any] = {
        "id": str(event["event_id"]),
        "date": str(event["date_start"]),
        "enddate": str(event["date_end"] or event["date_start"]),
        "actor": [_plover_entity(event, "source")],
        "event": [event["event_type"]],
        "quad_code": event["quad_class"],
        "event_scale": event["goldstein"],
        "event_text": [event["trigger_text"]],
        "text": event["sentence"],
        "coder": event["coder_version"],
        "detente": {k: (str(v) if isinstance(v, dt.date) else v) for k, v in event.items()},
    }
    if event["target_country"] or event["target_actor"]:
        record["recipient"] = [_plover_entity(event, "target")]
    if event["event_mode"]:
        record["mode"] = [event["event_mode"]]
    if event["location_name"] or event["location_country"]:
        record["event_loc"] = {
            "name": event["location_name"],
            "country_code": event["location_country"],
            "lat": event["latitude"],
            "lon": event["longitude"],
        }
    return record


def _plover_entity(event: dict[str, Any], side: str) -> dict[str, Any]:
    return {
        "code": event[f"{side}_country"] or event[f"{side}_actor"],
        "sector": event[f"{side}_sector"],
        "entity_text": event[f"{side}_text"],
    }


LAYOUT = Layout(
    name="plover",
    summary='PLOVER JSON (one record a line, or one array; detente\'s fields kept under "detente")',
    stage=stage,
    select=SELECT,
    export=export,
)
