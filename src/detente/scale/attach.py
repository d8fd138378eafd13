"""``detente attach DIR``: import a run's Parquet output into the DuckDB store.

Only partitions the manifest lists as finished are imported, each in one
transaction, and each only once (``attached_partitions`` remembers them), so
attaching a folder while its run continues, or twice, adds nothing twice. After
that, ``detente events``, ``detente dyads``, the analysis and the web app see the
rows like any others. Rows are keyed as in ``detente ingest``: a document or event
already in the store is kept, not duplicated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from pyarrow import fs

from detente.analysis.stories import refresh_after_write
from detente.clock import utc_now
from detente.errors import StoreError
from detente.models import EVENT_FIELDS
from detente.scale.output import OutputDir
from detente.scale.records import DOCUMENT_COLUMNS
from detente.store import Store

_DOC_SELECT = ", ".join(f"CAST({c} AS DATE)" if c == "date" else c for c in DOCUMENT_COLUMNS)
_EVENT_SELECT = ", ".join(
    f"CAST({c} AS DATE)" if c in ("date_start", "date_end") else c for c in EVENT_FIELDS
)
_INSERTS: dict[str, str] = {
    "documents": (
        f"INSERT OR IGNORE INTO documents ({', '.join(DOCUMENT_COLUMNS)}, ingested_at) "
        f"SELECT {_DOC_SELECT}, ? FROM incoming"
    ),
    "events": (
        f"INSERT OR IGNORE INTO events ({', '.join(EVENT_FIELDS)}) "
        f"SELECT {_EVENT_SELECT} FROM incoming"
    ),
    "mentions": (
        "INSERT OR IGNORE INTO mentions "
        "(doc_id, start_char, end_char, text, actor, country, sector, name, kind, rule) "
        'SELECT doc_id, "start", "end", text, actor, country, sector, name, kind, rule '
        "FROM incoming"
    ),
    "failures": (
        "INSERT OR REPLACE INTO failures (source, stage, reason, doc_id, recorded_at) "
        "SELECT source, stage, reason, doc_id, ? FROM incoming"
    ),
}
_NEEDS_TIME = frozenset({"documents", "failures"})


@dataclass(frozen=True, slots=True, kw_only=True)
class AttachReport:
    """What ``attach`` did: partitions imported now and before, rows added now."""

    uri: str
    partitions: int
    already: int
    documents: int
    events: int
    failures: int


def attach_output(
    store: Store, output: str | Path, *, refresh_stories: bool = True
) -> AttachReport:
    """Import the finished partitions of a ``detente run`` output folder into ``store``.

    ``refresh_stories=False`` leaves the materialised stories stale (analyses cluster
    at query time) until ``detente refresh-stories``: for a series of bulk attaches.
    """
    out = OutputDir(output)
    finished = out.finished()
    if not finished:
        raise StoreError(
            f"{output}: no finished partitions (no {output}/_manifest); "
            f"run `detente run --input ... --output {output}` first"
        )
    uri = _canonical(out)
    known = _attached(store, uri)
    before = _counts(store)
    todo = sorted(set(finished) - known)
    for part_id in todo:
        _import_partition(store, out, uri, part_id)
    refresh_after_write(store, enabled=refresh_stories)  # once per attach
    after = _counts(store)
    return AttachReport(
        uri=uri,
        partitions=len(todo),
        already=len(known & set(finished)),
        documents=after[0] - before[0],
        events=after[1] - before[1],
        failures=after[2] - before[2],
    )


def _import_partition(store: Store, out: OutputDir, uri: str, part_id: str) -> None:
    now = utc_now()
    with store.transaction() as con:
        for name, sql in _INSERTS.items():
            path = out.path(name, f"part-{part_id}.parquet")
            if out.fs.get_file_info(path).type != fs.FileType.File:
                continue
            table = pq.read_table(path, filesystem=out.fs)
            con.register("incoming", table)
            try:
                con.execute(sql, [now] if name in _NEEDS_TIME else [])
            finally:
                con.unregister("incoming")
        con.execute(
            "INSERT OR IGNORE INTO attached_partitions VALUES (?, ?, ?)", [uri, part_id, now]
        )


def _attached(store: Store, uri: str) -> set[str]:
    rows = store.con.execute(
        "SELECT part_id FROM attached_partitions WHERE uri = ?", [uri]
    ).fetchall()
    return {str(row[0]) for row in rows}


def _counts(store: Store) -> tuple[int, int, int]:
    def one(table: str) -> int:
        row: Any = store.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    return one("documents"), one("events"), one("failures")


def _canonical(out: OutputDir) -> str:
    return out.uri if "://" in out.uri else str(Path(out.uri).resolve())
