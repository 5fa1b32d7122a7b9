"""What-if events on hand-drawn households, the seed's household, and a property test."""

from __future__ import annotations

import copy
import doctest
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netsupport.analysis.forecast
import netsupport.analysis.readiness
import netsupport.analysis.simulation
from netsupport.analysis import build_agency_index
from netsupport.analysis.simulation import (
    SimulationError,
    WhatIf,
    add_years,
    parse_what_if,
    simulate,
)
from netsupport.errors import NetsupportError, NotFoundError
from netsupport.example import HOUSEHOLD_ID, seed_example
from netsupport.graph import to_graph
from netsupport.model import FamilyCapacity, Tie, TieKey, TieKind

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
    support,
)


def run(bundle, *events: str, hid: str = "H1", rules=RULES, as_of: date = AS_OF):
    g = to_graph(bundle)
    return simulate(g, hid, [parse_what_if(e) for e in events],
                    build_agency_index(g, rules, as_of), rules, as_of)


def family_tie(a: str, b: str) -> Tie:
    return Tie(a, b, TieKind.FAMILY)


def two_parents(family: str = "good"):
    """H1: subject 52 (refuses), father 85 with dementia, mother 80; the family is capable.

    A1 (hikikomori office) leads H1; A2 (home care) and A4 (care manager) come for the
    father only; A3 (clinic) sees the father and the subject; N1, a neighbour, knows only
    the father; M1 (民生委員) watches the household.
    """
    return build(
        household("H1", acceptance="refuses", family=family),
        person("P1", "subject", age=52),
        person("P2", "father", age=85, conditions=("dementia",)),
        person("P3", "mother", age=80),
        person("N1", "neighbour"),
        agency("A1", K.HIKIKOMORI_SUPPORT_OFFICE), agency("A2", K.HOME_CARE),
        agency("A3", K.CLINIC), agency("A4", K.CARE_MANAGER), agency("M1", K.MINSEI_IIN),
        lead("A1"), support("A2", "P2", role="team"), support("A3", "P2"), support("A3", "P1"),
        support("A4", "P2"), support("M1"), informal("N1", "P2"),
        family_tie("P2", "P1"), family_tie("P3", "P2"),
    )


def father_only(family: str = "good", *, sister: bool = False,
                conditions: tuple[str, ...] = ("dementia",)):
    """H1: subject 52 (refuses), father 85 with dementia; A1 leads, A4 (care manager) and
    A5 (community support centre) come for the father, M1 watches the household."""
    records = [
        household("H1", acceptance="refuses", family=family),
        person("P1", "subject", age=52), person("P2", "father", age=85, conditions=conditions),
        agency("A1", K.HIKIKOMORI_SUPPORT_OFFICE), agency("A4", K.CARE_MANAGER),
        agency("A5", K.COMMUNITY_SUPPORT_CENTER), agency("M1", K.MINSEI_IIN),
        lead("A1"), support("A4", "P2"), support("A5", "P2"), support("M1"),
        family_tie("P2", "P1"),
    ]
    if sister:
        records.append(person("P4", "sibling", age=48))
    return build(*records)


def codes(items) -> list[str]:
    return [i.code for i in items]


# --- reading events ---------------------------------------------------------------------

def test_parse_each_event_form():
    assert parse_what_if("parent_hospitalised:P2") == WhatIf("parent_hospitalised", "P2")
    assert parse_what_if("parent_in_care_facility: P2") == WhatIf("parent_in_care_facility",
                                                                  "P2")
    assert parse_what_if("parent_dies:P-02") == WhatIf("parent_dies", "P-02")
    assert parse_what_if("parents_gone") == WhatIf("parents_gone")
    assert parse_what_if("years_pass:5") == WhatIf("years_pass", years=5)
    assert str(parse_what_if("years_pass:5")) == "years_pass:5"
    assert str(parse_what_if("parent_dies:P2")) == "parent_dies:P2"


@pytest.mark.parametrize("text", ["father_dies:P2", "parent_dies", "parent_dies:",
                                  "parents_gone:P2", "years_pass:x", "years_pass:-1", ""])
def test_parse_refuses_what_it_does_not_know(text):
    with pytest.raises(SimulationError, match="expected one of: parent_hospitalised"):
        parse_what_if(text)


