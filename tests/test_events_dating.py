"""Event dating: the expression that governs the trigger, then clause, sentence, publication.

The unit tests build parses by hand (no model); the last test codes the sample article
with the real model and checks the dates the issue names.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
import spacy
from spacy.tokens import Doc

from detente.events.dating import date_event
from detente.models import TimeExpr
from detente.temporal import find_times

ANCHOR = dt.date(2023, 5, 23)
PREFIX = "Officials spoke. "
ROOT = Path(__file__).resolve().parent.parent
_VOCAB = spacy.blank("en").vocab

# (word, head index, dependency, part of speech); a token heading itself is the root.
Spec = list[tuple[str, int, str, str]]

SAID_THAT = [  # In May 2021 Israel said that Gantz visited Baku in October 2022 .
    ("In", 4, "prep", "ADP"),
    ("May", 0, "pobj", "PROPN"),
    ("2021", 1, "nummod", "NUM"),
    ("Israel", 4, "nsubj", "PROPN"),
    ("said", 4, "ROOT", "VERB"),
    ("that", 7, "mark", "SCONJ"),
    ("Gantz", 7, "nsubj", "PROPN"),
    ("visited", 4, "ccomp", "VERB"),
    ("Baku", 7, "dobj", "PROPN"),
    ("in", 7, "prep", "ADP"),
    ("October", 9, "pobj", "PROPN"),
    ("2022", 10, "nummod", "NUM"),
    (".", 4, "punct", "PUNCT"),
]
NOUN_MODIFIER = [  # The October 2022 visit was brief .
    ("The", 3, "det", "DET"),
    ("October", 3, "compound", "PROPN"),
    ("2022", 1, "nummod", "NUM"),
    ("visit", 4, "nsubj", "NOUN"),
    ("was", 4, "ROOT", "AUX"),
    ("brief", 4, "acomp", "ADJ"),
    (".", 4, "punct", "PUNCT"),
]
ANNOUNCED = [  # Media announced in April the arrest of 20 people .
    ("Media", 1, "nsubj", "NOUN"),
    ("announced", 1, "ROOT", "VERB"),
    ("in", 1, "prep", "ADP"),
    ("April", 2, "pobj", "PROPN"),
    ("the", 5, "det", "DET"),
    ("arrest", 1, "dobj", "NOUN"),
    ("of", 5, "prep", "ADP"),
    ("20", 8, "nummod", "NUM"),
    ("people", 6, "pobj", "NOUN"),
    (".", 1, "punct", "PUNCT"),
]
REMARK = [  # Aliyev observed in early May that Iran attacked the embassy .
    ("Aliyev", 1, "nsubj", "PROPN"),
    ("observed", 1, "ROOT", "VERB"),
    ("in", 1, "prep", "ADP"),
    ("early", 4, "amod", "ADJ"),
    ("May", 2, "pobj", "PROPN"),
    ("that", 7, "mark", "SCONJ"),
    ("Iran", 7, "nsubj", "PROPN"),
    ("attacked", 1, "ccomp", "VERB"),
    ("the", 9, "det", "DET"),
    ("embassy", 7, "dobj", "NOUN"),
    (".", 1, "punct", "PUNCT"),
]
NO_TIME = [  # Israel pledged aid .
    ("Israel", 1, "nsubj", "PROPN"),
    ("pledged", 1, "ROOT", "VERB"),
    ("aid", 1, "dobj", "NOUN"),
    (".", 1, "punct", "PUNCT"),
]


def parse(spec: Spec) -> Doc:
    words = [w for w, _, _, _ in spec]
    spaces = [i + 1 < len(spec) and spec[i + 1][0] != "." for i in range(len(spec))]
    return Doc(
        _VOCAB,
        words=words,
        spaces=spaces,
        heads=[h for _, h, _, _ in spec],
        deps=[d for _, _, d, _ in spec],
        pos=[p for _, _, _, p in spec],
    )


def times_for(doc: Doc, anchor: dt.date | None = ANCHOR) -> list[TimeExpr]:
    """Expressions of the document ``PREFIX + sentence`` (document offsets)."""
    return find_times(PREFIX + doc.text, anchor=anchor)


def trigger(doc: Doc, word: str) -> spacy.tokens.Token:
    return next(t for t in doc if t.text == word)


def test_the_attached_expression_wins_over_a_nearer_one() -> None:
    doc = parse(SAID_THAT)
    times = times_for(doc)
    visit = date_event(
        trigger(doc, "visited"), sentence_start=len(PREFIX), times=times, doc_date=ANCHOR
    )
    assert (visit.start, visit.end, visit.granularity) == (
        dt.date(2022, 10, 1),
        dt.date(2022, 10, 31),
        "month",
    )
    assert (visit.rule, visit.basis) == ("attached", "explicit")
    assert visit.expression is not None and visit.expression.text == "October 2022"
    said = date_event(
        trigger(doc, "said"), sentence_start=len(PREFIX), times=times, doc_date=ANCHOR
    )
    assert (said.start, said.rule) == (dt.date(2021, 5, 1), "attached")


def test_a_modifier_of_an_event_noun_dates_it() -> None:
    doc = parse(NOUN_MODIFIER)
    when = date_event(
        trigger(doc, "visit"), sentence_start=len(PREFIX), times=times_for(doc), doc_date=ANCHOR
    )
    assert (when.start, when.rule, when.basis) == (dt.date(2022, 10, 1), "attached", "explicit")


def test_the_clause_dates_an_object_noun_relative_to_the_anchor() -> None:
    doc = parse(ANNOUNCED)
    when = date_event(
        trigger(doc, "arrest"), sentence_start=len(PREFIX), times=times_for(doc), doc_date=ANCHOR
    )
    assert (when.start, when.end) == (dt.date(2023, 4, 1), dt.date(2023, 4, 30))
    assert (when.rule, when.basis) == ("clause", "relative")


def test_an_embedded_clause_falls_back_to_the_sentence() -> None:
    doc = parse(REMARK)
    times = times_for(doc)
    attacked = date_event(
        trigger(doc, "attacked"), sentence_start=len(PREFIX), times=times, doc_date=ANCHOR
    )
    assert (attacked.start, attacked.rule) == (dt.date(2023, 5, 1), "sentence")
    observed = date_event(
        trigger(doc, "observed"), sentence_start=len(PREFIX), times=times, doc_date=ANCHOR
    )
    assert (observed.start, observed.end, observed.rule) == (
        dt.date(2023, 5, 1),
        dt.date(2023, 5, 10),
        "attached",
    )


def test_without_an_expression_the_publication_date_is_used() -> None:
    doc = parse(NO_TIME)
    outside = find_times("Talks were held in 2019. " + doc.text, anchor=ANCHOR)
    when = date_event(trigger(doc, "pledged"), sentence_start=25, times=outside, doc_date=ANCHOR)
    assert (when.start, when.end, when.granularity) == (ANCHOR, ANCHOR, "day")
    assert (when.basis, when.rule, when.expression) == ("publication", "publication", None)


def test_without_a_publication_date_the_date_is_unknown() -> None:
    doc = parse(NO_TIME)
    when = date_event(trigger(doc, "pledged"), sentence_start=0, times=[], doc_date=None)
    assert (when.start, when.end, when.granularity, when.basis) == (
        None,
        None,
        "unknown",
        "unknown",
    )


def test_undated_expressions_are_skipped() -> None:
    doc = parse(ANNOUNCED)  # without an anchor "in April" has no date range
    when = date_event(
        trigger(doc, "arrest"),
        sentence_start=len(PREFIX),
        times=times_for(doc, anchor=None),
        doc_date=None,
    )
    assert when.basis == "unknown"


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("detente_eval_dates", ROOT / "eval" / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MUST_SHOW = {  # gold id -> date the issue names
    "E01": "2023-04",  # Cohen's visit, "mid-April"
    "E08": "2022-10",  # Gantz's visit
    "E09": "2022-04",  # Lieberman's visit
    "E13": "2023-01",  # the embassy attack, "in January"
    "E15": "2023-04",  # the arrests, "in April"
    "E16": "2023-05",  # Aliyev's remark, "in early May"
    "E04": "2015/2019",  # the arms supply
}


@pytest.mark.model
def test_sample_events_are_dated_by_their_expressions(sample_path: Path) -> None:
    from detente.events.code import code_document
    from detente.models import Document

    gold = json.loads(sample_path.with_name(sample_path.stem + ".gold.json").read_text())
    evaluation = _eval_module()
    text = sample_path.read_text(encoding="utf-8")
    events = code_document(Document(doc_id="sample", text=text, date=ANCHOR))
    by_id = {g["id"]: g for g in gold["events"]}
    for gold_id, date in MUST_SHOW.items():
        matched = [e for e in events if evaluation.event_matches(e, by_id[gold_id])]
        assert matched, gold_id
        assert all(evaluation.date_matches(e, date) for e in matched), (gold_id, matched)
        assert all(e.date_basis in {"explicit", "relative"} for e in matched)
    later = [
        e for e in events if "later that year" in e.sentence and e.trigger_text == "purchasing"
    ]
    assert later and all(evaluation.date_matches(e, "2021") for e in later)
    assert all(e.date_basis == "relative" for e in later)


NARRATIVE_LEAD = "Lieberman visited Baku in April 2022. "


def _tagged(spec: Spec, tags: dict[str, str]) -> Doc:
    doc = parse(spec)
    for token in doc:
        token.tag_ = tags.get(token.text, "")
    return doc


def _narrative(lead: str, tag: str) -> tuple[str, Doc, list[TimeExpr]]:
    doc = _tagged(NO_TIME, {"pledged": tag})
    text = lead + doc.text
    return text, doc, find_times(text, anchor=ANCHOR)


def test_a_past_tense_event_without_a_date_follows_the_paragraph_narrative() -> None:
    text, doc, times = _narrative(NARRATIVE_LEAD, "VBD")
    when = date_event(
        trigger(doc, "pledged"),
        sentence_start=len(NARRATIVE_LEAD),
        times=times,
        doc_date=ANCHOR,
        text=text,
    )
    assert (when.start, when.end) == (dt.date(2022, 4, 1), dt.date(2022, 4, 30))
    assert (when.rule, when.basis, when.granularity) == ("narrative", "relative", "month")


@pytest.mark.parametrize(
    ("lead", "tag"),
    [
        ("Lieberman visited Baku in April 2022.\n\n", "VBD"),  # another paragraph
        ("Lieberman visited Baku in April 2022. Talks went on. Oil flowed. Wheat grew. ", "VBD"),
        (NARRATIVE_LEAD, "VBZ"),  # present tense: not part of the past narrative
    ],
)
def test_the_narrative_stops_at_paragraphs_distance_and_tense(lead: str, tag: str) -> None:
    text, doc, times = _narrative(lead, tag)
    when = date_event(
        trigger(doc, "pledged"), sentence_start=len(lead), times=times, doc_date=ANCHOR, text=text
    )
    assert (when.start, when.rule, when.basis) == (ANCHOR, "publication", "publication")


def test_without_the_text_the_narrative_rule_is_skipped() -> None:
    _, doc, times = _narrative(NARRATIVE_LEAD, "VBD")
    when = date_event(
        trigger(doc, "pledged"), sentence_start=len(NARRATIVE_LEAD), times=times, doc_date=ANCHOR
    )
    assert when.rule == "publication"


NOUN_TRIGGER = [  # An attempt failed .
    ("An", 1, "det", "DET"),
    ("attempt", 2, "nsubj", "NOUN"),
    ("failed", 2, "ROOT", "VERB"),
    (".", 2, "punct", "PUNCT"),
]
MISTAGGED = [  # Iran wants peace , with talks stalled .
    ("Iran", 1, "nsubj", "PROPN"),
    ("wants", 1, "ROOT", "VERB"),
    ("peace", 1, "dobj", "NOUN"),
    (",", 1, "punct", "PUNCT"),
    ("with", 6, "mark", "SCONJ"),
    ("talks", 6, "nsubj", "NOUN"),
    ("stalled", 1, "advcl", "VERB"),
    (".", 1, "punct", "PUNCT"),
]


@pytest.mark.parametrize(
    ("spec", "word", "tags"),
    [
        (NOUN_TRIGGER, "attempt", {"failed": "VBD", "attempt": "NN"}),  # a noun: new story
        (MISTAGGED, "stalled", {"stalled": "VBD", "wants": "VBZ"}),  # present main verb
    ],
)
def test_the_narrative_needs_a_past_verbal_trigger(
    spec: Spec, word: str, tags: dict[str, str]
) -> None:
    doc = _tagged(spec, tags)
    text = NARRATIVE_LEAD + doc.text
    when = date_event(
        trigger(doc, word),
        sentence_start=len(NARRATIVE_LEAD),
        times=find_times(text, anchor=ANCHOR),
        doc_date=ANCHOR,
        text=text,
    )
    assert when.rule == "publication"


COHEN = "Israeli foreign minister Eli Cohen visited Baku in April 2023.\n\n"
BACKGROUND = (
    "Relations between the two states have a long history.\n\nTrade has grown for years.\n\n"
)
FLEW = "Cohen then flew to Turkmenistan to open an embassy in Ashgabat."


def _coded(text: str) -> dict[str, tuple[str | None, str | None, str]]:
    from detente.events.code import code_document
    from detente.models import Document

    events = code_document(Document(doc_id="coref", text=text, date=ANCHOR))
    return {
        e.trigger_text: (
            e.date_start.isoformat() if e.date_start else None,
            e.date_end.isoformat() if e.date_end else None,
            e.date_basis,
        )
        for e in events
    }


@pytest.mark.model
def test_a_later_mention_of_the_same_trip_takes_its_date_by_coreference() -> None:
    dated = _coded(COHEN + BACKGROUND + FLEW)
    assert dated["visited"] == ("2023-04-01", "2023-04-30", "explicit")
    assert dated["flew"] == dated["open"] == ("2023-04-01", "2023-04-30", "coreference")


PUBLISHED = ("2023-05-23", "2023-05-23", "publication")


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # a future-tense trigger does not inherit a past date
        (COHEN + BACKGROUND + FLEW.replace("then flew", "will fly"), "fly"),
        # too many paragraphs back
        (COHEN + BACKGROUND * 3 + FLEW, "flew"),
        # the paragraph has moved to another time ("In January", three sentences up)
        (
            COHEN
            + BACKGROUND
            + "In January, Iran attacked the Azerbaijani embassy. Officials were angry. "
            + "Many were hurt. Trade fell. "
            + FLEW,
            "flew",
        ),
        # the nearest event of the dyad is of another kind (material conflict)
        (
            "Iran attacked the Azerbaijani embassy in Tehran in January 2023.\n\n"
            "The border stayed closed.\n\nAzerbaijan praised Iran for its restraint.",
            "praised",
        ),
    ],
)
def test_coreference_dating_is_conservative(text: str, trigger: str) -> None:
    assert _coded(text)[trigger] == PUBLISHED


@pytest.mark.model
def test_the_same_dyad_in_either_direction_is_coreferent() -> None:
    text = (
        "Turkey and Armenia signed protocols in October 2009.\n\n"
        "The border stayed closed.\n\nTurkey praised Armenia for its restraint."
    )
    assert _coded(text)["praised"] == ("2009-10-01", "2009-10-31", "coreference")


@pytest.mark.model
def test_the_sample_flight_to_turkmenistan_is_dated_by_the_april_visit(sample_path: Path) -> None:
    from detente.events.code import code_document
    from detente.models import Document

    text = sample_path.read_text(encoding="utf-8")
    events = code_document(Document(doc_id="sample", text=text, date=ANCHOR))
    trip = [e for e in events if "flew to Turkmenistan" in e.sentence]
    assert {e.trigger_text for e in trip} >= {"flew", "inaugurate"}
    assert all(e.date_basis == "coreference" for e in trip)
    assert all(
        (e.date_start, e.date_end) == (dt.date(2023, 4, 1), dt.date(2023, 4, 30)) for e in trip
    )
    iron_dome = [e for e in events if e.trigger_text == "bought"]
    evaluation = _eval_module()
    assert [evaluation.date_matches(e, "2021-05") for e in iron_dome] == [True]
