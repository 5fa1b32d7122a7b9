"""The city's analysis, kept in memory and brought up to date from the store's change feed.

A city-wide page needs every household's scan row, the agency index with every agency's lead
count, and for the lead worklist every household's lead decision. Computing them from scratch
reads and analyses the whole city (minutes at 80,000 households); after one saved edit almost
all of it is still right. :class:`CityCache` keeps one :class:`CityResults` per as-of day and,
when the store's data version has moved, asks the store what changed
(:meth:`~netsupport.storage.Store.changes_since`) and recomputes only that:

- the **touched households** (``Changes.households``): their network is read again
  (``store.household_network``: one query each), their facts, scan row and report redone;
- the **agency index** is patched, not rebuilt: each household's part of it (the agencies
  supporting it, the agencies leading it) is kept, so a touched household changes only its
  own links and the lead counts of its own agencies (:func:`patch_index`);
- the **reports that read a changed agency**: an agency whose lead count changed is a
  candidate (with its count) for every household whose stage prefers its kind, and the
  reason ``over_capacity`` of every household it leads; a changed agency graph (a link
  appearing or going) can change the bridge of every handover. Those reports are dropped and
  made again when asked for (:meth:`CityResults.report`); the others are kept as they are.
- an **agency added, or its record changed**, by a merge import (its sheet's own row:
  capacity, kind, ward, ages, name): the households whose network shows it take the new
  record in their facts, the index takes it (a new agency: a node of the agency graph), the
  agency is judged again as a candidate wherever a changed lead count would be (for both its
  old and its new kind), and every kept report is made again when asked for (a team's
  backups read records too). A capacity or a name changed alone (:func:`keeps_its_place`)
  is followed as a lead count that changed: lowered, the agency only sorts lower, so only
  the standings that name it are judged again; raised, it sorts higher and is compared with
  the standings whose best it may beat (:mod:`netsupport.fallen`); the households that
  show it then take the record in their facts and keep their scan rows, links and
  standings (``CityResults.relaid``). Followed however many households show it: the city's
  largest agencies show in a third of them, and putting the record in their facts costs
  far less than reading the city (at 80,000 households, 27,000 facts in about 1 s with a
  new capacity, 3-4 s assembled again with a new kind, against 11 s).

Everything is computed afresh after a replacing load (``Changes.full``: a new epoch), for a
new as-of day (a results object per day) and with other rules. Results are identical
to a from-scratch analysis (``tests/test_citycache.py`` applies random edits and merges,
agencies added and their records changed among them, and compares, on SQLite and Neo4j).

Nothing here imports Streamlit: the app holds one :class:`CityCache` per store and process
(``netsupport.ui.resources``), each process following the feed on its own, so several app
processes on one store all stay right. A :class:`CityResults` is never changed once handed
out (a report made later is only added to its memo), so sessions on other threads may keep
reading the one they have while a newer one is made. A newer one shares with it every entry
the edit left alone (:mod:`netsupport.layered`): following an edit makes no city-sized
container, which Python's garbage collector would walk on the next click.

Examples
--------
>>> from datetime import date
>>> from netsupport.storage import open_store
>>> from netsupport.example import seed_example, HOUSEHOLD_ID
>>> from netsupport.rules import load_rules
>>> store = open_store("sqlite:///:memory:")
>>> store.load(seed_example())
>>> cache = CityCache(store, load_rules())
>>> city = cache.results(date(2026, 11, 1))
>>> [r.household_id for r in city.ranked] == [HOUSEHOLD_ID]
True
>>> city.report(HOUSEHOLD_ID).household_id == HOUSEHOLD_ID
True
"""

from __future__ import annotations

import gc
import math
import threading
from bisect import bisect_left, insort
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Mapping
from collections.abc import Set as AbstractSet
from contextlib import nullcontext, suppress
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from itertools import combinations
from types import MappingProxyType

import networkx as nx

from .analysis import AgencyIndex, HouseholdReport, ScanRow, analyse_facts, scan_row
from .analysis.agency_network import agency_index_from, agency_link
from .analysis.facts import HouseholdFacts, bundle_facts, household_facts, with_records
from .analysis.gaps import effective_stage
from .analysis.household import LeadStanding, lead_standing
from .analysis.lead import (
    HANDOVER,
    HandoverReason,
    LeadCandidate,
    LeadPicker,
    LeadSeat,
    Pick,
    decide_lead,
    handover_bridge,
    handover_reasons,
    lead_action,
    no_bridge,
    recounted_reasons,
)
from .analysis.team import mini_team
from .errors import NotFoundError
from .fallen import CURRENT, OTHER, TIED, UNTIED, Floors, Named, after_falls
from .graph import to_graph
from .layered import GONE, Layered, Memo, SetUnion
from .model import Agency, Bundle, Role, Stage, TieKind
from .queries import collector_paused
from .rules import Rules
from .storage import Changes, Store

__all__ = ["CityResults", "CityCache", "compute_city", "advance_city", "household_links",
           "patch_index", "repatched", "same_decision"]

#: What one household gives the agency index: (agencies supporting it, agencies leading it).
Links = tuple[frozenset[str], frozenset[str]]
_NO_LINKS: Links = (frozenset(), frozenset())
#: a household with no standing replaced since the last edit (see ``CityResults._was``)
_NOT_HELD: tuple[None, frozenset[str], bool] = (None, frozenset(), False)


