"""Score the temporal stage on TimeBank + AQUAINT (TimeML with TIMEX3 gold).

Usage: ``python eval/timebank.py [ROOT]`` (default ``../shared/devdata/timex_timebank``).
Spans match when they overlap (relaxed); value accuracy is over matched spans. The
document creation time is the anchor. The detente package never imports this module.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from detente.models import TimeExpr
from detente.temporal import find_times

DEFAULT_ROOT = pathlib.Path(__file__).resolve().parents[2] / "shared/devdata/timex_timebank"


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One annotated TIMEX3: its span in the document text, type and value."""

    start: int
    end: int
    type: str
    value: str


def _walk(node: ET.Element, parts: list[str], gold: list[GoldTimex]) -> None:
    """Append ``node``'s text to ``parts``, recording TIMEX3 spans (not its tail)."""
    start = sum(len(p) for p in parts)
    parts.append(node.text or "")
    for child in node:
        _walk(child, parts, gold)
        parts.append(child.tail or "")
    if node.tag == "TIMEX3":
        end = sum(len(p) for p in parts)
        gold.append(GoldTimex(start, end, node.get("type", ""), node.get("value", "")))


def read_timeml(path: pathlib.Path) -> tuple[str, dt.date | None, list[GoldTimex]]:
    """Text of the TEXT element, the creation date, and the gold TIMEX3s of one file."""
    root = ET.parse(path).getroot()
    anchor = None
    dct = root.find("DCT/TIMEX3")
    if dct is not None:
        try:
            anchor = dt.date.fromisoformat(dct.get("value", "")[:10])
        except ValueError:
            anchor = None
    body = root.find("TEXT")
    if body is None:
        return "", anchor, []
    parts: list[str] = []
    gold: list[GoldTimex] = []
    _walk(body, parts, gold)
    return "".join(parts), anchor, gold


@dataclass(slots=True)
class Tally:
    """Counts accumulated over documents."""

    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_pred: int = 0
    value_ok: int = 0
    type_ok: int = 0
    exact_span: int = 0

    def add(self, gold: list[GoldTimex], predicted: list[TimeExpr]) -> None:
        """Match predictions to gold by overlap, one to one, in text order."""
        self.gold += len(gold)
        self.predicted += len(predicted)
        used: set[int] = set()
        for g in gold:
            for i, p in enumerate(predicted):
                if i not in used and p.start < g.end and p.end > g.start:
                    used.add(i)
                    self.matched_gold += 1
                    self.value_ok += p.value == g.value
                    self.type_ok += p.type == g.type
                    self.exact_span += (p.start, p.end) == (g.start, g.end)
                    break
        self.matched_pred += len(used)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def score_timebank(root: pathlib.Path) -> dict[str, float]:
    """Span precision/recall/F1 (relaxed overlap) and value/type accuracy on matches."""
    tally = Tally()
    files = sorted(root.rglob("*.tml"))
    for path in files:
        text, anchor, gold = read_timeml(path)
        tally.add(gold, find_times(text, anchor=anchor))
    precision = _ratio(tally.matched_pred, tally.predicted)
    recall = _ratio(tally.matched_gold, tally.gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "documents": float(len(files)),
        "gold": float(tally.gold),
        "predicted": float(tally.predicted),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "exact_span": _ratio(tally.exact_span, tally.matched_gold),
        "type_accuracy": _ratio(tally.type_ok, tally.matched_gold),
        "value_accuracy": _ratio(tally.value_ok, tally.matched_gold),
    }


def main(argv: list[str]) -> int:
    """Print the scores as a small table."""
    root = pathlib.Path(argv[1]) if len(argv) > 1 else DEFAULT_ROOT
    if not root.is_dir():
        print(f"no TimeML folder at {root}; pass the timex_timebank folder as an argument")
        return 2
    for name, value in score_timebank(root).items():
        shown = f"{value:.0f}" if name in {"documents", "gold", "predicted"} else f"{value:.3f}"
        print(f"{name:<16}{shown:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
