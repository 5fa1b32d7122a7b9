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

The forecast's row of a household depends on that household's own network only (its
parents' ties end, its own supports are judged again), so :class:`Forecasts` keeps the rows
with the data version each household last changed at (the city results' ``stamps``) and, after
an edit, simulates again only the households whose stamp moved, from their networks read one
by one: the same forecast as :func:`~netsupport.analysis.forecast.after_parents_forecast`
over the whole city (a test compares the two).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date

from .analysis.agency_network import AgencyIndex, Broker, agency_index_from, broker_scores
from .analysis.city import AgencyReport, agency_report_of
from .analysis.facts import HouseholdFacts
from .analysis.forecast import Forecast, ForecastRow, after_parents_forecast
from .analysis.gaps import Gap, open_gaps
from .citycache import CityResults
from .errors import NotFoundError
from .graph import to_graph
from .model import Bundle
from .rules import Rules
from .storage import Store

__all__ = ["AgencyReports", "Forecasts", "ward_index"]

#: Agency graph shapes whose brokers are kept: the city's and a few wards'.
_SHAPES_KEPT = 32

#: Forecasts kept (as-of day, parent age, years): the dashboard's few choices.
_FORECASTS_KEPT = 16

#: Above this many changed households a forecast reads the whole city in one pass rather
#: than their networks one by one (a merge import of many households, say).
_ONE_BY_ONE_MAX = 200


class AgencyReports:
    """The agency reports of one city cache's results; thread-safe, one per store and
    process (as the city cache)."""

    def __init__(self) -> None:
        # per household: the facts its gaps were found from, and those gaps
        self._gaps: dict[str, tuple[HouseholdFacts, tuple[Gap, ...]]] = {}
        # per shape of an agency graph (with the number of brokers asked for): its brokers
        self._brokers: dict[tuple, tuple[Broker, ...]] = {}
        self._lock = threading.Lock()

    def report(self, results: CityResults, ward: str | None = None,
               top: int | None = None) -> AgencyReport:
        """The agency report of the city (or of ``ward``'s households), as
        ``queries.city_agencies`` gives it at the results' version and day."""
        facts = [f for f in results.facts.values()
                 if ward is None or f.household.ward == ward]
        gaps = self._gaps_of(facts, results)
        index = results.index if ward is None else ward_index(results, ward)
        return agency_report_of(facts, index, results.rules, top, gaps=gaps,
                                brokers=self._brokers_of(index, results.rules, top))

    def _brokers_of(self, index: AgencyIndex, rules: Rules,
                    top: int | None) -> tuple[Broker, ...]:
        """The brokers of the index's graph, found again only when its agencies or links
        changed: betweenness depends on nothing else, and most edits change neither."""
        top = rules.agency_report.top_brokers if top is None else top
        graph = index.graph
        shape = (top, frozenset(graph.nodes), frozenset(map(frozenset, graph.edges)))
        with self._lock:
            held = self._brokers.get(shape)
        if held is None:
            held = broker_scores(index, top, rules)
            with self._lock:
                if len(self._brokers) >= _SHAPES_KEPT:  # the oldest goes first
                    del self._brokers[next(iter(self._brokers))]
                self._brokers[shape] = held
        return held

    def _gaps_of(self, facts: list[HouseholdFacts],
                 results: CityResults) -> dict[str, tuple[Gap, ...]]:
        out: dict[str, tuple[Gap, ...]] = {}
        with self._lock:
            for f in facts:
                held = self._gaps.get(f.household_id)
                if held is None or held[0] is not f:
                    held = (f, tuple(open_gaps(f, results.rules)))
                    self._gaps[f.household_id] = held
                out[f.household_id] = held[1]
            for gone in self._gaps.keys() - results.facts.keys():
                del self._gaps[gone]
        return out


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


@dataclass
class _Kept:
    """One forecast's rows (``None``: the household loses no parent), each with the stamp
    of the household's network it was made from."""

    day: date
    rows: dict[str, ForecastRow | None] = field(default_factory=dict)
    stamps: dict[str, int] = field(default_factory=dict)


class Forecasts:
    """The 親なき後 forecasts of one store's city results; thread-safe, one per store and
    process."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._kept: dict[tuple, _Kept] = {}
        self._lock = threading.Lock()

    def forecast(self, results: CityResults, parent_age: int, years: int) -> Forecast:
        """The whole city's forecast (:func:`after_parents_forecast`, no ward) at the
        results' version and day: every parent of ``parent_age`` or over gone in ``years``."""
        rules, as_of = results.rules, results.as_of
        key = (as_of, parent_age, years, id(rules))
        with self._lock:
            kept = self._kept.get(key)
            stale = [h for h, stamp in results.stamps.items()
                     if kept is None or kept.stamps.get(h) != stamp]
            if kept is None or len(stale) > _ONE_BY_ONE_MAX:
                whole = after_parents_forecast(to_graph(self._store.city_network()), rules,
                                               as_of, parent_age=parent_age, years=years)
                kept = _Kept(whole.as_of_after)
                self._remember(kept, whole.rows, results.stamps, results.stamps)
            elif stale:
                part = after_parents_forecast(to_graph(self._networks(stale)), rules, as_of,
                                              parent_age=parent_age, years=years)
                self._remember(kept, part.rows, {h: results.stamps[h] for h in stale},
                               results.stamps)
            if len(self._kept) >= _FORECASTS_KEPT and key not in self._kept:
                del self._kept[next(iter(self._kept))]  # the oldest goes first
            self._kept[key] = kept
            rows = sorted((r for r in kept.rows.values() if r is not None),
                          key=lambda r: (-r.risk_after, r.household_id))
        return Forecast(as_of, kept.day, years, parent_age, None, len(results.facts),
                        tuple(rows))

    @staticmethod
    def _remember(kept: _Kept, rows, made: dict[str, int], current: dict[str, int]) -> None:
        """Take ``rows`` for the households of ``made`` (with their stamps); forget the
        households the city no longer holds."""
        found = {r.household_id: r for r in rows}
        for hid, stamp in made.items():
            kept.rows[hid] = found.get(hid)
            kept.stamps[hid] = stamp
        for gone in kept.rows.keys() - current.keys():
            del kept.rows[gone]
            del kept.stamps[gone]

    def _networks(self, households: list[str]) -> Bundle:
        """The union of these households' networks (each read in one query; a household
        removed meanwhile is left out: it is gone from the next results too)."""
        agencies, homes, people, ties, events = {}, {}, {}, {}, {}
        for hid in households:
            try:
                net = self._store.household_network(hid)
            except NotFoundError:
                continue
            agencies.update((a.agency_id, a) for a in net.agencies)
            homes.update((h.household_id, h) for h in net.households)
            people.update((p.person_id, p) for p in net.people)
            ties.update((t.key, t) for t in net.ties)
            events.update((e.event_id, e) for e in net.events)
        return Bundle(agencies=list(agencies.values()), households=list(homes.values()),
                      people=list(people.values()), ties=list(ties.values()),
                      events=list(events.values()))
