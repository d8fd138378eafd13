"""The other party of a two-country passage, for events whose text names no target.

An analysis of one relation names its two countries again and again and leaves the
second one out where the reader cannot miss it: in a passage about Turkey and Syria,
"Erdogan said Turkey may launch a military operation" threatens Syria; in one about
Greece and Turkey, "Ankara summoned the ambassador in protest" protests to Greece. An
event whose parse found one party and not the other takes the passage's other
country as the missing one when

* the passage is about two countries: each is named at least ``_PAIR_MIN`` times,
  and together they hold at least ``_PAIR_SHARE`` of the country-bearing mentions
  (names whose country the text gave outright, not a country taken from context);
* the party it has is one of the two, as a country (its state or its society);
* the event is of a kind that has a recipient (not a statement, a mobilisation or
  a retreat, whose target an analyst leaves empty when the text does);
* a protest with no named protester is its own country's crowd, not the other
  country's.

A passage about one country, or three, gives no counterpart: a wrong country is worse
than none. The event's rule records it (``+counterpart:<code>(<n> of <total>)``) so
``detente explain`` shows how the target was found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from detente.actors.context import outright_countries
from detente.events.lexicon import PROTEST_ROOT
from detente.models import Event, Mention

_PAIR_MIN = 2
_PAIR_SHARE = 0.7
_PAIR_BALANCE = 0.25
_COUNTERPART = "+counterpart:"
# CAMEO roots whose events have no recipient unless the text names one: statements,
# mobilising (15), yielding (08) and the unconventional violence that has victims,
# not a party, as its object (18, 20).
_UNDIRECTED_ROOTS = frozenset({"01", "08", "15", "18", "20"})


def document_pair(mentions: Sequence[Mention]) -> tuple[str, str, int, int] | None:
    """The two countries a passage is about, with the count of the pair's mentions and
    of all country-bearing mentions; None when it is not about two."""
    named = outright_countries(mentions)
    counts = Counter(named).most_common(2)
    if len(counts) < 2 or counts[1][1] < _PAIR_MIN:
        return None
    (first, a), (second, b) = counts
    if a + b < _PAIR_SHARE * len(named) or b < _PAIR_BALANCE * a:
        return None
    return first, second, a + b, len(named)


def with_counterparts(events: list[Event], mentions: Sequence[Mention]) -> list[Event]:
    """``events`` (one document) with each one-sided event of one of the passage's two
    countries completed with the other."""
    pair = document_pair(mentions)
    if pair is None:
        return events
    return [_aimed(event, pair) for event in events]


def _aimed(event: Event, pair: tuple[str, str, int, int]) -> Event:
    first, second, held, total = pair
    if event.cameo_root in _UNDIRECTED_ROOTS or bool(event.source_actor) == bool(
        event.target_actor
    ):
        return event
    known = event.source_country if event.source_actor else event.target_country
    if known not in (first, second):
        return event
    if not event.source_actor and event.cameo_root == PROTEST_ROOT:
        return event  # a crowd's protest is its own country's (``domestic.py``)
    other = second if known == first else first
    rule = f"{event.rule}{_COUNTERPART}{other}({held} of {total})"
    if event.source_actor:
        return replace(
            event, target_actor=other, target_country=other, target_sector=None, rule=rule
        )
    return replace(event, source_actor=other, source_country=other, source_sector=None, rule=rule)


def counterpart_note(rule: str) -> str | None:
    """How a side was completed from the passage's pair, in words, from an event's rule
    ("attack.v/nsubj-none+counterpart:SYR(9 of 11)" -> "SYR, the passage's other
    country (the pair holds 9 of its 11 country mentions)"); None if it was not."""
    _, found, rest = rule.partition(_COUNTERPART)
    if not found:
        return None
    code, _, counts = rest.partition("(")
    held, _, total = counts.partition(")")[0].partition(" of ")
    return (
        f"{code}, the passage's other country (the pair holds {held} of its {total} "
        "country mentions)"
    )
