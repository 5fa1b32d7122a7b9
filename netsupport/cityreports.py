"""City-wide reports made from the city's kept results, so that an edit elsewhere does not
read the city again: the agency report of the 関係機関ネットワーク page (the whole city, or
one ward's households), and the dashboard's 親なき後 forecast.

:mod:`netsupport.citycache` keeps every household's facts, their links to agencies and the
agency index, and brings them up to date from the change feed. The agency report is a
function of exactly those (:func:`~netsupport.analysis.city.agency_report_of`), so it is
made from them: the same report as :func:`netsupport.queries.city_agencies` reads from the
store (a test compares the two, for the city and for every ward), without the read. What is
per household and costs most, the open gaps, is kept per household and found again only
for a household whose facts were recomputed (a new facts object); the brokers (betweenness
over the agency graph) are kept per shape of the graph and found again only when an
agency or a link came or went.

The forecast's row of a household depends on that household's own facts only (its
parents' ties end, its own supports are judged again), so :class:`Forecasts` keeps the rows
with the data version each household last changed at (the city results' ``stamps``) and, after
an edit, simulates again only the households whose stamp moved, from their kept facts (no
read of the store, however many moved: a merge import of hundreds of households, or an
agency's record shown in thousands): the same forecast as
:func:`~netsupport.analysis.forecast.after_parents_forecast` over the whole city (a test
compares the two).
"""

from __future__ import annotations

import threading
import weakref
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from types import MappingProxyType

import networkx as nx

from .analysis import ScanRow
from .analysis.agency_network import (
    AgencyIndex,
    Broker,
    SoleSupport,
    WardShortage,
    agency_index_from,
    broker_scores,
    links_within,
    over_capacity,
    strongest_partners,
)
from .analysis.city import AgencyReport
from .analysis.facts import HouseholdFacts
from .analysis.forecast import (
    Forecast,
    ForecastRow,
    after_parents_forecast,
    forecast_rank,
    parents_gone,
)
from .analysis.gaps import Gap, open_gaps
from .analysis.simulation import add_years
from .citycache import CityResults
from .model import WARDS, Agency, AgencyKind, Bundle, Household, Person, Tie, TieKey
from .rules import Rules

__all__ = ["AgencyReports", "Forecasts", "ward_index", "AgencyPart", "AgencyParts",
           "agency_part", "ScanCounts", "count_scan", "ScanCounter", "changed_households",
           "link_count"]

#: Parts of the agency graph kept (graph, ward, kinds, households): a few sessions' filters.
_PARTS_KEPT = 16

#: Agency graph shapes whose brokers are kept: the city's and a few wards'.
_SHAPES_KEPT = 32

#: Forecasts kept (as-of day, parent age, years): the dashboard's few choices.
_FORECASTS_KEPT = 16

#: Above this many changed rows a kept forecast is ranked again in one sort rather than
#: each row moved (a merge import of many households, an agency's record in thousands).
_RERANK_MAX = 256


