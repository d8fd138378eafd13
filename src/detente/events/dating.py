"""Date an event by the temporal expression that governs its trigger.

GDELT, ICEWS and PETRARCH date every event by its article, so a visit of October 2022
described in May 2023 lands in May 2023. detente picks, in order:

1. ``attached``: an expression attached to the trigger on the parse: a temporal noun
   ("visited Baku last week": npadvmod), a prepositional phrase ("in/on/during/since
   ..."), or a modifier of an event noun ("the October 2022 visit": compound/nmod);
2. ``clause``: the nearest expression in the trigger's clause (not in the clauses
   embedded in it, at any depth);
3. ``sentence``: the nearest expression of a clause above the trigger's ("On Monday X
   said Y had attacked"); one in a clause below or beside it dates that clause's
   events only;
4. ``narrative``: for a past-tense trigger in a sentence without any dated expression,
   the last date of the same paragraph, at most ``NARRATIVE_SENTENCES`` sentences back
   ("... the April 2022 visit by Lieberman. Israel reciprocated by pledging ...");
5. ``story``: for a past-tense or future trigger that is not a speech act, the day
   the story's lead names, up to ``STORY_DAYS`` before publication ("Trump on
   Thursday announced ... The agreement came after a three-way phone call"; "...
   delegations will meet": a pledge is dated when it was made); undated statements
   keep the publication date;
6. ``publication``: the document's publication date (``date_basis = "publication"``).

Before the sentence rule, ``offset`` dates an event inside "N days after/before ..."
from the clause the phrase depends on ("said Wednesday ..., a day after protesters
stormed parliament": Tuesday).

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
from detente.temporal.dates import shift
from detente.temporal.vocab import NUMBER_WORD_RE, parse_number, unit_code

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

DateRule = Literal[
    "attached", "clause", "offset", "sentence", "narrative", "story", "publication", "none"
]

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
_NOUNS = frozenset({"NOUN", "PROPN"})


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
        t
        for t in times
        if t.date_start is not None
        and sentence_start <= t.start < sentence_end
        and _may_date(trigger, t, sentence_start)
    ]
    position = sentence_start + trigger.idx
    attached = _within(dated, _attached_spans(trigger, sentence_start))
    if attached:
        return _from(_nearest(attached, position), "attached")
    clause = _within(dated, _clause_spans(trigger, sentence_start))
    if clause:
        return _from(_nearest(clause, position), "clause")
    shifted = _offset_date(trigger, sentence_start=sentence_start, times=times, doc_date=doc_date)
    if shifted is not None:
        return shifted
    if _own_time_word(trigger):  # "have recently accused": not the sentence's other date
        return _publication(doc_date)
    governing = [t for t in dated if _governs(trigger, t, sentence_start)]
    if _future(trigger) and doc_date is not None:  # "would demand": not a past date
        governing = [t for t in governing if t.date_end is None or t.date_end >= doc_date]
    if governing:
        return _from(_nearest(governing, position), "sentence")
    told = _narrative_date(trigger, times, sentence_start=sentence_start, text=text)
    if told is not None:
        return _from(told, "narrative", basis="relative")
    story = _story_date(trigger, times, sentence_start=sentence_start, doc_date=doc_date, text=text)
    if story is not None:
        return _from(story, "story", basis="relative")
    return _publication(doc_date)


_SPEECH_LEMMAS = frozenset(
    {
        *("say", "tell", "state", "announce", "accuse", "criticise", "criticize", "condemn"),
        *("urge", "call", "warn", "demand", "deny", "reject", "claim", "blame", "insist"),
        *("express", "praise", "welcome", "reiterate", "stress", "add", "note", "declare"),
        *("vow", "pledge", "promise", "threaten", "comment", "mention", "report", "describe"),
    }
)

# The lead of a news story dates it ("... agreed on Wednesday to cease hostilities"):
# a day at most this many days before publication, in the text's first characters.
STORY_DAYS = 7
STORY_LEAD_CHARS = 400


def _story_date(
    trigger: Token,
    times: Sequence[TimeExpr],
    *,
    sentence_start: int,
    doc_date: dt.date | None,
    text: str | None,
) -> TimeExpr | None:
    """The day the story's lead names, for a later past-tense event without a date of
    its own ("The agreement came after a three-way phone call" under a lead "Trump on
    Thursday announced ..."), or None."""
    if text is None or doc_date is None or trigger.pos_ not in _VERBAL:
        return None
    if not (past_tense(trigger) or _future(trigger)):  # a pledge is dated when it was made
        return None
    if trigger.lemma_.lower() in _SPEECH_LEMMAS:
        return None  # an undated statement is dated by its publication
    lead = [
        t
        for t in times
        if t.start < min(STORY_LEAD_CHARS, sentence_start)
        and t.granularity == "day"
        and t.date_start is not None
        and 0 < (doc_date - t.date_start).days <= STORY_DAYS
    ]
    return lead[0] if lead else None


def _publication(doc_date: dt.date | None) -> EventDate:
    if doc_date is not None:
        return EventDate(
            start=doc_date, end=doc_date, granularity="day", basis="publication", rule="publication"
        )
    return EventDate(start=None, end=None, granularity="unknown", basis="unknown", rule="none")


# Undated time words of the trigger's own clause: it is not at the sentence's other date.
_OWN_TIME_WORDS = frozenset({"recently", "lately", "now", "currently", "presently"})
_FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "wo"})


