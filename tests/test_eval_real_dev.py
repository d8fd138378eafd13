"""eval/real_dev.py: its rules on hand-made events, and agreement with the reference scorer."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from detente.formats import write_events
from detente.models import Event

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REAL_DEV = SHARED / "devdata" / "events_real_dev"
SCORER = SHARED / "tools" / "score_events_real_dev.py"
# our figure -> the reference scorer's
SAME_FIGURES = {
    "docs": "docs",
    "core": "core",
    "predicted": "predicted",
    "core_recall": "core_recall",
    "core_recall_directed": "core_recall_directed",
    "precision": "precision",
    "f1": "f1",
    "date_accuracy": "date_acc",
    "factuality_accuracy": "factuality_acc",
    "domestic_core": "domestic_core",
    "domestic_recall": "domestic_recall",
}


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(REPO / "eval"))
    spec = importlib.util.spec_from_file_location(f"eval_{name}", REPO / "eval" / f"{name}.py")
    if spec is None or spec.loader is None:
        pytest.skip(f"eval/{name}.py is missing")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


rd = _load("real_dev")
cb = _load("conflibert")
harness = _load("run")

STATES = frozenset({"ARM", "AZE", "FRA", "RUS", "USA"})


def _event(
    sentence: str,
    *,
    doc: str = "d1",
    kind: str = "CONSULT",
    source: tuple[str | None, str | None] = ("ARM", "ARMGOV"),
    target: tuple[str | None, str | None] = ("AZE", "AZEGOV"),
    start: dt.date | None = dt.date(2020, 5, 4),
    end: dt.date | None = None,
    factuality: str = "asserted",
) -> Event:
    return Event(
        event_id="e",
        doc_id=doc,
        sentence_index=0,
        sentence=sentence,
        sentence_start=0,
        sentence_end=len(sentence),
        trigger_text="",
        source_text=None,
        source_actor=source[1],
        source_country=source[0],
        source_sector=None,
        target_text=None,
        target_actor=target[1],
        target_country=target[0],
        target_sector=None,
        event_type=kind,
        event_mode="",
        cameo_code="040",
        cameo_root="04",
        quad_class=1,
        goldstein=1.0,
        date_start=start,
        date_end=end,
        date_granularity="day",
        date_basis="publication",
        factuality=factuality,
        confidence=0.5,
    )


def _gold(anchor: str = "met  his Azerbaijani", **fields: Any) -> Any:
    values: dict[str, Any] = {
        "id": "d1-01",
        "doc_id": "d1",
        "anchor": rd.fold(anchor),
        "source": "ARM",
        "target": "AZE",
        "types": ("CONSULT",),
        "date": "2020-05",
        "factuality": "asserted",
        "core": True,
    }
    values.update(fields)
    return rd.Gold(**values)


SENTENCE = "Armenia\u2019s minister met\u00a0his Azerbaijani counterpart."


# --- the rules on hand-made events ------------------------------------------------------


def test_fold_makes_spaces_apostrophes_and_case_plain() -> None:
    assert rd.fold(" Armenia\u2019s\u00a0 Minister\n") == "armenia's minister"


def test_side_is_the_country_else_the_body_code() -> None:
    assert rd.side("AZE", "AZEGOV") == "AZE"
    assert rd.side(None, "UNGOV") == "UN"
    assert rd.side(None, "natomilgov") == "NATO"
    assert rd.side(None, "REB") == "NONSTATE"
    assert rd.side(None, None) is None


def test_side_matches_nonstate_and_null_targets() -> None:
    assert rd.side_matches(None, None, STATES)
    assert not rd.side_matches("AZE", None, STATES)
    assert rd.side_matches("NONSTATE", "UN", STATES)
    assert not rd.side_matches("NONSTATE", "AZE", STATES)


def test_date_inside_the_gold_day_month_or_year() -> None:
    may4 = _event(SENTENCE)
    assert rd.date_inside("2020-05", may4)
    assert rd.date_inside("2020", may4)
    assert not rd.date_inside("2020-05-05", may4)
    june1 = _event(SENTENCE, start=dt.date(2020, 5, 1), end=dt.date(2020, 6, 1))
    assert rd.date_inside("2020-05", june1)  # ends the day after the month
    assert not rd.date_inside("2020-05", _event(SENTENCE, end=dt.date(2020, 6, 2)))
    assert not rd.date_inside("2020-12", _event(SENTENCE, start=None))
    assert rd.date_inside("2020-12", _event(SENTENCE, start=dt.date(2020, 12, 31)))


def test_find_tells_the_kinds_of_miss_apart() -> None:
    gold = _gold()
    right = rd.coded(_event(SENTENCE))
    reverse = rd.coded(_event(SENTENCE, source=("AZE", None), target=("ARM", None)))
    accuse = rd.coded(_event(SENTENCE, kind="ACCUSE"))
    other = rd.coded(_event(SENTENCE, target=("RUS", "RUS")))
    elsewhere = rd.coded(_event("Another sentence."))
    assert rd.find(gold, [elsewhere], STATES).kind == "no_event"
    mistyped = rd.find(gold, [accuse], STATES)
    assert (mistyped.kind, mistyped.coded_type) == ("wrong_type", "ACCUSE")
    missed = rd.find(gold, [other, accuse], STATES)
    assert (missed.kind, missed.coded_type) == ("wrong_actors", "ACCUSE")
    assert rd.find(gold, [other], STATES).coded_type is None
    found = rd.find(gold, [reverse, right], STATES)
    assert (found.kind, found.match, found.directed) == ("found", right, True)
    backward = rd.find(gold, [reverse], STATES)
    assert (backward.match, backward.directed) == (reverse, False)


def test_score_half_on_hand_made_events() -> None:
    golds = [
        _gold(),
        _gold("Azerbaijani counterpart", id="d1-02", types=("ACCUSE",), core=False),
        _gold("Russia attacked", id="d1-03", source="RUS", target="RUS", types=("ASSAULT",)),
    ]
    events = [
        _event(SENTENCE),  # finds d1-01
        _event(SENTENCE, kind="ACCUSE", source=("USA", None), target=("ARM", None)),  # d1-02
        _event("Russia attacked its own.", kind="COERCE", source=("RUS", None)),  # wrong type
        _event("Nothing here.", kind="AID"),
    ]
    scores, findings = rd.score_half(golds, events, STATES)
    assert [f.kind for f in findings] == ["found", "wrong_type"]
    assert scores["core_recall"] == 0.5
    assert scores["precision"] == 0.5
    assert scores["f1"] == 0.5
    assert scores["date_accuracy"] == 1.0
    assert scores["factuality_accuracy"] == 1.0
    assert (scores["domestic_core"], scores["domestic_recall"]) == (1.0, 0.0)
    assert scores["miss_wrong_type"] == 1.0
    table = rd.format_confusion(findings).splitlines()
    assert table[0].split()[-3:] == ["CONS", "-", "core"]
    assert table[1].split() == ["CONSULT", "1", ".", "1"]
    assert table[2].split() == ["ASSAULT", ".", "1", "1"]


def test_document_records_use_the_15th_when_only_the_month_is_known(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Police Arrested Protesters.", encoding="utf-8")
    (tmp_path / "sources.jsonl").write_text(
        json.dumps({"doc_id": "a", "split": "tune", "pub_date": "2021-03"}) + "\n",
        encoding="utf-8",
    )
    assert rd.document_records(tmp_path) == [
        {"id": "a", "text": "Police Arrested Protesters.", "date": "2021-03-15"}
    ]
    assert rd.document_records(tmp_path, case="upper")[0]["text"] == "POLICE ARRESTED PROTESTERS."
    assert rd.halves(tmp_path) == {"tune": {"a"}, "check": set()}


def test_conflibert_parts_are_fixed_by_the_sentence() -> None:
    text = "Russia attacked Ukraine on Tuesday."
    assert cb.part_of(text) == cb.part_of("russia  attacked Ukraine on Tuesday")
    parts = [cb.part_of(f"Sentence number {n}.") for n in range(2000)]
    assert 0.17 < parts.count("check") / len(parts) < 0.23
    outcomes = [cb.Outcome(f"Sentence number {n}.", 0, 0, None) for n in range(50)]
    tune, check = cb.in_part(outcomes, "tune"), cb.in_part(outcomes, "check")
    assert len(tune) + len(check) == 50
    assert all(cb.part_of(o.text) == "check" for o in check)


def test_a_floor_of_a_gold_set_that_was_not_scored_fails() -> None:
    limits = {"floors": {"a_check/f1": 0.5, "gone/f1": 0.1}, "ceilings": {"gone/x": 1.0}}
    (line,) = harness.check({"a_check": {"f1": 0.6}}, limits)  # one line per missing set
    assert line.startswith("gone: gold set missing") and "2 pinned key(s)" in line
    (line,) = harness.check({}, {"floors": {"real_dev_check/f1": 0.2}})
    assert "(devdata/events_real_dev under the shared folder)" in line
    assert harness.check({"a_check": {"f1": 0.4}}, {"floors": {"a_check/f1": 0.5}}) == [
        "a_check/f1 = 0.4 is below the floor 0.5"
    ]
    assert harness.check({"a_check": {"x": 3}}, {"ceilings": {"a_check/x": 1}}) == [
        "a_check/x = 3 is above the ceiling 1"
    ]
    (line,) = harness.check({"a_check": {}}, {"floors": {"a_check/f1": 0.5}})
    assert "gave no 'f1'" in line


def test_eval_without_the_shared_folder_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["run.py", "--shared", str(tmp_path / "none")])
    assert harness.main() == 1
    assert "shared folder not found" in capsys.readouterr().out


# --- agreement with the reference scorer ------------------------------------------------

needs_set = pytest.mark.skipif(
    not (REAL_DEV.is_dir() and SCORER.is_file()), reason="../shared has no events_real_dev"
)


def _reference(events: list[Event], tmp_path: Path) -> dict[str, dict[str, Any]]:
    """The reference scorer's figures for ``events``, written as ``detente code`` writes."""
    path = tmp_path / "events.jsonl"
    write_events(events, path)
    run = subprocess.run(
        [sys.executable, str(SCORER), "--events", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    return {row["split"]: row for row in rows}


def _assert_agree(events: list[Event], tmp_path: Path) -> dict[str, Any]:
    ours = rd.score_events(REAL_DEV, events)
    theirs = _reference(events, tmp_path)
    for half in rd.HALVES:
        scores = ours[half][0]
        for mine, reference in SAME_FIGURES.items():
            assert scores.get(mine) == theirs[half][reference], (half, mine)
    return ours


def _variant(row: dict[str, Any], n: int) -> Event:
    """An event made from a gold event and changed in one of eight ways by ``n``."""

    def actor(code: str | None) -> tuple[str | None, str | None]:
        if code is None or code == "NONSTATE":
            return None, "REB"
        return (code, code + "GOV") if len(code) == 3 else (None, code + "GOV")

    source, target = actor(row["source"]), actor(row.get("target"))
    kinds = [row["plover"], *(row.get("plover_alt") or [])]
    lo, hi = rd._interval(row["date"] or "2019")
    changes: dict[str, Any] = [
        {},
        {"source": target, "target": source},
        {"kind": "AID" if "AID" not in kinds else "ASSAULT"},
        {"kind": kinds[-1], "target": ("FRA", "FRAGOV")},
        {"source": (None, None), "target": (None, None)},
        {"kind": ""},
        {"start": hi + dt.timedelta(days=1), "factuality": "reported"},
        {"start": None, "end": None},
    ][n % 8]
    values: dict[str, Any] = {"source": source, "target": target, "kind": row["plover"]}
    ends = [hi, hi + dt.timedelta(days=1), hi + dt.timedelta(days=2)]  # in, slack, out
    values |= {"start": lo, "end": ends[n % 3]}
    values |= {"factuality": row.get("factuality") or "asserted"}
    values |= changes
    return _event(f"Before. {row['anchor']} after", doc=row["doc_id"], **values)


@needs_set
def test_figures_agree_with_the_reference_on_made_up_events(tmp_path: Path) -> None:
    rows = rd.read_jsonl(REAL_DEV / "gold.jsonl")
    events = [_variant(row, n) for n, row in enumerate(rows)]
    events += [_variant(row, n + 1) for n, row in enumerate(rows[::5])]
    ours = _assert_agree(events, tmp_path)
    kinds = {f.kind for half in rd.HALVES for f in ours[half][1]}
    assert {"found", "wrong_type", "wrong_actors"} <= kinds


@needs_set
@pytest.mark.model
@pytest.mark.slow
def test_figures_agree_with_the_reference_on_coded_events(tmp_path: Path) -> None:
    events = rd.code_records(rd.document_records(REAL_DEV))
    ours = _assert_agree(events, tmp_path)
    assert ours["check"][0]["predicted"] > 0
