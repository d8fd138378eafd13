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
* named body (+ role (+ name)):   the Taliban, IDF troops, Hamas leader Ismail Haniyeh
* a single atom or a known name: Israel, Baku (AZEGOV by metonymy), NATO, Cohen

Named bodies are non-state groups (Taliban: AFG REB; Islamic State, based nowhere:
IMGREB), state bodies (IDF: ISR MIL) and bodies of international organisations
(European Commission: EU GOV); a role after a body keeps the body's code and is kept
as the mention's ``role``. Two roles in a row ("intelligence officials") take the
sector of the first unless the second is more specific than government.

What the document itself says wins: names introduced by the three person patterns
above resolve later surname mentions of the same call ("Cohen", rule
``doc:apposition``). Then the knowledge base (``KnowledgeBase``: store entries
learned from earlier documents, added or imported by users, over the packaged
persons; rule ``kb:<status>``, ``kb:person`` for the packaged ones) decides, with
the date picking the term in office.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from detente.actors.atoms import Atom, cap_word
from detente.actors.context import with_context
from detente.actors.gazetteer import BODY_KINDS
from detente.actors.knowledge import KnowledgeBase
from detente.actors.scan import (
    PLACE_KINDS,
    POSSESSIVE,
    Hit,
    Known,
    ScanBase,
    moved_start,
    phrase_of,
    sector_of,
)
from detente.models import STATE_SECTORS, Mention

_SEAT_KINDS = frozenset({"capital", "seat"})
_FORMER = re.compile(r"\b(?:former|ex-)\s*$", re.IGNORECASE)
_ELITE = "ELI"
_COPULAS = frozenset({"is", "was", "has been", "had been", "serves as", "served as", "became"})
_RELATIVES = frozenset({"who", "whom"})
# An organisation the knowledge base does not know, by the head word of its name
# ("Arakan Army", "National Movement for the Liberation of Azawad", "Labour Party").
_GROUP_HEADS = {
    **dict.fromkeys(("army", "force", "forces", "brigade", "brigades", "battalion"), "REB"),
    "battalions": "REB",
    **dict.fromkeys(("militia", "militias", "guerrillas", "mujahideen"), "REB"),
    **dict.fromkeys(("movement", "front", "alliance", "coalition"), "OPP"),
    "party": "PTY",
}
# Words that make a movement or an alliance an armed group, and a country's army a rebel one.
_ARMED_WORDS = frozenset(
    {
        *("liberation", "resistance", "revolutionary", "democratic", "popular", "people"),
        *("free", "islamic", "mujahideen", "militia", "army", "armed", "brigades", "forces"),
    }
)
_STATE_FORCES = frozenset({"army", "force", "forces"})
_NAME_LINKS = frozenset({"of", "for"})
_APOSTROPHES = frozenset({"'", "\u2019", *POSSESSIVE})
_ACRONYM = re.compile(r"[A-Z][A-Z0-9-]{1,7}")
# The hit of a name the knowledge base does not know that holds a name it does ("Karen
# National Liberation Army" holds Colombia's "National Liberation Army"): no mention.
_UNNAMED = "unnamed"


