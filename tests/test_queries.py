"""The city read once gives every household exactly what its own read gives."""

from __future__ import annotations

import gc
import threading
from datetime import date
from pathlib import Path

import pytest

from netsupport.bundle import read_bundle
from netsupport.queries import city_scan, city_views, collector_paused, household_view
from netsupport.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 1)


def test_city_views_equal_household_views(sqlite_store):
    sqlite_store.load(read_bundle(ROOT / "graph_data" / "demo"))
    rules = load_rules()
    views = city_views(sqlite_store, rules, AS_OF)
    assert list(views) == sqlite_store.household_ids()
    for hid, view in views.items():
        alone = household_view(sqlite_store, hid, rules, AS_OF)
        assert view.network.sorted() == alone.network.sorted(), hid
        assert view.report.to_dict() == alone.report.to_dict(), hid


def test_the_collector_runs_again_after_every_pause_ends():
    """Nested and concurrent pauses (the app's threads) count; the collector is back on
    when the last ends, also after an error, and stays off if it was off before."""
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        inside = threading.Event()
        leave = threading.Event()

        def other() -> None:
            with collector_paused():
                inside.set()
                leave.wait(10)
        thread = threading.Thread(target=other)
        thread.start()
        inside.wait(10)
        with pytest.raises(ValueError), collector_paused():
            raise ValueError
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread's pause has not ended
    leave.set()
    thread.join(10)
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_city_scan_leaves_the_collector_on(sqlite_store):
    sqlite_store.load(read_bundle(ROOT / "graph_data" / "demo"))
    assert city_scan(sqlite_store, load_rules(), AS_OF)
    assert gc.isenabled()
