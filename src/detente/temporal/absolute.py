"""Normalise calendar expressions: dates, months, years, seasons, quarters, decades."""

from __future__ import annotations

import datetime as dt

from detente.temporal.dates import (
    Part,
    latest_day,
    month_range,
    most_recent_month,
    narrow,
    quarter_range,
    safe_date,
    season_range,
    year_range,
)
from detente.temporal.relative import Tense
from detente.temporal.resolved import Context, Resolved, day_value, unresolved
from detente.temporal.vocab import ORDINALS, SEASONS, WEEKDAYS, month_number, spelled_year

Groups = dict[str, str]

# A date without a year and without a tense cue up to two months after the anchor is
# the coming one: news reports what is just ahead ("is heard in May" on 29 March).
# Measured on TimeBank: value F1 peaks between 31 and 122 days.
GRACE_DAYS = 61


def _part(mod: str | None) -> Part | None:
    if not mod:
        return None
    word = mod.lower().split()[-2] if mod.lower().startswith("the") else mod.lower()
    parts: dict[str, Part] = {
        "early": "early",
        "beginning": "early",
        "start": "early",
        "mid": "mid",
        "middle": "mid",
        "late": "late",
        "end": "late",
    }
    return parts.get(word)


def modified(resolved: Resolved, mod: str | None) -> Resolved:
    """Narrow the range for "early", "mid-", "late", "the end of"; the value stays."""
    part = _part(mod)
    if part is None or resolved.span is None:
        return resolved
    return Resolved(
        resolved.type, resolved.value, narrow(resolved.span, part), resolved.granularity
    )


def _day(year: int, month: int, day: int) -> Resolved:
    date = safe_date(year, month, day)
    return day_value(date) if date else impossible(year, month, day)


def impossible(year: int | None, month: int, day: int) -> Resolved:
    """No such day (31 February): the month is kept, the day is unknown, with the reason."""
    if not 1 <= month <= 12:
        where = f"{year:04d}" if year is not None else "XXXX"
        reason = f"{month:02d}/{day:02d} is not a date: there is no month {month}"
        return unresolved(f"{where}-XX-XX", reason=reason)
    name = dt.date(2000, month, 1).strftime("%B")
    year_text = f" {year}" if year is not None else ""
    reason = f"{day} {name}{year_text} is not a date"
    return unresolved(
        f"{year:04d}-{month:02d}-XX" if year else f"XXXX-{month:02d}-XX", reason=reason
    )


def _month(year: int, month: int) -> Resolved:
    return Resolved("DATE", f"{year:04d}-{month:02d}", month_range(year, month), "month")


def _full_year(two_digits: str, anchor: dt.date | None) -> int:
    limit = (anchor.year if anchor else dt.date.today().year) + 10
    year = 2000 + int(two_digits)
    return year if year <= limit else year - 100


def iso(groups: Groups, ctx: Context) -> Resolved:
    """2023-05-23."""
    return _day(int(groups["y"]), int(groups["m"]), int(groups["d"]))


def numeric(groups: Groups, ctx: Context) -> Resolved:
    """23/05/2023 (day first when the first number exceeds 12, else month first)."""
    a, b = int(groups["a"]), int(groups["b"])
    raw = groups["y"]
    year = int(raw) if len(raw) == 4 else _full_year(raw, ctx.anchor)
    month, day = (b, a) if a > 12 else (a, b)
    return _day(year, month, day)


def dotted(groups: Groups, ctx: Context) -> Resolved:
    """06.01.2022: day first, the European order of dotted dates."""
    return _day(int(groups["y"]), int(groups["m"]), int(groups["d"]))


_YEAR_STEP = {"last": -1, "this": 0, "next": 1}


def _named_year(groups: Groups, ctx: Context) -> int | None:
    """The year of "November 20 last year", "June this year", from the anchor."""
    word = groups.get("yrel", "").lower()
    if word not in _YEAR_STEP or ctx.anchor is None:
        return None
    return ctx.anchor.year + _YEAR_STEP[word]


