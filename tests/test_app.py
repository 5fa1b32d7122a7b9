"""The Streamlit app, driven headless with ``AppTest`` against real SQLite stores.

Each test gets its own store file loaded with a small synthetic Kobe bundle (40 households,
fixed seed) and reads it as of 2026-11-01, signed in as an admin (``tests/app_support.py``;
roles, scope and the sign-in itself are ``test_app_auth.py``'s). One test per page (renders,
Japanese headings, the English switch), one per edit (it lands in the store) and per stale
edit (refused with a message), the data page's upload and validation report, and the
escaping of user text.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from app_support import AS_OF, app_as, run
from streamlit.testing.v1 import AppTest

from netsupport.access import UserRole
from netsupport.audit import AuditAction
from netsupport.bundle import write_bundle
from netsupport.demo import generate
from netsupport.edits import record_contact
from netsupport.i18n import t
from netsupport.model import EventType, Role, TieKey, TieKind
from netsupport.queries import household_view
from netsupport.rules import load_rules
from netsupport.sharing import disclosed_agencies
from netsupport.storage import open_store
from netsupport.ui import state
from netsupport.ui.pages.data import check_upload
from netsupport.ui.safe import md_escape
from netsupport.viz.naming import Names
from netsupport.viz.sheet import case_conference_sheet

HOUSEHOLD = "H-00002"  # a handover is recommended: lead A-0125 → A-0005, nine active ties
TIMEOUT = 60
PAGE_HEADINGS = {
    state.DASHBOARD: ("ダッシュボード", "Dashboard", "要注意世帯の一覧（リスクの高い順）"),
    state.CASE_CONFERENCE: ("ケース会議", "Case conference", "支援経過"),
    state.LEAD_ASSIGNMENT: ("主担当の割当", "Lead assignment", "記録・変更"),
    state.AGENCY_NETWORK: ("関係機関ネットワーク", "Agency network",
                           "支援機関どうしをつなぐ位置にある機関"),
    state.DATA: ("データ", "Data", "データの取り込み"),
}


@pytest.fixture
def empty_uri(tmp_path, monkeypatch):
    uri = f"sqlite:///{tmp_path / 'empty.db'}"
    monkeypatch.setenv("NETSUPPORT_STORE", uri)
    monkeypatch.setenv(state.AS_OF_ENV, AS_OF.isoformat())
    return uri


def open_app(page: str | None = None, household: str | None = None) -> AppTest:
    return run(app_as(UserRole.ADMIN, page, household, timeout=TIMEOUT))


def texts(at: AppTest) -> str:
    """Every heading, text and caption of the page, joined."""
    parts = [*(e.value for e in at.title), *(e.value for e in at.header),
             *(e.value for e in at.subheader), *(e.value for e in at.markdown),
             *(e.value for e in at.caption), *(e.value for e in at.info),
             *(e.value for e in at.success), *(e.value for e in at.error)]
    return "\n".join(map(str, parts))


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


# --- one test per page -----------------------------------------------------------------

@pytest.mark.parametrize("page", list(PAGE_HEADINGS))
def test_page_renders_in_japanese_and_switches_to_english(demo_city_uri, page):
    title_ja, title_en, heading = PAGE_HEADINGS[page]
    at = open_app(page, HOUSEHOLD)
    assert [e.value for e in at.title] == [title_ja]
    assert heading in texts(at)
    assert "基準日 2026-11-01・データ版 1" in texts(at)
    at.sidebar.radio(key=state.LANG).set_value("en").run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.title] == [title_en]
    assert "As of 2026-11-01" in texts(at)


def test_dashboard_lists_isolated_8050_households_and_opens_one(demo_city_uri):
    at = open_app()
    table = at.dataframe[0].value
    assert len(table) > 0
    assert set(table["孤立度"]) <= {"孤立", "支援者なし（未接続）"}
    assert set(table["8050世帯"]) == {"○"}
    pick = table["世帯"].iloc[-1]
    at.selectbox(key=state.DASH_PICK).set_value(pick).run(timeout=TIMEOUT)
    button(at, "ケース会議で開く").click().run(timeout=TIMEOUT)
    assert not at.exception
    assert [e.value for e in at.title] == ["ケース会議"]
    assert at.selectbox(key=state.HOUSEHOLD).value == pick


def test_dashboard_charts_say_their_words_in_japanese_and_read_across_a_room(demo_city_uri):
    """The walkthrough: ``st.bar_chart``'s tooltip read "value 8 / color 高" and its axis
    labels were 12 px; every chart of the dashboard now names its fields in Japanese and
    labels at 14 px or more (``netsupport.viz.charts``)."""
    at = open_app()
    specs = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    assert len(specs) >= 3  # risk, no lead (and over capacity) by ward; the forecast's
    for spec in specs:
        encoding = spec.get("layer", [spec])[0]["encoding"]  # the bars (then their notes)
        words = [encoding[k]["field"] for k in ("x", "y", "color")]
        words += [item["title"] for item in encoding["tooltip"]]
        assert not any(re.search("[A-Za-z]", w) for w in words), words
        assert min(encoding[k]["axis"]["labelFontSize"] for k in ("x", "y")) >= 14
        assert encoding["color"]["legend"]["labelFontSize"] >= 14


def test_dashboard_filters_widen_the_list(demo_city_uri):
    at = open_app()
    narrow = len(at.dataframe[0].value)
    at.checkbox(key=state.DASH_ONLY_8050).uncheck().run(timeout=TIMEOUT)
    at.multiselect(key=state.DASH_ISOLATION).set_value([]).run(timeout=TIMEOUT)
    assert len(at.dataframe[0].value) == 40 > narrow


def test_case_conference_shows_the_analysis_beside_the_ecomap(demo_city_uri):
    at = open_app(state.CASE_CONFERENCE, HOUSEHOLD)
    page = texts(at)
    for words in ("#### リスク", "#### 支援の不足", "#### 支援の方略", "主担当を引き継ぐ",
                  "引継ぎの経路", "#### ミニサポートチーム", "世帯員", "支援経過"):
        assert words in page, words
    assert [m.label for m in at.metric] == ["リスク点数", "リスク水準"]
    assert list(at.table[0].value.columns) == ["要因", "点数"]
    maps = at.get("iframe")
    assert len(maps) == 1 and "vis-network" in maps[0].proto.srcdoc
    assert len(at.get("download_button")) == 2
    at.toggle(key=state.CASE_BESIDE).set_value(True).run(timeout=TIMEOUT)
    assert not at.exception and len(at.get("iframe")) == 1


def test_agency_network_filters_by_ward_and_kind(demo_city_uri):
    at = open_app(state.AGENCY_NETWORK, HOUSEHOLD)
    city = at.metric[0].value
    at.selectbox(key=state.AGENCY_WARD).set_value("西区").run(timeout=TIMEOUT)
    at.multiselect(key=state.AGENCY_KINDS).set_value(["care_manager", "clinic"])
    run(at)
    assert int(at.metric[0].value.replace(",", "")) < int(city.replace(",", ""))
    at.checkbox(key=state.AGENCY_HIGHLIGHT).check().run(timeout=TIMEOUT)
    assert not at.exception and len(at.get("iframe")) == 1


def test_empty_store_points_every_page_to_the_data_page(empty_uri):
    for page in PAGE_HEADINGS:
        at = open_app(page)
        if page == state.DATA:
            assert "データの取り込み" in texts(at)
            continue
        assert "データがまだありません" in texts(at)
    at = open_app(state.DASHBOARD)
    button(at, "データページを開く").click().run(timeout=TIMEOUT)
    assert [e.value for e in at.title] == ["データ"]


def test_a_store_that_cannot_be_opened_is_explained(monkeypatch):
    monkeypatch.setenv("NETSUPPORT_STORE", "nosuch://somewhere")
    at = run(app_as(None, timeout=TIMEOUT))
    assert any(e.value.startswith("データベースを開けません") and md_escape("nosuch://") in e.value
               for e in at.error)


# --- edits: each lands in the store, and a stale one is refused -------------------------

def lead_key(uri: str) -> TieKey:
    view = household_view(open_store(uri), HOUSEHOLD, load_rules(), AS_OF)
    return view.report.facts.current_lead_tie.tie.key


def fill_assign(at: AppTest, uri: str) -> None:
    at.selectbox(key=state.form_key(state.LEAD_AGENCY, HOUSEHOLD, 1)).set_value("A-0005")
    at.text_input(key=state.form_key(state.LEAD_NOTE, HOUSEHOLD, 1)).input("ケース会議で決定")


def fill_contact(at: AppTest, uri: str) -> None:
    at.selectbox(key=state.form_key(state.CONTACT_TIE, HOUSEHOLD, 1)).set_value(lead_key(uri))
    at.selectbox(key=state.form_key(state.CONTACT_TYPE, HOUSEHOLD, 1)).set_value("visit")
    at.text_area(key=state.form_key(state.CONTACT_NOTE, HOUSEHOLD, 1)).input("自宅を訪問")


def fill_add_tie(at: AppTest, uri: str) -> None:
    at.selectbox(key=state.form_key(state.TIE_SOURCE, HOUSEHOLD, 1)).set_value("A-0002")
    at.selectbox(key=state.form_key(state.TIE_CONSENT, HOUSEHOLD, 1)).set_value("yes")


def fill_end_tie(at: AppTest, uri: str) -> None:
    at.selectbox(key=state.form_key(state.END_TIE, HOUSEHOLD, 1)).set_value(lead_key(uri))


def assigned(uri: str) -> bool:
    view = household_view(open_store(uri), HOUSEHOLD, load_rules(), AS_OF)
    return view.report.lead.current == "A-0005"


def contact_recorded(uri: str, key: TieKey) -> bool:
    network = open_store(uri).household_network(HOUSEHOLD)
    tie = next(t for t in network.ties if t.key == key)
    return tie.last_contact == AS_OF and any(
        e.type is EventType.VISIT and e.note == "自宅を訪問" for e in network.events)


def tie_added(uri: str) -> bool:
    network = open_store(uri).household_network(HOUSEHOLD)
    return any(t.source_id == "A-0002" and t.target_id == HOUSEHOLD and t.since == AS_OF
               and t.kind is TieKind.SUPPORT and t.role is Role.TEAM and t.consent is True
               for t in network.ties)


def tie_ended(uri: str, key: TieKey) -> bool:
    """Ended the day before the as-of day by default: gone from the as-of day's map."""
    network = open_store(uri).household_network(HOUSEHOLD)
    tie = next(t for t in network.ties if t.key == key)
    view = household_view(open_store(uri), HOUSEHOLD, load_rules(), AS_OF)
    return (tie.until == AS_OF - timedelta(days=1)
            and key not in {o.tie.key for o in view.report.facts.ties if o.active})


