"""``detente explain``: a stored event with its evidence, recovered from a real store."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.actors import find_mentions
from detente.cli import app
from detente.errors import CodingError
from detente.events import code_document
from detente.events.explain import explain_event
from detente.models import Document, Event
from detente.store import Store

pytestmark = pytest.mark.model
runner = CliRunner()

TEXT = (
    "In mid-April, Israeli foreign minister Eli Cohen visited Baku to discuss regional "
    "security with President Ilham Aliyev. Press reports have suggested that Azerbaijan "
    "may have bought Iron Dome missile defense batteries in May 2021. On Tuesday the "
    "Azerbaijani police arrested 20 people suspected of spying for Iran."
)


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Event]]:
    db = tmp_path_factory.mktemp("explain") / "events.duckdb"
    doc = Document(doc_id="doc-explain", text=TEXT, date=dt.date(2023, 5, 23))
    events = code_document(doc)
    with Store(db) as store:
        store.save_document(doc, events, find_mentions(TEXT, date=doc.date))
    return db, events


def _by_trigger(events: list[Event], trigger: str) -> Event:
    return next(e for e in events if e.trigger_text == trigger)


def test_explains_a_visit_with_actor_paths(stored: tuple[Path, list[Event]]) -> None:
    db, events = stored
    visit = _by_trigger(events, "visited")
    with Store(db, read_only=True) as store:
        found = explain_event(store, visit.event_id[:8])
    assert found.event == visit
    assert found.entry.lemma == "visit" and found.cameo.code == "042"
    assert found.cameo.plover_type == "CONSULT"
    sentence = visit.sentence
    assert sentence[found.trigger_start : found.trigger_end] == "visited"
    roles = {a.role: a for a in found.actors}
    assert roles["source"].text == "Israeli foreign minister Eli Cohen"
    assert roles["source"].frame_rule == "nsubj" and roles["source"].actor == "ISRGOV"
    assert roles["target"].resolution == "gazetteer:capital"
    assert sentence[roles["target"].start : roles["target"].end] == "Baku"
    assert found.date_expression == "mid-April" and visit.date_basis == "relative"


def test_explains_the_factuality_cue(stored: tuple[Path, list[Event]]) -> None:
    db, events = stored
    bought = _by_trigger(events, "bought")
    with Store(db, read_only=True) as store:
        found = explain_event(store, bought.event_id)
    assert bought.factuality == "hypothetical"
    assert found.factuality_cue is not None and "'may'" in found.factuality_cue
    assert any(a.role == "source" and a.country == "AZE" for a in found.actors)


def test_cli_prints_marked_sentence_and_json(stored: tuple[Path, list[Event]]) -> None:
    db, events = stored
    arrest = _by_trigger(events, "arrested")
    shown = runner.invoke(app, ["explain", arrest.event_id, "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    for part in ("arrested", arrest.rule, "resolved by", arrest.cameo_code):
        assert part in shown.output
    as_json = runner.invoke(app, ["explain", arrest.event_id, "--db", str(db), "--json"])
    assert as_json.exit_code == 0, as_json.output
    record = json.loads(as_json.output)
    assert record["event"]["event_id"] == arrest.event_id
    assert record["entry"]["lemma"] == "arrest"
    assert record["cameo"]["code"] == arrest.cameo_code
    assert {a["role"] for a in record["actors"]} >= {"source"}


def test_unknown_and_ambiguous_ids_are_clear_errors(stored: tuple[Path, list[Event]]) -> None:
    db, _ = stored
    result = runner.invoke(app, ["explain", "ffffffff", "--db", str(db)])
    assert result.exit_code == 1
    assert "no event 'ffffffff'" in result.output
    with Store(db, read_only=True) as store, pytest.raises(CodingError, match="too short"):
        explain_event(store, "ab")


def test_explains_a_date_taken_from_an_earlier_event(tmp_path: Path) -> None:
    text = (
        "Israeli foreign minister Eli Cohen visited Baku in April 2023 to meet President "
        "Ilham Aliyev.\n\nThe two sides discussed energy and security.\n\nCohen then flew "
        "to Turkmenistan to inaugurate the Israeli embassy in Ashgabat."
    )
    doc = Document(doc_id="doc-coref", text=text, date=dt.date(2023, 5, 23))
    events = code_document(doc)
    with Store(tmp_path / "events.duckdb") as store:
        store.save_document(doc, events, find_mentions(text, date=doc.date))
        flew = _by_trigger(events, "flew")
        found = explain_event(store, flew.event_id)
    assert flew.date_basis == "coreference" and flew.date_start == dt.date(2023, 4, 1)
    assert found.date_rule.startswith("coreference") and found.date_expression is None
    assert found.to_record()["date"]["basis"] == "coreference"


def test_explains_an_appeal_with_the_act_it_asks_for(tmp_path: Path) -> None:
    text = "Azerbaijan urged Moscow on Monday to lift its sanctions on Iran."
    doc = Document(doc_id="doc-appeal", text=text, date=dt.date(2023, 5, 23))
    events = code_document(doc)
    (urged,) = events  # no lifting is coded: it has not happened
    assert (urged.cameo_code, urged.source_country, urged.target_country) == (
        "0254",
        "AZE",
        "RUS",
    )
    assert urged.location_name is None  # addressed to Moscow, not made there
    db = tmp_path / "events.duckdb"
    with Store(db) as store:
        store.save_document(doc, events, find_mentions(text, date=doc.date))
        assert explain_event(store, urged.event_id).to_record()["asks"] == "lift-sanctions.v"
    shown = runner.invoke(app, ["explain", urged.event_id, "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    assert "asks for" in shown.output and "lift-sanctions.v" in shown.output


def test_explains_a_country_taken_from_the_document(tmp_path: Path) -> None:
    text = (
        "Georgian police officers blocked the road to parliament in Tbilisi on Saturday. "
        "Thousands of people marched through the city centre. The police detained "
        "twenty protesters near the government building."
    )
    db = tmp_path / "events.duckdb"
    doc = Document(doc_id="doc-context", text=text, date=dt.date(2024, 5, 12))
    events = code_document(doc)
    detained = _by_trigger(events, "detained")
    assert (detained.source_actor, detained.target_actor) == ("GEOCOP", "GEOCVL")
    with Store(db) as store:
        store.save_document(doc, events, find_mentions(text, date=doc.date))
        found = explain_event(store, detained.event_id)
    source = next(a for a in found.actors if a.role == "source")
    assert source.country == "GEO"
    assert "context:same-kind" in source.resolution
    assert '"Georgian police officers" at 0' in source.resolution
    shown = runner.invoke(app, ["explain", detained.event_id, "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    assert 'country from an earlier mention of the same kind: "Georgian police officers" at 0' in (
        shown.output
    )
