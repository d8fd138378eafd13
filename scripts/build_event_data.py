"""Build detente's CAMEO table, ``src/detente/events/data/cameo.json``.

Reads the CAMEO code list (code, root, name, Goldstein value) and the CAMEO -> PLOVER
conversion table, and writes facts only: per code its root, short name, Goldstein
value, GDELT/ICEWS quad class, PLOVER type, mode and context. Run it again when the
reference files change::

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
TABLE_VERSION = "1"
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


def plover_for(code: str, root: str, mapping: dict[str, tuple[str, str, str]]) -> dict[str, str]:
    """The PLOVER type, mode and context of a code; roots 01-02 have no PLOVER type."""
    if root in {"01", "02"}:
        return {"plover_type": "", "plover_mode": "", "plover_context": ""}
    entry = mapping.get(code) or mapping.get(root) or ("", "", "")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    table = build(args.reference)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(table['codes'])} codes to {args.out}")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
