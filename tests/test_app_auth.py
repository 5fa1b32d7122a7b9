"""Trust in the app: signing in, roles and their pages, ward scope, the viewer's
pseudonymised view, the idle timeout, and the audit log, driven headless with ``AppTest``.

The store is a real SQLite file holding the synthetic bundle of ``test_app.py`` (40
households, seed 7): 北区 holds H-00004, H-00008, H-00017, H-00033 and H-00040; 中央区 holds
H-00022, H-00029 and H-00035.
"""

from __future__ import annotations

import doctest
import importlib
import re
from dataclasses import replace
from datetime import timedelta

import pytest
from app_support import (
    AS_OF,
    PASSWORD,
    add_account,
    app_as,
    app_store,
    run,
    sign_in_with_form,
    signed_in,
)
from streamlit.testing.v1 import AppTest

from netsupport.access import User, UserRole
from netsupport.audit import AuditAction, AuditEntry, now
from netsupport.model import Bundle
from netsupport.sharing import disclosed_agencies
from netsupport.storage import open_store
from netsupport.ui import auth, state
from netsupport.ui.pages.users import changed_fields
from netsupport.ui.safe import md_escape
from netsupport.viz import tables

KITA = "H-00004"     # 北区
CHUO = "H-00022"     # 中央区
VIEWED = "H-00002"   # 灘区: nine agencies, two of them without consent to sharing
TITLES = {state.DASHBOARD: "ダッシュボード", state.CASE_CONFERENCE: "ケース会議",
          state.LEAD_ASSIGNMENT: "主担当の割当", state.AGENCY_NETWORK: "関係機関ネットワーク",
          state.DATA: "データ", state.AUDIT_LOG: "監査ログ", state.USERS: "利用者"}
PAGES_OF = {
    UserRole.ADMIN: set(TITLES),
    UserRole.SUPERVISOR: {state.DASHBOARD, state.CASE_CONFERENCE, state.LEAD_ASSIGNMENT,
                          state.AGENCY_NETWORK},
    UserRole.STAFF: {state.DASHBOARD, state.CASE_CONFERENCE, state.LEAD_ASSIGNMENT,
                     state.AGENCY_NETWORK},
    UserRole.VIEWER: {state.CASE_CONFERENCE},
}


