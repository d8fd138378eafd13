"""Find temporal expressions in text: regular-expression rules plus a few filters.

The recogniser only finds spans and names the rule that matched (a ``Candidate``);
turning a candidate into a TIMEX3 value is the normaliser's job. Month and weekday
names must be capitalised ("may have bought" is no date), and the bare month names
"May" and "March" count only after a temporal word ("in May", "early March").
Overlapping matches are resolved longest first; then neighbouring dates joined by
"to", "until" or a dash become one range, and "since X" becomes a range to the anchor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from detente.temporal.vocab import (
    MONTH_RE,
    NUMBER_WORD_RE,
    ORDINAL_RE,
    SEASON_RE,
    UNIT_RE,
    VAGUE_RE,
    WEEKDAY_RE,
    parse_number,
)
from detente.temporal.vocab import (
    ONES_RE as _ONES_RE,
)
from detente.temporal.vocab import (
    TENS_RE as _TENS_RE,
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span that a rule matched, with the rule's name and its named groups."""

    start: int
    end: int
    kind: str
    groups: dict[str, str] = field(default_factory=dict)
    parts: tuple[Candidate, ...] = ()


_NUM = rf"(?:\d+|{NUMBER_WORD_RE})"
_MOD = r"(?:(?P<mod>(?i:early|mid|late|the\s+(?:beginning|start|middle|end)\s+of))[\s-]+)?"
_WD = rf"(?:(?P<wd>{WEEKDAY_RE}),?\s+)?"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>1[6-9]\d\d|20\d\d)"
_PART = r"(?P<part>(?i:morning|afternoon|evening|night))"
# "November 20 last year", "in June this year": the year named relative to the anchor.
_YREL = r"(?:,?\s+(?:of\s+)?(?P<yrel>(?i:last|this|next))\s+(?i:year)\b)?"
# "The comparable year-ago quarter", "the corresponding period last year".
_LIKE = r"(?:comparable|corresponding|same)"
_YEAR_WORDS = (
    rf"nineteen(?:\s+hundred)?(?:\s+and)?\s+(?:{_TENS_RE})(?:[\s-](?:{_ONES_RE}))?"
    rf"|the\s+year\s+two\s+thousand(?:\s+and\s+(?:{_ONES_RE}))?"
)

