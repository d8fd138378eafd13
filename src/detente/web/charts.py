"""Charts drawn on the server as SVG by our own code: no script, no CDN, works offline.

Every label that comes from the data is escaped; the output is safe to embed. Colours
and the line's metric come from :mod:`detente.analysis.chartspec`, as in `detente plot`
and `detente report`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from detente.analysis.chartspec import (
    FEW_EVENTS,
    LINE_LABEL,
    LINE_RANGE,
    QUAD_COLOURS,
    QUAD_NAMES,
    line_values,
    thin,
)
from detente.analysis.dyads import DyadSummary
from detente.analysis.series import PeriodRow

_W, _H = 920, 320
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 48, 24, 48


def series_chart(points: Sequence[PeriodRow], *, title: str, counted: str) -> Markup:
    """Stacked bars of stories (or mentions) by quad class per period, with the Goldstein
    mean as a line; the y axis says which is counted."""
    if not points:
        return Markup('<p class="empty">No dated events for this selection.</p>')
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    top = max(max(p.count for p in points), 1)
    step = plot_w / len(points)
    parts = [
        f'<svg class="chart series" viewBox="0 0 {_W} {_H}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        _y_axis(top, plot_h),
        f'<text class="axis-label" x="{_LEFT + 4}" y="{_TOP - 4}" '
        f'data-counted="{escape(counted)}">'
        f"{escape(counted)}</text>",
    ]
    every = label_stride(points, step)
    low, high = LINE_RANGE
    runs: list[list[tuple[float, float, str, float]]] = [[]]
    for i, (point, value) in enumerate(zip(points, line_values(points), strict=True)):
        x = _LEFT + i * step
        parts.append(_stack(point, x, max(step * 0.8, 1.0), plot_h / top, counted))
        if value is not None:
            y = _TOP + (high - value) / (high - low) * plot_h
            runs[-1].append((x + step / 2, y, point.label, value))
        elif runs[-1]:
            runs.append([])  # an empty period: the line stops, a gap is not a value
        if i % every == 0:
            parts.append(
                f'<text class="tick" x="{x + step / 2:.1f}" y="{_H - _BOTTOM + 20}" '
                f'text-anchor="middle">{escape(point.label)}</text>'
            )
    zero = _TOP + high / (high - low) * plot_h
    parts.append(
        f'<line class="zero" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{zero}" y2="{zero}"/>'
        f'<text class="tick" x="{_W - _RIGHT + 4}" y="{_TOP + 10}">{high:+g}</text>'
        f'<text class="tick" x="{_W - _RIGHT + 4}" y="{zero + 4:.1f}">0</text>'
        f'<text class="tick" x="{_W - _RIGHT + 4}" y="{_TOP + plot_h}">{low:+g}</text>'
    )
    parts += [_goldstein_run(run) for run in runs if run]
    marks = {label: (x, y) for run in runs for x, y, label, _ in run}
    parts += [_thin_mark(*marks[p.label], p, counted) for p in points if thin(p)]
    parts.append(_legend())
    parts.append("</svg>")
    return Markup("".join(parts))


# The width of one character of an axis label in viewBox units (12 px sans-serif, with
# room to spare), and the least gap between two labels.
_CHAR_W, _LABEL_GAP = 7.5, 12.0


def label_stride(points: Sequence[PeriodRow], step: float) -> int:
    """Label every n-th period, n so that labels never touch: their width (from the
    longest label) plus a gap fits in n periods, and at most about 12 labels."""
    longest = max((len(p.label) for p in points), default=0)
    room = math.ceil((longest * _CHAR_W + _LABEL_GAP) / max(step, 1e-9))
    return max(1, room, len(points) // 12)


def _thin_mark(x: float, y: float, point: PeriodRow, counted: str) -> str:
    """An open ring on a period whose Goldstein mean rests on few events."""
    tip = f"{point.label}: only {point.count} {counted}, a thin basis for the mean"
    return (
        f'<circle class="thin" data-period="{escape(point.label)}" cx="{x:.1f}" cy="{y:.1f}" '
        f'r="6"><title>{escape(tip)}</title></circle>'
    )


def _goldstein_run(run: list[tuple[float, float, str, float]]) -> str:
    """The line over consecutive periods with events: a line, or a dot for a period alone
    between gaps; ``data-from``/``data-to`` name its first and last period and
    ``data-values`` gives each period's value (``2023-04 -2.5,...``)."""
    values = ",".join(f"{label} {value:g}" for _, _, label, value in run)
    span = (
        f'data-from="{escape(run[0][2])}" data-to="{escape(run[-1][2])}" '
        f'data-values="{escape(values)}"'
    )
    if len(run) == 1:
        x, y, *_ = run[0]
        return f'<circle class="goldstein" {span} cx="{x:.1f}" cy="{y:.1f}" r="3"/>'
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y, *_ in run)
    return f'<polyline class="goldstein" {span} points="{points}"/>'


