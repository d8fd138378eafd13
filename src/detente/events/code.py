"""The event coder: documents in, coded :class:`~detente.models.Event` records out.

Sentences are split cheaply; only those with an actor mention and a trigger keyword
are parsed (with ``nlp.pipe``, batched across documents), and each frame on the parse
becomes one event per (source, target) pair.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Protocol, cast

from detente.errors import CodingError
from detente.events.args import Arg, SentenceActors
from detente.events.dating import date_event
from detente.events.dedup import merge_mentions
from detente.events.factuality import factuality
from detente.events.frames import Frame, find_frames, is_place
from detente.events.lexicon import Lexicon, cameo_table, load_lexicon
from detente.events.sentences import Sentence, has_keyword, is_headline, split_sentences
from detente.models import Document, Event, Mention, TimeExpr

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_BATCH_DOCS = 64


class MentionFinder(Protocol):
    """``find_mentions`` of the actors stage."""

    def __call__(self, text: str, *, date: dt.date | None = None) -> list[Mention]: ...


class TimeFinder(Protocol):
    """``find_times`` of the temporal stage."""

    def __call__(self, text: str, *, anchor: dt.date | None) -> list[TimeExpr]: ...


@dataclass(frozen=True, slots=True)
class _Prepared:
    doc: Document
    mentions: list[Mention]
    times: list[TimeExpr]
    candidates: list[Sentence]


def coder_version(lexicon: Lexicon) -> str:
    """``detente-<package version>+lexicon-<lexicon version>``, stored on every event."""
    try:
        package = version("detente")
    except PackageNotFoundError:  # running from a source tree that is not installed
        package = "0+unknown"
    return f"detente-{package}+lexicon-{lexicon.version}"


def code_document(
    doc: Document,
    *,
    nlp: Language | None = None,
    lexicon: Lexicon | None = None,
    find_mentions: MentionFinder | None = None,
    find_times: TimeFinder | None = None,
) -> list[Event]:
    """The events of one document, in text order."""
    results = code_docs(
        [doc], nlp=nlp, lexicon=lexicon, find_mentions=find_mentions, find_times=find_times
    )
    return next(iter(results))[1]


def code_docs(
    docs: Iterable[Document],
    *,
    nlp: Language | None = None,
    lexicon: Lexicon | None = None,
    find_mentions: MentionFinder | None = None,
    find_times: TimeFinder | None = None,
    batch_size: int = _BATCH_DOCS,
) -> Iterator[tuple[Document, list[Event]]]:
    """Code a stream of documents; yields each document with its events, in order."""
    if nlp is None:
        from detente.nlp.pipeline import get_nlp

        nlp = get_nlp()
    lexicon = lexicon or load_lexicon()
    mentions_of = find_mentions or cast(
        MentionFinder, _stage("detente.actors.resolve", "find_mentions")
    )
    times_of = find_times or cast(TimeFinder, _stage("detente.temporal", "find_times"))
    batch: list[_Prepared] = []
    for doc in docs:
        batch.append(_prepare(doc, lexicon, mentions_of, times_of))
        if len(batch) >= batch_size:
            yield from _code_batch(batch, nlp, lexicon)
            batch = []
    if batch:
        yield from _code_batch(batch, nlp, lexicon)


def _stage(module: str, name: str) -> object:
    try:
        function = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise CodingError(
            f"{module}.{name} is not available; install detente fully or pass {name}=..."
        ) from exc
    return cast(object, function)


def _prepare(
    doc: Document, lexicon: Lexicon, mentions_of: MentionFinder, times_of: TimeFinder
) -> _Prepared:
    mentions = sorted(mentions_of(doc.text, date=doc.date), key=lambda m: m.start)
    times = [t for t in times_of(doc.text, anchor=doc.date) if t.date_start is not None]
    candidates = [
        s
        for s in split_sentences(doc.text)
        if has_keyword(s.text, lexicon.keywords)
        and not is_headline(s.text)
        and any(s.start <= m.start < s.end for m in mentions)
    ]
    return _Prepared(doc, mentions, times, candidates)


def _code_batch(
    batch: list[_Prepared], nlp: Language, lexicon: Lexicon
) -> Iterator[tuple[Document, list[Event]]]:
    texts = ((s.text, n) for n, p in enumerate(batch) for s in p.candidates)
    parsed: list[list[Doc]] = [[] for _ in batch]
    for sent_doc, n in nlp.pipe(texts, as_tuples=True):
        parsed[n].append(sent_doc)
    stamp = coder_version(lexicon)
    for prepared, docs in zip(batch, parsed, strict=True):
        events: list[Event] = []
        for sentence, sent_doc in zip(prepared.candidates, docs, strict=True):
            events.extend(_sentence_events(prepared, sentence, sent_doc, lexicon, stamp))
        yield prepared.doc, merge_mentions(events)


def _sentence_events(
    prepared: _Prepared, sentence: Sentence, sent_doc: Doc, lexicon: Lexicon, stamp: str
) -> list[Event]:
    inside = [m for m in prepared.mentions if sentence.start <= m.start < sentence.end]
    prior = [m for m in prepared.mentions if m.end <= sentence.start]
    actors = SentenceActors(
        sent_doc,
        offset=sentence.start,
        mentions=inside,
        prior=prior,
        agent_nouns=lexicon.agent_nouns,
    )
    times = [t for t in prepared.times if sentence.start <= t.start < sentence.end]
    events: list[Event] = []
    seen: set[str] = set()
    for frame in find_frames(actors, lexicon):
        for event in _frame_events(prepared.doc, sentence, frame, times, stamp):
            if event.event_id not in seen:
                seen.add(event.event_id)
                events.append(event)
    return events


def _frame_events(
    doc: Document, sentence: Sentence, frame: Frame, times: list[TimeExpr], stamp: str
) -> Iterator[Event]:
    info = cameo_table()[frame.cameo]
    trigger = frame.trigger
    trigger_start = sentence.start + trigger.idx
    when = date_event(trigger, sentence_start=sentence.start, times=times, doc_date=doc.date)
    location = frame.location or next(
        (r for r in frame.recipients if is_place(r.mention, cities_only=True)), None
    )
    fact = factuality(trigger)
    for source, target in _pairs(frame):
        src = source.mention if source else None
        tgt = target.mention if target else None
        yield Event(
            event_id=_event_id(doc.doc_id, sentence.start, trigger_start, frame.cameo, src, tgt),
            doc_id=doc.doc_id,
            sentence_index=sentence.index,
            sentence=sentence.text,
            sentence_start=sentence.start,
            sentence_end=sentence.end,
            trigger_text=trigger.text,
            source_text=src.text if src else None,
            source_actor=src.actor if src else None,
            source_country=src.country if src else None,
            source_sector=src.sector if src else None,
            target_text=tgt.text if tgt else None,
            target_actor=tgt.actor if tgt else None,
            target_country=tgt.country if tgt else None,
            target_sector=tgt.sector if tgt else None,
            event_type=info.plover_type,
            event_mode=info.plover_mode or info.plover_context,
            cameo_code=frame.cameo,
            cameo_root=info.root,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            date_start=when.start,
            date_end=when.end,
            date_granularity=when.granularity,
            date_basis=when.basis,
            factuality=fact,
            location_name=location.mention.text if location else None,
            location_country=location.mention.country if location else None,
            confidence=_confidence(source, target),
            rule=frame.rule,
            coder_version=stamp,
        )


def _pairs(frame: Frame) -> Iterator[tuple[Arg | None, Arg | None]]:
    if frame.reciprocal:
        for agent in frame.agents:
            for other in frame.agents:
                if not _same_actor(agent.mention, other.mention):
                    yield agent, replace(other, how="reciprocal", direct=False)
        return
    sources: Sequence[Arg | None] = frame.agents or (None,)
    targets: Sequence[Arg | None] = frame.recipients or (None,)
    for source in sources:
        for target in targets:
            if source is None and target is None:
                continue
            if source and target and _same_actor(source.mention, target.mention):
                continue
            yield source, target


def _same_actor(a: Mention, b: Mention) -> bool:
    if a.country and b.country:
        return a.country == b.country
    return a.actor == b.actor


def _confidence(source: Arg | None, target: Arg | None) -> float:
    score = 0.3
    for arg in (source, target):
        if arg is not None:
            score += 0.3 if arg.direct else 0.15
    return round(min(score, 0.9), 2)


def _event_id(
    doc_id: str,
    sentence_start: int,
    trigger: int,
    cameo: str,
    src: Mention | None,
    tgt: Mention | None,
) -> str:
    key = "|".join(
        [
            doc_id,
            str(sentence_start),
            str(trigger),
            cameo,
            src.actor if src else "",
            tgt.actor if tgt else "",
        ]
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