EDITS = {
    "assign": (fill_assign, "主担当を変更する", lambda uri, key: assigned(uri),
               "世帯 H-00002 の主担当を"),
    "contact": (fill_contact, "連絡を記録する", contact_recorded, "連絡を記録しました"),
    "add_tie": (fill_add_tie, "つながりを追加する", lambda uri, key: tie_added(uri),
                "つながりを追加しました"),
    "end_tie": (fill_end_tie, "つながりを終了する", tie_ended,
                "基準日 2026-11-01 の地図にはもう表示されません"),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_edit_lands_in_the_store_and_shows_at_once(demo_city_uri, edit):
    fill, submit, landed, message = EDITS[edit]
    key = lead_key(demo_city_uri)
    at = open_app(state.LEAD_ASSIGNMENT, HOUSEHOLD)
    fill(at, demo_city_uri)
    button(at, submit).click().run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert any(md_escape(message) in s.value for s in at.success)  # data escaped
    assert landed(demo_city_uri, key)
    assert open_store(demo_city_uri).data_version() == 2
    assert "データ版 2" in texts(at)


@pytest.mark.parametrize("edit", list(EDITS))
def test_stale_edit_is_refused_with_a_message(demo_city_uri, edit):
    fill, submit, landed, _ = EDITS[edit]
    key = lead_key(demo_city_uri)
    at = open_app(state.LEAD_ASSIGNMENT, HOUSEHOLD)
    other = open_store(demo_city_uri)  # someone else records a contact in between
    network = other.household_network("H-00001")
    other_key = next(t.key for t in network.ties if t.kind is TieKind.SUPPORT)
    other.apply(record_contact(network, other_key, AS_OF, note="別の職員"))
    fill(at, demo_city_uri)
    button(at, submit).click().run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    assert any("他の職員が先にデータを更新しました" in e.value for e in at.error)
    assert not landed(demo_city_uri, key)
    assert open_store(demo_city_uri).data_version() == 2


def test_an_invalid_edit_is_explained(demo_city_uri):
    at = open_app(state.LEAD_ASSIGNMENT, HOUSEHOLD)
    current = household_view(open_store(demo_city_uri), HOUSEHOLD, load_rules(), AS_OF).report
    at.selectbox(key=state.form_key(state.LEAD_AGENCY, HOUSEHOLD, 1)).set_value(
        current.lead.current)
    button(at, "主担当を変更する").click().run(timeout=TIMEOUT)
    assert any(e.value.startswith("この変更はできません") for e in at.error)
    assert open_store(demo_city_uri).data_version() == 1


# --- the data page -----------------------------------------------------------------------

def csv_files(bundle, folder: Path) -> list[tuple[str, bytes, str]]:
    write_bundle(bundle, folder)
    return [(p.name, p.read_bytes(), "text/csv") for p in sorted(folder.glob("*.csv"))]


def test_bad_upload_lists_every_error_located(empty_uri, demo_city, tmp_path):
    files = csv_files(demo_city, tmp_path / "bundle")
    broken = []
    for name, content, mime in files:
        if name == "households.csv":
            lines = content.decode("utf-8-sig").splitlines()
            lines[2] = lines[2].replace(",active,", ",sleeping,")
            content = ("\n".join(lines) + "\n").encode("utf-8")
        broken.append((name, content, mime))
    at = open_app(state.DATA)
    at.file_uploader(key=state.DATA_UPLOAD).set_value(broken).run(timeout=TIMEOUT)
    assert not at.exception
    assert any("エラーがあります" in e.value for e in at.error)
    report = at.dataframe[0].value
    assert "households.csv:3:status" in set(report["場所（ファイル:行:列）"])
    assert not any(b.label == "取り込む" for b in at.button)


def test_clean_upload_loads_into_an_empty_store(empty_uri, demo_city, tmp_path):
    at = open_app(state.DATA)
    at.file_uploader(key=state.DATA_UPLOAD).set_value(csv_files(demo_city, tmp_path / "b"))
    at.run(timeout=TIMEOUT)
    assert any("問題ありません" in s.value for s in at.success)
    button(at, "取り込む").click().run(timeout=TIMEOUT)
    assert not at.exception
    assert open_store(empty_uri).export().counts() == demo_city.counts()
    assert any("取り込みました" in s.value for s in at.success)
    [load] = open_store(empty_uri).audit_log()
    assert (load.username, load.action, load.detail["households"]) == (
        "t-admin", AuditAction.LOAD, 40)


def test_replacing_data_needs_a_confirmation(demo_city_uri, tmp_path):
    smaller = generate(5, seed=1)
    at = open_app(state.DATA)
    at.file_uploader(key=state.DATA_UPLOAD).set_value(csv_files(smaller, tmp_path / "b"))
    at.run(timeout=TIMEOUT)
    assert button(at, "取り込む").disabled
    at.checkbox(key=state.DATA_CONFIRM).check().run(timeout=TIMEOUT)
    button(at, "取り込む").click().run(timeout=TIMEOUT)
    assert open_store(demo_city_uri).export().counts()["households"] == 5


def test_check_upload_refuses_mixed_and_unknown_files():
    mixed = check_upload([("a.xlsx", b"PK"), ("households.csv", b"household_id,ward\n")])
    assert mixed.bundle is None and [p.file for p in mixed.errors] == ["a.xlsx"]
    unknown = check_upload([("notes.txt", b"hello")])
    assert unknown.bundle is None and unknown.errors[0].file == "notes.txt"


# --- nothing a user typed runs as HTML ---------------------------------------------------

HOSTILE = "<img src=x onerror=alert(1)>[link](javascript:alert(2))**bold**"


def test_user_text_is_shown_as_text(tmp_path, demo_city, monkeypatch):
    view = household_view(_loaded(tmp_path, demo_city), HOUSEHOLD, load_rules(), AS_OF)
    lead = view.report.lead.current
    hostile = replace(demo_city, agencies=[replace(a, name=HOSTILE) if a.agency_id == lead else a
                                        for a in demo_city.agencies])
    uri = f"sqlite:///{tmp_path / 'hostile.db'}"
    open_store(uri).load(hostile)
    monkeypatch.setenv("NETSUPPORT_STORE", uri)
    monkeypatch.setenv(state.AS_OF_ENV, AS_OF.isoformat())
    at = open_app(state.CASE_CONFERENCE, HOUSEHOLD)
    assert not any(m.proto.allow_html for m in at.markdown)
    shown = [m.value for m in at.markdown if "onerror" in m.value]
    assert shown and all("\\<img" in v and "\\[link\\]\\(javascript" in v for v in shown)
    assert "<img src=x" not in at.get("iframe")[0].proto.srcdoc


def _loaded(tmp_path: Path, bundle):
    store = open_store(f"sqlite:///{tmp_path / 'plain.db'}")
    store.load(bundle)
    return store


# --- the case-conference sheet ----------------------------------------------------------

def test_sheet_escapes_and_the_pseudonymised_sheet_names_nobody(tmp_path, demo_city):
    store = _loaded(tmp_path, demo_city)
    view = household_view(store, HOUSEHOLD, load_rules(), AS_OF)
    named = case_conference_sheet(view, Names(view.network, {}, "ja"), HOSTILE)
    assert "@page { size: A3 landscape" in named and HOUSEHOLD in named
    assert "<img src=x" not in named
    hidden = case_conference_sheet(
        view, Names(view.network, {}, "ja", pseudonymise=True), "<p>map</p>")
    consented = disclosed_agencies(view.network, HOUSEHOLD, support_meeting=False, as_of=AS_OF)
    secrets = ([a.name for a in view.network.agencies if a.agency_id not in consented]
               + [a.agency_id for a in view.network.agencies]
               + [p.display_name for p in view.network.people if p.display_name]
               + [p.person_id for p in view.network.people] + [HOUSEHOLD]
               + [e.note for e in view.network.events if e.note])
    assert [s for s in secrets if s in hidden] == []
    assert "仮名化版" in hidden and "本人" in hidden


# --- 親なき後: the simulation tab and the forecast panel --------------------------------

SIM_HOUSEHOLD = "H-00001"  # an 8050 household: father P-000002 and mother P-000003 living


def open_simulation(household: str = SIM_HOUSEHOLD, lang: str = "ja") -> AppTest:
    at = app_as(UserRole.ADMIN, state.CASE_CONFERENCE, household, timeout=TIMEOUT)
    at.session_state[state.LANG] = lang
    at.session_state[state.CASE_TAB] = t("sim.title", lang)
    return run(at)


def test_simulation_tab_shows_both_maps_and_the_checklist_and_stores_nothing(demo_city_uri):
    before = open_store(demo_city_uri).export()
    at = open_simulation()
    page = texts(at)
    people = {p.person_id: p for p in before.people}
    parents = "、".join(people[i].display_name for i in ("P-000002", "P-000003"))
    # by display name, never by id (escaped by md_escape)
    assert md_escape(f"親なき後: {parents}が亡くなる") in page
    assert "P-000002" not in page.replace("P\\-000002", "P-000002")
    for words in ("#### 現在（2026-11-01）", "#### 想定後（2026-11-01）", "#### 変化",
                  "#### 親なき後の備え", "6項目中"):
        assert words in page, words
    now_map, after_map = (m.proto.srcdoc for m in at.get("iframe"))
    assert "vis-network" in after_map and "失われる想定" in after_map
    assert "失われる想定" not in now_map
    checklist = next(tb.value for tb in at.table if "親なき後の心配" in tb.value.columns)
    assert len(checklist) == 6 and set(checklist[""]) <= {"✓", "✗"}

    at.multiselect(key=state.SIM_EVENTS).set_value(
        ["parent_hospitalised:P-000002"]).run(timeout=TIMEOUT)
    at.number_input(key=state.SIM_YEARS).set_value(5).run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    page = texts(at)
    assert "5年が経過する" in page and "#### 想定後（2031-11-01）" in page
    after = open_store(demo_city_uri)
    assert after.export() == before and after.data_version() == 1


def test_simulation_events_that_cannot_combine_are_explained(demo_city_uri):
    at = open_simulation()
    at.multiselect(key=state.SIM_EVENTS).set_value(
        ["parent_dies:P-000002", "parent_hospitalised:P-000002"]).run(timeout=TIMEOUT)
    assert not at.exception
    assert "試算できません" in at.warning[0].value
    at.multiselect(key=state.SIM_EVENTS).set_value([]).run(timeout=TIMEOUT)
    assert "出来事か年数を選ぶ" in texts(at)


def test_simulation_tab_in_english(demo_city_uri):
    at = open_simulation(lang="en")
    page = texts(at)
    for words in ("#### After-parents readiness", "#### What changes", "Now (2026-11-01)",
                  "The parents are gone"):
        assert words in page, words
    checklist = next(tb.value for tb in at.table if "Worry" in tb.value.columns)
    assert "Loneliness" in set(checklist["Worry"])


def test_forecast_panel_counts_and_opens_a_simulation(demo_city_uri):
    at = open_app()
    labels = [m.label for m in at.metric]
    assert "孤立・未接続になる本人" in labels
    left = int(at.metric[labels.index("孤立・未接続になる本人")].value.replace(",", ""))
    assert left > 0
    assert "親なき後の見通し（85歳以上の親がいなくなった場合）" in texts(at)
    ranked = next(d.value for d in at.dataframe if "いなくなる親（年齢）" in d.value.columns)
    assert len(ranked) == left
    at.number_input(key=state.FORECAST_YEARS).set_value(5).run(timeout=TIMEOUT)
    assert not at.exception
    assert int(at.metric[labels.index("孤立・未接続になる本人")].value.replace(",", "")) >= left
    pick = at.selectbox(key=state.FORECAST_PICK).value
    button(at, "ケース会議でシミュレーション").click().run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.title] == ["ケース会議"]
    assert at.session_state[state.HOUSEHOLD] == pick
    assert "5年が経過する" in texts(at) and "#### 親なき後の備え" in texts(at)