@dataclass(frozen=True, eq=False)
class CityResults:
    """Every household's facts and scan row, the agency index, and the reports, as of one
    day at one data version.

    ``ranked`` is the scan, highest risk first (as ``netsupport scan``); ``rows`` the same by
    household id. Reports are made when first asked for (:meth:`report`), then kept.
    ``stamps`` give, per household, the data version at which its own records (its network,
    so its facts) last changed: what the app read of one household at its stamp is still
    right at any later version, so the app keys it on the stamp and an edit elsewhere reads
    nothing again (its report, which may read other households' leads, comes from here).
    ``recomputed`` names the households whose facts were read again to make these results
    from the previous ones (all of them for a full computation), ``dropped`` the households
    whose report the change could reach (made afresh, or brought up to date in place when
    asked for: :meth:`report`): what the bench and the tests look at.
    """

    version: int
    as_of: date
    rules: Rules = field(repr=False)
    facts: Mapping[str, HouseholdFacts] = field(repr=False)
    rows: Mapping[str, ScanRow] = field(repr=False)
    #: the scan order (:attr:`ranked`), or how to make it when first asked for
    _ranking: tuple[ScanRow, ...] | _Reranking = field(repr=False)
    index: AgencyIndex = field(repr=False)
    links: Mapping[str, Links] = field(repr=False)
    collaborations: frozenset[tuple[str, str]] = field(repr=False)
    stamps: Mapping[str, int] = field(default_factory=dict, repr=False)
    #: the households at each (effective) stage: whose candidates a lead count reaches
    stages: Mapping[Stage, frozenset[str]] = field(default_factory=dict, repr=False)
    full: bool = True
    recomputed: frozenset[str] = frozenset()
    dropped: AbstractSet[str] = frozenset()
    #: the version of the results these were brought up to date from (``None``: computed
    #: afresh); a household whose facts or row differ from those is in ``recomputed``, or
    #: was removed
    since: int | None = None
    #: the households whose lead standing was not carried from the results at ``since``
    #: (touched, or reached by a changed lead count): every other standing those held is
    #: held here as it was, so a list of standings made there is brought up to date from
    #: these alone (the lead worklist)
    restanded: frozenset[str] = frozenset()
    #: of ``recomputed``, the households whose facts only took the new record of an agency
    #: that kept its kind, ward and ages (a new capacity or name): their scan rows, links
    #: and standings are those at ``since``, and so is whatever is made of their facts
    #: without an agency's capacity or name (the 親なき後 forecast's rows)
    relaid: frozenset[str] = frozenset()
    _reports: dict[str, HouseholdReport] = field(default_factory=dict, repr=False)
    _seats: dict[str, LeadSeat] = field(default_factory=dict, repr=False)
    _bridges: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict, repr=False)
    _standings: Memo = field(default_factory=Memo, repr=False)
    _picker: LeadPicker | None = field(default=None, repr=False)
    #: agency -> (ward, how) -> the households whose kept standing may name it as
    #: recommended or current lead (``None``: no recommended lead, or no pick; how: see
    #: :func:`_name`): a superset, shared by the
    #: results brought up to date from these and only ever added to (an extra household is
    #: checked and passed over; none is ever missing), so that following a new lead finds
    #: the standings it changes without walking them all, and a lead ended the standings
    #: whose best it may beat (by ward: an office sorts first in its own ward)
    _named: Named = field(default_factory=dict, repr=False)
    #: agency -> the households whose network may show it: a superset, shared like
    #: ``_named`` (a household's seat judges such an agency, not its stage and ward's
    #: ranking: what a changed record or a fallen lead count reaches)
    _shown: dict[str, list[str]] | None = field(default=None, repr=False)
    #: the keys of the agencies whose lead count fell since the city was computed: floors
    #: of every kept pick's next best (:class:`~netsupport.fallen.Floors`)
    _floors: Floors = field(default_factory=Floors, repr=False)
    #: the fallen agencies' lowest keys in this index, made when first read (``_floors``)
    _sides: dict = field(default_factory=dict, repr=False)
    #: reports made before an edit, to bring up to date when asked for: (the report, the
    #: agencies whose lead count changed since, whether an agency link appeared or went)
    _stale: Mapping[str, tuple[HouseholdReport, frozenset[str], bool]] = field(
        default_factory=dict, repr=False)
    #: standings not carried though their household's facts are as they were (a lead count
    #: changed), with the agencies whose count changed since and whether those counts only
    #: rose: when made again, checked against the standing's pick after rises
    #: (:func:`_after_rises`: no agency judged again), else the same standing when its best
    #: candidate is the same and its current lead's count did not change, else its gaps are
    #: taken (thousands of households after an office's new lead)
    _was: Mapping[str, tuple[LeadStanding, frozenset[str], bool]] = field(
        default_factory=dict, repr=False)
    #: over_capacity reasons counted again for these results, by (agency, leads,
    #: capacity): the thousands of households one office leads share one
    _recounted: dict[tuple, HandoverReason] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def ranked(self) -> tuple[ScanRow, ...]:
        """The scan: every row, highest risk first, then by id. After an edit it is made
        when first asked for (the dashboard asks; a household's page does not): a new
        80,000-row tuple on every click would cost the garbage collector's walks more than
        its making. Made twice at worst, by two threads at once: the same tuple."""
        ranking = self._ranking
        if isinstance(ranking, _Reranking):
            ranking = _reranked(ranking.ranked, ranking.before, self.rows, ranking.households)
            object.__setattr__(self, "_ranking", ranking)
        return ranking

    def bridge(self, facts: HouseholdFacts, current: str, recommended: str) -> tuple[str, ...]:
        """A handover's bridge (:func:`~netsupport.analysis.lead.handover_bridge`), found
        once per pair of agencies: a new link of the agency graph can redraw every
        handover's bridge, and thousands of households share a few pairs. The household's
        own co-supporters, which the bridge adds to the graph, are links of this index
        already (it is built from every household's ties); only then is the pair's path
        shared, else it is found for the household alone."""
        own = sorted(_co_supporting(facts, self.rules))
        graph = self.index.graph
        if not all(graph.has_edge(a, b) for a, b in combinations(own, 2)):
            return handover_bridge(facts, self.index, self.rules, current, recommended)
        path = self._bridges.get((current, recommended))
        if path is None:
            path = self._bridges.setdefault((current, recommended),
                                            self.index.bridge(current, recommended))
        return path

    def seat(self, household_id: str) -> LeadSeat:
        """What the household's lead candidates are judged by (from its facts only; kept,
        so that re-slotting a candidate after each edit does not read its ties again)."""
        seat = self._seats.get(household_id)
        if seat is None:
            seat = self._seats.setdefault(household_id,
                                          LeadSeat.of(self.facts[household_id], self.rules))
        return seat

    def report(self, household_id: str) -> HouseholdReport:
        """The household's full analysis (lead and team included); ``NotFoundError`` for a
        household the city does not hold.

        Made once and kept. A report an edit left stale only in its lead candidates (a
        changed lead count, a changed agency link) is brought up to date here, when first
        asked for (:func:`repatched`), not when the edit is followed: a page that reads one
        household never pays for the thousands of others an office's new lead reaches.
        """
        report = self._reports.get(household_id)
        if report is None:
            facts = self.facts.get(household_id)
            if facts is None:
                raise NotFoundError(f"no household with id {household_id!r}")
            stale = self._stale.get(household_id)
            if stale is not None:
                report = repatched(stale[0], self.index, stale[1], stale[2], self.rules,
                                   partial(self.seat, household_id), self.bridge)
            else:
                report = analyse_facts(facts, self.index, self.rules)
            self.seat(household_id)  # what the next edit's re-slotting will read
            with self._lock:
                report = self._reports.setdefault(household_id, report)
        return report

    def reports(self, household_ids: Iterable[str] | None = None) -> dict[str, HouseholdReport]:
        """The reports of these households (all, by id, when ``None``)."""
        ids = sorted(self.facts) if household_ids is None else household_ids
        return {h: self.report(h) for h in ids}

    def standing(self, household_id: str) -> LeadStanding:
        """The household's line of the lead worklist
        (:class:`~netsupport.analysis.household.LeadStanding`), equal to its report's
        (``NotFoundError`` for a household the city does not hold).

        Kept once made. A report an edit left stale only in its lead candidates is not made
        again for this: the agencies whose lead count changed are judged again as its
        candidates and, when the recommended lead, the reasons and so the decision are as
        they were (:func:`same_decision`: most households, after an office's new lead), the
        stale report's standing is still right; otherwise the decision is made again from
        its re-slotted candidates, without the team or a bridge (the worklist shows
        neither). The report itself is brought up to date when it is asked for
        (:meth:`report`).
        """
        found = self._standings.get(household_id)
        if found is not None:
            return found
        report = self._reports.get(household_id)
        if report is None:
            stale = self._stale.get(household_id)
            if stale is not None:
                report, counted = stale[0], stale[1]
                seat = partial(self.seat, household_id)
                if same_decision(report, self.index, counted, self.rules, seat):
                    # (its candidates as they were before the counts changed: no pick)
                    found = report.standing(picked=False)
                else:  # decided again from its candidates; the team waits for the report
                    eligible, reasons = _reslotted(report, self.index, counted, self.rules,
                                                   seat)
                    found = report.standing(decide_lead(report.facts, self.index,
                                                        self.rules, eligible, reasons,
                                                        no_bridge))
            else:  # no report: the standing alone (the worklist's first showing)
                facts = self.facts.get(household_id)
                if facts is None:
                    raise NotFoundError(f"no household with id {household_id!r}")
                # (the standing it replaces, made of the same facts; the agencies whose
                # lead count changed since; whether those counts only rose)
                was, counted, rose = self._was.get(household_id, _NOT_HELD)
                if was is not None and rose and was.pick is not None:
                    found = _after_rises(was, facts, self.index, counted, self._recounted,
                                         _floor(self._floors, was.pick, facts,
                                                self._leading(facts), self.index,
                                                self.rules, self._sides))
                if found is None:
                    pick = self.picker.pick(facts)
                    best = pick.best
                    if (was is not None and was.current not in counted
                            and was.recommended == (best.agency_id if best else None)):
                        # the same best candidate, and the current lead's count (its
                        # over_capacity) as it was: the decision is the one made before
                        found = replace(was, pick=pick)
                    else:
                        # (after counts alone changed, the reasons the standing had, its
                        # current lead's over_capacity counted again: made afresh they
                        # cost a third of the thousands of decisions an office that comes
                        # over its capacity changes)
                        reasons = None
                        if was is not None and rose:
                            reasons = (recounted_reasons(was.reasons, facts, self.index,
                                                         (household_id,), self._recounted)
                                       if was.current in counted else was.reasons)
                        found = lead_standing(facts, self.index, self.rules,
                                              self.rows[household_id].risk_score, pick,
                                              was.gaps if was is not None else None,
                                              reasons)
        else:
            found = report.standing()
        # named first: a standing another thread can see is named already (a following
        # edit finds the standings it may change through the names)
        _name(self._named, household_id, found)
        with self._lock:
            found = self._standings.setdefault(household_id, found)
        return found

    @property
    def picker(self) -> LeadPicker:
        """The best lead candidates against this index (:class:`LeadPicker`: its rankings
        are made once, for every household after)."""
        if self._picker is None:
            with self._lock:
                if self._picker is None:  # made once: a cache, as the dicts beside it
                    object.__setattr__(self, "_picker", LeadPicker(self.index, self.rules,
                                                                   self._leading))
        return self._picker

    def _leading(self, facts: HouseholdFacts) -> frozenset[str]:
        """The agencies leading the household: its links (what the index's leads are made
        of)."""
        return self.links.get(facts.household_id, _NO_LINKS)[1]

    def standings(self, household_ids: Iterable[str] | None = None
                  ) -> dict[str, LeadStanding]:
        """The standings of these households (all, by id, when ``None``)."""
        ids = sorted(self.facts) if household_ids is None else household_ids
        return {h: self.standing(h) for h in ids}

    @property
    def ready_reports(self) -> int:
        """How many reports are made already (the rest are made when asked for)."""
        return len(self._reports)

    def wards(self) -> dict[str, str]:
        """Every household's ward, by id."""
        return {h: r.ward for h, r in self.rows.items()}


