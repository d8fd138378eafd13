"""The DuckDB store: documents, mentions, events and what they were learned from."""

from detente.store.duck import EventFilter, Store, StoreCounts

__all__ = ["EventFilter", "Store", "StoreCounts"]
