"""The agency map for a room (issue 14): staff open it on their own ward (全市 is one pick
away), each agency's strongest links only, with a sentence saying how many were left out,
and on a crowded map only the strongest brokers named. ``AppTest`` over the synthetic
bundle of ``test_app.py`` (40 households, seed 7), and the thinning itself."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from app_support import add_account, app_store, signed_in
from streamlit.testing.v1 import AppTest

from netsupport.access import UserRole
from netsupport.demo import generate
from netsupport.ui import state
from netsupport.ui.pages.agency_network import LABEL_TOP
from netsupport.viz import strongest_links

APP = Path(__file__).resolve().parent.parent / "app.py"


@pytest.fixture
def store_uri(tmp_path, monkeypatch):
    return app_store(tmp_path, monkeypatch, generate(40, seed=7), date(2026, 11, 1))


def agency_page(role: UserRole, focus: str | None = None) -> AppTest:
    at = signed_in(AppTest.from_file(str(APP), default_timeout=60), add_account(role))
    at.session_state[state.GOTO] = state.AGENCY_NETWORK
    if focus:
        at.session_state[state.AGENCY_FOCUS] = focus
    at.run(timeout=60)
    assert not at.exception, [e.value for e in at.exception]
    return at


def map_data(at: AppTest) -> dict:
    [frame] = at.get("iframe")
    found = re.search(r'<script type="application/json" id="ns-data">(.*?)</script>',
                      frame.proto.srcdoc, re.DOTALL)
    return json.loads(found.group(1))


def test_staff_open_the_map_on_their_ward_and_can_pick_the_city(store_uri):
    at = agency_page(UserRole.STAFF)
    assert at.selectbox(key=state.AGENCY_WARD).value == "北区"
    at.selectbox(key=state.AGENCY_WARD).set_value("").run(timeout=60)
    assert at.selectbox(key=state.AGENCY_WARD).value == ""  # 全市, and it stays chosen
    at.run(timeout=60)
    assert at.selectbox(key=state.AGENCY_WARD).value == ""
    assert agency_page(UserRole.SUPERVISOR).selectbox(key=state.AGENCY_WARD).value == ""


def test_the_city_map_draws_each_agencys_strongest_links_and_says_what_it_left_out(
        store_uri):
    at = agency_page(UserRole.SUPERVISOR, focus="all")
    all_links = at.select_slider(key=state.AGENCY_LINKS)
    all_links.set_value(0).run(timeout=60)
    every = len([e for e in map_data(at)["edges"]])
    at.select_slider(key=state.AGENCY_LINKS).set_value(1).run(timeout=60)
    data = map_data(at)
    assert 0 < len(data["edges"]) < every
    [said] = [c.value for c in at.caption if "連携線" in c.value and "省略" in c.value]
    assert f"{every} 本のうち {len(data['edges'])} 本" in said
    named = [n for n in data["nodes"] if n.get("label")]
    assert 0 < len(named) <= LABEL_TOP + sum("⚠" in n["label"] for n in named)


def test_strongest_links_keep_every_agency_and_its_strongest_tie():
    graph = nx.gnm_random_graph(30, 200, seed=3)
    for i, (a, b) in enumerate(graph.edges):
        graph.edges[a, b]["weight"] = (i * 7) % 11 + 1
    thin = strongest_links(graph, 2)
    assert set(thin.nodes) == set(graph.nodes)
    assert thin.number_of_edges() < graph.number_of_edges()
    for node in graph.nodes:
        best = max(graph[node].values(), key=lambda d: d["weight"])["weight"]
        assert max(d["weight"] for d in thin[node].values()) == best
