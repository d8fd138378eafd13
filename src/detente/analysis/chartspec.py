"""What every chart of a series shows and in which colours: the web app, `detente plot`
and `detente report` draw the same series with the same colours and the same values,
and sum it up with the same figures (:func:`series_figures`).

A series chart shows the counts per period stacked by quad class (:data:`QUAD_COLOURS`)
and one line, :data:`LINE_METRIC`: the Goldstein mean of the period's events, on the
fixed scale of the Goldstein values (:data:`LINE_RANGE`), so that charts of two dyads
compare. A period without events has no line value (:func:`line_values` gives None:
the line stops there); a period with fewer than :data:`FEW_EVENTS` events is marked as a
thin basis (:func:`thin`). The network draws a dyad with net cooperation in
:data:`COOPERATION` and one with net conflict in :data:`CONFLICT`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from detente.analysis.series import PeriodRow

__all__ = [
    "CONFLICT",
    "COOPERATION",
    "FEW_EVENTS",
    "LINE_COLOUR",
    "LINE_LABEL",
    "LINE_METRIC",
    "LINE_RANGE",
    "QUAD_COLOURS",
    "QUAD_NAMES",
    "THIN_COLOUR",
    "SeriesFigures",
    "edge_colour",
    "line_values",
    "palette_css",
    "series_figures",
    "thin",
]

QUAD_NAMES: tuple[str, ...] = (
    "verbal cooperation",
    "material cooperation",
    "verbal conflict",
    "material conflict",
)
# Light and dark green for cooperation, light orange and dark red for conflict.
QUAD_COLOURS: tuple[str, ...] = ("#7cc29a", "#2a7d4f", "#e39b6b", "#b3362d")
COOPERATION = QUAD_COLOURS[1]
CONFLICT = QUAD_COLOURS[3]
LINE_COLOUR = "#253858"
THIN_COLOUR = "#b35c00"

# The line every series chart draws, its label and its scale.
LINE_METRIC = "goldstein_mean"
LINE_LABEL = "Goldstein mean"
LINE_RANGE: tuple[float, float] = (-10.0, 10.0)
# A period with fewer events than this is a thin basis for its Goldstein mean.
FEW_EVENTS = 3


def line_values(rows: Sequence[PeriodRow]) -> list[float | None]:
    """The line's value per period: the Goldstein mean, None where no event happened."""
    return [float(getattr(r, LINE_METRIC)) if r.count else None for r in rows]


def thin(row: PeriodRow) -> bool:
    """Whether a period's line value rests on too few events to read much into."""
    return 0 < row.count < FEW_EVENTS


def edge_colour(net_cooperation: float) -> str:
    """The network's colour for a dyad: cooperation unless conflict outweighs it."""
    return COOPERATION if net_cooperation >= 0 else CONFLICT


def palette_css() -> str:
    """The palette as CSS custom properties (``--q1`` .. ``--q4``, ``--coop``, ``--conf``,
    ``--line``, ``--thin``), for pages that colour tables and marks like the charts."""
    quads = " ".join(f"--q{i}: {c};" for i, c in enumerate(QUAD_COLOURS, start=1))
    return (
        f":root {{ {quads} --coop: {COOPERATION}; --conf: {CONFLICT}; "
        f"--series-line: {LINE_COLOUR}; --thin: {THIN_COLOUR}; }}\n"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SeriesFigures:
    """A series summed up: what a page or report prints beside its chart."""

    count: int
    cooperation: int
    conflict: int
    goldstein_sum: float
    goldstein_mean: float
    net_cooperation: float
    conflict_share: float
    first: str
    last: str

    def cells(self, counted: str) -> list[tuple[str, str]]:
        """(label, value) pairs in the order every rendering shows them."""
        return [
            (counted, str(self.count)),
            ("cooperation (QC1+QC2)", str(self.cooperation)),
            ("conflict (QC3+QC4)", str(self.conflict)),
            ("Goldstein sum", f"{self.goldstein_sum:+.1f}"),
            (LINE_LABEL, f"{self.goldstein_mean:+.2f}"),
            ("conflict share", f"{self.conflict_share:.0%}"),
            ("period", f"{self.first} to {self.last}" if self.first else "no events"),
        ]


def series_figures(rows: Sequence[PeriodRow]) -> SeriesFigures:
    """The totals of a series' periods (its Goldstein sum is the net cooperation: the
    positive values less the absolute negative ones)."""
    count = sum(r.count for r in rows)
    quads = [sum(r.by_quad[i] for r in rows) for i in range(4)]
    total = round(sum(r.goldstein_sum for r in rows), 2)
    active = [r for r in rows if r.count]
    return SeriesFigures(
        count=count,
        cooperation=quads[0] + quads[1],
        conflict=quads[2] + quads[3],
        goldstein_sum=total,
        goldstein_mean=round(total / count, 2) if count else 0.0,
        net_cooperation=round(sum(r.net_cooperation for r in rows), 2),
        conflict_share=round((quads[2] + quads[3]) / count, 3) if count else 0.0,
        first=active[0].label if active else "",
        last=active[-1].label if active else "",
    )
