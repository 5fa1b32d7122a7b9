"""The lead agency (主担当) of a household: keep it, assign one, or hand it over.

Following ``RULES.md``:

- **current lead**: of the active support ties with role lead, the one with the latest
  ``since`` (an empty since counts as the earliest), then the lowest agency_id
  (:attr:`~netsupport.analysis.facts.HouseholdFacts.current_lead`).
- **preferred kinds**: ``lead.preferred_kinds`` of the household's stage (no stage reads as
  ``lead.default_stage``, engagement).
- **eligible**: an agency (of the city-wide :class:`~.agency_network.AgencyIndex`, or of the
  household's network) of a preferred kind; with headroom, i.e. the households it leads now,
  this one not counted, fewer than its capacity (no capacity = no limit); with no
  stressful tie to the household or a member (a stressful tie that has ended still counts,
  a past conflict; one that starts after as_of does not exist yet); and serving the
  subject's age (``age_from`` ≤ age ≤ ``age_to`` where given; an unknown age passes).
- **order**: an active non-stressful tie (of any kind) to the household or a member first;
  then the household's ward; then the kind's place in the list; then more headroom (no
  limit is the most); then agency_id. **recommended** is the first.
- **reasons** to hand over the current lead: ``kind_mismatch`` (its kind is not preferred),
  ``over_capacity`` (it leads more households than its capacity, this one included),
  ``stale`` (as the stale_lead gap), ``stressful`` (its lead tie is stressful),
  ``age_range`` (the subject's age is outside the agency's ``age_from``–``age_to``).
- **action**: ``keep`` with no reasons, or when recommended is the current lead or there is
  none; ``handover`` with reasons and another recommended agency; ``assign`` with no current
  lead and a recommendation; ``none`` otherwise (no current lead and nobody eligible).
- **bridge**: for a handover, the shortest path from the current lead to the recommended one
  in the agency graph (lexicographically smallest among equal ones, see
  :func:`~.agency_network.bridge_path`), with this household's own co-supporters linked
  as its network shows them; empty when there is no path.

Examples
--------
>>> from datetime import date
>>> from netsupport.graph import to_graph
>>> from netsupport.model import Agency, AgencyKind, Bundle, Household, Person, Relation
>>> from netsupport.rules import load_rules
>>> from netsupport.analysis.agency_network import build_agency_index
>>> from netsupport.analysis.facts import household_facts
>>> b = Bundle(agencies=[Agency("A1", "支援室", AgencyKind.HIKIKOMORI_SUPPORT_OFFICE, "北区")],
...            households=[Household("H1", "北区")],
...            people=[Person("P1", Relation.SUBJECT, "H1")])
>>> rules, day = load_rules(), date(2026, 11, 1)
>>> g = to_graph(b)
>>> d = recommend_lead(household_facts(g, "H1", rules, day), build_agency_index(g, rules, day),
...                    rules)
>>> d.current, d.recommended, d.action
(None, 'A1', 'assign')
"""

from __future__ import annotations

import math
from bisect import insort
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from ..i18n import t
from ..model import Agency, AgencyKind, Stage, Strength
from ..rules import Rules
from .agency_network import AgencyIndex
from .facts import HouseholdFacts, OuterTie, has_started, is_stale
from .findings import Finding
from .gaps import contact_facts, effective_stage

__all__ = [
    "anyone_seat",
    "KEEP",
    "HANDOVER",
    "ASSIGN",
    "NONE",
    "ACTIONS",
    "REASONS",
    "LeadCandidate",
    "HandoverReason",
    "LeadDecision",
    "agency_record",
    "stressful_agencies",
    "eligible_leads",
    "LeadPicker",
    "Pick",
    "no_bridge",
    "LeadSeat",
    "recommend_lead",
    "decide_lead",
    "handover_bridge",
    "handover_reasons",
    "recounted_reasons",
    "lead_action",
]

