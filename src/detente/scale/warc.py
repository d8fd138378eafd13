"""A small WARC 1.0/1.1 reader: HTML responses of a news crawl -> input items.

Reads ``.warc`` and ``.warc.gz`` (one gzip member per record, as crawlers write
them). Only ``response`` records with an HTML payload become items; request,
metadata and non-HTML records are passed over. A damaged file yields the records
before the damage and then one ``Failure`` with the byte offset and the reason.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from detente.ingest import InputItem
from detente.models import Failure

_STAGE = "read"
_MAX_HEADER_LINES = 256


class _WarcError(ValueError):
    """The byte stream is not a well-formed WARC record."""


def iter_warc(path: Path) -> Iterator[InputItem | Failure]:
    """HTML response records of a WARC file as ``InputItem``s (``kind="html"``)."""
    try:
        stream = _open(path)
    except OSError as exc:
        yield Failure(source=str(path), stage=_STAGE, reason=f"cannot open the WARC ({exc})")
        return
    with stream:
        offset = 0
        try:
            while True:
                record = _read_record(stream)
                if record is None:
                    return
                headers, block, size = record
                item = _to_item(path, headers, block)
                if item is not None:
                    yield item
                offset += size
        except (_WarcError, OSError, EOFError, zlib.error) as exc:
            reason = f"corrupt WARC after byte {offset} of the records ({exc}); the rest is skipped"
            yield Failure(source=f"{path}@{offset}", stage=_STAGE, reason=reason)


def _open(path: Path) -> IO[bytes]:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _read_record(stream: IO[bytes]) -> tuple[dict[str, str], bytes, int] | None:
    line = stream.readline()
    while line in (b"\r\n", b"\n"):
        line = stream.readline()
    if not line:
        return None
    if not line.startswith(b"WARC/"):
        raise _WarcError(f"expected a WARC/1.x version line, found {line[:20]!r}")
    size = len(line)
    headers: dict[str, str] = {}
    for _ in range(_MAX_HEADER_LINES):
        line = stream.readline()
        size += len(line)
        if line in (b"\r\n", b"\n"):
            break
        if not line:
            raise _WarcError("the file ends inside a record header")
        name, _, value = line.decode("utf-8", "replace").partition(":")
        headers[name.strip().lower()] = value.strip()
    else:
        raise _WarcError("a record header has too many lines")
    try:
        length = int(headers["content-length"])
    except (KeyError, ValueError):
        raise _WarcError("a record has no valid Content-Length") from None
    block = stream.read(length)
    if len(block) != length:
        raise _WarcError(f"a record is cut short ({len(block)} of {length} bytes)")
    return headers, block, size + length


def _to_item(path: Path, headers: dict[str, str], block: bytes) -> InputItem | None:
    if headers.get("warc-type") != "response":
        return None
    if "application/http" in headers.get("content-type", ""):
        head, _, block = block.partition(b"\r\n\r\n")
        content_type = _http_header(head, b"content-type")
        if content_type and b"html" not in content_type.lower():
            return None
    url = headers.get("warc-target-uri", "")
    record_id = headers.get("warc-record-id", "").strip("<>") or url
    record = {"url": url} if url else None
    return InputItem(source=f"{path}#{record_id}", kind="html", raw=block, record=record)


def _http_header(head: bytes, name: bytes) -> bytes | None:
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name:
            return value.strip()
    return None