def rendered(at: AppTest) -> str:
    """Everything the page shows as text: headings, text, messages, tables, maps, inputs."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption",
                                  "info", "success", "warning", "error")
             for e in getattr(at, kind)]
    parts += [frame.value.to_csv() for frame in (*at.dataframe, *at.table)]
    parts += [m.proto.srcdoc for m in at.get("iframe")]
    parts += [str(w.value) for w in (*at.selectbox, *at.text_input, *at.multiselect)]
    parts += [o for w in at.selectbox for o in w.options]
    parts += [m.value for m in at.metric]
    return "\n".join(map(str, parts))


def log(uri: str, **filters) -> list[AuditEntry]:
    return open_store(uri).audit_log(**filters)


def titles(at: AppTest) -> list[str]:
    return [e.value for e in at.title]


# --- signed out --------------------------------------------------------------------------

@pytest.mark.parametrize("page", [None, state.CASE_CONFERENCE, state.DATA])
def test_signed_out_there_is_only_the_sign_in_form(demo_city_uri, demo_city, page):
    at = app_as(None, page, household=KITA)
    at.query_params[state.HOUSEHOLD_PARAM] = CHUO
    run(at)
    assert titles(at) == ["サインイン"]
    assert [w.label for w in at.text_input] == ["利用者名", "パスワード"]
    assert at.text_input(key=state.SIGN_IN_PASSWORD).proto.type == 1  # a password field
    assert not at.dataframe and not at.get("iframe") and not at.metric
    page_text = rendered(at)
    leaks = [h.household_id for h in demo_city.households if h.household_id in page_text]
    leaks += [p.display_name for p in demo_city.people
              if p.display_name and p.display_name in page_text]
    assert leaks == []
    assert log(demo_city_uri) == []  # nothing was opened


def test_sign_in_with_the_form_opens_the_dashboard_and_is_audited(demo_city_uri):
    add_account(UserRole.STAFF)
    at = run(app_as())
    sign_in_with_form(at, "t-kita")
    assert not at.exception, [e.value for e in at.exception]
    assert titles(at) == ["ダッシュボード"]
    assert "北区 職員（職員）" in [m.value for m in at.sidebar.markdown]
    assert at.session_state[state.USER].password_hash == ""
    assert state.SIGN_IN_PASSWORD not in at.session_state  # the password is not kept
    entry, check = log(demo_city_uri)  # the password check, then the sign-in
    assert (entry.username, entry.action) == ("t-kita", AuditAction.SIGN_IN)
    assert (check.username, check.action) == ("t-kita", AuditAction.SIGN_IN_ATTEMPT)

    next(b for b in at.sidebar.button if b.label == "サインアウト").click()
    run(at)
    assert titles(at) == ["サインイン"] and state.USER not in at.session_state
    assert log(demo_city_uri)[0].action is AuditAction.SIGN_OUT


def test_a_wrong_password_is_refused_and_audited_without_the_password(demo_city_uri):
    add_account(UserRole.ADMIN)
    at = run(app_as())
    sign_in_with_form(at, "t-admin", "not-the-password")
    assert titles(at) == ["サインイン"]
    assert "利用者名またはパスワードが正しくありません。" in [e.value for e in at.error]
    sign_in_with_form(at, "nobody-here", PASSWORD)
    entries = log(demo_city_uri)
    assert [(e.username, e.action) for e in entries] == [
        ("nobody-here", AuditAction.SIGN_IN_FAILED), ("nobody-here", AuditAction.SIGN_IN_ATTEMPT),
        ("t-admin", AuditAction.SIGN_IN_FAILED), ("t-admin", AuditAction.SIGN_IN_ATTEMPT)]
    assert not any("not-the-password" in e.detail_json() or PASSWORD in e.detail_json()
                   for e in entries)



def test_repeated_failures_lock_the_username_even_for_the_right_password(demo_city_uri):
    from netsupport.passwords import MAX_FAILURES

    add_account(UserRole.ADMIN)
    at = run(app_as())
    for _ in range(MAX_FAILURES):
        sign_in_with_form(at, "t-admin", "guess-guess-guess")
    sign_in_with_form(at, "t-admin", PASSWORD)
    assert titles(at) == ["サインイン"] and state.USER not in at.session_state
    assert any("15分間サインインできません" in e.value for e in at.error)
    assert log(demo_city_uri)[0].detail == {"reason": "locked"}


# --- roles and their pages -----------------------------------------------------------------

@pytest.mark.parametrize("role", list(PAGES_OF))
def test_each_role_sees_its_pages_only(demo_city_uri, role):
    first = state.DASHBOARD if state.DASHBOARD in PAGES_OF[role] else state.CASE_CONFERENCE
    for page in TITLES:
        at = run(app_as(role, page))
        shown = page if page in PAGES_OF[role] else first
        assert titles(at) == [TITLES[shown]], (role, page)
    label = {UserRole.ADMIN: "管理者", UserRole.SUPERVISOR: "スーパーバイザー",
             UserRole.STAFF: "職員", UserRole.VIEWER: "閲覧者"}[role]
    assert any(f"（{label}）" in m.value for m in at.sidebar.markdown)


def test_the_viewer_sees_no_names_and_no_undisclosed_agency(demo_city_uri):
    at = run(app_as(UserRole.VIEWER, state.CASE_CONFERENCE, VIEWED))
    assert at.selectbox(key=state.HOUSEHOLD).value == VIEWED
    page_text = rendered(at)
    network = open_store(demo_city_uri).household_network(VIEWED)
    disclosed = disclosed_agencies(network, VIEWED, support_meeting=False, as_of=AS_OF)
    named = {a.name for a in network.agencies if a.agency_id in disclosed}
    hidden = [a.name for a in network.agencies if a.agency_id not in disclosed
              and not any(a.name in n for n in named)]
    assert hidden, "the household should have an agency without consent"
    people = [p.display_name for p in network.people if p.display_name]
    person_ids = [p.person_id for p in network.people]
    assert [n for n in hidden + people + person_ids if n in page_text] == []
    assert any(n in page_text for n in named)  # consent given: named
    assert "仮名化された表示です" in page_text
    assert [b.label for b in at.download_button] == ["シートを保存（仮名化版）"]
    assert not at.checkbox and not at.tabs  # no 支援会議 switch, no simulation
    assert not at.main.button and not at.get("form")  # nothing to edit


def test_a_support_meeting_names_every_agency_on_the_sheet(demo_city_uri):
    at = run(app_as(UserRole.SUPERVISOR, state.CASE_CONFERENCE, VIEWED))
    assert at.checkbox(key=state.CASE_SUPPORT_MEETING).value is False
    at.checkbox(key=state.CASE_SUPPORT_MEETING).check()
    run(at)
    assert len(at.download_button) == 2
    assert_deferred(at, demo_city_uri)  # built, audited and handed over when pressed:
    # test_downloads.py, test_browser_trust.py


def assert_deferred(at: AppTest, uri: str) -> None:
    """Every download button of the page builds its file only when pressed (Streamlit's
    deferred data: no address yet), so drawing the page exports nothing. (The empty
    template holds no case data: it is an ordinary download.)"""
    assert at.download_button
    for button in at.download_button:
        if button.key == state.DATA_DOWNLOAD_TEMPLATE:
            continue
        assert button.proto.deferred_file_id and not button.proto.url
        button.click()
        run(at)
    assert [e for e in log(uri) if e.action is AuditAction.EXPORT] == []


# --- ward scope ------------------------------------------------------------------------------

def test_staff_see_only_their_wards_households(demo_city_uri, demo_city):
    kita = {h.household_id for h in demo_city.households if h.ward == "北区"}
    others = {h.household_id for h in demo_city.households} - kita
    at = app_as(UserRole.STAFF)
    at.session_state[state.DASH_ONLY_8050] = False
    at.session_state[state.DASH_ISOLATION] = []
    at.session_state[state.FORECAST_AGE] = 50
    run(at)
    assert set(at.dataframe[0].value["世帯"]) == kita
    assert at.metric[0].value == str(len(kita))
    assert [h for h in others if h in rendered(at)] == []  # scan, forecast, every table
    at.session_state[state.GOTO] = state.CASE_CONFERENCE
    run(at)
    assert set(at.selectbox(key=state.HOUSEHOLD).options) == {
        f"{h}（北区）" for h in kita}
    at.session_state[state.GOTO] = state.AGENCY_NETWORK
    run(at)
    assert titles(at) == ["関係機関ネットワーク"]
    assert [h for h in others if h in rendered(at)] == []


def test_a_supervisor_sees_the_whole_city(demo_city_uri, demo_city):
    at = app_as(UserRole.SUPERVISOR)
    at.session_state[state.DASH_ONLY_8050] = False
    at.session_state[state.DASH_ISOLATION] = []
    run(at)
    assert len(at.dataframe[0].value) == len(demo_city.households)


def test_data_downloads_are_built_only_when_pressed(demo_city_uri):
    at = run(app_as(UserRole.ADMIN, state.DATA))
    at.download_button(key=state.DATA_DOWNLOAD_XLSX)  # offered
    assert_deferred(at, demo_city_uri)


@pytest.mark.parametrize("via", [state.HOUSEHOLD, state.DASH_PICK, state.FORECAST_PICK,
                                 "url"])
def test_staff_cannot_open_another_wards_household(demo_city_uri, demo_city, via):
    at = app_as(UserRole.STAFF, state.CASE_CONFERENCE)
    if via == "url":
        at.query_params[state.HOUSEHOLD_PARAM] = CHUO
    else:
        at.session_state[via] = CHUO
    run(at)
    assert [e.value for e in at.error] == [
        "この世帯を開く権限がありません。担当区の世帯か確認してください。"]
    household = next(h for h in demo_city.households if h.household_id == CHUO)
    people = [p.display_name for p in demo_city.people if p.household_id == CHUO]
    page_text = rendered(at)
    assert CHUO not in page_text and not any(n in page_text for n in people if n)
    assert not at.get("iframe") and not at.dataframe and household.ward not in page_text
    [denied] = log(demo_city_uri)
    assert (denied.username, denied.action, denied.household_id) == (
        "t-kita", AuditAction.DENIED, CHUO)
    assert denied.detail["via"] == via
    at.session_state[state.GOTO] = state.CASE_CONFERENCE
    run(at)  # the next run goes on without it
    assert not at.error and titles(at) == ["ケース会議"]
    assert at.selectbox(key=state.HOUSEHOLD).value != CHUO


def test_a_deep_link_opens_a_household_in_scope_and_is_audited_once(demo_city_uri):
    at = app_as(UserRole.STAFF)
    at.query_params[state.HOUSEHOLD_PARAM] = KITA
    run(at)
    assert titles(at) == ["ケース会議"] and at.selectbox(key=state.HOUSEHOLD).value == KITA
    run(at)
    run(at)
    views = log(demo_city_uri, household_id=KITA)
    assert [(e.action, e.detail) for e in views] == [
        (AuditAction.VIEW_HOUSEHOLD, {"version": 1})]


def test_a_ward_outside_kobe_is_a_scope_like_any_other(tmp_path, monkeypatch, demo_city):
    """Data may name a place outside Kobe's nine wards, and an account may be given it (the
    CLI warns, and keeps it): its staff are offered, and may open, that place's households
    -- the picker, the scope check and the dashboard compare the same name -- and no
    other's."""
    elsewhere = "芦屋市"
    moved = replace(demo_city, households=[replace(h, ward=elsewhere) if h.household_id == CHUO
                                        else h for h in demo_city.households])
    uri = app_store(tmp_path, monkeypatch, moved, AS_OF)
    at = app_as(UserRole.STAFF, wards=(elsewhere,))
    at.query_params[state.HOUSEHOLD_PARAM] = CHUO
    run(at)
    assert not at.error and titles(at) == ["ケース会議"]
    assert at.selectbox(key=state.HOUSEHOLD).value == CHUO
    assert [o.split("（")[0] for o in at.selectbox(key=state.HOUSEHOLD).options] == [CHUO]
    at.session_state[state.GOTO] = state.LEAD_ASSIGNMENT
    run(at)
    assert not at.error and titles(at) == ["主担当の割当"]
    assert [o.split("（")[0] for o in at.selectbox(key=state.HOUSEHOLD).options] == [CHUO]
    at.query_params[state.HOUSEHOLD_PARAM] = KITA
    run(at)
    assert at.error
    assert [(e.action, e.household_id) for e in log(uri)
            if e.action is AuditAction.DENIED] == [(AuditAction.DENIED, KITA)]


