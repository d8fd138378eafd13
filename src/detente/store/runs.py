"""The input manifest (migration 7): ingest runs and the outcome of every input they met.

A run writes its inputs as ``pending`` before a batch is coded, then settles them in
the batch's transaction. Inputs left ``pending`` belong to a run that was killed
mid-batch; running the same command again codes them (``detente check`` says so).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from detente.clock import utc_now

if TYPE_CHECKING:
    import duckdb

    from detente.store.duck import Store

OUTCOMES = ("pending", "coded", "skipped", "duplicate", "unchanged", "failed")
COUNT_COLUMNS = ("inputs", "coded", "unchanged", "duplicates", "skipped", "failed", "events")


def start_run(store: Store, *, sources: Sequence[str]) -> int:
    """Record a new run and return its id."""
    with store.transaction() as con:
        row = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()
        run_id = int(row[0]) if row else 1
        con.execute(
            "INSERT INTO runs (run_id, sources, pid, started_at) VALUES (?, ?, ?, ?)",
            [run_id, list(sources), os.getpid(), utc_now()],
        )
    return run_id


def note_inputs(
    con: duckdb.DuckDBPyConnection, run_id: int, entries: Sequence[tuple[int, str, str]]
) -> None:
    """Add ``(seq, source, outcome)`` rows to the run's manifest."""
    if not entries:
        return
    seqs, sources, outcomes = (list(column) for column in zip(*entries, strict=True))
    con.execute(
        "INSERT INTO run_inputs SELECT ?, unnest(?::INTEGER[]), unnest(?::VARCHAR[]), "
        "unnest(?::VARCHAR[])",
        [run_id, seqs, sources, outcomes],
    )


def settle_inputs(con: duckdb.DuckDBPyConnection, run_id: int, outcomes: Mapping[int, str]) -> None:
    """Set the outcome of manifest rows written as ``pending``."""
    if not outcomes:
        return
    con.execute(
        "UPDATE run_inputs SET outcome = v.outcome FROM (SELECT unnest(?::INTEGER[]) AS seq, "
        "unnest(?::VARCHAR[]) AS outcome) v WHERE run_inputs.run_id = ? AND run_inputs.seq = v.seq",
        [list(outcomes), list(outcomes.values()), run_id],
    )


def finish_run(store: Store, run_id: int, counts: Mapping[str, int]) -> None:
    """Mark the run finished with its totals (``COUNT_COLUMNS``)."""
    values = [int(counts.get(name, 0)) for name in COUNT_COLUMNS]
    sets = ", ".join(f"{name} = ?" for name in COUNT_COLUMNS)
    with store.transaction() as con:
        con.execute(
            f"UPDATE runs SET finished_at = ?, {sets} WHERE run_id = ?",
            [utc_now(), *values, run_id],
        )
