"""Event frames on the dependency parse: trigger, agent, recipient, location.

A trigger is a token whose lemma and context match a lexicon entry. Its agent comes
from ``agents.py`` (subject, "by" phrase, controller, possessive, ...); its recipient
is the object, a to/with/against/on phrase, or the place visited. How frames of one
sentence relate (borrowed actors, appeals, reciprocity) is ``linking.py``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Token

from detente.events.agents import journey, noun_agents, possessive_patient, verb_agents
from detente.events.args import (
    Arg,
    SentenceActors,
    aimed_at,
    coordinated,
    is_place,
    is_town,
    names_a_date,
    party,
    phrase_text,
    prep_objects,
    preps_of,
)
from detente.events.lexicon import COERCE_ROOT, CONSULT_ROOT, Lexicon, TriggerEntry
from detente.events.linking import REQUEST_ROOTS, link_frames
from detente.events.nearby import with_nearby_parties

# What stopping an act of each CAMEO root is: halting talks (164), cutting diplomatic
# ties (161), reducing relations (160), stopping aid (162).
_STOPPED = {"04": "164", "05": "161", "06": "160", "07": "162"}
# Barring trade or aid ("banned imports of Georgian wine") is an embargo.
_TRADE_ROOTS = frozenset({"06", "07"})
_EMBARGO = "163"

VERB_RECIPIENT_PREPS = frozenset(
    {"to", "with", "against", "on", "toward", "towards", "into", "upon"}
)
NOUN_RECIPIENT_PREPS = VERB_RECIPIENT_PREPS | {"for"}
OBJECT_PREPS = frozenset({"with", "to", "against", "on", "toward", "towards"})
_TRAIT_ADJECTIVES = frozenset({"known", "famous", "noted", "renowned", "notorious", "praised"})
_REFINE_BLOCKED = frozenset({"relcl", "appos", "conj", "cc", "parataxis", "nsubj", "poss", "agent"})
# CAMEO roots whose object is the party acted on ("criticised the ministers", "killed
# six soldiers"); elsewhere the object is what is said, given or agreed ("expressed
# optimism", "agreed a deal"), and only a to/with/against/on phrase names a recipient.
# Returning or releasing persons (084) is the one such code outside these roots.
PATIENT_ROOTS = frozenset({"04", "05", "09", "11", "12", "13", "16", "17", "18", "19", "20"})
_PATIENT_ARCS = frozenset({"dobj", "nsubjpass", "of"})
# the clauses that say what an appeal or demand asks for
_ASKED_CLAUSES = frozenset({"ccomp", "acl", "relcl"})


@dataclass(frozen=True, slots=True)
class Frame:
    """One coded frame in a parsed sentence (token indexes are sentence-local)."""

    trigger: Token
    entry: TriggerEntry
    cameo: str
    agents: tuple[Arg, ...]
    recipients: tuple[Arg, ...]
    location: Arg | None
    objects: tuple[Token, ...]
    reciprocal: bool = False
    # the recipient phrase when it names no known actor ("six soldiers"): its text only
    target_phrase: str | None = None
    # for an appeal, the lexicon id of the act it asks for ("lift-sanctions.v")
    asks: str | None = None
    # the factuality that recoded the act as what the text states ("future": a pledge)
    stated: str | None = None
    # the verb that stopped what the trigger names ("suspended cooperation"): the act
    stopper: Token | None = None

    @property
    def rule(self) -> str:
        """Readable id of the lexicon entry and the frame rules, e.g. visit.v/nsubj-dobj."""
        agent = self.agents[0].how if self.agents else "none"
        recipient = self.recipients[0].how if self.recipients else "none"
        if self.reciprocal:
            recipient = "reciprocal"
        asks = f"+asks:{self.asks}" if self.asks else ""
        stated = f"+stated:{self.stated}" if self.stated else ""
        stopped = f"+stopped:{self.stopper.lemma_.lower()}" if self.stopper is not None else ""
        return f"{self.entry.id}/{agent}-{recipient}{asks}{stopped}{stated}"

    @property
    def act(self) -> Token:
        """The word whose tense and modality say whether the event happened: the
        stopping verb of a stopped act, else the trigger."""
        return self.stopper if self.stopper is not None else self.trigger


def find_frames(actors: SentenceActors, lexicon: Lexicon) -> list[Frame]:
    """Every event frame of the parsed sentence held by ``actors``."""
    matched = [m for m in (_match(t, lexicon, actors) for t in actors.sent) if m is not None]
    consumed = {o.i for _, entry, objs in matched if not entry.strict for o in objs}
    triggers = {t.i for t, _, _ in matched}
    frames = [
        _frame(token, entry, objects, actors, lexicon)
        for token, entry, objects in matched
        if token.i not in consumed and not _modifies(token, triggers | consumed)
    ]
    stoppers = {f.stopper.i for f in frames if f.stopper is not None}
    frames = [f for f in frames if f.trigger.i not in stoppers]  # the stopped act tells
    linked = [with_nearby_parties(f, actors) for f in link_frames(frames)]
    return [_with_target_phrase(f, actors) for f in linked]


def _match(
    token: Token, lexicon: Lexicon, actors: SentenceActors
) -> tuple[Token, TriggerEntry, list[Token]] | None:
    if token.pos_ == "VERB" and token.i > 0 and token.text.istitle():
        return None  # a verb in title case mid-sentence is part of a title ("... Take a Stand")
    pos = "NOUN" if token.pos_ in {"NOUN", "PROPN"} else token.pos_
    if pos == "NOUN" and _trait(token):
        return None  # "well known for his criticism of Iran": a trait, not an event
    for entry in lexicon.candidates(token.lemma_.lower(), pos):
        objects = object_heads(token, entry)
        if _conditions_hold(token, entry, objects) and (
            not entry.object_actor or _object_is_actor(token, objects, actors)
        ):
            return token, entry, objects if entry.objects else []
    return None


def _trait(noun: Token) -> bool:
    """An event noun that says what someone is known for ("known for his criticism",
    "famous for its mediation"): a description, not something that happened."""
    head = noun.head
    return noun.dep_ == "pobj" and head.lower_ == "for" and head.head.lower_ in _TRAIT_ADJECTIVES


def object_heads(token: Token, entry: TriggerEntry) -> list[Token]:
    """The patient phrases: direct object, passive subject, or a noun's "of" phrase."""
    heads = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass", "attr", "dative"}]
    if token.pos_ in {"NOUN", "PROPN"} and not entry.of_is_agent:
        heads += prep_objects(token, {"of"})
    for xcomp in (c for c in token.children if c.dep_ == "xcomp"):
        heads += [c for c in xcomp.children if c.dep_ == "dobj"]
    return [c for head in heads for c in _with_conjuncts(head)]


