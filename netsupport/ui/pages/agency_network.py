"""関係機関ネットワーク: which agencies work with which, and where the network is thin.

The agency map (brokers drawn larger, agencies that are some household's only support
marked ⚠), filterable by ward and kind, with the handover path of the selected household
highlighted on request; then the tables of the agency report: brokers, sole supports,
agencies over capacity and wards lacking a needed kind of agency.

The agencies are the city's; the households the tables list are only those in the user's
scope (staff: their wards).

What the map draws is a choice (地図に描く機関): by default the key agencies
(:func:`netsupport.viz.agency_map.key_agencies`: the sole supports, the strongest brokers
and the agencies leading the most households, at most :data:`KEY_AGENCIES`), because the
375 agencies of a 5,000-household city drawn at once are an unreadable band on a projector;
the sentence under the map counts what it leaves out, kind family by kind family. One
agency and the agencies it works with most (:func:`netsupport.viz.agency_map.neighbourhood`)
is the second choice, every agency the third. Projector mode (プロジェクター表示) draws the
map across the page with its smallest label at a chosen size, the legend below.

At 80,000 households the city has nearly 5,000 agencies and 380,000 links: a map of all of
them can neither be read nor drawn quickly, so above :data:`MAP_MAX_AGENCIES` agencies the
map of every agency waits for a ward (or kinds) to be chosen, unless asked for all the
same. The part of the graph the filters keep is made once per agency graph
(:func:`netsupport.ui.resources.agency_part`), not on every rerun; the tables show a page
of rows at a time, every row a download away.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import streamlit as st

from ... import access
from ...access import User
from ...analysis import AgencyIndex, AgencyReport
from ...analysis.lead import HANDOVER
from ...errors import NotFoundError
from ...i18n import number, t
from ...model import WARDS, AgencyKind
from ...viz import tables
from ...viz.agency_map import KeyAgencies, key_agencies, neighbourhood
from ...viz.legend import FAMILY_STYLES, KIND_FAMILY
from .. import auth, resources, state
from ..safe import md_t
from ..widgets import (
    PAGE_ROWS,
    counts_table,
    empty_store,
    page_heading,
    page_of,
    show_notices,
    table_downloads,
)
from . import title

__all__ = ["render"]

MAP_HEIGHT = 640
#: Projector mode: the map's height and the sizes its smallest label can be set to (CSS
#: pixels, the map fitted to its frame; as the case conference's ecomap).
PROJECTOR_MAP_HEIGHT = 860
FONT_SIZES = (14, 16, 18, 20, 24, 28)
#: The frame's height beyond the map's: its heading and the legend under it.
LEGEND_UNDER = 230
#: The smallest label of the key agencies' and a neighbourhood's map on the screen.
SCREEN_MIN_LABEL_PX = 13
#: What the map draws: the key agencies, one agency and its partners, every agency.
FOCUSES = ("key", "around", "all")
#: Key agencies drawn at most (besides a highlighted handover path): 40 names still read
#: on a projector, and the sole supports, brokers and busiest leads of a city each get a
#: share of them.
KEY_AGENCIES = 40
#: Partners drawn around the chosen agency at most (those it shares most households with).
AROUND = 30
#: Links drawn per agency (its strongest; 0 = all): a city's 1,700 links are a tangle.
LINKS_PER_AGENCY = (1, 2, 3, 5, 10, 0)
#: Agencies named on a map of more than this many: the strongest brokers (and ⚠, outlined).
LABEL_TOP = 12
#: Above this many agencies the map is drawn only when asked for: Kobe's ~1,300 agencies
#: still make a map, the 80,000-household demo city's 4,800 do not (a ward's at most 960).
MAP_MAX_AGENCIES = 1500
#: Agencies without a link named under the map (the others counted).
UNLINKED_NAMED = 60
#: Household ids shown in one cell of a table (the rest in the download).
IDS_SHOWN = 12


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
    own = access.scope_wards(auth.user())
    if own and not st.session_state.get(state.AGENCY_WARD_OPENED):
        # the first time in a session, the map opens on the user's own ward (全市 is a pick)
        st.session_state[state.AGENCY_WARD] = sorted(own)[0]
    st.session_state[state.AGENCY_WARD_OPENED] = True
    state.keep_choice(state.AGENCY_WARD, wards, fallback="")
    state.keep_choice(state.AGENCY_KINDS, kinds)
    cols = st.columns([1, 3])
    ward = cols[0].selectbox(t("summary.ward", lang), wards, key=state.AGENCY_WARD,
                             persist_state="session",
                             format_func=lambda w: w or t("ui.citywide", lang),
                             placeholder=t("ui.placeholder", lang))
    chosen = cols[1].multiselect(t("ui.col.kind", lang), kinds, key=state.AGENCY_KINDS,
                                 persist_state="session", placeholder=t("ui.all", lang),
                                 format_func=lambda k: AgencyKind(k).label(lang))
    bridge = _selected_bridge(snap)
    highlight = bool(bridge) and st.checkbox(
        md_t("ui.agency.highlight_bridge", lang, household=st.session_state[state.HOUSEHOLD]),
        key=state.AGENCY_HIGHLIGHT)

    scope = access.scope_wards(auth.user())  # staff: every count over their wards only
    scope = tuple(sorted(scope)) if scope is not None else None
    kinds_key = tuple(sorted(chosen))
    part = resources.agency_part(snap.uri, snap.version, snap.as_of, ward or None, kinds_key,
                                 scope)
    large = part.agencies > MAP_MAX_AGENCIES
    draw = not large or bool(st.session_state.get(state.AGENCY_CITY_MAP))
    # a large graph's brokers (seconds of betweenness after any new link) wait to be asked
    # for (the button under their heading); meanwhile the map sizes no agency by them
    find = st.session_state.pop(state.AGENCY_BROKERS, False)
    brokers = find or resources.brokers_ready(snap.uri, snap.version, snap.as_of,
                                              ward or None)
    report = _in_scope(_only_kinds(resources.city_agencies(snap.uri, snap.version, snap.as_of,
                                                           ward or None, brokers),
                                   index, set(chosen)),
                       auth.user(), snap)
    figures = [("ui.agency.agencies", part.agencies),
               ("ui.agency.links", part.links),
               ("ui.agency.sole", len(report.sole_support)),
               ("ui.agency.over", len(report.over_capacity)),
               ("ui.agency.shortages", len(report.ward_shortages))]
    for column, (key, value) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(t(key, lang), number(value))

    focus, centre, projector, size = _map_choices(part, index, report, lang)
    if focus == "all":
        if large:
            st.info(t("ui.agency.map_too_large", lang, n=part.agencies))
            st.checkbox(t("ui.agency.draw_anyway", lang), key=state.AGENCY_CITY_MAP)
        if draw:
            _map(snap, part, ward, kinds_key, scope, bridge if highlight else (), lang,
                 brokers, projector=projector, font_px=size)
    else:
        around = focus == "around" and centre
        if around:
            only = tuple(neighbourhood(part.graph, centre, AROUND))
        else:  # the key agencies (also when there is no agency to centre on)
            key = _key(part, index, report, bridge if highlight else ())
            only = key.ids
        # the chosen agency outlined, as a handover path is (a path to follow wins)
        outlined = bridge if highlight else ((centre,) if around else ())
        _map(snap, part, ward, kinds_key, scope, outlined, lang, brokers,
             only=only, centre=centre if around else None, projector=projector, font_px=size)
        if focus == "key":
            _say_key(key, part, index, lang)
        elif centre:
            st.caption(md_t("ui.agency.around_shown", lang, name=index.agencies[centre].name,
                            shown=len(only) - 1, partners=part.graph.degree(centre)))
    if part.unlinked:
        more = len(part.unlinked) - UNLINKED_NAMED
        names = "、".join(index.agencies[a].name for a in part.unlinked[:UNLINKED_NAMED])
        if more > 0:
            names += "　" + t("ui.agency.more_agencies", lang, n=more)
        st.caption(md_t("ui.agency.unlinked", lang, n=len(part.unlinked), names=names))

    stale_days = resources.rules().lead.stale_days
    stem = f"netsupport_agencies_{snap.as_of.isoformat()}_v{snap.version}"
    for name, key, rows, frame in (
            ("brokers", "agency_report.brokers", report.brokers,
             partial(_brokers, report, index, lang)),
            ("sole_support", "agency_report.sole_support", report.sole_support,
             partial(_sole_supports, report, index, lang)),
            ("over_capacity", "agency_report.over_capacity", report.over_capacity,
             partial(_over_capacity, report, index, lang)),
            ("ward_shortages", "agency_report.ward_shortages", report.ward_shortages,
             partial(_ward_shortages, report, lang, stale_days))):
        st.subheader(t(key, lang))
        if name == "brokers" and not brokers:
            st.info(t("ui.agency.brokers_later", lang, n=part.agencies))
            st.button(t("ui.agency.brokers_find", lang), key=state.AGENCY_BROKERS + ".go",
                      on_click=_find_brokers)
            continue
        if not rows:
            st.info(t("summary.none", lang))
            continue
        first, last = page_of(f"{state.AGENCY_PAGES}.{name}", len(rows), lang)
        counts_table(frame(first, last, IDS_SHOWN), hide_index=True)
        if len(rows) > PAGE_ROWS or _ids_cut(rows):
            table_downloads(partial(frame, 0, len(rows), None), len(rows), lang,
                            key=f"{state.AGENCY_DOWNLOAD}.{name}", stem=f"{stem}_{name}",
                            what=f"agency_{name}", version=snap.version, ward=ward)


def _find_brokers() -> None:
    """Callback: find the brokers on the next run (once)."""
    st.session_state[state.AGENCY_BROKERS] = True


def _map_choices(part, index: AgencyIndex, report: AgencyReport, lang: str,
                 ) -> tuple[str, str | None, bool, int | None]:
    """The map's controls: which agencies it draws (and around which one), and projector
    mode with its label size. Returns ``(focus, centre, projector, font_px)``."""
    cols = st.columns([3, 2, 2], vertical_alignment="bottom")
    state.keep_choice(state.AGENCY_FOCUS, FOCUSES, fallback="key")
    focus = cols[0].segmented_control(
        t("ui.agency.focus", lang), FOCUSES, key=state.AGENCY_FOCUS, persist_state="session",
        help=t("ui.agency.focus_help", lang, most=KEY_AGENCIES, around=AROUND),
        format_func=lambda f: t(f"ui.agency.focus.{f}", lang)) or "key"
    centre = None
    if focus == "around":
        choices = sorted(part.graph.nodes, key=lambda a: (index.agencies[a].name, a))
        top = _key(part, index, report, ()).ids
        state.keep_choice(state.AGENCY_CENTRE, choices, fallback=top[0] if top else None)
        centre = cols[1].selectbox(
            t("ui.agency.centre", lang), choices, key=state.AGENCY_CENTRE,
            persist_state="session", placeholder=t("ui.placeholder", lang),
            format_func=lambda a: _agency_words(index, a, lang))
    projector = cols[2].toggle(t("ui.case.projector", lang), key=state.AGENCY_PROJECTOR,
                               persist_state="session",
                               help=t("ui.agency.projector_help", lang))
    size = None
    if projector:
        state.keep_choice(state.AGENCY_FONT_SIZE, FONT_SIZES, fallback=16)
        size = int(st.select_slider(t("ui.case.font_size", lang), FONT_SIZES,
                                    key=state.AGENCY_FONT_SIZE, persist_state="session",
                                    format_func=lambda px: f"{px} px"))
    return focus, centre, projector, size


def _agency_words(index: AgencyIndex, agency_id: str, lang: str) -> str:
    """An agency as the picker lists it: its name, and its ward when it has one."""
    agency = index.agencies[agency_id]
    return (t("ui.agency.in_ward", lang, name=agency.name, ward=agency.ward) if agency.ward
            else agency.name)


def _key(part, index: AgencyIndex, report: AgencyReport,
         highlight: tuple[str, ...]) -> KeyAgencies:
    """The key agencies of the part the filters keep (the report's sole supports and
    brokers, as the tables below list them, and the index's lead counts)."""
    return key_agencies(
        part.graph, sole_support={s.agency_id: len(s.households) for s in report.sole_support},
        brokers={b.agency_id: b.score for b in report.brokers}, leads=index.lead_counts,
        highlight=highlight, limit=KEY_AGENCIES, shared=part.shared)


def _say_key(key: KeyAgencies, part, index: AgencyIndex, lang: str) -> None:
    """What the key agencies' map shows and what it leaves out, in counts (those left out
    kind family by kind family)."""
    if not key.left_out:
        st.caption(t("ui.agency.key_all", lang, n=key.of))
        return
    shown = set(key.ids)
    families: dict[str, int] = {}
    for agency_id in part.graph.nodes:
        if agency_id not in shown:
            family = KIND_FAMILY[index.agencies[agency_id].kind]
            families[family] = families.get(family, 0) + 1
    rest = t("ui.agency.list_sep", lang).join(
        t("ui.agency.family_n", lang, family=f.label(lang), n=families[f.code])
        for f in FAMILY_STYLES if f.code in families)
    words = t("ui.agency.key_shown", lang, of=key.of, shown=len(key.ids), sole=key.sole,
              brokers=key.brokers, leads=key.leads, ties=key.ties, left_out=key.left_out,
              families=rest)
    if key.highlighted:
        words += t("ui.agency.key_outlined", lang, n=key.highlighted)
    st.caption(md_t("ui.agency.key_more", lang, said=words))


def _map(snap: resources.Snapshot, part, ward: str, kinds: tuple[str, ...],
         scope: tuple[str, ...] | None, highlight: tuple[str, ...], lang: str,
         brokers: bool = True, *, only: tuple[str, ...] | None = None,
         centre: str | None = None, projector: bool = False,
         font_px: int | None = None) -> None:
    """The map of the agencies the filters keep (``only``: just those, every one named),
    each agency's strongest links drawn; its agencies sized by the brokers when they are
    found (``brokers``). ``projector``: across the page, the smallest label ``font_px``."""
    per_agency = st.select_slider(
        t("ui.agency.per_agency", lang), LINKS_PER_AGENCY, key=state.AGENCY_LINKS,
        persist_state="session", help=t("ui.agency.per_agency_help", lang),
        format_func=lambda k: t("ui.agency.all_links", lang) if not k else str(k))
    everyone = only is None
    label_top = LABEL_TOP if everyone and part.agencies > LABEL_TOP else None
    height = PROJECTOR_MAP_HEIGHT if projector else MAP_HEIGHT
    st.iframe(resources.agency_map(
        snap.uri, snap.version, snap.as_of, ward or None, kinds, lang, highlight, height,
        scope, per_agency or None, label_top, brokers, only=only, centre=centre,
        min_font_px=font_px if projector else (None if everyone else SCREEN_MIN_LABEL_PX),
        projector=projector), height=height + (420 if projector else LEGEND_UNDER))
    st.caption(t("ui.agency.map_help", lang))
    if not brokers:
        st.caption(t("ui.agency.map_without_brokers", lang))
    if not everyone:
        return
    drawn = part.strongest(per_agency or None)
    left_out = part.links - drawn.number_of_edges()
    if left_out or part.agencies > LABEL_TOP:
        st.caption(t("ui.agency.thinned", lang, shown=drawn.number_of_edges(),
                     total=part.links, left_out=left_out, k=per_agency or 0,
                     named=min(LABEL_TOP, part.agencies), agencies=part.agencies))


def _ids_cut(rows) -> bool:
    """Whether some row names more households than a cell shows."""
    return any(len(getattr(r, "households", ())) > IDS_SHOWN for r in rows)


def _brokers(report: AgencyReport, index: AgencyIndex, lang: str, first: int, last: int,
             ids: int | None):
    return tables.brokers(replace(report, brokers=report.brokers[first:last]), index, lang)


def _sole_supports(report: AgencyReport, index: AgencyIndex, lang: str, first: int,
                   last: int, ids: int | None):
    return tables.sole_supports(replace(report, sole_support=report.sole_support[first:last]),
                                index, lang, ids_shown=ids)


def _over_capacity(report: AgencyReport, index: AgencyIndex, lang: str, first: int,
                   last: int, ids: int | None):
    return tables.over_capacity(
        replace(report, over_capacity=report.over_capacity[first:last]), index, lang)


def _ward_shortages(report: AgencyReport, lang: str, stale_days: int, first: int, last: int,
                    ids: int | None):
    return tables.ward_shortages(
        replace(report, ward_shortages=report.ward_shortages[first:last]), lang, stale_days,
        ids_shown=ids)


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


def _in_scope(report: AgencyReport, user: User, snap: resources.Snapshot) -> AgencyReport:
    """The report with only the households in the user's scope named (rows left with none
    are dropped): staff see the households of their own wards."""
    if access.scope_wards(user) is None:
        return report
    wards = resources.household_wards(snap.uri, snap.version, snap.as_of)

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
