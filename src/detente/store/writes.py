"""The store's one write path for coded documents: a batch in one transaction.

A DuckDB statement costs milliseconds, so documents are written a batch at a time
(documents, mentions, events, learned actors, ``inputs`` rows, LSH keys; clearing the
failures their sources had) with a few multi-row statements per table, inside the
caller's transaction when there is one. ``Store.save_document`` is a batch of one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from detente.clock import utc_now
from detente.models import DOCUMENT_FIELDS, EVENT_FIELDS, Document, Event, Mention
from detente.store.inputs import INPUT_COLUMNS, Provenance, input_row, provenance_columns

if TYPE_CHECKING:
    import duckdb

    from detente.store.duck import Store

_PROV_COLUMNS = tuple(provenance_columns(Provenance()))
_DOC_COLUMNS = (*DOCUMENT_FIELDS, "ingested_at", *_PROV_COLUMNS)
_MENTION_COLUMNS = (
    "doc_id", "start_char", "end_char", "text", "actor", "country", "sector", "name", "kind",
    "rule",
)  # fmt: skip
_ACTOR_COLUMNS = (
    "name", "code", "country", "sector", "kind", "origin", "first_doc_id", "first_seen",
)  # fmt: skip
_LEARNED_KINDS = ("person", "organisation")

# Rows per INSERT statement: one statement of many VALUES rows is far faster in DuckDB
# than ``executemany``, and past a few hundred rows the statement's parsing dominates.
CHUNK_ROWS = 200


@dataclass(frozen=True, slots=True)
class Coded:
    """One document with what coding it produced and, for an ingested input, its
    provenance (``None``: no ``inputs`` row and no provenance columns)."""

    doc: Document
    events: Sequence[Event] = ()
    mentions: Sequence[Mention] = ()
    provenance: Provenance | None = None


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


def learned_actor(mention: Mention) -> bool:
    """Whether a mention teaches the ``actors`` table: a person or organisation the
    document itself introduced (rule ``doc:...``, e.g. by apposition)."""
    return mention.kind in _LEARNED_KINDS and mention.rule.startswith("doc:")


def insert_rows(
    con: duckdb.DuckDBPyConnection,
    head: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """``head (columns) VALUES (..), (..)``, ``CHUNK_ROWS`` rows a statement."""
    marks = "(" + ", ".join("?" for _ in columns) + ")"
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start : start + CHUNK_ROWS]
        con.execute(
            f"{head} ({', '.join(columns)}) VALUES {', '.join(marks for _ in chunk)}",
            [value for row in chunk for value in row],
        )


def _write(con: duckdb.DuckDBPyConnection, batch: list[Coded]) -> None:
    if not batch:
        return
    now = utc_now()
    insert_rows(con, "INSERT INTO documents", _DOC_COLUMNS, [_document(i, now) for i in batch])
    mentions = [[i.doc.doc_id, *_mention(m)] for i in batch for m in i.mentions]
    insert_rows(con, "INSERT OR IGNORE INTO mentions", _MENTION_COLUMNS, mentions)
    events = [[getattr(e, name) for name in EVENT_FIELDS] for i in batch for e in i.events]
    insert_rows(con, "INSERT OR IGNORE INTO events", EVENT_FIELDS, events)
    actors = [
        [m.name, m.actor, m.country, m.sector, m.kind, m.rule, i.doc.doc_id, now]
        for i in batch
        for m in i.mentions
        if learned_actor(m)
    ]
    insert_rows(con, "INSERT OR IGNORE INTO actors", _ACTOR_COLUMNS, actors)
    _provenance(con, batch, now)


def _document(item: Coded, now: dt.datetime) -> list[Any]:
    prov = provenance_columns(item.provenance)
    return [
        *(getattr(item.doc, name) for name in DOCUMENT_FIELDS),
        now,
        *(prov.get(name) for name in _PROV_COLUMNS),
    ]


def _mention(m: Mention) -> list[Any]:
    return [m.start, m.end, m.text, m.actor, m.country, m.sector, m.name, m.kind, m.rule]


def _provenance(con: duckdb.DuckDBPyConnection, batch: list[Coded], now: dt.datetime) -> None:
    """``inputs`` rows (the last one of a source wins), LSH keys of the originals, and the
    failures of every stored document's source cleared."""
    inputs: dict[str, list[Any]] = {}
    for item in batch:
        prov, source = item.provenance, item.doc.source
        if prov is not None and source:
            inputs[source] = input_row(source, prov.duplicate_of or item.doc.doc_id, prov, now)
    insert_rows(con, "INSERT OR REPLACE INTO inputs", INPUT_COLUMNS, list(inputs.values()))
    keys = [
        (key, item.doc.doc_id)
        for item in batch
        if item.provenance is not None and item.provenance.duplicate_of is None
        for key in item.provenance.lsh_keys
    ]
    if keys:
        con.execute(
            "INSERT INTO doc_lsh (key, doc_id) SELECT unnest(?::BIGINT[]), unnest(?::VARCHAR[])",
            [[k for k, _ in keys], [d for _, d in keys]],
        )
    sources = sorted({item.doc.source for item in batch if item.doc.source})
    if sources:
        con.execute("DELETE FROM failures WHERE source IN (SELECT unnest(?::VARCHAR[]))", [sources])
