"""Files and folders -> input items -> ``Document`` records; bad inputs become ``Failure``s.

``iter_inputs`` only reads: it walks folders, unpacks ``.gz`` and splits JSONL into
records. ``to_document`` does the work (decoding, extraction, language, ids; records
through :func:`detente.ingest.records.record_document`), so a batch engine can map it
over items in a process pool or on a cluster.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from detente.errors import IngestError
from detente.ingest.decode import decode_bytes, read_limited
from detente.ingest.extract import extract_bytes, kind_of
from detente.ingest.records import (
    CODED_LANGUAGES,
    as_record,
    parse_record,
    record_document,
    text_id,
)
from detente.models import Document, Failure
from detente.options import MAX_INPUT_BYTES

ItemKind = Literal["html", "text", "record"]

RECORD_SUFFIXES = frozenset({".json", ".jsonl"})
# Files that describe a folder rather than hold an article; skipped when walking folders.
FOLDER_DOCS = frozenset({"README", "LICENSE", "CHANGELOG", "NOTICE"})
_STAGE = "ingest"


@dataclass(frozen=True, slots=True, kw_only=True)
class InputItem:
    """One input read from disk: a file's bytes, or one JSON(L) document record."""

    source: str
    kind: ItemKind
    raw: bytes
    encoding: str | None = None
    record: dict[str, Any] | None = None
    source_kind: str = "file"
    origin: str | None = None
    url: str | None = None
    fetched_at: dt.datetime | None = None

    @property
    def raw_hash(self) -> str:
        """SHA-256 of the raw bytes (after gzip), as stored for provenance."""
        return hashlib.sha256(self.raw).hexdigest()


def iter_inputs(
    paths: Sequence[Path], *, encoding: str | None = None, max_bytes: int = MAX_INPUT_BYTES
) -> Iterator[InputItem | Failure]:
    """Walk files and folders (recursively, sorted, hidden files skipped) into input items.

    Reads ``.txt .md .html .htm .json .jsonl`` and ``.gz`` of them; in folders, README,
    LICENSE, CHANGELOG and NOTICE files are skipped too. Each JSONL line is
    one record ``{"id", "text", "date"?, "title"?, "url"?}``. What cannot be read is
    yielded as a ``Failure`` and the walk carries on.
    """
    for path in paths:
        if path.is_dir():
            for file in _walk(path):
                yield from read_file(file, encoding=encoding, max_bytes=max_bytes)
        elif path.exists():
            yield from read_file(path, encoding=encoding, max_bytes=max_bytes)
        else:
            yield ingest_failure(str(path), "no such file or folder; check the path")