def household_links(facts: HouseholdFacts, agencies: Mapping[str, Agency],
                    rules: Rules) -> Links:
    """The household's part of the agency index: the agencies with an active tie of a
    support kind *from* the agency to the household or a member (any strength), and of those
    the ones whose tie is a lead support tie: what
    :func:`~netsupport.analysis.agency_network.build_agency_index` reads for this household.
    """
    supporters: set[str] = set()
    leads: set[str] = set()
    for o in facts.ties:
        tie = o.tie
        if (not o.active or tie.source_id != o.other_id or o.other_id not in agencies
                or tie.kind == TieKind.COLLABORATION
                or tie.kind not in rules.facts.support_tie_kinds):
            continue
        supporters.add(o.other_id)
        if tie.kind == TieKind.SUPPORT and tie.role == Role.LEAD:
            leads.add(o.other_id)
    return frozenset(supporters), frozenset(leads)


def compute_city(store: Store, rules: Rules, as_of: date,
                 progress: Callable[[str], None] | None = None) -> CityResults:
    """Everything from scratch: the scan's read of the city and its agency graph, facts in
    bulk, one index, with the cyclic garbage collector paused
    (:func:`~netsupport.queries.collector_paused`: it would walk the growing city again and
    again; 19.5 s of CPU against 13.8 s at 80,000 households, before the lighter read).

    ``progress`` is told each step's code (``read``, ``facts``, ``index``) as it begins,
    for a progress display.
    """
    with collector_paused():
        return _compute_city(store, rules, as_of, progress)


def _compute_city(store: Store, rules: Rules, as_of: date,
                  progress: Callable[[str], None] | None) -> CityResults:
    say = progress or (lambda step: None)
    version = store.data_version()  # read first: a write during the reads is seen next time
    say("read")
    # the scan's part of the city gives every household's facts (the same facts as the
    # whole city: the stores' contract), the agency graph the rest the index needs
    part = store.scan_network()
    graph = store.agency_graph()
    say("facts")
    facts = dict(bundle_facts(part, rules, as_of))
    del part
    rows = {h: scan_row(f, rules) for h, f in facts.items()}
    say("index")
    agencies = {a.agency_id: a for a in graph.agencies}
    collaborations = frozenset(_collaborations(graph, agencies, as_of))
    links = {h: household_links(f, agencies, rules) for h, f in facts.items()}
    del graph
    index = agency_index_from(as_of, agencies, *_index_inputs(links), collaborations)
    return CityResults(version, as_of, rules, MappingProxyType(facts), MappingProxyType(rows),
                       _ranked(rows.values()), index, MappingProxyType(links), collaborations,
                       MappingProxyType(dict.fromkeys(facts, version)),
                       _restaged({}, {}, facts, facts, rules), full=True,
                       recomputed=frozenset(facts), _shown=_shown_by(facts))


def _collaborations(city: Bundle, agencies: Mapping[str, Agency],
                    as_of: date) -> Iterable[tuple[str, str]]:
    for tie in city.ties:
        u, v = tie.source_id, tie.target_id
        if (tie.kind == TieKind.COLLABORATION and u in agencies and v in agencies and u != v
                and tie.active_on(as_of)):
            yield (min(u, v), max(u, v))


def _index_inputs(links: Mapping[str, Links]) -> tuple[dict[str, frozenset[str]],
                                                       dict[str, set[str]]]:
    supporters = {h: s for h, (s, _) in links.items() if s}
    leads: dict[str, set[str]] = {}
    for h, (_, led) in links.items():
        for a in led:
            leads.setdefault(a, set()).add(h)
    return supporters, leads


def _rank(row: ScanRow) -> tuple[int, str]:
    """A row's place in the scan: highest risk first, then by id (unique per household)."""
    return (-row.risk_score, row.household_id)


def _ranked(rows: Iterable[ScanRow]) -> tuple[ScanRow, ...]:
    return tuple(sorted(rows, key=_rank))


@dataclass(frozen=True, slots=True)
class _Reranking:
    """A scan order not made yet: ``ranked`` (made from the rows ``before``) with the rows
    of ``households`` moved to where the rows of the results that hold it put them."""

    ranked: tuple[ScanRow, ...]
    before: Mapping[str, ScanRow]
    households: frozenset[str]


def _ranking_after(old: CityResults, rows: Mapping[str, ScanRow],
                   touched: Collection[str]) -> tuple[ScanRow, ...] | _Reranking:
    """The scan order of the results after ``touched`` households' rows became ``rows``:
    the old one when every touched row is as it was (a contact that changes no figure),
    else the old one with these households to move, when asked for (:attr:`~CityResults.ranked`)."""
    if all(old.rows.get(h) == rows.get(h) for h in touched):
        return old._ranking
    ranking = old._ranking
    if isinstance(ranking, _Reranking):
        return _Reranking(ranking.ranked, ranking.before, ranking.households | touched)
    return _Reranking(ranking, old.rows, frozenset(touched))


def _reranked(ranked: tuple[ScanRow, ...], before: Mapping[str, ScanRow],
              after: Mapping[str, ScanRow], households: Collection[str]
              ) -> tuple[ScanRow, ...]:
    """The scan after these households' rows changed (``before`` → ``after``; absent:
    none): each old row taken out and each new one put in its place by bisection, not the
    whole city sorted again (80,000 rows, on every click after an edit)."""
    if len(households) > 1000:
        return _ranked(after.values())
    rows = list(ranked)
    for hid in households:
        if hid in before:
            del rows[bisect_left(rows, _rank(before[hid]), key=_rank)]
    for hid in households:
        if hid in after:
            insort(rows, after[hid], key=_rank)
    return tuple(rows)


