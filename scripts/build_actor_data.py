"""Build detente's actor data files from the raw reference material.

Reads ``../shared/reference/actors`` (mledoze countries, Phoenix international
actors, CountryInfo for the Correlates-of-War code table, REIGN and Archigos leader
lists) plus the hand-kept ``src/detente/actors/data/curated.json`` and writes
``gazetteer.json``, ``igos.json`` and ``persons.json`` next to it. Only facts (codes,
names, dates) are taken over.

    python scripts/build_actor_data.py [--reference DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference" / "actors"
DEFAULT_OUT = ROOT / "src" / "detente" / "actors" / "data"
VERSION = "2023.1"
LATIN_MAX = 0x24F  # keep names written in Latin script (with diacritics)


def _latin(text: str) -> bool:
    return all(ord(ch) <= LATIN_MAX or ch in "\u2018\u2019" for ch in text)


def _uniq(items: Iterable[str]) -> list[str]:
    return sorted({item.strip() for item in items if item and item.strip()})


def _usable_variant(name: str) -> bool:
    return len(name) > 2 and "," not in name and _latin(name)


def build_gazetteer(reference: Path, curated: dict[str, Any]) -> dict[str, Any]:
    raw = json.loads((reference / "mledoze_countries" / "countries.json").read_text("utf-8"))
    overrides: dict[str, dict[str, Any]] = curated["country_overrides"]
    dropped = set(curated["dropped_variants"])
    countries = []
    for entry in raw:
        code = entry["cca3"]
        extra = overrides.get(code, {})
        names = [entry["name"]["common"], entry["name"]["official"], *entry["altSpellings"]]
        variants = [n for n in names if _usable_variant(n) and n not in dropped]
        demonyms = entry.get("demonyms", {}).get("eng", {})
        countries.append(
            {
                "code": code,
                "name": extra.get("name", entry["name"]["common"]),
                "variants": _uniq([*variants, *extra.get("variants", [])]),
                "demonyms": _uniq(
                    [*(d for d in demonyms.values() if _latin(d)), *extra.get("demonyms", [])]
                ),
                "capitals": _uniq([*entry.get("capital", []), *extra.get("capitals", [])]),
                "cities": _uniq(set(extra.get("cities", [])) - set(entry.get("capital", []))),
                "seats": _uniq(extra.get("seats", [])),
            }
        )
    _drop_territory_clashes(countries, {e["cca3"] for e in raw if e.get("independent")})
    countries.sort(key=lambda c: c["code"])
    ambiguous = curated["ambiguous_names"]
    return {
        "version": VERSION,
        "about": "Countries by ISO 3166-1 alpha-3 code. Sources: mledoze/countries "
        "(names, demonyms, capitals) and detente's curated.json (cities, extra forms).",
        "ambiguous_names": sorted(ambiguous["names"]),
        "countries": countries,
    }


def _drop_territory_clashes(countries: list[dict[str, Any]], independent: set[str]) -> None:
    """A form shared with an independent state ("American", "French") is the state's."""
    for field in ("demonyms", "variants", "capitals"):
        owners: dict[str, set[str]] = {}
        for country in countries:
            for form in country[field]:
                owners.setdefault(form, set()).add(country["code"])
        for country in countries:
            if country["code"] in independent:
                continue
            country[field] = [form for form in country[field] if not owners[form] & independent]


