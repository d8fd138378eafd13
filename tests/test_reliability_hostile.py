"""Hostile inputs: each becomes a recorded failure with a reason, memory stays bounded,
and the rest of the batch is coded."""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from detente.errors import IngestError
from detente.ingest.decode import read_limited, unpack_limits
from detente.ingest.warc import iter_warc, response_record, write_warc
from detente.options import UnpackLimits
from detente.store import Store
from tests.helpers.corpus import news_item

DETENTE = Path(sys.executable).with_name("detente")
MB = 1 << 20


def _bomb(path: Path, *, unpacked_mb: int) -> Path:
    zeros = b"\0" * MB
    with gzip.open(path, "wb", compresslevel=9) as out:
        for _ in range(unpacked_mb):
            out.write(zeros)
    return path


def _warc_bomb(path: Path, *, unpacked_mb: int) -> Path:
    """A WARC record claiming (and holding) ``unpacked_mb`` of spaces, gzipped."""
    head = (
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bomb>\r\n"
        f"WARC-Target-URI: https://example.org/bomb\r\nContent-Length: {unpacked_mb * MB}\r\n\r\n"
    ).encode()
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(head)
        for _ in range(unpacked_mb):
            out.write(b" " * MB)
    return path


def build_hostile(folder: Path, *, good: int = 20) -> dict[str, str]:
    """The hostile corpus, and the reason each hostile input must fail with."""
    import random

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    for number in range(good):
        (folder / f"good-{number:02d}.txt").write_text(news_item(rng, number) + "\n")
    (folder / "binary.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "nul.txt").write_bytes(b"Iran expelled\0 two diplomats.\0\0")
    with (folder / "huge-line.txt").open("wb") as out:
        for _ in range(100):
            out.write(b"Baku said Iran " * (MB // 15))
    _bomb(folder / "bomb.txt.gz", unpacked_mb=300)
    (folder / "latin1.txt").write_bytes("Caf\xe9 talks in Baku ended.".encode("latin-1"))
    deep = "<div>" * 10_000 + "<p>Turkey's president visited Baku.</p>" + "</div>" * 10_000
    (folder / "deep.html").write_text(f"<html><body>{deep}</body></html>")
    (folder / "long-line.txt").write_text("Iran warned Azerbaijan again and " * 40_000)
    plain = "text/plain; charset=utf-8"
    records = [
        response_record(
            "https://example.org/a", b"Iran and Azerbaijan held talks in Baku.", content_type=plain
        ),
        response_record(
            "https://example.org/b", b"Armenia accused Azerbaijan of shelling.", content_type=plain
        ),
    ]
    write_warc(folder / "crawl.warc", records)
    with (folder / "crawl.warc").open("ab") as out:
        out.write(records[0][:120])  # a third record cut off mid-header
    absurd = "On 9999-99-99 and in the year 99999 Iran met Iraq."
    bad_dates = [
        {"id": "d1", "text": "Georgia signed a deal with Turkey.", "date": "9999-99-99"},
        {"id": "d2", "text": absurd, "date": "2023-05-01"},
    ]
    (folder / "dates.jsonl").write_text("\n".join(json.dumps(r) for r in bad_dates) + "\n")
    return {
        "binary.txt": "binary file",
        "empty.txt": "empty file",
        "nul.txt": "binary file",
        "huge-line.txt": "too large",
        "bomb.txt.gz": "compression bomb",
        "latin1.txt": "not valid UTF-8",
        "deep.html": "no article text",
        "long-line.txt": "max_doc_chars",
        "crawl.warc": "truncated WARC",
        "dates.jsonl:1": "9999-99-99",
    }


@pytest.mark.slow
@pytest.mark.model
def test_hostile_corpus_fails_each_input_with_a_reason_and_codes_the_rest(
    tmp_path: Path,
) -> None:
    expected = build_hostile(tmp_path / "hostile")
    db = tmp_path / "store.duckdb"
    env = {**os.environ, "DETENTE_MAX_DOC_CHARS": "1000000"}
    done = subprocess.run(
        [str(DETENTE), "ingest", str(tmp_path / "hostile"), "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert done.returncode == 3, done.stderr  # some failed, most were coded
    assert peak_mb < 2048, f"peak RSS {peak_mb:.0f} MB"
    with Store(db, read_only=True) as store:
        failures = {Path(f.source).name: f.reason for f in store.failures()}
        by_status = store.counts().by_status
    for name, reason in expected.items():
        assert name in failures, f"{name} was not recorded as failed"
        assert reason in failures[name], failures[name]
    assert len(failures) == len(expected)
    assert by_status.get("coded", 0) == 20 + 2 + 1  # good files, 2 WARC records, dates.jsonl:2
    check = subprocess.run([str(DETENTE), "check", "--db", str(db)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    print(f"hostile corpus: peak RSS {peak_mb:.0f} MB")


def test_gzip_bomb_is_refused_by_ratio_before_the_size_limit(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "bomb.txt.gz", unpacked_mb=64)
    with pytest.raises(IngestError, match="max_unpack_ratio"):
        read_limited(bomb, max_bytes=1 << 40)
    with unpack_limits(UnpackLimits(max_ratio=1e9)), pytest.raises(IngestError, match="too large"):
        read_limited(bomb, max_bytes=10 * MB)


def test_warc_bomb_is_refused_by_ratio_and_by_archive_size(tmp_path: Path) -> None:
    bomb = _warc_bomb(tmp_path / "bomb.warc.gz", unpacked_mb=40)
    with pytest.raises(IngestError, match="max_unpack_ratio"):
        list(iter_warc(bomb, max_bytes=10 * MB))
    limits = UnpackLimits(max_ratio=1e9, max_archive_bytes=20 * MB)
    with unpack_limits(limits), pytest.raises(IngestError, match="max_archive_bytes"):
        list(iter_warc(bomb, max_bytes=10 * MB))


def test_ordinary_gzip_text_passes_the_ratio_check(tmp_path: Path) -> None:
    import random

    rng = random.Random(1)
    text = "\n".join(news_item(rng, n) for n in range(20_000)).encode()
    path = tmp_path / "wire.txt.gz"
    path.write_bytes(gzip.compress(text))
    assert read_limited(path, max_bytes=1 << 30) == text
