"""ケース会議: one household, as the agencies around it look at it together.

The ecomap with the findings under it, or beside it at the flip of a toggle (a smaller
map): risk and its factors, gaps, strategy and why, the lead decision with reasons and the
handover path, the proposed mini support team and backups. Then the members and the support
history, and the printable sheet in two variants: with names for the agencies at the table,
pseudonymised for sharing beyond them.

The household picker offers, with the search box empty, the households of highest risk up
to :data:`~netsupport.ui.widgets.PICK_CAP` and the one selected (a deep link, another page's
pick): at 80,000 households every label sent on every rerun cost 0.15 s a click. The
others are found with the search box (name, フリガナ, id); a viewer, who has none, opens
them with the link staff send.

The map is drawn across the page by default: beside the findings on a 1920-pixel screen
with the sidebar open, the ecomap's labels are too small to read.

Sharing follows consent (:mod:`netsupport.sharing`): on the sheet with names, an agency
whose tie has no consent to sharing appears by its kind only, unless the conference is held
as a 支援会議 (Social Welfare Act art. 106-6, whose members are bound to confidentiality):
then every agency is named. A viewer (:func:`netsupport.access.pseudonymised_only`) sees
the page pseudonymised — people by relation, agencies named only where they consented, no
notes, no ids of people — and only the pseudonymised sheet; the simulation tab, whose
maps are drawn with names, is not theirs. Its scenario line and what-if choices name the
parents as the page's names do (display name; relation when pseudonymised), never by id.

A second tab, 親なき後シミュレーション, asks "what if the father goes?": staff pick what-if
events for the household's living parents (hospitalised, in a care facility, dies, all of
them gone) and how many years on, and see the household now and after side by side (the
lost ties and supports faded on the after map, its gaps as dashed boxes), what changes, and
the readiness checklist of the six worries. The simulation only reads: nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from itertools import islice

import streamlit as st

from ... import access
from ...analysis.lead import HANDOVER
from ...analysis.simulation import (
    PARENT_DIES,
    PARENT_HOSPITALISED,
    PARENT_IN_CARE_FACILITY,
    PARENTS_GONE,
    YEARS_PASS,
    SimulationError,
    SimulationResult,
)
from ...i18n import t
from ...queries import HouseholdView
from ...sharing import disclosed_agencies
from ...viz import tables
from ...viz.naming import Names
from ...viz.sheet import (
    PAPERS,
    SHEET_MIN_LABEL_PX,
    case_conference_sheet,
    sheet_disclosure,
)
from .. import auth, downloads, resources, state
from ..safe import md_escape, md_frame
from ..widgets import (
    PICK_CAP,
    empty_store,
    household_label,
    household_search,
    page_heading,
    picker_options,
    show_notices,
)
from . import title

__all__ = ["render", "names_for", "what_if_options", "what_if_events"]

MAP_HEIGHT = 640
WIDE_MAP_HEIGHT = 760
SHEET_MAP_HEIGHT = 580  # fills the sheet's 176 mm frame with the map's heading
SIM_MAP_HEIGHT = 480
PRINT_PIXEL_RATIO = 3  # the sheet's map: canvas pixels per CSS pixel, sharp on paper
#: Projector mode: the map's height, and the sizes its smallest label can be set to (CSS
#: pixels on the screen, the map fitted to its frame). 16 px by default: at least 14 px
#: reads across a meeting room from a 1920×1080 projector.
PROJECTOR_MAP_HEIGHT = 900
#: The smallest label of the maps on the screen outside projector mode (CSS pixels): fitted
#: to their frame without it, a household's labels were 7 px on a 1600-pixel screen, 10 on
#: a 1920 one.
SCREEN_MIN_LABEL_PX = 12
FONT_SIZES = (12, 14, 16, 18, 20, 24, 28, 32)


def names_for(view: HouseholdView, agencies, lang: str, *, pseudonymise: bool = False,
              disclose: frozenset[str] | None = None) -> Names:
    """Names for one household's page or sheet, every agency its report mentions included
    (``disclose``: the agencies named, the others by kind; ``None``: every agency named)."""
    report = view.report
    mentioned = [*report.team.member_ids, *report.team.backup, *report.lead.bridge,
                 *(a for a in (report.team.lead, report.lead.current, report.lead.recommended)
                   if a)]
    return Names(view.network, agencies, lang, pseudonymise=pseudonymise, also=mentioned,
                 disclose=disclose)


@dataclass(frozen=True, slots=True)
class Sharing:
    """How much of the household this page may show and print: ``viewer`` (pseudonymised
    only), held as a 支援会議, and the agencies disclosed (by name) on the sheet."""

    viewer: bool
    support_meeting: bool
    disclose: tuple[str, ...]


def render() -> None:
    lang = state.lang()
    snap = resources.current()
    page_heading(title(state.CASE_CONFERENCE, lang), snap, lang)
    show_notices()
    if empty_store(snap, lang):
        return
    user = auth.user()
    viewer = access.pseudonymised_only(user)
    scope = access.scope_wards(user)
    scope = tuple(sorted(scope)) if scope is not None else None
    # the households in scope, highest risk first, made once per data version and scope
    by_id = resources.scoped_wards(snap.uri, snap.version, snap.as_of, scope)
    if not by_id:
        st.info(t("scan.empty", lang))
        return
    # the picker: with the search box empty (a viewer has none: names and ids are not
    # theirs), the households of highest risk up to PICK_CAP and the one selected (a deep
    # link, another page's pick); else what the search found among every household in scope
    found = None if viewer else household_search(snap, by_id, lang, key=state.CASE_SEARCH)
    if found is None:
        ids = picker_options(list(islice(by_id, PICK_CAP)), state.HOUSEHOLD, by_id)
    else:
        ids = picker_options(found, state.HOUSEHOLD, frozenset(found))
    state.keep_choice(state.HOUSEHOLD, ids, fallback=ids[0])
    hid = st.selectbox(
        t("ui.pick_household", lang), ids, key=state.HOUSEHOLD, persist_state="session",
        format_func=household_label(by_id,
                                    resources.pseudonym_secret() if viewer else None),
        placeholder=t("ui.placeholder", lang))
    if found is None and len(by_id) > PICK_CAP:
        st.caption(t("ui.picker.capped_viewer" if viewer else "ui.picker.capped", lang,
                     n=PICK_CAP, total=len(by_id)))
    hid = hid if hid in by_id else ids[0]  # keep_choice made it one; never read an empty pick
    auth.note_view(hid, resources.household_stamp(snap.uri, snap.version, snap.as_of, hid))
    view = resources.household_view(snap.uri, snap.version, snap.as_of, hid)
    index = resources.agency_index(snap.uri, snap.version, snap.as_of)
    if viewer:
        st.info(t("ui.auth.pseudonymised_view", lang))
        support_meeting = False
    else:
        support_meeting = st.checkbox(t("ui.auth.support_meeting", lang),
                                      key=state.CASE_SUPPORT_MEETING, persist_state="session",
                                      help=t("ui.auth.support_meeting_help", lang))
    disclose = disclosed_agencies(view.network, hid, support_meeting=support_meeting,
                                  as_of=snap.as_of)
    sharing = Sharing(viewer, support_meeting, tuple(sorted(disclose)))
    names = names_for(view, index.agencies, lang, pseudonymise=viewer,
                      disclose=disclose if viewer else None)
    if viewer:  # the simulation draws its maps with names, unpseudonymised: not for the viewer
        _current_network(snap, view, index, names, hid, lang, sharing)
        return

    # Only the open tab runs: a map drawn in a hidden tab would be fitted to no width.
    labels = [t("ui.sim.tab_now", lang), t("sim.title", lang)]
    if st.session_state.get(state.CASE_TAB) not in labels:
        st.session_state.pop(state.CASE_TAB, None)
    now_tab, sim_tab = st.tabs(labels, key=state.CASE_TAB, on_change="rerun")
    if now_tab.open:
        with now_tab:
            _current_network(snap, view, index, names, hid, lang, sharing)
    if sim_tab.open:
        with sim_tab:
            _after_parents(snap, view, names, hid, lang)


def _current_network(snap: resources.Snapshot, view: HouseholdView, index, names: Names,
                     hid: str, lang: str, sharing: Sharing) -> None:
    switches = st.columns([1, 2], vertical_alignment="center")
    projector = switches[0].toggle(t("ui.case.projector", lang), key=state.CASE_PROJECTOR,
                                   persist_state="session",
                                   help=t("ui.case.projector_help", lang))
    if projector:
        size = switches[1].select_slider(
            t("ui.case.font_size", lang), FONT_SIZES, key=state.CASE_FONT_SIZE,
            persist_state="session", format_func=lambda px: f"{px} px")
        _ecomap(snap, hid, lang, PROJECTOR_MAP_HEIGHT, sharing, min_font_px=int(size),
                projector=True)
        beside = False
    else:
        beside = switches[1].toggle(t("ui.case.beside", lang), key=state.CASE_BESIDE,
                                    persist_state="session")
    if projector:
        columns = st.columns(3, gap="medium")
    elif beside:
        left, right = st.columns([5, 3], gap="medium")
        with left:
            _ecomap(snap, hid, lang, MAP_HEIGHT, sharing)
        columns = [right] * 3
    else:
        _ecomap(snap, hid, lang, WIDE_MAP_HEIGHT, sharing)
        columns = st.columns(3, gap="medium")
    with columns[0]:
        _situation_and_risk(view, lang)
    with columns[1]:
        _gaps_strategy_lead(view, names, lang)
    with columns[2]:
        st.markdown(f"#### {t('summary.team', lang)}")
        st.table(md_frame(tables.team_table(view.report, names, lang)), hide_index=True,
                 border="horizontal")

    st.subheader(t("ui.case.members", lang))
    st.dataframe(tables.members(view.network, hid, snap.as_of, names, lang), hide_index=True)
    st.subheader(t("ui.case.history", lang))
    history = tables.timeline(view.network, hid, names, lang, notes=not sharing.viewer,
                              as_of=snap.as_of)
    if history.empty:
        st.info(t("ui.case.no_history", lang))
    else:
        st.dataframe(history, hide_index=True)

    st.subheader(t("ui.case.sheet", lang))
    st.caption(t("ui.case.sheet_help", lang))
    paper = st.radio(t("ui.case.paper", lang), list(PAPERS), key=state.CASE_PAPER,
                     persist_state="session", horizontal=True,
                     format_func=lambda p: t(f"ui.case.paper.{p}", lang))
    variants = [(True, "ui.case.sheet_pseudonymised", "_pseudonymised")]
    if not sharing.viewer:
        variants.insert(0, (False, "ui.case.sheet_named", ""))
    for column, (pseudonymise, label_key, suffix) in zip(st.columns(2), variants, strict=False):
        file_id = "case" if pseudonymise else hid
        downloads.offer(
            column, t(label_key, lang),
            partial(_sheet, snap, view, index, hid, lang, pseudonymise, sharing.support_meeting,
                    paper),
            file_name=f"case_conference_{file_id}_{snap.as_of.isoformat()}_{paper}{suffix}.html",
            mime="text/html", key=state.CASE_SHEET + suffix, store=auth.store(),
            username=auth.user().username, what="sheet", household_id=hid,
            pseudonymised=pseudonymise, support_meeting=sharing.support_meeting)


def _sheet(snap: resources.Snapshot, view: HouseholdView, index, hid: str, lang: str,
           pseudonymise: bool, support_meeting: bool, paper: str = "A3") -> bytes:
    """The printable case-conference sheet, built when its download button is pressed."""
    sheet_names = names_for(view, index.agencies, lang, pseudonymise=pseudonymise)
    disclose = sheet_disclosure(view, sheet_names, support_meeting=support_meeting)
    page = case_conference_sheet(
        view, sheet_names,
        resources.ecomap(snap.uri, snap.version, snap.as_of, hid, lang, pseudonymise,
                         SHEET_MAP_HEIGHT, tuple(sorted(disclose)), SHEET_MIN_LABEL_PX,
                         PRINT_PIXEL_RATIO),
        lang=lang, support_meeting=support_meeting, paper=paper)
    return page.encode("utf-8")


def _ecomap(snap: resources.Snapshot, household_id: str, lang: str, height: int,
            sharing: Sharing, min_font_px: int = SCREEN_MIN_LABEL_PX,
            projector: bool = False) -> None:
    """The map on the screen: with every name for staff, pseudonymised and consent-aware for
    a viewer; labels at least ``min_font_px``; for a projector with the legend below."""
    st.iframe(resources.ecomap(snap.uri, snap.version, snap.as_of, household_id, lang,
                               sharing.viewer, height,
                               sharing.disclose if sharing.viewer else None, min_font_px,
                               projector=projector),
              height=height + (420 if projector else 90))
    st.caption(t("ui.case.ecomap_help", lang))


def _situation_and_risk(view: HouseholdView, lang: str) -> None:
    report = view.report
    h = report.facts.household
    st.markdown(" ・ ".join([
        f"**{md_escape(h.ward)}**", md_escape(h.status.label(lang)),
        md_escape(tables.stage_label(h.stage, lang)),
        md_escape(report.screening.label(lang))]))
    st.markdown(f"{t('summary.isolation', lang)}: **{report.isolation.label(lang)}** — "
                f"{report.isolation.explanation(lang)}")

    st.markdown(f"#### {t('summary.risk', lang)}")
    score, level = st.columns(2)
    score.metric(t("summary.risk_score", lang), report.risk.score)
    level.metric(t("summary.risk_level", lang), t(report.risk.level_label_key, lang))
    if report.risk.factors:
        st.table(md_frame(tables.risk_factors(report, lang)), hide_index=True, border="horizontal")


def _gaps_strategy_lead(view: HouseholdView, names: Names, lang: str) -> None:
    report = view.report
    st.markdown(f"#### {t('summary.gaps', lang)}")
    if report.gaps:
        st.table(md_frame(tables.gap_table(report, lang)), hide_index=True, border="horizontal")
    else:
        st.success(t("summary.no_gaps", lang))

    st.markdown(f"#### {t('summary.strategy', lang)}")
    st.markdown(f"**{report.strategy.label(lang)}**")
    st.caption(t("ui.case.branch", lang, why=report.strategy.explanation(lang)))

    st.markdown(f"#### {t('summary.lead', lang)}")
    lead = report.lead
    st.markdown(f"{t('summary.action', lang)}: **{t(lead.action_label_key, lang)}**")
    st.markdown(f"{t('summary.current_lead', lang)}: {md_escape(names.of(lead.current))}  \n"
                f"{t('summary.recommended_lead', lang)}: "
                f"{md_escape(names.of(lead.recommended))}")
    for reason in lead.reasons:
        st.markdown(f"- {md_escape(reason.label(lang))}")
    if lead.action == HANDOVER:
        bridge = names.path(lead.bridge) if lead.bridge else t("lead.no_bridge", lang)
        st.markdown(f"{t('lead.bridge', lang)}: {md_escape(bridge)}")


# --- 親なき後シミュレーション ----------------------------------------------------------------

def what_if_options(view: HouseholdView) -> list[str]:
    """The what-ifs a household's living parents allow, as ``parse_what_if`` reads them."""
    parents = sorted(view.report.facts.parents, key=lambda p: p.person_id)
    options = [f"{code}:{p.person_id}" for p in parents
               for code in (PARENT_HOSPITALISED, PARENT_IN_CARE_FACILITY, PARENT_DIES)]
    return options + ([PARENTS_GONE] if parents else [])


