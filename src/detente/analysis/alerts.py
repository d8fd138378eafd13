"""Relation alerts: the latest period against a baseline, and records.

Change levels follow ACLED's conflict alerts: the latest period's count against
the mean of the ``baseline`` periods before it; more than +25% is a large
increase, +10% to +25% a moderate one, -10% to +10% a limited change, -25% to
-10% a moderate decrease, below -25% a large decrease. Records compare the latest
period with every earlier period of the dyad ("lowest net cooperation on record").

Small numbers make no alert: a change needs ``min_current`` counted events in the
latest period or ``min_baseline`` in the baseline window (the metric's own counts:
conflict events for the conflict metric), a record ``min_current`` events in the latest
period. Every alert says its support (``current_count``, ``baseline_count``) and why,
in words, and alerts are ranked by ``strength``: the change over the baseline in
standard deviations of a Poisson count (|latest - mean| / sqrt(mean + 1)), so that 12
against a mean of 2 ranks above 3 against a mean of 0.5.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, replace

from detente.analysis.filter import AnalysisError, AnalysisFilter, Sql, dyad_clause
from detente.analysis.rollups import pair_periods
from detente.analysis.select import EXACT_SUM_SQL, units_sql
from detente.analysis.series import Period, period_label, period_start, period_starts
from detente.store import Store

# The least support an alert needs (the defaults of alerts() and `detente alerts`).
MIN_CURRENT = 3
MIN_BASELINE = 3

LEVELS: tuple[str, ...] = (
    "large increase",
    "moderate increase",
    "limited change",
    "moderate decrease",
    "large decrease",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Alert:
    """One finding about a dyad's latest period."""

    dyad: tuple[str, str]
    kind: str  # "change" or "record"
    metric: str
    level: str
    period: str
    latest: float
    baseline: float | None
    change: float | None
    message: str
    current_count: int = 0
    baseline_count: int = 0
    strength: float = 0.0


@dataclass(frozen=True, slots=True)
class _Cell:
    count: int
    conflict: int
    net: float


def change_level(change: float | None) -> str:
    """The ACLED level of a relative change (None: activity from none)."""
    if change is None or change > 0.25:
        return "large increase"
    if change >= 0.10:
        return "moderate increase"
    if change > -0.10:
        return "limited change"
    if change >= -0.25:
        return "moderate decrease"
    return "large decrease"


def alerts(
    store: Store,
    *,
    watch: tuple[tuple[str, str], ...] = (),
    by: Period = "month",
    baseline: int = 6,
    min_history: int = 3,
    as_of: dt.date | None = None,
    flt: AnalysisFilter | None = None,
    include_limited: bool = False,
    min_current: int = MIN_CURRENT,
    min_baseline: int = MIN_BASELINE,
    domestic: str | None = None,
) -> list[Alert]:
    """Alerts for every dyad (or the watch list) with enough support, strongest first.

    ``domestic`` (a country code) asks for the alerts of that country's domestic
    relations instead: each of its sector pairs (``GEO:COP-GEO:CVL``) is a dyad.
    """
    flt = flt or AnalysisFilter()
    extra: tuple[Sql, ...]
    if domestic:
        if watch:
            raise AnalysisError("alerts take a watch list or a domestic country, not both")
        code = domestic.upper()
        flt = replace(flt, relations="domestic")
        extra = (Sql("(e.source_country = ? AND e.target_country = ?)", (code, code)),)
    else:
        extra = _watched(watch)
    cells, last_day = _cells(store, flt, extra, by)
    as_of = as_of or last_day
    if as_of is None:
        return []
    latest = period_start(as_of, by=by)
    found: list[Alert] = []
    for dyad, series in sorted(cells.items()):
        found += _dyad_alerts(
            dyad,
            series,
            latest=latest,
            by=by,
            baseline=baseline,
            min_history=min_history,
            support=(min_current, min_baseline),
            counted=flt.counted,
        )
    if not include_limited:
        found = [a for a in found if a.level != "limited change"]
    return sorted(found, key=lambda a: (-a.strength, a.kind != "record", a.dyad, a.metric))


def _watched(watch: tuple[tuple[str, str], ...]) -> tuple[Sql, ...]:
    if not watch:
        return ()
    parts = [dyad_clause(d, directed=False) for d in watch]
    return (
        Sql("(" + " OR ".join(p.text for p in parts) + ")", sum((p.params for p in parts), ())),
    )