@dataclass
class _Tally:
    """What each household of one report (the city's, or a ward's) gives it, and the sums:
    the agency it depends on alone, and its (ward, needed kind, gap code) shortages. Kept
    so that an edit takes out and adds again the changed households' parts only (at 80,000
    households, going over every household again cost more than the page)."""

    facts: Mapping[str, HouseholdFacts]
    agencies: Mapping[str, Agency]
    rules: Rules
    version: int = -1
    sole: dict[str, str] = field(default_factory=dict)
    short: dict[str, tuple[tuple[str, AgencyKind, str], ...]] = field(default_factory=dict)
    sole_by: dict[str, set[str]] = field(default_factory=dict)
    short_households: dict[tuple[str, AgencyKind], Counter] = field(default_factory=dict)
    short_codes: dict[tuple[str, AgencyKind], Counter] = field(default_factory=dict)
    #: the sums as last made, until a household's part of them changes (most edits: none)
    _sole_made: tuple[SoleSupport, ...] | None = None
    _short_made: tuple[WardShortage, ...] | None = None

    @cached_property
    def present(self) -> dict[AgencyKind, set[str | None]]:
        """The wards with an agency of each kind (``None``: an agency of no ward)."""
        found: dict[AgencyKind, set[str | None]] = {}
        for agency in self.agencies.values():
            found.setdefault(agency.kind, set()).add(agency.ward)
        return found

    def add(self, f: HouseholdFacts, gaps: tuple[Gap, ...],
            present: Mapping[AgencyKind, set[str | None]]) -> None:
        hid = f.household_id
        if (f.household.status not in self.rules.gaps.closed_statuses
                and len(f.supports) == 1 and f.supports[0].is_agency):
            agency = f.supports[0].support_id
            self.sole[hid] = agency
            self.sole_by.setdefault(agency, set()).add(hid)
            self._sole_made = None
        ward = f.household.ward
        parts = tuple((ward, kind, gap.code) for gap in gaps for kind in gap.needs
                      if not ({ward, None} & present.get(kind, set())))
        if parts:
            self._short_made = None
            self.short[hid] = parts
            for w, kind, code in parts:
                self.short_households.setdefault((w, kind), Counter())[hid] += 1
                self.short_codes.setdefault((w, kind), Counter())[code] += 1

    def remove(self, hid: str) -> None:
        agency = self.sole.pop(hid, None)
        if agency is not None:
            self._sole_made = None
            self.sole_by[agency].discard(hid)
            if not self.sole_by[agency]:
                del self.sole_by[agency]
        parts = self.short.pop(hid, ())
        if parts:
            self._short_made = None
        for w, kind, code in parts:
            for counts, key in ((self.short_households[(w, kind)], hid),
                                (self.short_codes[(w, kind)], code)):
                counts[key] -= 1
                if counts[key] <= 0:
                    del counts[key]
            if not self.short_households[(w, kind)]:
                del self.short_households[(w, kind)]
                del self.short_codes[(w, kind)]

    def sole_support(self) -> tuple[SoleSupport, ...]:
        if self._sole_made is None:
            rows = [SoleSupport(a, tuple(sorted(h))) for a, h in self.sole_by.items()]
            self._sole_made = tuple(sorted(rows, key=lambda r: (-len(r.households),
                                                                r.agency_id)))
        return self._sole_made

    def ward_shortages(self) -> tuple[WardShortage, ...]:
        if self._short_made is None:
            order = {w: i for i, w in enumerate(WARDS)}
            keys = sorted(self.short_households,
                          key=lambda k: (order.get(k[0], len(order)), k[0], k[1].value))
            self._short_made = tuple(
                WardShortage(w, k, tuple(sorted(self.short_households[w, k])),
                             tuple(sorted(self.short_codes[w, k]))) for w, k in keys)
        return self._short_made


