"""The store, one per process, and the analysis results, cached per data version and day.

Every page starts from :func:`current`: the store's URI, its data version (one cheap read
per run) and the as-of day. The cached functions below take exactly those as arguments, so
a cache entry answers only for the data it was computed from: after any write the version
grows and every page computes afresh, on every session at once, with no explicit clearing.

What is city-wide (the scan, the agency index with its lead counts, every household's lead
decision) is not computed afresh but brought up to date: one
:class:`~netsupport.citycache.CityCache` per store and process (:func:`city`) follows the
store's change feed and recomputes only the households a write touched and those whose
result reads a changed agency. A household's own view reads that household and the index,
never the whole city. City-wide steps say what they are doing (a spinner, or a status with
the steps of a first computation).

Results (frozen dataclasses, NetworkX graphs) are kept with ``st.cache_resource`` and shared,
never copied: they are never changed after they are made. Made-for-the-browser output (map
HTML, download files) is kept with ``st.cache_data``.

The analysis itself is :mod:`netsupport.queries`; nothing here computes a finding.
"""

from __future__ import annotations

import hashlib
import io
import threading
import time
import zipfile
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from itertools import combinations
from operator import attrgetter

import networkx as nx
import pandas as pd
import streamlit as st

from ..analysis import AgencyIndex, AgencyReport, ScanRow
from ..analysis.forecast import Forecast
from ..analysis.household import LeadStanding
from ..analysis.simulation import SimulationResult, parse_what_if, simulate
from ..bundle import write_bundle, write_template
from ..citycache import CityCache, CityResults
from ..cityreports import (
    AgencyPart,
    AgencyParts,
    AgencyReports,
    Forecasts,
    ScanCounter,
    ScanCounts,
    link_count,
)
from ..graph import to_graph
from ..i18n import t
from ..model import Bundle, Stage
from ..queries import HouseholdView
from ..rules import Rules, load_rules
from ..sharing import DEFAULT_KEY_FILE, pseudonym_key, pseudonymise_bundle
from ..storage import Store, default_store_uri, open_store
from ..viz import MissingSupport, agency_map_html, ecomap_html, tables
from ..viz.agency_map import kept_positions, strongest_links
from ..worklist import Worklist, rewoven_worklist, worklist_of
from . import state

