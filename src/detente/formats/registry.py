"""The exchange layouts detente reads and writes, by name.

Adding a layout is one module that builds a :class:`~detente.formats.layout.Layout`
and one line here (see docs/formats.md).
"""

from __future__ import annotations

from detente.formats import gdelt, icews, native, plover, polecat
from detente.formats.layout import Layout, LayoutError

LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        native.JSONL,
        native.CSV,
        native.TSV,
        native.PARQUET,
        plover.LAYOUT,
        gdelt.LAYOUT,
        icews.LAYOUT,
        polecat.LAYOUT,
    )
}

IMPORT_LAYOUTS: tuple[str, ...] = tuple(n for n, layout in LAYOUTS.items() if layout.stage)
EXPORT_LAYOUTS: tuple[str, ...] = tuple(n for n, layout in LAYOUTS.items() if layout.export)
RECORD_FORMATS: tuple[str, ...] = tuple(n for n, layout in LAYOUTS.items() if layout.write)
# The record formats that can be written to a text stream (stdout), not only to a path.
STREAM_FORMATS: tuple[str, ...] = tuple(n for n in RECORD_FORMATS if LAYOUTS[n].streams)


def find_layout(name: str, *, able: str, noun: str = "layout") -> Layout:
    """The registered layout called ``name`` that has the part ``able`` (``stage``,
    ``export`` or ``write``); another name raises, listing the layouts that have it."""
    found = LAYOUTS.get(name)
    if found is None or getattr(found, able) is None:
        names = [n for n, layout in LAYOUTS.items() if getattr(layout, able) is not None]
        raise LayoutError(name, f"unknown {noun}; choose one of {', '.join(names)}")
    return found
