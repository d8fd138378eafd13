"""Holidays that news dates events by: "on Thanksgiving Day", "last Christmas"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from detente.temporal.relative import Tense
from detente.temporal.resolved import Context, Resolved, day_value, unresolved

Groups = dict[str, str]


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _election_day(year: int) -> dt.date:
    """The US federal Election Day: the Tuesday after the first Monday of November."""
    return _nth_weekday(year, 11, 0, 1) + dt.timedelta(days=1)


HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "christmas": lambda y: dt.date(y, 12, 25),
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "new year's day": lambda y: dt.date(y, 1, 1),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "election day": _election_day,
    "independence day": lambda y: dt.date(y, 7, 4),
    "easter": _easter,
    "boxing day": lambda y: dt.date(y, 12, 26),
}


def holiday_key(words: str) -> str:
    """The ``HOLIDAYS`` key of a holiday as written ("Thanksgiving Day", "Easter Sunday")."""
    key = " ".join(words.lower().replace("\u2019", "'").split())
    for suffix in (" day", " sunday"):
        if key.endswith(suffix) and key.removesuffix(suffix) in HOLIDAYS:
            return key.removesuffix(suffix)
    return key


def holiday(groups: Groups, ctx: Context, *, tense: Tense = "past") -> Resolved:
    """The holiday's day: the latest one not after the anchor; the next one after a
    future cue or "next"; "last" the one before; "this" the anchor year's."""
    when = HOLIDAYS[holiday_key(groups["hol"])]
    if "y" in groups:  # lent by a range: "from Christmas to New Year's Day"
        return day_value(when(int(groups["y"])))
    anchor = ctx.anchor
    if anchor is None:
        return unresolved("XXXX-XX-XX")
    rel = (groups.get("rel") or "").lower()
    this_year = when(anchor.year)
    if rel == "this":
        return day_value(this_year)
    if rel == "next" or (tense == "future" and not rel):
        return day_value(this_year if this_year > anchor else when(anchor.year + 1))
    latest = this_year if this_year <= anchor else when(anchor.year - 1)
    if rel == "last" and latest == anchor:
        latest = when(anchor.year - 1)
    return day_value(latest)
