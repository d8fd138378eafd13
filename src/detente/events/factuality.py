"""How sure the text is that an event happened: asserted, reported, hypothetical,
negated or future, from cues on the trigger and the clauses that govern it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Token

from detente.models import Factuality

NEGATING_HEADS = frozenset(
    {
        *("fail", "thwart", "foil", "prevent", "avert", "cancel", "deny", "abort", "block"),
        *("refuse", "reject", "spurn", "rebuff", "decline"),
    }
)
HYPOTHETICAL_HEADS = frozenset(
    {"consider", "contemplate", "mull", "weigh", "propose", "seek", "want", "hope", "try", "wish"}
)
FUTURE_HEADS = frozenset(
    {
        *("plan", "intend", "expect", "aim", "prepare", "schedule", "set"),
        # commitments and readiness: "agreed to share", "is willing to withdraw"
        *("agree", "offer", "pledge", "promise", "vow", "commit", "volunteer", "threaten"),
        *("willing", "ready", "prepared", "eager", "determined", "committed", "poised"),
    }
)
REPORTING_HEADS = frozenset(
    {"report", "suggest", "allege", "claim", "say", "tell", "speculate", "rumor", "believe"}
)
# Nouns that make the act in their "of" phrase or infinitive an option, not a fact
# ("exploring the possibility of selling drones", "ways to expand trade").
OPTION_NOUNS = frozenset(
    {"possibility", "possibilities", "option", "options", "idea", "prospect", "prospects"}
    | {"way", "ways", "feasibility", "chance", "chances"}
)
HYPOTHETICAL_AUX = frozenset({"may", "might", "could", "would", "should", "must"})
# An act someone must or should do has not happened; under a speech verb it is the
# speaker's demand ("Iran said Baku must withdraw", see ``linking``).
OBLIGATION_AUX = frozenset({"must", "should"})
# "said it would release": "would" in reported speech is the future of the past.
REPORTED_FUTURE_AUX = frozenset({"would", "'d"})
SPEECH_HEADS = REPORTING_HEADS | {
    "announce",
    "state",
    "add",
    "insist",
    "confirm",
    "declare",
    "warn",
}
FUTURE_AUX = frozenset({"will", "shall", "'ll"})
REPORTED_ADVERBS = frozenset(
    {"allegedly", "reportedly", "apparently", "purportedly", "supposedly", "presumably"}
)
REPORTED_NOUNS = frozenset({"indication", "account", "report", "source"})
# Arcs that keep us inside the clause that asserts the trigger.
_CLAUSE_ARCS = frozenset(
    {
        "xcomp",
        "ccomp",
        "advcl",
        "conj",
        "pcomp",
        "prep",
        "pobj",
        "dobj",
        "nsubj",
        "nsubjpass",
        "appos",
    }
)


def factuality(trigger: Token) -> Factuality:
    """The factuality of the event whose trigger is ``trigger``."""
    return factuality_cue(trigger)[0]


def factuality_cue(trigger: Token) -> tuple[Factuality, str | None]:
    """The factuality and the cue that decided it ("aux 'may' on 'buy'"); no cue for
    an asserted event."""
    checks: tuple[tuple[Factuality, Callable[[Token], str | None]], ...] = (
        ("negated", _negated),
        ("hypothetical", _hypothetical),
        ("future", _future),
        ("reported", _reported),
    )
    for label, check in checks:
        cue = check(trigger)
        if cue is not None:
            return label, cue
    return "asserted", None


def _cue(kind: str, cue: Token, on: Token) -> str:
    return f"{kind} {cue.text!r} on {on.text!r}"


def _governors(trigger: Token) -> Iterator[tuple[Token, Token]]:
    """(child, head) pairs from the trigger up through its clause chain."""
    token = trigger
    while token.dep_ in _CLAUSE_ARCS and token.head is not token:
        yield token, token.head
        token = token.head


def _control_chain(trigger: Token) -> Iterator[Token]:
    """The trigger and the verbs it is the complement of ("failed to visit")."""
    yield trigger
    token = trigger
    while token.dep_ in {"xcomp", "pcomp"} and token.head is not token:
        token = token.head
        yield token


def _negated(trigger: Token) -> str | None:
    for token in _control_chain(trigger):
        for child in token.children:
            if child.dep_ == "neg":
                return _cue("negation", child, token)
    for child, head in _governors(trigger):
        if child.dep_ in {"xcomp", "nsubjpass", "dobj", "ccomp"} and head.lemma_ in NEGATING_HEADS:
            return None if _someone_else(child, head) else _cue("negating verb", head, trigger)
    return None


def _someone_else(clause: Token, head: Token) -> bool:
    """Whether the negated clause has a subject of its own, other than the negator's:
    in "Tehran has accused Baku ..., a charge Baku denies" Baku's denial does not
    undo Tehran's accusation."""
    if clause.dep_ != "ccomp":
        return False
    inner = _subject_text(clause)
    outer = _subject_text(head)
    return bool(inner and outer and inner != outer)


