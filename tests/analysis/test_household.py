"""analyse_household end to end: the JSON contract of RULES.md, labels, facts, real stores."""

from __future__ import annotations

import json
from datetime import date

import pytest

from netsupport.analysis import analyse_household, build_agency_index
from netsupport.errors import NotFoundError
from netsupport.example import seed_example
from netsupport.graph import to_graph
from netsupport.storage import open_store

from .kit import (
    AS_OF,
    RULES,
    K,
    agency,
    build,
    collaboration,
    days_ago,
    household,
    informal,
    lead,
    person,
    report,
    support,
)

CONTRACT = {"household_id", "as_of", "is_8050", "isolation", "risk", "gaps", "strategy", "lead",
            "team"}


def case_conference_household():
    """The household of the RULES.md example, as near as the rules allow.

    H1 (北区, stage individual): subject 52, withdrawn since 2010, refuses support; father 85
    with dementia, mother 78 and well; the family is capable (the mother is there for it:
    RULES v2 would judge the family difficult with the father alone). A1 (community support
    centre: not a lead kind for the individual stage) leads with no contact for 200 days;
    A2 (home nursing) is in the team; C1, a neighbour, watches. Nobody was in touch within
    180 days. A5 (hikikomori office) and A9 (mental health centre) are free in 北区; A1
    reaches A5 only through A3. No care manager exists anywhere.
    """
    old = days_ago(200)
    return build(
        household("H1", acceptance="refuses", family="good", stage="individual"),
        person("P1", "subject", age=52, withdrawn_since=date(2010, 4, 1)),
        person("P2", "father", age=85, conditions=("dementia",)),
        person("P3", "mother", age=78),
        person("C1", "neighbour"),
        agency("A1", K.COMMUNITY_SUPPORT_CENTER), agency("A2", K.HOME_NURSING),
        agency("A3", K.SOCIAL_WELFARE_COUNCIL, ward="西区"),
        agency("A5", K.HIKIKOMORI_SUPPORT_OFFICE), agency("A9", K.MENTAL_HEALTH_CENTER),
        lead("A1", last_contact=old), support("A2", "P2", role="team", last_contact=old),
        informal("C1", "P2", last_contact=old),
        collaboration("A1", "A3"), collaboration("A3", "A5"),
    )


def contract_of(d: dict) -> dict:
    """Only the keys and codes of the RULES.md contract."""
    return {
        **{k: d[k] for k in ("household_id", "as_of", "is_8050", "isolation", "strategy")},
        "risk": {"score": d["risk"]["score"], "level": d["risk"]["level"],
                 "factors": [{"code": f["code"], "points": f["points"]}
                             for f in d["risk"]["factors"]]},
        "gaps": [{"code": g["code"], "needs": g["needs"]} for g in d["gaps"]],
        "lead": {k: d["lead"][k] for k in ("current", "recommended", "action", "reasons",
                                           "bridge")},
        "team": {k: d["team"][k] for k in ("lead", "members", "backup")},
    }


def test_the_contract_of_rules_md():
    d = report(case_conference_household()).to_dict()
    assert set(d) >= CONTRACT
    assert contract_of(d) == {
        "household_id": "H1", "as_of": "2026-11-01", "is_8050": True,
        "isolation": "isolated",
        "risk": {"score": 9, "level": "high", "factors": [
            {"code": "isolated", "points": 2}, {"code": "parent_80_plus", "points": 2},
            {"code": "parent_care_need", "points": 2}, {"code": "subject_50_plus", "points": 1},
            {"code": "long_withdrawal", "points": 1}, {"code": "refuses", "points": 1}]},
        "gaps": [{"code": "stale_lead", "needs": []},
                 {"code": "care_manager", "needs": ["care_manager"]}],
        "strategy": "via_family",
        "lead": {"current": "A1", "recommended": "A5", "action": "handover",
                 "reasons": ["kind_mismatch", "stale"], "bridge": ["A1", "A3", "A5"]},
        "team": {"lead": "A5", "members": ["A2"], "backup": ["A9"]},
    }


def test_every_finding_carries_a_label_and_facts():
    d = report(case_conference_household()).to_dict()
    assert d["isolation_label"] == "孤立"
    assert d["strategy_label"] == "家族を通した本人への働きかけ"
    assert d["risk"]["level_label"] == "高"
    assert d["gaps"][1]["label"] == "ケアマネジャー未接続"
    assert d["gaps"][1]["facts"]["parents"][0]["person_id"] == "P2"
    assert all(f["label"] and "facts" in f for f in d["risk"]["factors"])
    assert d["lead"]["reason_details"][1]["facts"]["days_since_contact"] == 200
    assert d["lead"]["action_label"] == "主担当を引き継ぐ"
    assert d["isolation_facts"]["supports"] == ["A1", "A2", "C1"]
    en = report(case_conference_household()).to_dict("en")
    assert en["gaps"][1]["label"] == "No care manager" and en["isolation"] == "isolated"


def test_the_report_is_json():
    text = json.dumps(report(case_conference_household()).to_dict(), ensure_ascii=False)
    assert json.loads(text)["lead"]["bridge"] == ["A1", "A3", "A5"]


def test_an_unknown_household():
    b = case_conference_household()
    with pytest.raises(NotFoundError):
        report(b, "H404")
    with pytest.raises(NotFoundError):
        report(b, "A1")


def test_a_closed_household_has_no_gaps_but_is_still_screened():
    b = case_conference_household()
    b.households[0] = household("H1", status="closed", acceptance="refuses", family="good")
    r = report(b)
    assert r.gaps == () and r.is_8050 and r.isolation.level == "isolated"
    assert r.risk.score == 9


def test_a_closed_household_needs_no_lead_decision():
    """A closed case (終結) with no lead: the analysis still says whom it would assign (the
    rules' lead section knows no status), but its lead needs no decision."""
    open_case = build(household("H1"), person("P1", "subject", age=45),
                      agency("A1", K.HIKIKOMORI_SUPPORT_OFFICE))
    closed = build(household("H1", status="closed"), person("P1", "subject", age=45),
                   agency("A1", K.HIKIKOMORI_SUPPORT_OFFICE))
    assert report(open_case).standing().needs_decision(RULES)
    standing = report(closed).standing()
    assert standing.action == "assign" and not standing.needs_decision(RULES)


def test_the_seed_example_household():
    b = seed_example()
    hid = b.households[0].household_id
    r = report(b, hid)
    assert r.is_8050 and r.isolation.level == "connected"
    assert "care_manager" in [g.code for g in r.gaps]
    assert r.strategy.code == "prepare_for_crisis"
    assert r.lead.action == "keep"
    assert 1 + len(r.team.member_ids) == 5


def test_through_a_real_store():
    """household_network + agency_ties of SQLite give the same report as the whole graph."""
    b = case_conference_household()
    with open_store("sqlite:///:memory:") as store:
        store.load(b)
        network = to_graph(store.household_network("H1"))
        index = build_agency_index(to_graph(store.agency_ties()), RULES, AS_OF)
        via_store = analyse_household(network, "H1", index, RULES, AS_OF).to_dict()
    assert via_store == report(b).to_dict()


def test_the_index_must_be_of_the_same_day():
    g = to_graph(case_conference_household())
    index = build_agency_index(g, RULES, days_ago(1))
    with pytest.raises(ValueError, match="same day"):
        analyse_household(g, "H1", index, RULES, AS_OF)
