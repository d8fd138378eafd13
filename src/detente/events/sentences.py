"""Cheap sentence splitting and the keyword test that decides what gets parsed.

The full parse is the slow step, so it runs only on sentences that hold an actor
mention and a trigger keyword (DESIGN.md, "Sentences").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from detente.nlp.abbreviations import abbreviation_before
from detente.nlp.datelines import wire_dateline

# A sentence ends at . ! ? (plus closing quotes or brackets) before whitespace and an
# upper-case letter, digit or opening quote, unless the period follows a single
# capital ("Robert M. Cutler") or a common abbreviation; a line break also ends one.
_BOUNDARY = re.compile(
    "(?<=[.!?])[\"'\u201d\u2019)\\]]*\\s+(?=[\"'\u201c\u2018(\\[]?[A-Z0-9])|\\n\\s*"
)
_HEADLINE_WORDS = 8
_WORD = re.compile("[A-Za-z][A-Za-z'\u2019-]*")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document: its index, character span and text."""

    index: int
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets into ``text``; blank pieces are dropped."""
    pieces: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if (
            match.group(0).strip() == ""
            and "\n" not in match.group(0)
            and abbreviation_before(text, match.start())
        ):
            continue
        pieces.append((start, match.start()))
        start = match.end()
    pieces.append((start, len(text)))
    return list(
        _sentences(text, [part for piece in pieces for part in _without_dateline(text, piece)])
    )


def _without_dateline(text: str, piece: tuple[int, int]) -> list[tuple[int, int]]:
    """The piece, with a dateline that opens it split off as a piece of its own."""
    start, end = piece
    match = wire_dateline(text, start, end)
    if match is None:
        return [piece]
    return [(start, match.end()), (match.end(), end)]


def _sentences(text: str, pieces: list[tuple[int, int]]) -> Iterator[Sentence]:
    index = 0
    for start, end in pieces:
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        real_start = start + lead
        yield Sentence(index, real_start, real_start + len(stripped), stripped)
        index += 1


def has_keyword(text: str, keywords: frozenset[str]) -> bool:
    """Whether any word of ``text`` (lower-cased) is a trigger keyword."""
    return any(word.lower() in keywords for word in _WORD.findall(text))


def keyword_offsets(text: str, keywords: frozenset[str]) -> Iterator[tuple[int, int]]:
    """Character spans of the words of ``text`` that are trigger keywords."""
    for match in _WORD.finditer(text):
        if match.group(0).lower() in keywords:
            yield match.start(), match.end()


def is_headline(text: str) -> bool:
    """A line without final punctuation that is in title case or short (a headline, a
    sidebar link): the furniture of a page, not a sentence of the story."""
    words = _WORD.findall(text)
    if len(words) < 3 or text.rstrip()[-1:] in {".", "!", "?", '"', "\u201d"}:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.6 or len(words) <= _HEADLINE_WORDS
