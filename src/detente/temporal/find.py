"""The temporal stage's entry points: find expressions, pick one for a span."""

from __future__ import annotations

import datetime as dt

from detente.models import TimeExpr
from detente.temporal.normalise import normalise
from detente.temporal.recognise import recognise


def find_times(text: str, *, anchor: dt.date | str | None, ranges: bool = True) -> list[TimeExpr]:
    """Temporal expressions in ``text``, sorted by start, normalised against ``anchor``.

    ``anchor`` is the reference date for relative expressions, normally the document's
    publication date (a date or a ``YYYY-MM-DD`` string); with ``None`` or an invalid
    string relative expressions keep TIMEX3 placeholders ("XXXX-04"), no date range,
    and a ``reason``. Bad input never raises: impossible dates ("31 February") come
    back unresolved with the reason. With ``ranges=False`` "from 2015 to 2019" gives
    two records and "since 1990" gives 1990 (TimeML's convention); by default each is
    one record for the whole period.
    """
    day, problem = parse_anchor(anchor)
    return normalise(text, recognise(text), anchor=day, anchor_problem=problem, ranges=ranges)


def parse_anchor(anchor: dt.date | str | None) -> tuple[dt.date | None, str | None]:
    """The anchor as a date, or None with the reason it cannot be one."""
    if anchor is None:
        return None, None
    if isinstance(anchor, dt.datetime):
        return anchor.date(), None
    if isinstance(anchor, dt.date):
        return anchor, None
    try:
        return dt.date.fromisoformat(str(anchor).strip()), None
    except ValueError:
        return None, f"anchor {str(anchor)!r} is not a YYYY-MM-DD date; relative dates stay open"


def expression_for_span(
    times: list[TimeExpr], start: int, end: int, *, dated_only: bool = True
) -> TimeExpr | None:
    """The expression that best dates the text between ``start`` and ``end``.

    Among the expressions overlapping the span, picks the finest-grained (a day before a
    month before a year), then the earliest. With ``dated_only`` (the default) only
    expressions with a date range count, so durations, sets and vague references are
    skipped. Returns None when nothing qualifies.
    """
    inside = [t for t in times if t.start < end and t.end > start]
    if dated_only:
        inside = [t for t in inside if t.date_start is not None]
    if not inside:
        return None
    return min(inside, key=lambda t: (_rank(t), t.start))


def _rank(expr: TimeExpr) -> int:
    order = ("day", "week", "month", "quarter", "season", "year", "range", "unknown")
    return order.index(expr.granularity)