KEEP = "keep"
HANDOVER = "handover"
ASSIGN = "assign"
NONE = "none"
ACTIONS = (KEEP, HANDOVER, ASSIGN, NONE)
REASONS = ("kind_mismatch", "over_capacity", "stale", "stressful", "age_range")


@dataclass(frozen=True, slots=True)
class LeadCandidate:
    """An eligible agency and the values it was ordered by.

    ``leads`` counts the households it leads now, this one not counted; ``headroom`` is
    ``capacity - leads`` (``None`` for no limit).
    """

    agency_id: str
    kind: AgencyKind
    ward: str | None
    has_tie: bool
    same_ward: bool
    kind_rank: int
    leads: int
    capacity: int | None

    @property
    def headroom(self) -> int | None:
        return None if self.capacity is None else self.capacity - self.leads

    def sort_key(self) -> tuple:
        """Existing tie first, same ward, kind's place, more headroom, agency_id."""
        room = -math.inf if self.capacity is None else self.leads - self.capacity  # -headroom
        return (not self.has_tie, not self.same_ward, self.kind_rank, room, self.agency_id)

    def now(self, agencies: AgencyIndex, inner: Collection[str]) -> LeadCandidate:
        """The same candidate of the same household as it stands in ``agencies``: its leads
        counted now (not counting ``inner``, the household's own ids) and its capacity from
        the index's record. A kept pick's best is judged so after lead counts rose or fell,
        or capacities changed, elsewhere; its tie, ward and kind's place stay as they were."""
        record = agencies.agencies.get(self.agency_id)
        # (made directly: dataclasses.replace is several times slower, and thousands of
        # kept picks are checked after one new lead)
        return LeadCandidate(self.agency_id, self.kind, self.ward, self.has_tie,
                             self.same_ward, self.kind_rank,
                             agencies.lead_count(self.agency_id, excluding=inner),
                             self.capacity if record is None else record.capacity)

    def to_dict(self) -> dict[str, Any]:
        return {"agency_id": self.agency_id, "kind": self.kind.value, "ward": self.ward,
                "has_tie": self.has_tie, "same_ward": self.same_ward,
                "kind_rank": self.kind_rank + 1, "leads": self.leads,
                "capacity": self.capacity, "headroom": self.headroom}


class Pick(NamedTuple):
    """A household's best lead candidate (``None``: nobody is eligible) and the sort key of
    its next best (``None``: there is none), or a bound below it.

    Kept with the household's lead standing so that, after agencies' lead counts only rose
    (new leads elsewhere), the recommended lead is checked without judging the city's
    agencies again (:meth:`after_rises`): an agency whose count rose only sorts lower, so it
    can neither overtake the best nor come below the next best's old key.
    """

    best: LeadCandidate | None
    runner_up: tuple | None

    @classmethod
    def of(cls, eligible: tuple[LeadCandidate, ...]) -> Pick:
        """The pick of a household's whole candidate list, best first."""
        return cls(eligible[0] if eligible else None,
                   eligible[1].sort_key() if len(eligible) > 1 else None)

    def after_rises(self, counted: Iterable[str], agencies: AgencyIndex,
                    inner: Collection[str],
                    floor: Callable[[], tuple | None] | None = None) -> Pick | None:
        """This pick, when its best is still the best after the lead counts of ``counted``
        agencies rose (or stayed), or their capacities fell (or stayed), and nothing else
        changed, in ``agencies``; ``None`` when the best may have changed and must be found
        again (it rose past the next best, or out of room). ``inner``: the ids under which
        ``agencies`` counts the household's own leads, not counted here
        (``facts.inner_ids``; its id alone in an index that counts households by id, as the
        city cache's).

        The pick is kept as it is, so its best may hold the count and capacity it was
        judged with: no check reads them (each counts the best's leads again, against the
        index's record), and the next best's key only rises with a count or a lower
        capacity, so the old one stays a bound below it. ``floor`` gives the next best's
        bound as it stands now when agencies' counts fell since the pick was made (the
        city cache's floors, ``netsupport.fallen``), asked only when a bound is read."""
        best = self.best
        if best is None or best.agency_id not in counted:
            # they only sort lower: none overtakes, none is eligible anew
            return self
        now = best.now(agencies, inner)
        if now.capacity is None:
            return self  # a best with no capacity sorts the same whatever it leads
        if now.leads >= now.capacity:
            return None
        key = now.sort_key()
        if self.runner_up is not None and key > self.runner_up:
            return None
        bound = floor() if floor is not None else None
        if bound is not None and key > bound:
            return None
        return self


