"""The normaliser's working record and the context it carries through a text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from detente.models import Granularity, TimeBasis
from detente.temporal.dates import DateRange

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]

GRANULARITY_RANK: dict[str, int] = {
    "day": 0,
    "week": 1,
    "month": 2,
    "quarter": 3,
    "season": 3,
    "year": 4,
    "range": 5,
    "unknown": 6,
}

UNIT_GRANULARITY: dict[str, Granularity] = {
    "D": "day",
    "W": "week",
    "M": "month",
    "Q": "quarter",
    "Y": "year",
    "DE": "range",
    "CE": "range",
}


@dataclass(frozen=True, slots=True)
class Resolved:
    """A normalised value before it is tied to a span of text."""

    type: TimexType
    value: str
    span: DateRange | None
    granularity: Granularity
    reason: str | None = None


class Context:
    """What the normaliser knows at a point in the text: the anchor and the last date.

    It also notes what a handler consulted (``used``): the anchor, the last date seen
    (the reference), or neither, which is how a record's ``basis`` is decided.
    """

    __slots__ = ("_anchor", "anchor_problem", "quarter", "quarter_text", "ref", "ref_text", "used")

    def __init__(
        self,
        anchor: dt.date | None,
        ref: Resolved | None = None,
        *,
        anchor_problem: str | None = None,
    ) -> None:
        self._anchor = anchor
        self.ref = ref
        self.ref_text: str | None = None
        # The last quarter named: the period a results report compares "a year ago" with.
        self.quarter: Resolved | None = None
        self.quarter_text: str | None = None
        self.anchor_problem = anchor_problem
        self.used: set[str] = set()

    @property
    def anchor(self) -> dt.date | None:
        """The reference date for deictic expressions (noted as consulted)."""
        self.used.add("anchor")
        return self._anchor

    def anchor_known(self) -> bool:
        """Whether there is an anchor date (without noting it as consulted)."""
        return self._anchor is not None

    def basis(self) -> TimeBasis:
        """What the last resolution rested on: the reference, the anchor or the text."""
        if "reference" in self.used or "quarter" in self.used:
            return "reference"
        return "anchor" if "anchor" in self.used else "explicit"

    def base(self) -> Resolved | None:
        """The last resolved date, else the anchor day, for anaphora such as "that year"."""
        if self.ref is not None:
            self.used.add("reference")
            return self.ref
        anchor = self.anchor
        if anchor is None:
            return None
        return Resolved("DATE", anchor.isoformat(), (anchor, anchor), "day")

    def reported_quarter(self, *, earlier: bool = True) -> Resolved | None:
        """The quarter a results report is about, for comparisons such as "a year ago":
        the last date when it is a quarter, else (with ``earlier``) the last quarter named
        before it ("third-quarter profit grew ... Oil prices were higher than a year
        ago")."""
        if self.ref is not None and self.ref.granularity == "quarter" and self.ref.span:
            self.used.add("reference")
            return self.ref
        if not earlier or self.quarter is None:
            return None
        self.used.add("quarter")
        return self.quarter

    def remember(self, resolved: Resolved, text: str | None = None) -> None:
        """Keep ``resolved`` (written ``text``) as the reference for later anaphora when it
        is a dated point."""
        dated = resolved.type in {"DATE", "TIME"} and resolved.span is not None
        if dated and resolved.granularity not in {"range", "unknown"}:
            self.ref = resolved
            self.ref_text = text
        if dated and resolved.granularity == "quarter":
            self.quarter = resolved
            self.quarter_text = text

    def anchored_by(self) -> str | None:
        """What the last resolution was counted from, as ``TimeExpr.anchored_by`` says."""
        basis = self.basis()
        if "quarter" in self.used and self.quarter is not None:
            return f"{self.quarter_text!r} ({self.quarter.value})"
        if basis == "reference" and self.ref is not None:
            return f"{self.ref_text!r} ({self.ref.value})" if self.ref_text else self.ref.value
        if basis == "anchor" and self._anchor is not None:
            return f"anchor {self._anchor.isoformat()}"
        return None


def unresolved(value: str, timex_type: TimexType = "DATE", reason: str | None = None) -> Resolved:
    """A value with no date range (vague references, durations, missing anchors)."""
    return Resolved(timex_type, value, None, "unknown", reason)


def day_value(day: dt.date) -> Resolved:
    """A single calendar day."""
    return Resolved("DATE", day.isoformat(), (day, day), "day")
