"""Who is using the app: sign-in and sign-out, the check of the account on every run, the
idle timeout, the check of every household id a page is asked to open, and the audit entries
the app writes.

Nothing here decides who may do what: :mod:`netsupport.access` does (roles, wards, the
timeout), :func:`netsupport.passwords.authenticate` checks a password. This module asks them
and draws the outcome.

- Signed out, the app has one page, :func:`sign_in_page` (a form; with Streamlit's own OIDC
  configured, also a button for the organisation's account).
- Signed in, :func:`current_user` reads the account again from the store on every run: a
  disabled or removed account loses access at once, a change of role or wards applies at
  once. A session idle for longer than the timeout (``NETSUPPORT_SESSION_TIMEOUT_MINUTES``,
  else :data:`netsupport.access.DEFAULT_TIMEOUT`) is signed out with a message.
- :func:`admit_households` checks every household id that arrives from the session or from
  the URL (``?household=H-…``) against the user's scope *before* a page reads it: out of
  scope (or unknown: the same words, so an id's existence is not given away), the id is
  dropped, the refusal is shown and logged (``DENIED``).

Every entry of the audit log written by the app goes through :func:`record`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import streamlit as st

from .. import access, audit
from ..access import Action, User
from ..audit import AuditAction, AuditEntry
from ..i18n import t
from ..passwords import LOCKOUT, authenticate, claim_password_check
from ..storage import Store, default_store_uri
from . import downloads, resources, state
from .safe import md_t
from .widgets import show_notices

__all__ = [
    "TIMEOUT_ENV", "session_timeout", "store", "user", "record",
    "current_user", "sign_in", "sign_out", "sign_in_page", "sidebar", "role_label",
    "oidc_configured", "account_for_identity", "admit", "admit_households", "note_view",
    "in_scope_rows",
]

TIMEOUT_ENV = "NETSUPPORT_SESSION_TIMEOUT_MINUTES"
_ID_MAX = 64  # what the log keeps of a household id or username someone typed


def session_timeout(environ: Mapping[str, str] = os.environ) -> timedelta:
    """``NETSUPPORT_SESSION_TIMEOUT_MINUTES`` when it holds a positive number, else
    :data:`netsupport.access.DEFAULT_TIMEOUT` (30 minutes).

    >>> session_timeout({TIMEOUT_ENV: "5"})
    datetime.timedelta(seconds=300)
    >>> session_timeout({TIMEOUT_ENV: "soon"}) == access.DEFAULT_TIMEOUT
    True
    """
    try:
        minutes = float(environ.get(TIMEOUT_ENV, "").strip() or 0)
    except ValueError:
        minutes = 0
    return timedelta(minutes=minutes) if minutes > 0 else access.DEFAULT_TIMEOUT


def store() -> Store:
    """The app's store (``NETSUPPORT_STORE``)."""
    return resources.store(default_store_uri())


def user() -> User | None:
    """The signed-in account, as :func:`current_user` read it at the start of this run."""
    return st.session_state.get(state.USER)


def record(action: AuditAction, household_id: str | None = None, /, *,
           username: str | None = None, **detail: Any) -> None:
    """Append one entry to the audit log, by the signed-in user unless ``username`` is given;
    every other keyword goes into the entry's detail (``action=`` too: the first two
    arguments are positional only)."""
    who = username if username is not None else getattr(user(), "username", "")
    store().append_audit([AuditEntry(audit.now(), who[:_ID_MAX], action,
                                     household_id[:_ID_MAX] if household_id else None,
                                     detail)])


def role_label(role: access.UserRole, lang: str) -> str:
    return t(f"ui.auth.role.{role.value}", lang)


# --- the session ------------------------------------------------------------------------

def sign_in(account: User, **detail: Any) -> None:
    """Start a session for ``account`` (already authenticated) and log it."""
    state.forget_session()
    st.session_state[state.USER] = replace(account, password_hash="")
    st.session_state[state.LAST_SEEN] = audit.now()
    record(AuditAction.SIGN_IN, username=account.username, **detail)


def sign_out(action: AuditAction = AuditAction.SIGN_OUT, notice: str = "ui.auth.signed_out",
             level: str = "info", **detail: Any) -> None:
    """End the session (log ``action``) and leave ``notice`` for the sign-in page."""
    held = user()
    if held is not None:
        record(action, username=held.username, **detail)
    lang = state.lang()
    downloads.revoke()  # no file built for this session is served any more
    state.forget_session()
    state.notify(level, t(notice, lang))
    if oidc_configured() and _oidc_email() is not None:
        st.logout()


