"""Figure 4, agency analytics: betweenness on the city's agency graph, three ways.

- **exact**: ``nx.betweenness_centrality(graph, normalized=True)``;
- **sampled**: the same with ``k`` source agencies (``agency_report.broker_samples``) and
  the fixed seed ``broker_scores`` uses;
- **rustworkx**: ``rx.betweenness_centrality`` (exact, normalised the same way), the
  conversion from the NetworkX graph included in its time.

Agreement with exact, defined on the exact top 20 (``top``): the 20 agencies with the
highest exact scores (ties by id) are ranked by exact score and by the method's score;
**Spearman's rho** of those two rankings (average ranks for ties), and the **overlap**
of the two top-20 sets (share of the exact top 20 that the method also puts in its top 20).
"""

from __future__ import annotations

import networkx as nx

from .measure import median, repeat, timed

__all__ = ["exact", "sampled", "with_rustworkx", "spearman_top", "top_overlap", "time_methods"]

SEED = 8050  # netsupport.analysis.agency_network._BROKER_SEED


def exact(graph: nx.Graph) -> dict:
    return nx.betweenness_centrality(graph, normalized=True)


def sampled(graph: nx.Graph, k: int) -> dict:
    return nx.betweenness_centrality(graph, k=min(k, len(graph)), normalized=True, seed=SEED)


def with_rustworkx(graph: nx.Graph) -> dict:
    import rustworkx as rx

    nodes = list(graph.nodes)
    g = rx.PyGraph(multigraph=False)
    g.add_nodes_from(nodes)
    position = {n: i for i, n in enumerate(nodes)}
    g.add_edges_from_no_data([(position[u], position[v]) for u, v in graph.edges])
    scores = rx.betweenness_centrality(g, normalized=True)
    return {nodes[i]: s for i, s in scores.items()}


def _ranks(values: list[float]) -> list[float]:
    """1-based ranks, highest value first, ties sharing their average rank."""
    order = sorted(range(len(values)), key=lambda i: -values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def _top(scores: dict, top: int) -> list:
    return [a for _, a in sorted((-s, str(a)) for a, s in scores.items())[:top]]


def spearman_top(reference: dict, other: dict, top: int = 20) -> float:
    """Spearman's rho of two score maps over the reference's top ``top`` (see module doc).

    >>> spearman_top({"a": 3, "b": 2, "c": 1}, {"a": 30, "b": 20, "c": 10}, top=3)
    1.0
    """
    chosen = _top({str(a): s for a, s in reference.items()}, top)
    ref = {str(a): s for a, s in reference.items()}
    oth = {str(a): s for a, s in other.items()}
    x, y = _ranks([ref[a] for a in chosen]), _ranks([oth.get(a, 0.0) for a in chosen])
    n = len(chosen)
    if n < 2:
        return 1.0
    mx, my = sum(x) / n, sum(y) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    vx = sum((a - mx) ** 2 for a in x) ** 0.5
    vy = sum((b - my) ** 2 for b in y) ** 0.5
    return 1.0 if vx == 0 or vy == 0 else round(cov / (vx * vy), 4)


def top_overlap(reference: dict, other: dict, top: int = 20) -> float:
    a = set(_top({str(k): v for k, v in reference.items()}, top))
    b = set(_top({str(k): v for k, v in other.items()}, top))
    return len(a & b) / max(1, len(a))


def time_methods(graph: nx.Graph, k: int, reps: int, exact_reps: int) -> dict:
    """Median seconds and agreement with exact of the three methods on one graph."""
    runs = []
    for _ in range(max(1, exact_reps)):
        seconds, reference = timed(lambda: exact(graph))
        runs.append(seconds)
    out = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(), "k": k,
           "exact": median(runs)}
    for name, fn in (("sampled", lambda: sampled(graph, k)),
                     ("rustworkx", lambda: with_rustworkx(graph))):
        scores = fn()
        out[name] = median(repeat(fn, reps))
        out[f"{name}_spearman"] = spearman_top(reference, scores)
        out[f"{name}_overlap"] = top_overlap(reference, scores)
        out[f"{name}_max_abs_diff"] = max(
            (abs(reference[a] - scores.get(a, 0.0)) for a in reference), default=0.0)
    return out
