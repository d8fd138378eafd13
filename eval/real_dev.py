"""Score the event coder on events_real_dev: real articles, a tune and a check half.

Usage: ``python eval/real_dev.py [ROOT]`` (default ``../shared/devdata/events_real_dev``).

Every document is coded through the same path as ``detente code`` (a JSONL record
``{"id", "text", "date"}``, the date being ``pub_date``, or its 15th where only the
month is known) and scored by the rules of the set's README, which
``../shared/tools/score_events_real_dev.py`` implements too (a test checks that both
give the same figures):

* A coded event *lies in* a gold event's sentence when the folded anchor (no-break
  spaces and curly apostrophes made plain, runs of white space one space, lower case)
  is inside the folded ``sentence`` of an event of the same document.
* A *side* is the country code; for an actor without one (UN, EU, NATO, a bare
  sector), the actor code less its sector suffixes, and a bare sector is NONSTATE.
  Gold NONSTATE matches any side that is not a country, a null gold target anything.
* A core gold event is *found* by an event in its sentence with an accepted type
  (``plover`` or ``plover_alt``) whose sides match the gold ones, forward (directed)
  or reversed; the first such event in output order, forward ones first, is its match.
* A coded event is *correct* when some gold event of its sentence (core or not) has
  its type and a gold source that matches either of its sides. Precision = correct /
  coded, recall = found / core, F1 from both.
* Date accuracy: the match starts inside the gold date (a day, month or year) and ends
  no later than the day after it. Factuality accuracy: the match has the gold factuality.

Each missed core event has one *kind*: ``no_event`` (no coded event lies in its
sentence), ``wrong_type`` (events there, none of an accepted type) or ``wrong_actors``
(an event of an accepted type there, but no such event has both sides right). The
confusion table counts every core event once: a found one on the diagonal, a missed
one under the type of the first event of its sentence whose sides match the gold ones
(``stmt`` for a statement without a PLOVER type), or under ``-`` when none does.

Each half is also coded with every document lower-cased and upper-cased:
``lower_f1``/``upper_f1`` and their ratios to the normal-case F1. The detente package
never imports this module.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.jobs import JobReport, code_lines
from detente.models import PLOVER_TYPES, Event

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared/devdata/events_real_dev"
HALVES = ("tune", "check")
CASES: dict[str, Callable[[str], str]] = {"lower": str.lower, "upper": str.upper}
MISS_KINDS = ("no_event", "wrong_type", "wrong_actors")
# Sector codes that can end an actor code (the set's sectors and detente's).
SECTORS = frozenset(
    {"GOV", "MIL", "COP", "SPY", "LEG", "JUD", "DIP", "REB", "OPP", "PTY", "BUS", "MED", "JRN"}
    | {"CVL", "IGO", "NGO", "EDU", "REL", "CRM", "LAB", "AGR", "HLH", "ELI", "UAF", "REF"}
    | {"SEP", "IMG"}
)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Gold:
    """One hand-coded event of the set."""

    id: str
    doc_id: str
    anchor: str  # folded
    source: str | None
    target: str | None
    types: tuple[str, ...]  # plover first, then plover_alt
    date: str | None
    factuality: str | None
    core: bool

    @property
    def domestic(self) -> bool:
        return self.source == self.target


@dataclass(frozen=True, slots=True)
class Coded:
    """One coded event as the scoring sees it: folded sentence, type and sides."""

    event: Event
    sentence: str
    type: str
    source: str | None
    target: str | None


@dataclass(frozen=True, slots=True)
class Finding:
    """What became of one core gold event."""

    gold: Gold
    match: Coded | None
    directed: bool
    kind: str  # "found" or one of MISS_KINDS
    coded_type: str | None  # the confusion column; None: no event with its sides


def fold(text: str) -> str:
    """The text as anchors and sentences are compared."""
    text = text.replace("\u00a0", " ").replace("\u2019", "'")
    return _SPACES.sub(" ", text).strip().lower()


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def read_gold(root: Path) -> list[Gold]:
    """Every gold event of the set, in file order."""
    return [
        Gold(
            id=row["id"],
            doc_id=row["doc_id"],
            anchor=fold(row["anchor"]),
            source=row.get("source"),
            target=row.get("target"),
            types=(row["plover"], *(row.get("plover_alt") or ())),
            date=row.get("date"),
            factuality=row.get("factuality"),
            core=bool(row.get("core")),
        )
        for row in read_jsonl(root / "gold.jsonl")
    ]


def document_records(root: Path, *, case: str | None = None) -> list[dict[str, str]]:
    """The ``detente code`` input records of every document, optionally re-cased."""
    recase = CASES[case] if case else str
    records = []
    for row in read_jsonl(root / "sources.jsonl"):
        date = row["pub_date"] + ("-15" if len(row["pub_date"]) == 7 else "")
        text = (root / "docs" / f"{row['doc_id']}.txt").read_text(encoding="utf-8")
        records.append({"id": row["doc_id"], "text": recase(text), "date": date})
    return records


def halves(root: Path) -> dict[str, frozenset[str]]:
    """The document ids of each half."""
    rows = read_jsonl(root / "sources.jsonl")
    return {half: frozenset(r["doc_id"] for r in rows if r["split"] == half) for half in HALVES}


def code_records(records: Iterable[dict[str, str]]) -> list[Event]:
    """Events of the records, in the order ``detente code`` writes them."""
    report = JobReport()
    lines = [json.dumps(record) for record in records]
    events = list(code_lines(lines, source="events_real_dev", report=report))
    if report.failures:
        reasons = "; ".join(f.reason for f in report.failures)
        raise RuntimeError(f"events_real_dev: {len(report.failures)} documents failed: {reasons}")
    return events


@functools.cache
def countries(shared: Path) -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes (mledoze's list in ``shared``, plus Kosovo and Palestine)."""
    path = shared / "reference/actors/mledoze_countries/countries.json"
    codes = {country["cca3"] for country in json.loads(path.read_text(encoding="utf-8"))}
    return frozenset(codes | {"XKX", "PSE"})