def test_add_years_keeps_the_day_but_29_february():
    assert add_years(date(2026, 11, 1), 5) == date(2031, 11, 1)
    assert add_years(date(2028, 2, 29), 1) == date(2029, 2, 28)


# --- parent_dies --------------------------------------------------------------------------

def test_a_dying_parent_takes_the_ties_only_to_them():
    result = run(two_parents(), "parent_dies:P2")
    after = result.after.facts
    assert next(p for p in after.members if p.person_id == "P2").deceased is True
    # A2, A4 and the neighbour knew only the father; A3 sees the subject too and stays.
    assert codes_of_lost(result) == ["A2", "A4", "N1"]
    assert all([d.person_id for d in s.persons] == ["P2"] for s in result.lost_supports)
    assert "A3" in result.kept_supports and "M1" in result.kept_supports
    ended = {(e.key.source_id, e.key.target_id, e.key.kind.value) for e in result.ended_ties}
    assert ended == {("A2", "P2", "support"), ("A3", "P2", "support"),
                     ("A4", "P2", "support"), ("N1", "P2", "informal"),
                     ("P2", "P1", "family"), ("P3", "P2", "family")}
    assert result.faded_ids == ("A2", "A4", "N1", "P2")
    assert TieKey("A3", "P2", TieKind.SUPPORT) in result.faded_ties


def codes_of_lost(result) -> list[str]:
    return [s.support_id for s in result.lost_supports]


def test_a_dead_parent_scores_parent_deceased_and_is_no_parent_any_more():
    result = run(two_parents(), "parent_dies:P2")
    changes = {r.code: (r.points_before, r.points_after) for r in result.risk_changes}
    assert changes == {"parent_care_need": (2, 0), "parent_deceased": (0, 1)}
    # The mother (80) is still there: still 8050, still a parent aged 80 or over.
    assert result.after.is_8050 and "parent_80_plus" in codes(result.after.risk.factors)
    # The care manager came for the father only: the mother (80) now has no elder care.
    assert [(g.code, g.absent_parents) for g in result.gaps_opened] == [("elder_care", ())]
    assert result.gaps_opened[0].gap.facts["parents"][0]["person_id"] == "P3"
    assert result.gaps_closed == ()
    # The mother is at home: the family capacity stays as the conference judged it.
    assert result.after.facts.household.family_capacity == FamilyCapacity.GOOD
    assert not result.strategy_changed


def test_the_ties_end_the_day_before_and_keep_their_history():
    result = run(two_parents(), "parent_dies:P2")
    ties = [d["tie"] for _, _, d in result.after_network.edges(data=True)
            if "tie" in d and d["tie"].target_id == "P2" and d["tie"].source_id == "A2"]
    assert [t.until for t in ties] == [date(2026, 10, 31)]
    assert ties[0].last_contact == days_ago(10)


def test_an_ended_tie_is_left_alone():
    b = father_only()
    b.ties.append(support("A2", "P2", until=days_ago(30)))
    b.agencies.append(agency("A2", K.HOME_CARE))
    result = run(b, "parent_dies:P2")
    assert all(e.key.source_id != "A2" for e in result.ended_ties)


# --- away from home -----------------------------------------------------------------------

def test_a_hospitalised_parent_is_still_a_living_parent_but_their_care_at_home_ends():
    result = run(two_parents(), "parent_hospitalised:P2")
    after = result.after
    assert next(p for p in after.facts.members if p.person_id == "P2").deceased is None
    assert after.is_8050 and "P2" in [p.person_id for p in after.facts.parents]
    assert "parent_care_need" in codes(after.risk.factors)
    assert codes_of_lost(result) == ["A2", "A4", "N1"]
    # The family bond stays: only support and informal ties end.
    assert {e.key.kind for e in result.ended_ties} == {TieKind.SUPPORT, TieKind.INFORMAL}
    assert [(d.person_id, d.how) for d in result.departures] == [("P2", "parent_hospitalised")]
    assert result.risk_changes == ()


