"""End to end: the CLI over real files, a real DuckDB store and the real model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.store import Store

pytestmark = pytest.mark.model
runner = CliRunner()

ARTICLE = """Armenia and Azerbaijan Trade Accusations After Border Clash

By Staff Reporter

12 September 2023

Azerbaijani troops attacked Armenian positions near the town of Jermuk on Monday,
the Armenian defence ministry said. Armenia accused Azerbaijan of violating the
ceasefire agreed in 2020. On Tuesday, Russian Foreign Minister Sergei Lavrov met
Armenian Foreign Minister Ararat Mirzoyan in Moscow to discuss the situation.
"""


@pytest.fixture
def corpus(tmp_path: Path, examples_dir: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(examples_dir, folder)
    (folder / "clash.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def _ingest(folder: Path, db: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    return result.exit_code, result.output


def test_ingest_twice_is_idempotent(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "detente.duckdb"
    code, output = _ingest(corpus, db)
    assert code == 0, output
    with Store(db) as store:
        first = store.counts()
        first_ids = {e.event_id for e in store.events()}
    assert first.documents >= 5
    assert first.events >= 10
    code, output = _ingest(corpus, db)
    assert code == 0, output
    assert "0 coded" in output
    with Store(db) as store:
        second = store.counts()
        assert {e.event_id for e in store.events()} == first_ids
    assert (second.documents, second.events) == (first.documents, first.events)


def test_bad_files_are_reported_and_the_rest_ingested(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "legacy.txt").write_bytes(
        "Le ministre a déclaré que la réunion était utile. Iran and Iraq met.".encode("latin-1")
    )
    db = tmp_path / "detente.duckdb"
    code, output = _ingest(corpus, db)
    assert code == 3, output  # some inputs failed (not most): the exit status says so
    lines = [line for line in output.splitlines() if line.startswith("failed:")]
    assert len(lines) == 3, output
    assert any("empty.txt" in line and "empty" in line for line in lines)
    assert any("binary.txt" in line and "binary" in line for line in lines)
    assert any("legacy.txt" in line and "--encoding latin-1" in line for line in lines)
    with Store(db) as store:
        failures = {Path(f.source).name: f.reason for f in store.failures()}
        assert set(failures) == {"empty.txt", "binary.txt", "legacy.txt"}
        titles = {d.title for d in store.documents()}
    assert "Armenia and Azerbaijan Trade Accusations After Border Clash" in titles


def test_code_command_writes_event_records(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    records = [
        {"id": "clash", "text": ARTICLE, "date": "2023-09-13"},
        {"id": "broken", "text": ""},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in records) + "{not json\n")
    target = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["code", str(source), "-o", str(target)])
    # two of three inputs failed: more than half, so the exit status says so
    assert result.exit_code == 1, result.output
    events = [json.loads(line) for line in target.read_text().splitlines()]
    assert events
    assert {e["doc_id"] for e in events} == {"clash"}
    attack = [e for e in events if e["event_type"] == "ASSAULT"]
    assert attack and attack[0]["source_country"] == "AZE" and attack[0]["target_country"] == "ARM"
    failed = [line for line in result.output.splitlines() if line.startswith("failed:")]
    assert len(failed) == 2
    assert "in.jsonl:2" in failed[0] and "in.jsonl:3" in failed[1]