def advance_city(old: CityResults, store: Store, changes: Changes,
                 progress: Callable[[str], None] | None = None) -> CityResults:
    """The results after ``changes`` (``store.changes_since(old.version)``), recomputing
    only what they touched; from scratch when they cannot be followed (see the module
    docstring)."""
    if changes.full:
        return compute_city(store, old.rules, old.as_of, progress)
    if not changes:
        with old._lock:
            return replace(old, version=changes.version, full=False, recomputed=frozenset(),
                           dropped=frozenset(), since=old.version,
                           _reports=dict(old._reports),
                           _standings=Memo(old._standings.snapshot()), _lock=threading.Lock())
    rules, as_of = old.rules, old.as_of
    agencies = old.index.agencies
    collaborations = old.collaborations
    # agencies added by a merge import, or whose record it changed (a sheet updating its
    # capacity, kind, ward, ages or name): followed as below; one removed (only a replacing
    # load removes one) is computed afresh
    recorded: dict[str, Agency] = {}
    showing: set[str] = set()  # the households whose network shows a changed agency
    # (the index of those, made with the city: 0.2 s at 80,000 households)
    shown = old._shown if old._shown is not None else _shown_by(old.facts)
    if changes.agencies:
        # a changed agency: its record and its collaboration ties
        linked = store.agency_links(sorted(changes.agencies))
        records = {a.agency_id: a for a in linked.agencies}
        if any(a not in records for a in changes.agencies):
            return compute_city(store, rules, as_of, progress)
        recorded = {a: records[a] for a in changes.agencies if agencies.get(a) != records[a]}
        if recorded:
            showing = {h for a in recorded for h in shown.get(a, ())
                       if h in old.facts and a in old.facts[h].agencies}
            if recorded.keys() <= agencies.keys():  # the same agencies, in the same order
                agencies = MappingProxyType({a: recorded.get(a, record)
                                             for a, record in agencies.items()})
            else:  # one came: in its place by id, as the index holds them
                agencies = MappingProxyType(dict(sorted({**agencies, **recorded}.items())))
        collaborations = frozenset(
            {p for p in old.collaborations if not changes.agencies.intersection(p)}
            | set(_collaborations(linked, agencies, as_of)))
    fresh: dict[str, HouseholdFacts] = {}
    for hid in sorted(changes.households):
        try:
            network = store.household_network(hid)
        except NotFoundError:
            continue  # removed
        fresh[hid] = household_facts(to_graph(network), hid, rules, as_of)
    # the records the households read again hold are the index's (else an agency changed
    # outside the feed: computed afresh)
    if any(agencies.get(a) != record for f in fresh.values() for a, record in f.agencies.items()):
        return compute_city(store, rules, as_of, progress)
    # a recorded agency's households: its record put in their facts (what their networks
    # read again would give), the others' records as they were, the index's
    laid_in = showing.difference(changes.households)
    for hid in laid_in:
        fresh[hid] = with_records(old.facts[hid], recorded, rules)
    for hid, f in fresh.items():  # (only added to, under the cache's lock: see _shown)
        before = old.facts.get(hid)
        for aid in f.agencies:
            if before is None or aid not in before.agencies:
                shown.setdefault(aid, []).append(hid)

    touched = {h for h in changes.households | showing if h in old.facts or h in fresh}
    # A household that only shows an agency whose sheet kept its kind, ward and ages (a new
    # capacity or name: the monthly sheet's usual change) takes the new record in its
    # facts, and keeps its scan row and links (no rule of the row reads a capacity or a
    # name; the links read ids) and its lead standing, followed like every other
    # household's (its seat, what it judges agencies by, is the same): made again, the
    # standings of the 27,000 households that show a mental health centre cost 6 s
    followed = all(keeps_its_place(old.index.agencies.get(a), record)
                   for a, record in recorded.items())
    relaid = laid_in if followed else set()
    restood = touched.difference(relaid)
    # the kept mappings shared, the touched households laid on top (no city-sized copy:
    # a new 80,000-entry container costs the garbage collector's next walks far more than
    # its making, see netsupport.layered)
    new_facts, new_rows, new_links = {}, {}, {}
    for hid in touched:
        if hid in fresh:
            new_facts[hid] = fresh[hid]
            if hid not in relaid:
                new_rows[hid] = scan_row(fresh[hid], rules)
                new_links[hid] = household_links(fresh[hid], agencies, rules)
        else:
            new_facts[hid] = new_rows[hid] = new_links[hid] = GONE
    facts = Layered.over(old.facts, new_facts)
    rows = Layered.over(old.rows, new_rows)
    links = Layered.over(old.links, new_links)
    index, counted, relinked = patch_index(
        old.index, {h: (old.links.get(h, _NO_LINKS), links.get(h, _NO_LINKS))
                    for h in restood}, old.collaborations ^ collaborations, agencies)
    # a changed record is judged again wherever a changed lead count is (as a candidate of
    # every household whose stage prefers its old or new kind, as the current lead of the
    # households it leads), and never only "rose"
    judged = counted | recorded.keys()
    stages = _restaged(old.stages, old.facts, facts, touched, rules)
    with old._lock:  # another session may be adding a report to the old results
        kept = dict(old._reports)
    # with the touched households in it (tens of thousands of ids after a new lead: no copy
    # made without them): they are taken out of every kept mapping below first, so the
    # loops over it find nothing of theirs
    depending = _depending_on(judged, relinked, old, index, kept, facts, stages, rules,
                              touched)
    # copied whole (one C call each), then only the households the change reaches moved:
    # a contact recorded costs the city nothing in Python
    reports = kept
    stale: dict[str, tuple[HouseholdReport, frozenset[str], bool]] = dict(old._stale)
    for hid in touched:
        reports.pop(hid, None)
        stale.pop(hid, None)
    if recorded:
        # a report reads agency records beyond its lead candidates (its team's backups):
        # every kept one is made again when asked for (a process keeps the few viewed)
        reports.clear()
        stale.clear()
    # a new lead reaches tens of thousands of households at a city's scale, of which few
    # have a report kept: each loop below walks the smaller side (set.intersection walks
    # its argument, probing the set)
    for hid in depending.intersection(reports):
        stale[hid] = (reports.pop(hid), frozenset(), False)
    for hid in depending.intersection(stale):
        report, before, moved = stale[hid]
        stale[hid] = (report, before | counted, moved or relinked)
    with old._lock:  # the standings held now (only those made since the last edit copied)
        held = old._standings.snapshot()
    gone = set(restood)
    # An agency whose lead count only rose (a new lead), or whose sheet only lowered its
    # capacity or renamed it, sorts lower than before among a household's candidates, or
    # drops out: it cannot become the recommended lead. It changes a decision only where it
    # was the recommended lead (it may fall behind) or the current one (over_capacity).
    # One whose lead count fell (a lead ended or handed over) sorts higher: it is compared
    # with the kept standings' best candidates it may beat (netsupport.fallen), and becomes
    # the recommended lead of few. Every other standing is kept as it is.
    # A sheet that changes an agency's capacity (or name) alone moves it the same way: a
    # capacity raised as a lead count that fell, a capacity lowered as one that rose; what
    # decides is the headroom, which the sort key holds.
    fell = {a for a in judged if a in old.index.agencies and a in index.agencies
            and _room(index, a) < _room(old.index, a)}
    beaten: set[str] = set()
    moved: dict[str, LeadStanding] = {}  # the beaten whose new pick is known
    floors = old._floors
    sides: dict = {}  # (what the floors' bounds read of the new index, kept for each)
    if judged:  # a changed agency graph alone (relinked) changes no standing
        if followed:
            if fell:
                beaten, moved, floors = after_falls(
                    fell, held, restood, stages, facts, index, rules, old._named, shown,
                    lambda h: links.get(h, _NO_LINKS)[1], floors, sides)
                gone |= beaten | moved.keys()
            # the households whose standing names one of them, from the index of names
            # (a walk over 80,000 standings cost 30 ms on every click after a new lead): as
            # the current lead, made again where its over_capacity reason may change (an
            # office leading thousands, well within its capacity, changes none of theirs);
            # as the recommended lead, checked here against the pick (the same standing
            # where the best holds: most of the 10,000 households a large office is
            # recommended to, which made again one by one cost 0.3 s on the lead page)
            # An agency that fell only sorts higher: where it is the best, the pick holds
            # (every other agency judged rose, or fell and was compared above), and its
            # households are looked at only where it leads them and its over_capacity
            # reason may change (a handover away from an office recommended to 9,700
            # households checked each of their picks: half the follow at 80,000)
            recount = {a for a in judged if a in recorded or _over_capacity(old.index, a)
                       or _over_capacity(index, a)}
            rose = judged - fell
            for hid in [h for a in judged if a in rose or a in recount
                        for h in _named_by(old._named, a, a in recount)]:
                standing = held.get(hid)
                if standing is None or hid in gone or hid not in depending:
                    continue
                if standing.current in recount or (standing.recommended in rose and not _holds(
                        standing, facts[hid], judged, index, links, floors, rules, sides)):
                    gone.add(hid)
        else:
            gone.update(depending.intersection(held))
    # carried into the new results without those (no copy of the city's standings)
    standings = Memo(Layered.over(held, {hid: GONE for hid in gone if hid in held}))
    # a standing dropped is made again from its pick where the pick can tell (every agency
    # judged again only rose or fell, and none that fell beats its best), else picked again
    was = {h: (s, c | judged, r and followed and not fell) for h, (s, c, r) in old._was.items()
           if h not in restood and h not in held}
    was.update((h, (moved.get(h, held[h]), judged, followed and h not in beaten))
               for h in gone if h not in restood and h in held)
    named = old._named
    if _names(named) > 4 * len(standings) + NAMED_SLACK:
        named = _names_of(standings)  # the index grew stale: made again, for these on
    stamps = Layered.over(old.stamps, {hid: changes.version if hid in facts else GONE
                                       for hid in touched})
    new = CityResults(changes.version, as_of, rules, facts,
                      rows, _ranking_after(old, rows, touched),
                      index, links, collaborations, stamps,
                      MappingProxyType(stages), full=False,
                      recomputed=frozenset(fresh), dropped=depending,
                      since=old.version, restanded=frozenset(gone),
                      relaid=frozenset(relaid),
                      _reports=reports, _seats=_without(old._seats, touched), _stale=stale,
                      _standings=standings, _named=named, _was=was, _shown=shown,
                      _floors=floors, _sides=sides)
    if old._picker is not None:  # only the judged agencies ranked again
        object.__setattr__(new, "_picker", old._picker.patched(index, judged, new._leading))
    return new


