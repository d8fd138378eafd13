"""The DuckDB store: one file, created and migrated on first use.

Every write runs in a transaction, so an interrupted run leaves either all of a
document (its row, mentions and events) or none of it; writes are keyed, so a
rerun duplicates nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from detente.clock import utc_now
from detente.config import Settings
from detente.errors import StoreError
from detente.models import DOCUMENT_FIELDS, EVENT_FIELDS, Document, Event, Failure, Mention
from detente.options import LOCK_WAIT
from detente.store.inputs import Provenance
from detente.store.lock import WriterLock, connect
from detente.store.schema import migrate, schema_version
from detente.store.views import corrected_events
from detente.store.writes import Coded, save_batch


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """Which events to read. Country codes are ISO alpha-3; dates are inclusive."""

    dyad: tuple[str, str] | None = None
    directed: bool = False
    actor: str | None = None
    event_type: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    doc_id: str | None = None
    limit: int | None = None


@dataclass(frozen=True, slots=True)
class StoreCounts:
    """How much the store holds, by table and document status."""

    documents: int
    events: int
    mentions: int
    failures: int
    by_status: dict[str, int]


class Store:
    """A DuckDB file holding documents, mentions, events, actors and failures."""

    def __init__(
        self, path: Path | str, *, read_only: bool = False, wait: float | None = None
    ) -> None:
        """Open (and, for a writer, create and migrate) the store.

        A writer takes the store's writer lock first: while another writer holds it,
        opening retries for ``wait`` seconds, then raises ``StoreBusyError`` naming the
        first one's PID. While another process holds the DuckDB file, opening retries
        for ``wait`` seconds too (default ``lock_wait``'s,
        :data:`detente.options.LOCK_WAIT`; see ``store.lock``). The commands and the web
        app open it with :meth:`from_settings`.
        """
        self.path = Path(path)
        self.read_only = read_only
        self.wait = LOCK_WAIT if wait is None else wait
        self._depth = 0
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no store here; run `detente ingest` first")
        self._lock = None if read_only else WriterLock(self.path)
        try:
            if self._lock is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._lock.acquire(wait=self.wait)
            self.con = connect(self.path, read_only=read_only, wait=self.wait)
        except OSError as exc:
            self._unlock()
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from exc
        except StoreError:
            self._unlock()
            raise
        if not read_only:
            migrate(self.con)

    @classmethod
    def from_settings(cls, settings: Settings, *, read_only: bool = False) -> Store:
        """The store at ``settings.db``, waiting ``settings.lock_wait`` seconds for a
        busy one: how every command and the web app open it."""
        return cls(settings.db, read_only=read_only, wait=settings.lock_wait)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection and let go of the writer lock; the file stays."""
        self.con.close()
        self._unlock()

    def _unlock(self) -> None:
        if self._lock is not None:
            self._lock.release()

    @contextmanager
    def released(self) -> Iterator[None]:
        """Let go of the DuckDB file for the block (readers may open it), keeping the
        writer lock; reopen it after, waiting for readers up to ``wait`` seconds."""
        if self._depth:
            raise StoreError(f"{self.path}: cannot let go of the store inside a transaction")
        self.con.close()
        try:
            yield
        finally:
            self.con = connect(self.path, read_only=self.read_only, wait=self.wait)

    @property
    def version(self) -> int:
        """The schema version of the file."""
        return schema_version(self.con)

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run the block in one transaction: all of it lands, or none of it.

        Nested blocks join the outermost transaction, so a batch of writes made by
        several functions commits (or rolls back) as one.
        """
        if self._depth:
            self.con.execute("SELECT 1").fetchall()  # ends any open result, as BEGIN would
            self._depth += 1
            try:
                yield self.con
            finally:
                self._depth -= 1
            return
        self.con.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield self.con
        except BaseException:
            self._depth = 0
            self.con.execute("ROLLBACK")
            raise
        self._depth = 0
        self.con.execute("COMMIT")

    # -- writes ---------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        """Whether a document with this id is stored (in any status)."""
        row = self.con.execute("SELECT 1 FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
        return row is not None

    def save_document(
        self,
        doc: Document,
        events: Sequence[Event] = (),
        mentions: Sequence[Mention] = (),
        *,
        provenance: Provenance | None = None,
    ) -> bool:
        """Store a document with its events and mentions; False when it was already there.

        ``provenance`` (source kind, origin, fetch time, hashes, MinHash, the original
        of a near-duplicate) lands in the same transaction, with the ``inputs`` row.
        The document is written as a batch of one (:func:`detente.store.writes.save_batch`).
        """
        item = Coded(doc, events, mentions, provenance)
        return not save_batch(self, [item])

    def record_failure(
        self, failure: Failure, *, origin: str | None = None, source_kind: str | None = None
    ) -> None:
        """Record (or refresh) why an input failed; one row per source and stage.

        ``origin`` is what ``--retry-failed`` reads again (the file, URL or archive);
        ``attempts`` counts how often the input has failed.
        """
        with self.transaction() as con:
            row = con.execute(
                "SELECT attempts FROM failures WHERE source = ? AND stage = ?",
                [failure.source, failure.stage],
            ).fetchone()
            attempts = (int(row[0] or 1) + 1) if row else 1
            con.execute(
                "INSERT OR REPLACE INTO failures (source, stage, reason, doc_id, recorded_at, "
                "origin, source_kind, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    failure.source,
                    failure.stage,
                    failure.reason,
                    failure.doc_id,
                    utc_now(),
                    origin,
                    source_kind,
                    attempts,
                ],
            )

    # -- reads ----------------------------------------------------------------

    def events(self, flt: EventFilter | None = None, *, corrected: bool = False) -> list[Event]:
        """Events matching the filter, in date order.

        ``corrected`` reads them as the analyst corrected them (rejected ones left out),
        as analyses do; by default they are the coder's rows as stored.
        """
        source = corrected_events(self.con) if corrected else "events"
        where, params = _event_where(flt or EventFilter())
        sql = f"SELECT {', '.join(EVENT_FIELDS)} FROM {source} {where} "
        sql += "ORDER BY date_start NULLS LAST, doc_id, sentence_start, event_id"
        if flt and flt.limit:
            sql += f" LIMIT {int(flt.limit)}"
        rows = self.con.execute(sql, params).fetchall()
        return [Event.from_record(dict(zip(EVENT_FIELDS, row, strict=True))) for row in rows]

    def documents(self) -> list[Document]:
        """Every stored document, in ingest order."""
        rows = self.con.execute(
            f"SELECT {', '.join(DOCUMENT_FIELDS)} FROM documents ORDER BY ingested_at, doc_id"
        ).fetchall()
        return [Document(**dict(zip(DOCUMENT_FIELDS, row, strict=True))) for row in rows]

    def failures(self) -> list[Failure]:
        """Every recorded failure, by source."""
        rows = self.con.execute(
            "SELECT source, stage, reason, doc_id FROM failures ORDER BY source, stage"
        ).fetchall()
        return [Failure(source=r[0], stage=r[1], reason=r[2], doc_id=r[3]) for r in rows]

    def counts(self) -> StoreCounts:
        """Row counts, for summaries and checks."""

        def one(sql: str) -> int:
            row = self.con.execute(sql).fetchone()
            return int(row[0]) if row else 0

        status_rows = self.con.execute(
            "SELECT status, count(*) FROM documents GROUP BY status ORDER BY status"
        ).fetchall()
        return StoreCounts(
            documents=one("SELECT count(*) FROM documents"),
            events=one("SELECT count(*) FROM events"),
            mentions=one("SELECT count(*) FROM mentions"),
            failures=one("SELECT count(*) FROM failures"),
            by_status={str(r[0]): int(r[1]) for r in status_rows},
        )


def _event_where(flt: EventFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if flt.dyad:
        a, b = flt.dyad
        clauses.append("(source_country = ? AND target_country = ?)")
        params += [a, b]
        if not flt.directed:
            clauses[-1] = f"({clauses[-1]} OR (source_country = ? AND target_country = ?))"
            params += [b, a]
    if flt.actor:
        clauses.append("(? IN (source_country, target_country, source_actor, target_actor))")
        params.append(flt.actor.upper())
    if flt.event_type:
        kind = flt.event_type.upper()
        if kind.isdigit():
            clauses.append("starts_with(cameo_code, ?)")
        else:
            clauses.append("event_type = ?")
        params.append(kind)
    if flt.since:
        clauses.append("coalesce(date_end, date_start) >= ?")
        params.append(flt.since)
    if flt.until:
        clauses.append("date_start <= ?")
        params.append(flt.until)
    if flt.doc_id:
        clauses.append("doc_id = ?")
        params.append(flt.doc_id)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