def test_a_change_of_wards_applies_on_the_next_run(demo_city_uri):
    user = add_account(UserRole.STAFF)
    at = run(app_as(UserRole.STAFF, state.CASE_CONFERENCE, KITA))
    assert at.selectbox(key=state.HOUSEHOLD).value == KITA
    open_store(demo_city_uri).update_user(replace(user, wards=("中央区",)))
    run(at)
    assert at.error and not at.get("iframe")
    assert log(demo_city_uri)[0].action is AuditAction.DENIED
    run(at)
    assert {o.split("（")[0] for o in at.selectbox(key=state.HOUSEHOLD).options} == {
        "H-00022", "H-00029", "H-00035"}


# --- the session: timeout and a disabled account -------------------------------------------

def test_an_idle_session_times_out(demo_city_uri):
    at = app_as(UserRole.ADMIN)
    at.session_state[state.LAST_SEEN] = now() - timedelta(minutes=31)
    run(at)
    assert titles(at) == ["サインイン"]
    assert any("一定時間操作がなかった" in w.value for w in at.warning)
    assert [(e.username, e.action) for e in log(demo_city_uri)] == [
        ("t-admin", AuditAction.TIMED_OUT)]


def test_the_timeout_can_be_set_in_minutes(demo_city_uri, monkeypatch):
    monkeypatch.setenv(auth.TIMEOUT_ENV, "5")
    at = app_as(UserRole.ADMIN)
    at.session_state[state.LAST_SEEN] = now() - timedelta(minutes=4)
    assert titles(run(at)) == ["ダッシュボード"]
    at.session_state[state.LAST_SEEN] = now() - timedelta(minutes=6)
    assert titles(run(at)) == ["サインイン"]