_RULES: tuple[tuple[str, str], ...] = (
    ("iso", r"\b(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])"),
    ("dotted", r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d)(?![\d.])"),
    ("numeric", r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])"),
    ("dmy", rf"{_WD}\b{_DAY}\s+(?:of\s+)?(?P<m>{MONTH_RE}),?\s+{_YEAR}\b"),
    ("mdy", rf"{_WD}(?P<m>{MONTH_RE})\s+{_DAY},?\s+{_YEAR}\b"),
    ("md", rf"{_WD}(?P<m>{MONTH_RE})\s+{_DAY}(?!\d|:\d)\b{_YREL}"),
    ("dm", rf"{_WD}\b{_DAY}\s+(?:of\s+)?(?P<m>{MONTH_RE})(?!\w){_YREL}"),
    ("month_year", rf"{_MOD}(?P<m>{MONTH_RE}),?\s+(?:of\s+)?{_YEAR}\b"),
    (
        "month",
        rf"{_MOD}(?:(?P<rel>(?i:last|next|this|this\s+past))\s+)?(?P<m>{MONTH_RE})(?!\w)"
        rf"(?!\.?\s+[0-3]?\d\b){_YREL}",
    ),
    ("year_dash", r"\b(?P<y>(?:1[6-9]|20)\d\d)\s*(?P<dash>[-\u2013])\s*(?P<y2>\d{2})(?![\d-])"),
    ("decade", rf"{_MOD}(?:(?i:the)\s+)?(?P<y>1[6-9]\d|20\d)0'?s\b"),
    ("year", rf"{_MOD}(?<![\d,.$£€/]){_YEAR}(?![\d%]|[,.]\d)"),
    ("century", rf"(?i:{_MOD}(?:the\s+)?(?P<n>\d{{1,2}})(?:st|nd|rd|th)\s+century)"),
    (
        "season",
        rf"(?i:{_MOD}(?:(?P<rel>this\s+past|this|last|next|that|the)\s+)?(?P<s>{SEASON_RE})"
        rf"(?:\s+(?:of\s+)?(?:{_YEAR}|(?P<yw>{_YEAR_WORDS})))?)\b",
    ),
    (
        "quarter",
        rf"(?i:(?:the\s+)?(?:fiscal[\s-]+)?"
        rf"(?P<rel>{ORDINAL_RE}|last|latest|current|previous|this|next)"
        rf"[\s-]+quarter(?:\s+(?:of\s+)?{_YEAR})?)\b",
    ),
    (
        "quarter_of_year",
        rf"(?i:\b(?:the\s+)?(?:{_YEAR}|(?P<yrel>this|last|next)\s+year['\u2019]s)"
        rf"\s+(?:(?P<rel>{ORDINAL_RE})[\s-]+)?quarter)\b",
    ),
    (
        "quarter_year_ago",
        rf"(?i:\b(?:the\s+)?(?:{_LIKE}\s+)?(?P<ago>year-(?:ago|earlier))\s+"
        rf"(?:(?P<rel>{ORDINAL_RE})[\s-]+)?(?:quarter|period))\b",
    ),
    (
        "period_year_ago",
        rf"(?i:\bthe\s+(?:{_LIKE}\s+)?(?:quarter|period)\s+"
        r"(?P<ago>a\s+year\s+(?:ago|earlier|before)|(?:of\s+)?last\s+year))\b",
    ),
    (
        "half",
        rf"(?i:\b(?:the\s+)?(?P<h>first|second|last|latter|back)\s+(?:half|two\s+quarters)\s+of\s+"
        rf"(?:{_YEAR}|(?P<yrel>this|last|next)\s+year))\b",
    ),
    ("year_ago_adj", r"(?i:\b(?P<ago>year-(?:ago|earlier))\b)"),
    (
        "the_quarter",
        r"\b(?i:the)\s+(?:quarter|latest\s+period)\b(?!-|\s+(?:of|century|mile|point)\b)",
    ),
    (
        "year_end",
        r"(?i:\b(?:year[-\s]end|year['\u2019]s\s+end|the\s+end\s+of\s+the\s+year))\b(?!-)",
    ),
    ("the_weekend", r"(?i:\bthe\s+weekend)\b"),
    (
        "the_year",
        r"(?i:\bthe\s+(?:full\s+|current\s+|latest\s+)?(?:fiscal\s+)?year)\b"
        r"(?![-\u2019']|\s+(?:two|nineteen|of|ago|earlier|before|after|and|or)\b)"
        r"(?=(?P<ended>\s+(?i:ended|ending|to))?)",
    ),
    ("year_words", rf"(?i:\b(?P<yw>{_YEAR_WORDS}))\b"),
    ("month_year_words", rf"(?P<m>{MONTH_RE}),?\s+(?P<yw>(?i:{_YEAR_WORDS}))\b"),
    ("quarter_q", rf"\bQ(?P<q>[1-4])(?:\s+{_YEAR})?\b"),
    ("quarter_yq", rf"\b{_YEAR}\s*Q(?P<q>[1-4])\b"),
    (
        "deictic",
        rf"(?i:\b(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow"
        rf"|yesterday|today|tomorrow|tonight|last\s+night)(?:\s+{_PART})?)\b",
    ),
    ("this_part", rf"(?i:\bthis\s+{_PART})\b"),
    ("next_day", r"(?i:\b(?:the\s+)?(?P<rel>next|following)\s+(?:day|morning|evening))\b"),
    (
        "rel_period",
        rf"{_MOD}(?i:\b(?P<the>the\s+)?(?P<rel>this|last|next|current|coming|previous|following)"
        r"\s+(?P<unit>weekend|week|month|year|quarter|decade|century))\b",
    ),
    (
        "span_n",
        rf"(?i:\bthe\s+(?P<dir>past|last|previous|coming|next|following|first|final)\s+"
        rf"(?:(?P<n>{_NUM})\s+|(?P<vague>{VAGUE_RE})\s+)?(?P<unit>{UNIT_RE})(?P<pl>s|ies)?)\b",
    ),
    (
        "edge",
        r"(?i:\b(?P<when>earlier|later)\s+(?P<det>this|that|the\s+same|next|last)"
        r"\s+(?P<unit>week|month|year|decade))\b",
    ),
    (
        "anaphor",
        r"(?i:\b(?:that(?:\s+same)?|the\s+same)\s+(?P<unit>day|week|month|quarter|year|decade))\b",
    ),
    (
        "ago",
        rf"(?i:\b(?:(?P<n>{_NUM})|(?P<vague>{VAGUE_RE}))?\s*(?P<unit>{UNIT_RE})(?:s|ies)?"
        r"\s+ago)\b",
    ),
    (
        "offset",
        rf"(?i:\b(?:(?P<n>{_NUM})[\s-]|(?P<vague>{VAGUE_RE})\s)?\s*(?P<unit>{UNIT_RE})"
        r"(?P<pl>s|ies)?\s+(?P<dir>later|earlier|before|after|afterwards|previously))\b",
    ),
    (
        "duration",
        rf"(?i:\b(?:(?P<n>{_NUM})|(?P<vague>{VAGUE_RE}))(?P<sep>[\s-]+)(?P<unit>{UNIT_RE})"
        r"(?P<pl>s|ies)?)\b",
    ),
    ("for_units", r"(?<=\bfor )(?P<unit>days|weeks|months|years|decades|centuries)\b"),
    ("set_adv", r"\b(?P<adv>hourly|daily|nightly|weekly|monthly|annually|yearly)\b"),
    (
        "set_every",
        rf"(?i:\b(?:every|each)\s+(?:(?P<n>{_NUM}|other)\s+)?(?P<unit>{UNIT_RE})(?:s|ies)?)\b",
    ),
    (
        "set_times",
        rf"(?i:\b(?:once|twice|{_NUM}\s+times)\s+(?:a|an|per|every)\s+(?P<unit>{UNIT_RE}))\b",
    ),
    ("recent_units", r"(?i:\brecent\s+(?P<unit>days|weeks|months|years|decades))\b"),
    (
        "vague_span",
        r"(?i:\b(?P<dir>coming|future|past)\s+(?P<unit>days|weeks|months|quarters|years|decades))\b",
    ),
    (
        "ref",
        r"(?i:\b(?P<w>now|nowadays|currently|presently|at\s+present|at\s+the\s+moment"
        r"|these\s+days|recently|recent(?=\s+(?:years|months|weeks|decades|days))"
        r"|formerly|someday|the\s+past|the\s+(?:(?:near|distant)\s+)?future(?!\s+of\b)"
        r"|the\s+(?:near|short|long)\s+term(?![\w-])"
        r"|current(?!\s+(?:account|affairs|events)\b)))\b",
    ),
    ("set_weekday", rf"\b(?i:every|each)\s+(?P<wd>{WEEKDAY_RE})\b(?:\s+{_PART})?"),
    (
        "weekday",
        rf"(?:(?P<rel>(?i:last|next|this|this\s+past|coming|the\s+(?:previous|preceding|following)))"
        rf"\s+)?(?P<wd>{WEEKDAY_RE})\b"
        rf"(?:\s+{_PART})?",
    ),
    (
        "holiday",
        r"\b(?:(?P<rel>(?i:last|next|this))\s+)?(?P<hol>Thanksgiving(?:\s+Day)?"
        r"|Christmas(?:\s+(?:Day|Eve))?|New\s+Year['\u2019]s\s+(?:Day|Eve)|Election\s+Day"
        r"|Independence\s+Day|Easter(?:\s+Sunday)?|Boxing\s+Day)\b",
    ),
    (
        "clock",
        r"(?i:\b(?P<h>[01]?\d)(?::(?P<min>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)"
        r"|(?<!high\s)\b(?P<noon>noon|midnight|midday)\b"
        r"|(?:(?<=\bin\s)the\s+|\bmid-?\s?)(?P<dpart>morning|afternoon|evening)\b)",
    ),
)

