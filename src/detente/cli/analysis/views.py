"""Commands that print analyses: dyad, dyads, timeline, actor, network, alerts."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from detente.analysis.alerts import MIN_BASELINE, MIN_CURRENT
from detente.analysis.alerts import alerts as run_alerts
from detente.analysis.domestic import domestic_filter, domestic_relations, domestic_series
from detente.analysis.dyads import coverage, top_dyads
from detente.analysis.network import build_network, export_network, network_metrics
from detente.analysis.series import dyad_series
from detente.analysis.timeline import actor_profile
from detente.analysis.timeline import timeline as run_timeline
from detente.cli.analysis.options import (
    By,
    Count,
    DateBasis,
    Directed,
    Factuality,
    Fmt,
    Since,
    Sources,
    Types,
    Until,
    make_filter,
    parse_dyad,
    print_records,
)
from detente.cli.common import DbOption, app, errors, out, parse_date, settings
from detente.store import Store


@app.command()
def dyad(
    spec: Annotated[
        str | None,
        typer.Argument(
            help="Two country codes, e.g. AZE-ISR; one country twice (GEO-GEO) for its "
            "domestic relations; two parties (GEO:COP-GEO:CVL) for one sector pair."
        ),
    ] = None,
    domestic: Annotated[
        str | None,
        typer.Option("--domestic", help="A country whose domestic relations to show (GEO)."),
    ] = None,
    db: DbOption = None,
    by: By = "month",
    directed: Directed = False,
    count: Count = "stories",
    factuality: Factuality = None,
    date_basis: DateBasis = None,
    types: Types = None,
    sources: Sources = None,
    since: Since = None,
    until: Until = None,
    fmt: Fmt = "table",
) -> None:
    """A dyad's series per period: counts by quad class, Goldstein, net cooperation."""
    flt = make_filter(
        count,
        factuality,
        date_basis=date_basis,
        types=types,
        sources=sources,
        since=since,
        until=until,
    )
    if (spec is None) == (domestic is None):
        raise typer.BadParameter(
            "name a dyad (AZE-ISR, GEO-GEO) or --domestic GEO, not both", param_hint="DYAD"
        )
    pair = parse_dyad(spec) if spec else (str(domestic).upper(), str(domestic).upper())
    cfg = settings(db=db)
    if pair[0] == pair[1]:
        if directed:
            raise typer.BadParameter("domestic relations have no direction", param_hint="DYAD")
        with errors(), Store.from_settings(cfg, read_only=True) as store:
            home = domestic_series(store, pair[0], by=by, flt=flt)  # type: ignore[arg-type]
        _print_domestic(home, by, fmt)
        return
    with errors(), Store.from_settings(cfg, read_only=True) as store:
        series = dyad_series(store, pair, by=by, directed=directed, flt=flt)  # type: ignore[arg-type]
    title = f"{series.name} per {by}, counting {series.description}"
    if fmt != "table":
        print_records(series.records(), fmt, title=title)
        return
    rows = [{by: r.label, **_period_cells(r, series.counted)} for r in series.rows]
    print_records(rows, fmt, title=title, left=(by,))
    if rows:
        out.print("QC1-4: verbal/material cooperation, verbal/material conflict (quad classes)")


def _period_cells(r: Any, counted: str) -> dict[str, Any]:
    return {
        counted: r.count,
        "QC1": r.by_quad[0],
        "QC2": r.by_quad[1],
        "QC3": r.by_quad[2],
        "QC4": r.by_quad[3],
        "G sum": r.goldstein_sum,
        "G mean": r.goldstein_mean,
        "net coop": r.net_cooperation,
        "conflict": f"{r.conflict_share:.0%}" if r.count else "-",
    }


def _print_domestic(home: Any, by: str, fmt: str) -> None:
    """A country's domestic series: totals per period, then a column per sector pair."""
    title = f"{home.country} domestic relations per {by}, counting {home.description}"
    rows = []
    for i, r in enumerate(home.rows):
        record: dict[str, Any] = {by: r.label, **_period_cells(r, home.counted)}
        record.update({label: pair[i].count for label, pair in home.by_pair.items()})
        rows.append(record)
    print_records(rows, fmt, title=title, left=(by,))
    if fmt == "table" and rows:
        out.print(
            "Sector pairs, state side first: "
            + ", ".join(f"{r.label} {r.summary.events}" for r in home.relations),
            soft_wrap=True,
        )


