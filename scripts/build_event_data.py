"""Build detente's CAMEO table, ``src/detente/events/data/cameo.json``.

Reads the CAMEO code list (code, root, name, Goldstein value) and the CAMEO -> PLOVER
conversion table, and writes facts only: per code its root, short name, Goldstein
value, GDELT/ICEWS quad class, PLOVER type, mode and context.

Also builds ``triggers_petrarch.json``, the fallback verb lexicon: each one-word verb
of PETRARCH's CAMEO verb dictionary (``actors/phoenix/CAMEO.2.0.txt``) with the CAMEO
code it carries (its own or its block's), and each one-word object pattern
("HOLD ... - * TALKS [040]") as an object condition. Verbs whose PETRARCH code depends
on patterns detente does not read (``_SKIP_VERBS``) are left out. The hand-edited
``triggers.json`` wins wherever both have a lemma. Run it again when the reference
files change::

    python scripts/build_event_data.py --reference ../shared/reference
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "detente" / "events" / "data" / "cameo.json"
VERBS_OUT = OUT.with_name("triggers_petrarch.json")
VERBS_VERSION = "4"
_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
_SYNONYM = re.compile(r"^([A-Z][A-Z-]*)\s*(?:\{([^}]*)\})?\s*(?:\[(\d{2,4})[^\]]*\])?")
_OBJECT_PATTERN = re.compile(r"^-\s+\*\s+([A-Z][A-Z-]+)\s+\[(\d{2,4})")
# Verbs whose PETRARCH code depends on subject/object patterns, or whose sense in
# news text is rarely the coded event ("die" codes the victim as the actor).
_SKIP_VERBS = frozenset(
    {
        *("die", "consider", "hear", "introduce", "arrive", "assemble", "concern", "worry"),
        *("hope", "intend", "prepare", "signal", "strive", "link", "boost", "enact"),
        *("allow", "engage", "target", "influence", "disclose", "rejoice", "merge"),
        *("encourage", "favor", "respect", "reassert", "value", "extract", "fine"),
        *("sentence", "confine", "impel", "exclude", "abandon", "submit", "yield"),
        *("loosen", "trade", "allocate", "enlist", "facilitate", "defend", "predict"),
        *("estimate", "repeat", "quote", "circulate", "notify", "cable", "go", "be"),
        *("aim", "come", "conduct", "rule", "approve", "seek", "face"),
    }
)
# Verbs that undo the event their object names ("cancelled a planned visit"): a pattern
# of theirs coded as that consultation is left out, so the visit itself is coded and
# negated by the factuality stage (CAMEO then states it as a rejection, 125).
_NEGATING_VERBS = frozenset({"cancel", "scrap", "abort", "postpone", "shelve"})
_NEGATED_ROOTS = frozenset({"04", "05"})
TABLE_VERSION = "2"
_MAPPING_LINE = re.compile(r"^(\d{2,4}):\s*(.*)$")


def quad_class(root: str) -> int:
    """GDELT/ICEWS quad class of a CAMEO root (01-05, 06-08, 09-14, 15-20)."""
    number = int(root)
    if number <= 5:
        return 1
    if number <= 8:
        return 2
    if number <= 14:
        return 3
    return 4


def read_plover(path: Path) -> dict[str, tuple[str, str, str]]:
    """CAMEO code -> (PLOVER type, mode, context); the first line for a code wins."""
    mapping: dict[str, tuple[str, str, str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        match = _MAPPING_LINE.match(raw.split("#", 1)[0].strip())
        if not match:
            continue
        parts = [part.strip() for part in match.group(2).split(",")]
        parts += [""] * (3 - len(parts))
        mapping.setdefault(match.group(1), (parts[0], parts[1], parts[2]))
    return mapping


# Where the PLOVER manual's text and the conversion table disagree, the manual wins:
# "International (political or economic) sanctions are coded as 'discontinue'", a
# SANCTION mode, while the table maps CAMEO 163 (impose embargo, boycott or sanctions)
# to COERCE 'restrict', which the manual keeps for restrictions on rights.
MANUAL: dict[str, tuple[str, str, str]] = {"163": ("SANCTION", "discontinue", "diplomatic")}


def plover_for(code: str, root: str, mapping: dict[str, tuple[str, str, str]]) -> dict[str, str]:
    """The PLOVER type, mode and context of a code. Statements (01) have none. Appeals
    (02) are REQUEST, which PLOVER defines as "all requests, demands, and orders",
    with the mode of the parallel demand (025 appeal to yield -> 105 demand to yield).
    ``MANUAL`` overrides the table where the manual says otherwise."""
    if root == "01":
        return {"plover_type": "", "plover_mode": "", "plover_context": ""}
    if root == "02":
        code, root = "10" + code[2:], "10"
    entry = MANUAL.get(code) or mapping.get(code) or mapping.get(root) or ("", "", "")
    return {"plover_type": entry[0], "plover_mode": entry[1], "plover_context": entry[2]}


def build(reference: Path) -> dict[str, object]:
    """The table as a JSON-ready dict."""
    mapping = read_plover(reference / "cameo_to_plover.txt")
    codes: dict[str, dict[str, object]] = {}
    with (reference / "cameo_codes.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code, root = row["code"].strip(), row["root_code"].strip()
            codes[code] = {
                "root": root,
                "name": row["name"].strip(),
                "goldstein": float(row["goldstein"]),
                "quad_class": quad_class(root),
                **plover_for(code, root, mapping),
            }
    return {
        "version": TABLE_VERSION,
        "sources": ["CAMEO codes (icews R package, MIT)", "CAMEO to PLOVER table (PLOVER 0.8)"],
        "codes": codes,
    }


def read_petrarch_verbs(path: Path, known: set[str]) -> list[dict[str, object]]:
    """One-word verbs and one-word object patterns of the PETRARCH verb dictionary."""
    entries: dict[str, dict[str, object]] = {}
    block_code = ""
    block_verb = ""
    in_patterns = False
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if raw.startswith("####### VERB PATTERNS"):
            in_patterns = True
        if not in_patterns or not line.strip():
            continue
        block = _BLOCK.match(line)
        if block:
            block_verb = block.group(1).lower()
            block_code = block.group(2).split(":")[0]
            continue
        if line.startswith("-"):
            _add_pattern(entries, line, block_verb, known)
            continue
        _add_synonym(entries, line, block_code, known)
    return sorted(entries.values(), key=lambda e: str(e["id"]))


def _add_synonym(
    entries: dict[str, dict[str, object]], line: str, block_code: str, known: set[str]
) -> None:
    match = _SYNONYM.match(line.strip())
    if not match or line.startswith("+"):
        return
    lemma = match.group(1).lower()
    code = match.group(3) or block_code
    if code not in known or lemma in _SKIP_VERBS or f"p:{lemma}.v" in entries:
        return
    entry: dict[str, object] = {"id": f"p:{lemma}.v", "lemma": lemma, "pos": "VERB", "cameo": code}
    forms = sorted({f.lower() for f in (match.group(2) or "").split() if f.isalpha()})
    if forms:
        entry["forms"] = forms
    entries[str(entry["id"])] = entry


def _add_pattern(
    entries: dict[str, dict[str, object]], line: str, verb: str, known: set[str]
) -> None:
    match = _OBJECT_PATTERN.match(line.strip())
    if not match or "_" in verb or verb in _SKIP_VERBS or match.group(2) not in known:
        return
    if verb in _NEGATING_VERBS and match.group(2)[:2] in _NEGATED_ROOTS:
        return
    word = match.group(1).lower()
    key = f"p:{verb}-{word}.v"
    entries.setdefault(
        key, {"id": key, "lemma": verb, "pos": "VERB", "cameo": match.group(2), "object": [word]}
    )


def build_verbs(reference: Path, known: set[str]) -> dict[str, object]:
    """The fallback verb lexicon as a JSON-ready dict."""
    path = reference / "actors" / "phoenix" / "CAMEO.2.0.txt"
    return {
        "version": f"petrarch-{VERBS_VERSION}",
        "description": "fallback verbs from PETRARCH's CAMEO verb dictionary (MIT); "
        "built by scripts/build_event_data.py",
        "strict": True,
        "entries": read_petrarch_verbs(path, known),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    table = build(args.reference)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(table['codes'])} codes to {args.out}")  # type: ignore[arg-type]
    known = set(table["codes"])  # type: ignore[call-overload]
    verbs = build_verbs(args.reference, known)
    text = json.dumps(verbs, indent=1, ensure_ascii=False) + "\n"
    VERBS_OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(verbs['entries'])} verb entries to {VERBS_OUT}")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
