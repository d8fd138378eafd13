"""List the tune half's missed core events of events_real_dev, with what was coded there.

Usage: ``python eval/real_dev_errors.py [ROOT] [--kind KIND] [--wrong] [--out FILE]``

For every core gold event of the *tune* half that the coder missed (the check half is
never listed: it is for measuring, not for reading): its id, the kind of miss
(``no_event``, ``wrong_type``, ``wrong_actors``; see ``eval/real_dev.py``), the gold
sides, types, CAMEO code and date, the anchor, and every event coded in the anchor's
sentence (type, CAMEO code, sides, trigger, rule). ``--kind`` keeps one kind;
``--wrong`` lists instead the tune half's coded events that match no gold event (the
precision errors). The detente package never imports this module.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from real_dev import (
    DEFAULT_ROOT,
    MISS_KINDS,
    Coded,
    Finding,
    code_records,
    coded,
    countries,
    document_records,
    halves,
    is_correct,
    read_gold,
    score_events,
)

from detente.models import Event


def describe(event: Coded) -> str:
    e = event.event
    return (
        f"    {event.type or 'stmt':<10} {e.cameo_code:<5} {event.source or '?'}"
        f"({e.source_text or '-'}) -> {event.target or '?'}({e.target_text or '-'})"
        f" {e.trigger_text!r} {e.factuality} {e.date_start} [{e.rule}]"
    )


def miss_lines(findings: Sequence[Finding], events: Sequence[Event], kind: str) -> list[str]:
    """The listing of the missed core events (of one kind, or all)."""
    by_doc: dict[str, list[Coded]] = {}
    for event in events:
        by_doc.setdefault(event.doc_id, []).append(coded(event))
    misses = [f for f in findings if f.kind != "found" and kind in ("all", f.kind)]
    lines: list[str] = []
    for f in misses:
        g = f.gold
        lines.append(
            f"{g.id} {f.kind}: {g.source}->{g.target} {'/'.join(g.types)} {g.date} | {g.anchor}"
        )
        lines.extend(describe(e) for e in by_doc.get(g.doc_id, []) if g.anchor in e.sentence)
    counts = Counter(f.kind for f in findings if f.kind != "found")
    lines.append(f"{len(misses)} missed core events listed (tune half)")
    lines.append("by kind: " + ", ".join(f"{k}: {counts[k]}" for k in MISS_KINDS))
    return lines


def wrong_lines(root: Path, events: Sequence[Event]) -> list[str]:
    """The tune half's coded events that match no gold event of their sentence."""
    tune = halves(root)["tune"]
    gold = [g for g in read_gold(root) if g.doc_id in tune]
    states = countries(root.parents[1])
    wrong = [
        event
        for event in (coded(e) for e in events if e.doc_id in tune)
        if not is_correct(event, [g for g in gold if g.doc_id == event.event.doc_id], states)
    ]
    lines: list[str] = []
    for event in wrong:
        lines.append(f"{event.event.doc_id}: {event.event.sentence.strip()[:200]}")
        lines.append(describe(event))
    lines.append(f"{len(wrong)} coded events of the tune half match no gold event")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--kind", default="all", choices=["all", *MISS_KINDS])
    parser.add_argument("--wrong", action="store_true", help="list unmatched coded events")
    parser.add_argument("--out", type=Path, default=None, help="write here instead of stdout")
    args = parser.parse_args()
    if not args.root.is_dir():
        print(f"real_dev_errors: {args.root} not found")
        return 1
    events = code_records(document_records(args.root))
    if args.wrong:
        lines = wrong_lines(args.root, events)
    else:
        findings = score_events(args.root, events)["tune"][1]
        lines = miss_lines(findings, events, args.kind)
    text = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print("\n".join(lines[-2:]))
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
