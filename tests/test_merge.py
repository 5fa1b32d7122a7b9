"""Merging a bundle into a store: the rule (netsupport.merge), both stores, the change feed
and the audit log. The command line's ``load --merge`` is in test_cli_merge.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from test_store_contract import two_households

from netsupport import merge
from netsupport.audit import AuditAction
from netsupport.errors import BundleError
from netsupport.model import (
    Agency,
    AgencyKind,
    Bundle,
    Event,
    EventType,
    Household,
    Person,
    Relation,
    Role,
    Tie,
    TieKind,
)
from netsupport.storage import Changes


def h2_changed() -> Bundle:
    """H2 again, with a father, a new lead tie from the stored A1, its old tie to A3 ended
    later, a new event; A3 renamed, A4 new."""
    return Bundle(
        agencies=[Agency("A3", "西区社協（改称）", AgencyKind.SOCIAL_WELFARE_COUNCIL, "西区", 0),
                  Agency("A4", "西区ひきこもり支援", AgencyKind.HIKIKOMORI_SUPPORT_OFFICE, "西区")],
        households=[Household("H2", "西区", date(2025, 1, 1))],
        people=[Person("P3", Relation.SUBJECT, "H2", "本人B", 1980),
                Person("P4", Relation.FATHER, "H2", "父B", 1945)],
        ties=[Tie("A1", "H2", TieKind.SUPPORT, role=Role.LEAD, since=date(2026, 10, 1)),
              Tie("A3", "H2", TieKind.SUPPORT, since=date(2020, 1, 1), until=date(2021, 1, 1),
                  consent=False),
              Tie("A4", "P3", TieKind.SUPPORT, since=date(2026, 10, 1))],
        events=[Event("E2", "H2", date(2021, 1, 1), EventType.NOTE, None, "終結"),
                Event("E9", "H2", date(2026, 10, 1), EventType.HANDOVER, "A1", "再開")],
    )


def part(bundle: Bundle, household_id: str) -> Bundle:
    """The rows of one household (and only those) in a bundle, sorted."""
    members = {p.person_id for p in bundle.people if p.household_id == household_id}
    ends = members | {household_id}
    return Bundle(
        households=[h for h in bundle.households if h.household_id == household_id],
        people=[p for p in bundle.people if p.person_id in members],
        ties=[t for t in bundle.ties if t.source_id in ends or t.target_id in ends],
        events=[e for e in bundle.events if e.household_id == household_id]).sorted()


# --- the rule, without a store ----------------------------------------------------------

def test_preview_counts_the_difference_per_household():
    city = two_households()
    p = merge.preview(city, h2_changed())
    (h2,) = p.households
    assert (h2.household_id, h2.status, h2.in_bundle) == ("H2", "changed", True)
    assert (h2.people_added, h2.people_changed, h2.people_removed) == (1, 1, 0)
    assert (h2.ties_added, h2.ties_ended, h2.ties_changed, h2.ties_removed) == (2, 0, 0, 0)
    assert (h2.events_added, h2.events_changed, h2.events_removed) == (1, 0, 0)
    assert (p.agencies_added, p.agencies_changed) == (("A4",), ("A3",))
    assert p.touched_households == {"H2"}
    assert p.touched_agencies == {"A1", "A3", "A4"}


def test_a_bundle_identical_to_the_store_is_unchanged_and_touches_nothing():
    city = two_households()
    p = merge.preview(city, Bundle(households=city.households[1:2],
                                   people=[x for x in city.people if x.household_id == "H2"],
                                   ties=city.ties[-1:], events=city.events[-1:]))
    assert [h.status for h in p.households] == ["unchanged"]
    assert not p.touched_households and not p.touched_agencies


def test_ending_a_tie_and_removing_one_are_told_apart():
    city = two_households()
    h1 = part(city, "H1")
    lead, team = (t for t in h1.ties if t.kind is TieKind.SUPPORT)
    incoming = replace(h1, ties=[replace(lead, until=date(2026, 11, 1))]
                       + [t for t in h1.ties if t.kind is not TieKind.SUPPORT])
    (change,) = merge.preview(city, incoming).households
    assert (change.ties_ended, change.ties_removed) == (1, 1)
    assert merge.preview(city, incoming).touched_agencies == {"A1", "A2"}


def test_check_accepts_references_to_the_store_and_locates_what_it_refuses():
    city = two_households()
    assert merge.check(h2_changed(), city) == []
    bad = h2_changed()
    bad.people.append(Person("P9", Relation.SIBLING, "H1"))          # people row 4
    bad.people.append(replace(city.people[1], household_id="H2"))    # P2 moved out of H1
    bad.ties.append(Tie("A9", "H2", TieKind.SUPPORT))                # ties row 5
    bad.ties.append(Tie("C1", "P1", TieKind.INFORMAL))               # touches H1 only
    bad.events.append(Event("E1", "H2", date(2026, 1, 1), EventType.NOTE))  # E1 is H1's
    found = {(p.file, p.row, p.column) for p in merge.check(bad, city)}
    assert ("people.csv", 4, "household_id") in found
    assert ("people.csv", 5, "person_id") in found
    assert ("ties.csv", 5, "source_id") in found
    assert ("ties.csv", 6, "source_id") in found
    assert ("events.csv", 4, "event_id") in found
    assert all(p.row is not None for p in merge.check(bad, city))


def test_check_refuses_an_id_the_store_uses_for_another_kind():
    city = two_households()
    bad = h2_changed()
    bad.people.append(Person("A2", Relation.SIBLING, "H2"))
    (problem,) = merge.check(bad, city)
    assert (problem.file, problem.row, problem.column) == ("people.csv", 4, "person_id")
    assert "the store" in problem.message


# --- both stores ------------------------------------------------------------------------

def test_merge_replaces_the_households_it_holds_and_keeps_every_other_row(store):
    city = two_households()
    store.load(city)
    before = store.export()
    version = store.data_version()
    done = store.merge(h2_changed())
    after = store.export()
    assert part(after, "H1") == part(before, "H1")
    assert part(after, "H2") == part(h2_changed(), "H2")
    agencies = {a.agency_id: a for a in after.agencies}
    assert agencies["A3"].name == "西区社協（改称）" and "A4" in agencies
    assert agencies["A1"] == city.agencies[0] and agencies["A2"] == city.agencies[1]
    assert [p for p in after.people if p.household_id is None] == [city.people[3]]
    assert done.counts()["households_changed"] == 1
    assert store.changes_since(version) == Changes(
        version, store.data_version(), False, frozenset({"H2"}), frozenset({"A1", "A3", "A4"}))


def test_merge_adds_a_new_household_with_references_into_the_store(store):
    store.load(two_households())
    new = Bundle(households=[Household("H3", "北区")],
                 people=[Person("P5", Relation.SUBJECT, "H3", birth_year=1985)],
                 ties=[Tie("A2", "P5", TieKind.SUPPORT, role=Role.LEAD, since=date(2026, 9, 1)),
                       Tie("C1", "H3", TieKind.INFORMAL)])
    done = store.merge(new)
    assert [h.status for h in done.households] == ["added"]
    assert part(store.export(), "H3") == part(new, "H3")
    assert store.household_ids() == ["H1", "H2", "H3"]


def test_a_refused_merge_writes_nothing_anywhere(store):
    store.load(two_households())
    before, version = store.export().sorted(), store.data_version()
    bad = h2_changed()
    bad.ties.append(Tie("A-NOBODY", "H2", TieKind.SUPPORT))
    with pytest.raises(BundleError) as refused:
        store.merge(bad, actor="sato")
    assert any(p.file == "ties.csv" and p.row == 5 and p.column == "source_id"
               for p in refused.value.problems)
    assert store.export().sorted() == before
    assert store.data_version() == version
    assert store.changes_since(version) == Changes(version, version, False)
    assert store.audit_log() == []


def test_a_contact_is_updated_in_place_and_its_other_households_are_in_the_feed(store):
    store.load(two_households())
    version = store.data_version()
    h2 = part(two_households(), "H2")
    neighbour = Person("C1", Relation.NEIGHBOUR, None, "近所の人（改）")
    store.merge(replace(h2, people=h2.people + [neighbour],
                        ties=h2.ties + [Tie("C1", "P3", TieKind.INFORMAL)]))
    after = store.export()
    assert Tie("C1", "H1", TieKind.INFORMAL, two_households().ties[2].strength) in after.ties
    assert neighbour in after.people
    assert store.changes_since(version).households == {"H1", "H2"}


def test_a_collaboration_tie_in_a_merge_is_added_or_updated(store):
    city = two_households()
    store.load(city)
    collab = next(t for t in city.ties if t.kind is TieKind.COLLABORATION)
    h2 = part(city, "H2")
    version = store.data_version()
    store.merge(replace(h2, ties=h2.ties + [replace(collab, last_contact=date(2026, 10, 1)),
                                            Tie("A3", "A1", TieKind.COLLABORATION)]))
    ties = store.export().ties
    assert replace(collab, last_contact=date(2026, 10, 1)) in ties and collab not in ties
    assert Tie("A3", "A1", TieKind.COLLABORATION) in ties
    changes = store.changes_since(version)
    assert (changes.households, changes.agencies) == (set(), {"A1", "A2", "A3"})


def test_a_member_dropped_by_a_merge_goes_with_its_ties(store):
    city = two_households()
    store.load(city)
    h1 = part(city, "H1")
    alone = replace(h1, people=[p for p in h1.people if p.person_id == "P1"],
                    ties=[t for t in h1.ties if "P2" not in (t.source_id, t.target_id)])
    done = store.merge(alone)
    after = store.export()
    assert "P2" not in {p.person_id for p in after.people}
    assert not [t for t in after.ties if "P2" in (t.source_id, t.target_id)]
    (change,) = done.households
    assert (change.people_removed, change.ties_removed) == (1, 2)
    assert "A2" in done.touched_agencies


def test_a_merge_is_audited_in_its_transaction_with_its_counts(store):
    store.load(two_households())
    store.merge(h2_changed(), actor="t-admin", source="h2.zip")
    (entry,) = store.audit_log()
    assert (entry.username, entry.action, entry.household_id) == ("t-admin", AuditAction.LOAD,
                                                                  None)
    assert entry.detail["mode"] == "merge" and entry.detail["source"] == "h2.zip"
    assert (entry.detail["households"], entry.detail["households_changed"],
            entry.detail["agencies_added"], entry.detail["ties_added"]) == (1, 1, 1, 2)


def test_merge_base_is_the_part_a_merge_reads(store):
    store.load(two_households())
    base = store.merge_base(h2_changed())
    assert {h.household_id for h in base.households} == {"H2"}
    assert {a.agency_id for a in base.agencies} == {"A1", "A3"}
    assert {p.person_id for p in base.people} == {"P3"}
    assert {(t.source_id, t.target_id) for t in base.ties} == {("A3", "H2")}
    assert {e.event_id for e in base.events} == {"E2"}


def test_a_merge_of_what_the_store_holds_keeps_the_data_version_and_is_audited(store):
    """A household sent again as stored (an agency's monthly file, unchanged): nothing is
    written but the audit entry, the data version stays and the feed is empty, so no app
    process recomputes anything. The same household changed then moves both."""
    store.load(two_households())
    before, version = store.export().sorted(), store.data_version()
    done = store.merge(part(before, "H2"), actor="t-admin", source="h2.zip")
    assert not done.writes_anything
    assert [h.status for h in done.households if h.in_bundle] == ["unchanged"]
    assert store.data_version() == version
    assert store.changes_since(version) == Changes(version, version, False)
    assert store.export().sorted() == before
    (entry,) = store.audit_log()
    assert entry.detail["mode"] == "merge" and entry.detail["households_unchanged"] == 1
    store.merge(h2_changed(), actor="t-admin")
    assert store.data_version() == version + 1
    assert "H2" in store.changes_since(version).households