def side(country: str | None, actor: str | None) -> str | None:
    """A coded side: its country, else the actor code less sector suffixes."""
    if country:
        return country
    code = (actor or "").upper()
    while len(code) > 3 and code[-3:] in SECTORS:
        code = code[:-3]
    if not code:
        return None
    return "NONSTATE" if code in SECTORS else code


def coded(event: Event) -> Coded:
    return Coded(
        event=event,
        sentence=fold(event.sentence or ""),
        type=event.event_type or "",
        source=side(event.source_country, event.source_actor),
        target=side(event.target_country, event.target_actor),
    )


def side_matches(gold: str | None, found: str | None, states: frozenset[str]) -> bool:
    if gold is None:
        return True
    if not found:
        return False
    return found == gold or (gold == "NONSTATE" and found not in states)


def sides_match(gold: Gold, event: Coded, states: frozenset[str], *, reverse: bool) -> bool:
    source, target = (event.target, event.source) if reverse else (event.source, event.target)
    return side_matches(gold.source, source, states) and side_matches(gold.target, target, states)


def find(gold: Gold, events: Sequence[Coded], states: frozenset[str]) -> Finding:
    """Whether a core gold event was found among its document's events, and if not why."""
    there = [e for e in events if gold.anchor in e.sentence]
    typed = [e for e in there if e.type in gold.types]
    forward = [e for e in typed if sides_match(gold, e, states, reverse=False)]
    backward = [e for e in typed if sides_match(gold, e, states, reverse=True)]
    if forward or backward:
        return Finding(gold, (forward or backward)[0], bool(forward), "found", gold.types[0])
    kind = "no_event" if not there else "wrong_type" if not typed else "wrong_actors"
    same_sides = [
        e
        for e in there
        if sides_match(gold, e, states, reverse=False) or sides_match(gold, e, states, reverse=True)
    ]
    column = (same_sides[0].type or "stmt") if same_sides else None
    return Finding(gold, None, False, kind, column)


def is_correct(event: Coded, gold: Sequence[Gold], states: frozenset[str]) -> bool:
    """A coded event of the right type whose sentence has a gold event with its source."""
    return any(
        g.anchor in event.sentence
        and event.type in g.types
        and (
            side_matches(g.source, event.source, states)
            or side_matches(g.source, event.target, states)
        )
        for g in gold
    )


def date_inside(gold: str, event: Event) -> bool:
    """The event starts inside the gold day, month or year and ends by the day after it."""
    if event.date_start is None:
        return False
    start, end = event.date_start, event.date_end or event.date_start
    first, last = _interval(gold)
    return first <= start <= last and end <= last + dt.timedelta(days=1)


def _interval(value: str) -> tuple[dt.date, dt.date]:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return dt.date(year, month, 1), following - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def score_half(
    gold: Sequence[Gold], events: Sequence[Event], states: frozenset[str]
) -> tuple[dict[str, Any], list[Finding]]:
    """The figures of one half from its gold and its coded events; the core findings.

    ``states``: the codes that are countries (for gold NONSTATE).
    """
    by_doc: dict[str, list[Coded]] = {}
    for event in events:
        by_doc.setdefault(event.doc_id, []).append(coded(event))
    gold_by_doc: dict[str, list[Gold]] = {}
    for g in gold:
        gold_by_doc.setdefault(g.doc_id, []).append(g)
    core = [g for g in gold if g.core]
    findings = [find(g, by_doc.get(g.doc_id, []), states) for g in core]
    correct = sum(
        is_correct(e, gold_by_doc.get(doc, []), states) for doc, es in by_doc.items() for e in es
    )
    found = [f for f in findings if f.match is not None]
    recall = len(found) / len(core) if core else 0.0
    precision = correct / len(events) if events else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    scores: dict[str, Any] = {
        "core": float(len(core)),
        "predicted": float(len(events)),
        "core_recall": round(recall, 3),
        "core_recall_directed": _share(sum(f.directed for f in findings), len(core)),
        "precision": round(precision, 3),
        "f1": round(f1, 3),
    }
    scores.update(_match_accuracy(found))
    scores.update(_domestic(findings))
    kinds = Counter(f.kind for f in findings)
    scores.update({f"miss_{kind}": float(kinds[kind]) for kind in MISS_KINDS})
    return scores, findings


