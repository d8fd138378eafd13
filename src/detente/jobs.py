"""The two main jobs, as library functions the CLI and notebooks share.

* :func:`ingest` reads files and folders into the store, coded, batch by batch.
* :func:`code_lines` codes JSONL document records and yields event records.

Both keep going past bad inputs: each becomes a :class:`~detente.models.Failure`
with a one-line reason.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from detente.errors import IngestError
from detente.ingest import extract_text, iter_inputs, text_id, to_document
from detente.ingest.language import guess_language
from detente.models import BatchResult, Document, Event, Failure
from detente.scale.batch import code_batch
from detente.store import Store

Progress = Callable[["JobReport"], None]


@dataclass(slots=True)
class JobReport:
    """Running totals of a job; the CLI draws its progress bar from these."""

    inputs: int = 0
    coded: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: int = 0
    events: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        """How many inputs failed."""
        return len(self.failures)

    @property
    def failure_share(self) -> float:
        """Failed inputs over all inputs (0 when there were none)."""
        return self.failed / self.inputs if self.inputs else 0.0


def ingest(
    paths: Sequence[Path],
    store: Store,
    *,
    encoding: str | None = None,
    batch_size: int = 32,
    progress: Progress | None = None,
) -> JobReport:
    """Read, code and store every input under ``paths``; rerunning it is a no-op."""
    report = JobReport()
    pending: list[Document] = []
    seen: set[str] = set()
    for item in iter_inputs(paths, encoding=encoding):
        report.inputs += 1
        if isinstance(item, Failure):
            _fail(store, report, item)
        else:
            try:
                doc = to_document(item)
            except IngestError as exc:
                _fail(store, report, Failure(source=item.source, stage="ingest", reason=str(exc)))
                continue
            if doc.doc_id in seen or store.has_document(doc.doc_id):
                _count_known(store, report, doc)
            else:
                seen.add(doc.doc_id)
                pending.append(doc)
        if len(pending) >= batch_size:
            _store_batch(store, report, code_batch(pending))
            pending = []
        if progress:
            progress(report)
    if pending:
        _store_batch(store, report, code_batch(pending))
    if progress:
        progress(report)
    return report


def _count_known(store: Store, report: JobReport, doc: Document) -> None:
    row = store.con.execute(
        "SELECT source FROM documents WHERE doc_id = ?", [doc.doc_id]
    ).fetchone()
    if row is not None and row[0] == doc.source:
        report.unchanged += 1
    else:
        report.duplicates += 1


def _fail(store: Store, report: JobReport, failure: Failure) -> None:
    store.record_failure(failure)
    report.failures.append(failure)


def _store_batch(store: Store, report: JobReport, result: BatchResult) -> None:
    events_by_doc: dict[str, list[Event]] = {}
    for event in result.events:
        events_by_doc.setdefault(event.doc_id, []).append(event)
    for doc in result.documents:
        events = events_by_doc.get(doc.doc_id, [])
        store.save_document(doc, events, result.mentions.get(doc.doc_id, []))
        if doc.status == "skipped":
            report.skipped += 1
        else:
            report.coded += 1
            report.events += len(events)
    for failure in result.failures:
        _fail(store, report, failure)


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