@app.command()
def dyads(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="Show at most this many dyads.")] = 50,
    min_events: Annotated[int, typer.Option(help="Hide dyads counting fewer than this.")] = 1,
    domestic: Annotated[
        bool,
        typer.Option(
            "--domestic", help="Domestic relations (a country's sector pairs) instead of dyads."
        ),
    ] = False,
    count: Count = "stories",
    factuality: Factuality = None,
    since: Since = None,
    until: Until = None,
    fmt: Fmt = "table",
) -> None:
    """Summarise cooperation and conflict per pair of countries, busiest first."""
    flt = make_filter(count, factuality, since=since, until=until)
    cfg = settings(db=db)
    left_out = ""
    with errors(), Store.from_settings(cfg, read_only=True) as store:
        if domestic:
            found = domestic_relations(store, flt=flt, limit=limit, min_count=min_events)
            heads = [{"country": r.country, "sectors": r.label} for r in found]
            rows = [r.summary for r in found]
            flt = domestic_filter(flt)
        else:
            rows = top_dyads(store, flt=flt, limit=limit, min_count=min_events)
            heads = [{"dyad": "-".join(r.dyad)} for r in rows]
            left_out = coverage(store, flt=flt).note()
    records = [
        {
            **head,
            flt.counted: r.events,
            "QC1": r.by_quad[0],
            "QC2": r.by_quad[1],
            "QC3": r.by_quad[2],
            "QC4": r.by_quad[3],
            "G sum": r.goldstein_sum,
            "G mean": r.goldstein_mean,
            "conflict": f"{r.conflict_share:.0%}",
        }
        for head, r in zip(heads, rows, strict=True)
    ]
    what = "Domestic relations" if domestic else "Dyads"
    left = ("country", "sectors") if domestic else ("dyad",)
    print_records(records, fmt, title=f"{what}, counting {flt.describe()}", left=left)
    if fmt == "table" and not domestic and left_out:
        out.print(f"Not in these dyads: {left_out}", soft_wrap=True)


@app.command()
def timeline(
    spec: Annotated[str, typer.Argument(help="A dyad (AZE-ISR) or one actor (IRN, IRNSPY).")],
    db: DbOption = None,
    directed: Directed = False,
    factuality: Factuality = None,
    types: Types = None,
    since: Since = None,
    until: Until = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    fmt: Fmt = "table",
) -> None:
    """A dyad's or actor's events in date order, with sentence, document and story."""
    flt = make_filter("stories", factuality, types=types, since=since, until=until)
    pair = parse_dyad(spec) if "-" in spec or "/" in spec else None
    cfg = settings(db=db)
    with errors(), Store.from_settings(cfg, read_only=True) as store:
        entries = run_timeline(
            store, dyad=pair, actor=None if pair else spec, directed=directed, flt=flt, limit=limit
        )
    if fmt != "table":
        print_records([asdict(e) for e in entries], fmt, title="")
        return
    out.print(
        f"Timeline {spec.upper()}: {len(entries)} events, factuality {','.join(flt.factuality)}",
        soft_wrap=True,
    )
    for e in entries:
        when = e.date_start.isoformat() if e.date_start else "?"
        if e.date_granularity == "month" and e.date_start:
            when = e.date_start.strftime("%Y-%m")
        doc = e.title or e.doc_id
        out.print(
            f"\n{when}  {e.source_actor or '-'} {e.event_type or 'STATEMENT'} "
            f"({e.cameo_code}) {e.target_actor or '-'}  [{e.factuality}]  story {e.story_id} "
            f"({e.story_documents} doc)",
            soft_wrap=True,
            markup=False,
        )
        out.print(f"  {e.sentence}", markup=False)
        out.print(f"  -- {doc}" + (f" <{e.url}>" if e.url else ""), markup=False)


