"""Names the knowledge base does not know (organisations by their head word, acronyms the
text defines) and towns from the gazetteer: where they are actors and where places."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from detente.actors import find_mentions
from detente.events import code_document
from detente.models import Document

GAZETTEER = Path(__file__).parents[1] / "src" / "detente" / "actors" / "data" / "gazetteer.json"
JUNE_2024 = dt.date(2024, 6, 25)


def found(text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.actor, m.rule) for m in find_mentions(text, date=JUNE_2024)]


def test_an_unknown_armed_group_is_one_mention_and_its_acronym_names_it_later() -> None:
    text = (
        "In northern Shan state, the Lahu National Liberation Army (LNLA) launched "
        "dawn attacks on the military. The LNLA had restricted travel around Kyaukme."
    )
    mentions = found(text)
    names = [name for name, _, _ in mentions]
    assert "Lahu National Liberation Army (LNLA)" in names
    assert "LNLA" in names
    # the known "National Liberation Army" (Colombia's ELN) is not read inside the longer name
    assert not any(actor.startswith("COL") for _, actor, _ in mentions), mentions
    groups = [(n, a) for n, a, rule in mentions if rule.startswith("name:organisation")]
    assert all(actor.endswith("REB") for _, actor in groups), groups


def test_a_group_name_says_its_country_and_kind() -> None:
    mentions = {
        name: actor
        for name, actor, _ in found(
            "The Communist Party of Vietnam met Ukrainian Ground Forces and the "
            "National Movement for the Liberation of Azawad (MNLA) on Friday."
        )
    }
    assert mentions["Communist Party of Vietnam"] == "VNMPTY"
    assert mentions["Ukrainian Ground Forces"] == "UKRMIL"  # the state's own
    assert mentions["National Movement for the Liberation of Azawad (MNLA)"] == "REB"


def test_a_body_of_an_international_organisation_is_that_organisation() -> None:
    mentions = found(
        "The Collective Security Council of the Collective Security Treaty Organization "
        "approved the decision to send peacekeeping forces to Kazakhstan."
    )
    assert mentions[0][1] == "CSTO", mentions
    assert not any(actor == "UN" for _, actor, _ in mentions)  # not the Security Council


def test_a_longer_unknown_name_holding_a_known_one_is_no_mention_of_it() -> None:
    mentions = found("Reporters met the Sabunchi District Court of Baku and the Security Council.")
    assert ("Security Council", "UN", "gazetteer:igo") in mentions
    assert ("Court of Baku", "AZEJUD", "role:compound") in mentions


def test_a_date_is_no_group_name() -> None:
    assert [a for _, a, _ in found("A deal with Tuareg leaders was signed May 15 in Bamako.")] == [
        "GOV",
        "MLIGOV",
    ]


def test_an_unknown_group_takes_the_country_of_the_document() -> None:
    text = (
        "Kenyan police fired tear gas in Nairobi. Kenya's president spoke. "
        "The Kenya Human Rights Commission condemned it. Later the Mungiki Militia "
        "attacked a police post in Kenya."
    )
    mentions = {name: (actor, rule) for name, actor, rule in found(text)}
    actor, rule = mentions["Mungiki Militia"]
    assert actor == "KENREB" and "context:" in rule


@pytest.mark.parametrize(
    ("name", "country"),
    [("Kidal", "MLI"), ("Kyaukme", "MMR"), ("Grozny", "RUS"), ("Kharkiv", "UKR"), ("Idlib", "SYR")],
)
def test_cities_and_towns_of_every_region_are_in_the_gazetteer(name: str, country: str) -> None:
    gazetteer = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    places = {c["code"]: {*c["cities"], *c.get("towns", [])} for c in gazetteer["countries"]}
    assert name in places[country]


def test_towns_leave_out_words_names_and_country_lookalikes() -> None:
    gazetteer = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    towns = {t for c in gazetteer["countries"] for t in c.get("towns", [])}
    # an English word, a first name, a role word, a country in another language,
    # a name several countries' cities share
    assert not towns & {"Surprise", "Jackson", "Media", "Palestina", "Valencia", "Police"}


def test_a_town_is_a_place_not_a_party_inside_a_longer_name() -> None:
    mentions = found("A venue on the Lower East Side hosted Klockner-Humboldt-Deutz staff.")
    assert not any(rule == "gazetteer:town" for _, _, rule in mentions), mentions


@pytest.mark.model
def test_a_town_is_the_target_of_what_is_aimed_at_it_and_otherwise_where() -> None:
    text = (
        "Putin claimed that Ukrainian drones had attacked Grozny in Chechnya. "
        "On January 2, crowds took to the streets in the cities of Zhanaozen and Aktau."
    )
    events = code_document(Document(doc_id="towns", text=text, date=dt.date(2024, 12, 29)))
    attack = next(e for e in events if e.trigger_text == "attacked")
    assert (attack.source_country, attack.target_country) == ("UKR", "RUS")
    protest = next(e for e in events if e.trigger_text == "took")
    assert protest.target_text not in {"Zhanaozen", "Aktau"}, protest  # where, not whom


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("President Moise asked the OAS to help organise elections.", "OAS"),
        ("ECOWAS suspended Mali after the coup.", "ECOWAS"),
        ("The Red Cross visited the prisoners.", "ICRC"),
        ("SADC leaders met in Maputo.", "SADCGOV"),
        ("IGAD mediated between the parties.", "IGAD"),
    ],
)
def test_regional_organisations_are_known(text: str, code: str) -> None:
    assert code in [actor for _, actor, _ in found(text)]


def test_a_country_that_opens_a_forces_name_makes_them_the_states() -> None:
    mentions = {name: actor for name, actor, _ in found("The Israel Defense Force struck.")}
    assert mentions == {"Israel Defense Force": "ISRMIL"}
    fighters = found("Karenni Nationalities Defence Force (KNDF) fighters attacked. The KNDF left.")
    assert [(name, actor) for name, actor, _ in fighters] == [
        ("Karenni Nationalities Defence Force (KNDF) fighters", "REB"),
        ("KNDF", "REB"),
    ]
