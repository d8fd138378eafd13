"""One writer, many readers: a second writer waits the configured ``lock_wait`` and is
then refused with the holder's PID (every command and the web app), readers keep working
while an ingest runs, and the first run is unharmed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.core import TyperGroup
from typer.testing import CliRunner

from detente.cli import app
from detente.config import Settings
from detente.store import Store
from detente.store.lock import StoreBusyError, holder_pid, lock_path
from tests.helpers.corpus import write_corpus

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


def test_second_writer_waits_then_is_refused_with_the_holders_pid(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    holder = _hold(db, 30)
    try:
        started = time.monotonic()
        with pytest.raises(StoreBusyError, match="store is busy") as caught:
            Store(db, wait=0.5)
        assert 0.5 <= time.monotonic() - started < 3.0  # waited, then gave up
        assert caught.value.pid == holder.pid
        assert str(caught.value).startswith(f"{db}: store is busy: PID {holder.pid} (")
        assert "(waited 0.5 s)" in str(caught.value)
        with pytest.raises(StoreBusyError, match=f"PID {holder.pid}"):
            Store(db, read_only=True, wait=0.3)  # the holder keeps the DuckDB file open
    finally:
        holder.kill()
        holder.wait()
    with Store(db) as store:  # the kernel dropped the lock with the process
        assert store.version >= 7
    assert lock_path(db).exists()


def test_second_writer_gets_the_store_once_the_first_is_done(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    holder = _hold(db, 0.5)
    try:
        with Store(db, wait=20) as store:  # waits for the holder to finish
            assert store.version >= 7
    finally:
        holder.kill()
        holder.wait()


# Every command that opens the store, with arguments it runs with ("{tmp}" a folder).
STORE_COMMANDS: dict[str, list[str]] = {
    "ingest": ["--retry-failed"],
    "events": [],
    "failures": [],
    "explain": ["ev-1"],
    "check": [],
    "attach": ["{tmp}/run"],
    "import": ["{tmp}/events.jsonl"],
    "export": ["-o", "{tmp}/out.jsonl"],
    "refresh-stories": [],
    "report": ["--dyad", "AZE-IRN", "-o", "{tmp}/report.html"],
    "dyad": ["AZE-IRN"],
    "dyads": [],
    "timeline": ["AZE-IRN"],
    "actor": ["AZE"],
    "network": [],
    "alerts": [],
    "plot dyad": ["AZE-IRN", "-o", "{tmp}/dyad.svg"],
    "plot network": ["-o", "{tmp}/network.svg"],
    "kb list": [],
    "kb show": ["Hasanov"],
    "kb add": ["Ilham Aliyev", "--country", "AZE", "--sector", "GOV"],
    "kb edit": ["Hasanov", "--country", "AZE"],
    "kb remove": ["Hasanov"],
    "kb import": ["{tmp}/kb.txt"],
    "kb export": [],
}
# `serve` opens the store in the app: test_web_app_opens_the_store_with_the_lock_wait.
ELSEWHERE = {"serve"}


def _store_commands() -> set[str]:
    def walk(group: TyperGroup, prefix: str) -> Iterator[str]:
        for name, command in group.commands.items():
            if isinstance(command, TyperGroup):
                yield from walk(command, f"{prefix}{name} ")
            elif any(param.name == "db" for param in command.params):
                yield f"{prefix}{name}"

    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup)
    return set(walk(root, ""))


def test_every_command_that_opens_the_store_is_checked_for_the_lock_wait() -> None:
    assert set(STORE_COMMANDS) | ELSEWHERE == _store_commands()


@pytest.fixture(scope="module")
def held_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    db = tmp_path_factory.mktemp("held") / "store.duckdb"
    holder = _hold(db, 120)
    try:
        yield db
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("command", sorted(STORE_COMMANDS))
def test_every_command_waits_the_configured_lock_wait(
    command: str, held_store: Path, tmp_path: Path
) -> None:
    (tmp_path / "events.jsonl").write_text("{}\n", encoding="utf-8")
    (tmp_path / "kb.txt").write_text("", encoding="utf-8")
    (tmp_path / "run").mkdir()
    args = [a.replace("{tmp}", str(tmp_path)) for a in STORE_COMMANDS[command]]
    env = {"DETENTE_LOCK_WAIT": "0.4", "DETENTE_CONFIG": str(tmp_path / "none.toml")}
    (tmp_path / "none.toml").write_text("", encoding="utf-8")

    started = time.monotonic()
    result = CliRunner().invoke(app, [*command.split(), *args, "--db", str(held_store)], env=env)
    waited = time.monotonic() - started

    assert result.exit_code == 1, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {held_store}: store is busy: PID "), line
    assert "(waited 0.4 s)" in line
    assert 0.4 <= waited < 5.0


def test_web_app_opens_the_store_with_the_lock_wait(held_store: Path) -> None:
    create_app = pytest.importorskip("detente.web.app").create_app  # the web is an extra
    settings = Settings(lock_wait=0.4)
    started = time.monotonic()
    with pytest.raises(StoreBusyError, match=r"store is busy: .*\(waited 0\.4 s\)") as caught:
        create_app(db=held_store, allow_writes=True, token="t", settings=settings)
    assert 0.4 <= time.monotonic() - started < 5.0
    assert str(caught.value).startswith(f"{held_store}: store is busy: PID ")
    # a read-only app's request waits lock_wait too, but never past 5 s
    assert create_app(db=held_store, settings=settings).state.web.gate.wait == 0.4
    assert create_app(db=held_store).state.web.gate.wait == 5.0


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
def test_readers_work_and_a_second_ingest_gives_up_during_an_ingest(tmp_path: Path) -> None:
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
        [str(DETENTE), "ingest", str(other), "--db", str(db)],
        capture_output=True,
        text=True,
        env={**os.environ, "DETENTE_LOCK_WAIT": "0.5"},
    )
    assert second.returncode == 1
    assert "store is busy" in second.stderr and f"PID {first.pid}" in second.stderr
    assert "(waited 0.5 s)" in second.stderr
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
