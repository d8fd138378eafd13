"""The option records a run reads: how to fetch, how far input may unpack, and the
limits of coding. Each default of these is defined here, once.

:class:`detente.config.Settings` takes its defaults from these records and turns a
user's settings into them (``Settings.fetch_options()``, ``Settings.run_limits()``);
the library functions take them as arguments. The records are plain values, so
every layer of detente may import them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from detente import __version__
from detente.models import Document, Failure

USER_AGENT = f"detente/{__version__} (political event coder; +https://pypi.org/project/detente/)"
# The largest input read or fetched (a file, a response, stdin), in bytes.
MAX_INPUT_BYTES = 50_000_000
# Documents coded, and committed, together.
BATCH_SIZE = 32
# Estimated word-shingle similarity from which a text is a near duplicate of another.
NEAR_DUP_THRESHOLD = 0.8
# Seconds a reader or writer waits for a busy store (the setting ``lock_wait``).
LOCK_WAIT = 30.0


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchOptions:
    """How to fetch: the settings ``fetch_*`` and ``max_input_bytes``."""

    user_agent: str = USER_AGENT
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0
    delay: float = 1.0
    max_bytes: int = MAX_INPUT_BYTES
    max_redirects: int = 10
    robots: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class UnpackLimits:
    """How far compressed input may unpack: a ratio and an absolute size per archive.

    An unpacked size over ``max_ratio`` times the packed size (checked once past
    1 MiB), or a WARC archive unpacking to more than ``max_archive_bytes`` in all, is
    refused (the settings ``max_unpack_ratio`` and ``max_archive_bytes``).
    """

    max_ratio: float = 100.0
    max_archive_bytes: int = 10_000_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class RunLimits:
    """The limits of a run besides ``max_input_bytes`` (see docs/reliability.md)."""

    max_doc_chars: int = 1_000_000
    nlp_time_budget: float = 30.0
    unpack: UnpackLimits = field(default_factory=UnpackLimits)

    def too_long(self, doc: Document) -> Failure | None:
        """The failure of a document whose text is over ``max_doc_chars``, else None."""
        if len(doc.text) <= self.max_doc_chars:
            return None
        return document_failure(
            doc,
            stage="ingest",
            reason=f"text of {len(doc.text)} characters is over the {self.max_doc_chars}-"
            "character limit (max_doc_chars); split the document or raise max_doc_chars",
        )


def document_failure(doc: Document, *, stage: str, reason: str) -> Failure:
    """The ``Failure`` of a document that was read but not kept: a limit, the coder."""
    return Failure(source=doc.source or doc.doc_id, stage=stage, reason=reason, doc_id=doc.doc_id)
