"""The units an analysis counts: stories or mentions of the events a filter selects.

Every analysis starts from the same SQL: the events that pass an
:class:`~detente.analysis.filter.AnalysisFilter`, grouped into *stories* (one
real-world event reported by several documents) or kept as *mentions* (every coded
row, weighted by the mentions it stands for, as GDELT counts). The result is a
relation of *units* with one row per counted thing, so that each analysis is a plain
``GROUP BY``. The events are read as the analyst corrected them
(:func:`detente.store.views.corrected_events`): rejected events never count, and a
corrected actor, code or factuality replaces the coder's, so the CLI, the library and
the web app give the same numbers.

Story clustering: events of the same undirected country pair and the same CAMEO
root whose date ranges overlap (within ``tolerance_days``) chain into one story.
Events dated only to a span longer than a month ("in 2020") would swallow every
precise event of that span, so they cluster only with events of the same span. For
the default filter the stories are also kept in tables
(:mod:`detente.analysis.materialised`), which answer instead while they are fresh.
"""

from __future__ import annotations

from typing import Any

import duckdb

from detente.analysis.filter import (
    AnalysisFilter,
    Sql,
    domestic_clause,
    dyad_clause,
    event_extras,
    for_pair,
    party_sql,
    side_sql,
    where_clause,
)
from detente.analysis.materialised import materialised, materialised_members
from detente.store.views import corrected_events


def units_sql(
    con: duckdb.DuckDBPyConnection,
    flt: AnalysisFilter,
    *,
    extra: tuple[Sql, ...] = (),
    pair: tuple[str, str] | None = None,
    detail: bool = True,
) -> Sql:
    """A relation of counted units: one row per story, or one row per event mention.

    Columns: ``unit_id, date_start, date_end, source_country, target_country,
    country_a, country_b, cameo_root, quad_class, goldstein, event_type, weight,
    num_events, num_documents, num_sources, num_mentions, member_ids``. ``weight`` is what a
    count adds up (1 per story; the mentions of an event row).

    ``detail=False`` is for aggregates: the same stories and counts, but without what
    costs most at scale and no aggregate reads (``unit_id`` is the first member's event
    id, ``source_country``/``target_country`` the smallest, ``member_ids`` and
    ``num_sources`` NULL), and without the documents join unless a source filter needs it.
    Such stories come from the materialised tables (:mod:`detente.analysis.materialised`)
    when they are fresh and hold this filter's stories. ``pair`` restricts to an
    undirected country pair (the one restriction the tables can apply).
    """
    flt = for_pair(flt, pair)
    if not detail and not extra:
        stored = materialised(con, flt, pair=pair)
        if stored is not None:
            return stored
    extra = extra + _pair_extra(pair, flt)
    base, params = _filtered_base(con, flt, extra, detail=detail)
    if flt.counted == "mentions":
        return Sql(f"SELECT * EXCLUDE (weight_src), weight_src AS weight FROM ({base})", params)
    return Sql(_stories_sql(base, detail=detail), (*params, flt.tolerance_days))


def story_members_sql(
    con: duckdb.DuckDBPyConnection,
    flt: AnalysisFilter,
    *,
    extra: tuple[Sql, ...] = (),
    pair: tuple[str, str] | None = None,
    stored: bool = True,
) -> Sql:
    """One row per event that passes the filter: ``event_id, story_id, num_documents``
    and its partition (``country_a, country_b, cameo_root``) and timeline order
    (``date_start, doc_id, sentence_start``).

    The same stories (and story ids) as :func:`units_sql`, computed with window
    functions only, so a timeline does not aggregate member lists and join them back.
    With ``stored`` (and no ``extra``), fresh materialised tables answer instead.
    """
    flt = for_pair(flt, pair)
    if stored and not extra:
        members = materialised_members(con, flt, pair=pair)
        if members is not None:
            return members
    base, params = _filtered_base(con, flt, extra + _pair_extra(pair, flt), detail=False)
    sql = f"""
        SELECT unit_id AS event_id,
               's' || substr(md5(first_value(unit_id) OVER story), 1, 15) AS story_id,
               count(DISTINCT doc_id) OVER (PARTITION BY {_KEY}, seq) AS num_documents,
               country_a, country_b, cameo_root, date_start, doc_id, sentence_start
        FROM ({_islands_sql(base)})
        WINDOW story AS (PARTITION BY {_KEY}, seq ORDER BY {_ORDER})
    """
    return Sql(sql, (*params, flt.tolerance_days))


def _pair_extra(pair: tuple[str, str] | None, flt: AnalysisFilter) -> tuple[Sql, ...]:
    if pair is None:
        return ()
    if flt.domestic:
        return (domestic_clause(pair),)
    return (dyad_clause(pair, directed=False),)


def _filtered_base(
    con: duckdb.DuckDBPyConnection, flt: AnalysisFilter, extra: tuple[Sql, ...], *, detail: bool
) -> tuple[str, tuple[Any, ...]]:
    dataset_sql, mentions_sql = event_extras(con)
    where = where_clause(flt, dataset_sql=dataset_sql)
    conditions = [where.text, *(s.text for s in extra)]
    params = where.params + tuple(p for s in extra for p in s.params)
    documents = detail or bool(flt.sources)
    base = _base_sql(
        " AND ".join(conditions),
        mentions_sql,
        relation=corrected_events(con),
        documents=documents,
        detail=detail,
        domestic=flt.domestic,
    )
    return base, params


