"""The events stage on the first customer's article, against its gold file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from detente.events import code_document
from detente.ingest.plaintext import clean_plaintext
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
    # the path of `detente code`: the plain-text cleaner drops the sidebar and the bio
    text = clean_plaintext(sample_path.read_text(encoding="utf-8")).text
    events = code_document(Document(doc_id="sample", text=text, date=dt.date(2023, 5, 23)))
    core = [g for g in gold["events"] if g["core"]]
    found = [g["id"] for g in core if any(_matches(g, e) for e in events)]
    assert len(found) >= 11, f"core events found: {found}"
    matched = [e for e in events if any(_matches(g, e) for g in gold["events"])]
    assert len(matched) / len(events) >= 0.8, [(e.trigger_text, e.rule) for e in events]
    by_id = {g["id"]: g for g in gold["events"]}
    for gold_id in ("E04", "E05", "E13", "E14"):
        facts = {e.factuality for e in events if _matches(by_id[gold_id], e)}
        assert by_id[gold_id]["factuality"] in facts, (gold_id, facts)
    for text_ in gold["must_not"]:
        assert not any(text_[:25] in e.sentence for e in events), text_
    assert all(e.event_type in {"", *PLOVER_TYPES} for e in events)