def _subject_text(token: Token) -> str:
    for child in token.children:
        if child.dep_ in {"nsubj", "nsubjpass"} and child.pos_ != "PRON":
            return " ".join(t.text.lower() for t in child.subtree)
    return ""


def _reported_future(aux: Token, clause: Token) -> bool:
    """ "Farc said it would release": "would" in a clause reported by a speech verb."""
    return (
        aux.text.lower() in REPORTED_FUTURE_AUX
        and clause.dep_ == "ccomp"
        and clause.head.lemma_ in SPEECH_HEADS
    )


def _hypothetical(trigger: Token) -> str | None:
    option = _option_noun(trigger)
    if option is not None:
        return _cue("option noun", option, trigger)
    for token in _control_chain(trigger):
        for c in token.children:
            if _reported_future(c, token):
                continue
            if c.dep_ in {"aux", "auxpass"} and c.text.lower() in HYPOTHETICAL_AUX:
                return _cue("modal", c, token)
            if c.dep_ == "mark" and c.text.lower() in {"if", "unless"}:
                return _cue("condition", c, token)
        if token is not trigger and token.lemma_ in HYPOTHETICAL_HEADS:
            return _cue("hypothetical verb", token, trigger)
    return None


def _option_noun(trigger: Token) -> Token | None:
    """The noun that makes the trigger an option: "the possibility of selling", "ways
    to expand" (the trigger is its "of" phrase or its infinitive)."""
    head = trigger.head
    if trigger.dep_ == "pcomp" and head.dep_ == "prep" and head.head.lemma_ in OPTION_NOUNS:
        return head.head
    if trigger.dep_ in {"acl", "relcl"} and head.lemma_ in OPTION_NOUNS:
        return head
    return None


def _future(trigger: Token) -> str | None:
    for token in _control_chain(trigger):
        for c in token.children:
            if c.dep_ == "aux" and c.text.lower() in FUTURE_AUX:
                return _cue("future auxiliary", c, token)
            if c.dep_ == "aux" and _reported_future(c, token):
                return _cue("reported 'would'", c, token)
        if token is trigger:
            continue
        if token.lemma_ in FUTURE_HEADS:
            return _cue("future verb", token, trigger)
        if token.lemma_ == "be" and token.dep_ != "aux":
            return _cue("'is to'", token, trigger)  # "is to visit"
        if token.lemma_ == "go" and token.tag_ == "VBG":
            return _cue("'going to'", token, trigger)  # "is going to visit"
    return None


# Subject pronouns of a reported clause that stand for its speaker.
_SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it"})
# Verbs whose object did what their "of"/"for" gerund says ("accused Armenia of
# shelling"): the act is the accuser's claim, not a fact, and the accused its agent.
ACCUSING = frozenset({"accuse", "blame", "charge", "suspect", "condemn", "criticize", "criticise"})


def _self_report(clause: Token) -> bool:
    """Whether a reported clause tells of its speaker's own act ("Ruto said he won't
    sign", "the leaders said they have agreed"): its subject is a pronoun that refers
    back to the speaker, and a party's word on its own act is taken as stated."""
    return any(
        child.dep_ in {"nsubj", "nsubjpass"} and child.lower_ in _SPEAKER_PRONOUNS
        for child in clause.children
    )


def _reported(trigger: Token) -> str | None:
    tokens = [trigger, *(head for _, head in _governors(trigger))]
    for token in tokens:
        for child in token.children:
            if child.text.lower() in REPORTED_ADVERBS and child.dep_ == "advmod":
                return _cue("reporting adverb", child, token)
            if child.dep_ == "prep" and child.text.lower() == "according":
                return _cue("attribution", child, token)
            if child.dep_ == "prep" and any(
                g.lemma_ in REPORTED_NOUNS for g in child.children if g.dep_ == "pobj"
            ):
                phrase = "".join(t.text_with_ws for t in child.subtree).strip()
                return f"source phrase {phrase!r} on {token.text!r}"
    for child, head in _governors(trigger):
        if child.dep_ == "ccomp" and head.lemma_ in REPORTING_HEADS and not _self_report(child):
            return _cue("reporting verb", head, trigger)
        if child.dep_ == "pcomp" and head.head.lemma_ in ACCUSING:
            return _cue("accusation", head.head, trigger)  # "accused Armenia of shelling"
    return None


