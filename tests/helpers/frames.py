"""Coding sentences on the real parse with mentions and times found by hand (a small
table of names), so a frame test depends on the frame rules only."""

from __future__ import annotations

import datetime as dt
import re

from detente.events import code_document
from detente.models import Document, Event, Mention, TimeExpr

# name -> (actor, country, sector, kind, rule)
ACTORS: dict[str, tuple[str, str | None, str | None, str, str]] = {
    "Norway": ("NOR", "NOR", None, "country", "gazetteer:country"),
    "Norwegian": ("NOR", "NOR", None, "country", "gazetteer:demonym"),
    "Chile": ("CHL", "CHL", None, "country", "gazetteer:country"),
    "Chilean": ("CHL", "CHL", None, "country", "gazetteer:demonym"),
    "Santiago": ("CHLGOV", "CHL", "GOV", "country", "gazetteer:capital"),
    "Oslo": ("NORGOV", "NOR", "GOV", "country", "gazetteer:capital"),
    "Peru": ("PER", "PER", None, "country", "gazetteer:country"),
    "Lima": ("PERGOV", "PER", "GOV", "country", "gazetteer:capital"),
    "Norwegian trade minister Ola Berg": ("NORGOV", "NOR", "GOV", "person", "role"),
    "Berg": ("NORGOV", "NOR", "GOV", "person", "kb"),
    "Chilean police": ("CHLCOP", "CHL", "COP", "country", "role"),
}
_PATTERN = re.compile("|".join(sorted(map(re.escape, ACTORS), key=len, reverse=True)))


def fake_mentions(text: str, *, date: dt.date | None = None) -> list[Mention]:
    mentions = []
    for match in _PATTERN.finditer(text):
        actor, country, sector, kind, rule = ACTORS[match.group(0)]
        mentions.append(
            Mention(
                text=match.group(0),
                start=match.start(),
                end=match.end(),
                actor=actor,
                country=country,
                sector=sector,
                name=match.group(0),
                kind=kind,
                rule=rule,
            )
        )
    return mentions


def fake_times(text: str, *, anchor: dt.date | None) -> list[TimeExpr]:
    times = []
    for match in re.finditer(r"(March|June) (\d{4})", text):
        month = 3 if match.group(1) == "March" else 6
        year = int(match.group(2))
        times.append(
            TimeExpr(
                text=match.group(0),
                start=match.start(),
                end=match.end(),
                type="DATE",
                value=f"{year}-{month:02d}",
                date_start=dt.date(year, month, 1),
                date_end=dt.date(year, month, 28),
                granularity="month",
            )
        )
    return times


def code(text: str) -> list[Event]:
    doc = Document(doc_id="t", text=text, date=dt.date(2024, 9, 1))
    return code_document(doc, find_mentions=fake_mentions, find_times=fake_times)


def triples(events: list[Event]) -> set[tuple[str | None, str, str | None]]:
    return {(e.source_country, e.cameo_code, e.target_country) for e in events}