def _conditions_hold(token: Token, entry: TriggerEntry, objects: list[Token]) -> bool:
    if entry.no_object and any(c.dep_ == "dobj" for c in token.children):
        return False
    if entry.objects and not any(_names_object(o, entry.objects) for o in objects):
        return False
    if entry.modifiers and not any(_word_in(t, entry.modifiers) for t in _modifier_tokens(token)):
        return False
    return not entry.preps or any(_prep_matches(token, objects, p) for p in entry.preps)


def _names_object(head: Token, words: frozenset[str]) -> bool:
    """The object's head, a compound before it or the goods of a measure ("violated the
    ceasefire agreement", "donated a shipment of ventilators and other equipment",
    "$4 million worth of medicines") is one of ``words``."""
    if _word_in(head, words) or any(
        c.dep_ == "compound" and _word_in(c, words) for c in head.children
    ):
        return True
    goods = prep_objects(head, {"of"})
    return any(_word_in(t, words) for g in goods for t in _with_conjuncts(g))


def _object_is_actor(token: Token, objects: list[Token], actors: SentenceActors) -> bool:
    """A direct object that names an actor, and no object predicate ("called X a liar")."""
    if any(c.dep_ == "oprd" for c in token.children):
        return False
    return any(
        (mention := actors.at(o)) is not None and not mention.role_only
        for o in objects
        if o.dep_ == "dobj"
    )


