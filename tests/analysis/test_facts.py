"""Basic facts: ages, active ties, members, supports, recent contact, the current lead."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from builders import bundles
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netsupport.analysis.facts import (
    age,
    city_facts,
    full_years,
    is_active,
    is_recent,
    is_stale,
    with_records,
)
from netsupport.graph import to_graph
from netsupport.model import AgencyKind, Person, Relation, Tie, TieKind

from .kit import (
    AS_OF,
    RULES,
    agency,
    build,
    collaboration,
    days_ago,
    facts,
    household,
    informal,
    lead,
    person,
    support,
)


def test_age_is_the_difference_of_years():
    assert age(Person("P", Relation.SUBJECT, birth_year=1986), date(2026, 1, 1)) == 40
    assert age(Person("P", Relation.SUBJECT, birth_year=1986), date(2026, 12, 31)) == 40
    assert age(Person("P", Relation.SUBJECT), AS_OF) is None
    assert age(None, AS_OF) is None


def test_active_ties_include_both_ends_of_their_dates():
    def tie(since=None, until=None):
        return Tie("A1", "H1", TieKind.SUPPORT, since=since, until=until)

    assert is_active(tie(), AS_OF)
    assert is_active(tie(since=AS_OF, until=AS_OF), AS_OF)
    assert not is_active(tie(since=days_ago(-1)), AS_OF)  # starts tomorrow
    assert not is_active(tie(until=days_ago(1)), AS_OF)  # ended yesterday


def test_recent_is_180_days_inclusive_and_never_after_as_of():
    assert is_recent(days_ago(0), RULES, AS_OF)
    assert is_recent(days_ago(180), RULES, AS_OF)
    assert not is_recent(days_ago(181), RULES, AS_OF)
    assert not is_recent(days_ago(-1), RULES, AS_OF)
    assert not is_recent(None, RULES, AS_OF)


def test_stale_is_more_than_90_days_or_no_contact():
    def tie(last):
        return Tie("A1", "H1", TieKind.SUPPORT, last_contact=last)

    assert not is_stale(tie(days_ago(90)), RULES, AS_OF)
    assert is_stale(tie(days_ago(91)), RULES, AS_OF)
    assert is_stale(tie(None), RULES, AS_OF)


def test_full_years_counts_birthdays():
    assert full_years(date(2016, 11, 1), AS_OF) == 10
    assert full_years(date(2016, 11, 2), AS_OF) == 9
    assert full_years(date(2016, 2, 29), date(2026, 2, 28)) == 9
    assert full_years(date(2016, 2, 29), date(2026, 3, 1)) == 10


def test_members_subject_and_parents():
    f = facts(build(household(), person("P1", "subject", age=50),
                    person("P0", "subject", deceased=True), person("P2", "father", age=80),
                    person("P3", "mother", age=78, deceased=True),
                    person("P4", "parent", age=70), person("P5", "sibling", age=45),
                    person("C1", "neighbour"), household("H2"),
                    person("Q1", "subject", "H2")))
    assert [p.person_id for p in f.members] == ["P0", "P1", "P2", "P3", "P4", "P5"]
    assert f.subject.person_id == "P1"
    assert [p.person_id for p in f.parents] == ["P2", "P4"]
    assert f.inner_ids == {"H1", "P0", "P1", "P2", "P3", "P4", "P5"}


def test_supports_are_distinct_active_non_stressful_support_or_informal_ties():
    f = facts(build(
        household(), person("P1", "subject"), person("P2", "mother"),
        person("C1", "neighbour"), person("C2", "friend"), person("C3", "relative"),
        agency("A1"), agency("A2"), agency("A3"), agency("A4"), agency("A5"),
        support("A1"), support("A1", "P1"),  # one support, two ties (household and member)
        support("A2", "P2"),  # a tie to a member counts for the household
        support("A3", strength="stressful"),
        support("A4", until=days_ago(1)),
        support("A5", since=days_ago(-1)),
        informal("C1", "P1"),
        Tie("P1", "C2", TieKind.INFORMAL, last_contact=days_ago(3)),  # either direction
        informal("C3", strength="stressful"),
        Tie("P1", "P2", TieKind.FAMILY),
        collaboration("A1", "A3"),
    ))
    assert [(s.support_id, s.node_type, s.kind and s.kind.value) for s in f.supports] == [
        ("A1", "agency", "other"), ("A2", "agency", "other"), ("C1", "person", None),
        ("C2", "person", None)]
    assert len(f.supports[0].ties) == 2


def test_a_support_is_recent_when_one_of_its_ties_is():
    f = facts(build(household(), person("P1", "subject"), agency("A1"), agency("A2"),
                    support("A1", last_contact=days_ago(400)),
                    support("A1", "P1", last_contact=days_ago(180)),
                    support("A2", last_contact=days_ago(181))))
    assert [(s.support_id, s.recent) for s in f.supports] == [("A1", True), ("A2", False)]


def test_the_current_lead_has_the_latest_since_then_the_lowest_agency_id():
    f = facts(build(household(), person("P1", "subject"), agency("A1"), agency("A2"),
                    agency("A3"), agency("A4"),
                    lead("A1", since=date(2020, 1, 1)), lead("A3", "P1", since=date(2024, 1, 1)),
                    lead("A2", since=date(2024, 1, 1)), lead("A4"),
                    lead("A9", since=date(2025, 1, 1), until=days_ago(1))))
    assert f.current_lead == "A2"
    assert [o.other_id for o in f.lead_ties] == ["A2", "A3", "A1", "A4"]
    only_empty = facts(build(household(), person("P1", "subject"), agency("A1"), agency("A2"),
                             lead("A2"), lead("A1")))
    assert only_empty.current_lead == "A1"
    assert facts(build(household(), person("P1", "subject"))).current_lead is None


def test_city_facts_are_the_facts_of_each_household():
    b = build(household("H1"), person("P1", "subject", "H1"), person("P2", "mother", "H1"),
              household("H2", "西区"), person("Q1", "subject", "H2"), person("C1", "friend"),
              agency("A1"), agency("A2"), lead("A1", "P1"), support("A2", "H2"),
              support("A2", "P2"), informal("C1", "Q1"), informal("C1", "P2"),
              collaboration("A1", "A2"), Tie("P1", "P2", TieKind.FAMILY))
    g = to_graph(b)
    city = city_facts(g, RULES, AS_OF)
    assert sorted(city) == ["H1", "H2"]
    for hid in city:
        assert city[hid] == facts(b, hid)
    assert list(city_facts(g, RULES, AS_OF, ward="西区")) == ["H2"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bundles(max_agencies=3, max_households=3, max_contacts=1, max_ties=12), st.data())
def test_property_with_records_gives_the_facts_of_the_network_with_the_new_records(b, data):
    """An agency's new record put in a household's facts (laid in place when its kind is
    kept, assembled again otherwise) equals the facts its network with that record gives:
    the ties that reach it hold it, and the lead ties are those same ties."""
    if not b.agencies or not b.households:
        return
    old = city_facts(to_graph(b), RULES, AS_OF)
    agency = data.draw(st.sampled_from(b.agencies))
    new = replace(agency,
                  capacity=data.draw(st.none() | st.integers(0, 50)),
                  name=data.draw(st.sampled_from([agency.name, "改称"])),
                  kind=data.draw(st.just(agency.kind) | st.sampled_from(AgencyKind)),
                  ward=data.draw(st.sampled_from([agency.ward, "西区", None])))
    changed = replace(b, agencies=[new if a.agency_id == agency.agency_id else a
                                   for a in b.agencies])
    want = city_facts(to_graph(changed), RULES, AS_OF)
    for hid, before in old.items():
        got = with_records(before, {agency.agency_id: new}, RULES)
        assert got == want[hid]
        assert all(any(t is o for o in got.ties) for t in got.lead_ties)
