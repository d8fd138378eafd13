"""Text in one case: the truecaser, and the coder on lower-cased and upper-cased articles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.actors import find_mentions
from detente.models import Document, Event
from detente.nlp.casing import original_events, restore_case, single_case_runs

LOWER = (
    "baku, azerbaijan. in mid-april, israeli foreign minister eli cohen visited baku to "
    "discuss regional security with president ilham aliyev. the u.s. embassy and nato "
    "officials said i was told on 5 may 2023 that talks may resume on monday."
)


def _changed_case_only(original: str, restored: str) -> bool:
    return len(original) == len(restored) and all(
        a == b or a.lower() == b.lower() or a.upper() == b.upper()
        for a, b in zip(original, restored, strict=True)
    )


def test_lower_case_text_gets_names_sentences_and_dates_back() -> None:
    restored = restore_case(LOWER)
    assert _changed_case_only(LOWER, restored)
    for written in (
        "Baku, Azerbaijan. In mid-April, Israeli Foreign Minister Eli Cohen visited Baku",
        "President Ilham Aliyev. The U.S. embassy and NATO officials said I was told",
        "on 5 May 2023 that talks may resume on Monday.",
    ):
        assert written in restored


def test_upper_case_text_is_lowered_but_keeps_acronyms() -> None:
    text = "NATO AND THE EU CONDEMNED RUSSIA. US TROOPS ARRIVED IN KYIV, OFFICIALS SAID."
    restored = restore_case(text)
    assert restored == (
        "NATO and the EU condemned Russia. US troops arrived in Kyiv, officials said."
    )


def test_common_words_are_not_names() -> None:
    restored = restore_case("they let us know. the march began in may. we may go.")
    assert restored == "They let us know. The march began in May. We may go."


def test_a_surname_follows_the_full_name_of_the_same_document() -> None:
    restored = restore_case("ilham aliyev arrived. later aliyev met the press.")
    assert restored == "Ilham Aliyev arrived. Later Aliyev met the press."


def test_an_abbreviation_ends_no_sentence() -> None:
    assert restore_case("gen. zorblat and mr. quixel met.") == "Gen. zorblat and mr. quixel met."


def test_mixed_case_text_is_returned_as_it_is() -> None:
    text = "Israel and Azerbaijan signed an agreement. read more"
    assert restore_case(text) is text
    assert single_case_runs(text) == []


def test_single_case_lines_of_a_mixed_text() -> None:
    body = "Turkish and Russian ministers met in Ankara on Monday to discuss the gas trade."
    text = f"{body}\nRUSSIA AND TURKEY SIGN A NEW GAS DEAL IN ANKARA\nshare this\n"
    runs = single_case_runs(text)
    assert [(text[r.start : r.end], r.case) for r in runs] == [
        ("RUSSIA AND TURKEY SIGN A NEW GAS DEAL IN ANKARA", "upper")
    ]
    assert restore_case(text) == (
        f"{body}\nRussia and Turkey Sign a New Gas Deal in Ankara\nshare this\n"
    )


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_only_the_case_of_letters_changes(text: str) -> None:
    for variant in (text, text.lower(), text.upper()):
        assert _changed_case_only(variant, restore_case(variant))


def test_events_keep_the_original_text() -> None:
    original = "israeli foreign minister eli cohen visited baku."
    restored = restore_case(original)
    event = Event(
        event_id="e",
        doc_id="d",
        sentence_index=0,
        sentence=restored,
        sentence_start=0,
        sentence_end=len(restored),
        trigger_text="visited",
        source_text=restored[:34],
        target_text="Baku",
        location_name="Baku",
        source_actor="ISRGOV",
        source_country="ISR",
        source_sector="GOV",
        target_actor="AZEGOV",
        target_country="AZE",
        target_sector="GOV",
        event_type="CONSULT",
        event_mode="",
        cameo_code="042",
        cameo_root="04",
        quad_class=1,
        goldstein=1.9,
        date_start=None,
        date_end=None,
        date_granularity="unknown",
        date_basis="unknown",
        factuality="asserted",
    )
    [back] = original_events([event], original=original, restored=restored)
    assert back.sentence == original
    assert (back.source_text, back.target_text, back.location_name) == (
        "israeli foreign minister eli cohen",
        "baku",
        "baku",
    )


def test_actors_of_the_lower_cased_sample(sample_path: Path) -> None:
    text = sample_path.read_text(encoding="utf-8")
    date = dt.date(2023, 5, 23)
    normal = {(m.start, m.actor) for m in find_mentions(text, date=date)}
    for variant in (text.lower(), text.upper()):
        found = {(m.start, m.actor) for m in find_mentions(restore_case(variant), date=date)}
        assert len(normal & found) >= 0.85 * len(normal), sorted(normal - found)


@pytest.mark.model
@pytest.mark.parametrize("case", [str.lower, str.upper])
def test_coding_a_single_case_article_finds_the_same_events(
    sample_path: Path, examples_dir: Path, case: type[str]
) -> None:
    from detente.events import CodedDocument, code_docs

    texts = [sample_path.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted(examples_dir.glob("*.txt"))]
    date = dt.date(2023, 5, 23)
    docs = [Document(doc_id=f"d{n}", text=t, date=date) for n, t in enumerate(texts)]
    cased = [Document(doc_id=d.doc_id, text=case(d.text), date=date) for d in docs]

    def keys(coded: list[CodedDocument]) -> set[tuple[object, ...]]:
        return {
            (d.doc_id, e.sentence_start, e.event_type, e.source_country, e.target_country)
            for d, events, _ in coded
            for e in events
        }

    normal = keys(list(code_docs(docs)))
    coded = list(code_docs(cased))
    found = keys(coded)
    assert len(normal & found) >= 0.85 * len(normal), sorted(normal - found)
    assert len(found - normal) <= 0.15 * len(normal), sorted(found - normal)
    for doc, events, _ in coded:
        assert doc.text == case(texts[int(doc.doc_id[1:])])
        for event in events:
            assert event.sentence == doc.text[event.sentence_start : event.sentence_end]


def test_an_unknown_name_after_a_title_and_its_later_mentions() -> None:
    text = (
        "kenyan president william ruto said he would not sign it. later ruto spoke. "
        "he was arrested by the minister yesterday afternoon."
    )
    restored = restore_case(text, not_names=[frozenset({"said"})])
    assert restored == (
        "Kenyan President William Ruto said he would not sign it. Later Ruto spoke. "
        "He was arrested by the minister yesterday afternoon."
    )


def test_a_wire_dateline_is_written_in_capitals() -> None:
    restored = restore_case("brussels (ap) — the eu agreed on sanctions in the e.e.z. on monday.")
    assert restored == "BRUSSELS (AP) — The EU agreed on sanctions in the e.e.z. on Monday."


@pytest.mark.model
def test_a_stored_lower_case_document_explains_its_events(tmp_path: Path) -> None:
    from detente.events import code_document
    from detente.events.code import document_mentions
    from detente.events.explain import explain_event
    from detente.store import Store

    text = (
        "in mid-april, israeli foreign minister eli cohen visited baku to discuss regional "
        "security with president ilham aliyev. on tuesday the azerbaijani police arrested "
        "20 people suspected of spying for iran."
    )
    doc = Document(doc_id="lower", text=text, date=dt.date(2023, 5, 23))
    events = code_document(doc)
    mentions = document_mentions(doc, find_mentions)
    assert {"israeli foreign minister eli cohen", "baku", "iran"} <= {m.text for m in mentions}
    assert {e.event_type for e in events} >= {"CONSULT", "COERCE"}
    with Store(tmp_path / "events.duckdb") as store:
        store.save_document(doc, events, mentions)
    with Store(tmp_path / "events.duckdb", read_only=True) as store:
        for event in events:
            found = explain_event(store, event.event_id)
            assert found.event == event
            assert event.sentence[found.trigger_start : found.trigger_end] == event.trigger_text


def test_the_actors_command_reads_capitals() -> None:
    import json

    from typer.testing import CliRunner

    from detente.cli import app

    result = CliRunner().invoke(
        app, ["actors", "NATO CONDEMNED RUSSIA, FOREIGN MINISTER ELI COHEN SAID", "--json"]
    )
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert [(m["text"], m["actor"]) for m in found][:2] == [("NATO", "NATO"), ("RUSSIA", "RUS")]
    assert found[2]["text"] == "FOREIGN MINISTER ELI COHEN"


def test_one_word_names_of_the_knowledge_base_but_not_english_words() -> None:
    restored = restore_case("the obama administration blamed putin. the major said so.")
    assert restored == "The Obama administration blamed Putin. The major said so."


def test_us_is_the_united_states_only_in_context() -> None:
    restored = restore_case(
        "us and uk strike. they told us. give us and them time. us troops left."
    )
    assert restored == "US and UK strike. They told us. Give us and them time. US troops left."


def test_lower_case_text_that_keeps_its_acronyms() -> None:
    text = "nato and the EU condemned russia on monday.\nUS troops arrived in kyiv, officials said."
    assert restore_case(text) == (
        "NATO and the EU condemned Russia on Monday.\nUS troops arrived in Kyiv, officials said."
    )
    mixed = "A protester faced riot police in front of the RFA office in hong kong.\n" * 3
    assert restore_case(mixed) is mixed


@pytest.mark.model
@pytest.mark.parametrize("case", [str.lower, str.upper])
def test_the_sample_in_one_case_keeps_its_core_events(sample_path: Path, case: type[str]) -> None:
    import json

    from detente.events import code_document
    from detente.ingest.plaintext import clean_plaintext

    gold = json.loads(sample_path.with_name(sample_path.stem + ".gold.json").read_text())
    text = clean_plaintext(case(sample_path.read_text(encoding="utf-8"))).text
    events = code_document(Document(doc_id="sample", text=text, date=dt.date(2023, 5, 23)))

    def matches(g: dict[str, Any], event: Event) -> bool:
        pair = (event.source_country, event.target_country)
        want = (g["source"], g["target"])
        either = "either direction" in str(g.get("note", ""))
        return (
            str(g["anchor"])[:30].lower() in event.sentence.replace("\xa0", " ").lower()
            and (pair == want or (either and pair == want[::-1]))
            and event.event_type in g["plover"]
        )

    core = [g for g in gold["events"] if g["core"]]
    found = [g["id"] for g in core if any(matches(g, e) for e in events)]
    assert len(found) == len(core), found
    matched = [e for e in events if any(matches(g, e) for g in gold["events"])]
    assert len(matched) / len(events) >= 0.85, [(e.trigger_text, e.rule) for e in events]


def test_text_without_case_is_left_alone() -> None:
    text = (
        "\u0627\u0644\u0633\u0644\u0627\u0645\n2023-05-23\n\u4e2d\u56fd\u548c\u4fc4\u7f57\u65af\n"
    )
    assert single_case_runs(text) == []
    assert restore_case(text) is text


def test_headlines_and_datelines_look_as_pages_print_them() -> None:
    assert restore_case("gaza city, gaza strip \u2014 israel and hamas agreed.") == (
        "GAZA CITY, Gaza Strip \u2014 Israel and Hamas agreed."
    )
    assert restore_case("russia, china and iran \u2014 a new axis of power\nthe end.") == (
        "Russia, China and Iran \u2014 a New Axis of Power\nThe end."
    )
    assert restore_case("bandar seri begawan \u2014 asean leaders met.\nthe end.") == (
        "BANDAR SERI BEGAWAN \u2014 ASEAN leaders met.\nThe end."
    )
    text = (
        "kazakhstan steps in as host of armenia-azerbaijan peace talks\n"
        "yerevan, april 12, 2023 \u2013 at least seven soldiers were killed.\n"
        "the excerpt ends without a stop"
    )
    assert restore_case(text) == (
        "Kazakhstan Steps in as Host of Armenia-Azerbaijan Peace Talks\n"
        "YEREVAN, April 12, 2023 \u2013 At least seven soldiers were killed.\n"
        "The excerpt ends without a stop"
    )


def test_the_cleaner_reads_a_lower_case_scrape_line_by_line(sample_path: Path) -> None:
    from detente.ingest.plaintext import clean_plaintext

    text = sample_path.read_text(encoding="utf-8")
    normal, lower = clean_plaintext(text), clean_plaintext(text.lower())
    assert lower.date == normal.date
    assert lower.title == (normal.title or "").lower()
    body = lower.text.split("\n\n")
    assert body[: len(normal.text.split("\n\n")) - 1] == normal.text.lower().split("\n\n")[:-1]
