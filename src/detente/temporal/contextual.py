"""Normalise expressions whose period the context names: "the quarter", "the weekend",
and years spelled out in broadcast transcripts ("nineteen ninety-six")."""

from __future__ import annotations

import datetime as dt

from detente.temporal import absolute
from detente.temporal.dates import quarter_range, year_range
from detente.temporal.relative import weekend_of
from detente.temporal.resolved import Context, Resolved, unresolved
from detente.temporal.vocab import spelled_year

Groups = dict[str, str]


def the_quarter(groups: Groups, ctx: Context) -> Resolved:
    """ "The quarter", "the latest period" of a results report: the quarter just mentioned,
    else the last one finished before the anchor (in October 1989, 1989-Q3)."""
    ref = ctx.ref
    if ref is not None and ref.granularity == "quarter" and ref.span is not None:
        ctx.used.add("reference")
        return _quarter(ref.span[0].year, (ref.span[0].month - 1) // 3 + 1)
    anchor = ctx.anchor
    if anchor is None:
        return unresolved("XXXX-QX")
    year, index = divmod(anchor.year * 4 + (anchor.month - 1) // 3 - 1, 4)
    return _quarter(year, index + 1)


def the_year(groups: Groups, ctx: Context) -> Resolved:
    """ "For the year", "the full year", "the current fiscal year" of a report: the
    anchor's year; "the year ended Sept. 30" is a year's length (P1Y), as TimeML has it."""
    if groups.get("ended"):
        return unresolved("P1Y", "DURATION")
    if ctx.anchor is None:
        return unresolved("XXXX")
    year = ctx.anchor.year
    return Resolved("DATE", f"{year:04d}", year_range(year), "year")


def year_end(groups: Groups, ctx: Context) -> Resolved:
    """ "By year-end", "the end of the year": the anchor's year, its range narrowed to the
    last months (TIMEX3 writes the year and marks the end with a modifier)."""
    if ctx.anchor is None:
        return unresolved("XXXX")
    year = ctx.anchor.year
    return absolute.modified(Resolved("DATE", f"{year:04d}", year_range(year), "year"), "late")


def _quarter(year: int, number: int) -> Resolved:
    value = f"{year:04d}-Q{number}"
    return Resolved("DATE", value, quarter_range(year, number), "quarter")


def the_weekend(groups: Groups, ctx: Context, *, future: bool) -> Resolved:
    """ "Over the weekend": the latest weekend not after the anchor; the next one (or the
    anchor's own) in future context ("will meet at the weekend")."""
    anchor = ctx.anchor
    if anchor is None:
        return unresolved("XXXX-WXX-WE")
    in_weekend = anchor.weekday() >= 5
    if future or in_weekend:
        return weekend_of(anchor)
    return weekend_of(anchor - dt.timedelta(days=7))


def year_words(groups: Groups, ctx: Context) -> Resolved:
    """Nineteen ninety-six, the year two thousand."""
    value = spelled_year(groups["yw"])
    if value is None:
        return unresolved("XXXX", reason=f"{groups['yw']!r} is not a year")
    return Resolved("DATE", str(value), year_range(value), "year")


def month_year_words(groups: Groups, ctx: Context) -> Resolved:
    """January nineteen ninety-seven."""
    value = spelled_year(groups["yw"])
    if value is None:
        return unresolved("XXXX", reason=f"{groups['yw']!r} is not a year")
    return absolute.month_year({**groups, "y": str(value)}, ctx)
