"""The scoring helpers of eval/conflibert.py and eval/extraction.py, on hand-made data."""

from __future__ import annotations

import datetime as dt
import gzip
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from detente.models import Event

REPO = Path(__file__).resolve().parents[1]
DEVDATA = REPO.parent / "shared" / "devdata"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"eval_{name}", REPO / "eval" / f"{name}.py")
    if spec is None or spec.loader is None:
        pytest.skip(f"eval/{name}.py is missing")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


cb = _load("conflibert")
ex = _load("extraction")


# a CAMEO code of each class (the ConfliBERT label comes from the code and factuality)
_CAMEO_OF_QUAD = {0: "010", 1: "042", 2: "0841", 3: "111", 4: "190"}


def _event(quad: int, *, confidence: float = 0.5, source: str = "", target: str = "") -> Event:
    return Event(
        event_id="e",
        doc_id="d",
        sentence_index=0,
        sentence="",
        sentence_start=0,
        sentence_end=0,
        trigger_text="",
        source_text=source or None,
        source_actor=None,
        source_country=None,
        source_sector=None,
        target_text=target or None,
        target_actor=None,
        target_country=None,
        target_sector=None,
        event_type="",
        event_mode="",
        cameo_code=_CAMEO_OF_QUAD[quad],
        cameo_root=_CAMEO_OF_QUAD[quad][:2],
        quad_class=quad,
        goldstein=0.0,
        date_start=dt.date(2020, 1, 1),
        date_end=None,
        date_granularity="day",
        date_basis="publication",
        factuality="asserted",
        confidence=confidence,
    )


def _ner(tagged: str) -> Any:
    """``"Russia/B-S attacked Ukraine/B-T"``: tokens without a tag are O."""
    pairs = [item.rsplit("/", 1) if "/" in item else (item, "O") for item in tagged.split()]
    return cb.NerSentence(tuple(p[0] for p in pairs), tuple(p[1] for p in pairs))


# --- ConfliBERT -----------------------------------------------------------------------


def test_spans_follow_bio_tags() -> None:
    s = _ner("The/B-S Russian/I-S army/I-S shelled Kharkiv/B-T and Kyiv/B-T")
    assert s.spans("S") == [("The", "Russian", "army")]
    assert s.spans("T") == [("Kharkiv",), ("Kyiv",)]
    assert s.role_words("S") == {"russian", "army"}


def test_reciprocal_spans_stand_for_both_sides() -> None:
    s = _ner("Erdogan/B-R will meet his/B-R counterpart/I-R Mattarella/I-R")
    assert s.spans("S") == []
    assert s.role_words("S") == s.role_words("T") == {"erdogan", "his", "counterpart", "mattarella"}


def test_detokenise_and_sentence_key_match_the_tsv_text() -> None:
    tokens = ["The", "Croatian", "government", "'s", "request", "(", "INA", ")", ",", "too", "."]
    text = cb.detokenise(tokens)
    assert text == "The Croatian government's request (INA), too."
    assert cb.sentence_key(text) == cb.sentence_key(
        "The Croatian government\u02bcs request (INA), too."
    )


def test_read_files(tmp_path: Path) -> None:
    tsv = tmp_path / "c.tsv"
    tsv.write_bytes(b"Russia attacked Ukraine.\t4\r\nThey met.\t1\r\n\r\n")
    assert cb.read_classes(tsv) == [("Russia attacked Ukraine.", 4), ("They met.", 1)]
    assert cb.read_classes(tsv, limit=1) == [("Russia attacked Ukraine.", 4)]
    ner = tmp_path / "n.txt"
    ner.write_text("Russia B-S\nattacked O\n\nThey B-R\nmet O\n", encoding="utf-8")
    sentences = cb.read_ner(ner)
    assert [s.tokens for s in sentences] == [("Russia", "attacked"), ("They", "met")]
    assert sentences[1].tags == ("B-R", "O")


def test_predicted_label_is_the_most_confident_event() -> None:
    assert cb.predicted_label([]) == 0
    events = [_event(1, confidence=0.6), _event(4, confidence=0.9), _event(3, confidence=0.9)]
    assert cb.predicted_label(events) == 4  # the first of the tied best