@dataclass(frozen=True, slots=True, kw_only=True)
class HandoverReason(Finding):
    """A reason to hand the current lead over (``code`` one of :data:`REASONS`)."""


@dataclass(frozen=True, slots=True)
class LeadDecision:
    """Who leads the household now, who should, and what to do about it."""

    stage: Stage
    current: str | None
    current_tie: OuterTie | None
    lead_agencies: tuple[str, ...]
    recommended: str | None
    action: str
    reasons: tuple[HandoverReason, ...]
    bridge: tuple[str, ...]
    eligible: tuple[LeadCandidate, ...]

    @property
    def action_label_key(self) -> str:
        return f"lead.action.{self.action}"

    @property
    def team_lead(self) -> str | None:
        """Who leads the mini team: the recommended lead when assigning or handing over,
        else the current one (what :func:`~.team.mini_team` reads of the decision)."""
        return self.recommended if self.action in (HANDOVER, ASSIGN) else self.current

    def with_candidates(self, eligible: tuple[LeadCandidate, ...],
                        bridge: tuple[str, ...]) -> LeadDecision:
        """The same decision with other candidates and bridge (the city cache re-slots a
        candidate whose lead count changed; ``dataclasses.replace`` is several times
        slower, and thousands of decisions may be brought up to date after one edit)."""
        return LeadDecision(self.stage, self.current, self.current_tie, self.lead_agencies,
                            self.recommended, self.action, self.reasons, bridge, eligible)

    def to_dict(self, lang: str = "ja", *, candidates: int = 5) -> dict[str, Any]:
        """The JSON contract's five keys, plus labels, reason facts and the first candidates."""
        return {
            "current": self.current,
            "recommended": self.recommended,
            "action": self.action,
            "reasons": [r.code for r in self.reasons],
            "bridge": list(self.bridge),
            "action_label": t(self.action_label_key, lang),
            "reason_details": [r.to_dict(lang) for r in self.reasons],
            "stage": self.stage.value,
            "lead_agencies": list(self.lead_agencies),
            "candidates": [c.to_dict() for c in self.eligible[:candidates]],
        }


def agency_record(agency_id: str, facts: HouseholdFacts, agencies: AgencyIndex) -> Agency | None:
    """One agency, from the index or else the household's network (the index's record wins,
    as in ``agencies.of_kinds(kinds, facts.agencies)``, which gives those of some kinds)."""
    return agencies.agencies.get(agency_id) or facts.agencies.get(agency_id)


def stressful_agencies(facts: HouseholdFacts) -> frozenset[str]:
    """Agencies with a stressful tie to the household or a member, begun by as_of."""
    return _stressful(facts.ties, facts.as_of)


def _stressful(ties: Iterable[OuterTie], as_of: date) -> frozenset[str]:
    return frozenset(o.other_id for o in ties
                     if o.tie.strength == Strength.STRESSFUL and has_started(o.tie, as_of))


def _tied_agencies(ties: Iterable[OuterTie]) -> frozenset[str]:
    """Agencies with an active, non-stressful tie of any kind to the household or a member."""
    return frozenset(o.other_id for o in ties
                     if o.active and o.tie.strength != Strength.STRESSFUL)


def eligible_leads(facts: HouseholdFacts, agencies: AgencyIndex,
                   rules: Rules) -> tuple[LeadCandidate, ...]:
    """The agencies that may lead the household, best first (see the module docstring)."""
    seat = LeadSeat.of(facts, rules)
    found = (seat.candidate(aid, agency, agencies)
             for aid, agency in agencies.of_kinds(seat.rank, facts.agencies).items())
    return tuple(sorted((c for c in found if c is not None), key=LeadCandidate.sort_key))


