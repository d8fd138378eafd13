"""Imports of GDELT 2.0 event files and detente Parquet, exports back, and bad input."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest

from detente.analysis.filter import AnalysisFilter
from detente.analysis.series import dyad_series
from detente.formats import LayoutError, export_store, import_events, write_events
from detente.formats.gdelt import GDELT_COLUMNS
from detente.store import Store
from tests.helpers.events import build_store


def gdelt_row(event_id: int, **values: str) -> str:
    """One GDELT 2.0 event row (61 columns) with plausible values."""
    row = dict.fromkeys(GDELT_COLUMNS, "")
    row.update(
        GLOBALEVENTID=str(event_id),
        SQLDATE="20230127",
        MonthYear="202301",
        Year="2023",
        FractionDate="2023.0740",
        Actor1Code="AZEGOV",
        Actor1Name="AZERBAIJAN",
        Actor1CountryCode="AZE",
        Actor1Type1Code="GOV",
        Actor2Code="IRN",
        Actor2Name="IRAN",
        Actor2CountryCode="IRN",
        IsRootEvent="1",
        EventCode="112",
        EventBaseCode="112",
        EventRootCode="11",
        QuadClass="3",
        GoldsteinScale="-2.0",
        NumMentions="10",
        NumSources="2",
        NumArticles="10",
        AvgTone="-5.1",
        ActionGeo_Type="4",
        ActionGeo_FullName="Tehran, Tehran, Iran",
        ActionGeo_CountryCode="IR",
        ActionGeo_Lat="35.75",
        ActionGeo_Long="51.5148",
        DATEADDED="20230127120000",
        SOURCEURL=f"https://news.example/{event_id}",
    )
    row.update(values)
    return "\t".join(row[c] for c in GDELT_COLUMNS)


def write_gdelt(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_gdelt_rows_map_into_the_schema(tmp_path: Path) -> None:
    rows = [
        gdelt_row(1001),
        gdelt_row(
            1002,
            SQLDATE="20230420",
            Actor1Code="ISRGOV",
            Actor1CountryCode="ISR",
            Actor2Code="AZEGOV",
            Actor2CountryCode="AZE",
            EventCode="042",
            EventBaseCode="042",
            EventRootCode="04",
            QuadClass="1",
            GoldsteinScale="1.9",
            NumMentions="4",
            ActionGeo_FullName="Baku, Baki, Azerbaijan",
            ActionGeo_CountryCode="AJ",
        ),
        gdelt_row(1003, ActionGeo_CountryCode="IS", ActionGeo_FullName="Jerusalem, Israel"),
    ]
    path = write_gdelt(tmp_path / "20230127.export.CSV", rows)
    with Store(tmp_path / "g.duckdb") as store:
        report = import_events(store, path, layout="gdelt")
        assert (report.rows, report.dataset) == (3, "gdelt")
        got = store.con.execute(
            "SELECT event_id, source_country, target_country, event_type, event_mode, "
            "quad_class, goldstein, date_start, location_country, dataset, mentions "
            "FROM events ORDER BY event_id"
        ).fetchall()
        assert got[0][:7] == ("gdelt:1001", "AZE", "IRN", "ACCUSE", "disapprove", 3, -2.0)
        assert str(got[0][7]) == "2023-01-27" and got[0][8:] == ("IRN", "gdelt", 10)
        assert got[1][3] == "CONSULT" and got[1][8] == "AZE"  # FIPS AJ is Azerbaijan
        assert got[2][8] == "ISR"  # FIPS IS is Israel, not Iceland
        mentions = AnalysisFilter(counted="mentions", datasets=("gdelt",))
        assert dyad_series(store, ("AZE", "IRN"), flt=mentions).rows[0].count == 20
        assert dyad_series(store, ("AZE", "IRN")).rows[0].count == 1  # one story
        assert import_events(store, path, layout="gdelt").rows == 0  # a rerun adds nothing


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: "\t".join(r.split("\t")[:58]), "line 2, column 60 DATEADDED: the row has fewer"),
        (lambda r: r + "\textra", "line 2, column 62 (extra): the row has more"),
        (lambda r: r.replace("\t112\t112\t11\t", "\tX12\t112\t11\t"), "column 27 EventCode"),
        (lambda r: r.replace("20230127\t", "2023-01-27\t", 1), "line 2, column 2 SQLDATE"),
        (lambda r: r.replace("\t3\t-2.0\t", "\t3\t-42\t"), "column 31 GoldsteinScale"),
        (lambda r: r.replace("\tAZE\t", "\tAZ\t", 1), "column 8 Actor1CountryCode"),
    ],
)
def test_bad_gdelt_rows_are_rejected_with_line_and_column(
    tmp_path: Path, change: object, expected: str
) -> None:
    path = write_gdelt(tmp_path / "bad.CSV", [gdelt_row(1), change(gdelt_row(2)), gdelt_row(3)])  # type: ignore[operator]
    with Store(tmp_path / "g.duckdb") as store:
        with pytest.raises(LayoutError, match=re.escape(expected)) as caught:
            import_events(store, path, layout="gdelt")
        assert caught.value.source == str(path)  # the file, apart from what is wrong in it
        assert caught.value.reason.startswith("line 2, column ")
        assert store.counts().events == 0  # a rejected file leaves nothing
        assert store.con.execute("SELECT count(*) FROM imports").fetchone() == (0,)


def test_a_csv_is_not_a_gdelt_file(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("event_id,doc_id\ne1,d1\n", encoding="utf-8")
    with Store(tmp_path / "g.duckdb") as store, pytest.raises(LayoutError, match="line 1"):
        import_events(store, path, layout="gdelt")


def test_gdelt_export_import_round_trip(tmp_path: Path) -> None:
    rows = [gdelt_row(10 + i, SQLDATE=f"202301{i + 10:02d}") for i in range(5)]
    source = write_gdelt(tmp_path / "in.CSV", rows)
    with Store(tmp_path / "a.duckdb") as first:
        import_events(first, source, layout="gdelt")
        assert export_store(first.con, tmp_path / "out.CSV", layout="gdelt", corrected=False) == 5
        original = first.con.execute("SELECT * FROM events ORDER BY event_id").fetchall()
    exported = (tmp_path / "out.CSV").read_text(encoding="utf-8").splitlines()
    assert [len(line.split("\t")) for line in exported] == [61] * 5
    assert exported[0].split("\t")[53] == "IR"  # ActionGeo_CountryCode back in FIPS
    with Store(tmp_path / "b.duckdb") as second:
        import_events(second, tmp_path / "out.CSV", layout="gdelt")
        again = second.con.execute("SELECT * FROM events ORDER BY event_id").fetchall()
    assert again == original


def test_parquet_round_trip_and_missing_columns(tmp_path: Path) -> None:
    with build_store(tmp_path / "ours.duckdb") as ours:
        events = ours.events()
    write_events(events, tmp_path / "events.parquet", fmt="parquet")
    with Store(tmp_path / "copy.duckdb") as copy:
        report = import_events(copy, tmp_path / "events.parquet", layout="parquet")
        assert report.rows == len(events)
        assert copy.events() == events
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"event_id": ["x"], "doc_id": ["d"]}), tmp_path / "thin.parquet")
    with Store(tmp_path / "thin.duckdb") as thin:
        with pytest.raises(LayoutError, match="missing columns sentence_index"):
            import_events(thin, tmp_path / "thin.parquet", layout="parquet")
        assert thin.counts().events == 0


@pytest.mark.slow
def test_gdelt_import_speed_smoke(tmp_path: Path) -> None:
    """20,000 rows, a floor far below the goal on a shared 2-core machine."""
    rng = random.Random(7)
    countries = ["AZE", "IRN", "ISR", "TUR", "ARM", "RUS", "GEO", "USA"]
    rows = [
        gdelt_row(
            i, Actor1CountryCode=rng.choice(countries), Actor2CountryCode=rng.choice(countries)
        )
        for i in range(20_000)
    ]
    path = write_gdelt(tmp_path / "big.CSV", rows)
    with Store(tmp_path / "big.duckdb") as store:
        start = time.perf_counter()
        assert import_events(store, path, layout="gdelt").rows == 20_000
        rate = 20_000 / (time.perf_counter() - start)
    assert rate > 2_000, f"{rate:.0f} rows/s"
