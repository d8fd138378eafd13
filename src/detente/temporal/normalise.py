"""Turn recognised candidates into TIMEX3 records, left to right through a text.

The normaliser walks the candidates in order, keeping the last dated expression as
the reference for anaphora ("later that year"), and counts deictic expressions
("last week") from the anchor, normally the document's publication date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from detente.models import TimeExpr
from detente.temporal import absolute, relative
from detente.temporal.recognise import Candidate
from detente.temporal.resolved import Context, Resolved, unresolved

Handler = Callable[[dict[str, str], Context], Resolved]

_HANDLERS: dict[str, Handler] = {
    "iso": absolute.iso,
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
    "season": absolute.season,
    "quarter": absolute.quarter,
    "quarter_q": absolute.quarter,
    "quarter_yq": absolute.quarter,
    "deictic": relative.deictic,
    "this_part": relative.this_part,
    "rel_period": relative.rel_period,
    "span_n": relative.span_n,
    "edge": relative.edge,
    "anaphor": relative.anaphor,
    "ago": relative.ago,
    "offset": relative.offset,
    "duration": relative.duration,
    "for_units": relative.for_units,
    "recent_units": relative.for_units,
    "set_adv": relative.set_adverb,
    "set_every": relative.set_every,
    "set_times": relative.set_times,
    "ref": relative.reference,
    "clock": relative.clock,
}

# Anaphora name the period of the reference itself; keep the finer reference.
_NO_NEW_REFERENCE = frozenset({"edge", "anaphor", "clock"})


def resolve(text: str, cand: Candidate, ctx: Context) -> Resolved:
    """The TIMEX3 reading of one candidate in the current context."""
    if cand.kind == "range":
        return _range(text, cand, ctx)
    if cand.kind == "since":
        return _since(text, cand, ctx)
    if cand.kind == "weekday":
        return relative.weekday(cand.groups, ctx, future=relative.future_context(text, cand.start))
    if cand.kind == "month":
        return absolute.month(cand.groups, ctx, future=relative.future_context(text, cand.start))
    return _HANDLERS[cand.kind](cand.groups, ctx)


def _range(text: str, cand: Candidate, ctx: Context) -> Resolved:
    first, last = cand.parts
    if "y" not in first.groups and "y" in last.groups and first.kind in {"month", "md", "dm"}:
        first = Candidate(
            first.start, first.end, first.kind, {**first.groups, "y": last.groups["y"]}
        )
    left, right = resolve(text, first, ctx), resolve(text, last, ctx)
    value = f"{left.value}/{right.value}"
    if left.span is None or right.span is None or right.span[1] < left.span[0]:
        return unresolved(value)
    return Resolved("DATE", value, (left.span[0], right.span[1]), "range")


def _since(text: str, cand: Candidate, ctx: Context) -> Resolved:
    (inner,) = cand.parts
    start = resolve(text, inner, ctx)
    if ctx.anchor is None or start.span is None:
        return unresolved(f"{start.value}/PRESENT_REF")
    end = max(ctx.anchor, start.span[1])
    return Resolved(
        "DATE", f"{start.value}/{ctx.anchor.isoformat()}", (start.span[0], end), "range"
    )


def normalise(text: str, candidates: list[Candidate], *, anchor: dt.date | None) -> list[TimeExpr]:
    """TIMEX3 records for ``candidates`` (sorted by start) found in ``text``."""
    ctx = Context(anchor)
    records: list[TimeExpr] = []
    for cand in candidates:
        resolved = resolve(text, cand, ctx)
        if cand.kind not in _NO_NEW_REFERENCE:
            ctx.remember(resolved)
        records.append(
            TimeExpr(
                text=text[cand.start : cand.end],
                start=cand.start,
                end=cand.end,
                type=resolved.type,
                value=resolved.value,
                date_start=resolved.span[0] if resolved.span else None,
                date_end=resolved.span[1] if resolved.span else None,
                granularity=resolved.granularity,
            )
        )
    return records
