"""Throughput of ``detente run``: Ray with 1 and 2 workers against the local engine.

Usage: ``python benchmarks/ray_bench.py [--docs N] [--partition-size P] [--cpus C]``
(``make bench-ray``; needs ``pip install 'detente[ray]'``).

All three runs code the same generated corpus (``benchmarks/ray_corpus.py``) into
fresh output folders. Wall-clock times are end to end as a user sees them: they
include loading the spaCy pipeline, and for Ray starting the actors (the local Ray
cluster itself is started once, before the timings). The per-core rate (documents
over the summed seconds of the partitions) is what the capacity estimate in
docs/scale.md uses. Ratios above 1 mean faster than the reference.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ray_corpus import make_corpus

from detente.scale import OutputDir, run_job


def measure(
    corpus: Path, out: Path, *, engine: str, workers: int | None, size: int
) -> dict[str, Any]:
    """One timed run; its wall-clock and per-core rates."""
    started = time.perf_counter()
    report = run_job([str(corpus)], str(out), engine=engine, workers=workers, partition_size=size)
    wall = time.perf_counter() - started
    busy = sum(s.seconds for s in OutputDir(out).finished().values())
    return {
        "engine": engine,
        "workers": workers or 1,
        "docs": report.documents,
        "events": report.events,
        "seconds": round(wall, 2),
        "docs_per_s": round(report.documents / wall, 2),
        "docs_per_core_s": round(report.documents / busy, 2) if busy else None,
    }


def main() -> None:
    """Run the three measurements and print them with their ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=240, help="documents in the corpus")
    parser.add_argument("--partition-size", type=int, default=16, help="records per partition")
    parser.add_argument("--cpus", type=int, default=2, help="CPUs of the local Ray cluster")
    args = parser.parse_args()
    try:
        import ray
    except ImportError:
        raise SystemExit("bench-ray needs Ray: pip install 'detente[ray]'") from None
    with tempfile.TemporaryDirectory(prefix="detente-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(corpus, docs=args.docs)
        ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False)
        size = args.partition_size
        try:
            local = measure(corpus, Path(tmp) / "local", engine="local", workers=None, size=size)
            one = measure(corpus, Path(tmp) / "ray1", engine="ray", workers=1, size=size)
            two = measure(corpus, Path(tmp) / "ray2", engine="ray", workers=2, size=size)
        finally:
            ray.shutdown()
    results = [local, one, two]
    for row in results:
        print(json.dumps(row))
    print(f"{'run':<16}{'docs/s':>10}{'per core':>10}{'vs local':>10}{'vs 1 worker':>13}")
    for row in results:
        name = "local" if row["engine"] == "local" else f"ray x{row['workers']}"
        print(
            f"{name:<16}{row['docs_per_s']:>10.2f}{row['docs_per_core_s'] or 0:>10.2f}"
            f"{row['docs_per_s'] / local['docs_per_s']:>10.2f}"
            f"{row['docs_per_s'] / one['docs_per_s']:>13.2f}"
        )


if __name__ == "__main__":
    main()