def test_a_disabled_account_loses_access_on_the_next_run(demo_city_uri):
    user = add_account(UserRole.SUPERVISOR)
    at = run(app_as(UserRole.SUPERVISOR))
    assert titles(at) == ["ダッシュボード"]
    open_store(demo_city_uri).update_user(replace(user, active=False))
    run(at)
    assert titles(at) == ["サインイン"] and not at.dataframe
    assert "このアカウントは使用できなくなりました。管理者に確認してください。" in [
        e.value for e in at.error]


def test_an_account_not_in_the_store_is_never_signed_in(demo_city_uri):
    at = signed_in(app_as(), replace(add_account(UserRole.STAFF), username="forged"))
    run(at)
    assert titles(at) == ["サインイン"]


# --- the admin's pages: audit log and users ------------------------------------------------

def test_the_audit_page_lists_filters_and_downloads(demo_city_uri):
    add_account(UserRole.STAFF)
    at = run(app_as())
    sign_in_with_form(at, "=HYPERLINK(\"http://x\")", "whatever-it-is")
    sign_in_with_form(at, "t-kita")
    admin = app_as(UserRole.ADMIN, state.AUDIT_LOG)
    run(admin)
    assert titles(admin) == ["監査ログ"]
    table = admin.dataframe[0].value
    assert list(table["操作"]) == ["サインイン", "パスワード照合", "サインイン失敗"]
    admin.selectbox(key=state.AUDIT_USER).set_value("t-kita")
    run(admin)
    assert list(admin.dataframe[0].value["利用者"]) == ["t-kita", "t-kita"]
    admin.download_button(key=state.AUDIT_DOWNLOAD)  # offered, built when pressed
    assert_deferred(admin, demo_city_uri)


