"""The output folder of a run: partitioned Parquet datasets and a resumable manifest.

Layout (a local folder or any pyarrow filesystem URI, e.g. ``s3://bucket/run``)::

    DIR/events/part-<id>.parquet      event rows (the ``detente code`` columns)
    DIR/documents/part-<id>.parquet   one row per document read
    DIR/failures/part-<id>.parquet    one row per input that failed, with the reason
    DIR/mentions/part-<id>.parquet    actor mentions (for the store's mentions table)
    DIR/_manifest/<id>.json           written last: the partition is finished

File names derive from the partition id and every file is written under a hidden
temporary name and then moved into place, so a partition redone after a crash
replaces its files instead of adding to them: no duplicates, and a partition
without a manifest entry is simply redone: no gaps.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from pyarrow import fs

from detente.errors import StoreError

DATASETS: tuple[str, ...] = ("events", "documents", "failures", "mentions")
MANIFEST = "_manifest"


@dataclass(frozen=True, slots=True, kw_only=True)
class PartitionSummary:
    """What one finished partition produced; the manifest entry and the progress unit."""

    part_id: str
    inputs: int
    documents: int
    events: int
    failures: int
    seconds: float
    worker: str = ""
    skipped: bool = False
    started_at: float = 0.0  # Unix time the worker began the partition (utilisation, benches)

    def to_json(self) -> str:
        """One JSON object."""
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> PartitionSummary:
        """Inverse of :meth:`to_json`."""
        return cls(**json.loads(text))


def worker_name() -> str:
    """``host:pid`` of this process, recorded with each partition it finishes."""
    return f"{socket.gethostname()}:{os.getpid()}"


class OutputDir:
    """Writes and lists the datasets of one run's output folder."""

    def __init__(self, uri: str | Path) -> None:
        text = str(uri)
        if "://" not in text:
            text = str(Path(text).resolve())
        try:
            self.fs, self.base = fs.FileSystem.from_uri(text)
        except (ValueError, OSError) as exc:
            raise StoreError(f"{uri}: not a usable output location ({exc})") from exc
        self.uri = str(uri)

    def path(self, *parts: str) -> str:
        """A path inside the folder, in the filesystem's own syntax."""
        return "/".join([self.base.rstrip("/"), *parts])

    def finished(self) -> dict[str, PartitionSummary]:
        """The manifest: finished partitions by id."""
        selector = fs.FileSelector(self.path(MANIFEST), allow_not_found=True)
        entries: dict[str, PartitionSummary] = {}
        for info in self.fs.get_file_info(selector):
            name = info.base_name
            if info.type == fs.FileType.File and name.endswith(".json"):
                with self.fs.open_input_stream(info.path) as stream:
                    summary = PartitionSummary.from_json(stream.read().decode("utf-8"))
                entries[summary.part_id] = summary
        return entries

    def write_partition(self, summary: PartitionSummary, tables: dict[str, Any]) -> None:
        """Write a partition's tables, then its manifest entry (the commit point)."""
        for name, table in tables.items():
            if table.num_rows == 0:
                self._remove(self.path(name, f"part-{summary.part_id}.parquet"))
                continue
            self.fs.create_dir(self.path(name), recursive=True)
            temp = self.path(name, f".part-{summary.part_id}.{os.getpid()}.tmp")
            pq.write_table(table, temp, filesystem=self.fs)
            self.fs.move(temp, self.path(name, f"part-{summary.part_id}.parquet"))
        self.fs.create_dir(self.path(MANIFEST), recursive=True)
        temp = self.path(MANIFEST, f".{summary.part_id}.{os.getpid()}.tmp")
        with self.fs.open_output_stream(temp) as stream:
            stream.write(summary.to_json().encode("utf-8"))
        self.fs.move(temp, self.path(MANIFEST, f"{summary.part_id}.json"))

    def dataset_files(self, name: str) -> list[str]:
        """The part files of one dataset, sorted (temporary files left out)."""
        selector = fs.FileSelector(self.path(name), allow_not_found=True)
        files = [
            info.path
            for info in self.fs.get_file_info(selector)
            if info.type == fs.FileType.File and info.base_name.startswith("part-")
        ]
        return sorted(files)

    def _remove(self, path: str) -> None:
        if self.fs.get_file_info(path).type == fs.FileType.File:
            self.fs.delete_file(path)
