"""The analyses the story tests compare, and three reports of one visit."""

from __future__ import annotations

from typing import Any

from detente.analysis.alerts import alerts
from detente.analysis.dyads import top_dyads
from detente.analysis.materialised import fresh
from detente.analysis.network import build_network
from detente.analysis.series import dyad_series
from detente.analysis.timeline import actor_profile, timeline
from detente.store import Store


def analysis_answers(store: Store) -> dict[str, Any]:
    """What the analyses answer over ``store``: series, top dyads, timelines, network,
    alerts and a profile."""
    return {
        "series": dyad_series(store, ("IRN", "AZE"), by="week").records(),
        "top": top_dyads(store, limit=None),
        "timeline": timeline(store, dyad=("AZE", "IRN")),
        "page": timeline(store, dyad=("ISR", "AZE"), limit=7, offset=3),
        "network": sorted(build_network(store).edges(data=True)),
        "alerts": alerts(store, include_limited=True),
        "profile": actor_profile(store, "AZE"),
    }


def query_time_answers(store: Store) -> dict[str, Any]:
    """``analysis_answers`` clustered at query time: the materialised stories made to look stale."""
    store.con.execute("UPDATE stories_state SET events = events + 1")
    assert not fresh(store.con)
    try:
        return analysis_answers(store)
    finally:
        store.con.execute("UPDATE stories_state SET events = events - 1")


# Three differently worded reports of one visit, written for the tests.
VISIT_REPORTS = {
    "daily.txt": "Israeli minister visits Baku\n\nBaku, 21 April 2023\n\nIsraeli Foreign "
    "Minister Eli Cohen visited Baku on Thursday and met President Ilham Aliyev.\n",
    "wire.txt": "Cohen in Azerbaijan for talks on embassy opening\n\n21 April 2023\n\nEli "
    "Cohen, Israel's foreign minister, travelled to Azerbaijan on Thursday, where he held "
    "talks with Azerbaijani President Ilham Aliyev about the opening of an Azerbaijani "
    "embassy in Tel Aviv.\n",
    "review.txt": "A week of Caspian diplomacy\n\n24 April 2023\n\nOn 20 April, Israel's top "
    "diplomat Eli Cohen met Azerbaijani President Ilham Aliyev in Baku, the first visit by "
    "an Israeli foreign minister in a decade.\n",
}
