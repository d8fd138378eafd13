"""The trigger lexicon and the CAMEO table, both packaged data files.

``data/triggers.json`` maps verb lemmas, event nouns and patterns (object, particle and
modifier conditions) to CAMEO codes; ``data/triggers_petrarch.json`` (built from
PETRARCH's CAMEO verb dictionary by ``scripts/build_event_data.py``) adds fallback
verbs for lemmas the hand-made file does not cover; ``data/cameo.json`` gives each CAMEO code its
root, Goldstein value, quad class and PLOVER type (built by
``scripts/build_event_data.py``). Users add triggers without touching code by passing
extra lexicon files with the same schema to :func:`load_lexicon`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from detente.errors import CodingError

_DATA = resources.files("detente.events") / "data"
# CAMEO roots the coder's rules name: consult (04), protest (14), coerce (17).
CONSULT_ROOT = "04"
PROTEST_ROOT = "14"
COERCE_ROOT = "17"
_POS = frozenset({"VERB", "NOUN"})
_ROLE_VALUES = frozenset({"location"})
_FROM_VALUES = frozenset({"recipient", "agent"})
_KNOWN_KEYS = frozenset(
    {
        "id",
        "lemma",
        "pos",
        "cameo",
        "object",
        "prep",
        "modifier",
        "no_object",
        "object_actor",
        "refine",
        "of",
        "from",
        "target",
        "target_fallback",
        "agent_fallback",
        "statement",
        "forms",
        "reciprocal",
        "strict",
    }
)


@dataclass(frozen=True, slots=True)
class CameoCode:
    """The facts about one CAMEO code that an event record carries."""

    code: str
    root: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str
    plover_mode: str
    plover_context: str


@dataclass(frozen=True, slots=True)
class Refinement:
    """Use ``cameo`` instead of the entry's code when one of ``words`` is in the frame."""

    words: frozenset[str]
    cameo: str


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One lexicon entry: a trigger lemma, its conditions and its CAMEO code."""

    id: str
    lemma: str
    pos: str
    cameo: str
    objects: frozenset[str] = frozenset()
    preps: tuple[str, ...] = ()
    modifiers: frozenset[str] = frozenset()
    no_object: bool = False
    # the direct object must name an actor, with no object predicate ("called Lavrov",
    # not "called the ambassador a stupid guy")
    object_actor: bool = False
    refine: tuple[Refinement, ...] = ()
    of_is_agent: bool = False
    # a "from" phrase names the other party ("bought S-400s from Russia": the seller)
    from_is_recipient: bool = False
    # a noun's "from" phrase names its agent ("criticism from Beijing")
    from_is_agent: bool = False
    target_from_location: bool = False
    target_fallback_location: bool = False
    agent_fallback_location: bool = False
    statement: bool = False
    forms: tuple[str, ...] = ()
    reciprocal: bool = False
    strict: bool = False

    @property
    def specificity(self) -> int:
        """How many conditions the entry sets; more specific entries are tried first."""
        conditions = (self.objects, self.preps, self.modifiers, self.no_object, self.object_actor)
        return sum(bool(c) for c in conditions)


@dataclass(frozen=True)
class Lexicon:
    """A validated trigger lexicon, indexed by (lemma, part of speech)."""

    version: str
    entries: tuple[TriggerEntry, ...]
    agent_nouns: frozenset[str]
    support_verbs: frozenset[str]
    # verbs that stop what their object names ("suspended cooperation", "halted talks"),
    # and those of them that bar it, an embargo when it is trade ("banned imports")
    stop_verbs: frozenset[str] = frozenset()
    embargo_verbs: frozenset[str] = frozenset()

    @functools.cached_property
    def _index(self) -> dict[tuple[str, str], tuple[TriggerEntry, ...]]:
        index: dict[tuple[str, str], list[TriggerEntry]] = {}
        for entry in self.entries:
            index.setdefault((entry.lemma, entry.pos), []).append(entry)
        return {
            key: tuple(sorted(group, key=lambda e: -e.specificity)) for key, group in index.items()
        }

    def candidates(self, lemma: str, pos: str) -> tuple[TriggerEntry, ...]:
        """The entries for a lemma and a coarse POS (VERB or NOUN), most specific first."""
        return self._index.get((lemma, pos), ())

    @functools.cached_property
    def keywords(self) -> frozenset[str]:
        """Lower-case surface forms of every trigger, for the cheap sentence filter."""
        return _surface_forms(self.entries)

    @functools.cached_property
    def core_keywords(self) -> frozenset[str]:
        """Surface forms of the entries that are not strict fallbacks: such a keyword
        alone makes a sentence worth parsing."""
        return _surface_forms(e for e in self.entries if not e.strict)

    @functools.cached_property
    def coercion_keywords(self) -> frozenset[str]:
        """Surface forms of the main lexicon's coercion entries (CAMEO 17: arrests,
        detentions, sentences): such a sentence is worth parsing in a document about one
        country even if it names no known actor."""
        return _surface_forms(e for e in self.entries if not e.strict and e.cameo[:2] == "17")

    @functools.cached_property
    def fallback_keywords(self) -> frozenset[str]:
        """Surface forms only strict fallback entries have ("deplore", "rebuff"): they
        code only with an agent on the parse, so they need an actor mention near them."""
        return self.keywords - self.core_keywords


def _surface_forms(entries: Iterable[TriggerEntry]) -> frozenset[str]:
    words: set[str] = set()
    for entry in entries:
        words.update(inflections(entry.lemma))
        words.update(form.lower() for form in entry.forms)
    return frozenset(words)


def inflections(lemma: str) -> set[str]:
    """English inflections of a lemma: regular ones by rule, irregular ones ("held",
    "withdrew") from ``data/irregular_forms.json``; an entry's forms add more."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    forms.update(irregular_forms().get(lemma, ()))
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
    return forms


