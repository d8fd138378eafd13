"""The first customer's article through `detente code`, scored against its gold file."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.models import Event

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parent.parent


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("detente_eval", ROOT / "eval" / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_code_finds_the_core_events_of_the_sample(sample_path: Path, tmp_path: Path) -> None:
    gold = json.loads(sample_path.with_name(sample_path.stem + ".gold.json").read_text())
    source = tmp_path / "in.jsonl"
    record = {"id": "sample", "text": sample_path.read_text(encoding="utf-8"), "date": "2023-05-23"}
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["code", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    events = [Event.from_record(json.loads(line)) for line in target.read_text().splitlines()]
    evaluation = _eval_module()
    core = [g for g in gold["events"] if g["core"]]
    found = [g["id"] for g in core if any(evaluation.event_matches(e, g) for e in events)]
    assert len(found) >= 6, f"core events found: {found}"
    folded = [evaluation.norm(e.sentence) for e in events]
    for text in gold["must_not"]:
        assert not any(evaluation.norm(text) in s for s in folded), text
