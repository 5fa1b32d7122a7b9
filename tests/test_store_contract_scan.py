"""The city scan's read (``Store.scan_network``), on SQLite and on the live Neo4j: exactly
the part of the city the scan reads, the same facts and rows as from the whole city."""

from __future__ import annotations

from datetime import date

from builders import bundles
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_store_contract import two_households

from netsupport.analysis import scan
from netsupport.analysis.facts import bundle_facts
from netsupport.graph import to_graph
from netsupport.model import Bundle, Household, Person, Relation, Tie, TieKind
from netsupport.queries import city_scan
from netsupport.rules import load_rules
from netsupport.storage.records import from_rows, from_tuples, to_row

RULES = load_rules()
AS_OF = date(2026, 11, 1)


def scan_part(city: Bundle, ward: str | None) -> Bundle:
    """What ``scan_network(ward)`` must give, from the whole city, written the plain way."""
    households = [h for h in city.households if ward is None or h.ward == ward]
    home = {h.household_id: h.household_id for h in households}
    members = [p for p in city.people if p.household_id in home]
    home |= {p.person_id: p.household_id for p in members}
    ties = [t for t in city.ties if home.get(t.source_id) != home.get(t.target_id)]
    far = {end for t in ties for end in (t.source_id, t.target_id)} - home.keys()
    return Bundle(agencies=[a for a in city.agencies if a.agency_id in far],
                  households=households + [h for h in city.households if h.household_id in far],
                  people=members + [p for p in city.people if p.person_id in far],
                  ties=ties).sorted()


def assert_scan_read_agrees(store, ward: str | None) -> None:
    city = store.export()
    part = store.scan_network(ward)
    assert part.sorted() == scan_part(city, ward)
    assert part.events == []
    assert list(bundle_facts(part, RULES, AS_OF, ward=ward)) == list(
        bundle_facts(city, RULES, AS_OF, ward=ward))
    assert city_scan(store, RULES, AS_OF, ward=ward) == scan(
        to_graph(store.city_network(ward)), RULES, AS_OF, ward=ward)


def with_more_ties() -> Bundle:
    """two_households plus a third household sharing the informal contact C1, with a family
    tie inside it."""
    b = two_households()
    b.households.append(Household("H3", "北区"))
    b.people += [Person("P4", Relation.SUBJECT, "H3", birth_year=1970),
                 Person("P5", Relation.MOTHER, "H3", birth_year=1944)]
    b.ties += [Tie("P4", "P5", TieKind.FAMILY), Tie("C1", "P4", TieKind.INFORMAL)]
    return b


def test_scan_network_is_the_part_of_the_city_the_scan_reads(store):
    store.load(with_more_ties())
    for ward in (None, "北区", "西区", "中央区"):
        assert_scan_read_agrees(store, ward)
    part = store.scan_network()
    keys = {(t.source_id, t.target_id) for t in part.ties}
    assert ("P1", "P2") not in keys and ("P4", "P5") not in keys  # inside a household
    assert ("A1", "A2") not in keys  # between agencies
    assert keys == {("A1", "H1"), ("A2", "P2"), ("C1", "H1"), ("A3", "H2"), ("C1", "P4")}
    west = store.scan_network("西区")
    assert ([h.household_id for h in west.households], [p.person_id for p in west.people],
            [a.agency_id for a in west.agencies]) == (["H2"], ["P3"], ["A3"])


def test_ties_between_households_are_read_once_for_each(store):
    """A bundle cannot hold a tie between two households (validation), but a single edit
    is only checked for its ids: a family tie across two wards and an informal tie from a
    member to another household still read as the whole city reads them."""
    from netsupport.storage import ChangeSet

    store.load(with_more_ties())
    store.apply(ChangeSet(add_ties=[Tie("P4", "P3", TieKind.FAMILY),
                                    Tie("P1", "H2", TieKind.INFORMAL)]))
    for ward in (None, "北区", "西区"):
        assert_scan_read_agrees(store, ward)
    assert sorted((t.source_id, t.target_id) for t in store.scan_network().ties
                  if t.source_id in ("P4", "P1")) == [("P1", "H2"), ("P4", "P3")]  # once each
    west = store.scan_network("西区")  # H2 and P3 reach H1's P1 and H3's P4 in 北区
    assert {p.person_id for p in west.people} >= {"P1", "P4"}


def test_scan_network_of_an_empty_store(store):
    assert store.scan_network() == Bundle()
    assert city_scan(store, RULES, AS_OF) == []


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(bundles(max_agencies=3, max_households=3, max_contacts=2, max_ties=12), st.data())
def test_property_scan_network_agrees_with_the_whole_city(store, b, data):
    store.load(b, replace=True)
    wards = sorted({h.ward for h in b.households})
    assert_scan_read_agrees(store, data.draw(st.none() | st.sampled_from(wards or ["北区"])))


@given(bundles(max_agencies=3, max_households=3, max_contacts=2, max_ties=8))
@settings(max_examples=60, deadline=None)
def test_from_tuples_makes_the_records_from_rows_makes(b):
    """The scan's conversion (memoised, column by column) == the row-by-row one, for every
    kind of record, including the values a store leaves empty."""
    for cls, records in ((Household, b.households), (Person, b.people), (Tie, b.ties),
                         *(((type(b.agencies[0]), b.agencies),) if b.agencies else ())):
        rows = [to_row(r) for r in records]
        for row in rows:  # what SQLite and Neo4j give back for an unset value
            for name, value in row.items():
                if value is None and name in ("since", "conditions"):
                    row[name] = ""
        tuples = [tuple(row.values()) for row in rows]
        assert from_tuples(cls, tuples) == from_rows(cls, rows) == records


def test_from_tuples_fills_only_records_it_can_fill_through_their_slots():
    """Records are filled a column at a time through their slots only where the class's
    __init__ would do nothing more; they stay whole, equal, hashable and frozen. A class
    that checks or derives in __post_init__, or has no slots, is called as usual."""
    import dataclasses

    import pytest

    from netsupport.storage.records import _slot_setters

    made = from_tuples(Tie, [("A1", "H1", "support", "", "", "2024-04-01", "", "", 1)])[0]
    assert made == Tie("A1", "H1", TieKind.SUPPORT, since=date(2024, 4, 1), consent=True)
    assert hash(made) == hash(Tie("A1", "H1", TieKind.SUPPORT, since=date(2024, 4, 1),
                                  consent=True))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.role = "lead"  # type: ignore[misc]
    assert all(_slot_setters(cls) is not None for cls in (Household, Person, Tie))

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        name: str

        def __post_init__(self):
            if not self.name:
                raise ValueError("empty")

    @dataclasses.dataclass(frozen=True)
    class Plain:
        name: str

    assert _slot_setters(Checked) is None and _slot_setters(Plain) is None
    assert from_tuples(Plain, [("x",)]) == [Plain("x")]
    with pytest.raises(ValueError, match="empty"):
        from_tuples(Checked, [("",)])
