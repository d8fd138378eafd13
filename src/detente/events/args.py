"""Actors on the parse: which mention a token or a phrase refers to.

Mentions come from the actors stage as character spans in the document; a parsed
sentence maps them to its tokens (a token inside a mention's span belongs to it).
An argument phrase resolves to the mention nearest to its head in the tree, with
cheap pronoun fallbacks ("he" -> the last person, "it"/"its" -> the last country,
subjects preferred).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from detente.models import Mention

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
# Phrases that belong to another clause or another participant, not to the head.
_BLOCKED_DEPS = frozenset({"relcl", "conj", "cc", "advcl", "parataxis", "appos", "punct"})
_AGENT_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_PERSON_KINDS = frozenset({"person"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


@dataclass(frozen=True, slots=True)
class Arg:
    """A resolved argument: the mention, the token it was found at, and how."""

    mention: Mention
    token: int
    how: str
    direct: bool = True


class SentenceActors:
    """The actor mentions of one parsed sentence, indexed by token."""

    def __init__(
        self,
        sent: Doc,
        *,
        offset: int,
        mentions: Sequence[Mention],
        prior: Sequence[Mention] = (),
        agent_nouns: frozenset[str] = frozenset(),
    ) -> None:
        self.sent = sent
        self.offset = offset
        self.prior = prior
        self.agent_nouns = agent_nouns
        self._by_token: dict[int, Mention] = {}
        for mention in mentions:
            for token in sent:
                start = offset + token.idx
                if start < mention.end and start + len(token.text) > mention.start:
                    self._by_token.setdefault(token.i, mention)

    def at(self, token: Token) -> Mention | None:
        """The mention that covers ``token``, if any."""
        return self._by_token.get(token.i)

    def has_any(self) -> bool:
        """Whether the sentence holds any mention at all."""
        return bool(self._by_token)

    def tokens_of(self, mention: Mention) -> list[int]:
        """Token indexes covered by ``mention``."""
        return [i for i, m in self._by_token.items() if m is mention]

    def find(self, head: Token, how: str, *, agentive: bool = False) -> list[Arg]:
        """Actors of the phrase headed by ``head`` and of its coordinated heads."""
        found: list[Arg] = []
        for part in coordinated(head):
            arg = self.find_one(part, how, agentive=agentive)
            if arg is not None and all(a.mention is not arg.mention for a in found):
                found.append(arg)
        with_country = [a for a in found if a.mention.country]
        return with_country or found

    def find_one(self, head: Token, how: str, *, agentive: bool = False) -> Arg | None:
        """The actor of one phrase: the head's mention, a pronoun, or the nearest below."""
        mention = self.at(head)
        if mention is not None:
            return Arg(mention, head.i, how)
        pronoun = self.resolve_pronoun(head)
        if pronoun is not None:
            return Arg(pronoun, head.i, how + "+anaphor", direct=False)
        if agentive and not self._agentive(head):
            return None
        for token in _breadth_first(head):
            mention = self.at(token)
            if mention is not None:
                return Arg(mention, token.i, how)
            pronoun = self.resolve_pronoun(token)
            if pronoun is not None and token.dep_ == "poss":
                return Arg(pronoun, token.i, how + "+anaphor", direct=False)
        return None

    def _agentive(self, head: Token) -> bool:
        return (
            head.pos_ == "PROPN"
            or head.ent_type_ in _AGENT_ENTS
            or head.lemma_.lower() in self.agent_nouns
            or head.lower_ in self.agent_nouns
        )

    def resolve_pronoun(self, token: Token) -> Mention | None:
        """A minimal anaphor: he/his -> last person; it/its -> last country, subjects first."""
        word = token.lower_
        if word in PERSON_PRONOUNS:
            return self._antecedent(token, persons=True)
        if word in THING_PRONOUNS:
            return self._antecedent(token, persons=False)
        return None

    def _antecedent(self, token: Token, *, persons: bool) -> Mention | None:
        ranked: list[tuple[int, int, Mention]] = []
        for i, mention in self._by_token.items():
            if i >= token.i or (mention.kind in _PERSON_KINDS) != persons:
                continue
            if not persons and not mention.country:
                continue
            dep = self.sent[i].dep_
            rank = 2 if dep in _SUBJECT_DEPS else 1 if dep == "poss" else 0
            ranked.append((rank, i, mention))
        if ranked:
            return max(ranked, key=lambda r: (r[0], r[1]))[2]
        for mention in reversed(self.prior):
            if (mention.kind in _PERSON_KINDS) == persons and (persons or mention.country):
                return mention
        return None


def coordinated(head: Token) -> Iterator[Token]:
    """``head`` and the heads coordinated with it ("Turkey and Azerbaijan")."""
    yield head
    for child in head.children:
        if child.dep_ == "conj":
            yield from coordinated(child)


def _breadth_first(head: Token) -> Iterator[Token]:
    level = [c for c in head.children if c.dep_ not in _BLOCKED_DEPS]
    while level:
        yield from level
        level = [c for t in level for c in t.children if c.dep_ not in _BLOCKED_DEPS]
