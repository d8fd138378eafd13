"""Date an event by the temporal expression that governs its trigger.

GDELT, ICEWS and PETRARCH date every event by its article, so a visit of October 2022
described in May 2023 lands in May 2023. detente picks, in order:

1. ``attached``: an expression attached to the trigger on the parse: a temporal noun
   ("visited Baku last week": npadvmod), a prepositional phrase ("in/on/during/since
   ..."), or a modifier of an event noun ("the October 2022 visit": compound/nmod);
2. ``clause``: the nearest expression in the trigger's clause;
3. ``sentence``: the nearest expression elsewhere in the sentence;
4. ``narrative``: for a past-tense trigger in a sentence without any dated expression,
   the last date of the same paragraph, at most ``NARRATIVE_SENTENCES`` sentences back
   ("... the April 2022 visit by Lieberman. Israel reciprocated by pledging ...");
5. ``publication``: the document's publication date (``date_basis = "publication"``).

``date_basis`` is "explicit" when the expression gives its date by itself ("October
2022"), "relative" when the temporal stage resolved it from the publication date or
from an earlier date in the text ("in April", "later that year").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from detente.models import DateBasis, Granularity, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Token

DateRule = Literal["attached", "clause", "sentence", "narrative", "publication", "none"]

# How many sentences back the narrative date may stand ("Israel reciprocated ..." right
# after the sentence that dates the visit).
NARRATIVE_SENTENCES = 2
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_PAST_TAGS = frozenset({"VBD"})
_NOT_PAST_TAGS = frozenset({"MD", "VBZ", "VBP"})

# Arcs from a trigger to a temporal modifier.
_TIME_ARCS = frozenset({"npadvmod", "nmod", "compound", "tmod", "amod", "obl:tmod"})
_TIME_PREPS = frozenset(
    {"in", "on", "during", "since", "from", "at", "by", "until", "after", "before", "between"}
)
# Arcs that open an embedded clause: its times belong to its own events.
_CLAUSE_ARCS = frozenset({"advcl", "ccomp", "relcl", "acl", "conj", "parataxis", "xcomp"})
_VERBAL = frozenset({"VERB", "AUX"})


@dataclass(frozen=True, slots=True, kw_only=True)
class EventDate:
    """When an event happened, and how that was decided."""

    start: dt.date | None
    end: dt.date | None
    granularity: Granularity
    basis: DateBasis
    rule: DateRule
    expression: TimeExpr | None = None


def date_event(
    trigger: Token,
    *,
    sentence_start: int,
    times: Sequence[TimeExpr],
    doc_date: dt.date | None,
    text: str | None = None,
) -> EventDate:
    """The date of the event whose trigger is ``trigger``.

    ``trigger`` belongs to a parse of one sentence whose first character is at
    ``sentence_start`` in the document; ``times`` are the document's temporal
    expressions (document offsets; those outside the sentence or without a date range
    are ignored, earlier ones serve the narrative rule); ``doc_date`` is the
    publication date; ``text`` is the document's text, which the narrative rule needs
    to see paragraph breaks (without it the rule is skipped).
    """
    sentence_end = sentence_start + len(trigger.doc.text)
    dated = [
        t for t in times if t.date_start is not None and sentence_start <= t.start < sentence_end
    ]
    position = sentence_start + trigger.idx
    attached = _within(dated, _attached_spans(trigger, sentence_start))
    if attached:
        return _from(_nearest(attached, position), "attached")
    clause = _within(dated, _clause_spans(trigger, sentence_start))
    if clause:
        return _from(_nearest(clause, position), "clause")
    if dated:
        return _from(_nearest(dated, position), "sentence")
    told = _narrative_date(trigger, times, sentence_start=sentence_start, text=text)
    if told is not None:
        return _from(told, "narrative", basis="relative")
    if doc_date is not None:
        return EventDate(
            start=doc_date, end=doc_date, granularity="day", basis="publication", rule="publication"
        )
    return EventDate(start=None, end=None, granularity="unknown", basis="unknown", rule="none")


def _from(expr: TimeExpr, rule: DateRule, *, basis: DateBasis | None = None) -> EventDate:
    if basis is None:
        basis = "explicit" if expr.basis == "explicit" else "relative"
    return EventDate(
        start=expr.date_start,
        end=expr.date_end,
        granularity=expr.granularity,
        basis=basis,
        rule=rule,
        expression=expr,
    )


def _nearest(times: list[TimeExpr], position: int) -> TimeExpr:
    return min(times, key=lambda t: (min(abs(t.start - position), abs(t.end - position)), t.start))


def _within(times: list[TimeExpr], spans: list[tuple[int, int]]) -> list[TimeExpr]:
    return [t for t in times if any(start <= t.start < end for start, end in spans)]


def _attached_spans(trigger: Token, offset: int) -> list[tuple[int, int]]:
    """Document spans of the temporal modifiers of ``trigger`` on the parse."""
    return [
        _span(child, offset)
        for child in trigger.children
        if child.dep_ in _TIME_ARCS or (child.dep_ == "prep" and child.lower_ in _TIME_PREPS)
    ]


def _clause_spans(trigger: Token, offset: int) -> list[tuple[int, int]]:
    """Document spans of the trigger's clause, without the clauses embedded in it."""
    head = _clause_head(trigger)
    inside = _clause_tokens(head, keep=trigger)
    return [(offset + t.idx, offset + t.idx + len(t.text)) for t in inside]


