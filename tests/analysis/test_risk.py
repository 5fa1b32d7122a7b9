"""Every risk factor with its points and boundaries, the levels, and rules that change them."""

from __future__ import annotations

from datetime import date

import pytest

from netsupport.analysis.risk import assess_risk, risk_level

from .kit import (
    AS_OF,
    RULES,
    K,
    agency,
    build,
    days_ago,
    facts,
    household,
    lead,
    person,
    rules_with,
    support,
)

#: Connected, led, a subject of 30, no parent: a score of 0.
CALM = (agency("A0", K.HIKIKOMORI_SUPPORT_OFFICE), lead("A0"), agency("A1"), support("A1"))
#: Somebody well at home besides the subject (RULES v2: a subject alone scores subject_alone
#: and family_difficult), so that each test here sees only the factor it is about.
SISTER = person("P9", "sibling", age=35)


def risk(*records, home=None, rules=RULES, subject=None, alone=False):
    subject = subject or person("P1", "subject", age=30)
    others = () if alone else (SISTER,)
    return assess_risk(facts(build(home or household(), subject, *others, *records),
                             rules=rules), rules)


def factors(*records, **kw):
    return {f.code: f.points for f in risk(*records, **kw).factors}


def test_a_calm_household_scores_zero():
    r = risk(*CALM)
    assert (r.score, r.level, r.factors) == (0, "low", ())


@pytest.mark.parametrize(("crisis", "points"), [(True, 3), (False, None), (None, None)])
def test_crisis(crisis, points):
    assert factors(*CALM, home=household(crisis=crisis)).get("crisis") == points


def test_unconnected_and_isolated():
    assert factors() == {"unconnected": 3, "no_lead": 2}
    assert factors(agency("A0", K.HIKIKOMORI_SUPPORT_OFFICE), lead("A0")) == {"isolated": 2}
    assert "isolated" not in factors(*CALM) and "unconnected" not in factors(*CALM)


@pytest.mark.parametrize(("age", "points"), [(79, None), (80, 2), (95, 2)])
def test_parent_80_plus(age, points):
    assert factors(*CALM, person("P2", "mother", age=age)).get("parent_80_plus") == points


def test_parent_80_plus_ignores_the_deceased():
    assert "parent_80_plus" not in factors(*CALM, person("P2", "mother", age=85,
                                                         deceased=True))


@pytest.mark.parametrize(("conditions", "points"), [
    (("dementia",), 2), (("needs_care",), 2), (("dementia", "needs_care"), 2),
    (("illness",), None), ((), None)])
def test_parent_care_need(conditions, points):
    found = factors(*CALM, person("P2", "father", age=60, conditions=conditions))
    assert found.get("parent_care_need") == points


def test_no_lead_scores_when_the_gap_is_open():
    assert factors(agency("A1"), agency("A2"), support("A1"), support("A2")) == {"no_lead": 2}
    assert "no_lead" not in factors(*CALM)
    # closed households have no open gap, so no_lead never scores for them
    assert factors(home=household(status="closed")) == {"unconnected": 3}


@pytest.mark.parametrize(("age", "points"), [(49, None), (50, 1)])
def test_subject_50_plus(age, points):
    found = factors(*CALM, subject=person("P1", "subject", age=age))
    assert found.get("subject_50_plus") == points


@pytest.mark.parametrize(("since", "points"), [
    (date(2016, 11, 1), 1),  # exactly 10 years before 2026-11-01
    (date(2016, 11, 2), None),  # one day short
    (date(2000, 1, 1), 1), (None, None)])
def test_long_withdrawal(since, points):
    subject = person("P1", "subject", age=30, withdrawn_since=since)
    assert factors(*CALM, subject=subject).get("long_withdrawal") == points


def test_long_withdrawal_facts():
    subject = person("P1", "subject", age=30, withdrawn_since=date(2001, 4, 1))
    f = next(f for f in risk(*CALM, subject=subject).factors if f.code == "long_withdrawal")
    assert f.facts == {"subject": "P1", "withdrawn_since": "2001-04-01", "years": 25,
                       "withdrawal_years": 10}
    assert f.label() == "ひきこもり期間10年以上"


@pytest.mark.parametrize(("relation", "deceased", "points"), [
    ("father", True, 1), ("mother", True, 1), ("parent", True, 1), ("father", False, None),
    ("father", None, None), ("sibling", True, None), ("grandparent", True, None)])
def test_parent_deceased(relation, deceased, points):
    found = factors(*CALM, person("P2", relation, deceased=deceased))
    assert found.get("parent_deceased") == points


def test_two_deceased_parents_score_once():
    assert factors(*CALM, person("P2", "father", deceased=True),
                   person("P3", "mother", deceased=True))["parent_deceased"] == 1