_COMPILED = tuple((kind, re.compile(pattern)) for kind, pattern in _RULES)

_TEMPORAL_WORDS = frozenset(
    {
        *("in", "since", "by", "until", "till", "during", "of", "last", "next", "this"),
        *("early", "mid", "late", "from", "to", "through", "before", "after", "between"),
        *("and", "or", "on", "around", "throughout", "past"),
    }
)
_NOT_YEAR_NEXT = re.compile(
    r"\s+(?:percent|per\b|people|troops|soldiers|men|women|children|dollars|euros|tons|"
    r"tonnes|miles|km|kilometers|kilometres|meters|metres|feet|units|votes|members|cases)",
    re.IGNORECASE,
)
_AGE_AFTER = re.compile(r"(?:-|\s+)old\b")
_NAME_AFTER = re.compile(r"[\s-]+[A-Z]")
_RANGE_GAP = re.compile(r"\s*(?:-|\u2013|\u2014|to|until|till|through|and)\s*$")
_RANGE_OPEN = re.compile(r"(?i:\b(?P<w>from|between)\s+)$")
_SINCE = re.compile(r"(?i:\bsince\s+)$")
_DATEISH = frozenset(
    {"dmy", "mdy", "md", "dm", "month_year", "month", "year", "iso", "numeric", "dotted", "holiday"}
)


