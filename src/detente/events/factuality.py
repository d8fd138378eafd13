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
FUTURE_HEADS = frozenset({"plan", "intend", "expect", "aim", "prepare", "schedule", "set"})
REPORTING_HEADS = frozenset(
    {"report", "suggest", "allege", "claim", "say", "tell", "speculate", "rumor", "believe"}
)
HYPOTHETICAL_AUX = frozenset({"may", "might", "could", "would", "should"})
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
            return " ".join(t.lower_ for t in child.subtree)
    return ""


def _hypothetical(trigger: Token) -> str | None:
    for token in _control_chain(trigger):
        for c in token.children:
            if c.dep_ in {"aux", "auxpass"} and c.lower_ in HYPOTHETICAL_AUX:
                return _cue("modal", c, token)
            if c.dep_ == "mark" and c.lower_ in {"if", "unless"}:
                return _cue("condition", c, token)
        if token is not trigger and token.lemma_ in HYPOTHETICAL_HEADS:
            return _cue("hypothetical verb", token, trigger)
    return None


def _future(trigger: Token) -> str | None:
    for token in _control_chain(trigger):
        for c in token.children:
            if c.dep_ == "aux" and c.lower_ in FUTURE_AUX:
                return _cue("future auxiliary", c, token)
        if token is trigger:
            continue
        if token.lemma_ in FUTURE_HEADS:
            return _cue("future verb", token, trigger)
        if token.lemma_ == "be" and token.dep_ != "aux":
            return _cue("'is to'", token, trigger)  # "is to visit"
        if token.lemma_ == "go" and token.tag_ == "VBG":
            return _cue("'going to'", token, trigger)  # "is going to visit"
    return None


def _reported(trigger: Token) -> str | None:
    tokens = [trigger, *(head for _, head in _governors(trigger))]
    for token in tokens:
        for child in token.children:
            if child.lower_ in REPORTED_ADVERBS and child.dep_ == "advmod":
                return _cue("reporting adverb", child, token)
            if child.dep_ == "prep" and child.lower_ == "according":
                return _cue("attribution", child, token)
            if child.dep_ == "prep" and any(
                g.lemma_ in REPORTED_NOUNS for g in child.children if g.dep_ == "pobj"
            ):
                phrase = "".join(t.text_with_ws for t in child.subtree).strip()
                return f"source phrase {phrase!r} on {token.text!r}"
    for child, head in _governors(trigger):
        if child.dep_ == "ccomp" and head.lemma_ in REPORTING_HEADS:
            return _cue("reporting verb", head, trigger)
    return None
