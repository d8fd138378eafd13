"""Charts drawn as SVG by detente's own code: no assets, no network, escaped text.

A dyad chart has two panels on one time axis: the line of
:data:`detente.analysis.chartspec.LINE_METRIC` (the Goldstein mean) above, and the counts
per period as bars stacked by quad class below, in the palette the web app uses. A
network chart places countries on a circle (or the given layout), colours them by
community and draws cooperation and conflict in the palette's colours.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from detente.analysis.chartspec import (
    FEW_EVENTS,
    LINE_COLOUR,
    LINE_LABEL,
    LINE_RANGE,
    QUAD_COLOURS,
    QUAD_NAMES,
    THIN_COLOUR,
    edge_colour,
    line_values,
    thin,
)
from detente.analysis.series import DyadSeries

_COMMUNITY_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
_FONT = 'font-family="Helvetica, Arial, sans-serif"'


def dyad_chart_svg(series: DyadSeries, *, width: int = 820, height: int = 420) -> str:
    """The series as a standalone SVG document (a string)."""
    left, right, top = 64, 16, 40
    mid = top + (height - top - 70) * 0.45
    bottom = height - 58
    rows = series.rows
    n = max(len(rows), 1)
    step = (width - left - right) / n
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" {_FONT} font-size="11">',
        f"<title>{escape(series.name)}: {LINE_LABEL} and events per {series.by}</title>",
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{left}" y="18" font-size="14" font-weight="bold">'
        f"{escape(series.name)}: {LINE_LABEL} and {escape(series.counted)} per "
        f"{escape(series.by)}</text>",
        f'<text x="{left}" y="32" fill="#555">{escape(series.description)}</text>',
    ]
    parts += _line_panel(series, left=left, top=top + 8, bottom=mid - 6, step=step)
    parts += _bar_panel(series, left=left, top=mid + 10, bottom=bottom, step=step)
    parts += _x_labels(series, left=left, y=bottom + 14, step=step)
    parts += _legend(left=left, y=height - 14)
    parts.append("</svg>")
    return "\n".join(parts)


def _line_panel(
    series: DyadSeries, *, left: int, top: float, bottom: float, step: float
) -> list[str]:
    """The line on its fixed scale; it stops at periods without events, and a period
    on few events gets an open ring."""
    low, high = LINE_RANGE

    def y(v: float) -> float:
        return bottom - (v - low) / (high - low) * (bottom - top)

    zero = y(0.0)
    right = left + step * max(len(series.rows), 1)
    out = [
        f'<line x1="{left}" y1="{zero:.1f}" x2="{right:.1f}" y2="{zero:.1f}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{y(high) + 4:.1f}" text-anchor="end">{high:+g}</text>',
        f'<text x="{left - 6}" y="{zero + 4:.1f}" text-anchor="end">0</text>',
        f'<text x="{left - 6}" y="{y(low) + 4:.1f}" text-anchor="end">{low:+g}</text>',
        f'<text x="12" y="{(top + bottom) / 2:.1f}" transform="rotate(-90 12 '
        f'{(top + bottom) / 2:.1f})" text-anchor="middle">{LINE_LABEL}</text>',
    ]
    runs: list[list[tuple[float, float, str, float]]] = [[]]
    for i, (r, value) in enumerate(zip(series.rows, line_values(series.rows), strict=True)):
        if value is not None:
            runs[-1].append((left + step * (i + 0.5), y(value), r.label, value))
        elif runs[-1]:
            runs.append([])  # a period without events is a gap, not a value
    for run in (run for run in runs if run):
        values = escape(",".join(f"{label} {value:g}" for _, _, label, value in run))
        points = " ".join(f"{x:.1f},{py:.1f}" for x, py, *_ in run)
        out.append(
            f'<polyline class="line" data-values="{values}" points="{points}" fill="none" '
            f'stroke="{LINE_COLOUR}" stroke-width="2"/>'
        )
    for i, r in enumerate(series.rows):
        value = line_values([r])[0]
        if value is None:
            continue
        tip = f"{r.label}: {LINE_LABEL} {value:+.2f} over {r.count} {series.counted}"
        ring = f' stroke="{THIN_COLOUR}" stroke-dasharray="2 2"' if thin(r) else ""
        out.append(
            f'<circle cx="{left + step * (i + 0.5):.1f}" cy="{y(value):.1f}" '
            f'r="{6 if thin(r) else 3}" fill="{"none" if thin(r) else LINE_COLOUR}"{ring}>'
            f"<title>{escape(tip)}</title></circle>"
        )
    return out


def _bar_panel(
    series: DyadSeries, *, left: int, top: float, bottom: float, step: float
) -> list[str]:
    most = max((r.count for r in series.rows), default=0) or 1
    scale = (bottom - top) / most
    out = [
        f'<line x1="{left}" y1="{bottom:.1f}" x2="{left + step * len(series.rows):.1f}" '
        f'y2="{bottom:.1f}" stroke="#333"/>',
        f'<text x="{left - 6}" y="{top + 4:.1f}" text-anchor="end">{most}</text>',
        f'<text x="{left - 6}" y="{bottom + 4:.1f}" text-anchor="end">0</text>',
        f'<text x="12" y="{(top + bottom) / 2:.1f}" transform="rotate(-90 12 '
        f'{(top + bottom) / 2:.1f})" text-anchor="middle">{escape(series.counted)}</text>',
    ]
    width = max(step * 0.7, 1.0)
    for i, r in enumerate(series.rows):
        base = bottom
        x = left + step * i + (step - width) / 2
        for quad, count in enumerate(r.by_quad):
            if not count:
                continue
            h = count * scale
            base -= h
            out.append(
                f'<rect class="bar q{quad + 1}" x="{x:.1f}" y="{base:.1f}" width="{width:.1f}" '
                f'height="{h:.1f}" fill="{QUAD_COLOURS[quad]}"><title>{escape(r.label)}: '
                f"{count} {QUAD_NAMES[quad]}</title></rect>"
            )
    return out


def _x_labels(series: DyadSeries, *, left: int, y: float, step: float) -> list[str]:
    every = max(1, math.ceil(len(series.rows) / 12))
    return [
        f'<text x="{left + step * (i + 0.5):.1f}" y="{y:.1f}" text-anchor="middle">'
        f"{escape(r.label)}</text>"
        for i, r in enumerate(series.rows)
        if i % every == 0
    ]


def _legend(*, left: int, y: float) -> list[str]:
    out = []
    x = float(left)
    for colour, name in zip(QUAD_COLOURS, QUAD_NAMES, strict=True):
        out.append(f'<rect x="{x:.0f}" y="{y - 9:.0f}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{x + 14:.0f}" y="{y:.0f}">{name}</text>')
        x += 14 + 7 * len(name) + 18
    out.append(
        f'<circle cx="{x + 5:.0f}" cy="{y - 4:.0f}" r="5" fill="none" stroke="{THIN_COLOUR}" '
        f'stroke-dasharray="2 2"/>'
        f'<text x="{x + 14:.0f}" y="{y:.0f}">&lt; {FEW_EVENTS} events</text>'
    )
    return out


def network_svg(graph: Any, *, width: int = 640, height: int = 640) -> str:
    """The network on a circle: node size by strength, colour by community."""
    nodes = sorted(graph.nodes, key=lambda n: (graph.nodes[n].get("community", 0), str(n)))
    cx, cy, radius = width / 2, height / 2 + 10, min(width, height) / 2 - 70
    pos = {
        node: (
            cx + radius * math.cos(2 * math.pi * i / max(len(nodes), 1)),
            cy + radius * math.sin(2 * math.pi * i / max(len(nodes), 1)),
        )
        for i, node in enumerate(nodes)
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" {_FONT} font-size="12">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="16" y="22" font-size="14" font-weight="bold">Relations network '
        f"({escape(str(graph.graph.get('counted', '')))})</text>",
    ]
    for a, b, d in graph.edges(data=True):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        colour = edge_colour(float(d.get("net_cooperation", 0)))
        stroke = 1 + math.log1p(float(d.get("weight", 1))) * 1.5
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="{stroke:.1f}" stroke-opacity="0.7"><title>{escape(str(a))}-'
            f"{escape(str(b))}: {d.get('cooperation', 0)} cooperation, "
            f"{d.get('conflict', 0)} conflict</title></line>"
        )
    for node in nodes:
        x, y = pos[node]
        attrs = graph.nodes[node]
        size = 6 + 3 * math.sqrt(float(attrs.get("strength", graph.degree(node))))
        colour = _COMMUNITY_COLOURS[int(attrs.get("community", 0)) % len(_COMMUNITY_COLOURS)]
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}" fill="{colour}" stroke="white"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{y - size - 4:.1f}" text-anchor="middle">'
            f"{escape(str(node))}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
