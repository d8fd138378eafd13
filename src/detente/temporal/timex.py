"""Check that a value follows the TIMEX3 ``value`` grammar (TimeML 1.2.1).

detente extends TIMEX3 in one way: a period is written as two values joined by "/"
("2015/2019", "1990/2023-05-23"), the ISO 8601 interval notation.
"""

from __future__ import annotations

import datetime as dt
import re

_Y = r"(?:\d{4}|\d{3}X?|\d{2}(?:XX)?|XXXX)"
_DATE = (
    rf"{_Y}(?:-(?:(?:\d{{2}}|XX)(?:-(?:\d{{2}}|XX))?"
    r"|W(?:\d{2}|XX)(?:-WE|-\d)?|Q[1-4X]|H[12X]|SP|SU|FA|WI))?"
)
_TIME = r"T(?:\d{2}(?::\d{2}(?::\d{2})?)?|MO|AF|EV|NI|DT)"
_DURATION = r"P(?:(?:\d+|X)(?:Y|M|W|D|Q|DE|CE|L|H))+|PT(?:(?:\d+|X)(?:H|M|S))+"
_REF = r"PRESENT_REF|PAST_REF|FUTURE_REF"
_VALUE = re.compile(rf"(?:{_DATE}(?:{_TIME})?|{_DURATION}|{_REF})")
_FULL_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def is_timex3_value(value: str) -> bool:
    """Whether ``value`` is a TIMEX3 value, or two joined by "/" (a period).

    A fully written day must exist: "2023-02-31" is refused, "2023-02-XX" is fine.
    """
    parts = value.split("/")
    if len(parts) > 2 or not all(_VALUE.fullmatch(p) for p in parts):
        return False
    return all(_real_day(p) for p in parts)


def _real_day(value: str) -> bool:
    match = _FULL_DAY.match(value)
    if match is None:
        return True
    year, month, day = (int(g) for g in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
