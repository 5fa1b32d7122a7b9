"""The 利用者 page: an admin adds an account and resets a password, each made by the page,
shown once and logged without the password; the same rules as ``netsupport user`` refuse a
staff account without a ward; only an admin has the page. Driven with ``AppTest`` over a
real SQLite store."""

from __future__ import annotations

import json
from datetime import date

import pytest
from app_support import add_account, app_as, app_store, run
from streamlit.testing.v1 import AppTest

from netsupport.access import UserRole
from netsupport.audit import AuditAction
from netsupport.demo import generate
from netsupport.passwords import authenticate
from netsupport.storage import open_store
from netsupport.ui import state


@pytest.fixture
def store_uri(tmp_path, monkeypatch):
    return app_store(tmp_path, monkeypatch, generate(8, seed=1), date(2026, 11, 1))


def users_page(role: UserRole = UserRole.ADMIN) -> AppTest:
    return run(app_as(role, state.USERS))


def shown_password(at: AppTest) -> str:
    [code] = at.code
    return code.value


def test_an_admin_adds_an_account_with_a_password_shown_once(store_uri):
    at = users_page()
    at.text_input(key=state.USERS_ADD_NAME).input("kita-tanaka")
    at.selectbox(key=state.USERS_ADD_ROLE).set_value("staff")
    at.multiselect(key=state.USERS_ADD_WARDS).set_value(["北区"])
    at.text_input(key=state.USERS_ADD_DISPLAY).input("田中 一郎")
    next(b for b in at.button if b.label == "追加してパスワードを発行する").click()
    at.run(timeout=60)
    assert not at.exception and not at.error, [e.value for e in at.error]
    password = shown_password(at)
    assert any("一度きり" in w.value for w in at.warning)
    with open_store(store_uri) as store:
        user = authenticate(store, "kita-tanaka", password)
        assert user is not None and user.wards == ("北区",) and user.role is UserRole.STAFF
        [entry] = [e for e in store.audit_log() if e.action is AuditAction.USER_ADD]
    assert entry.username == "t-admin" and entry.detail["username"] == "kita-tanaka"
    assert password not in json.dumps(entry.detail, ensure_ascii=False)
    assert "password_hash" not in entry.detail
    at.run(timeout=60)  # any next click: the password is gone
    assert not at.code


def test_a_staff_account_without_a_ward_is_refused_as_on_the_command_line(store_uri):
    at = users_page()
    at.text_input(key=state.USERS_ADD_NAME).input("no-ward")
    at.selectbox(key=state.USERS_ADD_ROLE).set_value("staff")
    next(b for b in at.button if b.label == "追加してパスワードを発行する").click()
    at.run(timeout=60)
    assert any("担当区を1つ以上" in e.value for e in at.error)
    assert not at.code
    with open_store(store_uri) as store:
        assert store.get_user("no-ward") is None


def test_an_admin_resets_a_password_shown_once_and_logged_without_it(store_uri):
    kita = add_account(UserRole.STAFF)
    at = users_page()
    at.selectbox(key=state.USERS_PICK).set_value("t-kita")
    at.run(timeout=60)
    next(b for b in at.button if b.label == "この利用者のパスワードを再発行する").click()
    at.run(timeout=60)
    password = shown_password(at)
    with open_store(store_uri) as store:
        assert store.get_user("t-kita").password_hash != kita.password_hash
        assert authenticate(store, "t-kita", password) is not None
        [entry] = [e for e in store.audit_log() if e.action is AuditAction.USER_CHANGE]
    assert entry.detail["password_changed"] is True and entry.detail["target"] == "t-kita"
    assert password not in json.dumps(entry.detail, ensure_ascii=False)


@pytest.mark.parametrize("role", [UserRole.SUPERVISOR, UserRole.STAFF, UserRole.VIEWER])
def test_only_an_admin_has_the_page(store_uri, role):
    at = users_page(role)
    assert "利用者" not in [t.value for t in at.title]
    assert not [b for b in at.button if "パスワード" in b.label]
