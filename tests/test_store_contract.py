"""The store contract: one suite, run unchanged on SQLite and on a live Neo4j server."""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import replace
from datetime import date

import pytest

from netsupport.errors import (
    BundleError,
    ConflictError,
    NotFoundError,
    StoreError,
    StoreNotEmptyError,
)
from netsupport.model import (
    Agency,
    AgencyKind,
    Bundle,
    Condition,
    Diagnosis,
    Event,
    EventType,
    Household,
    Person,
    Relation,
    Role,
    Stage,
    Strength,
    Tie,
    TieKind,
)
from netsupport.storage import Changes, ChangeSet, open_store


def two_households() -> Bundle:
    """H1 in 北区 (subject, father with dementia, a neighbour), H2 in 西区 (subject only)."""
    return Bundle(
        agencies=[
            Agency("A1", "北区ひきこもり支援", AgencyKind.HIKIKOMORI_SUPPORT_OFFICE, "北区", 30,
                   age_from=15, age_to=64),
            Agency("A2", "北区あんしんすこやかセンター", AgencyKind.COMMUNITY_SUPPORT_CENTER,
                   "北区"),
            Agency("A3", "西区社会福祉協議会", AgencyKind.SOCIAL_WELFARE_COUNCIL, "西区", 0),
        ],
        households=[
            Household("H1", "北区", date(2024, 4, 1), stage=Stage.INDIVIDUAL, crisis=False,
                      financial_hardship=True),
            Household("H2", "西区"),
        ],
        people=[
            Person("P1", Relation.SUBJECT, "H1", "本人A", 1972, diagnosis=Diagnosis.MOOD,
                   withdrawn_since=date(2010, 5, 1), kana="ホンニンエー"),
            Person("P2", Relation.FATHER, "H1", "父A", 1940,
                   conditions=(Condition.DEMENTIA, Condition.NEEDS_CARE)),
            Person("P3", Relation.SUBJECT, "H2", "<img src=x onerror=alert(1)>", 1980),
            Person("C1", Relation.NEIGHBOUR, None, "近所の人"),
        ],
        ties=[
            Tie("A1", "H1", TieKind.SUPPORT, Strength.STRONG, Role.LEAD, date(2024, 4, 1),
                last_contact=date(2026, 10, 1), consent=True),
            Tie("A2", "P2", TieKind.SUPPORT, role=Role.TEAM, since=date(2023, 1, 1)),
            Tie("C1", "H1", TieKind.INFORMAL, Strength.WEAK),
            Tie("P1", "P2", TieKind.FAMILY, Strength.STRESSFUL),
            Tie("A1", "A2", TieKind.COLLABORATION),
            Tie("A3", "H2", TieKind.SUPPORT, since=date(2020, 1, 1), until=date(2021, 1, 1),
                consent=False),
        ],
        events=[
            Event("E1", "H1", date(2026, 10, 1), EventType.VISIT, "A1", "訪問。本人と会話できた"),
            Event("E2", "H2", date(2021, 1, 1), EventType.NOTE, None, "終結"),
        ],
    )


def ids(records, attr):
    return sorted(getattr(r, attr) for r in records)


def test_a_store_is_a_context_manager_that_closes_itself(uri):
    with open_store(uri) as store:
        assert store.is_empty()
    with pytest.raises((StoreError, sqlite3.ProgrammingError)):
        store.is_empty()


def test_empty_store(store):
    assert store.is_empty()
    assert store.export().counts() == Bundle().counts() == store.counts()
    assert store.household_ids() == []


def test_counts_are_the_exports_counts(store):
    store.load(two_households())
    assert store.counts() == store.export().counts() == two_households().counts()
    store.apply(ChangeSet(add_events=[Event("E9", "H1", date(2026, 10, 2), EventType.NOTE)]))
    assert store.counts()["events"] == 3


def test_load_then_export_gives_the_same_bundle(store):
    bundle = two_households()
    store.load(bundle)
    assert not store.is_empty()
    assert store.export().sorted() == bundle.sorted()


def test_load_into_non_empty_store_is_refused_and_changes_nothing(store):
    store.load(two_households())
    other = Bundle(households=[Household("H9", "灘区")],
                   people=[Person("P9", Relation.SUBJECT, "H9")])
    with pytest.raises(StoreNotEmptyError):
        store.load(other)
    assert store.export().sorted() == two_households().sorted()


def test_load_with_replace_swaps_everything(store):
    store.load(two_households())
    other = Bundle(households=[Household("H9", "灘区")],
                   people=[Person("P9", Relation.SUBJECT, "H9")])
    store.load(other, replace=True)
    assert store.export().sorted() == other.sorted()


