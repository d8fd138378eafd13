"""Title and date of an HTML page, beyond what trafilatura returns.

trafilatura's title is usually the ``og:title`` or ``<title>``, which often carries the
site's name ("Batteriespeicher - daheim Solar", "Hope! | TagesWoche"). ``choose_title``
takes the page's single ``<h1>`` when it is not the site's name; ``clean_title`` takes
the part of the title that a heading repeats, else drops the segments that name the
site (its ``og:site_name`` or host name); ``clean_author`` drops an author that is the
site's name. ``page_facts`` reads what these rules
need from the page: headings, site name, canonical URL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["PageFacts", "choose_title", "clean_author", "clean_title", "page_facts", "site_key"]

# A title separator: a punctuation mark with a space on both sides.
_SEPARATOR = re.compile(r"\s+(?:[|\u00b7\u2022\u203a\u00bb\u22c6~/\\:\u2013\u2014-]|::|--)\s+")
_NON_WORD = re.compile(r"\W+")
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")
_MIN_KEY = 3
_MIN_HEADING_WORDS = 2
_META = "//meta[@property=$name or @name=$name]/@content"


@dataclass(frozen=True, slots=True, kw_only=True)
class PageFacts:
    """What the page says about itself: its headings, site name and canonical URL."""

    headings: tuple[str, ...] = ()
    og_title: str | None = None
    title_tag: str | None = None
    sitename: str | None = None
    canonical: str | None = None


def page_facts(html: str) -> PageFacts:
    """Headings (``<h1>``), titles, ``og:site_name`` and the canonical URL of ``html``."""
    from lxml import html as lxml_html  # type: ignore[import-untyped]  # only for HTML
    from lxml.etree import ParserError  # type: ignore[import-untyped]

    try:
        tree = lxml_html.document_fromstring(html)
    except (ParserError, ValueError):
        return PageFacts()
    headings = tuple(
        text for h1 in tree.iter("h1") if (text := " ".join(h1.text_content().split()))
    )
    return PageFacts(
        headings=headings[:5],
        og_title=_first(
            tree.xpath(_META, name="og:title") + tree.xpath(_META, name="twitter:title")
        ),
        title_tag=_first(tree.xpath("//title/text()")),
        sitename=_first(tree.xpath(_META, name="og:site_name")),
        canonical=_first(
            tree.xpath("//link[@rel='canonical']/@href") + tree.xpath(_META, name="og:url")
        ),
    )


def choose_title(title: str | None, *, facts: PageFacts, url: str | None = None) -> str | None:
    """The article's title.

    The page's one ``<h1>`` when it has two words or more and does not name the site;
    else the first of ``og:title``, ``title`` (trafilatura's) and ``<title>`` that, less
    the site name (``clean_title``), is more than the site name; else a heading.
    """
    site = _site_keys(facts, url)
    if len(facts.headings) == 1:
        heading = facts.headings[0]
        if len(heading.split()) >= _MIN_HEADING_WORDS and not _names_site(heading, site):
            return heading
    cleaned = [
        clean_title(candidate, facts=facts, url=url)
        for candidate in (facts.og_title, title, facts.title_tag)
        if candidate
    ]
    for candidate in cleaned:
        if not _names_site(candidate, site):
            return candidate
    if cleaned:
        return cleaned[0]
    return facts.headings[0] if facts.headings else None


def clean_author(author: str | None, *, facts: PageFacts, url: str | None = None) -> str | None:
    """``author``, or None when it only names the site ("Tennisnet Com", "Kath Net")."""
    if author is None or _names_site(author, _site_keys(facts, url)):
        return None
    return author


def clean_title(title: str, *, facts: PageFacts, url: str | None = None) -> str:
    """``title`` less the site name: the part a heading repeats, else the non-site part."""
    site = _site_keys(facts, url)
    keys = [_key(heading) for heading in facts.headings if not _names_site(heading, site)]
    if _key(title) in keys:
        return title
    parts = _SEPARATOR.split(title)
    if len(parts) == 1:
        return title
    spans = _spans(title)
    for start, end in _runs(len(parts)):
        candidate = title[spans[start][0] : spans[end][1]]
        if _key(candidate) in keys:
            return candidate
    start, end = 0, len(parts) - 1
    while end > start and _names_site(parts[end], site):
        end -= 1
    while start < end and _names_site(parts[start], site):
        start += 1
    return title[spans[start][0] : spans[end][1]]


def site_key(name: str | None) -> str | None:
    """A site name reduced to lower-case letters and digits, None when too short."""
    if not name:
        return None
    key = _key(name)
    return key if len(key) >= _MIN_KEY else None


def _site_keys(facts: PageFacts, url: str | None) -> list[str]:
    keys = (site_key(facts.sitename), _host_key(facts.canonical or url))
    return [key for key in keys if key]


def _names_site(part: str, site: Sequence[str]) -> bool:
    key = _key(part)
    if len(key) < _MIN_KEY:
        return False
    return any(key in name or name in key for name in site)


def _host_key(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    for prefix in _HOST_PREFIXES:
        host = host.removeprefix(prefix)
    stem = host.rsplit(".", 1)[0] if "." in host else host
    return site_key(stem)


def _spans(title: str) -> list[tuple[int, int]]:
    """Start and end offsets of each separator-delimited part of ``title``."""
    spans, start = [], 0
    for match in _SEPARATOR.finditer(title):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(title)))
    return spans


def _runs(count: int) -> list[tuple[int, int]]:
    """Contiguous runs of parts, longest first (the whole title excluded)."""
    runs = [(i, j) for i in range(count) for j in range(i, count) if (i, j) != (0, count - 1)]
    return sorted(runs, key=lambda run: run[0] - run[1])


def _key(text: str) -> str:
    return _NON_WORD.sub("", text.casefold()).replace("_", "")


def _first(values: Sequence[object]) -> str | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None
