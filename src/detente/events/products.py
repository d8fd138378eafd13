"""Products named in trade events: who makes them, and who the other party of a deal is.

"Azerbaijan may have bought Iron Dome missile defense batteries" names the buyer but
not the seller; the product does: Iron Dome is made in Israel. The products gazetteer
(``actors/data/products.json``: name, aliases, producer country, kind) is our own
versioned data file. When a purchase trigger ("buy", "purchase", "acquire", "import",
...) has an agent and no recipient, and its object names a product, the producer
becomes the recipient; when a sale trigger ("sell", "export", "supply") has a recipient
and no agent, the producer becomes the source. The event's rule records it
("recipient from product 'Iron Dome' -> ISR"). A weapon named in an economic trade
event refines it to military cooperation (CAMEO 062).

Nothing is inferred when the text names the other party ("bought F-16s from
Norway": the frame took Norway as recipient from its "from" phrase), when the producer
is the agent itself ("Israel bought more Iron Dome batteries"), or when the trigger is
not a trade trigger of the gazetteer. Names match
only as the text capitalises them ("Patriot missiles", not "a patriot"), with plural
and variant suffixes ("F-16s", "Su-30SM", "Leopard 2A6").
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from detente.actors.gazetteer import load_gazetteer, read_data
from detente.errors import CodingError
from detente.events.args import Arg
from detente.events.lexicon import cameo_table
from detente.models import Mention

if TYPE_CHECKING:
    from spacy.tokens import Token

    from detente.events.frames import Frame

Direction = Literal["acquire", "supply"]

# CAMEO codes a named weapon refines to military cooperation.
_TRADE_ROOT = "06"
_ECONOMIC = frozenset({"060", "061"})
_MILITARY = "062"
_SEPARATORS = r"[\s\-\u2010\u2011\u2013'\u2019/.]*"
_SUFFIX = r"(?P<variant>(?-i:[A-Z]{1,3}\d{0,2}))?(?:s|'s|\u2019s|es)?(?![^\W_])"
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
_KIND_CLASSES = frozenset({"weapon", "other"})


@dataclass(frozen=True, slots=True)
class Product:
    """One product: its name, the names it goes by, who makes it and what it is."""

    name: str
    aliases: tuple[str, ...]
    producer: str
    kind: str
    weapon: bool


@dataclass(frozen=True, slots=True)
class ProductHit:
    """A product named in a text, with its character offsets there."""

    product: Product
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Products:
    """The validated products gazetteer and its matcher."""

    version: str
    products: tuple[Product, ...]
    acquire: frozenset[str]
    supply: frozenset[str]
    pattern: re.Pattern[str]
    by_key: dict[str, Product]

    def direction(self, lemma: str) -> Direction | None:
        """Whether a trigger lemma buys ("acquire") or sells ("supply"), or neither."""
        if lemma in self.acquire:
            return "acquire"
        return "supply" if lemma in self.supply else None

    def find(self, text: str) -> list[ProductHit]:
        """Every product named in ``text``, in text order."""
        hits: list[ProductHit] = []
        for match in self.pattern.finditer(text):
            core = match.group("core")
            product = self.by_key.get(_key(core))
            if product is None or not any(c.isupper() for c in core):
                continue  # "a patriot", "the s 300" in "Azerbaijan's 300 drones"
            if match.group("variant") and not core[-1].isdigit():
                continue  # variant letters follow a number only ("Su-30SM")
            hits.append(ProductHit(product, match.group(0), match.start(), match.end()))
        return hits


def load_products(extra: str | Path | Iterable[str | Path] = ()) -> Products:
    """The packaged products gazetteer, plus the products of each ``extra`` file.

    Raises :class:`CodingError` naming the file and entry when an entry is malformed,
    names an unknown producer country or kind, or repeats another entry's alias.
    """
    items = [extra] if isinstance(extra, str | Path) else list(extra)
    return _load(tuple(Path(p) for p in items))


@functools.cache
def _load(extra: tuple[Path, ...]) -> Products:
    packaged = read_data("products.json")
    documents: list[tuple[str, dict[str, Any]]] = [("products.json (packaged)", packaged)]
    documents += [(str(path), _read_json(path)) for path in extra]
    kinds: dict[str, str] = {}
    acquire: set[str] = set()
    supply: set[str] = set()
    for _, document in documents:
        kinds.update(document.get("kinds", {}))
        triggers = document.get("triggers", {})
        acquire.update(triggers.get("acquire", ()))
        supply.update(triggers.get("supply", ()))
    bad = sorted(k for k, v in kinds.items() if v not in _KIND_CLASSES)
    if bad:
        raise CodingError(f"products: kinds {bad} must be 'weapon' or 'other'; fix the file")
    countries = load_gazetteer().countries
    products: list[Product] = []
    for name, document in documents:
        for n, raw in enumerate(document.get("products", [])):
            products.append(
                _product(raw, source=f"{name} product {n}", kinds=kinds, known=countries)
            )
    by_key = _index(products)
    return Products(
        version="+".join(str(d.get("version", "0")) for _, d in documents),
        products=tuple(products),
        acquire=frozenset(acquire),
        supply=frozenset(supply),
        pattern=_pattern(by_key),
        by_key=by_key,
    )


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CodingError(f"products file {path}: cannot read it as JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise CodingError(f"products file {path}: expected an object with a 'products' list")
    return data


def _product(raw: object, *, source: str, kinds: dict[str, str], known: Iterable[str]) -> Product:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"]:
        raise CodingError(f"{source}: needs a non-empty 'name'; fix the file")
    name = raw["name"]
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and _key(a) for a in aliases):
        raise CodingError(f"{source} ({name}): 'aliases' must be a list of names")
    producer = raw.get("producer")
    if producer not in set(known):
        raise CodingError(
            f"{source} ({name}): producer {producer!r} is not an ISO 3166-1 alpha-3 "
            "country code the gazetteer knows"
        )
    kind = raw.get("kind")
    if kind not in kinds:
        raise CodingError(f"{source} ({name}): kind {kind!r} is not one of {sorted(kinds)}")
    names = tuple(dict.fromkeys([name, *aliases]))
    return Product(name, names, str(producer), str(kind), weapon=kinds[str(kind)] == "weapon")


def _index(products: list[Product]) -> dict[str, Product]:
    by_key: dict[str, Product] = {}
    for product in products:
        for alias in product.aliases:
            other = by_key.setdefault(_key(alias), product)
            if other is not product:
                raise CodingError(
                    f"products: alias {alias!r} of {product.name!r} is already an alias "
                    f"of {other.name!r}; keep it on one entry"
                )
    return by_key


def _key(name: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", name.casefold()))


def _pattern(by_key: dict[str, Product]) -> re.Pattern[str]:
    keys = sorted(by_key, key=lambda k: (-len(k), k))
    alternatives = "|".join(_SEPARATORS.join(map(re.escape, k.split())) for k in keys)
    return re.compile(rf"(?<![\w'\u2019])(?P<core>{alternatives}){_SUFFIX}", re.IGNORECASE)


def product_arguments(frame: Frame, *, offset: int, products: Products | None = None) -> Frame:
    """``frame`` with the other party of a trade taken from the product it names.

    ``offset`` is the document offset of the frame's sentence (for the mention).
    """
    products = products or load_products()
    direction = products.direction(frame.entry.lemma)
    if direction is None or cameo_table()[frame.cameo].root != _TRADE_ROOT:
        return frame
    hits = list(_named(frame, products))
    if not hits:
        return frame
    if frame.cameo in _ECONOMIC and any(h.product.weapon for h in hits):
        frame = replace(frame, cameo=_MILITARY)
    if frame.reciprocal or _names_other_party(frame):
        return frame
    if direction == "acquire" and frame.agents and not frame.recipients:
        own = {a.mention.country for a in frame.agents}
        return replace(frame, recipients=_producer_args(frame, hits, offset, own))
    if direction == "supply" and frame.recipients and not frame.agents:
        own = {a.mention.country for a in frame.recipients}
        return replace(frame, agents=_producer_args(frame, hits, offset, own))
    return frame


def product_note(source: Arg | None, target: Arg | None) -> str:
    """The rule text of actors taken from a product: "; recipient from product 'X' -> ISR"."""
    notes = [
        f"; {role} from product '{arg.mention.rule.partition(':')[2]}' -> {arg.mention.country}"
        for role, arg in (("source", source), ("recipient", target))
        if arg is not None and arg.how == "product"
    ]
    return "".join(notes)


def _named(frame: Frame, products: Products) -> Iterator[ProductHit]:
    """Products named in the frame's object phrases and, for a noun, its modifiers."""
    trigger = frame.trigger
    heads = list(frame.objects)
    if trigger.pos_ in {"NOUN", "PROPN"}:
        heads += [c for c in trigger.children if c.dep_ in _MODIFIER_DEPS]
    text = trigger.doc.text
    for head in heads:
        start = head.left_edge.idx
        end = head.right_edge.idx + len(head.right_edge.text)
        for hit in products.find(text[start:end]):
            yield replace(hit, start=hit.start + start, end=hit.end + start)