def _phoenix_codes(reference: Path) -> dict[str, str]:
    """Name (upper case, spaces) -> first CAMEO code, from the Phoenix IGO dictionary."""
    path = reference / "phoenix" / "Phoenix.International.actors.txt"
    codes: dict[str, str] = {}
    pending: list[str] = []
    last = ""
    for line in path.read_text("utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0]
        code = re.search(r"\[([A-Z]{3,})", body)
        name = body.strip().split("[", 1)[0].strip().lstrip("+").rstrip("_").replace("_", " ")
        if not body.strip():
            pending, last = [], ""
        elif line.startswith("+") and not pending and last:
            codes.setdefault(name.upper(), last)
        elif not line.startswith(("\t", " ")):
            if not line.startswith("+"):
                pending, last = [], ""
            pending.append(name.upper())
        if code:
            for key in pending:
                codes.setdefault(key, code.group(1))
            pending, last = [], code.group(1)
    return codes


def build_igos(reference: Path, curated: dict[str, Any]) -> dict[str, Any]:
    cameo = _phoenix_codes(reference)
    igos = []
    for igo in curated["igos"]:
        names = [igo["name"], *igo["aliases"]]
        found = next((cameo[n.upper()] for n in names if n.upper() in cameo), None)
        igos.append({**igo, "aliases": _uniq(igo["aliases"]), "cameo": found})
    return {
        "version": VERSION,
        "about": "International bodies. 'code' is detente's actor code (the common acronym; "
        "EU for the European Union, UN for the United Nations); 'cameo' is the CAMEO/Phoenix "
        "code where the Phoenix dictionary has one.",
        "igos": sorted(igos, key=lambda i: i["code"]),
    }


def _cow_to_iso(reference: Path, curated: dict[str, Any]) -> dict[str, str]:
    text = (reference / "countryinfo" / "CountryInfo.120116.txt").read_text(
        "utf-8", errors="replace"
    )
    table: dict[str, str] = {}
    for block in text.split("<Country>")[1:]:
        cow = re.search(r"<COW-Alpha>([A-Z]{3})</COW-Alpha>", block)
        iso = re.search(r"<ISO3166-alpha3>([A-Z]{3})</ISO3166-alpha3>", block)
        if cow and iso:
            table.setdefault(cow.group(1), iso.group(1))
    table.update(curated["cow_to_iso_corrections"])
    return table


_ROMAN = re.compile(r"[IVXL]+")


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _person(name: str, country: str, start: str, end: str | None, source: str) -> dict[str, Any]:
    surname = name.replace(",", " ").split()[-1]
    usable = len(surname) > 2 and surname[0].isupper() and not _ROMAN.fullmatch(surname)
    aliases = [surname] if surname != name and usable and not surname.endswith(".") else []
    return {
        "name": name,
        "aliases": aliases,
        "country": country,
        "sector": "GOV",
        "role": "leader",
        "start": start,
        "end": end,
        "source": source,
    }


def _reign_persons(reference: Path, cow: dict[str, str]) -> list[dict[str, Any]]:
    path = reference / "reign" / "leaderlist_3_21.csv"
    persons = []
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for row in csv.DictReader(handle):
            country = cow.get(row["stateabb"], row["stateabb"])
            start = dt.date(int(row["syear"]), int(row["smonth"]), int(row["sdate"]))
            end = None
            if row["eyear"].strip():
                end = _month_end(int(row["eyear"]), int(row["emonth"])).isoformat()
            persons.append(_person(row["leader"], country, start.isoformat(), end, "reign"))
    return persons


def _archigos_persons(reference: Path, cow: dict[str, str], before: str) -> list[dict[str, Any]]:
    """Archigos terms that began before REIGN's coverage starts."""
    path = reference / "archigos" / "Archigos_4.1.csv"
    persons = []
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["startdate"] >= before:
                continue
            country = cow.get(row["idacr"], row["idacr"])
            end = row["enddate"] if row["exit"] != "Still in Office" else None
            persons.append(_person(row["leader"], country, row["startdate"], end, "archigos"))
    return persons


def _replaces(manual: dict[str, Any], person: dict[str, Any]) -> bool:
    """A curated entry replaces an upstream row of the same country and name whose term overlaps."""
    if manual.get("replaces") != person["name"] or manual["country"] != person["country"]:
        return False
    far_future = "9999-12-31"
    return bool(
        person["start"] <= (manual["end"] or far_future)
        and manual["start"] <= (person["end"] or far_future)
    )


def build_persons(reference: Path, curated: dict[str, Any]) -> dict[str, Any]:
    cow = _cow_to_iso(reference, curated)
    reign = _reign_persons(reference, cow)
    first_reign = min(p["start"] for p in reign)
    persons = _archigos_persons(reference, cow, first_reign) + reign
    manual = curated["persons"]["entries"]
    persons = [p for p in persons if not any(_replaces(m, p) for m in manual)]
    for entry in manual:
        person = {k: v for k, v in entry.items() if k != "replaces"}
        persons.append({"sector": "GOV", **person, "source": "curated"})
    persons.sort(key=lambda p: (p["country"], p["start"], p["name"]))
    return {
        "version": VERSION,
        "about": "Heads of state and government with dated terms (ISO dates; end null = open). "
        "Sources: REIGN leader list (to 2021-03), Archigos 4.1 (terms before REIGN), "
        "detente's curated.json (later terms and corrections).",
        "persons": persons,
    }


def write_json(path: Path, data: dict[str, Any]) -> None:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not args.reference.is_dir():
        sys.stderr.write(f"reference folder not found: {args.reference}; pass --reference DIR\n")
        return 2
    curated = json.loads((DEFAULT_OUT / "curated.json").read_text("utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    write_json(args.out / "gazetteer.json", build_gazetteer(args.reference, curated))
    write_json(args.out / "igos.json", build_igos(args.reference, curated))
    write_json(args.out / "persons.json", build_persons(args.reference, curated))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
