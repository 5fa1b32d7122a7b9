"""The synthetic Kobe generator (netsupport.demo) and the seed's example household."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netsupport.bundle import read_bundle, validate_bundle
from netsupport.demo import DEFAULT_AS_OF, LEAD_KINDS, WARD_SHARES, generate
from netsupport.example import DIAGRAM_SUPPORTS, HOUSEHOLD_ID, seed_example
from netsupport.model import (
    PARENT_RELATIONS,
    AgencyKind,
    Bundle,
    Condition,
    Relation,
    Role,
    Strength,
    TieKind,
)

GRAPH_DATA = Path(__file__).resolve().parent.parent / "graph_data"


@pytest.fixture(scope="module")
def city() -> Bundle:
    return generate(2000, seed=8050)


def supports_by_household(bundle: Bundle, as_of: date = DEFAULT_AS_OF) -> dict[str, dict]:
    """household -> {support id: has a recent contact}, as RULES.md counts supports."""
    household_of = {p.person_id: p.household_id for p in bundle.people if p.household_id}
    found: dict[str, dict] = {h.household_id: {} for h in bundle.households}
    for t in bundle.ties:
        if t.kind not in (TieKind.SUPPORT, TieKind.INFORMAL) or t.strength is Strength.STRESSFUL:
            continue
        if (t.since and t.since > as_of) or (t.until and t.until < as_of):
            continue
        for support, end in ((t.source_id, t.target_id), (t.target_id, t.source_id)):
            household = end if end in found else household_of.get(end)
            if household is not None and support not in household_of and support not in found:
                recent = t.last_contact is not None and (as_of - t.last_contact).days <= 180
                found[household][support] = found[household].get(support, False) or recent
    return found


def is_8050(bundle: Bundle, as_of: date = DEFAULT_AS_OF) -> dict[str, bool]:
    ages: dict[str, tuple[int, list[int]]] = {}
    for p in bundle.people:
        if p.household_id is None or not p.alive:
            continue
        age, parents = ages.get(p.household_id, (0, []))
        if p.relation is Relation.SUBJECT:
            age = as_of.year - p.birth_year
        elif p.relation in PARENT_RELATIONS:
            parents = [*parents, as_of.year - p.birth_year]
        ages[p.household_id] = (age, parents)
    return {h: age >= 40 and any(a >= 70 for a in parents) for h, (age, parents) in ages.items()}


def test_same_seed_gives_the_same_bundle():
    assert generate(150, seed=5) == generate(150, seed=5)


def test_another_seed_or_day_gives_another_bundle():
    base = generate(150, seed=5)
    assert generate(150, seed=6) != base
    assert generate(150, seed=5, as_of=date(2025, 4, 1)) != base


def test_the_global_random_stream_is_left_alone():
    import random

    random.seed(1)
    expected = random.random()
    random.seed(1)
    generate(30, seed=2)
    assert random.random() == expected


@pytest.mark.parametrize(("households", "seed"), [(0, 1), (1, 2), (40, 3), (300, 8050),
                                                  (1000, 11)])
def test_generated_bundles_are_valid(households, seed):
    bundle = generate(households, seed=seed)
    assert [str(p) for p in validate_bundle(bundle)] == []
    assert len(bundle.households) == households


@settings(max_examples=15, deadline=None)
@given(households=st.integers(0, 25), seed=st.integers(-(2**40), 2**40),
       as_of=st.dates(date(2000, 1, 1), date(2090, 12, 31)))
def test_any_seed_and_day_give_a_valid_bundle_dated_no_later_than_as_of(households, seed,
                                                                        as_of):
    bundle = generate(households, seed=seed, as_of=as_of)
    assert [str(p) for p in validate_bundle(bundle)] == []
    dated = [d for t in bundle.ties for d in (t.since, t.last_contact) if d]
    dated += [e.date for e in bundle.events] + [h.opened_on for h in bundle.households]
    assert all(d <= as_of for d in dated)


def test_ids_follow_the_documented_patterns(city):
    assert city.agencies[0].agency_id == "A-0001"
    assert city.households[-1].household_id == "H-02000"
    assert all(p.person_id.startswith("P-") and len(p.person_id) == 8 for p in city.people)
    assert city.events[0].event_id == "E-0000001"


def test_wards_follow_the_support_office_shares(city):
    counts = Counter(h.ward for h in city.households)
    for ward, percent in WARD_SHARES.items():
        assert abs(100 * counts[ward] / len(city.households) - percent) < 0.5, ward


def test_every_agency_kind_is_present_even_for_one_household():
    for households in (1, 300):
        kinds = {a.kind for a in generate(households, seed=4).agencies}
        assert kinds == set(AgencyKind)


def test_subjects_ages_and_diagnoses_follow_the_kobe_figures(city):
    subjects = [p for p in city.people if p.relation is Relation.SUBJECT]
    young = sum(DEFAULT_AS_OF.year - p.birth_year < 40 for p in subjects) / len(subjects)
    assert abs(young - 7_800 / 18_300) < 0.04
    named = sum(p.diagnosis not in (None, "none", "unknown") for p in subjects) / len(subjects)
    assert 0.28 < named < 0.39


def test_a_plausible_share_of_8050_households_with_old_and_frail_parents(city):
    flags = is_8050(city)
    assert 0.3 < sum(flags.values()) / len(flags) < 0.6
    parents = [p for p in city.people if p.relation in PARENT_RELATIONS]
    assert any(p.deceased for p in parents)
    assert any(Condition.DEMENTIA in p.conditions for p in parents)


def test_isolated_and_unconnected_households_exist_among_8050(city):
    supports = supports_by_household(city)
    flags = is_8050(city)
    unconnected = [h for h, s in supports.items() if not s]
    isolated = [h for h, s in supports.items() if len(s) == 1 or (s and not any(s.values()))]
    assert 0.02 < len(unconnected) / len(supports) < 0.12
    assert 0.05 < len(isolated) / len(supports) < 0.2
    assert any(flags[h] for h in unconnected) and any(flags[h] for h in isolated)


def test_about_ten_ties_per_household_of_every_kind(city):
    assert 8 < len(city.ties) / len(city.households) < 12
    assert {t.kind for t in city.ties} == set(TieKind)
    assert any(t.until and t.until < DEFAULT_AS_OF for t in city.ties)
    assert any(t.consent is None for t in city.ties if t.role is Role.LEAD)
    assert any(t.strength is Strength.STRESSFUL for t in city.ties)
    assert any(not t.last_contact or (DEFAULT_AS_OF - t.last_contact).days > 180
               for t in city.ties if t.kind is TieKind.SUPPORT)


def test_most_households_have_one_lead_some_none_a_few_several(city):
    household_of = {p.person_id: p.household_id for p in city.people if p.household_id}
    leads: dict[str, set[str]] = {h.household_id: set() for h in city.households}
    for t in city.ties:
        if t.role is Role.LEAD and (t.until is None or t.until >= DEFAULT_AS_OF):
            leads[household_of.get(t.target_id, t.target_id)].add(t.source_id)
    count = Counter(len(s) for s in leads.values())
    assert count[1] / len(leads) > 0.7
    assert count[0] > 0 and count[2] > 0


def test_capacities_only_on_lead_kinds_some_left_empty(city):
    assert all(a.capacity is None for a in city.agencies if a.kind not in LEAD_KINDS)
    capacities = [a.capacity for a in city.agencies if a.kind in LEAD_KINDS]
    assert None in capacities and any(c is not None for c in capacities)


def test_the_example_is_valid_and_holds_the_diagrams_fifteen_supports():
    bundle = seed_example()
    assert [str(p) for p in validate_bundle(bundle)] == []
    supports = supports_by_household(bundle)[HOUSEHOLD_ID]
    assert set(supports) == set(DIAGRAM_SUPPORTS.values())
    assert len(supports) == 15
    members = {p.relation for p in bundle.people if p.household_id == HOUSEHOLD_ID}
    assert members == {Relation.SUBJECT, Relation.FATHER, Relation.SIBLING}


def test_the_example_is_an_8050_household_led_by_the_support_centre_without_care_manager():
    bundle = seed_example()
    assert is_8050(bundle)[HOUSEHOLD_ID]
    father = next(p for p in bundle.people if p.relation is Relation.FATHER)
    assert Condition.DEMENTIA in father.conditions
    lead = [t.source_id for t in bundle.ties if t.role is Role.LEAD]
    kinds = {a.agency_id: a.kind for a in bundle.agencies}
    assert [kinds[a] for a in lead] == [AgencyKind.HIKIKOMORI_SUPPORT_OFFICE]
    assert AgencyKind.CARE_MANAGER not in kinds.values()


def test_the_shipped_bundles_are_what_the_generators_make():
    """graph_data/ is regenerated, never edited: a change of generator shows up here."""
    assert read_bundle(GRAPH_DATA / "demo") == generate(300, seed=8050).sorted()
    assert read_bundle(GRAPH_DATA / "example") == seed_example().sorted()


# --- realistic under RULES / DATA-FORMAT v2 ------------------------------------------------

def test_family_capacity_agrees_with_who_is_at_home(city):
    """A household whose only other members have dementia or need care (or who has nobody
    else at home) is recorded "good" in at most ~5% of cases: data-entry noise."""
    care = {Condition.DEMENTIA, Condition.NEEDS_CARE}
    others: dict[str, list] = {h.household_id: [] for h in city.households}
    for p in city.people:
        if p.household_id and p.alive and p.relation is not Relation.SUBJECT:
            others[p.household_id].append(p)
    nobody_able = [h for h in city.households
                   if not any(not care & set(p.conditions) for p in others[h.household_id])]
    recorded = Counter(h.family_capacity.value if h.family_capacity else None
                       for h in nobody_able)
    assert len(nobody_able) > 100
    assert 0 < recorded["good"] <= 0.05 * len(nobody_able), recorded
    assert recorded["difficult"] > recorded[None] > recorded["good"]
    able = [h for h in city.households if h not in nobody_able]
    good = sum(h.family_capacity is not None and h.family_capacity.value == "good"
               for h in able)
    assert good > 0.3 * len(able)  # with somebody able at home, good stays common


def test_employment_agencies_carry_age_ranges_and_serve_within_them(city):
    employment = {a.agency_id: a for a in city.agencies
                  if a.kind is AgencyKind.EMPLOYMENT_SUPPORT}
    ranges = {a.name: (a.age_from, a.age_to) for a in employment.values()}
    assert ranges["こうべ若者サポートステーション"] == (15, 49)
    assert all(ranges[name] == (None, None) for name in ranges if "ハローワーク" in name)
    assert all(a.age_from is None and a.age_to is None for a in city.agencies
               if a.kind is not AgencyKind.EMPLOYMENT_SUPPORT)
    age = {p.person_id: DEFAULT_AS_OF.year - p.birth_year for p in city.people
           if p.relation is Relation.SUBJECT}
    subject_of = {p.household_id: p.person_id for p in city.people
                  if p.relation is Relation.SUBJECT}
    saposute = next(a for a in employment.values() if a.age_to == 49)
    served = [age.get(t.target_id, age.get(subject_of.get(t.target_id, "")))
              for t in city.ties
              if t.kind is TieKind.SUPPORT and t.source_id == saposute.agency_id]
    assert served and all(a is not None and 15 <= a <= 49 for a in served)


def test_people_have_kana_of_their_display_names(city):
    assert all(p.kana for p in city.people)
    subject = next(p for p in city.people if p.relation is Relation.SUBJECT)
    given_name = subject.display_name.removeprefix("本人・").removesuffix("(仮)")
    assert subject.kana == f"ホンニン・{given_name}"