def test_gaps_about_a_parent_away_from_home_say_so():
    result = run(father_only(), "parent_hospitalised:P2")
    opened = {g.code: g.absent_parents for g in result.gaps_opened}
    assert opened == {"elder_care": ("P2",), "care_manager": ("P2",)}
    result = run(father_only(), "parent_in_care_facility:P2")
    assert {g.code: g.absent_parents for g in result.gaps_opened} == opened


def test_a_subject_left_alone_at_home_has_no_family_to_work_through():
    # a father who is well (RULES v2 already judges a family of one father with dementia
    # difficult before any event: see the next test)
    result = run(father_only("good", conditions=()), "parent_in_care_facility:P2")
    assert result.before.strategy.code == "via_family"
    assert result.after.facts.household.family_capacity == FamilyCapacity.DIFFICULT
    assert result.after.strategy.code == "prepare_for_crisis" and result.strategy_changed
    assert [(r.code, r.delta) for r in result.risk_changes] == [("family_difficult", 1)]
    assert result.after.is_8050  # the father in the facility is still the subject's father


def test_a_father_with_dementia_is_no_family_to_work_through_even_before():
    result = run(father_only("good"), "parent_in_care_facility:P2")
    assert result.before.strategy.code == "prepare_for_crisis"
    assert result.before.facts.family.source == "derived"
    assert not result.strategy_changed


def test_a_sister_at_home_keeps_the_family_capacity():
    result = run(father_only("good", sister=True), "parent_in_care_facility:P2")
    assert result.after.facts.household.family_capacity == FamilyCapacity.GOOD
    assert not result.strategy_changed


def test_hospital_then_death():
    result = run(two_parents(), "parent_hospitalised:P2", "parent_dies:P2")
    assert [(d.person_id, d.how) for d in result.departures] == [("P2", "parent_dies")]
    events = {(e.key.kind.value, e.event) for e in result.ended_ties}
    assert events == {("support", "parent_hospitalised"), ("informal", "parent_hospitalised"),
                      ("family", "parent_dies")}


# --- parents_gone -------------------------------------------------------------------------

def test_parents_gone_takes_every_living_parent():
    result = run(two_parents(), "parents_gone")
    assert [(d.person_id, d.how) for d in result.departures] == [
        ("P2", "parent_dies"), ("P3", "parent_dies")]
    assert [p.person_id for p in result.events[0].people] == ["P2", "P3"]
    assert not result.after.is_8050 and result.after.facts.parents == ()
    assert result.after.facts.household.family_capacity == FamilyCapacity.DIFFICULT
    assert result.generation_before == "8050" and result.generation_after is None
    # people by their words, never by id (the kit's people have no display name: relations)
    assert result.events[0].label() == "親なき後: 父、母が亡くなる"
    assert result.events[0].label(name=lambda pid: f"<{pid}>") == "親なき後: <P2>、<P3>が亡くなる"


def test_parents_gone_with_no_parent_left_is_refused():
    with pytest.raises(SimulationError, match="no living parent left"):
        run(two_parents(), "parents_gone", "parents_gone")


# --- the lead and the team ----------------------------------------------------------------

def test_a_lead_tied_only_to_the_father_is_lost_with_him():
    b = father_only()
    b.ties[b.ties.index(lead("A1"))] = lead("A1", "P2")
    result = run(b, "parent_dies:P2")
    assert "A1" in codes_of_lost(result)
    assert "no_lead" in codes(result.gaps_opened)
    assert ("no_lead", 2) in [(r.code, r.delta) for r in result.risk_changes]
    assert (result.before.lead.action, result.after.lead.action) == ("keep", "assign")
    assert result.lead_changed


def test_the_bridge_no_longer_runs_through_an_agency_that_left():
    """A1 (other) leads; C1 (hikikomori office) comes for the father only: before, the two
    are linked by supporting the same household; after his death, by nothing."""
    b = build(
        household("H1"), person("P1", "subject", age=52), person("P2", "father", age=85),
        agency("A1", K.OTHER), agency("C1", K.HIKIKOMORI_SUPPORT_OFFICE),
        lead("A1"), support("C1", "P2"))
    result = run(b, "parent_dies:P2")
    assert result.before.lead.action == "handover"
    assert result.before.lead.bridge == ("A1", "C1")
    assert result.after.lead.action == "handover" and result.after.lead.bridge == ()
    b.ties.append(collaboration("A1", "C1"))
    assert run(b, "parent_dies:P2").after.lead.bridge == ("A1", "C1")


