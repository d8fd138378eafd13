"""WARC archives the tests write themselves: articles read, the rest passed over,
truncation reported after the complete records; near-duplicate detection."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from detente.errors import IngestError
from detente.ingest import dedup
from detente.ingest.gather import Passed, iter_sources
from detente.ingest.sources import InputItem
from detente.ingest.warc import Skipped, WarcRecord, iter_warc, response_record, write_warc
from detente.models import Failure
from detente.options import NEAR_DUP_THRESHOLD

WHEN = dt.datetime(2024, 2, 12, 9, 30)
ARTICLE = (
    b"<html><head><title>Envoys meet in Ankara</title></head><body><article>"
    b"<h1>Envoys meet in Ankara</h1><p>Turkish and Armenian envoys met in Ankara on Monday "
    b"to resume talks on opening the land border, officials said.</p></article></body></html>"
)


def _archive(path: Path) -> Path:
    request = (
        b"WARC/1.1\r\nWARC-Type: request\r\nWARC-Record-ID: <urn:uuid:r1>\r\n"
        b"Content-Length: 18\r\n\r\nGET / HTTP/1.1\r\n\r\n\r\n\r\n"
    )
    write_warc(
        path,
        [
            request,
            response_record("https://news.test/a", ARTICLE, date=WHEN),
            response_record("https://news.test/logo.png", b"\x89PNG", content_type="image/png"),
            response_record("https://news.test/old", b"", status=301),
            response_record("https://news.test/b", ARTICLE.replace(b"Monday", b"Friday")),
        ],
    )
    return path


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_articles_are_read_and_the_rest_passed_over(tmp_path: Path, name: str) -> None:
    records = list(iter_warc(_archive(tmp_path / name), max_bytes=1_000_000))

    articles = [r for r in records if isinstance(r, WarcRecord)]
    assert [r.url for r in articles] == ["https://news.test/a", "https://news.test/b"]
    assert articles[0].date == WHEN and articles[0].body == ARTICLE
    skipped = [r for r in records if isinstance(r, Skipped)]
    assert [s.reason for s in skipped] == [
        "not an article (content type image/png)",
        "not an article (HTTP 301)",
    ]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_truncated_warc_keeps_the_records_before_the_damage(tmp_path: Path, name: str) -> None:
    path = _archive(tmp_path / name)
    path.write_bytes(path.read_bytes()[:-60])

    items = list(iter_sources([path]))

    pages = [i for i in items if isinstance(i, InputItem)]
    assert [p.url for p in pages] == ["https://news.test/a"]
    assert pages[0].source.startswith(f"{path}#<urn:uuid:")
    assert (pages[0].source_kind, pages[0].origin) == ("warc", str(path))
    assert sum(isinstance(i, Passed) for i in items) == 2
    failure = items[-1]
    assert isinstance(failure, Failure) and failure.source == str(path)
    assert "truncated" in failure.reason and "\n" not in failure.reason


def test_oversized_record_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    path = _archive(tmp_path / "crawl.warc")

    records = list(iter_warc(path, max_bytes=100))

    assert next(r.reason for r in records if isinstance(r, Skipped) and r.article).startswith(
        "record of "
    )


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("hello\n", encoding="utf-8")

    with pytest.raises(IngestError, match="not a WARC record at byte 0"):
        list(iter_warc(path, max_bytes=1000))


REPORT = (
    "Israeli Defence Minister Benny Gantz arrived in Baku on Wednesday for talks with "
    "Azerbaijani President Ilham Aliyev and Defence Minister Zakir Hasanov on military "
    "cooperation, the ministry said. The two sides discussed joint projects in the defence "
    "industry and regional security, and Gantz laid a wreath at the Alley of Martyrs."
)
REWORDED = (
    "Benny Gantz, Israel's defence chief, held talks in the Azerbaijani capital with Ilham "
    "Aliyev on Wednesday. According to his office, security in the region and cooperation "
    "between the two defence industries topped the agenda of the visit."
)
SUMMARY = (
    "Azerbaijan's president received the visiting Israeli defence minister in Baku; "
    "officials said they talked about arms and regional security."
)


def test_a_republished_copy_is_a_near_duplicate() -> None:
    copy = "Caspian Wire | World\n" + REPORT.replace("Wednesday", "Wednesday,") + " Share this."

    score = dedup.similarity(dedup.minhash(REPORT), dedup.minhash(copy))

    assert score >= NEAR_DUP_THRESHOLD
    assert set(dedup.lsh_keys(dedup.minhash(REPORT))) & set(dedup.lsh_keys(dedup.minhash(copy)))


def test_differently_worded_reports_of_one_visit_are_not() -> None:
    signatures = [dedup.minhash(text) for text in (REPORT, REWORDED, SUMMARY)]

    scores = [dedup.similarity(a, b) for i, a in enumerate(signatures) for b in signatures[i + 1 :]]

    assert max(scores) < 0.2


def test_signature_round_trips_and_is_stable() -> None:
    signature = dedup.minhash(REPORT)

    assert (dedup.from_bytes(dedup.to_bytes(signature)) == signature).all()
    assert dedup.to_bytes(dedup.minhash(REPORT)) == dedup.to_bytes(signature)
    assert len(dedup.lsh_keys(signature)) == dedup.BANDS
