"""Publication dates as scrapes print them: "Tuesday, 23 May 2023", "May 23, 2023", "2023-05-23"."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"

_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b",  # 23 May 2023
        rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b",  # May 23, 2023
        r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)\b",  # 2023-05-23
        r"\b(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b",  # 23.05.2023
    )
)
_MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE)
# What may stand around a date on a line that is only a date line.
_DATE_LINE_WORDS = re.compile(
    rf"\b(?:{_WEEKDAY}|published|posted|updated|date[d]?|on|at|am|pm|utc|gmt|[ap]\.m\.)\b"
    r"|\d{1,2}:\d\d|[\s,.:|/()\-\u2013\u2014]",
    re.IGNORECASE,
)
_MAX_DATE_LINE = 80


def find_date(text: str) -> dt.date | None:
    """The first calendar date written in ``text``, or None."""
    best: tuple[int, dt.date] | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            value = _to_date(match)
            if value is not None and (best is None or match.start() < best[0]):
                best = (match.start(), value)
                break
    return None if best is None else best[1]


def is_date_line(line: str) -> bool:
    """True when ``line`` is a date and little else ("Tuesday, 23 May 2023")."""
    if len(line) > _MAX_DATE_LINE:
        return False
    rest = line
    for pattern in _PATTERNS:
        rest = pattern.sub(" ", rest)
    if rest == line:
        return False
    return not _DATE_LINE_WORDS.sub("", rest)


def strip_dates(text: str) -> str:
    """``text`` without the dates in it, "May 2023" included ("By X, May 23, 2023")."""
    for pattern in _PATTERNS:
        text = pattern.sub(" ", text)
    return _MONTH_YEAR.sub(" ", text)


def _to_date(match: re.Match[str]) -> dt.date | None:
    month_text = match.group("month").lower().rstrip(".")
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text[:3])
    try:
        return dt.date(int(match.group("year")), month or 0, int(match.group("day")))
    except ValueError:
        return None
