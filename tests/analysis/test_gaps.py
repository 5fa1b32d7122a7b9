"""Every row of the gap table, its boundaries, coverage and the closed household."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from netsupport.analysis.gaps import GAP_CODES, open_gaps

from .kit import (
    RULES,
    K,
    agency,
    build,
    days_ago,
    facts,
    household,
    informal,
    lead,
    person,
    rules_with,
    support,
)

#: A subject of 30 with no parent, led by A0 with recent contact and consent: no gap at all.
QUIET = (person("P1", "subject", age=30),
         agency("A0", K.HIKIKOMORI_SUPPORT_OFFICE), lead("A0"))


def gaps(*records, home=None, rules=RULES):
    return {g.code: g for g in open_gaps(facts(build(home or household(), *records)), rules)}


def test_a_quiet_household_has_no_gap():
    assert gaps(*QUIET) == {}


def test_gaps_come_in_table_order():
    found = gaps(person("P1", "subject", age=50, diagnosis="mood"),
                 person("P2", "father", age=80, conditions=("dementia",)),
                 home=household(stage="group", hardship=True))
    assert list(found) == [c for c in GAP_CODES if c in found]
    assert list(found) == ["no_lead", "elder_care", "care_manager", "medical", "income",
                           "community_watch", "stage_resource"]


def test_closed_households_have_no_gaps():
    records = (person("P1", "subject", age=50, diagnosis="mood"),
               person("P2", "father", age=80, conditions=("dementia",)))
    assert gaps(*records, home=household(status="closed", hardship=True)) == {}
    assert gaps(*records, home=household(status="follow_up", hardship=True))


def test_no_lead():
    assert "no_lead" in gaps(person("P1", "subject"))
    assert "no_lead" in gaps(person("P1", "subject"), agency("A1"), support("A1", role="team"))
    assert "no_lead" in gaps(person("P1", "subject"), agency("A1"),
                             lead("A1", until=days_ago(1)))
    assert "no_lead" not in gaps(person("P1", "subject"), agency("A1"), lead("A1", "P1"))
    # a stressful lead tie is still a lead tie (it is a reason to hand over instead)
    assert "no_lead" not in gaps(person("P1", "subject"), agency("A1"),
                                 lead("A1", strength="stressful"))


def test_multiple_leads():
    found = gaps(*QUIET, agency("A1"), lead("A1", "P1", since=date(2025, 1, 1)))
    assert found["multiple_leads"].facts == {"leads": ["A0", "A1"], "current": "A1"}
    assert "multiple_leads" not in gaps(*QUIET, lead("A0", "P1"))  # same agency twice


@pytest.mark.parametrize(("last_contact", "stale"), [
    (days_ago(90), False), (days_ago(91), True), (days_ago(0), False)])
def test_stale_lead_boundary(last_contact, stale):
    found = gaps(person("P1", "subject", age=30), agency("A1"),
                 lead("A1", last_contact=last_contact))
    assert ("stale_lead" in found) is stale


def test_stale_lead_without_contact_and_label():
    found = gaps(person("P1", "subject", age=30), agency("A1"),
                 replace(lead("A1"), last_contact=None))
    assert found["stale_lead"].facts["last_contact"] is None
    assert found["stale_lead"].label() == "主担当との連絡が90日を超えて途絶えている"


def test_stale_lead_reads_the_current_leads_tie():
    found = gaps(person("P1", "subject", age=30), agency("A1"), agency("A2"),
                 lead("A1", since=date(2020, 1, 1), last_contact=days_ago(300)),
                 lead("A2", since=date(2024, 1, 1)))
    assert "stale_lead" not in found and "multiple_leads" in found


@pytest.mark.parametrize(("parent_age", "conditions", "expected"), [
    (64, (), False), (65, (), True), (40, ("dementia",), True), (40, ("needs_care",), True),
    (40, ("illness",), False), (None, (), False)])
def test_elder_care(parent_age, conditions, expected):
    found = gaps(*QUIET, person("P2", "mother", age=parent_age, conditions=conditions))
    assert ("elder_care" in found) is expected
    if expected:
        assert [k.value for k in found["elder_care"].needs] == ["community_support_center",
                                                                "care_manager"]


def test_elder_care_ignores_a_deceased_parent():
    assert "elder_care" not in gaps(*QUIET, person("P2", "mother", age=90, deceased=True))


@pytest.mark.parametrize("kind", [K.COMMUNITY_SUPPORT_CENTER, K.CARE_MANAGER])
def test_elder_care_is_covered_by_either_kind(kind):
    records = (*QUIET, person("P2", "mother", age=70), agency("A1", kind))
    assert "elder_care" in gaps(*records)
    assert "elder_care" not in gaps(*records, support("A1", "P2"))
    assert "elder_care" in gaps(*records, support("A1", "P2", strength="stressful"))
    assert "elder_care" in gaps(*records, support("A1", "P2", until=days_ago(1)))


def test_care_manager():
    with_dementia = (*QUIET, person("P2", "father", age=60, conditions=("dementia",)))
    assert "care_manager" in gaps(*with_dementia)
    assert "care_manager" not in gaps(*QUIET, person("P2", "father", age=90))
    covered = gaps(*with_dementia, agency("A1", K.CARE_MANAGER), support("A1", "P2"))
    assert "care_manager" not in covered and "elder_care" not in covered
    csc = gaps(*with_dementia, agency("A1", K.COMMUNITY_SUPPORT_CENTER), support("A1"))
    assert "care_manager" in csc and "elder_care" not in csc


@pytest.mark.parametrize(("diagnosis", "expected"), [
    ("mood", True), ("developmental", True), ("schizophrenia", True), ("neurotic", True),
    ("other", True), ("none", False), ("unknown", False), (None, False)])
def test_medical_by_subject_diagnosis(diagnosis, expected):
    found = gaps(person("P1", "subject", age=30, diagnosis=diagnosis),
                 agency("A0", K.HIKIKOMORI_SUPPORT_OFFICE), lead("A0"))
    assert ("medical" in found) is expected


@pytest.mark.parametrize(("conditions", "deceased", "expected"), [
    (("illness",), None, True), (("dementia",), None, True), (("disability",), None, False),
    (("illness",), True, False)])
def test_medical_by_a_living_members_condition(conditions, deceased, expected):
    found = gaps(*QUIET, person("P5", "sibling", age=40, conditions=conditions,
                                deceased=deceased))
    assert ("medical" in found) is expected


@pytest.mark.parametrize("kind", [K.CLINIC, K.HOME_NURSING, K.MENTAL_HEALTH_CENTER])
def test_medical_is_covered(kind):
    assert "medical" not in gaps(*QUIET, person("P5", "sibling", conditions=("illness",)),
                                 agency("A1", kind), support("A1", "P5"))


def test_income():
    assert "income" in gaps(*QUIET, home=household(hardship=True))
    assert "income" not in gaps(*QUIET, home=household(hardship=False))
    assert "income" not in gaps(*QUIET, home=household(hardship=None))
    for kind in (K.WELFARE_OFFICE, K.LIVELIHOOD_SUPPORT):
        assert "income" not in gaps(*QUIET, agency("A1", kind), support("A1"),
                                    home=household(hardship=True))


def test_community_watch_for_8050_households():
    old = (person("P1", "subject", age=40), person("P2", "mother", age=70),
           agency("A0", K.HIKIKOMORI_SUPPORT_OFFICE), lead("A0"),
           agency("A9", K.COMMUNITY_SUPPORT_CENTER), support("A9", "P2"))
    assert "community_watch" in gaps(*old)
    for kind in (K.MINSEI_IIN, K.NEIGHBORHOOD_ASSOCIATION, K.SOCIAL_WELFARE_COUNCIL):
        assert "community_watch" not in gaps(*old, agency("A1", kind), support("A1"))
    assert "community_watch" not in gaps(*old, person("C1", "neighbour"), informal("C1", "P2"))
    assert "community_watch" in gaps(*old, person("C1", "neighbour"),
                                     informal("C1", strength="stressful"))
    young = (person("P1", "subject", age=39), person("P2", "mother", age=70))
    assert "community_watch" not in gaps(*young)


def test_community_watch_informal_can_be_switched_off(tmp_path):
    rules = rules_with(tmp_path, "community_watch_informal = true",
                       "community_watch_informal = false")
    records = (person("P1", "subject", age=50), person("P2", "mother", age=80),
               person("C1", "neighbour"), informal("C1"))
    assert "community_watch" not in gaps(*records)
    assert "community_watch" in gaps(*records, rules=rules)


@pytest.mark.parametrize(("stage", "needs"), [
    ("group", ["ibasho", "social_welfare_council", "parents_association"]),
    ("participation", ["employment_support", "ibasho"]),
    ("engagement", None), ("individual", None), (None, None)])
def test_stage_resource(stage, needs):
    found = gaps(*QUIET, home=household(stage=stage))
    if needs is None:
        assert "stage_resource" not in found
    else:
        assert [k.value for k in found["stage_resource"].needs] == needs


def test_stage_resource_is_covered_by_a_kind_of_the_stage():
    home = household(stage="participation")
    assert "stage_resource" not in gaps(*QUIET, agency("A1", K.IBASHO), support("A1", "P1"),
                                        home=home)
    assert "stage_resource" in gaps(*QUIET, agency("A1", K.PARENTS_ASSOCIATION),
                                    support("A1", "P1"), home=home)


@pytest.mark.parametrize(("role", "consent", "expected"), [
    ("lead", True, False), ("lead", False, True), ("lead", None, True), ("team", None, True),
    ("team", True, False), ("backup", None, False), ("none", False, False)])
def test_consent(role, consent, expected):
    found = gaps(*QUIET, agency("A1"), support("A1", "P1", role=role, consent=consent))
    assert ("consent" in found) is expected


def test_consent_ignores_inactive_ties():
    assert "consent" not in gaps(*QUIET, agency("A1"),
                                 support("A1", role="team", consent=None, until=days_ago(1)))


def test_gap_dict_has_code_needs_label_and_facts():
    found = gaps(*QUIET, person("P2", "father", age=75, conditions=("needs_care",)))
    d = found["care_manager"].to_dict()
    assert d == {"code": "care_manager", "needs": ["care_manager"],
                 "label": "ケアマネジャー未接続",
                 "facts": {"parents": [{"person_id": "P2", "relation": "father", "age": 75,
                                        "conditions": ["needs_care"]}]}}
    assert found["care_manager"].label("en") == "No care manager"


def test_a_changed_age_changes_the_gap(tmp_path):
    rules = rules_with(tmp_path, "elder_care_parent_age = 65", "elder_care_parent_age = 75")
    records = (*QUIET, person("P2", "mother", age=70))
    assert "elder_care" in gaps(*records)
    assert "elder_care" not in gaps(*records, rules=rules)


def test_a_gap_declared_once_is_checked_and_read_from_the_rules(tmp_path, monkeypatch):
    """A new gap is its line in GAP_RULES (and its key in rules.toml): open_gaps checks it,
    in its place, and the rules file must hold its needs; nothing else lists it."""
    from netsupport.analysis import gaps as module
    from netsupport.errors import RulesError

    watch = module.GapRule("no_minsei", lambda facts, rules: module.Opened(lambda: {"seen": True}),
                           needs=True)
    monkeypatch.setattr(module, "GAP_RULES", module.GAP_RULES + (watch,))
    with pytest.raises(RulesError, match="gaps.needs.no_minsei: missing"):
        rules_with(tmp_path, "[gaps.needs]", "[gaps.needs]")
    rules = rules_with(tmp_path, "[gaps.needs]", '[gaps.needs]\nno_minsei = ["minsei_iin"]')
    found = gaps(*QUIET, rules=rules)
    assert list(found) == ["no_minsei"]
    assert found["no_minsei"].needs == (K.MINSEI_IIN,)
    assert found["no_minsei"].label_key == "gap.no_minsei"
    assert "no_minsei" not in gaps(*QUIET, agency("A9", K.MINSEI_IIN), support("A9"),
                                   rules=rules)
