"""利用者: the accounts, and changing one (admins only).

Accounts are added on the command line (``netsupport user add``), where a password can be
read from stdin rather than typed into a web page. Here an admin changes an account's role,
wards and display name, or disables and enables it; a disabled account loses access on its
next click (:func:`netsupport.ui.auth.current_user`). Each change is logged
(``USER_CHANGE``, with the fields before and after, never a password hash). An admin cannot
disable their own account or change their own role, so the city is never left without one.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from ...access import User, UserRole
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
    accounts = auth.store().users()
    if not accounts:
        st.info(t("ui.users.no_users", lang))
        return
    st.dataframe(tables.users_table(accounts, lang), hide_index=True)

    by_name = {u.username: u for u in accounts}
    state.keep_choice(state.USERS_PICK, list(by_name))
    picked = by_name[st.selectbox(t("ui.users.change", lang), list(by_name),
                                  key=state.USERS_PICK)]
    # the fields start from the account as stored: any change to it gives a fresh form
    version = hash((picked.role, picked.wards, picked.display_name, picked.active))

    def key(field: str) -> str:
        return state.form_key(field, picked.username, version)

    with st.form(key(state.USERS_FORM), border=True):
        role, wards = st.columns([1, 3])
        role.selectbox(t("ui.users.col.role", lang), [r.value for r in UserRole],
                       index=list(UserRole).index(picked.role), key=key(state.USERS_ROLE),
                       format_func=lambda r: t(f"ui.auth.role.{r}", lang))
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
