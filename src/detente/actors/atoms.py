"""Pass 1 of the resolver: find *atoms*, the longest indexed phrase at each token.

Atoms are country names, demonyms, capitals and cities, international bodies, full
names of known persons (all case-sensitive), named groups and organisations (Taliban,
al-Shabaab, IDF: case-blind, but written as names: capitalised, acronyms in
capitals), role nouns (case-blind) and the multi-word names of the knowledge base
(case-blind, capitalised in the text).

Matching is one pass over the tokens. A first-token index gives, for each word, the
phrase lengths that start with it, so most tokens cost one dictionary lookup and a
phrase is tried only at the lengths that exist (a depth-one trie; on a 10,000
character article this is what keeps resolution far below the parse).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from detente.actors.gazetteer import Entry, Gazetteer, load_gazetteer, phrase_key, tokenize
from detente.actors.kb import full_names
from detente.actors.knowledge import KnowledgeBase


@dataclass(frozen=True, slots=True)
class Atom:
    """An indexed phrase found at tokens ``start:end``."""

    start: int
    end: int
    entry: Entry


@dataclass(frozen=True, slots=True)
class _Index:
    exact: dict[str, tuple[int, ...]]
    lower: dict[str, tuple[int, ...]]
    persons: dict[tuple[str, ...], str]


@cache
def _index() -> _Index:
    gaz = load_gazetteer()
    persons = {_name_key(name): name for name in full_names()}
    exact: defaultdict[str, set[int]] = defaultdict(set)
    for key in (*gaz.exact, *persons):
        exact[key[0]].add(len(key))
    lower: defaultdict[str, set[int]] = defaultdict(set)
    for key in (*gaz.roles, *gaz.bodies):
        lower[key[0]].add(len(key))
    return _Index(
        exact={w: tuple(sorted(s, reverse=True)) for w, s in exact.items()},
        lower={w: tuple(sorted(s, reverse=True)) for w, s in lower.items()},
        persons=persons,
    )


def _name_key(name: str) -> tuple[str, ...]:
    """``phrase_key`` of a person's name; plain words need no tokenizer (20,000 names)."""
    words = name.split()
    return tuple(words) if all(w.isalpha() for w in words) else phrase_key(name)


def cap_word(word: str) -> bool:
    """A capitalised word with lower-case letters ("Cohen", not "NATO" or "the")."""
    return word[:1].isupper() and any(ch.islower() for ch in word) and word[:1].isalpha()


_PARTICLES = frozenset({"al", "el", "ul", "ad", "as", "ash", "e", "i", "bin", "of", "the", "and"})


def _written_as(words: list[str], form: tuple[str, ...]) -> bool:
    """Whether ``words`` are written like the name ``form``: acronyms in capitals, other
    words capitalised (or in capitals), particles ("al", "of") and signs as they come."""
    named = False
    for word, model in zip(words, form, strict=True):
        if not model[:1].isalnum() or (model.lower() in _PARTICLES and not model[:1].isupper()):
            continue
        if model.isupper() and sum(ch.isalpha() for ch in model) > 1:
            ok = word.isupper()
        else:
            ok = word[:1].isupper() or word[:1].isdigit()
        if not ok:
            return False
        named = True
    return named


