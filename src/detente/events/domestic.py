"""What a domestic act means: the party it implies, and its type between sectors.

Who is implied when the sentence does not name the other party:

* Protesters protest their government: a protest (CAMEO 14) or a demand (10) by an
  unarmed society sector of a country (civilians, the opposition, a party, students)
  with no recipient is aimed at that country's government ("thousands took to the
  streets of Yerevan": ARM CVL -> ARM GOV).
* Repression falls on the public: a ban, curfew, arrest or crackdown (172, 173, 175)
  by a state's sector, or by the state itself, with no recipient actor falls on that
  country's civilians ("the government imposed a nationwide curfew": BGD GOV -> BGD
  CVL; "police detained 18 people" keeps "18 people" as its text).
* Arrests are the authorities' acts: a coercive act with no agent against a society
  sector of a country is that country's authorities' ("opposition leader X was
  detained": RUS GOV -> RUS OPP).

The implied party is a mention with kind ``implied`` placed at the trigger, whose rule
(``implied:government``, ``implied:public``, ``implied:authorities``) says why.

A crowd (civilians, protesters) that gathers, converges or comes out, in the words
of the general verb lexicon, is demonstrating (141), not consulting.

A crowd that blocks, occupies or shuts a road, a square or a building is protesting
(144 obstruct passage), not coercing anyone; society's boycotts and strikes are
protests (143), not sanctions, and a state's protest is an official complaint
(114: "China protested to Japan over the visit"), not a demonstration; police force
against people the text does not name ("security forces killed 17 people") falls on
the public (175).

Violence between a country's unarmed society and its state is protest or repression,
not war: civilians, students or an opposition storming, rioting or clashing with their
police is a violent protest (145); the state's violence against them is violent
repression (175). A police raid or search (storming an office, a swoop on a
hotel) is coercion (170) short of violence, unless it meets another country's state
or forces.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from detente.events.args import Arg
from detente.events.lexicon import COERCE_ROOT, CONSULT_ROOT, PROTEST_ROOT
from detente.models import Mention, sector_side

if TYPE_CHECKING:
    from detente.events.frames import Frame

# bans, curfews and states of emergency, arrests, violent repression: what falls on a
# public (seizing property or expelling a foreigner need not)
_REPRESSION = ("172", "173", "175")
_ASSAULT_ROOTS = frozenset({"18", "19", "20"})
_ARMED = frozenset({"REB"})
_VIOLENT_PROTEST = "145"
_VIOLENT_REPRESSION = "175"
_DEMONSTRATE = "141"
_CROWDS = frozenset({"CVL"})
_POLICE = "COP"
_DEMAND_ROOT = "10"
_OBSTRUCT = "144"
_SANCTION_ROOT = "16"
_BOYCOTT = "143"
_DEMONSTRATE_ANY = "140"
_COMPLAIN = "114"
# How a mention names a state outright: its name, its capital, its seat of government.
_STATE_NAMES = frozenset({"country", "capital", "seat"})
_DIPLOMATIC = frozenset({"GOV", "DIP"})
_STATE_BODIES = frozenset(
    {
        *("government", "parliament", "president", "minister", "cabinet", "assembly"),
        *("legislature", "council", "congress", "senate", "court", "governor", "mayor"),
    }
)
# Acts that obstruct passage: by a crowd they are a protest, not coercion.
_BLOCKING = frozenset(
    {"block", "blockade", "barricade", "occupy", "obstruct", "close", "shut", "picket"}
)
# Words for people whom police force falls on ("killed 17 people", "beat protesters").
_PEOPLE = frozenset(
    {
        *("people", "persons", "civilians", "demonstrators", "protesters", "protestors"),
        *("men", "women", "children", "students", "residents", "villagers", "youths"),
    }
)
_COERCE = "170"
# A law enforcement raid or search: coercion that falls short of violence.
_RAIDS = frozenset({"raid", "storm", "search", "swoop"})


def domestic_reading(frame: Frame, *, offset: int) -> Frame:
    """``frame`` as a domestic act: retyped between sectors, with the party it implies.
    ``offset`` is the sentence's start in the document."""
    return _implied_parties(_between_sectors(frame), offset=offset)


