"""Parties by proximity, where the parse gave a trigger none.

Real prose often defeats the dependency rules: telegraphic tracker entries ("Moise 15
March asked the OAS"), long appositions, quotes split around the speaker, or a parse
that hangs the actor on the wrong word. When a frame of the main lexicon found no
agent, the nearest actor before its trigger in the same clause stands in ("near"),
unless the trigger is a passive act of force (what stands before it underwent it);
when it found no recipient, the nearest actor after it does, if it is another party.

Nearest means at most ``_WINDOW`` words away, with no other verb, no subordinate
clause and no clause boundary (";", ":", a quote, a dash) between; a place named only
as where ("in Baku") is passed over, and so is, for an agent, a place that is the
object of a preposition ("visit to Baku", "of northern Iraq"; "by Russia" may act). Such
arguments are marked indirect, which lowers the event's confidence, and the rule
shows ``near``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import TYPE_CHECKING

from detente.events.args import Arg, SentenceActors, aimed_at, is_place, is_town, party

if TYPE_CHECKING:
    from spacy.tokens import Token

    from detente.events.frames import Frame
    from detente.models import Mention

_WINDOW = 10
_BOUNDARIES = frozenset({";", ":", '"', "\u201c", "\u201d", "(", ")", "\u2014", "\u2013"})
_LOCATION_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "from"})
_WHERE_DEPS = frozenset({"pobj"})
_FORCE_ROOTS = frozenset({"17", "18", "19", "20"})


def with_nearby_parties(frame: Frame, actors: SentenceActors) -> Frame:
    """``frame`` with the nearest actors standing in for a missing agent or recipient."""
    entry = frame.entry
    if entry.strict or entry.statement or entry.target_from_location:
        return frame
    if not frame.agents and not _suffered(frame):  # "X, ..., was arrested": X is no agent
        patients = {party(r.mention) for r in frame.recipients}
        agent = _nearest(frame.trigger, actors, step=-1, exclude=patients)
        if agent is not None:
            frame = replace(frame, agents=(agent,))
    if not frame.recipients and not frame.reciprocal and frame.agents:
        own = {party(a.mention) for a in frame.agents}
        recipient = _nearest(frame.trigger, actors, step=1, exclude=own)
        if recipient is not None:
            frame = replace(frame, recipients=(recipient,), target_phrase=None)
    return frame


def _nearest(
    trigger: Token, actors: SentenceActors, *, step: int, exclude: Collection[str]
) -> Arg | None:
    sent = actors.sent
    i = trigger.i + step
    words = 0
    passed: set[int] = set()  # mentions judged at their first token met: not again
    while 0 <= i < len(sent) and words < _WINDOW:
        token = sent[i]
        if token.text in _BOUNDARIES or _other_clause(token, trigger):
            return None
        mention = actors.at(token)
        if mention is not None and id(mention) not in passed:
            if _usable(token, mention, exclude, agent=step < 0):
                return Arg(mention, token.i, "near", direct=False)
            passed.add(id(mention))
        words += token.pos_ != "PUNCT"
        i += step
    return None


def _usable(token: Token, mention: Mention, exclude: Collection[str], *, agent: bool) -> bool:
    """Not a bare role, not the agent's own party, not a place named only as where, and
    for an agent not a place after a preposition ("visit to Baku"; "by Russia" may act)."""
    if mention.role_only or party(mention) in exclude:
        return False
    preposition = token.head.text.lower() if token.dep_ in _WHERE_DEPS else None
    if is_town(mention) and (agent or not aimed_at(token)):
        return False  # "clashes in the town of Kyaukme": where, not whom
    if agent and preposition is not None and preposition != "by" and is_place(mention):
        return False
    return not (preposition in _LOCATION_PREPS and is_place(mention))


def _suffered(frame: Frame) -> bool:
    """A passive act of force or coercion ("was arrested", "were killed"): what stands
    before it underwent the act."""
    passive = any(child.dep_ in {"auxpass", "nsubjpass"} for child in frame.trigger.children)
    return passive and frame.cameo[:2] in _FORCE_ROOTS


def _other_clause(token: Token, trigger: Token) -> bool:
    """A verb other than the trigger, or a word opening a subordinate clause ("as",
    "because", "which"): the words beyond it belong to another predicate."""
    if token.i == trigger.i:
        return False
    return token.pos_ in {"VERB", "SCONJ"} or token.dep_ == "mark" or token.tag_ == "WDT"