class LeadPicker:
    """The best lead candidate of household after household against one index: what
    ``eligible_leads(facts, agencies, rules)[0]`` gives, without judging every agency of the
    city for each household.

    The lead worklist needs only the recommended lead of each household in scope, 80,000 at
    a city's scale, and judging each of thousands of agencies for each of them is most of
    its first showing. Yet an agency with no tie to the household and not leading it is
    judged alike for every household of one stage and ward: not tied, not in conflict, its
    lead count the same. So those agencies are ranked once per (stage, ward) -- by
    :meth:`LeadCandidate.sort_key`: ward, kind's place, headroom, id -- and a household takes
    the first of them that serves its subject's age, against its own agencies (tied to it,
    or leading it in the index) judged with its seat (:meth:`LeadSeat.candidate`).
    """

    def __init__(self, agencies: AgencyIndex, rules: Rules,
                 leading: Callable[[HouseholdFacts], Iterable[str]] | None = None):
        """``leading`` gives the agencies leading a household in the index (the city
        cache's links hold them); by default they are looked up in the index's leads."""
        self.agencies = agencies
        self.rules = rules
        self._ranked: dict[tuple[Stage, str], tuple[tuple[tuple, str], ...]] = {}
        self._leading = leading or self._leading_in_index

    def patched(self, agencies: AgencyIndex, counted: Iterable[str],
                leading: Callable[[HouseholdFacts], Iterable[str]] | None = None
                ) -> LeadPicker:
        """The picker of ``agencies``, an index whose lead counts or records differ from
        this one's only for ``counted`` agencies (added ones among them): its rankings are
        these, with those agencies ranked again -- after an office's new lead, every
        ranking of the city is not made again (an edit at 80,000 households would pay for
        all)."""
        new = LeadPicker(agencies, self.rules, leading)
        counted = set(counted)
        for (stage, ward), ranked in self._ranked.items():
            seat = anyone_seat(self.rules, stage, ward)
            kept = [entry for entry in ranked if entry[1] not in counted]
            for aid, agency in agencies.of_kinds(seat.rank).items():
                if aid in counted:
                    candidate = seat.candidate(aid, agency, agencies)
                    if candidate is not None:
                        insort(kept, (candidate.sort_key(), aid))
            new._ranked[(stage, ward)] = tuple(kept)
        return new

    def _leading_in_index(self, facts: HouseholdFacts) -> set[str]:
        inner = facts.inner_ids
        return {a for a, targets in self.agencies.lead_targets.items()
                if not targets.isdisjoint(inner)}

    def best(self, facts: HouseholdFacts) -> LeadCandidate | None:
        """The household's best candidate (``None``: no agency may lead it)."""
        return self.pick(facts).best

    def pick(self, facts: HouseholdFacts) -> Pick:
        """The household's best candidate and its next best's sort key (:class:`Pick`):
        its own agencies judged with its seat, then the stage and ward's ranking walked
        until two agencies of it that are not its own and serve the subject's age are found,
        or the ranking passes the next best of its own."""
        seat = LeadSeat.of(facts, self.rules)
        index = self.agencies.agencies
        own = set(facts.agencies) | seat.blocked | seat.tied
        own.update(self._leading(facts))
        best: LeadCandidate | None = None
        best_key: tuple | None = None
        second: tuple | None = None  # the next best's key
        for aid in own:
            agency = index.get(aid) or facts.agencies.get(aid)
            if agency is None or agency.kind not in seat.rank:
                continue
            found = seat.candidate(aid, agency, self.agencies)
            if found is None:
                continue
            key = found.sort_key()
            if best_key is None or key < best_key:
                best, best_key, second = found, key, best_key
            elif second is None or key < second:
                second = key
        ranked = 0
        for key, aid in self._ranking(effective_stage(facts, self.rules), seat):
            if second is not None and key > second:
                break
            if aid not in own and index[aid].serves_age(seat.subject_age):
                if best_key is None or key < best_key:
                    # judged as ranked: not tied, not leading it, so counted as for anyone
                    best, best_key, second = seat.candidate(aid, index[aid],
                                                            self.agencies), key, best_key
                else:
                    second = key
                ranked += 1
                if ranked == 2:
                    break  # the rest of the ranking sorts after both
        return Pick(best, second)

    def _ranking(self, stage: Stage, seat: LeadSeat) -> tuple[tuple[tuple, str], ...]:
        """The agencies of the stage's preferred kinds with room to lead, by the sort key
        they have for a household of the seat's ward that has no tie to them."""
        ranked = self._ranked.get((stage, seat.ward))
        if ranked is None:
            anyone = anyone_seat(self.rules, stage, seat.ward)
            found = []
            for aid, agency in self.agencies.of_kinds(seat.rank).items():
                candidate = anyone.candidate(aid, agency, self.agencies)
                if candidate is not None:
                    found.append((candidate.sort_key(), aid))
            ranked = self._ranked.setdefault((stage, seat.ward), tuple(sorted(found)))
        return ranked


