"""The city's forward view on a small hand-drawn city."""

from __future__ import annotations

import copy

import pytest
from builders import bundles
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netsupport.analysis import build_agency_index
from netsupport.analysis.forecast import after_parents_forecast
from netsupport.analysis.simulation import SimulationError, WhatIf, simulate
from netsupport.graph import to_graph

from .kit import AS_OF, RULES, K, agency, build, household, person, support


def city():
    """Five households.

    - H1 (北区): subject 55, mother 88; home care A2 for the mother, 民生委員 M1 for the
      household: left with M1 alone (isolated).
    - H2 (北区): subject 50, father 86; only A2 for the father: left with nobody (unconnected).
    - H3 (西区): subject 45, father 80: nobody goes now; in five years the father is 85.
    - H4 (西区): no subject, a parent of 90: nobody to be left, not counted.
    - H5 (西区): subject 60, mother 92; M1 and the lead A1 for the household: stays connected.
    """
    return build(
        agency("A1", K.HIKIKOMORI_SUPPORT_OFFICE), agency("A2", K.HOME_CARE),
        agency("M1", K.MINSEI_IIN),
        household("H1"), person("P11", "subject", "H1", age=55),
        person("P12", "mother", "H1", age=88),
        household("H2"), person("P21", "subject", "H2", age=50),
        person("P22", "father", "H2", age=86),
        household("H3", "西区"), person("P31", "subject", "H3", age=45),
        person("P32", "father", "H3", age=80),
        household("H4", "西区"), person("P42", "parent", "H4", age=90),
        household("H5", "西区"), person("P51", "subject", "H5", age=60),
        person("P52", "mother", "H5", age=92),
        support("A2", "P12"), support("M1", "H1"), support("A2", "P22"),
        support("M1", "H5"), support("A1", "H5", role="lead"),
    )


def test_who_is_left_if_every_parent_of_85_were_gone():
    f = after_parents_forecast(to_graph(city()), RULES, AS_OF)
    assert (f.parent_age, f.years, f.households) == (85, 0, 5)
    rows = {r.household_id: r for r in f.rows}
    assert sorted(rows) == ["H1", "H2", "H5"]
    assert (rows["H1"].isolation_before, rows["H1"].isolation_after) == ("connected",
                                                                         "isolated")
    assert rows["H1"].supports_lost == ("A2",) and rows["H1"].supports_after == ("M1",)
    assert (rows["H2"].isolation_before, rows["H2"].isolation_after) == ("isolated",
                                                                         "unconnected")
    assert rows["H5"].isolation_after == "connected" and not rows["H5"].left_isolated
    assert [r.household_id for r in f.left_isolated] == ["H2", "H1"]
    assert rows["H2"].parents_gone == ("P22",) and rows["H2"].parent_ages == (86,)


def test_rows_are_ranked_by_risk_after_then_id():
    f = after_parents_forecast(to_graph(city()), RULES, AS_OF)
    keys = [(-r.risk_after, r.household_id) for r in f.rows]
    assert keys == sorted(keys)
    assert f.rows[0].household_id == "H2"  # unconnected, no lead: the highest risk after


def test_counts_by_ward():
    f = after_parents_forecast(to_graph(city()), RULES, AS_OF)
    assert [c.to_dict() for c in f.ward_counts()] == [
        {"ward": "北区", "affected": 2, "isolated": 1, "unconnected": 1},
        {"ward": "西区", "affected": 1, "isolated": 0, "unconnected": 0}]


def test_in_five_years_the_father_of_80_is_85():
    f = after_parents_forecast(to_graph(city()), RULES, AS_OF, years=5)
    assert f.as_of_after.year == AS_OF.year + 5
    rows = {r.household_id: r for r in f.rows}
    assert sorted(rows) == ["H1", "H2", "H3", "H5"]
    assert rows["H3"].parent_ages == (85,) and rows["H3"].subject_age == 50
    assert rows["H3"].isolation_after == "unconnected"


def test_the_parent_age_and_the_ward():
    g = to_graph(city())
    assert [r.household_id for r in after_parents_forecast(g, RULES, AS_OF,
                                                           parent_age=90).rows] == ["H5"]
    west = after_parents_forecast(g, RULES, AS_OF, ward="西区", parent_age=80)
    assert west.households == 3 and [r.household_id for r in west.rows] == ["H3", "H5"]


def test_a_row_agrees_with_the_households_own_simulation():
    g = to_graph(city())
    row = next(r for r in after_parents_forecast(g, RULES, AS_OF, years=5).rows
               if r.household_id == "H3")
    result = simulate(g, "H3", [WhatIf("years_pass", years=5), WhatIf("parents_gone")],
                      build_agency_index(g, RULES, AS_OF), RULES, AS_OF)
    assert row.isolation_after == result.after.isolation.level
    assert row.risk_after == result.after.risk.score
    assert row.gaps_after == tuple(x.code for x in result.after.gaps)
    assert row.strategy_after == result.after.strategy.code


def test_a_bundle_gives_the_forecast_of_its_graph():
    """The app's and the CLI's forecasts read records (no graph is built): the same rows."""
    for kwargs in ({}, {"years": 5}, {"ward": "西区", "parent_age": 80}, {"parent_age": 90}):
        assert (after_parents_forecast(city(), RULES, AS_OF, **kwargs)
                == after_parents_forecast(to_graph(city()), RULES, AS_OF, **kwargs))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bundle=bundles(max_households=4, max_ties=12), years=st.integers(0, 12),
       parent_age=st.integers(60, 95))
def test_any_bundle_gives_the_forecast_of_its_graph(bundle, years, parent_age):
    kept = copy.deepcopy(bundle)
    got = after_parents_forecast(bundle, RULES, AS_OF, years=years, parent_age=parent_age)
    assert got == after_parents_forecast(to_graph(bundle), RULES, AS_OF, years=years,
                                         parent_age=parent_age)
    assert bundle == kept  # never changed


def test_the_city_is_not_changed():
    bundle = city()
    kept = copy.deepcopy(bundle)
    g = to_graph(bundle)
    edges = [(u, v, k, dict(d)) for u, v, k, d in g.edges(keys=True, data=True)]
    after_parents_forecast(g, RULES, AS_OF, years=3)
    assert bundle == kept
    assert [(u, v, k, dict(d)) for u, v, k, d in g.edges(keys=True, data=True)] == edges


def test_to_dict_lists_those_left_isolated_unless_asked_for_all():
    f = after_parents_forecast(to_graph(city()), RULES, AS_OF)
    d = f.to_dict()
    assert (d["affected"], d["left_isolated"]) == (3, 2)
    assert [r["household_id"] for r in d["rows"]] == ["H2", "H1"]
    assert d["rows"][0]["isolation_after_label"] == "支援者なし（未接続）"
    assert d["title"] == "親なき後の見通し（85歳以上の親がいなくなった場合）"
    assert len(f.to_dict(every_row=True)["rows"]) == 3


@pytest.mark.parametrize("kwargs", [{"years": -1}, {"years": 31}, {"parent_age": -5}])
def test_out_of_range_is_refused(kwargs):
    with pytest.raises(SimulationError):
        after_parents_forecast(to_graph(city()), RULES, AS_OF, **kwargs)
