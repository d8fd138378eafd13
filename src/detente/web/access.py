"""How a read-only server reaches the store without keeping `detente ingest` out.

DuckDB lets one process write a file or many read it, never both. A read-only
server therefore keeps the file open only while no writer wants it: it holds one
read-only DuckDB instance (fast, warm caches) as long as nobody holds the store's
writer lock. A watcher looks for that lock every 50 ms; once an ingest holds it, the
server lets go of the file between requests: after ``hold`` seconds of use it stops
admitting new requests, lets the running ones finish, closes the file and pauses
``pause`` seconds, so the writer, which retries every 50 ms, gets in. A request that
finds the file taken retries for up to ``wait`` seconds, then is answered 503 with
``Retry-After``.

Whether a writer holds the lock is read from ``/proc/locks`` (the kernel's table
of file locks), never by taking the lock ourselves, which could make a starting
writer fail with "store is busy". Where ``/proc/locks`` is missing, the PID named in
the lock file is asked whether it is alive.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from detente.store.lock import StoreBusyError, connect, lock_path
from detente.store.snapshot import snapshot
from detente.web.errors import WebError

RETRY_AFTER = 2
# The longest one request waits for a writer to let go of the store before its 503
# (the setting ``lock_wait`` when that is shorter).
REQUEST_WAIT = 5.0
_PROC_LOCKS = Path("/proc/locks")
_WRITER_POLL = 0.05


class StoreBusyWebError(WebError):
    """The store stayed locked by a writer past the wait: 503, try again shortly."""

    def __init__(self, message: str) -> None:
        super().__init__(
            message, status=503, code="busy", headers={"Retry-After": str(RETRY_AFTER)}
        )


def fingerprint(db: Path) -> tuple[int, ...]:
    """Size and modification time of the store and its WAL: changes with every commit."""
    out: list[int] = []
    for path in (db, db.with_name(db.name + ".wal")):
        try:
            info = path.stat()
        except OSError:
            out += [0, 0]
            continue
        out += [info.st_size, info.st_mtime_ns]
    return tuple(out)


def writer_present(db: Path) -> bool:
    """Whether another process holds the store's writer lock right now."""
    path = lock_path(db)
    try:
        inode = path.stat().st_ino
    except OSError:
        return False
    try:
        table = _PROC_LOCKS.read_text(encoding="ascii", errors="replace")
    except OSError:
        return _holder_alive(path)
    me = str(os.getpid())
    for line in table.splitlines():
        fields = line.split()
        # "1: FLOCK ADVISORY WRITE 4242 08:01:1234567 0 EOF" (a "->" marks a waiter)
        if len(fields) < 6 or fields[1] != "FLOCK" or fields[2] == "->":
            continue
        device_inode = fields[5].rsplit(":", 1)
        if device_inode[-1] == str(inode) and fields[4] != me:
            return True
    return False


def _holder_alive(path: Path) -> bool:
    try:
        pid_text = path.read_text(encoding="utf-8").split(" ", 1)[0]
    except OSError:
        return False
    if not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)
    except OSError:
        return False
    return True


class ReadGate:
    """Read-only connections to the store that give way to a writer between requests."""

    def __init__(
        self, db: Path, *, wait: float = REQUEST_WAIT, hold: float = 0.5, pause: float = 0.2
    ):
        if not db.exists():
            raise WebError(f"{db}: no store here; run `detente ingest` first", status=500)
        self.db = db
        self.wait, self.hold, self.pause = wait, hold, pause
        self._cond = threading.Condition()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._answers: dict[Hashable, Any] = {}  # what the open connection's state is
        self._active = 0
        self._opened_at = 0.0
        self._draining = False
        self._closed_until = 0.0

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one request; the file may be let go of once it is closed."""
        cursor = self._enter()
        try:
            yield cursor
        finally:
            cursor.close()
            self._leave()

    def close(self) -> None:
        """Let go of the file for good (at shutdown)."""
        with self._cond:
            if self._con is not None:
                self._con.close()
                self._con = None

    def _enter(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self.wait
        with self._cond:
            while True:
                now = time.monotonic()
                if self._draining or now < self._closed_until:
                    if now >= deadline:
                        raise self._busy(None)
                    self._cond.wait(min(deadline, max(self._closed_until, now + 0.01)) - now)
                    continue
                if self._con is not None:
                    cursor = self._con.cursor()
                    cursor.execute("SET enable_progress_bar = false")  # a server prints nothing
                    snapshot(cursor, self._answers)  # read-only: nobody writes while open
                    self._active += 1
                    return cursor
                self._con = self._open(deadline)
                self._answers = {}
                self._opened_at = time.monotonic()
                threading.Thread(target=self._watch, args=(self._con,), daemon=True).start()

    def _watch(self, con: duckdb.DuckDBPyConnection) -> None:
        """While ``con`` is open: once a writer holds the lock and ``hold`` seconds have
        passed, stop admitting requests and close the file when the running ones end."""
        while True:
            time.sleep(_WRITER_POLL)
            with self._cond:
                if self._con is not con:
                    return
                held = time.monotonic() - self._opened_at >= self.hold
                if held and not self._draining and writer_present(self.db):
                    self._draining = True
                    self._close_if_idle()

    def _leave(self) -> None:
        with self._cond:
            self._active -= 1
            self._close_if_idle()

    def _close_if_idle(self) -> None:
        if self._draining and self._active == 0 and self._con is not None:
            self._con.close()
            self._con = None
            self._draining = False
            self._closed_until = time.monotonic() + self.pause
            self._cond.notify_all()

    def _open(self, deadline: float) -> duckdb.DuckDBPyConnection:
        try:
            con = connect(self.db, read_only=True, wait=max(0.0, deadline - time.monotonic()))
        except StoreBusyError as exc:
            raise self._busy(exc.pid) from None
        return con

    def _busy(self, pid: int | None) -> StoreBusyWebError:
        who = f"PID {pid}" if pid else "a writer"
        return StoreBusyWebError(
            f"{self.db}: the store is being written by {who} (an ingest); "
            f"waited {self.wait:g} s; try again in {RETRY_AFTER} s"
        )
