"""Build src/detente/formats/data/fips_iso3.csv: FIPS 10-4 country codes to ISO alpha-3.

GDELT's geography fields use FIPS 10-4 codes, which look like ISO alpha-2 codes but
differ for many countries ("AJ" is Azerbaijan, "IS" Israel, "IR" Iran). The pairs
(facts) come from CountryInfo in ../shared/reference/actors/countryinfo (its
<CountryCode>, the ISO alpha-3 code; its ISO3166-alpha3 field has errors such as
"IL" for Israel); run ``python scripts/build_fips_codes.py`` to rebuild the file.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "reference" / "actors" / "countryinfo" / "CountryInfo.120116.txt"
TARGET = ROOT / "src" / "detente" / "formats" / "data" / "fips_iso3.csv"


def pairs(text: str) -> list[tuple[str, str]]:
    """(FIPS, ISO alpha-3) for every country block that has both codes."""
    found = {}
    for block in re.findall(r"<Country>(.*?)</Country>", text, flags=re.S):
        fips = re.search(r"<FIPS-10>\s*([A-Z]{2})\s*</FIPS-10>", block)
        iso = re.search(r"<CountryCode>\s*([A-Z]{3})\s*</CountryCode>", block)
        if fips and iso:
            found.setdefault(fips.group(1), iso.group(1))
    return sorted(found.items())


def main() -> int:
    if not SOURCE.is_file():
        print(f"{SOURCE}: not found; ../shared/reference is needed", file=sys.stderr)
        return 1
    rows = pairs(SOURCE.read_text(encoding="latin-1"))
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with TARGET.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["fips", "iso3"])
        writer.writerows(rows)
    print(f"{len(rows)} FIPS codes -> {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
