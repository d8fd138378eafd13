"""Regression gate on TimeBank + AQUAINT; skips when ../shared is absent."""

from __future__ import annotations

import importlib.util
import pathlib
import sys
from types import ModuleType

import pytest

REPO = pathlib.Path(__file__).resolve().parents[1]
ROOT = REPO.parent / "shared" / "devdata" / "timex_timebank"

# Scores reached when the gate was set; a drop below these fails.
FLOORS = {
    "precision": 0.91,
    "recall": 0.9,
    "f1": 0.9,
    "strict_f1": 0.8,
    "value_accuracy": 0.85,
    "date_value_accuracy": 0.86,
    "date_value_f1": 0.8,
}


def _load_eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location("timebank_eval", REPO / "eval" / "timebank.py")
    if spec is None or spec.loader is None:
        pytest.skip("eval/timebank.py is missing")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not ROOT.is_dir(), reason="TimeBank data in ../shared is absent")
def test_timebank_scores_stay_above_floors() -> None:
    scores = _load_eval().score_timebank(ROOT)
    for name, floor in FLOORS.items():
        assert scores[name] >= floor, (name, scores[name])