class AgencyReports:
    """The agency reports of one city cache's results; thread-safe, one per store and
    process (as the city cache)."""

    def __init__(self) -> None:
        # per household: the facts its gaps were found from, and those gaps
        self._gaps: dict[str, tuple[HouseholdFacts, tuple[Gap, ...]]] = {}
        # per shape of an agency graph (with the number of brokers asked for): its brokers
        self._brokers: dict[tuple, tuple[Broker, ...]] = {}
        # per agency graph object (held, so that its id is not reused) and number asked for
        self._brokers_by_graph: dict[tuple[int, int], tuple[nx.Graph, tuple[Broker, ...]]] = {}
        # per number of brokers: the graph they were last found for (the city's, mostly)
        self._brokers_last: dict[int, tuple[nx.Graph, tuple[Broker, ...]]] = {}
        # per day and report (None: the city's, else a ward's): each household's part of it
        self._tallies: dict[tuple[date, str | None], _Tally] = {}
        self._lock = threading.Lock()

    def report(self, results: CityResults, ward: str | None = None,
               top: int | None = None, *, brokers: bool = True) -> AgencyReport:
        """The agency report of the city (or of ``ward``'s households), as
        ``queries.city_agencies`` gives it at the results' version and day.

        Its sole supports and ward shortages are brought up to date from the households
        whose facts changed since the last report of the same ``ward``. With ``brokers``
        false, the brokers are those already found for this agency graph, or none
        (:meth:`brokers_held` says which): on a large graph they take seconds to find
        again after a new link, and the page asks for them only when they are shown."""
        index = results.index if ward is None else ward_index(results, ward)
        with self._lock:
            tally = self._tally(results, ward, index)
            sole, shortages = tally.sole_support(), tally.ward_shortages()
        top = results.rules.agency_report.top_brokers if top is None else top
        found = (self._brokers_of(index, results.rules, top) if brokers
                 else self._held(index.graph, top) or ())
        return AgencyReport(as_of=index.as_of, sole_support=sole, brokers=found,
                            over_capacity=over_capacity(index), ward_shortages=shortages,
                            agencies=index.graph.number_of_nodes(),
                            links=link_count(index.graph))

    def brokers_held(self, index: AgencyIndex, rules: Rules, top: int | None = None) -> bool:
        """Whether the brokers of this index's graph are found already (a report with
        ``brokers=False`` then holds them)."""
        top = rules.agency_report.top_brokers if top is None else top
        return self._held(index.graph, top) is not None

    def _held(self, graph: nx.Graph, top: int) -> tuple[Broker, ...] | None:
        with self._lock:
            held = self._brokers_by_graph.get((id(graph), top))
        return held[1] if held is not None and held[0] is graph else None

    def _tally(self, results: CityResults, ward: str | None, index: AgencyIndex) -> _Tally:
        """The report's tally brought up to the results (called under the lock)."""
        facts, rules = results.facts, results.rules
        tally = self._tallies.get((results.as_of, ward))
        if tally is None or tally.agencies is not index.agencies or tally.rules is not rules:
            tally = _Tally(facts, index.agencies, rules)
            changed = [f for f in facts.values() if ward is None or f.household.ward == ward]
            gone: Iterable[str] = self._gaps.keys() - facts.keys()
        else:
            moved = changed_households(results, tally.version, tally.facts, facts)
            for hid in moved:
                tally.remove(hid)
            changed = [facts[h] for h in moved
                       if h in facts and (ward is None or facts[h].household.ward == ward)]
            gone = [h for h in moved if h not in facts]
            tally.facts = facts
        tally.version = results.version
        gaps = self._gaps_locked(changed, rules)
        for f in changed:
            tally.add(f, gaps[f.household_id], tally.present)
        self._tallies[(results.as_of, ward)] = tally
        for hid in gone:
            self._gaps.pop(hid, None)
        return tally

    def _brokers_of(self, index: AgencyIndex, rules: Rules, top: int) -> tuple[Broker, ...]:
        """The brokers of the index's graph, found again only when its agencies or links
        changed: betweenness depends on nothing else, and most edits change neither (a new
        lead to a pair of agencies already linked changes a weight, not the shape)."""
        graph = index.graph
        held = self._held(graph, top)
        if held is not None:
            return held
        with self._lock:
            last = self._brokers_last.get(top)
        if last is not None and _same_shape(last[0], graph):
            held = last[1]
        else:
            shape = (top, frozenset(graph.nodes), frozenset(map(frozenset, graph.edges)))
            with self._lock:
                held = self._brokers.get(shape)
            if held is None:
                held = broker_scores(index, top, rules)
                with self._lock:
                    if len(self._brokers) >= _SHAPES_KEPT:  # the oldest goes first
                        del self._brokers[next(iter(self._brokers))]
                    self._brokers[shape] = held
        with self._lock:
            if len(self._brokers_by_graph) >= _SHAPES_KEPT:
                del self._brokers_by_graph[next(iter(self._brokers_by_graph))]
            self._brokers_by_graph[(id(graph), top)] = (graph, held)
            if graph.number_of_nodes() == index.graph.number_of_nodes():
                self._brokers_last[top] = (graph, held)
        return held

    def _gaps_locked(self, facts: list[HouseholdFacts],
                     rules: Rules) -> dict[str, tuple[Gap, ...]]:
        out: dict[str, tuple[Gap, ...]] = {}
        for f in facts:
            held = self._gaps.get(f.household_id)
            if held is None or held[0] is not f:
                held = (f, tuple(open_gaps(f, rules)))
                self._gaps[f.household_id] = held
            out[f.household_id] = held[1]
        return out


_LINK_COUNTS: weakref.WeakKeyDictionary[nx.Graph, int] = weakref.WeakKeyDictionary()


def link_count(graph: nx.Graph) -> int:
    """``graph.number_of_edges()``, counted once per graph: NetworkX counts the links by
    walking every node's degree (5 ms for the city's agency graph), and the agency page
    asks on every run. An index's graph is never changed (an edit makes a new one)."""
    count = _LINK_COUNTS.get(graph)
    if count is None:
        count = _LINK_COUNTS[graph] = graph.number_of_edges()
    return count