def _own_time_word(trigger: Token) -> bool:
    return any(c.dep_ == "advmod" and c.lower_ in _OWN_TIME_WORDS for c in trigger.children)


def _future(trigger: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in trigger.children)


_OFFSET_WORDS = frozenset({"after", "before"})
_OFFSET_BEFORE = re.compile(
    rf"(?i:\b(?P<n>\d+|{NUMBER_WORD_RE})[\s-]+(?P<unit>day|week|month|year)s?\s*)$"
)


def _offset_date(
    trigger: Token,
    *,
    sentence_start: int,
    times: Sequence[TimeExpr],
    doc_date: dt.date | None,
) -> EventDate | None:
    """The date of an event in an "N days after/before ..." phrase: the date of the
    clause the phrase depends on, moved by N ("Ruto said Wednesday ..., a day after
    protesters stormed parliament": the storming is the Tuesday)."""
    found = _offset_phrase(trigger)
    if found is None:
        return None
    word, governor, amount, unit = found
    base = date_event(governor, sentence_start=sentence_start, times=times, doc_date=doc_date)
    if base.start is None or base.end is None:
        return None
    step = -amount if word.lower_ == "after" else amount
    return EventDate(
        start=shift(base.start, step, unit),
        end=shift(base.end, step, unit),
        granularity=base.granularity,
        basis="relative",
        rule="offset",
        expression=base.expression,
    )


def _offset_phrase(trigger: Token) -> tuple[Token, Token, int, str] | None:
    """The "after"/"before" word above ``trigger`` led by a count of units ("a day
    after", "seven months after"), the token its phrase depends on, the count and the
    TIMEX3 unit; None when there is none."""
    text = trigger.doc.text
    for node in (trigger, *trigger.ancestors):
        marks = [c for c in node.children if c.dep_ == "mark" and c.lower_ in _OFFSET_WORDS]
        word = node if node.lower_ in _OFFSET_WORDS and node.dep_ == "prep" else None
        word = word or (marks[0] if marks else None)
        if word is None:
            continue
        match = _OFFSET_BEFORE.search(text, 0, word.idx)
        amount = parse_number(match.group("n")) if match else None
        if match is None or amount is None:
            return None
        phrase = node if word is not node else word
        governor = phrase.head
        while (
            governor.head.i != governor.i
            and governor.idx >= match.start()
            and (governor.idx < word.idx or _dominates(phrase, governor))
        ):
            governor = governor.head
        if _dominates(phrase, governor) or governor.i == trigger.i:
            return None
        return word, governor, amount, unit_code(match.group("unit"))
    return None


def _may_date(trigger: Token, expr: TimeExpr, offset: int) -> bool:
    """A possessive date ("yesterday's attack", "Monday's move") dates its noun and what
    depends on it ("the attack in which a policeman was killed") only. The noun is
    read from the text, the first after the "'s", which parsers often attach elsewhere."""
    end = expr.end - offset
    if not _possessive(trigger.doc.text, end):
        return True
    noun = next((t for t in trigger.doc if t.idx > end and t.pos_ in _NOUNS), None)
    return noun is not None and _dominates(noun, trigger)


def _possessive(text: str, end: int) -> bool:
    return text[end : end + 2] in {"'s", "\u2019s"}


def _from(expr: TimeExpr, rule: DateRule, *, basis: DateBasis | None = None) -> EventDate:
    if basis is None:
        basis = "explicit" if expr.basis == "explicit" else "relative"
    start, end, granularity = expr.date_start, expr.date_end, expr.granularity
    opened = _since_start(expr)
    if opened is not None:  # "have launched 57 attacks since last November": from then
        start, end, granularity = opened
    return EventDate(
        start=start,
        end=end,
        granularity=granularity,
        basis=basis,
        rule=rule,
        expression=expr,
    )


_SINCE = re.compile(r"(?i:since\s)")
_POINT = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _since_start(expr: TimeExpr) -> tuple[dt.date, dt.date, Granularity] | None:
    """The period an open "since X" starts with (X), as (start, end, granularity)."""
    if not _SINCE.match(expr.text) or expr.date_start is None:
        return None
    match = _POINT.match(expr.value.split("/")[0])
    if match is None:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    if year is None:
        return None
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if day is None:
        last = shift(dt.date(year, month, 1), 1, "M") - dt.timedelta(days=1)
        return dt.date(year, month, 1), last, "month"
    return dt.date(year, month, day), dt.date(year, month, day), "day"


