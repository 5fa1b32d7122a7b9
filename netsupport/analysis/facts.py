"""The basic facts of ``RULES.md`` about one household, read once from the network graph.

Every other analysis module reads a :class:`HouseholdFacts`, never the graph, so that one
household analysed alone (:func:`household_facts` on its neighbourhood) and the same
household inside a city scan (:func:`city_facts`, one pass over the whole graph) see exactly
the same facts and give exactly the same answers.

The facts, as ``RULES.md`` defines them:

- **age** = ``as_of.year - birth_year``; unknown (``None``) without a birth year.
- **subject**: the living member with relation subject (the lowest person_id should a
  household, against the data format, hold two). **parents**: the living members with a
  relation of ``facts.parent_relations``.
- a tie is **active** when ``since`` is empty or on or before as_of, and ``until`` is empty
  or on or after as_of.
- a tie to a member counts as a tie to the household: :attr:`HouseholdFacts.ties` holds every
  tie between the household or one of its members and anybody outside the household.
- **supports**: the distinct agencies and informal contacts (people with no household) with an
  active, non-stressful tie of a kind of ``facts.support_tie_kinds`` to the household or a
  member.
- a tie's **last contact** is the later of its ``last_contact`` and its ``since``
  (:func:`last_contact`): a tie that begins is a contact, so a lead assigned today is not
  "out of touch" today.
- **recent** contact: a last contact between 0 and ``facts.recent_days`` days before as_of,
  both ends included. A last contact after as_of is not recent (and not stale either).
- **alone**: the subject has no living household member other than themselves (親なき後).
- **family capacity** as the risk and the strategy read it (:class:`FamilyJudgement`):
  ``difficult`` when no living member other than the subject is free of every condition of
  ``facts.family_conditions`` (dementia, needs_care) -- alone included -- else the recorded
  ``family_capacity`` (good, difficult or not known).
- the **current lead**: of the active support ties with role lead, the one with the latest
  ``since`` (an empty since counts as the earliest), then the lowest agency_id, then the
  lowest id of the end inside the household.

Examples
--------
>>> from datetime import date
>>> from netsupport.graph import to_graph
>>> from netsupport.model import Agency, AgencyKind, Bundle, Household, Person, Relation, Tie
>>> from netsupport.model import TieKind
>>> from netsupport.rules import load_rules
>>> g = to_graph(Bundle(
...     agencies=[Agency("A1", "支援室", AgencyKind.HIKIKOMORI_SUPPORT_OFFICE)],
...     households=[Household("H1", "北区")],
...     people=[Person("P1", Relation.SUBJECT, "H1", birth_year=1975)],
...     ties=[Tie("A1", "P1", TieKind.SUPPORT, last_contact=date(2026, 10, 1))]))
>>> f = household_facts(g, "H1", load_rules(), date(2026, 11, 1))
>>> f.age(f.subject), [s.support_id for s in f.supports], f.supports[0].recent
(51, ['A1'], True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType
from typing import NamedTuple

import networkx as nx

from ..errors import NotFoundError
from ..graph import MEMBER
from ..model import (
    Agency,
    AgencyKind,
    Bundle,
    FamilyCapacity,
    Household,
    Person,
    Relation,
    Role,
    Strength,
    Tie,
    TieKind,
)
from ..rules import Rules

__all__ = [
    "age",
    "is_active",
    "has_started",
    "days_before",
    "last_contact",
    "is_recent",
    "is_stale",
    "FamilyJudgement",
    "judge_family",
    "full_years",
    "OuterTie",
    "Support",
    "HouseholdFacts",
    "household_facts",
    "city_facts",
    "iter_city_facts",
    "bundle_facts",
    "with_records",
]


def age(person: Person | None, as_of: date) -> int | None:
    """``as_of.year - birth_year``, or ``None`` when there is no person or no birth year.

    >>> age(Person("P1", Relation.SUBJECT, birth_year=1986), date(2026, 1, 1))
    40
    """
    if person is None or person.birth_year is None:
        return None
    return as_of.year - person.birth_year


def is_active(tie: Tie, as_of: date) -> bool:
    """Whether a tie holds on ``as_of``: started (or no since) and not ended (or no until).

    >>> is_active(Tie("A1", "H1", TieKind.SUPPORT, until=date(2026, 1, 1)), date(2026, 1, 1))
    True
    """
    return tie.active_on(as_of)


def has_started(tie: Tie, as_of: date) -> bool:
    """Whether a tie had begun by ``as_of`` (ended ties included)."""
    return tie.since is None or tie.since <= as_of


def days_before(day: date | None, as_of: date) -> int | None:
    """Whole days from ``day`` to ``as_of`` (negative for a later day; ``None`` for none)."""
    return None if day is None else (as_of - day).days


def last_contact(tie: Tie) -> date | None:
    """The tie's last contact: the later of its ``last_contact`` and its ``since``.

    A tie that begins is a contact (RULES.md): a lead assigned today with no contact
    recorded yet is in touch today, not "out of touch".

    >>> last_contact(Tie("A1", "H1", TieKind.SUPPORT, since=date(2026, 11, 1)))
    datetime.date(2026, 11, 1)
    >>> last_contact(Tie("A1", "H1", TieKind.SUPPORT, since=date(2020, 1, 1),
    ...                  last_contact=date(2026, 10, 1)))
    datetime.date(2026, 10, 1)
    """
    if tie.since is None or (tie.last_contact is not None and tie.last_contact >= tie.since):
        return tie.last_contact
    return tie.since


def is_recent(contact: date | None, rules: Rules, as_of: date) -> bool:
    """A last contact at most ``facts.recent_days`` days before as_of (0 and the bound
    included); pass :func:`last_contact` of a tie.

    >>> from netsupport.rules import load_rules
    >>> is_recent(date(2026, 5, 5), load_rules(), date(2026, 11, 1))  # 180 days
    True
    """
    # days_before inlined: asked for every support tie of a city scan
    return contact is not None and 0 <= (as_of - contact).days <= rules.facts.recent_days


def is_stale(tie: Tie, rules: Rules, as_of: date) -> bool:
    """A lead tie whose :func:`last_contact` is empty or more than ``lead.stale_days`` days
    before as_of.

    >>> from netsupport.rules import load_rules
    >>> t = Tie("A1", "H1", TieKind.SUPPORT, last_contact=date(2026, 8, 3))  # 90 days
    >>> is_stale(t, load_rules(), date(2026, 11, 1))
    False
    >>> is_stale(Tie("A1", "H1", TieKind.SUPPORT, since=date(2026, 11, 1)), load_rules(),
    ...          date(2026, 11, 1))  # assigned today, no contact recorded yet
    False
    """
    days = days_before(last_contact(tie), as_of)
    return days is None or days > rules.lead.stale_days


def full_years(since: date, as_of: date) -> int:
    """Whole calendar years from ``since`` to ``as_of`` (as an age is counted).

    >>> full_years(date(2016, 11, 1), date(2026, 11, 1)), full_years(date(2016, 11, 2),
    ...                                                               date(2026, 11, 1))
    (10, 9)
    """
    return as_of.year - since.year - ((as_of.month, as_of.day) < (since.month, since.day))


class OuterTie(NamedTuple):
    """A tie between the household (or a member) and somebody outside the household.

    ``inner_id`` is the household or member end, ``other_id`` the far end and ``other`` its
    record (an :class:`~netsupport.model.Agency`, a :class:`~netsupport.model.Person`, or
    ``None`` when the graph does not hold it).

    A named tuple, not a frozen dataclass: as immutable, and made three times faster (a
    frozen dataclass sets each field through ``object.__setattr__``); a city scan makes one
    per tie of the city.
    """

    tie: Tie
    inner_id: str
    other_id: str
    other: Agency | Person | None
    active: bool


class Support(NamedTuple):
    """One support of a household: an agency or an informal contact, and its ties.

    ``kind`` is the agency kind (``None`` for an informal contact); ``ties`` are its active,
    non-stressful support or informal ties to the household or members; ``recent`` tells
    whether one of them has a recent :func:`last_contact`. A named tuple, as
    :class:`OuterTie` (made for every support of the city in a scan).
    """

    support_id: str
    node_type: str
    kind: AgencyKind | None
    ties: tuple[Tie, ...]
    recent: bool

    @property
    def is_agency(self) -> bool:
        return self.node_type == "agency"


@dataclass(frozen=True, slots=True)
class FamilyJudgement:
    """The family capacity (家族の力量・協力) the risk and the strategy read, and why.

    ``value`` is ``difficult`` when ``derived`` -- no living member other than the subject is
    free of ``facts.family_conditions`` (``alone`` when there is nobody else at all) --
    else the ``recorded`` value (``None``: not known). ``others`` are the living members
    other than the subject, each with the family conditions they have; ``able`` those free
    of them.
    """

    value: FamilyCapacity | None
    derived: bool
    recorded: FamilyCapacity | None
    alone: bool
    others: tuple[tuple[Person, tuple[str, ...]], ...]

    @property
    def source(self) -> str:
        """``derived`` (from who is at home) or ``recorded`` (the household's own value)."""
        return "derived" if self.derived else "recorded"

    @property
    def able(self) -> tuple[str, ...]:
        return tuple(p.person_id for p, conditions in self.others if not conditions)

    def to_facts(self) -> dict[str, object]:
        """The facts of a finding that read it: value, source, recorded value, and from whom."""
        return {
            "family_capacity": self.value.value if self.value else None,
            "family_capacity_source": self.source,
            "family_capacity_recorded": self.recorded.value if self.recorded else None,
            "alone": self.alone,
            "members": [{"person_id": p.person_id, "relation": p.relation.value,
                         "conditions": list(conditions)} for p, conditions in self.others],
        }


def judge_family(household: Household, members: Iterable[Person], subject: Person | None,
                 rules: Rules) -> FamilyJudgement:
    """The family capacity of RULES.md's basic facts (see :class:`FamilyJudgement`).

    >>> from netsupport.model import Condition
    >>> from netsupport.rules import load_rules
    >>> me = Person("P1", Relation.SUBJECT, "H1")
    >>> mother = Person("P2", Relation.MOTHER, "H1", conditions=(Condition.DEMENTIA,))
    >>> j = judge_family(Household("H1", "北区", family_capacity=FamilyCapacity.GOOD),
    ...                  [me, mother], me, load_rules())
    >>> j.value.value, j.source, j.recorded.value, j.able
    ('difficult', 'derived', 'good', ())
    """
    wanted = rules.facts.family_conditions
    subject_id = subject.person_id if subject is not None else None
    others = tuple((p, tuple(c.value for c in p.conditions if c in wanted)
                    if p.conditions else ())
                   for p in members if p.alive and p.person_id != subject_id)
    derived = all(conditions for _, conditions in others)  # also when nobody else is home
    recorded = household.family_capacity
    return FamilyJudgement(value=FamilyCapacity.DIFFICULT if derived else recorded,
                           derived=derived, recorded=recorded, alone=not others,
                           others=others)


@dataclass(frozen=True, slots=True)
class HouseholdFacts:
    """What the rules read about one household, as of one day.

    ``members`` are sorted by person_id, ``ties`` by (source, target, kind, since),
    ``supports`` by id; ``lead_ties`` are the active support ties with role lead, the current
    lead's first; ``family`` is the family capacity as the rules read it.
    """

    as_of: date
    household: Household
    members: tuple[Person, ...]
    subject: Person | None
    parents: tuple[Person, ...]
    ties: tuple[OuterTie, ...]
    agencies: Mapping[str, Agency]
    supports: tuple[Support, ...]
    lead_ties: tuple[OuterTie, ...]
    family: FamilyJudgement

    @property
    def household_id(self) -> str:
        return self.household.household_id

    @property
    def inner_ids(self) -> frozenset[str]:
        """The household id and its members' ids: where "a tie to this household" ends."""
        return frozenset([self.household_id, *(p.person_id for p in self.members)])

    @property
    def alone(self) -> bool:
        """The subject has no living household member other than themselves."""
        return self.subject is not None and self.family.alone

    @property
    def current_lead_tie(self) -> OuterTie | None:
        return self.lead_ties[0] if self.lead_ties else None

    @property
    def current_lead(self) -> str | None:
        """The agency of the current lead tie (see the module docstring)."""
        return self.lead_ties[0].other_id if self.lead_ties else None

    def age(self, person: Person | None) -> int | None:
        return age(person, self.as_of)

    def supports_of_kinds(self, kinds: Iterable[AgencyKind]) -> tuple[Support, ...]:
        """The agency supports whose kind is one of ``kinds``."""
        wanted = set(kinds)
        return tuple(s for s in self.supports if s.kind in wanted)

    def informal_supports(self) -> tuple[Support, ...]:
        return tuple(s for s in self.supports if s.node_type == "person")

    def ties_with(self, other_id: str) -> tuple[OuterTie, ...]:
        return tuple(o for o in self.ties if o.other_id == other_id)


def household_facts(g: nx.MultiDiGraph, household_id: str, rules: Rules,
                    as_of: date) -> HouseholdFacts:
    """The facts of one household from a graph holding (at least) its neighbourhood.

    Parameters
    ----------
    g : nx.MultiDiGraph
        :func:`netsupport.graph.to_graph` of ``store.household_network(household_id)``, or of
        any larger bundle (a ward, the city).
    household_id : str
    rules : Rules
    as_of : date

    Raises
    ------
    NotFoundError
        When the graph holds no household of that id.
    """
    data = g.nodes.get(household_id)
    if data is None or data.get("node_type") != "household":
        raise NotFoundError(f"no household with id {household_id!r} in the network")
    members = [g.nodes[p]["record"] for _, p, key in g.out_edges(household_id, keys=True)
               if key == MEMBER and isinstance(g.nodes[p].get("record"), Person)]
    inner = {household_id, *(p.person_id for p in members)}
    found: list[tuple[Tie, str, str]] = []
    for node in inner:
        for _, other, d in g.out_edges(node, data=True):
            if "tie" in d and other not in inner:
                found.append((d["tie"], node, other))
        for other, _, d in g.in_edges(node, data=True):
            if "tie" in d and other not in inner:
                found.append((d["tie"], node, other))
    return _assemble(data["record"], members, found, _record_in(g), rules, as_of)


def city_facts(g: nx.MultiDiGraph, rules: Rules, as_of: date, *,
               ward: str | None = None) -> dict[str, HouseholdFacts]:
    """The facts of every household of a graph (of one ward), in one pass over its edges.

    A dict of :func:`iter_city_facts`; a city-wide pass that needs each household once
    (the scan) should iterate that instead, so as not to hold them all.

    >>> from netsupport.graph import to_graph
    >>> from netsupport.model import Bundle
    >>> from netsupport.rules import load_rules
    >>> g = to_graph(Bundle(households=[Household("H1", "北区"), Household("H2", "西区")]))
    >>> sorted(city_facts(g, load_rules(), date(2026, 11, 1)))
    ['H1', 'H2']
    """
    return dict(iter_city_facts(g, rules, as_of, ward=ward))


def iter_city_facts(g: nx.MultiDiGraph, rules: Rules, as_of: date, *,
                    ward: str | None = None) -> Iterator[tuple[str, HouseholdFacts]]:
    """(household id, facts) of every household of a graph (of one ward), by id, in one pass
    over its edges.

    Gives for each household exactly what :func:`household_facts` gives for it: the same
    members and the same ties to outside the household.

    Examples
    --------
    >>> from netsupport.graph import to_graph
    >>> from netsupport.model import Bundle
    >>> from netsupport.rules import load_rules
    >>> g = to_graph(Bundle(households=[Household("H1", "北区"), Household("H2", "西区")]))
    >>> [h for h, _ in iter_city_facts(g, load_rules(), date(2026, 11, 1), ward="西区")]
    ['H2']
    """
    households: dict[str, Household] = {}
    for node, data in g.nodes(data=True):
        if data.get("node_type") == "household":
            record = data["record"]
            if ward is None or record.ward == ward:
                households[node] = record
    members: dict[str, list[Person]] = {h: [] for h in households}
    home: dict[str, str] = {h: h for h in households}
    adjacency = g.adj  # read the adjacency directly: much faster than edge views on a city
    nodes = g.nodes
    for hid in households:
        for person, keyed in adjacency[hid].items():
            record = nodes[person].get("record")
            if MEMBER in keyed and isinstance(record, Person):
                members[hid].append(record)
                home[person] = hid
    found: dict[str, list[tuple[Tie, str, str]]] = {h: [] for h in households}
    for u, neighbours in adjacency.items():
        hu = home.get(u)
        for v, keyed in neighbours.items():
            hv = home.get(v)
            if hu == hv:  # both outside the households read, or inside the same one
                continue
            for d in keyed.values():
                tie = d.get("tie")
                if tie is None:
                    continue
                if hu is not None:
                    found[hu].append((tie, u, v))
                if hv is not None:
                    found[hv].append((tie, v, u))
    record = _record_in(g)
    for h in sorted(households):
        # handed out one at a time, and each household's triples dropped once assembled:
        # a scan of 80,000 households never holds every household's facts at once
        yield h, _assemble(households[h], members.pop(h), found.pop(h), record, rules, as_of)


def bundle_facts(bundle: Bundle, rules: Rules, as_of: date, *,
                 ward: str | None = None) -> Iterator[tuple[str, HouseholdFacts]]:
    """(household id, facts) of every household of a bundle (of one ward), by id, read
    straight from its record lists: no graph is built.

    The bulk path of the city scan. It gives for each household exactly what
    :func:`iter_city_facts` gives on ``to_graph(bundle)`` (the same members, the same ties
    to outside the household, the same far-end records: a later list wins an id, as in
    :func:`~netsupport.graph.to_graph`), but groups the people and ties of the whole city in
    a few dict passes instead of building and walking a NetworkX graph of it, which is most
    of a city scan's time. Every fact is then assembled and every rule applied by the same
    code as for one household (:func:`household_facts`), so the two paths cannot disagree.

    Examples
    --------
    >>> from netsupport.rules import load_rules
    >>> b = Bundle(households=[Household("H1", "北区"), Household("H2", "西区")],
    ...            people=[Person("P1", Relation.SUBJECT, "H2", birth_year=1970)])
    >>> [(h, f.age(f.subject)) for h, f in bundle_facts(b, load_rules(), date(2026, 11, 1))]
    [('H1', None), ('H2', 56)]
    """
    households = {h.household_id: h for h in bundle.households
                  if ward is None or h.ward == ward}
    records: dict[str, Agency | Household | Person] = {a.agency_id: a for a in bundle.agencies}
    records.update((h.household_id, h) for h in bundle.households)
    records.update((p.person_id, p) for p in bundle.people)
    home: dict[str, str] = {h: h for h in households}
    members: dict[str, list[Person]] = {h: [] for h in households}
    for p in bundle.people:
        if p.household_id in households and records.get(p.person_id) is p:
            members[p.household_id].append(p)
            home[p.person_id] = p.household_id
    found: dict[str, list[tuple[Tie, str, str]]] = {h: [] for h in households}
    # a valid bundle (every store's) holds one tie per key, as the graph holds one edge
    for tie in bundle.ties:
        u, v = tie.source_id, tie.target_id
        hu, hv = home.get(u), home.get(v)
        if hu == hv:
            continue
        if hu is not None:
            found[hu].append((tie, u, v))
        if hv is not None:
            found[hv].append((tie, v, u))
    del home
    for h in sorted(households):
        yield h, _assemble(households[h], members.pop(h), found.pop(h), records.get, rules,
                           as_of)


def with_records(facts: HouseholdFacts, records: Mapping[str, Agency],
                 rules: Rules) -> HouseholdFacts:
    """The same household's facts with the records of the agencies ``records`` holds put in
    place of those at the far ends of its ties (an agency's own row changed by a merge
    import: its kind, capacity, ward, ages or name).

    Assembled again by the code that made them (:func:`_assemble`), from the same members
    and ties: the facts the household's network read again would give, without reading it
    (a city cache follows an agency's new record through the households that show it).

    >>> from netsupport.model import Bundle
    >>> from netsupport.rules import load_rules
    >>> from netsupport.graph import to_graph
    >>> a1 = Agency("A1", "支援室", AgencyKind.HIKIKOMORI_SUPPORT_OFFICE)
    >>> g = to_graph(Bundle(agencies=[a1], households=[Household("H1", "北区")],
    ...                     ties=[Tie("A1", "H1", TieKind.SUPPORT)]))
    >>> f = household_facts(g, "H1", load_rules(), date(2026, 11, 1))
    >>> renamed = Agency("A1", "ひきこもり支援室", AgencyKind.HIKIKOMORI_SUPPORT_OFFICE)
    >>> with_records(f, {"A1": renamed}, load_rules()).agencies["A1"].name
    'ひきこもり支援室'
    """
    held = {o.other_id: o.other for o in facts.ties}
    swapped = {aid: record for aid, record in records.items()
               if aid in held and held[aid] is not record}
    if not swapped:
        return facts
    if all(isinstance(held[aid], Agency) and held[aid].kind == record.kind
           for aid, record in swapped.items()):
        # the same kinds: only the records at the far ends differ, in the ties that reach
        # them and the agencies (a support holds its kind, and the order of the ties and
        # supports reads ids): laid in place, 10 times cheaper than assembling the facts
        # again, for the 27,000 households that show a mental health centre whose monthly
        # sheet gave it a new capacity
        ties = tuple(o._replace(other=swapped[o.other_id]) if o.other_id in swapped else o
                     for o in facts.ties)
        moved = {id(o): new for o, new in zip(facts.ties, ties, strict=True) if o is not new}
        return replace(facts, ties=ties,
                       agencies=MappingProxyType({a: swapped.get(a, record)
                                                  for a, record in facts.agencies.items()}),
                       lead_ties=tuple(moved.get(id(o), o) for o in facts.lead_ties))
    held.update(swapped)
    return _assemble(facts.household, list(facts.members),
                     [(o.tie, o.inner_id, o.other_id) for o in facts.ties], held.get, rules,
                     facts.as_of)


def _record_in(g: nx.MultiDiGraph) -> Callable[[str], Agency | Household | Person | None]:
    """The record of a node of the graph (``None`` for an id the graph holds no record of)."""
    nodes = g.nodes
    return lambda node: nodes[node].get("record")


def _assemble(household: Household, members: list[Person], found: list[tuple[Tie, str, str]],
              record: Callable[[str], Agency | Household | Person | None], rules: Rules,
              as_of: date) -> HouseholdFacts:
    """Build the facts from the household, its members and its (tie, inner, other) triples;
    ``record`` gives the record of a far end.

    Run once per household of a city scan (80,000 times), so written for speed: the ties
    are sorted in place by a flat key and visited once, in which each tie's
    :class:`OuterTie` is made (activity inlined from :meth:`~netsupport.model.Tie.active_on`)
    and its agency, lead role and support noted; the supports are then made per supporter
    (:func:`_supports`). ``found`` is the caller's list and is reordered.
    """
    if len(members) > 1:
        members.sort(key=_person_id)
    living = [p for p in members if p.alive]
    subjects = [p for p in living if p.relation == Relation.SUBJECT]
    parent_relations = rules.facts.parent_relations
    parents = tuple(p for p in living if p.relation in parent_relations)
    found.sort(key=_found_order)
    support_kinds = rules.facts.support_tie_kinds
    outer = []
    agencies: dict[str, Agency] = {}
    leads = []
    supporters: dict[str, tuple[Agency | Person, list[Tie]]] = {}
    make = tuple.__new__  # OuterTie's own __new__ is a Python function around this
    for tie, inner, other_id in found:
        other = record(other_id)
        since, until = tie.since, tie.until
        active = (since is None or since <= as_of) and (until is None or until >= as_of)
        o = make(OuterTie, (tie, inner, other_id, other, active))
        outer.append(o)
        is_agency = isinstance(other, Agency)
        if is_agency:
            agencies[other_id] = other
        if not active:
            continue
        kind = tie.kind
        if kind == TieKind.SUPPORT and tie.role == Role.LEAD:
            leads.append(o)
        if (kind in support_kinds and tie.strength != Strength.STRESSFUL
                and (is_agency or (isinstance(other, Person) and other.household_id is None))):
            entry = supporters.get(other_id)
            if entry is None:
                supporters[other_id] = (other, [tie])
            else:
                entry[1].append(tie)
    subject = subjects[0] if subjects else None
    if len(leads) > 1:
        leads.sort(key=_lead_order)
    return HouseholdFacts(
        as_of=as_of,
        household=household,
        members=tuple(members),
        subject=subject,
        parents=parents,
        ties=tuple(outer),
        agencies=MappingProxyType(dict(sorted(agencies.items())) if len(agencies) > 1
                                  else agencies),
        supports=_supports(supporters, rules, as_of),
        lead_ties=tuple(leads),
        family=judge_family(household, living, subject, rules),
    )


def _supports(supporters: dict[str, tuple[Agency | Person, list[Tie]]], rules: Rules,
              as_of: date) -> tuple[Support, ...]:
    """The supports, by id, of (record, active non-stressful support ties) per supporter."""
    supports = []
    for sid in sorted(supporters):
        record, found = supporters[sid]
        is_agency = isinstance(record, Agency)
        recent = False
        for t in found:
            if is_recent(last_contact(t), rules, as_of):
                recent = True
                break
        supports.append(Support(sid, "agency" if is_agency else "person",
                                record.kind if is_agency else None, tuple(found), recent))
    return tuple(supports)


def _lead_order(o: OuterTie) -> tuple:
    """The lead ties' order: the latest since first (the current lead), then by agency and
    inner end."""
    return (-(o.tie.since or date.min).toordinal(), o.other_id, o.inner_id)


def _person_id(p: Person) -> str:
    return p.person_id


def _found_order(found: tuple[Tie, str, str]) -> tuple:
    """A (tie, inner, other) triple's place in :attr:`HouseholdFacts.ties`: by the tie's
    (source, target, kind, since), then the inner end. One flat tuple (a kind compares as
    its code: a StrEnum is its string)."""
    t = found[0]
    return (t.source_id, t.target_id, t.kind, t.since or date.min, found[1])
