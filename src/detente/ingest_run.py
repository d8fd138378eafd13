"""One ingest run: inputs routed to batches, each batch committed in one transaction.

The run keeps the open batch in memory (pending documents, deferred writes of
duplicates and failures, the manifest entries of its inputs) and commits all of it
together after coding, with the knowledge-base lessons the batch taught. So the store
only ever holds whole batches, and a run killed at any point and started again ends
exactly as an uninterrupted one (see docs/reliability.md).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field, replace

from detente.actors.store_kb import KbSession
from detente.batch import code_within_budget
from detente.ingest import InputItem, dedup, text_id
from detente.ingest.gather import Gathered, Known, Passed, origin_of
from detente.ingest.sources import document_or_failure
from detente.models import BatchResult, Document, Event, Failure
from detente.options import RunLimits
from detente.store import Store
from detente.store.inputs import (
    Provenance,
    exact_original,
    input_hash,
    near_candidates,
    record_duplicate,
)
from detente.store.runs import (
    COUNT_COLUMNS,
    finish_run,
    note_inputs,
    settle_inputs,
    start_run,
)
from detente.store.writes import Coded, save_batch


@dataclass(slots=True)
class JobReport:
    """Running totals of a job; the CLI draws its progress bar from these.

    For ``ingest``, ``coded + skipped + duplicates + unchanged + failed == inputs``:
    nothing is dropped silently. ``passed`` counts WARC records that are not articles
    (requests, redirects, images), which are not inputs.
    """

    inputs: int = 0
    coded: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: int = 0
    events: int = 0
    passed: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        """How many inputs failed."""
        return len(self.failures)

    @property
    def failure_share(self) -> float:
        """Failed inputs over all inputs (0 when there were none)."""
        return self.failed / self.inputs if self.inputs else 0.0

    @property
    def accounted(self) -> int:
        """Inputs with an outcome: coded, skipped, duplicate, unchanged or failed."""
        return self.coded + self.skipped + self.duplicates + self.unchanged + self.failed

    def counts(self) -> dict[str, int]:
        """The totals by name, in ``COUNT_COLUMNS`` order: the run's row in the store,
        the web's ingest answer and the CLI's summary line."""
        return {name: int(getattr(self, name)) for name in COUNT_COLUMNS}


class IngestRun:
    """The state of one ingest run: the open batch (pending documents, deferred writes,
    manifest entries) and its in-run duplicate index."""

    def __init__(
        self,
        store: Store,
        *,
        batch_size: int,
        threshold: float,
        limits: RunLimits,
        sources: list[str],
        share_store: bool = False,
    ) -> None:
        self.store = store
        self.share_store = share_store
        self.kb = KbSession(store)
        self.batch_size = batch_size
        self.threshold = threshold
        self.limits = limits
        self.report = JobReport()
        self.run_id = start_run(store, sources=sources)
        self.seen: set[str] = set()
        self.pending: list[tuple[Document, Provenance]] = []
        self.pending_text: dict[str, str] = {}
        self.pending_lsh: dict[int, list[str]] = {}
        self.pending_sig: dict[str, dedup.Signature] = {}
        self.reserved: set[str] = set()  # ids of near duplicates waiting for the batch
        self.writes: list[Callable[[], None]] = []
        self.manifest: dict[int, tuple[str, str]] = {}  # seq -> (source, outcome)
        self.doc_seq: dict[str, int] = {}

    def take(self, item: Gathered) -> None:
        """Count and route one gathered item."""
        if isinstance(item, Passed):
            self.report.passed += 1
            return
        self.report.inputs += 1
        seq = self.report.inputs
        self.manifest[seq] = (item.source, "pending")
        if isinstance(item, Known):
            self.settle(seq, "unchanged")
        elif isinstance(item, Failure):
            self.fail(item, seq)
        elif item.source in self.seen or input_hash(self.store, item.source) == item.raw_hash:
            self.settle(seq, "unchanged")
        else:
            self.seen.add(item.source)
            self.read(item, seq)
        if len(self.pending) >= self.batch_size or len(self.manifest) >= 8 * self.batch_size:
            self.flush()

    def settle(self, seq: int, outcome: str) -> None:
        source, _ = self.manifest[seq]
        self.manifest[seq] = (source, outcome)
        if outcome == "unchanged":
            self.report.unchanged += 1
        elif outcome == "duplicate":
            self.report.duplicates += 1

    def read(self, item: InputItem, seq: int) -> None:
        """Extract one item and queue it as an original, a duplicate or a failure."""
        doc = document_or_failure(item)
        if isinstance(doc, Failure):
            self.fail(doc, seq)
            return
        if (too_long := self.limits.too_long(doc)) is not None:
            self.fail(too_long, seq)
            return
        digest = text_id(doc.text)
        signature = dedup.minhash(doc.text)
        keys = dedup.lsh_keys(signature)
        prov = Provenance(
            source_kind=item.source_kind,
            origin=item.origin or origin_of(item.source),
            url=doc.url or item.url,
            fetched_at=item.fetched_at,
            raw_hash=item.raw_hash,
            text_hash=digest,
            minhash=dedup.to_bytes(signature),
            lsh_keys=tuple(keys),
        )
        stored, taken = exact_original(self.store, text_hash=digest, doc_id=doc.doc_id)
        original = self.pending_text.get(digest) or stored
        if original is not None:
            self.exact(item, original, prov, seq)
        elif taken or doc.doc_id in self.pending_sig or doc.doc_id in self.reserved:
            self.fail(_id_clash(item.source, doc.doc_id), seq)
        elif (near := self.near(signature, keys)) is not None:
            self.near_duplicate(doc, near, prov, seq)
        else:
            self.add_pending(doc, prov, signature, seq)

    def exact(self, item: InputItem, original: str, prov: Provenance, seq: int) -> None:
        dup = replace(prov, duplicate_of=original, similarity=1.0, minhash=None, lsh_keys=())
        self.writes.append(
            lambda: record_duplicate(self.store, source=item.source, original=original, prov=dup)
        )
        same = _stored_source(self.store, original) == item.source
        self.settle(seq, "unchanged" if same else "duplicate")  # same: a re-saved source

    def near(self, signature: dedup.Signature, keys: list[int]) -> dedup.Match | None:
        candidates = [
            (doc_id, dedup.from_bytes(sig)) for doc_id, sig in near_candidates(self.store, keys)
        ]
        pending_ids = {doc_id for key in keys for doc_id in self.pending_lsh.get(key, ())}
        candidates += [(doc_id, self.pending_sig[doc_id]) for doc_id in sorted(pending_ids)]
        return dedup.best_match(signature, candidates, threshold=self.threshold)

    def near_duplicate(self, doc: Document, match: dedup.Match, prov: Provenance, seq: int) -> None:
        dup = replace(prov, duplicate_of=match.doc_id, similarity=match.similarity, lsh_keys=())
        copy = replace(doc, status="duplicate")
        self.writes.append(lambda: _save(self.store, copy, dup))
        self.pending_text[prov.text_hash or doc.doc_id] = match.doc_id
        self.reserved.add(doc.doc_id)
        self.settle(seq, "duplicate")

    def add_pending(
        self, doc: Document, prov: Provenance, signature: dedup.Signature, seq: int
    ) -> None:
        self.pending.append((doc, prov))
        self.doc_seq[doc.doc_id] = seq
        self.pending_text[prov.text_hash or doc.doc_id] = doc.doc_id
        self.pending_sig[doc.doc_id] = signature
        for key in prov.lsh_keys:
            self.pending_lsh.setdefault(key, []).append(doc.doc_id)

    def flush(self) -> None:
        """Code the open batch and commit it, with everything it decided, in one transaction.

        The manifest rows land first (``pending``), so a kill while the batch is
        coded leaves them for ``detente check``; the store is let go while coding.
        """
        if not self.manifest:
            return
        pending, self.pending = self.pending, []
        result = None
        if pending:
            with self.store.transaction() as con:
                note_inputs(con, self.run_id, [(n, s, o) for n, (s, o) in self.manifest.items()])
            docs = [doc for doc, _ in pending]
            with self.store.released() if self.share_store else nullcontext():
                result = code_within_budget(
                    docs, find_mentions=self.kb.find_mentions, budget=self.limits.nlp_time_budget
                )
        with self.store.transaction() as con:
            if not pending:
                note_inputs(con, self.run_id, [(n, s, o) for n, (s, o) in self.manifest.items()])
            for write in self.writes:
                write()
            if result is not None:
                self.store_batch(result, {doc.doc_id: prov for doc, prov in pending})
            settle_inputs(con, self.run_id, {n: o for n, (_, o) in self.manifest.items()})
        self.clear()

    def store_batch(self, result: BatchResult, provenance: dict[str, Provenance]) -> None:
        events_by_doc: dict[str, list[Event]] = {}
        for event in result.events:
            events_by_doc.setdefault(event.doc_id, []).append(event)
        batch = [
            Coded(
                doc=doc,
                events=events_by_doc.get(doc.doc_id, []),
                mentions=result.mentions.get(doc.doc_id, []),
                provenance=provenance[doc.doc_id],
            )
            for doc in result.documents
        ]
        save_batch(self.store, batch)
        for item in batch:
            seq = self.doc_seq[item.doc.doc_id]
            if item.doc.status == "skipped":
                self.report.skipped += 1
                self.settle(seq, "skipped")
            else:
                self.report.coded += 1
                self.report.events += len(item.events)
                self.settle(seq, "coded")
        self.kb.record(result.documents, result.mentions)
        for failure in result.failures:
            self.fail(failure, self.doc_seq.get(failure.doc_id or ""))
            self.writes[-1]()

    def clear(self) -> None:
        self.pending_text.clear()
        self.pending_lsh.clear()
        self.pending_sig.clear()
        self.reserved.clear()
        self.writes.clear()
        self.manifest.clear()
        self.doc_seq.clear()

    def fail(self, failure: Failure, seq: int | None) -> None:
        failure = replace(failure, reason=" ".join(failure.reason.split()))
        kind = "url" if failure.source.startswith(("http://", "https://")) else None
        origin = origin_of(failure.source)
        self.writes.append(
            lambda: self.store.record_failure(failure, origin=origin, source_kind=kind)
        )
        self.report.failures.append(failure)
        if seq is not None:
            self.settle(seq, "failed")

    def finish(self) -> None:
        """Commit the last batch and mark the run finished with its totals."""
        self.flush()
        finish_run(self.store, self.run_id, self.report.counts())


def _stored_source(store: Store, doc_id: str) -> str | None:
    row = store.con.execute("SELECT source FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
    return None if row is None else str(row[0])


def _id_clash(source: str, doc_id: str) -> Failure:
    return Failure(
        source=source,
        stage="ingest",
        reason=f"id {doc_id!r} is already stored with a different text; give the record a new id",
    )


def _save(store: Store, doc: Document, prov: Provenance) -> None:
    store.save_document(doc, provenance=prov)
