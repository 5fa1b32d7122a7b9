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
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from types import MappingProxyType
from typing import Any

import networkx as nx

from ..analysis.agency_network import strongest_partners
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

__all__ = ["agency_map_html", "agency_positions", "kept_positions", "LARGE_GRAPH",
           "KeyAgencies", "key_agencies", "neighbourhood", "label_boxes", "clear_of_overlaps",
           "overlapping", "roomy"]

LARGE_GRAPH = 500
UNIT = 90.0  # canvas units per sqrt(node): room for a dot and its label
#: A map of at most this many agencies (the key agencies, one agency's neighbourhood, a
#: small ward), every one named, starts tighter (:data:`TIGHT_UNIT`): the labels are moved
#: clear of each other afterwards (:func:`clear_of_overlaps`), so the map needs no room to
#: spare and is drawn near its labels' own size.
TIGHT_UP_TO = 80
TIGHT_UNIT = 45.0
#: Canvas units between two boxes that :func:`clear_of_overlaps` leaves at the least.
BOX_GAP = 8.0
#: The labels' size on the canvas (vis-network's default, what the browser grows from).
LABEL_FONT = 14
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
        raw = _spring_with_row(ordered, seed, TIGHT_UNIT if n <= TIGHT_UP_TO else UNIT)
    else:
        raw = _grouped_layout(ordered, seed)
    return {v: (round(float(x), 1), round(float(y), 1)) for v, (x, y) in raw.items()}


