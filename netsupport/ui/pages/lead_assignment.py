"""主担当の割当: who leads each household, and the edits staff make to a network.

The worklist holds the households the analysis flags: no lead, a stale lead, or a handover
or an assignment recommended; only households in the user's scope
(:func:`netsupport.access.in_scope`: staff see their own wards), one page at a time, the
whole list a download away (CSV, Excel; audited). A row of the page selects its household;
the picker offers the page's households, the one selected elsewhere, or what the search
box finds among every household in scope, flagged or not. For the selected household:
the recommendation with its reasons, the handover path and the next candidates; the
agencies' caseloads against their capacity; and the forms the user may use there
(:func:`netsupport.access.can`): assign or hand over the lead (``ASSIGN_LEAD``: staff and
supervisors), record a contact, add a tie, end a tie (``EDIT``: staff only).

Every form is checked by :mod:`netsupport.edits` and written by ``Store.apply`` with
``expected_version`` = the data version the form was drawn from: the submit callback gets
that version as an argument bound when the page was drawn, so an edit made on data someone
else has changed since is refused (``ConflictError``) instead of overwriting their change.
The callback reads the account again and checks the permission again before it writes (a
role or ward may have changed since the form was drawn); a refusal is logged (``DENIED``),
and each saved edit carries its audit entry (``actor``), written in the edit's transaction.

No input is lost: the callback keeps the submitted values as a draft
(:mod:`netsupport.ui.drafts`) before it writes and drops it only when the write succeeded.
A refused or failed save (the store down, a conflict) leaves the draft: the form is drawn
from it again, with why the save failed and a button to discard it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from itertools import islice
from typing import Any

import streamlit as st

from ... import access, edits
from ...access import Action
from ...analysis.household import LeadStanding
from ...analysis.lead import HANDOVER
from ...audit import AuditAction
from ...errors import NetsupportError
from ...i18n import t
from ...model import EventType, Role, Strength, Tie, TieKey, TieKind, bool_label
from ...queries import HouseholdView
from ...rules import Rules
from ...storage import ChangeSet
from ...viz import tables
from ...viz.naming import Names
from .. import auth, drafts, incidents, resources, state
from ..safe import md_escape, md_frame, md_t
from ..widgets import (
    PAGE_ROWS,
    PICK_CAP,
    counts_table,
    empty_store,
    error_text,
    household_label,
    household_search,
    page_heading,
    page_of,
    picker_options,
    show_notices,
    table_downloads,
)
from . import title
from .case_conference import names_for

__all__ = ["render", "needs_attention", "EDIT_TIE_KINDS", "EVENT_TYPES", "EditForm", "FORMS"]

#: What staff record over a tie, and which kinds of tie they add from this page.
EVENT_TYPES = (EventType.CONTACT, EventType.VISIT, EventType.CONFERENCE, EventType.CRISIS,
               EventType.NOTE)
EDIT_TIE_KINDS = (TieKind.SUPPORT, TieKind.INFORMAL)
_CONSENT = ("unknown", "yes", "no")
#: What a form was drawn from: (store uri, data version, as_of, household_id, lang).
Context = tuple[str, int, date, str, str]


@dataclass(frozen=True, slots=True)
class EditForm:
    """One edit form, declared once (:data:`FORMS`).

    ``key``: the form's name (its widgets' keys, its drafts); ``action``: what the user must
    be allowed on the household's ward to use it; ``fields``: its fields (``state.form_key``
    names them) in the order drawn, what a draft keeps; ``label`` and ``done``: the keys of
    its tab and of the notice once saved; ``draw`` draws it, ``changes`` turns its submitted
    values into the change set to write.
    """

    key: str
    action: Action
    fields: tuple[str, ...]
    label: str
    done: str
    draw: Callable[..., None]
    changes: Callable[..., ChangeSet]


def needs_attention(standing: LeadStanding, rules: Rules) -> bool:
    """Whether the lead of a household needs a decision: the analysis recommends assigning
    or handing over, or the no_lead or stale_lead gap is open; not for a closed case."""
    return standing.needs_decision(rules)


def render() -> None:
    lang = state.lang()
    snap = resources.current()
    page_heading(title(state.LEAD_ASSIGNMENT, lang), snap, lang)
    show_notices()
    if empty_store(snap, lang):
        return
    user = auth.user()
    # the city's kept results: the scan rows give the wards, the reports the leads; only the
    # selected household's own view (its network, for the forms) is read from the store.
    # The households in scope and the worklist are made once per data version and scope.
    scope = access.scope_wards(user)
    scope = tuple(sorted(scope)) if scope is not None else None
    wards = resources.scoped_wards(snap.uri, snap.version, snap.as_of, scope)
    worklist = resources.lead_worklist(snap.uri, snap.version, snap.as_of, scope)
    index = resources.agency_index(snap.uri, snap.version, snap.as_of)

    st.subheader(t("ui.lead.worklist", lang, n=len(worklist)))
    st.caption(t("ui.lead.worklist_help", lang))
    shown = _worklist(snap, worklist, index, lang)
    if not wards:
        st.info(t("ui.edit.none_in_scope", lang))
        return

    # the picker: the worklist's page shown (else, nothing flagged, the highest risk), the
    # household selected elsewhere, or what the search box found among every household in
    # scope (staff record contacts on unflagged households too)
    found = household_search(snap, wards, lang, key=state.LEAD_SEARCH)
    if found is None:
        ids = picker_options(shown or list(islice(wards, PICK_CAP)), state.HOUSEHOLD, wards)
    else:
        ids = picker_options(found, state.HOUSEHOLD, frozenset(found))
    state.keep_choice(state.HOUSEHOLD, ids, fallback=ids[0])
    hid = st.selectbox(
        t("ui.pick_household", lang), ids, key=state.HOUSEHOLD, persist_state="session",
        format_func=household_label(wards), placeholder=t("ui.placeholder", lang),
        help=t("ui.lead.picker_help", lang))
    hid = hid if hid in wards else ids[0]  # keep_choice made it one; never read an empty pick
    view = resources.household_view(snap.uri, snap.version, snap.as_of, hid)
    auth.note_view(hid, resources.household_stamp(snap.uri, snap.version, snap.as_of, hid))
    names = names_for(view, index.agencies, lang)

    left, right = st.columns([1, 1], gap="medium")
    with left:
        _recommendation(view, names, lang)
    with right:
        st.markdown(f"#### {t('ui.lead.caseloads', lang)}")
        counts_table(tables.caseloads(index, lang), hide_index=True, height=320)

    st.subheader(t("ui.lead.edit", lang))
    st.caption(t("ui.lead.edit_help", lang, version=snap.version))
    _drafts_summary(user, wards, lang)
    forms = [form for form in FORMS if access.can(user, form.action, ward=_ward(view))]
    if not forms:
        st.info(t("ui.edit.not_permitted", lang))
        return
    context = (snap.uri, snap.version, snap.as_of, hid, lang)
    for tab, form in zip(st.tabs([t(f.label, lang) for f in forms]), forms, strict=True):
        with tab:
            draft = drafts.held(form.key, hid)
            if draft is not None:
                _draft_notice(form.key, draft, context)
            form.draw(view, names, index.agencies, context, draft)


def _worklist(snap: resources.Snapshot, worklist: Sequence[LeadStanding], index,
              lang: str) -> list[str]:
    """Draw one page of the worklist (only its rows made into a table: at 80,000 households
    some 36,000 need a decision, and their table cost a second on every click), its rows
    selectable (a row selects that household for the forms), and the whole list as CSV and
    Excel. The ids of the page shown."""
    if not worklist:  # an empty table would show Streamlit's own English "empty"
        st.info(t("ui.lead.worklist_empty", lang))
        return []
    first, last = page_of(state.LEAD_PAGE, len(worklist), lang)
    page = worklist[first:last]
    ids = tuple(s.household_id for s in page)
    # a selection of its own per page: one made on page 1 is not drawn on page 2's rows
    key = f"{state.LEAD_TABLE}.{first // PAGE_ROWS + 1}"
    st.dataframe(tables.lead_worklist(page, index.agencies, lang), hide_index=True,
                 key=key, on_select=partial(_pick_row, key, ids),
                 selection_mode="single-row", height=min(36 * len(page) + 40, 320))
    table_downloads(partial(tables.lead_worklist, worklist, index.agencies, lang),
                    len(worklist), lang, key=state.LEAD_DOWNLOAD,
                    stem=f"netsupport_lead_worklist_{snap.as_of.isoformat()}_v{snap.version}",
                    what="lead_worklist", version=snap.version)
    return list(ids)


def _pick_row(key: str, ids: tuple[str, ...]) -> None:
    """The worklist's row selection (``key``): select that household for the forms below
    (and the search box emptied, so that the picker offers the page the row is on)."""
    selection = st.session_state.get(key)
    rows = selection.selection.rows if selection is not None else []
    if rows and rows[0] < len(ids):
        st.session_state[state.HOUSEHOLD] = ids[rows[0]]
        st.session_state[state.LEAD_SEARCH] = ""


def _ward(view: HouseholdView) -> str:
    return view.report.facts.household.ward


def _drafts_summary(user: access.User, wards: Mapping[str, str], lang: str) -> None:
    """Name every form with a draft held that the user can still use: a draft may wait in a
    tab not shown, or for another household (``wards``: the households in scope, by id)."""
    held = [(_BY_KEY[form], h) for form, h in drafts.all_held()
            if h in wards and access.can(user, _BY_KEY[form].action, ward=wards[h])]
    if held:
        st.info(t("ui.drafts.summary", lang, forms="、".join(
            md_t("ui.drafts.item", lang, form=t(form.label, lang), household=h)
            for form, h in held)))


def _draft_notice(form: str, draft: drafts.Draft, context: Context) -> None:
    """Why the last save of this form failed, that its input is held, and a way to drop it."""
    _, version, _, hid, lang = context
    st.info(t("ui.drafts.kept_failed" if draft.problem else "ui.drafts.kept", lang))
    if draft.problem:
        st.error(draft.problem)
    st.button(t("ui.drafts.discard", lang),
              key=state.form_key(f"{state.DRAFT_DISCARD}.{form}", hid, version),
              on_click=_discard, args=(form, context))


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
            st.markdown(f"- {md_escape(reason.label(lang))}")
    if lead.action == HANDOVER:
        if lead.bridge:
            st.markdown(f"{t('lead.bridge', lang)}: {md_escape(names.path(lead.bridge))}")
            st.caption(t("ui.lead.bridge_help", lang))
        else:
            st.warning(t("lead.no_bridge", lang))
    if lead.eligible:
        st.markdown(t("ui.lead.candidates", lang))
        st.table(md_frame(tables.candidates(view.report, names, lang)), hide_index=True,
                 border="horizontal")
    st.button(t("ui.lead.open_case", lang), key=state.LEAD_OPEN_CASE,
              on_click=state.open_page, args=(state.CASE_CONFERENCE, view.report.household_id))


# --- the four forms ------------------------------------------------------------------------
# Each form is drawn from the draft held for it (else from its defaults). Each submit
# button's callback gets the form and the Context bound when the form was drawn (_submit).


def _index(options: list, chosen: Any, default: int = 0) -> int:
    """Where a draft's choice is among the options (else the form's default choice)."""
    return options.index(chosen) if chosen in options else default


def _agency_label(agencies, lang: str) -> Callable[[str], str]:
    def label(aid: str) -> str:
        a = agencies[aid]
        kind = tables.needs_words([a.kind], lang)
        return f"{a.name}（{kind}・{a.ward or t('ui.citywide', lang)}）"
    return label


def _assign_form(view: HouseholdView, names: Names, agencies, context: Context,
                 draft: drafts.Draft | None) -> None:
    uri, version, as_of, hid, lang = context
    lead = view.report.lead
    ranked = [c.agency_id for c in lead.eligible]
    options = ranked + sorted(set(agencies) - set(ranked),
                              key=lambda a: (agencies[a].kind.value, agencies[a].name, a))
    label = _agency_label(agencies, lang)
    with st.form(state.form_key(state.FORM_ASSIGN, hid, version), border=True):
        st.selectbox(t("ui.edit.new_lead", lang), options,
                     index=_index(options, drafts.value(draft, state.LEAD_AGENCY, None)),
                     key=state.form_key(state.LEAD_AGENCY, hid, version),
                     format_func=lambda a: (t("ui.edit.recommended_mark", lang) + label(a)
                                            if a == lead.recommended else label(a)),
                                            placeholder=t("ui.placeholder", lang))
        st.date_input(t("ui.edit.from", lang), value=drafts.value(draft, state.LEAD_ON, as_of),
                      key=state.form_key(state.LEAD_ON, hid, version))
        st.checkbox(t("ui.edit.keep_previous", lang),
                    value=drafts.value(draft, state.LEAD_KEEP_TEAM, True),
                    key=state.form_key(state.LEAD_KEEP_TEAM, hid, version))
        st.text_input(t("ui.col.note", lang), value=drafts.value(draft, state.LEAD_NOTE, ""),
                      key=state.form_key(state.LEAD_NOTE, hid, version))
        st.form_submit_button(t("ui.edit.assign_submit", lang), type="primary",
                              on_click=_submit, args=(state.FORM_ASSIGN, context))


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
        ends = (f"・{t('ui.edit.ends_today', lang)}"
                if o.tie.until is not None and o.tie.until == view.report.facts.as_of else "")
        return (f"{names.of(o.other_id)} → {names.of(o.inner_id)}（{o.tie.kind.label(lang)}"
                f"{role}・{t('ui.edit.last_contact', lang)} {last}{ends}）")
    return label


def _contact_form(view: HouseholdView, names: Names, agencies, context: Context,
                  draft: drafts.Draft | None) -> None:
    uri, version, as_of, hid, lang = context
    keys = _active_ties(view)
    if not keys:
        st.info(t("ui.edit.no_active_ties", lang))
        return
    types = [e.value for e in EVENT_TYPES]
    with st.form(state.form_key(state.FORM_CONTACT, hid, version), border=True):
        st.selectbox(t("ui.edit.tie", lang), keys,
                     index=_index(keys, drafts.value(draft, state.CONTACT_TIE, None)),
                     key=state.form_key(state.CONTACT_TIE, hid, version),
                     format_func=_tie_label(view, names, lang),
                     placeholder=t("ui.placeholder", lang))
        st.date_input(t("ui.col.date", lang), value=drafts.value(draft, state.CONTACT_ON, as_of),
                      key=state.form_key(state.CONTACT_ON, hid, version))
        st.selectbox(t("ui.col.event", lang), types,
                     index=_index(types, drafts.value(draft, state.CONTACT_TYPE, None)),
                     key=state.form_key(state.CONTACT_TYPE, hid, version),
                     format_func=lambda c: EventType(c).label(lang),
                     placeholder=t("ui.placeholder", lang))
        st.text_area(t("ui.col.note", lang), value=drafts.value(draft, state.CONTACT_NOTE, ""),
                     key=state.form_key(state.CONTACT_NOTE, hid, version), height=80)
        st.form_submit_button(t("ui.edit.contact_submit", lang), type="primary",
                              on_click=_submit, args=(state.FORM_CONTACT, context))


def _add_tie_form(view: HouseholdView, names: Names, agencies, context: Context,
                  draft: drafts.Draft | None) -> None:
    uri, version, as_of, hid, lang = context
    targets = [hid] + [p.person_id for p in view.report.facts.members]
    sources = sorted(agencies, key=lambda a: (agencies[a].kind.value, agencies[a].name, a))
    kinds = [k.value for k in EDIT_TIE_KINDS]
    strengths = [s.value for s in Strength]
    roles = [r.value for r in Role]
    label = _agency_label(agencies, lang)

    def chosen(name: str, options: list, default: int = 0) -> int:
        return _index(options, drafts.value(draft, name, None), default)

    with st.form(state.form_key(state.FORM_ADD_TIE, hid, version), border=True):
        st.selectbox(t("ui.edit.source", lang), sources, index=chosen(state.TIE_SOURCE, sources),
                     key=state.form_key(state.TIE_SOURCE, hid, version), format_func=label,
                     placeholder=t("ui.placeholder", lang))
        st.selectbox(t("ui.edit.target", lang), targets, index=chosen(state.TIE_TARGET, targets),
                     key=state.form_key(state.TIE_TARGET, hid, version),
                     format_func=lambda i: (t("summary.household", lang) + " " + i if i == hid
                                            else f"{names.kind(i)}（{names.of(i)}）"),
                                            placeholder=t("ui.placeholder", lang))
        cols = st.columns(3)
        cols[0].selectbox(t("ui.edit.kind", lang), kinds, index=chosen(state.TIE_KIND, kinds),
                          key=state.form_key(state.TIE_KIND, hid, version),
                          format_func=lambda c: TieKind(c).label(lang),
                          placeholder=t("ui.placeholder", lang))
        cols[1].selectbox(t("ui.edit.strength", lang), strengths,
                          index=chosen(state.TIE_STRENGTH, strengths, 1),
                          key=state.form_key(state.TIE_STRENGTH, hid, version),
                          format_func=lambda c: Strength(c).label(lang),
                          placeholder=t("ui.placeholder", lang))
        cols[2].selectbox(t("ui.col.role", lang), roles,
                          index=chosen(state.TIE_ROLE, roles, roles.index(Role.TEAM.value)),
                          key=state.form_key(state.TIE_ROLE, hid, version),
                          format_func=lambda c: Role(c).label(lang),
                          placeholder=t("ui.placeholder", lang))
        cols = st.columns(2)
        cols[0].date_input(t("ui.edit.from", lang),
                           value=drafts.value(draft, state.TIE_SINCE, as_of),
                           key=state.form_key(state.TIE_SINCE, hid, version))
        cols[1].selectbox(t("ui.edit.consent", lang), _CONSENT,
                          index=chosen(state.TIE_CONSENT, list(_CONSENT)),
                          key=state.form_key(state.TIE_CONSENT, hid, version),
                          format_func=lambda c: bool_label(
                              None if c == "unknown" else c == "yes", lang),
                              placeholder=t("ui.placeholder", lang))
        st.form_submit_button(t("ui.edit.add_tie_submit", lang), type="primary",
                              on_click=_submit, args=(state.FORM_ADD_TIE, context))


def _end_tie_form(view: HouseholdView, names: Names, agencies, context: Context,
                  draft: drafts.Draft | None) -> None:
    uri, version, as_of, hid, lang = context
    keys = _active_ties(view)
    if not keys:
        st.info(t("ui.edit.no_active_ties", lang))
        return
    with st.form(state.form_key(state.FORM_END_TIE, hid, version), border=True):
        st.selectbox(t("ui.edit.tie", lang), keys,
                     index=_index(keys, drafts.value(draft, state.END_TIE, None)),
                     key=state.form_key(state.END_TIE, hid, version),
                     format_func=_tie_label(view, names, lang),
                     placeholder=t("ui.placeholder", lang))
        day_before = as_of - timedelta(days=1)
        st.date_input(t("ui.edit.until", lang),
                      value=drafts.value(draft, state.END_ON, day_before),
                      key=state.form_key(state.END_ON, hid, version), format="YYYY/MM/DD")
        st.caption(t("ui.edit.until_help", lang, as_of=as_of.isoformat(),
                     day=day_before.isoformat()))
        st.form_submit_button(t("ui.edit.end_tie_submit", lang), type="primary",
                              on_click=_submit, args=(state.FORM_END_TIE, context))


# --- saving: the callbacks -----------------------------------------------------------------

@incidents.guarded_callback
def _submit(form: str, context: Context) -> None:
    """The submit callback of every form: keep the input as a draft, check the account and
    its permission again, make the change set against the network as drawn, write it with
    ``expected_version`` = the version drawn, and drop the draft only when it landed."""
    uri, version, as_of, hid, lang = context
    spec = _BY_KEY[form]
    values = {name: st.session_state.get(state.form_key(name, hid, version))
              for name in spec.fields}
    drafts.keep(form, hid, values)
    try:
        user = auth.current_user()
        if user is None:
            return  # signed out (timed out, account closed): the sign-in page says why
        view = resources.household_view(uri, version, as_of, hid)
        if not access.can(user, spec.action, ward=_ward(view)):
            auth.record(AuditAction.DENIED, hid, action=spec.action.value, form=form)
            drafts.drop(form, hid)
            state.notify("error", t("ui.edit.denied", lang))
            return
        agencies = dict(resources.agency_index(uri, version, as_of).agencies)
        changes = spec.changes(view.network, values, agencies, context, user.username)
        resources.store(uri).apply(changes)
    except NetsupportError as error:
        drafts.failed(form, hid, error_text(error, lang))
        return
    drafts.drop(form, hid)
    if form == state.FORM_END_TIE:  # whether the as-of day's map still shows the tie
        until = values[state.END_ON] or as_of - timedelta(days=1)
        key = "ui.edit.tie_ended_shown" if until < as_of else "ui.edit.tie_ended_later"
        state.notify("success", md_t(key, lang, household=hid, until=until.isoformat(),
                                     as_of=as_of.isoformat()))
        return
    agency = values.get(state.LEAD_AGENCY)  # the assign form's notice names the new lead
    name = agencies[agency].name if agency in agencies else str(agency)
    state.notify("success", md_t(spec.done, lang, household=hid, agency=name))


@incidents.guarded_callback
def _discard(form: str, context: Context) -> None:
    """The discard button's callback: drop the draft and reset the form's widgets."""
    _, version, _, hid, lang = context
    drafts.drop(form, hid, [state.form_key(name, hid, version)
                            for name in _BY_KEY[form].fields])
    state.notify("info", t("ui.drafts.discarded", lang))


def _assign_changes(network, v: Mapping[str, Any], agencies: dict, context: Context,
                    actor: str) -> ChangeSet:
    _, version, as_of, hid, _ = context
    return edits.assign_lead(
        network, hid, v[state.LEAD_AGENCY], v[state.LEAD_ON] or as_of, agencies=agencies,
        keep_previous_in_team=bool(v[state.LEAD_KEEP_TEAM]),
        note=v[state.LEAD_NOTE] or None, expected_version=version, actor=actor)


def _contact_changes(network, v: Mapping[str, Any], agencies: dict, context: Context,
                     actor: str) -> ChangeSet:
    _, version, as_of, hid, _ = context
    return edits.record_contact(
        network, v[state.CONTACT_TIE], v[state.CONTACT_ON] or as_of,
        event_type=EventType(v[state.CONTACT_TYPE] or EventType.CONTACT.value),
        note=v[state.CONTACT_NOTE] or None, household_id=hid, expected_version=version,
        actor=actor)


def _add_tie_changes(network, v: Mapping[str, Any], agencies: dict, context: Context,
                     actor: str) -> ChangeSet:
    _, version, as_of, _, _ = context
    consent = v[state.TIE_CONSENT]
    tie = Tie(str(v[state.TIE_SOURCE]), str(v[state.TIE_TARGET]),
              TieKind(v[state.TIE_KIND] or TieKind.SUPPORT.value),
              strength=Strength(v[state.TIE_STRENGTH] or Strength.NORMAL.value),
              role=Role(v[state.TIE_ROLE] or Role.NONE.value),
              since=v[state.TIE_SINCE] or as_of,
              consent=None if consent in (None, "unknown") else consent == "yes")
    return edits.add_tie(network, tie, agencies=agencies, expected_version=version, actor=actor)


def _end_tie_changes(network, v: Mapping[str, Any], agencies: dict, context: Context,
                     actor: str) -> ChangeSet:
    _, version, as_of, _, _ = context
    return edits.end_tie(network, v[state.END_TIE],
                         v[state.END_ON] or as_of - timedelta(days=1),
                         expected_version=version, actor=actor)


#: Every edit form, in the order of its tabs.
FORMS: tuple[EditForm, ...] = (
    EditForm(state.FORM_ASSIGN, Action.ASSIGN_LEAD,
             (state.LEAD_AGENCY, state.LEAD_ON, state.LEAD_KEEP_TEAM, state.LEAD_NOTE),
             "ui.edit.assign", "ui.edit.assigned", _assign_form, _assign_changes),
    EditForm(state.FORM_CONTACT, Action.EDIT,
             (state.CONTACT_TIE, state.CONTACT_ON, state.CONTACT_TYPE, state.CONTACT_NOTE),
             "ui.edit.contact", "ui.edit.contact_recorded", _contact_form, _contact_changes),
    EditForm(state.FORM_ADD_TIE, Action.EDIT,
             (state.TIE_SOURCE, state.TIE_TARGET, state.TIE_KIND, state.TIE_STRENGTH,
              state.TIE_ROLE, state.TIE_SINCE, state.TIE_CONSENT),
             "ui.edit.add_tie", "ui.edit.tie_added", _add_tie_form, _add_tie_changes),
    EditForm(state.FORM_END_TIE, Action.EDIT, (state.END_TIE, state.END_ON),
             "ui.edit.end_tie", "ui.edit.tie_ended", _end_tie_form, _end_tie_changes),
)
_BY_KEY = {form.key: form for form in FORMS}
