"""The products gazetteer and the trade events whose other party it names."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from detente.actors.gazetteer import load_gazetteer
from detente.errors import CodingError
from detente.events.products import load_products
from detente.models import Document, Event

# Systems the issue names, with the country whose industry makes them.
NAMED = {
    "Iron Dome": "ISR",
    "David's Sling": "ISR",
    "Arrow-3": "ISR",
    "Barak-8": "ISR",
    "Harop": "ISR",
    "Hermes 900": "ISR",
    "Spike": "ISR",
    "LORA": "ISR",
    "Bayraktar TB2": "TUR",
    "Akinci": "TUR",
    "S-400": "RUS",
    "Su-35": "RUS",
    "Iskander": "RUS",
    "Kalibr": "RUS",
    "Pantsir": "RUS",
    "Patriot": "USA",
    "F-35": "USA",
    "HIMARS": "USA",
    "Javelin": "USA",
    "Stinger": "USA",
    "Abrams": "USA",
    "Shahed-136": "IRN",
    "Mohajer-6": "IRN",
    "J-10": "CHN",
    "Wing Loong": "CHN",
    "Rafale": "FRA",
    "Mistral": "FRA",
    "Leopard 2": "DEU",
    "Taurus": "DEU",
    "Storm Shadow": "GBR",
}


def _found(text: str) -> list[tuple[str, str]]:
    return [(h.text, h.product.producer) for h in load_products().find(text)]


def test_the_packaged_gazetteer_knows_the_named_systems() -> None:
    products = load_products()
    assert products.version == "1.0.0" and len(products.products) >= 100
    countries = load_gazetteer().countries
    assert all(p.producer in countries for p in products.products)
    for name, producer in NAMED.items():
        assert _found(f"They bought {name} systems.") == [(name, producer)], name
    assert {"buy", "purchase", "import"} <= products.acquire
    assert {"sell", "export", "supply"} <= products.supply


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Turkey's S-400s and F-16V jets", [("S-400s", "RUS"), ("F-16V", "USA")]),
        ("Su-30SM fighters and Leopard 2A6 tanks", [("Su-30SM", "RUS"), ("Leopard 2A6", "DEU")]),
        ("David\u2019s Sling and the S300", [("David\u2019s Sling", "ISR"), ("S300", "RUS")]),
        (
            "Bayraktar TB2 drones, then the Ak\u0131nc\u0131",
            [("Bayraktar TB2", "TUR"), ("Ak\u0131nc\u0131", "TUR")],
        ),
        ("a patriot and a javelin thrower", []),  # names match as the text capitalises them
        ("Azerbaijan's 300 drones", []),  # not "s 300"
        ("Ankara and ANKARA", []),  # not "Anka" plus letters
        ("The Spikes arrived", [("Spikes", "ISR")]),
    ],
)
def test_names_match_with_plurals_and_variants_only_as_written(
    text: str, found: list[tuple[str, str]]
) -> None:
    assert _found(text) == found


def _extra(tmp_path: Path, products: list[object], **more: object) -> Path:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"version": "u1", "products": products, **more}), "utf-8")
    return path


def test_users_add_products_in_their_own_file(tmp_path: Path) -> None:
    path = _extra(
        tmp_path,
        [{"name": "Zelda-9", "aliases": ["Z-9"], "producer": "NOR", "kind": "missile"}],
    )
    products = load_products(extra=[path])
    assert products.version == "1.0.0+u1"
    assert [(h.text, h.product.producer) for h in products.find("two Z-9s")] == [("Z-9s", "NOR")]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"name": "X-1", "producer": "XXX", "kind": "missile"}, "producer 'XXX'"),
        ({"name": "X-1", "producer": "NOR", "kind": "toy"}, "kind 'toy'"),
        ({"name": "", "producer": "NOR", "kind": "missile"}, "non-empty 'name'"),
        ({"name": "X-1", "aliases": "X1", "producer": "NOR", "kind": "missile"}, "'aliases'"),
        ({"name": "Iron-Dome", "producer": "NOR", "kind": "missile"}, "already an alias"),
    ],
)
def test_malformed_entries_are_named_with_their_file(
    tmp_path: Path, entry: dict[str, object], message: str
) -> None:
    path = _extra(tmp_path, [entry])
    with pytest.raises(CodingError, match=message) as caught:
        load_products(extra=[path])
    assert "mine.json" in str(caught.value) or "already" in message


def test_an_unreadable_file_is_a_coding_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", "utf-8")
    with pytest.raises(CodingError, match=r"broken\.json"):
        load_products(extra=[path])


def _code(text: str) -> list[Event]:
    from detente.events import code_document

    return code_document(Document(doc_id="p", text=text, date=dt.date(2023, 5, 23)))


def _pairs(text: str) -> set[tuple[str | None, str | None, str]]:
    return {(e.source_country, e.target_country, e.cameo_code) for e in _code(text)}


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("Azerbaijan bought Harop drones in 2016.", {("AZE", "ISR", "062")}),
        ("Egypt imported Rafale fighters.", {("EGY", "FRA", "062")}),  # a weapon: 061 -> 062
        ("Turkey's S-400 purchase angered Washington.", {("TUR", "RUS", "062")}),
        ("The purchase of F-35 jets by Poland was approved.", {("POL", "USA", "062")}),
        ("Patriot missiles were sold to Poland in 2018.", {("USA", "POL", "062")}),
        (
            "Armenia purchased Pinaka rocket launchers and Su-30SM fighters.",
            {("ARM", "IND", "062"), ("ARM", "RUS", "062")},
        ),
        # the text names the seller ("from"), or the producer is the buyer: nothing inferred
        ("Hungary bought Leopard 2A7 tanks from Germany in 2018.", {("HUN", "DEU", "062")}),
        ("Turkey purchased S-400 air defence systems from Russia.", {("TUR", "RUS", "062")}),
        ("India ordered 36 Rafale jets from France.", {("IND", "FRA", "062")}),
        ("Azerbaijan bought 10 percent of its arms from Israel.", {("AZE", "ISR", "062")}),
        ("Israel bought more Iron Dome batteries last year.", {("ISR", None, "062")}),
    ],
)
def test_the_producer_is_the_other_party_of_a_trade(
    text: str, pairs: set[tuple[str | None, str | None, str]]
) -> None:
    assert _pairs(text) == pairs


@pytest.mark.model
def test_the_rule_says_the_actor_came_from_the_product() -> None:
    (event,) = _code("Azerbaijan bought Harop drones in 2016.")
    assert event.rule == "buy.v/nsubj-product; recipient from product 'Harop' -> ISR"
    assert (event.target_text, event.target_actor, event.target_sector) == ("Harop", "ISR", None)
    (sold,) = _code("Patriot missiles were sold to Poland in 2018.")
    assert sold.rule.endswith("; source from product 'Patriot' -> USA")


@pytest.mark.model
def test_the_sample_iron_dome_report_is_a_hypothetical_purchase_from_israel(
    sample_path: Path,
) -> None:
    text = sample_path.read_text(encoding="utf-8")
    events = [e for e in _code(text) if "Iron Dome" in e.sentence]
    bought = [e for e in events if e.trigger_text == "bought"]
    assert [(e.source_country, e.target_country, e.factuality) for e in bought] == [
        ("AZE", "ISR", "hypothetical")
    ]
    assert (bought[0].date_start, bought[0].date_end) == (dt.date(2021, 5, 1), dt.date(2021, 5, 31))
    # the Arrow-3 purchase "later that year" in the same sentence stays its own event
    later = [e for e in events if e.trigger_text == "purchasing"]
    assert [(e.source_country, e.target_country) for e in later] == [("AZE", "ISR")]
    assert later[0].date_start == dt.date(2021, 6, 1)
