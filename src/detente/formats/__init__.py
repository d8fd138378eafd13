"""Exchange layouts: event files in and out of detente, one module per layout.

GDELT 2.0 (:mod:`~detente.formats.gdelt`), ICEWS (:mod:`~detente.formats.icews`),
PLOVER JSON (:mod:`~detente.formats.plover`), POLECAT (:mod:`~detente.formats.polecat`)
and detente's own JSONL, CSV, TSV and Parquet (:mod:`~detente.formats.native`), each a
reader and writers over the one event field map (:mod:`~detente.formats.layout`),
registered by name in :mod:`~detente.formats.registry`.
"""

from detente.formats.layout import Layout, LayoutError
from detente.formats.registry import (
    EXPORT_LAYOUTS,
    IMPORT_LAYOUTS,
    LAYOUTS,
    RECORD_FORMATS,
    STREAM_FORMATS,
)
from detente.formats.transfer import ImportReport, export_store, import_events, write_events

__all__ = [
    "EXPORT_LAYOUTS",
    "IMPORT_LAYOUTS",
    "LAYOUTS",
    "RECORD_FORMATS",
    "STREAM_FORMATS",
    "ImportReport",
    "Layout",
    "LayoutError",
    "export_store",
    "import_events",
    "write_events",
]
