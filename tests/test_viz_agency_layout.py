"""The agency map's layout, checked as geometry over the page's own data: on the demo city
(graph_data/demo, 140 agencies) and on a 5,000-household city (``generate(5000, seed=8050)``,
375 agencies), as the agency network page draws them — the key agencies, one agency's
neighbourhood and every agency — no two boxes (a dot with its label under it, as
vis-network draws it: :func:`~netsupport.viz.agency_map.label_boxes`) overlap; the same
graph gives the same positions, and a new link moves no agency that was drawn before.

The report and the part of the graph come from the same functions as the page's
(:func:`netsupport.citycache.compute_city`, :class:`netsupport.cityreports.AgencyReports`,
:func:`netsupport.cityreports.agency_part`), over a real SQLite store. Whether a browser
then keeps the labels apart when it grows them is ``test_browser_agency_map.py``'s.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from netsupport.bundle import read_bundle
from netsupport.citycache import compute_city
from netsupport.cityreports import AgencyReports, agency_part
from netsupport.demo import DEFAULT_AS_OF, generate
from netsupport.rules import load_rules
from netsupport.storage import open_store
from netsupport.viz import agency_map_html
from netsupport.viz.agency_map import (
    BOX_GAP,
    LABEL_FONT,
    clear_of_overlaps,
    kept_positions,
    key_agencies,
    label_boxes,
    neighbourhood,
    overlapping,
    strongest_links,
)

ROOT = Path(__file__).resolve().parent.parent
KEY = 40  # the page's KEY_AGENCIES (not imported: this test needs no Streamlit)


def city(tmp_path_factory, name: str, bundle):
    uri = f"sqlite:///{tmp_path_factory.mktemp(name) / 'city.db'}"
    with open_store(uri) as store:
        store.load(bundle)
        results = compute_city(store, load_rules(), DEFAULT_AS_OF)
    report = AgencyReports().report(results)
    part = agency_part(results.index.graph, results.index.agencies, None)
    return results.index, report, part


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return city(tmp_path_factory, "demo", read_bundle(ROOT / "graph_data" / "demo"))


@pytest.fixture(scope="module")
def city_5k(tmp_path_factory):
    return city(tmp_path_factory, "city5k", generate(5000, seed=8050))


def drawn(page: str) -> list[dict]:
    found = re.search(r'<script type="application/json" id="ns-data">(.*?)</script>', page,
                      re.DOTALL)
    return json.loads(found.group(1))["nodes"]


def draw(index, report, graph: nx.Graph, **kw) -> list[dict]:
    return drawn(agency_map_html(
        graph, agencies=index.agencies, brokers={b.agency_id: b.score for b in report.brokers},
        sole_support={s.agency_id: len(s.households) for s in report.sole_support}, **kw))


def key_graph(index, report, part, per_agency: int = 3) -> nx.Graph:
    key = key_agencies(part.graph,
                       sole_support={s.agency_id: len(s.households) for s in report.sole_support},
                       brokers={b.agency_id: b.score for b in report.brokers},
                       leads=index.lead_counts, limit=KEY)
    graph = strongest_links(part.graph.subgraph(key.ids), per_agency)
    graph.add_nodes_from(key.ids)
    return graph


def clashes(nodes: list[dict]) -> list[tuple[str, str]]:
    """The pairs of drawn boxes (dot and label) closer than the layout's gap allows."""
    boxes = label_boxes(nodes, LABEL_FONT)
    return overlapping({n["id"]: (n["x"], n["y"]) for n in nodes}, boxes, gap=BOX_GAP - 0.5)


@pytest.mark.parametrize("size", ["demo", "city_5k"])
def test_no_two_agencies_or_their_names_overlap_on_any_map_the_page_draws(size, request):
    index, report, part = request.getfixturevalue(size)
    key = key_graph(index, report, part)
    nodes = draw(index, report, key)
    assert len(nodes) == KEY and all(n["label"] for n in nodes)  # every key agency named
    assert clashes(nodes) == []

    centre = max(part.graph.nodes, key=lambda a: (part.graph.degree(a), a))
    around = draw(index, report, neighbourhood(part.graph, centre, 30))
    assert len(around) == 31 and clashes(around) == []

    every = draw(index, report, part.strongest(3), label_top=12)
    assert len(every) == part.graph.number_of_nodes()
    assert clashes(every) == []


def test_the_layout_before_the_names_were_moved_apart_had_them_overlap(demo):
    """The check above can fail: the map's own positions, before
    :func:`~netsupport.viz.agency_map.clear_of_overlaps`, had names on names."""
    index, report, part = demo
    nodes = draw(index, report, key_graph(index, report, part))
    boxes = label_boxes(nodes)
    raw = kept_positions(key_graph(index, report, part), None)
    ids = {n["id"]: n for n in nodes}
    by_agency = {node: f"n{i}" for i, node in enumerate(sorted(raw, key=str))}
    unmoved = {by_agency[a]: raw[a] for a in raw}
    assert set(unmoved) == set(ids)
    assert len(overlapping(unmoved, boxes, gap=BOX_GAP - 0.5)) > 5
    assert overlapping(clear_of_overlaps(unmoved, boxes), boxes, gap=BOX_GAP - 0.5) == []


def test_the_same_map_is_drawn_in_the_same_places_and_a_new_link_moves_nobody(city_5k):
    index, report, part = city_5k
    graph = key_graph(index, report, part)
    first = kept_positions(graph, None)
    again = draw(index, report, graph, positions=kept_positions(graph, first))
    assert again == draw(index, report, graph, positions=first)
    assert again == draw(index, report, graph)  # a fresh layout is the same one

    u, v = sorted(a for a in graph if graph.degree(a))[:2]
    more = graph.copy()
    more.add_edge(u, v, weight=graph.get_edge_data(u, v, {"weight": 0})["weight"] + 5)
    after = draw(index, report, more, positions=kept_positions(more, first))
    assert [(n["id"], n["x"], n["y"]) for n in after] == [
        (n["id"], n["x"], n["y"]) for n in again]


def test_the_key_agencies_share_the_map_between_the_four_reasons(city_5k):
    index, report, part = city_5k
    sole = {s.agency_id: len(s.households) for s in report.sole_support}
    brokers = {b.agency_id: b.score for b in report.brokers}
    key = key_agencies(part.graph, sole_support=sole, brokers=brokers,
                       leads=index.lead_counts, limit=KEY)
    assert len(key.ids) == KEY == key.sole + key.brokers + key.leads + key.ties
    assert key.left_out == part.graph.number_of_nodes() - KEY
    assert min(key.sole, key.brokers, key.leads, key.ties) >= KEY // 8
    assert {b for b in brokers if b in part.graph} <= set(key.ids)  # the report's 10
    most_sole = max(sole, key=lambda a: (sole[a], a) if a in part.graph else (-1, a))
    top_broker = max(brokers, key=lambda a: brokers[a])
    busiest = max(part.graph, key=lambda a: (index.lead_counts[a], a))
    assert {most_sole, top_broker, busiest} <= set(key.ids)
    path = tuple(sorted(part.graph)[:3])  # a highlighted path is drawn on top of the 40
    outlined = key_agencies(part.graph, sole_support=sole, brokers=brokers,
                            leads=index.lead_counts, highlight=path, limit=KEY)
    assert outlined.ids[:3] == path and outlined.highlighted == 3
    assert len(outlined.ids) == KEY + 3
