"""Dyad series: cooperation and conflict between two countries, period by period.

Aggregation runs in DuckDB; periods without events are filled with zeros so that
a chart's x axis is true time. Every series says what it counts (stories or
mentions) and under which filter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from detente.analysis.filter import AnalysisError, AnalysisFilter, Sql, dyad_clause, for_pair
from detente.analysis.rollups import Cell, pair_periods, period_cells
from detente.analysis.select import EXACT_SUM_SQL, units_sql
from detente.config import MAX_SERIES_PERIODS
from detente.models import PLOVER_TYPES
from detente.store import Store

Period = Literal["week", "month", "quarter", "year"]
PERIODS: tuple[str, ...] = ("week", "month", "quarter", "year")


@dataclass(frozen=True, slots=True, kw_only=True)
class PeriodRow:
    """One period of a series. ``period`` is the first day of the period."""

    period: dt.date
    label: str
    count: int
    by_quad: tuple[int, int, int, int]
    by_type: dict[str, int]
    goldstein_sum: float
    goldstein_mean: float
    net_cooperation: float
    conflict_share: float
    documents: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class DyadSeries:
    """A dyad's series and what it counts."""

    dyad: tuple[str, str]
    directed: bool
    by: Period
    counted: str
    description: str
    rows: tuple[PeriodRow, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        """``AZE-IRN`` (undirected) or ``AZE->IRN`` (directed)."""
        return ("->" if self.directed else "-").join(self.dyad)

    def records(self) -> list[dict[str, Any]]:
        """Flat records (one per period), the form tables and frames are built from."""
        out = []
        for r in self.rows:
            record: dict[str, Any] = {
                "dyad": self.name,
                "period": r.period,
                "label": r.label,
                "counted": self.counted,
                "count": r.count,
                "verbal_coop": r.by_quad[0],
                "material_coop": r.by_quad[1],
                "verbal_conflict": r.by_quad[2],
                "material_conflict": r.by_quad[3],
                "goldstein_sum": r.goldstein_sum,
                "goldstein_mean": r.goldstein_mean,
                "net_cooperation": r.net_cooperation,
                "conflict_share": r.conflict_share,
            }
            record.update({t: r.by_type.get(t, 0) for t in PLOVER_TYPES})
            out.append(record)
        return out


def dyad_series(
    store: Store,
    dyad: tuple[str, str],
    *,
    by: Period = "month",
    directed: bool = False,
    flt: AnalysisFilter | None = None,
    extra: tuple[Sql, ...] = (),
) -> DyadSeries:
    """The dyad's counts and Goldstein measures per period, gaps filled with zeros.

    ``extra`` restricts the events further (e.g. to a quad class); without it, fresh
    materialised stories answer an undirected dyad's series.
    """
    flt = for_pair(flt or AnalysisFilter(), dyad)
    if directed and flt.domestic:
        raise AnalysisError(
            f"{dyad[0]}-{dyad[1]} is a domestic relation; its series has no direction"
        )
    if directed:
        extra = (*extra, dyad_clause(dyad, directed=True))
        rows = filtered_series(store, by=by, flt=flt, extra=extra)
    else:
        rows = filtered_series(store, by=by, flt=flt, extra=extra, pair=dyad)
    return DyadSeries(
        dyad=(dyad[0].upper(), dyad[1].upper()),
        directed=directed,
        by=by,
        counted=flt.counted,
        description=flt.describe(),
        rows=rows,
    )


def filtered_series(
    store: Store,
    *,
    by: Period = "month",
    flt: AnalysisFilter | None = None,
    extra: tuple[Sql, ...] = (),
    pair: tuple[str, str] | None = None,
    max_periods: int = MAX_SERIES_PERIODS,
) -> tuple[PeriodRow, ...]:
    """The period rows of any selection of events (an actor's, a dyad's, all of them).

    A series longer than ``max_periods`` (from ``since``, or the first event, to
    ``until``, or the last) is refused with an :class:`AnalysisError` that says how
    to narrow it, before anything is aggregated.
    """
    flt = flt or AnalysisFilter()
    if by not in PERIODS:
        raise AnalysisError(f"unknown period {by!r}; use one of {', '.join(PERIODS)}")
    if flt.since and flt.until:
        check_length(flt.since, flt.until, by=by, limit=max_periods)
    cells = None
    if pair is not None and not extra:
        cells = period_cells(store.con, for_pair(flt, pair), pair=pair, by=by)
    if cells is None:
        cells = _cells(store, units_sql(store.con, flt, extra=extra, pair=pair, detail=False), by)
    rows = _group(cells, by)
    start = flt.since or (min(rows) if rows else None)
    end = flt.until or (max(rows) if rows else None)
    periods = period_starts(start, end, by=by, limit=max_periods) if start and end else []
    return tuple(rows.get(p) or empty_row(p, by) for p in periods)


def dyad_activity(
    store: Store,
    *,
    by: Period = "month",
    periods: int = 24,
    flt: AnalysisFilter | None = None,
) -> tuple[tuple[dt.date, ...], dict[tuple[str, str], tuple[int, ...]]]:
    """Every dyad's counts over the last ``periods`` periods up to the latest event (for
    sparklines): the period starts, and per dyad one count per period (0: none)."""
    flt = flt or AnalysisFilter()
    stored = pair_periods(store.con, flt, by=by)
    if stored is not None:
        rows = [r[:4] for r in stored]
    else:
        units = units_sql(store.con, flt, detail=False)
        rows = store.con.execute(
            f"""SELECT country_a, country_b, CAST(date_trunc('{by}', date_start) AS DATE),
                       sum(weight)
                FROM ({units.text})
                WHERE coalesce(country_a <> country_b, FALSE) AND date_start IS NOT NULL
                GROUP BY ALL""",
            list(units.params),
        ).fetchall()
    if not rows:
        return (), {}
    last = max(r[2] for r in rows)
    starts = [last]
    while len(starts) < periods:
        starts.append(_previous_period(starts[-1], by=by))
    starts.reverse()
    index = {start: i for i, start in enumerate(starts)}
    out: dict[tuple[str, str], list[int]] = {}
    for a, b, period, n in rows:
        if period in index:
            out.setdefault((str(a), str(b)), [0] * len(starts))[index[period]] = int(n)
    return tuple(starts), {pair: tuple(counts) for pair, counts in out.items()}


def _previous_period(start: dt.date, *, by: Period) -> dt.date:
    if by == "week":
        return start - dt.timedelta(days=7)
    if by == "year":
        return dt.date(start.year - 1, 1, 1)
    months = 1 if by == "month" else 3
    index = start.year * 12 + start.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


_POSITIVE = "CASE WHEN goldstein > 0 THEN goldstein * weight ELSE 0 END"
_NEGATIVE = "CASE WHEN goldstein < 0 THEN -goldstein * weight ELSE 0 END"


def _cells(store: Store, units: Sql, by: Period) -> list[Cell]:
    """Per period, quad class and type; ordered, so the Python totals add up the same way
    (:func:`detente.analysis.rollups.period_cells` reads the same cells, pre-aggregated)."""
    sql = f"""
        SELECT CAST(date_trunc('{by}', date_start) AS DATE) AS period, quad_class,
               coalesce(event_type, '') AS event_type, sum(weight) AS n,
               {EXACT_SUM_SQL.format(expr="goldstein * weight")} AS g,
               {EXACT_SUM_SQL.format(expr=_POSITIVE)} AS pos,
               {EXACT_SUM_SQL.format(expr=_NEGATIVE)} AS neg,
               sum(num_documents) AS docs
        FROM ({units.text}) WHERE date_start IS NOT NULL
        GROUP BY ALL
        ORDER BY ALL
    """
    return store.con.execute(sql, list(units.params)).fetchall()


def _group(cells: list[Cell], by: Period) -> dict[dt.date, PeriodRow]:
    grouped: dict[dt.date, list[Cell]] = {}
    for cell in cells:
        grouped.setdefault(cell[0], []).append(cell)
    return {p: _row(p, by, group) for p, group in grouped.items()}


def _row(period: dt.date, by: Period, cells: list[Cell]) -> PeriodRow:
    quads = [0, 0, 0, 0]
    types: dict[str, int] = {}
    count = 0
    total = positive = negative = 0.0
    documents = 0
    for _, quad, kind, n, g, pos, neg, docs in cells:
        count += int(n)
        if quad in (1, 2, 3, 4):
            quads[int(quad) - 1] += int(n)
        if kind:
            types[kind] = types.get(kind, 0) + int(n)
        total += float(g or 0.0)
        positive += float(pos or 0.0)
        negative += float(neg or 0.0)
        documents += int(docs or 0)
    return PeriodRow(
        period=period,
        label=period_label(period, by),
        count=count,
        by_quad=(quads[0], quads[1], quads[2], quads[3]),
        by_type=types,
        goldstein_sum=round(total, 2),
        goldstein_mean=round(total / count, 2) if count else 0.0,
        net_cooperation=round(positive - negative, 2),
        conflict_share=round((quads[2] + quads[3]) / count, 3) if count else 0.0,
        documents=documents,
    )


def empty_row(period: dt.date, by: Period) -> PeriodRow:
    """A period without events."""
    return _row(period, by, [])


def period_start(day: dt.date, *, by: Period) -> dt.date:
    """The first day of the period holding ``day`` (weeks start on Monday)."""
    if by == "week":
        return day - dt.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    if by == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, 1, 1)


