"""Score detente on the development gold sets and fail below the pinned floors.

Usage: ``python eval/run.py [--shared ../shared] [--update-floors]``

Gold sets (all skipped when ``../shared`` is absent):

* ``samples/*.gold.json``: hand-coded events of an article; the article goes
  through the same path as ``detente code`` (JSONL record with its publication date).
* ``devdata/timex_timebank``: TIMEX3 spans and values, tune and check halves
  (see ``eval/timebank.py``).
* ``devdata/events_real_dev``: real articles with event gold, scored as sets
  ``real_dev_tune`` and ``real_dev_check`` (see ``eval/real_dev.py``).
* ``devdata/events_conflibert_train``: CAMEO sentences, scored as ``conflibert_tune``
  and ``conflibert_check`` (see ``eval/conflibert.py``), and actor spans.

A set ``X_tune`` and its ``X_check`` are printed side by side. Scores are compared with
``eval/floors.json``: ``floors`` are minimums, ``ceilings`` maximums; a gold set with
pinned keys that is missing fails, with one line naming the set and its data, and so
does a missing shared folder. ``--update-floors`` raises floors (never lowers them) to
today's scores.
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
        "dates_right": _dates_right(events, core),
        "_found": found_core,  # type: ignore[dict-item]
        "_dates_wrong": _dates_wrong(events, core),  # type: ignore[dict-item]
        **_factuality_scores(events, gold["events"]),
    }


def _factuality_scores(events: list[Event], gold: list[dict[str, Any]]) -> dict[str, Any]:
    """Found gold events (core and optional) whose matching events include one with the
    gold factuality; the non-asserted ones (reported, hypothetical, negated) separately."""
    right: list[str] = []
    wrong: list[str] = []
    for g in gold:
        matching = [e for e in events if event_matches(e, g)]
        if not matching or not g.get("factuality"):
            continue
        ok = any(e.factuality == g["factuality"] for e in matching)
        (right if ok else wrong).append(g["id"])
    marked = {g["id"] for g in gold if g.get("factuality", "asserted") != "asserted"}
    return {
        "factuality_right": float(len(right)),
        "factuality_accuracy": round(len(right) / (len(right) + len(wrong)), 3) if right else 0.0,
        "nonasserted_right": float(len(marked & set(right))),
        "_factuality_wrong": wrong,
    }


def date_matches(event: Event, gold_date: str) -> bool:
    """Whether the event's date range lies in the gold date, to the gold's granularity.

    "2023-04": start and end in April 2023; "2021": both in 2021; "2015/2019": starts
    in 2015 and ends in 2019; "2023-04-15": that day.
    """
    if event.date_start is None or event.date_end is None:
        return False
    first, _, last = gold_date.partition("/")
    start, end = event.date_start.isoformat(), event.date_end.isoformat()
    if last:
        return start.startswith(first) and end.startswith(last)
    return start.startswith(first) and end.startswith(first)


def _dated_pairs(events: list[Event], core: list[dict[str, Any]]) -> list[tuple[str, Event, str]]:
    return [
        (g["id"], e, g["date"])
        for g in core
        if g.get("date")
        for e in events
        if event_matches(e, g)
    ]


def _dates_right(events: list[Event], core: list[dict[str, Any]]) -> float:
    """Share of (core gold event, matched event) pairs whose date matches the gold date."""
    pairs = _dated_pairs(events, core)
    right = sum(date_matches(e, date) for _, e, date in pairs)
    return round(right / len(pairs), 3) if pairs else 0.0


def _dates_wrong(events: list[Event], core: list[dict[str, Any]]) -> list[str]:
    return [
        f"{gid} {e.trigger_text!r} {e.date_start}..{e.date_end} ({e.date_basis}), gold {date}"
        for gid, e, date in _dated_pairs(events, core)
        if not date_matches(e, date)
    ]


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


# Where each gold set's data lies under the shared folder, by the start of its name.
SET_DATA = {
    "sample:": "samples/",
    "timebank": "devdata/timex_timebank",
    "conflibert": "devdata/events_conflibert_train",
    "real_dev": "devdata/events_real_dev",
    "extraction": "devdata/extraction_trafilatura",
    "actors_ner": "devdata/events_conflibert_train/cameo_ner_train.txt",
}


def gold_sets(shared: Path) -> dict[str, Callable[[], dict[str, float]]]:
    """Every gold set present under ``shared``, by name."""
    sets: dict[str, Callable[[], dict[str, float]]] = {}
    for gold_path in sorted((shared / SET_DATA["sample:"]).glob("*.gold.json")):
        name = "sample:" + gold_path.name.replace(".gold.json", "")
        sets[name] = lambda p=gold_path: score_sample(p)  # type: ignore[misc]
    timebank = shared / SET_DATA["timebank"]
    if timebank.is_dir():
        sys.path.insert(0, str(HERE))
        from timebank import timebank_sets

        sets.update(timebank_sets(timebank))
    conflibert = shared / SET_DATA["conflibert"]
    if conflibert.is_dir():
        sys.path.insert(0, str(HERE))
        from conflibert import PARTS, score_parts

        for part in PARTS:
            sets[f"conflibert_{part}"] = lambda p=part: score_parts(conflibert)[p]  # type: ignore[misc]
    real_dev = shared / SET_DATA["real_dev"]
    if real_dev.is_dir():
        sys.path.insert(0, str(HERE))
        from real_dev import HALVES, score_real_dev

        for half in HALVES:
            sets[f"real_dev_{half}"] = lambda h=half: score_real_dev(real_dev)[h]  # type: ignore[misc]
    extraction = shared / SET_DATA["extraction"]
    if extraction.is_dir():
        sys.path.insert(0, str(HERE))
        from extraction import score_extraction

        sets["extraction"] = lambda: score_extraction(extraction)
    if (shared / SET_DATA["actors_ner"]).is_file():
        sys.path.insert(0, str(HERE))
        from actors_ner import score_actor_spans

        sets["actors_ner"] = lambda: score_actor_spans(conflibert)
    return sets


def check(scores: dict[str, dict[str, float]], limits: dict[str, dict[str, float]]) -> list[str]:
    """Lines naming every pinned gold set that was not scored (one line per set), and
    every score below its floor, above its ceiling or missing from its set."""
    pinned = [*limits.get("floors", {}), *limits.get("ceilings", {})]
    missing = sorted({key.split("/")[0] for key in pinned} - set(scores))
    problems = [
        _missing_set(name, sum(k.startswith(f"{name}/") for k in pinned)) for name in missing
    ]
    for kind in ("floors", "ceilings"):
        for key, bound in limits.get(kind, {}).items():
            name, metric = key.split("/")
            if name not in scores:
                continue
            value = scores[name].get(metric)
            if value is None:
                problems.append(f"{key}: the gold set gave no {metric!r}; rename or remove the key")
            elif kind == "floors" and value < bound:
                problems.append(f"{key} = {value} is below the floor {bound}")
            elif kind == "ceilings" and value > bound:
                problems.append(f"{key} = {value} is above the ceiling {bound}")
    return problems


def _missing_set(name: str, keys: int) -> str:
    data = next((path for start, path in SET_DATA.items() if name.startswith(start)), None)
    where = f"{data} under the shared folder" if data else "not in the shared folder"
    return (
        f"{name}: gold set missing ({where}), {keys} pinned key(s) unchecked; "
        "restore the data, or remove its keys from eval/floors.json"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    parser.add_argument("--update-floors", action="store_true")
    args = parser.parse_args()
    if not args.shared.is_dir():
        print(f"FAIL {args.shared}: shared folder not found, so no pinned gold set can be scored")
        print("eval: pass --shared DIR (the folder holding samples/ and devdata/)")
        return 1
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
    print("eval: ok" if not problems else f"eval: {len(problems)} check(s) failed")
    return 1 if problems else 0


def _print_table(scores: dict[str, dict[str, float]]) -> None:
    print(f"{'gold set':<42} {'metric':<22} {'score':>8}")
    print("-" * 74)
    for name, metrics in scores.items():
        base, _, half = name.rpartition("_")
        if half in ("tune", "check") and {f"{base}_tune", f"{base}_check"} <= scores.keys():
            if half == "tune":
                _print_halves(base, scores[f"{base}_tune"], scores[f"{base}_check"])
            continue
        for metric, value in metrics.items():
            if metric.startswith("_"):
                print(f"{'':<42} {metric[1:]:<22} {value}")
            else:
                print(f"{name:<42} {metric:<22} {value:>8}")


def _print_halves(base: str, tune: dict[str, float], check: dict[str, float]) -> None:
    """A set scored on a tune and a check half: the two side by side, then the details."""
    print(f"{base + ' (tune | check)':<42} {'metric':<22} {'tune':>8} {'check':>8}")
    for metric, value in check.items():
        if not metric.startswith("_"):
            print(f"{base + '_check':<42} {metric:<22} {tune.get(metric, '-'):>8} {value:>8}")
    for half, metrics in (("tune", tune), ("check", check)):
        for metric, value in metrics.items():
            if metric.startswith("_"):
                print(f"{'':<42} {half + ' ' + metric[1:]:<22} {value}")


def _raise_floors(scores: dict[str, dict[str, float]], limits: dict[str, dict[str, float]]) -> None:
    for key, floor in limits.get("floors", {}).items():
        name, metric = key.split("/")
        if name in scores and scores[name].get(metric, floor) > floor:
            limits["floors"][key] = scores[name][metric]
    FLOORS.write_text(json.dumps(limits, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
