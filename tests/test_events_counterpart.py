"""A one-sided event of a two-country passage takes the other country as its missing
party; a passage about one or three countries gives none."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.events import code_document
from detente.events.counterpart import counterpart_note, document_pair
from detente.models import Document, Event, Mention

pytestmark = pytest.mark.model

TWO_COUNTRIES = (
    "Turkey and Syria traded accusations on Tuesday after a week of shelling around "
    "Idlib. Syrian officials said Turkish troops had crossed the border without "
    "permission, and Damascus described Turkey's presence as an occupation. Turkish "
    "President Recep Tayyip Erdogan said on Wednesday that Turkey may launch a new "
    "military operation. Ankara has kept thousands of soldiers in northern Syria since "
    "2019."
)


def coded(text: str) -> list[Event]:
    return code_document(Document(doc_id="c", text=text, date=dt.date(2020, 2, 5)))


def test_a_threat_with_no_target_in_a_two_country_passage_is_aimed_at_the_other() -> None:
    threat = next(e for e in coded(TWO_COUNTRIES) if e.trigger_text == "launch")
    assert (threat.source_country, threat.event_type, threat.target_country) == (
        "TUR",
        "THREATEN",
        "SYR",
    )
    assert "+counterpart:SYR(" in threat.rule
    note = counterpart_note(threat.rule)
    assert note is not None and note.startswith("SYR, the passage's other country")


def test_a_third_country_named_as_often_leaves_the_target_empty() -> None:
    text = TWO_COUNTRIES.replace(
        "since 2019.",
        "since 2019. Russia, Iran and Russian officials in Moscow and Tehran urged "
        "restraint, and Iran said Russia and Iran would mediate.",
    )
    threat = next(e for e in coded(text) if e.trigger_text == "launch")
    assert threat.target_country is None
    assert "+counterpart:" not in threat.rule


def test_a_one_country_passage_gives_no_counterpart() -> None:
    text = (
        "Kenyan police fired tear gas at protesters in Nairobi on Tuesday. President "
        "William Ruto said the government may deploy the army. Kenya's parliament passed "
        "the finance bill a day earlier."
    )
    assert all("+counterpart:" not in e.rule for e in coded(text))


def _mention(country: str, start: int, *, rule: str = "gazetteer:country") -> Mention:
    return Mention(
        text=country,
        start=start,
        end=start + 3,
        actor=country,
        country=country,
        sector=None,
        kind="country",
        name=country,
        rule=rule,
    )


def test_the_pair_counts_only_countries_the_text_gave_outright() -> None:
    named = [_mention("ARM", 0), _mention("AZE", 10), _mention("ARM", 20), _mention("AZE", 30)]
    assert document_pair(named) == ("ARM", "AZE", 4, 4)
    contextual = [_mention("AZE", 40 + n, rule="role:bare+context:dominant(3)") for n in range(5)]
    assert document_pair([*named, *contextual]) == ("ARM", "AZE", 4, 4)
    assert document_pair([*named, _mention("IRN", 50), _mention("IRN", 60)]) is None
    assert document_pair(named[:3]) is None  # AZE named once: not a pair
