"""Score actor detection on ConfliBERT's source/target spans (train split).

Usage: ``python eval/actors_ner.py [ROOT]`` (default ROOT
``../shared/devdata/events_conflibert_train``).

``cameo_ner_train.txt`` has one ``token TAG`` a line and a blank line between
sentences; BIO tags mark the source (S), the target (T) and both sides of a
reciprocal event (R). Each sentence is rebuilt by joining its tokens with spaces
and passed to ``find_mentions`` without a date (the sentences carry none). For each
gold span:

* ``*_detected``: some mention overlaps it;
* ``*_resolved``: some overlapping mention has a country or is an international body.

``all_*`` pools S, T and R spans. The detente package never imports this module.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from detente.actors import find_mentions

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared/devdata/events_conflibert_train"
Span = tuple[str, int, int]  # role, start char, end char


def read_sentences(path: Path) -> list[tuple[str, list[Span]]]:
    """Sentences as (text, gold spans with character offsets into the text)."""
    sentences: list[tuple[str, list[Span]]] = []
    tokens: list[tuple[str, str]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.rsplit(" ", 1)
        if line.strip() and len(parts) == 2:
            tokens.append((parts[0], parts[1]))
        elif tokens:
            sentences.append(_sentence(tokens))
            tokens = []
    return sentences


def _sentence(tokens: list[tuple[str, str]]) -> tuple[str, list[Span]]:
    text, spans = "", []
    current: list[int] | None = None
    role = ""
    for word, tag in tokens:
        start = len(text) + (1 if text else 0)
        text = f"{text} {word}" if text else word
        inside = tag.startswith("I-") and current is not None and tag[2:] == role
        if tag.startswith(("B-", "I-")) and not inside:
            if current is not None:
                spans.append((role, current[0], current[1]))
            current, role = [start, len(text)], tag[2:]
        elif inside and current is not None:
            current[1] = len(text)
        elif current is not None:
            spans.append((role, current[0], current[1]))
            current = None
    if current is not None:
        spans.append((role, current[0], current[1]))
    return text, spans


def score_actor_spans(root: Path) -> dict[str, float]:
    """Detection and resolution shares for the gold S, T and R spans."""
    sentences = read_sentences(root / "cameo_ner_train.txt")
    counts: dict[str, list[int]] = {}
    chars, started = 0, time.process_time()
    for text, spans in sentences:
        chars += len(text)
        mentions = find_mentions(text)
        for role, start, end in spans:
            over = [m for m in mentions if m.start < end and start < m.end]
            resolved = any(m.country or m.kind == "igo" for m in over)
            for key in (role.lower(), "all"):
                tally = counts.setdefault(key, [0, 0, 0])
                tally[0] += 1
                tally[1] += bool(over)
                tally[2] += resolved
    elapsed = time.process_time() - started
    scores: dict[str, float] = {}
    for key in ("s", "t", "all"):
        total, detected, resolved = counts.get(key, [0, 0, 0])
        prefix = {"s": "source", "t": "target", "all": "all"}[key]
        scores[f"{prefix}_detected"] = round(detected / total, 3) if total else 0.0
        scores[f"{prefix}_resolved"] = round(resolved / total, 3) if total else 0.0
    scores["spans"] = float(counts.get("all", [0])[0])
    scores["ms_per_10k_chars"] = round(elapsed * 1000 * 10_000 / max(chars, 1), 1)
    return scores


if __name__ == "__main__":
    ROOT = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_ROOT
    for metric, value in score_actor_spans(ROOT).items():
        print(f"{metric:<22} {value}")