def _between_sectors(frame: Frame) -> Frame:
    if not frame.agents:
        return frame
    if frame.cameo[:2] == CONSULT_ROOT and frame.entry.strict:
        # a crowd that gathers, converges or comes out is demonstrating, not consulting
        return replace(frame, cameo=_DEMONSTRATE) if _crowd(frame.agents[0].mention) else frame
    agent = frame.agents[0].mention
    if frame.cameo[:2] == COERCE_ROOT and _unarmed(agent) and _blocking(frame):
        return replace(frame, cameo=_OBSTRUCT)  # protesters blocking roads, occupying squares
    if frame.cameo[:2] == _SANCTION_ROOT and _unarmed(agent):
        return replace(frame, cameo=_BOYCOTT)  # an opposition's boycott is a protest
    if frame.cameo == _DEMONSTRATE_ANY and _government(agent):
        return replace(frame, cameo=_COMPLAIN)  # a state's protest is an official complaint
    if frame.cameo[:2] not in _ASSAULT_ROOTS:
        return frame
    others = [a.mention for a in (*frame.agents[1:], *frame.recipients)]
    if (
        agent.sector == _POLICE
        and frame.trigger.lemma_.lower() in _RAIDS
        and not any(_foreign_state(agent, other) for other in others)
    ):
        return replace(frame, cameo=_COERCE)  # a law enforcement raid or search
    for other in others:
        if other.country != agent.country:
            continue
        if _unarmed(agent) and _state(other):
            return replace(frame, cameo=_VIOLENT_PROTEST)
        if _state(agent) and _unarmed(other):
            return replace(frame, cameo=_VIOLENT_REPRESSION)
    return frame


def _foreign_state(agent: Mention, other: Mention) -> bool:
    """Whether ``other`` is another country's state or forces: police fighting them is
    war, not policing."""
    return bool(other.country) and other.country != agent.country and _state(other)


def _crowd(mention: Mention) -> bool:
    return mention.sector in _CROWDS and mention.kind != "person"


def _unarmed(mention: Mention) -> bool:
    return _society(mention) and mention.sector not in _ARMED


def _implied_parties(frame: Frame, *, offset: int) -> Frame:
    root = frame.cameo[:2]
    if frame.reciprocal or root not in (PROTEST_ROOT, COERCE_ROOT, _DEMAND_ROOT, *_ASSAULT_ROOTS):
        return frame
    if frame.agents and not frame.recipients:
        agent = frame.agents[0].mention
        if root in (PROTEST_ROOT, _DEMAND_ROOT) and _unarmed(agent):
            party = _implied(frame, agent, "GOV", "government", offset)
            return replace(frame, recipients=(party,))
        if root in _ASSAULT_ROOTS and agent.sector == _POLICE and _people(frame):
            party = _implied(frame, agent, "CVL", "public", offset)
            return replace(frame, cameo=_VIOLENT_REPRESSION, recipients=(party,))
        if frame.cameo.startswith(_REPRESSION) and _state(agent) and not _state_body(frame):
            party = _implied(frame, agent, "CVL", "public", offset)
            return replace(frame, recipients=(party,))
    if root == COERCE_ROOT and frame.recipients and not frame.agents:
        target = frame.recipients[0].mention
        if _society(target):
            return replace(frame, agents=(_implied(frame, target, "GOV", "authorities", offset),))
    return frame


def _government(mention: Mention) -> bool:
    """A government, or a state named as such ("China", "Beijing"), not its people
    ("Georgians"), its forces or a body."""
    if mention.sector:
        return mention.sector in _DIPLOMATIC
    return mention.rule.rpartition(":")[2] in _STATE_NAMES


def _state_body(frame: Frame) -> bool:
    """Whether the act's object is a body or an office of the state ("dissolved the
    government", "impeached the president"): no repression of the public."""
    return any(obj.lemma_.lower() in _STATE_BODIES for obj in frame.objects)


def _blocking(frame: Frame) -> bool:
    return frame.trigger.lemma_.lower() in _BLOCKING


def _people(frame: Frame) -> bool:
    """Whether the act's object is people the text does not name ("17 people")."""
    return any(obj.lemma_.lower() in _PEOPLE or obj.lower_ in _PEOPLE for obj in frame.objects)


def _society(mention: Mention) -> bool:
    return bool(mention.country) and sector_side(mention.sector) == "society"


def _state(mention: Mention) -> bool:
    return bool(mention.country) and sector_side(mention.sector) == "state"


def _implied(frame: Frame, other: Mention, sector: str, what: str, offset: int) -> Arg:
    """The party of ``other``'s country with ``sector``, placed at the trigger."""
    trigger = frame.trigger
    start = offset + trigger.idx
    country = other.country or ""
    implied = Mention(
        text=frame.target_phrase or f"the {what}",
        start=start,
        end=start + len(trigger.text),
        actor=f"{country}{sector}",
        country=country,
        sector=sector,
        name=f"{country} {what}",
        kind="implied",
        rule=f"implied:{what}",
    )
    return Arg(implied, trigger.i, f"implied-{what}", direct=False)
