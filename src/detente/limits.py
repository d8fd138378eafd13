"""Resource limits of a run that are not about bytes: the NLP time budget per document.

``code_within_budget`` codes a batch with a deadline of ``budget`` seconds per
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
from dataclasses import dataclass, field
from types import FrameType

from detente.events import MentionFinder
from detente.ingest.decode import UnpackLimits
from detente.models import BatchResult, Document, Failure
from detente.scale.batch import code_batch


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
    return Failure(
        source=doc.source or doc.doc_id,
        stage="code",
        reason=f"coding took over {budget:g} s ({len(doc.text)} characters; nlp_time_budget); "
        "split the document or raise nlp_time_budget",
        doc_id=doc.doc_id,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RunLimits:
    """The limits of an ingest run besides ``max_input_bytes`` (see docs/reliability.md)."""

    max_doc_chars: int = 1_000_000
    nlp_time_budget: float = 30.0
    unpack: UnpackLimits = field(default_factory=UnpackLimits)

    def too_long(self, doc: Document) -> Failure | None:
        """The failure of a document whose text is over ``max_doc_chars``, else None."""
        if len(doc.text) <= self.max_doc_chars:
            return None
        return Failure(
            source=doc.source or doc.doc_id,
            stage="ingest",
            reason=f"text of {len(doc.text)} characters is over the {self.max_doc_chars}-"
            "character limit (max_doc_chars); split the document or raise max_doc_chars",
            doc_id=doc.doc_id,
        )
