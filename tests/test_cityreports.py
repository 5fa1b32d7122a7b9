"""City-wide reports made from the city cache's kept results equal those read afresh from
the store — the agency report (the city's, and each ward's) and the 親なき後 forecast —
after any sequence of edits and merge imports, on SQLite and on the live Neo4j; and an
everyday edit (a contact recorded) redoes only that household's part."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pandas as pd
import pytest
from builders import bundles
from hypothesis import given
from hypothesis import strategies as st
from test_citycache import AS_OF, RULES, SETTINGS, cities, city_bundle, random_changes

import netsupport.cityreports as kept
from netsupport import queries
from netsupport.analysis.agency_network import links_within
from netsupport.analysis.forecast import after_parents_forecast
from netsupport.citycache import CityCache
from netsupport.cityreports import (
    AgencyParts,
    AgencyReports,
    Forecasts,
    ScanCounter,
    changed_households,
    count_scan,
)
from netsupport.graph import to_graph
from netsupport.model import (
    Agency,
    AgencyKind,
    Bundle,
    Household,
    Person,
    Relation,
    Stage,
    Tie,
    TieKind,
)
from netsupport.storage import ChangeSet
from netsupport.viz import strongest_links, tables


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


def test_the_first_forecast_takes_every_household_at_the_age_bound(store):
    """The first forecast simulates only the households whose subject loses a parent, read
    off the kept facts: a parent exactly at the age on the later day counts, one a year
    younger does not -- the same rows as the whole city's simulation."""
    later = AS_OF.year + 2
    homes = [Household(f"H{i}", "北区") for i in range(3)]
    people = [p for i in range(3) for p in (
        Person(f"S{i}", Relation.SUBJECT, f"H{i}", birth_year=later - 55),
        Person(f"M{i}", Relation.MOTHER, f"H{i}", birth_year=later - 84 - i))]
    ties = [Tie("A1", f"M{i}", TieKind.SUPPORT, since=AS_OF) for i in range(3)]
    store.load(Bundle(agencies=[Agency("A1", "北区あんしんすこやかセンター",
                                       AgencyKind.COMMUNITY_SUPPORT_CENTER, "北区")],
                      households=homes, people=people, ties=ties), replace=True)
    forecast = Forecasts().forecast(CityCache(store, RULES).results(AS_OF), 85, 2)
    assert sorted(r.household_id for r in forecast.rows) == ["H1", "H2"]  # mothers 85, 86
    assert forecast == after_parents_forecast(to_graph(store.city_network()), RULES, AS_OF,
                                              parent_age=85, years=2)


def test_an_agencys_new_capacity_or_name_simulates_nobody_again(store, monkeypatch):
    """A merge gives the agency every household shows a new capacity and name: their facts
    take the record, and their forecast rows, which read neither, are kept (at a city's
    scale, the 27,000 households that show a mental health centre were simulated again);
    a new kind is simulated again. Each time, the whole city's forecast."""
    later = AS_OF.year + 2
    a1 = Agency("A1", "北区あんしんすこやかセンター", AgencyKind.COMMUNITY_SUPPORT_CENTER, "北区")
    store.load(Bundle(
        agencies=[a1], households=[Household(f"H{i}", "北区") for i in range(3)],
        people=[p for i in range(3) for p in (
            Person(f"S{i}", Relation.SUBJECT, f"H{i}", birth_year=later - 55),
            Person(f"M{i}", Relation.MOTHER, f"H{i}", birth_year=later - 84 - i))],
        ties=[Tie("A1", f"M{i}", TieKind.SUPPORT, since=AS_OF) for i in range(3)]),
        replace=True)
    cache = CityCache(store, RULES)
    forecasts = Forecasts()
    forecasts.forecast(cache.results(AS_OF), 85, 2)
    asked: list[list[str]] = []
    real = kept._losing_parents
    monkeypatch.setattr(kept, "_losing_parents",
                        lambda results, age, years, hs: asked.append(sorted(hs))
                        or real(results, age, years, hs))

    store.merge(Bundle(agencies=[replace(a1, capacity=40, name="北区第1センター")]))
    city = cache.results(AS_OF)
    assert city.relaid == {"H0", "H1", "H2"}
    assert_forecast_as_read(store, forecasts, city, 85, 2)
    assert asked == []

    store.merge(Bundle(agencies=[replace(a1, kind=AgencyKind.HEALTH_WELFARE_SECTION)]))
    city = cache.results(AS_OF)
    assert city.relaid == set()
    assert_forecast_as_read(store, forecasts, city, 85, 2)
    assert asked == [["H0", "H1", "H2"]]


@SETTINGS
@given(st.one_of(cities(), bundles(max_agencies=5, max_households=5, max_contacts=2,
                                   max_ties=14)), st.data())