def anyone_seat(rules: Rules, stage: Stage, ward: str) -> LeadSeat:
    """The seat of a household of this stage and ward with no tie to any agency (an unknown
    age passes: the age is each household's own): how an agency it does not show is judged
    for any such household."""
    preferred = rules.lead.preferred_kinds[stage]
    return LeadSeat({kind: i for i, kind in enumerate(preferred)}, frozenset(), frozenset(),
                    frozenset(), ward, None)


@dataclass(frozen=True, slots=True)
class LeadSeat:
    """What one household's lead candidates are judged by: the rank of each preferred kind,
    the agencies it is in conflict with or tied to, its ids, its ward and its subject's age.

    Each agency is judged on its own (:meth:`candidate`), so when one agency's lead count
    changes, the city cache (:mod:`netsupport.citycache`) judges that agency again and
    re-sorts the household's candidates instead of judging every agency of the city.
    """

    rank: dict[AgencyKind, int]
    blocked: frozenset[str]
    tied: frozenset[str]
    inner: frozenset[str]
    ward: str
    subject_age: int | None

    @classmethod
    def of(cls, facts: HouseholdFacts, rules: Rules,
           among: Collection[str] | None = None,
           inner: Collection[str] | None = None) -> LeadSeat:
        """The household's seat; with ``among``, one that judges only those agencies (their
        ties alone read: a city cache judging an agency whose lead count fell for the
        thousands of households that show it); ``inner``: the ids under which the index
        counts the household's own leads (``facts.inner_ids`` by default; its id alone in
        the city cache's)."""
        preferred = rules.lead.preferred_kinds[effective_stage(facts, rules)]
        ties = facts.ties if among is None else [o for o in facts.ties if o.other_id in among]
        return cls({kind: i for i, kind in enumerate(preferred)},
                   _stressful(ties, facts.as_of), _tied_agencies(ties),
                   facts.inner_ids if inner is None else frozenset(inner),
                   facts.household.ward, facts.age(facts.subject))

    def candidate(self, aid: str, agency: Agency,
                  agencies: AgencyIndex) -> LeadCandidate | None:
        """The agency as a candidate, or ``None`` when it is not eligible."""
        if (agency.kind not in self.rank or aid in self.blocked
                or not agency.serves_age(self.subject_age)):
            return None
        leads = agencies.lead_count(aid, excluding=self.inner)
        if agency.capacity is not None and leads >= agency.capacity:
            return None
        return LeadCandidate(aid, agency.kind, agency.ward, aid in self.tied,
                             agency.ward is not None and agency.ward == self.ward,
                             self.rank[agency.kind], leads, agency.capacity)


