"""City-wide reports made from the city's kept results, so that an edit elsewhere does not
read the city again: the agency report of the 関係機関ネットワーク page (the whole city, or
one ward's households).

:mod:`netsupport.citycache` keeps every household's facts, their links to agencies and the
agency index, and brings them up to date from the change feed. The agency report is a
function of exactly those (:func:`~netsupport.analysis.city.agency_report_of`), so it is
made from them: the same report as :func:`netsupport.queries.city_agencies` reads from the
store (a test compares the two, for the city and for every ward), without the read. What is
per household and costs most, the open gaps, is kept per household and found again only
for a household whose facts were recomputed (a new facts object); the brokers (betweenness
over the agency graph) are kept per shape of the graph and found again only when an
agency or a link came or went.
"""

from __future__ import annotations

import threading

from .analysis.agency_network import AgencyIndex, Broker, agency_index_from, broker_scores
from .analysis.city import AgencyReport, agency_report_of
from .analysis.facts import HouseholdFacts
from .analysis.gaps import Gap, open_gaps
from .citycache import CityResults
from .rules import Rules

__all__ = ["AgencyReports", "ward_index"]

#: Agency graph shapes whose brokers are kept: the city's and a few wards'.
_SHAPES_KEPT = 32


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
