"""The persons knowledge base: office holders with dated terms.

Built from REIGN and Archigos (heads of state and government), the hand-kept
``curated.json`` and the named officials of Phoenix (ministers, envoys, generals: role
``official``; see ``scripts/build_actor_data.py``). A name can match several terms (two Aliyevs, two
Netanyahu governments); the date of the document picks the one in office.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from detente.actors.gazetteer import read_data


@dataclass(frozen=True, slots=True)
class Person:
    """One term in office of one person."""

    name: str
    aliases: tuple[str, ...]
    country: str
    sector: str
    role: str
    start: dt.date
    end: dt.date | None

    def active_on(self, date: dt.date) -> bool:
        """Whether the term covers ``date`` (an open term covers every later date)."""
        return self.start <= date and (self.end is None or date <= self.end)


@cache
def load_persons() -> tuple[Person, ...]:
    """All terms in the knowledge base, read once per process."""
    data = read_data("persons.json")
    day = cache(dt.date.fromisoformat)  # a few thousand distinct dates among 30,000 terms
    persons = [
        Person(
            p["name"],
            tuple(p["aliases"]),
            p["country"],
            p["sector"],
            p["role"],
            day(p["start"]),
            day(p["end"]) if p["end"] else None,
        )
        for p in data["persons"]
    ]
    persons += _officials(data.get("officials", ()), day)
    return tuple(persons)


def _officials(
    officials: Iterable[dict[str, Any]], day: Callable[[str], dt.date]
) -> Iterator[Person]:
    """The Phoenix officials (one record per person, terms ``[sector, start, end]``)."""
    for p in officials:
        name, aliases, country = p["name"], tuple(p["aliases"]), p["country"]
        for sector, start, end in p["terms"]:
            yield Person(
                name, aliases, country, sector, "official", day(start), day(end) if end else None
            )


@cache
def _by_name() -> dict[str, tuple[Person, ...]]:
    index: defaultdict[str, list[Person]] = defaultdict(list)
    for person in load_persons():
        for key in {person.name, *person.aliases}:
            index[key].append(person)
    return {key: tuple(people) for key, people in index.items()}


@cache
def full_names() -> frozenset[str]:
    """Names and aliases of two words or more: safe to match in running text without a title."""
    return frozenset(n for p in load_persons() for n in (p.name, *p.aliases) if " " in n)


def lookup_person(name: str, *, date: dt.date | None = None) -> Person | None:
    """The person called ``name`` (full name or alias), in office on ``date``.

    Without a date a full name returns its latest term, and an alias returns a person
    only when it names exactly one person.
    """
    candidates = _by_name().get(name, ())
    if date is not None:
        candidates = tuple(p for p in candidates if p.active_on(date))
    elif name not in full_names() and len({(p.name, p.country) for p in candidates}) != 1:
        return None
    return max(candidates, key=lambda p: p.start, default=None)


def undated_person(name: str) -> Person | None:
    """The latest term under ``name`` when every term it names has one country and sector.

    Without a date the term cannot be chosen, but when all candidates share the
    actor code ("Aliyev": two presidents of Azerbaijan) the code is still certain.
    """
    candidates = _by_name().get(name, ())
    if len({(p.country, p.sector) for p in candidates}) != 1:
        return None
    return max(candidates, key=lambda p: p.start)