__all__ = [
    "Snapshot", "current", "store", "rules", "counts", "household_words", "household_count",
    "household_wards", "scoped_households", "pseudonym_secret",
    "city_cache", "city", "warm", "agency_index", "lead_standings",
    "household_view", "city_scan", "scoped_scan", "ScopedScan", "scan_summary", "scan_counter",
    "city_agencies", "brokers_ready", "ecomap",
    "simulation", "simulation_ecomap", "forecast", "without_legend",
    "agency_part", "agency_parts", "map_layouts", "agency_map", "export_xlsx", "export_zip",
    "template_xlsx",
]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a page reads: one store, at one data version, as of one day."""

    uri: str
    version: int
    as_of: date


def scoped_households(uri: str, version: int, as_of: date,
                      scope: Collection[str] | None) -> frozenset[str] | None:
    """The households of the wards ``scope`` (``None``: no limit, every household)."""
    if scope is None:
        return None
    rows = city_cache(uri).results(as_of, version).rows
    return frozenset(h for h, r in rows.items() if r.ward in scope)


@st.cache_resource(show_spinner=False)
def store(uri: str) -> Store:
    """The store of ``uri``, opened once per process and shared by every session."""
    return open_store(uri)


@st.cache_resource(show_spinner=False)
def rules() -> Rules:
    """The analysis rules (``$NETSUPPORT_RULES`` or the package's defaults), read once per
    process."""
    return load_rules()


def current() -> Snapshot:
    """The store (``NETSUPPORT_STORE``), its data version now, and the session's as-of day."""
    uri = default_store_uri()
    return Snapshot(uri, store(uri).data_version(), state.as_of())


@st.cache_resource(show_spinner=False, max_entries=4)
def household_words(uri: str, version: int) -> dict[str, tuple[str, ...]]:
    """Per household, its members' names and フリガナ: what the household search reads
    (:mod:`netsupport.search`), once per data version, shared by every session."""
    from ..search import household_words as words

    return words(store(uri).export())


@st.cache_data(show_spinner=False, max_entries=32)
def counts(uri: str, version: int) -> dict[str, int]:
    """Records per kind (agencies, households, ...); all zero for an empty store. COUNT
    queries: nothing is read."""
    return store(uri).counts()


def household_count(uri: str, version: int, as_of: date | None = None) -> int:
    """How many households the store holds (0: every page points to the データ page).

    With ``as_of``, from the city's results when they are already held at ``version`` (the
    sign-in check brings them up to date first): no query. On Neo4j the COUNT queries are a
    round trip of their own on the first click after every edit."""
    if as_of is not None:
        held = city_cache(uri).held(as_of)
        if held is not None and held.version == version:
            return len(held.rows)
    return counts(uri, version)["households"]


def household_wards(uri: str, version: int, as_of: date) -> Mapping[str, str]:
    """The ward of every household, from the city's kept scan rows (:class:`_Wards`): the
    scope check of a household id reads no more, and no store query. A ward outside Kobe's
    nine is a ward like any other (an account may be given one, as the data may name one):
    the scope check, the pickers and the dashboard's rows all compare the same name: the
    wards of :func:`scoped_wards` with no scope."""
    return scoped_wards(uri, version, as_of, None)


class _Wards(Mapping[str, str]):
    """The wards of the city's households by id: of every household (``scope`` ``None``)
    or of those in the wards ``scope``. Each is read from the results' kept scan row when
    asked, and the households are walked in the scan's order, highest risk first (a picker
    takes the first few).

    Nothing is made per data version: every page checks the scope of the few household ids
    it holds on every run, and the lead page and the case conference look up the few
    households they show. A dict of every household's ward made for the scope check cost
    10-20 ms a run at 80,000 households; one of the households in scope, 70 ms of the lead
    page's run on the first click after every edit.

    ``count`` says how many households ``scope`` holds (:func:`_scope_count`, counted once
    per data version); with no scope, every row counts.
    """

    __slots__ = ("_results", "_rows", "_scope", "_count")

    def __init__(self, results: CityResults, scope: frozenset[str] | None = None,
                 count: Callable[[], int] | None = None):
        self._results = results  # its scan order is made when first walked
        self._rows = results.rows
        self._scope = scope
        self._count = count

    def __getitem__(self, household_id: str) -> str:
        ward = self._rows[household_id].ward
        if self._scope is None or ward in self._scope:
            return ward
        raise KeyError(household_id)

    def __contains__(self, household_id: object) -> bool:
        row = self._rows.get(household_id)
        return row is not None and (self._scope is None or row.ward in self._scope)

    def __iter__(self) -> Iterator[str]:
        scope = self._scope
        if scope is None:
            return map(attrgetter("household_id"), self._results.ranked)
        return (r.household_id for r in self._results.ranked if r.ward in scope)

    def __len__(self) -> int:
        return len(self._rows) if self._scope is None else self._count()


@st.cache_resource(show_spinner=False)
def city_cache(uri: str) -> CityCache:
    """The city's results for the store of ``uri``: one per process, shared by every session
    (thread-safe), each following the store's change feed. Frozen out of the garbage
    collector's walks once computed (``freeze``: the app process lives on with the city)."""
    return CityCache(store(uri), rules(), freeze=True)


_STEPS = ("read", "facts", "index")

#: How often a page waiting for the city's first computation looks at its step (seconds).
_WAIT_S = 0.2


def warm(uri: str, as_of: date, *, reports: bool = True) -> threading.Thread | None:
    """Start computing the city's results for ``as_of`` in the background when they are not
    held, then (``reports``) the city-wide reports of the first pages (the dashboard's
    親なき後 forecast with its defaults, every household's lead standing for the worklist):
    see :meth:`CityCache.warm`. Keeps them computed at every day change
    (:func:`_day_keeper`). Called by the sign-in page on every run (cheap when they are
    held): the first user of the day signs in while the city is computed (at 80,000
    households on SQLite: the city in 14 s, the forecast and the standings 8 s more). A page
    that needs the city at once (:func:`city`) asks for the city alone: reports made beside
    it would take the CPU from it. Returns the computing thread, if any."""
    cache = city_cache(uri)
    if cache.rules is not rules():
        # the rules were read again: the page starts anew (:func:`city`), and the old
        # cache's results must not be kept alive here meanwhile
        _kept_warm.pop(uri, None)
        return None
    parent_age = rules().after_parents.forecast_parent_age
    kept = forecasts(uri)
    follow = (partial(_default_forecast, kept, parent_age), cache.standings)
    _kept_warm[uri] = (cache, follow)
    _day_keeper(uri)
    return cache.warm(as_of, follow if reports else ())


def _default_forecast(kept: Forecasts, parent_age: int, results: CityResults) -> Forecast:
    return kept.forecast(results, parent_age, 0)


#: Per store, the cache and the reports :func:`warm` last made of it (for the day keeper,
#: which must not call Streamlit's cached functions from its own thread).
_kept_warm: dict[str, tuple[CityCache, tuple]] = {}


@st.cache_resource(show_spinner=False)
def _day_keeper(uri: str) -> threading.Thread:
    """One thread per process and store that, a minute after each midnight, forgets the
    previous day's results and computes the new day's (:meth:`CityCache.only`, then
    :meth:`CityCache.warm`): the morning's first click does not wait for the city, and the
    process never holds two days of a large city at once."""
    def keep() -> None:
        while True:
            time.sleep(_until_next_day(datetime.now()))
            kept = _kept_warm.get(uri)
            if kept is None:
                continue  # the rules changed and no page has run since: it computes
            cache, reports = kept
            today = state.default_as_of()
            cache.only(today)
            cache.warm(today, reports)
    thread = threading.Thread(target=keep, daemon=True, name="netsupport-day")
    thread.start()
    return thread


def _until_next_day(now: datetime) -> float:
    """Seconds from ``now`` to one minute past the next midnight (local time, as
    ``date.today()``).

    >>> _until_next_day(datetime(2026, 12, 1, 23, 59))
    120.0
    """
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
    return (midnight - now).total_seconds() + 60.0


def city(uri: str, version: int, as_of: date) -> CityResults:
    """The city's results at ``version`` (or later) as of ``as_of``: kept ones at once, else
    brought up to date from the change feed under a spinner, or, the first time (or after a
    replacing load), computed afresh under a status that names each step."""
    cache = city_cache(uri)
    if cache.rules is not rules():  # the rules were read again: every result anew
        city_cache.clear()
        cache = city_cache(uri)
    held = cache.held(as_of)
    if held is not None and held.version >= version:
        return held
    lang = state.lang()
    if held is None:
        with st.status(t("ui.progress.city_full", lang), expanded=False) as status:
            def say(step: str | None) -> None:
                if step is not None:
                    status.update(label=t(f"ui.progress.city_{step}", lang))
            # computed in the cache's own thread (maybe started at sign-in): this run only
            # shows its steps, and a click elsewhere meanwhile stops the waiting, not the work
            worker, shown = warm(uri, as_of, reports=False), None
            while worker is not None and worker.is_alive() and cache.held(as_of) is None:
                if cache.step != shown:
                    shown = cache.step
                    say(shown)
                worker.join(_WAIT_S)
            result = cache.results(as_of, version, progress=say)
            status.update(label=t("ui.progress.city_done", lang), state="complete")
        return result
    with st.spinner(t("ui.progress.city_update", lang)):
        return cache.results(as_of, version)


def agency_index(uri: str, version: int, as_of: date) -> AgencyIndex:
    """The city's agencies, their current leads and the agency graph (from :func:`city`)."""
    return city(uri, version, as_of).index


def _index(uri: str, version: int, as_of: date) -> AgencyIndex:
    """:func:`agency_index` without drawing anything: for the cached functions below (a
    cached function must not draw), called after a page has drawn its progress."""
    return city_cache(uri).results(as_of, version).index


def lead_standings(uri: str, version: int, as_of: date,
                   household_ids: list[str]) -> dict[str, LeadStanding]:
    """What the lead worklist shows of these households (the lead decision, ward, risk,
    gaps), by id. Made from the city's kept results: after an edit elsewhere only the
    households whose decision it may change are looked at again, and their reports are made
    again only when that decision did change (:meth:`CityResults.standing`)."""
    results = city(uri, version, as_of)
    cache = city_cache(uri)
    missing = sum(1 for h in household_ids
                  if h not in results._standings and h not in results._reports)
    if missing > 50:
        with st.spinner(t("ui.progress.reports", state.lang(), n=missing)):
            return cache.standings(results, household_ids)
    return cache.standings(results, household_ids)


def scoped_wards(uri: str, version: int, as_of: date,
                 scope: tuple[str, ...] | None) -> Mapping[str, str]:
    """The ward of each household of the wards ``scope`` (``None``: the whole city), by id,
    walked highest risk first: what a household picker checks and labels its choice against.
    Read from the city's kept scan rows when asked (:class:`_Wards`): a dict of 80,000
    households made on every click cost 70 ms of the lead page's run, and made once per
    data version, on the first click after every edit."""
    results = city(uri, version, as_of)  # up to date first, with its progress shown
    return _Wards(results, frozenset(scope) if scope is not None else None,
                  partial(_scope_count, uri, results.version, as_of, scope))


@st.cache_resource(show_spinner=False, max_entries=8)
def _scope_count(uri: str, version: int, as_of: date, scope: tuple[str, ...] | None) -> int:
    """How many households the wards ``scope`` hold (counted once per version)."""
    wards = frozenset(scope or ())
    return sum(1 for r in city_cache(uri).results(as_of, version).rows.values()
               if r.ward in wards)


@st.cache_resource(show_spinner=False)
def _worklists(uri: str) -> tuple[threading.Lock, dict]:
    """The lead worklists made of one store's data, by (version, as_of, scope): a few kept."""
    return threading.Lock(), {}


def lead_worklist(uri: str, version: int, as_of: date,
                  scope: tuple[str, ...] | None) -> Worklist:
    """The households of ``scope`` whose lead needs a decision (``needs_decision``), highest
    risk first: made once per data version, as-of day and scope, shared by every session
    (never changed once made). After an edit it is brought up to date from the worklist of
    the results it followed: only the households whose standing those results did not
    carry (``CityResults.restanded``) are looked at again; at 80,000 households looking at
    every standing and sorting the 36,000 flagged cost a third of the lead page's run.
    Not a cached function: making it may draw its progress."""
    results = city(uri, version, as_of)  # up to date first, with its progress shown
    lock, kept = _worklists(uri)
    key = (results.version, as_of, scope)
    with lock:  # (the rules they were made by, the worklist): other rules, made again
        made = kept.get(key, (None, None))
        before = kept.get((results.since, as_of, scope), (None, None))
    if made[0] is results.rules:
        return made[1]
    before = before[1] if before[0] is results.rules and results.since is not None else None
    wards = scoped_wards(uri, version, as_of, scope)
    checked = rules()
    if before is not None:
        made = rewoven_worklist(before, results, wards, checked)
    else:
        standings = lead_standings(uri, version, as_of, sorted(wards))
        made = worklist_of(standings.values(), checked)
    with lock:
        kept[key] = (results.rules, made)
        while len(kept) > 8:
            kept.pop(next(iter(kept)))
    return made


def household_view(uri: str, version: int, as_of: date, household_id: str) -> HouseholdView:
    """One household's network and analysis (raises ``NotFoundError`` for an unknown id):
    its report from the city's kept results (made, or brought up to date, for this household
    alone), its network read in one query when it last changed (:func:`household_stamp`):
    after an edit elsewhere the household is not read again."""
    city(uri, version, as_of)  # up to date first, with its progress shown
    return _view(uri, version, as_of, household_id)


def _view(uri: str, version: int, as_of: date, household_id: str) -> HouseholdView:
    """:func:`household_view` without drawing anything (for the cached functions below)."""
    results = city_cache(uri).results(as_of, version)
    report = results.report(household_id)
    network, graph = _network(uri, results.stamps[household_id], household_id)
    return HouseholdView(network, graph, report)


@st.cache_resource(show_spinner=False, max_entries=256)
def _network(uri: str, stamp: int, household_id: str) -> tuple[Bundle, nx.MultiDiGraph]:
    """The household's network and its graph, as of its stamp (read once per change)."""
    network = store(uri).household_network(household_id)
    return network, to_graph(network)


def household_stamp(uri: str, version: int, as_of: date, household_id: str) -> int:
    """The data version at which the household's network last changed (``version`` for a
    household the city does not hold)."""
    return city(uri, version, as_of).stamps.get(household_id, version)


def city_scan(uri: str, version: int, as_of: date) -> tuple[ScanRow, ...]:
    """The whole city's scan, highest risk first (pages filter it for display)."""
    return city(uri, version, as_of).ranked


class _Stages(Mapping):
    """Each household's stage, read from its scan row when asked for (the dashboard looks
    up the few rows it draws; a dict of every household's stage cost 70 ms per data
    version at 80,000 households)."""

    def __init__(self, rows: Mapping[str, ScanRow]) -> None:
        self._rows = rows

    def __getitem__(self, household_id: str) -> Stage | None:
        code = self._rows[household_id].stage
        return Stage(code) if code else None

    def __iter__(self):
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


@dataclass(frozen=True, eq=False)
class ScopedScan:
    """The scan rows of the households a user sees (highest risk first), each household's
    stage, and what the dashboard counts over them."""

    rows: tuple[ScanRow, ...]
    stages: Mapping[str, Stage | None]
    counts: ScanCounts


def scoped_scan(uri: str, version: int, as_of: date,
                scope: tuple[str, ...] | None) -> ScopedScan:
    """The scan of the wards ``scope`` (``None``: the whole city) and its counts, made once
    per data version and scope and shared by every session; the counts are brought up to
    date from the rows an edit changed (:class:`~netsupport.cityreports.ScanCounter`), not
    counted again: at 80,000 households counting the city took longer than the page."""
    city(uri, version, as_of)  # up to date first, with its progress shown
    return _scoped_scan(uri, version, as_of, scope)


@st.cache_resource(show_spinner=False)
def scan_counter(uri: str) -> ScanCounter:
    """The dashboard's counts of :func:`city_cache`'s results (one per store and process)."""
    return ScanCounter()


@st.cache_resource(show_spinner=False, max_entries=8)
def _scoped_scan(uri: str, version: int, as_of: date,
                 scope: tuple[str, ...] | None) -> ScopedScan:
    results = city_cache(uri).results(as_of, version)
    ranked = results.ranked
    wards = frozenset(scope) if scope is not None else None
    rows = ranked if wards is None else tuple(r for r in ranked if r.ward in wards)
    counts = scan_counter(uri).counts(
        results, (as_of, scope),
        (lambda row: True) if wards is None else (lambda row: row.ward in wards))
    return ScopedScan(rows, _Stages(results.rows), counts)


def scan_summary(uri: str, version: int, as_of: date, scope: tuple[str, ...] | None,
                 lang: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The dashboard's count tables of a scope (risk by ward, households without a lead by
    ward, households by ward and stage), made from its counts once per data version, scope
    and language. The frames are shared: never changed once made."""
    scoped_scan(uri, version, as_of, scope)
    return _scan_summary(uri, version, as_of, scope, lang)


@st.cache_resource(show_spinner=False, max_entries=8)
def _scan_summary(uri: str, version: int, as_of: date, scope: tuple[str, ...] | None,
                  lang: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    counts = _scoped_scan(uri, version, as_of, scope).counts
    return (tables.risk_frame(counts.risk, lang),
            tables.no_lead_frame(counts.without_lead, counts.wards, lang),
            tables.ward_stage_frame(counts.stage, lang))


def city_agencies(uri: str, version: int, as_of: date, ward: str | None,
                  brokers: bool = True) -> AgencyReport:
    """The agency report of the city (or one ward's households), with its progress shown:
    made from the city's kept results (:mod:`netsupport.cityreports`), so an edit elsewhere
    reads nothing of the city again. ``brokers`` false: the brokers only if already found
    for this agency graph (:func:`brokers_ready`), else none."""
    city(uri, version, as_of)  # up to date first, with its progress shown
    with st.spinner(t("ui.progress.agency_report", state.lang())):
        return _city_agencies(uri, version, as_of, ward, brokers)


#: Above this many agencies × links the exact brokers of the city's graph take about a
#: second or more (rustworkx: 0.96 s at 20,000 households, 1,264 agencies and 79,000 links;
#: 5,000 households' 375 × 15,000 take 0.05 s): found when asked for, not after every new
#: link.
BROKERS_AT_ONCE = 20_000_000


def brokers_ready(uri: str, version: int, as_of: date, ward: str | None) -> bool:
    """Whether the report's brokers come without a long wait: a ward's (a small graph), the
    city's when its graph is small (:data:`BROKERS_AT_ONCE`), or when they were found
    already for the city's graph as it is. Above that (Kobe's size: 1 s of exact
    betweenness; the 80,000-household demo city: 10-20 s of the sampled estimate) they
    would be found again after every new link, so the page finds them when asked."""
    if ward is not None:
        return True
    results = city(uri, version, as_of)
    graph = results.index.graph
    return (graph.number_of_nodes() * link_count(graph) <= BROKERS_AT_ONCE
            or agency_reports(uri).brokers_held(results.index, results.rules))


@st.cache_resource(show_spinner=False)
def agency_reports(uri: str) -> AgencyReports:
    """The agency reports of :func:`city_cache`'s results (one per store and process)."""
    return AgencyReports()


@st.cache_resource(show_spinner=False, max_entries=32)
def _city_agencies(uri: str, version: int, as_of: date, ward: str | None,
                   brokers: bool = True) -> AgencyReport:
    return agency_reports(uri).report(city_cache(uri).results(as_of, version), ward,
                                      brokers=brokers)


def ecomap(uri: str, version: int, as_of: date, household_id: str, lang: str,
           pseudonymise: bool, height_px: int = 640,
           disclose: tuple[str, ...] | None = None, min_font_px: int | None = None,
           pixel_ratio: float | None = None, projector: bool = False) -> str:
    """The household's ecomap page: the current lead ★, the proposed team ◆ (with the
    recommended lead, when a handover or an assignment is proposed) and backups ◇, and each
    open gap with needs as a dashed "missing" box.

    Proposed members and backups come from anywhere in the city; those without a tie to the
    household are added to the drawing as agencies without lines, so the map shows the team
    being proposed.

    ``disclose``, when given, are the only agencies drawn by name (the others by their kind:
    :func:`netsupport.sharing.disclosed_agencies`); ``None``: all by name, or all by kind
    when pseudonymised.

    With ``min_font_px``, labels at least that size (the boxes move apart as they grow);
    ``projector``: the legend below and a "zoom to fit" button; ``pixel_ratio``: for paper
    (a canvas with that many pixels per CSS pixel).

    Kept per the household's stamp and what the map marks: an edit elsewhere that leaves
    both as they were (its lead candidates' counts may change) draws nothing again.
    """
    report = household_view(uri, version, as_of, household_id).report
    team = tuple(a for a in (report.team.lead, *report.team.member_ids)
                 if a is not None and a != report.lead.current)
    gaps = tuple(MissingSupport(g.code, g.label(lang), g.needs) for g in report.gaps
                 if g.needs)
    return _ecomap(uri, household_stamp(uri, version, as_of, household_id), as_of,
                   household_id, report.lead.current, team, tuple(report.team.backup), gaps,
                   lang, pseudonymise, height_px, disclose, min_font_px, pixel_ratio,
                   projector)


@st.cache_data(show_spinner=False, max_entries=64)
def _ecomap(uri: str, stamp: int, as_of: date, household_id: str, lead: str | None,
            team: tuple[str, ...], backup: tuple[str, ...], gaps: tuple[MissingSupport, ...],
            lang: str, pseudonymise: bool, height_px: int,
            disclose: tuple[str, ...] | None, min_font_px: int | None = None,
            pixel_ratio: float | None = None, projector: bool = False) -> str:
    network, graph = _network(uri, stamp, household_id)
    missing_ids = [a for a in (*team, *backup) if a not in graph]
    if missing_ids:
        known = _index(uri, stamp, as_of).agencies
        graph = to_graph(Bundle(
            agencies=network.agencies + [known[a] for a in dict.fromkeys(missing_ids)
                                         if a in known],
            households=network.households, people=network.people, ties=network.ties,
            events=network.events))
    return ecomap_html(
        graph, household_id, as_of=as_of, lead_id=lead,
        team_ids=[a for a in team if a in graph],
        backup_ids=[a for a in backup if a in graph],
        missing=list(gaps), lang=lang, pseudonymise=pseudonymise, height_px=height_px,
        disclose=disclose, min_font_px=min_font_px, projector=projector,
        pixel_ratio=pixel_ratio)


@st.cache_resource(show_spinner=False, max_entries=64)
def simulation(uri: str, version: int, as_of: date, household_id: str,
               events: tuple[str, ...]) -> SimulationResult:
    """The 親なき後 what-if of one household (``events`` as ``parse_what_if`` reads them).

    Only reads: the household's cached graph is copied by :func:`simulate`, never changed.
    Raises ``SimulationError`` for events that cannot apply (a parent already gone).
    """
    view = _view(uri, version, as_of, household_id)
    return simulate(view.graph, household_id, [parse_what_if(e) for e in events],
                    _index(uri, version, as_of), rules(), as_of)


@st.cache_data(show_spinner=False, max_entries=64)
def simulation_ecomap(uri: str, version: int, as_of: date, household_id: str,
                      events: tuple[str, ...], lang: str, height_px: int = 480,
                      min_font_px: int | None = None) -> str:
    """The household as it is now, drawn after the what-if: the departed parents, the lost
    supports and the ties that end faded; the lead ★, team ◆ and backups ◇ after the events
    (those in the household's network); the gaps after as dashed "missing" boxes."""
    result = simulation(uri, version, as_of, household_id, events)
    graph = _view(uri, version, as_of, household_id).graph
    after = result.after
    team = [a for a in (after.team.lead, *after.team.member_ids)
            if a is not None and a != after.lead.current]
    return ecomap_html(
        graph, household_id, as_of=result.as_of, lead_id=after.lead.current,
        team_ids=[a for a in team if a in graph],
        backup_ids=[a for a in after.team.backup if a in graph],
        missing=[MissingSupport(g.code, g.label(lang), g.needs) for g in after.gaps if g.needs],
        faded_ids=result.faded_ids, faded_ties=result.faded_ties, lang=lang,
        height_px=height_px, min_font_px=min_font_px)


def without_legend(page: str) -> str:
    """A map page with its legend hidden, for two maps side by side: the legend's fixed
    250 px would leave each map half its width (the page's caption says what the marks mean,
    and the single map of the other tab has the full legend)."""
    return page.replace("</head>", "<style>.ns-legend { display: none; }</style></head>", 1)


def forecast(uri: str, version: int, as_of: date, parent_age: int, years: int) -> Forecast:
    """The city's 親なき後 forward view: every parent of ``parent_age`` or over gone, in
    ``years`` years."""
    city(uri, version, as_of)  # up to date first, with its progress shown
    with st.spinner(t("ui.progress.forecast", state.lang())):
        return _forecast(uri, version, as_of, parent_age, years)


@st.cache_resource(show_spinner=False)
def forecasts(uri: str) -> Forecasts:
    """The forecasts of :func:`city_cache`'s results (one per store and process): after an
    edit, only the households it changed are simulated again."""
    return Forecasts()


@st.cache_resource(show_spinner=False, max_entries=16)
def _forecast(uri: str, version: int, as_of: date, parent_age: int, years: int) -> Forecast:
    return forecasts(uri).forecast(city_cache(uri).results(as_of, version), parent_age, years)


@st.cache_resource(show_spinner=False)
def agency_parts(uri: str) -> AgencyParts:
    """The parts of the agency graph the pages' filters keep (one per store and process):
    each made once per agency graph, not per data version."""
    return AgencyParts()


def agency_part(uri: str, version: int, as_of: date, ward: str | None,
                kinds: tuple[str, ...], scope: tuple[str, ...] | None = None) -> AgencyPart:
    """The agencies of the ward (and the city-wide ones) and of the kinds (all when none is
    chosen) with the links among them, and those left unlinked
    (:func:`netsupport.cityreports.agency_part`); with ``scope`` (a member of staff's
    wards), links count the households of those wards only. Kept per agency graph: an
    edit that changes no link makes nothing again."""
    city(uri, version, as_of)  # up to date first, with its progress shown
    return agency_parts(uri).part(_index(uri, version, as_of), ward, kinds,
                                  scoped_households(uri, version, as_of, scope))


class _Layouts:
    """The positions of each map's last drawing (per ward, kinds, scope and links per
    agency), so that a map drawn again after an edit keeps its agencies where they were
    (:func:`netsupport.viz.agency_map.kept_positions`). Thread-safe; a few maps kept."""

    KEPT = 16

    def __init__(self) -> None:
        self._held: dict[tuple, dict] = {}
        self._lock = threading.Lock()

    def get(self, view: tuple) -> dict | None:
        with self._lock:
            return self._held.get(view)

    def put(self, view: tuple, positions: dict) -> None:
        with self._lock:
            self._held.pop(view, None)
            if len(self._held) >= self.KEPT:
                del self._held[next(iter(self._held))]  # the oldest goes first
            self._held[view] = positions


@st.cache_resource(show_spinner=False)
def map_layouts(uri: str) -> _Layouts:
    """The agency maps' last positions (one per store and process)."""
    return _Layouts()


def agency_map(uri: str, version: int, as_of: date, ward: str | None,
               kinds: tuple[str, ...], lang: str, highlight: tuple[str, ...] = (),
               height_px: int = 640, scope: tuple[str, ...] | None = None,
               per_agency: int | None = None, label_top: int | None = None,
               brokers_found: bool = True, only: tuple[str, ...] | None = None,
               centre: str | None = None, min_font_px: int | None = None,
               projector: bool = False) -> str:
    """The agency network page, brokers sized and sole supports marked ⚠, the agencies of
    :func:`agency_part` only, ``highlight`` outlined. With ``scope`` (a member of
    staff's wards) every count on the map (sole supports, link weights) counts the
    households of those wards only. ``per_agency``: only each agency's strongest links
    (:func:`netsupport.viz.strongest_links`); ``label_top``: only the strongest brokers
    named. ``brokers_found`` false: the brokers only if already found for this graph, else
    no agency sized by them (see :func:`brokers_ready`).

    ``only``: just these agencies of the part (the key agencies of a city, or one
    agency's neighbourhood) and the links among them, each one's ``per_agency`` strongest
    of those — and every link of ``centre``, the agency whose neighbourhood it is.
    ``min_font_px`` and ``projector``: see :func:`netsupport.viz.agency_map_html`.

    Kept by what it draws, not by the data version: most edits (a contact, a note) change
    no link weight, broker or ⚠, and the page is then drawn again at once. When it must be
    drawn again (a new lead: a new co-support link), the agencies keep the places of the
    last drawing of the same map and only new ones are placed
    (:func:`netsupport.viz.agency_map.kept_positions`): no layout, and no jump.
    """
    index = _index(uri, version, as_of)
    report = _city_agencies(uri, version, as_of, ward, brokers_found)  # the page's own call
    mine = scoped_households(uri, version, as_of, scope)
    part = agency_parts(uri).part(index, ward, kinds, mine)
    graph = (part.strongest(per_agency) if only is None
             else _drawn_only(uri, version, as_of, ward, kinds, scope, per_agency, only, centre))
    brokers = {b.agency_id: b.score for b in report.brokers}
    words = {b.agency_id: b.words(lang) for b in report.brokers}
    sole = {s.agency_id: n for s in report.sole_support
            if (n := len([h for h in s.households if mine is None or h in mine]))}
    nodes = sorted(graph.nodes, key=str)
    drawn = repr((
        [(n, index.agencies.get(n)) for n in nodes],
        sorted((min(u, v), max(u, v), d.get("weight", 1.0)) for u, v, d in graph.edges(data=True)),
        sorted(brokers.items()), sorted(words.items()), sorted(sole.items()),
        highlight, lang, height_px, per_agency, label_top, min_font_px, projector))
    focus = "all" if only is None else (centre or "key")
    return _agency_map_html(hashlib.blake2b(drawn.encode(), digest_size=16).hexdigest(),
                            _graph=graph, _agencies=index.agencies, _brokers=brokers,
                            _words=words, _sole=sole, _layouts=map_layouts(uri),
                            _view=(ward, kinds, scope, per_agency, focus), highlight=highlight,
                            lang=lang, height_px=height_px, label_top=label_top,
                            min_font_px=min_font_px, projector=projector)


@st.cache_resource(show_spinner=False, max_entries=16)
def _drawn_only(uri: str, version: int, as_of: date, ward: str | None, kinds: tuple[str, ...],
                scope: tuple[str, ...] | None, per_agency: int | None, only: tuple[str, ...],
                centre: str | None) -> nx.Graph:
    """The agencies ``only`` of :func:`agency_part` with the links among them (each one's
    ``per_agency`` strongest, and every link of ``centre``): taken from each agency's own
    links, not through a filtered view of the city's graph, which walks every agency's
    whole neighbourhood at each step (10 ms a rerun at 5,000 households)."""
    part = agency_parts(uri).part(_index(uri, version, as_of), ward, kinds,
                                  scoped_households(uri, version, as_of, scope))
    kept, links = set(only), part.graph.adj
    among = nx.Graph()
    among.add_nodes_from(only)
    if per_agency and centre is None:
        # each agency's strongest links are ranked by weight and id alone, so the order the
        # links come in does not matter: each pair of the few agencies looked up once, not
        # every link of each (thousands for a busy office at 80,000 households)
        among.add_edges_from((a, b, links[a][b]) for a, b in combinations(only, 2)
                             if a in links and b in links[a])
    else:
        among.add_edges_from((a, b, d) for a in only if a in links
                             for b, d in links[a].items() if b in kept)
    graph = strongest_links(among, per_agency) if per_agency else among
    if centre in among:
        graph.add_edges_from((centre, other, d) for other, d in among[centre].items())
    return graph


@st.cache_data(show_spinner=False, max_entries=32)
def _agency_map_html(drawn: str, *, _graph: nx.Graph, _agencies, _brokers, _words, _sole,
                     _layouts: _Layouts, _view: tuple, highlight: tuple[str, ...], lang: str,
                     height_px: int, label_top: int | None, min_font_px: int | None = None,
                     projector: bool = False) -> str:
    """The map's page, kept by ``drawn`` (a digest of everything it draws; the arguments
    with a leading ``_`` are not hashed by Streamlit)."""
    positions = kept_positions(_graph, _layouts.get(_view))
    _layouts.put(_view, positions)
    return agency_map_html(_graph, agencies=_agencies, label_top=label_top, brokers=_brokers,
                           broker_words=_words, sole_support=_sole, highlight_ids=highlight,
                           lang=lang, height_px=height_px, positions=positions,
                           min_font_px=min_font_px, projector=projector)


@st.cache_resource(show_spinner=False)
def pseudonym_secret() -> bytes:
    """The install's pseudonym key (the export's: the same key file, the same pseudonyms)."""
    return pseudonym_key(DEFAULT_KEY_FILE)


def _export(uri: str, pseudonymise: bool) -> Bundle:
    """The store's data, pseudonymised with the install's key when asked (what
    ``netsupport export --pseudonymise`` writes: the same key file, the same pseudonyms)."""
    bundle = store(uri).export()
    if pseudonymise:
        bundle = pseudonymise_bundle(bundle, pseudonym_key(DEFAULT_KEY_FILE))
    return bundle


@st.cache_data(show_spinner=False, max_entries=8)
def export_xlsx(uri: str, version: int, japanese_headers: bool,
                pseudonymise: bool = False) -> bytes:
    """The store's data as one workbook (what ``netsupport export x.xlsx`` writes)."""
    workbook = io.BytesIO()
    write_bundle(_export(uri, pseudonymise), workbook, japanese_headers=japanese_headers)
    return workbook.getvalue()


@st.cache_data(show_spinner=False, max_entries=8)
def export_zip(uri: str, version: int, japanese_headers: bool,
               pseudonymise: bool = False) -> bytes:
    """The store's data as a zip of the bundle's CSV files (UTF-8 with BOM)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        write_bundle(_export(uri, pseudonymise), archive, japanese_headers=japanese_headers)
    return buffer.getvalue()


@st.cache_data(show_spinner=False)
def template_xlsx() -> bytes:
    """The empty input workbook with Japanese headers and drop-down lists."""
    workbook = io.BytesIO()
    write_template(workbook)
    return workbook.getvalue()
