"""Site furniture that trafilatura keeps inside an article's text, dropped by the line.

Four kinds of short paragraph (at most ``MAX_WORDS`` words) are not the article, in
the languages of the pages analysts save (English, German, French, Spanish,
Portuguese, Italian, Polish):

- links to other articles: "Read more: ...", "Lesen Sie auch", "Lea más:", "À lire aussi";
- picture and source credits: "(Credit: ...)", "Foto: ...", "Beitragsbild: ...";
- rights notices: "All rights reserved", "Alle Rechte vorbehalten", "(c) 2021 ...";
- subscription prompts: "Subscribe now to ...", "Jetzt abonnieren".

On trafilatura's evaluation set this lowers the must-not-contain strings kept without
losing a must-contain one (docs/ingest.md).
"""

from __future__ import annotations

import re

__all__ = ["MAX_WORDS", "drop_furniture", "is_furniture"]

MAX_WORDS = 25

_RELATED = re.compile(
    r"^(?:>+\s*)?(?:read (?:more|also)|see also|related(?: articles?| stories)?|"
    r"more on this|lesen sie (?:auch|mehr|hier)|mehr zum thema|auch interessant|"
    r"das könnte sie auch interessieren|lea (?:más|también)|lee también|"
    r"leia (?:mais|também)|lire aussi|à lire (?:aussi|également)|dowiedz się więcej|"
    r"czytaj (?:też|także|więcej)|leggi anche|zobacz (?:też|także))\b",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^\(?(?:credit|photo|fotos?|bild|beitragsbild|titelbild|image|picture|quelle|"
    r"source|fuente)\s*:",
    re.IGNORECASE,
)
_RIGHTS = re.compile(
    r"alle rechte vorbehalten|all rights reserved|tous droits réservés|"
    r"todos los derechos reservados|materiał chroniony prawem autorskim|"
    r"vervielfältigung nur mit genehmigung|^\u00a9|^copyright\b",
    re.IGNORECASE,
)
_PROMO = re.compile(
    r"\b(?:subscribe (?:now|to|today)|sign up (?:for|to|now)|"
    r"jetzt (?:abonnieren|bestellen|anmelden)|newsletter abonnieren)\b",
    re.IGNORECASE,
)
_KINDS = (_RELATED, _CREDIT, _RIGHTS, _PROMO)


def drop_furniture(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` without the short ones that are links, credits, rights or prompts."""
    return [paragraph for paragraph in paragraphs if not is_furniture(paragraph)]


def is_furniture(paragraph: str) -> bool:
    """Whether one paragraph is a related link, a credit, a rights notice or a prompt."""
    if len(paragraph.split()) > MAX_WORDS:
        return False
    return any(kind.search(paragraph) for kind in _KINDS)
