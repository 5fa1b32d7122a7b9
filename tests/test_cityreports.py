"""City-wide reports made from the city cache's kept results equal those read afresh from
the store — the agency report (the city's, and each ward's) and the 親なき後 forecast —
after any sequence of edits and merge imports, on SQLite and on the live Neo4j; and an
everyday edit (a contact recorded) redoes only that household's part."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from builders import bundles
from hypothesis import given
from hypothesis import strategies as st
from test_citycache import AS_OF, RULES, SETTINGS, cities, city_bundle, random_changes

from netsupport import queries
from netsupport.analysis.forecast import after_parents_forecast
from netsupport.citycache import CityCache
from netsupport.cityreports import AgencyReports, Forecasts
from netsupport.graph import to_graph
from netsupport.storage import ChangeSet


def assert_agency_reports_as_read(store, reports: AgencyReports, city) -> None:
    for ward in [None, *sorted({r.ward for r in city.rows.values()})]:
        assert reports.report(city, ward) == queries.city_agencies(store, RULES, city.as_of,
                                                                   ward=ward), ward


@SETTINGS
@given(st.one_of(cities(), bundles(max_agencies=5, max_households=5, max_contacts=2,
                                   max_ties=14)), st.data())
def test_property_kept_agency_reports_equal_those_read_afresh(store, bundle, data):
    store.load(bundle, replace=True)
    cache = CityCache(store, RULES)
    reports = AgencyReports()
    city = cache.results(AS_OF)
    assert_agency_reports_as_read(store, reports, city)
    for _ in random_changes(store, bundle, data):
        assert_agency_reports_as_read(store, reports, cache.results(AS_OF))


def test_a_contact_recorded_keeps_the_brokers_and_the_other_households_gaps(store,
                                                                           monkeypatch):
    store.load(city_bundle())
    cache = CityCache(store, RULES)
    reports = AgencyReports()
    before = reports.report(cache.results(AS_OF))
    tie = next(t for t in store.household_network("H1").ties if t.kind.value == "support")
    contacted = replace(tie, last_contact=AS_OF - timedelta(days=1))
    store.apply(ChangeSet(update_ties=[(tie.key, contacted)]))

    found: list[str] = []
    import netsupport.cityreports as kept

    real_gaps, real_brokers = kept.open_gaps, kept.broker_scores
    monkeypatch.setattr(kept, "open_gaps",
                        lambda f, rules: found.append(f.household_id) or real_gaps(f, rules))
    monkeypatch.setattr(kept, "broker_scores",
                        lambda *a: found.append("brokers") or real_brokers(*a))
    after = reports.report(cache.results(AS_OF))
    assert found == ["H1"]  # that household's gaps again, nothing else
    assert after == before == queries.city_agencies(store, RULES, AS_OF)


def assert_forecast_as_read(store, forecasts: Forecasts, city, parent_age: int,
                            years: int) -> None:
    fresh = after_parents_forecast(to_graph(store.city_network()), RULES, city.as_of,
                                   parent_age=parent_age, years=years)
    assert forecasts.forecast(city, parent_age, years) == fresh


@SETTINGS
@given(st.one_of(cities(), bundles(max_agencies=5, max_households=5, max_contacts=2,
                                   max_ties=14)), st.data())
def test_property_a_kept_forecast_equals_the_whole_citys(store, bundle, data):
    """Random cities (parents of every age), random edits and merges: the forecast brought
    up to date household by household equals the one simulated over the whole city."""
    store.load(bundle, replace=True)
    cache = CityCache(store, RULES)
    forecasts = Forecasts(store)
    parent_age = data.draw(st.sampled_from([0, 60, 85]))
    years = data.draw(st.integers(0, 3))
    assert_forecast_as_read(store, forecasts, cache.results(AS_OF), parent_age, years)
    for _ in random_changes(store, bundle, data):
        assert_forecast_as_read(store, forecasts, cache.results(AS_OF), parent_age, years)


def test_a_contact_recorded_simulates_that_household_alone(store, monkeypatch):
    store.load(city_bundle())
    cache = CityCache(store, RULES)
    forecasts = Forecasts(store)
    before = forecasts.forecast(cache.results(AS_OF), 0, 0)
    assert {r.household_id for r in before.rows} == set()  # no parent in this city
    tie = next(t for t in store.household_network("H3").ties if t.kind.value == "support")
    contacted = replace(tie, last_contact=AS_OF - timedelta(days=1))
    store.apply(ChangeSet(update_ties=[(tie.key, contacted)]))
    city = cache.results(AS_OF)  # the city cache reads the household again itself

    read: list[str] = []
    real = store.household_network
    monkeypatch.setattr(store, "household_network", lambda h: read.append(h) or real(h))
    monkeypatch.setattr(store, "city_network",
                        lambda *a: pytest.fail("the whole city was read again"))
    after = forecasts.forecast(city, 0, 0)
    assert read == ["H3"]
    assert after.households == 3 and after.rows == before.rows
