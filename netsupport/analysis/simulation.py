"""親なき後 what-if: what happens to a household when a parent is hospitalised, enters care
or dies, or when years pass.

A case conference asks "what happens to this household if the father goes?". The seed's
last slides are about that moment: families fear it, and the point of 8050 work is to
prepare the network before it comes (危機に備えて関係性をつくる). :func:`simulate` applies
what-if events to a *copy* of a household's network (the graph, the records and the store
are never changed), analyses the household before and after with
:func:`~.household.analyse_household`, and says what changed: the supports lost and why,
the ties that end, the gaps opened and closed, the risk factors added and removed, the
strategy, the lead and the team. :attr:`SimulationResult.faded_ids` and
:attr:`~SimulationResult.faded_ties` are what an ecomap of the household as it is now
draws faded (``ecomap_html(..., faded_ids=..., faded_ties=...)``).

The events (``--event`` on the command line), applied in the order given:

``parent_hospitalised:PERSON_ID`` / ``parent_in_care_facility:PERSON_ID``
    The parent is **away from home** but alive. Their ties of the kinds in
    ``after_parents.absence_ends`` (support, informal) end: care at home (home care, home
    nursing, the care manager's home plan, the family doctor's home visits) stops or moves
    with them to the hospital or facility, which is outside the household's network; a
    neighbour who only knew the parent no longer comes by. Their family ties stay: the bond
    remains and the family visits. The parent stays a **living parent** for the rules: the
    household is still 8050 (a hospitalised father is still the subject's 80-year-old
    father), and parent_80_plus and parent_care_need still score, because the family still
    carries that worry. So the elder_care, care_manager and medical gaps may open for that
    parent now that their home carers are gone: for a hospital stay that is the discharge
    question (who will plan care at home afterwards?); in a facility, the facility's own
    care manager covers it. Such gaps are marked ``absent_parents`` in the diff, so that a
    reader can tell them from gaps around the subject.
``parent_dies:PERSON_ID``
    The parent is recorded deceased (which scores ``parent_deceased``), and every tie of
    theirs of a kind in ``after_parents.death_ends`` (support, informal, family) ends: the
    care they received, the neighbour who only knew them, their family bonds. A dead parent
    is no longer a parent for the rules: 8050, elder care and care needs no longer apply to
    them.
``parents_gone``
    親なき後: every parent still living in the household at that point dies, as above
    (a parent already away from home too).
``years_pass:N`` (1 to ``after_parents.max_years``)
    "The network as it is now, N years older": the as-of day moves N years on, and so does
    every date of the network (ties' since, until and last_contact, the household's
    opened_on, the events), so that support that goes on now goes on then: a recent
    contact stays recent and a tie still active stays active. Birth years do not move, so
    everyone is N years older: 7040 becomes 8050, 8050 becomes 9060. withdrawn_since does
    not move either: the withdrawal lasts N years longer, as it does when nothing changes.

A tie ends on the day of its event: its ``until`` becomes the day before, so that it is no
longer active, and its history stays (a stressful tie that ended still bars an agency from
the lead, as :mod:`.lead` reads it). A tie that had already ended is left alone. An agency
or informal contact whose every tie to the household went to departed parents is **lost**
(``why`` names the parents); one that also supports the household or another member stays.

親なき後 under the rules (RULES.md v2): when the parents die and nobody else lives at home,
the subject is **alone**: the risk scores ``subject_alone``, the family capacity is derived
as difficult (nobody left to work through: 危機に備えて関係性をつくる), and community_watch
is asked for once the subject is 40 or older -- the alarm rises at the moment the network
exists for. While somebody else (a sister) is at home the subject is not alone: the
recorded capacity stays, as the case conference judged it, unless everybody left at home
has dementia or needs care (then it is derived as difficult too).

A parent away from home (hospital, care facility) is still a living member for the rules,
so the derived capacity does not see them leave. For that case alone the rules file keeps
``after_parents.alone_family_capacity`` (difficult): when the departures leave nobody *at
home* but the subject, the recorded ``family_capacity`` becomes that value. When every
other member has died the derived capacity is difficult whatever this key says.

Nothing else of the household changes: crisis, acceptance and
financial hardship are for the conference to judge (the loss of a parent's pension shows
as the budgeting worry of :mod:`.readiness`).

The lead and the team after the events are chosen from the same city-wide agency index,
as of the later day, with this household's own links redrawn from its network after the
events (an agency that left with the parent no longer links its co-supporters).

Examples
--------
>>> from datetime import date
>>> from netsupport.graph import to_graph
>>> from netsupport.model import Agency, AgencyKind, Bundle, Household, Person, Relation, Tie
>>> from netsupport.model import TieKind
>>> from netsupport.rules import load_rules
>>> from netsupport.analysis.agency_network import build_agency_index
>>> day, rules = date(2026, 11, 1), load_rules()
>>> g = to_graph(Bundle(
...     agencies=[Agency("A1", "民生委員", AgencyKind.MINSEI_IIN),
...               Agency("A2", "訪問介護", AgencyKind.HOME_CARE)],
...     households=[Household("H1", "北区")],
...     people=[Person("P1", Relation.SUBJECT, "H1", birth_year=1974),
...             Person("P2", Relation.FATHER, "H1", birth_year=1941)],
...     ties=[Tie("A1", "H1", TieKind.SUPPORT, last_contact=date(2026, 10, 1)),
...           Tie("A2", "P2", TieKind.SUPPORT, last_contact=date(2026, 10, 1))]))
>>> result = simulate(g, "H1", [parse_what_if("parents_gone")],
...                   build_agency_index(g, rules, day), rules, day)
>>> [s.support_id for s in result.lost_supports], result.faded_ids
(['A2'], ('A2', 'P2'))
>>> result.before.isolation.level, result.after.isolation.level
('connected', 'isolated')
>>> older = simulate(g, "H1", [parse_what_if("years_pass:10")],
...                  build_agency_index(g, rules, day), rules, day)
>>> older.as_of_after, older.generation_before, older.generation_after
(datetime.date(2036, 11, 1), '8050', '9060')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import combinations
from typing import Any

import networkx as nx

from ..errors import NetsupportError
from ..graph import to_graph
from ..i18n import t
from ..model import Agency, AgencyKind, Bundle, Household, Person, Relation, TieKey
from ..rules import Rules
from .agency_network import AgencyIndex
from .facts import HouseholdFacts, household_facts, is_active
from .gaps import Gap
from .household import HouseholdReport, analyse_household
from .readiness import Readiness, after_parents_readiness
from .risk import RISK_FACTORS, RiskFactor

__all__ = [
    "PARENT_HOSPITALISED",
    "PARENT_IN_CARE_FACILITY",
    "PARENT_DIES",
    "PARENTS_GONE",
    "YEARS_PASS",
    "SimulationError",
    "WhatIf",
    "parse_what_if",
    "add_years",
    "household_generation",
    "WhatIfNetwork",
    "AppliedEvent",
    "Departure",
    "EndedTie",
    "LostSupport",
    "GapChange",
    "RiskChange",
    "SimulationResult",
    "simulate",
    "person_words",
]

PARENT_HOSPITALISED = "parent_hospitalised"
PARENT_IN_CARE_FACILITY = "parent_in_care_facility"
PARENT_DIES = "parent_dies"
PARENTS_GONE = "parents_gone"
YEARS_PASS = "years_pass"
_PERSON_EVENTS = (PARENT_HOSPITALISED, PARENT_IN_CARE_FACILITY, PARENT_DIES)


#: A page's words for a person id (the UI's names or pseudonyms).
Namer = Callable[[str], str]


class SimulationError(NetsupportError):
    """A what-if event that cannot apply: unknown code, not a living parent, bad years."""


@dataclass(frozen=True, slots=True)
class WhatIf:
    """One what-if event: its code, and the parent or the number of years it names."""

    code: str
    person_id: str | None = None
    years: int | None = None

    def __str__(self) -> str:
        if self.person_id is not None:
            return f"{self.code}:{self.person_id}"
        if self.years is not None:
            return f"{self.code}:{self.years}"
        return self.code


def parse_what_if(text: str) -> WhatIf:
    """Read ``parent_dies:P-02``, ``parents_gone``, ``years_pass:5`` ...

    Raises :class:`SimulationError` naming the accepted forms.

    >>> parse_what_if("parent_dies:P-02"), parse_what_if(" years_pass:5 ")
    (WhatIf(code='parent_dies', person_id='P-02', years=None), \
WhatIf(code='years_pass', person_id=None, years=5))
    """
    code, _, arg = text.strip().partition(":")
    code, arg = code.strip(), arg.strip()
    forms = ("parent_hospitalised:PERSON_ID, parent_in_care_facility:PERSON_ID, "
             "parent_dies:PERSON_ID, parents_gone, years_pass:N")
    if code in _PERSON_EVENTS and arg:
        return WhatIf(code, person_id=arg)
    if code == PARENTS_GONE and not arg:
        return WhatIf(code)
    if code == YEARS_PASS and arg.isdigit():
        return WhatIf(code, years=int(arg))
    raise SimulationError(f"unknown what-if event {text!r}; expected one of: {forms}")


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (29 February becomes 28 February).

    >>> add_years(date(2024, 2, 29), 1)
    datetime.date(2025, 2, 28)
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def household_generation(facts: HouseholdFacts) -> str | None:
    """"7040", "8050", "9060" ...: the decades of the oldest living parent and the subject.

    ``None`` without a subject's age or a living parent's age.
    """
    subject = facts.age(facts.subject)
    parents = [a for a in (facts.age(p) for p in facts.parents) if a is not None]
    if subject is None or not parents:
        return None
    return f"{max(parents) // 10 * 10}{subject // 10 * 10}"


@dataclass(frozen=True, slots=True)
class EndedTie:
    """A tie that the events end: its key as it is now, the departed end and the other end."""

    key: TieKey
    person_id: str
    other_id: str
    event: str

    def to_dict(self) -> dict[str, Any]:
        return {"source_id": self.key.source_id, "target_id": self.key.target_id,
                "kind": self.key.kind.value,
                "since": self.key.since.isoformat() if self.key.since else None,
                "person_id": self.person_id, "other_id": self.other_id, "event": self.event}


class WhatIfNetwork:
    """The records of a network, copied, for what-if events to change.

    The lists are copied and the records (frozen dataclasses) replaced, never changed, so
    the graph or bundle it was read from stays as it was. ``day`` is the as-of day, moved
    on by :meth:`years_pass`; ``away`` maps each parent away from home to its event;
    ``ended`` maps the key (as read) of each tie ended while active to an :class:`EndedTie`.
    Used by :func:`simulate` for one household and by :mod:`.forecast` for the city.
    """

    def __init__(self, bundle: Bundle, as_of: date, rules: Rules):
        self.rules = rules
        self.day = as_of
        self.agencies = list(bundle.agencies)
        self.households = list(bundle.households)
        self.people = list(bundle.people)
        self.ties = list(bundle.ties)
        self.events = list(bundle.events)
        self.origin = [tie.key for tie in self.ties]  # each tie's key as read
        self.away: dict[str, str] = {}
        self.ended: dict[TieKey, EndedTie] = {}

    @classmethod
    def from_graph(cls, g: nx.MultiDiGraph, as_of: date, rules: Rules) -> WhatIfNetwork:
        """Read the records of a graph built by :func:`netsupport.graph.to_graph`."""
        records = [d.get("record") for _, d in g.nodes(data=True)]
        return cls(Bundle(
            agencies=[r for r in records if isinstance(r, Agency)],
            households=[r for r in records if isinstance(r, Household)],
            people=[r for r in records if isinstance(r, Person)],
            ties=[d["tie"] for _, _, d in g.edges(data=True) if "tie" in d],
            events=list(g.graph.get("events", ())),
        ), as_of, rules)

    def to_bundle(self) -> Bundle:
        """The records as they stand, in a bundle of their own (copied lists)."""
        return Bundle(list(self.agencies), list(self.households), list(self.people),
                      list(self.ties), list(self.events))

    def to_graph(self) -> nx.MultiDiGraph:
        return to_graph(self.to_bundle())

    def members(self, household_id: str) -> list[Person]:
        return [p for p in self.people if p.household_id == household_id]

    def living_parents(self, household_id: str) -> list[Person]:
        return [p for p in self.members(household_id)
                if p.alive and p.relation in self.rules.facts.parent_relations]

    def years_pass(self, years: int) -> None:
        """Move the day and every date but birth years and withdrawn_since ``years`` on."""
        def on(day: date | None) -> date | None:
            return None if day is None else add_years(day, years)

        self.day = add_years(self.day, years)
        self.ties = [replace(tie, since=on(tie.since), until=on(tie.until),
                             last_contact=on(tie.last_contact)) for tie in self.ties]
        self.households = [replace(h, opened_on=on(h.opened_on)) for h in self.households]
        self.events = [replace(e, date=on(e.date)) for e in self.events]

    def depart(self, departures: Mapping[str, str]) -> None:
        """Apply person events at once: person id -> parent_dies, parent_hospitalised or
        parent_in_care_facility (see the module docstring). One pass over the ties."""
        cfg = self.rules.after_parents
        yesterday = self.day - timedelta(days=1)
        for i, tie in enumerate(self.ties):
            person = (tie.source_id if tie.source_id in departures
                      else tie.target_id if tie.target_id in departures else None)
            if person is None:
                continue
            event = departures[person]
            if tie.kind not in (cfg.death_ends if event == PARENT_DIES else cfg.absence_ends):
                continue
            if tie.until is not None and tie.until < self.day:
                continue
            if is_active(tie, self.day):
                other = tie.target_id if tie.source_id == person else tie.source_id
                self.ended.setdefault(self.origin[i],
                                      EndedTie(self.origin[i], person, other, event))
            self.ties[i] = replace(tie, until=yesterday)
        touched: set[str] = set()
        for i, p in enumerate(self.people):
            event = departures.get(p.person_id)
            if event is None:
                continue
            if event == PARENT_DIES:
                self.people[i] = replace(p, deceased=True)
                self.away.pop(p.person_id, None)
            else:
                self.away[p.person_id] = event
            if p.household_id is not None:
                touched.add(p.household_id)
        self._left_alone(touched)

    def _left_alone(self, household_ids: set[str]) -> None:
        """Nobody at home but the subject: the family capacity of the rules file."""
        if not household_ids:
            return
        at_home: dict[str, int] = dict.fromkeys(household_ids, 0)
        for p in self.people:
            if (p.household_id in at_home and p.alive and p.person_id not in self.away
                    and p.relation != Relation.SUBJECT):
                at_home[p.household_id] += 1
        capacity = self.rules.after_parents.alone_family_capacity
        self.households = [replace(h, family_capacity=capacity)
                           if at_home.get(h.household_id) == 0 else h
                           for h in self.households]


@dataclass(frozen=True, slots=True)
class AppliedEvent:
    """An event as applied: the parents it touched (all of them for parents_gone), the day."""

    event: WhatIf
    people: tuple[Person, ...]
    day: date

    def label(self, lang: str = "ja", name: Namer | None = None) -> str:
        """The scenario line's words for the event: people by ``name`` (a person id -> the
        words a page may show, e.g. the UI's names or pseudonyms), else by
        :func:`person_words` (display name, or relation) -- never by id."""
        if self.event.code == YEARS_PASS:
            return t("sim.event.years_pass", lang, years=self.event.years)
        return t(f"sim.event.{self.event.code}", lang,
                 person=_people_words(self.people, lang, name))

    def to_dict(self, lang: str = "ja") -> dict[str, Any]:
        return {"event": str(self.event), "code": self.event.code,
                "person_ids": [p.person_id for p in self.people], "years": self.event.years,
                "day": self.day.isoformat(), "label": self.label(lang)}


@dataclass(frozen=True, slots=True)
class Departure:
    """A parent who leaves the home: ``how`` is parent_dies or an away event."""

    person_id: str
    relation: Relation
    how: str
    display_name: str | None = None

    def words(self, lang: str = "ja", name: Namer | None = None) -> str:
        """The parent as a page names them (see :meth:`AppliedEvent.label`)."""
        if name is not None:
            return name(self.person_id)
        return self.display_name or self.relation.label(lang)

    def to_dict(self, lang: str = "ja") -> dict[str, Any]:
        return {"person_id": self.person_id, "relation": self.relation.value, "how": self.how,
                "label": t(f"sim.departed.{self.how}", lang)}


@dataclass(frozen=True, slots=True)
class LostSupport:
    """A support the household loses: all its ties went to the parents in ``persons``."""

    support_id: str
    node_type: str
    kind: AgencyKind | None
    persons: tuple[Departure, ...]
    ties: tuple[TieKey, ...]

    def label(self, lang: str = "ja", name: Namer | None = None) -> str:
        words = "、".join(d.words(lang, name) for d in self.persons)
        return t("sim.lost.via_departed", lang, persons=words)

    def to_dict(self, lang: str = "ja") -> dict[str, Any]:
        return {"support_id": self.support_id, "node_type": self.node_type,
                "kind": self.kind.value if self.kind else None, "why": "via_departed",
                "persons": [d.person_id for d in self.persons], "label": self.label(lang)}


@dataclass(frozen=True, slots=True)
class GapChange:
    """A gap opened or closed by the events.

    For a closed gap, ``why`` is ``covered`` (a support of a needed kind is there after the
    events) or ``no_longer_applies`` (its condition no longer holds: a parent died, the
    household is no longer 8050 ...). ``absent_parents`` names the parents away from home
    that an opened gap is only about.
    """

    gap: Gap
    why: str | None = None
    absent_parents: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return self.gap.code

    def to_dict(self, lang: str = "ja") -> dict[str, Any]:
        d = self.gap.to_dict(lang)
        d.update({"why": self.why, "absent_parents": list(self.absent_parents)})
        if self.why:
            d["why_label"] = t(f"sim.gap_closed.{self.why}", lang)
        return d


@dataclass(frozen=True, slots=True)
class RiskChange:
    """A risk factor that the events add (``points_before`` 0) or remove (``points_after`` 0);
    ``factor`` is the factor with its facts, from the report that has it."""

    code: str
    points_before: int
    points_after: int
    factor: RiskFactor

    @property
    def delta(self) -> int:
        return self.points_after - self.points_before

    def to_dict(self, lang: str = "ja") -> dict[str, Any]:
        return {"code": self.code, "points_before": self.points_before,
                "points_after": self.points_after, "delta": self.delta,
                "label": self.factor.label(lang), "facts": dict(self.factor.facts)}


@dataclass(frozen=True)
class SimulationResult:
    """A household before and after what-if events, and what changed between them.

    ``after_network`` is the simulated graph (never stored); draw the household as it is
    now (``before``'s network) with :attr:`faded_ids` and :attr:`faded_ties` to show the loss.
    """

    household_id: str
    as_of: date
    as_of_after: date
    events: tuple[AppliedEvent, ...]
    before: HouseholdReport
    after: HouseholdReport
    readiness: Readiness
    departures: tuple[Departure, ...]
    ended_ties: tuple[EndedTie, ...]
    lost_supports: tuple[LostSupport, ...]
    kept_supports: tuple[str, ...]
    gaps_opened: tuple[GapChange, ...]
    gaps_closed: tuple[GapChange, ...]
    risk_changes: tuple[RiskChange, ...]
    after_network: nx.MultiDiGraph = field(repr=False, compare=False)

    @property
    def faded_ids(self) -> tuple[str, ...]:
        """The departed parents and the lost supports, sorted (``ecomap_html(faded_ids=)``)."""
        return tuple(sorted({d.person_id for d in self.departures}
                            | {s.support_id for s in self.lost_supports}))

    @property
    def faded_ties(self) -> frozenset[TieKey]:
        """The keys of the ties that end, as they are now (``ecomap_html(faded_ties=)``)."""
        return frozenset(e.key for e in self.ended_ties)

    @property
    def strategy_changed(self) -> bool:
        return self.before.strategy.code != self.after.strategy.code

    @property
    def lead_changed(self) -> bool:
        """Whether the action or the lead it leaves (the team's lead) changes."""
        b, a = self.before, self.after
        return (b.lead.action, b.team.lead) != (a.lead.action, a.team.lead)

    @property
    def team_left(self) -> tuple[str, ...]:
        after = {self.after.team.lead, *self.after.team.member_ids}
        return tuple(a for a in (self.before.team.lead, *self.before.team.member_ids)
                     if a is not None and a not in after)

    @property
    def team_joined(self) -> tuple[str, ...]:
        before = {self.before.team.lead, *self.before.team.member_ids}
        return tuple(a for a in (self.after.team.lead, *self.after.team.member_ids)
                     if a is not None and a not in before)

    @property
    def generation_before(self) -> str | None:
        return household_generation(self.before.facts)

    @property
    def generation_after(self) -> str | None:
        return household_generation(self.after.facts)

    def to_dict(self, lang: str = "ja") -> dict[str, Any]:
        """JSON: ``before`` and ``after`` (each the household contract), the ``diff``, the
        ``readiness`` checklist and ``faded_ids`` (the faded ties are ``diff.ties_ended``)."""
        b, a = self.before, self.after
        return {
            "household_id": self.household_id,
            "as_of": self.as_of.isoformat(),
            "as_of_after": self.as_of_after.isoformat(),
            "events": [e.to_dict(lang) for e in self.events],
            "before": b.to_dict(lang),
            "after": a.to_dict(lang),
            "diff": {
                "is_8050": [b.is_8050, a.is_8050],
                "generation": [self.generation_before, self.generation_after],
                "isolation": [b.isolation.level, a.isolation.level],
                "supports": [len(b.facts.supports), len(a.facts.supports)],
                "risk_score": [b.risk.score, a.risk.score],
                "risk_level": [b.risk.level, a.risk.level],
                "departures": [d.to_dict(lang) for d in self.departures],
                "supports_lost": [s.to_dict(lang) for s in self.lost_supports],
                "supports_kept": list(self.kept_supports),
                "ties_ended": [e.to_dict() for e in self.ended_ties],
                "gaps_opened": [g.to_dict(lang) for g in self.gaps_opened],
                "gaps_closed": [g.to_dict(lang) for g in self.gaps_closed],
                "risk_factors": [r.to_dict(lang) for r in self.risk_changes],
                "strategy": [b.strategy.code, a.strategy.code],
                "strategy_changed": self.strategy_changed,
                "lead_action": [b.lead.action, a.lead.action],
                "lead_recommended": [b.lead.recommended, a.lead.recommended],
                "lead": [b.team.lead, a.team.lead],
                "lead_changed": self.lead_changed,
                "team_left": list(self.team_left),
                "team_joined": list(self.team_joined),
            },
            "readiness": self.readiness.to_dict(lang),
            "faded_ids": list(self.faded_ids),
        }


def simulate(network: nx.MultiDiGraph, household_id: str, events: Sequence[WhatIf],
             agencies: AgencyIndex, rules: Rules, as_of: date) -> SimulationResult:
    """Apply what-if events to a copy of a household's network and compare the analyses.

    Parameters
    ----------
    network : nx.MultiDiGraph
        ``to_graph(store.household_network(household_id))``; it is never changed.
    household_id : str
    events : sequence of WhatIf
        Applied in order (:func:`parse_what_if` reads them from text).
    agencies : AgencyIndex
        The city-wide agency index as of ``as_of``, as for
        :func:`~.household.analyse_household`.
    rules : Rules
        ``[after_parents]`` says which ties end and the rest.
    as_of : date
        The day the events happen (years_pass moves it on).

    Returns
    -------
    SimulationResult

    Raises
    ------
    SimulationError
        No events; a person event on somebody who is not a living parent of the household;
        parents_gone with no living parent left; years outside 1 to
        ``after_parents.max_years``.
    NotFoundError
        When the network holds no household of that id.
    """
    if not events:
        raise SimulationError("no what-if event to simulate")
    before = analyse_household(network, household_id, agencies, rules, as_of)
    world = WhatIfNetwork.from_graph(network, as_of, rules)
    applied: list[AppliedEvent] = []
    departed: dict[str, Departure] = {}
    for event in events:
        people = _apply(world, household_id, event, rules)
        applied.append(AppliedEvent(event, people, world.day))
        for p in people:
            how = PARENT_DIES if event.code == PARENTS_GONE else event.code
            departed[p.person_id] = Departure(p.person_id, p.relation, how, p.display_name)
    after_network = world.to_graph()
    after_facts = household_facts(after_network, household_id, rules, world.day)
    index = _index_after(agencies, before.facts, after_facts, rules, world.day)
    after = analyse_household(after_network, household_id, index, rules, world.day)
    ended = tuple(sorted(world.ended.values(), key=lambda e: _key_order(e.key)))
    return SimulationResult(
        household_id=household_id,
        as_of=as_of,
        as_of_after=world.day,
        events=tuple(applied),
        before=before,
        after=after,
        readiness=after_parents_readiness(before.facts, rules),
        departures=tuple(departed[p] for p in sorted(departed)),
        ended_ties=ended,
        lost_supports=_lost(before.facts, after.facts, departed),
        kept_supports=tuple(s.support_id for s in before.facts.supports
                            if s.support_id in {x.support_id for x in after.facts.supports}),
        gaps_opened=tuple(GapChange(g, None, _about_absent(g, world.away, rules))
                          for g in after.gaps if g.code not in {x.code for x in before.gaps}),
        gaps_closed=tuple(GapChange(g, _why_closed(g, after.facts, rules))
                          for g in before.gaps if g.code not in {x.code for x in after.gaps}),
        risk_changes=_risk_changes(before, after),
        after_network=after_network,
    )


def _apply(world: WhatIfNetwork, household_id: str, event: WhatIf,
           rules: Rules) -> tuple[Person, ...]:
    """Apply one event; returns the parents it touched, as they were."""
    if event.code == YEARS_PASS:
        years = event.years or 0
        if not 1 <= years <= rules.after_parents.max_years:
            raise SimulationError(f"years_pass:{event.years}: expected 1 to "
                                  f"{rules.after_parents.max_years} years")
        world.years_pass(years)
        return ()
    if event.code == PARENTS_GONE:
        parents = tuple(sorted(world.living_parents(household_id), key=lambda p: p.person_id))
        if not parents:
            raise SimulationError(f"parents_gone: no living parent left in household "
                                  f"{household_id!r}")
        world.depart(dict.fromkeys((p.person_id for p in parents), PARENT_DIES))
        return parents
    if event.code not in _PERSON_EVENTS:
        raise SimulationError(f"unknown what-if event {event.code!r}")
    parent = next((p for p in world.living_parents(household_id)
                   if p.person_id == event.person_id), None)
    if parent is None:
        member = next((p for p in world.members(household_id)
                       if p.person_id == event.person_id), None)
        what = ("not a member" if member is None else "dead already" if not member.alive
                else f"not a parent (relation {member.relation.value})")
        raise SimulationError(f"{event}: {event.person_id!r} is {what} of household "
                              f"{household_id!r}; expected a living parent")
    world.depart({parent.person_id: event.code})
    return (parent,)


def _index_after(index: AgencyIndex, before: HouseholdFacts, after: HouseholdFacts,
                 rules: Rules, day: date) -> AgencyIndex:
    """The agency index as of ``day``, this household's links redrawn from ``after``.

    The rest of the city is "as it is now" on the later day too (years_pass moves every
    date), so only this household's co-supporters and lead ties change.
    """
    inner = before.inner_ids | after.inner_ids
    hid = after.household_id
    graph = index.graph.copy()
    for a, b, d in list(graph.edges(data=True)):
        households = tuple(h for h in d["households"] if h not in inner)
        if households == tuple(d["households"]):
            continue
        if not households and not d["collaboration"]:
            graph.remove_edge(a, b)
        else:
            _set_link(graph, a, b, households, d["collaboration"])
    supporters = sorted({o.other_id for o in after.ties
                         if o.active and o.tie.kind in rules.facts.support_tie_kinds
                         and isinstance(o.other, Agency) and o.tie.source_id == o.other_id})
    for a, b in combinations(supporters, 2):
        d = graph.get_edge_data(a, b)
        households = tuple(d["households"]) + (hid,) if d else (hid,)
        _set_link(graph, a, b, households, bool(d and d["collaboration"]))
    leads: dict[str, frozenset[str]] = {a: targets - inner
                                        for a, targets in index.lead_targets.items()}
    for o in after.lead_ties:
        leads[o.other_id] = leads.get(o.other_id, frozenset()) | {hid}
    return AgencyIndex(day, index.agencies,
                       {a: targets for a, targets in sorted(leads.items()) if targets}, graph)


def _set_link(graph: nx.Graph, a: str, b: str, households: tuple[str, ...],
              collaboration: bool) -> None:
    why = (("collaboration",) if collaboration else ()) + (("co_support",) if households
                                                           else ())
    graph.add_edge(a, b, why=why, collaboration=collaboration, households=households,
                   weight=len(households) + int(collaboration))


def _lost(before: HouseholdFacts, after: HouseholdFacts,
          departed: Mapping[str, Departure]) -> tuple[LostSupport, ...]:
    kept = {s.support_id for s in after.supports}
    lost = []
    for s in before.supports:
        if s.support_id in kept:
            continue
        ends = {tie.target_id if tie.source_id == s.support_id else tie.source_id
                for tie in s.ties}
        lost.append(LostSupport(s.support_id, s.node_type, s.kind,
                                tuple(departed[p] for p in sorted(ends & set(departed))),
                                tuple(tie.key for tie in s.ties)))
    return tuple(lost)


def _why_closed(gap: Gap, after: HouseholdFacts, rules: Rules) -> str:
    if gap.needs and after.supports_of_kinds(gap.needs):
        return "covered"
    if (gap.code == "community_watch" and rules.gaps.community_watch_informal
            and after.informal_supports()):
        return "covered"
    return "no_longer_applies"


def _about_absent(gap: Gap, away: Mapping[str, str], rules: Rules) -> tuple[str, ...]:
    """The away parents an opened gap is only about (elder care, care manager, medical)."""
    if gap.code in ("elder_care", "care_manager"):
        ids = [p["person_id"] for p in gap.facts.get("parents", [])]
    elif gap.code == "medical":
        diagnosis = gap.facts.get("subject_diagnosis")
        if diagnosis in {d.value for d in rules.gaps.medical_diagnoses}:
            return ()
        ids = [p["person_id"] for p in gap.facts.get("members", [])]
    else:
        return ()
    return tuple(sorted(ids)) if ids and all(i in away for i in ids) else ()


def _risk_changes(before: HouseholdReport, after: HouseholdReport) -> tuple[RiskChange, ...]:
    b = {f.code: f for f in before.risk.factors}
    a = {f.code: f for f in after.risk.factors}
    changes = []
    for code in RISK_FACTORS:
        if (code in b) == (code in a):
            continue
        changes.append(RiskChange(code, b[code].points if code in b else 0,
                                  a[code].points if code in a else 0, a.get(code) or b[code]))
    return tuple(changes)


def person_words(person: Person, lang: str = "ja") -> str:
    """How a simulation's words name a person without a page's names: the display name, or
    on a pseudonymised network (no names) the relation -- never the id.

    >>> person_words(Person("P2", Relation.FATHER, "H1", "父・ヨシオ(仮)"))
    '父・ヨシオ(仮)'
    >>> person_words(Person("P-7Q2", Relation.FATHER, "H-X"))  # pseudonymised: no name
    '父'
    """
    return person.display_name or person.relation.label(lang)


def _people_words(people: Sequence[Person], lang: str, name: Namer | None = None) -> str:
    return "、".join(name(p.person_id) if name is not None else person_words(p, lang)
                    for p in people)


def _key_order(key: TieKey) -> tuple:
    return (key.source_id, key.target_id, key.kind.value, key.since or date.min)

