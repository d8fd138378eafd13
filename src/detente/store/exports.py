"""Renderings of event records: JSONL, CSV, TSV and Parquet.

The coder returns ``Event`` records; these functions only format them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from detente.errors import StoreError
from detente.models import EVENT_FIELDS, Event

EXPORT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "tsv", "parquet")


def write_events(events: Iterable[Event], out: IO[str] | Path, *, fmt: str = "jsonl") -> int:
    """Write events to a text stream or a path; return how many were written."""
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise StoreError("parquet needs a file path, not a stream; pass -o FILE.parquet")
        return _write_parquet(events, out)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as stream:
            return _write_text(events, stream, fmt)
    return _write_text(events, out, fmt)


def _write_text(events: Iterable[Event], stream: IO[str], fmt: str) -> int:
    if fmt == "jsonl":
        count = 0
        for event in events:
            stream.write(json.dumps(event.to_record(), ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(
        stream, fieldnames=list(EVENT_FIELDS), delimiter="\t" if fmt == "tsv" else ","
    )
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(event.to_record())
        count += 1
    return count


def _write_parquet(events: Iterable[Event], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    records: list[dict[str, Any]] = [e.to_record() for e in events]
    table = pa.Table.from_pylist(records, schema=event_arrow_schema())
    pq.write_table(table, path)
    return len(records)


def event_arrow_schema() -> Any:
    """The Arrow schema of event rows (dates as ISO strings, as in JSONL)."""
    import pyarrow as pa

    types = {
        "sentence_index": pa.int32(),
        "sentence_start": pa.int64(),
        "sentence_end": pa.int64(),
        "quad_class": pa.int8(),
        "goldstein": pa.float64(),
        "latitude": pa.float64(),
        "longitude": pa.float64(),
        "confidence": pa.float64(),
    }
    return pa.schema([(name, types.get(name, pa.string())) for name in EVENT_FIELDS])