def _match_accuracy(found: Sequence[Finding]) -> dict[str, float]:
    dated = [f for f in found if f.gold.date]
    scores = {}
    if dated:
        right = sum(date_inside(f.gold.date or "", f.match.event) for f in dated if f.match)
        scores["date_accuracy"] = _share(right, len(dated))
    if found:
        right = sum(f.match.event.factuality == f.gold.factuality for f in found if f.match)
        scores["factuality_accuracy"] = _share(right, len(found))
    return scores


def _domestic(findings: Sequence[Finding]) -> dict[str, float]:
    domestic = [f for f in findings if f.gold.domestic]
    found = sum(f.match is not None for f in domestic)
    scores = {"domestic_core": float(len(domestic)), "domestic_found": float(found)}
    if domestic:
        scores["domestic_recall"] = _share(found, len(domestic))
    return scores


Scored = tuple[dict[str, Any], list[Finding]]


def score_events(root: Path, events: Sequence[Event]) -> dict[str, Scored]:
    """The figures and findings of each half for events already coded."""
    gold = read_gold(root)
    states = countries(root.parents[1])
    result = {}
    for half, docs in halves(root).items():
        half_gold = [g for g in gold if g.doc_id in docs]
        half_events = [e for e in events if e.doc_id in docs]
        scores, findings = score_half(half_gold, half_events, states)
        result[half] = ({"docs": float(len(docs)), **scores}, findings)
    return result


@functools.cache
def score_real_dev(root: Path) -> dict[str, dict[str, Any]]:
    """Every figure of both halves, the any-case figures and the confusion tables.

    Cached: ``make eval`` reads the tune and the check half from one coding pass.
    """
    normal = score_events(root, code_records(document_records(root)))
    figures = {half: dict(scores) for half, (scores, _) in normal.items()}
    for case in CASES:
        recased = score_events(root, code_records(document_records(root, case=case)))
        for half, (scores, _) in recased.items():
            base = figures[half]["f1"]
            figures[half][f"{case}_f1"] = scores["f1"]
            figures[half][f"{case}_ratio"] = round(scores["f1"] / base, 3) if base else 0.0
    for half, (_, findings) in normal.items():
        table = format_confusion(findings)
        figures[half]["_confusion"] = "\n" + "\n".join(" " * 4 + row for row in table.splitlines())
    return figures


def format_confusion(findings: Sequence[Finding]) -> str:
    """Gold PLOVER types down, coded types across (see the module's docstring)."""
    cells = Counter((f.gold.types[0], f.coded_type or "-") for f in findings)
    rows = [t for t in PLOVER_TYPES if any(r == t for r, _ in cells)]
    present = {c for _, c in cells}
    columns = [t for t in [*PLOVER_TYPES, "stmt", "-"] if t in present]
    lines = ["gold \\ coded".ljust(12) + "".join(c[:4].rjust(5) for c in columns) + "  core"]
    for row in rows:
        counts = [cells[(row, c)] for c in columns]
        text = "".join((str(n) if n else ".").rjust(5) for n in counts)
        lines.append(row.ljust(12) + text + str(sum(counts)).rjust(6))
    lines.append("(found: diagonal; missed: the type coded in the sentence with the gold sides;")
    lines.append(" stmt: a statement without a type; -: no event there with the gold sides)")
    return "\n".join(lines)


def format_side_by_side(figures: dict[str, dict[str, Any]]) -> list[str]:
    """The halves' figures as rows: metric, tune, check."""
    lines = [f"{'metric':<24} {'tune':>8} {'check':>8}"]
    for metric, value in figures["check"].items():
        if not metric.startswith("_"):
            lines.append(f"{metric:<24} {figures['tune'].get(metric, '-'):>8} {value:>8}")
    for half in HALVES:
        lines.append(
            f"{half}: confusion of PLOVER types (core events){figures[half]['_confusion']}"
        )
    return lines


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_ROOT
    if not root.is_dir():
        print(f"real_dev: {root} not found")
        return 1
    print("\n".join(format_side_by_side(score_real_dev(root))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
