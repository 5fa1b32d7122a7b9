"""One edit elsewhere never makes a colleague wait for the city (issue 12's acceptance).

Driven headless with ``AppTest`` on the 5,000-household demo city (SQLite), signed in as a
supervisor (every household in scope, the lead worklist over all of them). Each page is
opened cold (the city computed once), rerun warm five times, then another member of staff
saves one edit to another household — a new lead from an office that leads hundreds, so
the lead counts every engagement household's candidates read change — and the page is
rerun: it must take at most five times its warm time (the median of the five; CPU time of
the process, see :func:`timed_run`), and raise nothing. Before the city cache every write
made the next click re-read and re-analyse the whole city (14 s at this size, 46× the
warm time).
"""

from __future__ import annotations

import gc
import statistics
import time
from datetime import date

import pytest
from app_support import app_as, app_store, run
from streamlit.testing.v1 import AppTest

from netsupport import queries
from netsupport.access import UserRole
from netsupport.audit import AuditAction
from netsupport.demo import generate
from netsupport.model import AgencyKind, Event, EventType, Role, Tie, TieKind
from netsupport.rules import load_rules
from netsupport.storage import ChangeSet, open_store
from netsupport.ui import resources, state
from netsupport.ui.pages import agency_network
from netsupport.ui.widgets import PAGE_ROWS

AS_OF = date(2026, 11, 1)
TIMEOUT = 300
HOUSEHOLDS = 5000


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    return generate(HOUSEHOLDS, seed=8050)


@pytest.fixture
def store_uri(tmp_path, monkeypatch, city):
    return app_store(tmp_path, monkeypatch, city, AS_OF)


