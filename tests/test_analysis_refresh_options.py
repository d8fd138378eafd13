"""The commands that write events refresh the materialised stories unless told not to
(``ingest``, ``attach``), and ``export --layout polecat`` round-trips through
``import --layout polecat``. Real DuckDB files, the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.analysis.materialised import fresh
from detente.cli import app
from detente.models import EVENT_FIELDS
from detente.scale import attach_output, run_job
from detente.store import Store
from tests.helpers.layouts import POLECAT_ROWS, write_polecat
from tests.helpers.stories import VISIT_REPORTS

runner = CliRunner()


def _folder(path: Path, names: list[str]) -> Path:
    path.mkdir()
    for name in names:
        (path / name).write_text(VISIT_REPORTS[name], encoding="utf-8")
    return path


def _stories(db: Path) -> list[tuple[object, ...]]:
    with Store(db, read_only=True) as store:
        return store.con.execute(
            "SELECT country_a, country_b, cameo_root, num_events, num_documents FROM stories"
        ).fetchall()


def test_ingest_can_leave_the_refresh_for_later(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    names = list(VISIT_REPORTS)
    first = _folder(tmp_path / "a", names[:2])
    bulk = runner.invoke(app, ["ingest", str(first), "--no-refresh-stories", "--db", str(db)])
    assert bulk.exit_code == 0, bulk.output
    with Store(db, read_only=True) as store:
        assert not fresh(store.con)  # analyses cluster at query time meanwhile
    assert _stories(db) == []
    second = _folder(tmp_path / "b", names[2:])
    result = runner.invoke(app, ["ingest", str(second), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        assert fresh(store.con)
    assert _stories(db) == [("AZE", "ISR", "04", 3, 3)]  # all three reports, one story


@pytest.mark.model
def test_attach_can_leave_the_refresh_for_later(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": name, "title": text.split("\n")[0], "text": text})
        for name, text in VISIT_REPORTS.items()
    ]
    source = tmp_path / "visit.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run_job([str(source)], str(out), partition_size=2)
    db = tmp_path / "attach.duckdb"
    with Store(db) as store:
        report = attach_output(store, out, refresh_stories=False)
        assert report.events >= 3 and not fresh(store.con)
    result = runner.invoke(app, ["attach", str(out), "--no-refresh-stories", "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        assert not fresh(store.con)
    refreshed = runner.invoke(app, ["attach", str(out), "--db", str(db)])
    assert "0 partitions attached" in refreshed.output, refreshed.output
    with Store(db, read_only=True) as store:
        assert fresh(store.con)  # nothing new, but the refresh left for later is done
    assert ("AZE", "ISR", "04", 3, 3) in _stories(db)


def _events(db: Path) -> list[tuple[object, ...]]:
    with Store(db, read_only=True) as store:
        return store.con.execute(
            f"SELECT {', '.join(EVENT_FIELDS)} FROM events ORDER BY event_id"
        ).fetchall()


def test_export_polecat_imports_back_to_the_same_events(tmp_path: Path) -> None:
    first, second = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    source = write_polecat(
        tmp_path / "in.tsv", (*POLECAT_ROWS, {**POLECAT_ROWS[0], "Event ID": "20230421-x"})
    )
    imported = runner.invoke(
        app, ["import", str(source), "--layout", "polecat", "--db", str(first)]
    )
    assert imported.exit_code == 0, imported.output
    exported = tmp_path / "out.tsv"
    result = runner.invoke(
        app, ["export", "-o", str(exported), "--layout", "polecat", "--db", str(first)]
    )
    assert result.exit_code == 0, result.output
    assert "exported 4 events (polecat)" in result.output
    again = runner.invoke(
        app, ["import", str(exported), "--layout", "polecat", "--db", str(second)]
    )
    assert again.exit_code == 0 and "imported 4 events" in again.output, again.output
    assert _events(second) == _events(first)
    none = ["-o", str(tmp_path / "none.tsv"), "--dataset", "gdelt", "--db", str(first)]
    only = runner.invoke(app, ["export", "--layout", "polecat", *none])
    assert only.exit_code == 0 and "exported 0 events" in only.output, only.output
