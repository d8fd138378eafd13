"""Tables that pre-aggregate the materialised stories and key the events, for fast reads.

``dyad_periods`` holds, per period length (``week``, ``month``, ``quarter``, ``year``),
undirected pair (``country_a`` < ``country_b``, countries or bodies), period, quad class
and PLOVER type, the stories counted there and their Goldstein sums: a dyad's series,
totals and alerts are a read of its own rows instead of an aggregation of its stories.
Goldstein sums are exact decimals, so a total read from here equals one summed from the
stories themselves.

``event_keys`` holds one narrow row per event (the analyst's corrections applied,
rejected events marked): its undirected pair, its sides, dates and the columns event
lists filter on, sorted by pair and date, so that a dyad's page of events is found in
its pair's blocks and only that page's wide rows are read from ``events``.

Both describe the events and corrections that ``stories_state`` describes: they are
refreshed with the stories (:func:`detente.analysis.stories.refresh_stories`) and read
only while the stories are fresh.
"""

from __future__ import annotations

__all__ = ["PERIOD_KINDS", "ROLLUP_TABLES"]

# The period lengths ``dyad_periods`` is kept for (every length a series may ask for).
PERIOD_KINDS: tuple[str, ...] = ("week", "month", "quarter", "year")

ROLLUP_TABLES = """
CREATE TABLE IF NOT EXISTS dyad_periods (
    period_kind VARCHAR NOT NULL,
    country_a VARCHAR NOT NULL,
    country_b VARCHAR NOT NULL,
    period DATE NOT NULL,
    quad_class INTEGER,
    event_type VARCHAR NOT NULL,
    stories BIGINT NOT NULL,
    goldstein DECIMAL(18, 4) NOT NULL,
    positive DECIMAL(18, 4) NOT NULL,
    negative DECIMAL(18, 4) NOT NULL,
    conflict BIGINT NOT NULL,
    documents BIGINT NOT NULL,
    last_day DATE NOT NULL
);
CREATE TABLE IF NOT EXISTS event_keys (
    country_a VARCHAR,
    country_b VARCHAR,
    date_start DATE,
    event_id VARCHAR NOT NULL,
    date_end DATE,
    source_side VARCHAR,
    target_side VARCHAR,
    source_country VARCHAR,
    target_country VARCHAR,
    source_actor VARCHAR,
    target_actor VARCHAR,
    event_type VARCHAR,
    cameo_code VARCHAR,
    quad_class INTEGER,
    factuality VARCHAR,
    doc_id VARCHAR,
    override_status VARCHAR
);
DELETE FROM stories_state;
"""