def timed_run(at: AppTest) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run of the page.

    The bound is checked on the CPU time of this process (AppTest runs the page in a
    thread of it; SQLite works in it too): what the page itself costs, garbage collections
    included. The wall time of one run on the shared 2-core test machine also holds
    whatever other processes took from it (one run after the edit: a busy moment alone
    made it fail); it is shown beside."""
    cpu, wall = time.process_time(), time.perf_counter()
    at.run(timeout=TIMEOUT)  # not app_support.run: the clock is to time the run alone
    took = time.process_time() - cpu, time.perf_counter() - wall
    assert not at.exception, [e.value for e in at.exception]
    return took


def lead_elsewhere(uri: str, household_id: str) -> None:
    """Another member of staff assigns ``household_id`` a new lead: an office with no tie to
    it yet (as the lead form would save it, through the store)."""
    store = open_store(uri)
    try:
        tied = {t.source_id for t in store.household_network(household_id).ties}
        office = next(a for a in store.export().agencies
                      if a.kind == AgencyKind.HIKIKOMORI_SUPPORT_OFFICE
                      and a.agency_id not in tied)
        store.apply(ChangeSet(add_ties=[Tie(office.agency_id, household_id, TieKind.SUPPORT,
                                            role=Role.LEAD, since=AS_OF)]))
    finally:
        store.close()


# The lead worklist once measured 13-15x here in full-suite runs only: a full garbage
# collection walking every object of the process (the city's among them) fell on the click
# after the edit. The app's city cache now freezes the city out of those walks
# (citycache.CityCache, freeze). The dashboard (its 親なき後 forecast) and the agency network
# page (its agency report and map) follow the kept results too (netsupport/cityreports.py):
# before, each read and analysed the whole city again after any edit (4.7x and 30x warm).
@pytest.mark.parametrize("page", [state.CASE_CONFERENCE, state.LEAD_ASSIGNMENT,
                                  state.DASHBOARD, state.AGENCY_NETWORK])
def test_a_page_after_one_edit_elsewhere_takes_at_most_five_times_its_warm_time(store_uri,
                                                                               page):
    at = app_as(UserRole.SUPERVISOR, page, "H-00001", timeout=TIMEOUT)
    timed_run(at)  # cold: the city is computed once per process
    resources.city_cache(store_uri).settle()  # and the reports made after it in the background
    runs = [timed_run(at) for _ in range(5)]
    warm = statistics.median(cpu for cpu, _ in runs)
    version = open_store(store_uri).data_version()
    lead_elsewhere(store_uri, "H-00100")
    # what the tests before this one left to the collector is not this click's cost: one
    # full collection of it once fell on the measured run (0.25 s of CPU against 0.045 s warm,
    # in a worker that had run many tests); the page's own collections still count
    gc.collect()
    after, after_wall = timed_run(at)
    assert f"データ版 {version + 1}" in at.caption[0].value  # the page read the edit
    assert after <= 5 * warm, (page, "cpu", after, warm, "wall", after_wall,
                               [w for _, w in runs])


def test_a_view_is_logged_again_only_when_the_household_itself_changed(store_uri):
    """The audit log's view of a household names the version of its own records: an edit
    elsewhere writes no new entry on the next click (a durable write on every click after
    any edit), an edit to the household does."""
    at = app_as(UserRole.SUPERVISOR, state.CASE_CONFERENCE, "H-00001", timeout=TIMEOUT)
    timed_run(at)

    def views() -> list[dict]:
        with open_store(store_uri) as store:
            return [e.detail for e in store.audit_log(household_id="H-00001")
                    if e.action is AuditAction.VIEW_HOUSEHOLD]

    first = views()
    assert len(first) == 1
    lead_elsewhere(store_uri, "H-00100")
    timed_run(at)
    assert views() == first
    with open_store(store_uri) as store:
        version = store.apply(ChangeSet(add_events=[
            Event("E-view", "H-00001", AS_OF, EventType.NOTE)]))
    timed_run(at)
    assert views() == [{"version": version}, *first]  # newest first


def supervisor_on(page: str, store_uri: str, **chosen) -> AppTest:
    """The page opened (run once, cold) by a supervisor: every household in scope;
    ``chosen``: session keys set first (by their names in ``netsupport.ui.state``)."""
    at = app_as(UserRole.SUPERVISOR, page, "H-00001", timeout=TIMEOUT)
    for name, value in chosen.items():
        at.session_state[getattr(state, name)] = value
    timed_run(at)
    return at


def fresh_scan(store_uri: str):
    with open_store(store_uri) as store:
        return queries.city_scan(store, load_rules(), AS_OF)


def test_the_dashboard_shows_a_long_list_a_page_at_a_time(store_uri):
    """Every household listed (the filters cleared): one page of rows drawn, in the scan's
    order, a page picker and "n of N" above it, the whole list a download away; the
    picker offers the page's households. The key figures, kept and brought up to date after
    an edit, are the city's counted afresh."""
    at = supervisor_on(state.DASHBOARD, store_uri)
    at.checkbox(key=state.DASH_ONLY_8050).uncheck().run(timeout=TIMEOUT)
    at.multiselect(key=state.DASH_ISOLATION).set_value([]).run(timeout=TIMEOUT)
    ids = [r.household_id for r in fresh_scan(store_uri)]
    assert list(at.dataframe[0].value["世帯"]) == ids[:PAGE_ROWS]
    at.number_input(key=state.DASH_PAGE).set_value(3).run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    assert list(at.dataframe[0].value["世帯"]) == ids[2 * PAGE_ROWS:3 * PAGE_ROWS]
    assert [o.split("（")[0] for o in at.selectbox(key=state.DASH_PICK).options] == \
        ids[2 * PAGE_ROWS:3 * PAGE_ROWS]
    captions = [c.value for c in at.caption]
    assert any(f"全 {HOUSEHOLDS:,} 件のうち {2 * PAGE_ROWS + 1}〜{3 * PAGE_ROWS} 件目" in c
               for c in captions), captions
    labels = [b.proto.label for b in at.get("download_button")]
    assert f"CSVでダウンロード（全 {HOUSEHOLDS:,} 件）" in labels
    assert f"Excelでダウンロード（全 {HOUSEHOLDS:,} 件）" in labels

    lead_elsewhere(store_uri, "H-00100")
    run(at)
    rows = fresh_scan(store_uri)
    # a city's figures are written with their digits grouped, as in a report: 5,000
    assert {m.label: m.value for m in at.metric}["登録世帯"] == "5,000"
    shown = {m.label: int(m.value.replace(",", "")) for m in at.metric}
    assert shown["登録世帯"] == len(rows) == HOUSEHOLDS
    assert shown["8050世帯"] == sum(r.is_8050 for r in rows)
    assert shown["孤立・未接続の8050世帯"] == sum(r.is_8050 and r.isolation != "connected"
                                               for r in rows)
    assert shown["リスク高"] == sum(r.risk_level == "high" for r in rows)
    assert shown["主担当なし"] == sum("no_lead" in r.gaps for r in rows)