def _prep_matches(token: Token, objects: list[Token], pattern: str) -> bool:
    """Whether ``token`` or its objects have the pattern's preposition ("on", or "on:visit"
    for one with that object); a date is not a party ("called Erdogan on Wednesday")."""
    word, _, pobj = pattern.partition(":")
    for head in (token, *objects):
        for prep in preps_of(head, {word}):
            heads = [c for c in prep.children if c.dep_ == "pobj"] or list(prep.children)
            if pobj and any(c.lemma_.lower() == pobj for c in heads):
                return True
            if not pobj and not (heads and all(names_a_date(c) for c in heads)):
                return True
    return False


def _modifier_tokens(token: Token) -> Iterator[Token]:
    for child in token.children:
        if child.dep_ in {"amod", "compound", "nmod"}:
            yield from child.subtree


def _word_in(token: Token, words: frozenset[str]) -> bool:
    return token.lemma_.lower() in words or token.text.lower() in words


def _with_conjuncts(token: Token) -> Iterator[Token]:
    yield token
    for child in token.children:
        if child.dep_ == "conj":
            yield from _with_conjuncts(child)


def _modifies(token: Token, others: set[int]) -> bool:
    """A trigger that only modifies another one ("cooperation agreements") is not an event."""
    return token.dep_ in {"compound", "amod", "nmod"} and token.head.i in others


def _frame(
    token: Token,
    entry: TriggerEntry,
    objects: list[Token],
    actors: SentenceActors,
    lexicon: Lexicon,
) -> Frame:
    noun = token.pos_ in {"NOUN", "PROPN"}
    stopper = _stopper(token, entry, lexicon) if noun else None
    if stopper is not None:  # "Germany suspended military cooperation": Germany's act
        agents = verb_agents(stopper, actors) or noun_agents(token, entry, actors, lexicon)
    else:
        agents = noun_agents(token, entry, actors, lexicon) if noun else verb_agents(token, actors)
    heads = objects or object_heads(token, entry)
    if entry.statement:
        recipients = _statement_recipients(token, actors, agents)
    elif entry.target_from_location:
        recipients = _location_args(token, heads, actors, how="location")
    else:
        recipients = _recipients(token, entry, heads, actors, agents=agents)
    if not recipients and entry.cameo[:2] == CONSULT_ROOT:
        recipients = _destination(token, actors, agents)
    if not recipients and entry.cameo[:2] in REQUEST_ROOTS:
        recipients = _addressees(token, actors, agents)
    if not recipients and entry.cameo[:2] == COERCE_ROOT:
        resident = actors.resident(heads)  # "Sevinj Vagifqizi was arrested"
        recipients = [resident] if resident is not None else []
    agents, recipients = _without_towns(agents, recipients, actors)
    location = next(iter(_location_args(token, [], actors, how="in")), None)
    for arg in recipients if location is None else ():
        places = _location_args(actors.sent[arg.token], [], actors, how="in-target")
        location = next((p for p in places if is_place(p.mention, cities_only=True)), None)
        if location is not None:
            break
    cameo = _refined(token, entry)
    if stopper is not None:
        embargo = cameo[:2] in _TRADE_ROOTS and stopper.lemma_.lower() in lexicon.embargo_verbs
        cameo = _EMBARGO if embargo else _STOPPED[cameo[:2]]
    return Frame(
        trigger=token,
        entry=entry,
        cameo=cameo,
        agents=tuple(agents),
        recipients=tuple(recipients),
        location=location,
        objects=tuple(heads),
        stopper=stopper,
    )


def _stopper(token: Token, entry: TriggerEntry, lexicon: Lexicon) -> Token | None:
    """The verb that stops the talks, ties, cooperation or aid a noun names ("froze all
    cooperation with Russia", "halted gas exports to Armenia"): the act is a sanction."""
    if entry.cameo[:2] not in _STOPPED or token.dep_ != "dobj":
        return None
    head = token.head
    return head if head.lemma_.lower() in lexicon.stop_verbs else None