def _word_before(text: str, start: int) -> str:
    match = re.search(r"([A-Za-z]+)[\s-]*$", text[max(0, start - 20) : start])
    return match.group(1).lower() if match else ""


def _keep(text: str, kind: str, match: re.Match[str]) -> bool:
    """Filters that a regular expression alone cannot say."""
    groups = match.groupdict()
    if (
        kind == "month"
        and not groups.get("mod")
        and not groups.get("rel")
        and not groups.get("yrel")
    ):
        name = (groups["m"] or "").rstrip(".").lower()
        if name in {"may", "march", "mar"} and _word_before(text, match.start()) not in (
            _TEMPORAL_WORDS
        ):
            return False
        if len(name) <= 4 and name not in {"may", "june", "july"} and not groups["m"].endswith("."):
            return False
    if kind == "year" and not groups.get("mod"):
        before = _word_before(text, match.start())
        if before not in _TEMPORAL_WORDS and _NOT_YEAR_NEXT.match(text, match.end()):
            return False
    if kind in {"duration", "offset"}:
        if _AGE_AFTER.match(text, match.end()):
            return False
        lead = text[match.start() : match.start("unit")].strip()
        attributive = bool(_WORD_AFTER.match(text, match.end()))
        if not _duration_ok(groups, capital_ok=not lead, attributive=attributive):
            return False
        capitals = any(c.isupper() for c in match.group(0)[1:])  # not a sentence's first
        if capitals and _NAME_AFTER.match(text, match.end()):
            return False
    if kind == "rel_period" and groups["unit"][:1].isupper():  # "This Week With David
        return False  # Brinkley": a title-cased period is a name (TimeML marks none)
    if kind == "the_weekend":  # "over the weekend", not "the weekend edition"
        return _word_before(text, match.start()) in {"over", "during", "at", "of", "for"}
    if kind == "season":
        return _season_ok(text, match)
    if groups.get("d") and not 1 <= int(groups["d"]) <= 31:
        return False
    return not (kind == "weekday" and groups.get("wd", "").isupper())


_WORD_AFTER = re.compile(r"\s+[a-z]")


def _duration_ok(groups: dict[str, str | None], *, capital_ok: bool, attributive: bool) -> bool:
    """Whether a count and a unit are a duration: "three days", "a two-day visit", and
    "a two day rally", "a five year low" (a count before a singular unit that modifies
    the next word, as broadcast transcripts write it)."""
    unit = groups["unit"] or ""
    if unit[:1].isupper() and not capital_ok:
        return False
    plural = bool(groups.get("pl"))
    raw = groups.get("n")
    number = parse_number(raw) if raw else None
    hyphen = "-" in (groups.get("sep") or "")
    if unit.lower() in {"second", "quarter"} and not plural and not hyphen:
        return number is not None and (raw or "").isdigit()
    if groups.get("vague"):
        return plural
    counted = number is not None and number > 1 and attributive
    return plural or hyphen or counted or number == 1 or not groups.get("n")


def _season_ok(text: str, match: re.Match[str]) -> bool:
    groups = match.groupdict()
    if groups.get("y") or groups.get("yw") or groups.get("mod"):
        return True
    rel = (groups.get("rel") or "").lower()
    if not rel:
        return False
    if rel == "the":
        season = (groups.get("s") or "").lower()
        before = _word_before(text, match.start())
        return season != "fall" and before in {"in", "during", "by", "over", "through", "into"}
    return True


