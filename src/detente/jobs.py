"""The two main jobs, as library functions the CLI and notebooks share.

* :func:`ingest_sources` reads files, folders, URLs, feeds, WARC and stdin into the store,
  deduplicated and coded, batch by batch.
* :func:`code_lines` codes JSONL document records and yields event records.

Both read JSON document records with the one record reader
(:func:`detente.ingest.records.record_document`) and code with the one batch
function (:func:`detente.batch.code_batch`).

Both keep going past bad inputs: each becomes a :class:`~detente.models.Failure`
with a one-line reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

from detente.analysis.stories import refresh_after_write
from detente.batch import code_batch
from detente.ingest.decode import unpack_limits
from detente.ingest.fetch import Fetcher
from detente.ingest.gather import GatherOptions, iter_sources
from detente.ingest.sources import document_or_failure, iter_jsonl
from detente.ingest_run import IngestRun, JobReport
from detente.models import Document, Event, Failure
from detente.options import (
    BATCH_SIZE,
    MAX_INPUT_BYTES,
    NEAR_DUP_THRESHOLD,
    FetchOptions,
    RunLimits,
)
from detente.store import Store
from detente.store.inputs import failed_origins, url_known

Progress = Callable[[JobReport], None]

__all__ = ["JobReport", "code_lines", "ingest_sources"]


def ingest_sources(
    sources: Sequence[Path | str],
    store: Store,
    *,
    encoding: str | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    near_dup_threshold: float = NEAR_DUP_THRESHOLD,
    max_bytes: int = MAX_INPUT_BYTES,
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
    ``near_dup_threshold``) are linked to their original and not coded. ``fetch`` and
    ``limits`` are a user's settings as options (``Settings.fetch_options()``,
    ``Settings.run_limits()``).

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
    batch_size: int = BATCH_SIZE,
    report: JobReport | None = None,
) -> Iterator[Event]:
    """Code JSONL document records (``{"id", "text", "date"?, "title"?, "url"?}``).

    With ``clean`` the text goes through the plain-text cleaner first, so site
    furniture in a scrape yields no events; offsets then point into the cleaned text.
    A record gives the same document here as in :func:`ingest_sources`.
    """
    report = report if report is not None else JobReport()
    pending: list[Document] = []
    for item in iter_jsonl(lines, source=source):
        report.inputs += 1
        read = document_or_failure(item, clean=clean)
        if isinstance(read, Failure):
            report.failures.append(read)
        else:
            pending.append(read)
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
