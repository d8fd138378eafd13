"""The party behind an event a sentence refers back to.

"North Korea fired a ballistic missile into Japan's waters. Japanese Prime Minister
Shinzo Abe condemned the missile launch." The condemnation names no actor as its
target, only an earlier event; its target is that event's agent (PRK). An event that
reacts to another (disapproval, demands, rejection, threats: CAMEO 10-13) and has no
recipient takes the source of the event its target phrase names, when

* the phrase's head is an event noun ("the launch", "yesterday's attack", "the
  decision", "the move");
* an earlier event of the same document (in the last ``_REACH`` characters) has a
  trigger of that noun's word family ("launch" ~ launched, "attack" ~ attacked) or,
  for a general noun ("the move", "the decision", "the provocation"), is the nearest
  earlier event of a material kind (quad class 2 or 4);
* that event's source is another party than the reacting one.

The event's rule records the antecedent (``+about:<trigger>@<offset>``).
"""

from __future__ import annotations

from dataclasses import replace

from detente.models import Event

_REACH = 1500
_REACTION_ROOTS = frozenset({"10", "11", "12", "13"})
_MATERIAL_QUADS = frozenset({2, 4})
# Event nouns whose word family names their antecedent's trigger.
_FAMILIES: dict[str, tuple[str, ...]] = {
    "attack": ("attack",),
    "attacks": ("attack",),
    "launch": ("launch", "fire", "fired", "test"),
    "launches": ("launch", "fire", "fired", "test"),
    "test": ("test", "launch", "fire", "fired"),
    "tests": ("test", "launch", "fire", "fired"),
    "strike": ("strike", "struck", "bomb", "attack"),
    "strikes": ("strike", "struck", "bomb", "attack"),
    "shooting": ("shoot", "shot", "fire", "fired", "kill", "attack"),
    "killing": ("kill", "shoot", "shot", "attack"),
    "killings": ("kill", "shoot", "shot", "attack"),
    "bombing": ("bomb", "strike", "struck", "attack"),
    "shelling": ("shell", "fire", "fired", "attack"),
    "arrest": ("arrest", "detain"),
    "detention": ("detain", "arrest"),
    "expulsion": ("expel",),
    "sanctions": ("sanction", "impose"),
    "incursion": ("cross", "enter", "invade", "incursion"),
    "invasion": ("invade", "invasion"),
}
# General nouns: the nearest earlier material event is what they name.
_GENERAL = frozenset(
    {
        *("move", "decision", "step", "steps", "action", "actions", "provocation"),
        *("provocations", "violence", "crackdown", "operation", "measures", "measure"),
    }
)


def with_antecedent_targets(events: list[Event]) -> list[Event]:
    """``events`` (one document, in text order) with reactions aimed at the agent of
    the earlier event they name."""
    done: list[Event] = []
    for event in events:
        done.append(_aimed(event, done))
    return done


def _aimed(event: Event, earlier: list[Event]) -> Event:
    if event.target_actor or event.cameo_root not in _REACTION_ROOTS or not event.target_text:
        return event
    noun = event.target_text.split()[-1].lower().strip(".,;:'\"\u2019")
    family = _FAMILIES.get(noun)
    if family is None and noun not in _GENERAL:
        return event
    for other in reversed(earlier):
        if event.sentence_start - other.sentence_start > _REACH:
            return event
        if not other.source_actor or other.source_country == event.source_country:
            continue
        trigger = other.trigger_text.lower()
        named = (
            any(trigger.startswith(word) for word in family)
            if family is not None
            else other.quad_class in _MATERIAL_QUADS
        )
        if named:
            return _aimed_at(event, other)
    return event


def _aimed_at(event: Event, other: Event) -> Event:
    offset = other.sentence_start
    return replace(
        event,
        target_actor=other.source_actor,
        target_country=other.source_country,
        target_sector=other.source_sector,
        rule=f"{event.rule}+about:{other.trigger_text}@{offset}",
    )