def test_the_audit_csv_neutralises_formulas(demo_city_uri):
    entries = [AuditEntry(now(), "=cmd|'/c calc'!A1", AuditAction.SIGN_IN_FAILED),
               AuditEntry(now(), "t-admin", AuditAction.DENIED, "@SUM(1)", {"via": "-1"})]
    csv = tables.audit_csv(tables.audit_table(entries, "ja")).decode("utf-8-sig")
    assert csv.startswith("日時,利用者,操作,世帯,内容")
    assert "'=cmd" in csv and "'@SUM(1)" in csv
    assert not any(cell.startswith(("=", "@", "+", "-"))
                   for line in csv.splitlines() for cell in line.split(","))


def test_the_audit_page_says_every_detail_in_japanese(demo_city_uri, demo_city):
    """What the walkthrough found: an account added showed ``created_at: 2026-12-01T16:44…``
    and ``役割: admin``, a merge its counts as ``households_added``; the entries here are
    made by the code that writes them (an account added, a merge, an edit, a refusal)."""
    from netsupport import accounts, edits, merge

    store = open_store(demo_city_uri)
    accounts.add_account(store, User("t-sato", UserRole.SUPERVISOR, display_name="佐藤"),
                         PASSWORD, actor="t-admin")
    hid = demo_city.households[0].household_id
    part = Bundle(households=demo_city.households[:1],
                  people=[p for p in demo_city.people if p.household_id == hid])
    store.append_audit([merge.audit_entry("t-admin", merge.preview(store.export(), part), part)])
    agencies = {a.agency_id: a for a in demo_city.agencies}
    changes = edits.assign_lead(store.export(), hid, demo_city.agencies[-1].agency_id, AS_OF,
                                agencies=agencies, actor="t-admin")
    store.append_audit(changes.audit)
    store.append_audit([AuditEntry(now(), "t-admin", AuditAction.DENIED, hid,
                                   {"requested": "view_household", "via": "url"}),
                        AuditEntry(now(), "t-admin", AuditAction.EXPORT, None,
                                   {"what": "bundle", "format": "zip", "bytes": 10})])
    at = run(app_as(UserRole.ADMIN, state.AUDIT_LOG))
    details = " ".join(at.dataframe[0].value["内容"])
    for account in ("t-admin", "t-sato"):
        details = details.replace(account, "")
    words = set(re.findall(r"[A-Za-z_]{2,}", details)) - {"CSV", "zip", "URL"}  # as elsewhere
    assert words == set(), details


def test_the_admin_disables_an_account_from_the_users_page(demo_city_uri):
    kita = add_account(UserRole.STAFF)
    at = run(app_as(UserRole.ADMIN, state.USERS))
    assert set(at.dataframe[0].value["利用者名"]) == {"t-admin", "t-kita"}
    at.selectbox(key=state.USERS_PICK).set_value("t-kita")
    run(at)
    active = next(c for c in at.checkbox if c.label == "有効")
    active.uncheck()
    next(b for b in at.button if b.label == "変更を保存").click()
    run(at)
    assert open_store(demo_city_uri).get_user("t-kita").active is False
    assert open_store(demo_city_uri).get_user("t-kita").password_hash == kita.password_hash
    change = log(demo_city_uri, username="t-admin")[0]
    assert change.action is AuditAction.USER_CHANGE
    assert change.detail == {"target": "t-kita",
                             "changes": {"active": {"before": True, "after": False}}}