@functools.cache
def irregular_forms() -> Mapping[str, tuple[str, ...]]:
    """Verb lemma -> its irregular forms (built by ``scripts/build_irregular_forms.py``)."""
    document = json.loads((_DATA / "irregular_forms.json").read_text(encoding="utf-8"))
    return {lemma: tuple(forms) for lemma, forms in document["forms"].items()}


@functools.cache
def cameo_table() -> Mapping[str, CameoCode]:
    """CAMEO code -> :class:`CameoCode`, from the packaged ``cameo.json``."""
    raw = json.loads((_DATA / "cameo.json").read_text(encoding="utf-8"))
    return {
        code: CameoCode(
            code=code,
            root=row["root"],
            name=row["name"],
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad_class"]),
            plover_type=row["plover_type"],
            plover_mode=row["plover_mode"],
            plover_context=row["plover_context"],
        )
        for code, row in raw["codes"].items()
    }


def load_lexicon(extra: str | Path | Iterable[str | Path] = ()) -> Lexicon:
    """The packaged lexicon, plus the entries of each ``extra`` file (same JSON schema).

    Raises :class:`CodingError` naming the file and entry when an entry is malformed
    or points to a CAMEO code that does not exist.
    """
    items = [extra] if isinstance(extra, str | Path) else list(extra)
    paths = tuple(Path(p) for p in items)
    return _load(paths)


@functools.cache
def _load(extra: tuple[Path, ...]) -> Lexicon:
    packaged = json.loads((_DATA / "triggers.json").read_text(encoding="utf-8"))
    documents: list[tuple[str, dict[str, Any]]] = [("triggers.json (packaged)", packaged)]
    for path in extra:
        documents.append((str(path), _read_json(path)))
    fallback = json.loads((_DATA / "triggers_petrarch.json").read_text(encoding="utf-8"))
    documents.append(("triggers_petrarch.json (packaged fallback)", fallback))
    entries: list[TriggerEntry] = []
    agent_nouns: set[str] = set()
    support_verbs: set[str] = set()
    stop_verbs: set[str] = set()
    embargo_verbs: set[str] = set()
    versions: list[str] = []
    for name, document in documents:
        parsed = parse_entries(document.get("entries", []), source=name)
        if document is fallback:  # hand-made entries win wherever both have a lemma
            taken = {(e.lemma, e.pos) for e in entries}
            parsed = [e for e in parsed if (e.lemma, e.pos) not in taken]
        if document.get("strict"):  # code only frames with an agent found on the parse
            parsed = [replace(e, strict=True) for e in parsed]
        entries.extend(parsed)
        agent_nouns.update(document.get("agent_nouns", []))
        support_verbs.update(document.get("support_verbs", []))
        stop_verbs.update(document.get("stop_verbs", []))
        embargo_verbs.update(document.get("embargo_verbs", []))
        versions.append(str(document.get("version", "0")))
    _check_unique(entries)
    versions.insert(1, versions.pop())  # packaged, its fallback, then the user's files
    return Lexicon(
        version="+".join(versions),
        entries=tuple(entries),
        agent_nouns=frozenset(agent_nouns),
        support_verbs=frozenset(support_verbs),
        stop_verbs=frozenset(stop_verbs),
        embargo_verbs=frozenset(embargo_verbs),
    )


