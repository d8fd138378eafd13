"""Materialised stories: the default clustering, kept in tables so analyses scale.

Query-time clustering (:mod:`detente.analysis.select`) is exact for any filter but
runs window functions over every matching event. For the filter most analyses use
(default factuality, no other restriction, default tolerance) the result is kept
in ``story_members`` (one row per event: its story) and ``stories`` (one row per
story), migration 8. :func:`refresh_stories` brings them up to date incrementally:
only the (country pair, CAMEO root) partitions that gained or lost events are
clustered again. Whether the tables still describe the events table and the
analyst's corrections, and so may answer, is :mod:`detente.analysis.materialised`'s
to say; when they do not, analyses fall back to query-time clustering, so a stale
table never changes a count.

Stories cluster the events as corrected (:func:`detente.store.views.corrected_events`):
a rejected event is in no story, a corrected one in the story of its corrected pair
and root. ``stories_state.refreshed_at`` is the overrides fingerprint: the latest
``event_overrides.updated_at`` the tables include (or the refresh time, if later).
Override writers only ever replace an override, writing a new ``updated_at``, so
an override newer than that is one the tables have not seen; a refresh reclusters
the partitions such an event left and joined (:func:`refresh_corrections`).

The same transaction refreshes the tables that pre-aggregate the stories by dyad and
period and key the events by pair and date (:mod:`detente.analysis.rollups`), so they
are fresh exactly when the stories are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from detente.analysis.filter import Sql, side_expr, side_sql
from detente.analysis.materialised import DEFAULT_FILTER, fresh
from detente.analysis.rollups import refresh_rollups
from detente.analysis.select import MEAN_GOLDSTEIN_SQL, story_members_sql
from detente.clock import utc_now
from detente.store import Store
from detente.store.views import corrected_events, corrected_value

__all__ = [
    "RefreshReport",
    "has_materialised",
    "refresh_after_write",
    "refresh_corrections",
    "refresh_stories",
]

_PARTITION = "country_a, country_b, cameo_root"


@dataclass(frozen=True, slots=True)
class RefreshReport:
    """What a refresh did."""

    full: bool
    partitions: int
    events: int
    stories: int


def _has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'stories_state'"
    ).fetchone()
    return bool(row and row[0])


@dataclass(frozen=True, slots=True)
class _State:
    """What the tables describe: the events (row count, last row id), the overrides."""

    events: int
    max_rowid: int
    overrides_at: dt.datetime


def _state(con: duckdb.DuckDBPyConnection) -> _State | None:
    if not _has_tables(con):
        return None
    row = con.execute("SELECT events, max_rowid, refreshed_at FROM stories_state").fetchone()
    return None if row is None else _State(int(row[0]), int(row[1]), row[2])


def _has_overrides_table(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'event_overrides'"
    ).fetchone()
    return bool(row and row[0])


def _overrides_at(con: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    """The overrides fingerprint: when the newest override was written (None: none)."""
    if not _has_overrides_table(con):
        return None
    row = con.execute("SELECT max(updated_at) FROM event_overrides").fetchone()
    return None if row is None else row[0]


def _events_fresh(con: duckdb.DuckDBPyConnection, state: _State) -> bool:
    row = con.execute(
        "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM events WHERE rowid > ?)",
        [state.max_rowid],
    ).fetchone()
    return bool(row and int(row[0]) == state.events and int(row[1]) == 0)


def has_materialised(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether stories were ever materialised in this store (refresh keeps them so)."""
    return _state(con) is not None


def refresh_stories(store: Store, *, full: bool = False) -> RefreshReport:
    """Bring ``stories`` and ``story_members`` up to date, in one transaction.

    Only the partitions (country pair, CAMEO root) with appended, deleted or newly
    corrected events are clustered again (a corrected event's old partition and new
    one); when the tables are fresh nothing is (a rowid range scan).
    """
    with store.transaction() as con:
        return _refresh(con, _state(con), full=full)


