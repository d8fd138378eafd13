"""One path per document: a JSON record gives the same document through `detente code`,
`detente ingest` and `detente run`, and the stored mentions are those the events were
coded from."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from detente.actors.store_kb import entries
from detente.cli import app
from detente.ingest import extract_text
from detente.jobs import ingest_sources
from detente.models import Event
from detente.scale import run_job
from detente.store import Store

pytestmark = pytest.mark.model
runner = CliRunner()

# The fields that place an event in its document and say what it is.
_EVENT_KEYS = (
    "event_id",
    "doc_id",
    "sentence_start",
    "sentence_end",
    "sentence",
    "trigger_text",
    "source_actor",
    "target_actor",
    "cameo_code",
    "date_start",
    "date_end",
    "factuality",
)


def _key(record: dict[str, object]) -> tuple[object, ...]:
    return tuple(None if record[k] is None else str(record[k]) for k in _EVENT_KEYS)


def test_a_record_gives_one_document_through_code_ingest_and_run(
    examples_dir: Path, tmp_path: Path
) -> None:
    scrape = (examples_dir / "caspian_review_scrape.txt").read_text(encoding="utf-8")
    source = tmp_path / "caspian.jsonl"
    source.write_text(json.dumps({"id": "caspian", "text": scrape}) + "\n", encoding="utf-8")
    cleaned = extract_text(scrape)
    assert cleaned.title and len(cleaned.text) < len(scrape)  # the cleaner has work to do

    coded = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["code", str(source), "-o", str(coded)])
    assert result.exit_code == 0, result.output
    code_events = [json.loads(line) for line in coded.read_text().splitlines()]

    db = tmp_path / "detente.duckdb"
    result = runner.invoke(app, ["ingest", str(source), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        (doc,) = store.documents()
        ingest_events = [e.to_record() for e in store.events(corrected=False)]

    assert (doc.doc_id, doc.text, doc.title) == ("caspian", cleaned.text, cleaned.title)
    assert doc.date == cleaned.date
    assert len(code_events) >= 3
    assert sorted(map(_key, code_events)) == sorted(map(_key, ingest_events))
    for event in code_events:  # offsets of `code` point into the text `ingest` stored
        assert doc.text[event["sentence_start"] : event["sentence_end"]] == event["sentence"]

    run_job([str(source)], str(tmp_path / "run"))
    (row,) = pq.read_table(tmp_path / "run" / "documents").to_pylist()
    assert (row["doc_id"], row["text"], row["title"]) == (doc.doc_id, doc.text, doc.title)


# The first document names Hasanov bare; the second, later in the same batch, teaches
# the knowledge base who he is.
_BARE = {
    "id": "bare",
    "date": "2023-03-08",
    "text": "Hasanov visited Israel on Tuesday and met Israeli officials in Tel Aviv.",
}
_TEACHES = {
    "id": "teaches",
    "date": "2023-03-01",
    "text": "Azerbaijan's defense minister Zakir Hasanov visited Turkey on Tuesday. "
    "He met Turkish officials in Ankara.",
}


def _stored_mentions(store: Store, doc_id: str) -> list[tuple[str, int, int, str | None]]:
    rows = store.con.execute(
        "SELECT text, start_char, end_char, actor FROM mentions WHERE doc_id = ? "
        "ORDER BY start_char",
        [doc_id],
    ).fetchall()
    return [(str(t), int(s), int(e), None if a is None else str(a)) for t, s, e, a in rows]


def _event_arguments(events: list[Event]) -> set[tuple[str, str | None]]:
    found = {(e.source_text, e.source_actor) for e in events if e.source_text}
    found |= {(e.target_text, e.target_actor) for e in events if e.target_text}
    return {(text, actor) for text, actor in found if text}


def test_stored_mentions_are_those_the_events_were_coded_from(tmp_path: Path) -> None:
    source = tmp_path / "batch.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in (_BARE, _TEACHES)), encoding="utf-8")
    with Store(tmp_path / "detente.duckdb") as store:
        report = ingest_sources([source], store)
        assert report.coded == 2, report.failures
        assert any(e.name == "Zakir Hasanov" for e in entries(store))  # the batch taught him
        bare = _stored_mentions(store, "bare")
        events = [e for e in store.events(corrected=False) if e.doc_id == "bare"]

    visits = [e for e in events if e.trigger_text == "visited"]
    assert visits and all(e.source_actor is None for e in visits)  # coded before the lesson
    assert not [m for m in bare if m[0] == "Hasanov" and m[3] is not None]
    resolved = {(text, actor) for text, _, _, actor in bare}
    for text, actor in _event_arguments(events):
        if actor is not None:
            assert (text, actor) in resolved, (text, actor, bare)
