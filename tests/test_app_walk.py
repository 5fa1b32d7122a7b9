"""Walking the app as people do: sidebar page switches with a household picked, driven
headless with ``AppTest`` against a real SQLite store (the synthetic bundle of
``test_app.py``, 40 households, seed 7, read as of 2026-11-01).

The page switches go through the sidebar as in the browser (``app_support.click_page``):
a picker shared by two pages (the household, on ケース会議 and 主担当の割当) must come
back with the household picked, never empty.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from app_support import add_account, app_store, click_page, signed_in
from streamlit.testing.v1 import AppTest

from netsupport.access import UserRole
from netsupport.demo import generate
from netsupport.ui import state

APP = Path(__file__).resolve().parent.parent / "app.py"
AS_OF = date(2026, 11, 1)
TIMEOUT = 60


@pytest.fixture(scope="module")
def bundle():
    return generate(40, seed=7)


@pytest.fixture
def store_uri(tmp_path, bundle, monkeypatch):
    return app_store(tmp_path, monkeypatch, bundle, AS_OF)


def signed_in_app(role: UserRole) -> AppTest:
    at = signed_in(AppTest.from_file(str(APP), default_timeout=TIMEOUT), add_account(role))
    at.run(timeout=TIMEOUT)
    return at


def no_error(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("role", [UserRole.ADMIN, UserRole.SUPERVISOR, UserRole.STAFF])
def test_the_household_picked_in_the_case_conference_opens_the_lead_page(store_uri, role):
    """Issue 14, item 1: ケース会議 → 主担当の割当 in the sidebar raised ``KeyError: None``
    (the picker came back as "Choose an option")."""
    at = signed_in_app(role)
    click_page(at, state.CASE_CONFERENCE)
    no_error(at)
    picked = at.selectbox(key=state.HOUSEHOLD).value
    assert picked
    click_page(at, state.LEAD_ASSIGNMENT)
    no_error(at)
    assert at.selectbox(key=state.HOUSEHOLD).value == picked
    click_page(at, state.CASE_CONFERENCE)
    no_error(at)
    assert at.selectbox(key=state.HOUSEHOLD).value == picked
