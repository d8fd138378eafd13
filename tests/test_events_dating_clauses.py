"""Event dating by clause: which time expression governs a trigger, with hand-built parses.

Each case names the expression (and so the anchor) the event must take: its own
clause's date ("next day"), a governing clause's date, a date moved by "N days
after", or the publication date when the sentence's date belongs to another clause.
"""

from __future__ import annotations

import datetime as dt

import spacy
from spacy.tokens import Doc, Token

from detente.events.dating import EventDate, date_event
from detente.temporal import find_times

_VOCAB = spacy.blank("en").vocab
_NO_SPACE_BEFORE = frozenset({".", ",", ";", "'s"})

# (word, head index, dependency, part of speech); a token heading itself is the root.
Spec = list[tuple[str, int, str, str]]

TRACKER = [  # Moise 15 March asked the OAS for help ; next day requested UN support .
    ("Moise", 3, "nsubj", "PROPN"),
    ("15", 2, "nummod", "NUM"),
    ("March", 3, "npadvmod", "PROPN"),
    ("asked", 3, "ROOT", "VERB"),
    ("the", 5, "det", "DET"),
    ("OAS", 3, "dobj", "PROPN"),
    ("for", 3, "prep", "ADP"),
    ("help", 6, "pobj", "NOUN"),
    (";", 3, "punct", "PUNCT"),
    ("next", 10, "amod", "ADJ"),
    ("day", 11, "npadvmod", "NOUN"),
    ("requested", 3, "conj", "VERB"),
    ("UN", 13, "compound", "PROPN"),
    ("support", 11, "dobj", "NOUN"),
    (".", 3, "punct", "PUNCT"),
]
# Ruto said Wednesday he will not sign it , a day after protesters stormed parliament .
DAY_AFTER = [
    ("Ruto", 1, "nsubj", "PROPN"),
    ("said", 1, "ROOT", "VERB"),
    ("Wednesday", 1, "npadvmod", "PROPN"),
    ("he", 6, "nsubj", "PRON"),
    ("will", 6, "aux", "AUX"),
    ("not", 6, "neg", "PART"),
    ("sign", 1, "ccomp", "VERB"),
    ("it", 6, "dobj", "PRON"),
    (",", 6, "punct", "PUNCT"),
    ("a", 10, "det", "DET"),
    ("day", 13, "npadvmod", "NOUN"),
    ("after", 13, "mark", "SCONJ"),
    ("protesters", 13, "nsubj", "NOUN"),
    ("stormed", 6, "advcl", "VERB"),
    ("parliament", 13, "dobj", "NOUN"),
    (".", 1, "punct", "PUNCT"),
]
POSSESSIVE = [  # He condemned yesterday 's attack in which a policeman was killed .
    ("He", 1, "nsubj", "PRON"),
    ("condemned", 1, "ROOT", "VERB"),
    ("yesterday", 1, "npadvmod", "NOUN"),  # the parser's attachment, not the possessive's
    ("'s", 2, "case", "PART"),
    ("attack", 1, "dobj", "NOUN"),
    ("in", 10, "prep", "ADP"),
    ("which", 5, "pobj", "PRON"),
    ("a", 8, "det", "DET"),
    ("policeman", 10, "nsubjpass", "NOUN"),
    ("was", 10, "auxpass", "AUX"),
    ("killed", 4, "relcl", "VERB"),
    (".", 1, "punct", "PUNCT"),
]
DEADLINE = [  # Poland made a decision to expel four diplomats by April 4 .
    ("Poland", 1, "nsubj", "PROPN"),
    ("made", 1, "ROOT", "VERB"),
    ("a", 3, "det", "DET"),
    ("decision", 1, "dobj", "NOUN"),
    ("to", 5, "aux", "PART"),
    ("expel", 3, "acl", "VERB"),
    ("four", 7, "nummod", "NUM"),
    ("diplomats", 5, "dobj", "NOUN"),
    ("by", 5, "prep", "ADP"),
    ("April", 8, "pobj", "PROPN"),
    ("4", 9, "nummod", "NUM"),
    (".", 1, "punct", "PUNCT"),
]
FRONTED = [  # In mid-April , days before Azerbaijan opened an embassy , Cohen visited Baku .
    ("In", 5, "prep", "ADP"),  # the parser hangs the fronted date on the embedded clause
    ("mid-April", 0, "pobj", "PROPN"),
    (",", 5, "punct", "PUNCT"),
    ("days", 5, "npadvmod", "NOUN"),
    ("before", 5, "mark", "SCONJ"),
    ("opened", 11, "advcl", "VERB"),
    ("Azerbaijan", 5, "nsubj", "PROPN"),
    ("an", 8, "det", "DET"),
    ("embassy", 5, "dobj", "NOUN"),
    (",", 11, "punct", "PUNCT"),
    ("Cohen", 11, "nsubj", "PROPN"),
    ("visited", 11, "ROOT", "VERB"),
    ("Baku", 11, "dobj", "PROPN"),
    (".", 11, "punct", "PUNCT"),
]
# In January China brokered a truce , but both sides have recently accused each other .
RECENTLY = [
    ("In", 3, "prep", "ADP"),
    ("January", 0, "pobj", "PROPN"),
    ("China", 3, "nsubj", "PROPN"),
    ("brokered", 3, "ROOT", "VERB"),
    ("a", 5, "det", "DET"),
    ("truce", 3, "dobj", "NOUN"),
    (",", 3, "punct", "PUNCT"),
    ("but", 3, "cc", "CCONJ"),
    ("both", 9, "det", "DET"),
    ("sides", 12, "nsubj", "NOUN"),
    ("have", 12, "aux", "AUX"),
    ("recently", 12, "advmod", "ADV"),
    ("accused", 3, "conj", "VERB"),
    ("each", 14, "det", "DET"),
    ("other", 12, "dobj", "ADJ"),
    (".", 3, "punct", "PUNCT"),
]
WOULD = [  # Gazprom said Ukraine paid nothing by Monday and it would demand payment .
    ("Gazprom", 1, "nsubj", "PROPN"),
    ("said", 1, "ROOT", "VERB"),
    ("Ukraine", 3, "nsubj", "PROPN"),
    ("paid", 1, "ccomp", "VERB"),
    ("nothing", 3, "dobj", "PRON"),
    ("by", 3, "prep", "ADP"),
    ("Monday", 5, "pobj", "PROPN"),
    ("and", 3, "cc", "CCONJ"),
    ("it", 10, "nsubj", "PRON"),
    ("would", 10, "aux", "AUX"),
    ("demand", 3, "conj", "VERB"),
    ("payment", 10, "dobj", "NOUN"),
    (".", 1, "punct", "PUNCT"),
]


