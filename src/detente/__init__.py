"""detente: turn news and analysis articles into coded political event data.

The public API is the sorted ``__all__`` below; everything else may change. Names
are imported lazily, so ``import detente`` stays cheap and does not load spaCy.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("detente")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"

_EXPORTS: dict[str, str] = {
    "Actor": "detente.models",
    "AnalysisFilter": "detente.analysis.filter",
    "BatchResult": "detente.models",
    "CodingError": "detente.errors",
    "ConfigError": "detente.errors",
    "DetenteError": "detente.errors",
    "Document": "detente.models",
    "DyadSummary": "detente.analysis.dyads",
    "EVENT_FIELDS": "detente.models",
    "Event": "detente.models",
    "EventFilter": "detente.store",
    "Failure": "detente.models",
    "IngestError": "detente.errors",
    "JobReport": "detente.jobs",
    "Mention": "detente.models",
    "Settings": "detente.config",
    "Store": "detente.store",
    "StoreError": "detente.errors",
    "TimeExpr": "detente.models",
    "code_batch": "detente.batch",
    "code_document": "detente.events",
    "code_lines": "detente.jobs",
    "extract_path": "detente.ingest",
    "find_mentions": "detente.actors",
    "find_times": "detente.temporal",
    "ingest_sources": "detente.jobs",
    "load_settings": "detente.config",
    "open": "detente.analysis.notebook",
    "summarise_dyads": "detente.analysis.dyads",
    "write_events": "detente.formats",
}

__all__ = [  # noqa: RUF022 -- kept sorted by a test, case-sensitively
    "Actor",
    "AnalysisFilter",
    "BatchResult",
    "CodingError",
    "ConfigError",
    "DetenteError",
    "Document",
    "DyadSummary",
    "EVENT_FIELDS",
    "Event",
    "EventFilter",
    "Failure",
    "IngestError",
    "JobReport",
    "Mention",
    "Settings",
    "Store",
    "StoreError",
    "TimeExpr",
    "__version__",
    "code_batch",
    "code_document",
    "code_lines",
    "extract_path",
    "find_mentions",
    "find_times",
    "ingest_sources",
    "load_settings",
    "open",
    "summarise_dyads",
    "write_events",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'detente' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
