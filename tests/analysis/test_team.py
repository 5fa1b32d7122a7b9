"""The mini support team: lead, team-tie members, one member per gap, the cap, backups."""

from __future__ import annotations

from .kit import (
    RULES,
    K,
    agency,
    build,
    days_ago,
    household,
    lead,
    person,
    report,
    rules_with,
    support,
)

HSO, MHC = K.HIKIKOMORI_SUPPORT_OFFICE, K.MENTAL_HEALTH_CENTER


def team(*records, home=None, rules=RULES):
    b = build(home or household(), person("P1", "subject", age=30), *records)
    return report(b, rules=rules).team


def test_keep_the_current_lead_and_team_ties_are_members():
    t = team(agency("A1", HSO), lead("A1"), agency("A3"), agency("A2"),
             support("A3", role="team"), support("A2", "P1", role="team"),
             agency("A4"), support("A4", role="team", strength="stressful"),
             agency("A5"), support("A5", role="team", until=days_ago(1)),
             agency("A6"), support("A6", role="backup"))
    assert (t.lead, t.member_ids) == ("A1", ("A2", "A3"))
    assert [m.why for m in t.members] == ["team_tie", "team_tie"]


def test_handover_and_assign_lead_the_team_with_the_recommended_agency():
    t = team(agency("A1", K.CLINIC), lead("A1"), agency("A2", HSO), support("A2", role="team"))
    assert (t.lead, t.member_ids) == ("A2", ())  # the lead is not also a member
    assert team(agency("A2", HSO)).lead == "A2"
    assert team(agency("A1", K.CLINIC)).lead is None  # action none


def test_one_member_per_open_gap_with_needs():
    t = team(agency("A0", HSO), lead("A0"),
             person("P2", "father", age=60, conditions=("dementia",)),
             agency("C2", K.CARE_MANAGER, ward="西区"), agency("C1", K.CARE_MANAGER, ward="西区"),
             agency("M1", K.CLINIC), home=household(hardship=True))
    # care_manager gap (elder_care too): C1 (no tie, other ward, lowest id) fills elder_care
    # and with it care_manager; medical (dementia): M1; income: no such agency in the city.
    assert [(m.agency_id, m.gap) for m in t.members] == [("C1", "elder_care"),
                                                         ("M1", "medical")]
    assert t.members[0].label().startswith("不足を補う: 高齢の親への支援")


def test_gap_pick_order_existing_tie_then_same_ward_then_id():
    poor = household(hardship=True)  # the income gap: welfare_office or livelihood_support
    records = (agency("A0", HSO), lead("A0"), agency("W1", K.WELFARE_OFFICE, ward="西区"),
               agency("W2", K.LIVELIHOOD_SUPPORT, ward="北区"),
               agency("W3", K.WELFARE_OFFICE, ward="北区"))
    assert team(*records, home=poor).member_ids == ("W2",)
    # an ended tie is an existing tie: it comes before the same ward
    assert team(*records, support("W1", until=days_ago(30)), home=poor).member_ids == ("W1",)


def test_an_agency_with_a_stressful_tie_is_not_picked_for_a_gap():
    t = team(agency("A0", HSO), lead("A0"), agency("W1", K.WELFARE_OFFICE),
             agency("W2", K.WELFARE_OFFICE, ward="西区"),
             support("W1", strength="stressful"), home=household(hardship=True))
    assert t.member_ids == ("W2",)


def test_a_gap_already_covered_by_the_team_lead_is_skipped():
    # stage group: the ibasho lead is of a stage_resource kind, so no other ibasho joins
    t = team(agency("A0", K.IBASHO), agency("I2", K.IBASHO), home=household(stage="group"))
    assert (t.lead, t.member_ids) == ("A0", ())


def test_never_more_than_six_with_the_lead():
    members = [r for i in range(7) for r in (agency(f"T{i}"), support(f"T{i}", role="team"))]
    t = team(agency("A0", HSO), lead("A0"), *members)
    assert t.lead == "A0" and t.member_ids == ("T0", "T1", "T2", "T3", "T4")
    no_lead = team(agency("A9", K.CLINIC), *members)
    assert no_lead.lead is None and len(no_lead.member_ids) == 6


def test_gaps_go_unfilled_once_the_team_is_full():
    members = [r for i in range(4) for r in (agency(f"T{i}"), support(f"T{i}", role="team"))]
    t = team(agency("A0", HSO), lead("A0"), *members, agency("W1", K.WELFARE_OFFICE),
             agency("M1", K.CLINIC), person("P2", "mother", conditions=("illness",)),
             home=household(hardship=True))
    assert t.member_ids == ("T0", "T1", "T2", "T3", "M1")  # medical before income


def test_the_cap_comes_from_the_rules(tmp_path):
    rules = rules_with(tmp_path, "max_size = 6", "max_size = 2")
    members = [r for i in range(3) for r in (agency(f"T{i}"), support(f"T{i}", role="team"))]
    assert team(agency("A0", HSO), lead("A0"), *members, rules=rules).member_ids == ("T0",)


def test_backup_up_to_two_not_in_the_team_same_ward_first():
    t = team(agency("A0", HSO), lead("A0"), agency("B1", MHC, ward="西区"),
             agency("B2", HSO, ward="西区"), agency("B3", MHC), agency("B4", HSO, ward=None),
             agency("B5", MHC), support("B5", role="team"), agency("X1", K.CLINIC))
    assert t.member_ids == ("B5",)
    assert t.backup == ("B3", "B1")


def test_backup_count_and_kinds_come_from_the_rules(tmp_path):
    rules = rules_with(tmp_path, "backup_count = 2", "backup_count = 1")
    records = (agency("A0", HSO), lead("A0"), agency("B1", MHC), agency("B2", MHC))
    assert team(*records).backup == ("B1", "B2")
    assert team(*records, rules=rules).backup == ("B1",)


def test_after_a_handover_the_old_lead_can_back_up():
    t = team(agency("A1", HSO), lead("A1", strength="stressful"), agency("A2", HSO))
    assert (t.lead, t.backup) == ("A2", ("A1",))


def test_to_dict():
    d = team(agency("A0", HSO), lead("A0"), agency("T1"), support("T1", role="team"),
             agency("B1", MHC)).to_dict()
    assert {k: d[k] for k in ("lead", "members", "backup")} == {
        "lead": "A0", "members": ["T1"], "backup": ["B1"]}
    assert d["member_details"][0]["why"] == "team_tie"
