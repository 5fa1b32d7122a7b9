"""The agencies of the city: who leads how many households, and who is linked to whom.

:class:`AgencyIndex` is what the lead and team analysis of one household need to look
city-wide: every agency by id, the households each one leads now, and the **agency graph**,
an undirected ``nx.Graph`` in which two agencies are linked when

- an active collaboration tie joins them (edge attribute ``collaboration`` is true), or
- both have an active support tie (a kind of ``facts.support_tie_kinds``, any strength) to
  the same household or its members (``households`` lists the shared households).

Each edge says why in ``why`` (``("co_support",)``, ``("collaboration",)`` or both) and has
``weight`` = shared households + 1 for a collaboration tie (for drawing).

:func:`build_agency_index` works on the small graph of ``store.agency_ties()`` (agencies
and their support and collaboration ties) as on a whole city graph. A tie to a member is
traced to the member's household through the member's :class:`~netsupport.model.Person`
record; where the graph has no such record (``agency_ties()`` without people), the member's
id stands for a household of its own. Lead counts stay right for the household being
analysed (:func:`~netsupport.analysis.lead.recommend_lead` leaves out the household and all
its members), but two agencies supporting different members of one other household are
then not linked, and an agency leading a household through two of its members counts it
twice. Give the index the people its ties reach and it is exact.

The city-wide report helpers live here too: :func:`sole_supports`, :func:`broker_scores`,
:func:`over_capacity` and :func:`ward_shortages`.

Examples
--------
>>> from datetime import date
>>> from netsupport.graph import to_graph
>>> from netsupport.model import Agency, AgencyKind, Bundle, Role, Tie, TieKind
>>> from netsupport.rules import load_rules
>>> K = AgencyKind.HIKIKOMORI_SUPPORT_OFFICE
>>> g = to_graph(Bundle(agencies=[Agency(a, a, K) for a in ("A1", "A2", "A3")], ties=[
...     Tie("A1", "H1", TieKind.SUPPORT, role=Role.LEAD), Tie("A2", "H1", TieKind.SUPPORT),
...     Tie("A2", "A3", TieKind.COLLABORATION)]))
>>> index = build_agency_index(g, load_rules(), date(2026, 11, 1))
>>> index.lead_counts["A1"], index.bridge("A1", "A3")
(1, ('A1', 'A2', 'A3'))
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from itertools import combinations
from types import MappingProxyType
from typing import Any

import networkx as nx

from ..i18n import t
from ..model import WARDS, Agency, AgencyKind, Person, Role, TieKind
from ..rules import Rules
from .facts import HouseholdFacts, is_active
from .gaps import Gap

__all__ = [
    "AgencyIndex",
    "build_agency_index",
    "agency_index_from",
    "agency_link",
    "bridge_path",
    "links_within",
    "strongest_partners",
    "SoleSupport",
    "Broker",
    "OverCapacity",
    "WardShortage",
    "sole_supports",
    "broker_scores",
    "over_capacity",
    "ward_shortages",
]


@dataclass(frozen=True)
class AgencyIndex:
    """Every agency, the households each leads now, and the agency graph (as of one day).

    ``lead_targets`` maps an agency id to the households it has an active lead tie to (a
    member's id stands for its household when the graph does not say which that is).
    """

    as_of: date
    agencies: Mapping[str, Agency]
    lead_targets: Mapping[str, frozenset[str]]
    graph: nx.Graph = field(repr=False)

    def lead_count(self, agency_id: str, excluding: Collection[str] = ()) -> int:
        """How many households the agency leads now, not counting ``excluding`` ids.

        Costs the size of ``excluding`` (one household's ids), not of the agency's leads:
        a household's view asks this of every candidate agency.
        """
        targets = self.lead_targets.get(agency_id, frozenset())
        if not excluding or targets.isdisjoint(excluding):  # most households: one C call
            return len(targets)
        # (the intersection walks the smaller side, in C)
        return len(targets) - len(targets.intersection(excluding))

    @cached_property
    def by_kind(self) -> Mapping[AgencyKind, tuple[str, ...]]:
        """Agency ids by kind (sorted), made once per index: a household's view looks up
        the few kinds it needs instead of walking every agency of the city."""
        kinds: dict[AgencyKind, list[str]] = {}
        for aid in sorted(self.agencies):
            kinds.setdefault(self.agencies[aid].kind, []).append(aid)
        return MappingProxyType({k: tuple(v) for k, v in kinds.items()})

    def of_kinds(self, kinds: Iterable[AgencyKind],
                 also: Mapping[str, Agency] = MappingProxyType({})) -> dict[str, Agency]:
        """The agencies of ``kinds``: the index's, and those of ``also`` (a household's own
        network) that the index lacks; the index's record wins for an id in both."""
        wanted = set(kinds)
        found = {aid: a for aid, a in also.items()
                 if aid not in self.agencies and a.kind in wanted}
        for kind in wanted:
            for aid in self.by_kind.get(kind, ()):
                found[aid] = self.agencies[aid]
        return found

    @cached_property
    def lead_counts(self) -> Mapping[str, int]:
        """Households led now, for every agency (0 for those leading none); made once per
        index (the agency page ranks the busiest leads on every run: 5 ms at 80,000
        households, 4,800 agencies)."""
        ids = sorted(set(self.agencies) | set(self.lead_targets))
        return MappingProxyType({a: self.lead_count(a) for a in ids})

    def bridge(self, source: str, target: str,
               extra: Mapping[str, Collection[str]] | None = None) -> tuple[str, ...]:
        """The handover path from ``source`` to ``target``; see :func:`bridge_path`."""
        return bridge_path(self.graph, source, target, extra)


def build_agency_index(g: nx.MultiDiGraph, rules: Rules, as_of: date) -> AgencyIndex:
    """Index the agencies of a graph: their current leads and the agency graph.

    Parameters
    ----------
    g : nx.MultiDiGraph
        :func:`netsupport.graph.to_graph` of ``store.agency_ties()`` or of a city bundle.
    rules : Rules
        ``facts.support_tie_kinds`` says which ties make two agencies co-supporters.
    as_of : date
        Only ties active on this day count.

    Returns
    -------
    AgencyIndex
    """
    agencies = {n: d["record"] for n, d in g.nodes(data=True)
                if d.get("node_type") == "agency" and isinstance(d.get("record"), Agency)}
    home: dict[str, str] = {}
    for n, d in g.nodes(data=True):
        record = d.get("record")
        if d.get("node_type") == "household":
            home[n] = n
        elif isinstance(record, Person) and record.household_id is not None:
            home[n] = record.household_id
    leads: dict[str, set[str]] = {}
    supporters: dict[str, set[str]] = {}
    collaborations: set[tuple[str, str]] = set()
    for u, v, d in g.edges(data=True):
        tie = d.get("tie")
        if tie is None or not is_active(tie, as_of) or u not in agencies:
            continue
        if tie.kind == TieKind.COLLABORATION:
            if v in agencies and u != v:
                collaborations.add((min(u, v), max(u, v)))
        elif v not in agencies and tie.kind in rules.facts.support_tie_kinds:
            unit = home.get(v, v)
            supporters.setdefault(unit, set()).add(u)
            if tie.kind == TieKind.SUPPORT and tie.role == Role.LEAD:
                leads.setdefault(u, set()).add(unit)
    return agency_index_from(as_of, agencies, supporters, leads, collaborations)


def agency_index_from(as_of: date, agencies: Mapping[str, Agency],
                      supporters: Mapping[str, Collection[str]],
                      leads: Mapping[str, Collection[str]],
                      collaborations: Collection[tuple[str, str]]) -> AgencyIndex:
    """The index of what :func:`build_agency_index` reads off a graph: the agencies; the
    agencies supporting each household (``supporters``, by household, or by the id that
    stands for one); the households each agency leads (``leads``, by agency); the
    collaborating pairs ``(a, b)``, ``a < b``.

    Built so by :func:`build_agency_index` and by the city cache
    (:mod:`netsupport.citycache`), which keeps these inputs and patches the index from them
    after a write instead of reading every agency tie of the city again.
    """
    # Each pair of agencies is one int, ``rank(a) * n + rank(b)`` over the ids in sorted
    # order: a city has over a million (household, pair) occurrences and hundreds of
    # thousands of links, which ints count, hash and sort several times faster than pairs
    # of ids, in the same order (the links are added sorted: every build, from scratch or
    # patched, gives the same graph).
    ids = sorted({*agencies, *(a for pair in collaborations for a in pair),
                  *(a for held in supporters.values() for a in held)})
    rank = {a: i for i, a in enumerate(ids)}.__getitem__
    n = len(ids)
    shared: defaultdict[int, list[str]] = defaultdict(list)
    for unit in sorted(supporters):
        held = supporters[unit]
        if len(held) > 1:
            for a, b in combinations(sorted(map(rank, held)), 2):
                shared[a * n + b].append(unit)
    collaborating = {rank(a) * n + rank(b) for a, b in collaborations}
    graph = nx.Graph()
    graph.add_nodes_from(sorted(agencies))
    graph.add_edges_from(
        (ids[pair // n], ids[pair % n],
         agency_link(tuple(shared.get(pair, ())), pair in collaborating))
        for pair in sorted(shared.keys() | collaborating))
    return AgencyIndex(
        as_of=as_of,
        agencies=MappingProxyType(dict(sorted(agencies.items()))),
        lead_targets=MappingProxyType({a: frozenset(t) for a, t in sorted(leads.items()) if t}),
        graph=graph,
    )


def agency_link(households: tuple[str, ...], collaboration: bool) -> dict[str, Any]:
    """The attributes of one edge of the agency graph (see the module docstring)."""
    why = (("collaboration",) if collaboration else ()) + (("co_support",) if households
                                                           else ())
    return {"why": why, "collaboration": collaboration, "households": households,
            "weight": len(households) + int(collaboration)}


def strongest_partners(links: Mapping[str, Mapping[str, Any]],
                       limit: int | None = None) -> list[tuple[str, Mapping[str, Any]]]:
    """An agency's links (its neighbour dict in the agency graph) strongest first: by
    ``weight`` (households shared, plus a collaboration), then by the other end's id; the
    first ``limit`` of them (all when ``None``). The one order of the maps' strongest links
    and of an agency's neighbourhood.

    >>> strongest_partners({"A2": {"weight": 1}, "A3": {"weight": 4}, "A1": {"weight": 1}}, 2)
    [('A3', {'weight': 4}), ('A1', {'weight': 1})]
    """
    ranked = sorted(links.items(), key=lambda item: (-float(item[1].get("weight", 1)),
                                                     str(item[0])))
    return ranked if limit is None else ranked[:limit]


def links_within(graph: nx.Graph, keep: Callable[[str], bool]) -> nx.Graph:
    """The agency graph with each link's shared households cut to those ``keep`` admits and
    its weight counted again (:func:`agency_link`); a link left with neither a shared
    household nor a collaboration is dropped. What a member of staff sees: the links and
    their weights as their own wards' households make them.

    >>> g = nx.Graph()
    >>> g.add_edge("A1", "A2", **agency_link(("H1", "H2"), False))
    >>> g.add_edge("A2", "A3", **agency_link(("H3",), False))
    >>> mine = links_within(g, {"H1"}.__contains__)
    >>> list(mine.edges(data="weight")), sorted(mine)
    ([('A1', 'A2', 1)], ['A1', 'A2', 'A3'])
    """
    out = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, d in graph.edges(data=True):
        households = tuple(h for h in d.get("households", ()) if keep(h))
        if households or d.get("collaboration"):
            out.add_edge(u, v, **agency_link(households, bool(d.get("collaboration"))))
    return out


def bridge_path(graph: nx.Graph, source: str, target: str,
                extra: Mapping[str, Collection[str]] | None = None) -> tuple[str, ...]:
    """The shortest path between two agencies, ends included; empty when there is none.

    Among paths of equal length the lexicographically smallest list of ids is returned: a
    breadth-first search that visits neighbours in sorted order reaches every node first
    along its lexicographically smallest shortest path, so the answer does not depend on
    the order in which edges were added. Its length always equals
    ``nx.shortest_path_length(graph, source, target)``.

    Parameters
    ----------
    graph : nx.Graph
        The agency graph.
    source, target : str
        Agency ids.
    extra : mapping of str to collection of str, optional
        More links, agency id -> linked agency ids (both directions listed), searched as
        if they were edges of ``graph`` (the links a household's own network shows).

    Examples
    --------
    >>> g = nx.Graph([("A", "C"), ("C", "Z"), ("A", "B"), ("B", "Z")])
    >>> bridge_path(g, "A", "Z"), bridge_path(g, "A", "X")
    (('A', 'B', 'Z'), ())
    >>> bridge_path(g, "A", "X", extra={"C": {"X"}, "X": {"C"}})
    ('A', 'C', 'X')
    """
    extra = extra or {}
    if source == target:
        return (source,) if source in graph or source in extra else ()
    parent: dict[Any, Any] = {source: None}
    queue = deque([source])
    while queue and target not in parent:
        node = queue.popleft()
        linked = set(graph.neighbors(node)) if node in graph else set()
        linked.update(extra.get(node, ()))
        for nxt in sorted(linked):
            if nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    if target not in parent:
        return ()
    path = [target]
    while parent[path[-1]] is not None:
        path.append(parent[path[-1]])
    return tuple(reversed(path))


@dataclass(frozen=True, slots=True)
class SoleSupport:
    """An agency that is the only support of some households (left with nobody without it)."""

    agency_id: str
    households: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"agency_id": self.agency_id, "households": list(self.households)}


@dataclass(frozen=True, slots=True)
class Broker:
    """An agency's betweenness centrality in the agency graph (normalised, 0 to 1), and its
    place among the city's agencies: ``rank`` (1 = the most) of ``agencies`` in the graph.

    Staff read it in words (:meth:`words`), not as the raw score: how far the agency sits
    between the supporters of many households, and where that puts it in the city.
    """

    agency_id: str
    score: float
    rank: int = 0
    agencies: int = 0

    @property
    def top_percent(self) -> int:
        """The smallest whole percent of the city's agencies this one is among (上位N%)."""
        if not self.agencies:
            return 100
        return max(1, math.ceil(self.rank * 100 / self.agencies))

    def words(self, lang: str = "ja") -> str:
        """The score in a sentence, e.g. 多くの世帯の支援機関どうしをつなぐ位置にある（市内上位5%）.

        >>> Broker("A1", 0.172, 3, 140).words()
        '多くの世帯の支援機関どうしをつなぐ位置にある（市内上位3%）'
        >>> Broker("A2", 0.01, 40, 140).words("en")
        'Links the supporters of some households (top 29% of the city)'
        """
        strength = "many" if self.top_percent <= BROKER_MANY_PERCENT else "some"
        return t(f"broker.words.{strength}", lang, percent=self.top_percent)

    def to_dict(self, lang: str = "ja") -> dict[str, Any]:
        return {"agency_id": self.agency_id, "score": self.score, "rank": self.rank,
                "agencies": self.agencies, "top_percent": self.top_percent,
                "label": self.words(lang)}


@dataclass(frozen=True, slots=True)
class OverCapacity:
    """An agency leading more households than its capacity."""

    agency_id: str
    leads: int
    capacity: int

    def to_dict(self) -> dict[str, Any]:
        return {"agency_id": self.agency_id, "leads": self.leads, "capacity": self.capacity}


@dataclass(frozen=True, slots=True)
class WardShortage:
    """Households of a ward with an open gap needing ``kind``, and no agency of it at hand."""

    ward: str
    kind: AgencyKind
    households: tuple[str, ...]
    gaps: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"ward": self.ward, "kind": self.kind.value, "households": len(self.households),
                "household_ids": list(self.households), "gaps": list(self.gaps)}


