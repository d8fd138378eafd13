"""The web app, `detente plot` and `detente report` draw a series alike: the same colour
for each quad class, the same value for each period's line, a gap where a period has no
event, and the same figures beside the chart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from detente.analysis.chartspec import (
    FEW_EVENTS,
    QUAD_COLOURS,
    edge_colour,
    line_values,
    palette_css,
    series_figures,
)
from detente.analysis.plot import plot_dyad
from detente.analysis.report import dyad_report, render_report_html
from detente.analysis.series import dyad_series
from detente.store import Store
from detente.web import screens
from detente.web.charts import network_chart, series_chart
from detente.web.queries import EventQuery
from tests.helpers.events import build_store

PAIR = ("AZE", "IRN")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with build_store(tmp_path / "charts.duckdb") as s:
        yield s  # type: ignore[misc]


def _colours(svg: str) -> dict[int, set[str]]:
    """The fill of every bar, by quad class."""
    found: dict[int, set[str]] = {}
    for quad, fill in re.findall(r'<rect class="bar q(\d)"[^>]*? fill="([^"]+)"', svg):
        found.setdefault(int(quad), set()).add(fill)
    return found


def _values(svg: str) -> dict[str, float]:
    """Each period's line value, from the runs' ``data-values``."""
    out: dict[str, float] = {}
    for run in re.findall(r'data-values="([^"]*)"', svg):
        for item in run.split(","):
            label, value = item.split(" ")
            out[label] = float(value)
    return out


def test_web_plot_and_report_draw_the_same_colours_and_values(store: Store, tmp_path: Path) -> None:
    series = dyad_series(store, PAIR)
    web = str(series_chart(series.rows, title="AZE-IRN", counted=series.counted))
    report = render_report_html(dyad_report(store, PAIR))
    plot_dyad(series, tmp_path / "chart.svg")
    plotted = (tmp_path / "chart.svg").read_text(encoding="utf-8")
    expected = {
        r.label: v
        for r, v in zip(series.rows, line_values(series.rows), strict=True)
        if v is not None
    }
    assert any(r.count == 0 for r in series.rows)  # the series has a gap...
    assert len(expected) < len(series.rows)  # ...which has no value in any chart
    for svg in (web, report, plotted):
        assert _values(svg) == expected
        colours = _colours(svg)
        assert colours and all(colours[q] == {QUAD_COLOURS[q - 1]} for q in colours)
    assert {r.label: r.goldstein_mean for r in series.rows if r.count} == expected
    assert any(0 < r.count < FEW_EVENTS for r in series.rows)
    assert web.count('class="thin"') - 1 == report.count('stroke-dasharray="2 2"') - 1


def test_the_dyad_page_and_the_report_print_the_same_figures(store: Store) -> None:
    page = screens.dyad(store.con, PAIR, EventQuery(), period="month")
    report = dyad_report(store, PAIR)
    figures = series_figures(report.series.rows)
    assert page["figures"] == figures
    assert figures.count == page["summary"].events == sum(r.count for r in page["series"])
    assert figures.goldstein_sum == page["summary"].goldstein_sum
    html = render_report_html(report)
    for label, value in figures.cells(report.series.counted):
        assert f"<b>{value}</b>{label}" in html


def test_the_network_and_the_stylesheet_use_the_palette(store: Store) -> None:
    rows = screens.network(store.con, EventQuery(limit=200))["edges"]
    assert rows and edge_colour(-1.0) != edge_colour(1.0)
    assert network_chart(rows, title="net")
    css = palette_css()
    for i, colour in enumerate(QUAD_COLOURS, start=1):
        assert f"--q{i}: {colour};" in css
    assert f"--coop: {edge_colour(1.0)};" in css and f"--conf: {edge_colour(-1.0)};" in css
