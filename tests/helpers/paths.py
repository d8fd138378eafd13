"""Where the tests find the project and ../shared."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = SHARED / "samples" / "azerbaijan_israel_analysis.txt"
SAMPLE_GOLD = SHARED / "samples" / "azerbaijan_israel_analysis.gold.json"
