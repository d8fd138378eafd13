"""Web building blocks without the spaCy model: marks, charts, loopback rule, blank filters."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app as cli_app
from detente.errors import ConfigError
from detente.models import Document, Event
from detente.store import Store
from detente.web.highlight import segments
from detente.web.overrides import country_of
from detente.web.serve import check_host, is_loopback
from tests.helpers.web import start_server

pytest.importorskip("fastapi")

TEXT = (
    "Tehran, for its part, has accused Baku of allowing Israel to use its territory. "
    "Iran expelled four <b>Azerbaijani</b> diplomats."
)


def _event(n: int, **fields: object) -> Event:
    values: dict[str, object] = {
        "event_id": f"e{n}",
        "doc_id": "d1",
        "sentence_index": 0,
        "sentence": TEXT[:80],
        "sentence_start": 0,
        "sentence_end": 80,
        "trigger_text": "accused",
        "source_text": "Tehran",
        "source_actor": "IRNGOV",
        "source_country": "IRN",
        "source_sector": "GOV",
        "target_text": "Baku",
        "target_actor": "AZEGOV",
        "target_country": "AZE",
        "target_sector": "GOV",
        "event_type": "ACCUSE",
        "event_mode": "",
        "cameo_code": "112",
        "cameo_root": "11",
        "quad_class": 3,
        "goldstein": -2.0,
        "date_start": dt.date(2023, 2, 3),
        "date_end": dt.date(2023, 2, 3),
        "date_granularity": "day",
        "date_basis": "explicit",
        "factuality": "asserted",
        "rule": "accuse:nsubj-dobj",
        "confidence": 0.7,
    }
    values.update(fields)
    return Event.from_record(values)


def test_marks_cover_trigger_source_and_target() -> None:
    parts = segments(TEXT, [_event(1)])
    marked = {(s.role, s.text) for s in parts if s.role}
    assert marked == {("source", "Tehran"), ("trigger", "accused"), ("target", "Baku")}
    assert "".join(s.text for s in parts) == TEXT
    trigger = next(s for s in parts if s.role == "trigger")
    assert "accuse:nsubj-dobj" in trigger.title and trigger.label == "ACCUSE 112"


def test_shared_marks_merge_and_words_match_whole() -> None:
    second = _event(
        2,
        sentence=TEXT[TEXT.index("Iran") :],
        sentence_start=TEXT.index("Iran"),
        sentence_end=len(TEXT),
        trigger_text="expelled",
        source_text="Iran",
        target_text="Azerbaijani",
    )
    parts = segments(TEXT, [_event(1), _event(1), second])
    source = next(s for s in parts if s.role == "source")
    assert source.event_ids == ["e1", "e1"]
    iran = next(s for s in parts if s.text == "Iran")
    assert iran.start == TEXT.index("Iran expelled")
    assert "".join(s.text for s in parts) == TEXT


def test_charts_escape_labels() -> None:
    from detente.analysis.dyads import DyadSummary
    from detente.analysis.series import PeriodRow
    from detente.web.charts import network_chart, series_chart

    point = PeriodRow(
        period=dt.date(2023, 1, 1),
        label="2023-01",
        count=4,
        by_quad=(1, 0, 2, 1),
        by_type={},
        goldstein_sum=-12.0,
        goldstein_mean=-3.0,
        net_cooperation=-12.0,
        conflict_share=0.75,
    )
    svg = str(series_chart([point], title="<script>x</script>", counted="stories"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count('class="bar q') == 3
    assert 'data-counted="stories"' in svg and "2 stories, verbal conflict" in svg
    row = DyadSummary(
        dyad=("AZE", "<i>"),
        events=3,
        by_quad=(0, 0, 3, 0),
        goldstein_sum=-6.0,
        goldstein_mean=-2.0,
        net_cooperation=-6.0,
        conflict_share=1.0,
    )
    net = str(network_chart([row], title="net"))
    assert "<i>" not in net and 'class="edge conflict"' in net


@pytest.mark.parametrize(
    ("host", "ok"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("192.168.1.10", False),
        ("::", False),
        ("example.org", False),
    ],
)
def test_only_loopback_without_allow_remote(host: str, ok: bool) -> None:
    assert is_loopback(host) is ok
    if ok:
        check_host(host)
    else:
        with pytest.raises(ConfigError, match="--allow-remote"):
            check_host(host)
        check_host(host, allow_remote=True)


def test_serve_refuses_a_public_host(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    Store(db).close()
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "--allow-remote" in result.output


def test_country_of_actor_codes() -> None:
    assert country_of("ISRGOV") == "ISR"
    assert country_of("IRN") == "IRN"
    assert country_of("NATO") is None
    assert country_of(None) is None


def test_blank_form_fields_are_no_filter(tmp_path: Path) -> None:
    import httpx

    db = tmp_path / "t.duckdb"
    doc = Document(doc_id="d1", text=TEXT, date=dt.date(2023, 2, 3))
    with Store(db) as store:
        store.save_document(doc, [_event(1)])
    running = start_server(db)
    with httpx.Client(base_url=running.url) as http:
        answer = http.get("/api/events", params={"type": "", "quad_class": "", "since": ""})
        assert answer.status_code == 200 and answer.json()["total"] == 1
        page = http.get("/events?type=&quad_class=&factuality=asserted")
        assert page.status_code == 200 and "Tehran" in page.text
        assert http.get("/documents/d1").text.count('data-events="e1"') == 3
        shown = http.get("/documents/d1").text
        assert "&lt;b&gt;Azerbaijani&lt;/b&gt;" in shown
    running.stop()


def test_series_chart_leaves_empty_periods_as_gaps() -> None:
    import re

    from detente.analysis.series import empty_row
    from detente.web.charts import series_chart

    db_rows = []
    for month, count in ((1, 2), (2, 0), (3, 0), (4, 1), (5, 3)):
        row = empty_row(dt.date(2023, month, 1), "month")
        if count:
            row = dataclasses.replace(
                row, count=count, by_quad=(count, 0, 0, 0), goldstein_mean=2.0
            )
        db_rows.append(row)
    svg = str(series_chart(db_rows, title="t", counted="stories"))
    runs = re.findall(r'class="goldstein" data-from="([^"]+)" data-to="([^"]+)"', svg)
    assert runs == [("2023-01", "2023-01"), ("2023-04", "2023-05")]
    assert svg.count("<polyline") == 1 and '<circle class="goldstein"' in svg


def test_series_chart_marks_thin_periods() -> None:
    from detente.analysis.chartspec import FEW_EVENTS
    from detente.analysis.series import empty_row
    from detente.web.charts import series_chart

    rows = []
    for month, count in ((1, 1), (2, FEW_EVENTS), (3, 0)):
        row = empty_row(dt.date(2023, month, 1), "month")
        if count:
            row = dataclasses.replace(row, count=count, by_quad=(count, 0, 0, 0))
        rows.append(row)
    svg = str(series_chart(rows, title="t", counted="stories"))
    assert svg.count('class="thin" data-period=') == 1
    assert 'data-period="2023-01"' in svg and "only 1 stories, a thin basis" in svg


@pytest.mark.parametrize("weeks", [5, 30, 100, 400])
def test_axis_labels_keep_apart_at_any_series_length(weeks: int) -> None:
    import re

    from detente.analysis.series import empty_row, period_label
    from detente.web.charts import series_chart

    start = dt.date(2022, 1, 3)
    rows = [empty_row(start + dt.timedelta(weeks=i), "week") for i in range(weeks)]
    assert period_label(rows[0].period, "week") == "2022-W01"
    svg = str(series_chart(rows, title="t", counted="stories"))
    xs = [float(x) for x in re.findall(r'<text class="tick" x="([0-9.]+)" y="292"', svg)]
    assert 1 <= len(xs) <= 13
    assert all(b - a >= 8 * 7.5 for a, b in itertools.pairwise(xs))
