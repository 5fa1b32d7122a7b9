"""The map of the agency network: who works with whom across the city or a ward.

Nodes are agencies coloured by kind family, sized by broker score (how much the network
depends on them to connect other agencies), with agencies that are the only support of
some household marked ⚠ and outlined red. Edge width follows the ``weight`` attribute
(e.g. shared households plus collaboration ties). ``highlight_ids`` outlines agencies, and
the lines between them, in orange: a handover bridge, for instance.

Positions are computed here (physics off, so a big map appears at once): see
:func:`agency_positions`.

Examples
--------
>>> g = nx.Graph([("A1", "A2", {"weight": 2})])
>>> page = agency_map_html(g, agencies={})
>>> "A1" in page
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape
from types import MappingProxyType
from typing import Any

import networkx as nx

from ..model import Agency
from .legend import (
    FAMILY_BY_CODE,
    FONT_FACE,
    KIND_FAMILY,
    MARK_SOLE,
    agency_legend_html,
    fade,
    text,
)
from .offline import network_page

__all__ = ["agency_map_html", "agency_positions", "kept_positions", "LARGE_GRAPH"]

LARGE_GRAPH = 500
UNIT = 90.0  # canvas units per sqrt(node): room for a dot and its label
GROUP_MARGIN = 160.0
GRID_PX = 120.0
SEED = 8050
_EMPTY: Mapping[str, Any] = MappingProxyType({})
SOLE_BORDER = "#C0392B"
HIGHLIGHT_BORDER = "#111111"
HIGHLIGHT_LINE = "#E07B00"
LINK_COLOUR = "#8C8C8C"


def agency_positions(graph: nx.Graph, *, seed: int = SEED) -> dict[Any, tuple[float, float]]:
    """Fixed canvas positions for every node, the same for the same graph.

    Below :data:`LARGE_GRAPH` nodes: ``nx.spring_layout``. From there, a grouped layout
    (:func:`_grouped_layout`), because networkx's ``spring_layout`` needs SciPy at that size
    (not a dependency) and ``nx.forceatlas2_layout`` was both slow and unclear on 1,000
    agencies in 9 ward clusters: 2.5 s for 40 iterations without visible clusters, 4.8 s
    for 100. The grouped layout takes about 0.5 s and shows the clusters.

    The graph is copied in sorted node and edge order first, so that the positions do not
    depend on the order in which the caller added nodes.

    >>> pos = agency_positions(nx.path_graph(3))
    >>> sorted(pos) == [0, 1, 2] and pos == agency_positions(nx.path_graph(3))
    True
    """
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes, key=str))
    ordered.add_edges_from((u, v, {"weight": float(d.get("weight", 1.0))})
                           for u, v, d in _sorted_edges(graph))
    n = ordered.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(ordered)): (0.0, 0.0)}
    if n < LARGE_GRAPH:
        raw = nx.spring_layout(ordered, seed=seed, weight="weight")
        raw = nx.rescale_layout_dict(raw, scale=UNIT * math.sqrt(n) + 150.0)
    else:
        raw = _grouped_layout(ordered, seed)
    return {v: (round(float(x), 1), round(float(y), 1)) for v, (x, y) in raw.items()}


def _grouped_layout(graph: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    """Communities (Louvain) each laid out as a disc with ``spring_layout``, the discs placed
    by a spring layout of the graph of communities and pushed apart until none overlap;
    agencies with no link at all in a grid underneath.
    """
    isolated = sorted((v for v in graph if graph.degree(v) == 0), key=str)
    linked = graph.subgraph(v for v in graph if graph.degree(v) > 0)
    groups = sorted((sorted(c, key=str) for c in
                     nx.community.louvain_communities(linked, weight="weight", seed=seed)),
                    key=lambda c: (-len(c), str(c[0])))
    owner = {v: i for i, group in enumerate(groups) for v in group}
    between = nx.Graph()
    between.add_nodes_from(range(len(groups)))
    for u, v, w in linked.edges(data="weight"):
        a, b = owner[u], owner[v]
        if a != b:
            old = between.get_edge_data(a, b, {"weight": 0.0})["weight"]
            between.add_edge(a, b, weight=old + w)
    radii = [UNIT * math.sqrt(len(g)) / 1.6 + 60.0 for g in groups]
    start = (nx.spring_layout(between, seed=seed, weight="weight")
             if len(groups) > 1 else {0: (0.0, 0.0)})
    scale = 1.5 * math.sqrt(sum(r * r for r in radii))
    centres = [[float(start[i][0]) * scale, float(start[i][1]) * scale]
               for i in range(len(groups))]
    _push_apart(centres, radii)
    positions: dict[Any, tuple[float, float]] = {}
    for i, group in enumerate(groups):
        cx, cy = centres[i]
        if len(group) == 1:
            inside = {group[0]: (0.0, 0.0)}
        elif len(group) < LARGE_GRAPH:
            inside = nx.rescale_layout_dict(
                nx.spring_layout(linked.subgraph(group), seed=seed, weight="weight"),
                scale=radii[i])
        else:  # one community this big is rare; forceatlas2 needs no SciPy
            inside = nx.rescale_layout_dict(
                nx.forceatlas2_layout(linked.subgraph(group), seed=seed, max_iter=60),
                scale=radii[i])
        for v, (x, y) in inside.items():
            positions[v] = (cx + float(x), cy + float(y))
    if isolated:
        xs = [x for x, _ in positions.values()] or [0.0]
        ys = [y for _, y in positions.values()] or [0.0]
        per_row = max(1, int((max(xs) - min(xs)) // GRID_PX) + 1)
        for k, v in enumerate(isolated):
            row, col = divmod(k, per_row)
            positions[v] = (min(xs) + col * GRID_PX, max(ys) + 2 * GRID_PX + row * GRID_PX)
    return positions


def kept_positions(graph: nx.Graph, previous: Mapping[Any, tuple[float, float]] | None,
                   ) -> dict[Any, tuple[float, float]]:
    """Positions for every node of ``graph`` that keep those of ``previous`` (the last
    drawing of the same map): an agency stays where the reader saw it, and only a new one
    is placed — beside its drawn neighbours (their centre, turned by the golden angle so
    that new agencies do not stack), or in a row under the drawing when it has none.

    A new link or a changed weight (a new lead: a new co-support link) then costs no
    layout (0.3-0.7 s at 5,000 households, a second and more for a large ward), and the
    map does not jump. Without ``previous``, or when most agencies would be new (another
    ward, other kinds), a fresh layout (:func:`agency_positions`).

    >>> g = nx.Graph([("A", "B")])
    >>> kept_positions(g, {"A": (0.0, 0.0), "B": (10.0, 0.0), "Z": (5.0, 5.0)})
    {'A': (0.0, 0.0), 'B': (10.0, 0.0)}
    >>> g.add_edge("B", "C")
    >>> pos = kept_positions(g, {"A": (0.0, 0.0), "B": (10.0, 0.0)})
    >>> pos["A"], pos["B"], round(math.dist(pos["C"], pos["B"])) == UNIT
    ((0.0, 0.0), (10.0, 0.0), True)
    """
    kept = {n: previous[n] for n in graph if previous and n in previous}
    new = sorted((n for n in graph if n not in kept), key=str)
    if not kept or len(new) > len(kept):
        return agency_positions(graph)
    left = min(x for x, _ in kept.values())
    below = max(y for _, y in kept.values()) + 2 * GRID_PX
    alone = 0
    for i, node in enumerate(new, start=1):
        near = [kept[m] for m in sorted(graph[node], key=str) if m in kept]
        if near:
            angle = 2.399963 * i
            x = sum(p[0] for p in near) / len(near) + UNIT * math.cos(angle)
            y = sum(p[1] for p in near) / len(near) + UNIT * math.sin(angle)
        else:
            x, y = left + alone * GRID_PX, below
            alone += 1
        kept[node] = (round(x, 1), round(y, 1))
    return kept


def _sorted_edges(graph: nx.Graph) -> list[tuple[Any, Any, dict]]:
    """Edges with their ends and the edges themselves in id order."""
    ends = ((*sorted((u, v), key=str), d) for u, v, d in graph.edges(data=True))
    return sorted(ends, key=lambda e: (str(e[0]), str(e[1])))


def _push_apart(centres: list[list[float]], radii: list[float], rounds: int = 200) -> None:
    """Move overlapping discs apart along the line between them, until none overlap."""
    for _ in range(rounds):
        moved = False
        for a in range(len(centres)):
            for b in range(a + 1, len(centres)):
                dx, dy = centres[b][0] - centres[a][0], centres[b][1] - centres[a][1]
                gap = math.hypot(dx, dy)
                need = radii[a] + radii[b] + GROUP_MARGIN
                if gap >= need:
                    continue
                if gap < 1e-9:  # same spot: part them in a direction fixed by the indices
                    angle = 2.399963 * (a + b)
                    dx, dy, gap = math.cos(angle), math.sin(angle), 1.0
                push = (need - gap) / 2 / gap
                centres[a][0] -= dx * push
                centres[a][1] -= dy * push
                centres[b][0] += dx * push
                centres[b][1] += dy * push
                moved = True
        if not moved:
            return


def agency_map_html(
    agency_graph: nx.Graph,
    *,
    agencies: Mapping[str, Agency],
    brokers: Mapping[str, float] = _EMPTY,
    sole_support: Mapping[str, int] = _EMPTY,
    highlight_ids: Sequence[str] = (),
    lang: str = "ja",
    height_px: int = 720,
    broker_words: Mapping[str, str] = _EMPTY,
    label_top: int | None = None,
    positions: Mapping[Any, tuple[float, float]] | None = None,
) -> str:
    """Draw the agency network as one self-contained HTML page.

    Parameters
    ----------
    agency_graph : nx.Graph
        Nodes are agency ids; an edge's optional ``weight`` sets its width.
    agencies : mapping of str to Agency
        Names and kinds; a node missing here is drawn grey with its id as label.
    brokers : mapping of str to float
        Broker score per agency (e.g. betweenness); sets node size, 0 when absent.
    broker_words : mapping of str to str
        What the tooltip says of an agency's broker score, in words for staff
        (:meth:`~netsupport.analysis.agency_network.Broker.words`); the raw score is never
        shown.
    sole_support : mapping of str to int
        Households for which the agency is the only support; > 0 is marked ⚠.
    highlight_ids : sequence of str
        Agencies to outline (and the links between them), e.g. a handover bridge.
    lang : str
        ``"ja"`` (default) or ``"en"``.
    height_px : int
        Height of the drawing area.
    label_top : int, optional
        Name on the map only the ``label_top`` strongest brokers (and the agencies marked ⚠
        or outlined): a city of 140 agencies is a tangle when every one is named. The
        others keep their name in the tooltip. ``None``: every agency is named.
    positions : mapping of node to (x, y), optional
        Where to draw each node (every node of the graph), e.g. :func:`kept_positions`
        of the last drawing; by default :func:`agency_positions`.
    """
    if positions is None:
        positions = agency_positions(agency_graph)
    ranked = sorted((n for n in agency_graph.nodes if brokers.get(n, 0) > 0),
                    key=lambda n: (-brokers[n], str(n)))
    named = (set(agency_graph.nodes) if label_top is None
             else set(ranked[:label_top]) | set(highlight_ids)
             | {n for n in agency_graph.nodes if sole_support.get(n, 0) > 0})
    highlight = set(highlight_ids)
    top_broker = max((v for v in brokers.values() if v > 0), default=0.0)
    vis_ids = {node: f"n{i}" for i, node in enumerate(sorted(agency_graph.nodes, key=str))}
    present: set[str] = set()
    if highlight & set(vis_ids):
        present.add("highlight")

    nodes = []
    for node, nid in vis_ids.items():
        agency = agencies.get(node)
        family = KIND_FAMILY[agency.kind] if agency is not None else "other"
        present.add(family)
        style = FAMILY_BY_CODE[family]
        score = float(brokers.get(node, 0.0))
        sole = int(sole_support.get(node, 0))
        name = agency.name if agency is not None else str(node)
        label, tip = name, [name]
        if agency is not None:
            tip.append(f"{text('tooltip.kind', lang)}: {agency.kind.label(lang)}")
            if agency.ward:
                tip.append(f"{text('tooltip.ward', lang)}: {agency.ward}")
        if node in broker_words:
            tip.append(f"{text('tooltip.broker', lang)}: {broker_words[node]}")
        border, border_width = style.border, 1.5
        if sole > 0:
            present.add("sole")
            label = f"{MARK_SOLE} {label}"
            tip.append(f"{text('tooltip.sole', lang)}: {sole}")
            border, border_width = SOLE_BORDER, 4
        if node in highlight:
            border, border_width = HIGHLIGHT_BORDER, 6
        size = 10.0 + (30.0 * math.sqrt(score / top_broker) if top_broker else 0.0)
        colour = {"background": style.fill, "border": border}
        x, y = positions[node]
        nodes.append({
            "id": nid, "x": x, "y": y, "shape": "dot", "size": round(size, 1),
            "label": _short(label) if node in named else "", "title": "\n".join(tip),
            "color": {**colour, "highlight": colour, "hover": colour},
            "borderWidth": border_width, "borderWidthSelected": border_width + 1,
            "font": {"size": 14, "face": FONT_FACE, "color": "#222222",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            "ns": {"type": "agency", "ref": str(node), "family": family,
                   "kind": agency.kind.value if agency is not None else None,
                   "broker": score, "sole_support": sole, "highlight": node in highlight},
        })

    weights = [float(d.get("weight", 1.0)) for _, _, d in agency_graph.edges(data=True)]
    low, high = (min(weights), max(weights)) if weights else (1.0, 1.0)
    edges = []
    for u, v, d in _sorted_edges(agency_graph):
        weight = float(d.get("weight", 1.0))
        width = 1.0 + (5.0 * (weight - low) / (high - low) if high > low else 1.0)
        on_path = u in highlight and v in highlight
        colour = HIGHLIGHT_LINE if on_path else (fade(LINK_COLOUR, 0.4) if highlight
                                                 else LINK_COLOUR)
        edges.append({
            "from": vis_ids[u], "to": vis_ids[v], "width": round(width + (3 if on_path else 0), 2),
            "color": {"color": colour, "highlight": colour, "hover": colour, "inherit": False,
                      "opacity": 1.0 if on_path else 0.7},
            "title": f"{text('tooltip.weight', lang)}: {weight:g}",
            "ns": {"type": "link", "weight": weight, "highlight": on_path},
        })

    title = text("title.agency_map", lang)
    counts = text("agency_counts", lang, n=len(nodes), m=len(edges))
    heading = (f'<header class="ns-head"><h1>{escape(title)}</h1>'
               f'<span class="ns-sub">{escape(counts)}</span></header>')
    large = len(nodes) >= LARGE_GRAPH
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": not large, "tooltipDelay": 150, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "keyboard": False},
        "nodes": {"font": {"face": FONT_FACE}},
        "edges": {"smooth": False},
    }
    return network_page(title=f"{title} {counts}", heading_html=heading,
                        legend_html=agency_legend_html(present, lang), nodes=nodes,
                        edges=edges, options=options, height_px=height_px, lang=lang,
                        noscript=text("noscript", lang),
                        # the few names of a crowded map, readable however far it zooms out
                        min_font_px=13 if label_top is not None else None)


def _short(label: str, limit: int = 24) -> str:
    """One line of at most ``limit`` characters; the full name is in the tooltip."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


def strongest_links(graph: nx.Graph, per_agency: int) -> nx.Graph:
    """The graph with only the links that are among the ``per_agency`` strongest (by
    ``weight``, then by the other end's id) of at least one of their two agencies: every
    agency keeps its strongest ties, the weak many that make a tangle go. Nodes all stay.

    >>> g = nx.Graph([("A", "B", {"weight": 5}), ("A", "C", {"weight": 1}),
    ...               ("A", "D", {"weight": 3}), ("C", "D", {"weight": 1})])
    >>> sorted(strongest_links(g, 1).edges)
    [('A', 'B'), ('A', 'C'), ('A', 'D')]
    """
    kept = nx.Graph()
    kept.add_nodes_from(graph.nodes(data=True))
    for node in graph.nodes:
        ranked = sorted(graph[node].items(),
                        key=lambda item: (-float(item[1].get("weight", 1)), str(item[0])))
        for other, data in ranked[:per_agency]:
            kept.add_edge(node, other, **data)
    return kept