def recommend_lead(facts: HouseholdFacts, agencies: AgencyIndex, rules: Rules) -> LeadDecision:
    """Decide keep / handover / assign / none for one household.

    Parameters
    ----------
    facts : HouseholdFacts
        From the household's network (its ties decide "existing tie" and "stressful").
    agencies : AgencyIndex
        City-wide: the agencies to choose from, their lead counts and the agency graph.
    rules : Rules

    Returns
    -------
    LeadDecision
    """
    return decide_lead(facts, agencies, rules, eligible_leads(facts, agencies, rules))


def decide_lead(facts: HouseholdFacts, agencies: AgencyIndex, rules: Rules,
                eligible: tuple[LeadCandidate, ...],
                reasons: tuple[HandoverReason, ...] | None = None,
                bridge: Callable[[HouseholdFacts, str, str], tuple[str, ...]] | None = None
                ) -> LeadDecision:
    """:func:`recommend_lead` with the household's candidates already found (``eligible``,
    as :func:`eligible_leads` gives them) and, when known, the current lead's ``reasons``
    (:func:`handover_reasons`) and a way to find a handover's bridge (``bridge(facts,
    current, recommended)``, as :func:`handover_bridge`).

    A city cache that re-slots one agency among a household's candidates after its lead
    count changed decides again from them, instead of judging every agency of the city
    again, and finds bridges once per pair of agencies (:mod:`netsupport.citycache`).
    """
    stage = effective_stage(facts, rules)
    recommended = eligible[0].agency_id if eligible else None
    current_tie = facts.current_lead_tie
    current = facts.current_lead
    if reasons is None:
        reasons = handover_reasons(facts, agencies, rules) if current_tie is not None else ()
    action = lead_action(current, recommended, reasons)
    path: tuple[str, ...] = ()
    if action == HANDOVER:
        path = (bridge(facts, current, recommended) if bridge is not None
                else handover_bridge(facts, agencies, rules, current, recommended))
    lead_agencies = tuple(dict.fromkeys(o.other_id for o in facts.lead_ties))
    return LeadDecision(stage, current, current_tie, lead_agencies, recommended, action,
                        reasons, path, eligible)


def lead_action(current: str | None, recommended: str | None,
                reasons: tuple[HandoverReason, ...]) -> str:
    """keep / handover / assign / none of the current lead, the recommended one and the
    reasons to hand over (the module docstring's **action**)."""
    if current is not None:
        keep = not reasons or recommended is None or recommended == current
        return KEEP if keep else HANDOVER
    return ASSIGN if recommended is not None else NONE


def no_bridge(facts: HouseholdFacts, current: str, recommended: str) -> tuple[str, ...]:
    """The ``bridge`` of :func:`decide_lead` for a decision made only for the lead worklist's
    line, which shows no bridge."""
    return ()


def handover_bridge(facts: HouseholdFacts, agencies: AgencyIndex, rules: Rules,
                    current: str, recommended: str) -> tuple[str, ...]:
    """The bridge of a handover from ``current`` to ``recommended`` (module docstring)."""
    return agencies.bridge(current, recommended, _co_supporters(facts, rules))


def _co_supporters(facts: HouseholdFacts, rules: Rules) -> dict[str, set[str]]:
    """The agency-graph links this household's own network shows: its co-supporters.

    They are in a city-wide index too; added here so that the bridge is right even when the
    index could not trace ties to members back to this household.
    """
    supporters = {o.other_id for o in facts.ties
                  if o.active and o.tie.kind in rules.facts.support_tie_kinds
                  and isinstance(o.other, Agency)}
    return {a: supporters - {a} for a in supporters}


