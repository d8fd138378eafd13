"""Who acts: the agent of a verb or event noun on the dependency parse.

A verb's agent is its subject or the "by" phrase of a passive; a subjectless clause
takes the subject of the verb that controls it ("Israel reciprocated by pledging"), or
its object after a verb of object control ("urged Washington to lift sanctions": the
lifting would be Washington's). An event noun's agent is its possessive, its "by"
phrase, an actor adjective ("Israeli imports") or the subject of a support verb ("Iran
carried out an attack"). A subject the parser lost is recovered from the actor right
before the verb.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from detente.events.args import (
    PREP_ARCS,
    RELATIVE_PRONOUNS,
    Arg,
    SentenceActors,
    inside,
    is_infinitive,
    prep_objects,
    preps_of,
)
from detente.events.factuality import ACCUSING
from detente.events.lexicon import CONSULT_ROOT, Lexicon, TriggerEntry

_CONTROL_ARCS = frozenset({"xcomp", "advcl", "conj", "pcomp", "acomp"})
# "arrived in Ankara for a state visit": travel for a meeting makes the traveller its agent
_PURPOSE_PREPS = frozenset({"for", "on"})
_TRAVEL_VERBS = frozenset(
    {"arrive", "travel", "fly", "come", "go", "head", "return", "be", "land", "depart", "leave"}
)
_PLAN_ARCS = frozenset({"dobj", "attr"})
# Verbs whose object does what their infinitive says ("urged Washington to lift
# sanctions": Washington would lift them), and verbs whose prepositional object does.
OBJECT_CONTROL = frozenset(
    {
        *("urge", "ask", "request", "press", "pressure", "persuade", "encourage", "force"),
        *("compel", "allow", "permit", "enable", "help", "invite", "tell", "order"),
        *("instruct", "advise", "push", "convince", "implore", "beg", "require"),
        *("authorize", "authorise", "want", "expect", "exhort", "prompt"),
    }
)
PREP_CONTROL: dict[str, frozenset[str]] = {
    "call": frozenset({"on", "upon"}),
    "appeal": frozenset({"to"}),
    "plead": frozenset({"with"}),
}
_SKIP_LEFT = frozenset({"ADV", "ADP", "ADJ", "PUNCT", "DET", "NUM", "SPACE", "PART", "CCONJ"})


def verb_agents(token: Token, actors: SentenceActors) -> list[Arg]:
    for child in token.children:
        if child.dep_ == "nsubj":
            head = (
                token.head
                if child.text.lower() in RELATIVE_PRONOUNS and token.dep_ == "relcl"
                else child
            )
            found = actors.find(head, "nsubj", agentive=True)
            if found:
                return found
        if child.dep_ == "agent":
            found = [a for p in child.children if p.dep_ == "pobj" for a in actors.find(p, "by")]
            if found:
                return found
    if not any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children):
        controlled = _controller_subject(token, actors) or _planner_subject(token, actors)
        if controlled:
            return controlled
    return _left_neighbour(token, actors)


def _planner_subject(token: Token, actors: SentenceActors) -> list[Arg]:
    """The subject of the verb whose object an infinitive completes: "France announced
    a deal to supply radars", "Poland made a decision to expel four diplomats", "Iran
    unveiled plans to build": the one who supplies, expels, builds; the owner of the
    plan when the text names one ("criticized Washington's decision to sell arms")."""
    noun = token.head
    if (
        token.dep_ not in {"acl", "relcl"}
        or not is_infinitive(token)
        or noun.dep_ not in _PLAN_ARCS
    ):
        return []
    owners = [c for c in noun.children if c.dep_ == "poss"]  # "Washington's decision to"
    if owners:
        return [replace(a, direct=False) for a in actors.find(owners[0], "plan-poss")]
    subjects = [c for c in noun.head.children if c.dep_ == "nsubj"]
    if not subjects:
        return []
    return [replace(a, direct=False) for a in actors.find(subjects[0], "plan", agentive=True)]


def _controller_subject(token: Token, actors: SentenceActors) -> list[Arg]:
    """The subject of the verb that controls a subjectless clause ("by pledging"), or
    its object for a verb of object control ("urged Washington to lift sanctions")."""
    current = token
    for _ in range(4):
        if current.dep_ not in _CONTROL_ARCS:
            return []
        clause = current
        current = current.head.head if current.dep_ == "pcomp" else current.head
        controllers = _object_controllers(clause, current)
        if controllers:
            found = [a for c in controllers for a in actors.find(c, "ctrl-obj", agentive=True)]
            return [replace(a, direct=False) for a in found]
        subjects = [c for c in current.children if c.dep_ == "nsubj"]
        if subjects:
            found = actors.find(subjects[0], "ctrl", agentive=True)
            return [replace(a, direct=False) for a in found]
    return []


def _object_controllers(clause: Token, verb: Token) -> list[Token]:
    """The party an infinitive clause is asked or made to act, or a gerund accuses: the
    object of "urge", "accused Armenia of shelling", "blamed Kyiv for attacking",
    "ask", "force"... or the pobj of "call on", "appeal to" (not "called X to discuss":
    a phone call, whose caller discusses)."""
    lemma = verb.lemma_.lower()
    if clause.dep_ == "pcomp" and lemma in ACCUSING and clause.head.text.lower() in {"of", "for"}:
        return [c for c in verb.children if c.dep_ == "dobj" and c.i < clause.i]
    if not is_infinitive(clause):
        return []
    if lemma in OBJECT_CONTROL:
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.i < clause.i]
        if objects:
            return objects
    words = PREP_CONTROL.get(lemma, frozenset())
    return [
        p
        for prep in verb.children
        if prep.dep_ in PREP_ARCS and prep.text.lower() in words and prep.i < clause.i
        for p in prep.children
        if p.dep_ == "pobj"
    ]


def _left_neighbour(token: Token, actors: SentenceActors) -> list[Arg]:
    """Recover a subject the parser lost: the actor right before the verb, skipping
    adverbs and time phrases ("President Aliyev in early May gravely observed")."""
    for i in range(token.i - 1, max(-1, token.i - 8), -1):
        left = actors.sent[i]
        if left.pos_ in _SKIP_LEFT or left.i in actors.time_tokens:
            continue
        mention = actors.at(left)
        if mention is None or left.dep_ == "pobj":
            return []
        return [Arg(mention, left.i, "left", direct=False)]
    return []


# Event nouns whose possessive underwent the act when no "of" phrase names who did
# ("his arrest", "Navalny's detention"; but "Cuba's release of the contractor").
PATIENT_NOUNS = frozenset(
    {
        *("arrest", "detention", "jailing", "imprisonment", "conviction", "sentencing"),
        *("trial", "prosecution", "execution", "killing", "assassination", "murder"),
        *("expulsion", "deportation", "extradition", "abduction", "kidnapping", "capture"),
        *("release", "dismissal", "removal", "ouster", "impeachment", "disqualification"),
    }
)


def possessive_patient(noun: Token) -> bool:
    """Whether the possessive of an event noun is who underwent it: "his arrest",
    "the journalist's killing", not "Russia's expulsion of diplomats"."""
    if noun.lemma_.lower() not in PATIENT_NOUNS:
        return False
    return not any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)


def noun_agents(
    token: Token, entry: TriggerEntry, actors: SentenceActors, lexicon: Lexicon
) -> list[Arg]:
    for child in token.children:
        if child.dep_ == "poss" and not possessive_patient(token):
            found = actors.find(child, "poss")
            if found:
                return found
    if entry.reciprocal:
        found = _between(token, actors)
        if found:
            return found
    agent_preps = {"by", "of"} if entry.of_is_agent else {"by"}
    if entry.from_is_agent:
        agent_preps.add("from")  # "criticism from Beijing"
    for prep in preps_of(token, agent_preps):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            found = actors.find(pobj, prep.text.lower(), agentive=True)
            if found:
                return found
    for child in token.children:
        if child.dep_ in {"amod", "compound", "nmod"} and actors.at(child) is not None:
            return actors.find(child, "amod")
    # "had a phone conversation with Macron": "have" supports talks, calls and meetings
    meeting = entry.cameo[:2] == CONSULT_ROOT
    return _support_verb_agents(token, actors, lexicon, meeting=meeting)


def _between(token: Token, actors: SentenceActors) -> list[Arg]:
    """The parties of a reciprocal event noun: "talks between X and Y", "clashes broke
    out between students and police" (the phrase may hang on the verb)."""
    heads = [token, token.head] if token.dep_ in {"nsubj", "nsubjpass"} else [token]
    for head in heads:
        for pobj in prep_objects(head, {"between", "among"}):
            found = actors.find(pobj, "between", agentive=True)
            if found:
                return found
    return []


