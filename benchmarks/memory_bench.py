"""Peak memory of a 10,000-document run through ``detente ingest`` into a fresh store.

Usage: ``python benchmarks/memory_bench.py [--docs 10000] [--db out/bench-memory.duckdb]``

The corpus is generated from the example articles (and the shared sample when present):
every document is a different draw of their sentences, with its own date, so that the
near-duplicate filter lets each one through and every document is really coded. The
run is one ``detente ingest corpus.jsonl --db ...`` subprocess, exactly as a user starts
it; its resident memory is sampled every half second (psutil), and the peak comes from
the kernel (``getrusage(RUSAGE_CHILDREN)``). The figure to meet is 1.5 GB; the RSS
at each tenth of the run shows whether memory stays flat as the corpus grows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MB = 1536.0
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def sentence_pool() -> list[str]:
    """Sentences of the example articles (and of the shared sample when present)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    for line in (ROOT / "examples" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        texts.append(json.loads(line)["text"])
    sample = ROOT.parent / "shared" / "samples" / "azerbaijan_israel_analysis.txt"
    if sample.is_file():
        texts.append(sample.read_text(encoding="utf-8"))
    pool = [s.strip() for t in texts for s in _SENTENCE_END.split(t) if 40 < len(s.strip()) < 400]
    if not pool:
        raise SystemExit("memory_bench: no sentences found under examples/")
    return pool


def corpus(docs: int, *, seed: int = 7) -> list[dict[str, str]]:
    """``docs`` JSONL records of 8-24 sentences each, each a different draw."""
    pool = sentence_pool()
    rng = random.Random(seed)
    start = dt.date(2019, 1, 1)
    records = []
    for i in range(docs):
        body = rng.sample(pool, k=min(len(pool), rng.randint(8, 24)))
        date = start + dt.timedelta(days=i % 1500)
        records.append({"id": f"mem-{i}", "date": date.isoformat(), "text": " ".join(body)})
    return records


def run(corpus_path: Path, db: Path) -> tuple[float, list[float], int]:
    """Ingest the corpus in a subprocess; (seconds, RSS samples in MB, exit status)."""
    command = [sys.executable, "-m", "detente", "ingest", str(corpus_path), "--db", str(db)]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    samples: list[float] = []
    watched = psutil.Process(child.pid)
    while child.poll() is None:
        try:
            samples.append(watched.memory_info().rss / 2**20)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.5)
    _, errors = child.communicate()
    if child.returncode not in (0, 3):
        sys.stderr.write(errors.decode("utf-8", "replace")[-2000:])
    return time.perf_counter() - started, samples, child.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents to generate")
    parser.add_argument("--db", type=Path, default=ROOT / "out" / "bench-memory.duckdb")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    for stale in (args.db, args.db.with_name(args.db.name + ".wal")):
        stale.unlink(missing_ok=True)
    records = corpus(args.docs)
    corpus_path = args.db.with_suffix(".jsonl")
    corpus_path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    chars = sum(len(r["text"]) for r in records)
    print(f"corpus: {len(records)} documents, {chars / 1e6:.1f} M characters")
    seconds, samples, status = run(corpus_path, args.db)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"detente ingest: exit {status}, {seconds:.0f} s, {len(records) / seconds:.1f} docs/s")
    if samples:
        tenths = [max(samples[: max(1, len(samples) * k // 10)]) for k in range(1, 11)]
        print("RSS (MB) at each tenth of the run: " + " ".join(f"{m:.0f}" for m in tenths))
    verdict = "within" if peak_mb <= LIMIT_MB else "OVER"
    print(f"peak RSS: {peak_mb:.0f} MB ({verdict} the {LIMIT_MB:.0f} MB limit)")
    return 0 if status in (0, 3) and peak_mb <= LIMIT_MB else 1


if __name__ == "__main__":
    sys.exit(main())
