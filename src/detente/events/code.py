"""The event coder: documents in, coded :class:`~detente.models.Event` records out.

Sentences are split cheaply; only those with an actor mention and a trigger keyword
are parsed (with ``nlp.pipe``, batched across documents), and each frame on the parse
becomes one event per (source, target) pair.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, NamedTuple, Protocol

from detente.actors.context import home_country
from detente.actors.resolve import find_mentions as resolve_mentions
from detente.events.antecedents import with_antecedent_targets
from detente.events.args import Arg, SentenceActors, is_place, party
from detente.events.coref import DateCoreference
from detente.events.counterpart import with_counterparts
from detente.events.dating import date_event
from detente.events.dedup import merge_mentions
from detente.events.domestic import domestic_reading
from detente.events.factuality import coded_as, factuality
from detente.events.frames import Frame, find_frames
from detente.events.lexicon import (
    COERCE_ROOT,
    CONSULT_ROOT,
    CameoCode,
    Lexicon,
    cameo_table,
    load_lexicon,
)
from detente.events.places import coordinates
from detente.events.products import product_arguments, product_note
from detente.events.sentences import (
    Sentence,
    has_keyword,
    is_headline,
    keyword_offsets,
    split_sentences,
)
from detente.models import Document, Event, Factuality, Mention, TimeExpr
from detente.nlp.casing import (
    original_events,
    original_mentions,
    restore_case,
    single_case_runs,
)
from detente.nlp.pipeline import get_nlp
from detente.temporal import find_times as recognise_times

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

_BATCH_DOCS = 64
_MATERIAL_QUADS = frozenset({2, 4})
_UNUSED_PIPES = ("ner",)
_SUBORDINATE_PENALTY = 0.1
_BARE_STATEMENT = "010"
_MOBILIZE_ROOT = "15"
# The state's coercive arms, its army and its legislature, and the office-holders
# they may arrest, charge, try, impeach or depose.
_ENFORCERS = frozenset({"COP", "JUD", "SPY", "LEG", "MIL"})
_OFFICIALS = frozenset({"GOV", "LEG", "MIL"})
# Words that refer back to actors named before: a sentence with one of them and a
# trigger is worth parsing even if it names no actor itself.
_REFERRING = frozenset({"he", "she", "they", "both", "two"})
# How close (in characters) an actor mention must be to a fallback-only keyword.
_NEAR_CHARS = 40


class MentionFinder(Protocol):
    """``find_mentions`` of the actors stage."""

    def __call__(self, text: str, *, date: dt.date | None = None) -> list[Mention]: ...


class TimeFinder(Protocol):
    """``find_times`` of the temporal stage."""

    def __call__(self, text: str, *, anchor: dt.date | None) -> list[TimeExpr]: ...


class CodedDocument(NamedTuple):
    """One coded document: its events and the actor mentions they were coded from
    (offsets into the document's own text), so stored mentions agree with the events."""

    doc: Document
    events: list[Event]
    mentions: list[Mention]


@dataclass(frozen=True, slots=True)
class _Prepared:
    doc: Document  # as the stages read it: single-case text recased (same offsets)
    mentions: list[Mention]
    times: list[TimeExpr]
    candidates: list[Sentence]
    original: Document  # as given: its text goes back into the events
    home: str | None  # the country the document is about, if it is about one


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
    return next(iter(results)).events


def code_docs(
    docs: Iterable[Document],
    *,
    nlp: Language | None = None,
    lexicon: Lexicon | None = None,
    find_mentions: MentionFinder | None = None,
    find_times: TimeFinder | None = None,
    batch_size: int = _BATCH_DOCS,
) -> Iterator[CodedDocument]:
    """Code a stream of documents; yields each document with its events and the
    mentions they were coded from, in order."""
    if nlp is None:
        nlp = get_nlp()
    lexicon = lexicon or load_lexicon()
    mentions_of = find_mentions or resolve_mentions
    times_of = find_times or recognise_times
    batch: list[_Prepared] = []
    for doc in docs:
        batch.append(_prepare(doc, lexicon, mentions_of, times_of))
        if len(batch) >= batch_size:
            yield from _code_batch(batch, nlp, lexicon)
            batch = []
    if batch:
        yield from _code_batch(batch, nlp, lexicon)


def _prepare(
    original: Document, lexicon: Lexicon, mentions_of: MentionFinder, times_of: TimeFinder
) -> _Prepared:
    doc = as_read(original, lexicon)
    mentions = sorted(mentions_of(doc.text, date=doc.date), key=lambda m: m.start)
    times = [t for t in times_of(doc.text, anchor=doc.date) if t.date_start is not None]
    home = home_country(mentions)
    candidates = [s for s in split_sentences(doc.text) if _is_candidate(s, mentions, lexicon, home)]
    return _Prepared(doc, mentions, times, candidates, original, home)


def as_read(doc: Document, lexicon: Lexicon | None = None) -> Document:
    """``doc`` as the stages read it: text in one case recased (``nlp/casing.py``), every
    offset unchanged; ``doc`` itself when its text is in mixed case."""
    if not single_case_runs(doc.text):
        return doc
    lexicon = lexicon or load_lexicon()
    keywords = (lexicon.core_keywords, lexicon.fallback_keywords)
    text = restore_case(doc.text, not_names=keywords)
    return doc if text is doc.text else replace(doc, text=text)


def document_mentions(doc: Document, find_mentions: MentionFinder) -> list[Mention]:
    """The actor mentions of ``doc`` as the coder reads it, with the document's own text."""
    read = as_read(doc)
    mentions = find_mentions(read.text, date=doc.date)
    return mentions if read is doc else original_mentions(mentions, original=doc.text)


def _is_candidate(
    sentence: Sentence, mentions: list[Mention], lexicon: Lexicon, home: str | None
) -> bool:
    """Worth parsing: an actor mention and a trigger keyword; a keyword only fallback
    entries know needs a mention within a few words of it (its agent, on the parse). A
    sentence that names no actor but refers back to them ("they", "the two sides") is
    worth it with a trigger of the main lexicon."""
    inside = [m for m in mentions if sentence.start <= m.start < sentence.end]
    if is_headline(sentence.text):
        return False
    if not inside:  # "They marched ...", "the two sides agreed": actors named before
        referred = bool(mentions) and mentions[0].end <= sentence.start  # sorted by start
        if home is not None and has_keyword(sentence.text, lexicon.coercion_keywords):
            return True  # "On May 3, Ali Karimli was arrested": a resident of the country
        return (
            referred
            and has_keyword(sentence.text, _REFERRING)
            and (has_keyword(sentence.text, lexicon.core_keywords))
        )
    if has_keyword(sentence.text, lexicon.core_keywords):
        return True
    for start, end in keyword_offsets(sentence.text, lexicon.fallback_keywords):
        at, to = sentence.start + start, sentence.start + end
        if any(-_NEAR_CHARS <= m.end - at <= 0 or 0 <= m.start - to <= _NEAR_CHARS for m in inside):
            return True
    return False


def _code_batch(batch: list[_Prepared], nlp: Language, lexicon: Lexicon) -> Iterator[CodedDocument]:
    texts = ((s.text, n) for n, p in enumerate(batch) for s in p.candidates)
    parsed: list[list[Doc]] = [[] for _ in batch]
    for sent_doc, n in parse_sentences(nlp, texts):
        parsed[n].append(sent_doc)
    stamp = coder_version(lexicon)
    for prepared, docs in zip(batch, parsed, strict=True):
        events: list[Event] = []
        dates = DateCoreference(text=prepared.doc.text, times=prepared.times)
        for sentence, sent_doc in zip(prepared.candidates, docs, strict=True):
            events.extend(_sentence_events(prepared, sentence, sent_doc, lexicon, stamp, dates))
        events = with_counterparts(with_antecedent_targets(events), prepared.mentions)
        events = merge_mentions(events)
        mentions = prepared.mentions
        if prepared.doc is not prepared.original:
            events = original_events(
                events, original=prepared.original.text, restored=prepared.doc.text
            )
            mentions = original_mentions(mentions, original=prepared.original.text)
        yield CodedDocument(prepared.original, events, mentions)


def _sentence_events(
    prepared: _Prepared,
    sentence: Sentence,
    sent_doc: Doc,
    lexicon: Lexicon,
    stamp: str,
    dates: DateCoreference,
) -> list[Event]:
    times = [t for t in prepared.times if t.start < sentence.end]  # earlier ones: narrative
    actors = sentence_actors(
        sentence, sent_doc, prepared.mentions, lexicon, times=times, home=prepared.home
    )
    events: list[Event] = []
    seen: set[str] = set()
    for frame in find_frames(actors, lexicon):
        if frame.cameo == _BARE_STATEMENT:
            continue  # saying something is no event; a comment with a stance (012) is
        for coded, (source, _) in frame_events(prepared.doc, sentence, frame, times, stamp):
            event = dates.resolve(coded, trigger=frame.trigger, source=source)
            if event.event_id not in seen:
                seen.add(event.event_id)
                events.append(event)
    return events


def sentence_actors(
    sentence: Sentence,
    sent_doc: Doc,
    mentions: Sequence[Mention],
    lexicon: Lexicon,
    *,
    times: Sequence[TimeExpr] = (),
    home: str | None,
) -> SentenceActors:
    """The actor mentions of one parsed sentence (mentions before it serve anaphora);
    ``home`` is the document's country (:func:`detente.actors.context.home_country`)."""
    return SentenceActors(
        sent_doc,
        offset=sentence.start,
        mentions=[m for m in mentions if sentence.start <= m.start < sentence.end],
        prior=[m for m in mentions if m.end <= sentence.start],
        agent_nouns=lexicon.agent_nouns,
        times=[(t.start, t.end) for t in times],
        home=home,
    )


def parse_sentences(nlp: Language, texts: Iterable[tuple[str, int]]) -> Iterator[tuple[Doc, int]]:
    """Parse (sentence, key) pairs with the pipes the coder reads: tagger, parser,
    lemmatizer. The entity recogniser, half of the pipeline's time, is left out: actors
    come from the actors stage and times from the temporal stage."""
    disable = [name for name in _UNUSED_PIPES if name in nlp.pipe_names]
    yield from nlp.pipe(texts, as_tuples=True, disable=disable)


def _recipient_place(frame: Frame, info: CameoCode) -> Arg | None:
    """A city recipient is where a visit, a meeting, a material act or an act sited at a
    place took place ("visited Baku", "struck Baku", "opened its embassy in Tel Aviv");
    a statement or an appeal to a capital is addressed to its government ("urged
    Washington"), not made there."""
    sited = frame.entry.target_from_location or info.root == CONSULT_ROOT
    if not sited and info.quad_class not in _MATERIAL_QUADS:
        return None
    return next((r for r in frame.recipients if is_place(r.mention, cities_only=True)), None)


def frame_events(
    doc: Document, sentence: Sentence, frame: Frame, times: list[TimeExpr], stamp: str
) -> Iterator[tuple[Event, tuple[Arg | None, Arg | None]]]:
    """The events of one frame, each with the (source, target) arguments it came from."""
    frame = domestic_reading(product_arguments(frame, offset=sentence.start), offset=sentence.start)
    fact = factuality(frame.act)
    frame = _as_stated(frame, fact)
    info = cameo_table()[frame.cameo]
    trigger = frame.trigger
    trigger_start = sentence.start + trigger.idx
    when = date_event(
        trigger, sentence_start=sentence.start, times=times, doc_date=doc.date, text=doc.text
    )
    location = frame.location or _recipient_place(frame, info)
    point = _coordinates(location)
    for source, target in _pairs(frame):
        src = source.mention if source else None
        tgt = target.mention if target else None
        event = Event(
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
            target_text=tgt.text if tgt else frame.target_phrase,
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
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            confidence=_confidence(source, target, subordinate=_subordinate(trigger)),
            rule=frame.rule + product_note(source, target),
            coder_version=stamp,
        )
        yield event, (source, target)


def _as_stated(frame: Frame, fact: Factuality) -> Frame:
    """The frame under the code of what the text states (see ``coded_as``): "will
    deliver" is a pledge, "declined to meet" a rejection; the rule says so."""
    stated = coded_as(frame.cameo, fact)
    if stated == frame.cameo:
        return frame
    return replace(frame, cameo=stated, stated=fact)


def _coordinates(location: Arg | None) -> tuple[float, float] | None:
    if location is None:
        return None
    mention = location.mention
    country_level = mention.kind == "country" and mention.rule.endswith(":country")
    return coordinates(mention.text, mention.country, country_level=country_level)


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
                if _official_coerced(frame, source.mention, target.mention):
                    yield source, target
                elif frame.cameo[:2] == _MOBILIZE_ROOT:
                    yield source, None  # "deployed the army": its own forces, no recipient
                continue
            if source and target and _home_visit(frame, source, target):
                continue
            yield source, target


def _same_actor(a: Mention, b: Mention) -> bool:
    return party(a) == party(b)


def _official_coerced(frame: Frame, source: Mention, target: Mention) -> bool:
    """An official arrested, charged, tried or impeached by the state's police, courts,
    security services or legislature ("police arrested the defence minister", "Congress
    impeached the president") is a domestic event, though both act for one state."""
    return (
        frame.cameo[:2] == COERCE_ROOT
        and source.sector in _ENFORCERS
        and target.sector in _OFFICIALS
        and source.sector != target.sector
    )


def _home_visit(frame: Frame, source: Arg, target: Arg) -> bool:
    """A visit to a place of the visitor's own country ("the opposition leader flew
    home to Moscow") is no visit; a protest or an attack there is aimed at its state."""
    place = target.mention
    same = place.country == source.mention.country
    return frame.cameo[:2] == CONSULT_ROOT and same and is_place(place, cities_only=True)


def _confidence(source: Arg | None, target: Arg | None, *, subordinate: bool = False) -> float:
    score = 0.3
    for arg in (source, target):
        if arg is not None:
            score += 0.3 if arg.direct else 0.15
    if subordinate:  # background to the sentence's main event ("forces backed by Russia")
        score -= _SUBORDINATE_PENALTY
    return round(min(score, 0.9), 2)


def _subordinate(trigger: Token) -> bool:
    """A verb that only describes a noun: "forces backed by ...", "troops stationed"."""
    return trigger.pos_ == "VERB" and trigger.dep_ in {"acl", "amod"}


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