def test_team_members_that_came_for_the_father_leave_the_team():
    result = run(two_parents(), "parent_dies:P2")
    assert "A2" in result.before.team.member_ids and "A2" in result.team_left


# --- years_pass ---------------------------------------------------------------------------

def test_years_pass_turns_7040_into_8050():
    b = build(household("H1"), person("P1", "subject", age=45),
              person("P2", "father", age=75), agency("A1", K.HIKIKOMORI_SUPPORT_OFFICE),
              agency("M1", K.MINSEI_IIN), lead("A1"), support("M1"))
    result = run(b, "years_pass:5")
    assert result.as_of_after == date(2031, 11, 1)
    assert (result.generation_before, result.generation_after) == ("7040", "8050")
    assert [(r.code, r.delta) for r in result.risk_changes] == [
        ("parent_80_plus", 2), ("subject_50_plus", 1)]
    # The network is as it is now, five years older: contacts stay recent, nothing is lost.
    assert result.before.isolation.level == result.after.isolation.level == "connected"
    assert result.lost_supports == () and result.ended_ties == ()
    assert "stale_lead" not in codes(result.after.gaps)
    tie = next(d["tie"] for _, _, d in result.after_network.edges(data=True)
               if d.get("tie") and d["tie"].source_id == "A1")
    assert tie.last_contact == add_years(days_ago(10), 5)


def test_years_pass_makes_a_household_8050_and_opens_community_watch():
    b = build(household("H1"), person("P1", "subject", age=38),
              person("P2", "mother", age=68), agency("A1", K.HIKIKOMORI_SUPPORT_OFFICE),
              lead("A1"))
    result = run(b, "years_pass:2")
    assert (result.before.is_8050, result.after.is_8050) == (False, True)
    assert codes(result.gaps_opened) == ["community_watch"]


def test_years_pass_lengthens_the_withdrawal_but_not_the_birth_years():
    b = build(household("H1"), person("P1", "subject", age=40,
                                      withdrawn_since=date(2018, 4, 1)))
    result = run(b, "years_pass:2")
    subject = result.after.facts.subject
    assert subject.withdrawn_since == date(2018, 4, 1)
    assert subject.birth_year == AS_OF.year - 40
    assert ("long_withdrawal", 1) in [(r.code, r.delta) for r in result.risk_changes]


@pytest.mark.parametrize("event", [WhatIf("years_pass", years=0),
                                   WhatIf("years_pass", years=RULES.after_parents.max_years + 1)])
def test_years_out_of_range_are_refused(event):
    g = to_graph(two_parents())
    with pytest.raises(SimulationError, match="years_pass"):
        simulate(g, "H1", [event], build_agency_index(g, RULES, AS_OF), RULES, AS_OF)


def test_the_order_of_events_is_kept():
    result = run(two_parents(), "years_pass:3", "parent_dies:P2")
    assert [e.day for e in result.events] == [date(2029, 11, 1), date(2029, 11, 1)]
    tie = next(d["tie"] for _, _, d in result.after_network.edges(data=True)
               if d.get("tie") and d["tie"].source_id == "A2")
    assert tie.until == date(2029, 10, 31)


# --- refusals -----------------------------------------------------------------------------

@pytest.mark.parametrize(("event", "message"), [
    ("parent_dies:P1", r"not a parent \(relation subject\)"),
    ("parent_hospitalised:NOBODY", "not a member"),
    ("parent_in_care_facility:N1", "not a member"),
])
def test_person_events_need_a_living_parent_of_the_household(event, message):
    with pytest.raises(SimulationError, match=message) as caught:
        run(two_parents(), event)
    assert isinstance(caught.value, NetsupportError)


def test_a_parent_cannot_die_twice():
    with pytest.raises(SimulationError, match="dead already"):
        run(two_parents(), "parent_dies:P2", "parent_dies:P2")


