"""Events and stores built by hand: one event with every field, a small realistic history
(three outlets reporting one Israeli ministerial visit to Baku in different words, and a
year of Azerbaijan-Iran relations going from talks to an embassy attack and expulsions),
and thousands of synthetic rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from detente.models import Document, Event
from detente.store import Store

D = dt.date


def make_event(**changes: object) -> Event:
    values: dict[str, object] = {
        "event_id": "e1",
        "doc_id": "d1",
        "sentence_index": 0,
        "sentence": "Turkey's foreign minister visited Baku on Monday.",
        "sentence_start": 0,
        "sentence_end": 49,
        "trigger_text": "visited",
        "source_text": "Turkey's foreign minister",
        "source_actor": "TURGOV",
        "source_country": "TUR",
        "source_sector": "GOV",
        "target_text": "Baku",
        "target_actor": "AZEGOV",
        "target_country": "AZE",
        "target_sector": "GOV",
        "event_type": "CONSULT",
        "event_mode": "visit",
        "cameo_code": "042",
        "cameo_root": "04",
        "quad_class": 1,
        "goldstein": 1.9,
        "date_start": dt.date(2024, 3, 4),
        "date_end": dt.date(2024, 3, 4),
        "date_granularity": "day",
        "date_basis": "relative",
        "factuality": "asserted",
        "location_name": "Baku",
        "location_country": "AZE",
        "confidence": 0.9,
        "rule": "visit.v/nsubj-dobj",
        "coder_version": "test",
    }
    values.update(changes)
    return Event(**values)  # type: ignore[arg-type]


def _event(doc: str, n: int, **changes: Any) -> Event:
    values: dict[str, Any] = {"event_id": f"{doc}-{n}", "doc_id": doc, "sentence_index": n}
    values.update(changes)
    if "date_start" in changes and "date_end" not in changes:
        values["date_end"] = changes["date_start"]
    return make_event(**values)


def _visit(doc: str, sentence: str, source: str, target: str, code: str, day: dt.date) -> Event:
    return _event(
        doc,
        0,
        sentence=sentence,
        source_actor=f"{source}GOV",
        source_country=source,
        target_actor=f"{target}GOV",
        target_country=target,
        event_type="CONSULT",
        cameo_code=code,
        cameo_root="04",
        quad_class=1,
        goldstein=1.9 if code == "042" else 2.8,
        date_start=day,
    )


def _conflict(doc: str, n: int, sentence: str, code: str, day: dt.date, **kw: Any) -> Event:
    quad, goldstein, kind = {
        "112": (3, -2.0, "ACCUSE"),
        "130": (3, -4.4, "THREATEN"),
        "166": (4, -7.0, "SANCTION"),
        "180": (4, -9.0, "ASSAULT"),
    }[code]
    values: dict[str, Any] = {
        "sentence": sentence,
        "source_actor": "AZEGOV",
        "source_country": "AZE",
        "target_actor": "IRNGOV",
        "target_country": "IRN",
        "event_type": kind,
        "cameo_code": code,
        "cameo_root": code[:2],
        "quad_class": quad,
        "goldstein": goldstein,
        "date_start": day,
    }
    values.update(kw)
    return _event(doc, n, **values)


def _documents() -> list[tuple[Document, list[Event]]]:
    visit_day = D(2023, 4, 20)
    docs: list[tuple[Document, list[Event]]] = [
        (
            Document(
                doc_id="wire-1",
                text="...",
                title="Cohen in Baku",
                sitename="Caspian Wire",
                url="https://caspianwire.example/cohen-baku",
                date=visit_day,
            ),
            [
                _visit(
                    "wire-1",
                    "Israeli Foreign Minister Eli Cohen visited Baku on Thursday.",
                    "ISR",
                    "AZE",
                    "042",
                    visit_day,
                )
            ],
        ),
        (
            Document(
                doc_id="review-1",
                text="...",
                title="Aliyev receives Cohen",
                sitename="Meridian Review",
                date=D(2023, 4, 21),
            ),
            [
                _visit(
                    "review-1",
                    "President Ilham Aliyev received Eli Cohen in Baku.",
                    "AZE",
                    "ISR",
                    "043",
                    D(2023, 4, 21),
                )
            ],
        ),
        (
            Document(
                doc_id="daily-1",
                text="...",
                title="Israel opens embassy office",
                sitename="Steppe Daily",
                date=D(2023, 4, 20),
            ),
            [
                _visit(
                    "daily-1",
                    "Cohen's trip to Azerbaijan, the first in a decade, began in Baku on April 20.",
                    "ISR",
                    "AZE",
                    "042",
                    visit_day,
                )
            ],
        ),
        (
            Document(doc_id="talks", text="...", title="Baku and Tehran talk", date=D(2022, 11, 2)),
            [
                _visit(
                    "talks",
                    "Azerbaijani and Iranian officials held talks in Tehran.",
                    "AZE",
                    "IRN",
                    "042",
                    D(2022, 11, 2),
                )
            ],
        ),
        (
            Document(
                doc_id="attack",
                text="...",
                title="Embassy attack <Tehran>",
                url="javascript:alert(1)",
                date=D(2023, 1, 28),
            ),
            [
                _conflict(
                    "attack",
                    0,
                    "Azerbaijan accused Iran of <b>ignoring</b> warnings.",
                    "112",
                    D(2023, 1, 27),
                ),
                _conflict(
                    "attack",
                    1,
                    "A gunman attacked the embassy in Tehran.",
                    "180",
                    D(2023, 1, 27),
                    source_actor="IRN",
                    source_country="IRN",
                    target_actor="AZEGOV",
                    target_country="AZE",
                ),
                _conflict(
                    "attack",
                    2,
                    "Iran was said to have planned more attacks.",
                    "180",
                    D(2023, 1, 27),
                    factuality="hypothetical",
                ),
            ],
        ),
        (
            Document(doc_id="expel", text="...", title="Expulsions", date=D(2023, 4, 7)),
            [
                _conflict(
                    "expel",
                    0,
                    "In early April 2023, Azerbaijan expelled four Iranian diplomats.",
                    "166",
                    D(2023, 4, 1),
                    date_end=D(2023, 4, 10),
                    date_granularity="month",
                    date_basis="explicit",
                ),
                _conflict(
                    "expel",
                    1,
                    "Iran threatened a response.",
                    "130",
                    D(2023, 4, 7),
                    source_actor="IRNGOV",
                    source_country="IRN",
                    target_actor="AZEGOV",
                    target_country="AZE",
                    date_basis="publication",
                ),
            ],
        ),
    ]
    return docs


def build_store(path: Path) -> Store:
    """A store with the fixture documents and events."""
    store = Store(path)
    for doc, events in _documents():
        store.save_document(doc, events)
    return store


def add_synthetic_events(store: Store, events: int, *, prefix: str = "s") -> None:
    """Add coded rows of four countries' dyads and three roots, with overlapping and vague
    dates and three factualities (ids ``<prefix>0``, ``<prefix>1``, ...)."""
    store.con.execute(f"""
        INSERT INTO events (event_id, doc_id, sentence_index, sentence, sentence_start,
            sentence_end, trigger_text, source_actor, source_country, target_actor,
            target_country, event_type, event_mode, cameo_code, cameo_root, quad_class,
            goldstein, date_start, date_end, date_granularity, date_basis, factuality,
            confidence, rule, coder_version)
        SELECT '{prefix}' || i, 'doc{prefix}' || (i // 3), i % 3, 'Sentence ' || i, 0, 9, 'x',
            c[1 + i % 4] || 'GOV', c[1 + i % 4], c[1 + (i + 1 + i // 7) % 4] || 'GOV',
            c[1 + (i + 1 + i // 7) % 4], ['CONSULT', 'ACCUSE', 'ASSAULT'][1 + i % 3], '',
            ['040', '112', '180'][1 + i % 3], ['04', '11', '18'][1 + i % 3],
            [1, 3, 4][1 + i % 3], [1.0, -2.0, -9.0][1 + i % 3] + (i % 5) * 0.005,
            DATE '2022-01-01' + CAST(i * 37 % 700 AS INTEGER),
            DATE '2022-01-01' + CAST(i * 37 % 700 + CASE WHEN i % 11 = 0 THEN 60
                                                     ELSE i % 3 END AS INTEGER),
            'day', 'explicit', ['asserted', 'reported', 'negated'][1 + i % 3 // 2],
            0.5 + (i % 4) / 10, 'test', 'test'
        FROM range({events}) t(i), (SELECT ['AZE', 'IRN', 'ISR', 'TUR'] AS c)
    """)  # fmt: skip
