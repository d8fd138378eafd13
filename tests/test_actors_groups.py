"""Named bodies (armed groups, state bodies, IGO bodies), role chains and the role field."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from detente.actors import find_mentions
from detente.actors.gazetteer import read_data
from detente.actors.kb_files import parse_actors
from detente.cli import app

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference" / "actors"
MAY_2023 = dt.date(2023, 5, 23)


def found(text: str, *, date: dt.date | None = MAY_2023) -> list[tuple[str, str, str]]:
    return [(m.text, m.actor, m.kind) for m in find_mentions(text, date=date)]


@pytest.mark.parametrize(
    ("sentence", "text", "actor"),
    [
        ("The Taliban seized the district on Monday.", "Taliban", "AFGREB"),
        ("Boko Haram abducted 30 students in Borno.", "Boko Haram", "NGAREB"),
        ("ISIL claimed the attack in Mosul.", "ISIL", "IMGREB"),
        ("A car bombing by the Islamic State killed nine.", "Islamic State", "IMGREB"),
        ("Fighters of ISIS retreated from Raqqa.", "Fighters of ISIS", "IMGREB"),
        ("Daesh positions were shelled.", "Daesh", "IMGREB"),
        ("Somali troops repelled al Shabaab near Mogadishu.", "al Shabaab", "SOMREB"),
        ("Hamas fired rockets at Ashkelon.", "Hamas", "PSEREB"),
        ("Hezbollah warned Israel.", "Hezbollah", "LBNREB"),
        ("The PKK ambushed a convoy in Hakkari.", "PKK", "TURREB"),
        ("The Houthis launched a drone at Jeddah.", "Houthis", "YEMREB"),
        ("The LTTE denied the charge.", "LTTE", "LKAREB"),
        ("Gunmen loyal to al-Qaeda stormed the hotel.", "al-Qaeda", "IMGREB"),
    ],
)
def test_non_state_armed_groups(sentence: str, text: str, actor: str) -> None:
    assert (text, actor, "group") in found(sentence)


@pytest.mark.parametrize(
    ("sentence", "text", "actor", "kind"),
    [
        (
            "The Israel Defense Forces said it struck Gaza.",
            "Israel Defense Forces",
            "ISRMIL",
            "organisation",
        ),
        ("The IDF said it struck Gaza.", "IDF", "ISRMIL", "organisation"),
        ("IDF troops entered Jenin.", "IDF troops", "ISRMIL", "organisation"),
        ("The IRGC seized a tanker.", "IRGC", "IRNMIL", "organisation"),
        (
            "The Revolutionary Guards seized a tanker.",
            "Revolutionary Guards",
            "IRNMIL",
            "organisation",
        ),
        (
            "Iran's Revolutionary Guards seized a tanker.",
            "Iran's Revolutionary Guards",
            "IRNMIL",
            "organisation",
        ),
        ("The European Commission fined Google.", "European Commission", "EUGOV", "igo"),
        ("The European Council met in Brussels.", "European Council", "EUGOV", "igo"),
        ("The European Parliament voted.", "European Parliament", "EULEG", "igo"),
        ("The Security Council condemned the attack.", "Security Council", "UN", "igo"),
        ("The Pentagon denied the report.", "Pentagon", "USAMIL", "organisation"),
        ("ICE agents detained him.", "ICE agents", "USACOP", "organisation"),
        # an international organisation before a role: the role gives the sector
        ("NATO troops crossed the border.", "NATO troops", "NATOMIL", "igo"),
        ("EU officials denied it.", "EU officials", "EUGOV", "igo"),
        (
            "NATO Secretary General Jens Stoltenberg visited Kyiv.",
            "NATO Secretary General Jens Stoltenberg",
            "NATOGOV",
            "person",
        ),
        (
            "European Council president Donald Tusk met Theresa May.",
            "European Council president Donald Tusk",
            "EUGOV",
            "person",
        ),
    ],
)
def test_named_organisations(sentence: str, text: str, actor: str, kind: str) -> None:
    assert (text, actor, kind) in found(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "the taliban spring offensive",  # not written as a name
        "Isis, the goddess, was worshipped in Egypt.",  # an acronym only in capitals
        "revolutionary guards of the palace",  # lower case: the role noun, no country
        "Nice ice cream.",
    ],
)
def test_names_must_be_written_as_names(sentence: str) -> None:
    assert all(kind != "group" and actor != "IRNMIL" for _, actor, kind in found(sentence))


def test_group_roles_keep_the_group_code_and_teach_persons() -> None:
    text = (
        "Hamas leader Ismail Haniyeh rejected the truce. Zabihullah Mujahid, the Taliban "
        "spokesman, denied it. Haniyeh later left Doha. Taliban fighters attacked a "
        "checkpoint, a spokesman of the Taliban said."
    )
    mentions = {m.text: m for m in find_mentions(text, date=MAY_2023)}
    haniyeh = mentions["Hamas leader Ismail Haniyeh"]
    assert (haniyeh.actor, haniyeh.kind, haniyeh.role) == ("PSEREB", "person", "leader")
    assert mentions["Haniyeh"].actor == "PSEREB"
    assert mentions["Haniyeh"].rule == "doc:apposition"
    assert mentions["Zabihullah Mujahid, the Taliban spokesman"].actor == "AFGREB"
    assert (mentions["Taliban fighters"].actor, mentions["Taliban fighters"].role) == (
        "AFGREB",
        "fighters",
    )
    assert mentions["spokesman of the Taliban"].actor == "AFGREB"


@pytest.mark.parametrize(
    ("sentence", "text", "actor", "role"),
    [
        (
            "Iranian intelligence officials met him.",
            "Iranian intelligence officials",
            "IRNSPY",
            "intelligence officials",
        ),
        (
            "Israeli military officials said so.",
            "Israeli military officials",
            "ISRMIL",
            "military officials",
        ),
        (
            "Israeli foreign minister Eli Cohen spoke.",
            "Israeli foreign minister Eli Cohen",
            "ISRGOV",
            "foreign minister",
        ),
        (
            "Azerbaijan's State Security Service arrested him.",
            "Azerbaijan's State Security Service",
            "AZESPY",
            "state security service",
        ),
        ("Police raided the office.", "Police", "COP", "police"),
    ],
)
def test_role_chains_and_the_role_field(sentence: str, text: str, actor: str, role: str) -> None:
    mention = next(m for m in find_mentions(sentence, date=MAY_2023) if m.text == text)
    assert (mention.actor, mention.role) == (actor, role)


def test_ethnic_demonyms_are_left_as_they_were() -> None:
    assert found("Ethnic Armenians protested in Tbilisi.")[0][:2] == ("Armenians", "ARM")


def test_title_and_unknown_full_name_falls_back_to_a_known_surname() -> None:
    mention = find_mentions("President Donald Trump spoke.", date=dt.date(2019, 5, 1))[0]
    assert (mention.actor, mention.rule) == ("USAGOV", "kb:person")
    # a title of another sector does not borrow the surname
    general = find_mentions("General Donald Trump spoke.", date=dt.date(2019, 5, 1))[0]
    assert general.actor == "MIL"


def test_imported_persons_get_their_surname_when_it_is_unambiguous() -> None:
    text = (
        "BENJAMIN_NETANYAHU_\n+BIBI_\n\t[ISRGOV 960618-990706]\n\t[ISRGOV 090331-210613]\n"
        "ZAKIR_HASANOV_ [AZEMIL >131022]\nIMRAN_KHAN_ [PAKGOV]\nALI_KHAN_ [PAKGOV]\n"
        "POPULAR_FRONT_ [LBNREB]\n"
    )
    aliases = {e.name: e.aliases for e in parse_actors(text, source="t.actors").entries}
    assert aliases["Benjamin Netanyahu"] == ("Bibi", "Netanyahu")
    assert aliases["Zakir Hasanov"] == ("Hasanov",)
    assert aliases["Imran Khan"] == aliases["Ali Khan"] == ()  # two Khans: no alias
    assert aliases["Popular Front"] == ()


def test_actors_command_json_has_role() -> None:
    result = CliRunner().invoke(app, ["actors", "IDF troops entered Jenin.", "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)[0]
    assert {"text", "start", "end", "actor", "country", "sector", "name"} <= set(record)
    assert (record["actor"], record["role"]) == ("ISRMIL", "troops")


def test_groups_data_is_versioned_and_sourced() -> None:
    data = read_data("groups.json")
    assert data["version"]
    sources = {g["source"] for g in data["groups"]}
    assert sources == {"curated", "phoenix"}
    assert all(g["sector"] for g in data["groups"])


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_actor_data_groups", ROOT / "scripts" / "build_actor_data.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference/actors is absent")
def test_groups_file_is_what_the_build_script_makes() -> None:
    build = _build_module()
    curated = json.loads((ROOT / "src/detente/actors/data/curated.json").read_text("utf-8"))
    codes = {c["code"] for c in read_data("gazetteer.json")["countries"]}
    assert build.build_groups(REFERENCE, curated, codes) == read_data("groups.json")


@pytest.mark.parametrize(
    ("sentence", "text", "actor"),
    [
        ("The TPLF signed the deal.", "TPLF", "ETHREB"),
        ("The Libyan National Army (LNA) lifted its blockade.", "Libyan National Army", "LBYREB"),
        ("The RSF shelled Omdurman.", "RSF", "SDNREB"),
        ("The Kachin Independence Army seized a post.", "Kachin Independence Army", "MMRREB"),
        ("JNIM fighters attacked a convoy.", "JNIM fighters", "IMGREB"),
    ],
)
def test_armed_groups_of_current_wars(sentence: str, text: str, actor: str) -> None:
    assert (text, actor) in [(t, a) for t, a, _ in found(sentence)], found(sentence)
