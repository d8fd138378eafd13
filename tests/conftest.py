"""Shared fixtures: paths to ../shared (tests that need it skip when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

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
