"""ICEWS .tab and PLOVER JSON imports, store exports in every layout, and the commands.

Every input file is written by the test itself; every store is a real DuckDB file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.formats import EXPORT_LAYOUTS, LayoutError, export_store, import_events
from detente.models import EVENT_FIELDS
from detente.store import Store
from tests.helpers.events import build_store
from tests.helpers.layouts import ICEWS_HEADER, ICEWS_ROWS, write_icews


def _rows(store: Store) -> list[tuple[object, ...]]:
    fields = ", ".join(EVENT_FIELDS)
    return store.con.execute(f"SELECT {fields} FROM events ORDER BY event_id").fetchall()


def test_icews_rows_map_names_and_codes(tmp_path: Path) -> None:
    path = write_icews(tmp_path / "events.2023.tab")
    with Store(tmp_path / "i.duckdb") as store:
        report = import_events(store, path, layout="icews")
        assert (report.rows, report.dataset) == (3, "icews")
        visit = store.con.execute(
            "SELECT source_country, target_country, cameo_code, cameo_root, event_type, "
            "quad_class, goldstein, location_country, doc_id, dataset FROM events "
            "WHERE event_id = 'icews:926686'"
        ).fetchone()
        # Israel by name (not a code), and CAMEO "42" restored to "042"
        assert visit == (
            "ISR",
            "AZE",
            "042",
            "04",
            "CONSULT",
            1,
            1.9,
            "AZE",
            "icews:28235900",
            "icews",
        )
        assert import_events(store, path, layout="icews").rows == 0  # a rerun adds nothing


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (ICEWS_ROWS[1].replace("2023-04-20", "20/04/2023"), "line 3, column 2 Event Date"),
        (ICEWS_ROWS[1].replace("\tIsrael\t", "\tNarnia\t"), "line 3, column 5 Source Country"),
        (ICEWS_ROWS[1].replace("\t42\t", "\t999\t"), "line 3, column 7 CAMEO Code"),
        (ICEWS_ROWS[1].replace("\t1.9\t", "\thigh\t"), "line 3, column 8 Intensity"),
    ],
)
def test_bad_icews_rows_name_line_and_column(tmp_path: Path, row: str, expected: str) -> None:
    path = write_icews(tmp_path / "bad.tab", (ICEWS_ROWS[0], row, ICEWS_ROWS[2]))
    with Store(tmp_path / "i.duckdb") as store:
        with pytest.raises(LayoutError, match=re.escape(expected)):
            import_events(store, path, layout="icews")
        assert store.counts().events == 0


def test_a_gdelt_file_is_not_icews(tmp_path: Path) -> None:
    path = tmp_path / "g.CSV"
    path.write_text("1\t20230127\t202301\n", encoding="utf-8")
    with Store(tmp_path / "i.duckdb") as store, pytest.raises(LayoutError, match="line 1"):
        import_events(store, path, layout="icews")


def test_icews_export_import_round_trip(tmp_path: Path) -> None:
    with Store(tmp_path / "a.duckdb") as first:
        import_events(first, write_icews(tmp_path / "in.tab"), layout="icews")
        assert export_store(first.con, tmp_path / "out.tab", layout="icews") == 3
        original = _rows(first)
    lines = (tmp_path / "out.tab").read_text(encoding="utf-8").splitlines()
    assert lines[0] == ICEWS_HEADER and "\tIsrael\t" in lines[3]
    with Store(tmp_path / "b.duckdb") as second:
        import_events(second, tmp_path / "out.tab", layout="icews")
        assert _rows(second) == original


def test_plover_round_trip_keeps_every_event(tmp_path: Path) -> None:
    with build_store(tmp_path / "ours.duckdb") as ours:
        count = export_store(ours.con, tmp_path / "events.jsonl", layout="plover")
        original = _rows(ours)
    records = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    assert len(records) == count == len(original)
    assert {"id", "date", "actor", "event"} <= set(records[0])
    with Store(tmp_path / "copy.duckdb") as copy:
        assert import_events(copy, tmp_path / "events.jsonl", layout="plover").rows == count
        assert _rows(copy) == original


def test_plain_plover_records_and_bad_ones(tmp_path: Path) -> None:
    good = {
        "id": "PHOX-20230127-1",
        "date": "2023-01-27",
        "actor": [{"code": "AZE", "sector": "GOV", "entity_text": "Baku"}],
        "recipient": [{"code": "IRN", "sector": "GOV"}],
        "event": ["ACCUSE"],
        "quad_code": 3,
        "event_scale": -2.0,
        "text": "Baku accused Tehran of sheltering the gunman.",
    }
    path = tmp_path / "plover.jsonl"
    path.write_text(json.dumps(good) + "\n", encoding="utf-8")
    with Store(tmp_path / "p.duckdb") as store:
        assert import_events(store, path, layout="plover").rows == 1
        row = store.con.execute(
            "SELECT event_id, source_actor, target_country, event_type, cameo_root, quad_class, "
            "sentence FROM events"
        ).fetchone()
        assert row == ("plover:PHOX-20230127-1", "AZEGOV", "IRN", "ACCUSE", "11", 3, good["text"])
    bad = dict(good, id="PHOX-2", event=["SHOUT"])
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with Store(tmp_path / "q.duckdb") as store:
        with pytest.raises(LayoutError, match="line 2, field event"):
            import_events(store, path, layout="plover")
        assert store.counts().events == 0


@pytest.mark.parametrize("layout", EXPORT_LAYOUTS)
def test_export_and_import_commands(tmp_path: Path, layout: str) -> None:
    runner = CliRunner()
    db = tmp_path / "cli.duckdb"
    write_icews(tmp_path / "in.tab")
    result = runner.invoke(app, ["import", str(tmp_path / "in.tab"), "--layout", "icews",
                                 "--dataset", "icews-2023", "--db", str(db)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "imported 3 events" in result.output and "icews-2023" in result.output
    out = tmp_path / f"out.{layout}"
    result = runner.invoke(app, ["export", "-o", str(out), "--layout", layout, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "exported 3 events" in result.output and out.stat().st_size > 0
    if layout != "gdelt":  # GDELT ids must be numbers: ICEWS ones are not
        again = runner.invoke(app, ["import", str(out), "--layout", layout,
                                    "--db", str(tmp_path / "again.duckdb")])  # fmt: skip
        assert again.exit_code == 0 and "imported 3 events" in again.output, again.output


def test_import_command_reports_bad_input_in_one_line(tmp_path: Path) -> None:
    path = write_icews(tmp_path / "bad.tab", (ICEWS_ROWS[0].replace("\t112\t", "\tX\t"),))
    result = CliRunner().invoke(
        app, ["import", str(path), "--layout", "icews", "--db", str(tmp_path / "x.duckdb")]
    )
    assert result.exit_code == 1
    assert "line 2, column 7 CAMEO Code" in result.output


def test_refresh_stories_command(tmp_path: Path) -> None:
    db = tmp_path / "r.duckdb"
    build_store(db).close()
    runner = CliRunner()
    first = runner.invoke(app, ["refresh-stories", "--db", str(db)])
    assert first.exit_code == 0 and "full refresh" in first.output, first.output
    import_events_cli = runner.invoke(
        app, ["import", str(write_icews(tmp_path / "in.tab")), "--layout", "icews", "--db", str(db)]
    )
    assert import_events_cli.exit_code == 0, import_events_cli.output
    with Store(db, read_only=True) as store:
        from detente.analysis.materialised import fresh

        assert fresh(store.con)  # the import refreshed the materialised stories
