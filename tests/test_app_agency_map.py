"""The agency map for a room (issue 14): staff open it on their own ward (全市 is one pick
away), each agency's strongest links only, with a sentence saying how many were left out,
and on a crowded map only the strongest brokers named. ``AppTest`` over the synthetic
bundle of ``test_app.py`` (40 households, seed 7), and the thinning itself."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from app_support import app_as, run
from streamlit.testing.v1 import AppTest

from netsupport.access import UserRole
from netsupport.ui import state
from netsupport.ui.pages.agency_network import KEY_AGENCIES, LABEL_TOP
from netsupport.viz import strongest_links


def agency_page(role: UserRole, focus: str | None = None) -> AppTest:
    at = app_as(role, state.AGENCY_NETWORK)
    if focus:
        at.session_state[state.AGENCY_FOCUS] = focus
    return run(at)


def map_data(at: AppTest) -> dict:
    [frame] = at.get("iframe")
    found = re.search(r'<script type="application/json" id="ns-data">(.*?)</script>',
                      frame.proto.srcdoc, re.DOTALL)
    return json.loads(found.group(1))


def test_staff_open_the_map_on_their_ward_and_can_pick_the_city(demo_city_uri):
    at = agency_page(UserRole.STAFF)
    assert at.selectbox(key=state.AGENCY_WARD).value == "北区"
    at.selectbox(key=state.AGENCY_WARD).set_value("").run(timeout=60)
    assert at.selectbox(key=state.AGENCY_WARD).value == ""  # 全市, and it stays chosen
    at.run(timeout=60)
    assert at.selectbox(key=state.AGENCY_WARD).value == ""
    assert agency_page(UserRole.SUPERVISOR).selectbox(key=state.AGENCY_WARD).value == ""


def test_the_city_map_draws_each_agencys_strongest_links_and_says_what_it_left_out(
        demo_city_uri):
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


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def test_the_city_map_opens_on_the_key_agencies_and_counts_what_it_left_out(demo_city_uri):
    at = agency_page(UserRole.SUPERVISOR)
    assert at.get("button_group")[0].value == "key"
    nodes = map_data(at)["nodes"]
    assert len(nodes) == KEY_AGENCIES and all(n["label"] for n in nodes)
    [said] = [c for c in captions(at) if "要となる" in c]
    found = re.search(r"つながりのある ([\d,]+) 機関のうち、要となる (\d+) 機関"
                      r".*省略した (\d+) 機関の内訳\\?: (.*?)。", said)
    assert found, said
    linked, shown, left_out, families = found.groups()
    linked = linked.replace(",", "")
    assert int(shown) == len(nodes) and int(linked) - int(shown) == int(left_out) > 0
    assert sum(int(n) for n in re.findall(r" (\d+)", families)) == int(left_out)
    assert "「すべての機関」" in said and "「選んだ機関とその周り」" in said


def test_one_agency_and_the_partners_it_shares_most_households_with(demo_city_uri):
    at = agency_page(UserRole.SUPERVISOR, focus="around")
    centre = at.selectbox(key=state.AGENCY_CENTRE).value
    data = map_data(at)
    [middle] = [n for n in data["nodes"] if n["ns"]["ref"] == centre]
    assert middle["ns"]["highlight"] and len(data["nodes"]) <= 31
    links = [e for e in data["edges"] if middle["id"] in (e["from"], e["to"])]
    assert len(links) == len(data["nodes"]) - 1  # every partner linked to the centre
    [said] = [c for c in captions(at) if "一緒に支えている世帯の多い順に" in c]
    assert f"{len(data['nodes']) - 1} 機関を描いています" in said

    other = at.selectbox(key=state.AGENCY_CENTRE).options[-1]
    at.selectbox(key=state.AGENCY_CENTRE).select(other).run(timeout=60)
    assert at.selectbox(key=state.AGENCY_CENTRE).value != centre


def test_projector_mode_draws_the_map_for_a_room_and_english_says_the_same(demo_city_uri):
    at = agency_page(UserRole.SUPERVISOR)
    at.toggle(key=state.AGENCY_PROJECTOR).set_value(True).run(timeout=60)
    [frame] = at.get("iframe")
    page = frame.proto.srcdoc
    assert 'class="ns-body ns-below"' in page and "全体を表示" in page
    assert map_data(at)["fit"]["minFontPx"] == 16
    at.select_slider(key=state.AGENCY_FONT_SIZE).set_value(24).run(timeout=60)
    assert map_data(at)["fit"]["minFontPx"] == 24
    at.toggle(key=state.AGENCY_PROJECTOR).set_value(False).run(timeout=60)
    assert "ns-below ns-compact" in at.get("iframe")[0].proto.srcdoc

    at.session_state[state.LANG] = "en"
    at.run(timeout=60)
    assert any("key ones are drawn" in c for c in captions(at)), captions(at)


@pytest.mark.parametrize("focus", ["key", "around", "all"])
def test_a_filter_that_leaves_no_linked_agency_fails_nothing(demo_city_uri, focus):
    at = agency_page(UserRole.SUPERVISOR, focus=focus)
    at.multiselect(key=state.AGENCY_KINDS).set_value(["school"]).run(timeout=60)
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric[0].value in ("0", "1")
