"""The exchange layouts' registry, the walkthrough of docs/formats.md run as written,
and the store loading nothing above it."""

from __future__ import annotations

import dataclasses
import io
import pickle
import re
import subprocess
import sys
import types
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.formats import LAYOUTS, LayoutError, export_store, import_events, write_events
from detente.formats.native import event_arrow_schema
from detente.formats.registry import (
    EXPORT_LAYOUTS,
    IMPORT_LAYOUTS,
    RECORD_FORMATS,
    STREAM_FORMATS,
)
from detente.models import EVENT_FIELDS, Document
from detente.store import Store
from tests.helpers.events import build_store

ROOT = Path(__file__).resolve().parent.parent


def test_every_layout_is_registered_whole() -> None:
    detente = {"jsonl", "csv", "tsv", "parquet"}
    assert set(IMPORT_LAYOUTS) == {*detente, "plover", "gdelt", "icews", "polecat"}
    assert set(EXPORT_LAYOUTS) == set(IMPORT_LAYOUTS)
    assert set(RECORD_FORMATS) == {"jsonl", "csv", "tsv", "parquet"}
    for name, layout in LAYOUTS.items():
        assert layout.name == name and layout.summary
        assert (layout.stage is None) == (layout.select is None), name  # a reader is both
        assert layout.select is None or layout.select.count("?") == 1, name  # the dataset


def test_the_registry_says_which_formats_write_to_a_stream(tmp_path: Path) -> None:
    with build_store(tmp_path / "s.duckdb") as store:
        events = store.events()[:2]
    assert STREAM_FORMATS == ("jsonl", "csv", "tsv")
    for fmt in RECORD_FORMATS:
        if fmt in STREAM_FORMATS:
            assert write_events(events, io.StringIO(), fmt=fmt) == 2
        else:
            with pytest.raises(LayoutError, match=f"^{fmt}: needs a file path"):
                write_events(events, io.StringIO(), fmt=fmt)
        assert write_events(events, tmp_path / f"out.{fmt}", fmt=fmt) == 2


def test_format_options_list_the_registered_formats() -> None:
    def help_of(command: str) -> str:
        result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        return " ".join(result.output.split())

    assert "jsonl, csv, tsv, parquet (with -o FILE)." in help_of("code")
    assert "table, jsonl, csv, tsv." in help_of("events")


