"""RULES.md v2, one test per changed row and boundary.

- a tie's last contact is the later of last_contact and since (recent at 180/181 days, stale
  at 90/91, for a tie with only a since);
- alone: the subject_alone risk factor, and community_watch for a subject of 40 (not 39);
- family capacity derived from who is at home (dementia / needs_care) vs recorded, with its
  source in the facts, for the risk and the strategy;
- agencies' age ranges: lead eligibility (both ends inclusive, unknown age passes), the
  age_range handover reason, team members by need;
- the JSON example of RULES.md, built as a household and compared key by key.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from netsupport.analysis.gaps import open_gaps
from netsupport.analysis.risk import assess_risk
from netsupport.analysis.screening import isolation
from netsupport.analysis.strategy import choose_strategy
from netsupport.model import Agency

from .kit import (
    AS_OF,
    RULES,
    K,
    agency,
    build,
    collaboration,
    days_ago,
    facts,
    household,
    lead,
    person,
    report,
    rules_with,
    support,
)

HSO, MHC = K.HIKIKOMORI_SUPPORT_OFFICE, K.MENTAL_HEALTH_CENTER
SISTER = person("P9", "sibling", age=35)


def since_only(aid: str, days: int, *, role: str = "none"):
    """A support tie begun ``days`` ago, with no last_contact recorded."""
    return replace(support(aid, role=role, since=days_ago(days)), last_contact=None)


def gap_codes(*records, home=None, rules=RULES) -> list[str]:
    return [g.code for g in open_gaps(facts(build(home or household(), *records),
                                            rules=rules), rules)]


def factor_points(*records, home=None, rules=RULES) -> dict[str, int]:
    f = facts(build(home or household(), *records), rules=rules)
    return {x.code: x.points for x in assess_risk(f, rules).factors}


# --- last contact = the later of last_contact and since -----------------------------------

@pytest.mark.parametrize(("days", "stale"), [(0, False), (90, False), (91, True)])
def test_a_lead_with_only_a_since_is_stale_after_90_days(days, stale):
    found = gap_codes(person("P1", "subject", age=30), SISTER, agency("A1", HSO),
                      since_only("A1", days, role="lead"))
    assert ("stale_lead" in found) is stale
    decision = report(build(household(), person("P1", "subject", age=30), SISTER,
                            agency("A1", HSO), since_only("A1", days, role="lead"))).lead
    assert ("stale" in [r.code for r in decision.reasons]) is stale


def test_a_lead_assigned_today_is_not_out_of_touch():
    """主担当の割当 → assign from today: not on the worklist as lapsed (the issue's H-00198)."""
    d = report(build(household(), person("P1", "subject", age=30), SISTER,
                     agency("A1", HSO), since_only("A1", 0, role="lead")))
    assert "stale_lead" not in [g.code for g in d.gaps]
    assert d.lead.action == "keep" and d.lead.reasons == ()


def test_the_assign_lead_edit_leaves_the_household_off_the_stale_worklist():
    """The issue's H-00198 end to end: 主担当の割当 from as_of, saved, analysed again."""
    from netsupport.edits import assign_lead

    b = build(household(), person("P1", "subject", age=57), SISTER, agency("A1", HSO))
    assert "no_lead" in [g.code for g in report(b).gaps]
    changes = assign_lead(b, "H1", "A1", AS_OF, agencies={a.agency_id: a for a in b.agencies})
    after = replace(b, ties=b.ties + list(changes.add_ties))
    r = report(after)
    assert not {"no_lead", "stale_lead"} & {g.code for g in r.gaps}
    assert r.lead.current == "A1" and r.lead.action == "keep" and r.lead.reasons == ()


def test_a_later_last_contact_wins_over_since_and_the_facts_say_both():
    tie = replace(lead("A1", since=days_ago(400)), last_contact=days_ago(95))
    found = open_gaps(facts(build(household(), person("P1", "subject", age=30), SISTER,
                                  agency("A1", HSO), tie)), RULES)
    stale = next(g for g in found if g.code == "stale_lead")
    assert stale.facts == {"lead": "A1", "last_contact": days_ago(95).isoformat(),
                           "since": days_ago(400).isoformat(),
                           "contact": days_ago(95).isoformat(), "days_since_contact": 95,
                           "stale_days": 90}
    since_later = replace(tie, since=days_ago(30))
    assert "stale_lead" not in gap_codes(person("P1", "subject", age=30), SISTER,
                                         agency("A1", HSO), since_later)


@pytest.mark.parametrize(("days", "level"), [(180, "connected"), (181, "isolated")])
def test_support_with_only_a_since_is_recent_for_180_days(days, level):
    f = facts(build(household(), person("P1", "subject", age=30), SISTER,
                    agency("A1"), agency("A2"), since_only("A1", days), since_only("A2", days)))
    assert isolation(f, RULES).level == level


def test_a_tie_that_starts_later_is_no_contact_yet():
    """A since after as_of is no contact (and the tie is not active anyway)."""
    f = facts(build(household(), person("P1", "subject", age=30), SISTER, agency("A1"),
                    replace(support("A1", since=date(2026, 12, 1)), last_contact=None)))
    assert f.supports == ()


# --- alone ---------------------------------------------------------------------------------

def test_a_subject_alone_scores_subject_alone_4_and_family_difficult():
    found = factor_points(person("P1", "subject", age=30),
                          person("P2", "mother", age=80, deceased=True),
                          agency("A0", HSO), lead("A0"), agency("A1"), support("A1"))
    assert found == {"subject_alone": 4, "parent_deceased": 1, "family_difficult": 1}


def test_anyone_living_at_home_means_not_alone():
    base = (person("P1", "subject", age=30), agency("A0", HSO), lead("A0"), agency("A1"),
            support("A1"))
    assert "subject_alone" not in factor_points(*base, SISTER)
    # a mother with dementia is at home: not alone, but no family to work through
    mother = person("P2", "mother", age=60, conditions=("dementia",))
    assert factor_points(*base, mother) == {"parent_care_need": 2, "family_difficult": 1}
    assert "subject_alone" in factor_points(*base, replace(SISTER, deceased=True))


def test_subject_alone_points_come_from_the_rules(tmp_path):
    rules = rules_with(tmp_path, "subject_alone = 4 ", "subject_alone = 0 ")
    assert "subject_alone" not in factor_points(person("P1", "subject", age=30), rules=rules)
    f = facts(build(household(), person("P1", "subject", age=30)))
    alone = next(x for x in assess_risk(f, RULES).factors if x.code == "subject_alone")
    assert alone.label() == "本人のほかに同居する家族がいない（親なき後）"
    assert alone.facts == {"subject": "P1", "deceased": []}


@pytest.mark.parametrize(("age", "opens"), [(39, False), (40, True), (None, False)])
def test_community_watch_opens_for_a_subject_alone_from_40(age, opens):
    found = gap_codes(person("P1", "subject", age=age),
                      person("P2", "father", age=88, deceased=True))
    assert ("community_watch" in found) is opens


def test_community_watch_alone_age_and_cover():
    rules_age = RULES.gaps.community_watch_alone_age
    assert rules_age == 40
    alone_55 = (person("P1", "subject", age=55),)
    assert "community_watch" in gap_codes(*alone_55)
    assert "community_watch" not in gap_codes(*alone_55, agency("M1", K.MINSEI_IIN),
                                              support("M1"))
    assert "community_watch" not in gap_codes(*alone_55, SISTER)  # not alone, not 8050
    g = next(g for g in open_gaps(facts(build(household(), *alone_55)), RULES)
             if g.code == "community_watch")
    assert (g.facts["is_8050"], g.facts["alone"], g.facts["alone_subject_age"]) == (
        False, True, 40)


def test_community_watch_alone_age_comes_from_the_rules(tmp_path):
    rules = rules_with(tmp_path, "community_watch_alone_age = 40",
                       "community_watch_alone_age = 60")
    assert "community_watch" not in gap_codes(person("P1", "subject", age=55), rules=rules)


# --- family capacity: derived vs recorded --------------------------------------------------

def judged(*members, family=None, acceptance="refuses", rules=RULES):
    f = facts(build(household(family=family, acceptance=acceptance),
                    person("P1", "subject", age=50), *members), rules=rules)
    return f, choose_strategy(f), {x.code for x in assess_risk(f, rules).factors}


@pytest.mark.parametrize("conditions", [("dementia",), ("needs_care",),
                                        ("dementia", "needs_care")])
def test_recorded_good_with_only_a_parent_needing_care_is_derived_difficult(conditions):
    """The issue's H-00179: the only living parent is 87 with dementia and needs care."""
    f, strategy, factors = judged(person("P2", "mother", age=87, conditions=conditions),
                                  person("P3", "father", age=90, deceased=True),
                                  family="good")
    assert strategy.code == "prepare_for_crisis" and "family_difficult" in factors
    assert strategy.facts["family_capacity"] == "difficult"
    assert strategy.facts["family_capacity_source"] == "derived"
    assert strategy.facts["family_capacity_recorded"] == "good"
    assert strategy.facts["members"] == [
        {"person_id": "P2", "relation": "mother", "conditions": list(conditions)}]
    assert f.family.able == ()


def test_recorded_good_holds_with_one_member_free_of_the_conditions():
    _, strategy, factors = judged(person("P2", "mother", age=87, conditions=("dementia",)),
                                  person("P3", "father", age=88, conditions=("illness",)),
                                  family="good")
    assert strategy.code == "via_family" and "family_difficult" not in factors
    assert strategy.facts["family_capacity_source"] == "recorded"


@pytest.mark.parametrize(("family", "code", "difficult"), [
    ("good", "via_family", False), ("difficult", "prepare_for_crisis", True),
    (None, "prepare_for_crisis", False)])
def test_with_a_well_member_the_recorded_value_is_read(family, code, difficult):
    f, strategy, factors = judged(person("P2", "mother", age=75), family=family)
    assert strategy.code == code and ("family_difficult" in factors) is difficult
    assert f.family.source == "recorded" and f.family.able == ("P2",)


def test_risk_facts_say_derived_and_from_whom():
    f, _, _ = judged(person("P2", "father", age=85, conditions=("needs_care",)), family=None)
    factor = next(x for x in assess_risk(f, RULES).factors if x.code == "family_difficult")
    assert factor.facts == {
        "family_capacity": "difficult", "family_capacity_source": "derived",
        "family_capacity_recorded": None, "alone": False,
        "members": [{"person_id": "P2", "relation": "father", "conditions": ["needs_care"]}]}
    f, _, _ = judged(person("P2", "father", age=85), family="difficult")
    factor = next(x for x in assess_risk(f, RULES).factors if x.code == "family_difficult")
    assert factor.facts["family_capacity_source"] == "recorded"


def test_the_strategy_explains_a_derived_family_in_plain_words():
    _, strategy, _ = judged(person("P2", "mother", age=87, conditions=("dementia",)),
                            family="good")
    assert strategy.explanation() == (
        "危機の切迫性はなく、本人は拒否的（または不明）で、家族の力量・協力も困難（または不明）"
        "なため、定期的な訪問で危機に備えて関係性をつくる。同居する家族に認知症・要介護でない"
        "人がいないため、家族の力量・協力は「困難」として判断した（記録: 良好）")
    _, alone, _ = judged(family=None)
    assert alone.explanation().endswith(
        "本人のほかに同居する家族がいないため、家族の力量・協力は「困難」として判断した"
        "（記録: 未記録）")
    assert alone.explanation("en").endswith(
        "Nobody lives with the subject, so the family is taken as struggling "
        "(recorded: not recorded)")
    _, recorded, _ = judged(person("P2", "mother", age=75), family="difficult")
    assert "判断した" not in recorded.explanation() and "分岐" not in recorded.explanation()


def test_the_conditions_list_comes_from_the_rules(tmp_path):
    rules = rules_with(tmp_path, 'family_conditions = ["dementia", "needs_care"]',
                       'family_conditions = ["dementia"]')
    mother = person("P2", "mother", age=87, conditions=("needs_care",))
    assert judged(mother, family="good")[1].code == "prepare_for_crisis"
    assert judged(mother, family="good", rules=rules)[1].code == "via_family"


# --- agencies' age ranges ------------------------------------------------------------------

def saposute(aid: str = "S1", low: int | None = 15, high: int | None = 49) -> Agency:
    return replace(agency(aid, K.EMPLOYMENT_SUPPORT), age_from=low, age_to=high)


def participation(age: int | None, *records):
    return report(build(household(stage="participation"), person("P1", "subject", age=age),
                        SISTER, *records))


@pytest.mark.parametrize(("age", "eligible"), [
    (14, False), (15, True), (49, True), (50, False), (59, False), (None, True)])
def test_lead_eligibility_respects_the_age_range_ends_included(age, eligible):
    d = participation(age, saposute()).lead
    assert ([c.agency_id for c in d.eligible] == ["S1"]) is eligible
    assert d.action == ("assign" if eligible else "none")


def test_an_open_range_end_is_no_limit():
    assert participation(80, saposute(low=15, high=None)).lead.recommended == "S1"
    assert participation(10, saposute(low=None, high=49)).lead.recommended == "S1"
    assert participation(10, saposute(low=15, high=None)).lead.recommended is None


def test_a_59_year_old_gets_hello_work_not_the_saposute():
    """The issue: サポステ (15-49) was recommended for a subject of 59."""
    hello_work = agency("W1", K.EMPLOYMENT_SUPPORT)
    d = participation(59, saposute("S1"), hello_work).lead
    assert d.recommended == "W1" and [c.agency_id for c in d.eligible] == ["W1"]


@pytest.mark.parametrize(("age", "reason"), [(49, False), (50, True), (None, False)])
def test_a_current_lead_outside_its_range_gives_age_range(age, reason):
    d = participation(age, saposute("S1"), agency("I1", K.IBASHO), lead("S1")).lead
    assert ("age_range" in [r.code for r in d.reasons]) is reason
    if reason:
        assert (d.action, d.recommended) == ("handover", "I1")
        found = next(r for r in d.reasons if r.code == "age_range")
        assert found.facts == {"agency_id": "S1", "subject": "P1", "age": 50,
                               "age_from": 15, "age_to": 49}
        assert found.label() == "本人の年齢（50歳）が機関の対象年齢（15〜49歳）の外にある"
        assert found.label("en") == ("The subject's age (50) is outside the ages it serves "
                                     "(15 to 49)")
    else:
        assert d.action == "keep"


def test_age_range_without_another_agency_keeps_the_lead_with_the_reason():
    d = participation(55, saposute("S1"), lead("S1")).lead
    assert [r.code for r in d.reasons] == ["age_range"] and d.action == "keep"
    assert d.recommended is None


def test_team_members_by_need_serve_the_subjects_age():
    """stage_resource (participation) needs employment_support or ibasho: a サポステ is no
    member for a subject of 55, an ibasho for all ages is."""
    records = (agency("L0", K.SOCIAL_WELFARE_COUNCIL), lead("L0"), saposute("E1"),
               agency("I9", K.IBASHO))
    assert participation(45, *records).team.member_ids == ("E1",)
    assert participation(55, *records).team.member_ids == ("I9",)
    only_young = participation(55, agency("L0", K.SOCIAL_WELFARE_COUNCIL), lead("L0"),
                               saposute("E1"))
    assert only_young.team.lead == "L0" and only_young.team.member_ids == ()
    assert "stage_resource" in [g.code for g in only_young.gaps]


# --- the example of RULES.md ---------------------------------------------------------------

RULES_MD_EXAMPLE = {
    "household_id": "H1", "as_of": "2026-11-01", "is_8050": True, "isolation": "isolated",
    "risk": {"score": 9, "level": "high", "factors": [
        {"code": "isolated", "points": 2}, {"code": "parent_80_plus", "points": 2},
        {"code": "parent_care_need", "points": 2}, {"code": "subject_50_plus", "points": 1},
        {"code": "long_withdrawal", "points": 1}, {"code": "refuses", "points": 1}]},
    "gaps": [{"code": "care_manager", "needs": ["care_manager"]}],
    "strategy": "via_family",
    "lead": {"current": "A1", "recommended": "A5", "action": "handover",
             "reasons": ["stale"], "bridge": ["A1", "A3", "A5"]},
    "team": {"lead": "A5", "members": ["A2"], "backup": ["A9"]},
}


def rules_md_household():
    """The household of the RULES.md JSON example: a refusing subject of 55 at home with a
    healthy mother and a father with dementia, one support.

    A1 (ward health & welfare section, a lead kind for engagement) leads; it was assigned in
    2024 and last in touch 184 days ago: stale. Its home-visit care of the father ended in
    conflict (a stressful tie, ended), so it may not lead again, though its lead tie itself
    is not stressful: the one reason is stale. A2 is a care manager, A3 a guardian office
    (kind other) that collaborates with A1 and A5, A5 and A9 hikikomori support offices (A5
    in the household's ward). No clinic, mental health centre or watching agency exists.
    """
    return build(
        household("H1", acceptance="refuses", family="good"),
        person("P1", "subject", age=55, withdrawn_since=date(2010, 4, 1)),
        person("P2", "father", age=85, conditions=("dementia",)),
        person("P3", "mother", age=80),
        agency("A1", K.HEALTH_WELFARE_SECTION), agency("A2", K.CARE_MANAGER),
        agency("A3", K.OTHER, ward="中央区"), agency("A5", HSO), agency("A9", HSO, ward="西区"),
        lead("A1", since=date(2024, 4, 1), last_contact=days_ago(184)),
        support("A1", "P2", strength="stressful", since=date(2024, 4, 1),
                until=date(2025, 3, 31)),
        collaboration("A1", "A3"), collaboration("A3", "A5"),
    )


def test_the_json_example_of_rules_md_is_reproduced():
    d = report(rules_md_household()).to_dict()
    example = RULES_MD_EXAMPLE
    for key in ("household_id", "as_of", "is_8050", "isolation", "strategy"):
        assert d[key] == example[key], key
    assert {"score": d["risk"]["score"], "level": d["risk"]["level"],
            "factors": [{"code": f["code"], "points": f["points"]}
                        for f in d["risk"]["factors"]]} == example["risk"]
    gaps = [{"code": g["code"], "needs": g["needs"]} for g in d["gaps"]]
    assert all(g in gaps for g in example["gaps"])  # the example's list is shortened
    assert {k: d["lead"][k] for k in example["lead"]} == example["lead"]
    assert {k: d["team"][k] for k in example["team"]} == example["team"]
    assert d["as_of"] == AS_OF.isoformat()
