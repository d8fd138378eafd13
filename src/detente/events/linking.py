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

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from detente.events.args import inside, is_infinitive, party
from detente.events.factuality import OBLIGATION_AUX, appeal_for, demand_for, intent_for
from detente.events.lexicon import CONSULT_ROOT, cameo_table

if TYPE_CHECKING:
    from spacy.tokens import Token

    from detente.events.args import Arg
    from detente.events.frames import Frame

# CAMEO roots of speech acts: statements, appeals, demands, disapproval, rejection,
# threats. Their complements describe other events with other actors.
SPEECH_ROOTS = frozenset({"01", "02", "10", "11", "12", "13"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_WEIGHED_OPTION = "014"
_REPORTED = frozenset({"ccomp", "parataxis", "dobj", "xcomp"})
_CLAUSE = frozenset({"ccomp", "parataxis"})  # what a statement says
_XCOMP = frozenset({"xcomp"})
# where an appeal says what it asks for: "urged X to ...", "called for the release of",
# "demanded that ...", "requested a ceasefire"
# appeals (02) and demands (10): they ask for an act, which is then not coded itself
REQUEST_ROOTS = frozenset({"02", "10"})
_DURING = frozenset({"during", "at", "in", "on"})
_ASKED = frozenset({"xcomp", "ccomp", "advcl", "acl", "dobj", "prep", "dative"})


def link_frames(frames: list[Frame]) -> list[Frame]:
    """Apply inheritance, location fallbacks and reciprocity; drop subsumed statements."""
    linked = [_inherit(frame, frames) for frame in frames]
    linked = [_met_party(frame, linked) for frame in linked]
    linked = [_reciprocal(_fallbacks(frame)) for frame in linked]
    linked = [_rejected_recipients(frame, linked) for frame in linked]
    linked = [f for f in linked if not f.entry.strict or _strict_holds(f, linked)]
    linked = _requests(linked)
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


def _met_party(frame: Frame, frames: list[Frame]) -> Frame:
    """An act done during a meeting or call is aimed at the other party of it: "Putin
    apologised during a telephone conversation with Aliyev" (RUS->AZE), "signed the
    deal at talks with Pashinyan"."""
    if frame.recipients or not frame.agents:
        return frame
    for prep in (c for c in frame.trigger.children if c.text.lower() in _DURING):
        meetings = [
            f
            for f in frames
            if f.trigger.head.i == prep.i and f.cameo[:2] == CONSULT_ROOT and f.recipients
        ]
        for meeting in meetings:
            parties = _other_parties(meeting.recipients, frame.agents, how="met")
            if parties:
                return replace(frame, recipients=parties)
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
    return any(c.dep_ in _SUBJECT_DEPS and not inside(trigger, c) for c in head.children)


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
    """Coordinated agents of a reciprocal trigger without a recipient act on each other,
    and so do those of any trigger whose object is "each other" or "one another"
    ("Armenia and Azerbaijan accused each other")."""
    if frame.recipients or not (frame.entry.reciprocal or _each_other(frame.trigger)):
        return frame
    countries = {party(a.mention) for a in frame.agents}
    if len(countries) < 2:
        return frame
    return replace(frame, reciprocal=True)


def _each_other(trigger: Token) -> bool:
    return any(
        c.lemma_.lower() in {"other", "another"}
        and any(d.lower_ in {"each", "one"} for d in c.children)
        for c in trigger.children
        if c.dep_ in {"dobj", "pobj", "npadvmod"}
    )


def _rejected_recipients(frame: Frame, frames: list[Frame]) -> Frame:
    """A rejection without a recipient is aimed at the other party of the event it
    rejects: "the Taliban rejected talks with the government" rejects the government."""
    if frame.recipients or cameo_table()[frame.cameo].root != "12":
        return frame
    inner = _under(frame.trigger, _REPORTED)
    for other in frames:
        if other is not frame and other.trigger.i in inner and other.recipients:
            borrowed = tuple(replace(a, how="rejected", direct=False) for a in other.recipients)
            return replace(frame, recipients=borrowed)
    return frame


def _requests(frames: list[Frame]) -> list[Frame]:
    """Code each demand and each appeal with the act it asks for, and drop that act."""
    return _absorb(_absorb(frames, _demanded, _demand), _asked, _appeal)


def _absorb(
    frames: list[Frame],
    acts_of: Callable[[Frame, list[Frame]], list[Frame]],
    code: Callable[[Frame, Frame], Frame],
) -> list[Frame]:
    """Recode each frame that asks for other frames (``acts_of``) with the nearest of
    them (``code``), and drop those it asks for: they have not happened."""
    absorbed: set[int] = set()
    coded: list[Frame] = []
    for frame in frames:
        acts = acts_of(frame, frames)
        if acts:
            act = min(acts, key=lambda f: _depth(f.trigger, frame.trigger))
            absorbed |= {f.trigger.i for f in acts}
            frame = replace(code(frame, act), asks=act.entry.id)
        coded.append(frame)
    return [f for f in coded if f.trigger.i not in absorbed]


def _demanded(frame: Frame, frames: list[Frame]) -> list[Frame]:
    """The acts a statement says someone must do ("Iran said Azerbaijan must withdraw")."""
    if not frame.entry.statement:
        return []
    clause = _under(frame.trigger, _CLAUSE)
    return [f for f in frames if f.trigger.i in clause and _obliged(f.trigger, clause)]


def _demand(statement: Frame, act: Frame) -> Frame:
    """The statement as the speaker's demand on whoever must act (CAMEO 10x)."""
    parties = _other_parties(act.agents, statement.agents, how="demanded")
    return replace(
        statement, cameo=demand_for(act.cameo), recipients=parties or statement.recipients
    )


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


def _asked(frame: Frame, frames: list[Frame]) -> list[Frame]:
    """The acts an appeal (CAMEO 02) or a demand (10) asks for."""
    if frame.entry.statement or cameo_table()[frame.cameo].root not in REQUEST_ROOTS:
        return []
    asked = _asked_tokens(frame.trigger)
    return [f for f in frames if f.trigger.i in asked]


def _appeal(appeal: Frame, act: Frame) -> Frame:
    """The generic appeal (020) or demand (100) refined by the act it asks for. A call for force or
    sanctions against a party is coded as CAMEO codes it, a threat aimed at that party
    ("Greece called for sanctions against Turkey": 1312, GRC->TUR)."""
    if appeal.cameo == "100":
        return replace(appeal, cameo=demand_for(act.cameo))
    if appeal.cameo != "020":
        return appeal
    code = appeal_for(act.cameo)
    if code is not None:
        return replace(appeal, cameo=code)
    victims = _other_parties(act.recipients, appeal.agents, how="asked")
    threat = intent_for(act.cameo)
    if threat is None or not victims:
        return appeal
    return replace(appeal, cameo=threat, recipients=victims)


def _other_parties(args: tuple[Arg, ...], agents: tuple[Arg, ...], *, how: str) -> tuple[Arg, ...]:
    """``args`` that are not the agents' own country or actor, marked as borrowed."""
    own = {party(a.mention) for a in agents}
    return tuple(
        replace(a, how=f"{how}-{a.how}", direct=False) for a in args if party(a.mention) not in own
    )


def _asked_tokens(trigger: Token) -> set[int]:
    """Tokens of what an appeal asks for: its infinitive, "that" clause, object or
    "for" phrase; not a clause of time or cause ("urged calm after Israel struck")."""
    found: set[int] = set()
    for child in trigger.children:
        if child.dep_ not in _ASKED:
            continue
        if child.dep_ in {"prep", "dative"} and child.text.lower() != "for":
            continue
        if child.dep_ == "advcl" and not is_infinitive(child):
            continue
        found |= {t.i for t in child.subtree}
    return found


def _under(trigger: Token, deps: frozenset[str]) -> set[int]:
    """The tokens of the trigger's phrases attached by one of ``deps``."""
    return {t.i for c in trigger.children if c.dep_ in deps for t in c.subtree}


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
    inner = _under(frame.trigger, _XCOMP)
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
        inner = _under(frame.trigger, _REPORTED)
        return any(f.trigger.i in inner for f in frames if f is not frame)
    inner = _under(frame.trigger, _CLAUSE)
    has_clause = bool(inner)
    return not has_clause or any(f.trigger.i in inner for f in frames if f is not frame)
