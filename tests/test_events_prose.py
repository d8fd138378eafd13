"""Events of real prose: nominal events, reference back to earlier parties and events,
planned acts, meetings and calls, accusations."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.events import code_document
from detente.models import Document, Event

pytestmark = pytest.mark.model


def coded(text: str) -> list[Event]:
    return code_document(Document(doc_id="p", text=text, date=dt.date(2024, 5, 13)))


def triples(text: str) -> set[tuple[str | None, str, str | None]]:
    return {(e.source_country, e.event_type, e.target_country) for e in coded(text)}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # accused of: the accused is the agent of what it is accused of, as a claim
        ("Azerbaijan accused Armenia of shelling its positions.", ("ARM", "ASSAULT", "AZE")),
        (
            "India and Pakistan exchanged fire across the Line of Control.",
            ("IND", "ASSAULT", "PAK"),
        ),
        ("Egypt's president received Qatar's emir in Cairo.", ("EGY", "CONSULT", "QAT")),
        # a planned act: the planner acts
        ("France announced a deal to supply radars to Armenia.", ("FRA", "COOPERATE", "ARM")),
        ("Poland made a decision to expel four Russian diplomats.", ("POL", "SANCTION", "RUS")),
        (
            "China criticized Washington's decision to sell arms to Taiwan.",
            ("USA", "COOPERATE", "TWN"),
        ),
        # an act during a call is aimed at the other party of the call
        (
            "Putin apologised during a telephone conversation with Aliyev.",
            ("RUS", "SUPPORT", "AZE"),
        ),
        (
            "US President Barack Obama and Cuban President Raul Castro spoke by phone.",
            ("USA", "CONSULT", "CUB"),
        ),
        # a noun's "from" phrase names who criticises; "requires X to" is a demand
        ("The plan drew criticism from Russia.", ("RUS", "ACCUSE", None)),
        ("China requires the United States to take concrete actions.", ("CHN", "REQUEST", "USA")),
        ("Poland put forward an ultimatum to Belarus.", ("POL", "THREATEN", "BLR")),
        ("Armenia slammed Azerbaijan's decision.", ("ARM", "ACCUSE", "AZE")),
        # a state's protest is an official complaint; a crowd's is a demonstration
        ("China protested to Japan over the visit.", ("CHN", "ACCUSE", "JPN")),
        # a demand is addressed to whoever must act
        ("Aliyev demanded that Moscow issue an apology.", ("AZE", "REQUEST", "RUS")),
        # the parties of a reciprocal noun
        ("Talks between Armenia and Turkey resumed in Vienna.", ("ARM", "CONSULT", "TUR")),
        # a ceasefire agreed is a ceasefire
        ("Israel and Hamas agreed to an open-ended cease-fire.", ("ISR", "RETREAT", "PSE")),
    ],
)
def test_prose_events(text: str, want: tuple[str, str, str]) -> None:
    got = triples(text)
    assert want in got or (want[2], want[1], want[0]) in got, got


def test_an_accused_act_is_a_claim() -> None:
    events = coded("Azerbaijan accused Armenia of shelling its positions.")
    (shelling,) = [e for e in events if e.trigger_text == "shelling"]
    assert shelling.factuality == "reported"


def test_a_reaction_is_aimed_at_the_agent_of_the_event_it_names() -> None:
    text = (
        "North Korea fired a ballistic missile into Japan's waters. "
        "Japanese Prime Minister Shinzo Abe condemned the missile launch."
    )
    (condemned,) = [e for e in coded(text) if e.trigger_text == "condemned"]
    assert (condemned.source_country, condemned.target_country) == ("JPN", "PRK")
    assert "+about:fired@0" in condemned.rule


def test_the_two_countries_are_the_last_two_named() -> None:
    text = (
        "Turkey criticised the remarks of the Greek foreign minister. "
        "The Prime Ministers of the two countries held a telephone conversation on Friday."
    )
    held = [e for e in coded(text) if e.event_type == "CONSULT"]
    assert {(e.source_country, e.target_country) for e in held} == {("TUR", "GRC"), ("GRC", "TUR")}
    assert all("+pair" in e.rule for e in held)


def test_a_pronoun_opening_a_sentence_stands_for_the_group_before() -> None:
    text = (
        "Hundreds of protesters gathered outside parliament in Tbilisi on Monday. "
        "They then clashed with police near the government building."
    )
    (clash,) = [e for e in coded(text) if e.trigger_text == "clashed"]
    assert (clash.source_actor, clash.target_actor) == ("GEOCVL", "GEOCOP")
    assert "+anaphor" in clash.rule


def test_a_wire_dateline_is_not_the_subject() -> None:
    text = "TEHRAN (Tasnim) \u2013 Turkish warplanes bombed PKK targets in northern Iraq."
    assert ("TUR", "ASSAULT", "TUR") in triples(text)


def test_nearest_actor_stands_in_for_a_missing_agent() -> None:
    text = "On August 3, North Korea fired a ballistic missile into Japan's economic zone."
    (fired,) = coded(text)
    assert (fired.source_country, fired.event_type, fired.target_country) == (
        "PRK",
        "MOBILIZE",
        "JPN",
    )


def test_what_someone_is_known_for_is_no_event() -> None:
    text = "Turkey's envoy, well known for his criticism of Iran, arrived in Baku."
    assert not any(e.event_type == "ACCUSE" for e in coded(text))
    assert any(e.event_type == "ACCUSE" for e in coded("Turkey's criticism of Iran grew."))


def test_a_mention_passed_over_as_a_place_is_not_taken_at_its_next_word() -> None:
    text = (
        "A gunman forced his way into the Azerbaijani embassy in Tehran, killed the head "
        "of its security service and wounded two guards."
    )
    killings = [e for e in coded(text) if e.trigger_text == "killed"]
    assert killings and all(e.source_country != "AZE" for e in killings)
    assert {e.source_sector for e in killings} == {"UAF"}
