"""Score the event coder on ConfliBERT's CAMEO sentences (train split).

Usage: ``python eval/conflibert.py [ROOT] [--limit N] [--errors N]`` (default ROOT
``../shared/devdata/events_conflibert_train``).

Two files, both coded sentence by sentence, each sentence a one-sentence document
with no publication date:

* ``cameo_class_train.tsv``: ``sentence<TAB>label``, label 0 neutral, 1 verbal
  cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. The
  predicted label is the Phoenix class of the main event (see ``top_event`` and
  ``event_label``), 0 when the coder finds none.
* ``cameo_ner_train.txt``: one ``token TAG`` a line, a blank line between sentences,
  BIO tags S (source), T (target) and R (both sides of a reciprocal event: "A will
  meet B" tags A and B as R). A sentence that is also in the TSV (same letters and
  digits) is coded from the TSV text; the others from their tokens, joined.

Span agreement is over the NER sentences where the coder found an event: the most
confident event's ``source_text`` agrees when it shares a content word with a gold S
span (an R span when the sentence has no S), and ``target_text`` likewise with T (or
R). Sentences whose gold lacks that role are left out of that figure.

The sentences fall into a fixed *tune* part (80%) and *check* part (20%) by the SHA-1
of their letters and digits, case-folded (``sentence_key``, so a sentence lands in the
same part however it is tokenised): the check part holds those whose first 32 bits are
below 20 modulo 100 (``part_of``). Errors are read on the tune part only
(``eval/conflibert_errors.py``); floors are pinned on the check part. The lexicon was
tuned on the error lists of the whole split before it was cut, so the check part
overstates what the coder does on unseen text.

All 1,349 + 1,153 sentences take about 15-20 s on two cores, so the whole split is
used; ``limit`` (the first N sentences of each file) is for quick runs. The detente
package never imports this module.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.events import code_docs
from detente.events.factuality import cameo_as_stated
from detente.models import Document, Event

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared/devdata/events_conflibert_train"
PARTS = ("tune", "check")
CHECK_PERCENT = 20
LABELS: tuple[int, ...] = (0, 1, 2, 3, 4)
LABEL_NAMES: tuple[str, ...] = ("none", "verb-coop", "mat-coop", "verb-conf", "mat-conf")

_WORD = re.compile(r"\w+")
# Words that make two spans "overlap" without naming the same actor.
_STOPWORDS = frozenset(
    {"a", "an", "and", "the", "of", "s", "in", "on", "at", "for", "to", "by", "its", "their"}
)
_NO_SPACE_BEFORE = re.compile(r" (?=[.,;:!?%)\]}]|'s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b)")
_NO_SPACE_AFTER = re.compile(r"(?<=[(\[{$]) ")


@dataclass(frozen=True, slots=True)
class NerSentence:
    """One sentence of the NER file: its tokens and their BIO tags."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]

    def spans(self, role: str) -> list[tuple[str, ...]]:
        """The token spans tagged ``role`` (``S``, ``T`` or ``R``), in order."""
        found: list[list[str]] = []
        inside = False
        for token, tag in zip(self.tokens, self.tags, strict=True):
            if tag == f"B-{role}" or (tag == f"I-{role}" and not inside):
                found.append([token])
                inside = True
            elif tag == f"I-{role}":
                found[-1].append(token)
            else:
                inside = False
        return [tuple(span) for span in found]

    def role_words(self, role: str) -> frozenset[str]:
        """Content words of every ``role`` span, falling back to the R spans."""
        spans = self.spans(role) or self.spans("R")
        return frozenset(w for span in spans for w in content_words(" ".join(span)))

    @property
    def text(self) -> str:
        """The tokens joined back into a readable sentence."""
        return detokenise(self.tokens)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the coder made of one sentence."""

    text: str
    gold: int | None
    predicted: int
    event: Event | None
    ner: NerSentence | None = None
    events: tuple[Event, ...] = ()


def read_classes(path: Path, *, limit: int | None = None) -> list[tuple[str, int]]:
    """``(sentence, label)`` pairs of the TSV file, in file order."""
    rows: list[tuple[str, int]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        sentence, _, label = line.rpartition("\t")
        rows.append((sentence.strip(), int(label)))
    return rows[:limit]


def read_ner(path: Path, *, limit: int | None = None) -> list[NerSentence]:
    """The sentences of a CoNLL-style ``token TAG`` file, blank-line separated."""
    sentences: list[NerSentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            token, _, tag = line.rstrip().rpartition(" ")
            tokens.append(token)
            tags.append(tag)
        elif tokens:
            sentences.append(NerSentence(tuple(tokens), tuple(tags)))
            tokens, tags = [], []
    return sentences[:limit]


def detokenise(tokens: Sequence[str]) -> str:
    """Join PTB-style tokens: no space before punctuation and clitics."""
    text = _NO_SPACE_BEFORE.sub("", " ".join(tokens))
    return _NO_SPACE_AFTER.sub("", text)


def sentence_key(text: str) -> str:
    """Letters and digits only, case-folded: the same sentence however tokenised.

    Modifier letters go too: the TSV writes some apostrophes as U+02BC.
    """
    return "".join(
        ch for ch in text.casefold() if ch.isalnum() and unicodedata.category(ch) != "Lm"
    )


def part_of(text: str) -> str:
    """``"check"`` for a fixed fifth of the sentences (by a hash of ``sentence_key``),
    ``"tune"`` for the rest."""
    digest = hashlib.sha1(sentence_key(text).encode("utf-8")).hexdigest()
    return "check" if int(digest[:8], 16) % 100 < CHECK_PERCENT else "tune"


def content_words(text: str | None) -> set[str]:
    """Case-folded words of ``text`` less a few function words."""
    if not text:
        return set()
    return {w for w in _WORD.findall(text.casefold()) if w not in _STOPWORDS}


def overlaps(predicted: str | None, gold: frozenset[str]) -> bool:
    """True when the predicted span shares a content word with the gold span."""
    return bool(content_words(predicted) & gold)


# The data set's labels follow the Phoenix convention, which differs from GDELT's quad
# class stored on events in two roots: protests (14) are material conflict and
# "reduce relations" (16: sanctions, expulsions, aid cuts) verbal conflict.
_PHOENIX_LABELS = {
    **dict.fromkeys(("01", "02"), 0),
    **dict.fromkeys(("03", "04", "05"), 1),
    **dict.fromkeys(("06", "07", "08"), 2),
    **dict.fromkeys(("09", "10", "11", "12", "13", "16"), 3),
    **dict.fromkeys(("14", "15", "17", "18", "19", "20"), 4),
}


def event_label(event: Event) -> int | None:
    """The label of one event: the Phoenix class of what the text states (a promise to
    release is an intent, 03; a refusal to release a rejection, 12; see
    :func:`cameo_as_stated`), which the coder stores for acts not done (rule
    ``+stated:``); None for an act the text negates and CAMEO cannot code."""
    stored_as_stated = "+stated:" in event.rule  # the coder already recoded the act
    stated = (
        event.cameo_code
        if stored_as_stated
        else cameo_as_stated(event.cameo_code, event.factuality)
    )
    return None if stated is None else _PHOENIX_LABELS[stated[:2]]


def top_event(events: Sequence[Event]) -> Event | None:
    """The main event: the most confident event with a non-zero label, else the most
    confident one with a label (a statement, an appeal, a weighed option); the first
    one on a tie; None when no event has a label."""
    best: Event | None = None
    for event in events:
        if event_label(event) is None:
            continue
        if best is None or _rank(event) > _rank(best):
            best = event
    return best


def _rank(event: Event) -> tuple[bool, float]:
    return (bool(event_label(event)), event.confidence)


def predicted_label(events: Sequence[Event]) -> int:
    """The label of the main event; 0 when there is none."""
    event = top_event(events)
    return 0 if event is None else event_label(event) or 0


def confusion(gold: Sequence[int], predicted: Sequence[int]) -> list[list[int]]:
    """``matrix[g][p]`` counts sentences of gold label g predicted as p."""
    matrix = [[0] * len(LABELS) for _ in LABELS]
    for g, p in zip(gold, predicted, strict=True):
        matrix[g][p] += 1
    return matrix


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 3) if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0


def classification_scores(gold: Sequence[int], predicted: Sequence[int]) -> dict[str, float]:
    """Accuracy, macro-F1 over the five labels, event detection and quad-class accuracy."""
    matrix = confusion(gold, predicted)
    total = len(gold)
    f1s = []
    for label in LABELS:
        tp = matrix[label][label]
        precision = _ratio(tp, sum(row[label] for row in matrix))
        recall = _ratio(tp, sum(matrix[label]))
        f1s.append(_f1(precision, recall))
    both = [(g, p) for g, p in zip(gold, predicted, strict=True) if g and p]
    hits = len(both)
    precision = _ratio(hits, sum(1 for p in predicted if p))
    recall = _ratio(hits, sum(1 for g in gold if g))
    return {
        "accuracy": _ratio(sum(matrix[label][label] for label in LABELS), total),
        "macro_f1": round(sum(f1s) / len(f1s), 3),
        "event_precision": precision,
        "event_recall": recall,
        "event_f1": _f1(precision, recall),
        "quad_accuracy": _ratio(sum(1 for g, p in both if g == p), len(both)),
    }


def span_scores(outcomes: Iterable[Outcome]) -> dict[str, float]:
    """Source and target agreement on the NER sentences with a predicted event."""
    counts = {"source": [0, 0], "target": [0, 0], "swapped": [0, 0]}
    for outcome in outcomes:
        if outcome.ner is None or outcome.event is None:
            continue
        source, target = outcome.ner.role_words("S"), outcome.ner.role_words("T")
        if source:
            counts["source"][0] += overlaps(outcome.event.source_text, source)
            counts["source"][1] += 1
        if target:
            counts["target"][0] += overlaps(outcome.event.target_text, target)
            counts["target"][1] += 1
        if source and target and not outcome.ner.spans("R"):
            counts["swapped"][0] += overlaps(outcome.event.source_text, target) and not overlaps(
                outcome.event.source_text, source
            )
            counts["swapped"][1] += 1
    return {
        "source_agreement": _ratio(*counts["source"]),
        "target_agreement": _ratio(*counts["target"]),
        "source_swapped": _ratio(*counts["swapped"]),
        "span_sentences": float(counts["source"][1]),
    }


def argument_f1(outcomes: Sequence[Outcome]) -> dict[str, float]:
    """Source and target argument F1 by token overlap with the gold S and T spans.

    Over every NER sentence with a gold span for the role: the content words of the
    main event's argument against those of the gold spans, pooled (micro) over the
    sentences; a sentence coded with no event or no argument counts its gold words as
    missed, an argument where the gold has none counts its words as spurious.
    """
    scores: dict[str, float] = {}
    for role, attribute in (("S", "source_text"), ("T", "target_text")):
        hit = spurious = missed = 0
        for outcome in outcomes:
            if outcome.ner is None or not outcome.ner.tokens:
                continue
            gold = outcome.ner.role_words(role)
            found = content_words(getattr(outcome.event, attribute, None))
            hit += len(found & gold)
            spurious += len(found - gold)
            missed += len(gold - found)
        precision, recall = _ratio(hit, hit + spurious), _ratio(hit, hit + missed)
        name = "source" if role == "S" else "target"
        scores[f"{name}_arg_f1"] = _f1(precision, recall)
    return scores


def code_sentences(texts: Sequence[str]) -> list[list[Event]]:
    """Events of each text, coded as a one-sentence document without a date."""
    docs = [Document(doc_id=f"s{n}", text=text, date=None) for n, text in enumerate(texts)]
    return [coded.events for coded in code_docs(docs)]


def evaluate(root: Path, *, limit: int | None = None) -> list[Outcome]:
    """Code every sentence of both files once; one ``Outcome`` per sentence."""
    classes = read_classes(root / "cameo_class_train.tsv", limit=limit)
    ner = read_ner(root / "cameo_ner_train.txt", limit=limit)
    by_key = {sentence_key(text): n for n, (text, _) in enumerate(classes)}
    ner_of: dict[int, NerSentence] = {}
    extra: list[NerSentence] = []
    for sentence in ner:
        n = by_key.get(sentence_key(sentence.text))
        if n is None or n in ner_of:
            extra.append(sentence)
        else:
            ner_of[n] = sentence
    texts = [text for text, _ in classes] + [s.text for s in extra]
    coded = code_sentences(texts)
    outcomes = []
    for n, (text, events) in enumerate(zip(texts, coded, strict=True)):
        gold = classes[n][1] if n < len(classes) else None
        tagged = ner_of.get(n) if n < len(classes) else extra[n - len(classes)]
        event = top_event(events)
        outcomes.append(Outcome(text, gold, predicted_label(events), event, tagged, tuple(events)))
    return outcomes


def score_outcomes(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """Every figure of :func:`score_conflibert` from already coded sentences.

    ``_confusion`` (a detail row of ``make eval``) is the confusion matrix as text.
    """
    labelled = [o for o in outcomes if o.gold is not None]
    gold, predicted = [o.gold or 0 for o in labelled], [o.predicted for o in labelled]
    scores: dict[str, Any] = {"sentences": float(len(labelled))}
    scores.update(classification_scores(gold, predicted))
    scores.update(span_scores(outcomes))
    scores.update(argument_f1(outcomes))
    matrix = format_confusion(confusion(gold, predicted))
    scores["_confusion"] = "\n" + "\n".join(" " * 4 + line for line in matrix.splitlines())
    return scores


def score_conflibert(root: Path, *, limit: int | None = None) -> dict[str, Any]:
    """Label accuracy, macro-F1, event detection and span agreement on ConfliBERT CAMEO."""
    return score_outcomes(evaluate(root, limit=limit))


def in_part(outcomes: Iterable[Outcome], part: str) -> list[Outcome]:
    """The outcomes of the sentences of one part (``"tune"`` or ``"check"``)."""
    return [o for o in outcomes if part_of(o.text) == part]


@functools.cache
def score_parts(root: Path, *, limit: int | None = None) -> dict[str, dict[str, Any]]:
    """:func:`score_conflibert`'s figures for the tune and the check part, coded once.

    Cached: ``make eval`` reads both parts from one coding pass.
    """
    outcomes = evaluate(root, limit=limit)
    return {part: score_outcomes(in_part(outcomes, part)) for part in PARTS}


def format_confusion(matrix: Sequence[Sequence[int]]) -> str:
    """The confusion matrix as a text table, gold labels down, predictions across."""
    width = max(len(name) for name in LABEL_NAMES) + 2
    lines = ["gold \\ pred".ljust(width + 2) + "".join(n.rjust(width) for n in LABEL_NAMES)]
    for label, row in zip(LABELS, matrix, strict=True):
        name = f"{label} {LABEL_NAMES[label]}"
        lines.append(name.ljust(width + 2) + "".join(str(c).rjust(width) for c in row))
    return "\n".join(lines)


def _print_errors(outcomes: Sequence[Outcome], count: int) -> None:
    kinds: dict[str, Callable[[Outcome], bool]] = {
        "missed (gold event, none coded)": lambda o: bool(o.gold) and not o.predicted,
        "spurious (gold 0, event coded)": lambda o: o.gold == 0 and bool(o.predicted),
        "wrong quad class": lambda o: bool(o.gold and o.predicted and o.gold != o.predicted),
    }
    for title, wanted in kinds.items():
        chosen = [o for o in outcomes if o.gold is not None and wanted(o)]
        print(f"\n{title}: {len(chosen)}")
        for o in chosen[:count]:
            e = o.event
            what = "" if e is None else f" [{e.cameo_code} {e.trigger_text!r} {e.rule}]"
            print(f"  gold {o.gold} pred {o.predicted}{what}: {o.text[:160]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--limit", type=int, default=None, help="first N sentences of each file")
    parser.add_argument(
        "--errors", type=int, default=0, help="print N examples of each error (tune part)"
    )
    args = parser.parse_args()
    if not args.root.is_dir():
        print(f"conflibert: {args.root} not found")
        return 1
    started = time.perf_counter()
    outcomes = evaluate(args.root, limit=args.limit)
    seconds = time.perf_counter() - started
    parts = {part: score_outcomes(in_part(outcomes, part)) for part in PARTS}
    print(f"{'metric':<20} {'tune':>8} {'check':>8}")
    for metric, value in parts["check"].items():
        if not metric.startswith("_"):
            print(f"{metric:<20} {parts['tune'][metric]:>8} {value:>8}")
    print(f"{'seconds':<20} {seconds:>8.1f}")
    for part in PARTS:
        print(f"{part}:{parts[part]['_confusion']}")
    if args.errors:
        _print_errors(in_part(outcomes, "tune"), args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