def test_forecast_panel_in_english(demo_city_uri):
    at = open_app()
    at.sidebar.radio(key=state.LANG).set_value("en").run(timeout=TIMEOUT)
    assert not at.exception
    assert "Subjects left isolated or unconnected" in [m.label for m in at.metric]
    assert "Forward view (if every parent aged 85 or over were gone)" in texts(at)




def test_each_page_is_one_line_of_pages_with_its_module_and_title():
    """Navigation, permissions and titles all come from netsupport.ui.pages.PAGES."""
    import importlib

    from netsupport.access import Action
    from netsupport.ui.pages import PAGES, title

    assert len({p.code for p in PAGES}) == len(PAGES)
    for page in PAGES:
        module = importlib.import_module(f"netsupport.ui.pages.{page.code}")
        assert callable(module.render) and isinstance(page.action, Action)
        assert title(page.code, "ja") != title(page.code, "en")
    assert title(state.CASE_CONFERENCE, "ja") == EventType.CONFERENCE.label("ja")


def test_count_tables_group_their_digits_and_the_members_table_does_not(demo_city_uri):
    """The tables of counts (the dashboard's wards by stage, the caseloads, the agency
    lists) show each whole-number column with its digits grouped as the page's figures are
    (``format="localized"``: 3,652); the case conference's members table, whose numbers
    may be years, is left as it is."""
    def grouped(at: AppTest) -> list[set[str]]:
        found = []
        for frame in at.dataframe:
            config = json.loads(frame.proto.columns or "{}")
            found.append({name for name, c in config.items()
                          if c.get("type_config", {}).get("format") == "localized"})
        return found

    dashboard = grouped(open_app())
    assert {"出会い・評価段階", "合計"} <= dashboard[-1], dashboard  # wards by stage
    lead = grouped(open_app(state.LEAD_ASSIGNMENT))
    assert lead[-1] == {"受け持ち世帯"}, lead  # the caseloads: 上限 and 残り are words
    agency = grouped(open_app(state.AGENCY_NETWORK))
    assert {"受け持ち世帯", "上限"} in agency, agency  # over capacity
    case = open_app(state.CASE_CONFERENCE)
    assert case.dataframe and grouped(case) == [set()] * len(case.dataframe)
