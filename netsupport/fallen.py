"""What an agency whose lead count fell changes among a city's kept lead standings.

A handover, the lead form's everyday save, ends one office's lead: its count falls, so it
sorts higher among the candidates of every household whose stage prefers its kind (70,000
at 80,000 households). It becomes the recommended lead of few: those whose best candidate
now sorts after it. :func:`after_falls` finds those without walking every standing:

- a household that does not show the office (no tie to it, not led by it) judges it as any
  household of its stage and ward does (:func:`~netsupport.analysis.lead.anyone_seat`, its
  subject's age aside). The city cache indexes the households by the best candidate their
  standing names (``named``), so a best that sorts before the office's key in every ward is
  passed over with all its households, unread;
- a household that shows it (``shown``: the agencies in its network) or is led by it judges
  it with its own seat, one by one;
- the office's key may now lie between a household's best and its next best, where the
  kept pick's bound must stay below (:meth:`~netsupport.analysis.lead.Pick.after_rises`).
  Instead of lowering thousands of kept bounds at once, the office is noted (:class:`Floors`):
  its key once per stage, a floor of every next best of that stage and ward, and its id,
  judged with the household's own seat when the household shows it. A pick's bound is read
  against them when the pick is next checked (:meth:`Floors.bound`): after a rise of its
  best, a few thousand households at most.

Measured at 80,000 households (a handover away from an office shown in 17,500 of them):
the walk over every standing of the office's stages, each bound lowered at once, cost
1.1 s, most of it for households the office could not beat.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from .analysis.agency_network import AgencyIndex
from .analysis.facts import HouseholdFacts
from .analysis.household import LeadStanding
from .analysis.lead import LeadCandidate, LeadSeat, Pick
from .model import Agency, Stage
from .rules import Rules

__all__ = ["Floors", "Named", "after_falls", "beats", "TIED", "UNTIED", "OTHER", "CURRENT"]

#: How the index of names (:data:`Named`) holds a household under an agency: its recommended
#: lead, tied to it or not, as its pick's best; its recommended lead with no pick in its
#: standing (``OTHER``; also under ``None``); its current lead, not the recommended one.
TIED, UNTIED, OTHER, CURRENT = "tied", "untied", "other", "current"

#: agency (``None``: no recommended lead, or no pick) -> (ward, how) -> households: the city
#: cache's index of the agencies its kept standings name (``CityResults._named``)
Named = dict[str | None, dict[tuple[str, str], set[str]]]


@dataclass(frozen=True, eq=False)
class Floors:
    """The sort keys agencies whose lead count fell have had since the city was computed,
    by stage: for each agency, the lowest key a household of the stage gives it in the
    agency's own ward and elsewhere, when it neither shows nor is led by the agency
    (:func:`~netsupport.analysis.lead.anyone_seat`).

    Each is at or below the key the agency has now for any such household that it does not
    beat, so below that household's next best candidate: a floor of every kept pick's bound
    (:meth:`below`). A household that shows such an agency or is led by it judges it with
    its own seat: the agencies are named (``fallen``) and judged so when the household's
    bound is read (:meth:`bound`). A floor only makes a bound lower, which is safe (a pick
    is found again that could have been kept) and never wrong; the floors go with the day's
    results (a new day, a rules change or a replacing load computes the city afresh, picks
    and all).
    """

    #: stage -> agency -> (its ward, its key in its ward, its key elsewhere)
    by_stage: Mapping[Stage, Mapping[str, tuple[str | None, tuple, tuple]]] = field(
        default_factory=lambda: MappingProxyType({}))
    #: every agency whose lead count fell
    fallen: frozenset[str] = frozenset()
    #: (stage, ward) -> the three lowest keys of distinct agencies there, made when first
    #: read
    _lowest: dict[tuple[Stage, str], tuple[tuple, ...]] = field(default_factory=dict)
    #: (household, agency) -> (the facts it was made of, the household's seat judging only
    #: that agency): made when a bound first reads it, shared by the floors that follow
    #: (the households a large office is recommended to are read again at each of its new
    #: leads, and their seats do not change with counts)
    _seats: dict[tuple[str, str], tuple[HouseholdFacts, LeadSeat]] = field(
        default_factory=dict)

    def below(self, stage: Stage, ward: str, excluded: Collection[str | None]) -> tuple | None:
        """The lowest floor of a household of this stage and ward that is not the key of an
        ``excluded`` agency (its best candidate: an agency as its own next best is no
        bound), ``None`` when there is none."""
        lowest = self._lowest.get((stage, ward))
        if lowest is None:
            entries = self.by_stage.get(stage, {})
            keys = sorted(same if home is not None and home == ward else elsewhere
                          for home, same, elsewhere in entries.values())
            lowest = self._lowest.setdefault((stage, ward), tuple(keys[:3]))
        return next((key for key in lowest if key[-1] not in excluded), None)

    def bound(self, pick: Pick, facts: HouseholdFacts, leading: Collection[str],
              stage: Stage, index: AgencyIndex, rules: Rules,
              excluded: Collection[str | None] = (),
              sides: dict[tuple[Stage, str], Side | None] | None = None) -> tuple | None:
        """The bound of a kept pick's next best as it stands now, its stage ``stage`` and
        ``leading`` the agencies that lead it: the pick's own, or lower, a floor or the key
        of an agency that fell and that the household shows or is led by, judged with its
        seat (not its best candidate's, nor an ``excluded`` agency's). ``sides``: each
        fallen agency's lowest side in ``index`` (:meth:`Side.lowest`), by stage, kept for
        the next household's bound (thousands are read after one edit)."""
        best = pick.best.agency_id if pick.best is not None else None
        excluded = (best, *excluded)
        bound = pick.runner_up
        floor = self.below(stage, facts.household.ward, excluded)
        if floor is not None and (bound is None or floor < bound):
            bound = floor
        own = self.fallen.intersection(facts.agencies) | self.fallen.intersection(leading)
        if not own:
            return bound
        sides = {} if sides is None else sides
        ward = facts.household.ward
        for aid in own.difference(excluded):
            record = index.agencies.get(aid)
            if record is None:
                continue
            lowest = sides.get((stage, aid), False)
            if lowest is False:
                rank = {kind: i for i, kind in enumerate(rules.lead.preferred_kinds[stage])}
                lowest = sides.setdefault((stage, aid),
                                          Side.lowest(aid, record, rank, index))
            if lowest is None or (bound is not None and lowest.key(ward) > bound):
                continue  # no candidate, or after the bound however the household judges it
            found = self.seat(facts, aid, rules).candidate(aid, record, index)
            if found is not None and (bound is None or found.sort_key() < bound):
                bound = found.sort_key()
        return bound

    def seat(self, facts: HouseholdFacts, agency_id: str, rules: Rules) -> LeadSeat:
        """The household's seat judging only the agency (its id as its own: the city
        cache's index counts households by id), made once per facts."""
        key = (facts.household_id, agency_id)
        kept = self._seats.get(key)
        if kept is not None and kept[0] is facts:
            return kept[1]
        seat = LeadSeat.of(facts, rules, among=(agency_id,), inner=(facts.household_id,))
        self._seats[key] = (facts, seat)
        return seat

    def lowered(self, stage: Stage, agency_id: str, ward: str | None, same: tuple,
                elsewhere: tuple) -> Floors:
        """These floors with the agency's keys in a stage (the lower of old and new)."""
        entries = dict(self.by_stage.get(stage, {}))
        was = entries.get(agency_id)
        if was is not None:
            same, elsewhere = min(was[1], same), min(was[2], elsewhere)
        entries[agency_id] = (ward, same, elsewhere)
        return Floors(MappingProxyType({**self.by_stage, stage: MappingProxyType(entries)}),
                      self.fallen, _seats=self._seats)

    def fell(self, agency_id: str) -> Floors:
        """These floors with the agency among those that fell."""
        return Floors(self.by_stage, self.fallen | {agency_id}, _seats=self._seats)

    def __bool__(self) -> bool:
        return bool(self.fallen)


