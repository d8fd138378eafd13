"""GDELT import benchmark: a synthetic GDELT 2.0 event file, imported into a fresh store.

    python benchmarks/import_bench.py --rows 1000000 --dir out/import-bench

Writes (once) a 61-column, tab-separated, header-less file of plausible rows (40
countries, CAMEO codes from the packaged table, FIPS action locations, source URLs),
then imports it with ``import_events(..., layout="gdelt")``
into a new store and prints rows per second. The goal is more than 100,000 rows/s at
a million rows, and it is about the import: the materialised stories (which
``detente import`` refreshes by default) are timed apart, as ``refresh_stories``
right after, and printed on their own line.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import duckdb

from detente.analysis.stories import refresh_stories
from detente.events.lexicon import cameo_table
from detente.formats import import_events
from detente.formats.gdelt import GDELT_COLUMNS
from detente.formats.lookups import fips_to_iso3
from detente.store import Store

COUNTRIES: tuple[str, ...] = (
    "AZE", "IRN", "ISR", "TUR", "ARM", "RUS", "GEO", "USA", "CHN", "DEU",
    "FRA", "GBR", "UKR", "KAZ", "TKM", "UZB", "PAK", "IND", "SAU", "ARE",
)  # fmt: skip


def write_gdelt_file(path: Path, rows: int) -> None:
    """A GDELT-layout file of ``rows`` synthetic events, written by DuckDB."""
    con = duckdb.connect()
    codes = [c for c in cameo_table().values() if len(c.code) == 3]
    con.execute("CREATE TABLE codes (i INTEGER, code VARCHAR, root VARCHAR, q INTEGER, g DOUBLE)")
    con.executemany(
        "INSERT INTO codes VALUES (?, ?, ?, ?, ?)",
        [[i, c.code, c.root, c.quad_class, c.goldstein] for i, c in enumerate(codes)],
    )
    iso_fips = {iso: fips for fips, iso in fips_to_iso3().items()}
    con.execute("CREATE TABLE countries (i INTEGER, iso VARCHAR, fips VARCHAR)")
    con.executemany(
        "INSERT INTO countries VALUES (?, ?, ?)",
        [[i, c, iso_fips.get(c, "")] for i, c in enumerate(COUNTRIES)],
    )
    values = {
        "GLOBALEVENTID": "CAST(1000000000 + r.i AS VARCHAR)",
        "SQLDATE": "strftime(r.day, '%Y%m%d')",
        "MonthYear": "strftime(r.day, '%Y%m')",
        "Year": "strftime(r.day, '%Y')",
        "Actor1Code": "a.iso || 'GOV'",
        "Actor1Name": "a.iso",
        "Actor1CountryCode": "a.iso",
        "Actor1Type1Code": "'GOV'",
        "Actor2Code": "b.iso",
        "Actor2Name": "b.iso",
        "Actor2CountryCode": "b.iso",
        "IsRootEvent": "'1'",
        "EventCode": "k.code",
        "EventBaseCode": "k.code",
        "EventRootCode": "k.root",
        "QuadClass": "CAST(k.q AS VARCHAR)",
        "GoldsteinScale": "CAST(k.g AS VARCHAR)",
        "NumMentions": "CAST(1 + r.i % 9 AS VARCHAR)",
        "NumSources": "'1'",
        "NumArticles": "'1'",
        "ActionGeo_Type": "'1'",
        "ActionGeo_FullName": "b.iso",
        "ActionGeo_CountryCode": "b.fips",
        "ActionGeo_Lat": "'40.1'",
        "ActionGeo_Long": "'47.5'",
        "DATEADDED": "strftime(r.day, '%Y%m%d') || '120000'",
        "SOURCEURL": "'https://news.example/' || r.i",
    }
    select = ", ".join(values.get(c, "''") for c in GDELT_COLUMNS)
    con.execute(f"""
        COPY (SELECT {select}
              FROM (SELECT range AS i, DATE '2016-01-01' + CAST(range % 3000 AS INTEGER) AS day,
                           range * 7 % {len(COUNTRIES)} AS sa, range * 13 % {len(codes)} AS code
                    FROM range({rows})) r
              JOIN countries a ON a.i = r.sa
              JOIN countries b ON b.i = (r.sa + 1 + r.i % 5) % {len(COUNTRIES)}
              JOIN codes k ON k.i = r.code)
        TO '{str(path).replace("'", "''")}'
        (FORMAT csv, DELIMITER '\t', HEADER false, QUOTE '', ESCAPE '')
    """)  # fmt: skip
    con.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows to generate")
    parser.add_argument("--dir", type=Path, default=Path("out/import-bench"), help="work folder")
    parser.add_argument("--goal", type=float, default=100_000, help="rows/s to reach")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    source = args.dir / f"gdelt-{args.rows}.CSV"
    if not source.exists():
        start = time.perf_counter()
        write_gdelt_file(source, args.rows)
        print(f"wrote {source} in {time.perf_counter() - start:.1f} s")
    db = args.dir / "import.duckdb"
    for stale in (db, db.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    with Store(db) as store:
        cpu = _cpu_seconds()
        start = time.perf_counter()
        report = import_events(store, source, layout="gdelt")
        took = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu
        start = time.perf_counter()
        stories = refresh_stories(store)
        clustered = time.perf_counter() - start
    rate = report.rows / took
    print(f"imported {report.rows:,} GDELT rows in {took:.2f} s: {rate:,.0f} rows/s")
    print(
        f"refresh_stories: {stories.stories:,} stories of {stories.events:,} events "
        f"({stories.partitions:,} partitions) in {clustered:.2f} s"
    )
    # On a shared machine the wall clock measures the neighbours too: say how busy it was.
    print(
        f"import process CPU {cpu:.2f} s ({report.rows / cpu:,.0f} rows per CPU-second); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    return 0 if rate >= args.goal else 1


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
