"""A role-only mention takes its country from the document around it.

"Police", "the government", "protesters", "security forces" name a sector but no
country; the passage says whose they are. In order, a role-only mention takes:

* ``context:place``: the country of the place the phrase itself names ("riot police
  in Hong Kong", "protesters in Almaty");
* ``context:same-kind``: the country of the nearest earlier mention of the same
  sector and role word whose country the text gave ("Armenian police officers ...
  the police", "Syrian regime forces ... the regime");
* ``context:dateline``: the country of the wire dateline that opens the text
  ("DHAKA, July 19 (Reuters) -"), when the text names that country's actors too;
* ``context:dominant``: the country the document is clearly about, the one most of
  its country-bearing mentions name (the first one named counts twice: a lead
  names what the story is about).

Where none applies the country stays empty: a wrong country is worse than none.
Rights groups and other NGOs keep no country unless the text gives one. The
rule and its evidence are appended to the mention's rule, so ``detente explain``
shows how the country was found.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from detente.models import Mention

# How far back (characters) an earlier mention of the same sector still speaks for a role.
_SAME_KIND_REACH = 1500
# A document is about one country when it has this many mentions of it (the lead's
# counting twice: a country named once, alone, qualifies) and this share of all.
_DOMINANT_MIN = 2
_DOMINANT_SHARE = 0.6
# Kinds of mention that name a country outright.
_PLACE_KINDS = frozenset({"country", "person", "organisation", "group"})
# "DHAKA, July 19 (Reuters) -", "TEHRAN (Tasnim) -", "GAZA CITY, Gaza Strip -", "ANKARA"
# Between a role and a place that says whose it is: "police in", "protesters in the".
_LOCATED = re.compile(r"\s+(?:in|of|from|at)\s+(?:the\s+)?", re.IGNORECASE)
_CONTEXT = "+context:"
_WORD = re.compile(r"[a-z]+")
_NOT_ROLE_WORDS = frozenset({"the", "of", "a", "an", "and", "s", "senior", "top", "deputy"})
# Sectors whose bodies belong to no one country by default (rights groups, NGOs).
_UNPLACED_SECTORS = frozenset({"NGO", "IGO"})
_DATELINE = re.compile(r"^\s*(?P<place>[A-Z][A-Z .'\-]{2,40}?)(?=\s*[,(\u2013\u2014-]|\s*\n)")


def with_context(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """``mentions`` (sorted by start) with each role-only mention given the country its
    context supports, if any."""
    dominant = _dominant_country(mentions)
    dateline = _dateline_country(text, mentions)
    placed: list[Mention] = []
    for n, mention in enumerate(mentions):
        if mention.role_only and mention.sector not in _UNPLACED_SECTORS:
            after = mentions[n + 1] if n + 1 < len(mentions) else None
            mention = _placed(text, mention, after, placed, dateline, dominant)
        placed.append(mention)
    return placed


def _placed(
    text: str,
    mention: Mention,
    after: Mention | None,
    earlier: Sequence[Mention],
    dateline: tuple[str, str] | None,
    dominant: tuple[str, int] | None,
) -> Mention:
    if after is not None and after.country and _LOCATED.fullmatch(text[mention.end : after.start]):
        return _with_country(mention, after.country, f'context:place("{after.text}")')
    previous = _same_kind(mention, earlier)
    if previous is not None:
        country, other = previous
        where = f'"{other.text}" at {other.start}'
        return _with_country(mention, country, f"context:same-kind({where})")
    if dateline is not None:
        country, place = dateline
        return _with_country(mention, country, f"context:dateline({place})")
    if dominant is not None:
        country, count = dominant
        return _with_country(mention, country, f"context:dominant({count} mentions)")
    return mention


def _same_kind(mention: Mention, earlier: Sequence[Mention]) -> tuple[str, Mention] | None:
    """The nearest earlier mention of the same sector and role word whose country the
    text gave: "the regime" after "Syrian regime forces", "the president" after
    "President Ilham Aliyev", "police" after "Armenian police officers"."""
    words = _role_words(mention)
    for other in reversed(earlier):
        if mention.start - other.end > _SAME_KIND_REACH:
            return None
        if (
            other.country
            and other.sector == mention.sector
            and _CONTEXT not in other.rule
            and words & _role_words(other)
        ):
            return other.country, other
    return None


def _role_words(mention: Mention) -> set[str]:
    return set(_WORD.findall((mention.role or mention.text).lower())) - _NOT_ROLE_WORDS


def _with_country(mention: Mention, country: str, rule: str) -> Mention:
    return replace(
        mention,
        country=country,
        actor=f"{country}{mention.sector or ''}",
        rule=f"{mention.rule}{_CONTEXT}{rule.removeprefix('context:')}",
    )


def _dominant_country(mentions: Sequence[Mention]) -> tuple[str, int] | None:
    named = [m.country for m in mentions if m.country and m.kind in _PLACE_KINDS]
    if not named:
        return None
    counts = Counter(named + named[:1])
    (country, count), total = counts.most_common(1)[0], sum(counts.values())
    if count >= _DOMINANT_MIN and count >= _DOMINANT_SHARE * total:
        return country, count
    return None


def _dateline_country(text: str, mentions: Sequence[Mention]) -> tuple[str, str] | None:
    """The country of an upper-case dateline place that opens the text, when other
    mentions of the document name that country too."""
    match = _DATELINE.match(text)
    if match is None:
        return None
    end = match.end("place")
    place = next((m for m in mentions if m.start < end and m.end > match.start("place")), None)
    if place is None or place.country is None:
        return None
    others = sum(1 for m in mentions if m is not place and m.country == place.country)
    return (place.country, match.group("place").strip()) if others else None
