"""Dump the ConfliBERT sentences the coder gets wrong, with what it coded and why.

Usage: ``python eval/conflibert_errors.py [ROOT] [--kind KIND] [--limit N] [--out FILE]``

For every mislabelled sentence of the tune part of ``cameo_class_train.tsv`` (never
the check part; see ``part_of`` in ``eval/conflibert.py``): the gold and predicted
labels, every event the coder found (CAMEO code, quad class, factuality, confidence,
trigger, source and target, rule; the main event marked ``*``), and for sentences with
no event at all why none was found (no actor mention, no trigger keyword, or both
present but no frame on the parse). ``--kind`` picks one cell of the confusion matrix
(``2>0`` for material cooperation coded as none) or ``all``. A summary counts the
triggers and CAMEO roots of the wrong main events, which is where mechanisms come from.
The detente package never imports this module.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from conflibert import DEFAULT_ROOT, LABEL_NAMES, Outcome, evaluate, in_part, top_event

from detente.actors.resolve import find_mentions
from detente.events.lexicon import load_lexicon
from detente.events.sentences import has_keyword
from detente.models import Event


def _describe(event: Event, main: Event | None) -> str:
    mark = "*" if event is main else " "
    return (
        f"   {mark}{event.cameo_code:<5} q{event.quad_class} {event.factuality:<12}"
        f" {event.confidence:.2f} {event.trigger_text!r}"
        f" {event.source_text or '-'}({event.source_country or '?'})"
        f" -> {event.target_text or '-'}({event.target_country or '?'}) [{event.rule}]"
    )


def why_none(text: str) -> str:
    """Why a sentence gave no event: missing actors, missing keywords, or the parse."""
    lexicon = load_lexicon()
    mentions = find_mentions(text)
    keyword = has_keyword(text, lexicon.keywords)
    if not mentions and not keyword:
        return "no actor, no trigger keyword"
    if not mentions:
        return "no actor mention"
    if not keyword:
        names = ", ".join(f"{m.text}={m.actor}" for m in mentions)
        return f"no trigger keyword (actors: {names})"
    names = ", ".join(f"{m.text}={m.actor}" for m in mentions)
    return f"actors and keyword, no frame (actors: {names})"


def selected(outcomes: Sequence[Outcome], kind: str) -> list[Outcome]:
    """Mislabelled sentences, all of them or one ``gold>pred`` cell."""
    wrong = [o for o in outcomes if o.gold is not None and o.gold != o.predicted]
    if kind == "all":
        return wrong
    gold, _, predicted = kind.partition(">")
    return [o for o in wrong if o.gold == int(gold) and o.predicted == int(predicted)]


def report(outcomes: Sequence[Outcome], *, kind: str, limit: int | None) -> list[str]:
    """The error listing as lines of text."""
    chosen = selected(outcomes, kind)
    lines: list[str] = []
    triggers: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for o in chosen[:limit]:
        main = top_event(o.events)
        gold_name = LABEL_NAMES[o.gold or 0]
        lines.append(f"gold {o.gold} {gold_name} / pred {o.predicted}: {o.text}")
        for event in o.events:
            lines.append(_describe(event, main))
        if main is None:
            reason = why_none(o.text)
            reasons[reason.partition(" (")[0]] += 1
            lines.append(f"    (no event: {reason})")
        else:
            triggers[f"{main.cameo_code} {main.trigger_text.lower()}"] += 1
        lines.append("")
    lines.append(f"{len(chosen)} sentences ({kind})")
    if reasons:
        lines.append(
            "no-event reasons: " + ", ".join(f"{r}: {n}" for r, n in reasons.most_common())
        )
    if triggers:
        common = ", ".join(f"{t} x{n}" for t, n in triggers.most_common(25))
        lines.append(f"wrong main events: {common}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--kind", default="all", help="'all' or one cell, e.g. '2>0'")
    parser.add_argument("--limit", type=int, default=None, help="at most N sentences listed")
    parser.add_argument("--out", type=Path, default=None, help="write here instead of stdout")
    args = parser.parse_args()
    if not args.root.is_dir():
        print(f"conflibert_errors: {args.root} not found")
        return 1
    tune = in_part(evaluate(args.root), "tune")
    lines = report(tune, kind=args.kind, limit=args.limit)
    text = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print("\n".join(lines[-3:]))
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
