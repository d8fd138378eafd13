"""The document page's marks: each event's trigger, source and target in the article text.

Events keep their sentence's offsets and the words of the trigger, source and target;
the marks are found by looking those words up inside the sentence. The result is a
list of plain segments; the template escapes every character of them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from detente.models import Event

ROLES: tuple[str, ...] = ("source", "trigger", "target")


@dataclass(slots=True, kw_only=True)
class Segment:
    """A stretch of the article: plain (``role`` None) or a mark with its label and why."""

    text: str
    start: int
    role: str | None = None
    label: str = ""
    title: str = ""
    event_ids: list[str] = field(default_factory=list)
    anchor: str | None = None  # ``s<offset>``: the event sentence this stretch is part of


@dataclass(slots=True, kw_only=True)
class _Mark:
    start: int
    end: int
    role: str
    label: str
    titles: list[str]
    event_ids: list[str]


def find_in(text: str, needle: str | None, lo: int, hi: int, *, avoid: list[int]) -> int | None:
    """Start of ``needle`` as whole words inside ``text[lo:hi]``, avoiding used starts."""
    if not needle:
        return None
    pattern = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")
    fallback = None
    for flags in (0, re.IGNORECASE):
        pattern = re.compile(pattern.pattern, flags)
        for match in pattern.finditer(text, lo, hi):
            if match.start() not in avoid:
                return match.start()
            fallback = fallback if fallback is not None else match.start()
        if fallback is not None:
            return fallback
    return None


def event_marks(text: str, event: Event) -> list[_Mark]:
    """The trigger, source and target marks of one event (those that can be found)."""
    lo, hi = max(0, event.sentence_start), min(len(text), event.sentence_end)
    sure = f"confidence {event.confidence:.2f}" if event.confidence is not None else "no confidence"
    why = (
        f"{event.event_type or 'statement'} {event.cameo_code} · {event.factuality} · "
        f"{sure} · rule {event.rule or '?'}"
    )
    wanted = (
        ("trigger", event.trigger_text, f"{event.event_type or 'STATEMENT'} {event.cameo_code}"),
        ("source", event.source_text, event.source_actor or "?"),
        ("target", event.target_text, event.target_actor or "?"),
    )
    marks: list[_Mark] = []
    used: list[int] = []
    for role, words, label in wanted:
        start = find_in(text, words, lo, hi, avoid=used)
        if start is None or not words:
            continue
        used.append(start)
        marks.append(
            _Mark(
                start=start,
                end=start + len(words),
                role=role,
                label=label,
                titles=[f"{role}: {why}"],
                event_ids=[event.event_id],
            )
        )
    return marks


def segments(
    text: str, events: list[Event], *, sentences: list[tuple[int, int]] | None = None
) -> list[Segment]:
    """The article cut into plain and marked segments, marks never overlapping.

    Every stretch inside the sentence of an event (or of ``sentences``, character
    ranges) carries that sentence's ``anchor`` (``s<start offset>``), the target of
    the evidence links ``/documents/<id>#s<sentence_start>``.
    """
    spans = [(e.sentence_start, e.sentence_end) for e in events] + list(sentences or [])
    return _anchored(_segments(text, events), _sentence_ranges(spans, len(text)))


def _sentence_ranges(spans: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    """Distinct sentence ranges inside the text, in order, none overlapping (a range that
    starts inside the one before is cut to begin where that one ends)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted({(max(0, a), min(size, b)) for a, b in spans if a < b}):
        if out and start < out[-1][1]:
            if start == out[-1][0]:
                continue
            start = out[-1][1]
        if start < end:
            out.append((start, end))
    return out


def _anchored(parts: list[Segment], ranges: list[tuple[int, int]]) -> list[Segment]:
    """Cut plain segments at sentence boundaries and give each piece its sentence."""
    cuts = sorted({x for r in ranges for x in r})
    out: list[Segment] = []
    for part in parts:
        pieces = [part]
        if part.role is None:
            end = part.start + len(part.text)
            inner = [c for c in cuts if part.start < c < end]
            bounds = [part.start, *inner, end]
            pieces = [
                Segment(text=part.text[a - part.start : b - part.start], start=a)
                for a, b in itertools.pairwise(bounds)
            ]
        for piece in pieces:
            piece.anchor = next((f"s{a}" for a, b in ranges if a <= piece.start < b), None)
            out.append(piece)
    return out


def _segments(text: str, events: list[Event]) -> list[Segment]:
    merged: dict[tuple[int, int], _Mark] = {}
    for event in events:
        for mark in event_marks(text, event):
            key = (mark.start, mark.end)
            if key in merged:
                merged[key].titles += mark.titles
                merged[key].event_ids += mark.event_ids
            else:
                merged[key] = mark
    kept: list[_Mark] = []
    for mark in sorted(merged.values(), key=lambda m: (m.start, -(m.end - m.start))):
        if not kept or mark.start >= kept[-1].end:
            kept.append(mark)
    out: list[Segment] = []
    at = 0
    for mark in kept:
        if mark.start > at:
            out.append(Segment(text=text[at : mark.start], start=at))
        out.append(
            Segment(
                text=text[mark.start : mark.end],
                start=mark.start,
                role=mark.role,
                label=mark.label,
                title="\n".join(mark.titles),
                event_ids=mark.event_ids,
            )
        )
        at = mark.end
    if at < len(text):
        out.append(Segment(text=text[at:], start=at))
    return out
