"""Score HTML extraction on trafilatura's evaluation set, against bare trafilatura.

Usage: ``python eval/extraction.py [ROOT] [--stride N]`` (default ROOT
``../shared/devdata/extraction_trafilatura``).

``evaldata.json`` maps each page's URL to its file (``html/eval`` or ``html/cache``,
gzipped), the strings its main text must contain (``with``) and must not contain
(``without``), and for most pages the title, date and author. As in trafilatura's
own evaluation a found ``with`` string is a true positive, a missing one a false
negative, a found ``without`` string a false positive and a missing one a true
negative; precision, recall and F1 follow. A page that yields no text counts every
``with`` missing and every ``without`` absent. Strings match after Unicode (NFKC),
quote, dash and whitespace folding, applied to both sides.

detente reads each page the way ``detente extract`` does (``extract_bytes``: the
declared or sniffed charset, then ``extract_html``); trafilatura gets the raw bytes
(``extract`` with metadata, JSON output, comments off as in detente), on the same
pages in the same run, so a floor can pin detente's F1 to "no worse than trafilatura
alone" (``f1_margin``).
trafilatura's figures carry the prefix ``traf_``.

Both extractors over all 990 pages take about 2 minutes on two cores, over the
~90 s budget of ``make eval``, so by default every second page in URL order is
scored (495 pages, about 70 s); ``--stride 1`` scores them all. The detente package
never imports this module.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente.errors import DetenteError
from detente.ingest import extract_bytes

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared/devdata/extraction_trafilatura"
DEFAULT_STRIDE = 2
METADATA: tuple[str, ...] = ("title", "date", "author")
_FOLDS = (
    ("\u2019", "'"),
    ("\u2018", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u201e", '"'),
    ("\u00ab", '"'),
    ("\u00bb", '"'),
    ("\u2014", "-"),
    ("\u2013", "-"),
)


@dataclass(frozen=True, slots=True)
class Page:
    """One evaluation page: where its HTML is and what its extraction must satisfy."""

    url: str
    path: Path
    with_: tuple[str, ...]
    without: tuple[str, ...]
    gold: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Extraction:
    """What an extractor produced for a page: main text and metadata (None if absent)."""

    text: str = ""
    title: str | None = None
    date: str | None = None
    author: str | None = None

    def get(self, name: str) -> str | None:
        """The metadata field ``name`` (title, date or author)."""
        value: str | None = getattr(self, name)
        return value


@dataclass(slots=True)
class Tally:
    """Counts of one extractor over the pages, in trafilatura's terms."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    pages: int = 0
    empty: int = 0
    meta_ok: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METADATA, 0))
    meta_n: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METADATA, 0))

    def add(self, page: Page, result: Extraction) -> None:
        """Score one page's extraction."""
        self.pages += 1
        self.empty += not result.text.strip()
        text = fold(result.text)
        for needle in page.with_:
            if fold(needle) in text:
                self.tp += 1
            else:
                self.fn += 1
        for needle in page.without:
            if fold(needle) in text:
                self.fp += 1
            else:
                self.tn += 1
        for name, expected in page.gold.items():
            self.meta_n[name] += 1
            self.meta_ok[name] += same_field(name, result.get(name), expected)

    def scores(self, prefix: str = "") -> dict[str, float]:
        """Recall of ``with``, share of ``without`` absent, precision, F1, metadata accuracy."""
        precision = _ratio(self.tp, self.tp + self.fp)
        recall = _ratio(self.tp, self.tp + self.fn)
        scores = {
            "with_recall": round(recall, 4),
            "without_precision": round(_ratio(self.tn, self.tn + self.fp), 4),
            "precision": round(precision, 4),
            "f1": round(_f1(precision, recall), 4),
            "accuracy": round(_ratio(self.tp + self.tn, self.tp + self.tn + self.fp + self.fn), 4),
        }
        for name in METADATA:
            scores[f"{name}_accuracy"] = round(_ratio(self.meta_ok[name], self.meta_n[name]), 4)
        scores["empty_pages"] = float(self.empty)
        return {prefix + key: value for key, value in scores.items()}


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def fold(text: str) -> str:
    """NFKC, curly quotes and dashes folded, whitespace collapsed, case-folded."""
    text = unicodedata.normalize("NFKC", text)
    for a, b in _FOLDS:
        text = text.replace(a, b)
    return " ".join(text.split()).casefold()


