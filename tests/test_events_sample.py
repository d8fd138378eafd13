"""The events stage on the first customer's article, against its gold file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from detente.events import code_document
from detente.models import PLOVER_TYPES, Document, Event

pytestmark = pytest.mark.model


def _matches(gold: dict[str, object], event: Event) -> bool:
    anchor = str(gold["anchor"])[:30]
    if anchor not in event.sentence.replace("\xa0", " ") and anchor not in event.sentence:
        return False
    want = (gold["source"], gold["target"])
    pair = (event.source_country, event.target_country)
    either = "either direction" in str(gold.get("note", ""))
    accepted = gold["plover"]
    assert isinstance(accepted, list)
    return (pair == want or (either and pair == want[::-1])) and event.event_type in accepted


def test_sample_core_events(sample_path: Path) -> None:
    gold = json.loads(sample_path.with_name(sample_path.stem + ".gold.json").read_text())
    text = sample_path.read_text(encoding="utf-8")
    events = code_document(Document(doc_id="sample", text=text, date=dt.date(2023, 5, 23)))
    core = [g for g in gold["events"] if g["core"]]
    found = [g["id"] for g in core if any(_matches(g, e) for e in events)]
    assert len(found) >= 11, f"core events found: {found}"
    for text_ in gold["must_not"]:
        assert not any(text_[:25] in e.sentence for e in events), text_
    assert all(e.event_type in {"", *PLOVER_TYPES} for e in events)
