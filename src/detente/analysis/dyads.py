"""Dyad summaries: how much cooperation and conflict passes between two countries.

This first version counts event mentions (every coded event row); story
clustering, which counts each real-world event once, comes with the analysis layer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from detente.models import Event


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


def summarise_dyads(events: Iterable[Event], *, min_events: int = 1) -> list[DyadSummary]:
    """One row per undirected country pair, busiest first.

    ``net_cooperation`` is the sum of positive Goldstein values minus the sum of the
    absolute negative ones; ``conflict_share`` is (quad 3 + quad 4) / all.
    """
    groups: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in events:
        if event.source_country and event.target_country:
            a, b = sorted((event.source_country, event.target_country))
            groups[(a, b)].append(event)
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
