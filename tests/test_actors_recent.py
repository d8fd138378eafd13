"""Office holders after the upstream dictionaries' cut-offs (REIGN 2021, Phoenix 2017),
kept in the curated knowledge base with their terms."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.actors import find_mentions


def actor_on(text: str, day: str) -> str | None:
    found = find_mentions(text, date=dt.date.fromisoformat(day))
    return found[0].actor if found else None


@pytest.mark.parametrize(
    ("text", "day", "actor"),
    [
        ("Kurti said so.", "2023-09-25", "XKXGOV"),
        ("Vucic said so.", "2023-09-25", "SRBGOV"),
        ("Ruto said so.", "2024-06-26", "KENGOV"),
        ("Juan Guaido said so.", "2019-02-28", "VENOPP"),
        ("Nancy Pelosi said so.", "2022-07-28", "USALEG"),
        ("Donald Trump said so.", "2025-03-01", "USAGOV"),
        ("Moraes said so.", "2023-01-11", "BRAJUD"),
        ("Wang Yi said so.", "2024-01-01", "CHNGOV"),
    ],
)
def test_recent_office_holders_resolve_by_date(text: str, day: str, actor: str) -> None:
    assert actor_on(text, day) == actor


def test_a_term_that_had_ended_is_not_used() -> None:
    # Wang Yi was out of the foreign ministry from 30 December 2022 to 25 July 2023
    assert actor_on("Wang Yi said so.", "2023-03-01") is None
