"""The store's tables, as numbered migrations recorded in ``schema_migrations``.

Migrations are append-only: a new schema change is a new entry at the end of
``MIGRATIONS``; an applied entry is never edited. Running them twice is a no-op.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from detente.clock import utc_now
from detente.models import Event
from detente.store.rollups import ROLLUP_TABLES

if TYPE_CHECKING:
    import duckdb


def _event_columns() -> str:
    """The events table's columns, derived from the one definition of ``Event``."""
    columns = []
    for f in dataclasses.fields(Event):
        annotation = str(f.type)
        if "date" in annotation:
            sql_type = "DATE"
        elif annotation.startswith("int"):
            sql_type = "INTEGER"
        elif "float" in annotation:
            sql_type = "DOUBLE"
        else:
            sql_type = "VARCHAR"
        suffix = " PRIMARY KEY" if f.name == "event_id" else ""
        columns.append(f"    {f.name} {sql_type}{suffix}")
    return ",\n".join(columns)


_V1_TABLES = f"""
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,
    text VARCHAR NOT NULL,
    title VARCHAR,
    author VARCHAR,
    date DATE,
    section VARCHAR,
    sitename VARCHAR,
    url VARCHAR,
    language VARCHAR,
    source VARCHAR,
    raw_hash VARCHAR,
    status VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
{_event_columns()}
);
CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id);
CREATE TABLE IF NOT EXISTS mentions (
    doc_id VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    actor VARCHAR NOT NULL,
    country VARCHAR,
    sector VARCHAR,
    name VARCHAR,
    kind VARCHAR,
    rule VARCHAR,
    PRIMARY KEY (doc_id, start_char, end_char)
);
CREATE TABLE IF NOT EXISTS actors (
    name VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    country VARCHAR,
    sector VARCHAR,
    kind VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    first_doc_id VARCHAR,
    first_seen TIMESTAMP NOT NULL,
    PRIMARY KEY (name, code)
);
CREATE TABLE IF NOT EXISTS failures (
    source VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    doc_id VARCHAR,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (source, stage)
);
"""

# Migration 2 (ingest): where each input came from (path, URL, feed, WARC record),
# exact and near duplicates linked to their original, MinHash LSH keys over the whole
# store, and what a failure needs to be retried.
_V2_INGEST = """
ALTER TABLE documents ADD COLUMN IF NOT EXISTS text_hash VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS source_kind VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS fetched_at TIMESTAMP;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS duplicate_of VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS similarity DOUBLE;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS minhash BLOB;
CREATE TABLE IF NOT EXISTS inputs (
    source VARCHAR PRIMARY KEY,
    origin VARCHAR,
    source_kind VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    relation VARCHAR NOT NULL,
    similarity DOUBLE,
    raw_hash VARCHAR,
    url VARCHAR,
    fetched_at TIMESTAMP,
    ingested_at TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS inputs_url ON inputs (url);
CREATE TABLE IF NOT EXISTS doc_lsh (
    key BIGINT NOT NULL,
    doc_id VARCHAR NOT NULL
);
ALTER TABLE failures ADD COLUMN IF NOT EXISTS origin VARCHAR;
ALTER TABLE failures ADD COLUMN IF NOT EXISTS source_kind VARCHAR;
ALTER TABLE failures ADD COLUMN IF NOT EXISTS attempts INTEGER DEFAULT 1;
"""

# Migration 3 (analysis): every event row says which dataset it came from and how many
# mentions it stands for (1 for a coded sentence; GDELT's NumMentions for an import).
# The Event reader selects its own fields by name, so these extra columns stay invisible.
_V3_ANALYSIS = """
ALTER TABLE events ADD COLUMN IF NOT EXISTS dataset VARCHAR DEFAULT 'detente';
ALTER TABLE events ADD COLUMN IF NOT EXISTS mentions INTEGER DEFAULT 1;
CREATE TABLE IF NOT EXISTS imports (
    import_id VARCHAR PRIMARY KEY,
    dataset VARCHAR NOT NULL,
    layout VARCHAR NOT NULL,
    path VARCHAR NOT NULL,
    rows BIGINT NOT NULL,
    imported_at TIMESTAMP NOT NULL
);
"""

# Migration 4 (actors): the knowledge base that learns. One row per dated role of an
# actor (``status`` learned, confirmed, user or imported), its aliases, and the evidence
# (document, sentence, date) of every document that taught it.
_V4_KB = """
CREATE TABLE IF NOT EXISTS kb_entries (
    entry_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    aliases VARCHAR[] NOT NULL,
    kind VARCHAR NOT NULL,
    country VARCHAR,
    sector VARCHAR,
    role VARCHAR,
    start_date DATE,
    end_date DATE,
    status VARCHAR NOT NULL,
    source VARCHAR,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS kb_evidence (
    entry_id VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    sentence VARCHAR NOT NULL,
    date DATE,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (entry_id, doc_id, start_char)
);
"""