def test_an_admin_cannot_disable_themselves(demo_city_uri):
    at = run(app_as(UserRole.ADMIN, state.USERS))
    at.selectbox(key=state.USERS_PICK).set_value("t-admin")
    run(at)
    next(c for c in at.checkbox if c.label == "有効").uncheck()
    next(b for b in at.button if b.label == "変更を保存").click()
    run(at)
    assert any("自分自身の停止" in e.value for e in at.error)
    assert open_store(demo_city_uri).get_user("t-admin").active is True


def test_users_changed_fields_name_only_what_changed():
    before = User("sato", UserRole.STAFF, wards=("北区",))
    after = replace(before, role=UserRole.SUPERVISOR, wards=())
    assert changed_fields(before, after) == {
        "role": {"before": "staff", "after": "supervisor"},
        "wards": {"before": ["北区"], "after": []}}


# --- OIDC: an identity maps to an existing, active account only ----------------------------

def test_an_oidc_identity_maps_to_an_active_local_account(demo_city_uri):
    store = open_store(demo_city_uri)
    store.add_user(replace(add_account(UserRole.STAFF), username="sato@city.kobe.lg.jp",
                           password_hash=""))
    store.add_user(replace(add_account(UserRole.STAFF), username="gone@city.kobe.lg.jp",
                           active=False))
    assert auth.account_for_identity(store, "sato@city.kobe.lg.jp").wards == ("北区",)
    for refused in ("gone@city.kobe.lg.jp", "nobody@city.kobe.lg.jp", None, "",
                    "a b@c", 42):
        assert auth.account_for_identity(store, refused) is None


@pytest.fixture
def oidc(monkeypatch):
    """Streamlit's OIDC as if configured, the browser's identity set by the test."""
    identity = {"email": None}
    monkeypatch.setattr(auth, "oidc_configured", lambda: True)
    monkeypatch.setattr(auth, "_oidc_email", lambda: identity["email"])
    return identity


def test_oidc_signs_in_a_known_identity_only(demo_city_uri, oidc):
    at = run(app_as())
    assert "組織のアカウントでサインイン" in [b.label for b in at.button]
    oidc["email"] = "nobody@city.kobe.lg.jp"
    run(at)
    run(at)
    assert titles(at) == ["サインイン"]
    assert any(md_escape("nobody@city.kobe.lg.jp") in e.value for e in at.error)
    assert [(e.username, e.action, e.detail) for e in log(demo_city_uri)] == [
        ("nobody@city.kobe.lg.jp", AuditAction.SIGN_IN_FAILED, {"via": "oidc"})]

    add_account(UserRole.STAFF, username="sato@city.kobe.lg.jp", password_hash="")
    oidc["email"] = "sato@city.kobe.lg.jp"
    at = run(app_as())
    assert titles(at) == ["ダッシュボード"]
    assert at.session_state[state.USER].wards == ("北区",)
    assert log(demo_city_uri)[0].detail == {"via": "oidc"}


@pytest.mark.parametrize("name", ["netsupport.ui.auth", "netsupport.ui.pages.users"])
def test_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


def test_a_pseudonymised_download_holds_no_names_and_is_audited_as_such(demo_city_uri, demo_city,
                                                                         tmp_path,
                                                                         monkeypatch):
    import io
    import zipfile

    monkeypatch.chdir(tmp_path)  # the install's key file is made here, not in the project
    monkeypatch.delenv("NETSUPPORT_PSEUDONYM_KEY")  # (app_store's fixed key: not this time)
    at = run(app_as(UserRole.ADMIN, state.DATA))
    at.checkbox(key=state.DATA_PSEUDONYMISE).check()
    run(at)
    assert_deferred(at, demo_city_uri)  # the audit entry: test_browser_trust.py
    from netsupport.ui import resources

    data = resources.export_zip(demo_city_uri, open_store(demo_city_uri).data_version(), True, True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = "".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())
    names = [p.display_name for p in demo_city.people if p.display_name]
    assert names and not any(n in text for n in names)
    assert not any(h.household_id in text for h in demo_city.households)
    assert (tmp_path / ".netsupport" / "pseudonym.key").exists()
