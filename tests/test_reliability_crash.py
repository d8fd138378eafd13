"""Fault injection: SIGKILL `detente ingest` at random points, rerun, compare with a clean run."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from detente.models import EVENT_FIELDS
from tests.helpers.corpus import write_corpus

DETENTE = Path(sys.executable).with_name("detente")
KILLS = 5


def _ingest(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    with db.with_suffix(".log").open("ab") as log:
        return subprocess.Popen(
            [str(DETENTE), "ingest", str(corpus), "--db", str(db)], stdout=log, stderr=log
        )


def _log(db: Path) -> str:
    return db.with_suffix(".log").read_text(errors="replace")[-3000:]


def _snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        fields = ", ".join(EVENT_FIELDS)
        return {
            "documents": con.execute(
                "SELECT doc_id, status, text, duplicate_of FROM documents ORDER BY doc_id"
            ).fetchall(),
            "events": con.execute(f"SELECT {fields} FROM events ORDER BY event_id").fetchall(),
            "mentions": con.execute(
                "SELECT doc_id, start_char, end_char, actor FROM mentions ORDER BY ALL"
            ).fetchall(),
            "inputs": con.execute(
                "SELECT source, doc_id, relation FROM inputs ORDER BY source"
            ).fetchall(),
            "failures": con.execute("SELECT source, reason FROM failures ORDER BY ALL").fetchall(),
            "kb": con.execute(
                "SELECT entry_id, name, country, sector FROM kb_entries ORDER BY ALL"
            ).fetchall(),
        }
    finally:
        con.close()


def _first_difference(
    table: str, want: list[tuple[object, ...]], got: list[tuple[object, ...]]
) -> str:
    for clean_row, crashed_row in zip(want, got, strict=False):
        if clean_row != crashed_row:
            pairs = zip(clean_row, crashed_row, strict=True)
            fields = [f"{n}: {a!r} != {b!r}" for n, (a, b) in enumerate(pairs) if a != b]
            return f"{table}: clean {clean_row[:2]}: " + "; ".join(fields)
    return f"{table}: {len(want)} rows in the clean run, {len(got)} after the crashes"


@pytest.mark.slow
@pytest.mark.model
def test_killed_five_times_then_rerun_equals_a_clean_run(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", documents=2000, files=200)
    clean, crashed = tmp_path / "clean.duckdb", tmp_path / "crashed.duckdb"
    started = time.monotonic()
    assert _ingest(corpus, clean).wait() == 0, _log(clean)
    clean_seconds = time.monotonic() - started

    rng = random.Random(2024)
    for _ in range(KILLS):
        proc = _ingest(corpus, crashed)
        time.sleep(rng.uniform(1.0, clean_seconds / KILLS))
        proc.send_signal(signal.SIGKILL)
        assert proc.wait() == -signal.SIGKILL, _log(crashed)
    assert _ingest(corpus, crashed).wait() == 0, _log(crashed)

    want, got = _snapshot(clean), _snapshot(crashed)
    assert len(want["documents"]) == 2000
    assert len(want["events"]) > 1000
    for table in want:
        assert got[table] == want[table], _first_difference(table, want[table], got[table])
    check = subprocess.run(
        [str(DETENTE), "check", "--db", str(crashed)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    assert "inputs 2000 = documents 2000" in check.stdout
    print(f"clean run {clean_seconds:.1f} s; total {time.monotonic() - started:.1f} s")