def _spring_with_row(graph: nx.Graph, seed: int, unit: float,
                     ) -> dict[Any, tuple[float, float]]:
    """``spring_layout`` of the agencies with a link, those without one in a row
    underneath: a spring layout throws a lone agency (a key agency none of whose links
    were drawn, say) to the far edge, where it stretches the whole map."""
    linked = [v for v in graph if graph.degree(v)]
    alone = [v for v in graph if not graph.degree(v)]
    raw: dict[Any, tuple[float, float]] = {}
    if len(linked) == 1:
        raw[linked[0]] = (0.0, 0.0)
    elif linked:
        spring = nx.spring_layout(graph.subgraph(linked), seed=seed, weight="weight")
        raw.update(nx.rescale_layout_dict(spring, scale=unit * math.sqrt(len(linked)) + 150.0))
    if alone:
        xs = [float(x) for x, _ in raw.values()] or [0.0]
        below = max((float(y) for _, y in raw.values()), default=-2 * GRID_PX) + 2 * GRID_PX
        per_row = max(4, int((max(xs) - min(xs)) // (2 * GRID_PX)) + 1)
        for k, v in enumerate(alone):
            row, col = divmod(k, per_row)
            raw[v] = (min(xs) + col * 2 * GRID_PX, below + row * GRID_PX)
    return raw


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
    min_font_px: float | None = None,
    projector: bool = False,
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
        of the last drawing; by default :func:`agency_positions`. Either way the nodes are
        then moved just clear of each other's dot and label (:func:`clear_of_overlaps`).
    min_font_px : float, optional
        The smallest label's size on the screen once the map is fitted (the browser grows
        the labels and moves their boxes apart until it is reached); by default 13 px on
        a map with only some agencies named (``label_top``), none otherwise.
    projector : bool
        For a meeting room: the legend's words as large as the labels, and a "zoom to fit"
        button. The legend is under the map either way: the names need the whole width.
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
        nodes.append({
            "id": nid, "shape": "dot", "size": round(size, 1),
            "label": _short(label) if node in named else "", "title": "\n".join(tip),
            "color": {**colour, "highlight": colour, "hover": colour},
            "borderWidth": border_width, "borderWidthSelected": border_width + 1,
            "font": {"size": 14, "face": FONT_FACE, "color": "#222222",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            "ns": {"type": "agency", "ref": str(node), "family": family,
                   "kind": agency.kind.value if agency is not None else None,
                   "broker": score, "sole_support": sole, "highlight": node in highlight},
        })

    boxes = label_boxes(nodes)
    at = clear_of_overlaps(roomy({nid: positions[node] for node, nid in vis_ids.items()},
                                 boxes), boxes)
    for item in nodes:
        item["x"], item["y"] = at[item["id"]]

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
                        min_font_px=min_font_px or (13 if label_top is not None else None),
                        legend_below=True if projector else "compact",
                        fit_label=text("fit", lang) if projector else "")


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
        for other, data in strongest_partners(graph[node], per_agency):
            kept.add_edge(node, other, **data)
    return kept


@dataclass(frozen=True, slots=True)
class KeyAgencies:
    """The agencies a city-scale map draws (:func:`key_agencies`) and why each is there.

    ``sole``, ``brokers``, ``leads``, ``ties`` count the agencies taken for that reason (an
    agency with several reasons counts once, under the first that took it);
    ``highlighted`` those outlined (a handover path), which are always drawn; ``of`` every
    agency there was."""

    ids: tuple[str, ...]
    sole: int
    brokers: int
    leads: int
    ties: int
    highlighted: int
    of: int

    @property
    def left_out(self) -> int:
        return self.of - len(self.ids)


def key_agencies(graph: nx.Graph, *, sole_support: Mapping[str, int] = _EMPTY,
                 brokers: Mapping[str, float] = _EMPTY, leads: Mapping[str, int] = _EMPTY,
                 highlight: Sequence[str] = (), limit: int = 40,
                 shared: Mapping[str, float] | None = None) -> KeyAgencies:
    """The agencies that matter most to a supervisor looking at the whole city, at most
    ``limit`` (besides the ``highlight`` ones, always kept): taken in turn from four
    rankings, so that each reason has its share — the agencies that are the only support of
    the most households (⚠: a closure leaves them with nobody), the strongest brokers (the
    ones the network depends on to connect other agencies), the agencies leading the most
    households (the load a handover would move), and those with the most households shared
    with other agencies (the sum of their links' ``weight``: the busiest partners, which
    also fill the map when the other rankings run out; ``shared`` when the caller keeps
    them, else summed here). Only nodes of ``graph`` count.

    A map of the 375 agencies of a 5,000-household city cannot be read in a meeting room:
    40 named agencies can, and the rest is counted beside the map.

    >>> g = nx.Graph([("A", "B"), ("B", "C"), ("C", "D"), ("D", "E"), ("D", "F")])
    >>> key = key_agencies(g, sole_support={"E": 2, "A": 1}, brokers={"C": 0.6, "B": 0.4},
    ...                    leads={"D": 9, "B": 3}, limit=5)
    >>> key.ids, (key.sole, key.brokers, key.leads, key.ties, key.left_out)
    (('E', 'C', 'D', 'B', 'A'), (2, 1, 1, 1, 1))
    """
    nodes = set(graph.nodes)
    outlined = [h for h in dict.fromkeys(highlight) if h in nodes]
    chosen, taken = list(outlined), set(outlined)

    def ranked(scores: Mapping[str, float]) -> list[str]:
        return sorted((a for a in scores if a in nodes and scores[a] > 0),
                      key=lambda a: (-scores[a], str(a)))

    if shared is None:
        shared = dict(graph.degree(weight="weight"))
    queues = [ranked(sole_support), ranked(brokers), ranked(leads), ranked(shared)]
    counts, places = [0] * len(queues), [0] * len(queues)
    took = True
    while took and len(chosen) - len(outlined) < limit:
        took = False
        for which, queue in enumerate(queues):
            while places[which] < len(queue) and queue[places[which]] in taken:
                places[which] += 1
            if places[which] == len(queue) or len(chosen) - len(outlined) >= limit:
                continue
            chosen.append(queue[places[which]])
            taken.add(queue[places[which]])
            counts[which] += 1
            took = True
    return KeyAgencies(tuple(chosen), *counts, highlighted=len(outlined), of=len(nodes))


def neighbourhood(graph: nx.Graph, centre: str, limit: int = 30) -> nx.Graph:
    """``centre`` and the ``limit`` agencies it works with most (by link ``weight``, then
    id), with the links among them: one agency's own corner of the network, small enough
    to read whatever the size of the city.

    >>> g = nx.Graph([("A", "B", {"weight": 3}), ("A", "C", {"weight": 1}),
    ...               ("A", "D", {"weight": 2}), ("B", "D", {"weight": 1}), ("C", "E", {})])
    >>> sorted(neighbourhood(g, "A", 2).edges)
    [('A', 'B'), ('A', 'D'), ('B', 'D')]
    """
    if centre not in graph:
        return nx.Graph()
    near = strongest_partners(graph[centre], limit)
    return nx.Graph(graph.subgraph([centre, *(other for other, _ in near)]))


def _text_width(label: str, font: float) -> float:
    """The width of ``label`` at ``font`` on the canvas, estimated: a full-width character
    (kana, kanji, ⚠) a whole em, any other about half (the fonts of a municipal PC differ;
    the estimate errs wide)."""
    return sum(font if unicodedata.east_asian_width(c) in "WFA" or ord(c) > 0x2000
               else 0.62 * font for c in label)


def label_boxes(nodes: Sequence[Mapping[str, Any]], font: float = LABEL_FONT,
                ) -> dict[str, tuple[float, float, float]]:
    """Each vis-network ``dot`` node's box as offsets from its centre: half its width, how
    far it reaches up and how far down — the dot, and the label vis-network writes
    centred under it (measured in Chromium: a line is one em high and, in Japanese, one
    em a character wide).

    >>> label_boxes([{"id": "n0", "size": 10, "label": "ab"}])["n0"]
    (10.0, 10.0, 26.7)
    """
    boxes = {}
    for node in nodes:
        size = float(node.get("size", 10))
        label = node.get("label") or ""
        if not label:
            boxes[node["id"]] = (size, size, size)
            continue
        half = max(size, _text_width(label, font) / 2 + 1)
        boxes[node["id"]] = (round(half, 1), size, round(size + 2 + 1.05 * font, 1))
    return boxes


def clear_of_overlaps(positions: Mapping[str, tuple[float, float]],
                      boxes: Mapping[str, tuple[float, float, float]], gap: float = BOX_GAP,
                      rounds: int = 300) -> dict[str, tuple[float, float]]:
    """Positions moved just enough that no two boxes (:func:`label_boxes`) overlap or come
    closer than ``gap``: of two that do, both move apart along the line between their
    centres (:func:`_part`), again until none is left. The same positions give the same
    result; a map that had no overlap is left as it was.

    Each round looks only at near pairs: every box sits in each cell of a grid that it
    covers (cells twice the size of a typical box), and a box is compared with those that
    share a cell with it; after the first round, only the boxes that moved in the round
    before are. The 1,264 agencies of a 20,000-household city's map take about 0.2 s.

    >>> boxes = {"a": (50.0, 5.0, 30.0), "b": (50.0, 5.0, 30.0)}
    >>> overlapping({"a": (0.0, 0.0), "b": (20.0, 10.0)}, boxes)
    [('a', 'b')]
    >>> moved = clear_of_overlaps({"a": (0.0, 0.0), "b": (20.0, 10.0)}, boxes)
    >>> overlapping(moved, boxes, gap=BOX_GAP), moved["a"][0] < 0 < 20 < moved["b"][0]
    ([], True)
    """
    ids = sorted(positions, key=str)
    if not ids:
        return {}
    at = [[float(positions[n][0]), float(positions[n][1])] for n in ids]
    box = [boxes[n] for n in ids]
    sizes = sorted(max(2 * b[0], b[1] + b[2]) for b in box)
    cell = 2 * sizes[len(sizes) // 2] + gap
    half = gap / 2  # each box grown by half the gap: two grown boxes apart are gap apart
    edges: list[tuple[float, float, float, float]] = []
    cells: list[list[tuple[int, int]]] = []
    grid: dict[tuple[int, int], set[int]] = {}

    def place(i: int) -> None:
        (x, y), (w, up, down) = at[i], box[i]
        left, right, top, bottom = x - w - half, x + w + half, y - up - half, y + down + half
        mine = [(gx, gy) for gx in range(int(left // cell), int(right // cell) + 1)
                for gy in range(int(top // cell), int(bottom // cell) + 1)]
        if i < len(edges):
            for c in cells[i]:
                grid[c].discard(i)
            edges[i], cells[i] = (left, right, top, bottom), mine
        else:
            edges.append((left, right, top, bottom))
            cells.append(mine)
        for c in mine:
            grid.setdefault(c, set()).add(i)

    for i in range(len(ids)):
        place(i)
    moved = set(range(len(ids)))
    for _ in range(rounds):
        now: set[int] = set()
        for i in sorted(moved):
            near = sorted({j for c in cells[i] for j in grid[c]
                           if j != i and not (j in moved and j < i)})
            for j in near:
                li, ri, ti, bi = edges[i]
                lj, rj, tj, bj = edges[j]
                if li >= rj or lj >= ri or ti >= bj or tj >= bi:
                    continue
                if _part(at[i], box[i], at[j], box[j], gap):
                    now.update((i, j))
                    place(i)
                    place(j)
        if not now:
            break
        moved = now
    return {n: (round(at[i][0], 1), round(at[i][1], 1)) for i, n in enumerate(ids)}


def overlapping(positions: Mapping[str, tuple[float, float]],
                boxes: Mapping[str, tuple[float, float, float]], gap: float = 0.0,
                ) -> list[tuple[str, str]]:
    """The pairs of boxes (:func:`label_boxes`) at ``positions`` that overlap, or come
    closer than ``gap``: what :func:`clear_of_overlaps` leaves none of. Every pair is
    looked at (a check, not the layout's own loop)."""
    ids = sorted(positions, key=str)
    found = []
    for i, a in enumerate(ids):
        (ax, ay), (aw, au, ad) = positions[a], boxes[a]
        for b in ids[i + 1:]:
            (bx, by), (bw, bu, bd) = positions[b], boxes[b]
            if (ax - aw < bx + bw + gap - 1e-6 and bx - bw < ax + aw + gap - 1e-6
                    and ay - au < by + bd + gap - 1e-6 and by - bu < ay + ad + gap - 1e-6):
                found.append((a, b))
    return found


def _part(pa: list[float], ba: tuple[float, float, float], pb: list[float],
          bb: tuple[float, float, float], gap: float) -> bool:
    """Move the two boxes apart (in place) if they overlap, along the line between their
    centres (the map keeps its shape) just as far as that line needs; whether they did."""
    over_x = min(pa[0] + ba[0], pb[0] + bb[0]) - max(pa[0] - ba[0], pb[0] - bb[0]) + gap
    over_y = min(pa[1] + ba[2], pb[1] + bb[2]) - max(pa[1] - ba[1], pb[1] - bb[1]) + gap
    if over_x <= 0 or over_y <= 0:
        return False
    dx = pb[0] - pa[0]
    dy = (pb[1] + (bb[2] - bb[1]) / 2) - (pa[1] + (ba[2] - ba[1]) / 2)
    length = math.hypot(dx, dy)
    if length < 1e-6:  # the same spot: apart sideways, the way a label is shortest
        dx, dy, length = 1.0, 0.0, 1.0
    ux, uy = dx / length, dy / length
    # how far along (ux, uy) clears the boxes on x, or on y: the nearer way out
    need = min(over_x / abs(ux) if abs(ux) > 1e-3 else math.inf,
               over_y / abs(uy) if abs(uy) > 1e-3 else math.inf)
    step = need / 2 + 0.05
    pa[0] -= ux * step
    pa[1] -= uy * step
    pb[0] += ux * step
    pb[1] += uy * step
    return True


def roomy(positions: Mapping[str, tuple[float, float]],
          boxes: Mapping[str, tuple[float, float, float]], room: float = 1.8,
          wide: float = 1.6) -> dict[str, tuple[float, float]]:
    """``positions`` spread out evenly (never drawn closer) until the drawing's area is
    ``room`` times what its boxes cover, ``wide`` times wider than high: a tight layout
    with long names would otherwise need so many pushes (:func:`clear_of_overlaps`) that
    it lost its shape. Wider, because names are wide and screens and projectors too: a
    round drawing of long names leaves a third of the frame empty and its names small.

    >>> roomy({"a": (0.0, 0.0), "b": (10.0, 0.0)}, {"a": (40.0, 5.0, 25.0),
    ...                                             "b": (40.0, 5.0, 25.0)})["b"][0] > 10
    True
    """
    if len(positions) < 2:
        return dict(positions)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    covered = sum(2 * b[0] * (b[1] + b[2]) for n, b in boxes.items() if n in positions)
    widest = max(2 * b[0] for b in boxes.values())
    tallest = max(b[1] + b[2] for b in boxes.values())
    area = max(width, widest) * max(height, tallest)
    scale = math.sqrt(room * covered / area)
    sx, sy = max(1.0, scale * math.sqrt(wide)), max(1.0, scale / math.sqrt(wide))
    return {n: (x * sx, y * sy) for n, (x, y) in positions.items()}