def test_no_events_and_unknown_households_are_refused():
    g = to_graph(two_parents())
    index = build_agency_index(g, RULES, AS_OF)
    with pytest.raises(SimulationError, match="no what-if event"):
        simulate(g, "H1", [], index, RULES, AS_OF)
    with pytest.raises(NotFoundError):
        simulate(g, "H9", [WhatIf("parents_gone")], index, RULES, AS_OF)


def test_the_rules_file_decides_which_ties_end(tmp_path):
    from .kit import rules_with
    rules = rules_with(tmp_path, 'absence_ends = ["support", "informal"]',
                       'absence_ends = ["support"]')
    result = run(two_parents(), "parent_hospitalised:P2", rules=rules)
    assert codes_of_lost(result) == ["A2", "A4"]  # the neighbour still comes by


# --- the seed's household -----------------------------------------------------------------

SEED_DAY = date(2026, 11, 1)


@pytest.fixture(scope="module")
def seed_gone():
    g = to_graph(seed_example())
    return simulate(g, HOUSEHOLD_ID, [WhatIf("parents_gone")],
                    build_agency_index(g, RULES, SEED_DAY), RULES, SEED_DAY)


def test_seed_when_the_father_with_dementia_goes_his_four_carers_go_with_him(seed_gone):
    r = seed_gone
    # The clinic, home nursing, home care and community support centre came for him alone.
    assert codes_of_lost(r) == ["A-10", "A-11", "A-12", "A-13"]
    assert [s.kind.value for s in r.lost_supports] == [
        "clinic", "home_nursing", "home_care", "community_support_center"]
    assert r.kept_supports == ("A-01", "A-02", "A-03", "A-04", "A-05", "A-06", "A-07", "A-08",
                               "A-09", "A-14", "P-04")
    assert (len(r.before.facts.supports), len(r.after.facts.supports)) == (15, 11)
    assert r.faded_ids == ("A-10", "A-11", "A-12", "A-13", "P-02")
    assert len(r.ended_ties) == 6  # his four carers and his two family bonds


def test_seed_what_is_left_still_holds_the_subject(seed_gone):
    r = seed_gone
    assert r.after.isolation.level == "connected"
    assert (r.after.lead.current, r.after.lead.action) == ("A-01", "keep")
    assert not r.lead_changed and not r.strategy_changed
    assert r.after.strategy.code == "prepare_for_crisis"
    assert r.team_left == ("A-12", "A-13") and r.team_joined == ()
    assert r.after.team.member_ids == ("A-07", "A-09")


def test_seed_gaps_and_risk_after_the_father(seed_gone):
    r = seed_gone
    assert (r.before.is_8050, r.after.is_8050) == (True, False)
    assert [(g.code, g.why) for g in r.gaps_closed] == [("care_manager", "no_longer_applies")]
    assert r.gaps_opened == () and r.after.gaps == ()
    assert [(c.code, c.delta) for c in r.risk_changes] == [
        ("parent_80_plus", -2), ("parent_care_need", -2), ("parent_deceased", 1)]
    assert (r.before.risk.score, r.after.risk.score) == (9, 6)
    # The sister is still at home: the recorded (difficult) capacity stays.
    assert r.after.facts.household.family_capacity == FamilyCapacity.DIFFICULT


def test_seed_readiness_meals_and_relatives_have_nobody(seed_gone):
    readiness = seed_gone.readiness
    assert readiness.gaps == ("nutrition", "relatives")
    assert readiness.item("nutrition").others == ("A-11", "A-12", "A-13")
    assert readiness.item("neighbours").supports == ("A-04", "A-05", "P-04")


def test_seed_father_in_hospital_opens_elder_care_for_him():
    g = to_graph(seed_example())
    r = simulate(g, HOUSEHOLD_ID, [WhatIf("parent_hospitalised", "P-02")],
                 build_agency_index(g, RULES, SEED_DAY), RULES, SEED_DAY)
    assert [(x.code, x.absent_parents) for x in r.gaps_opened] == [("elder_care", ("P-02",))]
    assert r.after.is_8050 and r.after.risk.score == r.before.risk.score == 9
    assert len(r.ended_ties) == 4  # his carers; the family bonds stay


