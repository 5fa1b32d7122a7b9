"""Nobody waits for the city who does not need it yet: the app computes the city's results in
the background from the first run of the day (the sign-in page's), a page that needs them
waits for that computation instead of starting its own, and a session left on the default
as-of day follows the day change (when the app computes the new day by itself).

Driven headless with ``AppTest`` against a real SQLite store (40 households).
"""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest
from app_support import AS_OF, add_account, app_as, run, signed_in

from netsupport import citycache
from netsupport.access import UserRole
from netsupport.ui import resources, state

TIMEOUT = 60


@pytest.fixture
def computations(monkeypatch):
    """Every full computation of the city, as (thread name, as-of day)."""
    made: list[tuple[str, date]] = []
    real = citycache.compute_city

    def counted(store, rules, as_of, progress=None):
        made.append((threading.current_thread().name, as_of))
        return real(store, rules, as_of, progress)
    monkeypatch.setattr(citycache, "compute_city", counted)
    return made


def settled(uri: str) -> None:
    """Wait for the background computation under way, if any."""
    resources.city_cache(uri).settle(TIMEOUT)


def test_the_city_is_computed_while_the_first_user_signs_in(demo_city_uri, computations):
    at = run(app_as(timeout=TIMEOUT))
    assert [e.value for e in at.title] == ["サインイン"]
    settled(demo_city_uri)
    held = resources.city_cache(demo_city_uri).held(AS_OF)
    assert held is not None and held.full
    assert computations == [("netsupport-city", AS_OF)]  # in its own thread
    # then the first pages' city-wide reports: every lead standing, the default forecast
    assert set(held._standings) == set(held.facts)
    assert resources.forecasts(demo_city_uri)._kept

    signed_in(at, add_account(UserRole.SUPERVISOR))
    at.session_state[state.GOTO] = state.DASHBOARD
    run(at)
    assert [e.value for e in at.title] == ["ダッシュボード"]
    assert len(at.dataframe[0].value) > 0
    assert computations == [("netsupport-city", AS_OF)]  # the page computed nothing
    assert resources.city_cache(demo_city_uri).held(AS_OF) is held


def test_a_page_waits_for_the_computation_under_way_instead_of_starting_its_own(
        demo_city_uri, computations):
    """The dashboard opened while the background computation is still reading the city
    (held back here until the page has started waiting) shows the city once it is done,
    computed once."""
    cache = resources.city_cache(demo_city_uri)
    gate = threading.Event()
    real = cache.store.scan_network

    def held_back(*args):
        gate.wait(TIMEOUT)
        return real(*args)
    cache.store.scan_network = held_back
    try:
        cache.warm(AS_OF)
        threading.Timer(1.0, gate.set).start()
        at = app_as(UserRole.SUPERVISOR, state.DASHBOARD, timeout=TIMEOUT)
        at.run()
    finally:
        gate.set()
        del cache.store.scan_network
    assert not at.exception
    assert [e.value for e in at.title] == ["ダッシュボード"]
    assert len(at.dataframe[0].value) > 0
    assert computations == [("netsupport-city", AS_OF)]


def test_a_session_left_on_the_default_day_follows_the_day_change(demo_city_uri, monkeypatch):
    at = run(app_as(UserRole.SUPERVISOR, timeout=TIMEOUT))
    assert at.session_state[state.AS_OF] == AS_OF
    tomorrow = AS_OF + timedelta(days=1)
    monkeypatch.setenv(state.AS_OF_ENV, tomorrow.isoformat())  # the day changes
    run(at)
    assert at.session_state[state.AS_OF] == tomorrow
    assert at.date_input(key=state.AS_OF).value == tomorrow


def test_a_day_the_user_chose_is_kept_at_the_day_change(demo_city_uri, monkeypatch):
    at = run(app_as(UserRole.SUPERVISOR, timeout=TIMEOUT))
    chosen = date(2026, 6, 30)
    at.date_input(key=state.AS_OF).set_value(chosen).run()
    monkeypatch.setenv(state.AS_OF_ENV, (AS_OF + timedelta(days=1)).isoformat())
    run(at)
    assert at.session_state[state.AS_OF] == chosen


def test_the_day_keeper_wakes_a_minute_after_midnight():
    assert resources._until_next_day(datetime(2026, 12, 1, 23, 59)) == 120.0
    assert resources._until_next_day(datetime(2026, 12, 1, 0, 0)) == 24 * 3600 + 60.0
    assert resources._until_next_day(datetime(2026, 12, 31, 12, 0)) == 12 * 3600 + 60.0
