"""The store's invariants, checked: ``detente check`` and :func:`check_store`.

Each check is one SQL query over the store, read-only, and reports a count and a few
examples of what breaks it:

* ``migrations``: every migration this detente knows is applied;
* ``document ids`` / ``event ids``: no id appears twice;
* ``event documents``: every coded event's document is stored;
* ``event offsets``: ``0 <= sentence_start <= sentence_end <= len(text)`` and the
  sentence is exactly ``text[sentence_start:sentence_end]``;
* ``mention offsets``: the same for actor mentions;
* ``input documents``: every ``inputs`` row points at a stored document, and every
  near duplicate at a stored original;
* ``input manifest``: every input a run met is stored (as a document or a duplicate)
  or recorded as failed; inputs left ``pending`` by a killed run, and not completed
  since, break it until the same command is run again.

The totals ``inputs = documents + duplicates + failed`` come from the manifest.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from detente.store.schema import MIGRATIONS

if TYPE_CHECKING:
    import duckdb

    from detente.store.duck import Store

_EXAMPLES = 5
_CODED = "coalesce(e.dataset, 'detente') = 'detente'"


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken invariant: which, how many rows break it, and a few of them."""

    check: str
    count: int
    message: str
    examples: tuple[str, ...] = ()


@dataclass(slots=True)
class CheckReport:
    """What :func:`check_store` found: the checks run, violations, totals and notes."""

    checks: list[str] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no invariant is broken."""
        return not self.violations


def check_store(store: Store) -> CheckReport:
    """Check every invariant of the store (read-only; safe while nothing writes)."""
    report = CheckReport()
    con = store.con
    _migrations(con, report)
    applied = _applied(con)
    for name, sql, message in _row_checks(applied):
        report.checks.append(name)
        rows = con.execute(sql).fetchall()
        if rows:
            examples = tuple(str(row[1]) for row in rows[:_EXAMPLES])
            report.violations.append(Violation(name, int(rows[0][0]), message, examples))
    if 7 in applied:
        _manifest(con, report)
    return report


def _applied(con: duckdb.DuckDBPyConnection) -> set[int]:
    return {int(row[0]) for row in con.execute("SELECT version FROM schema_migrations").fetchall()}


def _migrations(con: duckdb.DuckDBPyConnection, report: CheckReport) -> None:
    report.checks.append("migrations")
    applied = _applied(con)
    missing = [f"{version} ({name})" for version, name, _ in MIGRATIONS if version not in applied]
    if missing:
        report.violations.append(
            Violation(
                "migrations",
                len(missing),
                "migrations not applied; open the store for writing once (e.g. `detente "
                "ingest` with no new input, or `detente kb list`) to apply them",
                tuple(missing),
            )
        )
    newer = sorted(applied - {version for version, _, _ in MIGRATIONS})
    if newer:
        report.notes.append(f"the store has migrations this detente does not know: {newer}")


def _row_checks(applied: set[int]) -> list[tuple[str, str, str]]:
    """(name, SQL returning (total count, example) rows, message) for the row checks."""
    total = "count(*) OVER ()"
    checks = [
        (
            "document ids",
            f"SELECT {total}, doc_id FROM documents GROUP BY doc_id HAVING count(*) > 1",
            "document ids stored more than once",
        ),
        (
            "event ids",
            f"SELECT {total}, event_id FROM events GROUP BY event_id HAVING count(*) > 1",
            "event ids stored more than once",
        ),
        (
            "event documents",
            f"SELECT {total}, e.event_id || ' (document ' || e.doc_id || ')' FROM events e "
            f"WHERE {_CODED} AND e.doc_id NOT IN (SELECT doc_id FROM documents)",
            "events whose document is not stored",
        ),
        (
            "event offsets",
            f"SELECT {total}, e.event_id || ' in ' || e.doc_id || ' [' || "
            "coalesce(e.sentence_start::VARCHAR, '?') || ':' || "
            "coalesce(e.sentence_end::VARCHAR, '?') || ']' "
            "FROM events e JOIN documents d USING (doc_id) "
            f"WHERE {_CODED} AND NOT coalesce(e.sentence_start >= 0 "
            "AND e.sentence_start <= e.sentence_end AND e.sentence_end <= length(d.text) "
            "AND substring(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) "
            "= e.sentence, false)",
            "events whose sentence is not text[sentence_start:sentence_end] of their document",
        ),
        (
            "mention offsets",
            f"SELECT {total}, m.doc_id || ' [' || m.start_char || ':' || m.end_char || ']' "
            "FROM mentions m JOIN documents d USING (doc_id) WHERE NOT (m.start_char >= 0 "
            "AND m.start_char <= m.end_char AND m.end_char <= length(d.text) AND "
            "substring(d.text, m.start_char + 1, m.end_char - m.start_char) = m.text)",
            "actor mentions whose text is not text[start:end] of their document",
        ),
        (
            "mention documents",
            f"SELECT {total}, doc_id FROM mentions "
            "WHERE doc_id NOT IN (SELECT doc_id FROM documents) GROUP BY doc_id",
            "actor mentions whose document is not stored",
        ),
    ]
    if 2 in applied:
        checks += [
            (
                "input documents",
                f"SELECT {total}, source || ' -> ' || doc_id FROM inputs "
                "WHERE doc_id NOT IN (SELECT doc_id FROM documents)",
                "inputs whose document (or original) is not stored",
            ),
            (
                "duplicate originals",
                f"SELECT {total}, doc_id || ' -> ' || duplicate_of FROM documents "
                "WHERE duplicate_of IS NOT NULL "
                "AND duplicate_of NOT IN (SELECT doc_id FROM documents)",
                "near duplicates whose original is not stored",
            ),
        ]
    return checks


# Each input a run met, classified by what the store holds for it now.
_CLASSIFIED = """
WITH met AS (SELECT DISTINCT source FROM run_inputs),
stored AS (
    SELECT source, min(CASE WHEN relation = 'original' THEN 0 ELSE 1 END) AS dup FROM inputs
    GROUP BY source
),
by_url AS (SELECT DISTINCT url FROM inputs WHERE url IS NOT NULL),
failed AS (SELECT DISTINCT source FROM failures)
SELECT met.source,
    CASE WHEN stored.dup = 0 THEN 'documents'
         WHEN stored.dup = 1 THEN 'duplicates'
         WHEN met.source IN (SELECT url FROM by_url) THEN 'documents'
         WHEN met.source IN (SELECT source FROM failed) THEN 'failed'
         ELSE 'pending' END AS what