def after_falls(fell: Collection[str], held: Mapping[str, LeadStanding],
                touched: Collection[str], stages: Mapping[Stage, frozenset[str]],
                facts: Mapping[str, HouseholdFacts], index: AgencyIndex, rules: Rules,
                named: Named,
                shown: Mapping[str, Collection[str]],
                leading: Callable[[str], Collection[str]], floors: Floors, sides: dict
                ) -> tuple[set[str], dict[str, LeadStanding], Floors]:
    """The kept standings (``held``) that agencies whose headroom grew (``fell``: a lead
    ended or handed over, or a capacity raised) now beat as their best candidate, in the
    index after the change (``index``):

    - ``beaten``: those whose new pick is not known (another agency may sort between the
      two), or whose standing holds no pick: picked again;
    - ``moved``: the others, with their new picks: the agency first, and the old best as it
      stands now, or the old bound, as the next best's bound. Their decision is made again
      from it;
    - and the floors with the agencies that fell (:class:`Floors`), for every other pick.

    ``named``: the households whose standing may name each agency as its best, by ward and
    whether it is tied to them (``None``: those with no best or no pick), a superset;
    ``shown``: the households whose network may show an agency, a superset; ``leading``:
    the agencies leading a household; ``stages``: the households of each effective stage;
    ``sides``: what :meth:`Floors.bound` keeps of ``index``, shared with the bounds read
    after.
    """
    beaten: set[str] = set()
    moved: dict[str, LeadStanding] = {}
    for aid in sorted(fell):
        record = index.agencies.get(aid)
        if record is None:
            continue
        floors = floors.fell(aid)
        aged = record.age_from is not None or record.age_to is not None
        # judged with their own seat: the households that show it, and those it leads (by
        # id, as the city cache's index counts them)
        leads = index.lead_targets.get(aid, frozenset())
        seated = set(shown.get(aid, ()))
        seated.update(leads)
        for stage, kinds in rules.lead.preferred_kinds.items():
            if record.kind not in kinds:
                continue
            members = stages.get(stage, frozenset())
            rank = {kind: i for i, kind in enumerate(kinds)}
            tied = Side.lowest(aid, record, rank, index)
            if tied is None:
                continue  # full even for a household it leads
            # as any household of the stage that does not show it judges it
            anyone = Side.of(aid, record, False, rank, index)
            look: list[str] = []
            for best_id, groups in list(named.items()):
                if best_id == aid:
                    continue  # its best sorts higher still
                look.extend(_reached(best_id, groups, anyone, tied, rank, index, seated))
            for hid in dict.fromkeys(look):
                if hid in beaten or hid in touched or hid not in members:
                    continue
                standing = moved.get(hid) or held.get(hid)
                if standing is None:
                    continue
                pick = standing.pick
                if pick is None:  # made from a report: picked again
                    beaten.add(hid)
                    continue
                best = pick.best
                if best is not None and best.agency_id == aid:
                    continue  # its best sorts higher still: the same best, the same bound
                if best is not None and tied.key(standing.ward)[:3] > best.sort_key()[:3]:
                    continue  # sorts after its best however the household judges it
                f = facts[hid]
                if aid in f.agencies or hid in leads:
                    found = floors.seat(f, aid, rules).candidate(aid, record, index)
                elif anyone is None or (aged and not record.serves_age(f.age(f.subject))):
                    continue
                else:
                    found = anyone.candidate(standing.ward)
                if found is None:
                    continue
                key = found.sort_key()
                if best is not None and not beats(key, best, hid, index):
                    continue
                bound = floors.bound(pick, f, leading(hid), stage, index, rules, (aid,), sides)
                if bound is None or key < bound:
                    # before every other agency too: the new best, and the old one (as it
                    # stands now) or the old bound as the next best's bound
                    if best is not None:
                        now = best.now(index, (hid,)).sort_key()
                        bound = now if bound is None or now < bound else bound
                    moved[hid] = replace(standing, pick=Pick(found, bound))
                else:  # another agency may sort between them: picked again
                    beaten.add(hid)
                    moved.pop(hid, None)
            if anyone is not None:
                floors = floors.lowered(stage, aid, record.ward, anyone.key(record.ward),
                                        anyone.key(None))
    return beaten, moved, floors


