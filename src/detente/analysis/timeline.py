"""Timelines and actor profiles: the events behind the numbers, down to the sentence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from detente.analysis.filter import (
    AnalysisFilter,
    Sql,
    actor_clause,
    dyad_clause,
    event_extras,
    for_pair,
)
from detente.analysis.select import story_members_sql, units_sql
from detente.store import Store
from detente.store.views import corrected_events


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineEntry:
    """One event mention, with its story and the document it came from."""

    event_id: str
    story_id: str
    story_documents: int
    date_start: dt.date | None
    date_end: dt.date | None
    date_granularity: str
    source_actor: str | None
    target_actor: str | None
    event_type: str
    cameo_code: str
    quad_class: int
    goldstein: float
    factuality: str
    sentence: str
    doc_id: str
    title: str | None
    url: str | None
    dataset: str
    sentence_start: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Partner:
    """A counterpart of an actor: how much cooperation and conflict passed between them."""

    country: str
    count: int
    cooperation: int
    conflict: int
    net_cooperation: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorProfile:
    """What an actor did and suffered, and with whom."""

    actor: str
    counted: str
    description: str
    count: int
    by_quad: tuple[int, int, int, int]
    goldstein_sum: float
    first: dt.date | None
    last: dt.date | None
    partners: tuple[Partner, ...]
    adversaries: tuple[Partner, ...]


def timeline(
    store: Store,
    *,
    dyad: tuple[str, str] | None = None,
    actor: str | None = None,
    directed: bool = False,
    flt: AnalysisFilter | None = None,
    limit: int | None = None,
    offset: int = 0,
    extra: tuple[Sql, ...] = (),
) -> list[TimelineEntry]:
    """A dyad's or an actor's event mentions in date order, each with its story
    (``extra`` restricts the events further, before they are grouped into stories)."""
    flt = for_pair(flt or AnalysisFilter(), dyad)
    extra = tuple(extra)
    pair = dyad if dyad and not directed else None
    if dyad and directed:
        extra += (dyad_clause(dyad, directed=True),)
    if actor:
        extra += (actor_clause(actor),)
    members = story_members_sql(store.con, _as_stories(flt), extra=extra, pair=pair)
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit else ""
    order = "date_start NULLS LAST, story_id, doc_id, sentence_start, event_id"
    page_sql = Sql(
        f"SELECT event_id, story_id, num_documents FROM ({members.text}) ORDER BY {order}{page}",
        members.params,
    )
    found = store.con.execute(page_sql.text, list(page_sql.params)).fetchall()
    details = _details(store, [str(r[0]) for r in found], page_sql)
    rows = [(r[0], r[1], r[2], *details[str(r[0])]) for r in found if str(r[0]) in details]
    return [_entry(r) for r in rows]


def _details(store: Store, event_ids: list[str], page: Sql) -> dict[str, tuple[object, ...]]:
    """The event and document fields of a page of events (a short page by key lookups)."""
    if not event_ids:
        return {}
    params: list[object]
    if len(event_ids) <= _IN_LIST:
        where, params = f"e.event_id IN ({', '.join('?' for _ in event_ids)})", [*event_ids]
    else:
        where, params = f"e.event_id IN (SELECT event_id FROM ({page.text}))", [*page.params]
    rows = store.con.execute(
        f"""SELECT e.event_id, e.date_start, e.date_end, e.date_granularity, e.source_actor,
                   e.target_actor, coalesce(e.event_type, ''), e.cameo_code, e.quad_class,
                   e.goldstein, e.factuality, e.sentence, e.doc_id, d.title, d.url,
                   {_dataset_expr(store)}, e.sentence_start
            FROM {corrected_events(store.con)} e LEFT JOIN documents d ON d.doc_id = e.doc_id
            WHERE {where}""",
        params,
    ).fetchall()
    return {str(r[0]): tuple(r[1:]) for r in rows}


_IN_LIST = 500


def _as_stories(flt: AnalysisFilter) -> AnalysisFilter:
    """Timelines always group mentions into stories; only the filter is the caller's."""
    return flt if flt.counted == "stories" else replace(flt, counted="stories")