def _same_shape(before: nx.Graph, after: nx.Graph) -> bool:
    """Whether two graphs have the same nodes and links (weights aside), in time of the
    nodes, not the links: an index patched after an edit shares the neighbour dict of
    every agency the edit did not touch (:func:`netsupport.citycache.patch_index`), and
    only the others' neighbours are compared."""
    old, new = before._adj, after._adj  # NetworkX's documented structure
    if len(old) != len(new):
        return False
    for node, links in new.items():
        was = old.get(node)
        if was is not links and (was is None or was.keys() != links.keys()):
            return False
    return True


def removed_keys(old: Mapping[str, object], new: Mapping[str, object],
                 read: Iterable[str]) -> Collection[str]:
    """The keys of ``old`` that ``new`` lacks, when every key ``new`` gained is among
    ``read`` (the households read again): the difference of two city-sized key sets is made
    only when the sizes say a key went (after most edits none did, and it cost milliseconds
    at 80,000 households on every click)."""
    gained = sum(1 for h in read if h not in old)
    return old.keys() - new.keys() if len(old) + gained != len(new) else ()


def changed_households(results: CityResults, version: int, old: Mapping[str, object],
                       new: Mapping[str, object]) -> list[str]:
    """The households whose entry differs between ``old`` (the facts or the scan rows of
    the results at ``version``) and ``new`` (the same mapping of ``results``), removed ones
    included.

    When ``results`` were brought up to date from those at ``version``, a household's facts
    and row are new objects only if it was read again (``recomputed``) or removed: only
    those are compared (a new lead reaches thousands of reports, but the facts of one
    household). Otherwise every entry is compared, by identity (a kept household keeps its
    objects)."""
    if version == results.version and old is new:
        return []  # the same results asked again (a report per ward, with brokers or not)
    if results.since is not None and results.since == version:
        candidates = results.recomputed.union(removed_keys(old, new, results.recomputed))
        return sorted(h for h in candidates if old.get(h) is not new.get(h))
    moved = [h for h, value in new.items() if old.get(h) is not value]
    return moved + sorted(old.keys() - new.keys())


def ward_index(results: CityResults, ward: str) -> AgencyIndex:
    """The agency index of one ward's households, as
    :func:`~netsupport.analysis.agency_network.build_agency_index` builds it from
    ``store.city_network(ward)``: every agency, the leads and co-supports of the ward's
    households only, and no collaboration link (that network holds the ties of the ward's
    households, not the ties between agencies)."""
    supporters: dict[str, frozenset[str]] = {}
    leads: dict[str, set[str]] = {}
    for hid, f in results.facts.items():
        if f.household.ward != ward:
            continue
        supporting, leading = results.links[hid]
        if supporting:
            supporters[hid] = supporting
        for agency in leading:
            leads.setdefault(agency, set()).add(hid)
    return agency_index_from(results.as_of, results.index.agencies, supporters, leads, ())


def _losing_parents(results: CityResults, parent_age: int, years: int,
                    households: Iterable[str]) -> list[str]:
    """Those of ``households`` (still in the city) whose subject loses a parent in the
    forecast (``years`` on): the only ones with a row, named by the forecast's own rule
    (:func:`parents_gone`) from the results' facts."""
    day = add_years(results.as_of, years) if years >= 0 else results.as_of
    facts = results.facts
    return sorted(h for h in households
                  if (f := facts.get(h)) is not None and parents_gone(f, day, parent_age))


def _households_part(results: CityResults, households: Iterable[str]) -> Bundle:
    """These households as the results' facts hold them: each household, its members, its
    ties to outside it and the records at their far ends -- all a forecast reads of a
    household (the scan's part of the city, :meth:`~netsupport.storage.base.Store.
    scan_network`, cut to them), so their rows are those of the whole city, and nothing is
    read from the store again."""
    agencies: dict[str, Agency] = {}
    homes: dict[str, Household] = {}
    people: dict[str, Person] = {}
    ties: dict[TieKey, Tie] = {}
    for hid in households:
        facts = results.facts[hid]
        homes[hid] = facts.household
        people.update((p.person_id, p) for p in facts.members)
        for o in facts.ties:
            ties[o.tie.key] = o.tie  # a tie between two of them comes with each
            other = o.other
            if isinstance(other, Agency):
                agencies[o.other_id] = other
            elif isinstance(other, Household):
                homes.setdefault(o.other_id, other)
            elif isinstance(other, Person):
                people.setdefault(o.other_id, other)
    return Bundle(agencies=list(agencies.values()), households=list(homes.values()),
                  people=list(people.values()), ties=list(ties.values()))