FROM met LEFT JOIN stored USING (source)
ORDER BY met.source
"""


def _manifest(con: duckdb.DuckDBPyConnection, report: CheckReport) -> None:
    report.checks.append("input manifest")
    rows = con.execute(_CLASSIFIED).fetchall()
    totals = {"inputs": len(rows), "documents": 0, "duplicates": 0, "failed": 0, "pending": 0}
    for _, what in rows:
        totals[what] += 1
    report.totals = totals
    pending = [str(source) for source, what in rows if what == "pending"]
    if pending:
        report.violations.append(
            Violation(
                "input manifest",
                len(pending),
                "inputs neither stored nor recorded as failed (an ingest was stopped before "
                "their batch committed); run the same `detente ingest` again",
                tuple(pending[:_EXAMPLES]),
            )
        )
    _runs(con, report)


def _runs(con: duckdb.DuckDBPyConnection, report: CheckReport) -> None:
    rows = con.execute(
        "SELECT run_id, pid, started_at FROM runs WHERE finished_at IS NULL ORDER BY run_id"
    ).fetchall()
    for run_id, pid, started in rows:
        state = "is still running" if _alive(int(pid)) else "was stopped before it finished"
        report.notes.append(
            f"ingest run {run_id} (PID {pid}, started {started:%Y-%m-%d %H:%M}) {state}"
        )


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