_SOURCE_NAME = "coalesce(d.sitename, nullif(regexp_extract(d.url, '//([^/]+)', 1), ''), e.doc_id)"
_KEY = "country_a, country_b, cameo_root, coarse"
_ORDER = "date_start, unit_id"
# Exact (decimal) sums, so that a rounded total or mean does not depend on the order in
# which DuckDB's threads add the values up.
EXACT_SUM_SQL = "CAST(sum(CAST({expr} AS DECIMAL(18, 4))) AS DOUBLE)"
MEAN_GOLDSTEIN_SQL = (
    f"round({EXACT_SUM_SQL.format(expr='{p}goldstein')} / count({{p}}goldstein), 2)"
)


def _base_sql(
    where: str, mentions_sql: str, *, relation: str, documents: bool, detail: bool, domestic: bool
) -> str:
    """The filtered events as units of one mention each; ``country_a``/``country_b`` are
    the pair's sides in alphabetical order: countries, or international bodies
    (:func:`side_sql`); domestic: the pair's parties."""
    if domestic:
        sides = f"{party_sql('source')}, {party_sql('target')}"
    else:
        sides = f"{side_sql('source')}, {side_sql('target')}"
    join = "LEFT JOIN documents d ON d.doc_id = e.doc_id" if documents else ""
    source = _SOURCE_NAME if detail else "NULL"
    members = "[e.event_id]" if detail else "CAST(NULL AS VARCHAR[])"
    return f"""
        SELECT e.event_id AS unit_id, e.date_start,
               coalesce(e.date_end, e.date_start) AS date_end,
               e.source_country, e.target_country,
               least({sides}) AS country_a, greatest({sides}) AS country_b,
               e.cameo_root, e.quad_class, e.goldstein, e.event_type, e.doc_id, e.sentence_start,
               e.confidence, {source} AS source_name,
               {mentions_sql} AS weight_src,
               1 AS num_events, 1 AS num_documents, 1 AS num_sources,
               {mentions_sql} AS num_mentions, {members} AS member_ids
        FROM {relation} e {join}
        WHERE {where}
    """


def _islands_sql(base: str) -> str:
    """Gaps and islands: a new story starts where a date range no longer overlaps.

    One parameter (the tolerance in days). The result is the base relation with
    ``coarse`` and ``seq``: a story is one ``(country_a, country_b, cameo_root,
    coarse, seq)`` group.
    """
    return f"""
        WITH b AS (
            SELECT *, date_diff('day', date_start, date_end) > 31 AS coarse FROM ({base})
        ),
        w AS (
            SELECT *,
                max(date_end) OVER (PARTITION BY {_KEY} ORDER BY {_ORDER}
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end,
                lag(date_start) OVER (PARTITION BY {_KEY} ORDER BY {_ORDER}) AS prev_start,
                lag(date_end) OVER (PARTITION BY {_KEY} ORDER BY {_ORDER}) AS prev_end1
            FROM b
        ),
        f AS (
            SELECT *, CASE
                WHEN country_a IS NULL OR country_b IS NULL OR date_start IS NULL THEN 1
                WHEN prev_end IS NULL THEN 1
                WHEN coarse THEN CASE WHEN date_start = prev_start
                                       AND date_end = prev_end1 THEN 0 ELSE 1 END
                WHEN date_start > prev_end + CAST(? AS INTEGER) THEN 1
                ELSE 0 END AS new_story
            FROM w
        )
        SELECT *, sum(new_story) OVER (PARTITION BY {_KEY} ORDER BY {_ORDER}
            ROWS UNBOUNDED PRECEDING) AS seq
        FROM f
    """


def _stories_sql(base: str, *, detail: bool) -> str:
    """One row per story (see :func:`_islands_sql`)."""
    if detail:
        ident = f"'s' || substr(md5(first(unit_id ORDER BY {_ORDER})), 1, 15)"
        source = f"first(source_country ORDER BY confidence DESC, {_ORDER})"
        target = f"first(target_country ORDER BY confidence DESC, {_ORDER})"
        sources = "count(DISTINCT source_name)"
        members = f"list(unit_id ORDER BY {_ORDER})"
    else:
        ident, source, target = "min(unit_id)", "min(source_country)", "min(target_country)"
        sources, members = "CAST(NULL AS BIGINT)", "CAST(NULL AS VARCHAR[])"
    return f"""
        SELECT {ident} AS unit_id,
               min(date_start) AS date_start, max(date_end) AS date_end,
               {source} AS source_country, {target} AS target_country,
               country_a, country_b, cameo_root,
               min(quad_class) AS quad_class, {MEAN_GOLDSTEIN_SQL.format(p="")} AS goldstein,
               mode(event_type) AS event_type, 1 AS weight,
               count(*) AS num_events, count(DISTINCT doc_id) AS num_documents,
               {sources} AS num_sources,
               sum(weight_src) AS num_mentions,
               {members} AS member_ids
        FROM ({_islands_sql(base)}) AS s
        GROUP BY {_KEY}, seq
    """