def _dataset_expr(store: Store) -> str:
    return event_extras(store.con)[0]


def _entry(r: tuple[object, ...]) -> TimelineEntry:
    return TimelineEntry(
        event_id=str(r[0]),
        story_id=str(r[1]),
        story_documents=int(r[2]),  # type: ignore[call-overload]
        date_start=r[3],  # type: ignore[arg-type]
        date_end=r[4],  # type: ignore[arg-type]
        date_granularity=str(r[5]),
        source_actor=None if r[6] is None else str(r[6]),
        target_actor=None if r[7] is None else str(r[7]),
        event_type=str(r[8]),
        cameo_code=str(r[9]),
        quad_class=int(r[10]),  # type: ignore[call-overload]
        goldstein=float(r[11]),  # type: ignore[arg-type]
        factuality=str(r[12]),
        sentence=str(r[13]),
        doc_id=str(r[14]),
        title=None if r[15] is None else str(r[15]),
        url=None if r[16] is None else str(r[16]),
        dataset=str(r[17]),
        sentence_start=int(r[18]),  # type: ignore[call-overload]
    )


def actor_profile(
    store: Store, actor: str, *, flt: AnalysisFilter | None = None, top: int = 5
) -> ActorProfile:
    """An actor's totals and its main partners (net cooperation) and adversaries."""
    flt = flt or AnalysisFilter()
    code = actor.upper()
    units = units_sql(store.con, flt, extra=(actor_clause(code),), detail=False)
    country = code[:3]
    sql = f"""
        SELECT CASE WHEN country_a = ? THEN country_b ELSE country_a END AS other,
               sum(weight), sum(CASE WHEN quad_class IN (1, 2) THEN weight ELSE 0 END),
               sum(CASE WHEN quad_class IN (3, 4) THEN weight ELSE 0 END),
               sum(goldstein * weight), min(date_start), max(date_end)
        FROM ({units.text}) GROUP BY ALL
    """
    rows = store.con.execute(sql, [country, *units.params]).fetchall()
    partners = [
        Partner(
            country=str(r[0]),
            count=int(r[1]),
            cooperation=int(r[2]),
            conflict=int(r[3]),
            net_cooperation=round(float(r[4]), 2),
        )
        for r in rows
        if r[0] is not None and r[0] != country
    ]
    count = sum(int(r[1]) for r in rows)
    quads = _quads(store, units)
    firsts = [r[5] for r in rows if r[5] is not None]
    lasts = [r[6] for r in rows if r[6] is not None]
    return ActorProfile(
        actor=code,
        counted=flt.counted,
        description=flt.describe(),
        count=count,
        by_quad=quads,
        goldstein_sum=round(sum(float(r[4]) for r in rows), 2),
        first=min(firsts) if firsts else None,
        last=max(lasts) if lasts else None,
        partners=tuple(
            sorted(
                (p for p in partners if p.net_cooperation > 0),
                key=lambda p: (-p.net_cooperation, p.country),
            )[:top]
        ),
        adversaries=tuple(
            sorted(
                (p for p in partners if p.net_cooperation < 0),
                key=lambda p: (p.net_cooperation, p.country),
            )[:top]
        ),
    )


def _quads(store: Store, units: Sql) -> tuple[int, int, int, int]:
    row = store.con.execute(
        f"""SELECT sum(CASE WHEN quad_class = 1 THEN weight ELSE 0 END),
                   sum(CASE WHEN quad_class = 2 THEN weight ELSE 0 END),
                   sum(CASE WHEN quad_class = 3 THEN weight ELSE 0 END),
                   sum(CASE WHEN quad_class = 4 THEN weight ELSE 0 END)
            FROM ({units.text})""",
        list(units.params),
    ).fetchone()
    if not row or row[0] is None:
        return (0, 0, 0, 0)
    return (int(row[0]), int(row[1]), int(row[2]), int(row[3]))
