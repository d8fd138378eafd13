"""The unit of work of every engine: one partition read, coded and written.

The ``local`` engine runs :func:`process_partition` in this process, one partition
after the other; each actor of the ``ray`` engine's pool runs it on the partitions it
is handed. Records are read by :func:`detente.scale.readers.read_partition`, coded by
:func:`detente.scale.records.code_records`, and written as the partition's Parquet
files and manifest entry by :class:`detente.scale.output.OutputDir`.
"""

from __future__ import annotations

import time

from detente.errors import StoreError
from detente.scale.output import OutputDir, PartitionSummary, worker_name
from detente.scale.partitions import Partition
from detente.scale.readers import read_partition
from detente.scale.records import code_records, result_tables

__all__ = ["process_partition"]

_BACKOFF_SECONDS = 0.5


def process_partition(
    part: Partition, out: OutputDir, *, clean: bool = True, retries: int = 2
) -> PartitionSummary:
    """Read, code and write one partition; the unit of work of every engine.

    Writing is retried ``retries`` times on filesystem errors (a flaky network
    filesystem); bad records never raise, they become failure rows.
    """
    started_at, started = time.time(), time.perf_counter()
    inputs, result = code_records(read_partition(part), clean=clean)
    tables = result_tables(result)
    summary = PartitionSummary(
        part_id=part.part_id,
        inputs=inputs,
        documents=len(result.documents),
        events=len(result.events),
        failures=len(result.failures),
        seconds=round(time.perf_counter() - started, 3),
        worker=worker_name(),
        started_at=round(started_at, 3),
    )
    for attempt in range(retries + 1):
        try:
            out.write_partition(summary, tables)
            return summary
        except OSError as exc:
            if attempt == retries:
                raise StoreError(
                    f"{out.uri}: cannot write partition {part.part_id} ({exc}); "
                    "check the output location and rerun to resume"
                ) from exc
            time.sleep(_BACKOFF_SECONDS * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover
