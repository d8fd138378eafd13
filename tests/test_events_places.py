"""Event locations get coordinates from the packaged places file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from detente.events import code_document
from detente.events.places import coordinates, fold, load_places
from detente.models import Document

GAZETTEER = Path(__file__).parents[1] / "src" / "detente" / "actors" / "data" / "gazetteer.json"


def test_capitals_and_cities_have_coordinates() -> None:
    baku = coordinates("Baku", "AZE")
    assert baku is not None and abs(baku[0] - 40.38) < 0.1 and abs(baku[1] - 49.89) < 0.1
    tel_aviv = coordinates("Tel Aviv", "ISR")
    assert tel_aviv is not None and abs(tel_aviv[0] - 32.08) < 0.1
    assert coordinates("TEHRAN", "IRN") == coordinates("Teheran", "IRN")
    assert coordinates("Baku", "ARM") is None  # a name is looked up within its country
    assert coordinates(None, "AZE") is None and coordinates("Baku", None) is None


def test_countries_get_their_centroid_only_when_named_as_a_country() -> None:
    assert coordinates("Armenia", "ARM") is None
    centroid = coordinates("Armenia", "ARM", country_level=True)
    assert centroid is not None and 39 < centroid[0] < 41 and 44 < centroid[1] < 46
    assert fold("  Ashgabat ") == fold("ashgabat") == "ashgabat"
    assert fold("Bakü") == "baku" and fold("Tel  Aviv") == "tel aviv"


def test_every_gazetteer_capital_has_coordinates() -> None:
    gazetteer = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    places = load_places()
    capitals = [(c["code"], name) for c in gazetteer["countries"] for name in c["capitals"]]
    missing = [f"{code} {name}" for code, name in capitals if coordinates(name, code) is None]
    # a few overseas territories lack a GeoNames entry; every state capital has one
    assert len(missing) <= 6, missing
    assert len(places.countries) >= 240
    for lat, lon in (p for names in places.places.values() for p in names.values()):
        assert -90 <= lat <= 90 and -180 <= lon <= 180


@pytest.mark.model
def test_coded_events_carry_coordinates() -> None:
    text = (
        "Azerbaijan opened its embassy in Tel Aviv on 29 March. "
        "Israeli foreign minister Eli Cohen visited Baku in April."
    )
    events = code_document(Document(doc_id="places", text=text, date=dt.date(2023, 5, 23)))
    located = {e.location_name: (e.latitude, e.longitude) for e in events if e.location_name}
    assert set(located) >= {"Tel Aviv", "Baku"}, [(e.trigger_text, e.location_name) for e in events]
    assert located["Baku"] == coordinates("Baku", "AZE")
    assert located["Tel Aviv"] == coordinates("Tel Aviv", "ISR")
