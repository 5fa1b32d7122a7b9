"""What the city scan reads, made the same way from both stores' plain rows.

The scan (:func:`netsupport.analysis.city.scan_bundle`) needs far less than the whole city
that :meth:`~netsupport.storage.base.Store.city_network` gives: the households, their members,
the ties between a household (or a member) and somebody outside it, and the records at the
far ends of those ties. Not the events (60,000 at 20,000 households), not the ties inside a
household (a third of a demo city's ties), not the ties between agencies. Each store selects
the rows (:meth:`~netsupport.storage.base.Store.scan_network`) as tuples of plain values in
the order of :data:`~netsupport.storage.records.FIELDS`; this module drops what the scan
never reads *before* any record is made, and makes the records column by column
(:func:`~netsupport.storage.records.from_tuples`). Making records is most of a read's time,
so the scan's read is a fraction of the city's.

The part kept is exactly what :func:`netsupport.analysis.facts.bundle_facts` reads of the
city, so the facts (and every scan row) are the same as from the whole city: the contract
test (``tests/test_store_contract_scan.py``) checks both on both stores.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from ..model import Agency, Bundle, Household, Person, Tie
from .records import FIELDS, from_tuples

__all__ = ["columns", "scan_part"]

Row = Sequence[Any]

#: Where a person row holds its household id.
_HOME = FIELDS(Person).index("household_id")


def columns(cls: type) -> tuple[str, ...]:
    """The columns (SQLite) or properties (Neo4j) a scan read selects for records of
    ``cls``, in the order :func:`~netsupport.storage.records.from_tuples` takes them."""
    return FIELDS(cls)


def scan_part(households: Iterable[Row], people: Iterable[Row], ties: Iterable[Row],
              far_records: Callable[[Collection[str]],
                                    tuple[Iterable[Row], Iterable[Row], Iterable[Row]]],
              ) -> Bundle:
    """The scan's part of a city, from a store's rows.

    Parameters
    ----------
    households : rows of Household
        The households to scan (a ward's, or all).
    people : rows of Person
        At least those households' members; others (a whole city's read gives every
        person) are kept only when a kept tie reaches them.
    ties : rows of Tie
        At least every tie with an end in those households or their members; a tie between
        two of the households may come twice (once with each).
    far_records : callable
        Given the ids at the far ends of the kept ties that are not among the households
        and people read, the (agency, household, person) rows of those the store holds.

    Returns
    -------
    Bundle
        The households, their members, the ties between a household or member and somebody
        outside that household, and the agencies, people and households at the far ends;
        no events.
    """
    households = list(households)
    ids = {row[0] for row in households}
    home = {h: h for h in ids}  # id of a household or member -> its household
    members: list[Row] = []
    others: dict[str, Row] = {}
    for row in people:
        if row[_HOME] in ids:
            members.append(row)
            home[row[0]] = row[_HOME]
        else:
            others[row[0]] = row
    kept = []
    between: set[tuple] = set()
    for row in ties:
        inside, outside = home.get(row[0]), home.get(row[1])
        if inside == outside:
            continue  # inside one household, or no end in a household read: not a fact
        if inside is not None and outside is not None:
            # between two households read (a single edit can make one): a read by household
            # gives it with each, and the city holds it once
            key = (row[0], row[1], row[2], row[5])
            if key in between:
                continue
            between.add(key)
        kept.append(row)
    far = {end for row in kept for end in (row[0], row[1]) if end not in home}
    far_agencies, far_households, far_people = far_records(far.difference(others))
    people_kept = members + [others[i] for i in far if i in others]
    return Bundle(agencies=from_tuples(Agency, far_agencies),
                  households=from_tuples(Household, [*households, *far_households]),
                  people=from_tuples(Person, [*people_kept, *far_people]),
                  ties=from_tuples(Tie, kept))