def _nearest(times: list[TimeExpr], position: int) -> TimeExpr:
    return min(times, key=lambda t: (min(abs(t.start - position), abs(t.end - position)), t.start))


def _within(times: list[TimeExpr], spans: list[tuple[int, int]]) -> list[TimeExpr]:
    return [t for t in times if any(start <= t.start < end for start, end in spans)]


def _attached_spans(trigger: Token, offset: int) -> list[tuple[int, int]]:
    """Document spans of the temporal modifiers of ``trigger`` on the parse: a time
    noun up to its head ("last week"), a preposition up to its object ("in mid-April",
    "on the evening"), never what hangs below the head ("on a plan ... where forces
    have killed hundreds since a February 1 coup")."""
    spans = []
    for child in trigger.children:
        if child.dep_ in _TIME_ARCS:
            spans.append(_head_span(child, offset))
        elif child.dep_ == "prep" and child.lower_ in _TIME_PREPS:
            objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            end = _head_span(objects[0], offset)[1] if objects else child.idx + len(child.text)
            spans.append((offset + child.idx, max(end, offset + child.idx + len(child.text))))
    return spans


def _head_span(token: Token, offset: int) -> tuple[int, int]:
    return offset + token.left_edge.idx, offset + token.idx + len(token.text)


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
    """Tokens of ``head``'s clause; embedded clauses, at any depth ("a sentence he was
    given in 2014", "a decision to expel them by April 4"), are skipped unless they
    hold ``keep``."""
    yield head
    for child in head.children:
        if _embedded(child) and not _dominates(child, keep):
            continue
        yield from _clause_tokens(child, keep=keep)


def _embedded(token: Token) -> bool:
    """Whether ``token`` heads a clause of its own: a verbal clause under a verb, and
    under a noun a relative clause or a to-infinitive ("a decision to expel them"),
    not a participle ("a meeting aimed at ...")."""
    if token.dep_ not in _CLAUSE_ARCS or token.pos_ not in _VERBAL:
        return False
    if token.head.pos_ in _VERBAL or token.dep_ == "relcl":
        return True
    return any(c.dep_ in {"aux", "nsubj", "nsubjpass"} for c in token.children)


def _dominates(ancestor: Token, token: Token) -> bool:
    return ancestor.left_edge.i <= token.i <= ancestor.right_edge.i and (
        ancestor.i == token.i or ancestor.is_ancestor(token)
    )


def _governs(trigger: Token, expr: TimeExpr, offset: int) -> bool:
    """Whether ``expr`` stands in the trigger's clause or in one above it ("On Monday X
    said Y had attacked"), an adverbial clause of those included ("Abbas lost control
    of Gaza after Hamas seized it in 2007"), not in a clause of its own below or beside
    it ("a decision to expel them by April 4", "the toppling of Yanukovych in February")."""
    token = _token_at(trigger.doc, expr.start - offset)
    if token is None or _fronted(trigger.doc.text, expr.start - offset, expr.end - offset):
        return True
    while token.head.i != token.i:
        if _embedded(token) and token.dep_ != "advcl":
            break
        token = token.head
    return _dominates(token, trigger)


_FRONT = re.compile(r"\W*(?:\w+\s+){0,2}")


def _fronted(text: str, start: int, end: int) -> bool:
    """A date that opens the sentence and a comma closes ("In mid-April, days before
    Azerbaijan opened its embassy, Cohen visited Baku") sets the time of the whole
    sentence, whatever clause the parser hung it on."""
    return bool(_FRONT.fullmatch(text, 0, start)) and text[end : end + 1] == ","


def _token_at(doc: Doc, char: int) -> Token | None:
    return next((t for t in doc if t.idx <= char < t.idx + len(t.text) + 1), None)


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
        and not _possessive(text, t.end)
        and not _background_year(text, t)
    ]
    if not earlier:
        return None
    last = max(earlier, key=lambda t: t.end)
    gap = text[last.end : sentence_start]
    if _PARAGRAPH_BREAK.search(gap) or len(_SENTENCE_END.findall(gap)) > NARRATIVE_SENTENCES:
        return None
    return last


_BEFORE_MODIFIER = re.compile(r"(?i:\b(?:a|an|the|its|their|his|her)\s+)$")
_NOUN_AFTER = re.compile(r"\s+[a-z]")


def _background_year(text: str, expr: TimeExpr) -> bool:
    """A year that modifies a noun ("seized power in a 2021 coup") is background, not the
    time the narrative has reached."""
    return (
        expr.granularity == "year"
        and bool(_BEFORE_MODIFIER.search(text, max(0, expr.start - 10), expr.start))
        and bool(_NOUN_AFTER.match(text, expr.end))
    )


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