def _cells(
    store: Store, flt: AnalysisFilter, extra: tuple[Sql, ...], by: Period
) -> tuple[dict[tuple[str, str], dict[dt.date, _Cell]], dt.date | None]:
    rows = None if extra else pair_periods(store.con, flt, by=by)
    if rows is None:
        units = units_sql(store.con, flt, extra=extra, detail=False)
        rows = store.con.execute(
            f"""SELECT country_a, country_b, CAST(date_trunc('{by}', date_start) AS DATE),
                       sum(weight), sum(CASE WHEN quad_class IN (3, 4) THEN weight ELSE 0 END),
                       {EXACT_SUM_SQL.format(expr="goldstein * weight")}, max(date_start)
                FROM ({units.text})
                WHERE country_a IS NOT NULL AND country_b IS NOT NULL
                  AND date_start IS NOT NULL AND country_a <> country_b
                GROUP BY ALL""",
            list(units.params),
        ).fetchall()
    cells: dict[tuple[str, str], dict[dt.date, _Cell]] = defaultdict(dict)
    last: dt.date | None = None
    for a, b, period, n, conflict, net, day in rows:
        cells[(str(a), str(b))][period] = _Cell(int(n), int(conflict), float(net))
        last = day if last is None or day > last else last
    return dict(cells), last


def _dyad_alerts(
    dyad: tuple[str, str],
    series: dict[dt.date, _Cell],
    *,
    latest: dt.date,
    by: Period,
    baseline: int,
    min_history: int,
    support: tuple[int, int],
    counted: str,
) -> list[Alert]:
    first = min(series)
    if first > latest:
        return []
    periods = period_starts(first, latest, by=by)
    empty = _Cell(0, 0, 0.0)
    values = [series.get(p, empty) for p in periods]
    now, history = values[-1], values[:-1]
    if len(history) < max(min_history, 1):  # a baseline needs one period at least
        return []
    label = period_label(latest, by)
    name = "-".join(dyad)
    found = []
    window = history[-baseline:]
    min_current, min_baseline = support
    for metric, pick in (("count", _count), ("conflict", _conflict)):
        total = sum(pick(c) for c in window)
        mean = total / len(window)
        value = pick(now)
        if value < min_current and total < min_baseline:
            continue  # too few events on both sides to say anything
        change = None if mean == 0 else (value - mean) / mean
        level = change_level(change)
        shown = "from none" if change is None else f"{change:+.0%}"
        what = counted if metric == "count" else f"{counted} of conflict"
        found.append(
            Alert(
                dyad=dyad,
                kind="change",
                metric=metric,
                level=level,
                period=label,
                latest=float(value),
                baseline=round(mean, 2),
                change=None if change is None else round(change, 3),
                message=f"{name} {metric} {label}: {value:g} {what} against {total:g} in the "
                f"{len(window)} {by}s before (a mean of {mean:.1f}), {shown}: {level}",
                current_count=int(value),
                baseline_count=int(total),
                strength=round(abs(value - mean) / math.sqrt(mean + 1), 3),
            )
        )
    if now.count >= min_current:
        found += _records(dyad, now, history, label)
    return found


def _count(cell: _Cell) -> float:
    return float(cell.count)


def _conflict(cell: _Cell) -> float:
    return float(cell.conflict)


def _records(dyad: tuple[str, str], now: _Cell, history: list[_Cell], label: str) -> list[Alert]:
    active = [c for c in history if c.count]
    if not now.count or not active:
        return []
    found = []
    low, high = min(c.net for c in active), max(c.net for c in active)
    periods = (now.count, sum(c.count for c in active))
    if now.net < low:
        found.append(_record(dyad, "net cooperation", "lowest", now.net, low, label, periods))
    elif now.net > high:
        found.append(_record(dyad, "net cooperation", "highest", now.net, high, label, periods))
    most = max(c.conflict for c in active)
    if now.conflict > most:
        found.append(_record(dyad, "conflict", "highest", now.conflict, most, label, periods))
    return found


def _record(
    dyad: tuple[str, str],
    metric: str,
    extreme: str,
    value: float,
    previous: float,
    label: str,
    counts: tuple[int, int],
) -> Alert:
    return Alert(
        dyad=dyad,
        kind="record",
        metric=metric,
        level=f"{extreme} on record",
        period=label,
        latest=round(value, 2),
        baseline=round(previous, 2),
        change=None,
        message=f"{extreme} {metric} on record for {'-'.join(dyad)} "
        f"({label}: {value:+g} over {counts[0]} events; previous {extreme[:-3]} {previous:+g}, "
        f"{counts[1]} events before)",
        current_count=counts[0],
        baseline_count=counts[1],
        strength=round(abs(value - previous) / math.sqrt(abs(previous) + 1), 3),
    )
