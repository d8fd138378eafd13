"""Regression gate on the check half of TimeBank + AQUAINT; skips when ../shared is absent."""

from __future__ import annotations

import importlib.util
import json
import pathlib
import sys
from types import ModuleType

import pytest

REPO = pathlib.Path(__file__).resolve().parents[1]
ROOT = REPO.parent / "shared" / "devdata" / "timex_timebank"


def _check_floors() -> dict[str, float]:
    """The check half's floors, from the one file that pins them (``eval/floors.json``)."""
    floors = json.loads((REPO / "eval" / "floors.json").read_text(encoding="utf-8"))["floors"]
    prefix = "timebank_check/"
    return {k.removeprefix(prefix): v for k, v in floors.items() if k.startswith(prefix)}


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
    floors = _check_floors()
    assert {"date_value_f1", "strict_f1"} <= set(floors)
    scores = _load_eval().score_timebank(ROOT, split="check")
    for name, floor in floors.items():
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


def test_tune_errors_are_grouped_by_kind_with_counts() -> None:
    lines = [
        "a.tml (1989-10-26) extra 'now' DATE PRESENT_REF  | [now]",
        "a.tml (1989-10-26) missed 'soon' DATE FUTURE_REF  | [soon]",
        "b.tml (1989-10-27) extra 'daily' SET P1D  | [daily]",
    ]
    grouped = _load_eval().errors_by_kind(lines)
    assert grouped == [
        "== missed (1)",
        lines[1],
        "== extra (2)",
        lines[0],
        lines[2],
        "== value (0)",
        "== extent (0)",
    ]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("1968-XX", "1968", True),
        ("198X", "198", True),
        ("19XX", "19", True),
        ("2000-W7", "2000-W07", True),
        ("1998-W33", "P1W", False),
        ("1999-02-04TNI", "1999-02-04", False),
        ("19XX", "1900", False),
    ],
)
def test_canonical_values_forgive_only_notational_variants(a: str, b: str, same: bool) -> None:
    canonical = _load_eval().canonical
    assert (canonical(a) == canonical(b)) is same