def test_invalid_bundle_is_rejected_before_anything_is_written(store):
    store.load(two_households())
    bad = two_households()
    bad.ties.append(Tie("A1", "NOBODY", TieKind.SUPPORT))
    bad.people.append(Person("P1", Relation.SIBLING, "H1"))
    with pytest.raises(BundleError) as err:
        store.load(bad, replace=True)
    assert len(err.value.problems) >= 2
    assert store.export().sorted() == two_households().sorted()


def test_household_network_is_the_neighbourhood(store):
    store.load(two_households())
    net = store.household_network("H1")
    assert ids(net.households, "household_id") == ["H1"]
    assert ids(net.people, "person_id") == ["C1", "P1", "P2"]
    assert ids(net.agencies, "agency_id") == ["A1", "A2"]
    assert sorted((t.source_id, t.target_id) for t in net.ties) == [
        ("A1", "H1"), ("A2", "P2"), ("C1", "H1"), ("P1", "P2")]
    assert ids(net.events, "event_id") == ["E1"]
    assert next(p for p in net.people if p.person_id == "P2").conditions == (
        Condition.DEMENTIA, Condition.NEEDS_CARE)


def test_household_network_of_unknown_id(store):
    store.load(two_households())
    with pytest.raises(NotFoundError):
        store.household_network("H404")


def test_household_ids_by_ward(store):
    store.load(two_households())
    assert store.household_ids() == ["H1", "H2"]
    assert store.household_ids("西区") == ["H2"]
    assert store.household_ids("灘区") == []


def test_city_network_of_a_ward_keeps_every_agency(store):
    store.load(two_households())
    assert store.city_network().sorted() == two_households().sorted()
    ward = store.city_network("西区")
    assert ids(ward.households, "household_id") == ["H2"]
    assert ids(ward.people, "person_id") == ["P3"]
    assert ids(ward.agencies, "agency_id") == ["A1", "A2", "A3"]
    assert [(t.source_id, t.target_id) for t in ward.ties] == [("A3", "H2")]


def test_agency_ties_are_support_and_collaboration_only(store):
    store.load(two_households())
    got = store.agency_ties()
    assert ids(got.agencies, "agency_id") == ["A1", "A2", "A3"]
    assert sorted((t.source_id, t.target_id, t.kind.value) for t in got.ties) == [
        ("A1", "A2", "collaboration"), ("A1", "H1", "support"), ("A2", "P2", "support"),
        ("A3", "H2", "support")]
    assert [p.person_id for p in got.people] == ["P2"]  # the member a support tie reaches
    assert got.households == [] and got.events == []


def test_agency_graph_is_every_agency_and_their_collaborations(store):
    b = two_households()
    b.agencies.append(Agency("A9", "民生委員 北区", AgencyKind.MINSEI_IIN, "北区"))  # no ties
    store.load(b)
    got = store.agency_graph()
    assert ids(got.agencies, "agency_id") == ["A1", "A2", "A3", "A9"]
    by_id = lambda a: a.agency_id  # noqa: E731
    assert sorted(got.agencies, key=by_id) == sorted(store.export().agencies, key=by_id)
    assert [(t.source_id, t.target_id, t.kind.value) for t in got.ties] == [
        ("A1", "A2", "collaboration")]  # none of the support ties
    assert got.households == got.people == got.events == []


def test_apply_adds_and_updates_and_bumps_the_version(store):
    store.load(two_households())
    v0 = store.data_version()
    lead = next(t for t in two_households().ties if t.role is Role.LEAD)
    ended = replace(lead, until=date(2026, 11, 1))
    new = Tie("A2", "H1", TieKind.SUPPORT, role=Role.LEAD, since=date(2026, 11, 1))
    event = Event("E3", "H1", date(2026, 11, 1), EventType.HANDOVER, "A2", "主担当を引継ぎ")
    v1 = store.apply(ChangeSet(add_ties=[new], update_ties=[(lead.key, ended)],
                               add_events=[event]))
    assert v1 > v0
    assert store.data_version() == v1
    net = store.household_network("H1")
    assert ended in net.ties and new in net.ties and lead not in net.ties
    assert event in net.events


