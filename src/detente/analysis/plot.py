"""Charts written to files: SVG and HTML by detente's own drawing, PNG through matplotlib.

SVG and HTML need nothing beyond detente. PNG needs matplotlib (the optional
``plot`` extra); without it the error says so and suggests SVG.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from detente.analysis.chartspec import (
    LINE_COLOUR,
    LINE_LABEL,
    LINE_RANGE,
    QUAD_COLOURS,
    QUAD_NAMES,
    edge_colour,
    line_values,
)
from detente.analysis.filter import AnalysisError
from detente.analysis.network import networkx
from detente.analysis.series import DyadSeries
from detente.analysis.svg import dyad_chart_svg, network_svg

PLOT_FORMATS: tuple[str, ...] = ("svg", "html", "png")


def _format(path: Path) -> str:
    kind = path.suffix.lstrip(".").lower()
    if kind not in PLOT_FORMATS:
        raise AnalysisError(f"{path}: unknown chart format; name the file .svg, .html or .png")
    return kind


def _write_text(svg: str, path: Path, kind: str, title: str) -> None:
    if kind == "svg":
        path.write_text(svg, encoding="utf-8")
        return
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body>{svg}</body></html>"
    )
    path.write_text(page, encoding="utf-8")


def plot_dyad(series: DyadSeries, path: Path) -> str:
    """Write the dyad chart; return the format written."""
    kind = _format(path)
    if kind == "png":
        _dyad_png(series, path)
    else:
        _write_text(dyad_chart_svg(series), path, kind, series.name)
    return kind


def plot_network(graph: Any, path: Path) -> str:
    """Write the network drawing; return the format written."""
    kind = _format(path)
    if kind == "png":
        _network_png(graph, path)
    else:
        _write_text(network_svg(graph), path, kind, "Relations network")
    return kind


def _pyplot(path: Path) -> Any:
    try:
        import matplotlib  # the optional plot extra, needed for PNG only

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt  # once the Agg backend is chosen
    except ImportError:
        raise AnalysisError(
            f"{path}: PNG needs matplotlib; pip install 'detente[plot]', or write .svg"
        ) from None
    return plt


def _dyad_png(series: DyadSeries, path: Path) -> None:
    plt = _pyplot(path)
    labels = [r.label for r in series.rows]
    xs = list(range(len(labels)))
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(9, 5), sharex=True, gridspec_kw={"height_ratios": [1, 1.2]}
    )
    top.axhline(0, color="#999", linewidth=0.8)
    values = [float("nan") if v is None else v for v in line_values(series.rows)]
    top.plot(xs, values, color=LINE_COLOUR, marker="o")  # NaN: a gap, not a value
    top.set_ylim(*LINE_RANGE)
    top.set_ylabel(LINE_LABEL)
    top.set_title(f"{series.name}: {LINE_LABEL} and {series.counted} per {series.by}")
    base = [0] * len(xs)
    for quad in range(4):
        heights = [r.by_quad[quad] for r in series.rows]
        bottom.bar(xs, heights, bottom=base, color=QUAD_COLOURS[quad], label=QUAD_NAMES[quad])
        base = [b + h for b, h in zip(base, heights, strict=True)]
    bottom.set_ylabel(series.counted)
    bottom.legend(fontsize=8, ncols=2)
    every = max(1, len(labels) // 12)
    bottom.set_xticks(xs[::every], labels[::every], rotation=45, ha="right")
    fig.text(0.01, 0.01, series.description, fontsize=7, color="#555")
    fig.tight_layout()
    fig.savefig(path, dpi=150)
    plt.close(fig)


def _network_png(graph: Any, path: Path) -> None:
    nx = networkx()

    plt = _pyplot(path)
    fig, ax = plt.subplots(figsize=(7, 7))
    pos = nx.circular_layout(sorted(graph.nodes)) if graph.number_of_nodes() else {}
    colours = [edge_colour(float(d["net_cooperation"])) for *_, d in graph.edges(data=True)]
    nx.draw_networkx(graph, pos=pos, ax=ax, edge_color=colours, node_color=QUAD_COLOURS[0])
    ax.set_axis_off()
    fig.tight_layout()
    fig.savefig(path, dpi=150)
    plt.close(fig)
