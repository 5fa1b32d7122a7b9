"""ケース会議: one household, as the agencies around it look at it together.

The ecomap with the findings under it, or beside it at the flip of a toggle (a smaller
map): risk and its factors, gaps, strategy and why, the lead decision with reasons and the
handover path, the proposed mini support team and backups. Then the members and the support
history, and the printable sheet in two variants: with names for the agencies at the table,
pseudonymised for sharing beyond them.

The map is drawn across the page by default: beside the findings on a 1920-pixel screen
with the sidebar open, the ecomap's labels are too small to read.
"""

from __future__ import annotations

import streamlit as st

from ...analysis.lead import HANDOVER
from ...i18n import t
from ...model import EventType
from ...queries import HouseholdView
from .. import resources, state, tables
from ..naming import Names
from ..sheet import case_conference_sheet
from ..widgets import empty_store, household_label, md_escape, page_heading, show_notices

__all__ = ["title", "render", "names_for"]

MAP_HEIGHT = 640
WIDE_MAP_HEIGHT = 760
SHEET_MAP_HEIGHT = 580  # fills the sheet's 176 mm frame with the map's heading


def title(lang: str) -> str:
    """The page's title: ケース会議 (the label of the conference event, in model.LABELS)."""
    return EventType.CONFERENCE.label(lang)


def names_for(view: HouseholdView, agencies, lang: str, *, pseudonymise: bool = False) -> Names:
    """Names for one household's page or sheet, every agency its report mentions included."""
    report = view.report
    mentioned = [*report.team.member_ids, *report.team.backup, *report.lead.bridge,
                 *(a for a in (report.team.lead, report.lead.current, report.lead.recommended)
                   if a)]
    return Names(view.network, agencies, lang, pseudonymise=pseudonymise, also=mentioned)


def render() -> None:
    lang = state.lang()
    snap = resources.current()
    page_heading(title(lang), snap, lang)
    show_notices()
    if empty_store(snap, lang):
        return
    rows = resources.city_scan(snap.uri, snap.version, snap.as_of)
    by_id = {r.household_id: r for r in rows}
    ids = sorted(by_id)
    state.keep_choice(state.HOUSEHOLD, ids, fallback=rows[0].household_id)
    hid = st.selectbox(
        t("ui.pick_household", lang), ids, key=state.HOUSEHOLD, persist_state="session",
        format_func=household_label({h: r.ward for h, r in by_id.items()}))
    view = resources.household_view(snap.uri, snap.version, snap.as_of, hid)
    index = resources.agency_index(snap.uri, snap.version, snap.as_of)
    names = names_for(view, index.agencies, lang)

    beside = st.toggle(t("ui.case.beside", lang), key=state.CASE_BESIDE,
                       persist_state="session")
    if beside:
        left, right = st.columns([5, 3], gap="medium")
        with left:
            _ecomap(snap, hid, lang, MAP_HEIGHT)
        columns = [right] * 3
    else:
        _ecomap(snap, hid, lang, WIDE_MAP_HEIGHT)
        columns = st.columns(3, gap="medium")
    with columns[0]:
        _situation_and_risk(view, lang)
    with columns[1]:
        _gaps_strategy_lead(view, names, lang)
    with columns[2]:
        st.markdown(f"#### {t('summary.team', lang)}")
        st.table(tables.team_table(view.report, names, lang), hide_index=True,
                 border="horizontal")

    st.subheader(t("ui.case.members", lang))
    st.dataframe(tables.members(view.network, hid, snap.as_of, names, lang), hide_index=True)
    st.subheader(t("ui.case.history", lang))
    history = tables.timeline(view.network, hid, names, lang)
    if history.empty:
        st.info(t("ui.case.no_history", lang))
    else:
        st.dataframe(history, hide_index=True)

    st.subheader(t("ui.case.sheet", lang))
    st.caption(t("ui.case.sheet_help", lang))
    named, hidden = st.columns(2)
    for column, pseudonymise, label_key, suffix in (
            (named, False, "ui.case.sheet_named", ""),
            (hidden, True, "ui.case.sheet_pseudonymised", "_pseudonymised")):
        page = case_conference_sheet(
            view, names_for(view, index.agencies, lang, pseudonymise=pseudonymise),
            resources.ecomap(snap.uri, snap.version, snap.as_of, hid, lang, pseudonymise,
                             SHEET_MAP_HEIGHT),
            lang=lang)
        file_id = "case" if pseudonymise else hid
        column.download_button(
            t(label_key, lang), page.encode("utf-8"),
            file_name=f"case_conference_{file_id}_{snap.as_of.isoformat()}{suffix}.html",
            mime="text/html", key=state.CASE_SHEET + suffix, width="stretch")


def _ecomap(snap: resources.Snapshot, household_id: str, lang: str, height: int) -> None:
    st.iframe(resources.ecomap(snap.uri, snap.version, snap.as_of, household_id, lang, False,
                               height), height=height + 90)
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
        st.table(tables.risk_factors(report, lang), hide_index=True, border="horizontal")


def _gaps_strategy_lead(view: HouseholdView, names: Names, lang: str) -> None:
    report = view.report
    st.markdown(f"#### {t('summary.gaps', lang)}")
    if report.gaps:
        st.table(tables.gap_table(report, lang), hide_index=True, border="horizontal")
    else:
        st.success(t("summary.no_gaps", lang))

    st.markdown(f"#### {t('summary.strategy', lang)}")
    st.markdown(f"**{report.strategy.label(lang)}**")
    st.caption(t("ui.case.branch", lang, n=report.strategy.branch,
                 why=report.strategy.explanation(lang)))

    st.markdown(f"#### {t('summary.lead', lang)}")
    lead = report.lead
    st.markdown(f"{t('summary.action', lang)}: **{t(lead.action_label_key, lang)}**")
    st.markdown(f"{t('summary.current_lead', lang)}: {md_escape(names.of(lead.current))}  \n"
                f"{t('summary.recommended_lead', lang)}: "
                f"{md_escape(names.of(lead.recommended))}")
    for reason in lead.reasons:
        st.markdown(f"- {reason.label(lang)}")
    if lead.action == HANDOVER:
        bridge = names.path(lead.bridge) if lead.bridge else t("lead.no_bridge", lang)
        st.markdown(f"{t('lead.bridge', lang)}: {md_escape(bridge)}")