def _clause_head(token: Token) -> Token:
    """The verb heading the clause ``token`` is in (the token itself for a verb)."""
    current = token
    while current.pos_ not in _VERBAL and current.head.i != current.i:
        current = current.head
    return current


def _clause_tokens(head: Token, *, keep: Token) -> Iterator[Token]:
    """Tokens of ``head``'s clause; embedded clauses are skipped unless they hold ``keep``."""
    yield head
    for child in head.children:
        embedded = child.dep_ in _CLAUSE_ARCS and child.pos_ in _VERBAL
        if embedded and not _dominates(child, keep):
            continue
        if embedded:
            yield from _clause_tokens(child, keep=keep)
        else:
            yield from child.subtree


def _dominates(ancestor: Token, token: Token) -> bool:
    return ancestor.left_edge.i <= token.i <= ancestor.right_edge.i and (
        ancestor.i == token.i or ancestor.is_ancestor(token)
    )


def _span(token: Token, offset: int) -> tuple[int, int]:
    edge = token.right_edge
    return offset + token.left_edge.idx, offset + edge.idx + len(edge.text)


def _narrative_date(
    trigger: Token, times: Sequence[TimeExpr], *, sentence_start: int, text: str | None
) -> TimeExpr | None:
    """The date the paragraph's narrative is at, for a past-tense trigger, or None.

    The last dated point (not a period) before the sentence, in the same paragraph and
    at most ``NARRATIVE_SENTENCES`` sentences back; only for verbal triggers.
    """
    if text is None or trigger.pos_ not in _VERBAL or not past_tense(trigger):
        return None  # a noun ("An attempt on his life ...") may start a new story
    earlier = [
        t
        for t in times
        if t.date_start is not None
        and t.end <= sentence_start
        and t.type in {"DATE", "TIME"}
        and t.granularity not in {"range", "unknown"}
    ]
    if not earlier:
        return None
    last = max(earlier, key=lambda t: t.end)
    gap = text[last.end : sentence_start]
    if _PARAGRAPH_BREAK.search(gap) or len(_SENTENCE_END.findall(gap)) > NARRATIVE_SENTENCES:
        return None
    return last


def past_tense(trigger: Token) -> bool:
    """Whether the verbs from the trigger up to the root are past, none present or modal.

    Every head on the way counts, so that one mistagged verb ("with the embassy closed"
    read as a past tense) does not make a present-tense sentence past.
    """
    current, past = trigger, False
    while True:
        tags = {current.tag_} | {c.tag_ for c in current.children if c.dep_ in {"aux", "auxpass"}}
        if tags & _NOT_PAST_TAGS:
            return False
        past = past or bool(tags & _PAST_TAGS)
        if current.head.i == current.i:
            return past
        current = current.head
