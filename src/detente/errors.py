"""Typed errors. Every message names the input and, where there is one, the way out."""

from __future__ import annotations

from pathlib import Path


class DetenteError(Exception):
    """Base class of every error detente raises on purpose."""


class InputError(DetenteError):
    """An error about one input, which it carries so that no caller parses a message.

    ``source`` is the input it failed on (a file, a URL, a record's place in its
    file, a layout name) and ``reason`` what is wrong with it and the way out; the
    one-line message is ``"{source}: {reason}"``.
    """

    def __init__(self, source: str | Path, reason: str) -> None:
        self.source = str(source)
        self.reason = reason
        super().__init__(f"{self.source}: {reason}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        return (type(self), (self.source, self.reason))


class IngestError(InputError):
    """A source could not be read or turned into a document."""


class CodingError(DetenteError):
    """The NLP pipeline or the event coder could not run."""


class StoreError(DetenteError):
    """The DuckDB store could not be opened, migrated, read or written."""


class ConfigError(DetenteError):
    """A setting is missing or invalid."""
