"""A member of staff's agency network counts their own wards' households only: the map's
sole-support marks and link weights, the tables and the figures above the map (AppTest, the
synthetic bundle of ``test_app_auth.py``: 40 households, seed 7, staff of 北区)."""

from __future__ import annotations

import re

from app_support import AS_OF, app_as, run
from streamlit.testing.v1 import AppTest

from netsupport import queries
from netsupport.access import UserRole
from netsupport.rules import load_rules
from netsupport.storage import open_store
from netsupport.ui import state

TIMEOUT = 90


def agency_page(role: UserRole) -> AppTest:
    """The agency page on 全市: staff's map opens on their own ward, which leaves out the
    agencies of other wards that serve their households; the whole city shows them all,
    counted over the staff member's households only."""
    at = run(app_as(role, state.AGENCY_NETWORK, timeout=TIMEOUT))
    at.selectbox(key=state.AGENCY_WARD).set_value("")
    return run(at)


def drawn(at: AppTest) -> tuple[dict[str, int], list[float]]:
    """The map's sole-support count per agency and its link weights, as the page drew them."""
    html = at.get("iframe")[0].proto.srcdoc
    nodes = {m[0]: int(m[1]) for m in re.findall(
        r'"ref":\s*"([^"]+)"[^{}]*?"sole_support":\s*(\d+)', html)}
    weights = [float(w) for w in re.findall(r'"type":\s*"link",\s*"weight":\s*([\d.]+)', html)]
    return nodes, weights


def test_staff_see_their_wards_counts_on_the_map_tables_and_figures(demo_city_uri, demo_city):
    kita = {h.household_id for h in demo_city.households if h.ward == "北区"}
    report = queries.city_agencies(open_store(demo_city_uri), load_rules(), AS_OF)
    city_sole = {s.agency_id: len(s.households) for s in report.sole_support}
    kita_sole = {s.agency_id: n for s in report.sole_support
                 if (n := len(set(s.households) & kita))}
    assert city_sole != kita_sole, "the test needs sole supports outside 北区"

    supervisor = agency_page(UserRole.SUPERVISOR)
    staff = agency_page(UserRole.STAFF)
    city_nodes, city_weights = drawn(supervisor)
    kita_nodes, kita_weights = drawn(staff)
    assert {a: n for a, n in city_nodes.items() if n} == city_sole
    assert {a: n for a, n in kita_nodes.items() if n} == kita_sole
    assert sum(kita_weights) < sum(city_weights)  # links of other wards' households gone

    sole_table = staff.dataframe[1].value  # brokers, then sole supports
    assert sorted(sole_table.iloc[:, -1].str.split("、").sum()) == sorted(
        h for s in report.sole_support for h in s.households if h in kita)
    figures = {m.label: m.value for m in staff.metric}
    assert figures["唯一の支援になっている機関"] == str(len(kita_sole))
    others = {h.household_id for h in demo_city.households} - kita
    page = staff.get("iframe")[0].proto.srcdoc + staff.dataframe[1].value.to_csv()
    assert [h for h in others if h in page] == []