def test_apply_is_all_or_nothing(store):
    store.load(two_households())
    before = store.export().sorted()
    good = Tie("A3", "H1", TieKind.SUPPORT, since=date(2026, 1, 1))
    duplicate = two_households().ties[0]
    with pytest.raises(ConflictError):
        store.apply(ChangeSet(add_ties=[good, duplicate]))
    with pytest.raises(NotFoundError):
        store.apply(ChangeSet(add_ties=[good, Tie("A3", "H404", TieKind.SUPPORT)]))
    missing = Tie("A3", "H1", TieKind.SUPPORT, since=date(1999, 1, 1))
    with pytest.raises(NotFoundError):
        store.apply(ChangeSet(add_ties=[good], update_ties=[(missing.key, missing)]))
    with pytest.raises(NotFoundError):
        store.apply(ChangeSet(add_events=[Event("E9", "H404", date(2026, 1, 1),
                                                EventType.NOTE)]))
    assert store.export().sorted() == before


def test_a_stale_version_is_refused(store):
    store.load(two_households())
    seen = store.data_version()
    store.apply(ChangeSet(add_events=[Event("E7", "H1", date(2026, 11, 2), EventType.NOTE)]))
    with pytest.raises(ConflictError):
        store.apply(ChangeSet(
            add_events=[Event("E8", "H1", date(2026, 11, 3), EventType.NOTE)],
            expected_version=seen))
    assert "E8" not in ids(store.export().events, "event_id")


# --- the change feed ---------------------------------------------------------------------

def test_feed_names_exactly_the_household_of_an_edited_support_tie_not_its_agency(store):
    """The agency's side of a support tie is in its household's network: a reader
    following the feed needs nothing more of the agency (no round trip for its links)."""
    store.load(two_households())
    before = store.data_version()
    team = next(t for t in two_households().ties if t.source_id == "A2")  # A2 → P2 (of H1)
    ended = replace(team, until=date(2026, 11, 1))
    after = store.apply(ChangeSet(update_ties=[(team.key, ended)]))
    assert store.changes_since(before) == Changes(before, after, False, frozenset({"H1"}),
                                                  frozenset())


def test_feed_is_empty_when_nothing_changed(store):
    store.load(two_households())
    now = store.data_version()
    changes = store.changes_since(now)
    assert changes == Changes(now, now, False, frozenset(), frozenset())
    assert not changes


def test_feed_names_both_agencies_of_a_collaboration_and_an_events_household(store):
    store.load(two_households())
    before = store.data_version()
    store.apply(ChangeSet(add_ties=[Tie("A3", "A1", TieKind.COLLABORATION)]))
    store.apply(ChangeSet(add_events=[Event("E5", "H2", date(2026, 11, 2), EventType.NOTE)]))
    changes = store.changes_since(before)
    assert (changes.households, changes.agencies) == ({"H2"}, {"A1", "A3"})


def test_agency_links_are_the_agencies_and_their_collaborations(store):
    store.load(two_households())
    store.apply(ChangeSet(add_ties=[Tie("A3", "A1", TieKind.COLLABORATION)]))
    links = store.agency_links(["A1", "A3", "nobody"])
    assert ids(links.agencies, "agency_id") == ["A1", "A3"]
    assert sorted((t.source_id, t.target_id, t.kind) for t in links.ties) == [
        ("A1", "A2", TieKind.COLLABORATION), ("A3", "A1", TieKind.COLLABORATION)]
    assert [(t.source_id, t.target_id) for t in store.agency_links(["A2"]).ties] == [
        ("A1", "A2")]


def test_feed_names_the_household_of_an_informal_tie_not_the_contact(store):
    store.load(two_households())
    before = store.data_version()
    store.apply(ChangeSet(add_ties=[Tie("C1", "P3", TieKind.INFORMAL)]))
    changes = store.changes_since(before)
    assert (changes.households, changes.agencies) == ({"H2"}, set())


def test_a_replacing_load_makes_the_feed_answer_full(store):
    store.load(two_households())
    before = store.data_version()
    store.load(two_households(), replace=True)
    now = store.data_version()
    assert store.changes_since(before) == Changes(before, now, True)
    assert store.changes_since(now) == Changes(now, now, False)
    # a version the store never reached (another store, or one rebuilt) cannot be answered
    assert store.changes_since(now + 5).full


def test_feed_accumulates_writes_and_answers_from_any_version_between(store):
    store.load(two_households())
    v0 = store.data_version()
    store.apply(ChangeSet(add_events=[Event("E5", "H1", date(2026, 11, 2), EventType.NOTE)]))
    v1 = store.data_version()
    store.apply(ChangeSet(add_ties=[Tie("A3", "P3", TieKind.SUPPORT, since=date(2026, 1, 1))]))
    v2 = store.data_version()
    assert store.changes_since(v0) == Changes(v0, v2, False, frozenset({"H1", "H2"}),
                                              frozenset())
    assert store.changes_since(v1) == Changes(v1, v2, False, frozenset({"H2"}),
                                              frozenset())
    assert store.changes_since(v2) == Changes(v2, v2, False)


