"""Event dating on every gold event of ``events_real_dev``, found by the coder or not.

Usage: ``python eval/real_dev_dating.py [tune|check] [--errors]`` (default tune).

The reference scorer measures date accuracy only on the events the coder finds, a few
dozen per half. This script dates every gold event: its sentence is the one holding
the anchor phrase, its trigger the first verb of the anchor (not "say"/"tell"), else
its first noun; ``date_event`` runs on the parsed sentence with the document's time
expressions, and the date counts as right when it lies inside the gold date, as the
scorer's rule. ``--errors`` lists the wrong dates of the tune half only (never of the
check half). The detente package never imports this module.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import sys
from typing import Any

from detente.events.dating import date_event
from detente.events.sentences import split_sentences
from detente.nlp.pipeline import get_nlp
from detente.temporal import find_times

DEV = pathlib.Path(__file__).resolve().parents[2] / "shared/devdata/events_real_dev"
_SPEECH = frozenset({"say", "tell"})


def interval(date: str) -> tuple[dt.date, dt.date]:
    """First and last day of a gold date (YYYY, YYYY-MM or YYYY-MM-DD)."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        year, month = parts
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        return dt.date(year, month, 1), following - dt.timedelta(days=1)
    day = dt.date(parts[0], parts[1], parts[2])
    return day, day


def _lines(path: pathlib.Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def score(split: str, *, errors: bool = False) -> tuple[int, int, list[str]]:
    """(right, dated gold events, error lines) for one half."""
    sources = {s["doc_id"]: s for s in _lines(DEV / "sources.jsonl")}
    gold = [g for g in _lines(DEV / "gold.jsonl") if g["split"] == split and g.get("date")]
    nlp = get_nlp()
    right = total = 0
    wrong: list[str] = []
    for event in gold:
        pub = sources[event["doc_id"]]["pub_date"]
        anchor = dt.date.fromisoformat(pub + ("-15" if len(pub) == 7 else ""))
        text = (DEV / "docs" / f"{event['doc_id']}.txt").read_text(encoding="utf-8")
        at = text.replace("\u00a0", " ").find(event["anchor"].replace("\u00a0", " "))
        sentence = next((s for s in split_sentences(text) if s.start <= at < s.end), None)
        if at < 0 or sentence is None:
            continue
        doc = nlp(sentence.text)
        first, last = at - sentence.start, at - sentence.start + len(event["anchor"])
        tokens = [t for t in doc if first <= t.idx < last]
        verbs = [t for t in tokens if t.pos_ == "VERB" and t.lemma_ not in _SPEECH]
        nouns = [t for t in tokens if t.pos_ == "NOUN"]
        trigger = (verbs or nouns or tokens or [None])[0]
        if trigger is None:
            continue
        times = [
            t for t in find_times(text, anchor=anchor) if t.date_start and t.start < sentence.end
        ]
        when = date_event(
            trigger, sentence_start=sentence.start, times=times, doc_date=anchor, text=text
        )
        low, high = interval(event["date"])
        ok = when.start is not None and low <= when.start and (when.end or when.start) <= high
        total += 1
        right += ok
        if errors and not ok and split == "tune":
            said = when.expression.text if when.expression else None
            wrong.append(
                f"{event['id']} gold {event['date']} ({event['date_basis']}) got "
                f"{when.start}..{when.end} rule {when.rule} from {said!r} trigger "
                f"{trigger.text!r} | {sentence.text[:160]!r}"
            )
    return right, total, wrong


def main(argv: list[str]) -> int:
    """Print the half's date accuracy, and its errors with ``--errors`` (tune only)."""
    split = next((a for a in argv[1:] if a in {"tune", "check"}), "tune")
    if not DEV.is_dir():
        print(f"no events_real_dev folder at {DEV}")
        return 2
    right, total, wrong = score(split, errors="--errors" in argv)
    print("\n".join(wrong))
    print(f"{split}: {right}/{total} gold events dated right ({right / max(total, 1):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