def _holds(standing: LeadStanding, facts: HouseholdFacts, counted: Collection[str],
           index: AgencyIndex, links: Mapping[str, Links], floors: Floors, rules: Rules,
           sides: dict) -> bool:
    """Whether a kept standing's pick holds after the lead counts of ``counted`` agencies
    rose (or fell, its best among them), or their capacities fell, and nothing else changed
    (:meth:`~netsupport.analysis.lead.Pick.after_rises`, read against ``floors``): its
    recommended lead is the same, and so is the standing when its current lead's reasons
    are (:func:`_after_rises`)."""
    pick = standing.pick
    if pick is None:
        return False
    floor = _floor(floors, pick, facts, links.get(facts.household_id, _NO_LINKS)[1], index,
                   rules, sides)
    return pick.after_rises(counted, index, (facts.household_id,), floor) is not None


def _floor(floors: Floors, pick: Pick, facts: HouseholdFacts, leading: Collection[str],
           index: AgencyIndex, rules: Rules, sides: dict
           ) -> Callable[[], tuple | None] | None:
    """The bound of a kept pick's next best as it stands now, to read when asked
    (:meth:`~netsupport.fallen.Floors.bound`; ``leading``: the agencies leading the
    household), or ``None`` when no agency's lead count fell since the city was computed."""
    if not floors:
        return None
    return partial(floors.bound, pick, facts, leading, effective_stage(facts, rules), index,
                   rules, sides=sides)


def _over_capacity(index: AgencyIndex, agency_id: str) -> bool:
    """Whether the agency leads more households than its capacity (the households it leads
    have the reason over_capacity, with its count)."""
    record = index.agencies.get(agency_id)
    return (record is not None and record.capacity is not None
            and index.lead_count(agency_id) > record.capacity)


def keeps_its_place(old: Agency | None, new: Agency) -> bool:
    """Whether an agency's new record keeps its kind, ward and ages (its capacity and its
    name may change): as any household's lead candidate it then moves only with its
    headroom, as with its lead count (a capacity lowered sorts it lower, like a lead count
    that rose: :meth:`~netsupport.analysis.lead.Pick.after_rises`; one raised sorts it
    higher, like a lead count that fell: :mod:`netsupport.fallen`)."""
    return old is not None and replace(new, capacity=old.capacity, name=old.name) == old


def _room(index: AgencyIndex, agency_id: str) -> float:
    """The agency's lead count less its capacity (its headroom, negated; -inf for no
    capacity): what its place among a household's candidates moves with, its kind, ward and
    ages kept."""
    record = index.agencies[agency_id]
    if record.capacity is None:
        return -math.inf
    return index.lead_count(agency_id) - record.capacity


def _after_rises(was: LeadStanding, facts: HouseholdFacts, index: AgencyIndex,
                 counted: Collection[str], made: dict[tuple, HandoverReason],
                 floor: Callable[[], tuple | None] | None = None) -> LeadStanding | None:
    """The standing of the same facts as ``was`` after the lead counts of ``counted``
    agencies only rose (new leads elsewhere) or their capacities fell
    (:func:`keeps_its_place`), from its pick alone (``was.pick``,
    :meth:`~netsupport.analysis.lead.Pick.after_rises`): the recommended lead checked
    against the next best's key, the current lead's over_capacity counted again
    (:func:`~netsupport.analysis.lead.recounted_reasons`), no agency of the city judged
    again (``made``: the over_capacity reasons made for these results, shared; ``floor``:
    its next best's bound as it stands now, asked only when read,
    :class:`~netsupport.fallen.Floors`). ``None`` when the best candidate must be found
    again."""
    inner = (facts.household_id,)  # the index counts households by id (household_links)
    pick = was.pick.after_rises(counted, index, inner, floor)
    if pick is None:
        return None
    recommended = pick.best.agency_id if pick.best is not None else None
    reasons = (recounted_reasons(was.reasons, facts, index, inner, made)
               if was.current in counted else was.reasons)
    if recommended == was.recommended and reasons == was.reasons:
        return was
    return LeadStanding(was.household_id, was.ward, was.risk_score, was.gaps, was.current,
                        recommended, lead_action(was.current, recommended, reasons), reasons,
                        was.status, pick)


def repatched(report: HouseholdReport, index: AgencyIndex, counted: Collection[str],
              relinked: bool, rules: Rules,
              seat: Callable[[], LeadSeat] | None = None,
              bridge: Callable[[HouseholdFacts, str, str], tuple[str, ...]] | None = None
              ) -> HouseholdReport:
    """A household's report (its facts unchanged) after the lead counts of ``counted``
    agencies changed and, with ``relinked``, the agency graph's links: exactly what
    :func:`~netsupport.analysis.analyse_facts` would give with the new index.

    Each counted agency is judged again as this household's candidate and the candidates
    re-sorted (:class:`~netsupport.analysis.lead.LeadSeat`); when the current lead's own
    count changed, its reasons are read again. When the recommended lead or the reasons
    changed, the decision is made again from those candidates
    (:func:`~netsupport.analysis.lead.decide_lead`), and the team only when its lead
    changed (nothing else of the decision or of the index's counts and links is read by
    :func:`~netsupport.analysis.team.mini_team`). Otherwise only a handover's bridge is
    found again. ``bridge`` finds a bridge (as
    :func:`~netsupport.analysis.lead.handover_bridge`; :meth:`CityResults.bridge` keeps
    one per pair of agencies).
    """
    lead = report.lead
    eligible, reasons = _reslotted(report, index, counted, rules, seat)
    recommended = eligible[0].agency_id if eligible else None
    if reasons != lead.reasons or recommended != lead.recommended:
        decided = decide_lead(report.facts, index, rules, eligible, reasons, bridge)
        team = (report.team if decided.team_lead == lead.team_lead
                else mini_team(report.facts, report.gaps, decided, index, rules))
        return replace(report, lead=decided, team=team)
    path = lead.bridge
    if relinked and lead.action == HANDOVER:
        path = (bridge(report.facts, lead.current, lead.recommended) if bridge is not None
                else handover_bridge(report.facts, index, rules, lead.current,
                                     lead.recommended))
    if eligible is lead.eligible and path == lead.bridge:
        return report
    return report.with_lead(lead.with_candidates(eligible, path))