@app.command()
def actor(
    code: Annotated[str, typer.Argument(help="Country or actor code, e.g. IRN or IRNSPY.")],
    db: DbOption = None,
    count: Count = "stories",
    factuality: Factuality = None,
    since: Since = None,
    until: Until = None,
    top: Annotated[int, typer.Option(help="Partners and adversaries to list.")] = 5,
) -> None:
    """An actor's profile: totals, main partners and main adversaries."""
    flt = make_filter(count, factuality, since=since, until=until)
    cfg = settings(db=db)
    with errors(), Store.from_settings(cfg, read_only=True) as store:
        p = actor_profile(store, code, flt=flt, top=top)
    span = f"{p.first} to {p.last}" if p.first else "no dated events"
    out.print(f"{p.actor}: {p.count} {p.counted} ({span}), counting {p.description}")
    out.print(
        f"QC1 {p.by_quad[0]}, QC2 {p.by_quad[1]}, QC3 {p.by_quad[2]}, QC4 {p.by_quad[3]}; "
        f"Goldstein sum {p.goldstein_sum:+.1f}"
    )
    for title, group in (("partners", p.partners), ("adversaries", p.adversaries)):
        records: list[dict[str, Any]] = [
            {
                "country": q.country,
                p.counted: q.count,
                "cooperation": q.cooperation,
                "conflict": q.conflict,
                "net coop": q.net_cooperation,
            }
            for q in group
        ]
        print_records(records, "table", title=f"Main {title}", left=("country",))


@app.command()
def network(
    db: DbOption = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Also write .graphml, .gexf or .json.")
    ] = None,
    count: Count = "stories",
    factuality: Factuality = None,
    since: Since = None,
    until: Until = None,
    top: Annotated[int, typer.Option(help="Countries to list.")] = 20,
) -> None:
    """The cooperation/conflict network: degree, strength, centrality, communities."""
    flt = make_filter(count, factuality, since=since, until=until)
    cfg = settings(db=db)
    with errors(), Store.from_settings(cfg, read_only=True) as store:
        graph = build_network(store, flt=flt)
        metrics = network_metrics(graph)
        if output:
            export_network(graph, output)
        left_out = coverage(store, flt=flt).note()
    records = [
        {
            "country": m.country,
            "degree": m.degree,
            "strength": m.strength,
            "coop": m.cooperation,
            "conflict": m.conflict,
            "betweenness": f"{m.betweenness:.3f}",
            "eigenvector": f"{m.eigenvector:.3f}",
            "community": m.community,
        }
        for m in metrics[:top]
    ]
    title = (
        f"Network: {graph.number_of_nodes()} countries and bodies, "
        f"{graph.number_of_edges()} dyads, "
        f"counting {flt.describe()}"
    )
    print_records(records, "table", title=title, left=("country",))
    if left_out:
        out.print(f"Not in this network: {left_out}", soft_wrap=True)
    if output:
        out.print(f"network -> {output}")


@app.command()
def alerts(
    db: DbOption = None,
    watch: Annotated[
        list[str] | None,
        typer.Option("--watch", help="Only these dyads, e.g. AZE-IRN (repeatable)."),
    ] = None,
    by: By = "month",
    baseline: Annotated[
        int, typer.Option(help="Periods before the latest that form the baseline.")
    ] = 6,
    min_history: Annotated[int, typer.Option(help="Periods of history a dyad needs.")] = 3,
    as_of: Annotated[
        str | None, typer.Option(help="A date in the latest period (default: the latest event).")
    ] = None,
    count: Count = "stories",
    factuality: Factuality = None,
    include_limited: Annotated[
        bool, typer.Option("--all", help="Also show limited changes.")
    ] = False,
    min_current: Annotated[
        int, typer.Option(help="Events a change or record needs in the latest period.")
    ] = MIN_CURRENT,
    min_baseline: Annotated[
        int, typer.Option(help="Events a change needs in the baseline (if fewer now).")
    ] = MIN_BASELINE,
    domestic: Annotated[
        str | None,
        typer.Option("--domestic", help="A country whose domestic relations to watch (GEO)."),
    ] = None,
) -> None:
    """Relation alerts: the latest period against a baseline (ACLED levels), and records."""
    flt = make_filter(count, factuality)
    pairs = tuple(parse_dyad(w, "--watch") for w in watch or ())
    cfg = settings(db=db)
    with errors(), Store.from_settings(cfg, read_only=True) as store:
        found = run_alerts(
            store,
            watch=pairs,
            by=by,  # type: ignore[arg-type]
            baseline=baseline,
            min_history=min_history,
            as_of=parse_date(as_of, "--as-of"),
            flt=flt,
            include_limited=include_limited,
            min_current=min_current,
            min_baseline=min_baseline,
            domestic=domestic,
        )
    out.print(
        f"{len(found)} alert(s), strongest first, counting {flt.describe()}; at least "
        f"{min_current} events now or {min_baseline} in the baseline",
        soft_wrap=True,
    )
    for a in found:
        out.print(f"[{a.level}] {a.message}", markup=False, soft_wrap=True)
