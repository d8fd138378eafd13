"""``detente run``: code a corpus partition by partition into Parquet datasets.

Both engines run :func:`detente.scale.work.process_partition` on each partition: ``local`` one after
the other in this process, ``ray`` in a pool of Ray actors. A rerun over the same
inputs and output folder skips the partitions the manifest lists as finished.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from detente.errors import ConfigError, StoreError
from detente.scale.output import OutputDir, PartitionSummary
from detente.scale.partitions import (
    DEFAULT_PARTITION_SIZE,
    Partition,
    expand_inputs,
    plan_partitions,
)
from detente.scale.ray_engine import run_on_ray
from detente.scale.work import process_partition

Engine = Literal["local", "ray"]
ENGINES: tuple[str, ...] = ("local", "ray")


@dataclass(slots=True)
class RunReport:
    """Running totals of a run; ``resumed`` partitions were finished by an earlier run."""

    output: str
    partitions: int = 0
    finished: int = 0
    resumed: int = 0
    inputs: int = 0
    documents: int = 0
    events: int = 0
    failures: int = 0
    seconds: float = 0.0

    def add(self, summary: PartitionSummary, *, resumed: bool = False) -> None:
        """Count one finished partition."""
        self.finished += 1
        self.resumed += int(resumed)
        self.inputs += summary.inputs
        self.documents += summary.documents
        self.events += summary.events
        self.failures += summary.failures

    @property
    def failure_share(self) -> float:
        """Failed inputs over all inputs (0 when there were none)."""
        return self.failures / self.inputs if self.inputs else 0.0


RunProgress = Callable[[RunReport], None]


def run_job(
    inputs: Sequence[str],
    output: str,
    *,
    engine: str = "local",
    address: str | None = None,
    workers: int | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    retries: int = 2,
    clean: bool = True,
    progress: RunProgress | None = None,
) -> RunReport:
    """Code every input under ``inputs`` (paths, folders, globs) into ``output``.

    Resumable: partitions already in the output's manifest are counted, not redone.
    """
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers {workers}: need at least 1 worker")
    started = time.perf_counter()
    parts = plan_partitions(expand_inputs(inputs), partition_size=partition_size)
    out = OutputDir(output)
    done = _finished_of_plan(out, parts)
    report = RunReport(output=output, partitions=len(parts))
    for part in parts:
        if part.part_id in done:
            report.add(done[part.part_id], resumed=True)
    todo = [part for part in parts if part.part_id not in done]
    if progress:
        progress(report)
    summaries: Iterator[PartitionSummary]
    if engine == "local":
        summaries = (process_partition(p, out, clean=clean, retries=retries) for p in todo)
    else:
        summaries = run_on_ray(
            todo, out.uri, address=address, workers=workers, retries=retries, clean=clean
        )
    for summary in summaries:
        report.add(summary)
        report.seconds = time.perf_counter() - started
        if progress:
            progress(report)
    report.seconds = time.perf_counter() - started
    return report


def _finished_of_plan(out: OutputDir, parts: list[Partition]) -> dict[str, PartitionSummary]:
    done = out.finished()
    stray = set(done) - {p.part_id for p in parts}
    if stray:
        raise StoreError(
            f"{out.uri}: holds {len(stray)} finished partition(s) of other inputs or another "
            "--partition-size; rerun with the same inputs, or write to a new --output folder"
        )
    return done
