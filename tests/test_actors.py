"""The actors stage: gazetteer, knowledge base and the mention resolver (no model needed)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from importlib import resources

import pytest

import detente.actors
from detente.actors import find_mentions, load_gazetteer, lookup_person
from detente.models import Mention

MAY_2023 = dt.date(2023, 5, 23)


def by_text(text: str, *, date: dt.date | None = MAY_2023) -> dict[str, Mention]:
    return {m.text: m for m in find_mentions(text, date=date)}


def codes(text: str, *, date: dt.date | None = MAY_2023) -> list[tuple[str, str]]:
    return [(m.text, m.actor) for m in find_mentions(text, date=date)]


def test_public_api_is_sorted_and_complete() -> None:
    assert detente.actors.__all__ == sorted(detente.actors.__all__)
    for name in detente.actors.__all__:
        assert hasattr(detente.actors, name)


@pytest.mark.parametrize("name", ["gazetteer.json", "igos.json", "persons.json", "roles.json"])
def test_data_files_are_versioned(name: str) -> None:
    text = resources.files("detente.actors").joinpath("data", name).read_text("utf-8")
    assert json.loads(text)["version"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Azerbaijan and Israel signed a memorandum.", [("Azerbaijan", "AZE"), ("Israel", "ISR")]),
        ("Iran's leaders condemned the move.", [("Iran's leaders", "IRNGOV")]),
        ("Iran's economy shrank last year.", [("Iran", "IRN")]),
        (
            "An Azerbaijani delegation met Israeli diplomats.",
            [("Azerbaijani", "AZE"), ("Israeli diplomats", "ISRGOV")],
        ),
        ("Turkish drones were delivered.", [("Turkish", "TUR")]),
        ("Russian and Chinese influence is waning.", [("Russian", "RUS"), ("Chinese", "CHN")]),
        ("Turkey hosted the talks.", [("Turkey", "TUR")]),
    ],
)
def test_country_names_and_demonyms(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "text", "actor", "rule"),
    [
        ("Baku said the claims were baseless.", "Baku", "AZEGOV", "gazetteer:capital"),
        ("Tehran denied any role.", "Tehran", "IRNGOV", "gazetteer:capital"),
        ("Teheran summoned the envoy of Baku.", "Teheran", "IRNGOV", "gazetteer:capital"),
        ("Yerevan protested.", "Yerevan", "ARMGOV", "gazetteer:capital"),
        ("A new embassy opened in Ashgabat.", "Ashgabat", "TKMGOV", "gazetteer:capital"),
        ("Kiev and Moscow traded accusations.", "Kiev", "UKRGOV", "gazetteer:capital"),
        ("The Kremlin denied it.", "Kremlin", "RUSGOV", "gazetteer:seat"),
    ],
)
def test_capitals_by_metonymy(sentence: str, text: str, actor: str, rule: str) -> None:
    mention = by_text(sentence)[text]
    assert (mention.actor, mention.rule) == (actor, rule)


def test_other_cities_give_the_country_without_a_sector() -> None:
    mention = by_text("Shelling hit Kharkiv overnight.")["Kharkiv"]
    assert (mention.actor, mention.rule) == ("UKR", "gazetteer:city")


def test_city_inside_an_institution_name_is_not_an_actor() -> None:
    assert codes("The Stockholm Peace Institute published figures.") == []


@pytest.mark.parametrize(
    ("sentence", "text", "actor", "name"),
    [
        (
            "Israeli foreign minister Eli Cohen flew to Baku on Monday.",
            "Israeli foreign minister Eli Cohen",
            "ISRGOV",
            "Eli Cohen",
        ),
        (
            "In April, Israel's finance minister Avigdor Lieberman arrived.",
            "Israel's finance minister Avigdor Lieberman",
            "ISRGOV",
            "Avigdor Lieberman",
        ),
        (
            "Israeli defense minister Benny Gantz signed two deals.",
            "Israeli defense minister Benny Gantz",
            "ISRGOV",
            "Benny Gantz",
        ),
        (
            "Officers from Iran's intelligence ministry were detained.",
            "Iran's intelligence ministry",
            "IRNSPY",
            "Iran",
        ),
        ("Azerbaijani media reported the arrests.", "Azerbaijani media", "AZEJRN", "Azerbaijan"),
        (
            "He met high-ranking Azerbaijani officials.",
            "Azerbaijani officials",
            "AZEGOV",
            "Azerbaijan",
        ),
        ("Iranian officials gained revenue.", "Iranian officials", "IRNGOV", "Iran"),
        ("Critics of the Tehran regime were jailed.", "Tehran regime", "IRNGOV", "Iran"),
        (
            "The area was held by military forces of the Republic of Armenia.",
            "military forces of the Republic of Armenia",
            "ARMMIL",
            "Armenia",
        ),
        (
            "A plot against a member of Azerbaijan's parliament failed.",
            "member of Azerbaijan's parliament",
            "AZELEG",
            "Azerbaijan",
        ),
        ("The secular government of Baku responded.", "government of Baku", "AZEGOV", "Azerbaijan"),
    ],
)
def test_compound_role_phrases(sentence: str, text: str, actor: str, name: str) -> None:
    mention = by_text(sentence)[text]
    assert (mention.actor, mention.name) == (actor, name)
    assert mention.rule == "role:compound"


def test_a_leaders_name_before_a_state_body_gives_its_country() -> None:
    found = {m.text: m for m in find_mentions(
        "The Obama administration blamed separatists; the Netanyahu government objected.",
        date=dt.date(2014, 7, 29),
    )}  # fmt: skip
    assert (found["Obama administration"].actor, found["Obama administration"].name) == (
        "USAGOV",
        "United States",
    )
    assert found["Netanyahu government"].actor == "ISRGOV"
    assert found["Obama administration"].rule == "role:leader-body"


def test_coordinated_roles_share_the_country() -> None:
    found = by_text("It was sponsored by police and intelligence services of the Iranian state.")
    assert found["police"].actor == "IRNCOP"
    assert found["police"].rule == "role:coordination"
    assert found["intelligence services of the Iranian state"].actor == "IRNSPY"


def test_person_learnt_from_apposition_resolves_later() -> None:
    text = (
        "Israeli foreign minister Eli Cohen visited Baku. Weeks later foreign minister Cohen "
        "flew on. Israeli defense minister Benny Gantz came in October; Gantz signed deals. "
        "Israel's finance minister Avigdor Lieberman followed, and Lieberman praised the talks."
    )
    later = [m for m in find_mentions(text, date=MAY_2023) if m.rule == "doc:apposition"]
    assert [(m.text, m.actor, m.name) for m in later] == [
        ("foreign minister Cohen", "ISRGOV", "Eli Cohen"),
        ("Gantz", "ISRGOV", "Benny Gantz"),
        ("Lieberman", "ISRGOV", "Avigdor Lieberman"),
    ]


def test_president_resolves_through_the_knowledge_base() -> None:
    full = by_text("President Ilham Aliyev received the delegation.")["President Ilham Aliyev"]
    assert (full.actor, full.kind, full.rule) == ("AZEGOV", "person", "kb:person")
    short = by_text("President Aliyev said relations were at a low.")["President Aliyev"]
    assert (short.actor, short.name, short.rule) == ("AZEGOV", "Ilham Aliyev", "kb:person")


def test_knowledge_base_picks_the_term_by_date() -> None:
    heydar = lookup_person("Aliyev", date=dt.date(1999, 1, 1))
    ilham = lookup_person("Aliyev", date=MAY_2023)
    assert heydar is not None and heydar.name == "Heydar Aliyev"
    assert ilham is not None and ilham.name == "Ilham Aliyev"
    assert lookup_person("Aliyev") is None  # two people, no date: no guess
    assert lookup_person("Netanyahu", date=dt.date(2021, 12, 1)) is None


def test_bare_surname_without_a_date_needs_one_actor_code() -> None:
    assert codes("Aliyev spoke.", date=None) == [("Aliyev", "AZEGOV")]  # both Aliyevs: AZEGOV
    assert codes("Khan spoke.", date=None) == []  # leaders of many countries
    assert codes("Aliyev spoke.") == [("Aliyev", "AZEGOV")]


def test_title_with_unknown_person_keeps_the_sector() -> None:
    mention = by_text("Minister Zorblat Quux arrived.", date=None)["Minister Zorblat Quux"]
    assert (mention.actor, mention.country, mention.rule) == ("GOV", None, "role:title")


@pytest.mark.parametrize(
    "sentence",
    [
        "Jordan Peterson gave a lecture.",
        "He hung a chad on the wall.",
        "The Central Asian countries want another vector.",
        "Defense ministers met to discuss military-industrial cooperation.",
        "State-to-state relations are tense.",
    ],
)
def test_no_false_country_mentions(sentence: str) -> None:
    assert [m for m in find_mentions(sentence, date=MAY_2023) if m.country] == []


def test_sentence_initial_ambiguous_name_is_still_a_country() -> None:
    assert codes("Jordan closed its border.") == [("Jordan", "JOR")]


def test_igos() -> None:
    found = by_text("NATO and the European Union urged the EU members and the UN to act.")
    assert (found["NATO"].actor, found["NATO"].kind) == ("NATO", "igo")
    assert found["European Union"].actor == "EU"
    assert found["EU"].actor == "EU"
    assert found["UN"].actor == "UN"
    assert by_text("The OSCE Minsk Group met.")["OSCE Minsk Group"].actor == "OSCE"


def test_hyphenated_pair_gives_two_countries() -> None:
    assert codes("Azerbaijani-Israeli cooperation deepens.") == [
        ("Azerbaijani", "AZE"),
        ("Israeli", "ISR"),
    ]


def test_offsets_point_into_text_and_do_not_overlap() -> None:
    text = (
        "Iran\u2019s intelligence ministry and Israel\u2019s foreign minister Eli Cohen"
        " met in Baku."
    )
    mentions = find_mentions(text, date=MAY_2023)
    assert [m.text for m in mentions] == [
        "Iran\u2019s intelligence ministry",
        "Israel\u2019s foreign minister Eli Cohen",
        "Baku",
    ]
    for a, b in itertools.pairwise(mentions):
        assert a.end <= b.start
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_gazetteer_metadata() -> None:
    gaz = load_gazetteer()
    assert gaz.country_name("AZE") == "Azerbaijan"
    assert "gazetteer" in gaz.version
    assert gaz.igos["NATO"].cameo == "IGOWSTNAT"
