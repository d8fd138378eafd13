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

from detente.models import STATE_SECTORS, Mention, party_code

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
# Phrases that belong to another clause or another participant, not to the head.
_BLOCKED_DEPS = frozenset({"relcl", "conj", "cc", "advcl", "parataxis", "appos", "punct"})
_PERSON_KINDS = frozenset({"person"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Where the one who underwent an act stands, and the side a resident is on.
_PATIENT_DEPS = frozenset({"dobj", "nsubjpass"})
_RESIDENT_SECTOR = "CVL"
_NAME_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
_CITY_WORDS = frozenset({"city", "capital", "town"})
_NON_PLACE_KINDS = frozenset({"person", "organisation", "organization", "igo", "group"})
_PLACE_RULES = frozenset({"city", "capital", "country", "region", "place", "town"})
_LOCATION_PREPS = frozenset({"in", "at"})
# Phrases that may open a clause before its subject: "During his visit, ...".
_FRONTED_DEPS = frozenset({"prep", "advcl", "npadvmod", "advmod"})
# Prepositions after which a place is what an act is aimed at ("strikes on Kharkiv").
_TOWARD_PREPS = frozenset({"to", "into", "on", "against", "toward", "towards"})
_PAIR_PEOPLE = frozenset({"leader", "leaders", "minister", "ministers", "president", "presidents"})
_PAIR_NOUNS = frozenset(
    {
        *("country", "countries", "side", "sides", "leader", "leaders", "nation", "nations"),
        *("minister", "ministers", "government", "governments", "party", "parties"),
        *("president", "presidents", "delegation", "delegations", "capital", "capitals"),
    }
)
# How far back (characters) a pronoun opening a sentence looks for its group.
_PREVIOUS_REACH = 400
_QUANTITY_NOUNS = frozenset(
    {
        *("thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "million"),
        *("millions", "scores", "group", "groups", "number", "handful", "crowd", "crowds"),
        *("tens", "some", "many", "most", "all", "several", "few"),
    }
)
# Parts of a phrase left out of its text: clauses, appositions and punctuation.
_PHRASE_CUT = frozenset({"relcl", "acl", "advcl", "appos", "punct", "parataxis"})
# "dative": spaCy's label for some to/for phrases ("provided training to AMISOM")
PREP_ARCS = frozenset({"prep", "agent", "dative"})
_DATE_WORDS = frozenset(
    {
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december"),
        *("today", "yesterday", "tomorrow", "week", "weekend", "month", "year"),
        *("jan.", "feb.", "mar.", "apr.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec."),
    }
)


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
        times: Sequence[tuple[int, int]] = (),
        home: str | None = None,
    ) -> None:
        self.sent = sent
        self.offset = offset
        self.prior = prior
        self.agent_nouns = agent_nouns
        self.home = home  # the country the document is about, if it is about one
        # tokens inside a temporal expression (document offsets in ``times``)
        self.time_tokens = frozenset(
            t.i
            for t in sent
            for start, end in times
            if offset + t.idx < end and offset + t.idx + len(t.text) > start
        )
        self._by_token: dict[int, Mention] = {}
        for mention in mentions:
            tokens = [
                t.i
                for t in sent
                if offset + t.idx < mention.end and offset + t.idx + len(t.text) > mention.start
            ]
            if not self._names_a_thing(mention, tokens):
                for i in tokens:
                    self._by_token.setdefault(i, mention)

    def resident(self, heads: Sequence[Token]) -> Arg | None:
        """A person the actors stage does not know, named as who underwent an act
        ("Sevinj Vagifqizi was arrested", "the court jailed Ali Karimli"), in a document
        about one country: a resident of that country, on the side of its society.
        ``context:resident`` in the rule says so."""
        if self.home is None:
            return None
        for head in heads:
            if head.pos_ != "PROPN" or head.dep_ not in _PATIENT_DEPS or self.at(head):
                continue
            words = [t for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
            first = words[0] if words else head
            if first is head and not words:
                continue  # a single capitalised word may be anything; a full name is a person
            start = self.offset + first.idx
            end = self.offset + head.idx + len(head.text)
            name = self.sent.text[first.idx : head.idx + len(head.text)]
            mention = Mention(
                text=name,
                start=start,
                end=end,
                actor=f"{self.home}{_RESIDENT_SECTOR}",
                country=self.home,
                sector=_RESIDENT_SECTOR,
                name=name,
                kind="person",
                rule=f"name+context:resident({self.home})",
            )
            return Arg(mention, head.i, "resident", direct=False)
        return None

    def _names_a_thing(self, mention: Mention, tokens: list[int]) -> bool:
        """A city used as a name modifier ("the Vienna agreement", "the Lachin road")
        names a thing or a place, not an actor; "the Tehran regime" stays an actor."""
        if not tokens or not is_place(mention, cities_only=True):
            return False
        last = self.sent[tokens[-1]]
        head = last.head
        return (
            last.dep_ in _NAME_MODIFIER_DEPS
            and head.i not in tokens
            and head.pos_ == "NOUN"
            and not self._agentive(head)
        )

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
        pair = self._the_two(head, how)
        if pair:
            return pair
        found: list[Arg] = []
        for part in coordinated(head):
            arg = self.find_one(part, how, agentive=agentive)
            if arg is None:
                continue
            for extra in self._with_coordinated(arg):
                if all(a.mention is not extra.mention for a in found):
                    found.append(extra)
        with_country = [a for a in found if a.mention.country]
        return with_country or found

    def _the_two(self, head: Token, how: str) -> list[Arg]:
        """ "The two countries", "both sides", "the two leaders": the last two parties
        the text named before the phrase, each with its country."""
        if _pair_noun(head) is head and not _names_two(head):
            return []
        before = [m for m in self._by_token.values() if m.start < self.offset + head.idx]
        people = _pair_noun(head).lemma_.lower() in _PAIR_PEOPLE  # "the two leaders"
        parties: dict[str, Mention] = {}
        for mention in sorted([*self.prior, *before], key=lambda m: m.start, reverse=True):
            if is_place(mention, cities_only=True) or (people and mention.kind != "person"):
                continue
            if mention.sector and mention.sector not in STATE_SECTORS:
                continue  # "the two countries" are states, not the media that reported
            if mention.country and mention.country not in parties:
                parties[mention.country] = mention
            if len(parties) == 2:
                break
        if len(parties) < 2:
            return []
        return [Arg(m, head.i, how + "+pair", direct=False) for m in reversed(parties.values())]

    def _with_coordinated(self, arg: Arg) -> Iterator[Arg]:
        """An actor found below the head, with the actors coordinated with it ("the
        envoys of Turkey and Armenia" gives both)."""
        yield arg
        if arg.how.endswith("+anaphor"):
            return
        for token in list(coordinated(self.sent[arg.token]))[1:]:
            mention = self.at(token)
            if mention is not None and mention is not arg.mention:
                yield Arg(mention, token.i, arg.how, direct=arg.direct)

    def find_one(self, head: Token, how: str, *, agentive: bool = False) -> Arg | None:
        """The actor of one phrase: the head's mention, a pronoun, or the nearest below."""
        head = _through_quantity(head)
        mention = self.at(head)
        if mention is not None:
            return Arg(mention, head.i, how)
        pronoun = self.resolve_pronoun(head)
        if pronoun is not None:
            return Arg(pronoun, head.i, how + "+anaphor", direct=False)
        described = self._described(head)
        if described is not None:
            return Arg(described, head.i, how)
        if agentive and not self._agentive(head):
            return None
        place: Arg | None = None
        where: set[int] = set()  # the tokens of location phrases met so far
        for token in _breadth_first(head):
            mention = self.at(token)
            located = mention is not None and (token.i in where or _a_location(token, mention))
            if mention is not None and located and not agentive:
                place = place or Arg(mention, token.i, how)
                where |= {t.i for t in token.subtree}
                continue
            if mention is not None and (place is None or mention.country):
                return Arg(mention, token.i, how)
            pronoun = self.resolve_pronoun(token)
            if pronoun is not None and token.dep_ == "poss":
                return Arg(pronoun, token.i, how + "+anaphor", direct=False)
        return place

    def _described(self, head: Token) -> Mention | None:
        """The role an apposition gives a name the actors stage does not know: "Sevinj
        Vagifqizi, editor-in-chief, was arrested" names an editor."""
        if head.pos_ != "PROPN":
            return None
        for child in head.children:
            if child.dep_ == "appos" and child.i > head.i:
                mention = self.at(child)
                if mention is not None:
                    return mention
        return None

    def _agentive(self, head: Token) -> bool:
        return (
            head.pos_ == "PROPN"
            or head.i in self._by_token
            or head.lemma_.lower() in self.agent_nouns
            or head.text.lower() in self.agent_nouns
        )

    def resolve_pronoun(self, token: Token) -> Mention | None:
        """A minimal anaphor: he/his -> last person; it/its -> last country, subjects
        first; they/their -> the subject of the clause that governs theirs."""
        word = token.text.lower()
        if word in PERSON_PRONOUNS:
            return self._antecedent(token, persons=True)
        if word in THING_PRONOUNS:
            return self._antecedent(token, persons=False)
        if word in GROUP_PRONOUNS:
            return self._governing_subject(token) or self._previous_group(token)
        return None

    def _governing_subject(self, token: Token) -> Mention | None:
        """The actor a plural pronoun stands for: the nearest subject above it that is
        not itself a pronoun ("The FARC said they will release ...", "rebels laid down
        their weapons"), if that subject names a group, body or state, not a person."""
        for verb in (a for a in token.ancestors if a.pos_ in {"VERB", "AUX"}):
            subjects = [
                c for c in verb.children if c.dep_ in _SUBJECT_DEPS and not inside(token, c)
            ]
            if not subjects or subjects[0].text.lower() in GROUP_PRONOUNS:
                continue
            phrase = [subjects[0], *_breadth_first(subjects[0])]
            mention = next((m for t in phrase if (m := self.at(t)) is not None), None)
            if mention is None or mention.kind in _PERSON_KINDS:
                return None
            return mention
        return None

    def _previous_group(self, token: Token) -> Mention | None:
        """A plural subject pronoun that opens its clause with no antecedent in its own
        sentence stands for the group the previous sentence was about ("Protesters
        gathered outside parliament. They then marched ..."): the first group or body
        named just before (a subject comes first), if the text named one close by."""
        if token.dep_ not in _SUBJECT_DEPS or any(
            m.start < self.offset + token.idx for m in self._by_token.values()
        ):
            return None
        near = [
            m
            for m in self.prior
            if self.offset - m.end <= _PREVIOUS_REACH
            and m.kind not in _PERSON_KINDS
            and m.sector
            and not is_place(m)
        ]
        return near[0] if near else None

    def _antecedent(self, token: Token, *, persons: bool) -> Mention | None:
        later = _fronted_subject(token) if persons else None
        if later is not None:  # "During his talk with Xi, Biden said": Biden's talk
            mention = self.at(later)
            if mention is not None and mention.kind in _PERSON_KINDS:
                return mention
        subject = _clause_subject(token)
        if subject is not None and not persons and subject.text.lower() not in THING_PRONOUNS:
            # "The European Council extended its sanctions": "its" is the subject's,
            # whether or not the subject is a known actor.
            mention = self.at(subject)
            if mention is not None and mention.country and mention.kind not in _PERSON_KINDS:
                return mention
            if self._agentive(subject):
                return None
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


def _pair_noun(head: Token) -> Token:
    """The noun that says "two": the head, or its "of" phrase ("the leaders of the two
    countries")."""
    of = [p for prep in head.children if prep.text.lower() == "of" for p in prep.children]
    return next((p for p in of if _names_two(p)), head)


def _names_two(head: Token) -> bool:
    return head.lemma_.lower() in _PAIR_NOUNS and any(
        c.text.lower() in {"two", "both"} for c in head.children
    )


def _through_quantity(head: Token) -> Token:
    """The people a quantity counts: "thousands of Armenian citizens" -> citizens,
    "hundreds of protesters", "a group of activists", "dozens of police"."""
    if head.pos_ == "NUM" or head.lemma_.lower() in _QUANTITY_NOUNS:
        for prep in (c for c in head.children if c.dep_ == "prep" and c.text.lower() == "of"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                return pobj
    return head


def _a_location(token: Token, mention: Mention) -> bool:
    """A place in an in/at phrase inside a recipient phrase says where, not who: another
    actor with a country comes first ("held talks in Jerusalem with Netanyahu"). In an
    agent's phrase it says whose ("the police in Gaza")."""
    return token.dep_ == "pobj" and token.head.text.lower() in _LOCATION_PREPS and is_place(mention)


def _clause_subject(token: Token) -> Token | None:
    """The subject of the clause a possessive pronoun sits in, when it comes before it."""
    verb = _clause_verb(token) if token.dep_ == "poss" else None
    if verb is None:
        return None
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    if subjects and subjects[0].i < token.i and not _inside(token, subjects[0]):
        return subjects[0]
    return None


def _clause_verb(token: Token) -> Token | None:
    """The verb of the clause ``token`` sits in."""
    return next((a for a in token.ancestors if a.pos_ in {"VERB", "AUX"}), None)


def _fronted_subject(token: Token) -> Token | None:
    """The subject a possessive pronoun looks ahead to from a phrase that opens its
    clause ("During his visit to Baku, Cohen ...", "In her speech, the minister ...")."""
    verb = _clause_verb(token) if token.dep_ == "poss" else None
    if verb is None:
        return None
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    fronted = [
        c
        for c in verb.children
        if c.dep_ in _FRONTED_DEPS and _inside(token, c) and c.right_edge.i < verb.i
    ]
    if not subjects or not fronted or subjects[0].i < token.i:
        return None
    return subjects[0]


def _inside(token: Token, phrase: Token) -> bool:
    return phrase.left_edge.i <= token.i <= phrase.right_edge.i


def coordinated(head: Token) -> Iterator[Token]:
    """``head`` and the heads coordinated with it ("Turkey and Azerbaijan")."""
    yield head
    for child in head.children:
        if child.dep_ == "conj":
            yield from coordinated(child)
        elif child.dep_ == "appos":  # "Turkey's envoy, Kilic, and Armenia's envoy"
            for grandchild in child.children:
                if grandchild.dep_ == "conj":
                    yield from coordinated(grandchild)


def names_a_date(token: Token) -> bool:
    """Whether a phrase head is a day, month or period word ("on Friday", "in May")."""
    return token.text.lower() in _DATE_WORDS


def phrase_text(head: Token) -> str:
    """The words of the phrase headed by ``head``, less its clauses and appositions
    ("six soldiers who were on patrol" -> "six soldiers"; "the mosque in Mosul" stays)."""
    kept = [head.i]
    for child in head.children:
        if child.dep_ not in _PHRASE_CUT:
            kept += [t.i for t in child.subtree]
    doc = head.doc
    start, end = min(kept), max(kept)
    while start < head.i and doc[start].pos_ == "PUNCT":
        start += 1
    while end > head.i and doc[end].pos_ in {"PUNCT", "CCONJ"}:
        end -= 1
    return doc[start : end + 1].text


def _breadth_first(head: Token) -> Iterator[Token]:
    level = [c for c in head.children if c.dep_ not in _BLOCKED_DEPS]
    while level:
        yield from level
        level = [c for t in level for c in t.children if c.dep_ not in _BLOCKED_DEPS]


def preps_of(token: Token, words: frozenset[str] | set[str]) -> list[Token]:
    """Prepositions under ``token``, plus ones the parser hung on the governing verb
    right after it ("announced the arrest, in Baku, of 20 people")."""
    preps = [c for c in token.children if c.dep_ in PREP_ARCS and c.text.lower() in words]
    if token.dep_ == "dobj" and token.pos_ in {"NOUN", "PROPN"}:
        preps += [
            c
            for c in token.head.children
            if c.dep_ == "prep" and c.i > token.i and c.text.lower() in words
        ]
    return preps


def prep_objects(token: Token, words: frozenset[str] | set[str]) -> list[Token]:
    """The objects of the prepositions ``words`` under ``token`` ("the arrest of 20
    people" -> people), found as :func:`preps_of` finds the prepositions."""
    return [p for prep in preps_of(token, words) for p in prep.children if p.dep_ == "pobj"]


def inside(token: Token, phrase: Token) -> bool:
    return phrase.left_edge.i <= token.i <= phrase.right_edge.i


def is_infinitive(clause: Token) -> bool:
    """Whether the clause is a to-infinitive ("urged Washington to lift sanctions")."""
    return any(c.dep_ == "aux" and c.text.lower() == "to" for c in clause.children)


def party(mention: Mention) -> str:
    """The party a mention stands for (see :func:`detente.models.party_code`): police
    against protesters pairs two parties of one country."""
    return party_code(mention.country, mention.sector, mention.actor) or mention.actor


def aimed_at(token: Token) -> bool:
    """Whether a noun phrase is what an act is aimed at: a direct object ("attacked
    Grozny") or after to/on/against ("strikes on Kharkiv"), through coordination and
    "of" ("in the cities of Zhanaozen and Aktau" is where)."""
    while token.dep_ in ("conj", "appos") or (token.dep_ == "pobj" and token.head.lower_ == "of"):
        token = token.head.head if token.dep_ == "pobj" else token.head
    return token.dep_ != "pobj" or token.head.lower_ in _TOWARD_PREPS


def is_town(mention: Mention) -> bool:
    """Whether a mention names a town, a place that stands for no government ("Kidal";
    not "Bamako", which stands for Mali's, or "Washington")."""
    return mention.rule.rpartition(":")[2] == "town"


def is_place(mention: Mention, *, cities_only: bool = False) -> bool:
    """Whether a mention names a place (a city, capital or country)."""
    if mention.kind in _NON_PLACE_KINDS:
        return False
    words = _CITY_WORDS if cities_only else _PLACE_RULES
    return mention.kind in words or mention.rule.rpartition(":")[2] in words
