"""A role-only mention takes its country from the document, and says how."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.actors import find_mentions
from detente.actors.context import context_note
from detente.models import Mention

DAY = dt.date(2024, 7, 19)


def mention(text: str, phrase: str, nth: int = 0) -> Mention:
    found = [m for m in find_mentions(text, date=DAY) if m.text == phrase]
    return found[nth]


def test_a_role_takes_the_country_of_the_place_its_phrase_names() -> None:
    police = mention("Riot police in Hong Kong fired tear gas at students.", "Riot police")
    assert (police.actor, police.country) == ("HKGCOP", "HKG")
    assert police.rule.endswith('+context:place("Hong Kong")')


def test_a_role_takes_the_country_of_an_earlier_mention_of_the_same_kind() -> None:
    text = (
        "Armenia and Azerbaijan traded accusations. Armenian police officers blocked the "
        "avenue in the morning. Later the police detained twenty marchers."
    )
    police = mention(text, "police")
    assert police.country == "ARM"
    assert "+context:same-kind(" in police.rule and '"Armenian police officers"' in police.rule
    assert context_note(police.rule) == (
        'country from an earlier mention of the same kind: "Armenian police officers" at 43'
    )


def test_a_different_role_of_another_country_is_no_evidence() -> None:
    text = (
        "Turkish soldiers were killed by Syrian regime forces in Idlib, the Turkish defense "
        "ministry said. Syria denied it. The regime has not commented further."
    )
    regime = mention(text, "regime", nth=0)
    assert regime.text == "regime" and regime.country != "TUR"


def test_the_country_a_document_is_about_places_its_roles() -> None:
    text = (
        "Violent clashes continue during ongoing protests in Bangladesh. The government "
        "has declared a nationwide curfew."
    )
    government = mention(text, "government")
    assert (government.actor, government.country) == ("BGDGOV", "BGD")
    assert "+context:dominant(" in government.rule


def test_no_country_where_the_document_is_about_several() -> None:
    text = (
        "Myanmar's ethnic armed groups seized a town. China brokered a truce in January, "
        "and China hosted talks. China said the talks went well. The junta refused."
    )
    junta = mention(text, "junta")
    assert junta.country is None and junta.actor == "MIL"
    assert context_note(junta.rule) is None


def test_a_wire_dateline_names_the_country() -> None:
    text = (
        "DHAKA, July 19 (Reuters) - Police fired tear gas on Friday. Dhaka residents "
        "said the capital was quiet. Sheikh Hasina's office in Dhaka declined to comment."
    )
    police = mention(text, "Police")
    assert police.country == "BGD" and "+context:dateline(DHAKA)" in police.rule


@pytest.mark.parametrize("phrase", ["Human rights groups", "rights groups"])
def test_rights_groups_keep_no_country(phrase: str) -> None:
    text = f"{phrase} criticised the Azerbaijani government. Azerbaijan rejected it."
    groups = mention(text, phrase)
    assert (groups.actor, groups.country) == ("NGO", None)


def test_a_former_office_holder_is_an_elite() -> None:
    khan = mention(
        "Pakistan arrested former prime minister Imran Khan.", "prime minister Imran Khan"
    )
    assert (khan.country, khan.sector) == ("PAK", "ELI") and khan.rule.endswith("+former")


def test_the_alliance_is_the_body_named_before() -> None:
    text = "NATO foreign ministers met on Tuesday. The alliance ended its cooperation with Russia."
    alliance = mention(text, "alliance")
    assert (alliance.actor, alliance.country, alliance.kind) == ("NATO", None, "igo")
    assert context_note(alliance.rule) == 'the international body named before: "NATO" at 0'
    alone = find_mentions("The alliance between the two parties collapsed.", date=DAY)
    assert alone == []


def test_a_role_takes_the_one_country_its_passage_names() -> None:
    text = (
        "Turkey and Iran traded accusations all year over trade, gas prices, the "
        "border crossings and the fate of a pipeline that both governments want. "
        "Georgian opposition leaders called a rally in Tbilisi on Friday, and police "
        "detained twelve marchers there."
    )
    police = mention(text, "police")
    assert (police.actor, police.country) == ("GEOCOP", "GEO")
    assert "+context:passage(" in police.rule
    assert context_note(police.rule) is not None
    assert "one country the passage" in (context_note(police.rule) or "")


def test_a_passage_naming_two_countries_places_no_role() -> None:
    text = (
        "Turkey and Iran traded accusations all year. Russia warned on Tuesday. The "
        "decision followed a nighttime police raid on a Kyiv hotel."
    )
    police = mention(text, "police")
    assert police.country is None  # Russia before, Kyiv after: no one country


def test_a_single_sentence_is_no_passage() -> None:
    police = mention("Georgian opposition leaders said police detained twelve marchers.", "police")
    assert police.country is None


def test_govt_is_the_government_of_its_passage() -> None:
    text = (
        "Protesters gathered in Yerevan for a third day. The Armenian government approved "
        "the deal. Govt also banned the march."
    )
    govt = mention(text, "Govt")
    assert (govt.actor, govt.country) == ("ARMGOV", "ARM")


@pytest.mark.parametrize(
    "phrase", ["de-facto authorities", "self-proclaimed government", "separatist leaders"]
)
def test_an_authority_no_state_recognises_takes_no_country(phrase: str) -> None:
    text = (
        f"Georgia protested. On 10 July, the {phrase} of South Ossetia moved border posts "
        "deeper into Georgia. The Georgian government said police would respond."
    )
    role = phrase.split()[-1]
    authority = mention(text, role)
    assert authority.country is None and "+context:" not in authority.rule
    assert mention(text, "police").country == "GEO"  # the rest of the passage is placed
