"""Throughput and peak memory of ``detente code``, as ratios to a bare spaCy parse.

Usage: ``python benchmarks/run.py [--docs N] [--repeat R]``

Both measurements run in fresh subprocesses over the same texts in the same run:

* baseline: ``nlp.pipe`` over every document's full text (tagger, parser, NER);
* detente: the ``detente code`` path (clean, find actors and triggers, parse only
  candidate sentences, code frames, date events).

Model loading is excluded from both timings. Ratios above 1 mean detente is faster
(throughput) or uses more memory (peak RSS). No target is asserted here: the
numbers are for people and for the CHANGELOG.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus(docs: int) -> list[dict[str, str]]:
    """The example articles (and the shared sample when present), cycled to ``docs``."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    sample = ROOT.parent / "shared" / "samples" / "azerbaijan_israel_analysis.txt"
    if sample.is_file():
        texts.append(sample.read_text(encoding="utf-8"))
    if not texts:
        raise SystemExit("benchmarks: no texts found under examples/")
    return [
        {
            "id": f"bench-{i}",
            "text": texts[i % len(texts)] + f"\n\n(copy {i})",
            "date": "2023-05-23",
        }
        for i in range(docs)
    ]


def _worker(mode: str, path: Path) -> None:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    sentences = 0
    if mode == "spacy":
        from detente.nlp.pipeline import get_nlp

        nlp = get_nlp()
        start = time.perf_counter()
        for doc in nlp.pipe((r["text"] for r in records), batch_size=16):
            sentences += sum(1 for _ in doc.sents)
    else:
        from detente.jobs import code_lines
        from detente.nlp.pipeline import get_nlp

        get_nlp()
        start = time.perf_counter()
        lines = [json.dumps(r) for r in records]
        events = sum(1 for _ in code_lines(lines))
        sentences = events
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "docs": len(records),
                "count": sentences,
                "peak_mb": peak_kb / 1024,
            }
        )
    )


def measure(mode: str, path: Path) -> dict[str, float]:
    """Run one measurement in a fresh interpreter and return its figures."""
    done = subprocess.run(
        [sys.executable, __file__, "--worker", mode, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=120)
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker[0], Path(args.worker[1]))
        return 0
    path = ROOT / "out" / "bench_corpus.jsonl"
    path.parent.mkdir(exist_ok=True)
    records = corpus(args.docs)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    chars = sum(len(r["text"]) for r in records)
    base = measure("spacy", path)
    ours = measure("detente", path)
    base_rate = base["docs"] / base["seconds"]
    our_rate = ours["docs"] / ours["seconds"]
    print(
        f"corpus: {len(records)} documents, {chars / 1e6:.2f} M characters, "
        f"{int(base['count'])} sentences"
    )
    print(f"{'':<24} {'docs/s':>10} {'sentences/s':>12} {'peak MB':>10}")
    print(
        f"{'spaCy nlp.pipe (base)':<24} {base_rate:>10.1f} "
        f"{base['count'] / base['seconds']:>12.0f} {base['peak_mb']:>10.0f}"
    )
    print(
        f"{'detente code':<24} {our_rate:>10.1f} {base['count'] / ours['seconds']:>12.0f} "
        f"{ours['peak_mb']:>10.0f}"
    )
    print(f"throughput ratio (detente / spaCy): {our_rate / base_rate:.2f}x")
    print(f"peak memory ratio (detente / spaCy): {ours['peak_mb'] / base['peak_mb']:.2f}x")
    print(f"events coded: {int(ours['count'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
