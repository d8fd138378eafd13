"""Build detente's actor data files from the raw reference material.

Reads ``../shared/reference/actors`` (mledoze countries, Phoenix international
actors and non-state military actors, CountryInfo for the Correlates-of-War code
table, REIGN and Archigos leader lists) plus the hand-kept
``src/detente/actors/data/curated.json`` and writes ``gazetteer.json``, ``igos.json``,
``persons.json`` and ``groups.json`` next to it. Only facts (codes, names, dates) are
taken over.

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


_GROUP_CODE = re.compile(r"\[([A-Z]{3,})")
_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9/-]{2,})\)")
_PARTICLES = frozenset({"al", "el", "ul", "ad", "as", "ash", "e", "i", "bin", "of", "the", "and"})
MIN_ALIAS = 3
# Phoenix codes individuals of transnational groups IMG...; only names of bodies are kept
_BODY_WORDS = frozenset(
    {
        "army",
        "battalion",
        "battalions",
        "brigade",
        "brigades",
        "committee",
        "council",
        "faction",
        "force",
        "forces",
        "front",
        "group",
        "jihad",
        "league",
        "movement",
        "network",
        "organization",
        "party",
        "qa'eda",
        "qa'ida",
        "qaeda",
        "qai'dah",
        "qaida",
        "union",
    }
)


def _group_word(word: str, *, index: int, single: bool) -> str:
    """Phoenix writes names in capitals: "AL-QAEDA" -> "al-Qaeda", "PKK" stays."""
    if "-" in word:
        return "-".join(_group_word(w, index=index, single=False) for w in word.split("-"))
    letters = [ch for ch in word if ch.isalpha()]
    if (single and len(letters) <= 4) or (letters and not set(word.lower()) & set("aeiouy")):
        return word
    if word.lower() in _PARTICLES and (index or single is False):
        return word.lower()
    return word.capitalize()


def _group_names(raw: str) -> list[str]:
    """The names one Phoenix name or alias line gives: the name and a bracketed acronym."""
    names: list[str] = []
    for part in raw.split("+"):
        acronyms = _ACRONYM.findall(part)
        words = _ACRONYM.sub("", part).replace("_", " ").split()
        single = len(words) == 1
        name = " ".join(_group_word(w, index=i, single=single) for i, w in enumerate(words))
        name = name[4:] if name.startswith("the ") else name
        names += [n for n in (name, *acronyms) if n]
    return names


def _body_name(name: str) -> bool:
    return bool(_BODY_WORDS & set(name.casefold().replace("-", " ").split()))


def _phoenix_groups(reference: Path) -> list[dict[str, Any]]:
    """Actors of Phoenix.MilNonState: a name line, ``+`` aliases, a CAMEO code somewhere."""
    path = reference / "phoenix" / "Phoenix.MilNonState.actors.txt"
    groups: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for line in path.read_text("utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        text = _GROUP_CODE.sub("", body).replace("]", "").strip()
        if body[0] not in " \t+":
            current = {"names": [], "code": None}
            groups.append(current)
        if current is None:
            continue
        current["names"] += _group_names(text.lstrip("+"))
        code = _GROUP_CODE.search(body)
        current["code"] = current["code"] or (code.group(1) if code else None)
    return [g for g in groups if g["code"] and g["names"]]


def _group_entry(group: dict[str, Any], countries: set[str]) -> dict[str, Any]:
    code: str = group["code"]
    names: list[str] = group["names"]
    if code.startswith("IMG"):
        names = [n for n in names if _body_name(n)] or [""]
    return {
        "name": names[0],
        "aliases": _uniq(n for n in names[1:] if n != names[0]),
        "country": code[:3] if code[:3] in countries else None,
        "sector": "REB",
        "kind": "group",
        "cameo": code,
        "source": "phoenix",
    }


def _usable_alias(name: str, stopwords: set[str]) -> bool:
    return len(name) >= MIN_ALIAS and any(ch.isalpha() for ch in name) and name not in stopwords


def build_groups(reference: Path, curated: dict[str, Any], countries: set[str]) -> dict[str, Any]:
    """Phoenix non-state armed groups under curated groups and organisations.

    A name two Phoenix actors give different codes is dropped; a curated entry owns
    its names, and Phoenix actors sharing one lose them.
    """
    section = curated["groups"]
    stopwords = set(section["stopwords"])
    entries = [{**e, "cameo": None, "source": "curated"} for e in section["entries"]]
    owners: dict[str, set[tuple[str | None, str]]] = {}
    phoenix = [_group_entry(g, countries) for g in _phoenix_groups(reference)]
    for entry in phoenix:
        for name in (entry["name"], *entry["aliases"]):
            owners.setdefault(name.casefold(), set()).add((entry["country"], entry["sector"]))
    taken = {n.casefold() for e in entries for n in (e["name"], *e["aliases"])}
    for entry in phoenix:
        names = [
            n
            for n in (entry["name"], *entry["aliases"])
            if _usable_alias(n, stopwords)
            and len(owners[n.casefold()]) == 1
            and n.casefold() not in taken
        ]
        if names:
            taken |= {n.casefold() for n in names}
            entries.append({**entry, "name": names[0], "aliases": names[1:]})
    for entry in entries:
        entry["aliases"] = [a for a in entry["aliases"] if _usable_alias(a, stopwords)]
    return {
        "version": VERSION,
        "about": "Named non-state armed groups and organisations. Sources: the Phoenix "
        "MilNonState dictionary (names, CAMEO codes; every armed group is sector REB, "
        "'country' where the code names one, else null) and detente's curated.json "
        "(major groups, state bodies such as the IDF or the FBI, bodies of IGOs).",
        "groups": sorted(entries, key=lambda e: (e["kind"], e["name"].casefold())),
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
    gazetteer = build_gazetteer(args.reference, curated)
    write_json(args.out / "gazetteer.json", gazetteer)
    codes = {c["code"] for c in gazetteer["countries"]}
    write_json(args.out / "groups.json", build_groups(args.reference, curated, codes))
    write_json(args.out / "igos.json", build_igos(args.reference, curated))
    write_json(args.out / "persons.json", build_persons(args.reference, curated))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
