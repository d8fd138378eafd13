"""The knowledge base the resolver consults: store entries over the packaged persons.

An entry is one dated role of one person or organisation (``Zakir Hasanov``, AZE
MIL, defence minister, from 2013-10). Entries come from five places, in the
``status`` field:

* ``reference``: the packaged persons (REIGN, Archigos, curated), read-only;
* ``learned``: taught by a document ("Azerbaijan's defense minister Zakir Hasanov"),
  with the evidence (document, sentence, date);
* ``confirmed``: a learned entry a person checked or corrected;
* ``user``: added by hand (``detente kb add``);
* ``imported``: read from a PETRARCH/Phoenix ``.actors`` file or a CSV.

Lookups are case-blind and date-aware; a learned entry holds from a year before the
first document that taught it, with no end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from detente.actors.gazetteer import phrase_key
from detente.actors.kb import Person, lookup_person, undated_person
from detente.errors import DetenteError

Status = Literal["reference", "learned", "confirmed", "user", "imported"]
STATUSES: tuple[Status, ...] = ("reference", "learned", "confirmed", "user", "imported")
LEARNED_GRACE = dt.timedelta(days=365)
_RANK = {"reference": 0, "learned": 0, "imported": 1, "confirmed": 2, "user": 2}


class KnowledgeBaseError(DetenteError):
    """A knowledge-base entry or file is invalid, or an entry does not exist."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """Where an entry was learned: the document, the sentence and its date."""

    doc_id: str
    sentence: str
    date: dt.date | None = None
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class KbEntry:
    """One dated role of one actor."""

    name: str
    country: str | None
    sector: str | None
    role: str | None = None
    aliases: tuple[str, ...] = ()
    kind: str = "person"
    start: dt.date | None = None
    end: dt.date | None = None
    status: Status = "user"
    source: str | None = None
    evidence: tuple[Evidence, ...] = field(default=(), compare=False)
    entry_id: str = ""

    def __post_init__(self) -> None:
        if not self.entry_id:
            object.__setattr__(self, "entry_id", make_entry_id(self))

    @property
    def code(self) -> str:
        """The CAMEO-style actor code, country + sector (``AZEMIL``)."""
        return f"{self.country or ''}{self.sector or ''}" or "UNK"

    def covers(self, date: dt.date) -> bool:
        """Whether the entry holds on ``date`` (learned entries: a year of grace before)."""
        start = self.start
        if start is not None and self.status == "learned":
            start = start - LEARNED_GRACE
        return (start is None or start <= date) and (self.end is None or date <= self.end)

    def with_changes(self, **changes: object) -> KbEntry:
        """A copy with fields replaced (the id stays)."""
        return replace(self, **changes)  # type: ignore[arg-type]


def make_entry_id(entry: KbEntry) -> str:
    """A stable short id from name, codes, role and start: the same lesson twice is one entry."""
    key = "|".join(
        [
            entry.name.casefold(),
            entry.country or "",
            entry.sector or "",
            (entry.role or "").casefold(),
            entry.start.isoformat() if entry.start and entry.status != "learned" else "",
        ]
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def reference_entry(person: Person) -> KbEntry:
    """A packaged person term as a read-only entry."""
    return KbEntry(
        name=person.name,
        country=person.country,
        sector=person.sector,
        role=person.role,
        aliases=person.aliases,
        start=person.start,
        end=person.end,
        status="reference",
        source="package",
    )


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


@lru_cache(maxsize=65536)
def _words(name: str) -> tuple[str, ...]:
    return phrase_key(name, lower=True) if " " in name.strip() else ()


class KnowledgeBase:
    """Entries indexed by name and alias; falls back to the packaged persons.

    Build it from entries (``KnowledgeBase(entries)``), or from a store with
    :func:`detente.actors.store_kb.load_kb`. It is cheap to extend in memory with
    :meth:`add`, which the ingest path does as documents teach it.
    """

    def __init__(self, entries: Iterable[KbEntry] = (), *, reference: bool = True) -> None:
        self.reference = reference
        self._by_key: defaultdict[str, list[KbEntry]] = defaultdict(list)
        self._full: dict[tuple[str, ...], str] = {}
        self.first_lengths: defaultdict[str, set[int]] = defaultdict(set)
        self.entries: dict[str, KbEntry] = {}
        for entry in entries:
            self.add(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, entry: KbEntry) -> None:
        """Index an entry (replacing one with the same id)."""
        old = self.entries.get(entry.entry_id)
        if old is not None:
            for name in {old.name, *old.aliases}:
                self._by_key[_key(name)].remove(old)
        self.entries[entry.entry_id] = entry
        for name in {entry.name, *entry.aliases}:
            self._by_key[_key(name)].append(entry)
            words = _words(name)
            if len(words) > 1:
                self._full.setdefault(words, entry.name)
                self.first_lengths[words[0]].add(len(words))

    def full_name(self, words: tuple[str, ...]) -> str | None:
        """The canonical name for a lower-cased token tuple of a multi-word name."""
        return self._full.get(words)

    def candidates(self, name: str) -> list[KbEntry]:
        """Every store entry called ``name`` (full name or alias, case-blind)."""
        return list(self._by_key.get(_key(name), ()))

    def lookup(self, name: str, *, date: dt.date | None = None) -> KbEntry | None:
        """The entry ``name`` stands for on ``date``: store entries, then the packaged persons.

        Without a date a multi-word name returns its latest entry, and a one-word name
        returns an entry only when all the actors it names share one actor code.
        """
        found = self._lookup_store(name, date)
        if found is not None or not self.reference:
            return found
        if date is None and len(name.split()) == 1:
            person = undated_person(name)
        else:
            person = lookup_person(name, date=date)
        return reference_entry(person) if person is not None else None

    def _lookup_store(self, name: str, date: dt.date | None) -> KbEntry | None:
        candidates = self.candidates(name)
        if date is not None:
            candidates = [c for c in candidates if c.covers(date)]
        elif len(name.split()) == 1 and len({c.code for c in candidates}) > 1:
            return None
        if not candidates:
            return None
        if date is not None and self.reference:
            person = lookup_person(name, date=date)
            if person is not None:
                candidates.append(reference_entry(person))
        return max(candidates, key=_preference)


def _preference(entry: KbEntry) -> tuple[int, dt.date]:
    """Hand-checked entries first, then the one whose term began last."""
    return _RANK[entry.status], entry.start or dt.date.min
