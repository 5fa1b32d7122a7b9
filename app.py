"""The netsupport app: ``streamlit run app.py`` (see README).

The store comes from ``NETSUPPORT_STORE`` (``sqlite:///path.db`` by default), the as-of
day's default from ``NETSUPPORT_AS_OF`` (else today). This file only wires things up: the
session defaults, the account (:mod:`netsupport.ui.auth`: signed out, the sign-in form is the
only page), the sidebar (who is signed in, language, as-of day), and the pages the user's
role allows (:data:`netsupport.ui.pages.PAGES`, decided by :mod:`netsupport.access`),
registered with ``st.navigation`` under their codes as URL paths. A callback that wants
another page (the dashboard's "open in the case conference") sets ``state.GOTO``; the switch
happens here.
"""

import streamlit as st

from netsupport.access import can
from netsupport.errors import NetsupportError
from netsupport.i18n import t
from netsupport.ui import auth, drafts, resources, state
from netsupport.ui.pages import PAGES
from netsupport.ui.widgets import error_text

st.set_page_config(page_title="netsupport", layout="wide")
state.init()


def language_choice() -> str:
    st.radio(t("ui.sidebar.lang", state.lang()), ["ja", "en"], key=state.LANG,
             horizontal=True, format_func=lambda code: t(f"ui.lang.{code}", code))
    return state.lang()


try:
    auth.store()  # a store that cannot be opened is said so before anything else
    user = auth.current_user()
except NetsupportError as error:  # e.g. the database is down: say so, in words staff can pass on
    st.error(error_text(error, state.lang()))
    drafts.show_held(state.lang())  # no input is lost while the store is down
    st.stop()

if user is None:
    # One page, under every page's path, so that a link to any page shows the sign-in form
    # (and, once signed in, opens the page it named).
    with st.sidebar:
        lang = language_choice()
    st.navigation([st.Page(auth.sign_in_page, title=t("ui.auth.title", lang), url_path=page.code,
                           default=page.code == state.DASHBOARD) for page in PAGES],
                  position="hidden").run()
    st.stop()

with st.sidebar:
    auth.sidebar(user, state.lang())
    lang = language_choice()
    st.date_input(t("ui.sidebar.as_of", lang), key=state.AS_OF, format="YYYY/MM/DD",
                  help=t("ui.sidebar.as_of_help", lang))

allowed = [page for page in PAGES if can(user, page.action)]
first = state.DASHBOARD if any(p.code == state.DASHBOARD for p in allowed) else allowed[0].code
pages = {page.code: st.Page(page.render, title=page.title(lang), url_path=page.code,
                            default=page.code == first)
         for page in allowed}
navigation = st.navigation(list(pages.values()), position="sidebar")

with st.sidebar:
    st.caption(t("ui.sidebar.about", lang))

try:
    # every household id from the session or the URL is checked before a page reads it:
    # after a refusal only the refusal is drawn in this run
    admitted = auth.admit_households(user, resources.current(), lang)
    goto = state.requested_page()
    if admitted and goto in pages:
        st.switch_page(pages[goto])
    if admitted:
        navigation.run()
except NetsupportError as error:  # e.g. the database is down: say so, in words staff can pass on
    st.error(error_text(error, lang))
    drafts.show_held(lang)
