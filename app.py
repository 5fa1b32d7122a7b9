"""The netsupport app: ``streamlit run app.py`` (see README).

The store comes from ``NETSUPPORT_STORE`` (``sqlite:///path.db`` by default), the as-of
day's default from ``NETSUPPORT_AS_OF`` (else today). This file only wires things up: the
session defaults, the sidebar (language, as-of day), and the five pages, registered with
``st.navigation`` under their codes as URL paths. A callback that wants another page (the
dashboard's "open in the case conference") sets ``state.GOTO``; the switch happens here.
"""

import streamlit as st

from netsupport.errors import NetsupportError
from netsupport.i18n import t
from netsupport.ui import state
from netsupport.ui.pages import agency_network, case_conference, dashboard, data, lead_assignment
from netsupport.ui.widgets import error_text

PAGE_MODULES = {
    state.DASHBOARD: dashboard,
    state.CASE_CONFERENCE: case_conference,
    state.LEAD_ASSIGNMENT: lead_assignment,
    state.AGENCY_NETWORK: agency_network,
    state.DATA: data,
}

st.set_page_config(page_title="netsupport", layout="wide")
state.init()

with st.sidebar:
    st.radio(t("ui.sidebar.lang", state.lang()), ["ja", "en"], key=state.LANG,
             horizontal=True, format_func=lambda code: t(f"ui.lang.{code}", code))
    lang = state.lang()
    st.date_input(t("ui.sidebar.as_of", lang), key=state.AS_OF, format="YYYY/MM/DD",
                  help=t("ui.sidebar.as_of_help", lang))

pages = {code: st.Page(module.render, title=module.title(lang), url_path=code,
                       default=code == state.DASHBOARD)
         for code, module in PAGE_MODULES.items()}
navigation = st.navigation(list(pages.values()), position="sidebar")

with st.sidebar:
    st.caption(t("ui.sidebar.about", lang))

goto = state.requested_page()
if goto is not None:
    st.switch_page(pages[goto])

try:
    navigation.run()
except NetsupportError as error:  # e.g. the database is down: say so, in words staff can pass on
    st.error(error_text(error, lang))
