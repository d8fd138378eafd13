from __future__ import annotations

from detente.analysis.dyads import summarise_dyads
from tests.helpers.events import make_event


def test_dyad_summary_counts_both_directions_and_goldstein() -> None:
    events = [
        make_event(event_id="1", goldstein=2.0, quad_class=1),
        make_event(
            event_id="2", source_country="AZE", target_country="TUR", goldstein=-10.0, quad_class=4
        ),
        make_event(
            event_id="3", source_country="IRN", target_country="AZE", goldstein=-4.4, quad_class=3
        ),
        make_event(event_id="4", source_country=None, target_country="AZE"),
    ]
    rows = summarise_dyads(events)
    assert [r.dyad for r in rows] == [("AZE", "TUR"), ("AZE", "IRN")]
    first = rows[0]
    assert first.events == 2
    assert first.by_quad == (1, 0, 0, 1)
    assert first.goldstein_sum == -8.0
    assert first.net_cooperation == -8.0
    assert first.conflict_share == 0.5
    assert summarise_dyads(events, min_events=2) == [first]
