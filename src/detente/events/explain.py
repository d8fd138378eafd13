"""Why an event was coded: re-run the coder on its sentence and keep the evidence.

:func:`explain_event` loads a stored event and its document, resolves the document's
actors and times again (with the store's knowledge base), parses the event's sentence,
and finds the frame and the (source, target) pair whose event id is the stored one. The
result names the trigger, the lexicon entry, the CAMEO and PLOVER facts, how each actor
was resolved, the date expression and the factuality cue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from detente.actors.context import home_country
from detente.actors.resolve import find_mentions
from detente.actors.store_kb import load_kb
from detente.errors import CodingError
from detente.events.args import Arg
from detente.events.code import (
    as_read,
    coder_version,
    frame_events,
    parse_sentences,
    sentence_actors,
)
from detente.events.counterpart import counterpart_note
from detente.events.dating import EventDate, date_event
from detente.events.factuality import factuality_cue
from detente.events.frames import Frame, find_frames
from detente.events.lexicon import CameoCode, Lexicon, TriggerEntry, cameo_table, load_lexicon
from detente.events.sentences import Sentence, split_sentences
from detente.models import EVENT_FIELDS, Document, Event, Mention
from detente.nlp.pipeline import get_nlp
from detente.temporal import find_times

if TYPE_CHECKING:
    from spacy.language import Language

    from detente.actors.knowledge import KnowledgeBase
    from detente.store.duck import Store


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorPath:
    """How one argument of an event was found and resolved to an actor."""

    role: str  # source, target or location
    text: str
    start: int  # character offsets into the sentence
    end: int
    actor: str
    country: str | None
    sector: str | None
    name: str
    kind: str
    resolution: str  # the actors stage's rule: gazetteer:demonym, doc:apposition, kb:person
    frame_rule: str  # how the frame found it: nsubj, dobj, poss, to, inherit, ...
    kb_entry: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Explanation:
    """A stored event with the evidence the coder used for it."""

    event: Event
    entry: TriggerEntry
    cameo: CameoCode
    trigger_start: int  # character offsets into the sentence
    trigger_end: int
    actors: tuple[ActorPath, ...]
    date_expression: str | None
    date_rule: str
    date_anchor: str | None  # what the expression was counted from (TimeExpr.anchored_by)
    factuality_cue: str | None
    current_coder: str

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready dict (the ``--json`` form)."""
        entry = self.entry
        return {
            "event": self.event.to_record(),
            "trigger": {
                "text": self.event.trigger_text,
                "start": self.trigger_start,
                "end": self.trigger_end,
            },
            "rule": self.event.rule,
            "asks": asked_for(self.event.rule),
            "counterpart": counterpart_note(self.event.rule),
            "entry": {
                "id": entry.id,
                "lemma": entry.lemma,
                "pos": entry.pos,
                "conditions": conditions(entry),
                "fallback": entry.strict,
            },
            "cameo": {
                "code": self.cameo.code,
                "name": self.cameo.name,
                "root": self.cameo.root,
                "quad_class": self.cameo.quad_class,
                "goldstein": self.cameo.goldstein,
            },
            "plover": {
                "type": self.cameo.plover_type,
                "mode": self.cameo.plover_mode,
                "context": self.cameo.plover_context,
            },
            "actors": [_path_record(a) for a in self.actors],
            "date": {
                "expression": self.date_expression,
                "rule": self.date_rule,
                "anchored_by": self.date_anchor,
                "basis": self.event.date_basis,
                "start": _iso(self.event.date_start),
                "end": _iso(self.event.date_end),
                "granularity": self.event.date_granularity,
            },
            "factuality": {"value": self.event.factuality, "cue": self.factuality_cue},
            "coder_version": {"stored": self.event.coder_version, "current": self.current_coder},
        }


def asked_for(rule: str) -> str | None:
    """The lexicon entry of the act an appeal asks for, from its rule ("urge.v/nsubj-dobj
    +asks:lift-sanctions.v" -> "lift-sanctions.v"); None for any other event."""
    _, found, rest = rule.partition("+asks:")
    return rest.split(";")[0].strip() if found else None


def conditions(entry: TriggerEntry) -> list[str]:
    """The lexicon entry's conditions, readable: ``object: sanction``, ``prep: to``."""
    found: list[str] = []
    if entry.objects:
        found.append("object: " + ", ".join(sorted(entry.objects)))
    if entry.preps:
        found.append("prep: " + ", ".join(entry.preps))
    if entry.modifiers:
        found.append("modifier: " + ", ".join(sorted(entry.modifiers)))
    if entry.no_object:
        found.append("no direct object")
    if entry.object_actor:
        found.append("direct object names an actor")
    found += [f"refine {r.cameo} if: " + ", ".join(sorted(r.words)) for r in entry.refine]
    if entry.reciprocal:
        found.append("reciprocal")
    if entry.statement:
        found.append("statement")
    return found


