"""Accounts and signing in for the app's AppTest tests.

The app checks the signed-in account against the store on every run, so a test adds the
account to the store first (:func:`add_account`) and then either signs in through the form
(:func:`sign_in_with_form`) or puts the account in the session as the form would
(:func:`signed_in`, or :func:`app_as` for both at once, on a page): an account the store
does not hold (or holds disabled) is signed out at once either way.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

from streamlit.testing.v1 import AppTest

from netsupport.access import User, UserRole
from netsupport.audit import now
from netsupport.model import Bundle
from netsupport.passwords import hash_password
from netsupport.sharing import KEY_ENV
from netsupport.storage import open_store
from netsupport.ui import state

APP = Path(__file__).resolve().parent.parent / "app.py"
AS_OF = date(2026, 11, 1)  # the day the app tests read their store as of (conftest: demo_city_uri)
PASSWORD = "test-password-8050"
ACCOUNTS = {
    UserRole.ADMIN: User("t-admin", UserRole.ADMIN, display_name="管理 太郎"),
    UserRole.SUPERVISOR: User("t-super", UserRole.SUPERVISOR, display_name="統括 花子"),
    UserRole.STAFF: User("t-kita", UserRole.STAFF, wards=("北区",), display_name="北区 職員"),
    UserRole.VIEWER: User("t-viewer", UserRole.VIEWER, display_name="閲覧 者"),
}


def app_store(tmp_path, monkeypatch, bundle: Bundle, as_of) -> str:
    """A fresh SQLite file holding ``bundle``, made the app's store (``NETSUPPORT_STORE``)
    and read as of ``as_of``; no session-timeout override is inherited from the shell."""
    from netsupport.ui import auth

    uri = f"sqlite:///{tmp_path / 'app.db'}"
    with open_store(uri) as store:
        store.load(bundle)
    monkeypatch.setenv("NETSUPPORT_STORE", uri)
    monkeypatch.setenv(state.AS_OF_ENV, as_of.isoformat())
    monkeypatch.delenv(auth.TIMEOUT_ENV, raising=False)
    # the viewer's pseudonyms need the install's key: a fixed one, no key file in the project
    monkeypatch.setenv(KEY_ENV, "7e" * 32)
    return uri


@cache
def _hash() -> str:
    return hash_password(PASSWORD)  # argon2 is slow on purpose: hash once per test run


def add_account(role: UserRole = UserRole.ADMIN, uri: str | None = None, **changes) -> User:
    """The test account of ``role`` (with ``changes``), added to the store if not there."""
    user = replace(ACCOUNTS[role], **{"password_hash": _hash(), **changes})
    with open_store(uri or os.environ["NETSUPPORT_STORE"]) as store:
        if store.get_user(user.username) is None:
            store.add_user(user)
    return user


def signed_in(at: AppTest, user: User) -> AppTest:
    """Put ``user`` in the session as the sign-in form does (the app re-checks the store)."""
    at.session_state[state.USER] = replace(user, password_hash="")
    at.session_state[state.LAST_SEEN] = now()
    return at


def app_as(role: UserRole | None = None, page: str | None = None,
           household: str | None = None, *, timeout: float = 60, **account) -> AppTest:
    """The app, not run yet, signed in as the test account of ``role`` with ``account``'s
    changes (signed out for ``None``), opening ``page`` with ``household`` picked. Each run
    may take ``timeout`` seconds: a city of a few hundred households wants more than the 60
    of a few dozen."""
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    if role is not None:
        signed_in(at, add_account(role, **account))
    if page is not None:
        at.session_state[state.GOTO] = page
    if household is not None:
        at.session_state[state.HOUSEHOLD] = household
    return at


def run(at: AppTest) -> AppTest:
    """Run the app (within its own timeout) and fail the test on any exception it shows."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def sign_in_with_form(at: AppTest, username: str, password: str = PASSWORD,
                      timeout: float = 60) -> AppTest:
    """Fill in and submit the sign-in form of an app already run once."""
    at.text_input(key=state.SIGN_IN_USERNAME).input(username)
    at.text_input(key=state.SIGN_IN_PASSWORD).input(password)
    next(b for b in at.button if b.label == "サインイン").click().run(timeout=timeout)
    return at


def click_page(at: AppTest, page: str) -> AppTest:
    """Open ``page`` as a click on its sidebar link does, and run.

    The browser sends a rerun for another page's script hash with the widget values it
    holds; setting ``state.GOTO`` instead switches inside the run (``st.switch_page``),
    which hides what a page switch does to widgets shared between pages. AppTest has no
    public way to open a callable ``st.Page`` (``switch_page`` takes files), so the page's
    hash is set as the browser would send it.
    """
    from streamlit.util import calc_hash

    at._page_hash = calc_hash(page)  # st.Page's hash of its url_path (app.py: the page code)
    return at.run()