def _names_other_party(frame: Frame) -> bool:
    """A "from X" phrase names the seller itself ("bought F-16s from Norway")."""
    for head in (frame.trigger, *frame.objects):
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "from"):
            if any(p.dep_ == "pobj" and not _numeric(p) for p in prep.children):
                return True
    return False


def _numeric(token: Token) -> bool:
    return token.like_num or token.pos_ == "NUM"


def _producer_args(
    frame: Frame, hits: list[ProductHit], offset: int, own: set[str | None]
) -> tuple[Arg, ...]:
    args: list[Arg] = []
    seen = set(own)
    for hit in hits:
        producer = hit.product.producer
        if producer in seen:
            continue
        seen.add(producer)
        args.append(
            Arg(_mention(hit, offset), _token_at(frame, hit.start), "product", direct=False)
        )
    return tuple(args)


def _mention(hit: ProductHit, offset: int) -> Mention:
    producer = hit.product.producer
    return Mention(
        text=hit.text,
        start=offset + hit.start,
        end=offset + hit.end,
        actor=producer,
        country=producer,
        sector=None,
        name=load_gazetteer().country_name(producer),
        kind="product",
        rule=f"product:{hit.product.name}",
    )


def _token_at(frame: Frame, start: int) -> int:
    doc = frame.trigger.doc
    return next((t.i for t in doc if t.idx + len(t.text) > start), frame.trigger.i)
