"""One writer, many readers: a second writer is refused with the holder's PID, readers
keep working while an ingest runs, and the first run is unharmed."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from detente.store import Store
from detente.store.lock import StoreBusyError, holder_pid, lock_path
from tests.test_reliability_corpus import write_corpus

DETENTE = Path(sys.executable).with_name("detente")
_HOLD = """
import sys, time
from detente.store import Store
store = Store(sys.argv[1])
print("ready", flush=True)
time.sleep(float(sys.argv[2]))
"""


def _hold(db: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(db), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def test_second_writer_is_refused_with_the_holders_pid(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    holder = _hold(db, 30)
    try:
        started = time.monotonic()
        with pytest.raises(StoreBusyError, match="store is busy") as caught:
            Store(db)
        assert time.monotonic() - started < 1.0  # fails fast, no waiting on a writer
        assert caught.value.pid == holder.pid
        assert f"PID {holder.pid}" in str(caught.value)
        with pytest.raises(StoreBusyError, match=f"PID {holder.pid}"):
            Store(db, read_only=True, wait=0.3)  # the holder keeps the DuckDB file open
    finally:
        holder.kill()
        holder.wait()
    with Store(db) as store:  # the kernel dropped the lock with the process
        assert store.version >= 7
    assert lock_path(db).exists()


def test_writer_lock_is_reentrant_in_one_process(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    with Store(db) as first, Store(db) as second:
        assert first.version == second.version


def test_holder_pid_is_read_from_duckdbs_message() -> None:
    message = (
        'IO Error: Could not set lock on file "x.duckdb": Conflicting lock is held in '
        "/usr/bin/python3.11 (PID 4242). See also https://duckdb.org/docs/connect/concurrency"
    )
    assert holder_pid(message) == 4242
    assert holder_pid("IO Error: disk full") is None


def test_nested_transactions_commit_or_roll_back_as_one(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.con.execute("CREATE TABLE t (a INTEGER)")
        with pytest.raises(RuntimeError), store.transaction():
            with store.transaction() as con:
                con.execute("INSERT INTO t VALUES (1)")
            raise RuntimeError("boom")
        row = store.con.execute("SELECT count(*) FROM t").fetchone()
        assert row == (0,)


@pytest.mark.slow
@pytest.mark.model
def test_readers_work_and_a_second_ingest_fails_fast_during_an_ingest(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", documents=400)
    other = write_corpus(tmp_path / "other", documents=5, seed=3)
    db = tmp_path / "store.duckdb"
    first = subprocess.Popen(
        [str(DETENTE), "ingest", str(corpus), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    while not lock_path(db).exists() or not lock_path(db).read_text().strip():
        time.sleep(0.1)
    second = subprocess.run(
        [str(DETENTE), "ingest", str(other), "--db", str(db)], capture_output=True, text=True
    )
    assert second.returncode == 1
    assert "store is busy" in second.stderr and f"PID {first.pid}" in second.stderr
    seen: list[int] = []
    while first.poll() is None:
        reader = subprocess.run(
            [str(DETENTE), "events", "--db", str(db), "--format", "jsonl"],
            capture_output=True,
            text=True,
        )
        if first.poll() is None or reader.returncode == 0:
            assert reader.returncode == 0, reader.stderr
            seen.append(len(reader.stdout.splitlines()))
    out, err = first.communicate()
    assert first.returncode == 0, err
    assert "400 coded" in out
    assert len(seen) >= 2 and seen == sorted(seen)  # readers saw the store grow
    check = subprocess.run([str(DETENTE), "check", "--db", str(db)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
