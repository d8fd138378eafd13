"""Which events an analysis counts, and how: the filter, and stories versus mentions.

Every analysis starts from the same SQL: the events that pass an
:class:`AnalysisFilter`, grouped into *stories* (one real-world event reported by
several documents) or kept as *mentions* (every coded row, weighted by the
mentions it stands for, as GDELT counts). The result is a relation of *units*
with one row per counted thing, so that each analysis is a plain ``GROUP BY``.
The events are read as the analyst corrected them (:func:`detente.store.views.corrected_events`):
rejected events never count, and a corrected actor, code or factuality replaces
the coder's, so the CLI, the library and the web app give the same numbers.

Relations: an event whose source country is its target country (police against
protesters of one country) is *domestic*. Analyses count interstate relations by
default and leave domestic events out; ``relations="domestic"`` counts only them,
with each side a *party* (``GEO:COP``, the country and its sector), so that dyads,
series, stories, alerts and the network of domestic relations are the same
computations over sector pairs of one country (:mod:`detente.analysis.domestic`).

Story clustering: events of the same undirected country pair and the same CAMEO
root whose date ranges overlap (within ``tolerance_days``) chain into one story.
Events dated only to a span longer than a month ("in 2020") would swallow every
precise event of that span, so they cluster only with events of the same span.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Literal

import duckdb

from detente.errors import DetenteError
from detente.models import PLOVER_TYPES
from detente.store.views import corrected_events

Counted = Literal["stories", "mentions"]
COUNTED: tuple[str, ...] = ("stories", "mentions")
Relations = Literal["interstate", "domestic"]
RELATIONS: tuple[str, ...] = ("interstate", "domestic")
DEFAULT_FACTUALITY: tuple[str, ...] = ("asserted", "reported")
FACTUALITIES: tuple[str, ...] = ("asserted", "reported", "hypothetical", "negated", "future")
DATE_BASES: tuple[str, ...] = ("explicit", "relative", "coreference", "publication", "unknown")


class AnalysisError(DetenteError):
    """An analysis was asked for something the store or the options cannot give."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalysisFilter:
    """Which events count. Empty tuples mean "any"; dates are inclusive.

    By default only asserted and reported events count: a negated attack ("was
    thwarted") or a hypothetical purchase is not an event of the relation.
    """

    factuality: tuple[str, ...] = DEFAULT_FACTUALITY
    date_basis: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    counted: Counted = "stories"
    tolerance_days: int = 1
    relations: Relations = "interstate"

    def __post_init__(self) -> None:
        _check_values("factuality", self.factuality, FACTUALITIES)
        _check_values("date basis", self.date_basis, DATE_BASES)
        for kind in self.event_types:
            if not (kind.isdigit() or kind.upper() in PLOVER_TYPES):
                raise AnalysisError(
                    f"event type {kind!r} is neither a PLOVER type nor a CAMEO prefix; "
                    f"use one of {', '.join(PLOVER_TYPES)} or digits like 19"
                )
        if self.counted not in COUNTED:
            raise AnalysisError(f"cannot count {self.counted!r}; use stories or mentions")
        if self.relations not in RELATIONS:
            raise AnalysisError(
                f"unknown relations {self.relations!r}; use one of {', '.join(RELATIONS)}"
            )

    @property
    def domestic(self) -> bool:
        """Whether this filter counts domestic relations (sector pairs of one country)."""
        return self.relations == "domestic"

    def describe(self) -> str:
        """One line saying what is counted, for every output."""
        parts = [self.counted, "factuality " + (",".join(self.factuality) or "any")]
        if self.domestic:
            parts.insert(0, "domestic relations")
        if self.date_basis:
            parts.append("date basis " + ",".join(self.date_basis))
        if self.event_types:
            parts.append("types " + ",".join(self.event_types))
        if self.sources:
            parts.append("sources " + ",".join(self.sources))
        if self.datasets:
            parts.append("datasets " + ",".join(self.datasets))
        return "; ".join(parts)


def _check_values(what: str, values: tuple[str, ...], allowed: tuple[str, ...]) -> None:
    for value in values:
        if value not in allowed:
            raise AnalysisError(f"unknown {what} {value!r}; use one of {', '.join(allowed)}")


@dataclass(frozen=True, slots=True)
class Sql:
    """A SQL fragment with its parameters."""

    text: str
    params: tuple[Any, ...] = ()


def event_extras(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """SQL expressions for an event's dataset and mentions, on any schema version."""
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'"
    ).fetchall()
    names = {str(r[0]) for r in rows}
    dataset = "coalesce(e.dataset, 'detente')" if "dataset" in names else "'detente'"
    mentions = "coalesce(e.mentions, 1)" if "mentions" in names else "1"
    return dataset, mentions


