"""Read the records of one partition; what cannot be read becomes a ``Failure``.

JSONL lines and Parquet rows are document records ``{"id", "text", "date"?,
"title"?, "url"?}``, read into the same input items as ``detente code`` and
``detente ingest`` read; WARC responses and article files are read as
``detente ingest`` reads files. A corrupt file yields the
records read before the damage and one failure row naming the file and the reason;
the run carries on.
"""

from __future__ import annotations

import datetime as dt
import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from detente.ingest import InputItem, iter_inputs, iter_sources
from detente.ingest.sources import record_item, record_line
from detente.models import Failure
from detente.scale.partitions import Partition

_STAGE = "read"

Unit = InputItem | Failure


def read_partition(part: Partition) -> Iterator[Unit]:
    """The input units of a partition, in order."""
    if part.kind == "jsonl":
        yield from _read_jsonl(part)
    elif part.kind == "parquet":
        yield from _read_parquet(part)
    elif part.kind == "warc":
        yield from _read_warc(part.paths[0])
    else:
        yield from iter_inputs([Path(p) for p in part.paths])


def _read_jsonl(part: Partition) -> Iterator[Unit]:
    path = part.paths[0]
    try:
        if path.endswith(".gz"):
            with gzip.open(path, "rb") as stream:
                data = stream.read()
        else:
            with Path(path).open("rb") as stream:
                stream.seek(part.byte_start)
                data = stream.read(part.byte_end - part.byte_start if part.byte_end >= 0 else -1)
    except (OSError, EOFError) as exc:
        yield _failure(path, f"cannot read the file ({exc}); check that it is intact")
        return
    first = part.start if part.start > 0 else 1
    for number, raw in enumerate(data.split(b"\n"), start=first):
        if not raw.strip():
            continue
        source = f"{path}:{number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield _failure(source, f"not valid UTF-8 at byte {exc.start}; re-save it as UTF-8")
            continue
        yield record_line(line, source=source)


def _read_warc(path: str) -> Iterator[Unit]:
    """Article responses as ``detente ingest`` reads them (:mod:`detente.ingest.warc`, with
    its size and unpack limits); records that are not articles are passed over."""
    for item in iter_sources([path]):
        if isinstance(item, InputItem | Failure):
            yield item


def _read_parquet(part: Partition) -> Iterator[Unit]:
    path = part.paths[0]
    try:
        table = pq.read_table(path)
        if part.stop >= 0:
            table = table.slice(part.start, part.stop - part.start)
        if "text" not in table.column_names:
            yield _failure(path, 'no "text" column; Parquet inputs need id, text, date?')
            return
        rows = table.to_pylist()
    except Exception as exc:  # pyarrow raises many types for a damaged file
        reason = " ".join(str(exc).split())[:200]
        yield _failure(path, f"not a readable Parquet file ({reason}); re-export it")
        return
    for offset, row in enumerate(rows):
        source = f"{path}#row={part.start + offset}"
        yield record_item(_jsonable(row), source=source)


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, dt.date | dt.datetime) else value
        for key, value in row.items()
    }


def _failure(source: str, reason: str) -> Failure:
    return Failure(source=source, stage=_STAGE, reason=reason)