@pytest.mark.parametrize(("home", "code"), [
    (household(acceptance="refuses"), "refuses"),
    (household(family="difficult"), "family_difficult"),
    (household(hardship=True), "financial_hardship")])
def test_household_factors(home, code):
    assert factors(*CALM, home=home)[code] == 1


@pytest.mark.parametrize("home", [
    household(acceptance="accepts"), household(family="good"), household(hardship=False)])
def test_household_factors_absent(home):
    assert factors(*CALM, home=home) == {}


@pytest.mark.parametrize(("score", "level"), [
    (0, "low"), (3, "low"), (4, "medium"), (7, "medium"), (8, "high"), (20, "high")])
def test_levels(score, level):
    assert risk_level(score, RULES) == level


def test_the_sum_and_order_of_a_full_household():
    r = risk(person("P2", "father", age=85, conditions=("dementia",)),
             person("P3", "mother", deceased=True),
             subject=person("P1", "subject", age=55, withdrawn_since=date(2001, 1, 1)),
             home=household(crisis=True, acceptance="refuses", family="difficult",
                            hardship=True))
    assert [(f.code, f.points) for f in r.factors] == [
        ("crisis", 3), ("unconnected", 3), ("parent_80_plus", 2), ("parent_care_need", 2),
        ("no_lead", 2), ("subject_50_plus", 1), ("long_withdrawal", 1), ("parent_deceased", 1),
        ("refuses", 1), ("family_difficult", 1), ("financial_hardship", 1)]
    assert (r.score, r.level) == (18, "high")
    assert r.to_dict()["factors"][0] == {"code": "crisis", "points": 3,
                                         "label": "危機の切迫性あり", "facts": {"crisis": True}}


def test_a_point_set_to_5_changes_the_score(tmp_path):
    rules = rules_with(tmp_path, "crisis = 3", "crisis = 5")
    assert risk(*CALM, home=household(crisis=True)).score == 3
    r = risk(*CALM, home=household(crisis=True), rules=rules)
    assert (r.score, r.level, r.factors[0].points) == (5, "medium", 5)


def test_a_point_set_to_0_leaves_the_factor_out(tmp_path):
    rules = rules_with(tmp_path, "refuses = 1", "refuses = 0")
    assert factors(*CALM, home=household(acceptance="refuses"), rules=rules) == {}


def test_level_bounds_and_ages_come_from_the_rules(tmp_path):
    rules = rules_with(tmp_path, "high_from = 8", "high_from = 5")
    assert risk_level(5, rules) == "high" and risk_level(5, RULES) == "medium"
    rules = rules_with(tmp_path, "parent_age = 80 ", "parent_age = 75 ")
    found = factors(*CALM, person("P2", "mother", age=76), rules=rules)
    assert found["parent_80_plus"] == 2
    assert risk(*CALM, person("P2", "mother", age=76), rules=rules).factors[0].label() == (
        "75歳以上の親がいる")


def test_as_of_moves_ages_and_contacts():
    records = (person("P2", "mother", age=79), *CALM)
    f_now = facts(build(household(), person("P1", "subject", age=30), *records))
    next_year = AS_OF.replace(year=AS_OF.year + 1)
    f_later = facts(build(household(), person("P1", "subject", age=30), *records),
                    as_of=next_year)
    assert "parent_80_plus" not in {f.code for f in assess_risk(f_now, RULES).factors}
    later = {f.code for f in assess_risk(f_later, RULES).factors}
    assert "parent_80_plus" in later and "isolated" in later  # contacts now 375 days old
    assert days_ago(10) < next_year


def test_a_factor_declared_once_is_scored_with_the_points_of_the_rules(tmp_path, monkeypatch):
    """A new factor is its line in RISK_RULES (and its points in rules.toml); its place among
    the factors and the key the rules must hold follow from that line."""
    from netsupport.analysis import risk as module
    from netsupport.errors import RulesError

    first = module.RiskRule("always", lambda seen, rules: module.Scored(lambda: {"seen": True}))
    monkeypatch.setattr(module, "RISK_RULES", (first, *module.RISK_RULES))
    with pytest.raises(RulesError, match="risk.points.always: missing"):
        rules_with(tmp_path, "[risk.points]", "[risk.points]")
    rules = rules_with(tmp_path, "[risk.points]", "[risk.points]\nalways = 5")
    r = risk(*CALM, home=household(crisis=True), rules=rules)
    assert [(f.code, f.points, f.label_key) for f in r.factors] == [
        ("always", 5, "risk.always"), ("crisis", 3, "risk.crisis")]
    off = rules_with(tmp_path, "[risk.points]", "[risk.points]\nalways = 0")
    assert [f.code for f in risk(*CALM, rules=off).factors] == []
