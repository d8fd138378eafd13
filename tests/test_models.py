from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from detente.models import EVENT_FIELDS, Event
from tests.helpers.events import make_event

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
