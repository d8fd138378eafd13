"""The notebook API: ``detente.analysis.open(db).dyad("AZE", "IRN").monthly()``.

Frames are pyarrow Tables, or pandas DataFrames when pandas is already installed
(``as_pandas=None``, the default, decides by that); detente does not need pandas.
"""

from __future__ import annotations

import importlib.util
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from detente.analysis.dyads import top_dyads
from detente.analysis.filter import AnalysisFilter
from detente.analysis.series import Period, dyad_series
from detente.analysis.timeline import timeline
from detente.store import Store


def _frame(records: list[dict[str, Any]], as_pandas: bool | None) -> Any:
    import pyarrow as pa  # heavy: `import detente.analysis` does not load it; frames do

    table = pa.Table.from_pylist(records)
    wants_pandas = (
        importlib.util.find_spec("pandas") is not None if as_pandas is None else as_pandas
    )
    return table.to_pandas() if wants_pandas else table


@dataclass(slots=True)
class DyadView:
    """One dyad of a store, with the filter its frames use."""

    store: Store
    pair: tuple[str, str]
    directed: bool = False
    flt: AnalysisFilter = field(default_factory=AnalysisFilter)
    as_pandas: bool | None = None

    def series(self, by: Period = "month") -> Any:
        """The dyad series per ``by`` period as a frame (one row per period)."""
        s = dyad_series(self.store, self.pair, by=by, directed=self.directed, flt=self.flt)
        return _frame(s.records(), self.as_pandas)

    def weekly(self) -> Any:
        """The series per ISO week."""
        return self.series("week")

    def monthly(self) -> Any:
        """The series per month."""
        return self.series("month")

    def quarterly(self) -> Any:
        """The series per quarter."""
        return self.series("quarter")

    def yearly(self) -> Any:
        """The series per year."""
        return self.series("year")

    def timeline(self, *, limit: int | None = None) -> Any:
        """The dyad's events with sentences, in date order."""
        entries = timeline(
            self.store, dyad=self.pair, directed=self.directed, flt=self.flt, limit=limit
        )
        return _frame([asdict(e) for e in entries], self.as_pandas)


@dataclass(slots=True)
class Workspace:
    """A store opened read-only for analysis."""

    store: Store
    as_pandas: bool | None = None

    def dyad(
        self, a: str, b: str, *, directed: bool = False, flt: AnalysisFilter | None = None
    ) -> DyadView:
        """The dyad between countries ``a`` and ``b``."""
        return DyadView(
            self.store, (a.upper(), b.upper()), directed, flt or AnalysisFilter(), self.as_pandas
        )

    def dyads(self, *, limit: int | None = 20, flt: AnalysisFilter | None = None) -> Any:
        """The busiest dyads as a frame."""
        rows = top_dyads(self.store, flt=flt, limit=limit)
        records = [
            {
                "dyad": "-".join(r.dyad),
                "counted": r.counted,
                "count": r.events,
                "verbal_coop": r.by_quad[0],
                "material_coop": r.by_quad[1],
                "verbal_conflict": r.by_quad[2],
                "material_conflict": r.by_quad[3],
                "goldstein_sum": r.goldstein_sum,
                "conflict_share": r.conflict_share,
            }
            for r in rows
        ]
        return _frame(records, self.as_pandas)

    def close(self) -> None:
        """Close the store."""
        self.store.close()


def open(db: Path | str, *, as_pandas: bool | None = None) -> Workspace:
    """Open a store for analysis (read-only)."""
    return Workspace(Store(db, read_only=True), as_pandas)
