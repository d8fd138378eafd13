"""The gazetteer: countries, international bodies and role nouns, loaded once from data.

The data files live in ``detente/actors/data`` (built by ``scripts/build_actor_data.py``
from public reference lists plus the hand-kept ``curated.json``; ``roles.json`` is hand
written). Phrases are indexed as token tuples so that the resolver can match them with
one pass over the tokens of a text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from detente.errors import ConfigError

AtomKind = Literal[
    "country",
    "demonym",
    "capital",
    "seat",
    "city",
    "town",
    "igo",
    "role",
    "person",
    "group",
    "organisation",
]
BODY_KINDS = frozenset({"group", "organisation", "igo"})

_TOKEN = re.compile(
    r"[A-Z](?:\.[A-Z])+\.?"  # U.S., U.K., D.C.
    r"|\w+(?=['\u2019]s\b)"  # Iran in Iran's
    r"|['\u2019]s\b"  # the possessive ending
    r"|\w+(?:['\u2019]\w+)*"  # words, Shi'ite, Va'ai
    r"|[^\w\s]"  # one punctuation sign
)


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Split ``text`` into (token, start, end) triples; offsets point into ``text``."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def phrase_key(phrase: str, *, lower: bool = False) -> tuple[str, ...]:
    """The token tuple under which a phrase is indexed."""
    tokens = tuple(token for token, _, _ in tokenize(phrase))
    return tuple(t.lower() for t in tokens) if lower else tokens


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    variants: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    cities: tuple[str, ...]
    seats: tuple[str, ...] = ()
    towns: tuple[str, ...] = ()  # GeoNames' towns: places, never a government


@dataclass(frozen=True, slots=True)
class Igo:
    code: str
    name: str
    aliases: tuple[str, ...]
    cameo: str | None


@dataclass(frozen=True, slots=True)
class Role:
    phrase: str
    sector: str
    title: bool = False
    bare: bool = False
    tail: bool = False


@dataclass(frozen=True, slots=True)
class Entry:
    """What an indexed phrase stands for."""

    kind: AtomKind
    code: str
    name: str
    role: Role | None = None
    sector: str | None = None
    form: tuple[str, ...] = ()  # a named body: the alias as written, for the case check


@dataclass(frozen=True, slots=True)
class Gazetteer:
    version: str
    countries: dict[str, Country]
    igos: dict[str, Igo]
    roles: dict[tuple[str, ...], Role]
    ambiguous: frozenset[str]
    modifiers: frozenset[tuple[str, ...]]
    coordinators: frozenset[tuple[str, ...]]
    linkers: frozenset[str]
    member_prefixes: frozenset[tuple[str, ...]]
    not_names: frozenset[str]
    exact: dict[tuple[str, ...], Entry]
    bodies: dict[tuple[str, ...], Entry]
    max_len: int

    def country_name(self, code: str) -> str:
        """The canonical name of a country code, or the code itself when unknown."""
        country = self.countries.get(code)
        return country.name if country else code


def read_data(name: str) -> dict[str, Any]:
    """Read one JSON data file shipped with the package."""
    try:
        text = resources.files("detente.actors").joinpath("data", name).read_text("utf-8")
        data: dict[str, Any] = json.loads(text)
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"actor data file {name!r} is missing or invalid ({exc}); reinstall detente "
            "or rebuild it with scripts/build_actor_data.py"
        ) from exc
    return data


def _countries(data: dict[str, Any]) -> dict[str, Country]:
    return {
        c["code"]: Country(
            code=c["code"],
            name=c["name"],
            variants=tuple(c["variants"]),
            demonyms=tuple(c["demonyms"]),
            capitals=tuple(c["capitals"]),
            cities=tuple(c["cities"]),
            seats=tuple(c.get("seats", ())),
            towns=tuple(c.get("towns", ())),
        )
        for c in data["countries"]
    }


def _igos(data: dict[str, Any]) -> dict[str, Igo]:
    return {
        i["code"]: Igo(
            code=i["code"], name=i["name"], aliases=tuple(i["aliases"]), cameo=i["cameo"]
        )
        for i in data["igos"]
    }


def _roles(data: dict[str, Any]) -> dict[tuple[str, ...], Role]:
    roles = (
        Role(
            r["phrase"],
            r["sector"],
            title=bool(r.get("title")),
            bare=bool(r.get("bare")),
            tail=bool(r.get("tail")),
        )
        for r in data["roles"]
    )
    return {phrase_key(role.phrase, lower=True): role for role in roles}


def _exact_index(
    countries: dict[str, Country], igos: dict[str, Igo]
) -> dict[tuple[str, ...], Entry]:
    """Case-sensitive phrases: later kinds never overwrite earlier ones."""
    index: dict[tuple[str, ...], Entry] = {}

    def add(phrase: str, entry: Entry) -> None:
        index.setdefault(phrase_key(phrase), entry)

    for igo in igos.values():
        for phrase in (igo.name, *igo.aliases):
            add(phrase, Entry("igo", igo.code, igo.name))
    for c in countries.values():
        for phrase in (c.name, *c.variants):
            add(phrase, Entry("country", c.code, c.name))
        for phrase in c.demonyms:
            add(phrase, Entry("demonym", c.code, c.name))
        for phrase in c.capitals:
            add(phrase, Entry("capital", c.code, c.name))
        for phrase in c.seats:
            add(phrase, Entry("seat", c.code, c.name))
        for phrase in c.cities:
            add(phrase, Entry("city", c.code, c.name))
        town = Entry("town", c.code, c.name)  # one for all its towns: 99,000 phrases
        for phrase in c.towns:
            add(phrase, town)
    return index


def _bodies(data: dict[str, Any]) -> dict[tuple[str, ...], Entry]:
    """Named groups and organisations, by lower-case tokens (the first entry keeps a name)."""
    index: dict[tuple[str, ...], Entry] = {}
    for group in data["groups"]:
        for phrase in (group["name"], *group["aliases"]):
            form = phrase_key(phrase)
            entry = Entry(
                group["kind"], group["country"] or "", group["name"], None, group["sector"], form
            )
            index.setdefault(tuple(w.lower() for w in form), entry)
    return index


def _keys(phrases: list[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(phrase_key(p, lower=True) for p in phrases)


@cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer, read from the package data once per process."""
    gaz, igo, roles = read_data("gazetteer.json"), read_data("igos.json"), read_data("roles.json")
    countries, igos = _countries(gaz), _igos(igo)
    exact = _exact_index(countries, igos)
    role_index = _roles(roles)
    bodies = _bodies(read_data("groups.json"))
    return Gazetteer(
        version=f"gazetteer {gaz['version']}; igos {igo['version']}; roles {roles['version']}",
        countries=countries,
        igos=igos,
        roles=role_index,
        ambiguous=frozenset(gaz.get("ambiguous_names", ())),
        modifiers=_keys(roles["modifiers"]),
        coordinators=_keys(roles["coordinators"]),
        linkers=frozenset(roles["linkers"]),
        member_prefixes=_keys(roles["member_prefixes"]),
        not_names=frozenset(roles["not_names"]),
        exact=exact,
        bodies=bodies,
        max_len=max(len(k) for k in (*exact, *role_index, *bodies)),
    )