def parse(spec: Spec) -> Doc:
    words = [w for w, _, _, _ in spec]
    spaces = [
        i + 1 < len(spec) and spec[i + 1][0] not in _NO_SPACE_BEFORE for i in range(len(spec))
    ]
    return Doc(
        _VOCAB,
        words=words,
        spaces=spaces,
        heads=[h for _, h, _, _ in spec],
        deps=[d for _, _, d, _ in spec],
        pos=[p for _, _, _, p in spec],
    )


def dated(spec: Spec, word: str, anchor: dt.date) -> EventDate:
    """The date of the event whose trigger is ``word``, the sentence standing alone."""
    doc = parse(spec)
    trigger: Token = next(t for t in doc if t.text == word)
    times = [t for t in find_times(doc.text, anchor=anchor) if t.date_start is not None]
    return date_event(trigger, sentence_start=0, times=times, doc_date=anchor, text=doc.text)


def test_crisis_tracker_next_day_dates_the_second_clause() -> None:
    anchor = dt.date(2021, 3, 20)
    asked = dated(TRACKER, "asked", anchor)
    assert (asked.start, asked.rule) == (dt.date(2021, 3, 15), "attached")
    requested = dated(TRACKER, "requested", anchor)
    assert (requested.start, requested.end, requested.rule) == (
        dt.date(2021, 3, 16),
        dt.date(2021, 3, 16),
        "attached",
    )
    assert requested.expression is not None
    assert requested.expression.anchored_by == "'15 March' (2021-03-15)"


def test_a_day_after_dates_the_event_a_day_before_the_governing_clause() -> None:
    anchor = dt.date(2024, 6, 26)  # a Wednesday
    stormed = dated(DAY_AFTER, "stormed", anchor)
    assert (stormed.start, stormed.end) == (dt.date(2024, 6, 25), dt.date(2024, 6, 25))
    assert (stormed.rule, stormed.basis) == ("offset", "relative")
    assert stormed.expression is not None and stormed.expression.text == "Wednesday"
    sign = dated(DAY_AFTER, "sign", anchor)
    assert (sign.start, sign.rule) == (anchor, "sentence")


def test_a_possessive_date_dates_its_noun_and_what_depends_on_it() -> None:
    anchor = dt.date(2023, 9, 25)
    condemned = dated(POSSESSIVE, "condemned", anchor)
    assert (condemned.start, condemned.rule) == (anchor, "publication")
    killed = dated(POSSESSIVE, "killed", anchor)
    assert (killed.start, killed.rule) == (dt.date(2023, 9, 24), "sentence")