def test_an_unknown_layout_names_the_ones_there_are(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(
            LayoutError, match=r"^acme: unknown layout; choose one of jsonl, csv"
        ) as caught:
            import_events(store, tmp_path / "x.csv", layout="acme")
        with pytest.raises(LayoutError, match=r"^xml: unknown format; choose one of jsonl"):
            write_events([], tmp_path / "x.xml", fmt="xml")
    assert (caught.value.source, caught.value.reason.split(";")[0]) == ("acme", "unknown layout")
    again = pickle.loads(pickle.dumps(caught.value))  # as a worker process hands it back
    assert (again.source, str(again)) == ("acme", str(caught.value))


@pytest.mark.parametrize("layout", ["jsonl", "csv", "tsv", "parquet"])
def test_detente_layouts_round_trip_exactly(tmp_path: Path, layout: str) -> None:
    with build_store(tmp_path / "src.duckdb") as source:
        first = source.events()[0]
        awkward = dataclasses.replace(
            first,
            event_id="awkward",
            sentence='He said "no, never",\tthen left.\nThe end.',
            trigger_text="",
            event_type="",
            event_mode="",
            source_text=None,
            location_name=None,
            latitude=40.4093,
            longitude=49.8671,
        )
        source.save_document(dataclasses.replace(_document(source, first.doc_id), doc_id="aw"),
                             [dataclasses.replace(awkward, doc_id="aw")])  # fmt: skip
        events = sorted(source.events(), key=lambda e: e.event_id)
        out = tmp_path / f"events.{layout}"
        assert export_store(source.con, out, layout=layout, corrected=False) == len(events)
    with Store(tmp_path / "copy.duckdb") as copy:
        assert import_events(copy, out, layout=layout).rows == len(events)
        assert sorted(copy.events(), key=lambda e: e.event_id) == events


def test_a_bad_number_in_a_csv_is_named_by_line_and_column(tmp_path: Path) -> None:
    with build_store(tmp_path / "src.duckdb") as source:
        export_store(source.con, tmp_path / "events.csv", layout="csv")
    lines = (tmp_path / "events.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")
    cells[header.index("goldstein")] = "high"
    lines[2] = ",".join(cells)
    (tmp_path / "bad.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    column = header.index("goldstein") + 1
    with (
        Store(tmp_path / "copy.duckdb") as copy,
        pytest.raises(
            LayoutError, match=re.escape(f"line 3, column {column} goldstein: not a double")
        ),
    ):
        import_events(copy, tmp_path / "bad.csv", layout="csv")


def test_a_bad_date_in_a_parquet_file_is_named_by_row_and_column(tmp_path: Path) -> None:
    with build_store(tmp_path / "src.duckdb") as source:
        events = source.events()
    write_events(events[:1], tmp_path / "ok.parquet", fmt="parquet")
    records = [event.to_record() for event in events]
    records[1]["date_start"] = "19 April"
    table = pa.Table.from_pylist(records, schema=event_arrow_schema())
    pq.write_table(table, tmp_path / "bad.parquet")
    column = list(EVENT_FIELDS).index("date_start") + 1
    with Store(tmp_path / "copy.duckdb") as copy:
        assert import_events(copy, tmp_path / "ok.parquet", layout="parquet").rows == 1
        with pytest.raises(
            LayoutError, match=re.escape(f"bad.parquet: row 2, column {column} date_start: not a")
        ):
            import_events(copy, tmp_path / "bad.parquet", layout="parquet")


def _document(store: Store, doc_id: str) -> Document:
    return next(d for d in store.documents() if d.doc_id == doc_id)


def _walkthrough() -> types.ModuleType:
    """The layout module of docs/formats.md, imported as written."""
    text = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    source = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)[0]
    module = types.ModuleType("detente.formats.acme")
    exec(compile(source, "docs/formats.md", "exec"), module.__dict__)
    return module


def test_the_documented_walkthrough_adds_a_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme = _walkthrough()
    monkeypatch.setitem(LAYOUTS, "acme", acme.LAYOUT)  # the one registration line
    source = tmp_path / "acme.csv"
    source.write_text(
        "id,day,from,to,cameo\n7,2023-04-19,AZE,ISR,042\n8,2023-05-02,IRN,AZE,112\n",
        encoding="utf-8",
    )
    with Store(tmp_path / "a.duckdb") as store:
        report = import_events(store, source, layout="acme")
        assert (report.rows, report.dataset) == (2, "acme")
        events = {e.event_id: e for e in store.events()}
        visit, accusation = events["acme:7"], events["acme:8"]
        assert (visit.source_country, visit.target_country, visit.event_type) == (
            "AZE",
            "ISR",
            "CONSULT",
        )
        assert (accusation.event_type, accusation.quad_class) == ("ACCUSE", 3)
        assert (visit.date_basis, visit.factuality, visit.sentence) == (
            "publication",
            "asserted",
            "",
        )
        out = tmp_path / "out.csv"
        assert export_store(store.con, out, layout="acme") == 2
    assert (
        out.read_text(encoding="utf-8").splitlines()
        == source.read_text(encoding="utf-8").splitlines()
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("id,day,from,to,cameo\n9,19 April,AZE,ISR,042\n", encoding="utf-8")
    with (
        Store(tmp_path / "b.duckdb") as store,
        pytest.raises(
            LayoutError, match=re.escape("bad.csv: line 2, column 2 day: not a YYYY-MM-DD date")
        ),
    ):
        import_events(store, bad, layout="acme")


def test_the_store_loads_nothing_above_it() -> None:
    code = (
        "import sys, detente.store\n"
        "above = ('detente.analysis', 'detente.formats', 'detente.web', 'detente.cli', "
        "'detente.jobs', 'detente.scale')\n"
        "print(sorted(m for m in sys.modules if m.startswith(above)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