def _all_matches(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    for kind, pattern in _COMPILED:
        for match in pattern.finditer(text):
            if match.end() > match.start() and _keep(text, kind, match):
                groups = {k: v for k, v in match.groupdict().items() if v is not None}
                start = _extent_start(text, kind, match)
                found.append(Candidate(start, match.end(), kind, groups))
    return found


# Words that TimeML keeps inside an expression: "almost four years ago", "at least 30
# days", "around 7:15 p.m.", "fiscal 1989".
_QUANTIFIER = re.compile(
    r"(?i:\b(?:almost|nearly|around|roughly|approximately|some|under"
    r"|(?:more|less|fewer)\s+than|at\s+(?:least|most)|up\s+to|no\s+(?:more|less)\s+than"
    r"|just\s+(?:over|under))\s+)$"
)
_FISCAL = re.compile(r"(?i:\bfiscal\s+)$")
# "For the nine months", "in the latest six months": a definite period keeps its article.
_DEFINITE = re.compile(r"(?i:\bthe\s+(?:(?:latest|first|same|entire|whole)\s+)?)$")
# "The third-quarter loss": the article belongs to the noun the adjective modifies.
_ADJECTIVE_QUARTER = re.compile(r"(?i:(the\s+)(?:fiscal[\s-]+)?\S+-quarter)")


def _counted_period(match: re.Match[str]) -> bool:
    """ "Nine months", "two days": a count and a plural unit, not "a two-year plan"."""
    return bool(match.group("pl")) and "-" not in (match.group("sep") or "")


_QUANTIFIED = frozenset({"duration", "ago", "offset", "clock"})


def _extent_start(text: str, kind: str, match: re.Match[str]) -> int:
    """Where the expression starts by TimeML's extent rules: quantifiers, "fiscal" and the
    article of a definite period ("the nine months") belong to it; "about", "only",
    "over" and the article of an adjective ("the third-quarter loss") do not (see
    ``_trim_edge`` for "earlier this week")."""
    start = match.start()
    window = text[max(0, start - 30) : start]
    if kind in _QUANTIFIED and match.group(0)[:1].isalnum():
        found = _QUANTIFIER.search(window)
        if found is None and kind == "duration" and _counted_period(match):
            found = _DEFINITE.search(window)
        return start - len(found.group(0)) if found else start
    adjective = _ADJECTIVE_QUARTER.match(match.group(0)) if kind == "quarter" else None
    if adjective is not None:
        return start + len(adjective.group(1))
    if kind == "year":
        found = _FISCAL.search(window)
        return start - len(found.group(0)) if found else start
    return start


def _strip(text: str, cand: Candidate) -> Candidate:
    """Drop leading spaces a rule may have swallowed ("ago" with no number)."""
    start = cand.start
    while start < cand.end and text[start].isspace():
        start += 1
    return Candidate(start, cand.end, cand.kind, cand.groups, cand.parts)


def _resolve_overlaps(found: list[Candidate]) -> list[Candidate]:
    chosen: list[Candidate] = []
    order = {kind: i for i, (kind, _) in enumerate(_RULES)}
    for cand in sorted(found, key=lambda c: (c.start - c.end, order[c.kind], c.start)):
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _join_ranges(text: str, cands: list[Candidate]) -> list[Candidate]:
    joined: list[Candidate] = []
    for cand in cands:
        prev = joined[-1] if joined else None
        if prev is not None and _joinable(text, prev, cand):
            opener = _RANGE_OPEN.search(text, 0, prev.start)
            start = opener.start() if opener else prev.start
            joined[-1] = Candidate(start, cand.end, "range", {}, (prev, cand))
            continue
        joined.append(cand)
    return joined


def _joinable(text: str, first: Candidate, second: Candidate) -> bool:
    if first.kind not in _DATEISH or second.kind not in _DATEISH:
        return False
    gap = text[first.end : second.start]
    if not _RANGE_GAP.fullmatch(gap):
        return False
    opener = _RANGE_OPEN.search(text, 0, first.start)
    word = opener.group("w").lower() if opener else ""
    if gap.strip() == "and":
        return word == "between"
    if gap.strip() in {"-", "\u2013", "\u2014"}:
        return True
    return word in {"from", "between"} or first.kind == second.kind


def _mark_since(text: str, cands: list[Candidate]) -> list[Candidate]:
    marked: list[Candidate] = []
    for cand in cands:
        since = _SINCE.search(text, 0, cand.start)
        if since and (cand.kind in _DATEISH or cand.kind in {"season", "quarter", "decade"}):
            cand = Candidate(since.start(), cand.end, "since", {}, (cand,))
        marked.append(cand)
    return marked


_CLOCK_DAY_GAP = re.compile(r",?\s*(?:[A-Z][DS]T\b|GMT\b|UTC\b)?,?\s*(?:on\s+)?")
_DAYS = frozenset({"weekday", "md", "dm", "dmy", "mdy", "iso", "numeric", "deictic"})


def _join_clock_days(text: str, cands: list[Candidate]) -> list[Candidate]:
    """A clock time followed by its day ("9 a.m. EST Tuesday") becomes one expression."""
    joined: list[Candidate] = []
    for cand in cands:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and prev.kind == "clock"
            and cand.kind in _DAYS
            and _CLOCK_DAY_GAP.fullmatch(text, prev.end, cand.start)
        ):
            joined[-1] = Candidate(prev.start, cand.end, "clock_day", {}, (prev, cand))
            continue
        joined.append(cand)
    return joined


