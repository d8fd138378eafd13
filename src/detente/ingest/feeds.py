"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds -> the article links they list.

The feed only says where the articles are; each entry's page is then fetched and
extracted like any other URL (feed summaries are too short to code).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

from detente.errors import IngestError

FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
_ATOM = "{http://www.w3.org/2005/Atom}"
_RSS1 = "{http://purl.org/rss/1.0/}"
_DC_DATE = "{http://purl.org/dc/elements/1.1/}date"


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedEntry:
    """One feed entry: the article URL, and the title and date the feed gives for it."""

    url: str
    title: str | None = None
    published: dt.date | None = None


def looks_like_feed(raw: bytes) -> bool:
    """True when the bytes start (after an XML declaration) with an RSS, RDF or Atom root."""
    head = raw[:2048].lstrip().lower()
    return any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))


def parse_feed(raw: bytes, *, source: str, base_url: str | None = None) -> list[FeedEntry]:
    """The entries of a feed, in feed order; raises ``IngestError`` for a broken feed."""
    try:
        root = ET.fromstring(raw)  # expat: no external entities, bounded expansion
    except ET.ParseError as exc:
        raise IngestError(source, f"not a valid RSS or Atom feed ({exc}); check the URL") from exc
    entries = list(_entries(root, base_url or source))
    if not entries and _tag(root) not in ("rss", "feed", "RDF"):
        raise IngestError(source, "XML but not an RSS or Atom feed; pass the feed's URL")
    return entries


def _entries(root: ET.Element, base: str) -> Iterator[FeedEntry]:
    seen: set[str] = set()
    for item in root.iter():
        name = item.tag
        if name in ("item", f"{_RSS1}item"):
            entry = _rss_item(item, base)
        elif name == f"{_ATOM}entry":
            entry = _atom_entry(item, base)
        else:
            continue
        if entry is not None and entry.url not in seen:
            seen.add(entry.url)
            yield entry


def _rss_item(item: ET.Element, base: str) -> FeedEntry | None:
    link = _text(item, "link") or _text(item, f"{_RSS1}link")
    guid = item.find("guid")
    if not link and guid is not None and guid.get("isPermaLink", "true") == "true":
        link = (guid.text or "").strip()
    link = link or item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    if not link:
        return None
    return FeedEntry(
        url=urljoin(base, link),
        title=_text(item, "title") or _text(item, f"{_RSS1}title"),
        published=_rfc822(_text(item, "pubDate")) or _iso(_text(item, _DC_DATE)),
    )


def _atom_entry(entry: ET.Element, base: str) -> FeedEntry | None:
    links = entry.findall(f"{_ATOM}link")
    href = next(
        (link.get("href") for link in links if link.get("rel", "alternate") == "alternate"),
        None,
    )
    if not href:
        return None
    return FeedEntry(
        url=urljoin(base, href),
        title=_text(entry, f"{_ATOM}title"),
        published=_iso(_text(entry, f"{_ATOM}published") or _text(entry, f"{_ATOM}updated")),
    )


def _text(element: ET.Element, path: str) -> str | None:
    found = element.find(path)
    if found is None or found.text is None:
        return None
    return " ".join(found.text.split()) or None


def _tag(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _rfc822(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError):
        return None


def _iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