def test_a_date_inside_an_embedded_clause_dates_only_that_clause() -> None:
    anchor = dt.date(2018, 3, 26)
    made = dated(DEADLINE, "made", anchor)
    assert (made.start, made.rule) == (anchor, "publication")
    expel = dated(DEADLINE, "expel", anchor)
    assert (expel.start, expel.rule) == (dt.date(2018, 4, 4), "attached")


def test_a_fronted_date_governs_the_main_clause_whatever_the_parse() -> None:
    visited = dated(FRONTED, "visited", dt.date(2023, 5, 23))
    assert (visited.start, visited.end, visited.rule) == (
        dt.date(2023, 4, 11),
        dt.date(2023, 4, 20),
        "sentence",
    )


def test_an_undated_time_word_of_its_own_keeps_the_publication_date() -> None:
    anchor = dt.date(2024, 6, 25)
    accused = dated(RECENTLY, "accused", anchor)
    assert (accused.start, accused.rule) == (anchor, "publication")
    brokered = dated(RECENTLY, "brokered", anchor)
    assert (brokered.start, brokered.rule) == (dt.date(2024, 1, 1), "attached")


def test_a_future_event_takes_no_past_date_of_the_sentence() -> None:
    anchor = dt.date(2014, 6, 18)
    demand = dated(WOULD, "demand", anchor)
    assert (demand.start, demand.rule) == (anchor, "publication")
    paid = dated(WOULD, "paid", anchor)
    assert (paid.start, paid.rule) == (dt.date(2014, 6, 16), "attached")


RETREATED = [  # Troops retreated .
    ("Troops", 1, "nsubj", "NOUN"),
    ("retreated", 1, "ROOT", "VERB"),
    (".", 1, "punct", "PUNCT"),
]


def _narrative(lead: str) -> EventDate:
    doc = parse(RETREATED)
    doc[1].tag_ = "VBD"
    text = lead + doc.text
    anchor = dt.date(2024, 6, 25)
    times = [t for t in find_times(text, anchor=anchor) if t.date_start is not None]
    return date_event(doc[1], sentence_start=len(lead), times=times, doc_date=anchor, text=text)


def test_the_previous_sentence_anchors_a_past_event_without_a_date() -> None:
    when = _narrative("Rebels took the town in May 2024. ")
    assert (when.start, when.rule) == (dt.date(2024, 5, 1), "narrative")


def test_a_year_that_modifies_a_noun_is_background_not_the_narrative() -> None:
    when = _narrative("The army seized power in a 2021 coup. ")
    assert (when.start, when.rule) == (dt.date(2024, 6, 25), "publication")


SINCE = [  # The group has launched attacks since last November .
    ("The", 1, "det", "DET"),
    ("group", 3, "nsubj", "NOUN"),
    ("has", 3, "aux", "AUX"),
    ("launched", 3, "ROOT", "VERB"),
    ("attacks", 3, "dobj", "NOUN"),
    ("since", 3, "prep", "SCONJ"),
    ("last", 7, "amod", "ADJ"),
    ("November", 5, "pobj", "PROPN"),
    (".", 3, "punct", "PUNCT"),
]


def test_events_since_a_date_start_then() -> None:
    launched = dated(SINCE, "launched", dt.date(2024, 2, 25))
    assert (launched.start, launched.end, launched.granularity) == (
        dt.date(2023, 11, 1),
        dt.date(2023, 11, 30),
        "month",
    )
    assert launched.expression is not None and launched.expression.text == "since last November"


WILL_MEET = [  # Delegations will meet .
    ("Delegations", 2, "nsubj", "NOUN"),
    ("will", 2, "aux", "AUX"),
    ("meet", 2, "ROOT", "VERB"),
    (".", 2, "punct", "PUNCT"),
]


def test_a_pledge_without_a_date_is_dated_by_the_story_that_made_it() -> None:
    doc = parse(WILL_MEET)
    doc[1].tag_ = "MD"
    lead = "The leaders announced on Thursday that they had agreed to normalise ties. "
    text = lead + doc.text
    anchor = dt.date(2020, 8, 14)  # a Friday
    times = [t for t in find_times(text, anchor=anchor) if t.date_start is not None]
    when = date_event(doc[2], sentence_start=len(lead), times=times, doc_date=anchor, text=text)
    assert (when.start, when.rule) == (dt.date(2020, 8, 13), "story")
