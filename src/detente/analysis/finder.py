"""Find a country, a body or a person by what an analyst types: a name, a demonym, a
capital, an alias or a code ("Azerbaijan", "Azerbaijani", "Baku", "AZE", "EU", "Aliyev").

The index is built once per process from the packaged gazetteer (countries with their
names, variants, demonyms and capitals; international bodies with their aliases) and
the actor knowledge base (persons and their terms, pointing to their country); a store
adds the actors its documents taught it. :func:`find_actors` ranks matches (an exact
name or code first, then a name that starts with the text, then a word that does) and
:func:`find_dyad` reads "Azerbaijan and Iran" or "AZE-IRN" as a pair.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from detente.actors.gazetteer import load_gazetteer
from detente.actors.kb import load_persons
from detente.store import Store

if TYPE_CHECKING:
    from detente.actors.gazetteer import Gazetteer

__all__ = ["Match", "actor_name", "find_actors", "find_dyad"]

_SPLIT = re.compile(r"\s*(?:\band\b|\bvs\.?|\bversus\b|[-/,&\u2013])\s*", re.IGNORECASE)
# Kinds in the order their matches are shown when they score alike.
_KINDS = ("country", "body", "person", "learned")


@dataclass(frozen=True, slots=True, kw_only=True)
class Match:
    """One actor a text may mean: the code pages are keyed by (a country or a body), its
    name, its kind, and the form that matched ("demonym Azerbaijani")."""

    code: str
    name: str
    kind: str
    matched: str


@dataclass(frozen=True, slots=True)
class _Entry:
    key: str  # the folded form
    words: tuple[str, ...]
    match: Match


def fold(text: str) -> str:
    """Lower case without accents or punctuation runs: "Côte d'Ivoire" -> "cote d ivoire"."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(re.findall(r"[0-9a-z]+", plain.lower()))


def _entry(form: str, match: Match) -> _Entry:
    key = fold(form)
    return _Entry(key, tuple(key.split()), match)


@cache
def _reference() -> tuple[_Entry, ...]:
    """The packaged index: countries, bodies, persons (read once per process)."""
    gazetteer = _gazetteer()
    out: list[_Entry] = []
    for country in gazetteer.countries.values():
        forms = [
            ("code", country.code),
            ("name", country.name),
            *(("name", v) for v in country.variants),
            *(("demonym", d) for d in country.demonyms),
            *(("capital", c) for c in country.capitals),
        ]
        seen: set[str] = set()
        for what, form in forms:
            if fold(form) in seen:
                continue
            seen.add(fold(form))
            shown = form if what in ("code", "name") else f"{what} {form}"
            out.append(
                _entry(
                    form, Match(code=country.code, name=country.name, kind="country", matched=shown)
                )
            )
    for igo in gazetteer.igos.values():
        for form in (igo.code, igo.name, *igo.aliases):
            out.append(_entry(form, Match(code=igo.code, name=igo.name, kind="body", matched=form)))
    latest: dict[tuple[str, str], tuple[str, str]] = {}
    for person in load_persons():
        for form in (person.name, *person.aliases):
            slot = (fold(form), person.country)
            when = person.start.isoformat()
            if slot not in latest or when > latest[slot][1]:
                latest[slot] = (f"{person.name}, {person.role} ({person.country})", when)
    for (folded, code), (shown, _) in latest.items():
        match = Match(code=code, name=gazetteer.country_name(code), kind="person", matched=shown)
        out.append(_Entry(folded, tuple(folded.split()), match))
    return tuple(out)


def actor_name(code: str) -> str:
    """The name of a country or body code ("AZE" -> "Azerbaijan"), or the code itself."""
    gazetteer = _gazetteer()
    igo = gazetteer.igos.get(code)
    return igo.name if igo else gazetteer.country_name(code)


@cache
def _gazetteer() -> Gazetteer:
    return load_gazetteer()


def _learned(store: Store) -> list[_Entry]:
    """The actors the store's documents taught it (the ``actors`` table), if any."""
    try:
        rows = store.con.execute(
            "SELECT DISTINCT name, code FROM actors WHERE name IS NOT NULL AND code IS NOT NULL"
        ).fetchall()
    except Exception:  # an older store without the table, or a locked file
        return []
    out = []
    for name, code in rows:
        country = str(code)[:3].upper()
        out.append(
            _entry(
                str(name),
                Match(code=country, name=str(name), kind="learned", matched=f"{name} ({code})"),
            )
        )
    return out


def _score(entry: _Entry, query: str, words: tuple[str, ...]) -> int:
    """0 for no match; higher is better."""
    if entry.key == query:
        return 4
    if entry.key.startswith(query):
        return 3
    if all(any(w.startswith(q) for w in entry.words) for q in words):
        return 2
    return 0


def find_actors(text: str, *, store: Store | None = None, limit: int = 10) -> list[Match]:
    """Countries, bodies and persons the text may name, best first, one match per code
    and kind (a country found by its name and its capital is listed once)."""
    query = fold(text)
    if not query:
        return []
    words = tuple(query.split())
    entries = [*_reference(), *(_learned(store) if store is not None else [])]
    scored = [(s, e.match) for e in entries if (s := _score(e, query, words))]
    scored.sort(key=lambda sm: (-sm[0], _KINDS.index(sm[1].kind), len(sm[1].name), sm[1].code))
    out: list[Match] = []
    seen: set[tuple[str, str]] = set()
    for _, match in scored:
        key = (match.code, match.kind if match.kind in ("country", "body") else match.matched)
        if (match.code, "country") in seen or key in seen:
            continue
        seen.add(key)
        out.append(match)
        if len(out) >= limit:
            break
    return out


def find_dyad(text: str, *, store: Store | None = None) -> tuple[Match, Match] | None:
    """The pair a text names ("Azerbaijan and Iran", "AZE-IRN", "Baku vs Tehran"): the
    best match of each side; None when it names fewer or more than two, or a side
    matches nothing."""
    sides = [s for s in _SPLIT.split(text.strip()) if s]
    if len(sides) != 2:
        return None
    found = [find_actors(side, store=store, limit=1) for side in sides]
    if not found[0] or not found[1]:
        return None
    return found[0][0], found[1][0]