@dataclass(frozen=True)
class Side:
    """An agency as a lead candidate of the households of one stage that are (or are not)
    tied to it, with one lead count: in its own ward and elsewhere (a candidate's ward
    decides only whether it is the household's own). Made as
    :meth:`~netsupport.analysis.lead.LeadSeat.candidate` makes one, for a household that is
    not in conflict with it and whose subject's age it serves."""

    home: LeadCandidate
    away: LeadCandidate

    @classmethod
    def of(cls, agency_id: str, record: Agency, has_tie: bool, rank: Mapping, index: AgencyIndex,
           lead_count: int | None = None) -> Side | None:
        """``None`` when it is full (``lead_count``: its count as judged, the index's by
        default) or not of the stage's kinds."""
        leads = index.lead_count(agency_id) if lead_count is None else lead_count
        if record.kind not in rank or (record.capacity is not None
                                       and leads >= record.capacity):
            return None
        home = LeadCandidate(agency_id, record.kind, record.ward, has_tie,
                             record.ward is not None, rank[record.kind], leads, record.capacity)
        return cls(home, replace(home, same_ward=False))

    @classmethod
    def lowest(cls, agency_id: str, record: Agency, rank: Mapping, index: AgencyIndex
               ) -> Side | None:
        """Its side for the households tied to it, its count as a household it leads
        counts it (one less): the lowest key it can have for any household of the stage."""
        leads = index.lead_count(agency_id)
        return cls.of(agency_id, record, True, rank, index,
                      leads - 1 if agency_id in index.lead_targets and leads else leads)

    def candidate(self, ward: str | None) -> LeadCandidate:
        """As a household of ``ward`` judges it (``None``: a ward not its own)."""
        return self.home if ward is not None and ward == self.home.ward else self.away

    def key(self, ward: str | None) -> tuple:
        return self.candidate(ward).sort_key()


