"""Files and folders -> input items -> ``Document`` records; bad inputs become ``Failure``s.

``iter_inputs`` only reads: it walks folders, unpacks ``.gz`` and splits JSONL into
records. ``to_document`` does the work (decoding, extraction, language, ids), so a
batch engine can map it over items in a process pool or on a cluster.
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
from detente.ingest.decode import decode_bytes, normalise_unicode, read_limited
from detente.ingest.extract import Extracted, extract_bytes, kind_of
from detente.ingest.language import guess_language
from detente.models import Document, Failure

ItemKind = Literal["html", "text", "record"]

CODED_LANGUAGES = frozenset({"en"})
MAX_INPUT_BYTES = 50_000_000
RECORD_SUFFIXES = frozenset({".json", ".jsonl"})
# Files that describe a folder rather than hold an article; skipped when walking folders.
FOLDER_DOCS = frozenset({"README", "LICENSE", "CHANGELOG", "NOTICE"})
_STAGE = "ingest"
_ID_HEX = 16


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


def text_id(text: str) -> str:
    """Stable short id of a text: whitespace collapsed, casefolded, SHA-256, 16 hex digits."""
    normalised = " ".join(text.split()).casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:_ID_HEX]


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
            yield _failure(str(path), "no such file or folder; check the path")


def iter_jsonl(lines: Iterable[str], *, source: str) -> Iterator[InputItem | Failure]:
    """Records from JSONL lines (a file's or stdin's); blank lines are skipped."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield _parse_record(line, source=f"{source}:{number}")


def to_document(item: InputItem) -> Document:
    """Build the ``Document`` of one item. Raises ``IngestError`` for a bad input.

    A document that is not in a language the coder reads gets status "skipped".
    """
    if item.kind == "record":
        extracted, doc_id = _from_record(item)
    else:
        extracted = extract_bytes(
            item.raw, kind=item.kind, source=item.source, encoding=item.encoding, url=item.url
        )
        doc_id = None
    if not extracted.text.strip():
        raise IngestError(
            f"{item.source}: no article text found; check that the file holds an article"
        )
    coded = extracted.language is None or extracted.language in CODED_LANGUAGES
    return Document(
        doc_id=doc_id or text_id(extracted.text),
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
        if isinstance(item, Failure):
            yield item
            continue
        try:
            yield to_document(item)
        except IngestError as exc:
            yield _failure(item.source, str(exc))


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
        yield _failure(source, "unsupported file type; pass .txt .md .html .htm .json .jsonl")
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
        yield _failure(source, f"cannot read the file ({exc.strerror}); check its permissions")
        return
    except IngestError as exc:
        yield _failure(source, str(exc))
        return
    if record_suffix == ".jsonl":
        yield from iter_jsonl(text.split("\n"), source=source)
    else:
        yield from _json_items(text, source=source)


def _json_items(text: str, *, source: str) -> Iterator[InputItem | Failure]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield _failure(source, f"not valid JSON ({exc.msg} at line {exc.lineno}); fix the file")
        return
    if isinstance(value, list):
        for index, entry in enumerate(value, start=1):
            yield _record_item(entry, source=f"{source}[{index}]")
    else:
        yield _record_item(value, source=source)


def _parse_record(line: str, *, source: str) -> InputItem | Failure:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        return _failure(
            source, f"not valid JSON ({exc.msg} at column {exc.colno}); fix or remove the line"
        )
    return _record_item(value, source=source, raw=line.strip().encode("utf-8"))


def _record_item(value: object, *, source: str, raw: bytes | None = None) -> InputItem | Failure:
    if not isinstance(value, dict):
        return _failure(source, 'expected a JSON object {"id", "text", ...}; fix the record')
    if raw is None:
        raw = json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return InputItem(source=source, kind="record", raw=raw, record=value)


def _from_record(item: InputItem) -> tuple[Extracted, str | None]:
    record = item.record or {}
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise IngestError(f'{item.source}: no "text" string in the record; add the article text')
    text = normalise_unicode(text).strip()
    record_id = record.get("id")
    doc_id = str(record_id) if isinstance(record_id, str | int) and record_id != "" else None
    extracted = Extracted(
        title=_optional_str(record, "title"),
        date=_record_date(record.get("date"), source=item.source),
        url=_optional_str(record, "url"),
        language=guess_language(text),
        text=text,
    )
    return extracted, doc_id


def _record_date(value: object, *, source: str) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise IngestError(
            f'{source}: "date" {value!r} is not YYYY-MM-DD; fix it or leave it out'
        ) from exc


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return value.strip() or None if isinstance(value, str) else None


def _failure(source: str, message: str) -> Failure:
    prefix = f"{source}: "
    reason = message.removeprefix(prefix)
    return Failure(source=source, stage=_STAGE, reason=" ".join(reason.split()))
