"""Synthetic store benchmark: analysis queries against a plain DuckDB GROUP BY.

    python benchmarks/store_bench.py --events 10000000 --db out/bench.duckdb

Builds (once) a store of synthetic events: 40 countries with skewed activity, CAMEO
codes from the packaged table, dates over ten years, several reports per story.
Then it times a monthly dyad series, a timeline page and the top-20 dyads, each
as a ratio to a plain ``GROUP BY`` over the same table in the same run.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from detente.analysis.dyads import top_dyads
from detente.analysis.materialised import fresh
from detente.analysis.series import dyad_series
from detente.analysis.stories import refresh_stories
from detente.analysis.timeline import timeline
from detente.events.lexicon import cameo_table
from detente.store import Store

COUNTRIES: tuple[str, ...] = (
    "AZE", "IRN", "ISR", "TUR", "ARM", "RUS", "GEO", "USA", "CHN", "DEU",
    "FRA", "GBR", "UKR", "KAZ", "TKM", "UZB", "PAK", "IND", "SAU", "ARE",
    "QAT", "EGY", "IRQ", "SYR", "LBN", "JOR", "ITA", "POL", "HUN", "ROU",
    "GRC", "CYP", "AFG", "KGZ", "TJK", "BLR", "MDA", "SRB", "JPN", "KOR",
)  # fmt: skip


def build(path: Path, events: int) -> None:
    """Create the synthetic store (skipped when it already holds ``events`` rows)."""
    with Store(path) as store:
        row = store.con.execute("SELECT count(*) FROM events").fetchone()
        if row and int(row[0]) >= events:
            return
        con = store.con
        con.execute("DELETE FROM events")
        con.execute(
            "CREATE OR REPLACE TEMP TABLE codes (i INTEGER, code VARCHAR, root VARCHAR,"
            " quad INTEGER, g DOUBLE, kind VARCHAR)"
        )
        codes = [c for c in cameo_table().values() if len(c.code) == 3]
        con.executemany(
            "INSERT INTO temp.codes VALUES (?, ?, ?, ?, ?, ?)",
            [
                [i, c.code, c.root, c.quad_class, c.goldstein, c.plover_type]
                for i, c in enumerate(codes)
            ],
        )
        con.execute("CREATE OR REPLACE TEMP TABLE countries (i INTEGER, c VARCHAR)")
        con.executemany("INSERT INTO temp.countries VALUES (?, ?)", list(enumerate(COUNTRIES)))
        n_codes, n_countries = len(codes), len(COUNTRIES)
        con.execute(f"""
            INSERT INTO events (event_id, doc_id, sentence_index, sentence, sentence_start,
                sentence_end, trigger_text, source_actor, source_country, target_actor,
                target_country, event_type, event_mode, cameo_code, cameo_root, quad_class,
                goldstein, date_start, date_end, date_granularity, date_basis, factuality,
                confidence, rule, coder_version)
            SELECT 'b' || r.i, 'doc' || (r.i // 4), 0, 'Synthetic sentence ' || r.i, 0, 20, 'x',
                a.c || 'GOV', a.c, b.c || 'GOV', b.c, k.kind, '', k.code, k.root, k.quad, k.g,
                DATE '2015-01-01' + CAST(r.day AS INTEGER),
                DATE '2015-01-01' + CAST(r.day AS INTEGER),
                'day', 'explicit', 'asserted', 0.8, 'bench', 'bench'
            FROM (SELECT range AS i,
                         CAST(floor(pow(random(), 2) * {n_countries}) AS INTEGER) AS sa,
                         CAST(floor(pow(random(), 2) * {n_countries}) AS INTEGER) AS sb,
                         CAST(floor(random() * {n_codes}) AS INTEGER) AS code,
                         floor(random() * 3650) AS day
                  FROM range({events})) r
            JOIN temp.countries a ON a.i = r.sa
            JOIN temp.countries b ON b.i = (r.sb + CASE WHEN r.sb = r.sa THEN 1 ELSE 0 END)
                                             % {n_countries}
            JOIN temp.codes k ON k.i = r.code
        """)  # fmt: skip


def timed(run: Callable[[], object], repeat: int = 3) -> float:
    """The best of ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000, help="events to generate")
    parser.add_argument("--db", type=Path, default=Path("out/bench-store.duckdb"), help="store")
    args = parser.parse_args()
    start = time.perf_counter()
    build(args.db, args.events)
    print(f"store of {args.events:,} events ready in {time.perf_counter() - start:.1f} s")
    with Store(args.db) as store:
        if not fresh(store.con):
            start = time.perf_counter()
            report = refresh_stories(store)
            took = time.perf_counter() - start
            print(f"materialised {report.stories:,} stories in {took:.1f} s")
    with Store(args.db, read_only=True) as store:
        con = store.con
        baseline = timed(lambda: con.execute(
            "SELECT source_country, target_country, count(*) FROM events GROUP BY ALL"
        ).fetchall())  # fmt: skip
        cases = {
            "monthly dyad series AZE-IRN": lambda: dyad_series(store, ("AZE", "IRN")),
            "timeline page AZE-IRN (50 rows)": lambda: timeline(
                store, dyad=("AZE", "IRN"), limit=50
            ),
            "top-20 dyads (stories)": lambda: top_dyads(store, limit=20),
        }  # fmt: skip
        print(f"plain GROUP BY over events: {baseline:.3f} s (ratio 1.0)")
        for name, run in cases.items():
            took = timed(run)
            print(f"{name}: {took:.3f} s (ratio {took / baseline:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
