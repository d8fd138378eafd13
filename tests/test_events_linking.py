"""Precision mechanisms of the coder: reciprocity, meeting places, speech acts,
pronouns, denials, sector-only targets, city name modifiers, fallback verbs."""

from __future__ import annotations

import pytest

from tests.helpers.frames import code, triples

pytestmark = pytest.mark.model


def test_reciprocal_verb_codes_both_directions() -> None:
    events = code("Norway and Chile agreed in March 2024 to expand trade.")
    agreements = {(e.source_country, e.target_country) for e in events if e.cameo_root == "03"}
    assert agreements == {("NOR", "CHL"), ("CHL", "NOR")}
    assert all(e.rule.endswith("-reciprocal") for e in events if e.cameo_root == "03")


def test_coordinated_actors_under_a_common_noun_are_both_agents() -> None:
    events = code("The envoys of Norway and Chile met on Friday.")
    assert triples(events) == {("NOR", "040", "CHL"), ("CHL", "040", "NOR")}


def test_meeting_place_is_not_the_target() -> None:
    events = code("Norwegian trade minister Ola Berg met in Lima on Friday.")
    assert all(e.target_country != "PER" for e in events)
    assert all(e.location_name == "Lima" for e in events)


def test_speaker_does_not_become_the_attacker() -> None:
    events = code("Norway said a campaign in Chilean media had encouraged the attack.")
    assert not any(e.event_type == "ASSAULT" and e.source_country == "NOR" for e in events)


def test_accuser_does_not_inherit_the_threats_in_the_accusation() -> None:
    events = code("Norway accused Chile of ignoring warnings about threats to its embassy.")
    assert ("NOR", "112", "CHL") in triples(events)
    assert not any(e.event_type == "THREATEN" and e.source_country for e in events)


def test_denial_by_another_actor_does_not_negate_the_accusation() -> None:
    events = code("Peru has accused Chile of spying, a charge Chile denies.")
    accusation = next(e for e in events if e.cameo_root == "11")
    assert (accusation.source_country, accusation.factuality) == ("PER", "asserted")


def test_its_belongs_to_the_clause_subject_even_when_unknown() -> None:
    events = code("Norway protested. The Andean Council also extended its sanctions against Peru.")
    sanctions = [e for e in events if e.cameo_root == "16"]
    assert sanctions and all(e.source_country != "NOR" for e in sanctions)


def test_sector_only_target_is_not_used() -> None:
    events = code("Chile offered financial support to extremist groups.")
    assert all(e.target_actor not in {"REB", "GOV", "MIL"} for e in events)


def test_city_name_modifier_is_not_an_actor() -> None:
    events = code("Norway and Peru discussed the implementation of the Santiago agreement.")
    assert all("CHL" not in (e.source_country, e.target_country) for e in events)


def test_same_event_twice_in_a_sentence_is_coded_once() -> None:
    events = code(
        "Berg visited Santiago in March 2024, the first visit by a Norwegian minister to Chile."
    )
    visits = [e for e in events if e.cameo_root == "04"]
    assert len(visits) == 1 and visits[0].date_granularity == "month"


def test_fallback_verb_needs_an_agent_on_the_parse() -> None:
    assert ("NOR", "190", "CHL") in triples(code("Norway ambushed Chilean police in March 2024."))
    assert not any(e.rule.startswith("p:") for e in code("This gives Chile another vector."))
