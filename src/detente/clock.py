"""The one clock of the store's timestamps."""

from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    """The current UTC time without a zone, as the store's TIMESTAMP columns hold it."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
