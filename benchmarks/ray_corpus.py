"""A corpus of a few hundred documents made from ``examples/``, for the scale tests
and ``benchmarks/ray_bench.py``.

Each document is an example article with variations: a different publication
date, its paragraphs in another order, a dateline, and a sentence or two from
another example, so documents differ in text, ids and dates. The corpus is written
as JSONL files, a Parquet file and HTML pages, the input kinds ``detente run``
reads. Deterministic for a given ``seed``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
_PLACES = ("BAKU", "YEREVAN", "TEHRAN", "ANKARA", "BRUSSELS", "TBILISI", "JERUSALEM")


def example_texts() -> list[str]:
    """The example articles as plain text (.txt, .md and the JSONL records)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.md"))]
    texts = [t for t in texts if not t.startswith("# Examples")]
    for line in (EXAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            texts.append(json.loads(line)["text"])
    return texts


def variant(texts: list[str], index: int, rng: random.Random) -> dict[str, Any]:
    """Document ``index``: an example article, varied."""
    base = texts[index % len(texts)]
    paragraphs = [p for p in re.split(r"\n\s*\n", base) if p.strip()]
    if len(paragraphs) > 2 and rng.random() < 0.5:
        head, body = paragraphs[:1], paragraphs[1:]
        rng.shuffle(body)
        paragraphs = head + body
    donor = [s for s in re.split(r"(?<=[.!?])\s+", texts[rng.randrange(len(texts))]) if s]
    if donor:
        paragraphs.append(" ".join(donor[: rng.randint(1, 2)]))
    date = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(900))
    place = rng.choice(_PLACES)
    paragraphs[0] = f"{place} ({date:%B} {date.day}) - {paragraphs[0]}"
    return {
        "id": f"corpus-{index:05d}",
        "date": date.isoformat(),
        "title": f"Report {index} from {place.title()}",
        "text": "\n\n".join(paragraphs),
    }


def make_corpus(
    out: Path, *, docs: int = 240, seed: int = 7, parquet_share: float = 0.2, html: int = 12
) -> dict[str, int]:
    """Write ``docs`` documents under ``out``: JSONL files, one Parquet file, HTML pages.

    Returns how many documents went to each kind of input.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(seed)
    texts = example_texts()
    records = [variant(texts, i, rng) for i in range(docs - html)]
    cut = int(len(records) * (1 - parquet_share))
    out.mkdir(parents=True, exist_ok=True)
    half = cut // 2
    for name, chunk in (("news-a.jsonl", records[:half]), ("news-b.jsonl", records[half:cut])):
        lines = [json.dumps(r, ensure_ascii=False) for r in chunk]
        (out / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = pa.Table.from_pylist(records[cut:])
    pq.write_table(table, out / "news.parquet", row_group_size=max(1, len(records[cut:]) // 2))
    pages = out / "pages"
    pages.mkdir(exist_ok=True)
    page = (EXAMPLES / "turkey_armenia_envoys.html").read_text(encoding="utf-8")
    anchor = "<p>Russia, which hosted"
    for i in range(html):
        extra = f"<p>Update {i}: {rng.choice(texts).split('.')[0]}.</p>\n    {anchor}"
        varied = page.replace(anchor, extra, 1).replace("VIENNA", rng.choice(_PLACES), 1)
        (pages / f"page-{i:03d}.html").write_text(varied, encoding="utf-8")
    return {"jsonl": cut, "parquet": len(records) - cut, "html": html}