def iter_jsonl(lines: Iterable[str], *, source: str) -> Iterator[InputItem | Failure]:
    """Records from JSONL lines (a file's or stdin's); blank lines are skipped."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield record_line(line, source=f"{source}:{number}")


def to_document(item: InputItem, *, clean: bool = True) -> Document:
    """Build the ``Document`` of one item. Raises ``IngestError`` for a bad input.

    A document that is not in a language the coder reads gets status "skipped".
    ``clean=False`` codes a record's text as given (``detente code --raw``); files
    are always extracted.
    """
    if item.kind == "record":
        record = item.record or {}
        return record_document(record, source=item.source, clean=clean, raw_hash=item.raw_hash)
    extracted = extract_bytes(
        item.raw, kind=item.kind, source=item.source, encoding=item.encoding, url=item.url
    )
    if not extracted.text.strip():
        raise IngestError(
            item.source, "no article text found; check that the file holds an article"
        )
    coded = extracted.language is None or extracted.language in CODED_LANGUAGES
    return Document(
        doc_id=text_id(extracted.text),
        text=extracted.text,
        title=extracted.title,
        author=extracted.author,
        date=extracted.date,
        section=extracted.section,
        sitename=extracted.sitename,
        url=extracted.url or item.url,
        language=extracted.language,
        source=item.source,
        raw_hash=item.raw_hash,
        status="coded" if coded else "skipped",
    )


def read_documents(
    paths: Sequence[Path], *, encoding: str | None = None
) -> Iterator[Document | Failure]:
    """``iter_inputs`` then ``to_document``, with every bad input as a ``Failure``."""
    for item in iter_inputs(paths, encoding=encoding):
        yield document_or_failure(item)


def document_or_failure(item: InputItem | Failure, *, clean: bool = True) -> Document | Failure:
    """``to_document`` of an item read, or the ``Failure`` of an input that is bad."""
    if isinstance(item, Failure):
        return item
    try:
        return to_document(item, clean=clean)
    except IngestError as exc:
        return ingest_failure(item.source, exc)


def _walk(folder: Path) -> Iterator[Path]:
    """Supported files under ``folder``, sorted; hidden ones and folder docs left out."""
    for file in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in file.relative_to(folder).parts)
        folder_doc = file.name.split(".")[0].upper() in FOLDER_DOCS
        if not hidden and not folder_doc and file.is_file() and _is_supported(file):
            yield file


def _is_supported(path: Path) -> bool:
    return kind_of(path) is not None or _record_suffix(path) is not None


def _record_suffix(path: Path) -> str | None:
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes and suffixes[-1] in RECORD_SUFFIXES else None


def read_file(
    path: Path, *, encoding: str | None, max_bytes: int = MAX_INPUT_BYTES
) -> Iterator[InputItem | Failure]:
    """The items of one file: itself, or its JSON(L) records; a bad file is a ``Failure``."""
    source = str(path)
    if not _is_supported(path):
        yield ingest_failure(source, "unsupported file type; pass .txt .md .html .htm .json .jsonl")
        return
    try:
        raw = read_limited(path, max_bytes=max_bytes)
        record_suffix = _record_suffix(path)
        if record_suffix is None:
            kind = kind_of(path)
            if kind is not None:
                yield InputItem(source=source, kind=kind, raw=raw, encoding=encoding)
            return
        text = decode_bytes(raw, source=source, encoding=encoding)
    except OSError as exc:
        yield ingest_failure(
            source, f"cannot read the file ({exc.strerror}); check its permissions"
        )
        return
    except IngestError as exc:
        yield ingest_failure(source, exc)
        return
    if record_suffix == ".jsonl":
        yield from iter_jsonl(text.split("\n"), source=source)
    else:
        yield from _json_items(text, source=source)


def _json_items(text: str, *, source: str) -> Iterator[InputItem | Failure]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ingest_failure(
            source, f"not valid JSON ({exc.msg} at line {exc.lineno}); fix the file"
        )
        return
    if isinstance(value, list):
        for index, entry in enumerate(value, start=1):
            yield record_item(entry, source=f"{source}[{index}]")
    else:
        yield record_item(value, source=source)


def record_line(line: str, *, source: str) -> InputItem | Failure:
    """The input item of one JSONL line; a line that is no JSON object is a ``Failure``."""
    try:
        record = parse_record(line, source=source)
    except IngestError as exc:
        return ingest_failure(source, exc)
    return InputItem(source=source, kind="record", raw=line.strip().encode("utf-8"), record=record)


def record_item(value: object, *, source: str) -> InputItem | Failure:
    """An input item of one decoded record (a JSON file's, a Parquet row); else a ``Failure``."""
    try:
        record = as_record(value, source=source)
    except IngestError as exc:
        return ingest_failure(source, exc)
    raw = json.dumps(record, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
    return InputItem(source=source, kind="record", raw=raw, record=record)


def ingest_failure(source: str, problem: str | Exception) -> Failure:
    """The ingest ``Failure`` of ``source``, its reason on one line.

    ``problem`` is the reason, or the error met: an ``IngestError`` about ``source``
    gives its ``reason`` (the failure names the source), any other error its message.
    """
    reason = str(problem)
    if isinstance(problem, IngestError) and problem.source == source:
        reason = problem.reason
    return Failure(source=source, stage=_STAGE, reason=" ".join(reason.split()))
