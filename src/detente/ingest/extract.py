"""One file or string -> an ``Extracted`` record (the ``detente extract --json`` contract)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from detente.errors import IngestError
from detente.ingest.charset import html_encoding
from detente.ingest.decode import decode_bytes, normalise_unicode, read_limited
from detente.ingest.furniture import drop_furniture
from detente.ingest.language import guess_language
from detente.ingest.metadata import choose_title, clean_author, page_facts
from detente.ingest.plaintext import clean_plaintext
from detente.options import MAX_INPUT_BYTES

Kind = Literal["html", "text"]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
_HTML_LANG = re.compile(r"""<html[^>]*?\slang\s*=\s*["']?([A-Za-z]{2,3})\b""", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Extracted:
    """Body text and metadata of one article, before it becomes a ``Document``."""

    title: str | None = None
    author: str | None = None
    date: dt.date | None = None
    section: str | None = None
    sitename: str | None = None
    url: str | None = None
    language: str | None = None
    encoding: str | None = None
    text: str = ""

    def to_json_dict(self) -> dict[str, Any]:
        """The ``detente extract --json`` object; the date as ``YYYY-MM-DD``."""
        return {
            "title": self.title,
            "author": self.author,
            "date": None if self.date is None else self.date.isoformat(),
            "section": self.section,
            "sitename": self.sitename,
            "url": self.url,
            "language": self.language,
            "encoding": self.encoding,
            "text": self.text,
        }


def extract_text(text: str) -> Extracted:
    """Clean a plain-text scrape: title, byline, date, section and the body."""
    clean = clean_plaintext(text)
    return Extracted(
        title=clean.title,
        author=clean.author,
        date=clean.date,
        section=clean.section,
        language=guess_language(clean.text),
        text=clean.text,
    )


def extract_html(html: str, *, url: str | None = None, source: str = "<html>") -> Extracted:
    """Extract the article of an HTML page with trafilatura; the date comes from htmldate.

    Related-article links, credits, rights notices and subscription prompts that
    trafilatura keeps are dropped (``detente.ingest.furniture``).
    The title is the page's single ``<h1>`` when it has one that is not the site's name,
    else trafilatura's title less the site name, and an author that only names the site
    is dropped (``detente.ingest.metadata``). The date
    is the publication date the page's markup states (htmldate, original date, no
    extensive search: on pages without a stated date that search mostly finds copyright
    years and last-modified dates). Raises ``IngestError`` when the page holds no text.
    """
    fields = _trafilatura(html, url=url)
    body = _body(fields)
    if not body:
        raise IngestError(
            source,
            "no article text found in the HTML; check that the page holds an "
            "article, or save its text as .txt",
        )
    facts = page_facts(html)
    categories = fields.get("categories") or []
    return Extracted(
        title=choose_title(_clean_field(fields.get("title")), facts=facts, url=url),
        author=clean_author(_clean_field(fields.get("author")), facts=facts, url=url),
        date=_parse_iso_date(fields.get("date")),
        section=_clean_field(categories[0]) if categories else None,
        sitename=_clean_field(fields.get("sitename")),
        url=_clean_field(fields.get("url")) or url,
        language=guess_language(body) or _declared_language(html),
        text=body,
    )


def _trafilatura(html: str, *, url: str | None) -> dict[str, Any]:
    from trafilatura import bare_extraction  # heavy import: only when HTML is read

    dates = {
        "original_date": True,
        "extensive_search": False,
        "max_date": dt.date.today().isoformat(),
    }
    result = bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=dates,
    )
    if isinstance(result, dict):
        return result
    return {} if result is None else dict(result.as_dict())


def _body(fields: dict[str, Any]) -> str:
    lines = normalise_unicode(str(fields.get("text") or "")).split("\n")
    return "\n\n".join(drop_furniture([line for line in lines if line]))


def extract_path(
    path: Path, *, encoding: str | None = None, max_bytes: int = MAX_INPUT_BYTES
) -> Extracted:
    """Read and extract one HTML, text or Markdown file (``.gz`` of them too)."""
    kind = kind_of(path)
    if kind is None:
        raise IngestError(
            path, "unsupported file type; pass .html, .htm, .txt or .md (or .gz of them)"
        )
    source = str(path)
    try:
        raw = read_limited(path, max_bytes=max_bytes)
    except OSError as exc:
        raise IngestError(path, f"cannot read the file ({exc.strerror}); check the path") from exc
    return extract_bytes(raw, kind=kind, source=source, encoding=encoding)


def extract_bytes(
    raw: bytes, *, kind: Kind, source: str, encoding: str | None = None, url: str | None = None
) -> Extracted:
    """Decode ``raw`` and extract it as HTML or plain text; record the encoding read.

    Text is strict UTF-8 unless ``encoding`` is given; HTML that is not UTF-8 is read
    in its declared or sniffed charset (``detente.ingest.charset``).
    """
    if kind == "text":
        extracted = extract_text(decode_bytes(raw, source=source, encoding=encoding))
        return replace(extracted, encoding=encoding or "utf-8")
    html = decode_bytes(raw, source=source, encoding=encoding, html=True, normalise=False)
    extracted = extract_html(html, url=url, source=source)
    return replace(extracted, encoding=encoding or str(html_encoding(raw)))


def kind_of(path: Path) -> Kind | None:
    """ "html" or "text" from the file name (``.gz`` looks through), else None."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    suffix = suffixes[-1] if suffixes else ""
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def _clean_field(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = " ".join(normalise_unicode(value).split())
    return cleaned or None


def _parse_iso_date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _declared_language(html: str) -> str | None:
    match = _HTML_LANG.search(html[:5000])
    return match.group(1).lower() if match else None
