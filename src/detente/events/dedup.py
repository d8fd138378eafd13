"""One event per happening in a document: repeated mentions are merged.

An analysis article names the same visit three times ("Cohen visited Baku", "Cohen's
April 2023 visit to Baku", "the visit of Israel's foreign minister to Azerbaijan").
Coded one by one they would triple the dyad's count. Two coded events are mentions of
the same happening when they share the CAMEO root, the factuality and the actors
(countries, or actor codes when there is no country; society's parties named
differently are different people), have compatible dates
(overlapping ranges, or one of them has no date of its own) and either sit in the
same sentence or share the full CAMEO code. A *partial* event (no source or no
target) is a mention of a full one with a compatible date when the actor it has is
in the same role there (any role, within one sentence): "Azerbaijan may have bought
... in May 2021 ... and was considering purchasing ... later that year" holds two
purchases. Of each group the best-dated event is kept (an explicit
day beats a month beats a year; any date beats the publication date), the first in
text order on a tie.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from detente.models import Event, party_code, sector_side

_BASIS_RANK = {"explicit": 3, "relative": 3, "coreference": 2, "publication": 1, "unknown": 0}
_GRANULARITY_RANK = {
    "day": 6,
    "week": 5,
    "month": 4,
    "season": 3,
    "quarter": 3,
    "half": 2,
    "year": 2,
    "range": 1,
}


def merge_mentions(events: Sequence[Event]) -> list[Event]:
    """The events of one document with repeated mentions merged, in text order."""
    kept: list[Event] = []
    for event in events:
        same = next((n for n, k in enumerate(kept) if _same_happening(k, event)), None)
        if same is None:
            kept.append(event)
        elif _better(event, kept[same]):
            kept[same] = event
    kept = [e for e in kept if not _partial_of_any(e, kept)]
    order = {id(e): n for n, e in enumerate(events)}
    return sorted(kept, key=lambda e: order[id(e)])


def date_rank(event: Event) -> tuple[int, int]:
    """How well an event is dated: (basis, granularity), higher is better."""
    basis = _BASIS_RANK.get(event.date_basis, 0)
    granularity = _GRANULARITY_RANK.get(event.date_granularity, 0) if basis > 1 else 0
    return basis, granularity


def _better(candidate: Event, current: Event) -> bool:
    return date_rank(candidate) > date_rank(current)


def _parties(event: Event) -> tuple[str | None, str | None]:
    return (
        party_code(event.source_country, event.source_sector, event.source_actor),
        party_code(event.target_country, event.target_sector, event.target_actor),
    )


def _same_happening(a: Event, b: Event) -> bool:
    return (
        a.doc_id == b.doc_id
        and a.cameo_root == b.cameo_root
        and a.factuality == b.factuality
        and _parties(a) == _parties(b)
        and _same_people(a, b)
        and _dates_compatible(a, b)
        and (a.sentence_index == b.sentence_index or a.cameo_code == b.cameo_code)
    )


def _same_people(a: Event, b: Event) -> bool:
    """Whether society's parties of two events can be the same people: a party code such
    as AZEJRN stands for a class, so two arrests of journalists named differently
    ("journalist Nargiz Absalamova", "Sevinj Vagifqizi, editor-in-chief") are two
    happenings."""
    sides = (
        (a.source_sector, a.source_text, b.source_text),
        (a.target_sector, a.target_text, b.target_text),
    )
    for sector, one, other in sides:
        if sector_side(sector) == "society" and one != other and (_named(one) or _named(other)):
            return False
    return True


def _named(text: str | None) -> bool:
    """Whether a party's text names someone: a capitalised word after its first."""
    return bool(text) and any(word[:1].isupper() for word in (text or "").split()[1:])


def _partial_of_any(event: Event, others: Sequence[Event]) -> bool:
    source, target = _parties(event)
    if source is not None and target is not None:
        return False
    for other in others:
        if other is event or other.cameo_root != event.cameo_root:
            continue
        if other.factuality != event.factuality:
            continue
        other_source, other_target = _parties(other)
        if other_source is None or other_target is None:
            continue
        if not _dates_compatible(event, other):
            continue  # "bought ... in May 2021, and was considering purchasing ... later"
        if other.sentence_index == event.sentence_index:
            present = {p for p in (source, target) if p is not None}
            if present <= {other_source, other_target}:
                return True  # the same sentence: whatever the role ("Azerbaijan's imports")
        elif source in (None, other_source) and target in (None, other_target):
            return True
    return False


def _dates_compatible(a: Event, b: Event) -> bool:
    if date_rank(a)[0] <= 1 or date_rank(b)[0] <= 1:
        return True
    return _overlap(a.date_start, a.date_end, b.date_start, b.date_end)


def _overlap(
    a_start: dt.date | None, a_end: dt.date | None, b_start: dt.date | None, b_end: dt.date | None
) -> bool:
    if a_start is None or b_start is None:
        return True
    return a_start <= (b_end or b_start) and b_start <= (a_end or a_start)
