"""監査ログ: who viewed, changed or exported what, and when (admins only).

Filters by period (days in Japan time), user and household; the entries newest first with
their actions in words; the filtered log as CSV, whose cells a spreadsheet could run as
formulas are neutralised. Downloading the log is itself logged.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial

import streamlit as st

from ...audit import LOCAL_TIME, day_bounds
from ...i18n import t
from ...viz import tables
from .. import auth, downloads, state
from ..widgets import show_notices
from . import title

__all__ = ["render", "DEFAULT_DAYS", "LIMIT"]

DEFAULT_DAYS = 30  # the period shown at first: the last 30 days
LIMIT = 10_000     # entries read at most (newest first)


def render() -> None:
    lang = state.lang()
    st.title(title(state.AUDIT_LOG, lang))
    st.caption(t("ui.audit.help", lang))
    show_notices()
    store = auth.store()
    today = datetime.now(LOCAL_TIME).date()
    if not isinstance(st.session_state.get(state.AUDIT_PERIOD), tuple):
        st.session_state[state.AUDIT_PERIOD] = (today - timedelta(days=DEFAULT_DAYS), today)
    usernames = [""] + [u.username for u in store.users()]
    state.keep_choice(state.AUDIT_USER, usernames, fallback="")
    period, who, household = st.columns([2, 2, 2], vertical_alignment="bottom")
    days = period.date_input(t("ui.audit.period", lang), key=state.AUDIT_PERIOD,
                             format="YYYY/MM/DD")
    username = who.selectbox(t("ui.audit.user", lang), usernames, key=state.AUDIT_USER,
                             format_func=lambda u: u or t("ui.audit.all_users", lang))
    household_id = household.text_input(t("ui.audit.household", lang),
                                        key=state.AUDIT_HOUSEHOLD).strip()
    since, until = _bounds(days)
    entries = store.audit_log(since=since, until=until, username=username or None,
                              household_id=household_id or None, limit=LIMIT)
    st.caption(t("ui.audit.count", lang, n=len(entries)))
    if not entries:
        st.info(t("ui.audit.empty", lang))
        return
    table = tables.audit_table(entries, lang)
    st.dataframe(table, hide_index=True)
    downloads.offer(
        st, t("ui.audit.download", lang), partial(tables.audit_csv, table),
        file_name=f"netsupport_audit_{today.isoformat()}.csv", mime="text/csv",
        key=state.AUDIT_DOWNLOAD, store=store, username=auth.user().username,
        what="audit_log", entries=len(entries), user=username, household=household_id)


def _bounds(days) -> tuple[datetime | None, datetime | None]:
    """The period's first moment and the moment after its last day, in Japan time (a range
    still being picked has one day only: that day alone)."""
    picked = [d for d in (days if isinstance(days, tuple | list) else (days,))
              if isinstance(d, date)]
    if not picked:
        return None, None
    return day_bounds(picked[0], picked[-1])
