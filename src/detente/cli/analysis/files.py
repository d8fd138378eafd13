"""Commands that write files: report, plot dyad, plot network."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from detente.analysis.network import build_network, network_metrics
from detente.analysis.plot import plot_dyad, plot_network
from detente.analysis.report import dyad_report, render_report_html
from detente.analysis.series import dyad_series
from detente.cli.analysis.options import (
    By,
    Count,
    Directed,
    Factuality,
    Since,
    Until,
    make_filter,
    parse_dyad,
)
from detente.cli.common import DbOption, app, errors, out, settings
from detente.store import Store

plot_app = typer.Typer(help="Draw charts to .svg, .html or .png files.", no_args_is_help=True)
app.add_typer(plot_app, name="plot")

ChartPath = Annotated[
    Path, typer.Option("-o", "--output", help="chart.svg, chart.html or chart.png.")
]


@app.command()
def report(
    dyad_spec: Annotated[str, typer.Option("--dyad", help="Two country codes, e.g. AZE-IRN.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.")],
    db: DbOption = None,
    by: By = "month",
    count: Count = "stories",
    factuality: Factuality = None,
    since: Since = None,
    until: Until = None,
) -> None:
    """Write a self-contained HTML report: chart, key numbers, alerts and timeline."""
    flt = make_filter(count, factuality, since=since, until=until)
    pair = parse_dyad(dyad_spec, "--dyad")
    cfg = settings(db=db)
    with errors(), Store.from_settings(cfg, read_only=True) as store:
        result = dyad_report(store, pair, by=by, flt=flt)  # type: ignore[arg-type]
    output.write_text(render_report_html(result), encoding="utf-8")
    out.print(
        f"report {result.series.name}: {len(result.series.rows)} periods, "
        f"{len(result.timeline)} timeline rows, {len(result.alerts)} alerts -> {output}",
        soft_wrap=True,
    )


@plot_app.command("dyad")
def plot_dyad_command(
    spec: Annotated[str, typer.Argument(help="Two country codes, e.g. AZE-IRN.")],
    output: ChartPath,
    db: DbOption = None,
    by: By = "month",
    directed: Directed = False,
    count: Count = "stories",
    factuality: Factuality = None,
    since: Since = None,
    until: Until = None,
) -> None:
    """Chart a dyad: net cooperation line over bars of events by quad class."""
    flt = make_filter(count, factuality, since=since, until=until)
    pair = parse_dyad(spec)
    cfg = settings(db=db)
    with errors(), Store.from_settings(cfg, read_only=True) as store:
        series = dyad_series(store, pair, by=by, directed=directed, flt=flt)  # type: ignore[arg-type]
        kind = plot_dyad(series, output)
    out.print(f"{kind} chart of {series.name} ({len(series.rows)} periods) -> {output}")


@plot_app.command("network")
def plot_network_command(
    output: ChartPath,
    db: DbOption = None,
    count: Count = "stories",
    factuality: Factuality = None,
    since: Since = None,
    until: Until = None,
) -> None:
    """Draw the relations network: cooperation green, conflict red, communities coloured."""
    flt = make_filter(count, factuality, since=since, until=until)
    cfg = settings(db=db)
    with errors(), Store.from_settings(cfg, read_only=True) as store:
        graph = build_network(store, flt=flt)
        network_metrics(graph)
        kind = plot_network(graph, output)
    out.print(f"{kind} network of {graph.number_of_nodes()} countries -> {output}")
