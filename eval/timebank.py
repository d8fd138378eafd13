"""Score the temporal stage on TimeBank + AQUAINT (TimeML with TIMEX3 gold).

Usage: ``python eval/timebank.py [ROOT] [--errors]`` (default
``../shared/devdata/timex_timebank``; ``--errors`` lists the tune half's errors by
kind: spans missed, spurious spans, wrong values or types, other extents).
The documents are split once and for all by a hash of the file name: four in five
tune (read their errors, change the rules), one in five check (measure only; the
floors are pinned on it). Both halves are printed side by side.
Recognition precision/recall/F1 with relaxed (overlapping) and strict (identical)
extents; value and type accuracy over matched spans; and value precision/recall/F1 on
DATE and TIME expressions (TempEval-3's "value F1"). The document creation time is
the anchor. The detente package never imports this module.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pathlib
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from detente.models import TimeExpr
from detente.temporal import find_times
from detente.temporal.recognise import Candidate, recognise

DEFAULT_ROOT = pathlib.Path(__file__).resolve().parents[2] / "shared/devdata/timex_timebank"


SPLITS = ("tune", "check")


def split_of(path: pathlib.Path) -> str:
    """ "check" for one document in five (by a hash of its file name), else "tune"."""
    digest = hashlib.sha256(path.name.encode("utf-8")).hexdigest()
    return "check" if int(digest, 16) % 5 == 0 else "tune"


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


_DATE_TYPES = frozenset({"DATE", "TIME"})
_TRAILING_UNKNOWN = re.compile(r"(?:-XX)+$")
_WEEK = re.compile(r"^(\d{4})-W(\d)(?!\d)")


def canonical(value: str) -> str:
    """One spelling per TIMEX3 value, so that notational variants in the gold agree.

    TimeBank writes the same value several ways: "1968" and "1968-XX", "1994" and
    "1994-XX-XX" (unknown trailing parts), "198" and "198X" (a decade), "19" and "19XX"
    (a century), "2000-W7" and "2000-W07" (a week). Nothing else is forgiven:
    "1998-W33" is not "P1W", and "1999-02-04TNI" is not "1999-02-04".
    """
    value = _TRAILING_UNKNOWN.sub("", value.strip())
    if re.fullmatch(r"\d{2}XX|\d{3}X", value):
        value = value.rstrip("X")
    return _WEEK.sub(lambda m: f"{m.group(1)}-W0{m.group(2)}", value)


@dataclass(slots=True)
class Tally:
    """Counts accumulated over documents (see ``score_timebank`` for the measures)."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    strict: int = 0
    value_ok: int = 0
    type_ok: int = 0
    date_gold: int = 0
    date_predicted: int = 0
    date_matched: int = 0
    date_value_ok: int = 0

    def add(self, gold: list[GoldTimex], predicted: list[TimeExpr]) -> None:
        """Match predictions to gold one to one by overlap, in text order, and count."""
        self.gold += len(gold)
        self.predicted += len(predicted)
        pairs = _match(gold, predicted)
        self.matched += len(pairs)
        paired = {id(p) for _, p in pairs}
        for g, p in pairs:
            same = canonical(p.value) == canonical(g.value)
            self.strict += (p.start, p.end) == (g.start, g.end)
            self.value_ok += same
            self.type_ok += p.type == g.type
            if g.type in _DATE_TYPES:
                self.date_matched += 1
                self.date_predicted += 1
                self.date_value_ok += same
        self.date_gold += sum(g.type in _DATE_TYPES for g in gold)
        self.date_predicted += sum(p.type in _DATE_TYPES for p in predicted if id(p) not in paired)


def _match(gold: list[GoldTimex], predicted: list[TimeExpr]) -> list[tuple[GoldTimex, TimeExpr]]:
    pairs: list[tuple[GoldTimex, TimeExpr]] = []
    used: set[int] = set()
    for g in gold:
        for i, p in enumerate(predicted):
            if i not in used and p.start < g.end and p.end > g.start:
                used.add(i)
                pairs.append((g, p))
                break
    return pairs


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def timebank_files(root: pathlib.Path, split: str | None = None) -> list[pathlib.Path]:
    """The ``*.tml`` files under ``root``, sorted; only those of ``split`` when given."""
    files = sorted(root.rglob("*.tml"))
    return [f for f in files if split is None or split_of(f) == split]


def score_timebank(root: pathlib.Path, *, split: str | None = None) -> dict[str, float]:
    """Recognition and normalisation scores over the ``*.tml`` files under ``root``
    (those of ``split``, "tune" or "check", when given).

    * ``precision``/``recall``/``f1``: relaxed extents (a prediction overlapping a gold
      expression matches it, one to one); ``strict_*``: identical extents.
    * ``value_accuracy``, ``type_accuracy``: share of relaxed matches with the gold
      value (see ``canonical``) or type, all types.
    * ``date_*``: DATE and TIME expressions only, TempEval-3 style: the gold DATE/TIME
      expressions against the predictions matched to them plus the unmatched DATE/TIME
      predictions; ``date_value_precision``/``_recall``/``_f1`` count a prediction as
      right only when its value is right too ("value F1").

    The recogniser runs with ``ranges=False``: TimeML annotates "from 2015 to 2019" as
    two expressions and "since 1990" as "1990".
    """
    tally = Tally()
    files = timebank_files(root, split)
    for path in files:
        text, anchor, gold = read_timeml(path)
        tally.add(gold, find_times(text, anchor=anchor, ranges=False))
    precision = _ratio(tally.matched, tally.predicted)
    recall = _ratio(tally.matched, tally.gold)
    strict_p = _ratio(tally.strict, tally.predicted)
    strict_r = _ratio(tally.strict, tally.gold)
    value_p = _ratio(tally.date_value_ok, tally.date_predicted)
    value_r = _ratio(tally.date_value_ok, tally.date_gold)
    scores = {
        "documents": float(len(files)),
        "gold": float(tally.gold),
        "predicted": float(tally.predicted),
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "strict_precision": strict_p,
        "strict_recall": strict_r,
        "strict_f1": _f1(strict_p, strict_r),
        "type_accuracy": _ratio(tally.type_ok, tally.matched),
        "value_accuracy": _ratio(tally.value_ok, tally.matched),
        "date_gold": float(tally.date_gold),
        "date_value_accuracy": _ratio(tally.date_value_ok, tally.date_matched),
        "date_value_precision": value_p,
        "date_value_recall": value_r,
        "date_value_f1": _f1(value_p, value_r),
    }
    return {name: round(value, 3) for name, value in scores.items()}


