"""The Ray engine: partitions through a Ray Data actor pool.

Each actor loads the spaCy pipeline, the lexicon and the knowledge base once, then
runs :func:`detente.scale.runner.process_partition` on one partition per call, so
the Ray path and the local path run the same code. An actor that dies (a killed
worker, a lost node) is restarted by Ray Data and its partition retried; a
partition whose write hits a filesystem error is retried too. Partition files are
replaced, not appended, so a retry adds nothing twice.
Ray is optional: ``pip install 'detente[ray]'``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from types import ModuleType
from typing import Any

from detente.errors import ConfigError
from detente.models import Document
from detente.scale.output import OutputDir, PartitionSummary
from detente.scale.partitions import Partition

_WARMUP = Document(doc_id="warmup", text="Iran accused Azerbaijan of provocations in Baku.")


def require_ray() -> ModuleType:
    """The ``ray`` module, or a ``ConfigError`` that says how to install it."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise ConfigError(
            "the ray engine needs Ray, which is not installed; "
            "run: pip install 'detente[ray]' (or use --engine local)"
        ) from None
    return ray


class PartitionCoder:
    """A Ray Data actor: codes whole partitions, one per call.

    Its settings are class attributes of a subclass made per run (see
    :func:`_coder_class`), so a restarted actor needs no constructor arguments from
    the object store.
    """

    output: str = ""
    clean: bool = True
    retries: int = 2

    def __init__(self) -> None:
        from detente.scale.batch import code_batch

        code_batch([_WARMUP])  # load the pipeline, lexicon and KB once per worker
        self.out = OutputDir(self.output)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        """Code the partitions of a batch (``{"partition": [json, ...]}``)."""
        from detente.scale.runner import process_partition

        summaries = [
            process_partition(
                Partition.from_json(str(spec)), self.out, clean=self.clean, retries=self.retries
            ).to_json()
            for spec in batch["partition"]
        ]
        return {"summary": summaries}


def _coder_class(output: str, *, clean: bool, retries: int) -> type[PartitionCoder]:
    settings = {"output": output, "clean": clean, "retries": retries}
    return type("PartitionCoder", (PartitionCoder,), settings)


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
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    context.actor_task_retry_on_errors = [OSError]  # flaky filesystems; killed actors always
    size = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    items = [{"partition": part.to_json()} for part in parts]
    dataset = ray.data.from_items(items, override_num_blocks=len(items))
    coded = dataset.map_batches(
        _coder_class(output, clean=clean, retries=retries),
        batch_size=1,
        compute=ray.data.ActorPoolStrategy(
            size=min(size, len(items)), max_tasks_in_flight_per_actor=1
        ),
        num_cpus=1,
    )
    for row in coded.iter_rows():
        yield PartitionSummary.from_json(str(row["summary"]))
