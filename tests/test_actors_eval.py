"""The ConfliBERT actor-span scorer (eval/actors_ner.py) on a small hand-made file."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = """US B-S
Secretary I-S
of I-S
State I-S
Rex I-S
Tillerson I-S
called O
Russian B-T
Foreign I-T
Minister I-T
Sergei I-T
Lavrov I-T
. O

A B-S
car I-S
bomb I-S
killed O
Afghan B-T
police I-T
. O
"""


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("actors_ner", ROOT / "eval" / "actors_ner.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_spans_and_scores(tmp_path: Path) -> None:
    module = _module()
    (tmp_path / "cameo_ner_train.txt").write_text(SAMPLE, encoding="utf-8")
    sentences = module.read_sentences(tmp_path / "cameo_ner_train.txt")
    text, spans = sentences[0]
    assert [(role, text[a:b]) for role, a, b in spans] == [
        ("S", "US Secretary of State Rex Tillerson"),
        ("T", "Russian Foreign Minister Sergei Lavrov"),
    ]
    scores = module.score_actor_spans(tmp_path)
    assert scores["spans"] == 4
    assert scores["source_detected"] == 0.5  # the car bomb is no actor
    assert scores["target_resolved"] == 1.0