def where_clause(flt: AnalysisFilter, *, dataset_sql: str) -> Sql:
    """The WHERE clause (over ``events e`` joined to ``documents d``) of a filter."""
    clauses: list[str] = [DOMESTIC_SQL if flt.domestic else INTERSTATE_SQL]
    params: list[Any] = []
    if flt.factuality:
        clauses.append(f"e.factuality IN ({_marks(flt.factuality)})")
        params += flt.factuality
    if flt.date_basis:
        clauses.append(f"e.date_basis IN ({_marks(flt.date_basis)})")
        params += flt.date_basis
    if flt.event_types:
        alternatives = []
        for kind in flt.event_types:
            if kind.isdigit():
                alternatives.append("starts_with(e.cameo_code, ?)")
            else:
                alternatives.append("e.event_type = ?")
            params.append(kind.upper())
        clauses.append("(" + " OR ".join(alternatives) + ")")
    if flt.sources:
        clauses.append(
            f"(d.sitename IN ({_marks(flt.sources)}) OR {dataset_sql} IN ({_marks(flt.sources)}))"
        )
        params += flt.sources
        params += flt.sources
    if flt.datasets:
        clauses.append(f"{dataset_sql} IN ({_marks(flt.datasets)})")
        params += flt.datasets
    if flt.since:
        clauses.append("coalesce(e.date_end, e.date_start) >= ?")
        params.append(flt.since)
    if flt.until:
        clauses.append("e.date_start <= ?")
        params.append(flt.until)
    return Sql(" AND ".join(clauses), tuple(params))


# An event is domestic when both sides are the same country; an event without a
# target (or without a source country) is not domestic, and stays in the default view.
DOMESTIC_SQL = "e.source_country = e.target_country"
INTERSTATE_SQL = "NOT coalesce(e.source_country = e.target_country, FALSE)"


def side_expr(country: str, actor: str, sector: str) -> str:
    """SQL for who one side of an event is in a dyad: its country, or for an actor
    without one (an international body: ``EU``, ``NATOGOV``) the actor's code without
    its sector (``EU``, ``NATO``); NULL for a bare sector (``COP``) or no actor."""
    body = (
        f"CASE WHEN nullif({sector}, '') IS NOT NULL AND ends_with({actor}, {sector}) "
        f"THEN nullif(left({actor}, length({actor}) - length({sector})), '') "
        f"ELSE nullif({actor}, '') END"
    )
    return f"coalesce({country}, {body})"


def side_sql(side: str, prefix: str = "e.") -> str:
    """:func:`side_expr` of the ``source`` or ``target`` side of ``events e``."""
    return side_expr(f"{prefix}{side}_country", f"{prefix}{side}_actor", f"{prefix}{side}_sector")


def party_sql(side: str, prefix: str = "e.") -> str:
    """SQL for one side's party: its country, and its sector when known (``GEO:COP``)."""
    sector = f"nullif({prefix}{side}_sector, '')"
    return f"{prefix}{side}_country || coalesce(':' || {sector}, '')"


def is_domestic_pair(pair: tuple[str, str]) -> bool:
    """Whether a dyad names a domestic relation: one country twice (``GEO-GEO``) or two
    parties (``GEO:COP-GEO:CVL``)."""
    a, b = pair[0].upper(), pair[1].upper()
    return a == b or ":" in a or ":" in b


def for_pair(flt: AnalysisFilter, pair: tuple[str, str] | None) -> AnalysisFilter:
    """The filter a dyad asks for: a domestic pair counts domestic relations."""
    if pair is not None and not flt.domestic and is_domestic_pair(pair):
        return replace(flt, relations="domestic")
    return flt


def domestic_clause(pair: tuple[str, str]) -> Sql:
    """Domestic events of one country (``("GEO", "GEO")``) or of one pair of parties
    (``("GEO:COP", "GEO:CVL")``, either order)."""
    a, b = pair[0].upper(), pair[1].upper()
    if ":" not in a and ":" not in b:
        if a != b:
            raise AnalysisError(
                f"{a}-{b} is not a domestic relation; name one country twice, e.g. {a}-{a}"
            )
        return Sql("(e.source_country = ? AND e.target_country = ?)", (a, a))
    source, target = party_sql("source"), party_sql("target")
    return Sql(
        f"(least({source}, {target}) = ? AND greatest({source}, {target}) = ?)",
        (min(a, b), max(a, b)),
    )


def dyad_clause(dyad: tuple[str, str], *, directed: bool) -> Sql:
    """Events between two countries (or bodies, :func:`side_sql`): one direction, or both.

    Written so that the plain country columns decide for most rows; the sides of an
    actor without a country are only computed for rows with such a side.
    """
    a, b = dyad[0].upper(), dyad[1].upper()
    source, target = side_sql("source"), side_sql("target")
    countries = "(e.source_country = ? AND e.target_country = ?)"
    one_unknown = "(e.source_country IS NULL OR e.target_country IS NULL)"
    bodies = f"({one_unknown} AND {source} = ? AND {target} = ?)"
    if directed:
        return Sql(f"({countries} OR {bodies})", (a, b, a, b))
    return Sql(f"({countries} OR {countries} OR {bodies} OR {bodies})", (a, b, b, a, a, b, b, a))


def actor_clause(actor: str) -> Sql:
    """Events with this country or actor code on either side."""
    code = actor.upper()
    return Sql(
        "(? IN (e.source_country, e.target_country, e.source_actor, e.target_actor))",
        (code,),
    )


def _marks(values: tuple[Any, ...]) -> str:
    return ", ".join("?" for _ in values)


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
    Such stories come from the materialised tables (:mod:`detente.analysis.stories`)
    when they are fresh and hold this filter's stories. ``pair`` restricts to an
    undirected country pair (the one restriction the tables can apply).
    """
    flt = for_pair(flt, pair)
    if not detail and not extra:
        from detente.analysis.stories import materialised

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
        from detente.analysis.stories import materialised_members

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
