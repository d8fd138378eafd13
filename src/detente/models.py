"""Typed records passed between the pipeline stages.

Each stage is a plain function over these records, so the same batch code runs in
one process, in a process pool and on a Ray cluster. ``Event`` is flat on purpose:
its fields are the columns of the JSONL output, the Parquet files and the DuckDB
``events`` table (see ``EVENT_FIELDS``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Granularity = Literal["day", "week", "month", "quarter", "season", "year", "range", "unknown"]
DateBasis = Literal["explicit", "relative", "coreference", "publication", "unknown"]
TimeBasis = Literal["explicit", "anchor", "reference"]
Factuality = Literal["asserted", "reported", "hypothetical", "negated", "future"]
DocStatus = Literal["coded", "duplicate", "skipped", "failed"]

# The sectors that act for a state; every other sector is society's side (civilians,
# opposition, parties, rebels, media, business...). A domestic event pairs two sectors
# of one country.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "LEG", "JUD", "DIP"})


def sector_side(sector: str | None) -> str:
    """``state`` for the state's sectors and for none (a country named alone, "Russia
    arrested ...", is its state), ``society`` for any other."""
    if not sector:
        return "state"
    return "state" if sector.upper() in STATE_SECTORS else "society"


def party_code(country: str | None, sector: str | None, actor: str | None) -> str | None:
    """The party an actor stands for: a state's sectors act as that state (its country
    code), society's sectors are parties of their own (``GEOCVL``), a body with no
    country is its own actor (``NATO``)."""
    if country is None:
        return actor
    if sector_side(sector) == "state":
        return country
    return f"{country}{sector}"


PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One article: clean body text plus metadata. Offsets point into ``text``."""

    doc_id: str
    text: str
    title: str | None = None
    author: str | None = None
    date: dt.date | None = None
    section: str | None = None
    sitename: str | None = None
    url: str | None = None
    language: str | None = None
    source: str | None = None
    raw_hash: str | None = None
    status: DocStatus = "coded"


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """An actor the knowledge base knows: a country, a body, a person or an organisation."""

    code: str
    name: str
    country: str | None = None
    sector: str | None = None
    kind: Literal["country", "igo", "person", "organisation", "group"] = "country"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A stretch of text that refers to an actor, resolved to its codes.

    ``actor`` is the CAMEO-style code, country + sector (``ISRGOV``), or the
    country alone when no sector is known (``ISR``).
    """

    text: str
    start: int
    end: int
    actor: str
    country: str | None
    sector: str | None
    name: str
    kind: str = "country"
    rule: str = ""
    role: str | None = None  # the role noun or title that coded it ("defense minister")

    @property
    def role_only(self) -> bool:
        """A bare sector with no country ("officials" GOV, "troops" MIL, "police" COP)."""
        return self.country is None and bool(self.sector) and self.actor == self.sector


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeExpr:
    """A temporal expression, TIMEX3-style, normalised against an anchor date."""

    text: str
    start: int
    end: int
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str
    date_start: dt.date | None
    date_end: dt.date | None
    granularity: Granularity
    # "explicit": the text alone gives the value ("October 2022"); "anchor": counted
    # from the publication date ("in April", "last week"); "reference": counted from
    # an earlier date in the text ("later that year", "two days later").
    basis: TimeBasis = "explicit"
    # Why there is no date range (None when there is one): "31 February 2023 is not a
    # date", "no anchor date", "a duration, not a point in time", ...
    reason: str | None = None
    # What a relative value was counted from: "'15 March' (2021-03-15)" for basis
    # "reference", "anchor 2021-03-20" for basis "anchor"; None for explicit values.
    anchored_by: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One coded event: who did what to whom, when, where, and how sure the text is."""

    event_id: str
    doc_id: str
    sentence_index: int
    sentence: str
    sentence_start: int
    sentence_end: int
    trigger_text: str
    source_text: str | None
    source_actor: str | None
    source_country: str | None
    source_sector: str | None
    target_text: str | None
    target_actor: str | None
    target_country: str | None
    target_sector: str | None
    event_type: str
    event_mode: str
    cameo_code: str
    cameo_root: str
    quad_class: int
    goldstein: float
    date_start: dt.date | None
    date_end: dt.date | None
    date_granularity: Granularity
    date_basis: DateBasis
    factuality: Factuality
    location_name: str | None = None
    location_country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    confidence: float = 0.5
    rule: str = ""
    coder_version: str = ""

    def to_record(self) -> dict[str, Any]:
        """The flat record, with dates as ISO strings (the JSONL form)."""
        record: dict[str, Any] = {}
        for name in EVENT_FIELDS:
            value = getattr(self, name)
            record[name] = value.isoformat() if isinstance(value, dt.date) else value
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Event:
        """Inverse of :meth:`to_record`; accepts ISO strings or dates for the dates."""
        values: dict[str, Any] = {name: record.get(name) for name in EVENT_FIELDS}
        for name in ("date_start", "date_end"):
            values[name] = _as_date(values[name])
        return cls(**values)


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """An input that could not be turned into events, with the reason."""

    source: str
    stage: str
    reason: str
    doc_id: str | None = None


@dataclass(slots=True, kw_only=True)
class BatchResult:
    """What one batch of inputs produced: the unit of work of every engine."""

    documents: list[Document] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)


EVENT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Event))
DOCUMENT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Document))


def _as_date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
