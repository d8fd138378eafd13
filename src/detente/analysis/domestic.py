"""Domestic relations: a country's events between its own sectors.

An event is domestic when its source and target are the same country (police
``GEO COP`` against protesters ``GEO CVL``). The default view of every analysis is
interstate and leaves them out; this module is the explicit view of them. A
domestic relation is a *sector pair* of one country, each side a party
(``GEO:COP``), so the counting is the one of interstate dyads
(:func:`detente.analysis.dyads.top_dyads`, :func:`detente.analysis.series.filtered_series`)
with ``relations="domestic"``. Sector pairs are shown state side first
(GOV, MIL, COP, JUD, LEG, SPY), then society (CVL, OPP, REB, PTY, JRN, BUS, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from detente.analysis.dyads import DyadSummary, top_dyads
from detente.analysis.filter import AnalysisError, AnalysisFilter, Sql, is_domestic_pair
from detente.analysis.series import Period, PeriodRow, empty_row, filtered_series
from detente.config import MAX_SERIES_PERIODS
from detente.models import sector_side
from detente.store import Store

__all__ = [
    "DomesticRelation",
    "DomesticSeries",
    "domestic_filter",
    "domestic_relations",
    "domestic_series",
    "is_domestic_pair",
    "sector_side",
]


def domestic_filter(flt: AnalysisFilter | None = None) -> AnalysisFilter:
    """``flt`` (or the default filter) counting domestic relations instead of interstate."""
    return replace(flt or AnalysisFilter(), relations="domestic")


def _party(code: str) -> tuple[str, str]:
    country, _, sector = code.partition(":")
    return country, sector


@dataclass(frozen=True, slots=True, kw_only=True)
class DomesticRelation:
    """One sector pair of one country, state side first, and its totals."""

    country: str
    sectors: tuple[str, str]
    summary: DyadSummary

    @property
    def label(self) -> str:
        """``COP-CVL`` (a side named only by its country, the state, shows as ``state``)."""
        return "-".join(s or "state" for s in self.sectors)

    @property
    def dyad(self) -> str:
        """The pair as a dyad of parties: ``GEO:COP-GEO:CVL``, which every dyad view takes."""
        return "-".join(f"{self.country}:{s}" if s else self.country for s in self.sectors)


def _relation(summary: DyadSummary) -> DomesticRelation:
    (country, first), (_, second) = _party(summary.dyad[0]), _party(summary.dyad[1])
    order = {"state": 0, "society": 1}
    sectors = sorted((first, second), key=lambda s: (order[sector_side(s)], s))
    return DomesticRelation(country=country, sectors=(sectors[0], sectors[1]), summary=summary)


def _country_clause(country: str) -> Sql:
    return Sql("(e.source_country = ? AND e.target_country = ?)", (country, country))


def domestic_relations(
    store: Store,
    *,
    country: str | None = None,
    flt: AnalysisFilter | None = None,
    limit: int | None = 50,
    min_count: int = 1,
    extra: tuple[Sql, ...] = (),
) -> list[DomesticRelation]:
    """Domestic relations (country and sector pair), busiest first; one country's only
    when ``country`` is given. ``extra`` restricts the events further (a quad class)."""
    if country:
        extra = (*extra, _country_clause(_code(country)))
    rows = top_dyads(store, flt=domestic_filter(flt), limit=limit, min_count=min_count, extra=extra)
    return [_relation(r) for r in rows]


@dataclass(frozen=True, slots=True, kw_only=True)
class DomesticSeries:
    """A country's domestic events per period, in all and by sector pair."""

    country: str
    by: Period
    counted: str
    description: str
    rows: tuple[PeriodRow, ...]
    relations: tuple[DomesticRelation, ...]
    by_pair: dict[str, tuple[PeriodRow, ...]]

    @property
    def name(self) -> str:
        """``GEO-GEO``: the dyad that names a country's domestic relations."""
        return f"{self.country}-{self.country}"


def domestic_series(
    store: Store,
    country: str,
    *,
    by: Period = "month",
    flt: AnalysisFilter | None = None,
    pairs: int = 8,
    extra: tuple[Sql, ...] = (),
    max_periods: int = MAX_SERIES_PERIODS,
) -> DomesticSeries:
    """The series of ``country``'s domestic events, and one per sector pair (the
    ``pairs`` busiest, over the same periods), counted as ``flt`` says."""
    code = _code(country)
    flt = domestic_filter(flt)
    rows = filtered_series(
        store, by=by, flt=flt, extra=(*extra, _country_clause(code)), max_periods=max_periods
    )
    relations = domestic_relations(store, country=code, flt=flt, limit=None, extra=extra)
    by_pair: dict[str, tuple[PeriodRow, ...]] = {}
    for relation in relations[:pairs] if rows else ():
        pair = (relation.summary.dyad[0], relation.summary.dyad[1])
        found = {
            r.period: r for r in filtered_series(store, by=by, flt=flt, pair=pair, extra=extra)
        }
        by_pair[relation.label] = tuple(
            found.get(r.period) or empty_row(r.period, by) for r in rows
        )
    return DomesticSeries(
        country=code,
        by=by,
        counted=flt.counted,
        description=flt.describe(),
        rows=rows,
        relations=tuple(relations),
        by_pair=by_pair,
    )


def _code(country: str | None) -> str:
    code = (country or "").strip().upper()
    if not code.isalpha() or not 2 <= len(code) <= 6:
        raise AnalysisError(f"{country!r} is not a country code; use one like GEO")
    return code
