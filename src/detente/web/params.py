"""Query parameters shared by the pages and the API, validated before any SQL runs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal

from fastapi import Depends, Path, Query
from fastapi.exceptions import RequestValidationError
from pydantic import BeforeValidator

from detente.analysis.alerts import MIN_BASELINE, MIN_CURRENT
from detente.analysis.finder import find_actors
from detente.formats import RECORD_FORMATS
from detente.web.queries import MAX_LIMIT, EventQuery

CODE = r"^[A-Za-z]{2,6}$"
DYAD = r"^[A-Za-z]{2,6}-[A-Za-z]{2,6}$"
EVENT_TYPE = r"^([A-Za-z]{4,10}|[0-9]{2,4})$"
ID = r"^[A-Za-z0-9_.:-]{1,100}$"
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
FactualityName = Literal["asserted", "reported", "hypothetical", "negated", "future"]
Period = Literal["week", "month", "quarter", "year"]
Counted = Literal["stories", "mentions"]
# A calendar day (leap years included), so that every cursor the schema allows is valid.
DAY = (
    r"[1-9][0-9]{3}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    r"|(?:[1-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)-02-29"
)
CURSOR = rf"^(?:{DAY})?~[A-Za-z0-9_.:-]{{1,100}}$"

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (1-500).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
Text = Annotated[
    str | None, Query(max_length=200, description="Words that must occur in the text.")
]
DyadPath = Annotated[
    str, Path(pattern=DYAD, description="Two country codes, e.g. AZE-ISR (either order).")
]
CodePath = Annotated[str, Path(pattern=CODE, description="A country code (ISR) or body (NATO).")]
IdPath = Annotated[str, Path(pattern=ID, description="An id as listed by the API.")]
# Document ids come from the inputs (a JSONL ``id``, an imported row), so any text up
# to this length is one; routes take it as ``{doc_id:path}`` (it may hold a slash).
MAX_DOC_ID = 1000
DocIdPath = Annotated[
    str, Path(min_length=1, max_length=MAX_DOC_ID, description="A document id as listed.")
]
PeriodQuery = Annotated[Period, Query(description="Series bucket: week, month, quarter or year.")]
# The formats the registry writes event records in, as an enum so the schema lists them.
RecordFormat = StrEnum(  # type: ignore[misc]  # members from the registry, not literals
    "RecordFormat", {name: name for name in RECORD_FORMATS}
)
RecordFormatQuery = Annotated[RecordFormat, Query(alias="format", description="File format.")]


def _iso_date(value: object) -> object:
    """Only YYYY-MM-DD: pydantic alone would read ``0`` as 1970-01-01 (a Unix time)."""
    if isinstance(value, str | int | float) and not ISO_DATE.fullmatch(str(value)):
        raise ValueError("Input should be a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


def parse_dyad(value: str) -> tuple[str, str]:
    """``aze-isr`` -> ``("AZE", "ISR")`` (the pattern was checked already)."""
    a, b = value.upper().split("-")
    return a, b


def event_query(
    pair: Annotated[
        str | None,
        Query(alias="dyad", pattern=DYAD, description="Two country codes, e.g. AZE-IRN."),
    ] = None,
    actor: Annotated[
        str | None,
        Query(
            max_length=100,
            description="Country or actor code on either side, or a name the knowledge "
            "base knows (Azerbaijan, Azerbaijani, Baku, EU).",
        ),
    ] = None,
    event_type: Annotated[
        str | None,
        Query(alias="type", pattern=EVENT_TYPE, description="PLOVER type or CAMEO prefix."),
    ] = None,
    quad_class: Annotated[
        int | None, Query(ge=1, le=4, description="1-4: verbal/material cooperation/conflict.")
    ] = None,
    factuality: Annotated[
        list[FactualityName] | None, Query(description="Keep only these factualities.")
    ] = None,
    since: Annotated[IsoDate | None, Query(description="On or after (YYYY-MM-DD).")] = None,
    until: Annotated[IsoDate | None, Query(description="On or before (YYYY-MM-DD).")] = None,
    q: Text = None,
    count: Annotated[
        Counted,
        Query(description="What totals and series count: stories (default) or mentions."),
    ] = "stories",
    after: Annotated[
        str | None,
        Query(pattern=CURSOR, description="Cursor: the `next` of the previous page."),
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> EventQuery:
    """The event filters every list of events accepts."""
    return EventQuery(
        dyad=parse_dyad(pair) if pair else None,
        actor=_actor_code(actor) if actor else None,
        event_type=event_type.upper() if event_type else None,
        quad_class=quad_class,
        factuality=tuple(factuality or ()),
        since=since,
        until=until,
        text=q or None,
        counted=count,
        after=_checked_cursor(after),
        limit=limit,
        offset=offset,
    )


def _actor_code(text: str) -> str:
    """A code as given, or the code of the best match of a name (a name that matches
    nothing is kept as it is, and so matches no event)."""
    if re.fullmatch(CODE[1:-1], text):
        return text.upper()
    found = find_actors(text, limit=1)
    return found[0].code if found else text


def _checked_cursor(cursor: str | None) -> str | None:
    """A cursor whose date is a real day (``2023-02-30~x`` is a 422, not a 500)."""
    if cursor and not cursor.startswith("~"):
        try:
            dt.date.fromisoformat(cursor.partition("~")[0])
        except ValueError:
            raise RequestValidationError(
                [{"loc": ("query", "after"), "msg": "Cursor date is not a day", "type": "value"}]
            ) from None
    return cursor


Events = Annotated[EventQuery, Depends(event_query)]


@dataclass(frozen=True, slots=True, kw_only=True)
class AlertOptions:
    """What an alert needs: the baseline's length and the least support (the library's
    defaults, :mod:`detente.analysis.alerts`)."""

    baseline: int
    min_current: int
    min_baseline: int
    min_history: int
    include_limited: bool
    domestic: str | None = None

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of :func:`detente.web.screens.alert_list`."""
        return {
            "baseline": self.baseline,
            "min_current": self.min_current,
            "min_baseline": self.min_baseline,
            "min_history": self.min_history,
            "include_limited": self.include_limited,
            "domestic": self.domestic,
        }


def alert_options(
    baseline: Annotated[int, Query(ge=1, le=120, description="Periods in the baseline.")] = 6,
    min_current: Annotated[
        int, Query(ge=1, le=1_000_000, description="Events a change needs in the latest period.")
    ] = MIN_CURRENT,
    min_baseline: Annotated[
        int, Query(ge=1, le=1_000_000, description="Events a change needs in the baseline.")
    ] = MIN_BASELINE,
    min_history: Annotated[
        int, Query(ge=1, le=1000, description="Periods of history a dyad needs.")
    ] = 3,
    all_levels: Annotated[bool, Query(alias="all", description="Also limited changes.")] = False,
    domestic: Annotated[
        str | None,
        Query(
            pattern=CODE,
            description="A country whose domestic relations (its sector pairs) to watch "
            "instead of dyads, e.g. GEO.",
        ),
    ] = None,
) -> AlertOptions:
    """The alert options every alert list accepts."""
    return AlertOptions(
        baseline=baseline,
        min_current=min_current,
        min_baseline=min_baseline,
        min_history=min_history,
        include_limited=all_levels,
        domestic=domestic.upper() if domestic else None,
    )


Alerting = Annotated[AlertOptions, Depends(alert_options)]
