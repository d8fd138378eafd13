"""Shared fixtures: paths to ../shared (tests that need it skip when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.store import Store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = SHARED / "samples" / "azerbaijan_israel_analysis.txt"
SAMPLE_GOLD = SHARED / "samples" / "azerbaijan_israel_analysis.gold.json"


@pytest.fixture
def sample_path() -> Path:
    """The first customer's article; skips the test when ../shared is absent."""
    if not SAMPLE.is_file():
        pytest.skip("../shared/samples is not present")
    return SAMPLE


@pytest.fixture
def examples_dir() -> Path:
    """The project's own example articles."""
    return ROOT / "examples"


def add_synthetic_events(store: Store, events: int, *, prefix: str = "s") -> None:
    """Add coded rows of four countries' dyads and three roots, with overlapping and vague
    dates and three factualities (ids ``<prefix>0``, ``<prefix>1``, ...)."""
    store.con.execute(f"""
        INSERT INTO events (event_id, doc_id, sentence_index, sentence, sentence_start,
            sentence_end, trigger_text, source_actor, source_country, target_actor,
            target_country, event_type, event_mode, cameo_code, cameo_root, quad_class,
            goldstein, date_start, date_end, date_granularity, date_basis, factuality,
            confidence, rule, coder_version)
        SELECT '{prefix}' || i, 'doc{prefix}' || (i // 3), i % 3, 'Sentence ' || i, 0, 9, 'x',
            c[1 + i % 4] || 'GOV', c[1 + i % 4], c[1 + (i + 1 + i // 7) % 4] || 'GOV',
            c[1 + (i + 1 + i // 7) % 4], ['CONSULT', 'ACCUSE', 'ASSAULT'][1 + i % 3], '',
            ['040', '112', '180'][1 + i % 3], ['04', '11', '18'][1 + i % 3],
            [1, 3, 4][1 + i % 3], [1.0, -2.0, -9.0][1 + i % 3] + (i % 5) * 0.005,
            DATE '2022-01-01' + CAST(i * 37 % 700 AS INTEGER),
            DATE '2022-01-01' + CAST(i * 37 % 700 + CASE WHEN i % 11 = 0 THEN 60
                                                     ELSE i % 3 END AS INTEGER),
            'day', 'explicit', ['asserted', 'reported', 'negated'][1 + i % 3 // 2],
            0.5 + (i % 4) / 10, 'test', 'test'
        FROM range({events}) t(i), (SELECT ['AZE', 'IRN', 'ISR', 'TUR'] AS c)
    """)  # fmt: skip