def handover_reasons(facts: HouseholdFacts, agencies: AgencyIndex,
                     rules: Rules) -> tuple[HandoverReason, ...]:
    """The reasons to hand the current lead over (none without a current lead)."""
    lead = facts.current_lead_tie
    if lead is None:
        return ()
    stage = effective_stage(facts, rules)
    aid = lead.other_id
    agency = agency_record(aid, facts, agencies)
    preferred = rules.lead.preferred_kinds[stage]
    found: list[HandoverReason] = []
    if agency is None or agency.kind not in preferred:
        found.append(_reason("kind_mismatch", {
            "agency_id": aid, "kind": agency.kind.value if agency else None,
            "stage": stage.value, "preferred_kinds": [k.value for k in preferred]}))
    over = _over_capacity(aid, agency, facts.inner_ids, agencies)
    if over is not None:
        found.append(over)
    if is_stale(lead.tie, rules, facts.as_of):
        found.append(_reason("stale", {
            "agency_id": aid, **contact_facts(lead.tie, facts),
            "stale_days": rules.lead.stale_days}, days=rules.lead.stale_days))
    if lead.tie.strength == Strength.STRESSFUL:
        found.append(_reason("stressful", {"agency_id": aid, "target_id": lead.inner_id,
                                           "strength": lead.tie.strength.value}))
    subject_age = facts.age(facts.subject)
    if agency is not None and not agency.serves_age(subject_age):
        found.append(_reason("age_range", {
            "agency_id": aid, "subject": facts.subject.person_id, "age": subject_age,
            "age_from": agency.age_from, "age_to": agency.age_to},
            age=subject_age, ages=AgeRange(agency.age_from, agency.age_to)))
    return tuple(found)


def recounted_reasons(reasons: tuple[HandoverReason, ...], facts: HouseholdFacts,
                      agencies: AgencyIndex, inner: Collection[str] | None = None,
                      made: dict[tuple, HandoverReason] | None = None
                      ) -> tuple[HandoverReason, ...]:
    """The current lead's ``reasons`` (:func:`handover_reasons` of the same facts against
    another index) after its lead count changed: only ``over_capacity`` can come, go or
    change its count, in its place (after ``kind_mismatch``). An office leading thousands
    changes that reason of thousands of households with each new lead; the others are
    kept as they are. ``inner``: as for :meth:`Pick.after_rises` (``facts.inner_ids`` when
    not given); ``made``: over_capacity reasons made already, by (agency, leads,
    capacity), to share (thousands of households led by one office get the same one)."""
    lead = facts.current_lead_tie
    if lead is None:
        return reasons
    over = _over_capacity(lead.other_id, agency_record(lead.other_id, facts, agencies),
                          facts.inner_ids if inner is None else inner, agencies, made)
    kept = [r for r in reasons if r.code != "over_capacity"]
    if over is not None:
        kept.insert(1 if kept and kept[0].code == "kind_mismatch" else 0, over)
    return tuple(kept)


def _over_capacity(aid: str, agency: Agency | None, inner: Collection[str],
                   agencies: AgencyIndex, made: dict[tuple, HandoverReason] | None = None
                   ) -> HandoverReason | None:
    """The over_capacity reason of the current lead ``aid``: the households it leads, this
    one (``inner``: its ids) included, more than its capacity (``made``: see
    :func:`recounted_reasons`)."""
    if agency is None or agency.capacity is None:
        return None
    leads = agencies.lead_count(aid, excluding=inner) + 1
    if leads <= agency.capacity:
        return None
    key = (aid, leads, agency.capacity)
    reason = made.get(key) if made is not None else None
    if reason is None:
        reason = _reason("over_capacity", {"agency_id": aid, "leads": leads,
                                           "capacity": agency.capacity})
        if made is not None:
            reason = made.setdefault(key, reason)
    return reason


@dataclass(frozen=True, slots=True)
class AgeRange:
    """An agency's ``age_from``–``age_to`` as a label argument, worded in the label's
    language when the label is made (``ages.between`` / ``ages.from`` / ``ages.to``)."""

    low: int | None
    high: int | None

    def words(self, lang: str = "ja") -> str:
        if self.low is not None and self.high is not None:
            return t("ages.between", lang, low=self.low, high=self.high)
        if self.low is not None:
            return t("ages.from", lang, low=self.low)
        return t("ages.to", lang, high=self.high)


def _reason(code: str, facts: dict[str, Any], **label_args: Any) -> HandoverReason:
    return HandoverReason(code=code, label_key=f"lead.reason.{code}", facts=facts,
                          label_args=label_args)
