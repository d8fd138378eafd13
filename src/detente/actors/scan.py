"""The scanner's state and helpers: what a match is, names, roles and places at a token.

``resolve.py`` holds the patterns that assemble atoms into mentions; this module the
pieces they share: the hit a pattern returns, the names a document has taught, and
the look-ups at a token position (a place, a role, a named body, a name).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from detente.actors.atoms import Atom, AtomFinder, cap_word
from detente.actors.knowledge import KbEntry, KnowledgeBase
from detente.models import Mention

POSSESSIVE = frozenset({"'s", "\u2019s"})
DETERMINERS = frozenset({"the", "a", "an"})
NAME_JOINERS = frozenset({"-"})
MAX_NAME_TOKENS = 4
PLACE_KINDS = frozenset({"country", "demonym", "capital", "seat", "city", "town"})
STATELESS = "IMG"  # CAMEO's code for a group based in no one country ("IMGREB")


@dataclass(frozen=True, slots=True)
class Known:
    name: str
    country: str | None
    sector: str | None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    country: str | None
    sector: str | None
    name: str
    kind: str
    rule: str
    role: str | None = None
    code: str | None = None  # the body's code for an IGO body (EU for the Commission)


class ScanBase(AtomFinder):
    """Tokens, atoms and what the document taught so far, with look-ups at a position."""

    def __init__(self, text: str, date: dt.date | None, kb: KnowledgeBase | None) -> None:
        super().__init__(text, date, kb)
        self.known: dict[str, Known] = {}

    def _role_hit(
        self,
        start: int,
        end: int,
        country: str,
        sector: str | None,
        person: str | None,
        place_name: str,
        role: str | None = None,
    ) -> Hit:
        if person is None:
            return Hit(start, end, country, sector, place_name, "country", "role:compound", role)
        self._learn(person, Known(person, country, sector, role))
        return Hit(start, end, country, sector, person, "person", "role:compound", role)

    def _trailing_name(self, role: Atom, end: int) -> tuple[str | None, int]:
        if role.entry.role is None or not role.entry.role.title:
            return None, end
        name_end = self._name_end(end)
        return (self._span_text(end, name_end), name_end) if name_end > end else (None, end)

    def _resolve_name(self, name: str, *, tail: bool = True) -> tuple[Known, str] | None:
        """What ``name`` stands for; with ``tail`` its last word may stand for it."""
        for key in (name, name.split()[-1]) if tail else (name,):
            if key in self.known:
                return self.known[key], "doc:apposition"
        entry = self.kb.lookup(name, date=self.date)
        if entry is None:
            return None
        known = Known(entry.name, entry.country, entry.sector, entry.role)
        self._learn(entry.name, known)
        return known, kb_rule(entry)

    def _learn(self, name: str, known: Known) -> None:
        self.known[name] = known
        self.known.setdefault(name.split()[-1], known)

    def _name_end(self, k: int) -> int:
        """End of a run of capitalised words (or a known full name) starting at ``k``."""
        atom = self.atoms.get(k)
        if atom is not None:
            return atom.end if atom.entry.kind == "person" else k
        end = k
        while end - k < MAX_NAME_TOKENS and end not in self.atoms:
            word = self._word(end)
            joiner = word in NAME_JOINERS and end > k and cap_word(self._word(end + 1))
            if not (self._name_word(end) or joiner):
                break
            end += 1
        return end

    def _name_word(self, k: int) -> bool:
        """A capitalised word that may be part of a name (not "The", "However")."""
        word = self._word(k)
        return cap_word(word) and word not in self.gaz.not_names

    def _place(self, k: int) -> Atom | None:
        atom = self.atoms.get(k)
        return atom if atom is not None and atom.entry.kind in PLACE_KINDS else None

    def _role(self, k: int, *, allow_tail: bool = False) -> Atom | None:
        atom = self.atoms.get(k)
        if atom is None or atom.entry.role is None:
            return None
        return atom if allow_tail or not atom.entry.role.tail else None

    def _skip_determiners(self, k: int) -> int:
        return k + 1 if self._word(k).lower() in DETERMINERS else k

    def _skip_modifiers(self, k: int) -> int:
        moved = True
        while moved:
            moved = False
            for size in (3, 2, 1):
                if k not in self.atoms and tuple(self.lower[k : k + size]) in self.gaz.modifiers:
                    k, moved = k + size, True
                    break
        return k

    def _span_text(self, i: int, j: int) -> str:
        return self.text[self.tokens[i][1] : self.tokens[j - 1][2]]

    def _mention(self, hit: Hit) -> Mention:
        start, end = self.tokens[hit.start][1], self.tokens[hit.end - 1][2]
        actor = f"{hit.country or ''}{hit.sector or ''}"
        if hit.kind == "igo":
            actor = (hit.code or self._igo_code(hit.name)) + (hit.sector or "")
        elif hit.code and hit.country is None:  # "European Council president Donald Tusk"
            actor = hit.code + (hit.sector or "")
        elif hit.kind == "group" and hit.country is None:
            actor = f"{STATELESS}{hit.sector or ''}"
        return Mention(
            text=self.text[start:end],
            start=start,
            end=end,
            actor=actor or "UNK",
            country=hit.country,
            sector=hit.sector,
            name=hit.name,
            kind=hit.kind,
            rule=hit.rule,
            role=hit.role,
        )

    def _igo_code(self, name: str) -> str:
        return next((code for code, igo in self.gaz.igos.items() if igo.name == name), "IGO")


def sector_of(atom: Atom) -> str | None:
    return atom.entry.role.sector if atom.entry.role else None


def phrase_of(atom: Atom) -> str | None:
    return atom.entry.role.phrase if atom.entry.role else None


def moved_start(hit: Hit, start: int, country: str | None = None) -> Hit:
    if hit.kind == "igo" or hit.country is not None:
        country = hit.country
    return replace(hit, start=start, country=country)


def kb_rule(entry: KbEntry) -> str:
    return "kb:person" if entry.status == "reference" else f"kb:{entry.status}"
