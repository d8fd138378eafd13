"""Turn recognised candidates into TIMEX3 records, left to right through a text.

The normaliser walks the candidates in order, keeping the last dated expression as
the reference for anaphora ("later that year"), and counts deictic expressions
("last week") from the anchor, normally the document's publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from detente.models import TimeExpr
from detente.temporal import absolute, contextual, holidays, relative
from detente.temporal.recognise import Candidate
from detente.temporal.resolved import Context, Resolved, unresolved
from detente.temporal.vocab import parse_number

Handler = Callable[[dict[str, str], Context], Resolved]

_HANDLERS: dict[str, Handler] = {
    "iso": absolute.iso,
    "dotted": absolute.dotted,
    "numeric": absolute.numeric,
    "dmy": absolute.day_month_year,
    "mdy": absolute.day_month_year,
    "md": absolute.day_month,
    "dm": absolute.day_month,
    "month_year": absolute.month_year,
    "year": absolute.year,
    "year_dash": absolute.year_dash,
    "decade": absolute.decade,
    "century": absolute.century,
    "quarter": absolute.quarter,
    "quarter_q": absolute.quarter,
    "quarter_yq": absolute.quarter,
    "quarter_of_year": absolute.quarter_of_year,
    "quarter_year_ago": absolute.quarter_of_year,
    "period_year_ago": absolute.quarter_of_year,
    "half": absolute.half,
    "year_ago_adj": absolute.year_ago,
    "the_quarter": contextual.the_quarter,
    "the_year": contextual.the_year,
    "year_end": contextual.year_end,
    "year_words": contextual.year_words,
    "month_year_words": contextual.month_year_words,
    "deictic": relative.deictic,
    "this_part": relative.this_part,
    "rel_period": relative.rel_period,
    "next_day": relative.next_day,
    "span_n": relative.span_n,
    "edge": relative.edge,
    "anaphor": relative.anaphor,
    "ago": relative.ago,
    "offset": relative.offset,
    "duration": relative.duration,
    "for_units": relative.for_units,
    "recent_units": relative.recent_units,
    "vague_span": relative.vague_span,
    "set_adv": relative.set_adverb,
    "set_weekday": relative.set_weekday,
    "set_every": relative.set_every,
    "set_times": relative.set_times,
    "ref": relative.reference,
    "clock": relative.clock,
}

# Anaphora name the period of the reference itself; keep the finer reference.
# Comparisons ("year-ago results") name another period without moving the narrative.
_NO_NEW_REFERENCE = frozenset(
    {"edge", "anaphor", "clock", "clock_day", "quarter_year_ago", "period_year_ago", "year_ago_adj"}
)


def _comparison(cand: Candidate) -> bool:
    """ "A year ago", "a year earlier": the point a figure is compared with, which does not
    move the narrative ("... from $623.5 million a year ago ... compared with a year
    earlier" both name the same year)."""
    if cand.kind not in {"ago", "offset"}:
        return False
    unit = cand.groups.get("unit", "").lower()
    return unit == "year" and parse_number(cand.groups.get("n", "")) == 1


# Rules whose reading depends on tense: "in June", "June 2".
_TENSED: dict[str, Callable[..., Resolved]] = {
    "month": absolute.month,
    "md": absolute.day_month,
    "dm": absolute.day_month,
    "holiday": holidays.holiday,
    "season": absolute.season,
}
# A day named in the possessive names what happened on it ("Wednesday's ruling"); a
# future verb before it governs the clause, not the day.
_POSSESSIVE = re.compile(r"['\u2019]s\b")
_NO_ANCHOR = "no anchor date: pass the publication date to resolve relative expressions"
_VAGUE = {
    "PAST_REF": "a vague reference to the past",
    "FUTURE_REF": "a vague reference to the future",
    "PRESENT_REF": "the present, with no anchor date to place it",
}


def resolve(text: str, cand: Candidate, ctx: Context, *, at: int | None = None) -> Resolved:
    """The TIMEX3 reading of one candidate in the current context.

    ``at`` is where to read the tense from when it is not the candidate's start.
    """
    if cand.kind == "range":
        return _range(text, cand, ctx)
    if cand.kind == "since":
        return _since(text, cand, ctx)
    if cand.kind == "week_of":  # "the week of March 6": the week holding the day
        return relative.week_of(resolve(text, cand.parts[0], ctx))
    if cand.kind == "clock_day":  # "until 9 a.m. Tuesday": the tense cue precedes the clock
        clock, day = cand.parts
        return relative.clock(clock.groups, ctx, on=resolve(text, day, ctx, at=cand.start))
    tense = relative.tense_at(text, cand.start if at is None else at)
    if cand.kind == "the_weekend":
        return contextual.the_weekend(cand.groups, ctx, future=tense in {"future", "near"})
    if cand.kind == "weekday":
        if tense == "future" and _POSSESSIVE.match(text, cand.end):
            tense = "unmarked"  # "would get around Wednesday's ruling": a ruling made
        return relative.weekday(cand.groups, ctx, tense=tense)
    if cand.kind in _TENSED:
        return _TENSED[cand.kind](cand.groups, ctx, tense=tense)
    resolved = _HANDLERS[cand.kind](cand.groups, ctx)
    if cand.kind == "rel_period":  # "late last month", "early next week"
        return absolute.modified(resolved, cand.groups.get("mod"))
    return resolved


def range_parts(cand: Candidate) -> tuple[Candidate, ...]:
    """The parts of a range or "since" candidate; "from May to June 2021" lends the year."""
    if cand.kind == "since":
        return cand.parts
    first, last = cand.parts
    if "y" not in first.groups and "y" in last.groups and first.kind in {"month", "md", "dm"}:
        first = Candidate(
            first.start, first.end, first.kind, {**first.groups, "y": last.groups["y"]}
        )
    return first, last


def _range(text: str, cand: Candidate, ctx: Context) -> Resolved:
    first, last = range_parts(cand)
    left, right = resolve(text, first, ctx), resolve(text, last, ctx)
    if left.span and right.span and right.span[1] < left.span[0]:
        left, right = _across_year_end(text, first, last, left, right, ctx)
    value = f"{left.value}/{right.value}"
    if left.span is None or right.span is None:
        return unresolved(value, reason=left.reason or right.reason)
    if right.span[1] < left.span[0]:
        return unresolved(value, reason=f"the range ends before it starts ({value})")
    return Resolved("DATE", value, (left.span[0], right.span[1]), "range")


def _across_year_end(
    text: str, first: Candidate, last: Candidate, left: Resolved, right: Resolved, ctx: Context
) -> tuple[Resolved, Resolved]:
    """ "From 28 December to 3 January": a range that would end before it starts runs
    across a year end; the part without a year of its own moves to the year that fits."""
    if left.span is None or right.span is None:
        return left, right
    if "y" not in last.groups and "yrel" not in last.groups:
        year = left.span[0].year + (right.span[0].month < left.span[0].month)
        moved = Candidate(last.start, last.end, last.kind, {**last.groups, "y": str(year)})
        return left, resolve(text, moved, ctx)
    if "y" not in first.groups and "yrel" not in first.groups:
        year = right.span[0].year - (left.span[0].month > right.span[0].month)
        moved = Candidate(first.start, first.end, first.kind, {**first.groups, "y": str(year)})
        return resolve(text, moved, ctx), right
    return left, right


def _since(text: str, cand: Candidate, ctx: Context) -> Resolved:
    (inner,) = cand.parts
    start = resolve(text, inner, ctx)
    used = set(ctx.used)
    anchor = ctx.anchor
    ctx.used = used  # the open end at the anchor does not make the start relative
    if anchor is None or start.span is None:
        reason = start.reason or ctx.anchor_problem or _NO_ANCHOR
        return unresolved(f"{start.value}/PRESENT_REF", reason=reason)
    end = max(anchor, start.span[1])
    return Resolved("DATE", f"{start.value}/{anchor.isoformat()}", (start.span[0], end), "range")


def normalise(
    text: str,
    candidates: list[Candidate],
    *,
    anchor: dt.date | None,
    anchor_problem: str | None = None,
    ranges: bool = True,
) -> list[TimeExpr]:
    """TIMEX3 records for ``candidates`` (sorted by start) found in ``text``.

    With ``ranges=False`` a range ("from 2015 to 2019") or an open period ("since
    1990") gives one record per date in it, the TimeML convention, instead of one
    record for the whole period.
    """
    ctx = Context(anchor, anchor_problem=anchor_problem)
    records: list[TimeExpr] = []
    for cand in candidates:
        split = not ranges and cand.kind in {"range", "since"}
        for part in range_parts(cand) if split else (cand,):
            records.append(_record(text, part, ctx))
    return records


def _record(text: str, cand: Candidate, ctx: Context) -> TimeExpr:
    ctx.used = set()
    try:
        resolved = resolve(text, cand, ctx)
    except (ValueError, OverflowError):  # date arithmetic beyond year 1 or 9999
        resolved = unresolved("XXXX", reason="the date falls outside the calendar (years 1-9999)")
    dated = resolved.type in {"DATE", "TIME"}
    anchored_by = ctx.anchored_by() if dated else None
    basis = ctx.basis() if dated else "explicit"
    if cand.kind not in _NO_NEW_REFERENCE and not _comparison(cand):
        ctx.remember(resolved, text[cand.start : cand.end])
    return TimeExpr(
        text=text[cand.start : cand.end],
        start=cand.start,
        end=cand.end,
        type=resolved.type,
        value=resolved.value,
        date_start=resolved.span[0] if resolved.span else None,
        date_end=resolved.span[1] if resolved.span else None,
        granularity=resolved.granularity,
        basis=basis,
        reason=None if resolved.span else why_unresolved(resolved, ctx),
        anchored_by=anchored_by,
    )


def why_unresolved(resolved: Resolved, ctx: Context) -> str:
    """A one-line reason for a record without a date range."""
    if resolved.reason:
        return resolved.reason
    if "anchor" in ctx.used and not ctx.anchor_known():
        return ctx.anchor_problem or _NO_ANCHOR
    if resolved.type == "DURATION":
        return "a duration: a length of time, not a point in time"
    if resolved.type == "SET":
        return "a set: a recurring time, not a point in time"
    if resolved.value in _VAGUE:
        return _VAGUE[resolved.value]
    return "nothing earlier in the text fixes this expression's date"
