"""Find actor mentions in text and resolve them to country + sector codes.

Two passes over the tokens of a text. The first (``atoms.py``) finds *atoms*, the
longest indexed phrase at each position. The second walks left to right and
assembles atoms into mentions, most specific pattern first:

* ``member of`` + compound:      a member of Azerbaijan's parliament -> AZELEG
* role (and role)* of country:   police and intelligence services of the Iranian state
* country + role (+ name):       Israeli foreign minister Eli Cohen, Iran's intelligence ministry
* name, compound:                Zakir Hasanov, Azerbaijan's defense minister
* name, who is compound:         Hasanov, who is Azerbaijan's defense minister
* title + name:                  President Ilham Aliyev, foreign minister Cohen
* a single atom or a known name: Israel, Baku (AZEGOV by metonymy), NATO, Cohen

What the document itself says wins: names introduced by the three person patterns
above resolve later surname mentions of the same call ("Cohen", rule
``doc:apposition``). Then the knowledge base (``KnowledgeBase``: store entries
learned from earlier documents, added or imported by users, over the packaged
persons; rule ``kb:<status>``, ``kb:person`` for the packaged ones) decides, with
the date picking the term in office.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from detente.actors.atoms import Atom, AtomFinder, cap_word
from detente.actors.knowledge import KbEntry, KnowledgeBase
from detente.models import Mention

_POSSESSIVE = frozenset({"'s", "\u2019s"})
_DETERMINERS = frozenset({"the", "a", "an"})
_NAME_JOINERS = frozenset({"-"})
_MAX_NAME_TOKENS = 4
_PLACE_KINDS = frozenset({"country", "demonym", "capital", "seat", "city"})
_SEAT_KINDS = frozenset({"capital", "seat"})
_COPULAS = frozenset({"is", "was", "has been", "had been", "serves as", "served as", "became"})
_RELATIVES = frozenset({"who", "whom"})


@dataclass(frozen=True, slots=True)
class _Known:
    name: str
    country: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    country: str | None
    sector: str | None
    name: str
    kind: str
    rule: str


class _Scanner(AtomFinder):
    def __init__(self, text: str, date: dt.date | None, kb: KnowledgeBase | None) -> None:
        super().__init__(text, date, kb)
        self.known: dict[str, _Known] = {}
        self._openers = frozenset(prefix[0] for prefix in self.gaz.member_prefixes)

    # pass 2: mentions

    def run(self) -> list[Mention]:
        mentions: list[Mention] = []
        i = 0
        while i < len(self.words):
            hits = self._step(i) if self._may_start(i) else []
            if not hits:
                i += 1
                continue
            mentions.extend(self._mention(hit) for hit in hits)
            i = hits[-1].end
        return mentions

    def _may_start(self, i: int) -> bool:
        """Whether any pattern can start at ``i``: an atom, a capitalised word or "member"."""
        return i in self.atoms or cap_word(self.words[i]) or self.lower[i] in self._openers

    def _step(self, i: int) -> list[_Hit]:
        patterns = (
            self._member_of,
            self._role_of,
            self._compound,
            self._postmodifier,
            self._title_name,
        )
        for pattern in patterns:
            hits = pattern(i)
            if hits:
                return hits
        return self._single(i)

    def _member_of(self, i: int) -> list[_Hit]:
        for prefix in self.gaz.member_prefixes:
            if tuple(self.lower[i : i + len(prefix)]) == prefix:
                j = self._skip_determiners(i + len(prefix))
                hits = self._compound(j) or self._role_of(j)
                if len(hits) == 1:
                    return [_replace_start(hits[0], i)]
        return []

    def _role_of(self, i: int) -> list[_Hit]:
        roles = self._coordinated_roles(i)
        if not roles:
            return []
        k = roles[-1].end
        if self._word(k).lower() not in self.gaz.linkers:
            return []
        place = self._place(self._skip_modifiers(self._skip_determiners(k + 1)))
        if place is None:
            return []
        end = place.end + (1 if self._word(place.end) in _POSSESSIVE else 0)
        tail = self._role(self._skip_modifiers(end), allow_tail=True)
        end = tail.end if tail else place.end
        country, name = place.entry.code, place.entry.name
        hits = [
            _Hit(r.start, r.end, country, _sector(r), name, "country", "role:coordination")
            for r in roles[:-1]
        ]
        last = roles[-1]
        person, end = self._trailing_name(last, end)
        hits.append(self._role_hit(last.start, end, country, _sector(last), person, name))
        return hits

    def _coordinated_roles(self, i: int) -> list[Atom]:
        first = self._role(i)
        roles = [first] if first else []
        while roles:
            k = roles[-1].end
            joiner = next(
                (c for c in self.gaz.coordinators if tuple(self.lower[k : k + len(c)]) == c), None
            )
            nxt = self._role(k + len(joiner)) if joiner else None
            if nxt is None:
                break
            roles.append(nxt)
        return roles

    def _compound(self, i: int) -> list[_Hit]:
        place = self._place(i)
        if place is None:
            return []
        k = place.end + (1 if self._word(place.end) in _POSSESSIVE else 0)
        role = self._role(self._skip_modifiers(k))
        if role is None:
            return []
        country, name = place.entry.code, place.entry.name
        person, end = self._trailing_name(role, role.end)
        return [self._role_hit(i, end, country, _sector(role), person, name)]

    def _postmodifier(self, i: int) -> list[_Hit]:
        """A name followed by what it is: "Zakir Hasanov, Azerbaijan's defense minister"."""
        if i in self.atoms and self.atoms[i].entry.kind != "person":
            return []
        end = self._name_end(i)
        if end == i or self._word(end) != ",":
            return []
        if end - i == 1 and (self._sentence_start(i) or i in self.atoms):
            return []  # "Meanwhile, Iran's ..." is no name
        k, rule = end + 1, "role:postmodifier"
        copula = self._copula(k + 1) if self._word(k).lower() in _RELATIVES else 0
        if copula:
            k, rule = k + 1 + copula, "role:relative"
        hits = self._compound(self._skip_determiners(k))
        if len(hits) != 1 or hits[0].kind != "country" or hits[0].sector is None:
            return []
        hit, person = hits[0], self._span_text(i, end)
        self._learn(person, _Known(person, hit.country, hit.sector))
        return [_Hit(i, hit.end, hit.country, hit.sector, person, "person", rule)]

    def _copula(self, k: int) -> int:
        for size in (2, 1):
            if " ".join(self.lower[k : k + size]) in _COPULAS:
                return size
        return 0

    def _title_name(self, i: int) -> list[_Hit]:
        role = self._role(i)
        if role is None or role.entry.role is None or not role.entry.role.title:
            return []
        end = self._name_end(role.end)
        if end == role.end:
            return []
        name = self._span_text(role.end, end)
        known = self._resolve_name(name)
        if known is not None:
            return [
                _Hit(i, end, known[0].country, known[0].sector, known[0].name, "person", known[1])
            ]
        return [_Hit(i, end, None, _sector(role), name, "person", "role:title")]

    def _single(self, i: int) -> list[_Hit]:
        atom = self.atoms.get(i)
        if atom is None or atom.entry.kind == "person":
            return self._bare_name(i)
        entry = atom.entry
        if entry.kind == "igo":
            return [_Hit(i, atom.end, None, None, entry.name, "igo", "gazetteer:igo")]
        if entry.kind in _SEAT_KINDS:
            return [
                _Hit(
                    i, atom.end, entry.code, "GOV", entry.name, "country", f"gazetteer:{entry.kind}"
                )
            ]
        if entry.kind in ("country", "demonym", "city"):
            return [
                _Hit(
                    i, atom.end, entry.code, None, entry.name, "country", f"gazetteer:{entry.kind}"
                )
            ]
        role = entry.role
        if role is not None and role.bare and not role.tail:
            return [_Hit(i, atom.end, None, role.sector, role.phrase, "organisation", "role:bare")]
        return []

    def _bare_name(self, i: int) -> list[_Hit]:
        end = self._name_end(i)
        if end == i:
            return []
        name = self._span_text(i, end)
        found = self._resolve_name(name, tail=not (end - i > 1 and self._sentence_start(i)))
        if found is None:
            return []
        known, rule = found
        return [_Hit(i, end, known.country, known.sector, known.name, "person", rule)]

    # helpers

    def _role_hit(
        self,
        start: int,
        end: int,
        country: str,
        sector: str | None,
        person: str | None,
        place_name: str,
    ) -> _Hit:
        if person is None:
            return _Hit(start, end, country, sector, place_name, "country", "role:compound")
        self._learn(person, _Known(person, country, sector))
        return _Hit(start, end, country, sector, person, "person", "role:compound")

    def _trailing_name(self, role: Atom, end: int) -> tuple[str | None, int]:
        if role.entry.role is None or not role.entry.role.title:
            return None, end
        name_end = self._name_end(end)
        return (self._span_text(end, name_end), name_end) if name_end > end else (None, end)

    def _resolve_name(self, name: str, *, tail: bool = True) -> tuple[_Known, str] | None:
        """What ``name`` stands for; with ``tail`` its last word may stand for it."""
        for key in (name, name.split()[-1]) if tail else (name,):
            if key in self.known:
                return self.known[key], "doc:apposition"
        entry = self.kb.lookup(name, date=self.date)
        if entry is None:
            return None
        known = _Known(entry.name, entry.country, entry.sector)
        self._learn(entry.name, known)
        return known, _kb_rule(entry)

    def _learn(self, name: str, known: _Known) -> None:
        self.known[name] = known
        self.known.setdefault(name.split()[-1], known)

    def _name_end(self, k: int) -> int:
        """End of a run of capitalised words (or a known full name) starting at ``k``."""
        atom = self.atoms.get(k)
        if atom is not None:
            return atom.end if atom.entry.kind == "person" else k
        end = k
        while end - k < _MAX_NAME_TOKENS and end not in self.atoms:
            word = self._word(end)
            name_word = cap_word(word) and word not in self.gaz.not_names
            joiner = word in _NAME_JOINERS and end > k and cap_word(self._word(end + 1))
            if not (name_word or joiner):
                break
            end += 1
        return end

    def _place(self, k: int) -> Atom | None:
        atom = self.atoms.get(k)
        return atom if atom is not None and atom.entry.kind in _PLACE_KINDS else None

    def _role(self, k: int, *, allow_tail: bool = False) -> Atom | None:
        atom = self.atoms.get(k)
        if atom is None or atom.entry.role is None:
            return None
        return atom if allow_tail or not atom.entry.role.tail else None

    def _skip_determiners(self, k: int) -> int:
        return k + 1 if self._word(k).lower() in _DETERMINERS else k

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

    def _mention(self, hit: _Hit) -> Mention:
        start, end = self.tokens[hit.start][1], self.tokens[hit.end - 1][2]
        actor = f"{hit.country or ''}{hit.sector or ''}"
        if hit.kind == "igo":
            actor = self._igo_code(hit.name)
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
        )

    def _igo_code(self, name: str) -> str:
        return next((code for code, igo in self.gaz.igos.items() if igo.name == name), "IGO")


def _sector(atom: Atom) -> str | None:
    return atom.entry.role.sector if atom.entry.role else None


def _replace_start(hit: _Hit, start: int) -> _Hit:
    return _Hit(start, hit.end, hit.country, hit.sector, hit.name, hit.kind, hit.rule)


def _kb_rule(entry: KbEntry) -> str:
    return "kb:person" if entry.status == "reference" else f"kb:{entry.status}"


def find_mentions(
    text: str, *, date: dt.date | None = None, kb: KnowledgeBase | None = None
) -> list[Mention]:
    """Actor mentions in ``text``, sorted by start, non-overlapping, longest match first.

    ``date`` (the document's publication date) picks who held an office; without it,
    a bare surname is resolved only when the document itself introduced the person or
    the knowledge base knows exactly one actor of that name. ``kb`` adds the entries
    of a store (see :func:`detente.actors.store_kb.load_kb`) to the packaged persons.
    """
    return _Scanner(text, date, kb).run()
