"""Which encoding an HTML page is in, when it is not (only) what it says.

Saved pages lie about their charset in two common ways: a Latin-1 or cp1252 page
declares nothing, and an archive wrapper declares UTF-8 around a page that is in
GB2312 (and declares so itself, further down). ``html_encoding`` picks, in order:

1. a byte-order mark (UTF-8, UTF-16);
2. UTF-8, when the bytes are valid UTF-8, or hold valid multi-byte sequences and only a
   few broken ones (a title cut in the middle of a character): those few are replaced;
3. each charset the page declares (``<meta charset>``, ``http-equiv`` content types,
   the XML declaration), in document order, mapped the way browsers map them
   (WHATWG: ``iso-8859-1`` and ``ascii`` are cp1252, ``gb2312`` is GB18030), the first
   that decodes the whole page strictly;
4. cp1252 (what an undeclared Western page almost always is);
5. charset-normalizer's guess, when cp1252 cannot decode the bytes (an undeclared CJK or
   Cyrillic page), then Latin-1 (which decodes any bytes).

Apart from rule 2, the codec decodes ``raw`` strictly, so nothing is replaced silently.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = ["Sniffed", "decode_html", "html_encoding"]

_DECLARED = re.compile(
    rb"""(?:<meta[^>]*?charset|<\?xml[^>]*?encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_SCAN_BYTES = 65_536
_GUESS_BYTES = 20_000
# Labels browsers read as a wider encoding than the name says (WHATWG Encoding Standard).
_BROWSER_ALIASES = {
    "latin_1": "cp1252",
    "ascii": "cp1252",
    "iso8859_1": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "iso8859_9": "cp1254",
    "iso8859_11": "cp874",
    "tis_620": "cp874",
    "big5": "big5hkscs",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
}
_MULTIBYTE_UTF8 = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_BROKEN_PER_BYTE = 1 / 20_000
_UNICODE = frozenset({"utf_8", "utf_8_sig", "utf_16", "utf_16_le", "utf_16_be", "utf_32"})


@dataclass(frozen=True, slots=True)
class Sniffed:
    """A codec and how decoding errors are handled: ``strict`` or ``replace``."""

    codec: str
    errors: str = "strict"

    def __str__(self) -> str:
        return self.codec if self.errors == "strict" else f"{self.codec} ({self.errors})"


def decode_html(raw: bytes) -> tuple[str, Sniffed]:
    """The HTML page ``raw`` as text, and the encoding it was read in."""
    sniffed = html_encoding(raw)
    return raw.decode(sniffed.codec, errors=sniffed.errors), sniffed


def html_encoding(raw: bytes) -> Sniffed:
    """The encoding the HTML page ``raw`` is in (see the module doc)."""
    if raw.startswith(codecs.BOM_UTF8):
        return Sniffed("utf-8-sig")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Sniffed("utf-16")
    if _decodes(raw, "utf-8"):
        return Sniffed("utf-8")
    if _mostly_utf8(raw):
        return Sniffed("utf-8", "replace")
    for name in (*declared_charsets(raw), "cp1252"):
        if _decodes(raw, name):
            return Sniffed(name)
    guess = _guess(raw)
    if guess is not None and _decodes(raw, guess):
        return Sniffed(guess)
    return Sniffed("latin-1")


def _mostly_utf8(raw: bytes) -> bool:
    broken = raw.decode("utf-8", errors="replace").count("\ufffd")
    return broken <= max(2, len(raw) * _BROKEN_PER_BYTE) and bool(_MULTIBYTE_UTF8.search(raw))


def declared_charsets(raw: bytes) -> list[str]:
    """The non-Unicode codecs the page declares, in document order, without repeats."""
    names: list[str] = []
    for match in _DECLARED.finditer(raw[:_SCAN_BYTES]):
        name = _codec(match.group(1).decode("ascii", errors="ignore"))
        if name is not None and name not in _UNICODE and name not in names:
            names.append(name)
    return names


def _codec(label: str) -> str | None:
    try:
        name = codecs.lookup(label.strip().lower()).name.replace("-", "_")
    except LookupError:
        return None
    return _BROWSER_ALIASES.get(name, name)


def _guess(raw: bytes) -> str | None:
    from charset_normalizer import from_bytes  # only for pages that are not UTF-8

    head = raw[:_GUESS_BYTES]
    best = from_bytes(head).best()
    if best is None:
        return None
    name = _codec(best.encoding)
    return None if name in _UNICODE else name


def _decodes(raw: bytes, name: str) -> bool:
    try:
        raw.decode(name)
    except (UnicodeDecodeError, LookupError):
        return False
    return True