def _read_json(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CodingError(f"cannot read lexicon file {path}: {exc}; check the path") from exc
    except json.JSONDecodeError as exc:
        raise CodingError(f"lexicon file {path} is not valid JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise CodingError(f'lexicon file {path} must hold a JSON object with an "entries" list')
    return document


def parse_entries(raw: Iterable[Any], *, source: str) -> list[TriggerEntry]:
    """Validate and convert raw JSON entries; errors name ``source`` and the entry."""
    return [_parse_entry(item, source=source, position=n) for n, item in enumerate(raw)]


def _parse_entry(item: Any, *, source: str, position: int) -> TriggerEntry:
    where = f"lexicon {source}, entry {position}"
    if not isinstance(item, dict):
        raise CodingError(f"{where}: expected an object, got {type(item).__name__}")
    where = f"{where} ({item.get('id', '?')!r})"
    unknown = set(item) - _KNOWN_KEYS
    if unknown:
        raise CodingError(
            f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_KNOWN_KEYS)}"
        )
    for key in ("id", "lemma", "pos", "cameo"):
        if not isinstance(item.get(key), str) or not item[key]:
            raise CodingError(f'{where}: "{key}" must be a non-empty string')
    if item["pos"] not in _POS:
        raise CodingError(f'{where}: "pos" must be one of {sorted(_POS)}, not {item["pos"]!r}')
    _check_code(item["cameo"], where)
    refine = tuple(_parse_refinement(r, where) for r in item.get("refine", []))
    for key in ("target", "target_fallback", "agent_fallback"):
        if key in item and item[key] not in _ROLE_VALUES:
            raise CodingError(f'{where}: "{key}" must be one of {sorted(_ROLE_VALUES)}')
    if "from" in item and item["from"] not in _FROM_VALUES:
        raise CodingError(f'{where}: "from" must be one of {sorted(_FROM_VALUES)}')
    return TriggerEntry(
        id=item["id"],
        lemma=item["lemma"].lower(),
        pos=item["pos"],
        cameo=item["cameo"],
        objects=_words(item.get("object", []), where, "object"),
        preps=tuple(sorted(_words(item.get("prep", []), where, "prep"))),
        modifiers=_words(item.get("modifier", []), where, "modifier"),
        no_object=bool(item.get("no_object", False)),
        object_actor=bool(item.get("object_actor", False)),
        refine=refine,
        of_is_agent=item.get("of") == "agent",
        from_is_recipient=item.get("from") == "recipient",
        from_is_agent=item.get("from") == "agent",
        target_from_location=item.get("target") == "location",
        target_fallback_location=item.get("target_fallback") == "location",
        agent_fallback_location=item.get("agent_fallback") == "location",
        statement=bool(item.get("statement", False)),
        forms=tuple(sorted(_words(item.get("forms", []), where, "forms"))),
        reciprocal=bool(item.get("reciprocal", False)),
        strict=bool(item.get("strict", False)),
    )


def _parse_refinement(raw: Any, where: str) -> Refinement:
    if not isinstance(raw, dict) or "cameo" not in raw or "words" not in raw:
        raise CodingError(f'{where}: each "refine" item needs "words" and "cameo"')
    _check_code(raw["cameo"], where)
    return Refinement(words=_words(raw["words"], where, "refine.words"), cameo=raw["cameo"])


def _words(raw: Any, where: str, key: str) -> frozenset[str]:
    if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
        raise CodingError(f'{where}: "{key}" must be a list of strings')
    return frozenset(w.lower() for w in raw)


def _check_code(code: str, where: str) -> None:
    if code not in cameo_table():
        raise CodingError(
            f"{where}: CAMEO code {code!r} does not exist; use a code from "
            "detente/events/data/cameo.json (e.g. '042' make a visit)"
        )


def _check_unique(entries: list[TriggerEntry]) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise CodingError(f"lexicon entry id {entry.id!r} is defined twice; ids must be unique")
        seen.add(entry.id)
