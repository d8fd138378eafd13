"""Must show: what document 1 teaches codes document 2, with the evidence pointing back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from detente.actors.store_kb import KbSession, entries
from detente.events import code_docs
from detente.models import Document, Event
from detente.store import Store

pytestmark = pytest.mark.model

DOC1 = Document(
    doc_id="doc-1",
    date=dt.date(2023, 3, 1),
    text="Azerbaijan's defense minister Zakir Hasanov visited Israel on Tuesday. "
    "He toured a drone factory near Tel Aviv.",
)
DOC2 = Document(
    doc_id="doc-2",
    date=dt.date(2023, 6, 1),
    text="Hasanov met his Turkish counterpart in Ankara on Monday.",
)


def _ingest(store: Store, docs: list[Document]) -> list[Event]:
    """What the ingest path does per batch: code with the store's KB, save, record."""
    session = KbSession(store)
    found: list[Event] = []
    for doc, events, mentions in code_docs(docs, find_mentions=session.find_mentions):
        store.save_document(doc, events, mentions)
        session.record([doc], {doc.doc_id: mentions})
        found += events
    return found


def _hasanov_source(events: list[Event]) -> Event:
    (event,) = [e for e in events if e.doc_id == "doc-2" and e.source_text == "Hasanov"]
    return event


def test_document_two_is_coded_from_what_document_one_taught(tmp_path: Path) -> None:
    with Store(tmp_path / "kb.duckdb") as store:
        _ingest(store, [DOC1])
        event = _hasanov_source(_ingest(store, [DOC2]))
        assert event.source_country == "AZE" and event.source_sector in ("MIL", "GOV")
        assert event.target_country == "TUR"
        (entry,) = [e for e in entries(store) if e.name == "Zakir Hasanov"]
        assert (entry.status, entry.role) == ("learned", "defense minister")
        assert [ev.doc_id for ev in entry.evidence] == ["doc-1"]
        assert entry.evidence[0].sentence.startswith("Azerbaijan's defense minister Zakir")


def test_a_later_document_of_the_same_batch_benefits_too(tmp_path: Path) -> None:
    with Store(tmp_path / "kb.duckdb") as store:
        event = _hasanov_source(_ingest(store, [DOC1, DOC2]))
        assert event.source_actor == "AZEGOV"
        (entry,) = entries(store)
        assert [ev.doc_id for ev in entry.evidence] == ["doc-1"]


def test_detente_ingest_learns_across_runs(tmp_path: Path) -> None:
    """The real ingest path: two runs of `detente ingest`, the second benefits from the first."""
    from typer.testing import CliRunner

    from detente.cli import app
    from detente.store import EventFilter

    first, second = tmp_path / "run1", tmp_path / "run2"
    first.mkdir()
    second.mkdir()
    (first / "visit.txt").write_text(f"Defence ties\n\n1 March 2023\n\n{DOC1.text}\n")
    (second / "talks.txt").write_text(f"Ankara talks\n\n1 June 2023\n\n{DOC2.text}\n")
    db = tmp_path / "kb.duckdb"
    runner = CliRunner()
    for folder in (first, second):
        result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
        assert result.exit_code == 0, result.output
    with Store(db) as store:
        events = store.events(EventFilter(dyad=("AZE", "TUR"), directed=True))
        (entry,) = [e for e in entries(store) if e.name == "Zakir Hasanov"]
        first_doc = {d.doc_id for d in store.documents() if d.source and "visit.txt" in d.source}
    assert any(e.source_text == "Hasanov" for e in events)
    assert {ev.doc_id for ev in entry.evidence} == first_doc