def timebank_sets(root: pathlib.Path) -> dict[str, Callable[[], dict[str, float]]]:
    """The two halves as ``eval/run.py`` gold sets: ``timebank_tune``, ``timebank_check``."""
    return {
        f"timebank_{split}": lambda split=split: score_timebank(root, split=split)  # type: ignore[misc]
        for split in SPLITS
    }


def _rules(candidates: list[Candidate]) -> dict[tuple[int, int], str]:
    """The recogniser rule of each span, the parts of ranges and joined dates included."""
    rules: dict[tuple[int, int], str] = {}
    for cand in candidates:
        rules[(cand.start, cand.end)] = cand.kind
        rules.update(_rules(list(cand.parts)))
    return rules


def _why(expr: TimeExpr, rules: dict[tuple[int, int], str]) -> str:
    """ "[rule weekday; anchor 1989-10-26]": the rule that found ``expr`` and what
    anchored its value."""
    rule = rules.get((expr.start, expr.end), "?")
    return f"[{rule}; {expr.anchored_by}]" if expr.anchored_by else f"[{rule}]"


def tune_errors(root: pathlib.Path) -> list[str]:
    """One line per tune-half error: a wrong value or type, a missed or an extra expression,
    each prediction followed by the rule that found it and what anchored its value."""
    lines: list[str] = []
    for path in timebank_files(root, "tune"):
        text, anchor, gold = read_timeml(path)
        predicted = find_times(text, anchor=anchor, ranges=False)
        rules = _rules(recognise(text))
        pairs = _match(gold, predicted)
        paired_gold = {id(g) for g, _ in pairs}
        paired = {id(p) for _, p in pairs}
        where = f"{path.name} ({anchor})"
        for g, p in pairs:
            gold_text = text[g.start : g.end]
            if canonical(p.value) != canonical(g.value) or p.type != g.type:
                lines.append(
                    f"{where} value {gold_text!r} {g.type} {g.value} <- {p.text!r} {p.type} "
                    f"{p.value} {_why(p, rules)}  | {_context(text, g.start, g.end)}"
                )
            elif (p.start, p.end) != (g.start, g.end):
                lines.append(f"{where} extent {gold_text!r} <- {p.text!r}")
        for g in gold:
            if id(g) not in paired_gold:
                lines.append(
                    f"{where} missed {text[g.start : g.end]!r} {g.type} {g.value}"
                    f"  | {_context(text, g.start, g.end)}"
                )
        for p in predicted:
            if id(p) not in paired:
                context = _context(text, p.start, p.end)
                why = _why(p, rules)
                lines.append(f"{where} extra {p.text!r} {p.type} {p.value} {why}  | {context}")
    return lines


_ERROR_KIND = re.compile(r"\) (value|extent|missed|extra) ")


def errors_by_kind(lines: list[str]) -> list[str]:
    """The error lines grouped by kind (missed, extra, value, extent), each group headed
    by its count; within a group the document order is kept."""
    groups: dict[str, list[str]] = {"missed": [], "extra": [], "value": [], "extent": []}
    for line in lines:
        found = _ERROR_KIND.search(line)
        groups[found.group(1) if found else "value"].append(line)
    out: list[str] = []
    for kind, members in groups.items():
        out += [f"== {kind} ({len(members)})", *members]
    return out


def _context(text: str, start: int, end: int) -> str:
    return " ".join(
        f"{text[max(0, start - 60) : start]}[{text[start:end]}]{text[end : end + 40]}".split()
    )


def main(argv: list[str]) -> int:
    """Print the two halves' scores side by side, or the tune half's errors."""
    args = [a for a in argv[1:] if not a.startswith("--")]
    root = pathlib.Path(args[0]) if args else DEFAULT_ROOT
    if not root.is_dir():
        print(f"no TimeML folder at {root}; pass the timex_timebank folder as an argument")
        return 2
    if "--errors" in argv:
        print("\n".join(errors_by_kind(tune_errors(root))))
        return 0
    halves = {split: score_timebank(root, split=split) for split in SPLITS}
    counts = {"documents", "gold", "predicted", "date_gold"}
    print(f"{'':<22}{'tune':>8}{'check':>8}")
    for name in halves["tune"]:
        shown = [f"{h[name]:.0f}" if name in counts else f"{h[name]:.3f}" for h in halves.values()]
        print(f"{name:<22}" + "".join(f"{v:>8}" for v in shown))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
