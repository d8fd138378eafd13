"""Words the temporal rules know: months, weekdays, numbers, units and seasons.

Regular-expression fragments are built here once so that the recogniser's patterns
and the normaliser's look-ups agree on the same spellings.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}

VAGUE_NUMBERS: frozenset[str] = frozenset(
    {"several", "few", "a few", "many", "some", "a couple of", "couple of", "a number of"}
)

# unit word -> TIMEX3 duration letter(s); "T" prefix marks clock units.
UNITS: dict[str, str] = {
    "second": "TS",
    "minute": "TM",
    "hour": "TH",
    "day": "D",
    "week": "W",
    "fortnight": "2W",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "decade": "DE",
    "century": "CE",
}

SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "autumn": "FA",
    "fall": "FA",
    "winter": "WI",
}

ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _capitalised(words: list[str]) -> str:
    """Alternation that accepts "May" and "MAY" but not "may" (month names only)."""
    forms = [w.capitalize() for w in words] + [w.upper() for w in words]
    return _alternation(forms)


MONTH_RE = (
    r"(?:"
    + _capitalised([m for m in MONTHS if len(m) > 4 or m in {"may", "june", "july"}])
    + r"|(?:"
    + _capitalised([m for m in MONTHS if len(m) <= 4 and m not in {"may", "june", "july"}])
    + r")\.?)"
)
WEEKDAY_RE = r"(?:" + _capitalised(list(WEEKDAYS)) + r")"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_NUMBER_PARTS = _alternation([w for w in NUMBER_WORDS if w not in _TENS.split("|")])
NUMBER_WORD_RE = rf"(?:(?:{_TENS})(?:[- ](?:{_ONES}))?|{_NUMBER_PARTS})"
TENS_RE = _TENS
ONES_RE = _ONES
VAGUE_RE = _alternation(sorted(VAGUE_NUMBERS))
UNIT_RE = r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur)"
SEASON_RE = _alternation(list(SEASONS))
ORDINAL_RE = _alternation(list(ORDINALS))


def month_number(word: str) -> int:
    """1-12 for a month name or abbreviation, with or without a trailing dot."""
    return MONTHS[word.rstrip(".").lower()]


def unit_code(word: str) -> str:
    """TIMEX3 unit code for a unit word in any number: "days" -> "D"."""
    stem = word.lower().rstrip("s")
    if stem.startswith("centur"):
        return "CE"
    return UNITS[stem]


def parse_number(text: str) -> int | None:
    """Integer for "3", "three", "twenty-four", "a"; None for vague words such as "several"."""
    cleaned = text.strip().lower().replace("-", " ")
    if cleaned.isdigit():
        return int(cleaned)
    if cleaned in NUMBER_WORDS:
        return NUMBER_WORDS[cleaned]
    parts = cleaned.split()
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return None


def spelled_year(words: str) -> int | None:
    """1996 for "nineteen ninety-six", 2000 for "two thousand", 2003 for "two thousand
    and three"; None for other wording."""
    cleaned = " ".join(words.lower().replace("-", " ").split())
    cleaned = cleaned.removeprefix("the year ").replace(" hundred", "").replace(" and", "")
    if cleaned.startswith("nineteen "):
        rest = parse_number(cleaned.removeprefix("nineteen "))
        return 1900 + rest if rest is not None and 10 <= rest <= 99 else None
    if cleaned.startswith("two thousand"):
        rest_words = cleaned.removeprefix("two thousand").strip()
        rest = parse_number(rest_words) if rest_words else 0
        return 2000 + rest if rest is not None and rest < 100 else None
    return None
