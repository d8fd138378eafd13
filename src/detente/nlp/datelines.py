"""A wire dateline that opens a story: "BRUSSELS (AP) -", "GAZA CITY, Gaza Strip -",
"TEHRAN (Tasnim) -", "DHAKA, July 19 (Reuters) -".

Shared by the sentence splitter (the dateline is no part of the first sentence's
grammar) and the actors' document context (its place names the country a story is
filed from). The place is in capitals, as wires print it; the truecaser restores that
case in an all-lower-case text first.
"""

from __future__ import annotations

import re

WIRE_DATELINE = re.compile(
    "(?P<place>[A-Z][A-Z.'\\-]+(?: [A-Z][A-Z.'\\-]+)*)"
    "(?:, [A-Z0-9][\\w.'\\-]*(?: [A-Z0-9][\\w.'\\-]*)*)?"
    "(?: ?\\([^()\\n]{1,40}\\))? ?[\u2013\u2014-]{1,2} +(?=[A-Z\"'\u201c\u2018])"
)


def wire_dateline(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The dateline at ``start`` of ``text`` (after blanks), if one opens it there."""
    stop = len(text) if end is None else end
    while start < stop and text[start].isspace():
        start += 1
    return WIRE_DATELINE.match(text, start, stop)
