"""`detente check`: a sound store passes; each kind of damage is reported, exit status 1."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.models import Document, Failure, Mention
from detente.store import Store
from detente.store.check import check_store
from detente.store.inputs import Provenance
from detente.store.runs import note_inputs, start_run
from tests.helpers.events import make_event

TEXT = "Turkey's foreign minister visited Baku on Monday. Iran said nothing."


def _sound(path: Path) -> Path:
    doc = Document(doc_id="d1", text=TEXT, date=dt.date(2024, 3, 6), source="a.txt")
    mention = Mention(
        text="Baku", start=34, end=38, actor="AZEGOV", country="AZE", sector="GOV",
        name="Azerbaijan", kind="place", rule="gazetteer",
    )  # fmt: skip
    with Store(path) as store:
        run = start_run(store, sources=["a.txt", "b.txt"])
        with store.transaction() as con:
            note_inputs(con, run, [(1, "a.txt", "coded"), (2, "b.txt", "failed")])
        store.save_document(doc, [make_event()], [mention], provenance=Provenance(raw_hash="h"))
        store.record_failure(Failure(source="b.txt", stage="ingest", reason="empty file"))
    return path


def test_a_sound_store_passes(tmp_path: Path) -> None:
    with Store(_sound(tmp_path / "s.duckdb"), read_only=True) as store:
        report = check_store(store)
    assert report.ok, report.violations
    assert report.totals == {
        "inputs": 2, "documents": 1, "duplicates": 0, "failed": 1, "pending": 0,
    }  # fmt: skip
    assert "event offsets" in report.checks and "input manifest" in report.checks


DAMAGE = {
    "event documents": "UPDATE events SET doc_id = 'gone'",
    "event offsets": "UPDATE events SET sentence_start = 1",
    "mention offsets": "UPDATE mentions SET end_char = 400",
    "input documents": "UPDATE inputs SET doc_id = 'gone'",
    "input manifest": "INSERT INTO run_inputs VALUES (1, 3, 'c.txt', 'pending')",
    "migrations": "DELETE FROM schema_migrations WHERE version = 7",
    "duplicate originals": "UPDATE documents SET duplicate_of = 'gone'",
}


@pytest.mark.parametrize("check", sorted(DAMAGE))
def test_each_kind_of_damage_is_reported(tmp_path: Path, check: str) -> None:
    db = _sound(tmp_path / "s.duckdb")
    with Store(db) as store:
        store.con.execute(DAMAGE[check])
    with Store(db, read_only=True) as store:
        report = check_store(store)
    assert [v.check for v in report.violations] == [check]
    assert report.violations[0].count >= 1


def test_cli_exit_status_and_messages(tmp_path: Path) -> None:
    db = _sound(tmp_path / "s.duckdb")
    runner = CliRunner()
    ok = runner.invoke(app, ["check", "--db", str(db)])
    assert ok.exit_code == 0, ok.output
    assert "inputs 2 = documents 1 + duplicates 0 + failed 1 + pending 0" in ok.output
    with Store(db) as store:
        store.con.execute(DAMAGE["input manifest"])
    bad = runner.invoke(app, ["check", "--db", str(db)])
    assert bad.exit_code == 1
    assert "c.txt" in bad.output and "run the same `detente ingest` again" in bad.output
    as_json = runner.invoke(app, ["check", "--db", str(db), "--json"])
    assert as_json.exit_code == 1 and '"ok": false' in as_json.output
    missing = runner.invoke(app, ["check", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "no store here" in missing.output