def explain_event(
    store: Store,
    event_id: str,
    *,
    nlp: Language | None = None,
    lexicon: Lexicon | None = None,
) -> Explanation:
    """The explanation of the stored event ``event_id`` (a unique prefix will do).

    Raises :class:`CodingError` when no stored event has that id, or when the coder
    can no longer find the event in its sentence (the lexicon or knowledge base changed
    since it was coded; recode the document).
    """
    event = _load_event(store, event_id)
    lexicon = lexicon or load_lexicon()
    doc = as_read(_load_document(store, event), lexicon)
    if nlp is None:
        nlp = get_nlp()
    kb = load_kb(store)
    mentions = _mentions(doc, kb)
    sentence = _sentence(doc, event)
    times = [
        t
        for t in find_times(doc.text, anchor=doc.date)
        if t.date_start is not None and t.start < sentence.end  # earlier ones: narrative
    ]
    sent_doc = next(parse_sentences(nlp, [(sentence.text, 0)]))[0]
    actors = sentence_actors(
        sentence, sent_doc, mentions, lexicon, times=times, home=home_country(mentions)
    )
    stamp = coder_version(lexicon)
    for frame in find_frames(actors, lexicon):
        for coded, (source, target) in frame_events(doc, sentence, frame, times, stamp):
            if coded.event_id == event.event_id:
                return _explanation(event, frame, source, target, sentence, times, doc, kb, stamp)
    raise CodingError(
        f"event {event.event_id}: the current coder ({stamp}) no longer finds it in its "
        f"sentence (coded by {event.coder_version}); recode document {doc.doc_id}"
    )


def _load_event(store: Store, event_id: str) -> Event:
    wanted = event_id.strip().lower()
    if len(wanted) < 4:
        raise CodingError(f"event id {event_id!r} is too short; give at least 4 characters")
    rows = store.con.execute(
        f"SELECT {', '.join(EVENT_FIELDS)} FROM events WHERE starts_with(event_id, ?) LIMIT 2",
        [wanted],
    ).fetchall()
    if not rows:
        raise CodingError(
            f"no event {event_id!r} in {store.path}; list ids with `detente events --format jsonl`"
        )
    if len(rows) > 1:
        raise CodingError(f"event id {event_id!r} is ambiguous in {store.path}; give more of it")
    return Event.from_record(dict(zip(EVENT_FIELDS, rows[0], strict=True)))


def _load_document(store: Store, event: Event) -> Document:
    row = store.con.execute(
        "SELECT text, date, title FROM documents WHERE doc_id = ?", [event.doc_id]
    ).fetchone()
    if row is None:
        raise CodingError(
            f"event {event.event_id}: its document {event.doc_id} is not in {store.path}; "
            "run `detente check` on the store"
        )
    date = row[1] if isinstance(row[1], dt.date) else None
    return Document(doc_id=event.doc_id, text=str(row[0]), date=date, title=row[2])


def _mentions(doc: Document, kb: KnowledgeBase) -> list[Mention]:
    return sorted(find_mentions(doc.text, date=doc.date, kb=kb), key=lambda m: m.start)


def _sentence(doc: Document, event: Event) -> Sentence:
    for sentence in split_sentences(doc.text):
        if sentence.start == event.sentence_start:
            return sentence
    return Sentence(
        event.sentence_index,
        event.sentence_start,
        event.sentence_end,
        doc.text[event.sentence_start : event.sentence_end],
    )


def _explanation(
    event: Event,
    frame: Frame,
    source: Arg | None,
    target: Arg | None,
    sentence: Sentence,
    times: list[Any],
    doc: Document,
    kb: KnowledgeBase,
    stamp: str,
) -> Explanation:
    trigger = frame.trigger
    when = date_event(
        trigger, sentence_start=sentence.start, times=times, doc_date=doc.date, text=doc.text
    )
    fact, cue = factuality_cue(trigger)
    roles = [("source", source), ("target", target), ("location", frame.location)]
    paths = tuple(
        _path(role, arg, sentence, kb, doc.date) for role, arg in roles if arg is not None
    )
    return Explanation(
        event=event,
        entry=frame.entry,
        cameo=cameo_table()[frame.cameo],
        trigger_start=trigger.idx,
        trigger_end=trigger.idx + len(trigger.text),
        actors=paths,
        date_expression=_expression(when, event),
        date_rule=_date_rule(when, event),
        date_anchor=_anchor(when, event),
        factuality_cue=cue if fact == event.factuality else None,
        current_coder=stamp,
    )


def _path(
    role: str, arg: Arg, sentence: Sentence, kb: KnowledgeBase, date: dt.date | None
) -> ActorPath:
    mention = arg.mention
    entry = None
    if mention.kind in {"person", "organisation"}:
        found = kb.lookup(mention.name, date=date)
        entry = found.entry_id if found is not None else None
    inside = sentence.start <= mention.start < sentence.end
    return ActorPath(
        role=role,
        text=mention.text,
        start=mention.start - sentence.start if inside else -1,
        end=mention.end - sentence.start if inside else -1,
        actor=mention.actor,
        country=mention.country,
        sector=mention.sector,
        name=mention.name,
        kind=mention.kind,
        resolution=mention.rule,
        frame_rule=arg.how,
        kb_entry=entry,
    )


def _path_record(path: ActorPath) -> dict[str, Any]:
    return {name: getattr(path, name) for name in ActorPath.__dataclass_fields__}


# Rules that look beyond the event's sentence and the dating rules: the stored basis
# says which one fired.
_DOCUMENT_RULES = {
    "coreference": "coreference (the date of an earlier event with the same participants)",
}


def _document_rule(when: EventDate, event: Event) -> str | None:
    """The document-level rule that dated the stored event, when one did."""
    if event.date_basis != when.basis:
        return _DOCUMENT_RULES.get(event.date_basis)
    return None


def _date_rule(when: EventDate, event: Event) -> str:
    """The dating rule as stored: the sentence-level rule, or one that read the document."""
    return _document_rule(when, event) or when.rule


def _expression(when: EventDate, event: Event) -> str | None:
    """The sentence's date expression, unless a document-level rule dated the event."""
    if _document_rule(when, event) is not None or when.expression is None:
        return None
    return when.expression.text


def _anchor(when: EventDate, event: Event) -> str | None:
    """What the sentence's date expression was counted from, when it is shown."""
    if _expression(when, event) is None or when.expression is None:
        return None
    return when.expression.anchored_by


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
