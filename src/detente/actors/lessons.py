"""What a document teaches the knowledge base.

The resolver marks the mentions that introduce a person with what the text says
they are: "Azerbaijan's defense minister Zakir Hasanov" (``role:compound``), "Zakir
Hasanov, Azerbaijan's defense minister" (``role:postmodifier``), "Hasanov, who is
Azerbaijan's defense minister" (``role:relative``). Each becomes a ``learned``
entry with its evidence: the document, the sentence and the document's date.
Lessons the packaged persons already state (same country and sector on that date)
teach nothing and are dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from detente.actors.gazetteer import load_gazetteer, tokenize
from detente.actors.knowledge import Evidence, KbEntry, KnowledgeBase
from detente.models import Mention

TEACHING_RULES = frozenset({"role:compound", "role:postmodifier", "role:relative"})
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+|\n")
_MAX_ROLE_TOKENS = 4


def lessons(
    mentions: Sequence[Mention],
    *,
    doc_id: str,
    text: str,
    date: dt.date | None,
) -> list[KbEntry]:
    """The learned entries a document's mentions teach, one per person and role."""
    reference = KnowledgeBase()
    found: dict[str, KbEntry] = {}
    for mention in mentions:
        if not _teaches(mention):
            continue
        known = reference.lookup(mention.name, date=date)
        if known is not None and (known.country, known.sector) == (
            mention.country,
            mention.sector,
        ):
            continue
        entry = KbEntry(
            name=mention.name,
            aliases=_aliases(mention.name),
            country=mention.country,
            sector=mention.sector,
            role=role_phrase(mention.text),
            start=date,
            status="learned",
            source=doc_id,
            evidence=(
                Evidence(
                    doc_id=doc_id,
                    sentence=sentence_around(text, mention.start, mention.end),
                    date=date,
                    start=mention.start,
                    end=mention.end,
                ),
            ),
        )
        found.setdefault(entry.entry_id, entry)
    return list(found.values())


def _teaches(mention: Mention) -> bool:
    return mention.kind == "person" and mention.rule in TEACHING_RULES and bool(mention.country)


def _aliases(name: str) -> tuple[str, ...]:
    words = name.split()
    surname = words[-1] if len(words) > 1 else ""
    return (surname,) if len(surname) > 2 and surname[:1].isupper() else ()


def role_phrase(text: str) -> str | None:
    """The longest role noun in a mention's text ("defense minister"), if any."""
    gaz = load_gazetteer()
    words = [token.lower() for token, _, _ in tokenize(text)]
    best: str | None = None
    for i in range(len(words)):
        for size in range(min(_MAX_ROLE_TOKENS, len(words) - i), 0, -1):
            role = gaz.roles.get(tuple(words[i : i + size]))
            if role is not None:
                if best is None or len(role.phrase) > len(best):
                    best = role.phrase
                break
    return best


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding the span ``start:end`` (a cheap split)."""
    left = max((m.end() for m in _BOUNDARY.finditer(text, 0, start)), default=0)
    right_match = _BOUNDARY.search(text, end)
    right = right_match.start() if right_match else len(text)
    return " ".join(text[left:right].split())
