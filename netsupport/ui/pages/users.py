"""利用者: the accounts, adding one, resetting a password, and changing one (admins only).

An admin adds an account (username, role, wards, display name) or resets an account's
password; the page makes the password (:func:`netsupport.accounts.new_password`) and shows
it once, to be handed over (nobody types a password for someone else into a web page, and
it is shown on no later run). The rules are those of ``netsupport user``
(:mod:`netsupport.accounts`: the username's form, a ward for staff, the password policy),
and each add and reset is logged (``USER_ADD``, ``USER_CHANGE`` with ``password_changed``;
never the password or its hash). An admin changes an account's role,
wards and display name, or disables and enables it; a disabled account loses access on its
next click (:func:`netsupport.ui.auth.current_user`). Each change is logged
(``USER_CHANGE``, with the fields before and after, never a password hash). An admin cannot
disable their own account or change their own role, so the city is never left without one.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from ... import access, accounts
from ...access import Action, User, UserRole
from ...audit import AuditAction
from ...errors import NetsupportError, NotFoundError
from ...i18n import t
from ...model import WARDS
from ...viz import tables
from .. import auth, state
from ..safe import md_t
from ..widgets import error_text, show_notices
from . import title

__all__ = ["render", "changed_fields"]

_FIELDS = ("role", "wards", "display_name", "active")


def changed_fields(before: User, after: User) -> dict[str, dict[str, object]]:
    """What a change does to an account, field by field (for the audit log).

    >>> a = User("sato", UserRole.STAFF, wards=("北区",))
    >>> changed_fields(a, replace(a, active=False))
    {'active': {'before': True, 'after': False}}
    """
    def plain(value: object) -> object:
        return list(value) if isinstance(value, tuple) else getattr(value, "value", value)

    return {f: {"before": plain(getattr(before, f)), "after": plain(getattr(after, f))}
            for f in _FIELDS if getattr(before, f) != getattr(after, f)}


def render() -> None:
    lang = state.lang()
    st.title(title(state.USERS, lang))
    st.caption(t("ui.users.help", lang))
    show_notices()
    _show_password_once(lang)
    _add_form(lang)
    accounts = auth.store().users()
    if not accounts:
        st.info(t("ui.users.no_users", lang))
        return
    st.dataframe(tables.users_table(accounts, lang), hide_index=True)

    by_name = {u.username: u for u in accounts}
    state.keep_choice(state.USERS_PICK, list(by_name))
    picked = by_name[st.selectbox(t("ui.users.change", lang), list(by_name),
                                  key=state.USERS_PICK, placeholder=t("ui.placeholder", lang))]
    # the fields start from the account as stored: any change to it gives a fresh form
    version = hash((picked.role, picked.wards, picked.display_name, picked.active))

    def key(field: str) -> str:
        return state.form_key(field, picked.username, version)

    st.button(t("ui.users.reset", lang), key=key(state.USERS_RESET), on_click=_reset,
              args=(picked.username, lang), help=t("ui.users.reset_help", lang))
    with st.form(key(state.USERS_FORM), border=True):
        role, wards = st.columns([1, 3])
        role.selectbox(t("ui.users.col.role", lang), [r.value for r in UserRole],
                       index=list(UserRole).index(picked.role), key=key(state.USERS_ROLE),
                       format_func=lambda r: t(f"ui.auth.role.{r}", lang),
                       placeholder=t("ui.placeholder", lang))
        wards.multiselect(t("ui.users.col.wards", lang), list(WARDS),
                          default=[w for w in picked.wards if w in WARDS],
                          key=key(state.USERS_WARDS), placeholder=t("ui.users.no_wards", lang))
        st.text_input(t("ui.users.col.display_name", lang), value=picked.display_name,
                      key=key(state.USERS_DISPLAY_NAME), max_chars=100)
        st.checkbox(t("ui.users.active", lang), value=picked.active,
                    key=key(state.USERS_ACTIVE))
        st.form_submit_button(t("ui.users.save", lang), type="primary", on_click=_save,
                              args=(picked, key, lang))


def _save(picked: User, key, lang: str) -> None:
    """Callback: write the account's new role, wards, display name and status, and log it."""
    ss = st.session_state
    after = replace(picked, role=UserRole(ss[key(state.USERS_ROLE)]),
                    wards=tuple(w for w in WARDS if w in ss[key(state.USERS_WARDS)]),
                    display_name=str(ss[key(state.USERS_DISPLAY_NAME)] or "").strip(),
                    active=bool(ss[key(state.USERS_ACTIVE)]))
    me = auth.user()
    if me is not None and picked.username == me.username and (
            not after.active or after.role is not picked.role):
        state.notify("error", t("ui.users.not_self", lang))
        return
    changes = changed_fields(picked, after)
    if not changes:
        return
    store = auth.store()
    try:
        current = store.get_user(picked.username)
        if current is None:
            raise NotFoundError(f"no user {picked.username!r}")
        store.update_user(replace(after, password_hash=current.password_hash))
    except NetsupportError as error:
        state.notify("error", error_text(error, lang))
        return
    auth.record(AuditAction.USER_CHANGE, target=picked.username, changes=changes)
    state.notify("success", md_t("ui.users.saved", lang, username=picked.username))


