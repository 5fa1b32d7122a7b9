"""Edits staff make: checked first, written at once, and seen by the analysis afterwards."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from netsupport.audit import AuditAction
from netsupport.edits import add_tie, assign_lead, end_tie, record_contact
from netsupport.errors import ConflictError, EditError, NotFoundError
from netsupport.example import HOUSEHOLD_ID, seed_example
from netsupport.model import Agency, AgencyKind, EventType, Role, Strength, Tie, TieKind
from netsupport.queries import agency_index, household_view
from netsupport.rules import load_rules
from netsupport.storage.records import to_row

DAY = date(2026, 11, 20)
CARE = Agency("A-CM", "垂水ケアプランセンター", AgencyKind.CARE_MANAGER, "垂水区", 30)


@pytest.fixture
def loaded(sqlite_store):
    bundle = seed_example()
    bundle.agencies.append(CARE)
    sqlite_store.load(bundle)
    return sqlite_store


def lead_of(store, day=DAY):
    view = household_view(store, HOUSEHOLD_ID, load_rules(), day)
    return view.report.lead.current


def test_handover_moves_the_lead_and_keeps_history(loaded):
    net = loaded.household_network(HOUSEHOLD_ID)
    old = lead_of(loaded)
    mhc = next(a.agency_id for a in net.agencies if a.kind is AgencyKind.MENTAL_HEALTH_CENTER)
    changes = assign_lead(net, HOUSEHOLD_ID, mhc, DAY, agencies={}, note="引継ぎ")
    loaded.apply(changes)
    assert lead_of(loaded) == mhc
    assert lead_of(loaded, date(2026, 11, 19)) == old  # the day before, the old lead
    after = loaded.household_network(HOUSEHOLD_ID)
    old_ties = [t for t in after.ties if t.source_id == old and t.kind is TieKind.SUPPORT]
    assert {(t.role, t.until) for t in old_ties} == {(Role.LEAD, date(2026, 11, 19)),
                                                     (Role.TEAM, None)}
    assert any(e.type is EventType.HANDOVER and e.agency_id == mhc for e in after.events)


def test_assign_a_city_agency_that_had_no_tie(loaded):
    net = loaded.household_network(HOUSEHOLD_ID)
    index = agency_index(loaded, load_rules(), DAY)
    loaded.apply(assign_lead(net, HOUSEHOLD_ID, "A-CM", DAY, agencies=index.agencies))
    assert lead_of(loaded) == "A-CM"


def test_refusals(loaded):
    net = loaded.household_network(HOUSEHOLD_ID)
    current = lead_of(loaded)
    with pytest.raises(EditError):
        assign_lead(net, HOUSEHOLD_ID, current, DAY, agencies={})
    with pytest.raises(NotFoundError):
        assign_lead(net, HOUSEHOLD_ID, "A-404", DAY, agencies={})
    stressful = Tie("A-CM", HOUSEHOLD_ID, TieKind.SUPPORT, Strength.STRESSFUL,
                    since=date(2026, 1, 1))
    loaded.apply(add_tie(net, stressful, agencies={"A-CM": CARE}))
    net = loaded.household_network(HOUSEHOLD_ID)
    with pytest.raises(EditError, match="stressful"):
        assign_lead(net, HOUSEHOLD_ID, "A-CM", DAY, agencies={})


def test_record_contact_clears_a_stale_lead(loaded):
    net = loaded.household_network(HOUSEHOLD_ID)
    lead = next(t for t in net.ties if t.role is Role.LEAD)
    later = date(2027, 6, 1)
    gaps = [g.code for g in household_view(loaded, HOUSEHOLD_ID, load_rules(), later).report.gaps]
    assert "stale_lead" in gaps
    loaded.apply(record_contact(net, lead.key, later, event_type=EventType.VISIT, note="訪問"))
    gaps = [g.code for g in household_view(loaded, HOUSEHOLD_ID, load_rules(), later).report.gaps]
    assert "stale_lead" not in gaps
    with pytest.raises(EditError):
        record_contact(net, lead.key, date(1990, 1, 1))


def test_add_tie_is_checked_like_an_import(loaded):
    net = loaded.household_network(HOUSEHOLD_ID)
    with pytest.raises(EditError, match="support tie"):
        add_tie(net, Tie(HOUSEHOLD_ID, "A-CM", TieKind.SUPPORT), agencies={"A-CM": CARE})
    good = Tie("A-CM", HOUSEHOLD_ID, TieKind.SUPPORT, role=Role.TEAM, since=DAY)
    loaded.apply(add_tie(net, good, agencies={"A-CM": CARE}))
    view = household_view(loaded, HOUSEHOLD_ID, load_rules(), DAY)
    assert "care_manager" not in [g.code for g in view.report.gaps]


def test_end_tie_and_stale_version(loaded):
    net = loaded.household_network(HOUSEHOLD_ID)
    seen = loaded.data_version()
    tie = next(t for t in net.ties if t.kind is TieKind.SUPPORT and t.role is Role.NONE)
    loaded.apply(end_tie(net, tie.key, DAY, expected_version=seen))
    with pytest.raises(ConflictError):
        loaded.apply(end_tie(net, tie.key, date(2026, 12, 1), expected_version=seen))
    with pytest.raises(EditError):
        end_tie(net, tie.key, date(1990, 1, 1))


# --- the audit entry an edit carries (issue 6) ---------------------------------------------

AT = datetime(2026, 11, 20, 1, 2, 3, tzinfo=UTC)


def test_without_an_actor_there_is_no_audit_entry(loaded):
    net = loaded.household_network(HOUSEHOLD_ID)
    tie = next(t for t in net.ties if t.kind is TieKind.SUPPORT and t.role is Role.NONE)
    assert end_tie(net, tie.key, DAY).audit == []


def test_end_tie_records_the_tie_before_and_after(loaded):
    net = loaded.household_network(HOUSEHOLD_ID)
    tie = next(t for t in net.ties if t.kind is TieKind.SUPPORT and t.role is Role.NONE)
    changes = end_tie(net, tie.key, DAY, actor="sato", at=AT)
    [entry] = changes.audit
    assert (entry.at, entry.username, entry.action, entry.household_id) == (
        AT, "sato", AuditAction.EDIT, HOUSEHOLD_ID)
    assert entry.detail == {"edit": "end_tie", "before": [to_row(tie)],
                            "after": [to_row(replace(tie, until=DAY))]}
    assert entry.detail["after"][0]["until"] == "2026-11-20"
    json.dumps(entry.detail)  # JSON-able as it is
    loaded.apply(changes)
    [stored] = loaded.audit_log()
    assert stored.detail == entry.detail


def test_handover_records_every_tie_it_ends_and_adds(loaded):
    net = loaded.household_network(HOUSEHOLD_ID)
    mhc = next(a.agency_id for a in net.agencies if a.kind is AgencyKind.MENTAL_HEALTH_CENTER)
    changes = assign_lead(net, HOUSEHOLD_ID, mhc, DAY, agencies={}, actor="sato", at=AT)
    detail = changes.audit[0].detail
    assert detail["edit"] == "assign_lead"
    assert detail["before"] == [to_row(t) for t in net.ties
                                if t.key in {k for k, _ in changes.update_ties}]
    assert len(detail["after"]) == len(changes.update_ties) + len(changes.add_ties) + 1
    assert detail["after"][-1]["type"] == "handover"


def test_contact_and_new_tie_name_their_household(loaded):
    net = loaded.household_network(HOUSEHOLD_ID)
    lead = next(t for t in net.ties if t.role is Role.LEAD)
    contact = record_contact(net, lead.key, DAY, note="電話", actor="sato").audit[0]
    assert contact.household_id == HOUSEHOLD_ID and contact.at.tzinfo is not None
    assert [r.get("note") for r in contact.detail["after"]] == [None, "電話"]
    good = Tie("A-CM", HOUSEHOLD_ID, TieKind.SUPPORT, role=Role.TEAM, since=DAY)
    added = add_tie(net, good, agencies={"A-CM": CARE}, actor="sato").audit[0]
    assert (added.household_id, added.detail["before"], added.detail["after"]) == (
        HOUSEHOLD_ID, [], [to_row(good)])


def test_a_refused_edit_leaves_no_audit_entry(loaded):
    net = loaded.household_network(HOUSEHOLD_ID)
    seen = loaded.data_version()
    tie = next(t for t in net.ties if t.kind is TieKind.SUPPORT and t.role is Role.NONE)
    loaded.apply(end_tie(net, tie.key, DAY, expected_version=seen, actor="sato"))
    with pytest.raises(ConflictError):
        loaded.apply(end_tie(net, tie.key, date(2026, 12, 1), expected_version=seen,
                             actor="sato"))
    assert len(loaded.audit_log()) == 1