class _Scanner(ScanBase):
    def __init__(self, text: str, date: dt.date | None, kb: KnowledgeBase | None) -> None:
        super().__init__(text, date, kb)
        self.known: dict[str, Known] = {}
        self.named_groups: dict[str, Hit] = {}  # acronyms the text defined: "(TNLA)"
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
            mentions.extend(self._mention(hit) for hit in hits if hit.kind != _UNNAMED)
            i = hits[-1].end
        return mentions

    def _may_start(self, i: int) -> bool:
        """Whether any pattern can start at ``i``: an atom, a capitalised word or "member"."""
        return (
            i in self.atoms
            or cap_word(self.words[i])
            or self.lower[i] in self._openers
            or self.words[i] in self.named_groups
        )

    def _step(self, i: int) -> list[Hit]:
        patterns = (
            self._defined_group,
            self._member_of,
            self._role_of,
            self._compound,
            self._postmodifier,
            self._title_name,
            self._leader_body,
            self._named_group,
        )
        for pattern in patterns:
            hits = pattern(i)
            if hits:
                return hits
        return self._single(i)

    def _member_of(self, i: int) -> list[Hit]:
        for prefix in self.gaz.member_prefixes:
            if tuple(self.lower[i : i + len(prefix)]) == prefix:
                j = self._skip_determiners(i + len(prefix))
                hits = self._compound(j) or self._role_of(j)
                if len(hits) == 1:
                    return [moved_start(hits[0], i)]
        return []

    def _role_of(self, i: int) -> list[Hit]:
        roles = self._coordinated_roles(i)
        if not roles:
            return []
        k = roles[-1].end
        if self._word(k).lower() not in self.gaz.linkers:
            return []
        at = self._skip_modifiers(self._skip_determiners(k + 1))
        place = self._place(at)
        if place is None:
            return self._role_of_body(roles, at)
        end = place.end + (1 if self._word(place.end) in POSSESSIVE else 0)
        tail = self._role(self._skip_modifiers(end), allow_tail=True)
        end = tail.end if tail else place.end
        country, name = place.entry.code, place.entry.name
        hits = [
            Hit(
                r.start,
                r.end,
                country,
                sector_of(r),
                name,
                "country",
                "role:coordination",
                phrase_of(r),
            )
            for r in roles[:-1]
        ]
        last = roles[-1]
        person, end = self._trailing_name(last, end)
        hit = self._role_hit(
            last.start, end, country, sector_of(last), person, name, phrase_of(last)
        )
        return [*hits, hit]

    def _role_of_body(self, roles: list[Atom], at: int) -> list[Hit]:
        """ "a spokesman of the Taliban": the body's code, the role kept as the role."""
        hits = self._body_role(at) if self._body(at) is not None else []
        if len(hits) != 1 or hits[0].role is not None:
            return []
        return [replace(hits[0], start=roles[0].start, role=phrase_of(roles[-1]))]

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

    def _compound(self, i: int) -> list[Hit]:
        place = self._place(i)
        if place is None:
            return self._body_role(i)
        k = self._skip_modifiers(place.end + (1 if self._word(place.end) in POSSESSIVE else 0))
        body = self._body(k)
        if body is not None and body.entry.code in ("", place.entry.code):
            return [moved_start(self._body_role(k)[0], i, place.entry.code)]
        role = self._role(k)
        if role is None:
            return []
        last, sector = self._role_chain(role)
        country, name = place.entry.code, place.entry.name
        person, end = self._trailing_name(last, last.end)
        phrase = self._span_text(role.start, last.end).lower()
        return [self._role_hit(i, end, country, sector, person, name, phrase)]

    def _role_chain(self, role: Atom) -> tuple[Atom, str | None]:
        """ "intelligence officials": the second role heads the phrase, the first one says
        which service unless the head is more specific than government."""
        nxt = self._role(role.end)
        if nxt is None or role.entry.role is None or role.entry.role.title:
            return role, sector_of(role)
        first, second = sector_of(role), sector_of(nxt)
        return nxt, first if second == "GOV" else second

    def _body_role(self, i: int) -> list[Hit]:
        """A named body, with the role that follows it: "IDF troops", "Hamas leader X"."""
        body = self._body(i) or self._igo_before_role(i)
        if body is None:
            return []
        entry = body.entry
        k = self._skip_modifiers(body.end + (1 if self._word(body.end) in POSSESSIVE else 0))
        role = self._role(k)
        country = entry.code or None
        sector = entry.sector or (sector_of(role) if role else None)
        code = entry.code if entry.kind == "igo" else None
        if entry.kind == "igo":
            country = None
        if role is None:
            return [
                Hit(
                    i,
                    body.end,
                    country,
                    sector,
                    entry.name,
                    entry.kind,
                    f"body:{entry.kind}",
                    None,
                    code,
                )
            ]
        person, end = self._trailing_name(role, role.end)
        if person is None:
            return [
                Hit(
                    i,
                    end,
                    country,
                    sector,
                    entry.name,
                    entry.kind,
                    f"body:{entry.kind}",
                    phrase_of(role),
                    code,
                )
            ]
        self._learn(person, Known(person, country, sector, phrase_of(role)))
        return [
            Hit(i, end, country, sector, person, "person", "role:compound", phrase_of(role), code)
        ]

    def _igo_before_role(self, i: int) -> Atom | None:
        """An international organisation named before a role: "NATO Secretary General
        Jens Stoltenberg", "UN peacekeepers" (the role gives the sector)."""
        atom = self.atoms.get(i)
        if atom is None or atom.entry.kind != "igo":
            return None
        k = self._skip_modifiers(atom.end + (1 if self._word(atom.end) in POSSESSIVE else 0))
        return atom if self._role(k) is not None else None

    def _body(self, k: int) -> Atom | None:
        atom = self.atoms.get(k)
        return (
            atom
            if atom is not None and atom.entry.kind in BODY_KINDS and atom.entry.sector
            else None
        )

    def _postmodifier(self, i: int) -> list[Hit]:
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
        if len(hits) != 1 or hits[0].kind == "person" or hits[0].sector is None:
            return []
        hit, person = hits[0], self._span_text(i, end)
        self._learn(person, Known(person, hit.country, hit.sector, hit.role))
        return [
            Hit(i, hit.end, hit.country, hit.sector, person, "person", rule, hit.role, hit.code)
        ]

    def _copula(self, k: int) -> int:
        for size in (2, 1):
            if " ".join(self.lower[k : k + size]) in _COPULAS:
                return size
        return 0

    def _title_name(self, i: int) -> list[Hit]:
        role = self._role(i)
        if role is None or role.entry.role is None or not role.entry.role.title:
            return []
        end = self._name_end(role.end)
        if end == role.end:
            return []
        name = self._span_text(role.end, end)
        known = self._resolve_name(name) or self._resolve_surname(name, sector_of(role))
        if known is not None:
            k, rule = known
            return [
                Hit(i, end, k.country, k.sector, k.name, "person", rule, k.role or phrase_of(role))
            ]
        # the person is the document's from now on: "Kurti" later is the same official
        self._learn(name, Known(name, None, sector_of(role), phrase_of(role)))
        return [Hit(i, end, None, sector_of(role), name, "person", "role:title", phrase_of(role))]

    def _resolve_surname(self, name: str, sector: str | None) -> tuple[Known, str] | None:
        """ "President Donald Trump" where only "Trump" is known: the surname, when the
        title's sector agrees with what the knowledge base says of that name."""
        if " " not in name:
            return None
        found = self._resolve_name(name.split()[-1])
        return found if found is not None and found[0].sector == sector else None

    def _single(self, i: int) -> list[Hit]:
        atom = self.atoms.get(i)
        if atom is None or atom.entry.kind == "person":
            return self._bare_name(i)
        entry = atom.entry
        if entry.kind in BODY_KINDS and entry.sector:
            return self._body_role(i)
        if entry.kind == "igo":
            return [Hit(i, atom.end, None, None, entry.name, "igo", "gazetteer:igo")]
        if entry.kind in _SEAT_KINDS:
            return [
                Hit(
                    i, atom.end, entry.code, "GOV", entry.name, "country", f"gazetteer:{entry.kind}"
                )
            ]
        if entry.kind in ("country", "demonym", "city", "town"):
            return [
                Hit(i, atom.end, entry.code, None, entry.name, "country", f"gazetteer:{entry.kind}")
            ]
        role = entry.role
        if role is not None and role.bare and not role.tail:
            return [
                Hit(
                    i,
                    atom.end,
                    None,
                    role.sector,
                    role.phrase,
                    "organisation",
                    "role:bare",
                    role.phrase,
                )
            ]
        return []

    def _leader_body(self, i: int) -> list[Hit]:
        """A leader's name before a body of the state: "the Obama administration", "the
        Netanyahu government", "Assad regime forces" are that country's, in the body's
        sector."""
        role = self._role(self._name_end(i))
        if role is None or role.entry.role is None or role.entry.role.title:
            return []
        leader = self._bare_name(i)  # resolving a name teaches it: only before a body
        if len(leader) != 1 or leader[0].country is None or leader[0].end != role.start:
            return []
        last, sector = self._role_chain(role)
        country = leader[0].country
        name = self.gaz.country_name(country)
        phrase = self._span_text(role.start, last.end).lower()
        return [Hit(i, last.end, country, sector, name, "country", "role:leader-body", phrase)]

    def _named_group(self, i: int) -> list[Hit]:
        """An organisation the knowledge base does not know, named in capitals and
        ending in what it is: "Karenni Nationalities Defence Force (KNDF)", "the Karen
        National Liberation Army", "the Communist Party of Vietnam". Its country is the
        one its name holds, else the document's (``detente.actors.context``); its
        acronym in brackets names it from then on. A longer name holding a known one
        ("Collective Security Council") is not the known one."""
        place = self._place(i)
        first = place.end if place is not None else i
        if place is None and not self._name_word(i):
            return []
        end = self._name_run(first)
        if end - i < 2 or (place is None and not self._may_open_name(i, end)):
            return []
        head = self.lower[end - 1]
        if head not in _GROUP_HEADS:
            return self._holding_known(i, end)
        lead = place.entry if place is not None else self.gaz.exact.get((self.words[i],))
        country = lead.code if lead is not None and lead.kind in PLACE_KINDS else None
        state = country is not None  # "Ukrainian Ground Forces", "Israel Defense Force"
        end, country = self._name_tail(end, country)
        words = set(self.lower[i:end])
        sector = _GROUP_HEADS[head]
        if sector == "OPP" and words & _ARMED_WORDS - {head}:
            sector = "REB"
        if state and head in _STATE_FORCES and not words & _ARMED_WORDS - {head}:
            sector = "MIL"  # "Ukrainian Ground Forces": the state's own
        name = self._span_text(i, end)
        hit = Hit(i, end, country, sector, name, "organisation", "name:organisation")
        acronym = self._acronym(end)
        if acronym:
            self.named_groups[self.words[end + 1]] = hit
            hit = replace(hit, end=acronym)
        role = self._role(hit.end)  # "Arakan Army fighters"
        if role is not None and role.entry.role is not None and not role.entry.role.title:
            hit = replace(hit, end=role.end, role=phrase_of(role))
        return [hit]

    def _may_open_name(self, i: int, end: int) -> bool:
        """A name may open on a word the gazetteer knows only as a role when at least two
        name words follow it ("People's Defence Forces", not "Security Forces")."""
        atom = self.atoms.get(i)
        if atom is None:
            return True
        return atom.entry.role is not None and end - atom.end >= 2

    def _name_run(self, k: int) -> int:
        """End of the capitalised words from ``k`` (known phrases and possessives inside)."""
        end = k
        while self._name_word(end) or (
            end > k and self._word(end) in _APOSTROPHES and cap_word(self._word(end + 1))
        ):
            end += 1
        return end

    def _name_tail(self, end: int, country: str | None) -> tuple[int, str | None]:
        """ "... for the Liberation of Azawad", "... of Vietnam": the name goes on."""
        while self._word(end).lower() in _NAME_LINKS:
            k = self._skip_determiners(end + 1)
            place = self._place(k)
            if place is not None:
                return place.end, country or place.entry.code
            tail = self._name_run(k)
            if tail == k or any(self.atoms.get(j) for j in range(k, tail)):
                return end, country
            end = tail
        return end, country

    def _acronym(self, end: int) -> int:
        """The end of "(TNLA)" right after a name, or 0."""
        if self._word(end) != "(" or self._word(end + 2) != ")":
            return 0
        return end + 3 if _ACRONYM.fullmatch(self._word(end + 1)) else 0

    def _holding_known(self, i: int, end: int) -> list[Hit]:
        """A name holding a known one that is not its start: "the Collective Security
        Council of the CSTO" is the CSTO's, "Karen National Liberation Army" nothing
        known."""
        inner = any(self._named(k) for k in range(i + 1, end))
        if not inner or self._place(i) is not None or self._sentence_start(i):
            return []
        if self._word(end).lower() == "of":
            k = self._skip_determiners(end + 1)
            atom = self.atoms.get(k)
            if atom is not None and atom.entry.kind == "igo":
                return [Hit(i, atom.end, None, None, atom.entry.name, "igo", "name:body-of")]
            if self._body(k) is not None:
                return [moved_start(self._body_role(k)[0], i)]
        return [Hit(i, end, None, None, self._span_text(i, end), _UNNAMED, _UNNAMED)]

    def _named(self, k: int) -> bool:
        atom = self.atoms.get(k)
        return atom is not None and (atom.entry.kind in BODY_KINDS or atom.entry.kind == "igo")

    def _defined_group(self, i: int) -> list[Hit]:
        """An acronym the text itself defined earlier ("the TNLA")."""
        known = self.named_groups.get(self.words[i])
        if known is None:
            return []
        return [replace(known, start=i, end=i + 1)]

    def _bare_name(self, i: int) -> list[Hit]:
        end = self._name_end(i)
        if end == i:
            return []
        name = self._span_text(i, end)
        found = self._resolve_name(name, tail=not (end - i > 1 and self._sentence_start(i)))
        if found is None:
            return []
        known, rule = found
        return [Hit(i, end, known.country, known.sector, known.name, "person", rule, known.role)]

    # helpers


def find_mentions(
    text: str, *, date: dt.date | None = None, kb: KnowledgeBase | None = None
) -> list[Mention]:
    """Actor mentions in ``text``, sorted by start, non-overlapping, longest match first.

    ``date`` (the document's publication date) picks who held an office; without it,
    a bare surname is resolved only when the document itself introduced the person or
    the knowledge base knows exactly one actor of that name. ``kb`` adds the entries
    of a store (see :func:`detente.actors.store_kb.load_kb`) to the packaged persons.
    A mention that names only a role takes its country from the document's context
    (see :mod:`detente.actors.context`).
    """
    return with_context(text, [_out_of_office(text, m) for m in _Scanner(text, date, kb).run()])


def _out_of_office(text: str, mention: Mention) -> Mention:
    """A former office-holder ("former prime minister Imran Khan", "ex-president X") no
    longer acts for the state: CAMEO's elite sector (ELI), a party apart from it."""
    if mention.sector not in STATE_SECTORS or mention.kind != "person":
        return mention
    if not _FORMER.search(text, max(0, mention.start - 12), mention.start):
        return mention
    return replace(
        mention,
        sector=_ELITE,
        actor=f"{mention.country or ''}{_ELITE}",
        rule=f"{mention.rule}+former",
    )