def test_classification_scores_on_hand_made_predictions() -> None:
    gold = [0, 0, 1, 2, 3, 4, 4, 4]
    pred = [0, 1, 1, 0, 4, 4, 4, 0]
    matrix = cb.confusion(gold, pred)
    assert matrix[4] == [1, 0, 0, 0, 2]
    scores = cb.classification_scores(gold, pred)
    assert scores["accuracy"] == 0.5
    # event detection: 5 predicted events, 4 of them on gold events; 6 gold events
    assert scores["event_precision"] == 0.8
    assert scores["event_recall"] == 0.667
    assert scores["event_f1"] == 0.727
    # both events: (1,1) (3,4) (4,4) (4,4) -> 3 of 4
    assert scores["quad_accuracy"] == 0.75
    # per-label F1: 0 -> 0.4, 1 -> 0.667, 2 -> 0, 3 -> 0, 4 -> 0.667
    assert scores["macro_f1"] == round((0.4 + 0.667 + 0.667) / 5, 3)


def test_perfect_predictions_score_one() -> None:
    labels = [0, 1, 2, 3, 4]
    assert set(cb.classification_scores(labels, labels).values()) == {1.0}


def test_span_scores_count_overlap_and_swaps() -> None:
    ner = _ner("The/B-S Russian/I-S army/I-S shelled Kharkiv/B-T")
    right = cb.Outcome("", 4, 4, _event(4, source="Russian troops", target="Kharkiv"), ner)
    swapped = cb.Outcome("", 4, 4, _event(4, source="Kharkiv", target="the army"), ner)
    nothing = cb.Outcome("", 4, 0, None, ner)
    no_ner = cb.Outcome("", 4, 4, _event(4, source="x"), None)
    scores = cb.span_scores([right, swapped, nothing, no_ner])
    assert scores["span_sentences"] == 2.0
    assert scores["source_agreement"] == 0.5
    assert scores["target_agreement"] == 0.5
    assert scores["source_swapped"] == 0.5
    assert not cb.overlaps("the", frozenset({"the"}))  # function words never overlap


def test_argument_f1_pools_token_overlap_over_sentences() -> None:
    ner = _ner("The/B-S Russian/I-S army/I-S shelled Kharkiv/B-T")
    # source: "russian troops" vs gold {russian, army}: 1 hit, 1 spurious, 1 missed
    partial = cb.Outcome("", 4, 4, _event(4, source="Russian troops", target="Kharkiv"), ner)
    nothing = cb.Outcome("", 4, 0, None, ner)  # gold words all missed
    scores = cb.argument_f1([partial, nothing])
    # source: hit 1, spurious 1, missed 1 + 2 -> P 0.5, R 0.25
    assert scores["source_arg_f1"] == round(2 * 0.5 * 0.25 / 0.75, 3)
    # target: hit 1, missed 1 -> P 1.0, R 0.5
    assert scores["target_arg_f1"] == 0.667
    assert cb.argument_f1([partial])["target_arg_f1"] == 1.0


def test_score_outcomes_ignores_unlabelled_sentences_for_labels() -> None:
    outcomes = [cb.Outcome("a", 1, 1, _event(1), None), cb.Outcome("b", None, 4, _event(4), None)]
    scores = cb.score_outcomes(outcomes)
    assert scores["sentences"] == 1.0
    assert scores["accuracy"] == 1.0


def test_confusion_table_has_a_row_per_label() -> None:
    table = cb.format_confusion(cb.confusion([0, 4], [4, 4]))
    assert len(table.splitlines()) == 6
    assert table.splitlines()[5].split()[-1] == "1"


# --- extraction -----------------------------------------------------------------------


def _page(**gold: str) -> Any:
    return ex.Page("u", Path("p"), ("Main text here", "\u201cquoted\u201d"), ("Impressum",), gold)


def test_fold_matches_across_quotes_spaces_and_case() -> None:
    assert ex.fold("A\u00a0 \u201cQuote\u201d\n\u2013 x") == 'a "quote" - x'


