"""Every session-state key of the app, its default, and the few ways pages use them.

One module holds them all, so that a new colleague sees at a glance what a session
remembers. Two kinds of keys:

- **session keys** (:data:`DEFAULTS`): the language, the as-of day, the selected household and
  the filters. They get their default once per session (:func:`init`) and their widgets are
  created with ``persist_state="session"`` and no default of their own, so a value survives
  switching pages;
- **per-use keys**: what a callback leaves for the next run (:data:`GOTO`, :data:`NOTICES`)
  and the fields of the edit forms. Form keys carry the household and the data version
  (:func:`form_key`), so a form starts fresh for another household or after any write.

The signed-in account and the time of its last run (:data:`USER`, :data:`LAST_SEEN`) are
kept by :mod:`netsupport.ui.auth`; signing out forgets every key but the language
(:func:`forget_session`). The keys that hold a household id (:data:`HOUSEHOLD_KEYS`) are
checked against the user's scope on every run before a page reads them.

The as-of day defaults to today, or to ``NETSUPPORT_AS_OF`` (``YYYY-MM-DD``) when set, so
that the demo (whose reference day is 2026-11-01) looks the same on any day.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from typing import Any

import streamlit as st

__all__ = [
    "USER", "LAST_SEEN", "SIGN_IN_FORM", "SIGN_IN_USERNAME", "SIGN_IN_PASSWORD", "SIGN_OUT",
    "SIGN_IN_OIDC", "OIDC_REFUSED", "VIEWED", "HOUSEHOLD_PARAM", "HOUSEHOLD_KEYS",
    "DASHBOARD", "CASE_CONFERENCE", "LEAD_ASSIGNMENT", "AGENCY_NETWORK", "DATA",
    "AUDIT_LOG", "USERS", "CASE_SUPPORT_MEETING", "AUDIT_PERIOD", "AUDIT_USER",
    "AUDIT_HOUSEHOLD", "AUDIT_DOWNLOAD", "DOWNLOAD_GRANT", "USERS_PICK", "USERS_FORM", "USERS_ROLE",
    "USERS_WARDS", "USERS_DISPLAY_NAME", "USERS_ACTIVE", "USERS_RESET", "USERS_PASSWORD",
    "USERS_ADD_FORM", "USERS_ADD_NAME", "USERS_ADD_ROLE", "USERS_ADD_WARDS", "USERS_ADD_DISPLAY",
    "LANG", "AS_OF", "HOUSEHOLD", "DASH_WARDS", "DASH_STAGES", "DASH_LEVELS",
    "DASH_ISOLATION", "DASH_ONLY_8050", "DASH_PICK", "DASH_TABLE", "CASE_BESIDE", "AGENCY_WARD",
    "AGENCY_KINDS", "CASE_TAB", "CASE_SEARCH", "CASE_PROJECTOR", "CASE_FONT_SIZE", "CASE_PAPER",
    "AGENCY_WARD_OPENED", "AGENCY_LINKS", "DASH_PAGE", "DASH_DOWNLOAD_CSV", "DASH_DOWNLOAD_XLSX",
    "FORECAST_PAGE", "AGENCY_CITY_MAP", "AGENCY_PAGES", "AGENCY_DOWNLOAD", "AGENCY_BROKERS",
    "SIM_EVENTS", "LEAD_PAGE", "LEAD_SEARCH", "LEAD_TABLE", "LEAD_DOWNLOAD",
    "SIM_YEARS", "FORECAST_AGE",
    "FORECAST_YEARS",
    "FORECAST_PICK", "FORECAST_OPEN", "GOTO", "NOTICES", "GO_TO_DATA", "DASH_OPEN", "CASE_SHEET",
    "AGENCY_HIGHLIGHT", "AGENCY_FOCUS", "AGENCY_CENTRE", "AGENCY_PROJECTOR",
    "AGENCY_FONT_SIZE", "LEAD_OPEN_CASE", "DATA_UPLOAD", "DATA_CONFIRM", "DATA_JAPANESE_HEADERS",
    "DATA_PSEUDONYMISE", "DATA_MODE",
    "DATA_LOAD", "DATA_DOWNLOAD_XLSX", "DATA_DOWNLOAD_ZIP", "DATA_DOWNLOAD_TEMPLATE",
    "DRAFTS", "DRAFT_DISCARD", "FORM_ASSIGN", "FORM_CONTACT", "FORM_ADD_TIE", "FORM_END_TIE",
    "LEAD_AGENCY", "LEAD_ON", "LEAD_KEEP_TEAM", "LEAD_NOTE", "CONTACT_TIE", "CONTACT_ON",
    "CONTACT_TYPE", "CONTACT_NOTE", "TIE_SOURCE", "TIE_TARGET", "TIE_KIND", "TIE_STRENGTH",
    "TIE_ROLE", "TIE_SINCE", "TIE_CONSENT", "END_TIE", "END_ON", "AS_OF_ENV", "AS_OF_GIVEN",
    "DEFAULTS",
    "default_as_of", "init", "lang", "as_of", "notify", "take_notices", "open_page",
    "requested_page", "keep_choice", "form_key", "forget_session",
]

# --- pages: their codes are also their URL paths (each page: netsupport.ui.pages.PAGES) ----
DASHBOARD = "dashboard"
CASE_CONFERENCE = "case_conference"
LEAD_ASSIGNMENT = "lead_assignment"
AGENCY_NETWORK = "agency_network"
DATA = "data"
AUDIT_LOG = "audit_log"
USERS = "users"

# --- the signed-in account (netsupport.ui.auth) -------------------------------------------
USER = "auth.user"                     # the signed-in netsupport.access.User, or absent
LAST_SEEN = "auth.last_seen"           # when this session last ran (the idle timeout)
VIEWED = "auth.viewed"                 # {(household, data version)} already audited as viewed
OIDC_REFUSED = "auth.oidc_refused"     # an OIDC identity without an account, audited once
SIGN_IN_FORM = "auth.form"
SIGN_IN_USERNAME = "auth.username"
SIGN_IN_PASSWORD = "auth.password"     # emptied by the submit callback, never kept
SIGN_IN_OIDC = "auth.oidc"
SIGN_OUT = "auth.sign_out"
#: ``?household=H-…``: a deep link to one household's case conference
HOUSEHOLD_PARAM = "household"

# --- session keys ------------------------------------------------------------------------
LANG = "lang"                          # "ja" or "en"
AS_OF = "as_of"                        # the day every analysis is read as of
HOUSEHOLD = "household"                # the household open in the case conference
DASH_WARDS = "dashboard.wards"         # dashboard filters: wards (empty = all)
DASH_STAGES = "dashboard.stages"       # stage codes, "" for none recorded (empty = all)
DASH_LEVELS = "dashboard.risk_levels"  # risk levels (empty = all)
DASH_ISOLATION = "dashboard.isolation"  # isolation levels (empty = all)
DASH_ONLY_8050 = "dashboard.only_8050"
DASH_PICK = "dashboard.pick"           # the household to open from the dashboard
CASE_BESIDE = "case_conference.beside"  # findings beside the ecomap (else below it)
AGENCY_WARD = "agency_network.ward"    # "" = the whole city
AGENCY_WARD_OPENED = "agency_network.ward_opened"  # the first visit opened the own ward
AGENCY_LINKS = "agency_network.links_per_agency"  # each agency's strongest links drawn
AGENCY_KINDS = "agency_network.kinds"  # agency kind codes (empty = all)
CASE_SEARCH = "case_conference.search"  # the household search box (name, フリガナ, id)
CASE_PROJECTOR = "case_conference.projector"  # the ecomap drawn for a projector
CASE_FONT_SIZE = "case_conference.font_size"  # its smallest label, CSS px on the screen
CASE_PAPER = "case_conference.paper"   # the sheet's paper: "A3" or "A4" (landscape)
CASE_TAB = "case_conference.tab"        # the open tab's label (None: the first)
SIM_EVENTS = "case_conference.sim_events"  # 親なき後 what-ifs, "parent_dies:P-02" ...
SIM_YEARS = "case_conference.sim_years"    # years_pass before the events (0 = none)
FORECAST_AGE = "dashboard.forecast_age"    # None: the rules' forecast_parent_age
FORECAST_YEARS = "dashboard.forecast_years"
FORECAST_PICK = "dashboard.forecast_pick"  # the household to open from the forecast
DASH_PAGE = "dashboard.page"               # the ranked list's page shown (1 = the first)
FORECAST_PAGE = "dashboard.forecast_page"  # the forecast list's page shown
LEAD_PAGE = "lead.page"                    # the lead worklist's page shown
LEAD_SEARCH = "lead.search"  # the lead page's household search box (name, フリガナ, id)
AGENCY_CITY_MAP = "agency_network.city_map"  # draw a large city's whole map all the same
AGENCY_BROKERS = "agency_network.find_brokers"  # find a large city's brokers on this run
CASE_SUPPORT_MEETING = "case_conference.support_meeting"  # 支援会議: every agency disclosed
AUDIT_PERIOD = "audit.period"          # (first day, last day) of the audit page's filter
AUDIT_USER = "audit.user"              # "" = every user
AUDIT_HOUSEHOLD = "audit.household"    # "" = every household

AS_OF_ENV = "NETSUPPORT_AS_OF"
#: The default as-of day the session was last given (a session on it follows the day).
AS_OF_GIVEN = "as_of.given"

# --- per-use keys ------------------------------------------------------------------------
GOTO = "goto"                          # a page a callback asked to open
NOTICES = "notices"                    # [(level, text)] a callback left for the next run
GO_TO_DATA = "empty.go_data"           # the button on an empty store (see form_key)
DASH_TABLE = "dashboard.table"         # the ranked table's row selection
DASH_OPEN = "dashboard.open"
FORECAST_OPEN = "dashboard.forecast_open"
CASE_SHEET = "case_conference.sheet"   # + "" or "_pseudonymised": the sheet downloads
AGENCY_HIGHLIGHT = "agency_network.highlight"
AGENCY_FOCUS = "agency_network.focus"  # which agencies the map draws: key, around, all
AGENCY_CENTRE = "agency_network.centre"  # the agency whose neighbourhood is drawn
AGENCY_PROJECTOR = "agency_network.projector"  # the map drawn for a meeting room
AGENCY_FONT_SIZE = "agency_network.font_size"  # projector mode: the smallest label (px)
AGENCY_PAGES = "agency_network.page"   # + the table's key: the page of that table shown
AGENCY_DOWNLOAD = "agency_network.download"  # + the table's key: its CSV download
DASH_DOWNLOAD_CSV = "dashboard.download_csv"  # + "" or ".forecast": the full lists' files
DASH_DOWNLOAD_XLSX = "dashboard.download_xlsx"
LEAD_OPEN_CASE = "lead.open_case"
LEAD_TABLE = "lead.table"              # + "." + the page: the worklist's row selection
LEAD_DOWNLOAD = "lead.download"        # + ".csv" / ".xlsx": the whole worklist's files
DATA_UPLOAD = "data.upload"
DATA_CONFIRM = "data.confirm_replace"
DATA_JAPANESE_HEADERS = "data.japanese_headers"
DATA_PSEUDONYMISE = "data.pseudonymise"  # downloads with pseudonyms, no names or notes
DATA_LOAD = "data.load"
DATA_MODE = "data.mode"  # replace everything, or merge the households of the upload
DATA_DOWNLOAD_XLSX = "data.download_xlsx"
DATA_DOWNLOAD_ZIP = "data.download_zip"
DATA_DOWNLOAD_TEMPLATE = "data.download_template"
AUDIT_DOWNLOAD = "audit.download"
DOWNLOAD_GRANT = "downloads.grant"  # this sign-in's right to build downloads (ui.downloads)
USERS_PICK = "users.pick"
USERS_FORM = "users.form"              # the users page's form and fields (see form_key)
USERS_ROLE = "users.role"
USERS_WARDS = "users.wards"
USERS_DISPLAY_NAME = "users.display_name"
USERS_ACTIVE = "users.active"
USERS_RESET = "users.reset"            # + the account: its "new password" button
USERS_PASSWORD = "users.password"      # (username, password) made by a callback, shown once
USERS_ADD_FORM = "users.add"
USERS_ADD_NAME = "users.add.username"
USERS_ADD_ROLE = "users.add.role"
USERS_ADD_WARDS = "users.add.wards"
USERS_ADD_DISPLAY = "users.add.display_name"
# the edit forms and their fields (see form_key)
DRAFTS = "drafts"                      # unsaved input of the edit forms (ui.drafts)
DRAFT_DISCARD = "draft.discard"        # + the form: its "discard the input" button
FORM_ASSIGN = "form.assign"
FORM_CONTACT = "form.contact"
FORM_ADD_TIE = "form.add_tie"
FORM_END_TIE = "form.end_tie"
LEAD_AGENCY = "lead.agency"
LEAD_ON = "lead.on"
LEAD_KEEP_TEAM = "lead.keep_previous_in_team"
LEAD_NOTE = "lead.note"
CONTACT_TIE = "contact.tie"
CONTACT_ON = "contact.on"
CONTACT_TYPE = "contact.type"
CONTACT_NOTE = "contact.note"
TIE_SOURCE = "tie.source"
TIE_TARGET = "tie.target"
TIE_KIND = "tie.kind"
TIE_STRENGTH = "tie.strength"
TIE_ROLE = "tie.role"
TIE_SINCE = "tie.since"
TIE_CONSENT = "tie.consent"
END_TIE = "end.tie"
END_ON = "end.on"


def default_as_of() -> date:
    """``NETSUPPORT_AS_OF`` when it holds a date, else today."""
    text = os.environ.get(AS_OF_ENV, "").strip()
    try:
        return date.fromisoformat(text) if text else date.today()
    except ValueError:
        return date.today()


def _defaults() -> dict[str, Any]:
    return {
        LANG: "ja",
        AS_OF: default_as_of(),
        HOUSEHOLD: None,
        DASH_WARDS: [],
        DASH_STAGES: [],
        DASH_LEVELS: [],
        DASH_ISOLATION: ["isolated", "unconnected"],
        DASH_ONLY_8050: True,
        DASH_PICK: None,
        CASE_BESIDE: False,
        CASE_PROJECTOR: False,
        CASE_FONT_SIZE: 16,
        CASE_PAPER: "A3",
        AGENCY_LINKS: 3,
        AGENCY_WARD: "",
        AGENCY_KINDS: [],
        AGENCY_FOCUS: "key",
        AGENCY_PROJECTOR: False,
        AGENCY_FONT_SIZE: 16,
        SIM_EVENTS: ["parents_gone"],
        SIM_YEARS: 0,
        FORECAST_AGE: None,
        FORECAST_YEARS: 0,
        FORECAST_PICK: None,
        CASE_SUPPORT_MEETING: False,
        DATA_JAPANESE_HEADERS: True,
        DATA_PSEUDONYMISE: False,
        NOTICES: [],
    }


#: The session keys that hold a household id: each is checked against the user's scope
#: before a page reads that household (:func:`netsupport.ui.auth.admit_households`).
HOUSEHOLD_KEYS: tuple[str, ...] = (HOUSEHOLD, DASH_PICK, FORECAST_PICK)

#: The session keys and their defaults (the as-of default is read when a session starts).
DEFAULTS: dict[str, Any] = _defaults()


def init() -> None:
    """Give every session key its default, once per session (the first run); and move a
    session that was left on the default as-of day to the new day when the day changes (a
    day the user chose is kept)."""
    for key, value in _defaults().items():
        if key not in st.session_state:
            st.session_state[key] = list(value) if isinstance(value, list) else value
    today = default_as_of()
    given = st.session_state.setdefault(AS_OF_GIVEN, today)
    if given != today:
        if st.session_state.get(AS_OF) == given:
            st.session_state[AS_OF] = today
        st.session_state[AS_OF_GIVEN] = today


def forget_session() -> None:
    """Forget everything the session remembers but its language: after a sign-out the next
    person at the same browser starts afresh (no household, no filter, no form is left)."""
    for key in list(st.session_state):
        if key != LANG:
            del st.session_state[key]


def lang() -> str:
    return st.session_state.get(LANG) or "ja"


def as_of() -> date:
    value = st.session_state.get(AS_OF)
    return value if isinstance(value, date) else default_as_of()


def notify(level: str, text: str) -> None:
    """Leave a message (``success``, ``info``, ``warning`` or ``error``) for the next run."""
    st.session_state.setdefault(NOTICES, []).append((level, text))


def take_notices() -> list[tuple[str, str]]:
    """The messages left by callbacks, once."""
    notices = st.session_state.get(NOTICES) or []
    st.session_state[NOTICES] = []
    return notices


def open_page(page: str, household: str | None = None) -> None:
    """Callback: open ``page`` on the next run (with ``household`` selected, if given)."""
    if household:
        st.session_state[HOUSEHOLD] = household
    st.session_state[GOTO] = page


def requested_page() -> str | None:
    """The page a callback asked for, once (the app opens it if the user may see it)."""
    return st.session_state.pop(GOTO, None)


def keep_choice(key: str, options: Sequence[Any], fallback: Any = None) -> None:
    """Make the remembered value of a choice one of ``options`` before its widget is drawn.

    A remembered household may not be in a filtered list, and multiselect values may have
    left the options; a choice widget must never be drawn with a value it does not offer.
    """
    value = st.session_state.get(key)
    if isinstance(value, list):
        value = [v for v in value if v in options]
    elif value not in options:
        value = fallback if fallback in options else (options[0] if options else None)
    # Written back even when unchanged: a value set through the session state is what the
    # widget shows on this run, whatever the browser sent for it. A value carried over from
    # another page's widget under the same key (persist_state="session") is otherwise not
    # sent to the browser, whose picker then comes back empty ("Choose an option", None).
    st.session_state[key] = value


def form_key(field: str, household_id: str | None, version: int) -> str:
    """The key of an edit form (or one of its fields) for one household at one data
    version: a new household or any write gives the form a fresh start."""
    return f"{field}.{household_id}.{version}"