@dataclass
class _Kept:
    """One forecast's rows (``None``: the household loses no parent), each with the stamp
    of the household's network it was made from."""

    day: date
    rows: dict[str, ForecastRow | None] = field(default_factory=dict)
    stamps: dict[str, int] = field(default_factory=dict)
    version: int = -1  # of the results last brought in
    ranked: tuple[ForecastRow, ...] | None = None  # the rows ranked (None: to rank again)


class Forecasts:
    """The 親なき後 forecasts of one process's city results; thread-safe, one per store and
    process."""

    def __init__(self) -> None:
        self._kept: dict[tuple, _Kept] = {}
        self._lock = threading.Lock()

    def forecast(self, results: CityResults, parent_age: int, years: int) -> Forecast:
        """The whole city's forecast (:func:`after_parents_forecast`, no ward) at the
        results' version and day: every parent of ``parent_age`` or over gone in ``years``."""
        key = (results.as_of, parent_age, years, id(results.rules))
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and results.since is not None and results.since == kept.version:
                # brought up to date from the results last brought in: only the households
                # read again can have a new stamp (after a new lead: one, not 80,000); those
                # whose facts only took an agency's new capacity or name keep their rows (no
                # rule of a row reads either), with the new stamp: simulated again, the
                # 27,000 households that show a mental health centre cost 6 s
                stale = []
                for h in sorted(results.recomputed):
                    if kept.stamps.get(h) != results.stamps.get(h):
                        if h in results.relaid and h in kept.stamps:
                            kept.stamps[h] = results.stamps[h]
                        else:
                            stale.append(h)
            else:
                stale = [h for h, stamp in results.stamps.items()
                         if kept is None or kept.stamps.get(h) != stamp]
            if kept is None:
                day, rows = _forecast_rows(results, results.facts, parent_age, years)
                kept = _Kept(day)
                self._remember(kept, rows, results.stamps, results.stamps)
            else:
                gone = removed_keys(kept.rows, results.stamps, stale)
                rows = _forecast_rows(results, stale, parent_age, years)[1] if stale else ()
                before = {h: kept.rows.get(h) for h in (*stale, *gone)}
                self._remember(kept, rows, {h: results.stamps[h] for h in stale},
                               results.stamps)
                if len(before) > _RERANK_MAX:
                    kept.ranked = None  # ranked again below: one sort, not thousands of moves
                elif kept.ranked is not None:  # the few rows moved, not 12,000 sorted again
                    ranked = list(kept.ranked)
                    for row in before.values():
                        if row is not None:
                            del ranked[bisect_left(ranked, forecast_rank(row),
                                                   key=forecast_rank)]
                    for h in before:
                        row = kept.rows.get(h)
                        if row is not None:
                            insort(ranked, row, key=forecast_rank)
                    kept.ranked = tuple(ranked)
            kept.version = results.version
            if len(self._kept) >= _FORECASTS_KEPT and key not in self._kept:
                del self._kept[next(iter(self._kept))]  # the oldest goes first
            self._kept[key] = kept
            if kept.ranked is None:
                kept.ranked = tuple(sorted((r for r in kept.rows.values() if r is not None),
                                           key=forecast_rank))
            rows = kept.ranked
        return Forecast(results.as_of, kept.day, years, parent_age, None, len(results.facts),
                        rows)

    @staticmethod
    def _remember(kept: _Kept, rows, made: Mapping[str, int], current: Mapping[str, int]
                  ) -> None:
        """Take ``rows`` for the households of ``made`` (with their stamps); forget the
        households the city no longer holds."""
        found = {r.household_id: r for r in rows}
        for hid, stamp in made.items():
            kept.rows[hid] = found.get(hid)
            kept.stamps[hid] = stamp
        for gone in kept.rows.keys() - current.keys():
            del kept.rows[gone]
            del kept.stamps[gone]


def _forecast_rows(results: CityResults, households: Iterable[str], parent_age: int,
                   years: int) -> tuple[date, tuple[ForecastRow, ...]]:
    """The forecast's day and the rows of these households (those still in the city), made
    from the results' facts: only the households whose subject loses a parent are simulated,
    and nothing is read from the store.

    A household's row depends on its own facts alone: households share no member and no tie
    (a family tie joins two members of one household, a support or informal tie an agency or
    an informal contact to a household), and no agency or contact departs. So the rows of a
    few households are those the whole city's simulation gives them."""
    losing = _losing_parents(results, parent_age, years, households)
    forecast = after_parents_forecast(_households_part(results, losing), results.rules,
                                      results.as_of, parent_age=parent_age, years=years)
    return forecast.as_of_after, forecast.rows


