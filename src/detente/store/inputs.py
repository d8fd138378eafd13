"""Provenance and duplicates in the store: the ``inputs`` table and MinHash LSH keys.

Every input that became a document, or was found to duplicate one, has a row in
``inputs``: its source (path, URL, ``file.jsonl:3``, ``archive.warc.gz#<urn:uuid:..>``),
what to read again to retry it (``origin``), the kind of source, the raw bytes' hash,
the fetch time, and the document it is (``original``) or duplicates (``exact``,
``near`` with the estimated similarity). Near-duplicate candidates are found through
``doc_lsh``: one key per MinHash band of every original document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from detente.clock import utc_now

if TYPE_CHECKING:
    import duckdb

    from detente.store.duck import Store


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    """Where a document came from and how it relates to the documents already stored."""

    source_kind: str = "file"
    origin: str | None = None
    url: str | None = None
    fetched_at: dt.datetime | None = None
    raw_hash: str | None = None
    text_hash: str | None = None
    minhash: bytes | None = None
    lsh_keys: tuple[int, ...] = ()
    duplicate_of: str | None = None
    similarity: float | None = None

    @property
    def relation(self) -> str:
        """``original``, ``exact`` (same text) or ``near`` (a re-published copy)."""
        if self.duplicate_of is None:
            return "original"
        return "exact" if self.similarity is None or self.similarity >= 1.0 else "near"


def provenance_columns(prov: Provenance | None) -> dict[str, Any]:
    """The ``documents`` columns that migration 2 added, for the document's INSERT."""
    if prov is None:
        return {}
    return {
        "text_hash": prov.text_hash,
        "source_kind": prov.source_kind,
        "fetched_at": prov.fetched_at,
        "duplicate_of": prov.duplicate_of,
        "similarity": prov.similarity,
        "minhash": prov.minhash,
    }


INPUT_COLUMNS: tuple[str, ...] = (
    "source", "origin", "source_kind", "doc_id", "relation", "similarity", "raw_hash", "url",
    "fetched_at", "ingested_at",
)  # fmt: skip


def input_row(source: str, doc_id: str, prov: Provenance, now: dt.datetime) -> list[Any]:
    """The ``inputs`` row (``INPUT_COLUMNS``) of a source and the document it became or
    duplicates."""
    return [
        source,
        prov.origin,
        prov.source_kind,
        doc_id,
        prov.relation,
        prov.similarity,
        prov.raw_hash,
        prov.url,
        prov.fetched_at,
        now,
    ]


def write_input(
    con: duckdb.DuckDBPyConnection, *, source: str, doc_id: str, prov: Provenance
) -> None:
    """Record (or refresh) one input and the document it became or duplicates."""
    marks = ", ".join("?" for _ in INPUT_COLUMNS)
    con.execute(
        f"INSERT OR REPLACE INTO inputs ({', '.join(INPUT_COLUMNS)}) VALUES ({marks})",
        input_row(source, doc_id, prov, utc_now()),
    )


def record_duplicate(store: Store, *, source: str, original: str, prov: Provenance) -> None:
    """An input whose text is already stored: an ``inputs`` row pointing at the original."""
    with store.transaction() as con:
        write_input(con, source=source, doc_id=original, prov=prov)
        con.execute("DELETE FROM failures WHERE source = ?", [source])


def input_hash(store: Store, source: str) -> str | None:
    """The raw hash recorded for ``source``, or None when the source is new."""
    row = store.con.execute("SELECT raw_hash FROM inputs WHERE source = ?", [source]).fetchone()
    return None if row is None else str(row[0])


def url_known(store: Store, url: str) -> bool:
    """Whether a document was already stored from this URL (requested or final)."""
    row = store.con.execute(
        "SELECT 1 FROM inputs WHERE source = ? OR url = ? LIMIT 1", [url, url]
    ).fetchone()
    return row is not None


def exact_original(store: Store, *, text_hash: str, doc_id: str) -> tuple[str | None, bool]:
    """The stored original with this text (followed through ``duplicate_of``), and whether
    ``doc_id`` is taken by a document with another text; one query."""
    rows = store.con.execute(
        "SELECT doc_id, duplicate_of, coalesce(text_hash, doc_id) = ? AS same FROM documents "
        "WHERE text_hash = ? OR doc_id = ? OR doc_id = ? ORDER BY same DESC, ingested_at",
        [text_hash, text_hash, text_hash, doc_id],
    ).fetchall()
    same = [row for row in rows if row[2]]
    original = str(same[0][1] or same[0][0]) if same else None
    return original, any(row[0] == doc_id for row in rows)


def near_candidates(store: Store, keys: Sequence[int]) -> list[tuple[str, bytes]]:
    """Original documents sharing at least one LSH key, with their MinHash signatures."""
    if not keys:
        return []
    marks = ", ".join("?" for _ in keys)
    rows = store.con.execute(
        "SELECT d.doc_id, d.minhash FROM documents d WHERE d.minhash IS NOT NULL AND d.doc_id IN "
        f"(SELECT DISTINCT doc_id FROM doc_lsh WHERE key IN ({marks}))",
        list(keys),
    ).fetchall()
    return [(str(row[0]), bytes(row[1])) for row in rows]


def failed_origins(store: Store) -> list[str]:
    """What to read again for ``--retry-failed``: each failed input's origin, once, in order."""
    rows = store.con.execute(
        "SELECT coalesce(origin, source) AS what, min(recorded_at) FROM failures "
        "WHERE source NOT LIKE '<stdin>%' GROUP BY what ORDER BY min(recorded_at), what"
    ).fetchall()
    return [str(row[0]) for row in rows]