def test_property_a_kept_forecast_equals_the_whole_citys(store, bundle, data):
    """Random cities (parents of every age), random edits and merges: the forecast brought
    up to date household by household equals the one simulated over the whole city."""
    store.load(bundle, replace=True)
    cache = CityCache(store, RULES)
    forecasts = Forecasts()
    parent_age = data.draw(st.sampled_from([0, 60, 85]))
    years = data.draw(st.integers(0, 3))
    assert_forecast_as_read(store, forecasts, cache.results(AS_OF), parent_age, years)
    for _ in random_changes(store, bundle, data):
        assert_forecast_as_read(store, forecasts, cache.results(AS_OF), parent_age, years)


def test_a_contact_recorded_simulates_that_household_alone(store, monkeypatch):
    store.load(city_bundle())
    cache = CityCache(store, RULES)
    forecasts = Forecasts()
    before = forecasts.forecast(cache.results(AS_OF), 0, 0)
    assert {r.household_id for r in before.rows} == set()  # no parent in this city
    tie = next(t for t in store.household_network("H3").ties if t.kind.value == "support")
    contacted = replace(tie, last_contact=AS_OF - timedelta(days=1))
    store.apply(ChangeSet(update_ties=[(tie.key, contacted)]))
    city = cache.results(AS_OF)  # the city cache reads the household again itself

    asked: list[list[str]] = []
    real = kept._losing_parents
    monkeypatch.setattr(kept, "_losing_parents",
                        lambda results, age, years, hs: asked.append(sorted(hs))
                        or real(results, age, years, hs))
    for read in ("household_network", "city_network", "scan_network", "export"):
        monkeypatch.setattr(store, read, lambda *a, read=read: pytest.fail(f"{read} read"))
    after = forecasts.forecast(city, 0, 0)
    assert asked == [["H3"]]  # that household alone, from its kept facts
    assert after.households == 3 and after.rows == before.rows


