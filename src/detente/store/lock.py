"""Who may open the store: one writer per file, many readers, and clear "busy" errors.

DuckDB lets one process open a file read-write, or many processes read-only, never
both. detente adds two things on top:

* a **writer lock** (``<db>.lock``, an ``flock`` held for the writer's whole life and
  naming its PID and command), so that a second writer waits for the first one to
  finish, up to the store's wait (the setting ``lock_wait``), then fails with "store is
  busy" naming the first one, even while the first one has let go of the DuckDB file
  between batches;
* **connect with a wait**: an ingest lets go of the DuckDB file while it codes a
  batch, so a reader (``detente events``) that finds the file locked retries up to the
  store's wait instead of failing; when the wait runs out the error names the holder's
  PID.

The kernel drops an ``flock`` when its process dies, even by SIGKILL, so a crashed
writer never leaves a stale lock behind.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import duckdb

from detente.errors import StoreError

_PID = re.compile(r"\(PID (\d+)\)")
_POLL = 0.05


class StoreBusyError(StoreError):
    """Another process holds the store: a writer, or a reader a writer must wait for."""

    def __init__(self, message: str, *, pid: int | None) -> None:
        super().__init__(message)
        self.pid = pid


def lock_path(db: Path) -> Path:
    """The writer-lock file of a store: ``detente.duckdb.lock`` beside it."""
    return db.with_name(db.name + ".lock")


@dataclass(slots=True)
class _Held:
    stream: IO[str]
    count: int


_HELD: dict[Path, _Held] = {}


class WriterLock:
    """The one-writer lock of a store file; re-entrant within a process."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.path = lock_path(db).resolve()
        self.held = False

    def acquire(self, *, wait: float = 0.0) -> None:
        """Take the lock, retrying for ``wait`` seconds while another process holds it;
        then raise ``StoreBusyError`` naming the holder's PID."""
        held = _HELD.get(self.path)
        if held is not None:
            held.count += 1
            self.held = True
            return
        stream = self.path.open("a+", encoding="utf-8")
        deadline = time.monotonic() + wait
        while not _try_lock(stream):
            if time.monotonic() >= deadline:
                stream.seek(0)
                holder = stream.read().strip()
                stream.close()
                raise _busy(self.db, holder, wait=wait)
            time.sleep(_POLL)
        stream.seek(0)
        stream.truncate()
        command = " ".join(Path(sys.argv[0]).name.split() + sys.argv[1:])[:200]
        stream.write(f"{os.getpid()} {dt.datetime.now(dt.UTC):%Y-%m-%dT%H:%M:%SZ} {command}\n")
        stream.flush()
        _HELD[self.path] = _Held(stream, 1)
        self.held = True

    def release(self) -> None:
        """Let go (the file stays; its content is stale once unlocked)."""
        if not self.held:
            return
        self.held = False
        held = _HELD[self.path]
        held.count -= 1
        if held.count == 0:
            del _HELD[self.path]
            fcntl.flock(held.stream.fileno(), fcntl.LOCK_UN)
            held.stream.close()


def _try_lock(stream: IO[str]) -> bool:
    try:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _busy(db: Path, holder: str, *, wait: float) -> StoreBusyError:
    pid_text, _, rest = holder.partition(" ")
    pid = int(pid_text) if pid_text.isdigit() else None
    since, _, command = rest.partition(" ")
    who = f"PID {pid}" if pid else "another process"
    what = f" ({command}, since {since})" if command else ""
    return StoreBusyError(
        f"{db}: store is busy: {who}{what} is writing it (waited {wait:g} s); wait for it "
        "to finish, raise lock_wait, or use another --db",
        pid=pid,
    )


def holder_pid(message: str) -> int | None:
    """The PID in DuckDB's "Conflicting lock is held in ... (PID n)" message."""
    match = _PID.search(message)
    return int(match.group(1)) if match else None


def connect(db: Path, *, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file, retrying for ``wait`` seconds while another process holds it."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(str(db), read_only=read_only)
        except duckdb.Error as exc:
            pid = holder_pid(str(exc)) if isinstance(exc, duckdb.IOException) else None
            if pid is None:
                raise StoreError(f"{db}: cannot open the store ({exc})") from exc
            if time.monotonic() >= deadline:
                mode = "read" if read_only else "write"
                raise StoreBusyError(
                    f"{db}: store is busy: PID {pid} holds it, so it cannot be opened to "
                    f"{mode} (waited {wait:g} s); try again when that process is done",
                    pid=pid,
                ) from None
            time.sleep(_POLL)
