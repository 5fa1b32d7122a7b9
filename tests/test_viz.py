"""The maps: a small hand-drawn household and agency network, checked in the page's own data.

The page carries its nodes, edges and options as one JSON document (``#ns-data``); the tests
parse it back and look at what vis-network will draw. A real-browser test lives elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from datetime import date
from html.parser import HTMLParser

import networkx as nx
import pytest

from netsupport.errors import NotFoundError
from netsupport.graph import to_graph
from netsupport.i18n import TEXTS
from netsupport.model import (
    Agency,
    AgencyKind,
    Bundle,
    Condition,
    Diagnosis,
    Household,
    Person,
    Relation,
    Role,
    Strength,
    Tie,
    TieKind,
)
from netsupport.viz import (
    MissingSupport,
    NotOfflineError,
    agency_map_html,
    assert_offline,
    ecomap_html,
)
from netsupport.viz.legend import FAMILY_BY_CODE, KIND_FAMILY, STRENGTH_STYLES
from netsupport.viz.offline import VIS_NETWORK_DIR, VIS_NETWORK_VERSION, script_json

AS_OF = date(2026, 11, 1)
GAP = MissingSupport("medical", "医療機関未接続", (AgencyKind.CLINIC, AgencyKind.HOME_NURSING))
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = '"><script>alert(1)</script>'


def household_bundle(*, subject_name: str = "山田 一郎", lead_name: str = "北区ひきこもり支援室",
                     ward: str = "北区", neighbour_name: str = "佐藤さん") -> Bundle:
    """Subject, deceased father, sister; a lead (strong), a weak tie, a stressful tie, an
    ended tie, and a neighbour."""
    return Bundle(
        agencies=[
            Agency("A1", lead_name, AgencyKind.HIKIKOMORI_SUPPORT_OFFICE, "北区"),
            Agency("A2", "北区あんしんすこやかセンター", AgencyKind.COMMUNITY_SUPPORT_CENTER,
                   "北区"),
            Agency("A3", "北区くらし支援窓口", AgencyKind.LIVELIHOOD_SUPPORT, "北区"),
            Agency("A4", "すずらんケアプランセンター", AgencyKind.CARE_MANAGER, "北区"),
        ],
        households=[Household("H1", ward)],
        people=[
            Person("P1", Relation.SUBJECT, "H1", subject_name, 1972, diagnosis=Diagnosis.MOOD),
            Person("P2", Relation.FATHER, "H1", "山田 茂", 1940, deceased=True,
                   conditions=(Condition.DEMENTIA,)),
            Person("P3", Relation.SIBLING, "H1", "山田 花子", 1975),
            Person("N1", Relation.NEIGHBOUR, None, neighbour_name),
        ],
        ties=[
            Tie("A1", "H1", TieKind.SUPPORT, Strength.STRONG, Role.LEAD, date(2025, 4, 1),
                last_contact=date(2026, 10, 1), consent=True),
            Tie("A2", "H1", TieKind.SUPPORT, Strength.WEAK, since=date(2025, 6, 1)),
            Tie("A3", "P1", TieKind.SUPPORT, Strength.STRESSFUL, since=date(2026, 1, 10)),
            Tie("A4", "P2", TieKind.SUPPORT, Strength.NORMAL, since=date(2023, 1, 1),
                until=date(2025, 3, 31)),
            Tie("N1", "H1", TieKind.INFORMAL, Strength.NORMAL),
        ],
    )


def draw(bundle: Bundle | None = None, **kwargs) -> str:
    options = {"as_of": AS_OF, "lead_id": "A1", "team_ids": ["A2"], "missing": [GAP]}
    options.update(kwargs)
    return ecomap_html(to_graph(bundle or household_bundle()), "H1", **options)


def page_data(page: str) -> dict:
    """The nodes, edges and options the page hands to vis-network."""
    found = re.search(r'<script type="application/json" id="ns-data">(.*?)</script>', page,
                      re.DOTALL)
    assert found, "no #ns-data in the page"
    return json.loads(found.group(1))


def by_ref(data: dict) -> dict[str, dict]:
    return {n["ns"]["ref"]: n for n in data["nodes"] if "ref" in n.get("ns", {})}


def edges_of(data: dict, **meta) -> list[dict]:
    return [e for e in data["edges"]
            if all(e.get("ns", {}).get(k) == v for k, v in meta.items())]


def outside_scripts(page: str) -> str:
    """The page without the inlined vis-network and boot scripts (keeps the data)."""
    return re.sub(r"<script>.*?</script>", "", page, flags=re.DOTALL)


class Tags(HTMLParser):
    """Every element and attribute of a page, as a browser's tokenizer would see them."""

    def __init__(self, page: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def page() -> str:
    return draw()


@pytest.fixture(scope="module")
def data(page) -> dict:
    return page_data(page)


# The ecomap


def test_members_form_a_genogram_with_subject_and_deceased_marked(data):
    nodes = by_ref(data)
    assert nodes["P1"]["label"].splitlines() == ["◎ 本人", "山田 一郎", "54歳"]
    assert nodes["P1"]["borderWidth"] >= 4
    assert nodes["P2"]["label"].splitlines()[0] == "✕ 父（故）"
    assert nodes["P2"]["color"]["background"] == "#DDDDDD"
    assert "認知症" in nodes["P2"]["label"]
    assert nodes["P3"]["label"].splitlines()[0] == "きょうだい"
    father_y = nodes["P2"]["y"]
    assert nodes["P1"]["y"] > father_y and nodes["P3"]["y"] > father_y  # parents above
    assert len(edges_of(data, type="genogram")) == 2  # father to each child


def test_household_is_the_circle_in_the_centre(data):
    household = next(n for n in data["nodes"] if n["ns"]["type"] == "household")
    assert (household["x"], household["y"]) == (0, 0)
    assert household["label"] == "世帯 H1・北区"
    for ref in ("P1", "P2", "P3"):
        member = by_ref(data)[ref]
        assert (member["x"] ** 2 + member["y"] ** 2) ** 0.5 < household["size"]


def test_agencies_are_coloured_by_kind_family_on_a_ring(data):
    nodes = by_ref(data)
    lead = nodes["A1"]
    assert lead["label"].splitlines() == ["★ 主担当", "北区ひきこもり支援室"]
    assert lead["borderWidth"] == 5
    assert lead["color"]["background"] == FAMILY_BY_CODE["mental_health"].fill
    assert nodes["A2"]["label"].startswith("◆ ミニサポートチーム")
    assert nodes["A2"]["color"]["background"] == FAMILY_BY_CODE["care"].fill
    assert nodes["A3"]["color"]["background"] == FAMILY_BY_CODE["welfare"].fill
    assert nodes["N1"]["shape"] == "ellipse"
    assert nodes["N1"]["label"].splitlines() == ["近隣住民", "佐藤さん"]
    household = next(n for n in data["nodes"] if n["ns"]["type"] == "household")
    for ref in ("A1", "A2", "A3", "N1"):
        assert (nodes[ref]["x"] ** 2 + nodes[ref]["y"] ** 2) ** 0.5 > household["size"] + 100
    assert lead["x"] == 0 and lead["y"] < 0  # the first family starts at the top


def test_ended_tie_is_not_drawn(page, data):
    assert "A4" not in by_ref(data)
    assert "すずらんケアプランセンター" not in page
    assert "終了した・開始前のつながりは描いていません" in page


def test_edges_follow_the_ecomap_convention(data):
    nodes = {n["id"]: n for n in data["nodes"]}
    strong, = edges_of(data, strength="strong")
    weak, = edges_of(data, strength="weak")
    stressful, = edges_of(data, strength="stressful")
    assert strong["width"] == 5 and strong["dashes"] is False
    assert weak["dashes"] == [8, 6] and weak["width"] < 2
    assert stressful["color"]["color"] == "#D62728" and stressful["dashes"] == [2, 2]
    assert stressful["label"] == "ストレス"
    assert weak["color"]["color"] != stressful["color"]["color"]
    for edge in (strong, weak, stressful):
        assert edge["arrows"]["to"]["enabled"]
        assert nodes[edge["from"]]["ns"]["type"] == "agency"  # agency -> household side
    assert nodes[stressful["to"]]["ns"]["ref"] == "P1"
    # A line to the household ends on its circle, not at its centre.
    port = nodes[strong["to"]]
    assert port["ns"]["type"] == "port" and port["y"] < 0


def test_missing_support_is_a_dashed_box(data):
    missing, = (n for n in data["nodes"] if n["ns"]["type"] == "missing")
    assert missing["label"] == "医療機関未接続"
    assert missing["shapeProperties"]["borderDashes"]
    assert missing["ns"]["kinds"] == ["clinic", "home_nursing"]
    line, = edges_of(data, type="missing")
    assert line["from"] == missing["id"] and line["dashes"]


def test_physics_is_off_and_every_node_has_a_position(data):
    assert data["options"]["physics"]["enabled"] is False
    for node in data["nodes"]:
        assert isinstance(node["x"], int | float) and isinstance(node["y"], int | float)


def test_legend_and_date_are_in_the_page(page):
    assert "凡例" in page and "基準日 2026-11-01" in page
    for words in ("★ 主担当（太枠）", "未接続の支援（点線の枠）", "ひきこもり・精神保健",
                  "ストレス・対立", "インフォーマルな支え"):
        assert words in page
    assert "失われる想定" not in page  # nothing faded in this map


def test_same_input_same_page(page):
    assert draw() == page


def test_faded_ids_fade_the_node_and_its_lines():
    data = page_data(draw(faded_ids=["A2"]))
    node = by_ref(data)["A2"]
    assert node["ns"]["faded"] and node["color"]["background"] != FAMILY_BY_CODE["care"].fill
    weak, = edges_of(data, strength="weak")
    assert weak["ns"]["faded"]
    assert not edges_of(data, strength="strong")[0]["ns"]["faded"]
    assert "失われる想定" in draw(faded_ids=["A2"])


def test_faded_ties_fade_one_line():
    tie = household_bundle().ties[0]
    data = page_data(draw(faded_ties=[tie.key]))
    assert edges_of(data, strength="strong")[0]["ns"]["faded"]
    assert not by_ref(data)["A1"]["ns"]["faded"]


def test_marked_agency_without_a_tie_is_still_drawn():
    data = page_data(draw(backup_ids=["A4"]))  # its only tie has ended
    assert by_ref(data)["A4"]["label"].startswith("◇ バックアップ")
    assert not [e for e in data["edges"] if e["from"] == by_ref(data)["A4"]["id"]]


def test_unknown_ids_raise():
    with pytest.raises(NotFoundError):
        draw(lead_id="A99")
    with pytest.raises(NotFoundError):
        ecomap_html(to_graph(household_bundle()), "H9", as_of=AS_OF, lead_id=None)


def test_english_labels():
    data = page_data(draw(lang="en"))
    assert by_ref(data)["P1"]["label"].splitlines()[0] == "◎ Subject"
    assert by_ref(data)["A1"]["label"].startswith("★ Lead")


def test_pseudonymise_shows_relations_and_kinds_only():
    page = draw(pseudonymise=True)
    for name in ("山田", "佐藤", "北区ひきこもり支援室", "北区くらし支援窓口"):
        assert name not in page
    data = page_data(page)
    assert not by_ref(data)
    shown = outside_scripts(page) + json.dumps(data, ensure_ascii=False)
    for record_id in ("H1", "P1", "P2", "A1", "N1"):
        assert not re.search(rf"\b{record_id}\b", shown)
    labels = [n.get("label", "") for n in data["nodes"]]
    assert "◎ 本人\n52〜56歳" in labels  # the age as its five-year band (sharing.age_words)
    assert any(label.startswith("★ 主担当\nひきこもり支援室") for label in labels)
    assert "近隣住民" in labels


def test_disclose_draws_agencies_without_consent_by_kind_only():
    # A1 has consent; A2 (unknown) and A3 (none given) do not.
    page = draw(disclose={"A1"})
    data = page_data(page)
    for hidden in ("北区あんしんすこやかセンター", "北区くらし支援窓口"):
        assert hidden not in page
    shown = outside_scripts(page) + json.dumps(data, ensure_ascii=False)
    for record_id in ("A2", "A3"):
        assert not re.search(rf"\b{record_id}\b", shown)
    nodes = by_ref(data)
    assert set(nodes) == {"P1", "P2", "P3", "N1", "A1"}  # people keep their names and refs
    assert nodes["A1"]["label"].splitlines() == ["★ 主担当", "北区ひきこもり支援室"]
    assert nodes["N1"]["label"].splitlines() == ["近隣住民", "佐藤さん"]
    labels = [n.get("label", "") for n in data["nodes"]]
    assert any(label.startswith("◆ ミニサポートチーム\nあんしんすこやかセンター")
               for label in labels)
    assert "くらし支援窓口" in labels
    assert "同意のない機関は種別のみ表示" in page


def test_disclose_everything_is_the_plain_map_with_no_note():
    page = draw(disclose={"A1", "A2", "A3", "A4"})
    assert "同意のない機関は種別のみ表示" not in page
    assert page_data(page)["nodes"] == page_data(draw())["nodes"]


def test_pseudonymised_map_names_the_agencies_disclosed():
    page = draw(pseudonymise=True, disclose={"A1"})
    assert "北区ひきこもり支援室" in page and "北区くらし支援窓口" not in page
    assert "山田" not in page and "佐藤" not in page
    data = page_data(page)
    assert not by_ref(data)
    shown = outside_scripts(page) + json.dumps(data, ensure_ascii=False)
    for record_id in ("H1", "P1", "A1", "A2", "N1"):
        assert not re.search(rf"\b{record_id}\b", shown)


# Escaping


HOSTILE = {
    "subject_name": HOSTILE_IMG,
    "lead_name": HOSTILE_SCRIPT,
    "ward": "<b onmouseover=alert(3)>区",
    "neighbour_name": "</script><!--\u2028\u2029",
}


def test_hostile_names_reach_the_page_only_as_text():
    bundle = household_bundle(**HOSTILE)
    page = draw(bundle, missing=[MissingSupport("x", "<svg onload=alert(4)>", ())])
    assert "<img" not in page and "<script>alert" not in page
    assert "<b onmouseover" not in page and "<svg onload" not in page
    assert "\u2028" not in page and "\u2029" not in page
    tags = Tags(page).tags
    assert [t for t, _ in tags if t == "script"] == ["script"] * 3
    assert not [(t, a) for t, attrs in tags for a in attrs if a.startswith("on")]
    assert {t for t, _ in tags} <= {"html", "head", "meta", "title", "style", "script", "body",
                                    "div", "header", "h1", "span", "section", "h2", "h3",
                                    "ul", "li", "svg", "line", "p", "noscript"}
    # The heading is HTML: escaped there. Labels and tooltips are text: exact in the data.
    assert "世帯 H1・&lt;b onmouseover=alert(3)&gt;区" in page
    nodes = by_ref(page_data(page))
    assert nodes["P1"]["title"].splitlines()[1] == HOSTILE_IMG
    assert HOSTILE_SCRIPT in nodes["A1"]["title"]
    assert "</script><!--" in nodes["N1"]["label"]


def test_script_json_cannot_end_its_element():
    dumped = script_json({"a": "</script><!--<script>\u2028&"})
    assert not re.search(r"[<>&\u2028\u2029]", dumped)
    assert json.loads(dumped) == {"a": "</script><!--<script>\u2028&"}


# Offline


def test_both_maps_are_offline(page):
    assert_offline(page)
    assert_offline(agency_map_html(small_agency_graph(), agencies=AGENCIES))
    assert "http://almende.com" in page  # vis-network's licence comment: text, not fetched


#: The vendored vis-network, byte for byte (netsupport/viz/vendor/vis-network-9.1.2/README.md).
VIS_NETWORK_SHA256 = {
    "vis-network.min.js": "1f20f0736f32cb9bedf8f6383b25cfea2f839e1abe80d6e8040b4d5bea378c69",
    "vis-network.css": "2e82d445ad5878ea881652470ce632601f8f55f1b99e6ebecdff8614600e6d0e",
}


def test_the_maps_run_exactly_the_vendored_vis_network_and_its_licence_ships_with_it(page):
    """The escaping argument of viz/offline.py (string tooltips shown with innerText) and the
    CSP hashes hold for these bytes only: a changed file must be looked at, not inlined."""
    folder = VIS_NETWORK_DIR
    for name, digest in VIS_NETWORK_SHA256.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
        assert digest in (folder / "README.md").read_text(encoding="utf-8")
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    assert f"@version {VIS_NETWORK_VERSION}" in js[:400]
    assert "MIT License" in (folder / "LICENSE-MIT").read_text(encoding="utf-8")
    assert js in page


@pytest.mark.parametrize("bad", [
    '<script src="https://cdn.jsdelivr.net/npm/bootstrap.js"></script>',
    '<link rel="stylesheet" href="https://cdn.example/x.css">',
    '<link rel="stylesheet" href="//cdn.example/x.css">',
    '<script src="lib/bindings/utils.js"></script>',
    "<style>@import 'theme.css';</style>",
    '<div style="background: url(http://example.org/a.png)"></div>',
    "<style>body { background: url('https://example.org/a.png') }</style>",
    '<script>fetch("https://example.org/track")</script>',
    '<script>var r = new XMLHttpRequest(); r.open("GET", "http://example.org/")</script>',
    '<img srcset="https://example.org/a.png 1x">',
])
def test_assert_offline_finds_what_a_browser_would_fetch(page, bad):
    with pytest.raises(NotOfflineError):
        assert_offline(page.replace("</body>", bad + "</body>"))
    with pytest.raises(AssertionError):
        assert_offline(bad)


def test_assert_offline_ignores_urls_that_are_only_text():
    assert_offline('<svg xmlns="http://www.w3.org/2000/svg"></svg>'
                   '<style>.a { background: url(data:image/png;base64,AAAA) }</style>'
                   '<script>var licence = "see https://example.org/licence";</script>'
                   '<p>https://example.org</p>')


def test_page_forbids_fetching_and_foreign_scripts(page):
    csp = next(a["content"] for t, a in Tags(page).tags
               if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split(";")[1]
    assert "bootstrap" not in page.lower()


# The agency map

AGENCIES = {
    "A1": Agency("A1", "北区ひきこもり支援室", AgencyKind.HIKIKOMORI_SUPPORT_OFFICE, "北区"),
    "A2": Agency("A2", HOSTILE_SCRIPT, AgencyKind.CARE_MANAGER, "北区"),
    "A3": Agency("A3", "北区社会福祉協議会", AgencyKind.SOCIAL_WELFARE_COUNCIL, "北区"),
    "A4": Agency("A4", "山の手クリニック", AgencyKind.CLINIC, "北区"),
}


def small_agency_graph() -> nx.Graph:
    g = nx.Graph()
    g.add_edge("A1", "A2", weight=1)
    g.add_edge("A2", "A3", weight=4)
    g.add_edge("A3", "A4", weight=2)
    g.add_node("A5")  # not in AGENCIES
    return g


def test_agency_map_draws_kinds_brokers_sole_support_and_highlight():
    page = agency_map_html(small_agency_graph(), agencies=AGENCIES,
                           brokers={"A2": 0.6, "A3": 0.8}, sole_support={"A4": 2},
                           highlight_ids=["A2", "A3"])
    data = page_data(page)
    nodes = by_ref(data)
    assert data["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    for ref, agency in AGENCIES.items():
        assert nodes[ref]["color"]["background"] == FAMILY_BY_CODE[KIND_FAMILY[agency.kind]].fill
    assert nodes["A5"]["label"] == "A5" and nodes["A5"]["ns"]["family"] == "other"
    assert nodes["A3"]["size"] > nodes["A2"]["size"] > nodes["A1"]["size"]
    assert nodes["A4"]["label"].startswith("⚠") and nodes["A4"]["color"]["border"] == "#C0392B"
    assert nodes["A2"]["borderWidth"] == 6 and nodes["A3"]["ns"]["highlight"]
    widths = {e["ns"]["weight"]: e["width"] for e in data["edges"]}
    assert widths[4.0] > widths[2.0] > widths[1.0]
    on_path = [e for e in data["edges"] if e["ns"]["highlight"]]
    assert len(on_path) == 1 and on_path[0]["ns"]["weight"] == 4.0
    assert "<script>alert" not in page and nodes["A2"]["title"].startswith(HOSTILE_SCRIPT)
    assert "唯一の支援になっている世帯がある" in page and "関係機関ネットワーク" in page
    assert_offline(page)


def test_agency_map_tooltips_say_the_broker_score_in_words():
    words = "多くの世帯の支援機関どうしをつなぐ位置にある（市内上位5%）"
    page = agency_map_html(small_agency_graph(), agencies=AGENCIES,
                           brokers={"A2": 0.6, "A3": 0.172}, broker_words={"A3": words})
    nodes = by_ref(page_data(page))
    assert f"つなぐ役割: {words}" in nodes["A3"]["title"]
    assert "0.172" not in nodes["A3"]["title"] and "0.6" not in nodes["A2"]["title"]
    assert "橋渡しの度合い" not in page


def test_agency_map_positions_do_not_depend_on_insertion_order():
    g = small_agency_graph()
    h = nx.Graph()
    h.add_nodes_from(reversed(list(g.nodes)))
    h.add_edges_from(reversed(list(g.edges(data=True))))
    assert agency_map_html(g, agencies=AGENCIES) == agency_map_html(h, agencies=AGENCIES)


def test_agency_map_of_1000_agencies_builds(capsys):
    g = nx.gnm_random_graph(1000, 3000, seed=1)
    g = nx.relabel_nodes(g, {i: f"A{i:04d}" for i in g})
    kinds = list(AgencyKind)
    agencies = {a: Agency(a, f"機関{i}", kinds[i % len(kinds)]) for i, a in enumerate(sorted(g))}
    started = time.perf_counter()
    page = agency_map_html(g, agencies=agencies, brokers={"A0001": 1.0})
    seconds = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nagency map of 1,000 agencies and 3,000 links: {seconds:.2f} s, "
              f"{len(page) / 1e6:.1f} MB")
    data = page_data(page)
    assert len(data["nodes"]) == 1000 and len(data["edges"]) == 3000
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == 1000
    assert_offline(page)


def test_viz_texts_have_both_languages():
    viz = {k: v for k, v in TEXTS.items() if k.startswith("viz.")}
    assert len(viz) > 40 and all(len(pair) == 2 and all(pair) for pair in viz.values())
    assert set(STRENGTH_STYLES) == set(Strength)
    assert set(KIND_FAMILY) == set(AgencyKind)
