"""POLECAT weekly TSV imports and the POLECAT-like export.

Every file is written by the test itself (invented rows in POLECAT's column layout);
every store is a real DuckDB file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.analysis.materialised import fresh
from detente.cli import app
from detente.formats import LayoutError, export_store, import_events
from detente.formats.polecat import POLECAT_COLUMNS
from detente.models import EVENT_FIELDS
from detente.store import Store
from tests.helpers.layouts import POLECAT_ROWS, write_icews, write_polecat


def _rows(store: Store) -> list[tuple[object, ...]]:
    fields = ", ".join(EVENT_FIELDS)
    return store.con.execute(f"SELECT {fields} FROM events ORDER BY event_id").fetchall()


def _event(store: Store, event_id: str, fields: str) -> tuple[object, ...] | None:
    return store.con.execute(
        f"SELECT {fields} FROM events WHERE event_id = ?", [f"polecat:{event_id}"]
    ).fetchone()


def test_polecat_rows_map_types_codes_and_countries(tmp_path: Path) -> None:
    path = write_polecat(tmp_path / "ngec_coded_all_2023-04-24.txt")
    with Store(tmp_path / "p.duckdb") as store:
        report = import_events(store, path, layout="polecat")
        assert (report.rows, report.dataset) == (3, "polecat")
        fields = (
            "source_actor, target_actor, event_type, event_mode, cameo_code, cameo_root, "
            "quad_class, goldstein, date_start, location_name, location_country, latitude, "
            "rule, coder_version, dataset"
        )
        visit = _event(store, "20230420-ab12", fields)
        assert visit is not None
        assert visit[:8] == ("ISRGOV", "AZEGOV", "CONSULT", "visit", "042", "04", 1, 1.9)
        assert str(visit[8]) == "2023-04-20"
        assert visit[9:] == (
            "Baku",
            "AZE",
            40.38,
            "import:polecat wire-a",
            "polecat-1.2",
            "polecat",
        )
        # a country by name, a lower-case type, a quad by name, no mode: the type's code
        accuse = _event(
            store, "20230127-cd34", "source_country, event_type, cameo_code, quad_class"
        )
        assert accuse == ("AZE", "ACCUSE", "11", 3)
        # a mode detente's CAMEO table lacks: the type's general code; no quad: the code's
        attack = _event(
            store, "20230130-ef56", "source_actor, source_country, source_sector, "
            "cameo_code, quad_class, goldstein, location_name, location_country"
        )  # fmt: skip
        assert attack == ("REB", None, "REB", "18", 4, -9.0, "Tehran", "IRN")
        assert import_events(store, path, layout="polecat").rows == 0  # a rerun adds nothing


def test_columns_are_found_by_name_in_any_order(tmp_path: Path) -> None:
    columns = (
        "Version", "Recipient Country", "Event Type", "Story People", "Actor Country",
        "Event Date", "Event Mode", "Event ID", "Actor Name", "Recipient Name",
        "Primary Actor Sector", "Headline", "Event Intensity",
    )  # fmt: skip
    rows = tuple({**row, "Event Intensity": row.get("Intensity", "")} for row in POLECAT_ROWS)
    path = write_polecat(tmp_path / "reordered.tsv", rows, columns)
    with Store(tmp_path / "p.duckdb") as store:
        assert import_events(store, path, layout="polecat").rows == 3
        visit = _event(store, "20230420-ab12", "source_actor, target_actor, quad_class, latitude")
        assert visit == ("ISRGOV", "AZE", 1, None)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("Event Date", "20/04/2023", "line 3, column 2 Event Date: not a YYYY-MM-DD date"),
        ("Event Date", "2023-02-30", "line 3, column 2 Event Date"),
        ("Event Type", "SHOUT", "line 3, column 3 Event Type: not a PLOVER event type"),
        ("Intensity", "high", "line 3, column 5 Intensity"),
        ("Quad Code", "7", "line 3, column 6 Quad Code"),
        ("Actor Country", "Narnia", "line 3, column 9 Actor Country"),
        ("Recipient Country", "XXX", "line 3, column 17 Recipient Country"),
        ("Latitude", "north", "line 3, column 29 Latitude"),
        ("Event ID", "", "line 3, column 1 Event ID: no event id"),
    ],
)
def test_bad_polecat_rows_name_line_and_column(
    tmp_path: Path, field: str, value: str, expected: str
) -> None:
    rows = (POLECAT_ROWS[0], {**POLECAT_ROWS[1], field: value}, POLECAT_ROWS[2])
    path = write_polecat(tmp_path / "bad.tsv", rows)
    with Store(tmp_path / "p.duckdb") as store:
        with pytest.raises(LayoutError, match=re.escape(expected)):
            import_events(store, path, layout="polecat")
        assert store.counts().events == 0
        assert store.con.execute("SELECT count(*) FROM imports").fetchone() == (0,)


def test_wrong_layouts_are_rejected_at_line_one(tmp_path: Path) -> None:
    icews = tmp_path / "events.tab"
    icews.write_text("Event ID\tEvent Date\tSource Name\tCAMEO Code\n1\t2023-01-01\tX\t042\n")
    gdelt = tmp_path / "gdelt.CSV"
    gdelt.write_text("1\t20230127\t202301\t2023\n", encoding="utf-8")
    with Store(tmp_path / "p.duckdb") as store:
        for path in (icews, gdelt):
            with pytest.raises(LayoutError, match=r"line 1: missing POLECAT columns"):
                import_events(store, path, layout="polecat")
        assert store.counts().events == 0


def test_latin1_files_are_read(tmp_path: Path) -> None:
    path = write_polecat(tmp_path / "latin.tsv", ({**POLECAT_ROWS[0], "Actor Name": "Zoë Ağa"},))
    path.write_bytes(path.read_text(encoding="utf-8").replace("ğ", "g").encode("latin-1"))
    with Store(tmp_path / "p.duckdb") as store:
        assert import_events(store, path, layout="polecat").rows == 1
        assert _event(store, "20230420-ab12", "source_text") == ("Zoë Aga",)


def test_polecat_export_import_round_trip(tmp_path: Path) -> None:
    with Store(tmp_path / "a.duckdb") as first:
        import_events(first, write_polecat(tmp_path / "in.tsv"), layout="polecat")
        assert export_store(first.con, tmp_path / "out.tsv", layout="polecat", corrected=False) == 3
        original = _rows(first)
    header = (tmp_path / "out.tsv").read_text(encoding="utf-8").splitlines()[0]
    assert tuple(header.split("\t")) == POLECAT_COLUMNS
    with Store(tmp_path / "b.duckdb") as second:
        assert import_events(second, tmp_path / "out.tsv", layout="polecat").rows == 3
        assert _rows(second) == original


def test_import_command_refreshes_stories_unless_told_not_to(tmp_path: Path) -> None:
    runner = CliRunner()
    path = write_polecat(tmp_path / "in.tsv")
    db = tmp_path / "cli.duckdb"
    skipped = runner.invoke(
        app, ["import", str(path), "--layout", "polecat", "--no-refresh-stories", "--db", str(db)]
    )
    assert skipped.exit_code == 0 and "imported 3 events" in skipped.output, skipped.output
    with Store(db, read_only=True) as store:
        assert not fresh(store.con)
    again = tmp_path / "more.tsv"
    write_polecat(again, ({**POLECAT_ROWS[0], "Event ID": "20230421-zz99"},))
    result = runner.invoke(app, ["import", str(again), "--layout", "polecat", "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        assert fresh(store.con)
        # the two reports of the Cohen visit (a day apart) are one materialised story
        row = store.con.execute(
            "SELECT num_events, num_documents FROM stories "
            "WHERE country_a = 'AZE' AND country_b = 'ISR'"
        ).fetchone()
        assert row == (2, 2)


def test_layouts_share_one_connection_and_its_lookup_tables(tmp_path: Path) -> None:
    """The lookup tables are built once per connection; every later file maps the same."""
    polecat = write_polecat(tmp_path / "polecat.tsv")
    icews = write_icews(tmp_path / "events.2023.tab")
    with Store(tmp_path / "mixed.duckdb") as store:
        assert import_events(store, polecat, layout="polecat").rows == 3
        tables = "SELECT count(*) FROM duckdb_tables() WHERE temporary"
        built = store.con.execute(tables).fetchone()
        assert import_events(store, icews, layout="icews").rows == 3
        again = write_polecat(tmp_path / "later.tsv", ({**POLECAT_ROWS[0], "Event ID": "x-1"},))
        assert import_events(store, again, layout="polecat").rows == 1
        assert store.con.execute(tables).fetchone() == built  # staging tables dropped
        countries = store.con.execute(
            "SELECT event_id, source_country, target_country FROM events "
            "WHERE event_id IN ('icews:926685', 'polecat:x-1', 'polecat:20230127-cd34') "
            "ORDER BY event_id"
        ).fetchall()
    assert countries == [
        ("icews:926685", "AZE", "IRN"),
        ("polecat:20230127-cd34", "AZE", "IRN"),
        ("polecat:x-1", "ISR", "AZE"),
    ]
