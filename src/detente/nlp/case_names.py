"""The names the truecaser restores, indexed by their lower-case tokens.

Built once per process from detente's own data: the gazetteer (countries, demonyms,
capitals, cities, international bodies), the named groups, the persons knowledge base
(full names, and one-word names that are no English words), the products, and
``nlp/data/casing.json`` (months and weekdays, and the common words that are never
names; built by ``scripts/build_casing_data.py``).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from detente.actors.gazetteer import load_gazetteer, read_data
from detente.actors.kb import full_names, load_persons
from detente.errors import ConfigError

# The gazetteer's tokens, case-blind: "u.s." is one token as "U.S." is.
TOKEN = re.compile(
    r"[a-z](?:\.[a-z])+\.?|\w+(?=['\u2019]s\b)|['\u2019]s\b|\w+(?:['\u2019]\w+)*|[^\w\s]",
    re.IGNORECASE,
)
_CITY_KINDS = frozenset({"capital", "seat", "city"})
_MIN_ALIAS = 3  # a one-word alias recased anywhere: "Abe", not "Xi"


@dataclass(frozen=True, slots=True)
class NameIndex:
    """What the truecaser knows: names as written, by their lower-case tokens."""

    forms: dict[tuple[str, ...], tuple[str, ...]]  # lower-case tokens -> tokens as written
    lengths: dict[str, tuple[int, ...]]  # first token -> phrase lengths, longest first
    persons: frozenset[tuple[str, ...]]
    common: frozenset[str]
    dated: dict[str, str]
    date_cues: frozenset[str]
    role_heads: frozenset[str]
    titles: frozenset[tuple[str, ...]]
    title_lengths: dict[str, tuple[int, ...]]
    cities: frozenset[tuple[str, ...]]  # capitals, seats and cities: a dateline's places


def longest_name(words: list[str], i: int, index: NameIndex) -> tuple[int, tuple[str, ...] | None]:
    """The longest known name at ``words[i]``: its length and its tokens as written."""
    for size in index.lengths.get(words[i], ()):
        form = index.forms.get(tuple(words[i : i + size]))
        if form is not None:
            return size, form
    return 1, None


@cache
def name_index() -> NameIndex:
    """The index, built once per process from the actor data and ``casing.json``."""
    data = _read_data()
    common = frozenset(data["common_words"])
    gaz = load_gazetteer()
    forms: dict[tuple[str, ...], tuple[str, ...]] = {}
    persons: set[tuple[str, ...]] = set()

    def add(form: tuple[str, ...], *, person: bool = False) -> None:
        key = tuple(token.lower() for token in form)
        words = [w for w in key if any(ch.isalpha() for ch in w)]
        if not words or all(w in common for w in words) or key in forms:
            return
        if person and (key[0] in common or key[-1] in common):  # "Theresa May", "He Yong"
            return
        forms[key] = form
        if person:
            persons.add(key)

    for phrase in data["names"]:
        add((phrase,))
    for key in gaz.exact:
        add(key)
    for entry in gaz.bodies.values():
        add(entry.form)
    for name in sorted(full_names()):
        add(tuple(m.group() for m in TOKEN.finditer(name)), person=True)
    for name in sorted(_one_word_names()):
        add((name,), person=True)
    for product in read_data("products.json")["products"]:
        for name in (product["name"], *product["aliases"]):
            add(tuple(m.group() for m in TOKEN.finditer(name)))
    lengths: defaultdict[str, set[int]] = defaultdict(set)
    for key in forms:
        lengths[key[0]].add(len(key))
    titles = {key for key, role in gaz.roles.items() if role.title}
    title_lengths: defaultdict[str, set[int]] = defaultdict(set)
    for key in titles:
        title_lengths[key[0]].add(len(key))
    return NameIndex(
        forms=forms,
        lengths={w: tuple(sorted(s, reverse=True)) for w, s in lengths.items()},
        persons=frozenset(persons),
        common=common,
        dated={name.lower(): name for name in data["dated_names"]},
        date_cues=frozenset(data["date_cues"]),
        role_heads=frozenset(key[0] for key in gaz.roles),
        titles=frozenset(titles),
        title_lengths={w: tuple(sorted(s, reverse=True)) for w, s in title_lengths.items()},
        cities=frozenset(
            tuple(word.lower() for word in key)
            for key, entry in gaz.exact.items()
            if entry.kind in _CITY_KINDS
        ),
    )


def _one_word_names() -> set[str]:
    """One-word names and aliases of the persons knowledge base ("Putin", "Erdogan")."""
    return {
        name
        for person in load_persons()
        for name in (person.name, *person.aliases)
        if name.isalpha() and name[:1].isupper() and len(name) >= _MIN_ALIAS
    }


def _read_data() -> dict[str, Any]:
    try:
        text = resources.files("detente.nlp").joinpath("data", "casing.json").read_text("utf-8")
        data: dict[str, Any] = json.loads(text)
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"casing data file 'casing.json' is missing or invalid ({exc}); reinstall "
            "detente or rebuild it with scripts/build_casing_data.py"
        ) from exc
    return data
