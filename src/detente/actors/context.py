"""A role-only mention takes its country from the document around it.

"Police", "the government", "protesters", "security forces" name a sector but no
country; the passage says whose they are. In order, a role-only mention takes:

* ``context:place``: the country of the place the phrase itself names ("riot police
  in Hong Kong", "protesters in Almaty");
* ``context:same-kind``: the country of the nearest earlier mention with the same
  telling role word whose country the text gave ("Armenian police officers ... the
  police", "Syrian regime forces ... the regime");
* ``context:dateline``: the country of the wire dateline that opens the text
  ("DHAKA, July 19 (Reuters) -"), when the text names that country's actors too;
* ``context:same-body``: for "the alliance" or "the bloc", the international body the
  passage last named (NATO, the EU), which it then is;
* ``context:dominant``: the country the document is clearly about: at least half of
  its country-bearing mentions name it, and at least twice as many as the next
  country (the first one named counts twice: a lead names what the story is about);
  a single sentence is about no one country;
* ``context:passage``: in a document about several countries, the one country the
  passage around the role names: every country-bearing mention in the 150 characters
  before it and in the rest of its sentence names it ("Georgian opposition leaders
  called a rally in Tbilisi, and police detained ..."; not "a police raid on a Kyiv
  hotel" just after Russia was named).

Where none applies the country stays empty: a wrong country is worse than none. An
authority no state recognises ("the de-facto authorities", "separatist leaders") takes
none at all.
Rights groups and other NGOs keep no country unless the text gives one. The
rule and its evidence are appended to the mention's rule, so ``detente explain``
shows how the country was found.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from detente.actors.gazetteer import load_gazetteer, phrase_key
from detente.models import Mention
from detente.nlp.datelines import wire_dateline

# How far back (characters) an earlier mention of the same sector still speaks for a role.
_SAME_KIND_REACH = 1500
# A document is about one country when it has this many mentions of it (the lead's
# counting twice: a country named once, alone, qualifies), this share of all, and
# this many times the mentions of the next country.
_DOMINANT_MIN = 2
_DOMINANT_SHARE = 1 / 2
_LEAD = 2
# The passage around a role names one country when every country-bearing mention in
# this many characters before it (and in the rest of its sentence) names it.
_PASSAGE_REACH = 150
# Kinds of mention that name a country outright.
_PLACE_KINDS = frozenset({"country", "person", "organisation", "group"})
# Between a role and a place that says whose it is: "police in", "protesters in the".
_LOCATED = re.compile(r"\s+(?:in|of|from|at)\s+(?:the\s+)?", re.IGNORECASE)
_CONTEXT = "+context:"
# A passage, not one sentence: only a passage is "about" a country.
_SENTENCE_BREAK = re.compile("[.!?][\"'\u201d\u2019)\\]]*\\s+[\"'\u201c(]?[A-Z]")
_DATELINE_KINDS = frozenset({"country", "capital", "city", "town"})
_WORD = re.compile(r"[a-z]+")
_NOT_ROLE_WORDS = frozenset(
    {
        *("the", "of", "a", "an", "and", "s", "senior", "top", "deputy", "former", "chief"),
        *("forces", "force", "officials", "official", "authorities", "members", "member"),
        *("officers", "officer", "people", "leaders", "leader", "head", "service", "services"),
    }
)
# Sectors whose bodies belong to no one country by default (rights groups, NGOs).
_UNPLACED_SECTORS = frozenset({"NGO", "IGO"})
# Words before a role that make it an authority no state recognises.
_DE_FACTO = re.compile(
    r"\b(?:de[\s-]facto|self-proclaimed|self-declared|separatist|breakaway)\s+$", re.IGNORECASE
)
# The role of "the alliance", "the bloc": the international body named before.
_BODY = "IGO"


def with_context(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """``mentions`` (sorted by start) with each role-only mention given the country its
    context supports, if any; "the alliance" becomes the body named before, or is no
    mention at all."""
    passage = bool(_SENTENCE_BREAK.search(text))  # a single sentence is about no one country
    dominant = _dominant_country(mentions) if passage else None
    dateline = _dateline_country(text, mentions)
    placed: list[Mention] = []
    for n, mention in enumerate(mentions):
        if mention.role_only and mention.sector == _BODY:
            body = _named_body(mention, placed)
            if body is not None:  # an alliance the passage names no body for is no actor
                placed.append(body)
            continue
        # "the de-facto authorities of South Ossetia" are no state's
        placeable = mention.sector not in _UNPLACED_SECTORS and not _de_facto(text, mention)
        if mention.role_only and placeable:
            mention = _placed(text, mentions, n, placed, dateline, dominant, passage=passage)
        placed.append(mention)
    return placed


def _de_facto(text: str, mention: Mention) -> bool:
    """A role of an authority no state recognises ("the de-facto authorities", "the
    self-proclaimed government", "separatist leaders"): it takes no country from context."""
    return bool(_DE_FACTO.search(text, max(0, mention.start - 24), mention.start))


def _placed(
    text: str,
    mentions: Sequence[Mention],
    n: int,
    earlier: Sequence[Mention],
    dateline: tuple[str, str] | None,
    dominant: tuple[str, int] | None,
    *,
    passage: bool,
) -> Mention:
    """Mention ``n`` of ``mentions`` with the country its context gives, if any;
    ``earlier`` holds the mentions before it as already placed."""
    mention = mentions[n]
    after = mentions[n + 1] if n + 1 < len(mentions) else None
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
    local = _local_country(text, mentions, n, earlier) if passage else None
    if local is not None:
        country, other = local
        where = f'"{other.text}" at {other.start}'
        return _with_country(mention, country, f"context:passage({where})")
    return mention


def _named_body(mention: Mention, earlier: Sequence[Mention]) -> Mention | None:
    """ "The alliance", "the bloc": the international body the passage last named (NATO,
    the EU, the CSTO), if it named one close by."""
    for other in reversed(earlier):
        if mention.start - other.end > _SAME_KIND_REACH:
            break
        if other.kind == "igo":
            where = f'"{other.text}" at {other.start}'
            return replace(
                mention,
                actor=other.actor,
                name=other.name,
                kind="igo",
                sector=other.sector,
                rule=f"{mention.rule}{_CONTEXT}same-body({where})",
            )
    return None


def _same_kind(mention: Mention, earlier: Sequence[Mention]) -> tuple[str, Mention] | None:
    """The nearest earlier mention sharing a telling role word, whose country the text
    gave: "the regime" after "Syrian regime forces", "the president" after "President
    Ilham Aliyev", "police" after "Armenian police officers" (not "forces" after
    "Russian forces": a word every sector uses tells nothing)."""
    words = _role_words(mention)
    for other in reversed(earlier):
        if mention.start - other.end > _SAME_KIND_REACH:
            return None
        if other.country and _CONTEXT not in other.rule and words & _role_words(other):
            return other.country, other
    return None


def _local_country(
    text: str, mentions: Sequence[Mention], n: int, earlier: Sequence[Mention]
) -> tuple[str, Mention] | None:
    """The one country the passage around mention ``n`` names outright: every
    country-bearing mention in the ``_PASSAGE_REACH`` characters before it and in the
    rest of its sentence names it ("a police raid on a Kyiv hotel" after Russia is no
    one's); the nearest one before it is the evidence."""
    mention = mentions[n]
    before: list[Mention] = []
    for other in reversed(earlier):  # text order: stop once out of reach
        if mention.start - other.end > _PASSAGE_REACH:
            break
        if _names_country(other):
            before.append(other)
    end = _SENTENCE_BREAK.search(text, mention.end)
    stop = end.start() if end else len(text)
    after: list[Mention] = []
    for k in range(n + 1, len(mentions)):
        if mentions[k].start >= stop:
            break
        if _names_country(mentions[k]):
            after.append(mentions[k])
    if not before or len({m.country for m in (*before, *after)}) != 1:
        return None
    return before[0].country or "", before[0]


def _names_country(mention: Mention) -> bool:
    """Whether the text gave ``mention`` its country outright."""
    return bool(mention.country) and mention.kind in _PLACE_KINDS and _CONTEXT not in mention.rule


def _role_words(mention: Mention) -> set[str]:
    return set(_WORD.findall((mention.role or mention.text).lower())) - _NOT_ROLE_WORDS


def _with_country(mention: Mention, country: str, rule: str) -> Mention:
    return replace(
        mention,
        country=country,
        actor=f"{country}{mention.sector or ''}",
        rule=f"{mention.rule}{_CONTEXT}{rule.removeprefix('context:')}",
    )


def outright_countries(mentions: Sequence[Mention]) -> list[str]:
    """The countries of the mentions that name one outright (a country, a person, a
    body), in text order; a country taken from context does not count."""
    return [m.country for m in mentions if m.country and _names_country(m)]


def home_country(mentions: Sequence[Mention]) -> str | None:
    """The country a document is clearly about (``context:dominant``), from the
    mentions whose country the text gave outright; None for a single sentence's worth
    of mentions or a document about several countries."""
    found = _dominant_country(mentions)
    return found[0] if found else None


def _dominant_country(mentions: Sequence[Mention]) -> tuple[str, int] | None:
    named = outright_countries(mentions)
    if not named:
        return None
    counts = Counter(named + named[:1])
    ranked = counts.most_common(2)
    (country, count), total = ranked[0], sum(counts.values())
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if count >= _DOMINANT_MIN and count >= _DOMINANT_SHARE * total and count >= _LEAD * runner_up:
        return country, count
    return None


def _dateline_country(text: str, mentions: Sequence[Mention]) -> tuple[str, str] | None:
    """The country of the place of a wire dateline that opens the text ("DHAKA, July 19
    (Reuters) -"), when the document names that country's actors or places too."""
    match = wire_dateline(text)
    if match is None:
        return None
    place = match.group("place").strip()
    exact = load_gazetteer().exact
    entry = exact.get(phrase_key(place.title())) or exact.get(phrase_key(place.split()[0].title()))
    if entry is None or entry.kind not in _DATELINE_KINDS:
        return None
    if not any(m.country == entry.code for m in mentions):
        return None
    return entry.code, place


_SAYS = {
    "same-kind": "country from an earlier mention of the same kind",
    "place": "country from the place its own phrase names",
    "dateline": "country from the dateline",
    "dominant": "country from the country the document is about",
    "passage": "country from the one country the passage before names",
    "same-body": "the international body named before",
}


def context_note(rule: str) -> str | None:
    """How a mention's country was taken from its document, in words, from its rule
    ("role:bare+context:same-kind(\"Georgian police\" at 0)" -> 'country from an
    earlier mention of the same kind: "Georgian police" at 0'); None if it was not."""
    _, found, how = rule.partition(_CONTEXT)
    if not found:
        return None
    name, _, evidence = how.partition("(")
    return f"{_SAYS.get(name, name)}: {evidence.removesuffix(')')}"
