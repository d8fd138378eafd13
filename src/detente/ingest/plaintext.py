"""detente's cleaner for plain-text scrapes of articles.

A scrape holds the article between site furniture: a date line, the title, a section
label and a byline above it; image captions inside it; a read counter, an author bio,
lists of other publications and sign-up lines below it. The cleaner decides by the
shape of each line (length, final punctuation, date-like, "By ..." and "Published in
..." patterns, boilerplate keywords), never by the strings of one site.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from detente.ingest.dateline import find_date, is_date_line, strip_dates
from detente.ingest.decode import normalise_unicode
from detente.nlp.casing import restore_case

# Line kinds.
PROSE, SHORT, OTHER = "prose", "short", "other"
DATE, BYLINE, SECTION, COUNTER = "date", "byline", "section", "counter"
END, JUNK = "end", "junk"
_METADATA = frozenset({DATE, BYLINE, SECTION, COUNTER})

_MIN_PROSE_WORDS = 4
_LONG_LINE_WORDS = 20
_MIN_KEPT_WORDS = 8
_MAX_HEADER_LINES = 20
_MAX_TITLE_WORDS = 30
_MAX_BYLINE_WORDS = 10
_MAX_LABEL_WORDS = 8
_MAX_BIO_WORDS = 80
_BYLINE_NEAR_DATE = 2
_WRAP_WIDTH = 50

_TERMINAL = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_MARKDOWN_MARKUP = re.compile(r"^#{1,6}\s+|^[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}$")
# A wire dateline opening the body: "YEREVAN, April 12, 2023 - ...".
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z .'/-]{1,40},\s+(?P<date>[^\u2013\u2014]{6,40}?)\s+[-\u2013\u2014]"
)
_BYLINE = re.compile(r"^(?:by|written by|author:|authors:|words by)\s*(?P<name>.+)$", re.I)
_BYLINE_CUT = re.compile(r"\s*(?:[,|\u2022\u00b7]|\s[-\u2013\u2014]\s).*$")
_SECTION = re.compile(
    r"^(?:(?:published|posted|filed)\s+(?:in|under)|section|category|categories)\s*:?\s+"
    r"(?P<section>.+?)\.?$",
    re.I,
)
_COUNTER = re.compile(
    r"^(?:read\s+[\d,.]+\s+times\b|[\d,.]+\s+(?:views|reads|comments)\b|"
    r"last\s+(?:modified|updated)\b|hits:\s*\d)",
    re.I,
)
_END = re.compile(
    r"^(?:visit also|see also|related(?:\s+(?:articles|posts|stories|content|reading))?|"
    r"more (?:from|on|stories|articles)\b|recommended|read next|you (?:may|might) also like|"
    r"(?:staff|other|recent|latest|our) (?:publications|articles|news|posts|analyses)|"
    r"most (?:read|popular|viewed)|leave a (?:comment|reply)|comments?|tags?:|"
    r"sign up|subscribe|newsletter|follow us|about the author|copyright|©|"
    r"all rights reserved)",
    re.I,
)
_END_ANYWHERE = re.compile(r"\b(?:sign up (?:for|to)|subscribe to (?:our|the))\b", re.I)
_JUNK = re.compile(
    r"^(?:advertisement|read more|click here|photo:|image:|credit:|source:|listen to this|"
    r"share(?: this)?(?: article)?:?$|print$|e-?mail$|tweet$|home\s*[|>\u203a\u00bb/])",
    re.I,
)
_NAV = re.compile(r"\s[|\u203a\u00bb>]\s")
_NAME = r"(?:The\s+)?(?:[A-Z][\w'\u2019.&-]*\s+){0,7}[A-Z][\w'\u2019.&-]*"
_BIO = re.compile(
    rf"^(?:(?P<name>{_NAME}),?\s+(?:is|was|serves as|has been|works as)|the (?:author|writer)s?"
    r"\s+(?:is|are))\s+(?P<role>.+)$"
)
_BIO_ROLE = re.compile(
    r"\b(?:fellow|professor|director|editor|analyst|researcher|journalist|correspondent|"
    r"author|writer|lecturer|founder|chair(?:man|woman)?|scholar|student|candidate|"
    r"consultant|expert|associate|contributor|columnist|reporter|publication|newsletter|"
    r"magazine|journal|website|think[- ]tank|institute)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class CleanText:
    """What the cleaner found in a scrape; ``text`` is the body, paragraphs split by blank lines."""

    title: str | None
    author: str | None
    date: dt.date | None
    section: str | None
    text: str


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    block: int
    kind: str


def clean_plaintext(text: str) -> CleanText:
    """Split a plain-text scrape into metadata and body text. Never raises on text."""
    lines = _split_lines(normalise_unicode(text))
    start = _body_start(lines)
    header = lines[:start]
    author = _author(header)
    body = _body_lines(lines, start, author)
    return CleanText(
        title=_title(header),
        author=author,
        date=_date(header) or _wire_date(body),
        section=_section(header),
        text=_join_paragraphs(body),
    )


def _split_lines(text: str) -> list[_Line]:
    """Non-empty lines with their block number; hard-wrapped prose lines are rejoined.

    A text in one case is read recased (``detente.nlp.casing``: every line of a
    lower-case scrape starts in lower case, yet is no continuation) and kept as written.
    """
    seen_text = restore_case(text)
    rows: list[tuple[str, str, int]] = []
    block = 0
    for raw, raw_seen in zip(text.split("\n"), seen_text.split("\n"), strict=True):
        line = _MARKDOWN_MARKUP.sub("", raw).strip()
        seen = _MARKDOWN_MARKUP.sub("", raw_seen).strip()
        if not line:
            block += 1
        elif rows and rows[-1][2] == block and _continues(rows[-1][1], seen):
            rows[-1] = (f"{rows[-1][0]} {line}", f"{rows[-1][1]} {seen}", block)
        else:
            rows.append((line, seen, block))
    return [_Line(line, block, _classify(seen)) for line, seen, block in rows]


def _continues(previous: str, line: str) -> bool:
    """True when ``line`` carries on a hard-wrapped sentence from ``previous``."""
    if _TERMINAL.search(previous) or _classify(line) in _METADATA | {END, JUNK}:
        return False
    return line[0].islower() or len(previous) >= _WRAP_WIDTH


def _classify(line: str) -> str:
    words = len(line.split())
    if not _HAS_LETTER.search(line):
        return JUNK
    if is_date_line(line):
        return DATE
    if _COUNTER.match(line):
        return COUNTER
    if words <= _MAX_BYLINE_WORDS and _byline_name(line) is not None:
        return BYLINE
    if words <= _MAX_LABEL_WORDS and _SECTION.match(line):
        return SECTION
    if words <= _MAX_LABEL_WORDS and not _TERMINAL.search(line) and find_date(line):
        return DATE
    if (words <= _MAX_LABEL_WORDS and _END.match(line)) or _END_ANYWHERE.search(line):
        return END
    if words <= _MAX_LABEL_WORDS and _JUNK.match(line):
        return JUNK
    if words >= _LONG_LINE_WORDS or (words >= _MIN_PROSE_WORDS and _TERMINAL.search(line)):
        return PROSE
    return OTHER if words >= _MIN_KEPT_WORDS else SHORT


def _byline_name(line: str) -> str | None:
    match = _BYLINE.match(line)
    if match is None:
        return None
    name = _BYLINE_CUT.sub("", strip_dates(match.group("name"))).strip(" .,;:")
    if not name or not name[0].isupper() or len(name.split()) > _MAX_BYLINE_WORDS:
        return None
    return name


def _body_start(lines: list[_Line]) -> int:
    """Index of the first body line: the first prose line after the header metadata."""
    prose = [i for i, line in enumerate(lines) if line.kind == PROSE]
    if not prose:
        return next((i for i, line in enumerate(lines) if line.kind == OTHER), len(lines))
    limit = min(prose[1] if len(prose) > 1 else len(lines), _MAX_HEADER_LINES)
    last_meta = max((i for i in range(limit) if lines[i].kind in _METADATA), default=-1)
    return next((i for i in prose if i > last_meta), prose[0])


def _body_lines(lines: list[_Line], start: int, author: str | None) -> list[_Line]:
    end = next((i for i in range(start, len(lines)) if lines[i].kind in (END, COUNTER)), None)
    region = lines[start:end]
    kept = [line for line in region if line.kind in (PROSE, OTHER)]
    while kept and (_is_citation(kept[-1].text) or _is_bio(kept[-1].text, author)):
        kept.pop()
    return kept


def _is_citation(line: str) -> bool:
    """A list entry of another publication: "Author, Title, Outlet, May 6, 2022."."""
    stripped = line.rstrip(" .")
    without_date = strip_dates(stripped).rstrip()
    return without_date != stripped and without_date.endswith(",") and without_date.count(",") >= 2


def _is_bio(line: str, author: str | None) -> bool:
    """An author bio or site blurb: "<Name> is Senior Research Fellow at ..."."""
    match = _BIO.match(line)
    if match is None or len(line.split()) > _MAX_BIO_WORDS:
        return False
    name = match.group("name")
    if name is not None and author is not None and _same_person(name, author):
        return True
    role_head = " ".join(match.group("role").split()[:12])
    return _BIO_ROLE.search(role_head) is not None


def _same_person(name: str, author: str) -> bool:
    return name.split()[-1].casefold() in author.casefold().split()


def _join_paragraphs(lines: list[_Line]) -> str:
    paragraphs: list[list[str]] = []
    previous_block = None
    for line in lines:
        if line.block != previous_block:
            paragraphs.append([])
            previous_block = line.block
        paragraphs[-1].append(line.text)
    return "\n\n".join(" ".join(parts) for parts in paragraphs)


def _title(header: list[_Line]) -> str | None:
    candidates = [
        line.text
        for line in header
        if line.kind in (SHORT, OTHER, PROSE)
        and 2 <= len(line.text.split()) <= _MAX_TITLE_WORDS
        and not line.text.endswith(".")
        and not _NAV.search(line.text)
    ]
    return max(candidates, key=lambda text: len(text.split()), default=None)


def _author(header: list[_Line]) -> str | None:
    for line in header:
        if line.kind == BYLINE:
            return _byline_name(line.text)
    return None


def _section(header: list[_Line]) -> str | None:
    for line in header:
        match = _SECTION.match(line.text) if line.kind == SECTION else None
        if match is not None:
            return match.group("section").strip()
    return None


def _date(header: list[_Line]) -> dt.date | None:
    """The header's date line nearest the byline, else its first date line."""
    dated = [(i, value) for i, line in enumerate(header) if (value := _line_date(line))]
    if not dated:
        return None
    bylines = [i for i, line in enumerate(header) if line.kind == BYLINE]
    for i, value in dated:
        if any(abs(i - b) <= _BYLINE_NEAR_DATE for b in bylines):
            return value
    return dated[0][1]


def _wire_date(body: list[_Line]) -> dt.date | None:
    match = _WIRE_DATELINE.match(body[0].text) if body else None
    return find_date(match.group("date")) if match else None


def _line_date(line: _Line) -> dt.date | None:
    return find_date(line.text) if line.kind in (DATE, BYLINE) else None
