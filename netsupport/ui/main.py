"""The app: what Streamlit runs on every rerun, called by ``app.py`` in a checkout and by
``netsupport/streamlit_app.py`` from the installed package (``netsupport app``, so that a
wheel brings the app with it).

The store comes from ``NETSUPPORT_STORE`` (``sqlite:///path.db`` by default), the as-of
day's default from ``NETSUPPORT_AS_OF`` (else today). This module only wires things up: the
session defaults, the account (:mod:`netsupport.ui.auth`: signed out, the sign-in form is the
only page), the sidebar (who is signed in, language, as-of day), and the pages the user's
role allows (:data:`netsupport.ui.pages.PAGES`, decided by :mod:`netsupport.access`),
registered with ``st.navigation`` under their codes as URL paths. A callback that wants
another page (the dashboard's "open in the case conference") sets ``state.GOTO``; the switch
happens here.

Streamlit executes a script file on each rerun, while Python imports a module once: so the
work is in :func:`main`, which those two scripts call. (This file is not run as a script
itself: Streamlit would take the ``pages/`` folder beside it for pages of their own.)
"""

from __future__ import annotations

from contextlib import suppress

import streamlit as st

from ..access import User, can
from ..errors import NetsupportError
from ..i18n import t
from ..storage import default_store_uri
from . import auth, drafts, incidents, resources, state
from .pages import PAGES
from .widgets import error_text, streamlit_in_words

__all__ = ["main", "HOME"]

#: The URL path of the default page, served at the app's root ("/"): not a page's own code,
#: so that every page's code stays free for its own URL (``/dashboard`` opens the dashboard).
HOME = "home"


def main() -> None:
    """One run of the app."""
    st.set_page_config(page_title="netsupport", layout="wide")
    state.init()
    try:
        auth.store()  # a store that cannot be opened is said so before anything else
        user = auth.current_user()
    except NetsupportError as error:  # e.g. the database is down: in words staff can pass on
        st.error(error_text(error, state.lang()))
        drafts.show_held(state.lang())  # no input is lost while the store is down
        st.stop()
    if user is None:
        _warm_city()
        _signed_out()
    else:
        _signed_in(user)


def _warm_city() -> None:
    """The city's results, then the first pages' reports, computed in the background while
    the first user of the day signs in: see :func:`resources.warm`. A failure is not said
    here; the page that needs the city says it (the rules file, say, is read again there)."""
    with suppress(NetsupportError):
        resources.warm(default_store_uri(), state.as_of())


def _language_choice() -> str:
    st.radio(t("ui.sidebar.lang", state.lang()), ["ja", "en"], key=state.LANG,
             horizontal=True, format_func=lambda code: t(f"ui.lang.{code}", code))
    return state.lang()


def _signed_out() -> None:
    """One page, under every page's path, so that a link to any page shows the sign-in form
    (and, once signed in, opens the page it named)."""
    with st.sidebar:
        lang = _language_choice()
    streamlit_in_words(lang)  # the sign-in form's "Press Enter to submit form"
    sign_in = incidents.guarded(auth.sign_in_page, "sign_in")
    st.navigation([st.Page(sign_in, title=t("ui.auth.title", lang), url_path=HOME,
                           default=True)]
                  + [st.Page(sign_in, title=t("ui.auth.title", lang), url_path=page.code)
                     for page in PAGES], position="hidden").run()
    st.stop()


def _signed_in(user: User) -> None:
    with st.sidebar:
        auth.sidebar(user, state.lang())
        lang = _language_choice()
        st.date_input(t("ui.sidebar.as_of", lang), key=state.AS_OF, format="YYYY/MM/DD",
                      help=t("ui.sidebar.as_of_help", lang))

    allowed = [page for page in PAGES if can(user, page.action)]
    first_page = next((p for p in allowed if p.code == state.DASHBOARD), allowed[0])
    first = first_page.code
    pages = {page.code: st.Page(incidents.guarded(page.render, page.code),
                                title=page.title(lang),
                                url_path=HOME if page.code == first else page.code,
                                default=page.code == first)
             for page in allowed}

    def not_allowed() -> None:
        """A page the user's role does not open, asked for by its URL: say so, show the
        first."""
        st.info(t("ui.page_not_allowed", lang))
        first_page.render()

    # Hidden pages answer every page's own URL, so that no address of the app shows
    # Streamlit's "Page not found": the first page's own path (it is served at the root)
    # and, for a page the role does not open, a refusal in words.
    hidden = [st.Page(incidents.guarded(first_page.render, first), title=first_page.title(lang),
                      url_path=first, visibility="hidden")]
    hidden += [st.Page(incidents.guarded(not_allowed, page.code), title=page.title(lang),
                       url_path=page.code, visibility="hidden")
               for page in PAGES if page not in allowed]
    navigation = st.navigation(list(pages.values()) + hidden, position="sidebar")

    with st.sidebar:
        st.caption(t("ui.sidebar.about", lang))
    streamlit_in_words(lang)

    try:
        # every household id from the session or the URL is checked before a page reads it:
        # after a refusal only the refusal is drawn in this run
        admitted = auth.admit_households(user, resources.current(), lang)
        goto = state.requested_page()
        if admitted and goto in pages:
            st.switch_page(pages[goto])
        if admitted:
            navigation.run()
    except NetsupportError as error:  # e.g. the database is down: in words staff can pass on
        st.error(error_text(error, lang))
        drafts.show_held(lang)
    except Exception as error:  # noqa: BLE001 - a bug: a message and an incident number
        st.error(t("ui.error.incident", lang, incident=incidents.report(error, "app")))
        drafts.show_held(lang)

