"""Alerts, the network, charts, the HTML report (opened in headless Chromium) and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.analysis.alerts import alerts, change_level
from detente.analysis.chartspec import LINE_COLOUR, QUAD_COLOURS, THIN_COLOUR
from detente.analysis.filter import AnalysisError
from detente.analysis.network import build_network, export_network, network_metrics, networkx
from detente.analysis.plot import plot_dyad, plot_network
from detente.analysis.report import dyad_report, render_report_html
from detente.analysis.series import dyad_series
from detente.analysis.svg import dyad_chart_svg
from detente.cli import app
from detente.store import Store
from tests.helpers.events import build_store

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "views.duckdb"
    build_store(path).close()
    return path


@pytest.fixture
def store(db: Path) -> Store:
    with Store(db, read_only=True) as s:
        yield s  # type: ignore[misc]


@pytest.mark.parametrize(
    ("change", "level"),
    [
        (None, "large increase"),
        (0.26, "large increase"),
        (0.25, "moderate increase"),
        (0.10, "moderate increase"),
        (0.0, "limited change"),
        (-0.10, "moderate decrease"),
        (-0.25, "moderate decrease"),
        (-0.5, "large decrease"),
    ],
)
def test_acled_levels(change: float | None, level: str) -> None:
    assert change_level(change) == level


def test_alerts_find_changes_and_records(store: Store) -> None:
    found = alerts(store, watch=(("AZE", "IRN"),), min_history=2, min_current=1, min_baseline=1)
    messages = [a.message for a in found]
    # April 2023: expulsion and threat (-11.4) after the attack month (-11.0) and talks (+1.9)
    record = next(a for a in found if a.kind == "record" and a.metric == "net cooperation")
    assert record.level == "lowest on record" and record.latest == -11.4
    assert "lowest net cooperation on record for AZE-IRN" in record.message
    change = next(a for a in found if a.kind == "change" and a.metric == "conflict")
    assert change.period == "2023-04" and change.baseline == pytest.approx(0.4)
    assert change.level == "large increase"
    assert found[0].strength == max(a.strength for a in found), messages
    assert [a.strength for a in found] == sorted((a.strength for a in found), reverse=True)
    quiet = alerts(
        store,
        watch=(("AZE", "IRN"),),
        as_of=dt.date(2023, 6, 15),
        min_history=2,
        min_current=1,
        min_baseline=1,
    )
    assert {a.level for a in quiet if a.metric == "count"} == {"large decrease"}


def test_alerts_need_support_and_say_it(store: Store) -> None:
    # the default support: 2 stories in April 2023 against 3 in the five months before
    found = alerts(store, watch=(("AZE", "IRN"),), min_history=2)
    assert [(a.metric, a.current_count, a.baseline_count) for a in found] == [("count", 2, 3)]
    assert "2 stories against 3 in the 5 months before (a mean of 0.6)" in found[0].message
    assert alerts(store, watch=(("AZE", "IRN"),), min_history=2, min_baseline=4) == []
    # a quiet month: a decrease only where the baseline had the support asked for
    quiet = alerts(store, watch=(("AZE", "IRN"),), as_of=dt.date(2023, 6, 15), min_history=2)
    support = {(a.metric, a.current_count, a.baseline_count) for a in quiet}
    assert support == {("conflict", 0, 4), ("count", 0, 4)}
    assert all(a.level == "large decrease" for a in quiet)
    watched = (("AZE", "IRN"),)
    at = dt.date(2023, 6, 15)
    assert alerts(store, watch=watched, as_of=at, min_history=2, min_baseline=5) == []


def test_network_metrics_and_exports(store: Store, tmp_path: Path) -> None:
    graph = build_network(store)
    assert sorted(graph.edges) == [("AZE", "IRN"), ("AZE", "ISR")]
    assert graph["AZE"]["IRN"]["conflict"] == 4 and graph["AZE"]["ISR"]["cooperation"] == 1
    metrics = {m.country: m for m in network_metrics(graph)}
    assert metrics["AZE"].degree == 2 and metrics["AZE"].strength == 6
    assert metrics["AZE"].betweenness == 1.0
    assert metrics["ISR"].community == metrics["AZE"].community
    nx = networkx()
    for suffix, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"net.{suffix}"
        export_network(graph, path)
        back = reader(path)
        assert sorted(back.nodes) == ["AZE", "IRN", "ISR"]
        assert int(back["AZE"]["IRN"]["conflict"]) == 4
    export_network(graph, tmp_path / "net.json")
    data = json.loads((tmp_path / "net.json").read_text())
    assert data["graph"]["counted"] == "stories" and len(data["links"]) == 2
    with pytest.raises(AnalysisError, match=r"\.graphml"):
        export_network(graph, tmp_path / "net.txt")


def test_charts_are_drawn_and_escaped(store: Store, tmp_path: Path) -> None:
    series = dyad_series(store, ("AZE", "IRN"))
    svg = dyad_chart_svg(series)
    assert svg.count('class="bar q4"') == 2
    # one dot per period with events; a line only joins consecutive periods with events
    busy = [r.count > 0 for r in series.rows]
    assert svg.count("<circle") == sum(busy) + 1  # and the thin-basis ring of the legend
    runs = sum(1 for i, b in enumerate(busy) if b and (i == 0 or not busy[i - 1]))
    assert svg.count('class="line"') == runs  # one line per run of busy periods: gaps stay
    assert plot_dyad(series, tmp_path / "c.svg") == "svg"
    assert plot_dyad(series, tmp_path / "c.html") == "html"
    graph = build_network(store)
    network_metrics(graph)
    assert plot_network(graph, tmp_path / "n.svg") == "svg"
    assert "<circle" in (tmp_path / "n.svg").read_text()
    with pytest.raises(AnalysisError, match=r"\.svg"):
        plot_dyad(series, tmp_path / "c.gif")


def test_png_chart_when_matplotlib_is_installed(store: Store, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    assert plot_dyad(dyad_series(store, ("AZE", "IRN")), tmp_path / "c.png") == "png"
    assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_is_self_contained_and_escaped(store: Store) -> None:
    html = render_report_html(dyad_report(store, ("AZE", "IRN"), min_current=1, min_baseline=1))
    assert "<svg" in html and "<script" not in html
    assert "&lt;b&gt;ignoring&lt;/b&gt;" in html and "<b>ignoring" not in html
    assert "Embassy attack &lt;Tehran&gt;" in html
    assert "javascript:" not in html  # only http(s) URLs become links
    assert " src=" not in html and "<link" not in html  # nothing to fetch
    assert "lowest net cooperation on record for AZE-IRN" in html


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_report_opens_in_headless_chromium_and_the_chart_is_drawn(db: Path, tmp_path: Path) -> None:
    image_module = pytest.importorskip("PIL.Image")
    report = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--dyad", "AZE-IRN", "-o", str(report), "--db", str(db)])
    assert result.exit_code == 0, result.output
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1000,1000",
            f"--screenshot={shot}",
            report.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    image = image_module.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000) or []
    counts = {rgb: n for n, rgb in colours}
    assert counts.get(_rgb(QUAD_COLOURS[3]), 0) > 2000  # material-conflict bars are painted
    assert counts.get(_rgb(QUAD_COLOURS[2]), 0) > 1000  # verbal-conflict bars too
    # the Goldstein mean's line and dots, or rings where a period rests on few events
    marks = [_rgb(LINE_COLOUR), _rgb(THIN_COLOUR)]
    near = sum(n for rgb, n in counts.items() if any(_close(rgb, m) for m in marks))
    assert near > 20


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _close(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    """Within anti-aliasing of each other."""
    return all(abs(x - y) <= 40 for x, y in zip(a, b, strict=True))


def test_cli_commands_on_a_store(db: Path, tmp_path: Path) -> None:
    def run(*args: str) -> str:
        result = runner.invoke(app, [*args, "--db", str(db)])
        assert result.exit_code == 0, result.output
        return result.output

    out = run("dyad", "AZE-IRN", "--by", "month")
    assert "2022-12" in out and "counting stories" in out
    records = [
        json.loads(line) for line in run("dyad", "AZE-ISR", "--format", "jsonl").splitlines()
    ]
    assert [(r["label"], r["count"], r["CONSULT"]) for r in records] == [("2023-04", 1, 1)]
    assert "mentions" in run("dyad", "AZE-ISR", "--count", "mentions")
    assert "AZE-IRN" in run("dyads")
    out = run("timeline", "AZE-ISR")
    assert "Eli Cohen visited Baku" in out and "(3 doc)" in out
    assert "IRN" in run("actor", "AZE")
    assert "Network: 3 countries and bodies, 2 dyads" in run(
        "network", "-o", str(tmp_path / "n.gexf")
    )
    assert (tmp_path / "n.gexf").is_file()
    found = run("alerts", "--min-history", "2", "--min-current", "1", "--min-baseline", "1")
    assert "lowest net cooperation on record" in found
    run("plot", "dyad", "AZE-IRN", "-o", str(tmp_path / "c.svg"))
    run("plot", "network", "-o", str(tmp_path / "n.svg"))
    bad = runner.invoke(app, ["dyad", "AZE-IRN", "--factuality", "maybe", "--db", str(db)])
    assert bad.exit_code == 1 and "unknown factuality 'maybe'" in bad.output
    assert runner.invoke(app, ["dyad", "AZEIRN", "--db", str(db)]).exit_code == 2
