"""Which events an analysis counts: the filter, and the SQL that selects its events.

An :class:`AnalysisFilter` says which coded events count (factuality, date basis, types,
sources, datasets, dates) and how (stories or mentions, interstate or domestic
relations). :func:`where_clause` turns it into SQL over ``events e`` joined to
``documents d``; the clauses below add a dyad, an actor, or a domestic pair of
parties. Who a side of an event is in a dyad (its country, or an international body)
is decided once, by :func:`side_expr`.

Relations: an event whose source country is its target country (police against
protesters of one country) is *domestic*. Analyses count interstate relations by
default and leave domestic events out; ``relations="domestic"`` counts only them,
with each side a *party* (``GEO:COP``, the country and its sector), so that dyads,
series, stories, alerts and the network of domestic relations are the same
computations over sector pairs of one country (:mod:`detente.analysis.domestic`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Literal

import duckdb

from detente.errors import DetenteError
from detente.models import PLOVER_TYPES

Counted = Literal["stories", "mentions"]
COUNTED: tuple[str, ...] = ("stories", "mentions")
Relations = Literal["interstate", "domestic"]
RELATIONS: tuple[str, ...] = ("interstate", "domestic")
DEFAULT_FACTUALITY: tuple[str, ...] = ("asserted", "reported")
FACTUALITIES: tuple[str, ...] = ("asserted", "reported", "hypothetical", "negated", "future")
DATE_BASES: tuple[str, ...] = ("explicit", "relative", "coreference", "publication", "unknown")


class AnalysisError(DetenteError):
    """An analysis was asked for something the store or the options cannot give."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalysisFilter:
    """Which events count. Empty tuples mean "any"; dates are inclusive.

    By default only asserted and reported events count: a negated attack ("was
    thwarted") or a hypothetical purchase is not an event of the relation.
    """

    factuality: tuple[str, ...] = DEFAULT_FACTUALITY
    date_basis: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    counted: Counted = "stories"
    tolerance_days: int = 1
    relations: Relations = "interstate"

    def __post_init__(self) -> None:
        _check_values("factuality", self.factuality, FACTUALITIES)
        _check_values("date basis", self.date_basis, DATE_BASES)
        for kind in self.event_types:
            if not (kind.isdigit() or kind.upper() in PLOVER_TYPES):
                raise AnalysisError(
                    f"event type {kind!r} is neither a PLOVER type nor a CAMEO prefix; "
                    f"use one of {', '.join(PLOVER_TYPES)} or digits like 19"
                )
        if self.counted not in COUNTED:
            raise AnalysisError(f"cannot count {self.counted!r}; use stories or mentions")
        if self.relations not in RELATIONS:
            raise AnalysisError(
                f"unknown relations {self.relations!r}; use one of {', '.join(RELATIONS)}"
            )

    @property
    def domestic(self) -> bool:
        """Whether this filter counts domestic relations (sector pairs of one country)."""
        return self.relations == "domestic"

    def describe(self) -> str:
        """One line saying what is counted, for every output."""
        parts = [self.counted, "factuality " + (",".join(self.factuality) or "any")]
        if self.domestic:
            parts.insert(0, "domestic relations")
        if self.date_basis:
            parts.append("date basis " + ",".join(self.date_basis))
        if self.event_types:
            parts.append("types " + ",".join(self.event_types))
        if self.sources:
            parts.append("sources " + ",".join(self.sources))
        if self.datasets:
            parts.append("datasets " + ",".join(self.datasets))
        return "; ".join(parts)


def _check_values(what: str, values: tuple[str, ...], allowed: tuple[str, ...]) -> None:
    for value in values:
        if value not in allowed:
            raise AnalysisError(f"unknown {what} {value!r}; use one of {', '.join(allowed)}")


@dataclass(frozen=True, slots=True)
class Sql:
    """A SQL fragment with its parameters."""

    text: str
    params: tuple[Any, ...] = ()


def event_extras(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """SQL expressions for an event's dataset and mentions, on any schema version."""
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'"
    ).fetchall()
    names = {str(r[0]) for r in rows}
    dataset = "coalesce(e.dataset, 'detente')" if "dataset" in names else "'detente'"
    mentions = "coalesce(e.mentions, 1)" if "mentions" in names else "1"
    return dataset, mentions


