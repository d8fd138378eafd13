"""Inputs -> partitions: the units of work a run schedules, finishes and resumes.

A partition is a stable slice of the input: a range of lines of a JSONL file, a
range of row groups of a Parquet file, a whole WARC or ``.jsonl.gz`` file, or a
group of article files. Its id is a hash of what it covers (path, size, range),
so a rerun over the same inputs plans the same ids and can skip finished ones.
Planning only reads metadata and line offsets; the records are read by the worker
that codes the partition (:mod:`detente.scale.readers`).
"""

from __future__ import annotations

import glob
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

import pyarrow.parquet as pq

from detente.errors import ConfigError, IngestError

PartKind = Literal["jsonl", "parquet", "warc", "files"]

JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")
FILE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json")
DEFAULT_PARTITION_SIZE = 64
# Files that describe a folder rather than hold an article (as ``detente ingest``).
FOLDER_DOCS = frozenset({"README", "LICENSE", "CHANGELOG", "NOTICE"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Partition:
    """One unit of work. ``start``/``stop`` are line numbers (JSONL, 1-based, stop
    exclusive), row numbers (Parquet, 0-based, stop exclusive) or unused (WARC, whole files);
    ``byte_start``/``byte_end`` locate JSONL lines without rescanning the file."""

    part_id: str
    kind: PartKind
    paths: tuple[str, ...]
    start: int = 0
    stop: int = -1
    byte_start: int = 0
    byte_end: int = -1

    def to_json(self) -> str:
        """The partition as one JSON object (how it travels to a worker)."""
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Partition:
        """Inverse of :meth:`to_json`."""
        record = json.loads(text)
        record["paths"] = tuple(record["paths"])
        return cls(**record)


def expand_inputs(patterns: Sequence[str]) -> list[Path]:
    """Files named by paths, folders (walked) and globs (``**`` allowed), sorted, unique.

    Raises ``IngestError`` naming a pattern that matches nothing.
    """
    found: dict[str, Path] = {}
    for pattern in patterns:
        matches = [Path(p) for p in sorted(glob.glob(pattern, recursive=True))]  # noqa: PTH207
        if not matches:
            raise IngestError(pattern, "no such file, folder or glob match; check the path")
        for match in matches:
            for file in _files_under(match):
                found.setdefault(str(file.resolve()), file.resolve())
    if not found:
        raise IngestError(
            ", ".join(patterns), "no .jsonl, .parquet, .warc(.gz) or article files found"
        )
    return [found[key] for key in sorted(found)]


def plan_partitions(
    files: Sequence[Path], *, partition_size: int = DEFAULT_PARTITION_SIZE
) -> list[Partition]:
    """Split the input files into partitions of about ``partition_size`` records."""
    if partition_size < 1:
        raise ConfigError(f"partition size {partition_size} must be at least 1")
    parts: list[Partition] = []
    loose: list[Path] = []
    for path in files:
        name = path.name.lower()
        if name.endswith(JSONL_SUFFIXES):
            parts.extend(_jsonl_parts(path, partition_size))
        elif name.endswith(PARQUET_SUFFIXES):
            parts.extend(_parquet_parts(path, partition_size))
        elif name.endswith(WARC_SUFFIXES) or name.endswith((".jsonl.gz", ".ndjson.gz")):
            kind: PartKind = "warc" if name.endswith(WARC_SUFFIXES) else "jsonl"
            parts.append(_part(kind, (path,)))
        else:
            loose.append(path)
    for index in range(0, len(loose), partition_size):
        parts.append(_part("files", tuple(loose[index : index + partition_size])))
    return parts


def _files_under(path: Path) -> Iterator[Path]:
    if path.is_file():
        yield path
        return
    for file in sorted(path.rglob("*")):
        hidden = any(part.startswith((".", "_")) for part in file.relative_to(path).parts)
        folder_doc = file.name.split(".")[0].upper() in FOLDER_DOCS
        if file.is_file() and not hidden and not folder_doc and _supported(file.name.lower()):
            yield file


def _supported(name: str) -> bool:
    plain = name.removesuffix(".gz")
    return plain.endswith(JSONL_SUFFIXES + PARQUET_SUFFIXES + (".warc",) + FILE_SUFFIXES)


def _part(
    kind: PartKind,
    paths: tuple[Path, ...],
    *,
    start: int = 0,
    stop: int = -1,
    byte_start: int = 0,
    byte_end: int = -1,
) -> Partition:
    key = [kind, start, stop] + [f"{p}|{_size(p)}" for p in paths]
    part_id = hashlib.sha256(json.dumps(key).encode("utf-8")).hexdigest()[:16]
    return Partition(
        part_id=part_id,
        kind=kind,
        paths=tuple(str(p) for p in paths),
        start=start,
        stop=stop,
        byte_start=byte_start,
        byte_end=byte_end,
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def _jsonl_parts(path: Path, size: int) -> Iterator[Partition]:
    """Line ranges of ``size`` non-blank lines, located by byte offsets."""
    first_line, byte_start, records, line_no, offset = 1, 0, 0, 0, 0
    with path.open("rb") as stream:
        for line in stream:
            line_no += 1
            offset += len(line)
            records += 1 if line.strip() else 0
            if records == size:
                yield _part(
                    "jsonl",
                    (path,),
                    start=first_line,
                    stop=line_no + 1,
                    byte_start=byte_start,
                    byte_end=offset,
                )
                first_line, byte_start, records = line_no + 1, offset, 0
    if records:
        yield _part(
            "jsonl", (path,), start=first_line, stop=line_no + 1, byte_start=byte_start,
            byte_end=offset,
        )  # fmt: skip


def _parquet_parts(path: Path, size: int) -> Iterator[Partition]:
    """Row ranges of ``size`` rows; an unreadable file is one partition (its worker
    turns it into a failure row with the reason)."""
    try:
        rows = pq.ParquetFile(path).metadata.num_rows
    except Exception:  # corrupt footer: the worker reports it
        yield _part("parquet", (path,))
        return
    for start in range(0, rows, size):
        yield _part("parquet", (path,), start=start, stop=min(start + size, rows))