@dataclass(eq=False)
class AgencyPart:
    """The part of the agency graph a page's filters keep (:func:`agency_part`): its
    agencies with a link and the links among them, and the agencies left with none.

    ``chosen`` holds every agency kept, linked or not; ``graph`` (made when first asked
    for) only the linked ones, what a map draws. The counts need neither copy."""

    chosen: nx.Graph = field(repr=False)
    unlinked: tuple[str, ...]
    agencies: int
    links: int
    #: the same filters' part of the graph before the last edit (its rankings are reused)
    previous: AgencyPart | None = field(default=None, repr=False)
    _strongest: dict[int, nx.Graph] = field(default_factory=dict, repr=False)
    #: per number of links: each agency's neighbour dict and its strongest links in it
    _ranked: dict[int, dict[str, tuple[dict, tuple]]] = field(default_factory=dict,
                                                              repr=False)
    #: each agency's neighbour dict and the sum of its links' weight (:attr:`shared`)
    _sums: dict[str, tuple[dict, float]] = field(default_factory=dict, repr=False)

    @cached_property
    def graph(self) -> nx.Graph:
        """The linked agencies and their links (a graph of its own, not a view: the map
        walks it several times, and a filtered view of a large graph costs its whole
        size at every step)."""
        if not self.unlinked:
            return self.chosen
        kept = nx.Graph(self.chosen)
        kept.remove_nodes_from(self.unlinked)
        return kept

    @cached_property
    def shared(self) -> Mapping[str, float]:
        """Each linked agency's households shared with the others: the sum of its links'
        ``weight`` (the key agencies' fourth ranking,
        :func:`netsupport.viz.agency_map.key_agencies`; ``graph.degree(weight="weight")``),
        made once: 0.1 s for the 79,000 links of a 20,000-household city, on every rerun
        otherwise. After an edit an agency whose neighbour dict the index's graph still
        shares with the previous part keeps its sum (as :meth:`strongest` keeps its
        ranking): at 80,000 households 50 ms on the first click after every new lead."""
        before = self.previous._sums if self.previous is not None else {}
        sums = self._sums
        for node, links in self.graph._adj.items():  # NetworkX's documented structure
            old = before.get(node)
            if old is not None and old[0] is links:
                sums[node] = old
                continue
            total = sum(d.get("weight", 1) for d in links.values())
            if node in links:  # a self-loop counts twice, as in a degree
                total += links[node].get("weight", 1)
            sums[node] = (links, total)
        return MappingProxyType({node: total for node, (_, total) in sums.items()})

    def strongest(self, per_agency: int | None) -> nx.Graph:
        """:attr:`graph` with each agency's ``per_agency`` strongest links only
        (:func:`netsupport.viz.strongest_links`; ``None``: every link), made once.

        An agency's strongest links depend on its own links alone; after an edit the
        index's graph shares the neighbour dict of every agency the edit did not touch
        (:func:`netsupport.citycache.patch_index`), so their ranking is taken from the
        previous part and only the touched agencies are ranked again (at 5,000
        households: half of the page's time after a new lead)."""
        if not per_agency:
            return self.graph
        held = self._strongest.get(per_agency)
        if held is not None:
            return held
        graph = self.graph
        before = self.previous._ranked.get(per_agency, {}) if self.previous else {}
        ranked: dict[str, tuple[dict, tuple]] = {}
        kept = nx.Graph()
        kept.add_nodes_from(graph.nodes(data=True))
        adjacency = graph._adj  # NetworkX's documented structure (see patch_index)
        for node in graph.nodes:
            links = adjacency[node]
            old = before.get(node)
            if old is not None and old[0] is links:
                top = old[1]
            else:
                top = tuple(strongest_partners(links, per_agency))
            ranked[node] = (links, top)
            for other, data in top:
                kept.add_edge(node, other, **data)
        self._ranked[per_agency] = ranked
        self._strongest[per_agency] = kept
        return kept


