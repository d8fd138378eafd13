"""Normalise relative, anaphoric and vague expressions, durations and sets.

Deictic expressions ("yesterday", "last week") count from the anchor; anaphoric ones
("later that year", "two days later", "the following month") count from the last
dated expression the normaliser saw earlier in the text (``Context.ref``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from detente.temporal.dates import shift, unit_period, week_range
from detente.temporal.resolved import (
    GRANULARITY_RANK,
    UNIT_GRANULARITY,
    Context,
    Resolved,
    day_value,
    unresolved,
)
from detente.temporal.vocab import WEEKDAYS, parse_number, unit_code

Groups = dict[str, str]
Tense = Literal["future", "near", "past", "unmarked"]

_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_DEICTIC_DAYS = {
    "the day before yesterday": -2,
    "yesterday": -1,
    "today": 0,
    "tonight": 0,
    "last night": -1,
    "tomorrow": 1,
    "the day after tomorrow": 2,
}
_SET_ADVERBS = {
    "hourly": "PT1H",
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "quarterly": "P3M",
    "annually": "P1Y",
    "yearly": "P1Y",
}
_REFS = {
    "recently": "PAST_REF",
    "recent": "PAST_REF",
    "formerly": "PAST_REF",
    "someday": "FUTURE_REF",
    "one day": "FUTURE_REF",
    "the past": "PAST_REF",
    "the future": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "the distant future": "FUTURE_REF",
    "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF",
    "the long term": "FUTURE_REF",
}
# Offsets in years from a month or quarter keep it: "a year earlier" than Q3 1989 is
# Q3 1988, the TimeML reading.
_KEEP_GRANULARITY = {"month": "M", "quarter": "Q"}
_FUTURE_CUE = re.compile(
    r"\b(?:would|will|shall|'ll|is to|are to|plans? to|planning to"
    r"|(?<!previously )(?<!originally )(?:planned|scheduled)"
    r"|expected to|expects? to|intends? to|hopes? to|to be [a-z]+ed|due to|next(?!\s+to\b)"
    r"|planning for|(?:postponed|delayed|deferred|adjourned) (?:until|till|to)"
    r"|going to|about to)\b",
    re.IGNORECASE,
)
# "had been due to expire Friday": a plan that lay ahead of a past moment.
# A decision taken in the past about what is to come: the date belongs to the plan
# ("has decided to admit Poland in early March", "agreed to meet on Friday").
_DECIDED_TO = re.compile(
    r"\b(?:decided|agreed|promised|pledged|vowed|voted|invited\s+\w+|urged\s+\w+)\s+to\s+\w+",
    re.IGNORECASE,
)
# Where a relative clause starts: its verbs, not the main clause's, give its tense.
_RELATIVE_CLAUSE = re.compile(r",\s*(?:where|which|who|whose|whom|when)\b", re.IGNORECASE)
# "is expected in December": a present passive, not a past event.
_PRESENT_PASSIVE = re.compile(r"\b(?:is|are|am|be|to)\s+$", re.IGNORECASE)
_PAST_PERFECT = re.compile(r"\bhad\s+(?:been\s+)?(?:\w+ly\s+)?$", re.IGNORECASE)
# A participle after these is part of a future or infinitive phrase ("will be held").
_NOT_PAST_BEFORE = re.compile(
    r"\b(?:be|is|are|am|been|being|to|will|would|shall|may|might|can|could|should|must"
    r"|a|an|the|still|yet|not)\s+$",
    re.IGNORECASE,
)
# Where a clause ends, for the past-tense cue: "... came Thursday and the case is heard".
_CLAUSE_BREAK = re.compile(r"[.!?;]\s|,?\s+(?:and|but|while|whereas)\s+")
# A past-tense verb near a date without a year: regular -ed forms and common irregulars.
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|said|told|met|went|came|took|made|gave|saw|began|left|held"
    r"|spoke|flew|sent|won|lost|fell|rose|paid|sold|bought|brought|led|struck|shot|fought"
    r"|[a-z]{2,}ed)\b",
    re.IGNORECASE,
)
# "To" before a verb: a lower-case word that is no determiner, pronoun or number.
_INFINITIVE = re.compile(
    r"\bto\s+(?!(?:the|a|an|his|her|its|their|our|my|your|this|that|these|those|him|them"
    r"|us|me|it|be|date|power|court|office|work|school|prison|jail|death|trial)\b)[a-z]{2,}\b"
)
_PRESENT_CUE = re.compile(r"\b(?:is|are|am|has|have)\b", re.IGNORECASE)
_DEADLINE_BEFORE = re.compile(
    r"\b(?:by|until|till|through|payable|effective|expires?|record|deadline|extended\s+to"
    r"|takes\s+effect|due|as\s+(?:soon|early)\s+as|set\s+to\s+\w+|expects?\s+to\s+\w+)\s+(?:(?:the\s+)?(?:on|in)\s+)?"
    r"(?:(?:early|mid|late)[\s-]+)?$",
    re.IGNORECASE,
)


def _words(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def duration_value(number: int | None, unit: str) -> str:
    """TIMEX3 duration: P3D, PT24H, P2W, PXY for a vague count."""
    count = "X" if number is None else str(number)
    if unit.startswith("T"):
        return f"PT{count}{unit[1:]}"
    if unit == "2W":
        return f"P{'X' if number is None else 2 * number}W"
    return f"P{count}{unit}"


def _period(day: dt.date, unit: str) -> Resolved:
    if unit == "D" or unit.startswith("T"):
        return day_value(day)
    value, span = unit_period(day, unit)
    return Resolved("DATE", value, span, UNIT_GRANULARITY.get(unit, "unknown"))


def _with_part(resolved: Resolved, part: str | None) -> Resolved:
    """The part of a day: "Tuesday morning" is 2023-05-23TMO.

    A night runs into the next day and news names it by the day it starts: "Thursday
    night", "tonight", "last night" stay the date (TimeBank writes most of them so),
    which is also the day an event dated by it belongs to.
    """
    if not part or part.lower() == "night" or resolved.span is None:
        return resolved
    return Resolved("TIME", f"{resolved.value}T{_PARTS[part.lower()]}", resolved.span, "day")


def deictic(groups: Groups, ctx: Context) -> Resolved:
    """Yesterday, today, tomorrow (morning), tonight, last night."""
    word = _words(groups["w"])
    if ctx.anchor is None:
        return unresolved("PRESENT_REF" if word == "today" else "XXXX-XX-XX")
    day = day_value(ctx.anchor + dt.timedelta(days=_DEICTIC_DAYS[word]))
    part = "night" if word.endswith("night") else groups.get("part")
    return _with_part(day, part)


def this_part(groups: Groups, ctx: Context) -> Resolved:
    """This morning, this evening."""
    if ctx.anchor is None:
        return unresolved("XXXX-XX-XX", "TIME")
    return _with_part(day_value(ctx.anchor), groups["part"])


def _count(groups: Groups) -> int | None:
    if groups.get("vague"):
        return None
    if groups.get("n"):
        return parse_number(groups["n"])
    return None if groups.get("pl") else 1


def rel_period(groups: Groups, ctx: Context) -> Resolved:
    """Last week, this year, next month; "the following year" counts from the last date."""
    rel = groups["rel"].lower()
    unit_word = groups["unit"].lower()
    if groups.get("the") and rel in {"following", "next", "previous"}:
        step = -1 if rel == "previous" else 1
        return _from_base(ctx, step, "W" if unit_word == "weekend" else unit_code(unit_word))
    if groups.get("the") and rel in {"last", "coming"}:
        return _stretch(ctx, "past" if rel == "last" else "next", 1, unit_code(unit_word))
    if ctx.anchor is None:
        return unresolved("XXXX")
    step = {"last": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(rel, 0)
    if unit_word == "weekend":
        return weekend_of(shift(ctx.anchor, step, "W"))
    unit = unit_code(unit_word)
    return _period(shift(ctx.anchor, step, unit), unit)


def next_day(groups: Groups, ctx: Context) -> Resolved:
    """ "Next day", "following day" without an article: the day after the last date, as
    in crisis trackers ("Moise 15 March asked the OAS ...; next day requested ...")."""
    return _from_base(ctx, 1, "D")


def _anchor_point(ctx: Context) -> Resolved | None:
    return day_value(ctx.anchor) if ctx.anchor else None


def weekend_of(day: dt.date) -> Resolved:
    """The weekend (Saturday and Sunday) of the ISO week containing ``day``."""
    _, sunday = week_range(day)
    saturday = sunday - dt.timedelta(days=1)
    year, week, _ = day.isocalendar()
    return Resolved("DATE", f"{year:04d}-W{week:02d}-WE", (saturday, sunday), "week")


def _from_base(ctx: Context, step: int, unit: str) -> Resolved:
    base = ctx.base()
    if base is None or base.span is None:
        return unresolved("XXXX")
    return _period(shift(base.span[0], step, unit), unit)


def _stretch(ctx: Context, direction: str, number: int | None, unit: str) -> Resolved:
    """A duration that ends (past) or starts (next) at the anchor: "the past three years"."""
    value = duration_value(number, unit)
    if ctx.anchor is None or number is None or unit.startswith("T"):
        return unresolved(value, "DURATION")
    if direction == "past":
        start = shift(ctx.anchor, -number, unit) + dt.timedelta(days=1)
        return Resolved("DURATION", value, (start, ctx.anchor), "range")
    end = shift(ctx.anchor, number, unit) - dt.timedelta(days=1)
    return Resolved("DURATION", value, (ctx.anchor, end), "range")


def span_n(groups: Groups, ctx: Context) -> Resolved:
    """The past three years, the next two weeks, the following day, the past few decades."""
    direction = groups["dir"].lower()
    unit = unit_code(groups["unit"])
    number = _count(groups)
    counted = bool(groups.get("n") or groups.get("vague") or groups.get("pl"))
    if not counted and direction in {"following", "next", "previous"}:
        return _from_base(ctx, -1 if direction == "previous" else 1, unit)
    if direction in {"past", "last", "previous"}:
        return _stretch(ctx, "past", number, unit)
    if direction in {"coming", "next", "following"}:
        return _stretch(ctx, "next", number, unit)
    return unresolved(duration_value(number, unit), "DURATION")


def edge(groups: Groups, ctx: Context) -> Resolved:
    """Earlier this month, later that year: the part of a period before or after a point."""
    det, unit = _words(groups["det"]), unit_code(groups["unit"])
    point = ctx.base() if det in {"that", "the same"} else _anchor_point(ctx)
    if point is None or point.span is None:
        return unresolved("XXXX")
    start = point.span[0]
    if det in {"next", "last"}:
        start = shift(start, 1 if det == "next" else -1, unit)
    period = _period(start, unit)
    coarse = GRANULARITY_RANK[point.granularity] >= GRANULARITY_RANK[period.granularity]
    if det in {"next", "last"} or coarse or period.span is None:
        return period
    if groups["when"].lower() == "earlier":
        bounds = (period.span[0], max(period.span[0], point.span[0] - dt.timedelta(days=1)))
    else:
        bounds = (min(period.span[1], point.span[1] + dt.timedelta(days=1)), period.span[1])
    if det == "this":
        bounds = (period.span[0], point.span[0]) if bounds[0] == period.span[0] else bounds
    return Resolved("DATE", period.value, bounds, period.granularity)


def anaphor(groups: Groups, ctx: Context) -> Resolved:
    """That year, the same month, that quarter: the period of the last date seen. A
    finer period than that date keeps what the date knows and marks the rest unknown:
    "that same day" after "last October" is 1998-10-XX, its range October (all that
    is known)."""
    unit = unit_code(groups["unit"])
    base = ctx.base()
    if base is None or base.span is None:
        return unresolved("XXXX")
    period = _period(base.span[0], unit)
    if GRANULARITY_RANK[base.granularity] > GRANULARITY_RANK[period.granularity]:
        return Resolved("DATE", _unknown_within(base, unit), base.span, base.granularity)
    return period


_KNOWN_PREFIX = re.compile(r"\d{4}(?:-\d{2})?")
_FIELDS = {"D": 3, "M": 2}


def _unknown_within(base: Resolved, unit: str) -> str:
    """The value of a ``unit`` inside ``base`` whose place in it is unknown: the day of
    1998-10 is 1998-10-XX, the month of 1998 is 1998-XX, the week of 1998 is 1998-WXX."""
    known = _KNOWN_PREFIX.match(base.value)
    if known is None:
        return base.value[:4]
    if unit == "W":
        return f"{base.value[:4]}-WXX"
    fields = known.group(0).split("-")
    wanted = _FIELDS.get(unit, 1)
    return "-".join(fields[:wanted] + ["XX"] * (wanted - len(fields[:wanted])))


def ago(groups: Groups, ctx: Context) -> Resolved:
    """Two days ago, a year ago; "months ago" is a vague past reference."""
    number = _count(groups)
    if number is None or ctx.anchor is None:
        return unresolved("PAST_REF")
    unit = unit_code(groups["unit"])
    if unit in {"DE", "CE"}:  # "a decade ago" is a year, not the decade it falls in
        return _period(shift(ctx.anchor, -number, unit), "Y")
    reported = ctx.reported_quarter(earlier=number == 1) if unit == "Y" else None
    if reported is not None and reported.span is not None:
        # results compared with "a year ago" mean the reported quarter a year before
        return _period(shift(reported.span[0], -number, unit), "Q")
    return _period(shift(ctx.anchor, -number, unit), unit)


def offset(groups: Groups, ctx: Context) -> Resolved:
    """Two days later, a year earlier (from the last date); vague ones stay durations."""
    number = _count(groups)
    unit = unit_code(groups["unit"])
    base = ctx.base() if ctx.ref is not None else None
    if number is None or base is None or base.span is None or unit.startswith("T"):
        return unresolved(duration_value(number, unit), "DURATION")
    step = -number if groups["dir"].lower() in {"earlier", "before", "previously"} else number
    keep = _KEEP_GRANULARITY.get(base.granularity)
    if keep and unit in {"Y", "DE", "CE"}:  # "a year earlier" than a quarter: that quarter
        return _period(shift(base.span[0], step, unit), keep)
    if GRANULARITY_RANK[base.granularity] > GRANULARITY_RANK[UNIT_GRANULARITY.get(unit, "range")]:
        unit_for_period = {"day": "D", "week": "W", "month": "M"}.get(base.granularity, "Y")
        return _period(shift(base.span[0], step, unit), unit_for_period)
    return _period(shift(base.span[0], step, unit), unit)


def duration(groups: Groups, ctx: Context) -> Resolved:
    """Three days, a five-year plan, several months."""
    return unresolved(duration_value(_count(groups), unit_code(groups["unit"])), "DURATION")


def for_units(groups: Groups, ctx: Context) -> Resolved:
    """(for) years, (for) decades: a vague duration."""
    return unresolved(duration_value(None, unit_code(groups["unit"])), "DURATION")


def recent_units(groups: Groups, ctx: Context) -> Resolved:
    """Recent days, recent weeks (vague durations); "recent years" and "recent decades"
    name the past, as TimeML annotates them (PAST_REF)."""
    if groups["unit"].lower() in {"years", "decades"}:
        return unresolved("PAST_REF")
    return for_units(groups, ctx)


def vague_span(groups: Groups, ctx: Context) -> Resolved:
    """Coming months, future quarters (FUTURE_REF), past years (PAST_REF): the future or
    the past, with no count to measure them by ("the past two years" is a duration)."""
    return unresolved("PAST_REF" if groups["dir"].lower() == "past" else "FUTURE_REF")


def set_adverb(groups: Groups, ctx: Context) -> Resolved:
    """Daily, weekly, annually."""
    return unresolved(_SET_ADVERBS[groups["adv"].lower()], "SET")


def set_weekday(groups: Groups, ctx: Context) -> Resolved:
    """Every Thursday (XXXX-WXX-4), each Monday night (XXXX-WXX-1TNI)."""
    value = f"XXXX-WXX-{WEEKDAYS[groups['wd'].lower()] + 1}"
    part = groups.get("part")
    return unresolved(f"{value}T{_PARTS[part.lower()]}" if part else value, "SET")


def week_of(day: Resolved) -> Resolved:
    """The ISO week holding ``day`` ("the week of March 6"); ``day`` itself when it is
    not a day."""
    if day.span is None or day.granularity != "day":
        return day
    return _period(day.span[0], "W")


def set_every(groups: Groups, ctx: Context) -> Resolved:
    """Every week, every two years, each day, every other month."""
    raw = groups.get("n", "").lower()
    number = 2 if raw == "other" else (parse_number(raw) if raw else 1)
    return unresolved(duration_value(number, unit_code(groups["unit"])), "SET")


def set_times(groups: Groups, ctx: Context) -> Resolved:
    """Twice a year, three times a week."""
    return unresolved(duration_value(1, unit_code(groups["unit"])), "SET")


def reference(groups: Groups, ctx: Context) -> Resolved:
    """Now, currently (PRESENT_REF); recently, the past (PAST_REF); soon (FUTURE_REF)."""
    value = _REFS.get(_words(groups["w"]), "PRESENT_REF")
    if value == "PRESENT_REF" and ctx.anchor is not None:
        return Resolved("DATE", value, (ctx.anchor, ctx.anchor), "day")
    return unresolved(value)


def weekday(groups: Groups, ctx: Context, *, tense: Tense) -> Resolved:
    """Tuesday: the latest one on or before the anchor; the next one in future context;
    the nearer one right after a deadline word ("until Thursday", "by Wednesday").

    News style names the publication day itself by its weekday ("said on Tuesday" in a
    Tuesday paper is that day), which TimeBank's annotation confirms. "The previous
    Friday", "the following Monday" count from the last date of the narrative.
    """
    target = WEEKDAYS[groups["wd"].lower()]
    rel = _words(groups.get("rel"))
    if rel.startswith("the "):
        return _weekday_from_base(ctx, target, forward=rel.endswith("following"))
    if ctx.anchor is None:
        return unresolved("XXXX-XX-XX")
    back = (ctx.anchor.weekday() - target) % 7
    ahead = (target - ctx.anchor.weekday()) % 7
    if rel == "last" or rel == "this past":
        day = ctx.anchor - dt.timedelta(days=back or 7)
    elif rel == "next":
        day = ctx.anchor + dt.timedelta(days=ahead or 7)
    elif tense == "future" or rel in {"this", "coming"} or (tense == "near" and ahead < back):
        day = ctx.anchor + dt.timedelta(days=ahead)
    else:
        day = ctx.anchor - dt.timedelta(days=back)
    return _with_part(day_value(day), groups.get("part"))


def _weekday_from_base(ctx: Context, target: int, *, forward: bool) -> Resolved:
    """The weekday ``target`` strictly before (or after) the last date seen."""
    base = ctx.base()
    if base is None or base.span is None:
        return unresolved("XXXX-XX-XX")
    day = base.span[1 if forward else 0]
    if forward:
        return day_value(day + dt.timedelta(days=(target - day.weekday() - 1) % 7 + 1))
    return day_value(day - dt.timedelta(days=(day.weekday() - target - 1) % 7 + 1))


def future_context(text: str, start: int) -> bool:
    """Whether the clause before ``start`` reads as future ("will meet on Friday")."""
    return _future(_clause_before(text, start))


def tense_at(text: str, start: int) -> Tense:
    """How to read a date without a year at ``start``: "future", "near" or "past".

    "future" after a future cue ("will meet in June"); "near" right after a deadline
    word ("must leave by Jan. 14", "payable Dec. 1", "through August"), where the
    nearest such date to the anchor is meant; "past" when a past-tense verb stands in
    the clause ("visited Baku in January"); else "unmarked" ("is heard in May",
    "calling for the redemption on Dec. 7", "has decided to admit Poland in early
    March"), read as past unless the date is just ahead of the anchor
    (``absolute.GRACE_DAYS``). A relative clause ("..., where the Aug. 7 blasts killed")
    takes its own tense, not the main clause's.
    """
    window = _clause_before(text, start)
    if _future(window):
        return "future"
    if _DEADLINE_BEFORE.search(window):
        return "near"
    after = _CLAUSE_BREAK.split(text[start : start + 60])[0]
    clause = _CLAUSE_BREAK.split(window)[-1]
    if _DECIDED_TO.search(window):
        return "unmarked"
    past = [
        cue
        for cue in _PAST_CUE.finditer(clause)
        if not _PRESENT_PASSIVE.search(clause, 0, cue.start())
    ]
    present = list(_PRESENT_CUE.finditer(clause))
    if past and present and present[-1].start() > past[-1].start():
        return "unmarked"  # "said it is calling for the redemption on Dec. 7"
    if past and _INFINITIVE.search(clause, past[-1].end()):
        return "unmarked"  # "subpoenaed him to testify on Feb. 10": the testimony's date
    return "past" if past or _PAST_CUE.search(after) else "unmarked"


def _future(window: str) -> bool:
    """Whether the last tense cue of ``window`` looks ahead: a future cue not in the past
    perfect ("had been scheduled to") and not followed by a past verb of its own clause
    ("would appeal the decision, announced Wednesday")."""
    openers = [m.end() for m in _RELATIVE_CLAUSE.finditer(window)]
    cues = list(_FUTURE_CUE.finditer(window, openers[-1] if openers else 0))
    if not cues:
        return False
    last = cues[-1]
    if _PAST_PERFECT.search(window, 0, last.start()):
        return False
    return not any(
        not _NOT_PAST_BEFORE.search(window, 0, past.start())
        for past in _PAST_CUE.finditer(window, last.end())
    )


# A sentence ends at a full stop (closing quotes may follow) that does not close an
# initial or a title ("Daniel P. Davison", "Mr. Schwarz").
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)[.!?;]['\"\u2019\u201d)]*\s"
)


def _clause_before(text: str, start: int) -> str:
    return _SENTENCE_END.split(text[max(0, start - 80) : start])[-1]


def clock(groups: Groups, ctx: Context, *, on: Resolved | None = None) -> Resolved:
    """5 p.m., 10:30 am, noon, mid-afternoon, (in) the morning: a time on the day ``on``
    ("9 a.m. Tuesday", "mid-afternoon yesterday"), else on the last day mentioned, else
    on the anchor."""
    if "noon" in groups:  # midnight closes its day: "midnight Friday" is Friday T24
        clock_value = "24" if groups["noon"].lower() == "midnight" else "12:00"
    elif "dpart" in groups:
        clock_value = _PARTS[groups["dpart"].lower()]
    else:
        hour, minute = int(groups["h"]) % 12, int(groups.get("min", "0"))
        hour += 12 if groups["ampm"].lower().startswith("p") else 0
        clock_value = f"{hour:02d}:{minute:02d}"
    base = on if on is not None else ctx.base()
    if base is not None and base.granularity != "day" and on is None:
        base = _anchor_point(ctx)  # a time of day needs a day: the anchor's
    if base is None or base.span is None or base.granularity != "day":
        return unresolved(f"XXXX-XX-XXT{clock_value}", "TIME")
    day = base.span[0]
    return Resolved("TIME", f"{day.isoformat()}T{clock_value}", (day, day), "day")