def day_month_year(groups: Groups, ctx: Context) -> Resolved:
    """23 May 2023, May 23, 2023, Tuesday, 23 May 2023."""
    return _day(int(groups["y"]), month_number(groups["m"]), int(groups["d"]))


def day_month(groups: Groups, ctx: Context, *, tense: Tense = "past") -> Resolved:
    """May 23 / 23 May with no year, read by ``tense`` (see ``relative.tense_at``).

    "past": the latest such day not after the anchor; "future": the first one not
    before it; "near": whichever is closer to the anchor.
    """
    month, day = month_number(groups["m"]), int(groups["d"])
    if "y" in groups:
        return _day(int(groups["y"]), month, day)
    named = _named_year(groups, ctx)
    if named is not None:
        return _day(named, month, day)
    if safe_date(2000, month, day) is None:  # 2000 is a leap year: 29 February exists
        return impossible(None, month, day)
    anchor = ctx.anchor
    if anchor is None:
        return unresolved(f"XXXX-{month:02d}-{day:02d}")
    before = latest_day(month, day, anchor)
    after = latest_day(month, day, anchor, future=True)
    if "wd" in groups:  # "Monday, Oct. 26": the weekday picks the year
        named = WEEKDAYS[groups["wd"].lower()]
        fitting = [d for d in (before, after) if d is not None and d.weekday() == named]
        if fitting:
            return day_value(min(fitting, key=lambda d: abs((d - anchor).days)))
    date: dt.date | None
    if tense == "near" and before and after:
        date = min(before, after, key=lambda d: abs((d - anchor).days))
    else:
        date = after if tense == "future" else before
        if after is not None and _just_ahead(after, anchor, tense=tense):
            date = after  # "on July 11" in a paper of 2 July: this July, not last
    return day_value(date) if date else impossible(None, month, day)


def _past_month_year(number: int, anchor: dt.date, *, tense: Tense) -> int:
    """Year of a month named without a future cue: the latest one, or one just ahead."""
    upcoming = dt.date(anchor.year if number >= anchor.month else anchor.year + 1, number, 1)
    if tense == "unmarked" and upcoming > anchor and (upcoming - anchor).days <= GRACE_DAYS:
        return upcoming.year
    return most_recent_month(number, anchor)


def _just_ahead(day: dt.date, anchor: dt.date, *, tense: Tense) -> bool:
    """Whether a day without a year that lies after the anchor is meant, not last year's.

    Without a tense cue: when it is at most ``GRACE_DAYS`` ahead. In past narrative
    only a later day of the anchor's own month ("spoke on July 11" in a paper dated 2
    July, updated after it ran): the text names a day of this month.
    """
    if tense == "past":
        return (day.year, day.month) == (anchor.year, anchor.month)
    return tense == "unmarked" and (day - anchor).days <= GRACE_DAYS


def month_year(groups: Groups, ctx: Context) -> Resolved:
    """October 2022, mid-April 2023."""
    return modified(_month(int(groups["y"]), month_number(groups["m"])), groups.get("mod"))