def agency_part(graph: nx.Graph, agencies: Mapping[str, Agency], ward: str | None,
                kinds: Collection[str] = (),
                households: Collection[str] | None = None) -> AgencyPart:
    """The agencies of ``ward`` (and the city-wide ones, which serve every ward) and of
    ``kinds`` (all when none is given), with the links among them; with ``households`` (a
    member of staff's), links count those households only
    (:func:`~netsupport.analysis.agency_network.links_within`). An agency with no link left
    is set apart: it says nothing about the network, and a force layout would throw it to
    the far edge.

    Nothing is copied when the filters keep the whole graph (the supervisor's city-wide
    view): at 80,000 households the graph has 380,000 links.

    >>> from netsupport.model import AgencyKind
    >>> g = nx.Graph([("A1", "A2"), ("A2", "A3")]); g.add_node("A4")
    >>> agencies = {a: Agency(a, a, AgencyKind.CLINIC, ward) for a, ward in
    ...             (("A1", "北区"), ("A2", None), ("A3", "西区"), ("A4", "北区"))}
    >>> part = agency_part(g, agencies, None)
    >>> (part.agencies, part.links, part.unlinked, sorted(part.graph))
    (3, 2, ('A4',), ['A1', 'A2', 'A3'])
    >>> part = agency_part(g, agencies, "北区")
    >>> (part.agencies, part.links, part.unlinked, sorted(part.graph.edges))
    (2, 1, ('A4',), [('A1', 'A2')])
    """
    base = graph if households is None else links_within(
        graph, frozenset(households).__contains__)
    wanted = set(kinds)
    keep = [a for a, agency in agencies.items()
            if a in base and (ward is None or agency.ward in (ward, None))
            and (not wanted or agency.kind.value in wanted)]
    if len(keep) == base.number_of_nodes():
        chosen = base
    else:
        chosen = nx.Graph()
        chosen.graph.update(base.graph)
        chosen.add_nodes_from((a, base.nodes[a]) for a in keep)
        kept = set(keep)
        adjacency = base.adj
        chosen.add_edges_from((u, v, d) for u in keep for v, d in adjacency[u].items()
                              if v in kept and u < v)
    degrees = {a: len(chosen.adj[a]) for a in chosen}
    unlinked = tuple(sorted(a for a, d in degrees.items() if d == 0))
    return AgencyPart(chosen, unlinked, len(degrees) - len(unlinked),
                      sum(degrees.values()) // 2)


class AgencyParts:
    """The parts of the agency graph the pages' filters keep, each made once per graph:
    an edit that changes no link (a contact, a note, most leads) keeps the index's graph
    object (:func:`netsupport.citycache.patch_index`), so the part is not made again.
    Thread-safe, one per store and process."""

    def __init__(self) -> None:
        self._kept: dict[tuple, tuple[nx.Graph, Mapping, AgencyPart]] = {}
        self._last: dict[tuple, AgencyPart] = {}  # per filters: the latest part made
        self._lock = threading.Lock()

    def part(self, index: AgencyIndex, ward: str | None, kinds: tuple[str, ...] = (),
             households: frozenset[str] | None = None) -> AgencyPart:
        key = (id(index.graph), id(index.agencies), ward, kinds, households)
        with self._lock:
            held = self._kept.get(key)
        # the graph and agencies are held with the part: their ids cannot be reused meanwhile
        if held is not None and held[0] is index.graph and held[1] is index.agencies:
            return held[2]
        part = agency_part(index.graph, index.agencies, ward, kinds, households)
        filters = (ward, kinds, households)
        with self._lock:
            previous = self._last.get(filters)
            if previous is not None:
                previous.previous = None  # one part back at most: no chain of old graphs
            part.previous = previous
            self._last[filters] = part
            if len(self._last) > _PARTS_KEPT:
                del self._last[next(iter(self._last))]
            if len(self._kept) >= _PARTS_KEPT and key not in self._kept:
                del self._kept[next(iter(self._kept))]  # the oldest goes first
            self._kept[key] = (index.graph, index.agencies, part)
        return part


@dataclass(frozen=True, eq=False)
class ScanCounts:
    """What the dashboard counts over the scan rows of a scope: the key figures and the
    counts its charts and ward table are made of. Never changed once made."""

    households: int
    is_8050: int
    isolated_8050: int
    high_risk: int
    no_lead: int
    #: (ward, risk level) → households
    risk: Mapping[tuple[str, str], int] = field(repr=False)
    #: (ward, is 8050) → households with the ``no_lead`` gap open
    without_lead: Mapping[tuple[str, bool], int] = field(repr=False)
    #: (ward, stage code, "" for none) → households
    stage: Mapping[tuple[str, str], int] = field(repr=False)
    #: every ward that has a household in scope
    wards: frozenset[str] = field(repr=False)


def _tally(rows: Iterable[ScanRow], sign: int, totals: Counter, risk: Counter,
           without_lead: Counter, stage: Counter) -> None:
    for r in rows:
        isolated = r.is_8050 and r.isolation != "connected"
        no_lead = "no_lead" in r.gaps
        totals.update({"households": sign, "is_8050": sign * r.is_8050,
                       "isolated_8050": sign * isolated,
                       "high_risk": sign * (r.risk_level == "high"),
                       "no_lead": sign * no_lead, ("ward", r.ward): sign})
        risk[(r.ward, r.risk_level)] += sign
        stage[(r.ward, r.stage or "")] += sign
        if no_lead:
            without_lead[(r.ward, r.is_8050)] += sign


def count_scan(rows: Iterable[ScanRow], previous: ScanCounts | None = None,
               gone: Iterable[ScanRow] = ()) -> ScanCounts:
    """The counts of ``rows``; with ``previous``, the counts of ``previous``'s rows with
    ``gone`` taken out and ``rows`` added (a few changed rows, not the city again).

    >>> from netsupport.analysis import ScanRow
    >>> a = ScanRow("H1", "北区", True, "isolated", 9, "high", "via_family", ("no_lead",))
    >>> b = ScanRow("H1", "北区", True, "connected", 2, "low", "via_family", ())
    >>> one = count_scan([a])
    >>> (one.isolated_8050, one.no_lead, dict(one.risk))
    (1, 1, {('北区', 'high'): 1})
    >>> two = count_scan([b], one, gone=[a])
    >>> (two.households, two.isolated_8050, two.no_lead, dict(two.risk))
    (1, 0, 0, {('北区', 'low'): 1})
    """
    totals, risk, without_lead, stage = Counter(), Counter(), Counter(), Counter()
    if previous is not None:
        totals.update({"households": previous.households, "is_8050": previous.is_8050,
                       "isolated_8050": previous.isolated_8050,
                       "high_risk": previous.high_risk, "no_lead": previous.no_lead})
        risk.update(previous.risk)
        without_lead.update(previous.without_lead)
        stage.update(previous.stage)
        totals.update({("ward", w): n for w, n in _ward_sizes(previous).items()})
    _tally(gone, -1, totals, risk, without_lead, stage)
    _tally(rows, 1, totals, risk, without_lead, stage)

    def kept(counts: Counter) -> dict:
        return {k: n for k, n in counts.items() if n}

    return ScanCounts(totals["households"], totals["is_8050"], totals["isolated_8050"],
                      totals["high_risk"], totals["no_lead"], kept(risk), kept(without_lead),
                      kept(stage), frozenset(k[1] for k, n in totals.items()
                                             if isinstance(k, tuple) and n))


def _ward_sizes(counts: ScanCounts) -> Counter:
    sizes: Counter = Counter()
    for (ward, _), n in counts.stage.items():
        sizes[ward] += n
    return sizes


class ScanCounter:
    """The dashboard's counts per scope, brought up to date from the city's results: the
    rows of households whose scan row is a new object since the counts were made are taken
    out and added again (most edits: one), the city is not counted again. Thread-safe, one
    per store and process."""

    def __init__(self) -> None:
        # per scope: the version and rows mapping counted, and its counts
        self._kept: dict[object, tuple[int, Mapping[str, ScanRow], ScanCounts]] = {}
        self._lock = threading.Lock()

    def counts(self, results: CityResults, scope: object = None,
               keep: Callable[[ScanRow], bool] = lambda row: True) -> ScanCounts:
        """The counts of the results' scan rows that ``keep`` admits; ``scope`` names
        ``keep`` (the same scope, the same admission)."""
        rows = results.rows
        with self._lock:
            held = self._kept.get(scope)
        if held is not None and held[1] is rows:
            return held[2]
        if held is None:
            made = count_scan(r for r in rows.values() if keep(r))
        else:
            old = held[1]
            changed = changed_households(results, held[0], old, rows)
            made = count_scan([rows[h] for h in changed if h in rows and keep(rows[h])],
                              held[2], [old[h] for h in changed if h in old and keep(old[h])])
        with self._lock:
            self._kept[scope] = (results.version, rows, made)
        return made