class AtomFinder:
    """The tokens of a text and the atoms found in them."""

    def __init__(self, text: str, date: dt.date | None, kb: KnowledgeBase | None) -> None:
        self.text, self.date = text, date
        self.kb = kb if kb is not None else KnowledgeBase()
        self.gaz: Gazetteer = load_gazetteer()
        self.tokens = tokenize(text)
        self.words = [token for token, _, _ in self.tokens]
        self.lower = [word.lower() for word in self.words]
        self.atoms: dict[int, Atom] = {}
        self._find_atoms()

    def _find_atoms(self) -> None:
        index = _index()
        i = 0
        while i < len(self.words):
            sizes = {
                *index.exact.get(self.words[i], ()),
                *index.lower.get(self.lower[i], ()),
                *self.kb.first_lengths.get(self.lower[i], ()),
            }
            atom = self._longest_atom(i, sorted(sizes, reverse=True)) if sizes else None
            if atom is None:
                i += 1
                continue
            self.atoms[i] = atom
            i = atom.end

    def _longest_atom(self, i: int, sizes: list[int]) -> Atom | None:
        for size in sizes:
            if i + size > len(self.words):
                continue
            entry = self._entry(i, i + size)
            if entry is not None and self._plausible(i, i + size, entry):
                return Atom(i, i + size, entry)
        return None

    def _entry(self, i: int, j: int) -> Entry | None:
        key = tuple(self.words[i:j])
        entry = self.gaz.exact.get(key)
        if entry is not None:
            return entry
        person = _index().persons.get(key) or self._kb_name(i, j)
        if person is not None:
            return Entry("person", "", person)
        body = self.gaz.bodies.get(tuple(self.lower[i:j]))
        if body is not None and _written_as(self.words[i:j], body.form):
            return body
        role = self.gaz.roles.get(tuple(self.lower[i:j]))
        return Entry("role", role.sector, role.phrase, role) if role else None

    def _kb_name(self, i: int, j: int) -> str | None:
        if j - i < 2 or not all(cap_word(w) or not w.isalpha() for w in self.words[i:j]):
            return None
        return self.kb.full_name(tuple(self.lower[i:j]))

    def _plausible(self, i: int, j: int, entry: Entry) -> bool:
        """Reject matches that are part of a longer name or a hyphenated adjective."""
        if entry.kind == "role":  # not "police-led", "anti-police"; "Friday - Police" is fine
            return not (self._hyphen_at(j) or self._hyphen_at(i - 1))
        if entry.kind == "town":  # not "Lower East Side", "Klockner-Humboldt-Deutz"
            return not self._inside_name(i, j)
        if entry.kind in ("capital", "seat", "city"):
            return not self._free_cap_word(j)
        if " ".join(self.words[i:j]) in self.gaz.ambiguous:
            before = i > 0 and not self._sentence_start(i - 1) and self._free_cap_word(i - 1)
            return not (before or self._free_cap_word(j))
        return True

    def _inside_name(self, i: int, j: int) -> bool:
        """Whether words ``i:j`` are part of a longer name: a capitalised word or a
        hyphen against them, or brackets around them ("Antoine (Anto) Carte")."""
        before = i > 0 and not self._sentence_start(i) and self._free_cap_word(i - 1)
        bracketed = self._word(i - 1) == "(" and self._word(j) == ")"
        hyphens = self._hyphen_at(i - 1) or self._hyphen_at(j)
        return before or bracketed or hyphens or self._free_cap_word(j)

    def _hyphen_at(self, k: int) -> bool:
        """Whether word ``k`` is a hyphen written against a neighbour (a compound:
        "police-led"), not a spaced dash ("Friday - Police")."""
        if self._word(k) != "-":
            return False
        _, start, end = self.tokens[k]
        touching = [n for n in (k - 1, k + 1) if 0 <= n < len(self.tokens)]
        return any(self.tokens[n][2] == start or self.tokens[n][1] == end for n in touching)

    def _free_cap_word(self, k: int) -> bool:
        """A capitalised word at ``k`` that the gazetteer does not know."""
        word = self._word(k)
        entry = self.gaz.exact.get((word,))
        known = entry is not None and entry.kind != "town"  # a town's name is anyone's
        return cap_word(word) and not known and word not in self.gaz.not_names

    def _sentence_start(self, k: int) -> bool:
        return k == 0 or self.words[k - 1] in {".", "!", "?", ":", "\n", "\u201c", '"'}

    def _word(self, k: int) -> str:
        return self.words[k] if 0 <= k < len(self.words) else ""
