from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.errors import StoreError
from detente.formats import write_events
from detente.models import EVENT_FIELDS, Document, Event, Failure, Mention
from detente.store import EventFilter, Store
from detente.store.schema import MIGRATIONS
from tests.helpers.events import make_event

DOC = Document(
    doc_id="d1",
    text="Turkey's foreign minister visited Baku on Monday.",
    title="Visit",
    date=dt.date(2024, 3, 6),
    source="examples/visit.txt",
    language="en",
)


def test_store_file_is_created_and_migrated_once(tmp_path: Path) -> None:
    path = tmp_path / "detente.duckdb"
    with Store(path) as store:
        assert store.version == len(MIGRATIONS)
    with Store(path) as store:  # second open applies nothing and keeps the version
        assert store.version == len(MIGRATIONS)
        rows = store.con.execute("SELECT count(*) FROM schema_migrations").fetchone()
        assert rows == (len(MIGRATIONS),)
    con = duckdb.connect(str(path))
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    con.close()
    assert {"documents", "events", "mentions", "actors", "failures", "schema_migrations"} <= tables


def test_saving_twice_stores_once(tmp_path: Path) -> None:
    mention = Mention(
        text="Cohen",
        start=0,
        end=5,
        actor="ISRGOV",
        country="ISR",
        sector="GOV",
        name="Eli Cohen",
        kind="person",
        rule="doc:apposition",
    )
    with Store(tmp_path / "s.duckdb") as store:
        assert store.save_document(DOC, [make_event()], [mention]) is True
        assert store.save_document(DOC, [make_event()], [mention]) is False
        counts = store.counts()
        assert (counts.documents, counts.events, counts.mentions) == (1, 1, 1)
        learned = store.con.execute("SELECT name, code, origin FROM actors").fetchall()
        assert learned == [("Eli Cohen", "ISRGOV", "doc:apposition")]


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    broken = make_event(event_id=None)  # violates the primary key
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(duckdb.Error):
            store.save_document(DOC, [broken])
        assert store.counts().documents == 0
        assert store.save_document(DOC, [make_event()]) is True


def test_event_filters(tmp_path: Path) -> None:
    events = [
        make_event(event_id="a"),
        make_event(
            event_id="b",
            source_country="AZE",
            source_actor="AZEGOV",
            target_country="TUR",
            target_actor="TURGOV",
            event_type="ASSAULT",
            cameo_code="190",
            cameo_root="19",
            date_start=dt.date(2022, 1, 1),
            date_end=dt.date(2022, 1, 1),
        ),
        make_event(
            event_id="c",
            source_country="IRN",
            source_actor="IRNSPY",
            target_country="AZE",
            target_actor="AZEGOV",
            date_start=None,
            date_end=None,
        ),
    ]
    with Store(tmp_path / "s.duckdb") as store:
        store.save_document(DOC, events)
        ids = lambda flt: [e.event_id for e in store.events(flt)]  # noqa: E731
        assert ids(EventFilter(dyad=("AZE", "TUR"))) == ["b", "a"]
        assert ids(EventFilter(dyad=("AZE", "TUR"), directed=True)) == ["b"]
        assert ids(EventFilter(actor="irnspy")) == ["c"]
        assert ids(EventFilter(event_type="ASSAULT")) == ["b"]
        assert ids(EventFilter(event_type="04")) == ["a", "c"]
        assert ids(EventFilter(since=dt.date(2023, 1, 1))) == ["a"]
        assert ids(EventFilter(until=dt.date(2023, 1, 1))) == ["b"]
        assert ids(EventFilter(limit=1)) == ["b"]
        assert store.events()[0] == events[1]


def test_failures_are_kept_and_cleared_by_a_later_success(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.record_failure(
            Failure(source="examples/visit.txt", stage="ingest", reason="empty file")
        )
        store.record_failure(
            Failure(source="examples/visit.txt", stage="ingest", reason="empty file")
        )
        assert [f.reason for f in store.failures()] == ["empty file"]
        store.save_document(DOC)
        assert store.failures() == []


def test_read_only_store_must_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="detente ingest"):
        Store(tmp_path / "missing.duckdb", read_only=True)


@settings(
    max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    sentence=st.text(min_size=1, max_size=200),
    goldstein=st.floats(min_value=-10, max_value=10, allow_nan=False),
    day=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2050, 1, 1)),
)
def test_store_round_trip(tmp_path: Path, sentence: str, goldstein: float, day: dt.date) -> None:
    event = make_event(sentence=sentence, goldstein=goldstein, date_start=day, date_end=day)
    path = tmp_path / f"rt-{abs(hash((sentence, goldstein, day)))}.duckdb"
    with Store(path) as store:
        store.save_document(DOC, [event])
        assert store.events() == [event]


def test_exports(tmp_path: Path) -> None:
    events = [make_event(), make_event(event_id="e2", sentence='He said "no", twice.\nThen left.')]
    stream = io.StringIO()
    assert write_events(events, stream, fmt="jsonl") == 2
    lines = stream.getvalue().splitlines()
    assert [Event.from_record(json.loads(line)) for line in lines] == events
    csv_path = tmp_path / "e.csv"
    write_events(events, csv_path, fmt="csv")
    assert csv_path.read_text().splitlines()[0] == ",".join(EVENT_FIELDS)
    parquet = tmp_path / "e.parquet"
    write_events(events, parquet, fmt="parquet")
    table = pq.read_table(parquet)
    assert table.column_names == list(EVENT_FIELDS)
    assert table.num_rows == 2
    with pytest.raises(StoreError, match="unknown format"):
        write_events(events, stream, fmt="xml")