def next_period(start: dt.date, *, by: Period) -> dt.date:
    """The first day of the period after the one starting on ``start``."""
    if by == "week":
        return start + dt.timedelta(days=7)
    if by == "year":
        return dt.date(start.year + 1, 1, 1)
    months = 1 if by == "month" else 3
    index = start.year * 12 + start.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_count(first: dt.date, last: dt.date, *, by: Period) -> int:
    """How many periods from the period of ``first`` to that of ``last`` (0 if reversed)."""
    start, end = period_start(first, by=by), period_start(last, by=by)
    if end < start:
        return 0
    if by == "week":
        return (end - start).days // 7 + 1
    months = (end.year - start.year) * 12 + end.month - start.month
    return {"month": months + 1, "quarter": months // 3 + 1}.get(by, end.year - start.year + 1)


def check_length(first: dt.date, last: dt.date, *, by: Period, limit: int) -> None:
    """Refuse a series of more than ``limit`` periods, saying how to narrow it."""
    count = period_count(first, last, by=by)
    if count > limit:
        raise AnalysisError(
            f"a series by {by} from {first} to {last} would have {count} periods, more "
            f"than {limit}; narrow since/until or count by a longer period"
        )


def period_starts(
    first: dt.date, last: dt.date, *, by: Period, limit: int | None = None
) -> list[dt.date]:
    """Every period start from the period of ``first`` to that of ``last`` (at most
    ``limit`` of them: more is an :class:`AnalysisError`)."""
    if limit is not None:
        check_length(first, last, by=by, limit=limit)
    current, end = period_start(first, by=by), period_start(last, by=by)
    out = []
    while current <= end:
        out.append(current)
        if current.year == dt.MAXYEAR and next_period_overflows(current, by=by):
            break
        current = next_period(current, by=by)
    return out


def next_period_overflows(start: dt.date, *, by: Period) -> bool:
    """Whether the period after ``start`` begins after the last representable day."""
    try:
        next_period(start, by=by)
    except (ValueError, OverflowError):
        return True
    return False


def period_label(start: dt.date, by: Period) -> str:
    """``2023-W14``, ``2023-04``, ``2023-Q2`` or ``2023``."""
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return start.strftime("%Y-%m")
    if by == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)
