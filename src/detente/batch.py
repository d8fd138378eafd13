"""The batch function: documents in, events, mentions and failures out.

:func:`code_batch` is pure (no store, no printing), so ``detente code``,
``detente ingest``, the web app and every engine of ``detente run`` (this process,
a process pool, a Ray cluster) run the same code. The spaCy pipeline and the lexicon
are loaded once per process by the stages themselves.

:func:`code_within_budget` is ``code_batch`` with a deadline of ``budget`` seconds per
document. When the batch runs over, its documents are coded again one at a time,
each with its own deadline, and a document that still runs over becomes a
``Failure`` naming the limit. The deadline is a ``SIGALRM`` timer, so it works in the
main thread only; elsewhere (a web worker thread) the batch runs without one.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

from detente.actors import find_mentions as default_find_mentions
from detente.errors import DetenteError
from detente.events import CodedDocument, MentionFinder, code_docs
from detente.models import BatchResult, Document, Failure
from detente.options import document_failure

__all__ = ["BudgetExceeded", "code_batch", "code_within_budget", "over_budget", "time_budget"]


def code_batch(
    docs: Sequence[Document], *, find_mentions: MentionFinder | None = None
) -> BatchResult:
    """Code every document whose status is ``coded``; pass the others through.

    ``find_mentions`` replaces the packaged actor resolver, e.g. with one bound to the
    store's knowledge base. Each document's mentions are those its events were coded
    from. A document that makes the coder fail becomes a ``Failure`` with the reason,
    and the rest of the batch is still coded.
    """
    finder: MentionFinder = find_mentions or default_find_mentions
    result = BatchResult(documents=list(docs))
    todo = [doc for doc in docs if doc.status == "coded"]
    coded: list[CodedDocument]
    try:
        coded = list(code_docs(todo, find_mentions=finder))
    except Exception:  # isolate the document that broke the batch
        coded = []
        for doc in todo:
            try:
                coded.extend(code_docs([doc], find_mentions=finder))
            except (DetenteError, ValueError, RuntimeError, MemoryError) as exc:
                result.failures.append(_coding_failure(doc, exc))
    failed = {f.doc_id for f in result.failures}
    result.documents = [d for d in docs if d.doc_id not in failed]
    for doc, events, mentions in coded:
        result.events.extend(events)
        result.mentions[doc.doc_id] = mentions
    return result


def _coding_failure(doc: Document, exc: BaseException) -> Failure:
    reason = f"coding failed: {type(exc).__name__}: {exc}".splitlines()[0][:300]
    return document_failure(doc, stage="code", reason=reason)


class BudgetExceeded(BaseException):
    """The time budget ran out (a ``BaseException``, so the coder's handlers let it pass)."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise ``BudgetExceeded`` in the block after ``seconds`` (0 or less: no limit)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise BudgetExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def code_within_budget(
    docs: Sequence[Document], *, find_mentions: MentionFinder | None, budget: float
) -> BatchResult:
    """``code_batch`` with at most ``budget`` seconds per document (0: no limit)."""
    todo = sum(1 for doc in docs if doc.status == "coded")
    try:
        with time_budget(budget * max(todo, 1)):
            return code_batch(docs, find_mentions=find_mentions)
    except BudgetExceeded:
        pass
    merged = BatchResult(documents=[])
    for doc in docs:
        try:
            with time_budget(budget):
                one = code_batch([doc], find_mentions=find_mentions)
        except BudgetExceeded:
            merged.failures.append(over_budget(doc, budget))
            continue
        merged.documents.extend(one.documents)
        merged.events.extend(one.events)
        merged.mentions.update(one.mentions)
        merged.failures.extend(one.failures)
    return merged


def over_budget(doc: Document, budget: float) -> Failure:
    """The failure of a document whose coding ran past the budget."""
    return document_failure(
        doc,
        stage="code",
        reason=f"coding took over {budget:g} s ({len(doc.text)} characters; nlp_time_budget); "
        "split the document or raise nlp_time_budget",
    )
