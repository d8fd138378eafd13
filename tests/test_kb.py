"""The knowledge base: dated lookups, what documents teach, the store tables and files."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from detente.actors import find_mentions
from detente.actors.kb_files import parse_actors, parse_csv, to_actors, to_csv
from detente.actors.knowledge import KbEntry, KnowledgeBase, KnowledgeBaseError
from detente.actors.lessons import lessons
from detente.actors.store_kb import (
    edit_entry,
    entries,
    get_entry,
    import_path,
    learn,
    load_kb,
    remove_entry,
    save_entries,
)
from detente.store import Store

PHOENIX = Path(__file__).resolve().parents[2] / "shared" / "reference" / "actors" / "phoenix"
DOC1 = (
    "Azerbaijan's defense minister Zakir Hasanov visited Israel on Tuesday. "
    "Hasanov toured a drone factory."
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "kb.duckdb") as opened:
        yield opened


def test_biden_resolves_to_the_role_held_on_the_date() -> None:
    kb = KnowledgeBase()
    roles = {}
    for year in (1990, 2012, 2022):
        entry = kb.lookup("Biden", date=dt.date(year, 6, 1))
        assert entry is not None and entry.name == "Joe Biden"
        roles[year] = (entry.code, entry.role)
    assert roles == {
        1990: ("USALEG", "senator"),
        2012: ("USAGOV", "vice president"),
        2022: ("USAGOV", "president"),
    }
    text = "Biden arrived in Kyiv."
    assert find_mentions(text, date=dt.date(1990, 6, 1))[0].actor == "USALEG"
    assert find_mentions(text, date=dt.date(2012, 6, 1))[0].actor == "USAGOV"


def test_post_modifier_and_relative_clause_teach_a_person() -> None:
    text = (
        "Zakir Hasanov, Azerbaijan's defense minister, met Moshe Arens, who was Israel's "
        "defense minister. Later Hasanov and Arens spoke. Meanwhile, Iran's foreign "
        "minister left."
    )
    found = [(m.text, m.actor, m.name, m.rule) for m in find_mentions(text, date=None)]
    assert found == [
        (
            "Zakir Hasanov, Azerbaijan's defense minister",
            "AZEGOV",
            "Zakir Hasanov",
            "role:postmodifier",
        ),
        (
            "Moshe Arens, who was Israel's defense minister",
            "ISRGOV",
            "Moshe Arens",
            "role:relative",
        ),
        ("Hasanov", "AZEGOV", "Zakir Hasanov", "doc:apposition"),
        ("Arens", "ISRGOV", "Moshe Arens", "doc:apposition"),
        ("Iran's foreign minister", "IRNGOV", "Iran", "role:compound"),
    ]


def test_lessons_carry_role_and_evidence_and_skip_what_the_package_knows() -> None:
    text = DOC1 + " Ilham Aliyev, Azerbaijan's president, welcomed it."
    date = dt.date(2023, 3, 1)
    taught = lessons(find_mentions(text, date=date), doc_id="d1", text=text, date=date)
    assert [(e.name, e.code, e.role, e.aliases, e.status) for e in taught] == [
        ("Zakir Hasanov", "AZEGOV", "defense minister", ("Hasanov",), "learned")
    ]
    (evidence,) = taught[0].evidence
    assert evidence.doc_id == "d1" and evidence.date == date
    assert (
        evidence.sentence
        == "Azerbaijan's defense minister Zakir Hasanov visited Israel on Tuesday."
    )


def test_learned_entries_reach_later_documents_through_the_store(store: Store) -> None:
    date = dt.date(2023, 3, 1)
    learn(store, lessons(find_mentions(DOC1, date=date), doc_id="d1", text=DOC1, date=date))
    later = find_mentions("Hasanov met his Turkish counterpart.", date=dt.date(2023, 6, 1))
    assert [m.text for m in later] == ["Turkish counterpart"]  # the package alone: unknown
    kb = load_kb(store)
    found = find_mentions("Hasanov met his Turkish counterpart.", date=dt.date(2023, 6, 1), kb=kb)
    assert [(m.text, m.actor, m.rule) for m in found] == [
        ("Hasanov", "AZEGOV", "kb:learned"),
        ("Turkish counterpart", "TURGOV", "role:compound"),
    ]
    full = find_mentions("Zakir Hasanov spoke.", date=None, kb=kb)
    assert [(m.text, m.name) for m in full] == [("Zakir Hasanov", "Zakir Hasanov")]
    assert find_mentions("Hasanov spoke.", date=dt.date(2019, 1, 1), kb=kb) == []  # too early


def test_a_second_document_adds_evidence_not_a_second_entry(store: Store) -> None:
    for doc_id, date in (("d2", dt.date(2023, 5, 1)), ("d1", dt.date(2023, 3, 1))):
        mentions = find_mentions(DOC1, date=date)
        learn(store, lessons(mentions, doc_id=doc_id, text=DOC1, date=date))
    (entry,) = entries(store)
    assert [e.doc_id for e in entry.evidence] == ["d1", "d2"]
    assert entry.start == dt.date(2023, 3, 1)  # the earlier document moved the start


def test_user_entries_win_and_edits_confirm(store: Store) -> None:
    date = dt.date(2023, 3, 1)
    learn(store, lessons(find_mentions(DOC1, date=date), doc_id="d1", text=DOC1, date=date))
    entry = edit_entry(store, "Zakir Hasanov", sector="MIL")
    assert (entry.status, entry.code) == ("confirmed", "AZEMIL")
    assert get_entry(store, entry.entry_id).evidence[0].doc_id == "d1"
    save_entries(store, [KbEntry(name="Zakir Hasanov", country="AZE", sector="LEG", status="user")])
    hit = load_kb(store).lookup("Hasanov", date=date)
    assert hit is not None and hit.code in ("AZEMIL", "AZELEG")
    with pytest.raises(KnowledgeBaseError, match="names 2 entries"):
        get_entry(store, "Zakir Hasanov")
    remove_entry(store, entry.entry_id)
    assert [e.code for e in entries(store)] == ["AZELEG"]
    with pytest.raises(KnowledgeBaseError, match="no knowledge-base entry"):
        remove_entry(store, "nobody")


def test_a_surname_without_a_date_needs_a_single_owner() -> None:
    kb = KnowledgeBase(
        [
            KbEntry(name="Eli Cohen", aliases=("Cohen",), country="ISR", sector="GOV"),
            KbEntry(name="Avi Cohen", aliases=("Cohen",), country="ISR", sector="MIL"),
        ],
        reference=False,
    )
    assert kb.lookup("Cohen") is None
    found = kb.lookup("Avi Cohen")
    assert found is not None and found.code == "ISRMIL"


CSV_GOOD = """name,country,sector,role,aliases,start,end
Zakir Hasanov,AZE,MIL,defense minister,Hasanov;Zakir Hasanov Ali,2013-10-22,
Jeyhun Bayramov,aze,gov,foreign minister,Bayramov,2020-07-16,
"""


@pytest.mark.parametrize(
    ("text", "where", "reason"),
    [
        (CSV_GOOD + "Nobody,ZZ9,GOV,,,,\n", ":4:", "is not a code"),
        (CSV_GOOD + "Someone,AZE,XYZ,,,,\n", ":4:", "sector 'XYZ' is unknown"),
        (CSV_GOOD + "Someone,AZE,GOV,,,2020-13-01,\n", ":4:", "start '2020-13-01'"),
        (CSV_GOOD + ",AZE,GOV,,,,\n", ":4:", "the name is empty"),
        ("who,country\nX,AZE\n", ":1:", "unknown columns"),
        ('name,country\n"' + "x" * 200_000 + '",AZE\n', ":2:", "not readable as CSV"),
        ("name,country\nIlham\rAliyev,AZE\n", ":2:", "give a country or a sector"),
    ],
)
def test_malformed_csv_is_rejected_whole(
    store: Store, tmp_path: Path, text: str, where: str, reason: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=reason) as info:
        import_path(store, path)
    assert f"bad.csv{where}" in str(info.value)
    assert entries(store) == []  # nothing half-imported


ACTORS_GOOD = """# a PETRARCH dictionary
ZAKIR_HASANOV_  # CountryInfo
+ZAKIR_HASSANOV_
\t[AZEMIL >131022]
\t[AZEELI]
NATO_SECRETARY_GENERAL_ [IGOWSTNAT]
"""


def test_actors_file_import_and_round_trips(store: Store, tmp_path: Path) -> None:
    parsed = parse_actors(ACTORS_GOOD, source="a.actors")
    assert [(e.name, e.code, e.start, e.aliases) for e in parsed.entries] == [
        # an imported person gets the surname when no other name in the file has it
        ("Zakir Hasanov", "AZEMIL", dt.date(2013, 10, 22), ("Zakir Hassanov", "Hasanov")),
        ("Zakir Hasanov", "AZEELI", None, ("Zakir Hassanov", "Hasanov")),
        ("Nato Secretary General", "NATO", None, ()),
    ]
    again = parse_actors(to_actors(parsed.entries), source="b.actors").entries
    assert [(e.name, e.code, e.start) for e in again] == [
        (e.name, e.code, e.start) for e in parsed.entries
    ]
    csv_entries = parse_csv(CSV_GOOD, source="g.csv").entries
    back = parse_csv(to_csv(csv_entries), source="g.csv").entries
    assert back == csv_entries
    path = tmp_path / "kb.csv"
    path.write_text(CSV_GOOD, encoding="utf-8")
    import_path(store, path)
    import_path(store, path)  # importing twice changes nothing
    assert [(e.name, e.code, e.status) for e in entries(store)] == [
        ("Jeyhun Bayramov", "AZEGOV", "imported"),
        ("Zakir Hasanov", "AZEMIL", "imported"),
    ]


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("\t[AZEGOV]\n", 1, "a code line before any actor name"),
        ("+ALIAS_\n", 1, "an alias"),
        ("NAME_\n\t[AZEGOV 2004017-20061201]\n", 2, "dates '2004017-20061201'"),
        ("NAME_\n\t[AZEGOV 130231-140101]\n", 2, "is not a valid date"),
        ("NAME_\n\t[AZEGO]\n", 2, "three-letter parts"),
        ("NAME_\n\tAZEGOV\n", 2, "is not a [CODE DATES] line"),
        ("__ [AZEGOV]\n", 1, "is not an actor name line"),
    ],
)
def test_malformed_actors_lines_name_the_line(text: str, line: int, reason: str) -> None:
    with pytest.raises(KnowledgeBaseError, match=re.escape(reason)) as info:
        parse_actors(text + ACTORS_GOOD, source="x.actors")
    assert f"x.actors:{line}:" in str(info.value)


def test_skip_bad_keeps_the_good_actors() -> None:
    text = ACTORS_GOOD + "BAD_\n\t[AZEGOV 9008223-911221]\n+BAD_ALIAS_\nGOOD_ONE_\n\t[ARMGOV]\n"
    parsed = parse_actors(text, source="x.actors", skip_bad=True)
    assert [e.name for e in parsed.entries][-1] == "Good One"
    assert "Bad" not in {e.name for e in parsed.entries}
    assert parsed.skipped == [
        "x.actors:8: dates '9008223-911221' are not A-B, >A or <B (YYMMDD or YYYYMMDD)"
    ]


def test_phoenix_dictionary_imports(store: Store) -> None:
    path = PHOENIX / "Phoenix.MilNonState.actors.txt"
    if not path.is_file():
        pytest.skip("../shared/reference/actors/phoenix is not present")
    parsed = import_path(store, path)
    assert len(parsed.entries) > 900 and not parsed.skipped
    assert len(entries(store, status="imported", evidence=False)) > 500
