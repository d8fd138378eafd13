"""The two main jobs, as library functions the CLI and notebooks share.

* :func:`ingest` reads files, folders, URLs, feeds, WARC and stdin into the store,
  deduplicated and coded, batch by batch.
* :func:`code_lines` codes JSONL document records and yields event records.

Both keep going past bad inputs: each becomes a :class:`~detente.models.Failure`
with a one-line reason.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

from detente.actors.store_kb import KbSession
from detente.errors import IngestError
from detente.ingest import InputItem, dedup, extract_text, text_id, to_document
from detente.ingest.dedup import DEFAULT_THRESHOLD
from detente.ingest.fetch import Fetcher, FetchOptions
from detente.ingest.gather import (
    Gathered,
    GatherOptions,
    Known,
    Passed,
    iter_sources,
    origin_of,
)
from detente.ingest.language import guess_language
from detente.models import Document, Event, Failure
from detente.scale.batch import code_batch
from detente.store import Store
from detente.store.inputs import (
    Provenance,
    exact_original,
    failed_origins,
    input_hash,
    near_candidates,
    record_duplicate,
    url_known,
)

Progress = Callable[["JobReport"], None]


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


def ingest(
    sources: Sequence[Path | str],
    store: Store,
    *,
    encoding: str | None = None,
    batch_size: int = 32,
    progress: Progress | None = None,
    near_dup_threshold: float = DEFAULT_THRESHOLD,
    max_bytes: int = 50_000_000,
    fetch: FetchOptions | None = None,
    retry_failed: bool = False,
    stdin: IO[bytes] | None = None,
    fetcher: Fetcher | None = None,
) -> JobReport:
    """Read, deduplicate, code and store every input of ``sources``; a rerun is a no-op.

    Sources are files, folders, URLs, URL lists, feeds, WARC archives and ``-`` for
    stdin (see :func:`detente.ingest.gather.iter_sources`). ``retry_failed`` adds the
    inputs recorded in the failures table. Exact duplicates (same normalised text) and
    near duplicates (estimated Jaccard similarity of word 5-shingles at or above
    ``near_dup_threshold``) are linked to their original and not coded.
    """
    run = _IngestRun(store, batch_size=batch_size, threshold=near_dup_threshold)
    todo = [*sources, *(failed_origins(store) if retry_failed else [])]
    options = GatherOptions(encoding=encoding, max_bytes=max_bytes, fetch=fetch or FetchOptions())
    items = iter_sources(
        todo,
        options=options,
        is_known=lambda url: url in run.seen or url_known(store, url),
        stdin=stdin,
        fetcher=fetcher,
    )
    for item in items:
        run.take(item)
        if progress:
            progress(run.report)
    run.flush()
    if progress:
        progress(run.report)
    return run.report


class _IngestRun:
    """The state of one ingest run: pending documents and their in-run duplicate index."""

    def __init__(self, store: Store, *, batch_size: int, threshold: float) -> None:
        self.store = store
        self.kb = KbSession(store)
        self.batch_size = batch_size
        self.threshold = threshold
        self.report = JobReport()
        self.seen: set[str] = set()
        self.pending: list[tuple[Document, Provenance]] = []
        self.pending_text: dict[str, str] = {}
        self.pending_lsh: dict[int, list[str]] = {}
        self.pending_sig: dict[str, dedup.Signature] = {}

    def take(self, item: Gathered) -> None:
        """Count and route one gathered item."""
        if isinstance(item, Passed):
            self.report.passed += 1
            return
        self.report.inputs += 1
        if isinstance(item, Known):
            self.report.unchanged += 1
        elif isinstance(item, Failure):
            self.fail(item)
        elif item.source in self.seen or input_hash(self.store, item.source) == item.raw_hash:
            self.report.unchanged += 1
        else:
            self.seen.add(item.source)
            self.read(item)

    def read(self, item: InputItem) -> None:
        """Extract one item and store it as an original, a duplicate or a failure."""
        try:
            doc = to_document(item)
        except IngestError as exc:
            self.fail(Failure(source=item.source, stage="ingest", reason=str(exc)))
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
            self.exact(item, doc, original, prov)
        elif taken or doc.doc_id in self.pending_sig:
            self.fail(_id_clash(item.source, doc.doc_id))
        elif (near := self.near(signature, keys)) is not None:
            self.near_duplicate(doc, near, prov)
        else:
            self.add_pending(doc, prov, signature)

    def exact(self, item: InputItem, doc: Document, original: str, prov: Provenance) -> None:
        dup = replace(prov, duplicate_of=original, similarity=1.0, minhash=None, lsh_keys=())
        record_duplicate(self.store, source=item.source, original=original, prov=dup)
        if _stored_source(self.store, original) == item.source:
            self.report.unchanged += 1  # the same source re-saved (whitespace, case)
        else:
            self.report.duplicates += 1

    def near(self, signature: dedup.Signature, keys: list[int]) -> dedup.Match | None:
        candidates = [
            (doc_id, dedup.from_bytes(sig)) for doc_id, sig in near_candidates(self.store, keys)
        ]
        pending_ids = {doc_id for key in keys for doc_id in self.pending_lsh.get(key, ())}
        candidates += [(doc_id, self.pending_sig[doc_id]) for doc_id in sorted(pending_ids)]
        return dedup.best_match(signature, candidates, threshold=self.threshold)

    def near_duplicate(self, doc: Document, match: dedup.Match, prov: Provenance) -> None:
        dup = replace(prov, duplicate_of=match.doc_id, similarity=match.similarity, lsh_keys=())
        self.store.save_document(replace(doc, status="duplicate"), provenance=dup)
        self.report.duplicates += 1

    def add_pending(self, doc: Document, prov: Provenance, signature: dedup.Signature) -> None:
        self.pending.append((doc, prov))
        self.pending_text[prov.text_hash or doc.doc_id] = doc.doc_id
        self.pending_sig[doc.doc_id] = signature
        for key in prov.lsh_keys:
            self.pending_lsh.setdefault(key, []).append(doc.doc_id)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Code the pending documents and store them, one transaction each."""
        if not self.pending:
            return
        provenance = {doc.doc_id: prov for doc, prov in self.pending}
        result = code_batch([doc for doc, _ in self.pending], find_mentions=self.kb.find_mentions)
        self.pending = []
        self.pending_text.clear()
        self.pending_lsh.clear()
        self.pending_sig.clear()
        events_by_doc: dict[str, list[Event]] = {}
        for event in result.events:
            events_by_doc.setdefault(event.doc_id, []).append(event)
        for doc in result.documents:
            events = events_by_doc.get(doc.doc_id, [])
            mentions = result.mentions.get(doc.doc_id, [])
            self.store.save_document(doc, events, mentions, provenance=provenance[doc.doc_id])
            if doc.status == "skipped":
                self.report.skipped += 1
            else:
                self.report.coded += 1
                self.report.events += len(events)
        self.kb.record(result.documents, result.mentions)
        for failure in result.failures:
            self.fail(failure)

    def fail(self, failure: Failure) -> None:
        reason = " ".join(failure.reason.removeprefix(f"{failure.source}: ").split())
        failure = replace(failure, reason=reason)
        kind = "url" if failure.source.startswith(("http://", "https://")) else None
        self.store.record_failure(failure, origin=origin_of(failure.source), source_kind=kind)
        self.report.failures.append(failure)