# Migration 6 (web): an analyst's corrections, kept apart from the coder's rows so that
# re-coding (which rewrites ``events`` and ``actors``) never loses them, and an audit log
# of every write made through the web app or the API.
_V6_OVERRIDES = """
CREATE TABLE IF NOT EXISTS event_overrides (
    event_id VARCHAR PRIMARY KEY,
    status VARCHAR NOT NULL,
    source_actor VARCHAR,
    source_country VARCHAR,
    target_actor VARCHAR,
    target_country VARCHAR,
    cameo_code VARCHAR,
    cameo_root VARCHAR,
    event_type VARCHAR,
    event_mode VARCHAR,
    quad_class INTEGER,
    goldstein DOUBLE,
    factuality VARCHAR,
    note VARCHAR,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS actor_overrides (
    name VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    new_code VARCHAR,
    new_country VARCHAR,
    new_sector VARCHAR,
    note VARCHAR,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (name, code)
);
CREATE TABLE IF NOT EXISTS audit_log (
    recorded_at TIMESTAMP NOT NULL,
    action VARCHAR NOT NULL,
    target VARCHAR NOT NULL,
    detail VARCHAR NOT NULL,
    client VARCHAR
);
"""

# Migration 5 (scale): which finished partitions of which ``detente run`` output
# folders ``detente attach`` has imported, so attaching again imports only new ones.
_V5_ATTACHED = """
CREATE TABLE IF NOT EXISTS attached_partitions (
    uri VARCHAR NOT NULL,
    part_id VARCHAR NOT NULL,
    attached_at TIMESTAMP NOT NULL,
    PRIMARY KEY (uri, part_id)
);
"""

# Migration 7 (reliability): the input manifest. Each ``detente ingest`` is a run; every
# input it meets gets a ``run_inputs`` row, written as ``pending`` before its batch is
# coded and settled (coded, skipped, duplicate, unchanged, failed) in the batch's own
# transaction, so a killed run leaves its unfinished inputs visible to ``detente check``.
_V7_RUNS = """
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY,
    sources VARCHAR[] NOT NULL,
    pid INTEGER NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    inputs INTEGER,
    coded INTEGER,
    unchanged INTEGER,
    duplicates INTEGER,
    skipped INTEGER,
    failed INTEGER,
    events INTEGER
);
CREATE TABLE IF NOT EXISTS run_inputs (
    run_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    outcome VARCHAR NOT NULL
);
"""

# Migration 8 (analysis): the default story clustering, materialised so that analyses
# of a large store read stories instead of clustering events at query time. Refreshed
# incrementally by ``detente.analysis.stories.refresh_stories``; ``stories_state`` says
# which events table it describes (row count, last row id), so a stale copy is ignored.
_V8_STORIES = """
CREATE TABLE IF NOT EXISTS story_members (
    event_id VARCHAR NOT NULL,
    story_id VARCHAR NOT NULL,
    num_documents INTEGER NOT NULL,
    country_a VARCHAR,
    country_b VARCHAR,
    cameo_root VARCHAR,
    date_start DATE,
    doc_id VARCHAR,
    sentence_start INTEGER
);
CREATE TABLE IF NOT EXISTS stories (
    story_id VARCHAR NOT NULL,
    date_start DATE,
    date_end DATE,
    source_country VARCHAR,
    target_country VARCHAR,
    country_a VARCHAR,
    country_b VARCHAR,
    cameo_root VARCHAR,
    quad_class INTEGER,
    goldstein DOUBLE,
    event_type VARCHAR,
    num_events INTEGER NOT NULL,
    num_documents INTEGER NOT NULL,
    num_sources INTEGER NOT NULL,
    num_mentions BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS stories_state (
    events BIGINT NOT NULL,
    max_rowid BIGINT NOT NULL,
    refreshed_at TIMESTAMP NOT NULL
);
"""

# Migration 9 (analysis): the materialised stories of an older store are stale: dyads now
# have an international body as a side (EU-RUS) and leave domestic events (one country on
# both sides) out. Forgetting the state makes analyses cluster at query time until the
# next refresh, which rebuilds every story.
_V9_STORIES_REBUILD = """
DELETE FROM stories_state;
"""

MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "initial tables", _V1_TABLES),
    (2, "ingest provenance, duplicates and retries", _V2_INGEST),
    (3, "event datasets and imports", _V3_ANALYSIS),
    (4, "actor knowledge base with evidence", _V4_KB),
    (5, "attached run outputs", _V5_ATTACHED),
    (6, "analyst overrides and audit log", _V6_OVERRIDES),
    (7, "ingest runs and input manifest", _V7_RUNS),
    (8, "materialised stories", _V8_STORIES),
    (9, "rebuild stories: bodies as dyad sides, domestic events apart", _V9_STORIES_REBUILD),
    # Forgets the stories' state, so the next refresh builds the new tables with them.
    (10, "dyad periods and event keys", ROLLUP_TABLES),
)


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the migrations not yet recorded; return the versions applied now."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    rows = con.execute("SELECT version FROM schema_migrations").fetchall()
    done = {int(row[0]) for row in rows}
    applied = []
    for version, name, sql in sorted(MIGRATIONS):
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [version, name, utc_now()],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest applied migration (0 for an empty file)."""
    row = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0]) if row and row[0] is not None else 0
