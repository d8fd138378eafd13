"""The Ray engine: partitions through a pool of Ray actors.

Each actor (one CPU) loads the spaCy pipeline, the lexicon and the knowledge base
once, then runs :func:`detente.scale.work.process_partition` on one partition
per call: it reads the partition's records itself and writes its Parquet files and
manifest entry itself, so the Ray path and the local path run the same code and
the driver only hands out partition specs and collects ~150-byte summaries.

An actor that dies (a killed worker, a lost node) is restarted by Ray and the
partition it held is retried on it; partition files are replaced, not appended,
so a retry adds nothing twice. The pool is plain Ray core actors, not Ray Data:
Ray Data starts three helper actors and a scheduling loop in the driver, which
on a 2-core machine cost more start-up than the coding they schedule (see
docs/scale.md). Ray is optional: ``pip install 'detente[ray]'``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from types import ModuleType
from typing import Any

from detente.batch import code_batch
from detente.errors import CodingError, ConfigError
from detente.models import Document
from detente.scale.output import OutputDir, PartitionSummary
from detente.scale.partitions import Partition
from detente.scale.work import process_partition

_WARMUP = Document(doc_id="warmup", text="Iran accused Azerbaijan of provocations in Baku.")
# Extra attempts for a partition whose actor died under it (killed, out of memory).
_ACTOR_DEATH_RETRIES = 3


def require_ray() -> ModuleType:
    """The ``ray`` module, or a ``ConfigError`` that says how to install it."""
    try:
        import ray  # the optional ray extra, needed by the ray engine only
    except ImportError:
        raise ConfigError(
            "the ray engine needs Ray, which is not installed; "
            "run: pip install 'detente[ray]' (or use --engine local)"
        ) from None
    return ray


class PartitionCoder:
    """The body of a pool actor: codes whole partitions, one per call."""

    def __init__(self, output: str, clean: bool, retries: int) -> None:
        code_batch([_WARMUP])  # load the pipeline, lexicon and KB once per worker
        self.out = OutputDir(output)
        self.clean = clean
        self.retries = retries

    def code(self, spec: str) -> str:
        """Code the partition ``spec`` (:meth:`Partition.to_json`); its summary as JSON."""
        part = Partition.from_json(spec)
        summary = process_partition(part, self.out, clean=self.clean, retries=self.retries)
        return summary.to_json()


def run_on_ray(
    parts: Sequence[Partition],
    output: str,
    *,
    address: str | None = None,
    workers: int | None = None,
    retries: int = 2,
    clean: bool = True,
) -> Iterator[PartitionSummary]:
    """Code ``parts`` on a Ray cluster (a new local one when ``address`` is None)."""
    ray = require_ray()
    if not parts:
        return
    started_here = not ray.is_initialized()
    if started_here:
        _connect(ray, address)
    try:
        yield from _execute(ray, parts, output, workers=workers, retries=retries, clean=clean)
    finally:
        if started_here:
            ray.shutdown()


def _connect(ray: ModuleType, address: str | None) -> None:
    try:
        ray.init(
            address=address,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.WARNING,
        )
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = address or "a new local cluster"
        raise ConfigError(
            f"cannot connect to Ray at {where} ({exc}); check --address "
            "(ray://HOST:10001 or HOST:6379) or start the cluster with `ray start --head`"
        ) from exc


def _execute(
    ray: ModuleType,
    parts: Sequence[Partition],
    output: str,
    *,
    workers: int | None,
    retries: int,
    clean: bool,
) -> Iterator[PartitionSummary]:
    """One partition in flight per actor; a finished actor gets the next partition,
    so the workers stay busy to the end and the tail is at most one partition."""
    size = min(workers or max(1, int(ray.cluster_resources().get("CPU", 1))), len(parts))
    actor_class = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=_ACTOR_DEATH_RETRIES)(
        PartitionCoder
    )
    actors = [actor_class.remote(output, clean, retries) for _ in range(size)]
    todo = list(reversed(parts))
    pending: dict[Any, tuple[Any, Partition]] = {}

    def submit(actor: Any) -> None:
        if todo:
            part = todo.pop()
            call = actor.code.options(enable_task_events=False)
            pending[call.remote(part.to_json())] = (actor, part)

    try:
        for actor in actors:
            submit(actor)
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            actor, part = pending.pop(ready[0])
            summary = _result(ray, ready[0], part)
            submit(actor)
            yield summary
    finally:
        for actor in actors:
            ray.kill(actor)


def _result(ray: ModuleType, ref: Any, part: Partition) -> PartitionSummary:
    try:
        return PartitionSummary.from_json(str(ray.get(ref)))
    except ray.exceptions.RayActorError as exc:
        raise CodingError(
            f"partition {part.part_id} ({', '.join(part.paths)}) killed its worker "
            f"{_ACTOR_DEATH_RETRIES + 1} times ({type(exc).__name__}); give workers more "
            "memory or use a smaller --partition-size, then rerun to resume"
        ) from exc
