"""The city read once gives every household exactly what its own read gives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from netsupport.bundle import read_bundle
from netsupport.queries import city_views, household_view
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