# CAMEO codes a promise or readiness to act as 03 "express intent" (or, for force and
# sanctions, 13 "threaten"), a refusal as 12 "reject", and a weighed option as 014.
# Keys are code prefixes, longest first; a root not listed keeps its code.
_INTENT: tuple[tuple[str, str], ...] = (
    *(("0611", "0311"), ("061", "0311"), ("062", "0312"), ("063", "0313"), ("064", "0314")),
    *(("071", "0331"), ("072", "0332"), ("073", "0333"), ("074", "0334"), ("075", "033")),
    *(("0831", "0341"), ("0832", "0342"), ("0833", "0343"), ("0834", "0344"), ("083", "034")),
    *(("081", "0351"), ("082", "0352"), ("084", "0353"), ("085", "0354"), ("086", "0355")),
    *(("087", "0356"), ("04", "036"), ("05", "032"), ("06", "031"), ("07", "033"), ("08", "035")),
    *(("14", "133"), ("15", "138"), ("161", "1313"), ("162", "1311"), ("163", "1312")),
    *(("164", "134"), ("165", "135"), ("166", "136"), ("16", "131"), ("172", "132")),
    *(("17", "137"), ("18", "138"), ("19", "138"), ("20", "138")),
)
_REFUSAL: tuple[tuple[str, str], ...] = (
    *(("061", "1211"), ("062", "1212"), ("063", "1213"), ("06", "121")),
    *(("071", "1221"), ("072", "1222"), ("073", "1223"), ("074", "1224"), ("07", "122")),
    *(("0831", "1231"), ("0832", "1232"), ("0833", "1233"), ("0834", "1234"), ("083", "123")),
    *(("081", "1241"), ("082", "1242"), ("084", "1243"), ("085", "1244"), ("086", "1245")),
    *(("087", "1246"), ("08", "124"), ("04", "125"), ("03", "120"), ("05", "120")),
)
_NOT_CODED_WHEN_NEGATED = frozenset(f"{root:02d}" for root in range(9, 21))


def cameo_as_stated(cameo: str, fact: Factuality) -> str | None:
    """The CAMEO code of what the text states, following CAMEO's own coding rules.

    An event is stored with the code of the act and its factuality ("will release":
    0841, future). CAMEO itself codes the statement: a future act or a readiness is an
    intent (0353 "express intent to release"; for force and sanctions a threat, 138 or
    1312), a refused or negated cooperative act a rejection (1243 "refuse to release"),
    a weighed option 014 "consider policy option". A negated conflictual act ("did not
    attack") has no code: None. Asserted and reported events keep their code.
    """
    if fact in {"asserted", "reported"} or cameo[:2] in {"01", "02"}:
        return cameo
    if fact == "hypothetical":
        return "014"
    if fact == "future":
        return _by_prefix(_INTENT, cameo) or cameo
    if cameo[:2] in _NOT_CODED_WHEN_NEGATED:
        return None
    return _by_prefix(_REFUSAL, cameo) or "120"


def coded_as(cameo: str, fact: Factuality) -> str:
    """The code an event is stored under: what the text states, as analysts list it.
    A future act is the intent to do it ("will deliver arms": 0332, AGREE; "will strike":
    138, THREATEN), a refused or negated cooperative act its rejection ("declined to
    meet": 125), a possible use of force or sanctions a threat ("may launch an
    operation": 138). Asserted and reported acts, negated hostile acts (their
    factuality says "negated") and other possibilities keep the act's code."""
    if fact == "future":
        return intent_for(cameo) or cameo
    if fact == "negated" and cameo[:2] not in _NOT_CODED_WHEN_NEGATED:
        return cameo_as_stated(cameo, fact) or cameo
    if fact == "hypothetical":
        intent = intent_for(cameo)
        return intent if intent is not None and intent.startswith("13") else cameo
    return cameo


def intent_for(cameo: str) -> str | None:
    """The CAMEO code for a stated readiness to do the act ``cameo``: an intent (03x)
    for cooperation, a threat (13x) for force, sanctions or protest; None if neither."""
    return _by_prefix(_INTENT, cameo)


def appeal_for(cameo: str) -> str | None:
    """The CAMEO appeal code for a request that someone do the act ``cameo``.

    CAMEO's appeals (021-028) mirror its intents (031-038): "urged Washington to lift
    sanctions" is 0254 as "pledged to lift sanctions" is 0354. None where CAMEO has no
    such appeal (a call for force or sanctions; see :func:`intent_for`).
    """
    intent = intent_for(cameo)
    if intent is None or not intent.startswith("03"):
        return None
    return "02" + intent[2:]


def demand_for(cameo: str) -> str:
    """The CAMEO demand code for a demand that someone do the act ``cameo``: CAMEO's
    demands (101-108) mirror its intents (031-038) as appeals do; 100 otherwise."""
    intent = intent_for(cameo)
    if intent is None or not intent.startswith("03") or intent[:3] == "039":
        return "100"
    return "10" + intent[2:]


def _by_prefix(table: tuple[tuple[str, str], ...], cameo: str) -> str | None:
    best = max((p for p, _ in table if cameo.startswith(p)), key=len, default=None)
    return None if best is None else dict(table)[best]
