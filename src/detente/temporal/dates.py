"""Calendar arithmetic for the normaliser: ranges of months, weeks, quarters, seasons."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Literal

DateRange = tuple[dt.date, dt.date]
Part = Literal["early", "mid", "late"]

SEASON_MONTHS: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def month_range(year: int, month: int) -> DateRange:
    """First and last day of a month."""
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


def year_range(year: int) -> DateRange:
    """First and last day of a year."""
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def quarter_range(year: int, quarter: int) -> DateRange:
    """First and last day of quarter 1-4."""
    first = month_range(year, 3 * quarter - 2)[0]
    return first, month_range(year, 3 * quarter)[1]


def season_range(year: int, season: str) -> DateRange:
    """Three months starting with the season's first month; winter runs into the next year."""
    first_month = SEASON_MONTHS[season]
    start = dt.date(year, first_month, 1)
    return start, add_months(start, 3) - dt.timedelta(days=1)


def week_range(day: dt.date) -> DateRange:
    """Monday to Sunday of the ISO week containing ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def week_value(day: dt.date) -> str:
    """TIMEX3 value of the ISO week containing ``day``: "2023-W21"."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def add_months(day: dt.date, months: int) -> dt.date:
    """Shift by whole months, clamping the day to the target month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def shift(day: dt.date, amount: int, unit: str) -> dt.date:
    """Move ``day`` by ``amount`` TIMEX3 units (D, W, M, Q, Y, DE, CE)."""
    if unit == "D":
        return day + dt.timedelta(days=amount)
    if unit == "W":
        return day + dt.timedelta(weeks=amount)
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}.get(unit)
    if months is None:
        return day
    return add_months(day, amount * months)


def unit_period(day: dt.date, unit: str) -> tuple[str, DateRange]:
    """The calendar period of ``unit`` containing ``day``, as (TIMEX3 value, range)."""
    if unit == "W":
        return week_value(day), week_range(day)
    if unit == "M":
        return f"{day.year:04d}-{day.month:02d}", month_range(day.year, day.month)
    if unit == "Q":
        quarter = (day.month - 1) // 3 + 1
        return f"{day.year:04d}-Q{quarter}", quarter_range(day.year, quarter)
    if unit == "Y":
        return f"{day.year:04d}", year_range(day.year)
    if unit == "DE":
        first = day.year - day.year % 10
        return f"{first // 10:03d}", (year_range(first)[0], year_range(first + 9)[1])
    if unit == "CE":
        first = day.year - day.year % 100
        return f"{first // 100:02d}", (year_range(first)[0], year_range(first + 99)[1])
    return day.isoformat(), (day, day)


def narrow(span: DateRange, part: Part) -> DateRange:
    """The early, middle or late part of a range.

    A year splits into Q1 / Q2-Q3 / Q4 ("late 2020" is October to December); a month
    into days 1-10 / 11-20 / 21-end; any other range into rough thirds.
    """
    start, end = span
    if start.month == 1 and start.day == 1 and end == dt.date(start.year, 12, 31):
        bounds = {"early": (1, 3), "mid": (4, 9), "late": (10, 12)}[part]
        return month_range(start.year, bounds[0])[0], month_range(start.year, bounds[1])[1]
    if start.day == 1 and end == month_range(start.year, start.month)[1]:
        first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, end.day)}[part]
        return start.replace(day=first), start.replace(day=last)
    third = (end - start) // 3
    if part == "early":
        return start, start + third
    if part == "mid":
        return start + third, end - third
    return end - third, end


def most_recent_month(month: int, anchor: dt.date) -> int:
    """Year of the latest ``month`` that does not start after ``anchor``."""
    return anchor.year if month <= anchor.month else anchor.year - 1


def latest_day(month: int, day: int, anchor: dt.date, *, future: bool = False) -> dt.date | None:
    """The latest date with this month and day not after ``anchor`` (past narrative).

    With ``future`` the earliest one not before ``anchor``. 29 February looks up to
    eight years away for a leap year; None when the day never exists.
    """
    years = (
        range(anchor.year, anchor.year + 9) if future else range(anchor.year, anchor.year - 9, -1)
    )
    for year in years:
        date = safe_date(year, month, day)
        if date is not None and (date >= anchor if future else date <= anchor):
            return date
    return None


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the numbers do not make one."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