def sole_supports(facts: Iterable[HouseholdFacts], rules: Rules) -> tuple[SoleSupport, ...]:
    """Agencies that are the only support of households in support (not closed).

    A household counts when it has exactly one support and that support is an agency: without
    that agency it would be left with nobody. Sorted by most households, then agency_id.
    """
    by_agency: dict[str, list[str]] = {}
    for f in facts:
        if f.household.status in rules.gaps.closed_statuses:
            continue
        if len(f.supports) == 1 and f.supports[0].is_agency:
            by_agency.setdefault(f.supports[0].support_id, []).append(f.household_id)
    rows = [SoleSupport(a, tuple(sorted(h))) for a, h in by_agency.items()]
    return tuple(sorted(rows, key=lambda r: (-len(r.households), r.agency_id)))


#: A broker among this top share of the city's agencies links "many" households' supporters
#: (the words of :meth:`Broker.words`), the rest "some".
BROKER_MANY_PERCENT = 10

#: The seed of the sampled broker estimate on big graphs: fixed, so every run agrees.
_BROKER_SEED = 8050


def broker_scores(index: AgencyIndex, top: int, rules: Rules) -> tuple[Broker, ...]:
    """The ``top`` agencies by betweenness centrality in the agency graph (score > 0 only).

    Betweenness [1]_ is the share of shortest paths between other agencies that run through
    an agency: the ones the network depends on to connect. Exact up to
    ``agency_report.broker_exact_max_agencies`` agencies, computed by rustworkx (Brandes'
    algorithm in Rust): 11-17x faster than NetworkX's exact one with the same scores, at
    5,000 and 20,000 households, where NetworkX's k-sampled estimate was 6x and 18x faster
    and approximate (bench/RESULTS.md, figure 4). Exact cost grows with agencies x links, so
    above the limit (a city far larger than Kobe's ~1,300 agencies) it is estimated from
    ``agency_report.broker_samples`` source agencies drawn with a fixed seed [2]_, so the same
    graph always gives the same scores. Scores are rounded to 9 decimals before ranking, so
    that equal scores (up to float noise) are ordered by agency_id whichever path made them.

    References
    ----------
    .. [1] L. C. Freeman, "A set of measures of centrality based on betweenness",
       Sociometry 40 (1977) 35-41.
    .. [2] U. Brandes and C. Pich, "Centrality estimation in large networks", International
       Journal of Bifurcation and Chaos 17 (2007) 2303-2318.

    Examples
    --------
    >>> from netsupport.rules import load_rules
    >>> index = AgencyIndex(date(2026, 11, 1), {}, {}, nx.path_graph(["A", "B", "C"]))
    >>> broker_scores(index, 5, load_rules())
    (Broker(agency_id='B', score=1.0, rank=1, agencies=3),)
    """
    graph = index.graph
    limits = rules.agency_report
    if graph.number_of_nodes() > limits.broker_exact_max_agencies:
        scores = nx.betweenness_centrality(graph, k=min(limits.broker_samples, len(graph)),
                                           normalized=True, seed=_BROKER_SEED)
    else:
        scores = exact_betweenness(graph)
    ranked = sorted((-round(s, 9), a) for a, s in scores.items() if round(s, 9) > 0)
    total = graph.number_of_nodes()
    return tuple(Broker(a, round(-s, 6), rank, total)
                 for rank, (s, a) in enumerate(ranked[:top], start=1))


