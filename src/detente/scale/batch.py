"""The batch function: documents in, events, mentions and failures out.

It is pure (no store, no printing) so that the local commands, a process pool and
the Ray engine all run the same code. The spaCy pipeline and the lexicon are
loaded once per process by the stages themselves.
"""

from __future__ import annotations

from collections.abc import Sequence

from detente.actors import find_mentions as default_find_mentions
from detente.errors import DetenteError
from detente.events import MentionFinder, code_docs
from detente.events.code import document_mentions
from detente.models import BatchResult, Document, Failure


def code_batch(
    docs: Sequence[Document], *, find_mentions: MentionFinder | None = None
) -> BatchResult:
    """Code every document whose status is ``coded``; pass the others through.

    ``find_mentions`` replaces the packaged actor resolver, e.g. with one bound to the
    store's knowledge base. A document that makes the coder fail becomes a
    ``Failure`` with the reason, and the rest of the batch is still coded.
    """
    finder: MentionFinder = find_mentions or default_find_mentions
    result = BatchResult(documents=list(docs))
    todo = [doc for doc in docs if doc.status == "coded"]
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
    for doc, events in coded:
        result.events.extend(events)
        result.mentions[doc.doc_id] = document_mentions(doc, finder)
    return result


def _coding_failure(doc: Document, exc: BaseException) -> Failure:
    reason = f"coding failed: {type(exc).__name__}: {exc}".splitlines()[0][:300]
    return Failure(source=doc.source or doc.doc_id, stage="code", reason=reason, doc_id=doc.doc_id)
