"""Throughput of ``detente run``: Ray with 1 and 2 workers against the local engine.

Usage: ``python benchmarks/ray_bench.py [--docs N] [--partition-size P] [--repeats R]``
(``make bench-ray``; needs ``pip install 'detente[ray]'``).

Every repeat codes the same generated corpus (``benchmarks/ray_corpus.py``) three
times back to back into fresh output folders: local engine, Ray with 1 worker, Ray
with 2 workers, so the runs being compared share the machine's load of the moment.
Wall-clock times are end to end as a user sees them: they include loading the spaCy
pipeline, and for Ray starting the actors (the local Ray cluster itself is started
once, before the timings, and its start-up is printed apart). Each run also shows
its start-up (run start to the first partition begun) and its steady rate
(documents over the span from the first partition begun to the last one finished),
and the 1-minute load average before it. The summary takes the median of each
figure over the repeats; ratios above 1 mean faster than the reference. The target
of issue #9 is ray x2 at least 1.6x ray x1, end to end.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ray_corpus import make_corpus

from detente.scale import OutputDir, run_job

RUNS = (("local", None), ("ray", 1), ("ray", 2))
TARGET = 1.6


def measure(
    corpus: Path, out: Path, *, engine: str, workers: int | None, size: int
) -> dict[str, Any]:
    """One timed run: end-to-end and steady rates, start-up, per-core rate, load."""
    load = os.getloadavg()[0]
    began, started = time.time(), time.perf_counter()
    report = run_job([str(corpus)], str(out), engine=engine, workers=workers, partition_size=size)
    wall = time.perf_counter() - started
    parts = list(OutputDir(out).finished().values())
    first = min(p.started_at for p in parts)
    last = max(p.started_at + p.seconds for p in parts)
    busy = sum(p.seconds for p in parts)
    return {
        "run": "local" if engine == "local" else f"ray x{workers}",
        "docs": report.documents,
        "events": report.events,
        "seconds": round(wall, 2),
        "docs_per_s": round(report.documents / wall, 2),
        "startup_s": round(first - began, 2),
        "steady_docs_per_s": round(report.documents / (last - first), 2),
        "docs_per_core_s": round(report.documents / busy, 2),
        "load1": round(load, 2),
    }


def summarise(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Median of every figure per run name."""
    names = [r["run"] for r in rows]
    fields = ("docs_per_s", "steady_docs_per_s", "docs_per_core_s", "startup_s", "load1")
    return {
        name: {f: statistics.median(r[f] for r in rows if r["run"] == name) for f in fields}
        for name in dict.fromkeys(names)
    }


def print_summary(medians: dict[str, dict[str, float]], repeats: int) -> None:
    """The table of medians, the ratios and the verdict on the target."""
    local, one, two = medians["local"], medians["ray x1"], medians["ray x2"]
    print(f"\nmedians of {repeats} repeat(s); load1 = 1-minute load average before the run")
    head = f"{'run':<10}{'docs/s':>9}{'steady':>9}{'per core':>10}{'start-up':>10}{'load1':>7}"
    print(head + f"{'vs local':>10}{'vs x1':>8}{'steady vs x1':>14}")
    for name, row in medians.items():
        print(
            f"{name:<10}{row['docs_per_s']:>9.2f}{row['steady_docs_per_s']:>9.2f}"
            f"{row['docs_per_core_s']:>10.2f}{row['startup_s']:>9.2f}s{row['load1']:>7.2f}"
            f"{row['docs_per_s'] / local['docs_per_s']:>10.2f}"
            f"{row['docs_per_s'] / one['docs_per_s']:>8.2f}"
            f"{row['steady_docs_per_s'] / one['steady_docs_per_s']:>14.2f}"
        )
    ratio = two["docs_per_s"] / one["docs_per_s"]
    verdict = "met" if ratio >= TARGET else "NOT met"
    print(f"\nray x2 / ray x1, end to end: {ratio:.2f} (target {TARGET}: {verdict})")
    print(f"ray x2 / ray x1, steady:     {two['steady_docs_per_s'] / one['steady_docs_per_s']:.2f}")
    print(f"ray x1 / local, end to end:  {one['docs_per_s'] / local['docs_per_s']:.2f}")
    busy = max(row["load1"] for row in medians.values())
    if busy > 0.5:
        print(
            f"note: load average up to {busy:.2f} before the runs on {os.cpu_count()} CPUs: "
            "other work shared the cores; rerun on an idle machine before quoting a ratio"
        )


def main() -> None:
    """Run the measurements and print them with their medians and ratios."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents in the corpus")
    parser.add_argument("--partition-size", type=int, default=32, help="records per partition")
    parser.add_argument("--repeats", type=int, default=3, help="back-to-back rounds (median)")
    parser.add_argument("--cpus", type=int, default=2, help="CPUs of the local Ray cluster")
    args = parser.parse_args()
    try:
        import ray
    except ImportError:
        raise SystemExit("bench-ray needs Ray: pip install 'detente[ray]'") from None
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="detente-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(corpus, docs=args.docs)
        started = time.perf_counter()
        ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False)
        print(f"ray.init: {time.perf_counter() - started:.2f} s (not in the timings)")
        try:
            for repeat in range(args.repeats):
                for engine, workers in RUNS:
                    out = Path(tmp) / f"{engine}{workers or ''}-{repeat}"
                    rows.append(
                        measure(
                            corpus, out, engine=engine, workers=workers, size=args.partition_size
                        )
                    )
                    print(json.dumps(rows[-1]), flush=True)
        finally:
            ray.shutdown()
    print_summary(summarise(rows), args.repeats)


if __name__ == "__main__":
    main()
