"""Named officials from Phoenix.Countries.actors in the packaged persons knowledge base.

The build tests run the script's functions on a hand-written ``.actors`` snippet; the
resolution tests read only the packaged ``persons.json``; one test reads ../shared
and skips when it is absent.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from detente.actors import find_mentions, load_persons, lookup_person
from detente.actors.gazetteer import read_data

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference" / "actors"
PERSONS = ROOT / "src" / "detente" / "actors" / "data" / "persons.json"

SNIPPET = """\
# a hand-written dictionary in the Phoenix.Countries layout
UNITED_KINGDOM_  [GBR]
+BRITAIN_

THERESA_MAY_  # CountryInfo.txt
+THERESA_MARY_MAY_
\t[GBRGOVHRI >100601]
HAIDAR_AL_ABADI_  # CountryInfo.txt
+HAIDER_AL-ABADI_
+ABADI_
\t[IRQGOV 140908-180101]
\t[IRQLEG 060101-140907]
ANGELA_MERKEL_
+CHANCELLOR_ANGELA_DOROTHEA_MERKEL_
+MRS_MERKEL_
\t[DEUGOV >051122]
KIM_PHILBY_
\t[GBRSPY <630123]
JOHN_MCCAIN
\t[USALEG 870103-180825]
SEAN_O'BRIEN_
\t[USAGOV 010101-020101]
ALMA-ATA_
+ALMA_ATA_
\t[USR <911221]
\t[KAZGOV >911221]
BASHAR_AL-ASSAD_
\t[SYRGOV]
MADONNA_
\t[USAELI 850101-900101]
JOHN_SMITH_
\t[GBRGOV 030101-050101]
JOHN_SMITH_
\t[USAGOV 030101-050101]
AFGHAN_NATIONAL_ARMY_
\t[AFGMIL 030101-050101]
MINISTRY_OF_DEFENCE_
\t[GBRGOV 030101-050101]
BRITISH_VIRGIN_ISLANDS_GOVERNOR_
+DAVID_PEAREY_
\t[GBRVGBGOV 020101-040101]
NEW_ZEALAND_LABOUR_
\t[NZLGOV 030101-050101]
"""

MAY_LEADER = {
    "name": "May",
    "aliases": [],
    "country": "GBR",
    "sector": "GOV",
    "role": "leader",
    "start": "2016-07-13",
    "end": "2019-07-31",
    "source": "reign",
}


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_actor_data_phoenix", ROOT / "scripts" / "build_actor_data.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def terms(build: ModuleType) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = build.phoenix_persons(
        SNIPPET,
        countries={"GBR", "USA", "SYR", "IRQ", "AFG", "NZL", "KAZ", "DEU"},
        taken={"united kingdom", "new zealand labour"},
        demonyms={"afghan", "british"},
        leaders=[MAY_LEADER],
        titles={"chancellor", "president"},
    )
    return result


def _of(terms: list[dict[str, Any]], name: str) -> list[tuple[str, str, str | None, str]]:
    return sorted(
        (t["sector"], t["start"], t["end"], t["role"]) for t in terms if t["name"] == name
    )


def test_dated_codes_become_terms_with_sector_and_role(terms: list[dict[str, Any]]) -> None:
    assert _of(terms, "Haidar al Abadi") == [
        ("GOV", "2014-09-08", "2018-01-01", "official"),
        ("LEG", "2006-01-01", "2014-09-07", "official"),
    ]
    assert _of(terms, "John McCain") == [("LEG", "1987-01-03", "2018-08-25", "official")]


def test_a_code_without_start_holds_from_1900(terms: list[dict[str, Any]]) -> None:
    assert _of(terms, "Kim Philby") == [("SPY", "1900-01-01", "1963-01-23", "official")]


def test_undated_codes_are_dropped(terms: list[dict[str, Any]]) -> None:
    assert _of(terms, "Sean O'Brien") == [("GOV", "2001-01-01", "2002-01-01", "official")]
    assert not _of(terms, "Bashar al-Assad")  # its only code has no date


def test_aliases_keep_names_of_two_words_or_more(terms: list[dict[str, Any]]) -> None:
    abadi = next(t for t in terms if t["name"] == "Haidar al Abadi")
    assert abadi["aliases"] == ["Haider al-Abadi"]  # "Abadi" alone is too ambiguous
    may = next(t for t in terms if t["name"] == "Theresa May")
    assert may["aliases"] == ["Theresa Mary May"]


def test_titles_before_a_name_are_dropped(terms: list[dict[str, Any]]) -> None:
    merkel = next(t for t in terms if t["name"] == "Angela Merkel")
    assert merkel["aliases"] == ["Angela Dorothea Merkel", "Mrs Merkel"]


def test_a_leader_term_wins_and_is_found_under_the_full_name(
    terms: list[dict[str, Any]],
) -> None:
    assert _of(terms, "Theresa May") == [
        ("GOV", "2010-06-01", "2016-07-12", "official"),
        ("GOV", "2016-07-13", "2019-07-31", "leader"),
    ]
    leader = next(t for t in terms if t["name"] == "Theresa May" and t["role"] == "leader")
    assert leader["source"] == "reign+phoenix"


@pytest.mark.parametrize(
    "name",
    [
        "Madonna",  # one word
        "John Smith",  # two countries
        "Afghan National Army",  # an institution, starts with a demonym
        "Ministry of Defence",  # an institution
        "David Pearey",  # a territory's code (GBR VGB): no sector detente knows
        "New Zealand Labour",  # a name the gazetteer or a group has
        "Alma Ata",  # a bare country code: a place
        "United Kingdom",
    ],
)
def test_entries_that_are_no_usable_person_are_dropped(
    terms: list[dict[str, Any]], name: str
) -> None:
    assert not [t for t in terms if name in (t["name"], *t["aliases"])]


@pytest.mark.parametrize(
    ("raw", "written"),
    [
        ("THERESA_MAY_", "Theresa May"),
        ("HAIDAR_AL_ABADI_", "Haidar al Abadi"),
        ("ABU_ABDUL_'AZIZ_AL-QATARI", "Abu Abdul 'Aziz al-Qatari"),
        ("OSAMA_BIN_LADEN", "Osama bin Laden"),
        ("AL_SADR", "Al Sadr"),
        ("JAN_EDUARD_DE_QUAY", "Jan Eduard de Quay"),
        ("SEAN_O'BRIEN", "Sean O'Brien"),
        ("JOHN_MCCAIN", "John McCain"),
        ("MA'RUF_AMIN", "Ma'ruf Amin"),
        ("KING_ABDULLAH_II", "King Abdullah II"),
    ],
)
def test_names_are_written_as_names(build: ModuleType, raw: str, written: str) -> None:
    assert build.person_name(raw) == written


def test_compact_officials_group_terms_by_person(
    build: ModuleType, terms: list[dict[str, Any]]
) -> None:
    officials = build.compact_officials(t for t in terms if t["source"] == "phoenix")
    abadi = next(o for o in officials if o["name"] == "Haidar al Abadi")
    assert abadi["terms"] == [
        ["LEG", "2006-01-01", "2014-09-07"],
        ["GOV", "2014-09-08", "2018-01-01"],
    ]
    assert officials == sorted(officials, key=lambda o: (o["country"], o["name"]))


# the packaged knowledge base (no ../shared needed)

SPRING_2017 = dt.date(2017, 3, 1)


def _actors(text: str, date: dt.date | None) -> dict[str, tuple[str, str | None]]:
    return {m.text: (m.actor, m.role) for m in find_mentions(text, date=date)}


def test_theresa_may_and_donald_tusk_in_a_2017_article() -> None:
    found = _actors("Donald Tusk will hold talks with Theresa May in London.", SPRING_2017)
    assert found["Theresa May"] == ("GBRGOV", "leader")
    assert found["Donald Tusk"] == ("POLGOV", "official")


def test_the_date_picks_the_term() -> None:
    assert _actors("Theresa May visited Paris.", dt.date(2012, 5, 1))["Theresa May"] == (
        "GBRGOV",
        "official",
    )
    # without a date, the latest term
    assert _actors("Theresa May visited Paris.", None)["Theresa May"] == ("GBRGOV", "leader")
    # before any Phoenix or leader term: nothing
    assert "Theresa May" not in _actors("Theresa May visited Paris.", dt.date(1995, 1, 1))


@pytest.mark.parametrize(
    ("text", "name", "date", "actor"),
    [
        ("Elmar Mammadyarov met his counterpart.", "Elmar Mammadyarov", SPRING_2017, "AZEGOV"),
        ("Ahmet Davutoglu flew to Baghdad.", "Ahmet Davutoglu", dt.date(2012, 1, 10), "TURGOV"),
        ("Avigdor Lieberman said on Sunday.", "Avigdor Lieberman", dt.date(2010, 6, 1), "ISRGOV"),
    ],
)
def test_ministers_from_phoenix_resolve(text: str, name: str, date: dt.date, actor: str) -> None:
    mention = next(m for m in find_mentions(text, date=date) if m.text == name)
    assert (mention.actor, mention.rule, mention.role) == (actor, "kb:person", "official")


@pytest.mark.parametrize("text", ["Mammadyarov said no.", "Tusk said no.", "Davutoglu spoke."])
def test_a_bare_surname_alone_is_not_matched(text: str) -> None:
    assert find_mentions(text, date=SPRING_2017) == []


def test_after_the_full_name_the_surname_follows_it() -> None:
    text = "Avigdor Lieberman arrived in Baku. Lieberman said talks went well."
    found = _actors(text, dt.date(2010, 6, 1))
    assert found["Lieberman"] == ("ISRGOV", "official")


def test_lookup_person_knows_officials() -> None:
    person = lookup_person("Theresa Mary May", date=dt.date(2012, 1, 1))
    assert person is not None and (person.name, person.role) == ("Theresa May", "official")
    assert lookup_person("Mammadyarov", date=SPRING_2017) is None


def test_packaged_officials_are_clean() -> None:
    data = read_data("persons.json")
    officials = data["officials"]
    assert len(officials) > 10_000
    assert officials == sorted(officials, key=lambda o: (o["country"], o["name"]))
    countries = {c["code"] for c in read_data("gazetteer.json")["countries"]}
    for official in officials:
        assert all(len(n.split()) >= 2 for n in (official["name"], *official["aliases"]))
        assert official["country"] in countries
        assert official["terms"] and all(
            t[1] and (t[2] is None or t[2] >= t[1]) for t in official["terms"]
        )
    roles = {p.role for p in load_persons()}
    assert {"leader", "official"} <= roles
    assert PERSONS.stat().st_size < 3_000_000  # it ships in the wheel


def test_no_official_is_called_like_a_country() -> None:
    officials = read_data("persons.json")["officials"]
    names = {n.casefold() for o in officials for n in (o["name"], *o["aliases"])}
    gazetteer = read_data("gazetteer.json")["countries"]
    assert not names & {c["name"].casefold() for c in gazetteer}


def test_the_phoenix_file_gives_the_packaged_officials() -> None:
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference/actors is not present")
    shipped = json.loads(PERSONS.read_text("utf-8"))
    names = {o["name"] for o in shipped["officials"]}
    assert {"Theresa May", "Donald Tusk", "Elmar Mammedyarov", "Avigdor Lieberman"} <= names