def journey(noun: Token) -> Token | None:
    """The verb of travel a meeting noun is the purpose of ("arrived in Ankara for a
    state visit", "flew to Moscow for talks", "is in Baku on a two-day visit")."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in _PURPOSE_PREPS:
        return None
    verb = prep.head
    return verb if verb.lemma_.lower() in _TRAVEL_VERBS else None


def _support_verb_agents(
    token: Token, actors: SentenceActors, lexicon: Lexicon, *, meeting: bool = False
) -> list[Arg]:
    """Agents via a support verb: "Iran carried out an attack", "... sponsored by X"."""
    head = token.head
    if token.dep_ == "dobj" and (
        head.lemma_ in lexicon.support_verbs or (head.lemma_ == "have" and meeting)
    ):
        subjects = [c for c in head.children if c.dep_ == "nsubj"]
        if subjects:
            return actors.find(subjects[0], "support", agentive=True)
    trip = journey(token) if meeting else None
    if trip is not None:  # "Aliyev arrived in Ankara for a state visit"
        subjects = [c for c in trip.children if c.dep_ == "nsubj"]
        if subjects:
            return actors.find(subjects[0], "journey", agentive=True)
    if token.dep_ in {"nsubj", "nsubjpass"}:
        for agent in (t for t in head.subtree if t.dep_ == "agent"):
            if agent.head.lemma_ in lexicon.support_verbs and not inside(agent, token):
                pobjs = [c for c in agent.children if c.dep_ == "pobj"]
                if pobjs:
                    return actors.find(pobjs[0], "support-by", agentive=True)
    return []