def refresh_corrections(con: duckdb.DuckDBPyConnection) -> RefreshReport | None:
    """Recluster the partitions that new corrections changed, in the caller's transaction.

    Called by the override writers (:func:`detente.web.overrides.correct_event`) right
    after they write an override: the partitions (country pair, CAMEO root) the event
    was in and is now in are clustered again and the fingerprint moves on, so the
    tables stay fresh. Nothing happens when the stories were never materialised or are
    stale for appended events anyway (the next refresh catches up on both).
    """
    state = _state(con)
    if state is None or not _events_fresh(con, state):
        return None
    return _refresh(con, state, full=False)


def _refresh(con: duckdb.DuckDBPyConnection, state: _State | None, *, full: bool) -> RefreshReport:
    max_row = con.execute("SELECT count(*), coalesce(max(rowid), -1) FROM events").fetchone()
    count, max_rowid = (int(max_row[0]), int(max_row[1])) if max_row else (0, -1)
    full = full or state is None
    latest = _overrides_at(con)
    if full or state is None:
        con.execute("DELETE FROM story_members")
        con.execute("DELETE FROM stories")
        partitions = _recluster(con, None)
        refresh_rollups(con, touched=None, full=True)
    elif (touched := _touched(con, state, count)) is not None:
        partitions = _recluster(con, touched)
        refresh_rollups(
            con,
            touched=touched,
            full=False,
            max_rowid=state.max_rowid,
            overrides_since=state.overrides_at,
        )
    else:
        partitions = 0
    con.execute("DROP TABLE IF EXISTS temp.touched")
    now = utc_now()
    con.execute("DELETE FROM stories_state")
    con.execute(
        "INSERT INTO stories_state VALUES (?, ?, ?)",
        [count, max_rowid, max(now, latest) if latest else now],
    )
    row = con.execute("SELECT count(*) FROM stories").fetchone()
    return RefreshReport(
        full=full, partitions=partitions, events=count, stories=int(row[0]) if row else 0
    )


def refresh_after_write(store: Store, *, enabled: bool = True) -> RefreshReport | None:
    """Keep the materialised stories current after a command wrote events.

    Called once per run by ``ingest``, ``import_events`` and ``attach_output``: the
    first call materialises every story, later ones recluster only what changed, and
    a store whose tables are already fresh costs a rowid range scan. ``enabled=False``
    (``--no-refresh-stories``) skips it for bulk loads; analyses then cluster at query
    time until ``detente refresh-stories``.
    """
    if not enabled or fresh(store.con):
        return None
    return refresh_stories(store)


