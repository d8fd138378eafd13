"""Event frames on the parse, on our own sentences, with mentions built by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers.frames import code, triples

pytestmark = pytest.mark.model


def test_visit_of_a_capital() -> None:
    (event,) = code("Norwegian trade minister Ola Berg visited Santiago in March 2024.")
    assert (event.source_country, event.target_country, event.event_type) == (
        "NOR",
        "CHL",
        "CONSULT",
    )
    assert (event.cameo_code, event.quad_class, event.goldstein) == ("042", 1, 1.9)
    assert event.location_name == "Santiago"
    assert (event.date_start, event.date_basis) == (dt.date(2024, 3, 1), "explicit")
    assert event.factuality == "asserted"
    assert event.rule == "visit.v/nsubj-dobj"
    assert event.coder_version.startswith("detente-") and "+lexicon-" in event.coder_version
    assert event.sentence_start == 0 and event.sentence.endswith("2024.")


def test_event_noun_with_possessive_and_by_phrase() -> None:
    events = code(
        "Berg's visit to Chile was short. The June 2023 visit to Peru by Berg was longer."
    )
    assert triples(events) == {("NOR", "042", "CHL"), ("NOR", "042", "PER")}
    peru = next(e for e in events if e.target_country == "PER")
    assert peru.date_start == dt.date(2023, 6, 1)
    assert peru.sentence_index == 1


def test_embassy_target_is_the_host_city() -> None:
    (event,) = code("Chile opened its embassy in Oslo last week.")
    assert (event.source_country, event.target_country, event.event_type) == (
        "CHL",
        "NOR",
        "SUPPORT",
    )
    assert event.location_name == "Oslo"


def test_passive_by_agent() -> None:
    (event,) = code("Peru was attacked by Chile.")
    assert (event.source_country, event.cameo_root, event.target_country) == ("CHL", "19", "PER")


def test_coordinated_subjects_give_one_event_each() -> None:
    events = code("Norway and Chile signed a trade agreement with Peru.")
    assert triples(events) == {("NOR", "057", "PER"), ("CHL", "057", "PER")}


def test_controlled_subject_and_refinement() -> None:
    events = code("Norway responded by pledging to share agricultural expertise with Peru.")
    assert triples(events) == {("NOR", "0331", "PER")}


def test_arrest_agent_defaults_to_the_place() -> None:
    (event,) = code(
        "Officials announced the arrest, in Lima, of ten people linked to Chilean police."
    )
    assert (event.source_country, event.cameo_code, event.target_country) == ("PER", "173", "CHL")


@pytest.mark.parametrize(
    ("sentence", "factuality"),
    [
        ("Norway did not sanction Chile.", "negated"),
        ("An attack on Peru by Chile was thwarted.", "negated"),
        ("Norway may have sold weapons to Chile.", "hypothetical"),
        ("Norway was considering purchasing Chilean missiles.", "hypothetical"),
        ("Norway will visit Chile.", "future"),
        ("Norway plans to visit Chile.", "future"),
        ("According to diplomats, Norway criticized Chile.", "reported"),
        ("Norway allegedly threatened Chile.", "reported"),
        # someone else's word is a report; a party's word on its own act is stated
        ("Peru said Norway had criticized Chile.", "reported"),
        ("Norway's foreign minister said he had criticized Chile.", "asserted"),
        ("Norway criticized Chile.", "asserted"),
    ],
)
def test_factuality(sentence: str, factuality: str) -> None:
    events = code(sentence)
    assert events, sentence
    assert {e.factuality for e in events} == {factuality}


def test_same_country_and_actorless_events_are_skipped() -> None:
    assert code("Norway praised Oslo.") == []
    assert code("The meeting was long and Norway slept.") == []


def test_statement_targets_the_other_party() -> None:
    (event,) = code('Berg said that "relations between Norway and Chile are at their worst."')
    assert (event.source_country, event.cameo_code, event.target_country) == ("NOR", "012", "CHL")
    assert event.event_type == ""


def test_sentences_without_triggers_are_not_coded() -> None:
    assert code("Norway is a country. Chile is long and thin.") == []


def test_event_ids_are_stable() -> None:
    text = "Norway criticized Chile."
    assert [e.event_id for e in code(text)] == [e.event_id for e in code(text)]