def _reslotted(report: HouseholdReport, index: AgencyIndex, counted: Collection[str],
               rules: Rules, seat: Callable[[], LeadSeat] | None
               ) -> tuple[tuple[LeadCandidate, ...], tuple[HandoverReason, ...]]:
    """The household's candidates after the lead counts of ``counted`` agencies changed
    (each judged again and put in its place; the report's own tuple when none moved), and
    the current lead's reasons (read again when its own count changed)."""
    lead = report.lead
    reasons = lead.reasons
    if lead.current is not None and lead.current in counted:
        reasons = handover_reasons(report.facts, index, rules)
    eligible = lead.eligible
    preferred = rules.lead.preferred_kinds[lead.stage]
    judged = [a for a in counted
              if a in index.agencies and index.agencies[a].kind in preferred]
    if judged:
        judge = seat() if seat is not None else LeadSeat.of(report.facts, rules)
        candidates = list(eligible)
        moved = False
        for aid in judged:
            new = judge.candidate(aid, index.agencies[aid], index)
            at = next((i for i, c in enumerate(candidates) if c.agency_id == aid), None)
            if new == (candidates[at] if at is not None else None):
                continue
            if at is not None:
                del candidates[at]
            if new is not None:
                insort(candidates, new, key=LeadCandidate.sort_key)
            moved = True
        if moved:
            eligible = tuple(candidates)
    return eligible, reasons


def same_decision(report: HouseholdReport, index: AgencyIndex, counted: Collection[str],
                  rules: Rules, seat: Callable[[], LeadSeat] | None = None) -> bool:
    """Whether the household's lead decision (recommended lead, reasons, so the action) is
    what ``report`` says after the lead counts of ``counted`` agencies changed: what
    :func:`repatched` would find, without making the new candidates list.

    The current lead's reasons are read again when its own count changed. The new
    recommended lead is the best of the counted agencies judged again and the best of the
    report's other candidates (unchanged, and sorted: the first of them not counted).
    A changed agency graph moves only a handover's bridge, never the decision.
    """
    lead = report.lead
    if lead.current is not None and lead.current in counted and handover_reasons(
            report.facts, index, rules) != lead.reasons:
        return False
    preferred = rules.lead.preferred_kinds[lead.stage]
    judged = {a for a in counted if a in index.agencies and index.agencies[a].kind in preferred}
    if not judged:
        return True
    judge = seat() if seat is not None else LeadSeat.of(report.facts, rules)
    best = next((c for c in lead.eligible if c.agency_id not in judged), None)
    for aid in judged:
        new = judge.candidate(aid, index.agencies[aid], index)
        if new is not None and (best is None or new.sort_key() < best.sort_key()):
            best = new
    return (best.agency_id if best is not None else None) == lead.recommended


def _co_supporting(facts: HouseholdFacts, rules: Rules) -> set[str]:
    """The agencies the bridge links through this household (``lead._co_supporters``)."""
    return {o.other_id for o in facts.ties
            if o.active and o.tie.kind in rules.facts.support_tie_kinds
            and isinstance(o.other, Agency)}


#: How many more names than four per kept standing the index of names may hold before it is
#: made again (a new lead's standings are made again with new names; the old stay).
NAMED_SLACK = 1000


def _name(named: Named, household_id: str, standing: LeadStanding) -> None:
    """Note the standing's lead agencies in the index :attr:`CityResults._named`: its
    recommended lead by its ward and whether its pick's best is tied to it
    (:data:`~netsupport.fallen.TIED` or :data:`~netsupport.fallen.UNTIED`; without a pick,
    :data:`~netsupport.fallen.OTHER`), its current lead when another
    (:data:`~netsupport.fallen.CURRENT`), and under ``None`` when it recommends none or
    holds no pick (each ``setdefault`` and ``add`` one step under the GIL: safe beside
    another session's)."""
    pick, ward = standing.pick, standing.ward
    if standing.recommended is not None:
        tag = OTHER if pick is None else TIED if pick.best.has_tie else UNTIED
        named.setdefault(standing.recommended, {}).setdefault((ward, tag), set()).add(
            household_id)
    if standing.current is not None and standing.current != standing.recommended:
        named.setdefault(standing.current, {}).setdefault((ward, CURRENT), set()).add(
            household_id)
    if standing.recommended is None or pick is None:
        named.setdefault(None, {}).setdefault((ward, OTHER), set()).add(household_id)


def _named_by(named: Named, agency: str | None, current: bool = True) -> list[str]:
    """The households the index of names holds under an agency, in every ward, those it
    leads and does not recommend only when ``current`` (copied: another session may be
    adding to them)."""
    return [h for (_, how), households in list(named.get(agency, {}).items())
            if current or how != CURRENT for h in frozenset(households)]


def _names(named: Named) -> int:
    """How many names the index of names holds."""
    return sum(len(households) for wards in list(named.values())
               for households in list(wards.values()))


def _shown_by(facts: Mapping[str, HouseholdFacts]) -> dict[str, list[str]]:
    """The index :attr:`CityResults._shown` of these facts."""
    shown: dict[str, list[str]] = {}
    for hid, f in facts.items():
        for aid in f.agencies:
            shown.setdefault(aid, []).append(hid)
    return shown


def _names_of(standings: Mapping[str, LeadStanding]) -> Named:
    """The index :attr:`CityResults._named` of these standings alone."""
    named: Named = {}
    for hid, standing in list(standings.items()):
        _name(named, hid, standing)
    return named


def _without(kept: Mapping[str, LeadSeat], households: Collection[str]) -> dict[str, LeadSeat]:
    """A copy of ``kept`` without ``households`` (``dict(d)`` copies a dict of str keys in
    one step under the GIL, safe while another session adds to it)."""
    copy = dict(kept)
    for hid in households:
        copy.pop(hid, None)
    return copy


def _restaged(stages: Mapping[Stage, frozenset[str]], before: Mapping[str, HouseholdFacts],
              after: Mapping[str, HouseholdFacts], households: Iterable[str],
              rules: Rules) -> dict[Stage, frozenset[str]]:
    """The households by stage after these households' facts changed (``before`` →
    ``after``): only the stages they leave or join are made again."""
    moved: dict[Stage, set[str]] = {}
    gone: dict[Stage, set[str]] = {}
    for hid in households:
        was = effective_stage(before[hid], rules) if hid in before else None
        now = effective_stage(after[hid], rules) if hid in after else None
        if was == now:
            continue
        if was is not None:
            gone.setdefault(was, set()).add(hid)
        if now is not None:
            moved.setdefault(now, set()).add(hid)
    out = dict(stages)
    for stage in set(moved) | set(gone):
        out[stage] = (out.get(stage, frozenset()) - gone.get(stage, set())) | moved.get(
            stage, set())
    return out


