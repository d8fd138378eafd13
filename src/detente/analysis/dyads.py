"""Dyad summaries: how much cooperation and conflict passes between two countries.

:func:`top_dyads` aggregates in DuckDB and counts stories by default (mentions on
request); :func:`summarise_dyads` summarises a list of event records in Python and
counts every record (a mention).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from detente.analysis.filter import AnalysisFilter, Sql, for_pair
from detente.analysis.rollups import total_rows
from detente.analysis.select import EXACT_SUM_SQL, units_sql
from detente.models import Event
from detente.store import Store


@dataclass(frozen=True, slots=True, kw_only=True)
class DyadSummary:
    """Totals for one undirected pair of countries (codes in alphabetical order)."""

    dyad: tuple[str, str]
    events: int
    by_quad: tuple[int, int, int, int]
    goldstein_sum: float
    goldstein_mean: float
    net_cooperation: float
    conflict_share: float
    counted: str = "mentions"


def summarise_dyads(events: Iterable[Event], *, min_events: int = 1) -> list[DyadSummary]:
    """One row per undirected pair of two countries, busiest first (domestic events,
    one country on both sides, are left out as in every default view).

    ``net_cooperation`` is the sum of positive Goldstein values minus the sum of the
    absolute negative ones; ``conflict_share`` is (quad 3 + quad 4) / all.
    """
    groups: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in events:
        a, b = event.source_country, event.target_country
        if a and b and a != b:
            groups[(min(a, b), max(a, b))].append(event)
    rows = [_summary(dyad, group) for dyad, group in groups.items() if len(group) >= min_events]
    return sorted(rows, key=lambda r: (-r.events, r.dyad))


def _summary(dyad: tuple[str, str], events: list[Event]) -> DyadSummary:
    quads = [0, 0, 0, 0]
    for event in events:
        if 1 <= event.quad_class <= 4:
            quads[event.quad_class - 1] += 1
    values = [e.goldstein for e in events]
    total = sum(values)
    positive = sum(v for v in values if v > 0)
    negative = sum(-v for v in values if v < 0)
    return DyadSummary(
        dyad=dyad,
        events=len(events),
        by_quad=(quads[0], quads[1], quads[2], quads[3]),
        goldstein_sum=round(total, 2),
        goldstein_mean=round(total / len(events), 2),
        net_cooperation=round(positive - negative, 2),
        conflict_share=round((quads[2] + quads[3]) / len(events), 3),
    )


def top_dyads(
    store: Store,
    *,
    flt: AnalysisFilter | None = None,
    limit: int | None = 20,
    min_count: int = 1,
    pair: tuple[str, str] | None = None,
    extra: tuple[Sql, ...] = (),
) -> list[DyadSummary]:
    """The busiest undirected country pairs in the store, counted as ``flt`` says.

    ``pair`` keeps one undirected pair (its totals); ``extra`` restricts the events
    further (an actor, a quad class).
    """
    flt = for_pair(flt or AnalysisFilter(), pair)
    rows = None
    if not extra:
        rows = total_rows(store.con, flt, pair=pair, min_count=min_count, limit=limit)
    if rows is None:
        rows = _total_rows(store, flt, pair=pair, extra=extra, min_count=min_count, limit=limit)
    return [
        DyadSummary(
            dyad=(str(r[0]), str(r[1])),
            events=int(r[2]),
            by_quad=(int(r[3]), int(r[4]), int(r[5]), int(r[6])),
            goldstein_sum=round(float(r[7]), 2),
            goldstein_mean=round(float(r[7]) / int(r[2]), 2),
            net_cooperation=round(float(r[7]), 2),  # positive - |negative|
            conflict_share=round((int(r[5]) + int(r[6])) / int(r[2]), 3),
            counted=flt.counted,
        )
        for r in rows
    ]


def _total_rows(
    store: Store,
    flt: AnalysisFilter,
    *,
    pair: tuple[str, str] | None,
    extra: tuple[Sql, ...],
    min_count: int,
    limit: int | None,
) -> list[tuple[Any, ...]]:
    """:func:`detente.analysis.rollups.total_rows`, aggregated from the units."""
    units = units_sql(store.con, flt, pair=pair, extra=extra, detail=False)
    sql = f"""
        SELECT country_a, country_b, sum(weight) AS n,
               sum(CASE WHEN quad_class = 1 THEN weight ELSE 0 END),
               sum(CASE WHEN quad_class = 2 THEN weight ELSE 0 END),
               sum(CASE WHEN quad_class = 3 THEN weight ELSE 0 END),
               sum(CASE WHEN quad_class = 4 THEN weight ELSE 0 END),
               {EXACT_SUM_SQL.format(expr="goldstein * weight")}
        FROM ({units.text})
        WHERE country_a IS NOT NULL AND country_b IS NOT NULL AND country_a <> country_b
        GROUP BY country_a, country_b HAVING sum(weight) >= ?
        ORDER BY n DESC, country_a, country_b
    """
    if limit:
        sql += f" LIMIT {int(limit)}"
    return store.con.execute(sql, [*units.params, min_count]).fetchall()


@dataclass(frozen=True, slots=True, kw_only=True)
class Coverage:
    """What dyad views count of a selection, and what they leave out, in ``counted`` units."""

    counted: str
    in_dyads: int
    one_sided: int
    domestic: int

    def note(self) -> str:
        """The left-out counts in words ("" when nothing is left out)."""
        parts = []
        if self.one_sided:
            parts.append(
                f"{self.one_sided} {self.counted} without a target (or with a side that names "
                "no country or body) are in no dyad"
            )
        if self.domestic:
            parts.append(
                f"{self.domestic} domestic {self.counted} (one country on both sides) are "
                "on the countries' domestic pages"
            )
        return "; ".join(parts) + ("." if parts else "")


def coverage(
    store: Store, *, flt: AnalysisFilter | None = None, extra: tuple[Sql, ...] = ()
) -> Coverage:
    """How many units of the selection are in dyads, have one side only (no target, or a
    bare sector without a country), or are domestic: the counts behind "n events without
    a target are not in this chart"."""
    flt = replace(flt or AnalysisFilter(), relations="interstate")
    units = units_sql(store.con, flt, extra=extra, detail=False)
    paired = "coalesce(country_a <> country_b, FALSE)"
    row = store.con.execute(
        f"""SELECT coalesce(sum(weight) FILTER ({paired}), 0),
                   coalesce(sum(weight) FILTER (NOT {paired}), 0)
            FROM ({units.text})""",
        list(units.params),
    ).fetchone()
    home = units_sql(store.con, replace(flt, relations="domestic"), extra=extra, detail=False)
    domestic = store.con.execute(
        f"SELECT coalesce(sum(weight), 0) FROM ({home.text})", list(home.params)
    ).fetchone()
    return Coverage(
        counted=flt.counted,
        in_dyads=int(row[0]) if row else 0,
        one_sided=int(row[1]) if row else 0,
        domestic=int(domestic[0]) if domestic else 0,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DyadChange:
    """How a dyad's Goldstein sum moved between two windows of equal length."""

    dyad: tuple[str, str]
    recent: float
    before: float
    recent_count: int
    window_end: dt.date
    counted: str = "stories"

    @property
    def delta(self) -> float:
        """Recent minus before (negative: relations worsened)."""
        return round(self.recent - self.before, 2)


def dyad_changes(
    store: Store,
    *,
    flt: AnalysisFilter | None = None,
    window_days: int = 90,
    limit: int | None = 10,
) -> list[DyadChange]:
    """Dyads whose Goldstein sum moved most between the last window and the one before.

    The windows end at the latest dated unit in the selection, so an archive of old
    articles still shows its own latest movements; biggest moves first.
    """
    flt = flt or AnalysisFilter()
    units = units_sql(store.con, flt, detail=False)
    recent = "date_start > w.last_day - CAST(? AS INTEGER)"
    recent_sum = EXACT_SUM_SQL.format(expr=f"CASE WHEN {recent} THEN goldstein * weight END")
    before_sum = EXACT_SUM_SQL.format(expr=f"CASE WHEN NOT {recent} THEN goldstein * weight END")
    sql = f"""
        WITH u AS ({units.text}),
        w AS (SELECT max(date_start) AS last_day FROM u)
        SELECT country_a, country_b, w.last_day, coalesce({recent_sum}, 0),
               coalesce({before_sum}, 0), coalesce(sum(weight) FILTER ({recent}), 0)
        FROM u, w
        WHERE country_a IS NOT NULL AND country_b IS NOT NULL AND country_a <> country_b
          AND date_start > w.last_day - 2 * CAST(? AS INTEGER)
        GROUP BY ALL
    """
    days = int(window_days)
    rows = store.con.execute(sql, [*units.params, days, days, days, days]).fetchall()
    changes = [
        DyadChange(
            dyad=(str(r[0]), str(r[1])),
            recent=round(float(r[3]), 2),
            before=round(float(r[4]), 2),
            recent_count=int(r[5]),
            window_end=r[2],
            counted=flt.counted,
        )
        for r in rows
    ]
    ordered = sorted((c for c in changes if c.delta), key=lambda c: (-abs(c.delta), c.dyad))
    return ordered[:limit] if limit else ordered
