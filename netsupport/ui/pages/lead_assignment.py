"""主担当の割当: who leads each household, and the edits staff make to a network.

The worklist holds the households the analysis flags: no lead, a stale lead, or a handover
or an assignment recommended. For the selected household: the recommendation with its
reasons, the handover path and the next candidates; the agencies' caseloads against their
capacity; and four forms: assign or hand over the lead, record a contact, add a tie, end a
tie.

Every form is checked by :mod:`netsupport.edits` and written by ``Store.apply`` with
``expected_version`` = the data version the form was drawn from: the submit callback gets
that version as an argument bound when the page was drawn, so an edit made on data someone
else has changed since is refused (``ConflictError``) instead of overwriting their change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from ... import edits
from ...analysis.lead import ASSIGN, HANDOVER
from ...errors import NetsupportError
from ...i18n import t
from ...model import EventType, Role, Strength, Tie, TieKey, TieKind, bool_label
from ...queries import HouseholdView
from .. import resources, state, tables
from ..naming import Names
from ..widgets import (
    empty_store,
    error_text,
    household_label,
    md_escape,
    page_heading,
    show_notices,
)
from .case_conference import names_for

__all__ = ["title", "render", "needs_attention", "EDIT_TIE_KINDS", "EVENT_TYPES"]

#: What staff record over a tie, and which kinds of tie they add from this page.
EVENT_TYPES = (EventType.CONTACT, EventType.VISIT, EventType.CONFERENCE, EventType.CRISIS,
               EventType.NOTE)
EDIT_TIE_KINDS = (TieKind.SUPPORT, TieKind.INFORMAL)
_CONSENT = ("unknown", "yes", "no")
#: What a form was drawn from: (store uri, data version, as_of, household_id, lang).
Context = tuple[str, int, date, str, str]


def title(lang: str) -> str:
    return t("ui.page.lead_assignment", lang)


def needs_attention(view: HouseholdView) -> bool:
    """Whether the lead of a household needs a decision: the analysis recommends assigning
    or handing over, or the no_lead or stale_lead gap is open."""
    report = view.report
    return (report.lead.action in (ASSIGN, HANDOVER)
            or any(g.code in ("no_lead", "stale_lead") for g in report.gaps))


def render() -> None:
    lang = state.lang()
    snap = resources.current()
    page_heading(title(lang), snap, lang)
    show_notices()
    if empty_store(snap, lang):
        return
    views = resources.household_views(snap.uri, snap.version, snap.as_of)
    index = resources.agency_index(snap.uri, snap.version, snap.as_of)
    worklist = sorted((v for v in views.values() if needs_attention(v)),
                      key=lambda v: (-v.report.risk.score, v.report.household_id))

    st.subheader(t("ui.lead.worklist", lang, n=len(worklist)))
    st.caption(t("ui.lead.worklist_help", lang))
    st.dataframe(tables.lead_worklist(worklist, index.agencies, lang), hide_index=True,
                 height=min(36 * len(worklist) + 40, 320))

    flagged = [v.report.household_id for v in worklist]
    ids = flagged + sorted(set(views) - set(flagged))
    state.keep_choice(state.HOUSEHOLD, ids, fallback=flagged[0] if flagged else None)
    hid = st.selectbox(
        t("ui.pick_household", lang), ids, key=state.HOUSEHOLD, persist_state="session",
        format_func=household_label({h: v.report.facts.household.ward for h, v in views.items()}))
    view = views[hid]
    names = names_for(view, index.agencies, lang)

    left, right = st.columns([1, 1], gap="medium")
    with left:
        _recommendation(view, names, lang)
    with right:
        st.markdown(f"#### {t('ui.lead.caseloads', lang)}")
        st.dataframe(tables.caseloads(index, lang), hide_index=True, height=320)

    st.subheader(t("ui.lead.edit", lang))
    st.caption(t("ui.lead.edit_help", lang, version=snap.version))
    tabs = st.tabs([t("ui.edit.assign", lang), t("ui.edit.contact", lang),
                    t("ui.edit.add_tie", lang), t("ui.edit.end_tie", lang)])
    context = (snap.uri, snap.version, snap.as_of, hid, lang)
    with tabs[0]:
        _assign_form(view, names, index.agencies, context)
    with tabs[1]:
        _contact_form(view, names, context)
    with tabs[2]:
        _add_tie_form(view, names, index.agencies, context)
    with tabs[3]:
        _end_tie_form(view, names, context)


def _recommendation(view: HouseholdView, names: Names, lang: str) -> None:
    lead = view.report.lead
    st.markdown(f"#### {t('ui.lead.recommendation', lang)}")
    st.markdown(f"{t('summary.action', lang)}: **{t(lead.action_label_key, lang)}**  \n"
                f"{t('summary.current_lead', lang)}: {md_escape(names.of(lead.current))}  \n"
                f"{t('summary.recommended_lead', lang)}: "
                f"{md_escape(names.of(lead.recommended))}")
    if lead.reasons:
        st.markdown(f"{t('summary.reasons', lang)}:")
        for reason in lead.reasons:
            st.markdown(f"- {reason.label(lang)}")
    if lead.action == HANDOVER:
        if lead.bridge:
            st.markdown(f"{t('lead.bridge', lang)}: {md_escape(names.path(lead.bridge))}")
            st.caption(t("ui.lead.bridge_help", lang))
        else:
            st.warning(t("lead.no_bridge", lang))
    if lead.eligible:
        st.markdown(t("ui.lead.candidates", lang))
        st.table(tables.candidates(view.report, names, lang), hide_index=True,
                 border="horizontal")
    st.button(t("ui.lead.open_case", lang), key=state.LEAD_OPEN_CASE,
              on_click=state.open_page, args=(state.CASE_CONFERENCE, view.report.household_id))


# --- the four forms ------------------------------------------------------------------------
# Each submit button's callback gets the Context bound when the form was drawn; it reads the
# form's fields from the session, makes the change set, writes it with
# expected_version=version, and leaves a success or error notice for the next run.


def _fields(context: Context) -> Callable[[str], object]:
    _, version, _, hid, _ = context
    return lambda field: st.session_state.get(state.form_key(field, hid, version))


def _write(context: Context, make: Callable[[HouseholdView, dict], object],
           done_key: str, **words: str) -> None:
    """Make a change set against the network as drawn, write it, and leave a notice."""
    uri, version, as_of, hid, lang = context
    try:
        view = resources.household_view(uri, version, as_of, hid)
        agencies = resources.agency_index(uri, version, as_of).agencies
        changes = make(view, dict(agencies))
        resources.store(uri).apply(changes)
    except NetsupportError as error:
        state.notify("error", error_text(error, lang))
        return
    state.notify("success", t(done_key, lang, household=hid, **words))


def _agency_label(agencies, lang: str) -> Callable[[str], str]:
    def label(aid: str) -> str:
        a = agencies[aid]
        kind = tables.needs_words([a.kind], lang)
        return f"{a.name}（{kind}・{a.ward or t('ui.citywide', lang)}）"
    return label


def _assign_form(view: HouseholdView, names: Names, agencies, context: Context) -> None:
    uri, version, as_of, hid, lang = context
    lead = view.report.lead
    ranked = [c.agency_id for c in lead.eligible]
    options = ranked + sorted(set(agencies) - set(ranked),
                              key=lambda a: (agencies[a].kind.value, agencies[a].name, a))
    label = _agency_label(agencies, lang)
    with st.form(state.form_key(state.FORM_ASSIGN, hid, version), border=True):
        st.selectbox(t("ui.edit.new_lead", lang), options,
                     key=state.form_key(state.LEAD_AGENCY, hid, version),
                     format_func=lambda a: (t("ui.edit.recommended_mark", lang) + label(a)
                                            if a == lead.recommended else label(a)))
        st.date_input(t("ui.edit.from", lang), value=as_of,
                      key=state.form_key(state.LEAD_ON, hid, version))
        st.checkbox(t("ui.edit.keep_previous", lang), value=True,
                    key=state.form_key(state.LEAD_KEEP_TEAM, hid, version))
        st.text_input(t("ui.col.note", lang), key=state.form_key(state.LEAD_NOTE, hid, version))
        st.form_submit_button(t("ui.edit.assign_submit", lang), type="primary",
                              on_click=_submit_assign, args=(context,))


def _submit_assign(context: Context) -> None:
    field = _fields(context)
    agency_id = field(state.LEAD_AGENCY)

    def make(view: HouseholdView, agencies: dict) -> object:
        return edits.assign_lead(
            view.network, context[3], agency_id, field(state.LEAD_ON) or context[2],
            agencies=agencies, keep_previous_in_team=bool(field(state.LEAD_KEEP_TEAM)),
            note=field(state.LEAD_NOTE) or None, expected_version=context[1])

    index = resources.agency_index(context[0], context[1], context[2])
    name = index.agencies[agency_id].name if agency_id in index.agencies else str(agency_id)
    _write(context, make, "ui.edit.assigned", agency=name)


def _active_ties(view: HouseholdView) -> list[TieKey]:
    """The household's active ties to outside (the analysis' reading), lead first."""
    facts = view.report.facts
    current = facts.current_lead_tie.tie.key if facts.current_lead_tie else None
    keys = [o.tie.key for o in facts.ties if o.active and o.tie.kind in EDIT_TIE_KINDS]
    return sorted(dict.fromkeys(keys), key=lambda k: (k != current,))


def _tie_label(view: HouseholdView, names: Names, lang: str) -> Callable[[TieKey], str]:
    ties = {o.tie.key: o for o in view.report.facts.ties}

    def label(key: TieKey) -> str:
        o = ties[key]
        last = o.tie.last_contact.isoformat() if o.tie.last_contact else t("summary.none", lang)
        role = f"・{o.tie.role.label(lang)}" if o.tie.role is not Role.NONE else ""
        return (f"{names.of(o.other_id)} → {names.of(o.inner_id)}（{o.tie.kind.label(lang)}"
                f"{role}・{t('ui.edit.last_contact', lang)} {last}）")
    return label


def _contact_form(view: HouseholdView, names: Names, context: Context) -> None:
    uri, version, as_of, hid, lang = context
    keys = _active_ties(view)
    if not keys:
        st.info(t("ui.edit.no_active_ties", lang))
        return
    with st.form(state.form_key(state.FORM_CONTACT, hid, version), border=True):
        st.selectbox(t("ui.edit.tie", lang), keys,
                     key=state.form_key(state.CONTACT_TIE, hid, version),
                     format_func=_tie_label(view, names, lang))
        st.date_input(t("ui.col.date", lang), value=as_of,
                      key=state.form_key(state.CONTACT_ON, hid, version))
        st.selectbox(t("ui.col.event", lang), [e.value for e in EVENT_TYPES],
                     key=state.form_key(state.CONTACT_TYPE, hid, version),
                     format_func=lambda c: EventType(c).label(lang))
        st.text_area(t("ui.col.note", lang), key=state.form_key(state.CONTACT_NOTE, hid, version),
                     height=80)
        st.form_submit_button(t("ui.edit.contact_submit", lang), type="primary",
                              on_click=_submit_contact, args=(context,))


def _submit_contact(context: Context) -> None:
    field = _fields(context)

    def make(view: HouseholdView, agencies: dict) -> object:
        return edits.record_contact(
            view.network, field(state.CONTACT_TIE), field(state.CONTACT_ON) or context[2],
            event_type=EventType(field(state.CONTACT_TYPE) or EventType.CONTACT.value),
            note=field(state.CONTACT_NOTE) or None, household_id=context[3],
            expected_version=context[1])

    _write(context, make, "ui.edit.contact_recorded")


def _add_tie_form(view: HouseholdView, names: Names, agencies, context: Context) -> None:
    uri, version, as_of, hid, lang = context
    targets = [hid] + [p.person_id for p in view.report.facts.members]
    sources = sorted(agencies, key=lambda a: (agencies[a].kind.value, agencies[a].name, a))
    label = _agency_label(agencies, lang)
    with st.form(state.form_key(state.FORM_ADD_TIE, hid, version), border=True):
        st.selectbox(t("ui.edit.source", lang), sources,
                     key=state.form_key(state.TIE_SOURCE, hid, version), format_func=label)
        st.selectbox(t("ui.edit.target", lang), targets,
                     key=state.form_key(state.TIE_TARGET, hid, version),
                     format_func=lambda i: (t("summary.household", lang) + " " + i if i == hid
                                            else f"{names.kind(i)}（{names.of(i)}）"))
        cols = st.columns(3)
        cols[0].selectbox(t("ui.edit.kind", lang), [k.value for k in EDIT_TIE_KINDS],
                          key=state.form_key(state.TIE_KIND, hid, version),
                          format_func=lambda c: TieKind(c).label(lang))
        cols[1].selectbox(t("ui.edit.strength", lang), [s.value for s in Strength], index=1,
                          key=state.form_key(state.TIE_STRENGTH, hid, version),
                          format_func=lambda c: Strength(c).label(lang))
        cols[2].selectbox(t("ui.col.role", lang), [r.value for r in Role],
                          index=list(Role).index(Role.TEAM),
                          key=state.form_key(state.TIE_ROLE, hid, version),
                          format_func=lambda c: Role(c).label(lang))
        cols = st.columns(2)
        cols[0].date_input(t("ui.edit.from", lang), value=as_of,
                           key=state.form_key(state.TIE_SINCE, hid, version))
        cols[1].selectbox(t("ui.edit.consent", lang), _CONSENT,
                          key=state.form_key(state.TIE_CONSENT, hid, version),
                          format_func=lambda c: bool_label(
                              None if c == "unknown" else c == "yes", lang))
        st.form_submit_button(t("ui.edit.add_tie_submit", lang), type="primary",
                              on_click=_submit_add_tie, args=(context,))


def _submit_add_tie(context: Context) -> None:
    field = _fields(context)
    consent = field(state.TIE_CONSENT)
    tie = Tie(str(field(state.TIE_SOURCE)), str(field(state.TIE_TARGET)),
              TieKind(field(state.TIE_KIND) or TieKind.SUPPORT.value),
              strength=Strength(field(state.TIE_STRENGTH) or Strength.NORMAL.value),
              role=Role(field(state.TIE_ROLE) or Role.NONE.value),
              since=field(state.TIE_SINCE) or context[2],
              consent=None if consent in (None, "unknown") else consent == "yes")

    def make(view: HouseholdView, agencies: dict) -> object:
        return edits.add_tie(view.network, tie, agencies=agencies,
                             expected_version=context[1])

    _write(context, make, "ui.edit.tie_added")


def _end_tie_form(view: HouseholdView, names: Names, context: Context) -> None:
    uri, version, as_of, hid, lang = context
    keys = _active_ties(view)
    if not keys:
        st.info(t("ui.edit.no_active_ties", lang))
        return
    with st.form(state.form_key(state.FORM_END_TIE, hid, version), border=True):
        st.selectbox(t("ui.edit.tie", lang), keys,
                     key=state.form_key(state.END_TIE, hid, version),
                     format_func=_tie_label(view, names, lang))
        st.date_input(t("ui.edit.until", lang), value=as_of,
                      key=state.form_key(state.END_ON, hid, version))
        st.form_submit_button(t("ui.edit.end_tie_submit", lang), type="primary",
                              on_click=_submit_end_tie, args=(context,))


def _submit_end_tie(context: Context) -> None:
    field = _fields(context)

    def make(view: HouseholdView, agencies: dict) -> object:
        return edits.end_tie(view.network, field(state.END_TIE), field(state.END_ON) or context[2],
                             expected_version=context[1])

    _write(context, make, "ui.edit.tie_ended")