def _depending_on(counted: Collection[str], relinked: bool, old: CityResults,
                  index: AgencyIndex, kept: Mapping[str, HouseholdReport],
                  facts: Mapping[str, HouseholdFacts],
                  stages: Mapping[Stage, frozenset[str]], rules: Rules,
                  touched: Collection[str]) -> SetUnion:
    """The households whose report reads what changed in the index: the lead count or the
    record of ``counted`` agencies (a candidate of a kind its stage prefers, the kind it
    had in ``old`` or has in ``index``; the current lead's reasons), and, when a link of
    the agency graph appeared or went (``relinked``), the bridge of every handover; and the
    ``touched`` households themselves.

    ``stages`` hold the households of ``facts`` only (:func:`_restaged`); the others, from
    before the change, are kept only when ``facts`` still holds them. The stages' own sets
    are read through, not copied: after an office's new lead they hold tens of thousands of
    households, and a new set of them was a city-sized container for the garbage collector
    to walk on the next click."""
    staged: list[frozenset[str]] = []
    others: set[str] = set()
    if counted:
        kinds = {records[a].kind for records in (old.index.agencies, index.agencies)
                 for a in counted if a in records}
        for stage, preferred in rules.lead.preferred_kinds.items():
            if kinds & set(preferred):
                staged.append(stages.get(stage, frozenset()))
        for a in counted:
            others |= old.index.lead_targets.get(a, frozenset())
    if relinked:
        others |= {h for h, r in kept.items() if r.lead.action == HANDOVER}
        others |= {h for h, (r, _, _) in old._stale.items() if r.lead.action == HANDOVER}
    extra = {h for h in others.difference(*staged) if h in facts}
    return SetUnion([*staged, extra.union(touched)])


def patch_index(index: AgencyIndex, changed: Mapping[str, tuple[Links, Links]],
                collaborations: Collection[tuple[str, str]] = (),
                agencies: Mapping[str, Agency] | None = None
                ) -> tuple[AgencyIndex, frozenset[str], bool]:
    """The index after some households' links changed (``changed``: household → (old links,
    new links)) and some collaborations began or ended (``collaborations``: the pairs whose
    collaboration flips), without rebuilding it; with ``agencies``, the index's agencies
    with some records changed or some added (a merge import's), sorted by id as the index
    holds them (an added one becomes a node of the graph).

    Returns the new index, the agencies whose lead count changed, and whether a link of the
    agency graph appeared or went. The new index equals
    :func:`~netsupport.analysis.agency_network.agency_index_from` of the new links: the
    edge attributes and the order of every node's neighbours (sorted) included. Its graph
    shares the old one's untouched parts (see :func:`_patched_graph`).
    """
    # only the touched agencies' sets are copied (at 80,000 households copying every
    # agency's leads was most of the patch's time)
    targets: dict[str, frozenset[str]] = dict(index.lead_targets)
    counted: set[str] = set()
    pairs: dict[tuple[str, str], set[str]] = {}  # pair -> households that left or joined it
    for hid, ((old_s, old_l), (new_s, new_l)) in changed.items():
        for a in old_l - new_l:
            targets[a] = targets.get(a, frozenset()) - {hid}
            counted.add(a)
        for a in new_l - old_l:
            targets[a] = targets.get(a, frozenset()) | {hid}
            counted.add(a)
        old_pairs = set(combinations(sorted(old_s), 2))
        new_pairs = set(combinations(sorted(new_s), 2))
        for pair in old_pairs ^ new_pairs:
            pairs.setdefault(pair, set()).add(hid)
    flipped = set(collaborations)
    for pair in flipped:
        pairs.setdefault(pair, set())
    graph = index.graph
    edges: dict[tuple[str, str], dict | None] = {}
    relinked = False
    for (a, b), moved in pairs.items():
        data = graph.get_edge_data(a, b)
        households = set(data["households"]) if data else set()
        households ^= moved
        collaboration = bool(data and data["collaboration"]) != ((a, b) in flipped)
        if households or collaboration:
            edges[(a, b)] = agency_link(tuple(sorted(households)), collaboration)
        else:
            edges[(a, b)] = None
        relinked |= (data is None) != (edges[(a, b)] is None)
    if all(targets.get(a) and a in index.lead_targets for a in counted):
        kept_order = targets  # the same agencies lead: in their order already, no sort
    else:
        kept_order = {a: t for a, t in sorted(targets.items()) if t}
    same = agencies is None or agencies is index.agencies
    came = not same and len(agencies) != len(index.agencies)  # an agency added
    new = AgencyIndex(
        as_of=index.as_of,
        agencies=index.agencies if same else agencies,
        lead_targets=MappingProxyType(kept_order),
        graph=(_patched_graph(graph, edges, agencies if came else None) if edges or came
               else graph),
    )
    if same and "by_kind" in index.__dict__:  # the same records (a cached_property of them)
        new.__dict__["by_kind"] = index.__dict__["by_kind"]
    held = index.__dict__.get("lead_counts")  # its cached_property, when made
    if held is not None and not came and all(a in index.agencies for a in counted):
        # the same agencies: only the counted ones' counts change (the agency page ranks
        # the busiest leads on every run, and 4,800 counts made again after every new lead
        # were a third of its ranking's time)
        counts = dict(held)
        counts.update((a, new.lead_count(a)) for a in counted)
        new.__dict__["lead_counts"] = MappingProxyType(counts)
    return new, frozenset(counted), relinked


def _patched_graph(graph: nx.Graph, edges: Mapping[tuple[str, str], dict | None],
                   nodes: Iterable[str] | None = None) -> nx.Graph:
    """A new graph: ``graph`` with these edges set (``None``: removed); with ``nodes``, the
    graph's nodes and any new ones, in that order (an agency added: a fresh index adds
    every agency, sorted, before the links).

    Copying an agency graph costs seconds at 80,000 households, and one edit changes a few
    edges. So the new graph shares the old one's node records and the neighbour dicts of
    every untouched node (the old graph is never changed: readers on other threads may hold
    it); only the outer adjacency dict and the touched nodes' neighbour dicts are new. This
    uses NetworkX's documented data structure (``G._node``, ``G._adj``: a dict of neighbour
    dicts sharing one attribute dict per edge), set on a fresh graph before any view of it
    exists. Each touched neighbour dict is kept sorted, as
    :func:`~netsupport.analysis.agency_network.agency_index_from` leaves every one (a
    removed or changed neighbour, or one after the last, keeps the order: sorted again only
    where a neighbour was put in before the last).
    """
    new = nx.Graph()
    new.graph.update(graph.graph)
    if nodes is None:
        new._node = graph._node
        adj = dict(graph._adj)
    else:  # the old node records and neighbour dicts shared, new ones empty
        nodes = list(nodes)
        new._node = {n: graph._node.get(n, {}) for n in nodes}
        adj = {n: graph._adj.get(n, {}) for n in nodes}
    touched: set[str] = set()
    unsorted: set[str] = set()
    for (a, b), data in edges.items():
        for u in (a, b):
            if u not in touched:
                adj[u] = dict(adj[u])
                touched.add(u)
        if data is None:
            adj[a].pop(b, None)
            adj[b].pop(a, None)
        else:
            for u, v in ((a, b), (b, a)):
                links = adj[u]
                if v not in links and links and v < next(reversed(links)):
                    unsorted.add(u)  # a new neighbour before the last: sorted again below
                links[v] = data
    for u in unsorted:  # an office's thousands of neighbours: only where one was put in
        adj[u] = dict(sorted(adj[u].items()))
    new._adj = adj
    return new


