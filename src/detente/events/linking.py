"""How the frames of one sentence relate: borrowed actors, fallbacks, reciprocity.

* A frame without an agent borrows the actors of the event it elaborates ("the visit
  ..., where agreements were reached"), but never across a clause that has its own
  subject ("a campaign had encouraged the attack") and never from a speech act: the
  speaker of "said X attacked" or "accused Y of ignoring threats" is not the attacker.
* Lexicon entries may name the event's location as a fallback agent ("the arrest, in
  Baku, of ...") or target ("a visit in Baku").
* Reciprocal triggers ("met", "agreed", "signed", "talks") with coordinated agents and
  no recipient code both directions ("Turkey and Armenia agreed" -> TUR->ARM, ARM->TUR).
* Entries of a strict lexicon (the PETRARCH fallback verbs) code a frame only when its
  agent was found on the parse itself (subject, "by" phrase), not borrowed or guessed,
  and not when they only control another coded event ("plans to visit").
* A statement that reports another coded event is not coded itself.
* A statement that someone must act is the speaker's demand on them, coded with the
  act demanded, which is not coded itself ("Iran said Azerbaijan must withdraw its
  troops": IRN->AZE 105x, no withdrawal).
* An appeal is coded with what it asks for, and the act asked for is not coded: it
  has not happened ("urged Washington to lift sanctions" is 0254, appeal for easing of
  sanctions, from the urger to Washington; no 085 lifting by anyone).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from detente.events.factuality import OBLIGATION_AUX, appeal_for, demand_for, intent_for
from detente.events.lexicon import cameo_table

if TYPE_CHECKING:
    from spacy.tokens import Token

    from detente.events.frames import Frame

# CAMEO roots of speech acts: statements, appeals, demands, disapproval, rejection,
# threats. Their complements describe other events with other actors.
SPEECH_ROOTS = frozenset({"01", "02", "10", "11", "12", "13"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_WEIGHED_OPTION = "014"
_REPORTED = frozenset({"ccomp", "parataxis", "dobj", "xcomp"})
# where an appeal says what it asks for: "urged X to ...", "called for the release of",
# "demanded that ...", "requested a ceasefire"
_ASKED = frozenset({"xcomp", "ccomp", "advcl", "dobj", "prep", "dative"})


def link_frames(frames: list[Frame]) -> list[Frame]:
    """Apply inheritance, location fallbacks and reciprocity; drop subsumed statements."""
    linked = [_inherit(frame, frames) for frame in frames]
    linked = [_reciprocal(_fallbacks(frame)) for frame in linked]
    linked = [_rejected_recipients(frame, linked) for frame in linked]
    linked = [f for f in linked if not f.entry.strict or _strict_holds(f, linked)]
    linked = _appeals(_demands(linked))
    return [f for f in linked if not _subsumed_statement(f, linked)]


def is_speech_act(frame: Frame) -> bool:
    """Whether the frame is a statement, appeal, accusation, rejection or threat. Weighing
    an option (014, "exploring the possibility of selling") is not: the one who weighs
    it is the one who would act."""
    if frame.cameo == _WEIGHED_OPTION:
        return False
    return frame.entry.statement or cameo_table()[frame.cameo].root in SPEECH_ROOTS


def _inherit(frame: Frame, frames: list[Frame]) -> Frame:
    """A frame without actors borrows them from the event it elaborates."""
    if frame.agents:
        return frame
    for ancestor in _open_ancestors(frame.trigger):
        parent = next((f for f in frames if f.trigger.i == ancestor.i and f.agents), None)
        if parent is None:
            continue
        if is_speech_act(parent):
            return frame
        agents = tuple(replace(a, how="inherit", direct=False) for a in parent.agents)
        recipients = frame.recipients or tuple(
            replace(a, how="inherit", direct=False) for a in parent.recipients
        )
        return replace(frame, agents=agents, recipients=recipients)
    return frame


def _open_ancestors(trigger: Token) -> list[Token]:
    """Ancestors of the trigger up to the first verb with a subject of its own (kept:
    it may be the parent event, "X visited Baku, where agreements were reached")."""
    found: list[Token] = []
    for ancestor in trigger.ancestors:
        found.append(ancestor)
        if ancestor.pos_ in {"VERB", "AUX"} and _has_own_subject(ancestor, trigger):
            break
    return found


def _has_own_subject(head: Token, trigger: Token) -> bool:
    return any(
        c.dep_ in _SUBJECT_DEPS and not (c.left_edge.i <= trigger.i <= c.right_edge.i)
        for c in head.children
    )


def _fallbacks(frame: Frame) -> Frame:
    """Location-based fallbacks named by the lexicon entry."""
    location = frame.location
    if location is None:
        return frame
    entry = frame.entry
    if not frame.agents and entry.agent_fallback_location:
        frame = replace(frame, agents=(replace(location, how="location", direct=False),))
    if not frame.recipients and entry.target_fallback_location:
        countries = {a.mention.country for a in frame.agents}
        if location.mention.country not in countries:
            frame = replace(frame, recipients=(replace(location, how="location", direct=False),))
    return frame


def _reciprocal(frame: Frame) -> Frame:
    """Coordinated agents of a reciprocal trigger without a recipient act on each other."""
    if not frame.entry.reciprocal or frame.recipients:
        return frame
    countries = {a.mention.country or a.mention.actor for a in frame.agents}
    if len(countries) < 2:
        return frame
    return replace(frame, reciprocal=True)


def _rejected_recipients(frame: Frame, frames: list[Frame]) -> Frame:
    """A rejection without a recipient is aimed at the other party of the event it
    rejects: "the Taliban rejected talks with the government" rejects the government."""
    if frame.recipients or cameo_table()[frame.cameo].root != "12":
        return frame
    inner = {t.i for c in frame.trigger.children if c.dep_ in _REPORTED for t in c.subtree}
    for other in frames:
        if other is not frame and other.trigger.i in inner and other.recipients:
            borrowed = tuple(replace(a, how="rejected", direct=False) for a in other.recipients)
            return replace(frame, recipients=borrowed)
    return frame


def _appeals(frames: list[Frame]) -> list[Frame]:
    """Code each appeal (CAMEO 02) with the act it asks for, and drop that act."""
    asked: set[int] = set()
    coded: list[Frame] = []
    for frame in frames:
        if frame.entry.statement or cameo_table()[frame.cameo].root != "02":
            coded.append(frame)
            continue
        inner = [f for f in frames if f.trigger.i in _asked_tokens(frame.trigger)]
        asked |= {f.trigger.i for f in inner}
        if inner:
            first = min(inner, key=lambda f: _depth(f.trigger, frame.trigger))
            frame = _asking(frame, first) if frame.cameo == "020" else frame
            coded.append(replace(frame, asks=first.entry.id))
        else:
            coded.append(frame)
    return [f for f in coded if f.trigger.i not in asked]


def _demands(frames: list[Frame]) -> list[Frame]:
    """Turn each statement whose clause says someone must act into that demand."""
    demanded: set[int] = set()
    coded: list[Frame] = []
    for frame in frames:
        clause = _reported_tokens(frame.trigger) if frame.entry.statement else set()
        inner = [f for f in frames if f.trigger.i in clause and _obliged(f.trigger, clause)]
        if not inner:
            coded.append(frame)
            continue
        act = min(inner, key=lambda f: _depth(f.trigger, frame.trigger))
        demanded |= {f.trigger.i for f in inner}
        own = {a.mention.country or a.mention.actor for a in frame.agents}
        parties = tuple(
            replace(a, how="demanded-" + a.how, direct=False)
            for a in act.agents
            if (a.mention.country or a.mention.actor) not in own
        )
        demand = replace(frame, cameo=demand_for(act.cameo), asks=act.entry.id)
        coded.append(replace(demand, recipients=parties or frame.recipients))
    return [f for f in coded if f.trigger.i not in demanded]


def _reported_tokens(trigger: Token) -> set[int]:
    return {t.i for c in trigger.children if c.dep_ in {"ccomp", "parataxis"} for t in c.subtree}


def _obliged(trigger: Token, clause: set[int]) -> bool:
    """Whether a "must" or "should" governs the trigger within the reported clause
    ("must withdraw", "must stop the attacks")."""
    token = trigger
    while token.i in clause:
        if any(c.dep_ == "aux" and c.text.lower() in OBLIGATION_AUX for c in token.children):
            return True
        if token.head.i == token.i:
            break
        token = token.head
    return False


def _asking(appeal: Frame, act: Frame) -> Frame:
    """The generic appeal refined by the act it asks for. A call for force or sanctions
    against a party is coded as CAMEO codes it, a threat aimed at that party ("Greece
    called for sanctions against Turkey": 1312, GRC->TUR)."""
    code = appeal_for(act.cameo)
    if code is not None:
        return replace(appeal, cameo=code)
    own = {a.mention.country or a.mention.actor for a in appeal.agents}
    victims = tuple(
        replace(a, how="asked-" + a.how, direct=False)
        for a in act.recipients
        if (a.mention.country or a.mention.actor) not in own
    )
    threat = intent_for(act.cameo)
    if threat is None or not victims:
        return appeal
    return replace(appeal, cameo=threat, recipients=victims)


def _asked_tokens(trigger: Token) -> set[int]:
    """Tokens of what an appeal asks for: its infinitive, "that" clause, object or
    "for" phrase; not a clause of time or cause ("urged calm after Israel struck")."""
    found: set[int] = set()
    for child in trigger.children:
        if child.dep_ not in _ASKED:
            continue
        if child.dep_ in {"prep", "dative"} and child.text.lower() != "for":
            continue
        if child.dep_ == "advcl" and not any(
            c.dep_ == "aux" and c.text.lower() == "to" for c in child.children
        ):
            continue
        found |= {t.i for t in child.subtree}
    return found


def _depth(token: Token, root: Token) -> int:
    depth = 0
    while token.i != root.i and token.head.i != token.i:
        token, depth = token.head, depth + 1
    return depth


def _strict_holds(frame: Frame, frames: list[Frame]) -> bool:
    """A strict frame needs an agent found on the parse, and is not the control verb of
    another coded event ("plans to visit": the visit, future, is the event)."""
    if not any(a.direct for a in frame.agents):
        return False
    inner = {t.i for c in frame.trigger.children if c.dep_ == "xcomp" for t in c.subtree}
    return not any(f.trigger.i in inner for f in frames if f is not frame)


def _subsumed_statement(frame: Frame, frames: list[Frame]) -> bool:
    """A statement that reports another coded event is not coded itself (a demand or an
    appeal, which carries the act it asks for, is)."""
    if frame.asks is not None:
        return False
    if not frame.entry.statement:
        if cameo_table()[frame.cameo].root != "01":
            return False
        # a statement verb of another lexicon ("announced the arrest") reports its object
        inner = {t.i for c in frame.trigger.children if c.dep_ in _REPORTED for t in c.subtree}
        return any(f.trigger.i in inner for f in frames if f is not frame)
    inner = {
        t.i for c in frame.trigger.children if c.dep_ in {"ccomp", "parataxis"} for t in c.subtree
    }
    has_clause = bool(inner)
    return not has_clause or any(f.trigger.i in inner for f in frames if f is not frame)
