"""The after-parents readiness checklist on a hand-drawn household, and its rules table."""

from __future__ import annotations

import pytest

from netsupport.analysis.readiness import WORRIES, after_parents_readiness
from netsupport.errors import RulesError
from netsupport.model import Relation

from .kit import (
    RULES,
    K,
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


def drawn():
    """H1: subject, father, sister. Around them:

    - S1 social welfare council → the household (budgeting, loneliness, property);
    - M1 民生委員 → the subject (loneliness, neighbours);
    - HC home care → the father only (nutrition, but it leaves with him);
    - PA parents' association → the sister only (loneliness, but it is hers);
    - R1 a relative → the subject, informal (relatives, loneliness);
    - F1 a friend → the father only, informal;
    - IB ibasho → the subject, but stressful (not a support);
    - W1 welfare office → the household, ended 30 days ago (not a support).
    """
    return build(
        household("H1"), person("P1", "subject", age=52), person("P2", "father", age=85),
        person("P3", "sibling", age=48), person("R1", "relative"), person("F1", "friend"),
        agency("S1", K.SOCIAL_WELFARE_COUNCIL), agency("M1", K.MINSEI_IIN),
        agency("HC", K.HOME_CARE), agency("PA", K.PARENTS_ASSOCIATION), agency("IB", K.IBASHO),
        agency("W1", K.WELFARE_OFFICE),
        support("S1"), support("M1", "P1"), support("HC", "P2"), support("PA", "P3"),
        informal("R1", "P1"), informal("F1", "P2"), support("IB", "P1", strength="stressful"),
        support("W1", until=days_ago(30)),
    )


def checklist(rules=RULES):
    r = after_parents_readiness(facts(drawn(), rules=rules), rules)
    return {i.code: (i.covered, i.supports, i.others) for i in r.items}


def test_each_worry_of_the_seed_in_order():
    r = after_parents_readiness(facts(drawn()), RULES)
    assert tuple(i.code for i in r.items) == WORRIES == (
        "budgeting", "loneliness", "property", "neighbours", "nutrition", "relatives")
    assert [i.label() for i in r.items] == [
        "やりくり（家計・金銭管理）", "孤独感", "財産管理", "近所づきあい",
        "栄養（食事・日常生活）", "親戚とのつきあい"]


def test_the_checklist_of_the_drawn_household():
    assert checklist() == {
        "budgeting": (True, ("S1",), ()),
        "loneliness": (True, ("M1", "R1", "S1"), ("F1", "PA")),
        "property": (True, ("S1",), ()),
        "neighbours": (True, ("M1",), ()),
        "nutrition": (False, (), ("HC",)),
        "relatives": (True, ("R1",), ()),
    }


def test_covered_and_gaps():
    r = after_parents_readiness(facts(drawn()), RULES)
    assert r.covered == ("budgeting", "loneliness", "property", "neighbours", "relatives")
    assert r.gaps == ("nutrition",)
    d = r.to_dict()
    assert d["summary"] == "6項目中5項目に担い手あり"
    nutrition = d["items"][4]
    assert nutrition == {
        "code": "nutrition", "label": "栄養（食事・日常生活）", "covered": False,
        "supports": [], "others": ["HC"],
        "kinds": ["home_care", "home_nursing", "disability_support", "community_support_center"],
        "informal": [],
        "facts": {"carried_by_ties_to": ["H1", "P1"], "others_tied_to": {"HC": ["P2"]}}}


def test_a_household_with_nobody_has_every_worry_open():
    b = build(household("H1"), person("P1", "subject", age=52))
    r = after_parents_readiness(facts(b), RULES)
    assert r.gaps == WORRIES and r.covered == ()


def test_the_rules_say_whose_supports_carry_the_worries(tmp_path):
    rules = rules_with(tmp_path, 'readiness_ties_to = ["subject"]',
                       'readiness_ties_to = ["subject", "sibling"]')
    assert checklist(rules)["loneliness"] == (True, ("M1", "PA", "R1", "S1"), ("F1",))


def test_the_rules_say_who_carries_a_worry(tmp_path):
    rules = rules_with(tmp_path, 'kinds = ["home_care", "home_nursing", "disability_support",'
                       ' "community_support_center"]', 'kinds = ["social_welfare_council"]')
    assert rules.after_parents.worries["nutrition"].kinds == (K.SOCIAL_WELFARE_COUNCIL,)
    assert checklist(rules)["nutrition"] == (True, ("S1",), ())


def test_the_default_table():
    worries = RULES.after_parents.worries
    assert tuple(worries) == WORRIES
    assert worries["budgeting"].kinds == (K.SOCIAL_WELFARE_COUNCIL, K.WELFARE_OFFICE,
                                          K.LIVELIHOOD_SUPPORT)
    assert worries["relatives"].kinds == () and worries["relatives"].informal == (
        Relation.RELATIVE,)
    assert RULES.after_parents.forecast_parent_age == 85
    assert RULES.after_parents.readiness_ties_to == {Relation.SUBJECT}


@pytest.mark.parametrize(("old", "new", "message"), [
    ('[after_parents.worries.relatives]\nkinds = []\ninformal = ["relative"]\n', "",
     "rules.toml: after_parents.worries.relatives: missing"),
    ('informal = ["relative"]', 'informal = ["sibling"]',
     "rules.toml: after_parents.worries.relatives.informal[0]: not an informal contact's "
     "relation 'sibling'"),
    ('informal = ["relative"]', "informal = []",
     "rules.toml: after_parents.worries.relatives: expected at least one agency kind"),
    ('informal = ["relative"]', 'informal = ["relative"]\n[after_parents.worries.health]\n'
     'kinds = ["clinic"]\ninformal = []', "rules.toml: after_parents.worries.health: unknown"),
    ('kinds = ["social_welfare_council", "other"]', 'kinds = ["lawyer"]',
     "rules.toml: after_parents.worries.property.kinds[0]: unknown agency kind 'lawyer'"),
    ('alone_family_capacity = "difficult"', 'alone_family_capacity = "poor"',
     "rules.toml: after_parents.alone_family_capacity: unknown family capacity 'poor'"),
    ("max_years = 30", "max_years = 0",
     "rules.toml: after_parents.max_years: expected an integer of at least 1"),
    ("forecast_parent_age = 85\n", "",
     "rules.toml: after_parents.forecast_parent_age: missing"),
    ('death_ends = ["support", "informal", "family"]', 'death_ends = ["all"]',
     "rules.toml: after_parents.death_ends[0]: unknown tie kind 'all'"),
    ('readiness_ties_to = ["subject"]', 'readiness_ties_to = ["subject"]\nextra = 1',
     "rules.toml: after_parents.extra: unknown key"),
])
def test_rules_errors_name_the_key(tmp_path, old, new, message):
    with pytest.raises(RulesError) as caught:
        rules_with(tmp_path, old, new)
    assert str(caught.value).startswith(message), str(caught.value)
