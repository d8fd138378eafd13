"""Abbreviations and initials: a full stop after them ends no sentence.

Shared by the sentence splitter and the truecaser (which must not capitalise the word
after "u.s." or "gen.").
"""

from __future__ import annotations

ABBREVIATIONS = frozenset(
    {
        *("mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "st", "jr", "sr", "vs"),
        *("no", "u.s", "u.k", "e.g", "i.e", "gov", "rep", "sen", "inc", "co", "corp", "ltd"),
        *("jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec"),
    }
)


def abbreviation_before(text: str, end: int) -> bool:
    """Whether the word ending at ``end`` (after its full stop) is a common abbreviation
    or a single letter ("Mr.", "U.S.", "Robert M."), in any case."""
    word = text[max(0, end - 12) : end].rstrip(".!?\"'\u201d\u2019)]").split()[-1:] or [""]
    token = word[0].lower()
    return (len(token) == 1 and token.isalpha()) or token in ABBREVIATIONS
