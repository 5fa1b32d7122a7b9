"""The supervisor's scan: one pass, the same answers as analyse_household, filters, order."""

from __future__ import annotations

import json
from datetime import date

from builders import bundles, tiny_bundle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netsupport.analysis import analyse_household, build_agency_index, scan, scan_bundle
from netsupport.analysis.facts import bundle_facts, iter_city_facts
from netsupport.graph import to_graph
from netsupport.model import Bundle
from netsupport.storage import open_store

from .kit import (
    AS_OF,
    RULES,
    K,
    agency,
    build,
    days_ago,
    household,
    lead,
    person,
    support,
)

SCAN_KEYS = ["household_id", "ward", "is_8050", "isolation", "risk_score", "risk_level",
             "strategy", "gaps", "stage"]


def city() -> Bundle:
    return build(
        # H1: 8050, unconnected, crisis: 3 + 3 + 2 (no_lead) + 2 (parent 80+) + 1 (subject 50+)
        household("H1", "北区", crisis=True), person("P1", "subject", "H1", age=50),
        person("P2", "mother", "H1", age=80),
        # H2: connected and led, but the subject lives alone: 4 (subject_alone) + 1 (family
        # difficult: nobody at home) = 5 (RULES v2; 0 before)
        household("H2", "北区", acceptance="accepts"), person("Q1", "subject", "H2", age=30),
        agency("A1", K.HIKIKOMORI_SUPPORT_OFFICE), agency("A2"), lead("A1", "H2"),
        support("A2", "Q1"),
        # H3 (西区): isolated, one support, led, alone: 2 + 5 = 7
        household("H3", "西区", acceptance="accepts"), person("R1", "subject", "H3", age=30),
        lead("A1", "R1"),
        # H4 (西区): 8050, isolated (no recent contact), led, father 80: 2 + 2 = 4
        household("H4", "西区", acceptance="accepts"), person("S1", "subject", "H4", age=45),
        person("S2", "father", "H4", age=80), agency("A3", K.MINSEI_IIN),
        agency("A4", K.COMMUNITY_SUPPORT_CENTER),
        lead("A1", "H4", last_contact=days_ago(200)), support("A3", "H4",
                                                             last_contact=days_ago(300)),
        support("A4", "S2", last_contact=days_ago(300)),
        # H5: unconnected like H1 but without crisis or ages, alone: 3 + 2 + 5 = 10
        household("H5", "北区", acceptance="accepts"), person("T1", "subject", "H5"),
    )


def rows(**kw):
    return [r.to_dict() for r in scan(to_graph(city()), RULES, AS_OF, **kw)]


def test_rows_have_the_contract_keys_highest_risk_first():
    found = rows()
    assert [list(r) for r in found] == [SCAN_KEYS] * 5
    assert [(r["household_id"], r["risk_score"]) for r in found] == [
        ("H1", 11), ("H5", 10), ("H3", 7), ("H2", 5), ("H4", 4)]
    assert found[0] == {"household_id": "H1", "ward": "北区", "is_8050": True,
                        "isolation": "unconnected", "risk_score": 11, "risk_level": "high",
                        "strategy": "crisis_intervention",
                        "gaps": ["no_lead", "elder_care", "community_watch"], "stage": ""}
    assert found[4]["gaps"] == ["stale_lead"]
    json.dumps(found)


def test_equal_scores_are_ordered_by_household_id():
    b = build(household("H2"), person("Q1", "subject", "H2"),
              household("H1"), person("P1", "subject", "H1"))
    assert [r.household_id for r in scan(to_graph(b), RULES, AS_OF)] == ["H1", "H2"]


def test_filters():
    assert [r["household_id"] for r in rows(ward="西区")] == ["H3", "H4"]
    assert [r["household_id"] for r in rows(only_8050=True)] == ["H1", "H4"]
    assert [r["household_id"] for r in rows(isolated=True)] == ["H1", "H5", "H3", "H4"]
    assert [r["household_id"] for r in rows(ward="西区", only_8050=True, isolated=True)] == ["H4"]
    assert rows(ward="中央区") == []


def test_labels_on_request():
    row = scan(to_graph(city()), RULES, AS_OF)[0].to_dict("ja")
    assert (row["isolation_label"], row["risk_level_label"], row["strategy_label"]) == (
        "支援者なし（未接続）", "高", "危機介入")


