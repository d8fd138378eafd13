"""The DuckDB store and the file formats events are written to."""

from detente.store.duck import EventFilter, Store, StoreCounts
from detente.store.exports import EXPORT_FORMATS, write_events

__all__ = ["EXPORT_FORMATS", "EventFilter", "Store", "StoreCounts", "write_events"]
