"""City-wide reports made from the city cache's kept results equal those read afresh from
the store: the agency report (the city's, and each ward's) after any sequence of edits and
merge imports, on SQLite and on the live Neo4j; and an edit that changes no link keeps the
brokers without computing them again."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from builders import bundles
from hypothesis import event, given
from hypothesis import strategies as st
from test_citycache import AS_OF, RULES, SETTINGS, apply_all, cities, city_bundle, draw_merge, edits

from netsupport import queries
from netsupport.citycache import CityCache
from netsupport.cityreports import AgencyReports
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
    for step in range(data.draw(st.integers(1, 3))):
        if data.draw(st.integers(0, 2)) == 0:
            store.merge(draw_merge(data, store, step))
            event("merge")
        else:
            apply_all(store, data.draw(edits(bundle, 3)))
        city = cache.results(AS_OF)
        assert_agency_reports_as_read(store, reports, city)


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