def _reached(best_id: str | None, groups: Mapping[tuple[str, str], set[str]],
             anyone: Side | None, tied: Side, rank: Mapping, index: AgencyIndex,
             seated: set[str]) -> list[str]:
    """The households of one agency's entry in the index of names (``best_id``; ``groups``:
    by ward and how) whose best an agency whose count fell may now beat: ``anyone``, its
    side as a household that does not show it judges it, ``tied`` its lowest key anywhere;
    ``seated``: the households that show it or are led by it.

    Every household without a best or a pick; where its key for the households that do not
    show it sorts before the best's highest (the best untied, its lead count now, none
    discounted), every household whose best it is; else, and where the best is tied, only
    the seated households, and only where its lowest key sorts before the best's highest.
    """
    best = index.agencies.get(best_id) if best_id is not None else None
    if best is None:  # (an agency of the city is in the index: none passed over)
        return [h for households in list(groups.values()) for h in frozenset(households)]
    if best.kind not in rank:
        # not of the stage's kinds: no household of the stage holds it as its best (nine
        # in ten agencies named are the current leads of other kinds, a care manager's)
        return []
    sides = {how: Side.of(best_id, best, how == TIED, rank, index) for how in (TIED, UNTIED)}
    found: list[str] = []
    for (ward, how), households in list(groups.items()):
        side = sides.get(how)
        if side is None:
            # a current lead, or a recommended one without a pick (under None too); or a
            # best that is full now: no household of the stage holds it as its best without
            # a household seat that makes it so
            if how in (OTHER, CURRENT):
                continue
            found.extend(seated.intersection(households))
            continue
        theirs = side.key(ward)
        if how == UNTIED and anyone is not None and anyone.key(ward) < theirs:
            found.extend(frozenset(households))
        elif tied.key(ward) < theirs:
            found.extend(seated.intersection(households))
    return found


def beats(key: tuple, best: LeadCandidate, household_id: str, index: AgencyIndex) -> bool:
    """Whether a candidate of sort key ``key`` sorts before a household's best candidate
    as it stands now (:meth:`~netsupport.analysis.lead.LeadCandidate.now`). The tie, the
    ward and the kind's place, which no count changes, decide most pairs."""
    head = best.sort_key()[:3]
    if key[:3] != head:
        return key[:3] < head
    return key < best.now(index, (household_id,)).sort_key()