def _admin() -> User | None:
    """The signed-in account if it may still manage accounts (read again from the store:
    a role may have changed since the page was drawn), else ``None`` after logging it."""
    me = auth.current_user()
    if me is not None and access.can(me, Action.MANAGE_USERS):
        return me
    auth.record(AuditAction.DENIED, action=Action.MANAGE_USERS.value)
    return None


def _show_password_once(lang: str) -> None:
    """The password a callback just made, shown on this run only (then forgotten)."""
    shown = st.session_state.pop(state.USERS_PASSWORD, None)
    if shown:
        username, password = shown
        st.warning(md_t("ui.users.password_once", lang, username=username))
        st.code(password, language=None)


def _add_form(lang: str) -> None:
    with st.expander(t("ui.users.add", lang)), st.form(state.USERS_ADD_FORM, border=False,
                                                       clear_on_submit=True):
        name, role = st.columns([2, 1])
        name.text_input(t("ui.users.col.username", lang), key=state.USERS_ADD_NAME,
                        max_chars=64, help=t("ui.users.username_help", lang))
        role.selectbox(t("ui.users.col.role", lang), [r.value for r in UserRole],
                       index=list(UserRole).index(UserRole.STAFF), key=state.USERS_ADD_ROLE,
                       format_func=lambda r: t(f"ui.auth.role.{r}", lang),
                       placeholder=t("ui.placeholder", lang))
        st.multiselect(t("ui.users.col.wards", lang), list(WARDS), key=state.USERS_ADD_WARDS,
                       placeholder=t("ui.users.no_wards", lang))
        st.text_input(t("ui.users.col.display_name", lang), key=state.USERS_ADD_DISPLAY,
                      max_chars=100)
        st.form_submit_button(t("ui.users.add_submit", lang), type="primary", on_click=_add,
                              args=(lang,))


def _add(lang: str) -> None:
    """Callback: add the account with a made password, shown once."""
    me = _admin()
    if me is None:
        state.notify("error", t("ui.edit.denied", lang))
        return
    ss = st.session_state
    user = User(str(ss.get(state.USERS_ADD_NAME) or "").strip(),
                UserRole(ss.get(state.USERS_ADD_ROLE) or UserRole.STAFF.value),
                tuple(w for w in WARDS if w in (ss.get(state.USERS_ADD_WARDS) or ())),
                str(ss.get(state.USERS_ADD_DISPLAY) or "").strip())
    password = accounts.new_password()
    try:
        accounts.add_account(auth.store(), user, password, actor=me.username, lang=lang)
    except NetsupportError as error:
        state.notify("error", error_text(error, lang))
        return
    ss[state.USERS_PASSWORD] = (user.username, password)
    state.notify("success", md_t("ui.users.added", lang, username=user.username))


def _reset(username: str, lang: str) -> None:
    """Callback: give the account a new made password, shown once."""
    me = _admin()
    if me is None:
        state.notify("error", t("ui.edit.denied", lang))
        return
    password = accounts.new_password()
    try:
        accounts.set_password(auth.store(), username, password, actor=me.username, lang=lang)
    except NetsupportError as error:
        state.notify("error", error_text(error, lang))
        return
    st.session_state[state.USERS_PASSWORD] = (username, password)