def _recipients(
    token: Token,
    entry: TriggerEntry,
    objects: list[Token],
    actors: SentenceActors,
    *,
    agents: list[Arg] | None = None,
) -> list[Arg]:
    """The first candidate phrase (object, passive subject, "of", to/with/against/on
    phrases) that names an actor. An actor found deep inside the phrase that is the
    agent itself does not count ("held talks at Downing Street with the Irish premier":
    Downing Street is the British agent's own seat); the phrase's own head does
    ("Norway praised Oslo" is self-directed, and not coded)."""
    own = {party(a.mention) for a in agents or ()}
    noun = token.pos_ in {"NOUN", "PROPN"}
    for head, how in _candidates(token, objects, noun=noun, entry=entry):
        heads = {t.i for t in coordinated(head)}
        found = [
            a
            for a in actors.find(head, how)
            if not a.mention.role_only and (a.token in heads or party(a.mention) not in own)
        ]
        if found:
            return found
    return []


def _candidates(
    token: Token, objects: list[Token], *, noun: bool, entry: TriggerEntry
) -> list[tuple[Token, str]]:
    """Recipient phrases in order of preference, each with how it was found."""
    words = NOUN_RECIPIENT_PREPS if noun else VERB_RECIPIENT_PREPS
    candidates: list[tuple[Token, str]] = []
    if entry.from_is_recipient:  # the seller, before the goods bought ("F-16s from Norway")
        candidates += [(p, "from") for p in _sellers(token, objects)]
    infinitive = {t.i for c in token.children if c.dep_ == "xcomp" for t in c.subtree}
    own = [o for o in objects if o.i not in infinitive]  # not "to sell X"'s X
    if noun and possessive_patient(token):  # "his arrest": he was arrested
        candidates += [(c, "poss") for c in token.children if c.dep_ == "poss"]
    if not noun:
        candidates += [(o, "dobj") for o in own if o.dep_ == "dobj"]
        candidates += [(o, "nsubjpass") for o in objects if o.dep_ == "nsubjpass"]
    candidates += [(o, "of") for o in objects if noun and o.head.text.lower() == "of"]
    for prep in preps_of(token, words):
        candidates += [(p, prep.text.lower()) for p in prep.children if p.dep_ == "pobj"]
    if not noun:
        candidates += [(o, "dobj") for o in objects if o.dep_ == "dobj" and o not in own]
    for obj in objects:
        for prep in preps_of(obj, OBJECT_PREPS):
            candidates += [
                (p, "obj-" + prep.text.lower()) for p in prep.children if p.dep_ == "pobj"
            ]
    for clause in (c for c in token.children if c.dep_ in {"acl", "xcomp"}):
        for prep in preps_of(clause, words):
            candidates += [
                (p, clause.dep_ + "-" + prep.text.lower())
                for p in prep.children
                if p.dep_ == "pobj"
            ]
    return candidates


def _sellers(token: Token, objects: list[Token]) -> list[Token]:
    """The "from" phrases of a purchase, on the verb or anywhere in what was bought
    ("bought 10 percent of its arms from Israel")."""
    heads = [token, *(t for o in objects for t in o.subtree)]
    return [
        p
        for head in heads
        for prep in head.children
        if prep.dep_ == "prep" and prep.text.lower() == "from"
        for p in prep.children
        if p.dep_ == "pobj"
    ]


def _with_target_phrase(frame: Frame, actors: SentenceActors) -> Frame:
    """Keep the text of the recipient phrase of a frame that found no recipient actor:
    "killed six soldiers", "the arrest of 20 people". Not for statements, reciprocal
    frames, the words of the trigger's own pattern ("lifted sanctions", "expressed
    concern", "put on alert"), pronouns, dates, or a phrase whose head is an actor
    refused as recipient ("Norway praised Oslo")."""
    entry = frame.entry
    if frame.recipients or frame.reciprocal or entry.statement or entry.target_from_location:
        return frame
    noun = frame.trigger.pos_ in {"NOUN", "PROPN"}
    agent_tokens = {i for a in frame.agents for i in actors.tokens_of(a.mention)}
    patient = frame.cameo[:2] in PATIENT_ROOTS or frame.cameo.startswith("084")
    pattern_words = frozenset(p.partition(":")[2] for p in entry.preps)  # "on:alert"
    for head, how in _candidates(frame.trigger, list(frame.objects), noun=noun, entry=entry):
        mention = actors.at(head)
        if (
            (how in _PATIENT_ARCS and not patient)
            or _names_object(head, entry.objects)
            or _word_in(head, pattern_words)
            or any(_word_in(head, r.words) for r in entry.refine)
            or names_a_date(head)
            or head.pos_ in {"PRON", "NUM", "DET"}
            or head.i in actors.time_tokens
            or head.i in agent_tokens
            or (mention is not None and not mention.role_only)
        ):
            continue
        return replace(frame, target_phrase=phrase_text(head))
    return frame