def _touched(con: duckdb.DuckDBPyConnection, state: _State, count: int) -> str | None:
    """A temp table of the partitions with appended events, with events gone, or with
    events corrected since the last refresh (None: none).

    Rows up to the recorded last rowid existed at the last refresh, so the events gone
    are ``recorded count + appended - count now``; only then is an anti-join needed.
    """
    recorded, max_rowid = state.events, state.max_rowid
    overrides = _has_overrides_table(con)
    join = "LEFT JOIN event_overrides o ON o.event_id = e.event_id" if overrides else ""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE touched AS
        SELECT DISTINCT {_corrected_partition(overrides)}
        FROM events e {join} WHERE e.rowid > {int(max_rowid)}
    """)  # fmt: skip
    if overrides:
        _touch_corrected(con, state.overrides_at)
    row = con.execute(f"SELECT count(*) FROM events WHERE rowid > {int(max_rowid)}").fetchone()
    appended = int(row[0]) if row else 0
    if recorded + appended != count:
        con.execute(f"""
            INSERT INTO temp.touched
            SELECT DISTINCT {_PARTITION} FROM story_members m
            WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = m.event_id)
            EXCEPT SELECT * FROM temp.touched
        """)  # fmt: skip
    row = con.execute("SELECT count(*) FROM temp.touched").fetchone()
    return "temp.touched" if row and row[0] else None


def _corrected_partition(overrides: bool) -> str:
    """The partition columns of ``events e`` (with its override ``o``, if any)."""
    if not overrides:
        pair = f"{side_sql('source')}, {side_sql('target')}"
        return f"least({pair}) AS country_a, greatest({pair}) AS country_b, e.cameo_root"
    sides = [
        side_expr(
            corrected_value(f"{side}_country"),
            corrected_value(f"{side}_actor"),
            f"e.{side}_sector",
        )
        for side in ("source", "target")
    ]
    pair = ", ".join(sides)
    return (
        f"least({pair}) AS country_a, greatest({pair}) AS country_b, "
        f"{corrected_value('cameo_root')} AS cameo_root"
    )


def _touch_corrected(con: duckdb.DuckDBPyConnection, since: dt.datetime) -> None:
    """Add the partitions of events corrected after ``since``: the one each was in
    (its stored membership) and the one it is in now (rejections: none)."""
    con.execute(f"""
        INSERT INTO temp.touched
        SELECT {_PARTITION} FROM story_members
        WHERE event_id IN (SELECT event_id FROM event_overrides WHERE updated_at > ?)
        UNION
        SELECT {_corrected_partition(True)}
        FROM events e JOIN event_overrides o ON o.event_id = e.event_id
        WHERE o.updated_at > ? AND o.status <> 'rejected'
        EXCEPT SELECT * FROM temp.touched
    """, [since, since])  # fmt: skip


def _recluster(con: duckdb.DuckDBPyConnection, touched: str | None) -> int:
    """Cluster the touched partitions (all when ``touched`` is None) again.

    An incremental refresh puts the new members in a temp table first, so that its
    stories are aggregated from them (joined to their events by key) rather than
    from every stored member.
    """
    if touched is None:
        members = story_members_sql(con, DEFAULT_FILTER, stored=False)
        con.execute(
            f"INSERT INTO story_members SELECT * FROM ({members.text}) ORDER BY {_PARTITION}",
            list(members.params),
        )
        con.execute(_STORIES_INSERT.format(members="story_members", events=corrected_events(con)))
        row = con.execute(f"SELECT count(DISTINCT ({_PARTITION})) FROM story_members").fetchone()
        return int(row[0]) if row else 0
    sides = f"{side_sql('source')}, {side_sql('target')}"
    own = f"least({sides}), greatest({sides}), e.cameo_root"
    extra = (Sql(f"({own}) IN (SELECT ({_PARTITION}) FROM {touched})"),)
    for table in ("story_members", "stories"):
        con.execute(f"DELETE FROM {table} WHERE {_in_touched('', touched)}")
    members = story_members_sql(con, DEFAULT_FILTER, extra=extra, stored=False)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE new_members AS SELECT * FROM ({members.text})",
        list(members.params),
    )
    try:
        con.execute(
            f"INSERT INTO story_members SELECT * FROM temp.new_members ORDER BY {_PARTITION}"
        )
        con.execute(
            _STORIES_INSERT.format(members="temp.new_members", events=corrected_events(con))
        )
    finally:
        con.execute("DROP TABLE IF EXISTS temp.new_members")
    row = con.execute(f"SELECT count(*) FROM {touched}").fetchone()
    return int(row[0]) if row else 0


def _in_touched(prefix: str, touched: str) -> str:
    mine = ", ".join(prefix + c for c in ("country_a", "country_b", "cameo_root"))
    return f"({mine}) IN (SELECT ({_PARTITION}) FROM {touched})"


_SOURCE_NAME = "coalesce(d.sitename, nullif(regexp_extract(d.url, '//([^/]+)', 1), ''), e.doc_id)"
_STORIES_INSERT = f"""
    INSERT INTO stories
    SELECT m.story_id, min(e.date_start), max(coalesce(e.date_end, e.date_start)),
           first(e.source_country ORDER BY e.confidence DESC, e.date_start, e.event_id),
           first(e.target_country ORDER BY e.confidence DESC, e.date_start, e.event_id),
           m.country_a, m.country_b, m.cameo_root, min(e.quad_class),
           {MEAN_GOLDSTEIN_SQL.format(p="e.")}, mode(e.event_type), count(*),
           count(DISTINCT e.doc_id), count(DISTINCT {_SOURCE_NAME}),
           sum(coalesce(e.mentions, 1))
    FROM {{members}} m JOIN {{events}} e ON e.event_id = m.event_id
    LEFT JOIN documents d ON d.doc_id = e.doc_id
    GROUP BY m.story_id, m.country_a, m.country_b, m.cameo_root
    ORDER BY m.country_a, m.country_b, m.cameo_root
"""