def same_field(name: str, predicted: str | None, expected: str) -> bool:
    """Metadata equality: dates by their ``YYYY-MM-DD``; text after folding; "" is absent."""
    if name == "date":
        return (predicted or "")[:10] == expected.strip()[:10]
    return fold(predicted or "") == fold(expected)


def read_pages(root: Path, *, stride: int = DEFAULT_STRIDE) -> list[Page]:
    """Every ``stride``-th page of ``evaldata.json`` in URL order whose HTML is present."""
    data: dict[str, dict[str, Any]] = json.loads(
        (root / "evaldata.json").read_text(encoding="utf-8")
    )
    pages = []
    for n, url in enumerate(sorted(data)):
        if n % stride:
            continue
        item = data[url]
        path = _html_path(root, item["file"])
        if path is None:
            continue
        gold = {k: str(item[k]) for k in METADATA if isinstance(item.get(k), str)}
        pages.append(Page(url, path, tuple(item["with"]), tuple(item["without"]), gold))
    return pages


def _html_path(root: Path, name: str) -> Path | None:
    for folder in ("eval", "cache"):
        for candidate in (root / "html" / folder / f"{name}.gz", root / "html" / folder / name):
            if candidate.is_file():
                return candidate
    return None


def read_html(path: Path) -> bytes:
    """The page's bytes, gunzipped when the file is gzipped."""
    raw = path.read_bytes()
    return gzip.decompress(raw) if path.suffix == ".gz" else raw


def with_detente(raw: bytes, source: str) -> Extraction:
    """detente's HTML path (``extract_bytes``, as ``detente extract``); nothing on failure."""
    try:
        result = extract_bytes(raw, kind="html", source=source)
    except DetenteError:
        return Extraction()
    date = None if result.date is None else result.date.isoformat()
    return Extraction(result.text, result.title, date, result.author)


def with_trafilatura(raw: bytes, source: str) -> Extraction:
    """Bare ``trafilatura.extract`` on the raw bytes, with its metadata; comments off."""
    from trafilatura import extract  # heavy import: only when this set is scored

    del source
    output = extract(raw, output_format="json", with_metadata=True, include_comments=False)
    if not output:
        return Extraction()
    record: dict[str, Any] = json.loads(output)
    return Extraction(
        str(record.get("text") or ""),
        record.get("title") or None,
        record.get("date") or None,
        record.get("author") or None,
    )


Extractor = Callable[[bytes, str], Extraction]


def tally(pages: Iterable[Page], extractors: Mapping[str, Extractor]) -> dict[str, Tally]:
    """Run every extractor on every page; one ``Tally`` per extractor."""
    tallies = {name: Tally() for name in extractors}
    for page in pages:
        raw = read_html(page.path)
        for name, extractor in extractors.items():
            tallies[name].add(page, extractor(raw, page.path.name))
    return tallies


def combine(detente: Tally, baseline: Tally) -> dict[str, float]:
    """detente's figures, trafilatura's (prefixed) and the F1 margin between them."""
    ours, theirs = detente.scores(), baseline.scores("traf_")
    scores = {"pages": float(detente.pages), **ours, **theirs}
    scores["f1_margin"] = round(ours["f1"] - theirs["traf_f1"], 4)
    return scores


def score_extraction(root: Path, *, stride: int = DEFAULT_STRIDE) -> dict[str, float]:
    """Must-contain recall, must-not-contain precision, F1 and metadata accuracy, both ways."""
    tallies = tally(
        read_pages(root, stride=stride), {"detente": with_detente, "trafilatura": with_trafilatura}
    )
    return combine(tallies["detente"], tallies["trafilatura"])


def _print(scores: Mapping[str, float], names: Sequence[str]) -> None:
    print(f"{'metric':<20} {'detente':>10} {'trafilatura':>12}")
    for name in names:
        theirs = scores.get(f"traf_{name}")
        print(f"{name:<20} {scores[name]:>10} {'' if theirs is None else theirs:>12}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--stride", type=int, default=DEFAULT_STRIDE, help="every Nth page")
    args = parser.parse_args()
    if not args.root.is_dir():
        print(f"extraction: {args.root} not found")
        return 1
    started = time.perf_counter()
    scores = score_extraction(args.root, stride=args.stride)
    names = [k for k in scores if not k.startswith("traf_")]
    _print(scores, names)
    print(f"{'seconds':<20} {time.perf_counter() - started:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