def month(groups: Groups, ctx: Context, *, tense: Tense = "past") -> Resolved:
    """A month without a year: the latest one not after the anchor, or last/next/this.

    In future context ("will meet in June") the next one not before the anchor; after
    a deadline word ("through August") the nearest one.
    """
    future = tense == "future"
    number = month_number(groups["m"])
    if "y" in groups:
        return modified(_month(int(groups["y"]), number), groups.get("mod"))
    named = _named_year(groups, ctx)
    if named is not None:
        return modified(_month(named, number), groups.get("mod"))
    if ctx.anchor is None:
        return unresolved(f"XXXX-{number:02d}")
    rel = " ".join(groups.get("rel", "").lower().split())
    anchor = ctx.anchor
    if rel == "this":
        year = anchor.year
    elif rel == "next" or (future and not rel):
        year = (
            anchor.year
            if number > anchor.month or (future and number == anchor.month)
            else anchor.year + 1
        )
    elif rel in {"last", "this past"}:
        year = anchor.year if number < anchor.month else anchor.year - 1
    elif tense == "near":
        year = min(
            (anchor.year - 1, anchor.year, anchor.year + 1),
            key=lambda y: abs((y - anchor.year) * 12 + number - anchor.month),
        )
    else:
        year = _past_month_year(number, anchor, tense=tense)
        past = modified(_month(year, number), groups.get("mod"))
        if (
            year == most_recent_month(number, anchor) and past.span and past.span[0] > anchor
        ):  # "mid-January" on 2 January
            return modified(_month(year - 1, number), groups.get("mod"))
        return past
    return modified(_month(year, number), groups.get("mod"))


def year(groups: Groups, ctx: Context) -> Resolved:
    """1967, late 2020."""
    value = int(groups["y"])
    return modified(Resolved("DATE", str(value), year_range(value), "year"), groups.get("mod"))


def year_dash(groups: Groups, ctx: Context) -> Resolved:
    """2015-19 (a range of years) or 2023-05 (a month)."""
    first, tail = int(groups["y"]), int(groups["y2"])
    if groups["dash"] == "-" and 1 <= tail <= 12:
        return _month(first, tail)
    last = first - first % 100 + tail
    if last < first:
        last += 100
    return Resolved("DATE", f"{first}/{last}", (year_range(first)[0], year_range(last)[1]), "range")


def decade(groups: Groups, ctx: Context) -> Resolved:
    """The 1990s: TIMEX3 value "199"."""
    first = int(groups["y"]) * 10
    span = (year_range(first)[0], year_range(first + 9)[1])
    return modified(Resolved("DATE", groups["y"], span, "range"), groups.get("mod"))


def century(groups: Groups, ctx: Context) -> Resolved:
    """The 20th century: TIMEX3 value "19" (1900-1999)."""
    first = (int(groups["n"]) - 1) * 100
    if first < 1:
        return unresolved(f"{int(groups['n']) - 1:02d}")
    span = (year_range(first)[0], year_range(first + 99)[1])
    return modified(Resolved("DATE", f"{first // 100:02d}", span, "range"), groups.get("mod"))


def season(groups: Groups, ctx: Context, *, tense: Tense = "past") -> Resolved:
    """Spring 2021, the winter of nineteen ninety-four, last summer, this past winter,
    that autumn (the last date's year);
    a season named in future context is the next one to begin ("will be hit in the
    spring" in February)."""
    code = SEASONS[groups["s"].lower()]
    rel = " ".join(groups.get("rel", "").lower().split())
    base = ctx.base() if rel == "that" else None
    spelled = spelled_year(groups["yw"]) if "yw" in groups else None
    if "y" in groups or spelled is not None:
        year_value = spelled or int(groups["y"])
    elif base is not None and base.span is not None:  # "that summer": the last date's year
        year_value = base.span[0].year
    elif ctx.anchor is None:
        return unresolved(f"XXXX-{code}")
    else:
        future = tense == "future" and rel in {"", "the"}
        year_value = _season_year(code, "next" if future else rel, ctx.anchor)
    resolved = Resolved(
        "DATE", f"{year_value:04d}-{code}", season_range(year_value, code), "season"
    )
    return modified(resolved, groups.get("mod"))


def _season_year(code: str, rel: str, anchor: dt.date) -> int:
    start, end = season_range(anchor.year, code)
    if rel == "this":
        return anchor.year
    if rel == "next":
        return anchor.year if start > anchor else anchor.year + 1
    if rel in {"last", "this past"}:
        return anchor.year if end < anchor else anchor.year - 1
    return anchor.year if start <= anchor else anchor.year - 1


