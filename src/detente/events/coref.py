"""Event coreference for dating: a later mention of a dated happening takes its date.

"Israeli foreign minister Eli Cohen's April 2023 visit to Baku ..." and, paragraphs
later, "... Cohen's meetings in Baku took place just before he flew to Turkmenistan to
inaugurate his country's first embassy": the second sentence has no date of its own,
so the dating rules give it the publication date, but it is the same trip. An event
whose date is only the publication date takes the date of an earlier event of the
same document (``date_basis = "coreference"``) when all of these hold:

* its trigger is in the past tense (every verb up to the root past, none present or
  modal: ``dating.past_tense``), so no future or hypothetical event inherits a past
  date;
* the earlier event is the *nearest* earlier one about the same participants that
  carries a date from the text (explicit or relative): the same person as source
  ("Cohen" ... "he"), or the same pair of countries in either direction;
* that earlier event has a compatible CAMEO root: the same quad class, and neither is a
  bare statement (CAMEO 01-02); a nearer event about the same participants with an
  incompatible root stops the search;
* it is asserted or reported, not after the publication date, and at most
  ``COREF_PARAGRAPHS`` paragraphs back;
* no dated expression earlier in the event's own paragraph contradicts the date (the
  paragraph has moved to another time).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from detente.events.dating import past_tense
from detente.models import Event, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Token

    from detente.events.args import Arg

# How many paragraphs back the antecedent may stand (an analysis returns to a visit
# after a section of background).
COREF_PARAGRAPHS = 4
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_STATEMENT_ROOTS = frozenset({"01", "02"})
_TEXT_BASES = frozenset({"explicit", "relative"})
_HAPPENED = frozenset({"asserted", "reported"})


@dataclass(frozen=True, slots=True)
class _Dated:
    event: Event
    person: str | None  # the name of the source, when it is a person


class DateCoreference:
    """The dated events of one document so far; dates later mentions from them.

    Feed it every event of the document in text order with :meth:`resolve`.
    """

    def __init__(self, *, text: str, times: Sequence[TimeExpr] = ()) -> None:
        self._text = text
        self._times = [
            t
            for t in times
            if t.date_start is not None
            and t.type in {"DATE", "TIME"}
            and t.granularity not in {"range", "unknown"}
        ]
        self._dated: list[_Dated] = []

    def resolve(self, event: Event, *, trigger: Token, source: Arg | None) -> Event:
        """``event``, dated by coreference when the rules above allow it."""
        person = _person(source)
        if event.date_basis in _TEXT_BASES:
            self._dated.append(_Dated(event, person))
            return event
        if event.date_basis != "publication" or not past_tense(trigger):
            return event
        antecedent = self._antecedent(event, person)
        if antecedent is None or self._contradicted(event, antecedent):
            return event
        return replace(
            event,
            date_start=antecedent.date_start,
            date_end=antecedent.date_end,
            date_granularity=antecedent.date_granularity,
            date_basis="coreference",
        )

    def _antecedent(self, event: Event, person: str | None) -> Event | None:
        for dated in reversed(self._dated):
            earlier = dated.event
            if earlier.sentence_start >= event.sentence_start:
                continue
            if self._paragraphs_between(earlier, event) > COREF_PARAGRAPHS:
                return None
            if not _same_participants(event, person, dated):
                continue
            if not _compatible(event, earlier):
                return None  # the nearest event about them is another kind of happening
            return earlier
        return None

    def _paragraphs_between(self, earlier: Event, event: Event) -> int:
        gap = self._text[earlier.sentence_end : event.sentence_start]
        return len(_PARAGRAPH_BREAK.findall(gap))

    def _contradicted(self, event: Event, antecedent: Event) -> bool:
        """A dated expression earlier in the event's paragraph that the date misses."""
        start = event.sentence_start
        breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(self._text, 0, start)]
        paragraph = breaks[-1] if breaks else 0
        return any(
            paragraph <= t.start < start and not _overlap(t, antecedent) for t in self._times
        )


def _person(arg: Arg | None) -> str | None:
    if arg is None or arg.mention.kind != "person":
        return None
    return arg.mention.name or None


def _parties(event: Event) -> frozenset[str] | None:
    source = event.source_country or event.source_actor
    target = event.target_country or event.target_actor
    if source is None or target is None:
        return None
    return frozenset({source, target})


def _same_participants(event: Event, person: str | None, dated: _Dated) -> bool:
    if person is not None and person == dated.person:
        return True
    pair = _parties(event)
    return pair is not None and pair == _parties(dated.event)


def _compatible(event: Event, earlier: Event) -> bool:
    return (
        event.quad_class == earlier.quad_class
        and event.cameo_root not in _STATEMENT_ROOTS
        and earlier.cameo_root not in _STATEMENT_ROOTS
        and earlier.factuality in _HAPPENED
        and earlier.date_start is not None
        and (event.date_start is None or earlier.date_start <= event.date_start)
    )


def _overlap(time: TimeExpr, event: Event) -> bool:
    if time.date_start is None or event.date_start is None:
        return True
    time_end = time.date_end or time.date_start
    event_end = event.date_end or event.date_start
    return time.date_start <= event_end and event.date_start <= time_end
