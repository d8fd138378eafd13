"""Score detente on the development gold sets and fail below the pinned floors.

Usage: ``python eval/run.py [--shared ../shared] [--update-floors]``

Gold sets (each skipped cleanly when ``../shared`` lacks it):

* ``samples/*.gold.json``: hand-coded events of an article; the article goes
  through the same path as ``detente code`` (JSONL record with its publication date).
* ``devdata/timex_timebank``: TIMEX3 spans and values (see ``eval/timebank.py``).

Scores are compared with ``eval/floors.json``: ``floors`` are minimums, ``ceilings``
maximums. ``--update-floors`` raises floors (never lowers them) to today's scores.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from detente.ingest import extract_path
from detente.jobs import JobReport, code_lines
from detente.models import Event

HERE = Path(__file__).resolve().parent
FLOORS = HERE / "floors.json"


def norm(text: str) -> str:
    """Fold quotes, dashes and spaces so that anchors match sentences."""
    text = unicodedata.normalize("NFKC", text)
    for a, b in (
        ("\u2019", "'"),
        ("\u2018", "'"),
        ("\u201c", '"'),
        ("\u201d", '"'),
        ("\u2014", "-"),
        ("\u2013", "-"),
    ):
        text = text.replace(a, b)
    return " ".join(text.split()).casefold()


def event_matches(event: Event, gold: dict[str, Any]) -> bool:
    """Same sentence (anchor inside it), same countries, an accepted PLOVER type."""
    if norm(gold["anchor"]) not in norm(event.sentence):
        return False
    if event.event_type not in gold["plover"]:
        return False
    pair = (event.source_country, event.target_country)
    wanted = (gold.get("source"), gold.get("target"))
    if pair == wanted:
        return True
    either = "either direction" in gold.get("note", "")
    return either and pair == (wanted[1], wanted[0])


def score_sample(gold_path: Path) -> dict[str, float]:
    """Event recall, precision, must-not violations and metadata accuracy for one article."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
    meta = gold["document"]
    record = {
        "id": text_path.stem,
        "text": text_path.read_text(encoding="utf-8"),
        "date": meta["date"],
    }
    report = JobReport()
    events = list(code_lines([json.dumps(record)], source=str(text_path), report=report))
    core = [g for g in gold["events"] if g.get("core")]
    found_core = [g["id"] for g in core if any(event_matches(e, g) for e in events)]
    matched = [e for e in events if any(event_matches(e, g) for g in gold["events"])]
    must_not = [e for e in events if any(norm(t) in norm(e.sentence) for t in gold["must_not"])]
    return {
        "core_found": float(len(found_core)),
        "core_recall": round(len(found_core) / len(core), 3) if core else 0.0,
        "precision": round(len(matched) / len(events), 3) if events else 0.0,
        "events": float(len(events)),
        "must_not_events": float(len(must_not)),
        "metadata_accuracy": _metadata_accuracy(text_path, meta),
        "_found": found_core,  # type: ignore[dict-item]
    }


def _metadata_accuracy(text_path: Path, meta: dict[str, str]) -> float:
    extracted = extract_path(text_path).to_json_dict()
    body = extracted.get("text") or ""
    checks = [
        extracted.get("title") == meta["title"],
        extracted.get("author") == meta["author"],
        extracted.get("date") == meta["date"],
        extracted.get("section") == meta["section"],
        body.startswith(meta["body_starts_with"]),
        body.rstrip().endswith(meta["body_ends_with"]),
    ]
    return round(sum(checks) / len(checks), 3)


def gold_sets(shared: Path) -> dict[str, Callable[[], dict[str, float]]]:
    """Every gold set present under ``shared``, by name."""
    sets: dict[str, Callable[[], dict[str, float]]] = {}
    for gold_path in sorted((shared / "samples").glob("*.gold.json")):
        name = "sample:" + gold_path.name.replace(".gold.json", "")
        sets[name] = lambda p=gold_path: score_sample(p)  # type: ignore[misc]
    timebank = shared / "devdata" / "timex_timebank"
    if timebank.is_dir():
        sys.path.insert(0, str(HERE))
        from timebank import score_timebank

        sets["timebank"] = lambda: score_timebank(timebank)
    return sets


def check(scores: dict[str, dict[str, float]], limits: dict[str, dict[str, float]]) -> list[str]:
    """Lines naming every score below its floor or above its ceiling."""
    problems = []
    for key, floor in limits.get("floors", {}).items():
        name, metric = key.split("/")
        if name in scores and scores[name].get(metric, float("-inf")) < floor:
            problems.append(f"{key} = {scores[name].get(metric)} is below the floor {floor}")
    for key, ceiling in limits.get("ceilings", {}).items():
        name, metric = key.split("/")
        if name in scores and scores[name].get(metric, float("inf")) > ceiling:
            problems.append(f"{key} = {scores[name].get(metric)} is above the ceiling {ceiling}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    parser.add_argument("--update-floors", action="store_true")
    args = parser.parse_args()
    if not args.shared.is_dir():
        print(f"eval: {args.shared} not found; skipping the gold sets")
        return 0
    scores: dict[str, dict[str, float]] = {}
    for name, run in gold_sets(args.shared).items():
        scores[name] = run()
    _print_table(scores)
    limits = json.loads(FLOORS.read_text(encoding="utf-8"))
    if args.update_floors:
        _raise_floors(scores, limits)
    problems = check(scores, limits)
    for line in problems:
        print(f"FAIL {line}")
    print("eval: ok" if not problems else f"eval: {len(problems)} score(s) out of bounds")
    return 1 if problems else 0


def _print_table(scores: dict[str, dict[str, float]]) -> None:
    print(f"{'gold set':<42} {'metric':<22} {'score':>8}")
    print("-" * 74)
    for name, metrics in scores.items():
        for metric, value in metrics.items():
            if metric.startswith("_"):
                print(f"{'':<42} {metric[1:]:<22} {value}")
            else:
                print(f"{name:<42} {metric:<22} {value:>8}")


def _raise_floors(scores: dict[str, dict[str, float]], limits: dict[str, dict[str, float]]) -> None:
    for key, floor in limits.get("floors", {}).items():
        name, metric = key.split("/")
        if name in scores and scores[name].get(metric, floor) > floor:
            limits["floors"][key] = scores[name][metric]
    FLOORS.write_text(json.dumps(limits, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
