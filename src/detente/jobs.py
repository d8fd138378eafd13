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
from pathlib import Path
from typing import IO

from detente.analysis.stories import refresh_after_write
from detente.errors import IngestError
from detente.ingest import extract_text, text_id
from detente.ingest.decode import unpack_limits
from detente.ingest.dedup import DEFAULT_THRESHOLD
from detente.ingest.fetch import Fetcher, FetchOptions
from detente.ingest.gather import GatherOptions, iter_sources
from detente.ingest.language import guess_language
from detente.ingest_run import IngestRun, JobReport
from detente.limits import RunLimits
from detente.models import Document, Event, Failure
from detente.scale.batch import code_batch
from detente.store import Store
from detente.store.inputs import failed_origins, url_known

Progress = Callable[[JobReport], None]

__all__ = ["JobReport", "code_lines", "ingest", "record_to_document"]


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
    limits: RunLimits | None = None,
    share_store: bool = False,
    refresh_stories: bool = True,
) -> JobReport:
    """Read, deduplicate, code and store every input of ``sources``; a rerun is a no-op.

    Sources are files, folders, URLs, URL lists, feeds, WARC archives and ``-`` for
    stdin (see :func:`detente.ingest.gather.iter_sources`). ``retry_failed`` adds the
    inputs recorded in the failures table. Exact duplicates (same normalised text) and
    near duplicates (estimated Jaccard similarity of word 5-shingles at or above
    ``near_dup_threshold``) are linked to their original and not coded.

    Crash safety: each batch (its documents, events, mentions, duplicates, failures,
    knowledge-base lessons and manifest rows) commits in one transaction, so a run
    killed at any point and started again ends as if it had never stopped. With
    ``share_store`` the DuckDB file is let go while each batch is coded, so that other
    processes can read it (do not use it while holding cursors of ``store.con``).

    Once the run is finished, the materialised stories are brought up to date (only
    the dyads and event roots that gained events are clustered again); a run killed
    before that leaves them stale, which analyses notice, and the next run refreshes
    them. ``refresh_stories=False`` skips it for bulk loads (``detente refresh-stories``).
    """
    limits = limits or RunLimits()
    todo = [*sources, *(failed_origins(store) if retry_failed else [])]
    run = IngestRun(
        store,
        batch_size=batch_size,
        threshold=near_dup_threshold,
        limits=limits,
        sources=[str(s) for s in todo],
        share_store=share_store,
    )
    options = GatherOptions(encoding=encoding, max_bytes=max_bytes, fetch=fetch or FetchOptions())
    items = iter_sources(
        todo,
        options=options,
        is_known=lambda url: url in run.seen or url_known(store, url),
        stdin=stdin,
        fetcher=fetcher,
    )
    with unpack_limits(limits.unpack):
        for item in items:
            run.take(item)
            if progress:
                progress(run.report)
    run.finish()
    refresh_after_write(store, enabled=refresh_stories)
    if progress:
        progress(run.report)
    return run.report


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