_WEEK_OF = re.compile(r"(?i:\bthe\s+week\s+of\s+)$")
_DAY_DATES = frozenset({"md", "dm", "dmy", "mdy", "iso", "numeric"})


def _week_of(text: str, cand: Candidate) -> Candidate:
    """ "The week of March 6": the week that holds the date, one expression."""
    if cand.kind not in _DAY_DATES:
        return cand
    lead = _WEEK_OF.search(text, max(0, cand.start - 20), cand.start)
    if lead is None:
        return cand
    return Candidate(lead.start(), cand.end, "week_of", {}, (cand,))


_MODAL_BEFORE = re.compile(r"(?i:\b(?:will|would|could|may|might|can|shall)\s+)$")


def _one_day(text: str, cand: Candidate) -> Candidate:
    """ "Islam will one day be ...": after a modal, "one day" is a vague future (TimeML's
    FUTURE_REF), not a day's length."""
    if cand.kind != "duration" or text[cand.start : cand.end].lower() != "one day":
        return cand
    if not _MODAL_BEFORE.search(text, max(0, cand.start - 10), cand.start):
        return cand
    return Candidate(cand.start, cand.end, "ref", {"w": "one day"})


_EVENT_AFTER = re.compile(r"\s+[\w\"'\u201c\u2018]")
_OFFSET_WORD = re.compile(r"\s*\b(?:after|before)$", re.IGNORECASE)


def _duration_of_offset(text: str, cand: Candidate) -> Candidate:
    """ "A day after protesters stormed parliament": "a day" is a duration between two
    events (TimeML's reading), not a date counted from the last one; "a day after," or
    "two days before." with nothing after stays an offset from the reference."""
    if cand.kind != "offset" or cand.groups.get("dir", "").lower() not in {"after", "before"}:
        return cand
    if not _EVENT_AFTER.match(text, cand.end) or _DATE_AFTER.match(text, cand.end):
        return cand
    word = _OFFSET_WORD.search(text, cand.start, cand.end)
    if word is None:
        return cand
    groups = {k: v for k, v in cand.groups.items() if k != "dir"}
    return Candidate(cand.start, word.start(), "duration", groups)


_DATE_AFTER = re.compile(
    rf"\s+(?:the\s+)?(?:{MONTH_RE}|{WEEKDAY_RE}|\d{{1,4}}\b|(?i:yesterday|today|tomorrow))"
)


_EDGE_DET = re.compile(r"(?i:\b(?:this|next|last)\b)")


def _trim_edge(cand: Candidate, text: str) -> Candidate:
    """ "Earlier this week": TimeML's expression is "this week"; the candidate keeps
    "earlier" in its groups, so the range is still narrowed to the days before the anchor."""
    if cand.kind != "edge":
        return cand
    det = _EDGE_DET.search(text, cand.start, cand.end)
    if det is None:
        return cand
    return Candidate(det.start(), cand.end, cand.kind, cand.groups, cand.parts)


def recognise(text: str) -> list[Candidate]:
    """Temporal expression candidates in ``text``, sorted by start, not overlapping."""
    found = [_duration_of_offset(text, _strip(text, c)) for c in _all_matches(text)]
    chosen = [_trim_edge(c, text) for c in _resolve_overlaps(found)]
    ranged = _join_ranges(text, [_one_day(text, _week_of(text, c)) for c in chosen])
    return _mark_since(text, _join_clock_days(text, ranged))
