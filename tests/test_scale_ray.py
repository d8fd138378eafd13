"""The Ray engine on a real local Ray cluster (2 CPUs): same events as the local path,
a killed worker and an interrupted job each end with every input counted once."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from detente.scale import run_job

ray = pytest.importorskip("ray", reason="ray is not installed (pip install 'detente[ray]')")

pytestmark = [pytest.mark.ray, pytest.mark.slow, pytest.mark.model]

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("ray_corpus", ROOT / "benchmarks" / "ray_corpus.py")
assert _spec and _spec.loader
ray_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ray_corpus)


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A local Ray cluster with 2 CPUs; yields its address for other drivers."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield str(ray.get_runtime_context().gcs_address)
    finally:
        ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """240 documents (JSONL, Parquet, HTML) plus a corrupt Parquet file and a cut WARC."""
    folder = tmp_path_factory.mktemp("corpus")
    ray_corpus.make_corpus(folder, docs=240)
    (folder / "damaged.parquet").write_bytes(b"PAR1" + b"\x07" * 300)
    (folder / "cut.warc.gz").write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03broken")
    return folder


def rows(folder: Path, name: str, key: tuple[str, ...]) -> list[dict[str, Any]]:
    table = pq.read_table(folder / name).to_pylist()
    return sorted(table, key=lambda r: tuple(str(r[k]) for k in key))


def column(folder: Path, name: str, field: str) -> list[Any]:
    """One column of a dataset ([] when the run wrote no rows to it)."""
    if not (folder / name).is_dir():
        return []
    return list(pq.read_table(folder / name).column(field).to_pylist())


def assert_each_input_once(folder: Path, inputs: int) -> None:
    docs = column(folder, "documents", "source")
    fails = column(folder, "failures", "source")
    assert len(docs) == len(set(docs)), "a document was written twice"
    assert len(docs) + len(fails) == inputs, "an input is missing or counted twice"
    events = column(folder, "events", "event_id")
    assert len(events) == len(set(events)), "an event was written twice"


def test_ray_events_equal_the_local_path(cluster: str, corpus: Path, tmp_path: Path) -> None:
    local = run_job([str(corpus)], str(tmp_path / "local"), partition_size=16)
    on_ray = run_job(
        [str(corpus)], str(tmp_path / "ray"), engine="ray", workers=2, partition_size=16
    )
    assert on_ray.inputs == local.inputs == 240 + 2
    assert (on_ray.documents, on_ray.events, on_ray.failures) == (
        local.documents,
        local.events,
        local.failures,
    )
    assert local.events > 1000
    event_key = ("doc_id", "sentence_start", "event_id")
    assert rows(tmp_path / "ray", "events", event_key) == rows(
        tmp_path / "local", "events", event_key
    )
    assert rows(tmp_path / "ray", "documents", ("doc_id",)) == rows(
        tmp_path / "local", "documents", ("doc_id",)
    )
    failures = rows(tmp_path / "ray", "failures", ("source",))
    assert [Path(f["source"].split("@")[0]).name for f in failures] == [
        "cut.warc.gz",
        "damaged.parquet",
    ]
    assert all(f["reason"] for f in failures)
    workers = {s.split(":")[-1] for s in _manifest_workers(tmp_path / "ray")}
    assert len(workers) == 2 and str(os.getpid()) not in workers


def _manifest_workers(folder: Path) -> list[str]:
    import json

    return [
        json.loads(p.read_text(encoding="utf-8"))["worker"]
        for p in (folder / "_manifest").glob("*.json")
    ]


def _wait_for_manifest(folder: Path, count: int, timeout: float = 240.0) -> list[Path]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sorted((folder / "_manifest").glob("*.json"))
        if len(found) >= count:
            return found
        time.sleep(0.2)
    raise AssertionError(f"fewer than {count} partitions finished in {timeout}s")


def test_a_killed_worker_loses_and_duplicates_nothing(
    cluster: str, corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    killed: list[int] = []

    def kill_first_worker() -> None:
        first = _wait_for_manifest(out, 1)[0]
        pid = int(_manifest_workers(out)[0].split(":")[-1]) if first else 0
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    killer = threading.Thread(target=kill_first_worker, daemon=True)
    killer.start()
    report = run_job(
        [str(corpus / "news-a.jsonl")], str(out), engine="ray", workers=2, partition_size=8
    )
    killer.join(timeout=5)
    assert killed, "the test did not kill a worker"
    assert report.finished == report.partitions >= 10
    assert_each_input_once(out, report.inputs)
    assert report.failures == 0


def test_an_interrupted_job_resumes_without_gaps_or_duplicates(
    cluster: str, corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "detente",
        "run",
        "--engine",
        "ray",
        "--address",
        cluster,
        "--workers",
        "2",
        "--partition-size",
        "8",
        "--input",
        str(corpus / "news-a.jsonl"),
        "--output",
        str(out),
    ]
    job = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_manifest(out, 3)
    finally:
        job.kill()  # the crash: the driver dies mid-run
        job.wait()
    done_before = len(list((out / "_manifest").glob("*.json")))
    report = run_job(
        [str(corpus / "news-a.jsonl")], str(out), engine="ray", workers=2, partition_size=8
    )
    assert report.resumed >= done_before >= 3  # finished partitions were not redone
    assert report.finished == report.partitions
    assert_each_input_once(out, report.inputs)
    again = run_job([str(corpus / "news-a.jsonl")], str(out), engine="ray", partition_size=8)
    assert again.resumed == again.partitions and again.events == report.events
