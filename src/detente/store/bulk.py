"""A batch of coded documents written in one transaction, a few statements per table.

``Store.save_document`` writes one document with about eight statements; a DuckDB
statement costs milliseconds, so an ingest batch of 32 documents spends most of its
time there. :func:`save_batch` writes the same rows for a whole batch (documents,
mentions, events, learned actors, ``inputs`` rows, LSH keys; clearing old failures)
with one statement per table, inside the caller's transaction when there is one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from detente.models import DOCUMENT_FIELDS, EVENT_FIELDS, Document, Event, Mention
from detente.store.inputs import Provenance, provenance_columns

if TYPE_CHECKING:
    import duckdb

    from detente.store.duck import Store

_DOC_COLUMNS = DOCUMENT_FIELDS
_PROV_COLUMNS = tuple(provenance_columns(Provenance()))


@dataclass(frozen=True, slots=True)
class Coded:
    """One document of a batch with what coding it produced and where it came from."""

    doc: Document
    events: Sequence[Event]
    mentions: Sequence[Mention]
    provenance: Provenance


def save_batch(store: Store, batch: Sequence[Coded]) -> list[str]:
    """Store the batch's new documents; return the ids of those already stored (skipped)."""
    with store.transaction() as con:
        ids = [item.doc.doc_id for item in batch]
        rows = con.execute(
            "SELECT doc_id FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
        ).fetchall()
        stored = {str(row[0]) for row in rows}
        fresh: dict[str, Coded] = {}
        for item in batch:
            if item.doc.doc_id not in stored:
                fresh.setdefault(item.doc.doc_id, item)
        _write(con, list(fresh.values()))
    return [doc_id for doc_id in ids if doc_id not in fresh]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _write(con: duckdb.DuckDBPyConnection, batch: list[Coded]) -> None:
    if not batch:
        return
    now = _now()
    names = ", ".join((*_DOC_COLUMNS, "ingested_at", *_PROV_COLUMNS))
    _insert(
        con,
        f"INSERT INTO documents ({names})",
        [
            [
                *(getattr(item.doc, name) for name in _DOC_COLUMNS),
                now,
                *provenance_columns(item.provenance).values(),
            ]
            for item in batch
        ],
    )
    _insert(
        con,
        "INSERT OR IGNORE INTO mentions",
        [[item.doc.doc_id, *_mention(m)] for item in batch for m in item.mentions],
    )
    _insert(
        con,
        f"INSERT OR IGNORE INTO events ({', '.join(EVENT_FIELDS)})",
        [[getattr(e, name) for name in EVENT_FIELDS] for item in batch for e in item.events],
    )
    _insert(
        con,
        "INSERT OR IGNORE INTO actors",
        [
            [m.name, m.actor, m.country, m.sector, m.kind, m.rule, item.doc.doc_id, now]
            for item in batch
            for m in item.mentions
            if m.kind in ("person", "organisation") and m.rule.startswith("doc:")
        ],
    )
    _provenance(con, batch, now)


def _mention(m: Mention) -> list[Any]:
    return [m.start, m.end, m.text, m.actor, m.country, m.sector, m.name, m.kind, m.rule]


def _provenance(con: duckdb.DuckDBPyConnection, batch: list[Coded], now: dt.datetime) -> None:
    inputs: dict[str, list[Any]] = {}
    for item in batch:
        prov, source = item.provenance, item.doc.source
        if source:
            doc_id = prov.duplicate_of or item.doc.doc_id
            inputs[source] = [source, prov.origin, prov.source_kind, doc_id, prov.relation]
            inputs[source] += [prov.similarity, prov.raw_hash, prov.url, prov.fetched_at, now]
    _insert(con, "INSERT OR REPLACE INTO inputs", list(inputs.values()))
    keys = [
        (key, item.doc.doc_id)
        for item in batch
        if item.provenance.duplicate_of is None
        for key in item.provenance.lsh_keys
    ]
    if keys:
        con.execute(
            "INSERT INTO doc_lsh SELECT unnest(?::BIGINT[]), unnest(?::VARCHAR[])",
            [[k for k, _ in keys], [d for _, d in keys]],
        )
    if inputs:
        con.execute(
            "DELETE FROM failures WHERE source IN (SELECT unnest(?::VARCHAR[]))", [list(inputs)]
        )


def _insert(con: duckdb.DuckDBPyConnection, head: str, rows: list[list[Any]]) -> None:
    """``head VALUES (..), (..)``: one statement per 200 rows (executemany is slow)."""
    for start in range(0, len(rows), 200):
        chunk = rows[start : start + 200]
        marks = "(" + ", ".join("?" for _ in chunk[0]) + ")"
        con.execute(
            f"{head} VALUES {', '.join(marks for _ in chunk)}",
            [value for row in chunk for value in row],
        )
