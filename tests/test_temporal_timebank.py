"""Regression gate on the check half of TimeBank + AQUAINT; skips when ../shared is absent."""

from __future__ import annotations

import importlib.util
import pathlib
import sys
from types import ModuleType

import pytest

REPO = pathlib.Path(__file__).resolve().parents[1]
ROOT = REPO.parent / "shared" / "devdata" / "timex_timebank"

# Check-half scores reached when the gate was set; a drop below these fails.
FLOORS = {
    "f1": 0.93,
    "strict_f1": 0.84,
    "value_accuracy": 0.86,
    "date_value_accuracy": 0.88,
    "date_value_f1": 0.835,
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
    scores = _load_eval().score_timebank(ROOT, split="check")
    for name, floor in FLOORS.items():
        assert scores[name] >= floor, (name, scores[name])


@pytest.mark.skipif(not ROOT.is_dir(), reason="TimeBank data in ../shared is absent")
def test_timebank_split_is_fixed_four_to_one() -> None:
    module = _load_eval()
    tune = module.timebank_files(ROOT, "tune")
    check = module.timebank_files(ROOT, "check")
    assert len(tune) + len(check) == len(module.timebank_files(ROOT))
    assert not {p.name for p in tune} & {p.name for p in check}
    assert 0.1 < len(check) / (len(tune) + len(check)) < 0.3
    assert module.split_of(pathlib.Path("APW19980807.0261.tml")) == module.split_of(
        pathlib.Path("elsewhere/APW19980807.0261.tml")
    )