def test_seed_to_dict_has_before_after_and_diff(seed_gone):
    d = seed_gone.to_dict()
    assert d["before"]["is_8050"] is True and d["after"]["is_8050"] is False
    assert [s["support_id"] for s in d["diff"]["supports_lost"]] == ["A-10", "A-11", "A-12",
                                                                     "A-13"]
    assert d["diff"]["supports_lost"][0]["label"] == "父（認知症）とだけつながっていた"
    assert d["diff"]["gaps_closed"][0]["why_label"] == "該当しなくなる"
    assert d["events"][0]["person_ids"] == ["P-02"]
    assert {"source_id": "P-02", "target_id": "P-01", "kind": "family", "since": None,
            "person_id": "P-02", "other_id": "P-01", "event": "parent_dies"} in d["diff"][
                "ties_ended"]
    assert seed_gone.to_dict("en")["diff"]["departures"][0]["label"] == "Dies"


# --- a simulation only reads --------------------------------------------------------------

def snapshot(g):
    return ({n: dict(d) for n, d in g.nodes(data=True)},
            sorted((repr(u), repr(v), repr(k), repr(sorted(d.items(), key=str)))
                   for u, v, k, d in g.edges(keys=True, data=True)),
            {k: list(v) if isinstance(v, list) else v for k, v in g.graph.items()})


EVENTS = st.one_of(
    st.sampled_from(["parent_dies", "parent_hospitalised", "parent_in_care_facility"]).flatmap(
        lambda code: st.sampled_from(["P2", "P3"]).map(lambda p: WhatIf(code, p))),
    st.just(WhatIf("parents_gone")),
    st.integers(1, 12).map(lambda n: WhatIf("years_pass", years=n)),
)
KINDS = [K.HIKIKOMORI_SUPPORT_OFFICE, K.HOME_CARE, K.MINSEI_IIN, K.CLINIC, K.CARE_MANAGER]


@st.composite
def households(draw):
    records = [household("H1", family=draw(st.sampled_from(["good", "difficult"]))),
               person("P1", "subject", age=draw(st.integers(30, 65))),
               person("P2", "father", age=draw(st.integers(60, 95)),
                      conditions=draw(st.sampled_from([(), ("dementia",)]))),
               person("P3", "mother", age=draw(st.integers(60, 95)),
                      deceased=draw(st.sampled_from([None, True]))),
               person("N1", "neighbour")]
    if draw(st.booleans()):
        records.append(person("P4", "sibling", age=45))
    targets = ["H1", "P1", "P2", "P3"]
    for i, kind in enumerate(KINDS):
        records.append(agency(f"A{i}", kind))
        for target in draw(st.lists(st.sampled_from(targets), max_size=2, unique=True)):
            records.append(support(f"A{i}", target, role=draw(st.sampled_from(
                ["none", "lead", "team"])), strength=draw(st.sampled_from(
                    ["normal", "stressful"])), last_contact=days_ago(draw(st.integers(0, 400)))))
    if draw(st.booleans()):
        records.append(informal("N1", draw(st.sampled_from(targets))))
    records += [family_tie("P2", "P1"), family_tie("P3", "P1")]
    return build(*records)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bundle=households(), events=st.lists(EVENTS, min_size=1, max_size=3))
def test_a_simulation_never_changes_its_input(bundle, events):
    kept = copy.deepcopy(bundle)
    g = to_graph(bundle)
    before = snapshot(g)
    index = build_agency_index(g, RULES, AS_OF)
    try:
        result = simulate(g, "H1", events, index, RULES, AS_OF)
    except SimulationError:
        result = None  # e.g. the mother was dead already: refused, and still nothing changed
    assert snapshot(g) == before
    assert bundle == kept
    if result is not None:
        before_ids = {s.support_id for s in result.before.facts.supports}
        after_ids = {s.support_id for s in result.after.facts.supports}
        assert after_ids <= before_ids
        assert set(result.kept_supports) | set(codes_of_lost(result)) == before_ids
        assert result.faded_ties <= {d["tie"].key for _, _, d in g.edges(data=True)
                                     if "tie" in d}


@pytest.mark.parametrize("module", [netsupport.analysis.simulation,
                                    netsupport.analysis.readiness,
                                    netsupport.analysis.forecast])
def test_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
    assert all(hasattr(module, name) for name in module.__all__)
