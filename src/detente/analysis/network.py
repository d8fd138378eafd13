"""The cooperation and conflict network between countries (networkx).

Nodes are countries; an edge joins two countries that have events between them,
weighted by the cooperation (quad classes 1-2) and conflict (3-4) counted between
them, and by their net cooperation. Metrics: degree, strength (the weighted
degree), betweenness and eigenvector centrality, and communities (Louvain over
the cooperation weights, seeded so that runs agree).
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.analysis.filter import AnalysisError, AnalysisFilter
from detente.analysis.select import units_sql
from detente.store import Store

EXPORT_FORMATS: tuple[str, ...] = ("graphml", "gexf", "json")


def networkx() -> Any:
    """The networkx module, imported on first use (it ships no type information)."""
    return importlib.import_module("networkx")


@dataclass(frozen=True, slots=True, kw_only=True)
class NodeMetrics:
    """One country's place in the network."""

    country: str
    degree: int
    strength: int
    cooperation: int
    conflict: int
    betweenness: float
    eigenvector: float
    community: int


def build_network(store: Store, *, flt: AnalysisFilter | None = None) -> Any:
    """The undirected country graph (a ``networkx.Graph``) for the filtered events."""
    nx = networkx()

    flt = flt or AnalysisFilter()
    units = units_sql(store.con, flt, detail=False)
    rows = store.con.execute(
        f"""SELECT country_a, country_b, sum(weight),
                   sum(CASE WHEN quad_class IN (1, 2) THEN weight ELSE 0 END),
                   sum(CASE WHEN quad_class IN (3, 4) THEN weight ELSE 0 END),
                   sum(goldstein * weight)
            FROM ({units.text})
            WHERE country_a IS NOT NULL AND country_b IS NOT NULL AND country_a <> country_b
            GROUP BY ALL ORDER BY 1, 2""",
        list(units.params),
    ).fetchall()
    graph = nx.Graph(counted=flt.counted, description=flt.describe())
    for a, b, n, coop, conflict, net in rows:
        graph.add_edge(
            str(a),
            str(b),
            weight=int(n),
            cooperation=int(coop),
            conflict=int(conflict),
            net_cooperation=round(float(net), 2),
        )
    return graph


def network_metrics(graph: Any, *, seed: int = 7) -> list[NodeMetrics]:
    """Metrics for every node, strongest first; also stored as node attributes."""
    nx = networkx()

    if graph.number_of_nodes() == 0:
        return []
    betweenness = nx.betweenness_centrality(graph, weight=None)
    eigenvector = _eigenvector(graph)
    coop_graph = nx.Graph()
    coop_graph.add_nodes_from(graph.nodes)
    coop_graph.add_weighted_edges_from(
        (a, b, d["cooperation"]) for a, b, d in graph.edges(data=True) if d["cooperation"] > 0
    )
    groups = nx.community.louvain_communities(coop_graph, weight="weight", seed=seed)
    ordered = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g))
    community = {node: i for i, group in enumerate(ordered) for node in group}
    out = []
    for node in graph.nodes:
        edges = graph[node].values()
        metrics = NodeMetrics(
            country=str(node),
            degree=int(graph.degree(node)),
            strength=sum(int(d["weight"]) for d in edges),
            cooperation=sum(int(d["cooperation"]) for d in edges),
            conflict=sum(int(d["conflict"]) for d in edges),
            betweenness=round(float(betweenness[node]), 4),
            eigenvector=round(float(eigenvector[node]), 4),
            community=community[node],
        )
        graph.nodes[node].update(
            degree=metrics.degree,
            strength=metrics.strength,
            betweenness=metrics.betweenness,
            eigenvector=metrics.eigenvector,
            community=metrics.community,
        )
        out.append(metrics)
    return sorted(out, key=lambda m: (-m.strength, m.country))


def _eigenvector(graph: Any) -> dict[Any, float]:
    nx = networkx()

    try:
        return dict(nx.eigenvector_centrality_numpy(graph, weight="weight"))
    except (nx.NetworkXException, ImportError, ValueError, TypeError):
        try:
            return dict(nx.eigenvector_centrality(graph, weight="weight", max_iter=1000))
        except nx.NetworkXException:
            return dict.fromkeys(graph.nodes, 0.0)


def export_network(graph: Any, path: Path, *, fmt: str | None = None) -> str:
    """Write the graph as GraphML, GEXF or node-link JSON; return the format used."""
    nx = networkx()

    kind = (fmt or path.suffix.lstrip(".")).lower()
    if kind not in EXPORT_FORMATS:
        raise AnalysisError(
            f"{path}: cannot tell the network format; use .graphml, .gexf or .json "
            f"(or --format {'|'.join(EXPORT_FORMATS)})"
        )
    if kind == "graphml":
        nx.write_graphml(graph, path)
    elif kind == "gexf":
        nx.write_gexf(graph, path)
    else:
        data = nx.node_link_data(graph, edges="links")
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    return kind