def test_feed_answers_full_for_a_version_older_than_it_keeps(store, monkeypatch):
    module = sys.modules[type(store).__module__]
    monkeypatch.setattr(module, "FEED_KEEP", 3)           # keep 3 versions, prune every 2nd
    monkeypatch.setattr(module, "FEED_PRUNE_EVERY", 2)
    store.load(two_households())
    v0 = store.data_version()
    for i in range(6):
        store.apply(ChangeSet(add_events=[Event(f"E-{i}", "H2" if i == 5 else "H1",
                                                date(2026, 11, 2), EventType.NOTE)]))
    now = store.data_version()
    assert store.changes_since(v0) == Changes(v0, now, True)
    assert store.changes_since(now - 1) == Changes(now - 1, now, False, frozenset({"H2"}))
    assert store.changes_since(now - 2).households == {"H1", "H2"}


def test_a_failed_write_leaves_nothing_in_the_feed(store):
    store.load(two_households())
    before = store.data_version()
    good = Tie("A3", "H1", TieKind.SUPPORT, since=date(2026, 1, 1))
    with pytest.raises(ConflictError):
        store.apply(ChangeSet(add_ties=[good, two_households().ties[0]]))
    with pytest.raises(ConflictError):
        store.apply(ChangeSet(add_ties=[good], expected_version=before - 1))
    assert store.changes_since(before) == Changes(before, before, False)


def test_injection_strings_are_stored_as_data(store):
    hostile = ["' OR 1=1 --", "x}) DETACH DELETE n //", "\"; DROP TABLE ties; --",
               "<script>alert(1)</script>", "MATCH (n) DETACH DELETE n", "{`id`: 1}"]
    bundle = Bundle(
        households=[Household(f"H{i}-{s}", s) for i, s in enumerate(hostile)],
        people=[Person(f"P{i}-{s}", Relation.SUBJECT, f"H{i}-{s}", s)
                for i, s in enumerate(hostile)],
    )
    store.load(bundle)
    assert store.export().sorted() == bundle.sorted()
    for i, s in enumerate(hostile):
        net = store.household_network(f"H{i}-{s}")
        assert net.people[0].display_name == s
    assert len(store.household_ids(hostile[0])) == 1


def test_a_database_made_before_v2_gains_the_new_columns(tmp_path):
    """A file of the first release (no age range, no kana) opens, keeps its data, and takes
    a v2 bundle: the columns are added, empty, when the store opens it."""
    import sqlite3

    from netsupport.storage.sqlite_store import SQLiteStore

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE agencies (agency_id TEXT PRIMARY KEY, name TEXT NOT NULL,
            kind TEXT NOT NULL, ward TEXT, capacity INTEGER);
        CREATE TABLE people (person_id TEXT PRIMARY KEY, relation TEXT NOT NULL,
            household_id TEXT, display_name TEXT, birth_year INTEGER, deceased INTEGER,
            conditions TEXT NOT NULL, diagnosis TEXT, withdrawn_since TEXT);
        INSERT INTO agencies VALUES ('A1', '支援室', 'hikikomori_support_office', '北区', 3);
        INSERT INTO people VALUES ('P1', 'subject', 'H1', '本人', 1975, NULL, '', NULL, NULL);
        CREATE TABLE households (household_id TEXT PRIMARY KEY, ward TEXT NOT NULL,
            opened_on TEXT, status TEXT NOT NULL, stage TEXT, crisis INTEGER, acceptance TEXT,
            family_capacity TEXT, financial_hardship INTEGER);
        INSERT INTO households (household_id, ward, status) VALUES ('H1', '北区', 'active');
    """)
    conn.close()
    store = SQLiteStore(path)
    old = store.export()
    assert old.agencies == [Agency("A1", "支援室", AgencyKind.HIKIKOMORI_SUPPORT_OFFICE, "北区", 3)]
    assert old.people == [Person("P1", Relation.SUBJECT, "H1", "本人", 1975)]
    store.load(two_households(), replace=True)
    assert store.export().sorted() == two_households().sorted()
    store.close()
    again = SQLiteStore(path)  # a current file is opened as it is
    assert again.export().sorted() == two_households().sorted()
