"""Ingest runs end to end over a real store and the real coder: any mix of sources,
duplicates linked not coded, reruns as no-ops, bad inputs with one-line reasons,
retries, and a folder of 1,000 files in constant memory."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import psutil
import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.ingest.warc import response_record, write_warc
from detente.jobs import JobReport, ingest_sources
from detente.options import FetchOptions
from detente.store import Store
from tests.helpers.http import page, serve

pytestmark = pytest.mark.model
FAST = FetchOptions(timeout=2.0, retries=0, backoff=0.01, delay=0.0)
PLACES = ["Baku", "Tbilisi", "Yerevan", "Ankara", "Tehran", "Astana", "Kyiv", "Vienna"]
TOPICS = ["grain exports", "rail freight", "visa rules", "gas transit", "fishing quotas"]


def article(number: int) -> str:
    """A short, distinct article (different places, topics and figures)."""
    place, topic = PLACES[number % 8], TOPICS[number // 8 % 5]
    return (
        f"Report {number} on {topic}\n\nBy Desk {number}\n\n"
        f"Officials in {place} said on Tuesday that {topic} rose by {number % 17 + 2} percent "
        f"in the quarter to March, after {number * 7 % 31 + 3} new contracts were signed.\n"
    )


LONGER = (
    "\nThe ministry of trade expects the volume of shipments to keep growing through the "
    "summer, when the new terminal at the port opens and the customs posts extend their "
    "hours. Exporters have asked for faster checks and for a single electronic form that "
    "would replace the paper documents still required at the border crossings.\n"
)


def _html(text: str) -> bytes:
    title, *paragraphs = [part for part in text.split("\n\n") if part.strip()]
    body = "".join(f"<p>{part}</p>" for part in paragraphs)
    head = f"<html><head><title>{title}</title></head>"
    return f"{head}<body><article><h1>{title}</h1>{body}</article></body></html>".encode()


def _accounted(report: JobReport) -> None:
    assert report.accounted == report.inputs, report


def test_mixed_sources_duplicates_provenance_and_rerun(tmp_path: Path) -> None:
    with serve() as (base, hits):
        talks = page("/news/ankara-talks.html")
        warc = tmp_path / "crawl.warc.gz"
        write_warc(warc, [response_record("https://mirror.test/talks", talks)])
        urls = tmp_path / "reading.urls"
        urls.write_text(f"# to read\n{base}/news/ankara-talks.html\n", encoding="utf-8")
        local = tmp_path / "original.txt"
        local.write_text(article(1) + LONGER, encoding="utf-8")
        mirror = tmp_path / "mirror.txt"  # re-published with one word changed
        mirror.write_text(local.read_text().replace("Tuesday", "Wednesday"), encoding="utf-8")
        stdin = io.BytesIO(json.dumps({"id": "s1", "text": article(2)}).encode() + b"\n")
        sources = [local, mirror, urls, f"{base}/feed.xml", warc, "-"]
        with Store(tmp_path / "d.duckdb") as store:
            first = ingest_sources(sources, store, fetch=FAST, stdin=stdin, batch_size=4)
            rows = store.con.execute(
                "SELECT source, source_kind, relation, doc_id, url, fetched_at IS NOT NULL "
                "FROM inputs ORDER BY source"
            ).fetchall()
            again = ingest_sources(sources[:-1], store, fetch=FAST)
            failures = store.failures()
        page_hits = hits.get("/news/ankara-talks.html")

    # original, mirror (near), talks via the URL list, feed: talks (same URL, unchanged),
    # water (via redirect), deleted (404); WARC copy of talks (exact); stdin record
    assert (first.coded, first.duplicates, first.failed) == (4, 2, 1), first
    assert first.unchanged == 1
    _accounted(first)
    by_source = {row[0]: row[1:] for row in rows}
    assert by_source[str(mirror)][1] == "near"
    assert by_source[str(mirror)][2] == by_source[str(local)][2]
    talks_row = by_source[f"{base}/news/ankara-talks.html"]
    assert talks_row[:2] == ("url", "original") and talks_row[4] is True
    copy = next(v for k, v in by_source.items() if k.startswith(str(warc)))
    assert copy[:3] == ("warc", "exact", talks_row[2])
    assert copy[3] == "https://mirror.test/talks"
    assert by_source[f"{base}/old/baku-water"][3] == f"{base}/news/baku-water.html"
    assert by_source["<stdin>:1"][:3] == ("stdin", "original", "s1")
    # the rerun fetched no page again and changed nothing
    assert (again.coded, again.duplicates, again.failed) == (0, 0, 1)
    assert again.unchanged == again.inputs - 1
    assert page_hits == 1
    assert [(f.source, f.reason) for f in failures] == [
        (f"{base}/news/deleted.html", "HTTP 404 Not Found; check the URL")
    ]


def _bad_batch(folder: Path) -> None:
    folder.mkdir()
    for number in range(7):
        (folder / f"good_{number}.txt").write_text(article(number), encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (folder / "empty.txt").write_bytes(b"")
    with (folder / "huge.html").open("wb") as stream:
        stream.write(b"<html><body>" + b"<p>filler text</p>" * (52_500_000 // 18))
    (folder / "legacy.txt").write_bytes(article(40).replace("Desk", "D\u00e9sk").encode("latin-1"))
    (folder / "cut.txt.gz").write_bytes(gzip.compress(article(41).encode())[:-12])
    warc = folder / "cut.warc.gz"
    write_warc(
        warc,
        [
            response_record("https://x.test/1", _html(article(42))),
            response_record("https://x.test/2", _html(article(43))),
        ],
    )
    warc.write_bytes(warc.read_bytes()[:-40])


def test_bad_inputs_each_get_one_line_and_the_rest_is_ingested(tmp_path: Path) -> None:
    _bad_batch(tmp_path / "in")
    db = tmp_path / "d.duckdb"

    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db)])

    failed = [line for line in result.output.splitlines() if line.startswith("failed:")]
    reasons = {Path(line.split(": ", 2)[1]).name: line for line in failed}
    assert set(reasons) == {"binary.txt", "empty.txt", "huge.html", "legacy.txt", "cut.txt.gz"} | {
        "cut.warc.gz"
    }, result.output
    assert "binary file" in reasons["binary.txt"]
    assert "empty file" in reasons["empty.txt"]
    assert "too large" in reasons["huge.html"] and "max_input_bytes" in reasons["huge.html"]
    assert "--encoding latin-1" in reasons["legacy.txt"]
    assert "not a valid gzip file" in reasons["cut.txt.gz"]
    assert "truncated" in reasons["cut.warc.gz"]
    assert "8 coded, 0 unchanged, 0 duplicate, 0 skipped, 6 failed" in result.output
    assert result.exit_code == 3  # some failed, not most
    with Store(db) as store:
        assert store.counts().documents == 8
        assert len(store.failures()) == 6
    listing = CliRunner().invoke(app, ["failures", "--db", str(db)])
    assert "6 failure(s)" in listing.output
    assert all(name in listing.output for name in reasons)
    rows = [line.split("\t") for line in listing.stdout.splitlines()]  # piped: TSV, unwrapped
    assert len(rows) == 6 and all(len(row) == 3 and row[2] for row in rows), listing.stdout
    table = CliRunner().invoke(app, ["failures", "--db", str(db), "--format", "table"])
    assert table.exit_code == 0 and all(word in table.stdout for word in ("source", "reason"))


def test_retry_failed_reads_the_fixed_inputs_again(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    broken = folder / "later.txt"
    broken.write_bytes(b"")
    (folder / "fine.txt").write_text(article(5), encoding="utf-8")
    with Store(tmp_path / "d.duckdb") as store:
        first = ingest_sources([folder], store)
        broken.write_text(article(6), encoding="utf-8")
        retry = ingest_sources([], store, retry_failed=True)
        attempts = store.con.execute("SELECT count(*) FROM failures").fetchone()

    assert (first.coded, first.failed) == (1, 1)
    assert (retry.inputs, retry.coded, retry.failed) == (1, 1, 0)
    assert attempts == (0,)


def _folder_run(tmp_path: Path, count: int) -> tuple[JobReport, list[int], dict[int, int]]:
    """Ingest a folder of ``count`` small notes; progress calls and RSS at 1/4 and the end."""
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(count):
        text = (
            f"Catalogue note {number}\n\nThe reading room holds {number * 7 % 97} maps, "
            f"{number * 13 % 89} atlases and {number} letters in box {number % 41}.\n"
        )
        (folder / f"note_{number:04d}.txt").write_text(text, encoding="utf-8")
    rss: dict[int, int] = {}
    calls: list[int] = []
    process = psutil.Process()

    def progress(report: JobReport) -> None:
        calls.append(report.inputs)
        if report.inputs in (count // 4, count):
            rss[report.inputs] = process.memory_info().rss

    with Store(tmp_path / "d.duckdb") as store:
        report = ingest_sources([folder], store, progress=progress, batch_size=64)
    return report, calls, rss


def test_a_folder_of_200_files_in_one_run_in_bounded_memory(tmp_path: Path) -> None:
    report, calls, rss = _folder_run(tmp_path, 200)

    assert (report.inputs, report.coded, report.duplicates, report.failed) == (200, 200, 0, 0)
    assert calls == sorted(calls) and len(calls) >= 200  # the bar moves once per input
    assert rss[200] - rss[50] < 40 * 2**20


@pytest.mark.slow
def test_a_thousand_files_in_one_run_in_constant_memory(tmp_path: Path) -> None:
    report, calls, rss = _folder_run(tmp_path, 1000)

    assert (report.inputs, report.coded, report.duplicates, report.failed) == (1000, 1000, 0, 0)
    assert calls == sorted(calls) and len(calls) >= 1000
    assert rss[1000] - rss[250] < 40 * 2**20  # bounded by the batch, not the corpus