def test_same_field() -> None:
    assert ex.same_field("date", "2020-01-05", "2020-01-05")
    assert not ex.same_field("date", None, "2020-01-05")
    assert ex.same_field("author", None, "")
    assert ex.same_field("title", "Scherenschnitt  (3)", "scherenschnitt (3)")


def test_tally_counts_like_trafilatura() -> None:
    tally = ex.Tally()
    good = ex.Extraction('main  text HERE and "quoted"', title="T", date="2020-01-05")
    tally.add(_page(title="T", date="2020-01-05", author=""), good)
    tally.add(_page(title="T"), ex.Extraction("Main text here. Impressum", title="Other"))
    tally.add(_page(), ex.Extraction())
    assert (tally.tp, tally.fn, tally.fp, tally.tn) == (3, 3, 1, 2)
    scores = tally.scores()
    assert scores["with_recall"] == 0.5
    assert scores["without_precision"] == round(2 / 3, 4)
    assert scores["precision"] == 0.75
    assert scores["f1"] == 0.6
    assert scores["title_accuracy"] == 0.5
    assert scores["date_accuracy"] == 1.0
    assert scores["author_accuracy"] == 1.0
    assert scores["empty_pages"] == 1.0
    assert "x_f1" in tally.scores("x_")


def test_combine_reports_the_margin_over_trafilatura() -> None:
    ours, theirs = ex.Tally(tp=9, fn=1, fp=1, tn=9, pages=2), ex.Tally(tp=8, fn=2, fp=2, tn=8)
    scores = ex.combine(ours, theirs)
    assert scores["pages"] == 2.0
    assert scores["f1"] == 0.9
    assert scores["traf_f1"] == 0.8
    assert scores["f1_margin"] == 0.1


def test_read_pages_takes_every_stride_page_in_url_order(tmp_path: Path) -> None:
    (tmp_path / "html" / "eval").mkdir(parents=True)
    data = {}
    for n in range(5):
        name = f"p{n}.html"
        with gzip.open(tmp_path / "html" / "eval" / f"{name}.gz", "wb") as f:
            f.write(b"<html><body><p>Hello</p></body></html>")
        data[f"https://e.org/{n}"] = {"file": name, "with": ["Hello"], "without": [], "date": None}
    data["https://e.org/9"] = {"file": "missing.html", "with": [], "without": []}
    (tmp_path / "evaldata.json").write_text(json.dumps(data), encoding="utf-8")
    pages = ex.read_pages(tmp_path, stride=2)
    assert [p.url for p in pages] == ["https://e.org/0", "https://e.org/2", "https://e.org/4"]
    assert pages[0].gold == {}
    assert ex.read_html(pages[0].path).startswith(b"<html>")
    assert len(ex.read_pages(tmp_path, stride=1)) == 5


def test_tally_runs_every_extractor_on_every_page(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_bytes(b"<p>Main text here</p>")
    page = ex.Page("u", path, ("Main text here",), ("Impressum",), {})
    tallies = ex.tally([page], {"echo": lambda raw, source: ex.Extraction(raw.decode())})
    assert (tallies["echo"].tp, tallies["echo"].tn) == (1, 1)


def test_detente_extractor_returns_nothing_for_undecodable_pages() -> None:
    assert ex.with_detente(b"\xff\xfe\xfa\x00\x00", "broken.html") == ex.Extraction()


# --- the real sets, when ../shared has them ------------------------------------------------


@pytest.mark.skipif(not (DEVDATA / "events_conflibert_train").is_dir(), reason="no ConfliBERT")
def test_conflibert_runs_on_a_few_sentences() -> None:
    scores = cb.score_conflibert(DEVDATA / "events_conflibert_train", limit=30)
    assert scores["sentences"] == 30.0
    assert 0.0 <= scores["accuracy"] <= 1.0


@pytest.mark.skipif(not (DEVDATA / "extraction_trafilatura").is_dir(), reason="no trafilatura set")
def test_extraction_runs_on_a_few_pages() -> None:
    scores = ex.score_extraction(DEVDATA / "extraction_trafilatura", stride=200)
    assert scores["pages"] == 5.0
    assert scores["f1"] > 0.5