def current_user(now: datetime | None = None) -> User | None:
    """The signed-in account as the store holds it now, or ``None`` (signed out).

    A session idle for longer than :func:`session_timeout` is signed out (``TIMED_OUT``); an
    account removed or disabled since is signed out too. Otherwise the account's record of
    this moment replaces the one held (its role and wards may have changed), and the
    session's last activity is now.
    """
    held = user()
    if held is None:
        return _oidc_account()
    now = now or audit.now()
    if access.expired(st.session_state.get(state.LAST_SEEN), now, session_timeout()):
        sign_out(AuditAction.TIMED_OUT, "ui.auth.timed_out", "warning")
        return None
    fresh = store().get_user(held.username)
    if fresh is None or not fresh.active:
        sign_out(notice="ui.auth.account_closed", level="error", reason="account_closed")
        return None
    st.session_state[state.USER] = replace(fresh, password_hash="")
    st.session_state[state.LAST_SEEN] = now
    return st.session_state[state.USER]


def _submit_sign_in() -> None:
    """Callback of the sign-in form: authenticate, or log the failure (never the password)."""
    username = str(st.session_state.get(state.SIGN_IN_USERNAME) or "").strip()
    password = str(st.session_state.get(state.SIGN_IN_PASSWORD) or "")
    st.session_state[state.SIGN_IN_PASSWORD] = ""
    account = None
    checkable = bool(access.USERNAME.match(username) and password)
    # one store transaction counts and logs this attempt (the refusal too, when locked)
    if checkable and not claim_password_check(store(), username):
        state.notify("error", t("ui.auth.locked", state.lang(),
                                minutes=int(LOCKOUT.total_seconds() // 60)))
        return
    if checkable:
        account = authenticate(store(), username, password)
    if account is None:
        record(AuditAction.SIGN_IN_FAILED, username=username)
        state.notify("error", t("ui.auth.failed", state.lang()))
        return
    sign_in(account)


def sign_in_page() -> None:
    """The only page of a signed-out session: the form (and the OIDC button, if set up)."""
    lang = state.lang()
    st.title(t("ui.auth.title", lang))
    show_notices()
    st.caption(t("ui.auth.help", lang))
    with st.form(state.SIGN_IN_FORM, border=True, width=420):
        st.text_input(t("ui.auth.username", lang), key=state.SIGN_IN_USERNAME,
                      autocomplete="username", max_chars=_ID_MAX)
        st.text_input(t("ui.auth.password", lang), type="password", key=state.SIGN_IN_PASSWORD,
                      autocomplete="current-password")
        st.form_submit_button(t("ui.auth.submit", lang), type="primary",
                              on_click=_submit_sign_in)
    if oidc_configured():
        if st.session_state.get(state.OIDC_REFUSED):
            st.error(md_t("ui.auth.oidc_refused", lang, email=st.session_state[state.OIDC_REFUSED]))
            st.button(t("ui.auth.sign_out", lang), key=state.SIGN_OUT, on_click=st.logout)
        else:
            st.button(t("ui.auth.oidc", lang), key=state.SIGN_IN_OIDC, on_click=st.login)


def sidebar(account: User, lang: str) -> None:
    """Who is signed in (name, role, wards) and the sign-out button; inside ``st.sidebar``."""
    st.markdown(md_t("ui.auth.signed_in_as", lang, name=account.display_name or account.username,
                     role=role_label(account.role, lang)))
    if account.role is access.UserRole.STAFF:
        st.caption(md_t("ui.auth.wards", lang, wards="、".join(account.wards) or "—"))
    st.button(t("ui.auth.sign_out", lang), key=state.SIGN_OUT, on_click=sign_out)


# --- OIDC (Streamlit's st.login), when [auth] is configured in secrets.toml -----------------

def oidc_configured() -> bool:
    """Whether Streamlit's own sign-in is set up (``[auth]`` in ``.streamlit/secrets.toml``)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises rather than say "empty"
        return False


def _oidc_email() -> object:
    """The e-mail claim of this browser's OIDC identity, or ``None`` when there is none."""
    try:
        return st.user.get("email") if st.user.is_logged_in else None
    except Exception:  # Streamlit's auth is not set up (or Authlib is missing)
        return None


def account_for_identity(accounts: Store, email: object) -> User | None:
    """The local account an OIDC identity signs in as: the active account whose username is
    the identity's e-mail address. No account, or a disabled one: ``None`` (refused). An
    identity never creates an account, and its claims never set a role or a ward.

    >>> from netsupport.storage import open_store
    >>> s = open_store("sqlite:///:memory:")
    >>> s.add_user(User("sato@city.kobe.lg.jp", access.UserRole.STAFF, wards=("北区",)))
    >>> account_for_identity(s, "sato@city.kobe.lg.jp").role.value
    'staff'
    >>> account_for_identity(s, "tanaka@city.kobe.lg.jp") is None
    True
    """
    if not isinstance(email, str) or not access.USERNAME.match(email):
        return None
    account = accounts.get_user(email)
    return account if account is not None and account.active else None


def _oidc_account() -> User | None:
    """Sign in the OIDC identity of this browser, if there is one and it maps to an account
    (a refused identity is logged once per session)."""
    if not oidc_configured():
        return None
    email = _oidc_email()
    if email is None:
        return None
    account = account_for_identity(store(), email)
    if account is None:
        if st.session_state.get(state.OIDC_REFUSED) != str(email):
            st.session_state[state.OIDC_REFUSED] = str(email)
            record(AuditAction.SIGN_IN_FAILED, username=str(email), via="oidc")
        return None
    sign_in(account, via="oidc")
    return user()


# --- households: scope, refusals and the VIEW_HOUSEHOLD entry -------------------------------

def admit(account: User, household_id: str, wards: Mapping[str, str], via: str) -> bool:
    """Whether ``account`` may open the household; if not, the refusal is logged (``DENIED``).

    An unknown id is refused like one out of scope."""
    ward = wards.get(household_id)
    if ward is not None and access.can(account, Action.VIEW_HOUSEHOLD, ward=ward):
        return True
    record(AuditAction.DENIED, household_id, requested=Action.VIEW_HOUSEHOLD.value, via=via)
    return False


def admit_households(account: User, snap: resources.Snapshot, lang: str) -> bool:
    """Check every household id a page could open, before any page reads one.

    The ids held in :data:`state.HOUSEHOLD_KEYS` and a ``?household=`` deep link: one in
    scope from the link is selected and the case conference asked for; one out of scope is
    dropped, refused with a message and logged. ``False`` when anything was refused (the page
    is then not drawn in this run). A held id the store no longer has (the data was replaced
    since it was picked, perhaps by another session) is only dropped, with a notice.
    """
    linked = st.query_params.get(state.HOUSEHOLD_PARAM)
    held = {key: st.session_state.get(key) for key in state.HOUSEHOLD_KEYS}
    if not linked and not any(held.values()):
        return True
    wards = resources.household_wards(snap.uri, snap.version, snap.as_of)
    refused = False
    for key, household_id in held.items():
        if household_id and str(household_id) not in wards:
            # picked before the data was replaced (by another session, too): no refusal
            # to log, the picker starts afresh and says why
            st.session_state[key] = None
            state.notify("info", md_t("ui.household_gone", lang, household=household_id))
        elif household_id and not admit(account, str(household_id), wards, via=key):
            st.session_state[key] = None
            refused = True
    if linked:
        del st.query_params[state.HOUSEHOLD_PARAM]
        if admit(account, linked, wards, via="url"):
            state.open_page(state.CASE_CONFERENCE, linked)
        else:
            refused = True
    if refused:
        st.error(t("ui.auth.refused", lang))
    return not refused


def note_view(household_id: str, version: int) -> None:
    """Log that the signed-in user opened a household, once per session and ``version``:
    the data version at which the household's own records last changed (its stamp,
    ``resources.household_stamp``), which names exactly the records seen. An edit to
    another household then logs nothing again: a durable write on the first click after
    every edit anywhere, which on a busy disk cost that click more than its analysis."""
    seen = st.session_state.setdefault(state.VIEWED, set())
    if (household_id, version) not in seen:
        record(AuditAction.VIEW_HOUSEHOLD, household_id, version=version)
        seen.add((household_id, version))


def in_scope_rows(account: User, rows: Iterable[Any],
                  ward_of: Callable[[Any], str | None] = lambda row: row.ward) -> list[Any]:
    """The rows (scan rows, forecast rows, views …) of the households in the user's scope;
    ``ward_of`` reads a row's ward (default: its ``ward``)."""
    return [r for r in rows if access.in_scope(account, ward_of(r))]