@pytest.mark.parametrize("focus", ["all", "key"])
def test_the_agency_map_keeps_its_agencies_in_place_after_a_new_lead(store_uri, focus):
    """A new lead is a new co-support link: the map is drawn again, each agency where it
    was (the last drawing's positions kept, only new agencies placed), with no layout. The
    lead goes to a household with one agency as its only support: that agency's ⚠ count
    and its links change, so the map must be drawn again (every link drawn: a fresh layout
    would move every agency). The same for the map of the key agencies."""
    at = supervisor_on(state.AGENCY_NETWORK, store_uri, AGENCY_FOCUS=focus)
    at.select_slider(key=state.AGENCY_LINKS).set_value(0).run(timeout=TIMEOUT)  # every link
    view = (None, (), None, None, focus)  # city-wide, every kind, no scope, every link
    before = dict(resources.map_layouts(store_uri).get(view))
    page = at.get("iframe")[0].proto.srcdoc
    with open_store(store_uri) as store:
        report = queries.city_agencies(store, load_rules(), AS_OF)
    lead_elsewhere(store_uri, report.sole_support[0].households[0])
    timed_run(at)
    assert at.get("iframe")[0].proto.srcdoc != page  # drawn again
    after = resources.map_layouts(store_uri).get(view)
    assert after is not None and after.keys() >= before.keys() - {None}
    assert {a: after[a] for a in before if a in after} == \
        {a: p for a, p in before.items() if a in after}


def test_a_large_citys_map_waits_for_a_ward_and_its_brokers_for_a_press(store_uri,
                                                                        monkeypatch):
    """Above MAP_MAX_AGENCIES agencies no map is drawn until a ward is chosen or it is asked
    for; on a graph whose brokers take long (above BROKERS_AT_ONCE, lowered here so that
    the demo city's 375 agencies are 'large', as Kobe's 1,300 and the 80,000-household
    city's 4,800 are) they are found only when asked for, the map meanwhile sizing no
    agency by them, and then shown. The page says so in Japanese, and nothing fails."""
    monkeypatch.setattr(agency_network, "MAP_MAX_AGENCIES", 100)
    monkeypatch.setattr(resources, "BROKERS_AT_ONCE", 1000)
    at = supervisor_on(state.AGENCY_NETWORK, store_uri, AGENCY_FOCUS="all")
    infos = [i.value for i in at.info]
    assert not at.get("iframe")
    assert any("描いていません" in i for i in infos), infos
    assert any("必要なときに計算します" in i for i in infos), infos
    at.checkbox(key=state.AGENCY_CITY_MAP).check().run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("iframe")) == 1
    assert any("円の大きさはそろえています" in c.value for c in at.caption)
    find = next(b for b in at.button if b.label == "橋渡し役を計算する")
    find.click().run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    brokers = at.dataframe[0].value
    assert "つなぐ役割" in brokers.columns and len(brokers) > 0
    assert not any("円の大きさはそろえています" in c.value for c in at.caption)
    at.run(timeout=TIMEOUT)  # found for this graph: shown without asking again
    assert "つなぐ役割" in at.dataframe[0].value.columns
    at.checkbox(key=state.AGENCY_CITY_MAP).uncheck()
    at.selectbox(key=state.AGENCY_WARD).set_value("北区").run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("iframe")) == 1