def _statement_recipients(token: Token, actors: SentenceActors, agents: list[Arg]) -> list[Arg]:
    """The other party a statement is about: an actor in its complement clause."""
    source = {party(a.mention) for a in agents}
    for clause in (c for c in token.children if c.dep_ in {"ccomp", "parataxis"}):
        for sub in clause.subtree:
            mention = actors.at(sub)
            if mention is not None and mention.country and party(mention) not in source:
                return [Arg(mention, sub.i, "ccomp", direct=False)]
    return []


def _addressees(token: Token, actors: SentenceActors, agents: list[Arg]) -> list[Arg]:
    """Whom a demand or appeal with no named recipient is addressed to: the subject of
    what it asks ("demanded that Moscow issue an apology", "her demand that Israel
    lift the blockade"), when that is another party."""
    own = {party(a.mention) for a in agents}
    for clause in (c for c in token.children if c.dep_ in _ASKED_CLAUSES):
        for subject in (c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}):
            found = [a for a in actors.find(subject, "asked") if party(a.mention) not in own]
            if found:
                return [replace(a, direct=False) for a in found]
    return _asked_in(token, actors, own)


def _destination(token: Token, actors: SentenceActors, agents: list[Arg]) -> list[Arg]:
    """Where the traveller of a meeting noun went ("arrived in Ankara for a state
    visit": Turkey's government), unless it is the traveller's own country."""
    trip = journey(token)
    if trip is None:
        return []
    own = {party(a.mention) for a in agents}
    for place in prep_objects(trip, {"in", "to", "into"}):
        mention = actors.at(place)
        if mention is not None and mention.country and party(mention) not in own:
            return [Arg(mention, place.i, "destination", False)]
    return []


def _asked_in(token: Token, actors: SentenceActors, own: set[str]) -> list[Arg]:
    """The country where what an appeal asks for is to happen ("called for a ceasefire
    in Sudan", "urged restraint in Georgia"): its parties are whom it addresses."""
    asked = [c for c in token.children if c.dep_ == "dobj"]
    asked += prep_objects(token, {"for"})
    for head in asked:
        for place in prep_objects(head, {"in", "inside"}):
            mention = actors.at(place)
            if mention is None or not mention.country or not is_place(mention):
                continue
            return [] if party(mention) in own else [Arg(mention, place.i, "asked-in", False)]
    return []


def _without_towns(
    agents: Sequence[Arg], recipients: Sequence[Arg], actors: SentenceActors
) -> tuple[list[Arg], list[Arg]]:
    """A town acts for no one ("Gorgan", unlike "Baku", is no government) and undergoes
    only what is aimed at it ("attacked Grozny"; not "his arrest in Rotterdam")."""
    kept = [a for a in agents if not is_town(a.mention)]
    aimed = [
        r
        for r in recipients
        if not is_town(r.mention) or r.how == "location" or aimed_at(actors.sent[r.token])
    ]
    return kept, aimed


def _location_args(
    token: Token, objects: list[Token], actors: SentenceActors, *, how: str
) -> list[Arg]:
    """Places in an "in X" phrase of the trigger or of its objects ("embassy in Tel Aviv")."""
    for head in (token, *objects):
        for pobj in prep_objects(head, {"in", "at"}):
            mention = actors.at(pobj)
            if mention is not None and is_place(mention):
                return [Arg(mention, pobj.i, how)]
    return []


def _refined(token: Token, entry: TriggerEntry) -> str:
    scope = list(_refine_scope(token))
    for refinement in entry.refine:
        if any(_word_in(t, refinement.words) for t in scope):
            return refinement.cameo
    return entry.cameo


def _refine_scope(token: Token) -> Iterator[Token]:
    yield token
    for child in token.children:
        if child.dep_ not in _REFINE_BLOCKED:
            yield from _refine_scope(child)
