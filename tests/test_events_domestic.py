"""Domestic events: a country's state and its society are parties of their own."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.events import code_document
from detente.models import Document, Event

pytestmark = pytest.mark.model


def coded(text: str) -> list[Event]:
    return code_document(Document(doc_id="d", text=text, date=dt.date(2024, 7, 19)))


def pairs(events: list[Event]) -> set[tuple[str | None, str, str | None]]:
    return {(e.source_actor, e.event_type, e.target_actor) for e in events}


def test_police_against_protesters_is_an_event() -> None:
    events = coded("Protests spread across Bangladesh. Police arrested dozens of protesters.")
    assert ("BGDCOP", "COERCE", "BGDCVL") in pairs(events)


def test_an_army_against_its_rebels_is_an_event() -> None:
    events = coded("Turkish warplanes bombed PKK targets in northern Iraq overnight.")
    assert ("TUR", "ASSAULT", "TURREB") in pairs(events)


def test_a_state_and_its_own_government_are_one_party() -> None:
    assert not any(
        e.source_country == e.target_country for e in coded("Norway's army supported Oslo.")
    )


def test_protesters_protest_their_government() -> None:
    text = "Georgia was tense. Thousands of Georgian citizens took to the streets on Saturday."
    (protest,) = [e for e in coded(text) if e.event_type == "PROTEST"]
    assert (protest.source_actor, protest.target_actor) == ("GEOCVL", "GEOGOV")
    assert "implied-government" in protest.rule


def test_a_curfew_falls_on_the_public() -> None:
    (curfew,) = coded("The Bangladesh government imposed a nationwide curfew.")
    assert (curfew.source_actor, curfew.event_type, curfew.target_actor) == (
        "BGDGOV",
        "COERCE",
        "BGDCVL",
    )


def test_an_arrest_with_no_agent_is_the_authorities() -> None:
    text = "Azerbaijan tightened its grip. Later, journalist Nargiz Absalamova was arrested."
    (arrest,) = [e for e in coded(text) if e.trigger_text == "arrested"]
    assert (arrest.source_actor, arrest.target_actor) == ("AZEGOV", "AZEJRN")
    assert "implied-authorities" in arrest.rule


def test_violence_between_society_and_state_is_protest_or_repression() -> None:
    text = "Bangladesh imposed a curfew. Clashes broke out between students and security forces."
    clashes = [e for e in coded(text) if e.trigger_text.startswith("Clash")]
    assert {(e.source_actor, e.target_actor) for e in clashes} == {
        ("BGDEDU", "BGDCOP"),
        ("BGDCOP", "BGDEDU"),
    }
    assert {(e.cameo_code, e.event_type) for e in clashes} == {("145", "PROTEST")}


def test_a_former_office_holder_is_no_longer_the_state() -> None:
    events = coded("Pakistan arrested former prime minister Imran Khan on corruption charges.")
    assert ("PAK", "COERCE", "PAKELI") in pairs(events)


def test_protesters_setting_fire_to_state_buildings_is_a_violent_protest() -> None:
    events = coded("Bangladesh's unrest grew. Protesters set fire to government buildings.")
    assert ("BGDCVL", "PROTEST", "BGDGOV") in pairs(events)


def test_an_opposition_leader_is_the_opposition_and_his_arrest_falls_on_him() -> None:
    text = (
        "Russian opposition leader Alexei Navalny flew home to Moscow on Sunday. "
        "Navalny's arrest at the airport drew condemnation from Western governments."
    )
    events = coded(text)
    assert not any(e.trigger_text == "flew" for e in events)  # flying home is no visit
    (arrest,) = [e for e in events if e.trigger_text == "arrest"]
    assert (arrest.source_actor, arrest.event_type, arrest.target_actor) == (
        "RUSGOV",
        "COERCE",
        "RUSOPP",
    )


def test_the_one_named_before_a_passive_arrest_underwent_it() -> None:
    text = (
        "Azerbaijan's crackdown on the press went on. On the same day, Ulvi Hasanli, "
        "an Azerbaijani editor-in-chief, was detained at his home in Baku."
    )
    (arrest,) = [e for e in coded(text) if e.trigger_text == "detained"]
    assert arrest.target_sector == "JRN" and arrest.source_actor == "AZEGOV"


def test_a_police_raid_is_coercion_not_war() -> None:
    text = (
        "Georgia's crisis deepened. Georgian police raided the offices of three opposition parties."
    )
    (raid,) = [e for e in coded(text) if e.trigger_text == "raided"]
    assert (raid.source_actor, raid.event_type, raid.cameo_code) == ("GEOCOP", "COERCE", "170")


def test_a_role_in_apposition_names_the_unknown_and_two_arrests_stay_two() -> None:
    text = (
        "Azerbaijan's crackdown on the press went on. On November 21, Sevinj Vagifqizi, "
        "editor-in-chief, was arrested. Later, journalist Nargiz Absalamova was arrested."
    )
    arrests = [e for e in coded(text) if e.trigger_text == "arrested"]
    assert [(e.source_actor, e.target_actor) for e in arrests] == [("AZEGOV", "AZEJRN")] * 2
    assert [e.target_text for e in arrests] == ["editor-in-chief", "journalist Nargiz Absalamova"]


def test_protesters_block_and_demand_of_their_government() -> None:
    text = (
        "Peru's crisis deepened on Thursday. Protesters blocked highways in the south, "
        "demanding new elections."
    )
    found = {(e.source_actor, e.event_type, e.cameo_code, e.target_actor) for e in coded(text)}
    assert ("PERCVL", "PROTEST", "144", "PERGOV") in found
    assert ("PERCVL", "REQUEST", "100", "PERGOV") in found


def test_police_killing_people_is_violent_repression_of_the_public() -> None:
    text = (
        "Peru's crisis deepened. Security forces killed 17 people in Juliaca, rights groups said."
    )
    (killing,) = [e for e in coded(text) if e.trigger_text == "killed"]
    assert (killing.source_actor, killing.cameo_code, killing.target_actor) == (
        "PERCOP",
        "175",
        "PERCVL",
    )


def test_a_government_deploying_its_army_mobilises_with_no_recipient() -> None:
    text = "Pakistan was tense after the arrest. The government deployed the army in Lahore."
    (deployment,) = [e for e in coded(text) if e.trigger_text == "deployed"]
    assert (deployment.source_actor, deployment.event_type, deployment.target_actor) == (
        "PAKGOV",
        "MOBILIZE",
        None,
    )


def test_an_official_arrested_by_the_state_is_a_domestic_event() -> None:
    text = "Peru's crisis deepened. Police arrested Peru's defence minister on Wednesday."
    events = coded(text)
    assert ("PERCOP", "COERCE", "PERGOV") in pairs(events)


def test_an_unknown_name_that_underwent_coercion_is_a_resident_of_the_country() -> None:
    text = (
        "Azerbaijan's crackdown on the press went on. Police searched the homes of two "
        "journalists in Baku. On November 21, Sevinj Vagifqizi was arrested."
    )
    events = coded(text)
    (arrest,) = [e for e in events if e.trigger_text == "arrested"]
    assert (arrest.source_actor, arrest.target_actor, arrest.target_text) == (
        "AZEGOV",
        "AZECVL",
        "Sevinj Vagifqizi",
    )
    (search,) = [e for e in events if e.trigger_text == "searched"]
    assert (search.source_actor, search.event_type, search.cameo_code) == (
        "AZECOP",
        "COERCE",
        "170",
    )


def test_stones_thrown_at_police_are_a_violent_protest() -> None:
    text = "Uganda's election turned violent. Opposition supporters threw stones at police."
    events = coded(text)
    assert ("UGAOPP", "PROTEST", "UGACOP") in pairs(events)


def test_an_army_deposing_its_government_is_a_domestic_event() -> None:
    text = (
        "Sudan's crisis deepened. The army arrested the prime minister at his home. "
        "Hours later the army dissolved the government."
    )
    found = {(e.source_actor, e.cameo_code, e.target_actor) for e in coded(text)}
    assert ("SDNMIL", "173", "SDNGOV") in found
    assert ("SDNMIL", "172", "SDNGOV") in found


def test_an_oppositions_boycott_is_a_protest() -> None:
    text = "Mali's opposition was angry. The opposition boycotted the signing ceremony."
    (boycott,) = [e for e in coded(text) if e.trigger_text == "boycotted"]
    assert (boycott.source_actor, boycott.cameo_code, boycott.target_actor) == (
        "MLIOPP",
        "143",
        "MLIGOV",
    )


def test_a_crowds_protest_stays_a_protest_while_a_states_is_a_complaint() -> None:
    text = "Georgia was tense. Thousands of Georgians protested in Tbilisi on Sunday."
    (protest,) = [e for e in coded(text) if e.trigger_text == "protested"]
    assert (protest.event_type, protest.cameo_code) == ("PROTEST", "140")