def test_a_merge_of_many_households_simulates_those_alone(store, monkeypatch):
    """A merge import of more households than a kept forecast moves row by row: only they
    are simulated again (from their kept facts), the rows ranked again in one sort, and the
    forecast is the whole city's."""
    later = AS_OF.year
    n = 2 * kept._RERANK_MAX + 40  # half of them merged: more than it
    homes = [Household(f"H{i:04d}", "北区") for i in range(n)]
    people = [p for i in range(n) for p in (
        Person(f"S{i:04d}", Relation.SUBJECT, f"H{i:04d}", birth_year=later - 55),
        Person(f"M{i:04d}", Relation.MOTHER, f"H{i:04d}", birth_year=later - 80 - i % 12))]
    store.load(Bundle(households=homes, people=people), replace=True)
    cache = CityCache(store, RULES)
    forecasts = Forecasts()
    forecasts.forecast(cache.results(AS_OF), 85, 1)
    # the first half's mothers a year older: some come into the forecast
    merged = [replace(p, birth_year=p.birth_year - 1) for p in people[:n]
              if p.relation == Relation.MOTHER]
    store.merge(Bundle(households=homes[:n // 2], people=[
        p for p in people[:n] if p.relation == Relation.SUBJECT] + merged))
    city = cache.results(AS_OF)
    assert not city.full and len(city.recomputed) == n // 2

    simulated: list[str] = []
    real = kept._households_part
    monkeypatch.setattr(kept, "_households_part",
                        lambda results, hs: simulated.extend(hs) or real(results, hs))
    after = forecasts.forecast(city, 85, 1)
    assert simulated and set(simulated) <= {h.household_id for h in homes[:n // 2]}
    assert after == after_parents_forecast(to_graph(store.city_network()), RULES, AS_OF,
                                           parent_age=85, years=1)


def part_as_the_page_once_made_it(index, ward, kinds, households):
    """The part of the agency graph as the page made it on every rerun before
    :class:`AgencyParts` (nested NetworkX views): the reference the kept parts must equal."""
    graph = index.graph if households is None else links_within(
        index.graph, frozenset(households).__contains__)
    chosen = graph.subgraph(a for a, agency in index.agencies.items()
                            if (ward is None or agency.ward in (ward, None))
                            and (not kinds or agency.kind.value in kinds))
    unlinked = tuple(sorted(a for a in chosen if chosen.degree(a) == 0))
    return chosen.subgraph(a for a in chosen if chosen.degree(a) > 0), unlinked


def edges_of(graph) -> list:
    return sorted((min(u, v), max(u, v), sorted(d.items())) for u, v, d in graph.edges(data=True))


def assert_counts_and_parts_as_made_afresh(counter: ScanCounter, parts: AgencyParts,
                                           reports: AgencyReports, city) -> None:
    """The dashboard's kept counts equal the city's rows counted afresh (and the tables made
    from them those counted row by row); every kept part of the agency graph equals the one
    the page made from scratch; a report without brokers is the report without them."""
    wards = sorted({r.ward for r in city.rows.values()})
    for scope in (None, tuple(wards[:1])):
        def keep(row, scope=scope):
            return scope is None or row.ward in scope

        kept = counter.counts(city, (city.as_of, scope), keep)
        rows = [r for r in city.ranked if keep(r)]
        assert vars(kept) == vars(count_scan(rows)), scope
        stages = {r.household_id: Stage(r.stage) if r.stage else None for r in rows}
        for lang in ("ja", "en"):
            pd.testing.assert_frame_equal(tables.risk_frame(kept.risk, lang),
                                          tables.risk_by_ward(rows, lang))
            pd.testing.assert_frame_equal(
                tables.no_lead_frame(kept.without_lead, kept.wards, lang),
                tables.no_lead_by_ward(rows, lang))
            if rows:
                pd.testing.assert_frame_equal(tables.ward_stage_frame(kept.stage, lang),
                                              tables.ward_stage_counts(rows, stages, lang))
    kinds = sorted({a.kind.value for a in city.index.agencies.values()})
    some = frozenset(sorted(city.rows)[::2])
    for ward in (None, *wards):
        for chosen in ((), tuple(kinds[:1]), tuple(kinds[1:3])):
            for households in (None, some):
                part = parts.part(city.index, ward, chosen, households)
                shown, unlinked = part_as_the_page_once_made_it(city.index, ward, chosen,
                                                                households)
                assert part.unlinked == unlinked
                assert (part.agencies, part.links) == (shown.number_of_nodes(),
                                                       shown.number_of_edges())
                assert sorted(part.graph) == sorted(shown) and edges_of(part.graph) == \
                    edges_of(shown)
                for k in (1, 3):
                    assert edges_of(part.strongest(k)) == edges_of(strongest_links(shown, k))
                # the key agencies' fourth ranking, its sums kept from the part before
                assert dict(part.shared) == dict(shown.degree(weight="weight"))
    full = reports.report(city)
    lazy = reports.report(city, brokers=False)
    assert lazy == full  # the brokers of this graph are held: the same report
    assert reports.brokers_held(city.index, RULES)


@SETTINGS
@given(st.one_of(cities(), bundles(max_agencies=5, max_households=5, max_contacts=2,
                                   max_ties=14)), st.data())
def test_property_kept_counts_and_graph_parts_equal_those_made_afresh(store, bundle, data):
    """Random cities, random edits and merges: the dashboard's counts brought up to date
    from the households an edit reached, and the parts of the agency graph kept per graph,
    equal those made from scratch after every step."""
    store.load(bundle, replace=True)
    cache = CityCache(store, RULES)
    counter, parts, reports = ScanCounter(), AgencyParts(), AgencyReports()
    assert_counts_and_parts_as_made_afresh(counter, parts, reports, cache.results(AS_OF))
    for _ in random_changes(store, bundle, data):
        assert_counts_and_parts_as_made_afresh(counter, parts, reports, cache.results(AS_OF))


def test_a_report_without_brokers_waits_for_them_after_a_new_link(store):
    """Asked without brokers, the report holds those already found for the agency graph as
    it is, and none after the graph changed (a new co-support link): the page then asks for
    them only when they are shown. Everything else is the full report's."""
    store.load(city_bundle())
    cache = CityCache(store, RULES)
    reports = AgencyReports()
    city = cache.results(AS_OF)
    assert not reports.brokers_held(city.index, RULES)
    assert reports.report(city, brokers=False).brokers == ()
    full = reports.report(city)
    assert reports.report(city, brokers=False) == full
    network = store.household_network("H1")
    supporting = {t.source_id for t in network.ties if t.kind is TieKind.SUPPORT}
    other = next(a for a in sorted(city.index.agencies) if a not in supporting)
    store.apply(ChangeSet(add_ties=[Tie(other, "H1", TieKind.SUPPORT, since=AS_OF)]))
    city = cache.results(AS_OF)
    assert not reports.brokers_held(city.index, RULES)
    lazy = reports.report(city, brokers=False)
    assert lazy.brokers == ()
    assert replace(lazy, brokers=reports.report(city).brokers) == \
        queries.city_agencies(store, RULES, AS_OF)


def test_changed_households_names_only_those_an_edit_reached(store):
    """After an edit the households whose facts or rows changed are found among those the
    results name as reached, not by comparing the whole city; the same as comparing all."""
    store.load(city_bundle())
    cache = CityCache(store, RULES)
    before = cache.results(AS_OF)
    tie = next(t for t in store.household_network("H1").ties if t.kind.value == "support")
    contacted = replace(tie, last_contact=AS_OF - timedelta(days=1))
    store.apply(ChangeSet(update_ties=[(tie.key, contacted)]))
    after = cache.results(AS_OF)
    assert after.since == before.version
    for old, new in ((before.facts, after.facts), (before.rows, after.rows)):
        found = changed_households(after, before.version, old, new)
        compared = sorted(h for h in old.keys() | new.keys() if old.get(h) is not new.get(h))
        assert found == compared == ["H1"]
        # from results of another version, the whole city is compared
        assert changed_households(after, before.version - 1, old, new) == compared
