from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from detente.models import EVENT_FIELDS, Event


def make_event(**changes: object) -> Event:
    values: dict[str, object] = {
        "event_id": "e1",
        "doc_id": "d1",
        "sentence_index": 0,
        "sentence": "Turkey's foreign minister visited Baku on Monday.",
        "sentence_start": 0,
        "sentence_end": 49,
        "trigger_text": "visited",
        "source_text": "Turkey's foreign minister",
        "source_actor": "TURGOV",
        "source_country": "TUR",
        "source_sector": "GOV",
        "target_text": "Baku",
        "target_actor": "AZEGOV",
        "target_country": "AZE",
        "target_sector": "GOV",
        "event_type": "CONSULT",
        "event_mode": "visit",
        "cameo_code": "042",
        "cameo_root": "04",
        "quad_class": 1,
        "goldstein": 1.9,
        "date_start": dt.date(2024, 3, 4),
        "date_end": dt.date(2024, 3, 4),
        "date_granularity": "day",
        "date_basis": "relative",
        "factuality": "asserted",
        "location_name": "Baku",
        "location_country": "AZE",
        "confidence": 0.9,
        "rule": "visit.v/nsubj-dobj",
        "coder_version": "test",
    }
    values.update(changes)
    return Event(**values)  # type: ignore[arg-type]


DESIGN_FIELDS = """event_id, doc_id, sentence_index, sentence, sentence_start, sentence_end,
trigger_text, source_text, source_actor, source_country, source_sector, target_text,
target_actor, target_country, target_sector, event_type, event_mode, cameo_code,
cameo_root, quad_class, goldstein, date_start, date_end, date_granularity, date_basis,
factuality, location_name, location_country, latitude, longitude, confidence, rule,
coder_version"""


def test_event_fields_are_the_design_contract() -> None:
    assert tuple(name.strip() for name in DESIGN_FIELDS.split(",")) == EVENT_FIELDS


def test_record_has_iso_dates_and_every_field() -> None:
    record = make_event().to_record()
    assert list(record) == list(EVENT_FIELDS)
    assert record["date_start"] == "2024-03-04"


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.integers(min_value=0, max_value=400),
)
def test_record_round_trip(day: dt.date, span: int) -> None:
    event = make_event(date_start=day, date_end=day + dt.timedelta(days=span))
    assert Event.from_record(event.to_record()) == event
