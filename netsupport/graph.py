"""Turn a :class:`~netsupport.model.Bundle` into the NetworkX graph the analysis reads.

One node per agency, household and person, keyed by its id, with ``node_type`` set to
``"agency"``, ``"household"`` or ``"person"`` and the record itself under ``record``. One
edge per tie, from ``source_id`` to ``target_id``, keyed by its :class:`~netsupport.model.TieKey`,
with the :class:`~netsupport.model.Tie` under ``tie`` and its kind code under ``kind``.
Household membership is an edge from the household to each member with ``kind="member"``
and no ``tie``, so that a map or a traversal sees members as part of their household.

Examples
--------
>>> from netsupport.model import Bundle, Household, Person, Relation
>>> g = to_graph(Bundle(households=[Household("H1", "北区")],
...                     people=[Person("P1", Relation.SUBJECT, household_id="H1")]))
>>> g.nodes["H1"]["node_type"], list(g.successors("H1"))
('household', ['P1'])
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from .model import Bundle, Event, Tie, TieKey

__all__ = ["to_graph", "neighbourhood", "MEMBER"]

MEMBER = "member"


def to_graph(bundle: Bundle) -> nx.MultiDiGraph:
    """Build the network graph of a bundle (or of a part of one).

    A tie whose far end is not in the bundle still gets its edge; the missing end becomes a
    node with ``node_type`` ``None`` so that nothing is silently dropped.
    """
    g = nx.MultiDiGraph()
    for a in bundle.agencies:
        g.add_node(a.agency_id, node_type="agency", record=a)
    for h in bundle.households:
        g.add_node(h.household_id, node_type="household", record=h)
    for p in bundle.people:
        g.add_node(p.person_id, node_type="person", record=p)
    for p in bundle.people:
        if p.household_id is not None:
            g.add_edge(p.household_id, p.person_id, key=MEMBER, kind=MEMBER)
    for t in bundle.ties:
        g.add_edge(t.source_id, t.target_id, key=t.key, kind=t.kind.value, tie=t)
    for _, data in g.nodes(data=True):
        data.setdefault("node_type", None)
        data.setdefault("record", None)
    if bundle.events:
        g.graph["events"] = list(bundle.events)
    return g


def neighbourhood(g: nx.MultiDiGraph, household_id: str,
                  events: Iterable[Event] = ()) -> Bundle:
    """The records of one household's neighbourhood, read back out of a (city) graph.

    The same records :meth:`Store.household_network` returns: the household, its members,
    every tie touching either, and the agencies and informal contacts at their far ends.
    Events are not in the graph's nodes; pass the household's own.
    """
    household = g.nodes[household_id]["record"]
    members = [v for _, v, k in g.out_edges(household_id, keys=True) if k == MEMBER]
    core = {household_id, *members}
    ties: dict[TieKey, Tie] = {}
    far: set[str] = set()
    for node in core:
        for u, v, data in [*g.out_edges(node, data=True), *g.in_edges(node, data=True)]:
            tie = data.get("tie")
            if tie is not None:
                ties[tie.key] = tie
                far.update({u, v} - core)
    def far_records(node_type: str) -> list:
        return [g.nodes[n]["record"] for n in sorted(far) if g.nodes[n]["node_type"] == node_type]

    return Bundle(
        agencies=far_records("agency"),
        households=[household],
        people=[g.nodes[m]["record"] for m in members] + far_records("person"),
        ties=list(ties.values()),
        events=list(events),
    )