def _y_axis(top: int, plot_h: float) -> str:
    ticks = sorted({0, top // 2, top})
    out = []
    for t in ticks:
        y = _TOP + plot_h - t * plot_h / top
        out.append(
            f'<text class="tick" x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{t}</text>'
            f'<line class="grid" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
    return "".join(out)


def _stack(point: PeriodRow, x: float, width: float, scale: float, counted: str) -> str:
    base = float(_TOP + (_H - _TOP - _BOTTOM))
    out = []
    for quad, count in enumerate(point.by_quad, start=1):
        if not count:
            continue
        height = count * scale
        base -= height
        tip = f"{point.label}: {count} {counted}, {QUAD_NAMES[quad - 1]}"
        out.append(
            f'<rect class="bar q{quad}" x="{x:.1f}" y="{base:.1f}" width="{width:.1f}" '
            f'height="{height:.1f}" fill="{QUAD_COLOURS[quad - 1]}">'
            f"<title>{escape(tip)}</title></rect>"
        )
    if point.count:
        tip = f"{point.label}: Goldstein mean {point.goldstein_mean:+.2f}"
        out.append(f"<title>{escape(tip)}</title>")
    return "".join(out)


def _legend() -> str:
    out = []
    for i, name in enumerate(QUAD_NAMES, start=1):
        x = _LEFT + (i - 1) * 150
        out.append(
            f'<rect class="swatch q{i}" x="{x}" y="{_H - 18}" width="10" height="10" '
            f'fill="{QUAD_COLOURS[i - 1]}"/>'
            f'<text class="legend" x="{x + 14}" y="{_H - 9}">{name}</text>'
        )
    x = _LEFT + 4 * 150
    out.append(
        f'<line class="goldstein" x1="{x}" x2="{x + 14}" y1="{_H - 13}" y2="{_H - 13}"/>'
        f'<text class="legend" x="{x + 18}" y="{_H - 9}">{LINE_LABEL}</text>'
        f'<circle class="thin" cx="{x + 130}" cy="{_H - 13}" r="5"/>'
        f'<text class="legend" x="{x + 139}" y="{_H - 9}">&lt; {FEW_EVENTS} events</text>'
    )
    return "".join(out)


def sparkline(counts: Sequence[int], *, label: str) -> Markup:
    """A dyad's activity as tiny bars, one per period (none where it had no events)."""
    top = max(max(counts, default=0), 1)
    width, height = 2 * len(counts), 16
    bars = "".join(
        f'<rect x="{2 * i}" y="{height - n * height / top:.1f}" width="1.6" '
        f'height="{n * height / top:.1f}"/>'
        for i, n in enumerate(counts)
        if n
    )
    return Markup(
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width * 2}" '
        f'height="{height}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{bars}</svg>"
    )


def network_chart(rows: Sequence[DyadSummary], *, title: str) -> Markup:
    """Countries on a circle, joined by their dyads: green cooperation, red conflict."""
    edges = [r for r in rows if r.dyad[0] != r.dyad[1]]
    if not edges:
        return Markup('<p class="empty">No relations between countries in this period.</p>')
    weight: dict[str, int] = {}
    for r in edges:
        for code in r.dyad:
            weight[code] = weight.get(code, 0) + r.events
    nodes = sorted(weight, key=lambda c: (-weight[c], c))
    size = 640
    centre, radius = size / 2, size / 2 - 70
    where = {
        code: (
            centre + radius * math.cos(2 * math.pi * i / len(nodes) - math.pi / 2),
            centre + radius * math.sin(2 * math.pi * i / len(nodes) - math.pi / 2),
        )
        for i, code in enumerate(nodes)
    }
    parts = [
        f'<svg class="chart network" viewBox="0 0 {size} {size}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for r in edges:
        (x1, y1), (x2, y2) = where[r.dyad[0]], where[r.dyad[1]]
        kind = "coop" if r.net_cooperation >= 0 else "conflict"
        tip = (
            f"{'-'.join(r.dyad)}: {r.events} {r.counted}, net cooperation "
            f"{r.net_cooperation:+.1f}, conflict share {r.conflict_share:.0%}"
        )
        parts.append(
            f'<a href="/dyads/{escape("-".join(r.dyad))}"><line class="edge {kind}" '
            f'data-a="{escape(r.dyad[0])}" data-b="{escape(r.dyad[1])}" '
            f'x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke-width="{1 + 2 * math.log1p(r.events):.1f}"><title>{escape(tip)}</title>'
            "</line></a>"
        )
    top = max(weight.values())
    for code in nodes:
        x, y = where[code]
        size_r = 8 + 16 * math.sqrt(weight[code] / top)
        parts.append(
            f'<a href="/actors/{escape(code)}"><g class="node" data-code="{escape(code)}">'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size_r:.1f}"/>'
            f'<text x="{x:.1f}" y="{y - size_r - 4:.1f}" text-anchor="middle">{escape(code)}</text>'
            f"<title>{escape(code)}: {weight[code]} {escape(edges[0].counted)}</title></g></a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
