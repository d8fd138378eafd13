"""Merging repeated mentions of one happening in a document (no model needed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from detente.events.dedup import date_rank, merge_mentions
from detente.models import Event

BASE = Event(
    event_id="e0",
    doc_id="d",
    sentence_index=0,
    sentence="Israeli foreign minister Eli Cohen visited Baku in mid-April.",
    sentence_start=0,
    sentence_end=60,
    trigger_text="visited",
    source_text="Eli Cohen",
    source_actor="ISRGOV",
    source_country="ISR",
    source_sector="GOV",
    target_text="Baku",
    target_actor="AZEGOV",
    target_country="AZE",
    target_sector="GOV",
    event_type="CONSULT",
    event_mode="visit",
    cameo_code="042",
    cameo_root="04",
    quad_class=1,
    goldstein=1.9,
    date_start=dt.date(2023, 4, 11),
    date_end=dt.date(2023, 4, 20),
    date_granularity="month",
    date_basis="relative",
    factuality="asserted",
)
UNDATED = {
    "date_start": dt.date(2023, 5, 23),
    "date_end": dt.date(2023, 5, 23),
    "date_granularity": "day",
    "date_basis": "publication",
}


def test_a_later_undated_mention_merges_into_the_dated_one() -> None:
    later = replace(BASE, event_id="e1", sentence_index=5, target_actor="AZE", **UNDATED)
    assert merge_mentions([BASE, later]) == [BASE]


def test_visits_at_different_dates_stay_apart() -> None:
    other = replace(
        BASE,
        event_id="e1",
        sentence_index=3,
        date_start=dt.date(2022, 10, 1),
        date_end=dt.date(2022, 10, 31),
    )
    assert merge_mentions([BASE, other]) == [BASE, other]


def test_in_one_sentence_the_best_dated_mention_wins() -> None:
    vague = replace(
        BASE,
        event_id="e1",
        date_start=dt.date(2008, 1, 1),
        date_end=dt.date(2023, 5, 23),
        date_granularity="range",
    )
    exact = replace(BASE, event_id="e2", date_start=dt.date(2023, 4, 12), date_granularity="day")
    assert merge_mentions([vague, exact]) == [exact]
    assert date_rank(exact) > date_rank(BASE) > date_rank(replace(BASE, **UNDATED))


def test_partial_mention_is_dropped_but_a_different_factuality_is_kept() -> None:
    partial = replace(BASE, event_id="e1", sentence_index=4, target_actor=None, target_country=None)
    denied = replace(BASE, event_id="e2", sentence_index=6, factuality="negated")
    assert merge_mentions([BASE, partial, denied]) == [BASE, denied]


def test_different_codes_of_one_root_in_different_sentences_stay_apart() -> None:
    pledge = replace(BASE, event_id="e1", sentence_index=2, cameo_code="043", **UNDATED)
    assert merge_mentions([BASE, pledge]) == [BASE, pledge]


BOUGHT = replace(  # "Azerbaijan may have bought Iron Dome ... in May 2021, and ..."
    BASE,
    event_id="b1",
    sentence_index=13,
    trigger_text="bought",
    source_actor="AZE",
    source_country="AZE",
    target_actor="ISR",
    target_country="ISR",
    cameo_code="062",
    cameo_root="06",
    quad_class=2,
    date_start=dt.date(2021, 5, 1),
    date_end=dt.date(2021, 5, 31),
    date_basis="explicit",
    factuality="hypothetical",
)
CONSIDERED = replace(  # "... was considering purchasing Israel's Arrow-3 ... later that year"
    BOUGHT,
    event_id="b2",
    trigger_text="purchasing",
    date_start=dt.date(2021, 6, 1),
    date_end=dt.date(2021, 12, 31),
    date_basis="relative",
)


def test_two_purchases_of_one_sentence_at_different_dates_stay_apart() -> None:
    assert merge_mentions([BOUGHT, CONSIDERED]) == [BOUGHT, CONSIDERED]
    day = dt.date(2021, 5, 10)
    same_time = replace(CONSIDERED, date_start=day, date_end=day, date_granularity="day")
    assert merge_mentions([BOUGHT, same_time]) == [same_time]  # a day beats a month


def test_a_partial_event_of_the_same_sentence_with_another_date_is_kept() -> None:
    partial = replace(BOUGHT, target_actor=None, target_country=None)
    assert merge_mentions([partial, CONSIDERED]) == [partial, CONSIDERED]
    undated = replace(partial, **UNDATED)  # no date of its own: a mention of the full one
    assert merge_mentions([undated, CONSIDERED]) == [CONSIDERED]


def test_a_date_from_coreference_ranks_between_the_text_and_the_publication() -> None:
    inherited = replace(BASE, date_basis="coreference")
    assert date_rank(BASE) > date_rank(inherited) > date_rank(replace(BASE, **UNDATED))
