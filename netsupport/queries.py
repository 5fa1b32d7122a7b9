"""What the CLI and the app ask: a store's data, analysed as of a day.

The one place where a store read meets the analysis, so that the CLI and every page get
the same answer the same way: a household's view reads only its neighbourhood (one store
query) plus the city's agency index (agencies and their ties, no people); the city scan
reads what it needs of the city (or one ward) once (``Store.scan_network``) and screens it
in one pass.

Examples
--------
>>> from datetime import date
>>> from netsupport.storage import open_store
>>> from netsupport.example import seed_example, HOUSEHOLD_ID
>>> from netsupport.rules import load_rules
>>> store = open_store("sqlite:///:memory:")
>>> store.load(seed_example())
>>> view = household_view(store, HOUSEHOLD_ID, load_rules(), date(2026, 11, 1))
>>> "care_manager" in [g.code for g in view.report.gaps]
True
"""

from __future__ import annotations

import gc
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import networkx as nx

from .analysis import (
    AgencyIndex,
    AgencyReport,
    HouseholdReport,
    ScanRow,
    agency_report,
    analyse_household,
    build_agency_index,
    scan_bundle,
)
from .graph import neighbourhood, to_graph
from .model import Bundle
from .rules import Rules
from .storage import Store

__all__ = ["HouseholdView", "agency_index", "household_view", "city_views", "city_scan",
           "city_agencies"]


@dataclass(frozen=True)
class HouseholdView:
    """One household as a case conference sees it: its network, graph and analysis."""

    network: Bundle
    graph: nx.MultiDiGraph
    report: HouseholdReport


def agency_index(store: Store, rules: Rules, as_of: date) -> AgencyIndex:
    """The city's agencies, their current leads and the agency graph (no people read)."""
    return build_agency_index(to_graph(store.agency_ties()), rules, as_of)


def household_view(store: Store, household_id: str, rules: Rules, as_of: date,
                   agencies: AgencyIndex | None = None) -> HouseholdView:
    """Read one household's neighbourhood and analyse it.

    Pass ``agencies`` when it is cached (the app keeps one per data version and day).
    Raises :class:`~netsupport.errors.NotFoundError` for an unknown household.
    """
    network = store.household_network(household_id)
    graph = to_graph(network)
    if agencies is None:
        agencies = agency_index(store, rules, as_of)
    return HouseholdView(network, graph,
                         analyse_household(graph, household_id, agencies, rules, as_of))


def city_views(store: Store, rules: Rules, as_of: date) -> dict[str, HouseholdView]:
    """Every household's view from ONE read of the city, not one query per household.

    Each view is what :func:`household_view` gives for that household (its neighbourhood
    read back out of the city graph, and the same analysis); the lead worklist and the
    dashboard read these.
    """
    bundle = store.city_network()
    city = to_graph(bundle)
    agencies = build_agency_index(city, rules, as_of)
    events = defaultdict(list)
    for event in bundle.events:
        events[event.household_id].append(event)
    return {hid: HouseholdView(neighbourhood(city, hid, events[hid]), city,
                               analyse_household(city, hid, agencies, rules, as_of))
            for hid in sorted(h.household_id for h in bundle.households)}


def city_scan(store: Store, rules: Rules, as_of: date, *, ward: str | None = None,
              only_8050: bool = False, isolated: bool = False) -> list[ScanRow]:
    """The supervisor's ranked scan: one read of what the scan needs of the city (or ward)
    (:meth:`~netsupport.storage.base.Store.scan_network`: no events, no ties inside a
    household), screened straight from its records
    (:func:`~netsupport.analysis.city.scan_bundle`, no graph built), with the cyclic garbage
    collector paused (:func:`collector_paused`)."""
    with collector_paused():
        return scan_bundle(store.scan_network(ward), rules, as_of, ward=ward,
                           only_8050=only_8050, isolated=isolated)


_paused = 0
_pause_lock = threading.Lock()
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a city-wide computation.

    A city scan makes a million small records at 80,000 households, all of them kept until
    the scan ends; every few hundred allocations the collector would walk the young ones and,
    as they pile up, the whole heap again and again -- a third of a scan's time, for nothing:
    records and facts hold no reference cycles (reference counting frees them). Nested and
    concurrent pauses (the app's threads) count: the collector runs again, if it ran before,
    when the last one ends; a collection then finds whatever cycles others made meanwhile.
    """
    global _paused, _was_enabled
    with _pause_lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _pause_lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()


def city_agencies(store: Store, rules: Rules, as_of: date, *, ward: str | None = None,
                  top: int | None = None) -> AgencyReport:
    """The agency report over the whole city (or one ward's households).

    ``top`` brokers are listed (default: ``agency_report.top_brokers`` of the rules).
    """
    return agency_report(to_graph(store.city_network(ward)), rules, as_of, top=top)