def exact_betweenness(graph: nx.Graph) -> dict[str, float]:
    """Normalised betweenness of every node of an undirected, unweighted graph, exact, by
    rustworkx: the same numbers as ``nx.betweenness_centrality(graph, normalized=True)``.

    >>> exact_betweenness(nx.path_graph(["A", "B", "C"]))
    {'A': 0.0, 'B': 1.0, 'C': 0.0}
    """
    import rustworkx as rx

    nodes = list(graph.nodes)
    if len(nodes) < 3:  # no node can lie between two others
        return dict.fromkeys(nodes, 0.0)
    position = {n: i for i, n in enumerate(nodes)}
    copy = rx.PyGraph(multigraph=False)
    copy.add_nodes_from(nodes)
    copy.add_edges_from_no_data([(position[u], position[v]) for u, v in graph.edges
                                 if u != v])
    scores = rx.betweenness_centrality(copy, normalized=True)
    return {nodes[i]: float(scores[i]) for i in range(len(nodes))}


def over_capacity(index: AgencyIndex) -> tuple[OverCapacity, ...]:
    """Agencies that lead more households now than their capacity, most over first."""
    rows = [OverCapacity(a, index.lead_count(a), agency.capacity)
            for a, agency in index.agencies.items()
            if agency.capacity is not None and index.lead_count(a) > agency.capacity]
    return tuple(sorted(rows, key=lambda r: (r.capacity - r.leads, r.agency_id)))