def neighbourhood(b: Bundle, hid: str) -> Bundle:
    """What store.household_network(hid) returns, without a store."""
    members = [p for p in b.people if p.household_id == hid]
    inner = {hid} | {p.person_id for p in members}
    ties = [t for t in b.ties if t.source_id in inner or t.target_id in inner]
    far = {e for t in ties for e in (t.source_id, t.target_id)} - inner
    return Bundle(agencies=[a for a in b.agencies if a.agency_id in far],
                  households=[h for h in b.households if h.household_id == hid],
                  people=members + [p for p in b.people if p.person_id in far],
                  ties=ties)


def assert_bulk_agrees(b: Bundle, as_of: date, ward: str | None = None) -> None:
    """The bulk path (records, no graph) gives the per-record path's facts and rows."""
    g = to_graph(b)
    assert list(bundle_facts(b, RULES, as_of, ward=ward)) == list(
        iter_city_facts(g, RULES, as_of, ward=ward))
    for kw in ({}, {"only_8050": True}, {"isolated": True}):
        assert scan_bundle(b, RULES, as_of, ward=ward, **kw) == scan(g, RULES, as_of, ward=ward,
                                                                     **kw)


def assert_scan_agrees(b: Bundle, as_of: date) -> None:
    g = to_graph(b)
    index = build_agency_index(g, RULES, as_of)
    found = scan(g, RULES, as_of)
    assert_bulk_agrees(b, as_of)
    assert sorted(r.household_id for r in found) == sorted(h.household_id for h in b.households)
    for row in found:
        alone = analyse_household(to_graph(neighbourhood(b, row.household_id)),
                                  row.household_id, index, RULES, as_of)
        d = alone.to_dict()
        assert row.to_dict() == {
            "household_id": d["household_id"], "ward": d["ward"], "is_8050": d["is_8050"],
            "isolation": d["isolation"], "risk_score": d["risk"]["score"],
            "risk_level": d["risk"]["level"], "strategy": d["strategy"],
            "gaps": [gap["code"] for gap in d["gaps"]],
            "stage": stage.value if (stage := alone.facts.household.stage) else ""}
        whole = analyse_household(g, row.household_id, index, RULES, as_of)
        assert whole.to_dict() == d
        json.dumps(d)


def test_scan_agrees_with_analyse_household_on_hand_drawn_cities():
    assert_scan_agrees(city(), AS_OF)
    assert_scan_agrees(tiny_bundle(), AS_OF)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bundles(max_agencies=4, max_households=3, max_contacts=2, max_ties=12),
       st.dates(date(1990, 1, 1), date(2060, 12, 31)))
def test_property_never_crashes_and_scan_agrees(b, as_of):
    assert_scan_agrees(b, as_of)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bundles(max_agencies=4, max_households=4, max_contacts=2, max_ties=16),
       st.dates(date(1990, 1, 1), date(2060, 12, 31)), st.data())
def test_property_bulk_facts_and_scan_equal_the_per_record_path(b, as_of, data):
    """bundle_facts / scan_bundle (the app's and the CLI's scan) == iter_city_facts / scan on
    the graph, for the whole city and for one ward."""
    wards = sorted({h.ward for h in b.households}) + ["どこでもない区"]
    assert_bulk_agrees(b, as_of, data.draw(st.none() | st.sampled_from(wards)))


def test_stage_is_on_the_row():
    b = build(household("H1", stage="group"), person("P1", "subject", "H1"),
              household("H2"), person("Q1", "subject", "H2"))
    assert {r.household_id: r.stage for r in scan_bundle(b, RULES, AS_OF)} == {"H1": "group",
                                                                             "H2": ""}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bundles(max_agencies=3, max_households=2, max_ties=8))
def test_property_through_the_sqlite_store(b):
    with open_store("sqlite:///:memory:") as store:
        store.load(b)
        index = build_agency_index(to_graph(store.city_network()), RULES, AS_OF)
        for row in scan(to_graph(store.city_network()), RULES, AS_OF):
            network = to_graph(store.household_network(row.household_id))
            alone = analyse_household(network, row.household_id, index, RULES, AS_OF)
            assert (alone.risk.score, [g.code for g in alone.gaps]) == (row.risk_score,
                                                                        list(row.gaps))


def test_scan_reads_the_graph_in_one_pass(monkeypatch):
    """The scan never walks the graph household by household."""
    import netsupport.analysis.facts as facts_module

    def refuse(*args, **kwargs):
        raise AssertionError("scan called household_facts")

    monkeypatch.setattr(facts_module, "household_facts", refuse)
    assert len(scan(to_graph(city()), RULES, AS_OF)) == 5