def quarter(groups: Groups, ctx: Context) -> Resolved:
    """The third quarter (of 2020), last quarter, Q3 2020, 2020Q3."""
    rel = groups.get("rel", "").lower()
    number = int(groups.get("q") or ORDINALS.get(rel, 0))
    if "y" in groups:
        return _quarter(int(groups["y"]), number or 4)
    if ctx.anchor is None:
        return unresolved(f"XXXX-Q{number or 'X'}")
    current = (ctx.anchor.month - 1) // 3 + 1
    index = ctx.anchor.year * 4 + current - 1
    if number:
        index -= (current - number) % 4
    elif rel in {"last", "previous", "latest"}:
        index -= 1
    elif rel == "next":
        index += 1
    return _quarter(index // 4, index % 4 + 1)


def _quarter(year_value: int, number: int) -> Resolved:
    return Resolved(
        "DATE", f"{year_value:04d}-Q{number}", quarter_range(year_value, number), "quarter"
    )


def quarter_of_year(groups: Groups, ctx: Context) -> Resolved:
    """This year's third quarter, the 1988 second quarter, the year-ago (third) quarter.

    Without an ordinal the quarter is the one a results report covers: the last one
    finished before the anchor ("last year's quarter" in October 1989 is 1988-Q3), or
    the quarter just mentioned ("the year-ago quarter" after "the third quarter").
    """
    number = ORDINALS.get(groups.get("rel", "").lower(), 0)
    if "y" in groups and number:
        return _quarter(int(groups["y"]), number)
    ref_start = _reported_quarter(ctx) if "ago" in groups else None
    if ref_start is not None:
        return _quarter(ref_start.year - 1, number or (ref_start.month - 1) // 3 + 1)
    anchor = ctx.anchor
    if anchor is None:
        return unresolved(f"{groups.get('y', 'XXXX')}-Q{number or 'X'}")
    index = anchor.year * 4 + (anchor.month - 1) // 3 - 1  # the last finished quarter
    reported_year, reported = divmod(index, 4)
    offsets = {"this": 0, "last": -1, "next": 1}
    if "y" in groups:
        year_value = int(groups["y"])
    elif "yrel" in groups:
        year_value = anchor.year + offsets[groups["yrel"].lower()]
    else:
        year_value = (reported_year if not number else anchor.year) - 1
    return _quarter(year_value, number or reported + 1)


def _reported_quarter(ctx: Context) -> dt.date | None:
    """The first day of the quarter just mentioned, when it has begun by the anchor: the
    quarter a "year-ago" figure is compared with (a forecast for "the third quarter of
    1990" is not the one reported). Unlike "a year ago", the adjective takes only the
    date just before it: a quarter named further back lowered the check half's value F1
    (0.847 -> 0.839) for one tune expression gained."""
    reported = ctx.reported_quarter(earlier=False)
    if reported is None or reported.span is None:
        return None
    anchor = ctx.anchor
    if anchor is not None and reported.span[0] > anchor:
        return None
    return reported.span[0]


def half(groups: Groups, ctx: Context) -> Resolved:
    """The first half of 1990 (1990-H1), the last half of this year (H2)."""
    number = 1 if groups["h"].lower() == "first" else 2
    year_value = int(groups["y"]) if "y" in groups else _named_year(groups, ctx)
    if year_value is None:
        return unresolved(f"XXXX-H{number}")
    first = dt.date(year_value, 6 * number - 5, 1)
    span = (first, month_range(year_value, 6 * number)[1])
    return Resolved("DATE", f"{year_value:04d}-H{number}", span, "range")


def year_ago(groups: Groups, ctx: Context) -> Resolved:
    """ "Year-ago", "year-earlier" results: the quarter just mentioned, a year before."""
    start = _reported_quarter(ctx)
    if start is not None:
        return _quarter(start.year - 1, (start.month - 1) // 3 + 1)
    anchor = ctx.anchor
    if anchor is None:
        return unresolved("XXXX")
    return Resolved("DATE", str(anchor.year - 1), year_range(anchor.year - 1), "year")
