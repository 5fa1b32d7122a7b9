"""is_8050 (subject ≥ 40 and a parent ≥ 70) and isolation (unconnected / isolated / connected)."""

from __future__ import annotations

import pytest

from netsupport.analysis.screening import is_8050, isolation

from .kit import (
    RULES,
    agency,
    build,
    days_ago,
    facts,
    household,
    informal,
    person,
    rules_with,
    support,
)


def eightyfifty(subject_age, parent_age, relation="mother", **parent):
    return is_8050(facts(build(household(), person("P1", "subject", age=subject_age),
                               person("P2", relation, age=parent_age, **parent))), RULES)


@pytest.mark.parametrize(("subject_age", "parent_age", "expected"), [
    (40, 70, True), (39, 70, False), (40, 69, False), (39, 69, False), (55, 85, True),
    (None, 85, False), (55, None, False),
])
def test_8050_boundaries(subject_age, parent_age, expected):
    assert eightyfifty(subject_age, parent_age).is_8050 is expected


@pytest.mark.parametrize("relation", ["father", "mother", "parent"])
def test_8050_parent_relations(relation):
    assert eightyfifty(52, 82, relation).is_8050


@pytest.mark.parametrize("relation", ["grandparent", "sibling", "other_family"])
def test_8050_other_relations_are_not_parents(relation):
    assert not eightyfifty(52, 82, relation).is_8050


def test_8050_a_deceased_parent_does_not_count():
    assert not eightyfifty(52, 82, deceased=True).is_8050


def test_8050_facts_and_label():
    s = eightyfifty(52, 82)
    assert s.facts["subject_age"] == 52
    assert s.facts["parents"] == [{"person_id": "P2", "relation": "mother", "age": 82}]
    assert s.label() == "8050世帯（本人40歳以上・親70歳以上）"


def test_8050_ages_come_from_the_rules(tmp_path):
    rules = rules_with(tmp_path, "subject_age_8050 = 40", "subject_age_8050 = 50")
    f = facts(build(household(), person("P1", "subject", age=45), person("P2", "mother", age=80)))
    assert is_8050(f, RULES).is_8050 and not is_8050(f, rules).is_8050


def level(*records):
    return isolation(facts(build(household(), person("P1", "subject"), *records)), RULES)


def test_unconnected_without_supports():
    assert level().level == "unconnected"
    assert level(agency("A1"), support("A1", strength="stressful")).level == "unconnected"
    assert level(agency("A1"), support("A1", until=days_ago(1))).level == "unconnected"


def test_isolated_with_exactly_one_support():
    iso = level(agency("A1"), support("A1"), support("A1", "P1"))
    assert iso.level == "isolated"
    assert iso.facts["supports"] == ["A1"]
    assert iso.label() == "孤立"


def test_isolated_when_no_support_had_recent_contact():
    assert level(agency("A1"), agency("A2"), support("A1", last_contact=days_ago(181)),
                 support("A2", last_contact=days_ago(200))).level == "isolated"


def test_connected_with_two_supports_and_one_recent_contact():
    assert level(agency("A1"), agency("A2"), support("A1", last_contact=days_ago(180)),
                 support("A2", last_contact=days_ago(400))).level == "connected"


def test_informal_contacts_are_supports_and_member_ties_count():
    assert level(person("C1", "neighbour"), agency("A1"), informal("C1", "P1"),
                 support("A1", "P1")).level == "connected"


def test_a_stressful_tie_is_not_a_support_even_with_recent_contact():
    assert level(agency("A1"), agency("A2"), support("A1", last_contact=days_ago(300)),
                 support("A2", strength="stressful")).level == "isolated"


def test_isolation_is_read_for_closed_households_too():
    f = facts(build(household(status="closed"), person("P1", "subject")))
    assert isolation(f, RULES).level == "unconnected"