def what_if_events(picked: list[str], years: int) -> tuple[str, ...]:
    """The events to simulate: the years first ("in N years, ..."), then the picks in order.

    >>> what_if_events(["parents_gone"], 5)
    ('years_pass:5', 'parents_gone')
    """
    return ((f"{YEARS_PASS}:{years}",) if years else ()) + tuple(picked)


def _what_if_label(names: Names, lang: str):
    """An option's words: the parent by name (or pseudonym), never by id."""
    def label(option: str) -> str:
        code, _, pid = option.partition(":")
        if code == PARENTS_GONE:
            return t("ui.sim.all_parents_gone", lang)
        return t(f"sim.event.{code}", lang, person=names.of(pid))

    return label


def _after_parents(snap: resources.Snapshot, view: HouseholdView, names: Names, hid: str,
                   lang: str) -> None:
    st.caption(t("ui.sim.help", lang))
    options = what_if_options(view)
    state.keep_choice(state.SIM_EVENTS, options)
    max_years = resources.rules().after_parents.max_years
    pick, years = st.columns([4, 1], vertical_alignment="bottom")
    pick.multiselect(t("ui.sim.events", lang), options, key=state.SIM_EVENTS,
                     format_func=_what_if_label(names, lang),
                     placeholder=t("ui.sim.events_placeholder", lang),
                     persist_state="session")
    years.number_input(t("ui.sim.years", lang), min_value=0, max_value=max_years, step=1,
                       key=state.SIM_YEARS, persist_state="session")
    if not options:
        st.info(t("ui.sim.no_parents", lang))
    events = what_if_events(st.session_state[state.SIM_EVENTS],
                            int(st.session_state[state.SIM_YEARS] or 0))
    if not events:
        st.info(t("ui.sim.pick_events", lang))
        return
    try:
        result = resources.simulation(snap.uri, snap.version, snap.as_of, hid, events)
    except SimulationError as error:
        st.warning(t("ui.sim.cannot", lang) + t("ui.error.detail", lang, detail=str(error)))
        return
    st.markdown(f"**{t('sim.scenario', lang)}**: " + " → ".join(
        md_escape(f"{e.label(lang, names.of)}（{e.day.isoformat()}）") for e in result.events))
    _sim_figures(result, lang)

    before_col, after_col = st.columns(2, gap="small")
    with before_col:
        st.markdown(f"#### {t('ui.sim.map_now', lang, day=result.as_of.isoformat())}")
        st.iframe(resources.without_legend(resources.ecomap(
            snap.uri, snap.version, snap.as_of, hid, lang, False, SIM_MAP_HEIGHT,
            min_font_px=SCREEN_MIN_LABEL_PX)), height=SIM_MAP_HEIGHT + 60)
    with after_col:
        st.markdown(f"#### {t('ui.sim.map_after', lang, day=result.as_of_after.isoformat())}")
        st.iframe(resources.without_legend(resources.simulation_ecomap(
            snap.uri, snap.version, snap.as_of, hid, events, lang, SIM_MAP_HEIGHT,
            SCREEN_MIN_LABEL_PX)), height=SIM_MAP_HEIGHT + 60)
    st.caption(t("ui.sim.map_help", lang))

    changes, checklist = st.columns([6, 5], gap="medium")
    with changes:
        st.markdown(f"#### {t('ui.sim.changes', lang)}")
        st.table(md_frame(tables.sim_overview(result, names, lang)), hide_index=True,
                 border="horizontal")
        st.markdown(f"##### {t('sim.lost_supports', lang)}（{len(result.lost_supports)}）")
        if result.lost_supports:
            st.table(md_frame(tables.sim_lost(result, names, lang)), hide_index=True,
                     border="horizontal")
        else:
            st.success(t("ui.sim.none_lost", lang))
        if result.gaps_opened or result.gaps_closed:
            st.markdown(f"##### {t('ui.sim.gap_changes', lang)}")
            st.table(md_frame(tables.sim_gaps(result, lang)), hide_index=True, border="horizontal")
        if result.risk_changes:
            st.markdown(f"##### {t('sim.risk_changes', lang)}")
            st.table(md_frame(tables.sim_risk(result, lang)), hide_index=True, border="horizontal")
    with checklist:
        readiness = result.readiness
        st.markdown(f"#### {t('readiness.title', lang)}")
        st.caption(t("readiness.count", lang, covered=len(readiness.covered),
                     total=len(readiness.items)) + " ・ " + t("ui.sim.readiness_help", lang))
        st.table(md_frame(tables.readiness_table(readiness, names, lang)), hide_index=True,
                 border="horizontal")


def _sim_figures(result: SimulationResult, lang: str) -> None:
    b, a = result.before, result.after
    iso, risk, supports, ready = st.columns(4)
    iso.metric(t("summary.isolation", lang), a.isolation.label(lang),
               delta=None if a.isolation.level == b.isolation.level
               else t("ui.sim.from", lang, before=b.isolation.label(lang)),
               delta_color="off")
    risk.metric(t("summary.risk_score", lang), a.risk.score,
                delta=a.risk.score - b.risk.score or None, delta_color="inverse")
    supports.metric(t("sim.supports", lang), len(a.facts.supports),
                    delta=len(a.facts.supports) - len(b.facts.supports) or None)
    readiness = result.readiness
    ready.metric(t("readiness.title", lang), f"{len(readiness.covered)} / "
                 f"{len(readiness.items)}")
