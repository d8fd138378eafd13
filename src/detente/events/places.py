"""Coordinates of event locations: capitals, seats, major cities and countries.

``data/places.json`` (built by ``scripts/build_places.py``) holds a latitude and
longitude for every capital, seat of government and city of the actors gazetteer, and
a centroid for every country. A location is looked up by its name within its country;
a country named as the place ("clashes in Armenia") gets the country's centroid.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from dataclasses import dataclass
from importlib import resources

_DATA = resources.files("detente.events") / "data"


@dataclass(frozen=True, slots=True)
class Places:
    """Place and country coordinates, keyed by ISO alpha-3 code and folded name."""

    version: str
    places: dict[str, dict[str, tuple[float, float]]]
    countries: dict[str, tuple[float, float]]


def fold(name: str) -> str:
    """Case- and accent-blind key of a place name ("Tel Aviv" -> "tel aviv")."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@functools.cache
def load_places() -> Places:
    """The packaged coordinates."""
    raw = json.loads((_DATA / "places.json").read_text(encoding="utf-8"))
    return Places(
        version=str(raw["version"]),
        places={
            code: {name: (float(p[0]), float(p[1])) for name, p in names.items()}
            for code, names in raw["places"].items()
        },
        countries={code: (float(p[0]), float(p[1])) for code, p in raw["countries"].items()},
    )


def coordinates(
    name: str | None, country: str | None, *, country_level: bool = False
) -> tuple[float, float] | None:
    """Latitude and longitude of the place ``name`` in ``country`` (ISO alpha-3).

    ``country_level``: the name is the country itself, so its centroid is the answer
    when the name is not also a city ("Djibouti", "Singapore" are both).
    """
    if not name or not country:
        return None
    places = load_places()
    found = places.places.get(country, {}).get(fold(name))
    if found is None and country_level:
        found = places.countries.get(country)
    return found
