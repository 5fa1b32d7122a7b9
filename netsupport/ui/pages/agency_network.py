"""関係機関ネットワーク: which agencies work with which, and where the network is thin.

The agency map (brokers drawn larger, agencies that are some household's only support
marked ⚠), filterable by ward and kind, with the handover path of the selected household
highlighted on request; then the tables of the agency report: brokers, sole supports,
agencies over capacity and wards lacking a needed kind of agency.

The agencies are the city's; the households the tables list are only those in the user's
scope (staff: their wards).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from ... import access
from ...access import User
from ...analysis import AgencyIndex, AgencyReport
from ...analysis.lead import HANDOVER
from ...errors import NotFoundError
from ...i18n import t
from ...model import WARDS, AgencyKind
from ...viz import tables
from .. import auth, resources, state
from ..safe import md_t
from ..widgets import empty_store, page_heading, show_notices
from . import title

__all__ = ["render"]

MAP_HEIGHT = 640


def render() -> None:
    lang = state.lang()
    snap = resources.current()
    page_heading(title(state.AGENCY_NETWORK, lang), snap, lang)
    show_notices()
    if empty_store(snap, lang):
        return
    index = resources.agency_index(snap.uri, snap.version, snap.as_of)

    wards = [""] + tables.ward_order({*WARDS, *(a.ward for a in index.agencies.values()
                                               if a.ward)})
    kinds = [k.value for k in AgencyKind]
    state.keep_choice(state.AGENCY_WARD, wards, fallback="")
    state.keep_choice(state.AGENCY_KINDS, kinds)
    cols = st.columns([1, 3])
    ward = cols[0].selectbox(t("summary.ward", lang), wards, key=state.AGENCY_WARD,
                             persist_state="session",
                             format_func=lambda w: w or t("ui.citywide", lang))
    chosen = cols[1].multiselect(t("ui.col.kind", lang), kinds, key=state.AGENCY_KINDS,
                                 persist_state="session", placeholder=t("ui.all", lang),
                                 format_func=lambda k: AgencyKind(k).label(lang))
    bridge = _selected_bridge(snap)
    highlight = bool(bridge) and st.checkbox(
        md_t("ui.agency.highlight_bridge", lang, household=st.session_state[state.HOUSEHOLD]),
        key=state.AGENCY_HIGHLIGHT)

    report = _in_scope(_only_kinds(resources.city_agencies(snap.uri, snap.version, snap.as_of,
                                                           ward or None), index, set(chosen)),
                       auth.user(), resources.household_wards(snap.uri, snap.version, snap.as_of))
    scope = access.scope_wards(auth.user())  # staff: every count over their wards only
    scope = tuple(sorted(scope)) if scope is not None else None
    shown, unlinked = resources.agency_subgraph(
        index, ward or None, tuple(sorted(chosen)),
        resources.scoped_households(snap.uri, snap.version, snap.as_of, scope))
    figures = [("ui.agency.agencies", shown.number_of_nodes()),
               ("ui.agency.links", shown.number_of_edges()),
               ("ui.agency.sole", len(report.sole_support)),
               ("ui.agency.over", len(report.over_capacity)),
               ("ui.agency.shortages", len(report.ward_shortages))]
    for column, (key, value) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(t(key, lang), value)

    st.iframe(resources.agency_map(snap.uri, snap.version, snap.as_of, ward or None,
                                   tuple(sorted(chosen)), lang, bridge if highlight else (),
                                   MAP_HEIGHT, scope), height=MAP_HEIGHT + 90)
    st.caption(t("ui.agency.map_help", lang))
    if unlinked:
        st.caption(md_t("ui.agency.unlinked", lang, n=len(unlinked),
                        names="、".join(index.agencies[a].name for a in unlinked)))

    stale_days = resources.rules().lead.stale_days
    for key, frame in (
            ("agency_report.brokers", tables.brokers(report, index, lang)),
            ("agency_report.sole_support", tables.sole_supports(report, index, lang)),
            ("agency_report.over_capacity", tables.over_capacity(report, index, lang)),
            ("agency_report.ward_shortages", tables.ward_shortages(report, lang, stale_days))):
        st.subheader(t(key, lang))
        if frame.empty:
            st.info(t("summary.none", lang))
        else:
            st.dataframe(frame, hide_index=True)


def _selected_bridge(snap: resources.Snapshot) -> tuple[str, ...]:
    """The handover path of the household selected elsewhere, when one is recommended."""
    hid = st.session_state.get(state.HOUSEHOLD)
    if not hid:
        return ()
    try:
        lead = resources.household_view(snap.uri, snap.version, snap.as_of, hid).report.lead
    except NotFoundError:
        return ()
    return tuple(lead.bridge) if lead.action == HANDOVER else ()


def _in_scope(report: AgencyReport, user: User, wards: dict[str, str]) -> AgencyReport:
    """The report with only the households in the user's scope named (rows left with none
    are dropped): staff see the households of their own wards."""
    if access.scope_wards(user) is None:
        return report

    def mine(households: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(h for h in households if access.in_scope(user, wards.get(h)))

    return replace(
        report,
        sole_support=tuple(replace(s, households=mine(s.households))
                           for s in report.sole_support if mine(s.households)),
        ward_shortages=tuple(replace(w, households=mine(w.households))
                             for w in report.ward_shortages if mine(w.households)))


def _only_kinds(report: AgencyReport, index: AgencyIndex, kinds: set[str]) -> AgencyReport:
    """The report's rows about agencies (and shortages) of the chosen kinds only."""
    if not kinds:
        return report

    def keep(aid: str) -> bool:
        agency = index.agencies.get(aid)
        return agency is not None and agency.kind.value in kinds

    return replace(
        report,
        brokers=tuple(b for b in report.brokers if keep(b.agency_id)),
        sole_support=tuple(s for s in report.sole_support if keep(s.agency_id)),
        over_capacity=tuple(o for o in report.over_capacity if keep(o.agency_id)),
        ward_shortages=tuple(w for w in report.ward_shortages if w.kind.value in kinds))
