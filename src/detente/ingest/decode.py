"""Bytes -> text: gzip, strict decoding, binary detection, Unicode clean-up."""

from __future__ import annotations

import codecs
import gzip
import re
import unicodedata
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from detente.errors import IngestError
from detente.ingest.charset import decode_html
from detente.options import UnpackLimits

_SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = frozenset(range(32)) - frozenset(b"\t\n\r\f\v\x1b")

# Space-like characters that become a plain space.
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]")
# Invisible characters that are dropped: zero-width, soft hyphen, BOM, bidi marks.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069]")
# Other C0/C1 controls, apart from the newline.
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_RUNS_OF_SPACES = re.compile(" {2,}")

# The unpack ratio is checked once past 1 MiB, so small, very repetitive files pass.
_RATIO_FLOOR = 1 << 20


_LIMITS: ContextVar[UnpackLimits | None] = ContextVar("detente_unpack", default=None)


@contextmanager
def unpack_limits(limits: UnpackLimits) -> Iterator[None]:
    """Apply ``limits`` to every gzip and WARC read in the block (an ingest run)."""
    token = _LIMITS.set(limits)
    try:
        yield
    finally:
        _LIMITS.reset(token)


def check_unpacked(source: str, *, unpacked: int, packed: int, archive: bool = False) -> None:
    """Raise ``IngestError`` when ``unpacked`` bytes from ``packed`` look like a bomb."""
    limits = _LIMITS.get() or UnpackLimits()
    if archive and unpacked > limits.max_archive_bytes:
        raise IngestError(
            source,
            f"unpacks to more than {limits.max_archive_bytes} bytes "
            "(max_archive_bytes); split the archive or raise max_archive_bytes",
        )
    if unpacked > _RATIO_FLOOR and unpacked > limits.max_ratio * max(packed, 1):
        raise IngestError(
            source,
            f"unpacks to over {limits.max_ratio:g} times its packed size "
            f"({unpacked} bytes from {packed}; max_unpack_ratio), a compression bomb? "
            "raise max_unpack_ratio if the file is genuine",
        )


def read_limited(path: Path, *, max_bytes: int) -> bytes:
    """A file's bytes (a ``.gz`` file's decompressed bytes), refused above ``max_bytes``.

    Raises ``IngestError`` for a file over the limit, an unreadable file and a
    truncated or corrupt ``.gz``; memory never holds more than the limit.
    """
    source = str(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(source, _too_large(size, max_bytes))
    if path.suffix.lower() != ".gz":
        return path.read_bytes()
    chunks: list[bytes] = []
    total = 0
    try:
        with gzip.open(path, "rb") as stream:
            while chunk := stream.read(1 << 20):
                total += len(chunk)
                if total > max_bytes:
                    raise IngestError(source, _too_large(total, max_bytes, unpacked=True))
                check_unpacked(source, unpacked=total, packed=size)
                chunks.append(chunk)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise IngestError(
            source, f"not a valid gzip file ({exc}); re-compress it or unpack it first"
        ) from exc
    return b"".join(chunks)


def _too_large(size: int, limit: int, *, unpacked: bool = False) -> str:
    what = "unpacks to more than" if unpacked else f"is {size} bytes, over"
    return f"too large ({what} the {limit}-byte limit); split it or raise max_input_bytes"


def is_binary(raw: bytes) -> bool:
    """True when the bytes look like a binary file: NUL bytes or many control bytes."""
    head = raw[:_SNIFF_BYTES]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    return controls / len(head) > _MAX_CONTROL_SHARE


def decode_bytes(
    raw: bytes,
    *,
    source: str,
    encoding: str | None = None,
    html: bool = False,
    normalise: bool = True,
) -> str:
    """Decode ``raw`` to text, normalised unless ``normalise`` is false.

    Strict UTF-8 (a BOM is allowed) unless ``encoding`` is given; an HTML page that is
    not UTF-8 is read in its declared or sniffed charset (``detente.ingest.charset``).
    Raises ``IngestError`` for empty, binary or undecodable input, with a message
    naming ``source`` and the way out. HTML goes to the extractor unnormalised, as
    normalising the markup changes what trafilatura keeps.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and encoding is None:
        encoding = "utf-16"
    elif is_binary(raw):
        raise IngestError(source, "binary file, not text; pass a text, HTML or JSONL file")
    text = _decode(raw, source=source, encoding=encoding, html=html)
    if normalise:
        text = normalise_unicode(text)
    if not text.strip():
        raise IngestError(source, "empty file; nothing to extract")
    return text


def _decode(raw: bytes, *, source: str, encoding: str | None, html: bool) -> str:
    if encoding is not None:
        try:
            return raw.decode(encoding)
        except LookupError as exc:
            raise IngestError(
                source,
                f"unknown encoding {encoding!r}; pass a Python codec name such as "
                "utf-8, latin-1 or cp1252",
            ) from exc
        except UnicodeDecodeError as exc:
            raise IngestError(
                source,
                f"not valid {encoding} (byte 0x{raw[exc.start]:02x} at offset "
                f"{exc.start}); pass the file's real encoding with --encoding",
            ) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if html:  # a declared charset, a sniffed one, else cp1252 or Latin-1
            return decode_html(raw)[0]
        raise IngestError(
            source,
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "re-save it as UTF-8 or pass --encoding latin-1",
        ) from exc


def normalise_unicode(text: str) -> str:
    """NFC, one kind of newline, odd spaces to spaces, invisible characters removed.

    Curly quotes, dashes and the words themselves are kept as the source has them.
    Spaces are collapsed inside lines and stripped at line ends.
    """
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROLS.sub("", text)
    text = _RUNS_OF_SPACES.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n"))
