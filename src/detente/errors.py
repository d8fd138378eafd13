"""Typed errors. Every message names the input and, where there is one, the way out."""

from __future__ import annotations


class DetenteError(Exception):
    """Base class of every error detente raises on purpose."""


class IngestError(DetenteError):
    """A source could not be read or turned into a document."""


class CodingError(DetenteError):
    """The NLP pipeline or the event coder could not run."""


class StoreError(DetenteError):
    """The DuckDB store could not be opened, migrated, read or written."""


class ConfigError(DetenteError):
    """A setting is missing or invalid."""
