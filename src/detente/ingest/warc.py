"""A small streaming WARC reader (and a writer, for tests and for saving fetched pages).

Reads ``.warc`` and ``.warc.gz`` (one gzip member per record, as crawlers write them,
or the whole file gzipped) record by record, so memory stays bounded by the largest
record read. Only ``response`` records whose HTTP payload is HTML or plain text with
status 200 are articles; requests, metadata, redirects and images are passed over.
A truncated file ends the walk with an ``IngestError`` naming the byte offset, after
the complete records before it have been yielded.
"""

from __future__ import annotations

import datetime as dt
import gzip
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from detente.errors import IngestError
from detente.ingest.decode import check_unpacked

WARC_SUFFIXES = (".warc", ".warc.gz")
ARTICLE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_MAX_HEADER_LINES = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class WarcRecord:
    """One article response of a WARC file."""

    record_id: str
    url: str
    date: dt.datetime | None
    content_type: str
    body: bytes
    offset: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Skipped:
    """A WARC response record that is not an article, or is too large, with the reason."""

    record_id: str
    url: str
    reason: str
    article: bool  # True when it was an article the reader could not keep (too large)


def is_warc(path: Path) -> bool:
    """True when the file name ends in ``.warc`` or ``.warc.gz``."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def iter_warc(path: Path, *, max_bytes: int) -> Iterator[WarcRecord | Skipped]:
    """Article responses of a WARC file, in file order; raises ``IngestError`` when truncated
    or when it unpacks past the limits of :func:`detente.ingest.decode.check_unpacked`."""
    try:
        with path.open("rb") as packed, _open(path, packed) as stream:
            guard = _Guard(path, packed, stream)
            yield from _records(guard, path=path, max_bytes=max_bytes)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise IngestError(
            path,
            f"truncated or corrupt WARC ({exc}); the records before it were read, "
            "fetch the archive again for the rest",
        ) from exc
    except OSError as exc:
        raise IngestError(path, f"cannot read the file ({exc}); check the path") from exc


def _open(path: Path, packed: IO[bytes]) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.GzipFile(fileobj=packed, mode="rb"))
    return packed


class _Guard:
    """The unpacked stream, counting what it yields against the bytes read from disk."""

    def __init__(self, path: Path, packed: IO[bytes], stream: IO[bytes]) -> None:
        self.path = path
        self.packed = packed
        self.stream = stream
        self.unpacked = 0

    def _count(self, data: bytes) -> bytes:
        self.unpacked += len(data)
        if self.stream is not self.packed:
            check_unpacked(
                str(self.path), unpacked=self.unpacked, packed=self.packed.tell(), archive=True
            )
        return data

    def readline(self) -> bytes:
        return self._count(self.stream.readline(1 << 16))

    def read(self, size: int) -> bytes:
        return self._count(self.stream.read(size))


def _records(stream: _Guard, *, path: Path, max_bytes: int) -> Iterator[WarcRecord | Skipped]:
    offset = 0
    while True:
        start = offset
        line = stream.readline()
        while line in (b"\r\n", b"\n"):  # blank lines between records
            offset += len(line)
            start = offset
            line = stream.readline()
        if not line:
            return
        if not line.startswith(b"WARC/"):
            raise IngestError(
                path, f"not a WARC record at byte {start}; check that the file is a WARC"
            )
        headers, size = _read_headers(stream, path=path, offset=start)
        offset += size + len(line)
        length = _content_length(headers, path=path, offset=start)
        if length > max_bytes:
            _skip(stream, length, path=path, offset=start)
            offset += length
            if headers.get("warc-type") == "response":
                yield Skipped(
                    record_id=headers.get("warc-record-id", f"@{start}"),
                    url=headers.get("warc-target-uri", ""),
                    reason=f"record of {length} bytes is over the {max_bytes}-byte limit "
                    "(max_input_bytes)",
                    article=True,
                )
            continue
        block = stream.read(length)
        if len(block) < length:
            raise IngestError(
                path,
                f"truncated WARC record at byte {start} ({len(block)} of {length} "
                "bytes); the records before it were read, fetch the archive again for the rest",
            )
        offset += length
        item = _response(headers, block, offset=start)
        if item is not None:
            yield item


def _read_headers(stream: _Guard, *, path: Path, offset: int) -> tuple[dict[str, str], int]:
    headers: dict[str, str] = {}
    size = 0
    for _ in range(_MAX_HEADER_LINES):
        line = stream.readline()
        size += len(line)
        if not line:
            raise IngestError(
                path,
                f"truncated WARC header at byte {offset}; the records before it were "
                "read, fetch the archive again for the rest",
            )
        if line in (b"\r\n", b"\n"):
            return headers, size
        name, _, value = line.decode("utf-8", errors="replace").partition(":")
        headers[name.strip().lower()] = value.strip()
    raise IngestError(path, f"WARC header at byte {offset} never ends; the file is corrupt")


def _content_length(headers: dict[str, str], *, path: Path, offset: int) -> int:
    try:
        return int(headers["content-length"])
    except (KeyError, ValueError):
        raise IngestError(
            path, f"WARC record at byte {offset} has no valid Content-Length; the file is corrupt"
        ) from None


def _skip(stream: _Guard, length: int, *, path: Path, offset: int) -> None:
    left = length
    while left:
        chunk = stream.read(min(left, 1 << 20))
        if not chunk:
            raise IngestError(path, f"truncated WARC record at byte {offset}")
        left -= len(chunk)


def _response(headers: dict[str, str], block: bytes, *, offset: int) -> WarcRecord | Skipped | None:
    if headers.get("warc-type") != "response":
        return None
    record_id = headers.get("warc-record-id", f"@{offset}")
    url = headers.get("warc-target-uri", "")
    head, _, body = block.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("iso-8859-1").split("\r\n")
    parts = status_line.split()
    status = parts[1] if len(parts) > 1 else ""
    http = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines)}
    content_type = http.get("content-type", "").split(";")[0].strip().lower()
    if status != "200" or content_type not in ARTICLE_TYPES:
        why = f"HTTP {status}" if status != "200" else f"content type {content_type or 'none'}"
        return Skipped(
            record_id=record_id, url=url, reason=f"not an article ({why})", article=False
        )
    return WarcRecord(
        record_id=record_id,
        url=url,
        date=_warc_date(headers.get("warc-date")),
        content_type=content_type,
        body=body,
        offset=offset,
    )


def _warc_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(dt.UTC).replace(tzinfo=None) if parsed.tzinfo else parsed


def response_record(
    url: str,
    body: bytes,
    *,
    content_type: str = "text/html; charset=utf-8",
    status: int = 200,
    date: dt.datetime | None = None,
) -> bytes:
    """A WARC/1.1 ``response`` record holding an HTTP response (for writing archives)."""
    reason = {200: "OK", 301: "Moved Permanently", 404: "Not Found"}.get(status, "Status")
    http = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode("iso-8859-1") + body
    when = (date or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    head = (
        "WARC/1.1\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\nWARC-Date: {when}\r\n"
        f"WARC-Target-URI: {url}\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def write_warc(path: Path, records: list[bytes]) -> None:
    """Write records to ``path``; ``.warc.gz`` compresses each record as its own member."""
    gz = path.name.lower().endswith(".gz")
    with path.open("wb") as out:
        for record in records:
            out.write(gzip.compress(record) if gz else record)
