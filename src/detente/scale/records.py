"""The record-level batch function: input records in, document/event/failure rows out.

:func:`code_records` is what every engine runs on a batch: the local engine in
one process, the Ray engine in each actor of its pool. It builds documents the way
the local commands do (:func:`detente.ingest.to_document`: JSON records through the
one record reader, files and WARC responses as ``detente ingest`` reads them), then
calls the batch function :func:`detente.batch.code_batch`. :func:`result_tables` renders the result
as Arrow tables whose event columns are the ``detente code`` output fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from detente.batch import code_batch
from detente.formats.native import event_arrow_schema
from detente.ingest import InputItem
from detente.ingest.sources import document_or_failure
from detente.models import DOCUMENT_FIELDS, BatchResult, Document, Failure

DOCUMENT_COLUMNS: tuple[str, ...] = DOCUMENT_FIELDS
FAILURE_COLUMNS: tuple[str, ...] = ("source", "stage", "reason", "doc_id")
MENTION_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "start",
    "end",
    "text",
    "actor",
    "country",
    "sector",
    "name",
    "kind",
    "rule",
)


def code_records(
    units: Iterable[InputItem | Failure], *, clean: bool = True
) -> tuple[int, BatchResult]:
    """Code a batch of input units; return how many inputs it held and the result.

    Every input ends as exactly one document row or one failure row. ``clean``
    passes JSON records through the plain-text cleaner, as ``detente code`` does.
    """
    docs: list[Document] = []
    failures: list[Failure] = []
    inputs = 0
    for unit in units:
        inputs += 1
        read = document_or_failure(unit, clean=clean)
        if isinstance(read, Failure):
            failures.append(read)
        else:
            docs.append(read)
    result = code_batch(docs)
    result.failures = failures + result.failures
    return inputs, result


def result_tables(result: BatchResult) -> dict[str, Any]:
    """The four output datasets of a batch as Arrow tables, keyed by dataset name."""
    documents = [
        {name: _cell(getattr(doc, name)) for name in DOCUMENT_COLUMNS} for doc in result.documents
    ]
    failures = [{name: getattr(f, name) for name in FAILURE_COLUMNS} for f in result.failures]
    mentions = [
        {
            "doc_id": doc_id,
            **{name: getattr(m, name) for name in MENTION_COLUMNS if name != "doc_id"},
        }
        for doc_id, found in result.mentions.items()
        for m in found
    ]
    return {
        "events": pa.Table.from_pylist(
            [e.to_record() for e in result.events], schema=event_arrow_schema()
        ),
        "documents": pa.Table.from_pylist(documents, schema=_string_schema(DOCUMENT_COLUMNS)),
        "failures": pa.Table.from_pylist(failures, schema=_string_schema(FAILURE_COLUMNS)),
        "mentions": pa.Table.from_pylist(mentions, schema=mention_arrow_schema()),
    }


def mention_arrow_schema() -> Any:
    """Arrow schema of the mentions dataset (offsets as integers)."""
    return pa.schema(
        [(n, pa.int64() if n in ("start", "end") else pa.string()) for n in MENTION_COLUMNS]
    )


def _string_schema(columns: tuple[str, ...]) -> Any:
    return pa.schema([(name, pa.string()) for name in columns])


def _cell(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value
