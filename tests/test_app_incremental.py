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

import statistics
import time
from datetime import date
from pathlib import Path

import pytest
from app_support import add_account, app_store, signed_in
from streamlit.testing.v1 import AppTest

from netsupport.access import UserRole
from netsupport.audit import AuditAction
from netsupport.demo import generate
from netsupport.model import AgencyKind, Event, EventType, Role, Tie, TieKind
from netsupport.storage import ChangeSet, open_store
from netsupport.ui import state

APP = Path(__file__).resolve().parent.parent / "app.py"
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
    at.run(timeout=TIMEOUT)
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
    user = add_account(UserRole.SUPERVISOR, store_uri)
    at = signed_in(AppTest.from_file(str(APP), default_timeout=TIMEOUT), user)
    at.session_state[state.GOTO] = page
    at.session_state[state.HOUSEHOLD] = "H-00001"
    timed_run(at)  # cold: the city is computed once per process
    runs = [timed_run(at) for _ in range(5)]
    warm = statistics.median(cpu for cpu, _ in runs)
    version = open_store(store_uri).data_version()
    lead_elsewhere(store_uri, "H-00100")
    after, after_wall = timed_run(at)
    assert f"データ版 {version + 1}" in at.caption[0].value  # the page read the edit
    assert after <= 5 * warm, (page, "cpu", after, warm, "wall", after_wall,
                               [w for _, w in runs])


def test_a_view_is_logged_again_only_when_the_household_itself_changed(store_uri):
    """The audit log's view of a household names the version of its own records: an edit
    elsewhere writes no new entry on the next click (a durable write on every click after
    any edit), an edit to the household does."""
    user = add_account(UserRole.SUPERVISOR, store_uri)
    at = signed_in(AppTest.from_file(str(APP), default_timeout=TIMEOUT), user)
    at.session_state[state.GOTO] = state.CASE_CONFERENCE
    at.session_state[state.HOUSEHOLD] = "H-00001"
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