def where_clause(flt: AnalysisFilter, *, dataset_sql: str) -> Sql:
    """The WHERE clause (over ``events e`` joined to ``documents d``) of a filter."""
    clauses: list[str] = [DOMESTIC_SQL if flt.domestic else INTERSTATE_SQL]
    params: list[Any] = []
    if flt.factuality:
        clauses.append(f"e.factuality IN ({_marks(flt.factuality)})")
        params += flt.factuality
    if flt.date_basis:
        clauses.append(f"e.date_basis IN ({_marks(flt.date_basis)})")
        params += flt.date_basis
    if flt.event_types:
        alternatives = []
        for kind in flt.event_types:
            if kind.isdigit():
                alternatives.append("starts_with(e.cameo_code, ?)")
            else:
                alternatives.append("e.event_type = ?")
            params.append(kind.upper())
        clauses.append("(" + " OR ".join(alternatives) + ")")
    if flt.sources:
        clauses.append(
            f"(d.sitename IN ({_marks(flt.sources)}) OR {dataset_sql} IN ({_marks(flt.sources)}))"
        )
        params += flt.sources
        params += flt.sources
    if flt.datasets:
        clauses.append(f"{dataset_sql} IN ({_marks(flt.datasets)})")
        params += flt.datasets
    if flt.since:
        clauses.append("coalesce(e.date_end, e.date_start) >= ?")
        params.append(flt.since)
    if flt.until:
        clauses.append("e.date_start <= ?")
        params.append(flt.until)
    return Sql(" AND ".join(clauses), tuple(params))


# An event is domestic when both sides are the same country; an event without a
# target (or without a source country) is not domestic, and stays in the default view.
DOMESTIC_SQL = "e.source_country = e.target_country"
INTERSTATE_SQL = "NOT coalesce(e.source_country = e.target_country, FALSE)"


def side_expr(country: str, actor: str, sector: str) -> str:
    """SQL for who one side of an event is in a dyad: its country, or for an actor
    without one (an international body: ``EU``, ``NATOGOV``) the actor's code without
    its sector (``EU``, ``NATO``); NULL for a bare sector (``COP``) or no actor."""
    body = (
        f"CASE WHEN nullif({sector}, '') IS NOT NULL AND ends_with({actor}, {sector}) "
        f"THEN nullif(left({actor}, length({actor}) - length({sector})), '') "
        f"ELSE nullif({actor}, '') END"
    )
    return f"coalesce({country}, {body})"


def side_sql(side: str, prefix: str = "e.") -> str:
    """:func:`side_expr` of the ``source`` or ``target`` side of ``events e``."""
    return side_expr(f"{prefix}{side}_country", f"{prefix}{side}_actor", f"{prefix}{side}_sector")


def party_sql(side: str, prefix: str = "e.") -> str:
    """SQL for one side's party: its country, and its sector when known (``GEO:COP``)."""
    sector = f"nullif({prefix}{side}_sector, '')"
    return f"{prefix}{side}_country || coalesce(':' || {sector}, '')"


def is_domestic_pair(pair: tuple[str, str]) -> bool:
    """Whether a dyad names a domestic relation: one country twice (``GEO-GEO``) or two
    parties (``GEO:COP-GEO:CVL``)."""
    a, b = pair[0].upper(), pair[1].upper()
    return a == b or ":" in a or ":" in b


def for_pair(flt: AnalysisFilter, pair: tuple[str, str] | None) -> AnalysisFilter:
    """The filter a dyad asks for: a domestic pair counts domestic relations."""
    if pair is not None and not flt.domestic and is_domestic_pair(pair):
        return replace(flt, relations="domestic")
    return flt


def domestic_clause(pair: tuple[str, str]) -> Sql:
    """Domestic events of one country (``("GEO", "GEO")``) or of one pair of parties
    (``("GEO:COP", "GEO:CVL")``, either order)."""
    a, b = pair[0].upper(), pair[1].upper()
    if ":" not in a and ":" not in b:
        if a != b:
            raise AnalysisError(
                f"{a}-{b} is not a domestic relation; name one country twice, e.g. {a}-{a}"
            )
        return Sql("(e.source_country = ? AND e.target_country = ?)", (a, a))
    source, target = party_sql("source"), party_sql("target")
    return Sql(
        f"(least({source}, {target}) = ? AND greatest({source}, {target}) = ?)",
        (min(a, b), max(a, b)),
    )


def dyad_clause(dyad: tuple[str, str], *, directed: bool) -> Sql:
    """Events between two countries (or bodies, :func:`side_sql`): one direction, or both.

    Written so that the plain country columns decide for most rows; the sides of an
    actor without a country are only computed for rows with such a side.
    """
    a, b = dyad[0].upper(), dyad[1].upper()
    source, target = side_sql("source"), side_sql("target")
    countries = "(e.source_country = ? AND e.target_country = ?)"
    one_unknown = "(e.source_country IS NULL OR e.target_country IS NULL)"
    bodies = f"({one_unknown} AND {source} = ? AND {target} = ?)"
    if directed:
        return Sql(f"({countries} OR {bodies})", (a, b, a, b))
    return Sql(f"({countries} OR {countries} OR {bodies} OR {bodies})", (a, b, b, a, a, b, b, a))


def actor_clause(actor: str) -> Sql:
    """Events with this country or actor code on either side."""
    code = actor.upper()
    return Sql(
        "(? IN (e.source_country, e.target_country, e.source_actor, e.target_actor))",
        (code,),
    )


def _marks(values: tuple[Any, ...]) -> str:
    return ", ".join("?" for _ in values)