def ward_shortages(facts: Iterable[HouseholdFacts], gaps: Mapping[str, Iterable[Gap]],
                   index: AgencyIndex) -> tuple[WardShortage, ...]:
    """Per ward and needed kind, the households whose ward has no agency of that kind.

    A household counts under (its ward, kind) when it has an open gap whose needs list the
    kind, and no agency of the kind is in its ward; an agency without a ward serves the whole
    city and so counts in every ward. Capacity does not enter: it limits leading, not joining
    a team. Sorted by ward (Kobe's order, then others), then by kind code.
    """
    wards: dict[AgencyKind, set[str | None]] = {}
    for agency in index.agencies.values():
        wards.setdefault(agency.kind, set()).add(agency.ward)
    rows: dict[tuple[str, AgencyKind], tuple[set[str], set[str]]] = {}
    for f in facts:
        ward = f.household.ward
        for gap in gaps.get(f.household_id, ()):
            for kind in gap.needs:
                present = wards.get(kind, set())
                if ward in present or None in present:
                    continue
                households, codes = rows.setdefault((ward, kind), (set(), set()))
                households.add(f.household_id)
                codes.add(gap.code)
    order = {w: i for i, w in enumerate(WARDS)}
    keys = sorted(rows, key=lambda k: (order.get(k[0], len(order)), k[0], k[1].value))
    return tuple(WardShortage(w, k, tuple(sorted(rows[w, k][0])), tuple(sorted(rows[w, k][1])))
                 for w, k in keys)