def _stored_source(store: Store, doc_id: str) -> str | None:
    row = store.con.execute("SELECT source FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
    return None if row is None else str(row[0])


def _id_clash(source: str, doc_id: str) -> Failure:
    return Failure(
        source=source,
        stage="ingest",
        reason=f"id {doc_id!r} is already stored with a different text; give the record a new id",
    )


def code_lines(
    lines: Iterable[str],
    *,
    source: str = "<stdin>",
    clean: bool = True,
    batch_size: int = 32,
    report: JobReport | None = None,
) -> Iterator[Event]:
    """Code JSONL document records (``{"id", "text", "date"?, "title"?, "url"?}``).

    With ``clean`` the text goes through the plain-text cleaner first, so site
    furniture in a scrape yields no events; offsets then point into the cleaned text.
    """
    report = report if report is not None else JobReport()
    pending: list[Document] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        report.inputs += 1
        try:
            pending.append(record_to_document(line, source=f"{source}:{number}", clean=clean))
        except IngestError as exc:
            report.failures.append(
                Failure(source=f"{source}:{number}", stage="ingest", reason=str(exc))
            )
        if len(pending) >= batch_size:
            yield from _code_pending(pending, report)
            pending = []
    if pending:
        yield from _code_pending(pending, report)


def _code_pending(docs: list[Document], report: JobReport) -> Iterator[Event]:
    result = code_batch(docs)
    report.failures.extend(result.failures)
    report.coded += sum(1 for d in result.documents if d.status == "coded")
    report.skipped += sum(1 for d in result.documents if d.status == "skipped")
    report.events += len(result.events)
    yield from result.events


def record_to_document(line: str, *, source: str, clean: bool = True) -> Document:
    """One JSONL record to a ``Document``; a bad record raises ``IngestError`` naming it."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise IngestError(f"{source}: not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise IngestError(f"{source}: expected a JSON object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise IngestError(f"{source}: no 'text' field, or it is empty")
    extracted = extract_text(text) if clean else None
    body = extracted.text if extracted and extracted.text.strip() else text
    date = _record_date(record.get("date"), source) or (extracted.date if extracted else None)
    language = guess_language(body)
    return Document(
        doc_id=str(record.get("id") or text_id(body)),
        text=body,
        title=record.get("title") or (extracted.title if extracted else None),
        author=extracted.author if extracted else None,
        date=date,
        section=extracted.section if extracted else None,
        url=record.get("url"),
        language=language,
        source=source,
        status="coded" if language in (None, "en") else "skipped",
    )


def _record_date(value: object, source: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise IngestError(
            f"{source}: date {value!r} is not YYYY-MM-DD; fix it or leave 'date' out"
        ) from None
