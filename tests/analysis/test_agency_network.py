"""The agency index (lead counts, agency graph) and the city-wide agency report."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netsupport.analysis import agency_report, build_agency_index
from netsupport.graph import to_graph

from .kit import (
    AS_OF,
    RULES,
    K,
    agency,
    build,
    collaboration,
    days_ago,
    household,
    informal,
    lead,
    person,
    rules_with,
    support,
)


def index(*records):
    return build_agency_index(to_graph(build(*records)), RULES, AS_OF)


def two_households(*extra):
    return (household("H1"), person("P1", "subject", "H1"), person("P2", "mother", "H1"),
            household("H2", "西区"), person("Q1", "subject", "H2"), *extra)


def test_lead_counts_count_households_led_now():
    i = index(*two_households(
        agency("A1"), agency("A2"), agency("A3"),
        lead("A1", "H1"), lead("A1", "P1"),  # one household through two of its ids
        lead("A1", "Q1"), lead("A2", "H2", until=days_ago(1)), lead("A3", "H2", since=days_ago(-1)),
        support("A2", "H1", role="team")))
    assert i.lead_counts == {"A1": 2, "A2": 0, "A3": 0}
    assert i.lead_count("A1", excluding={"H1", "P1", "P2"}) == 1
    assert i.lead_targets["A1"] == {"H1", "H2"}


def test_agency_graph_links_collaboration_and_co_support():
    i = index(*two_households(
        agency("A1"), agency("A2"), agency("A3"), agency("A4"), agency("A5"),
        support("A1", "P1"), support("A2", "P2"),  # co-support of H1 through two members
        support("A3", "Q1", strength="stressful"), support("A4", "H2"),  # stressful counts
        collaboration("A1", "A4"), collaboration("A2", "A5", until=days_ago(1)),
        support("A5", "H1", until=days_ago(1)),
        person("C1", "neighbour"), informal("C1", "P1")))
    g = i.graph
    assert sorted(g.nodes) == ["A1", "A2", "A3", "A4", "A5"]
    assert sorted(g.edges) == [("A1", "A2"), ("A1", "A4"), ("A3", "A4")]
    assert g.edges["A1", "A2"] == {"why": ("co_support",), "collaboration": False,
                                   "households": ("H1",), "weight": 1}
    assert g.edges["A1", "A4"]["why"] == ("collaboration",)
    both = index(*two_households(agency("A1"), agency("A2"), support("A1", "H1"),
                                 support("A2", "P1"), support("A1", "H2"), support("A2", "Q1"),
                                 collaboration("A2", "A1")))
    assert both.graph.edges["A1", "A2"] == {
        "why": ("collaboration", "co_support"), "collaboration": True,
        "households": ("H1", "H2"), "weight": 3}


def report(*records, top=None):
    return agency_report(to_graph(build(*records)), RULES, AS_OF, top=top)


def test_sole_support_agencies_and_the_households_left_with_nobody():
    r = report(*two_households(
        agency("A1"), agency("A2"), support("A1", "P1"), support("A2", "Q1"),
        household("H3"), person("R1", "subject", "H3"), support("A1", "H3"),
        person("C1", "neighbour"), informal("C1", "R1"),  # H3 has two supports
        household("H4", status="closed"), person("S1", "subject", "H4"),
        support("A2", "H4")))
    assert [(s.agency_id, s.households) for s in r.sole_support] == [("A1", ("H1",)),
                                                                     ("A2", ("H2",))]


def test_an_informal_contact_as_the_only_support_is_no_sole_agency():
    r = report(household("H1"), person("P1", "subject"), person("C1", "friend"), informal("C1"))
    assert r.sole_support == ()


def test_brokers_by_betweenness():
    # A1 - A2 - A3 - A4 in a line through shared households: A2 and A3 broker
    records = [agency(f"A{i}") for i in range(1, 6)]
    for i in range(1, 4):
        records += [household(f"H{i}"), person(f"P{i}", "subject", f"H{i}"),
                    support(f"A{i}", f"H{i}"), support(f"A{i + 1}", f"P{i}")]
    r = report(*records)
    assert [(b.agency_id, b.score) for b in r.brokers] == [("A2", 0.333333), ("A3", 0.333333)]
    assert [b.agency_id for b in report(*records, top=1).brokers] == ["A2"]


def test_brokers_are_estimated_with_a_fixed_seed_on_big_graphs(tmp_path):
    rules = rules_with(tmp_path, "broker_exact_max_agencies = 2000\n",
                       "broker_exact_max_agencies = 2\n")
    records = [agency(f"A{i}") for i in range(1, 6)]
    for i in range(1, 4):
        records += [household(f"H{i}"), person(f"P{i}", "subject", f"H{i}"),
                    support(f"A{i}", f"H{i}"), support(f"A{i + 1}", f"P{i}")]
    g = to_graph(build(*records))
    first = agency_report(g, rules, AS_OF).brokers
    assert first == agency_report(g, rules, AS_OF).brokers
    assert {b.agency_id for b in first} <= {"A2", "A3"}


def test_over_capacity():
    records = [agency("A1", K.HIKIKOMORI_SUPPORT_OFFICE, capacity=1),
               agency("A2", K.HIKIKOMORI_SUPPORT_OFFICE, capacity=2), agency("A3")]
    for i in range(2):
        records += [household(f"H{i}"), person(f"P{i}", "subject", f"H{i}"),
                    lead("A1", f"H{i}"), lead("A2", f"P{i}"), lead("A3", f"H{i}")]
    r = report(*records)
    assert [o.to_dict() for o in r.over_capacity] == [
        {"agency_id": "A1", "leads": 2, "capacity": 1}]


def test_ward_shortages_by_ward_and_needed_kind():
    r = report(
        household("H1", "北区", hardship=True), person("P1", "subject", "H1"),
        household("H2", "北区", hardship=True), person("Q1", "subject", "H2"),
        household("H3", "西区", hardship=True), person("R1", "subject", "H3"),
        household("H4", "北区", hardship=True, status="closed"),
        person("S1", "subject", "H4"),
        agency("W1", K.WELFARE_OFFICE, ward="西区"),
        agency("L1", K.LIVELIHOOD_SUPPORT, ward="北区"),
        agency("B1", K.HIKIKOMORI_SUPPORT_OFFICE, ward=None))
    rows = [(s.ward, s.kind.value, s.households, s.gaps) for s in r.ward_shortages]
    # 北区 lacks a welfare office (2 households; H4 is closed), 西区 a livelihood desk;
    # no_lead needs nothing, and the city-wide B1 would cover any hikikomori need.
    assert rows == [("北区", "welfare_office", ("H1", "H2"), ("income",)),
                    ("西区", "livelihood_support", ("H3",), ("income",))]
    assert r.ward_shortages[0].to_dict()["households"] == 2


def test_report_to_dict():
    d = report(household("H1"), person("P1", "subject"), agency("A1"), support("A1")).to_dict()
    assert set(d) >= {"as_of", "sole_support", "brokers", "over_capacity", "ward_shortages"}
    assert d["sole_support"] == [{"agency_id": "A1", "households": ["H1"]}]
    assert d["labels"]["title"] == "関係機関の分析"


@pytest.mark.parametrize("as_of_shift", [0, 400])
def test_the_index_remembers_its_day(as_of_shift):
    day = AS_OF + timedelta(days=as_of_shift)
    g = to_graph(build(household(), person("P1", "subject"), agency("A1"),
                       lead("A1", until=AS_OF + timedelta(days=100))))
    i = build_agency_index(g, RULES, day)
    assert i.as_of == day and i.lead_counts["A1"] == (1 if as_of_shift == 0 else 0)


@pytest.mark.parametrize("seed", range(6))
def test_exact_betweenness_is_networkx_exact(seed):
    """rustworkx's numbers are NetworkX's (the bench chose it for speed, not other scores)."""
    import networkx as nx

    from netsupport.analysis.agency_network import exact_betweenness

    graph = nx.relabel_nodes(nx.gnm_random_graph(40, 90 + 10 * seed, seed=seed),
                             lambda n: f"A{n:02d}")
    graph.add_node("A-alone")
    ours = exact_betweenness(graph)
    reference = nx.betweenness_centrality(graph, normalized=True)
    assert ours.keys() == reference.keys()
    assert all(abs(ours[a] - reference[a]) < 1e-12 for a in reference)


def test_agencies_by_kind_and_a_households_own():
    from netsupport.model import Agency

    records = [agency("A1", K.HIKIKOMORI_SUPPORT_OFFICE), agency("A2", K.CARE_MANAGER),
               agency("A3", K.HIKIKOMORI_SUPPORT_OFFICE)]
    found_index = index(*records)
    assert found_index.by_kind[K.HIKIKOMORI_SUPPORT_OFFICE] == ("A1", "A3")
    own = {"A9": Agency("A9", "家の近くの", K.CARE_MANAGER),
           "A2": Agency("A2", "古い記録", K.WELFARE_OFFICE)}  # the index's A2 wins
    found = found_index.of_kinds([K.CARE_MANAGER], own)
    assert sorted(found) == ["A2", "A9"] and found["A2"].kind is K.CARE_MANAGER
    assert found_index.of_kinds([K.WELFARE_OFFICE], own) == {}


def test_lead_count_excluding_a_household():
    records = [agency("A1")]
    for i in range(3):
        records += [household(f"H{i}"), person(f"P{i}", "subject", f"H{i}"),
                    lead("A1", f"H{i}")]
    leads = index(*records)
    assert leads.lead_count("A1") == 3
    assert leads.lead_count("A1", excluding=["H1", "P1", "H1"]) == 2
    assert leads.lead_count("A1", excluding=frozenset({"nobody"})) == 3
    assert leads.lead_count("A-none", excluding=["H1"]) == 0


def test_brokers_carry_their_place_in_the_city_and_words():
    import networkx as nx

    from netsupport.analysis.agency_network import AgencyIndex, Broker, broker_scores

    index = AgencyIndex(AS_OF, {}, {}, nx.path_graph([f"A{i:02d}" for i in range(40)]))
    brokers = broker_scores(index, 5, RULES)
    assert [(b.rank, b.agencies) for b in brokers] == [(i, 40) for i in range(1, 6)]
    assert [b.top_percent for b in brokers] == [3, 5, 8, 10, 13]
    assert brokers[0].words() == "多くの世帯の支援機関どうしをつなぐ位置にある（市内上位3%）"
    assert brokers[4].words() == "いくつかの世帯の支援機関どうしをつなぐ位置にある（市内上位13%）"
    d = brokers[0].to_dict("en")
    assert d["label"] == "Links the supporters of many households (top 3% of the city)"
    assert Broker("A1", 0.5).top_percent == 100  # no place given: no claim