class CityCache:
    """The city results of one store, per as-of day, kept up to date from the change feed.

    Thread-safe: one lock guards the advance, so two sessions asking at once wait for one
    computation instead of making two. ``keep`` days are kept (the least recently used goes).

    With ``freeze`` (the app's: a long-lived process whose heap is mostly the city), every
    full computation ends with :func:`gc.freeze`: the city's objects, hundreds of thousands
    at 5,000 households and millions at 80,000, are moved out of the garbage collector's
    generations. Python's full (generation 2) collection walks every tracked object; with the
    city in it, one such collection costs 0.5 s at 5,000 households (seconds at 80,000), and
    it runs whenever enough new objects have survived, so it landed on an ordinary click
    (seen in the acceptance test: the lead worklist after an edit elsewhere, 0.6 s against
    0.05 s warm, only in a process already holding more objects). Frozen, the city costs the
    collector nothing; it is still freed by reference counting when no longer used. After a
    full computation the frozen objects are handed back (:func:`gc.unfreeze`), so that the
    results it replaced can be collected, then collected once and frozen again. Reports are
    made when first asked for, so a page that asks for thousands at once (the lead worklist)
    freezes them too (:meth:`reports`), after collecting what is not frozen (the garbage of
    the moment must not be frozen with them: it would never be collected).
    """

    #: Reports made afresh in one call of :meth:`reports` from which they are frozen.
    FREEZE_REPORTS = 1000

    def __init__(self, store: Store, rules: Rules, *, keep: int = 3, freeze: bool = False):
        self.store = store
        self.rules = rules
        self.keep = keep
        self.freeze = freeze
        self._days: OrderedDict[date, CityResults] = OrderedDict()
        self._lock = threading.Lock()
        self._warming: threading.Thread | None = None
        self._warm_lock = threading.Lock()
        self._standing = threading.Lock()
        #: The step (``read``, ``facts``, ``index``) of the full computation under way, for
        #: a page that waits for one another thread started (``None``: none under way).
        self.step: str | None = None

    def results(self, as_of: date, version: int | None = None,
                progress: Callable[[str], None] | None = None) -> CityResults:
        """The results as of ``as_of`` at the store's data version (``version``, when the
        caller has just read it), advanced from the feed or computed afresh."""
        if version is None:
            version = self.store.data_version()
        held = self._days.get(as_of)
        if held is not None and held.version >= version:
            return held
        with self._lock:
            held = self._days.get(as_of)
            if held is not None and held.version >= version:
                return held
            if held is None:
                def step(code: str) -> None:
                    self.step = code
                    if progress is not None:
                        progress(code)
                try:
                    new = compute_city(self.store, self.rules, as_of, step)
                finally:
                    self.step = None
            else:
                new = advance_city(held, self.store, self.store.changes_since(held.version),
                                   progress)
            self._days[as_of] = new
            self._days.move_to_end(as_of)
            while len(self._days) > self.keep:
                self._days.popitem(last=False)
            if new.full:
                self._prime(new.version)
                if self.freeze:
                    del held
                    _settle()
            else:  # an agency's record in thousands of households: their new facts frozen
                self._freeze_after(len(new.recomputed), locked=True)
            return new

    def _prime(self, version: int) -> None:
        """Ask the store once, now, what the first click after an edit will ask it (the
        feed, an agency's links), so that that click does not wait for it to be prepared:
        Neo4j plans a statement again after a load has changed its data (measured after a
        load of 5,000 households on a quiet server: 33 ms for each of these two on first
        use against 2-6 ms after; several times that on a busy machine). Cheap on SQLite.
        Both answers are thrown away."""
        self.store.changes_since(version)
        self.store.agency_links([])

    def reports(self, city: CityResults, household_ids: Iterable[str] | None = None
                ) -> dict[str, HouseholdReport]:
        """``city.reports(household_ids)``; with ``freeze``, the reports are frozen out of
        the collector's walks when many were made afresh (not when stale ones were only
        brought up to date: that makes few new objects, and a collection would cost the
        click more than it saves)."""
        ids = sorted(city.facts) if household_ids is None else list(household_ids)
        fresh = sum(1 for h in ids if h not in city._reports and h not in city._stale)
        made = city.reports(ids)
        self._freeze_after(fresh)
        return made

    def standings(self, city: CityResults, household_ids: Iterable[str] | None = None
                  ) -> dict[str, LeadStanding]:
        """``city.standings(household_ids)`` (the lead worklist's), frozen as :meth:`reports`
        freezes reports when many were made afresh."""
        ids = sorted(city.facts) if household_ids is None else list(household_ids)
        with self._standing:  # made once: the background thread's, or a page's
            fresh = sum(1 for h in ids if h not in city._standings and h not in city._reports
                        and h not in city._stale)
            made = city.standings(ids)
        self._freeze_after(fresh)
        return made

    def _freeze_after(self, fresh: int, *, locked: bool = False) -> None:
        """With ``freeze``, when ``fresh`` reports or facts were made at once: what is not
        frozen collected, then frozen, under :attr:`_lock` (``locked``: the caller holds
        it; it is not reentrant)."""
        if self.freeze and fresh >= self.FREEZE_REPORTS:
            with nullcontext() if locked else self._lock:
                gc.collect()
                gc.freeze()

    def held(self, as_of: date) -> CityResults | None:
        """The results kept for the day, whatever their version (``None``: none yet)."""
        return self._days.get(as_of)

    def warm(self, as_of: date, then: Iterable[Callable[[CityResults], object]] = ()
             ) -> threading.Thread | None:
        """Compute the day's results in a thread of their own, so that nobody waits for them
        who does not need them yet: the app starts this while the first user of the day signs
        in (16 s at 80,000 households), and again when the day changes.

        Returns the thread computing them (this call's, or one already under way: one at a
        time), or ``None`` when the day's results are held. A page that needs them waits for
        the thread (showing :attr:`step`) and then asks :meth:`results`, which finds them
        held, follows the feed from them, or -- when the thread failed -- computes them
        itself and raises the error where the page shows it. The thread says nothing of a
        failure: its error may name a household, and the console logs nothing personal.

        ``then``: what else the thread makes of the results once they are held (the app's
        first pages' city-wide reports), each in turn; a page asking for one meanwhile waits
        for it under its own lock rather than making it twice.
        """
        with self._warm_lock:
            if self._warming is not None and self._warming.is_alive():
                return self._warming
            if as_of in self._days:
                return None
            thread = threading.Thread(target=self._warm, args=(as_of, tuple(then)),
                                      daemon=True, name="netsupport-city")
            self._warming = thread
            thread.start()
            return thread

    def settle(self, timeout: float | None = None) -> None:
        """Wait for the background computation under way, if any (its follow-ups included):
        for a measurement that must not share the CPU with it, and for tests."""
        thread = self._warming
        if thread is not None:
            thread.join(timeout)

    def _warm(self, as_of: date, then: tuple[Callable[[CityResults], object], ...]) -> None:
        try:
            results = self.results(as_of)
        except Exception:  # noqa: BLE001 -- the page that asks next computes again, says it
            return
        for make in then:
            with suppress(Exception):
                make(results)

    def only(self, as_of: date) -> None:
        """Forget every day's results but ``as_of``'s: at the day change, before the new
        day is computed, so that one process never holds two cities (1.9 GiB each at 80,000
        households with every report). A session still on another day computes it again."""
        with self._lock:
            for day in [d for d in self._days if d != as_of]:
                del self._days[day]


#: Whether this process has frozen a city yet (:func:`_settle`).
_frozen_once = False


def _settle() -> None:
    """Every live object, the city's new results among them, out of the collector's
    generations (see :class:`CityCache`): what was frozen before is handed back and
    collected first, so that results a full computation replaced do not stay frozen.

    Except the process's first city: nothing of a city was frozen before, and computing one
    leaves no cyclic garbage (a collection right after found none at 20,000 households),
    so that collection -- a walk of every object of the new city, 2.7 s at 80,000
    households, on the first page's wait -- would find only what other threads left during
    the computation (the collector paused). That is frozen with the city, and collected at
    the next full computation, which hands everything back first.
    """
    global _frozen_once
    if _frozen_once:
        gc.unfreeze()
        gc.collect()
    _frozen_once = True
    gc.freeze()
