"""ダッシュボード: the supervisor's view of the city before a crisis hits a household.

Key figures; charts of risk by ward and of households without a lead by ward side by side,
and below them, across the page, the agencies most over capacity;
the ranked list of households (by default the isolated or unconnected 8050 ones, the ones the
scan is meant to find), filterable by ward, stage, risk level and isolation; a household
picked there opens in the case conference; the 親なき後 forward view (which subjects would be
left isolated or unconnected if every parent of a given age were gone, now or in N years),
whose households open in the case conference the same way; and the households per ward
and stage.

Staff see the households of their own wards only: the scan, the forecast and every list
are cut to the user's scope (:func:`netsupport.access.in_scope`) before anything is drawn.

A city of 80,000 households must open in about a second: the figures and count tables are
made once per data version (:func:`netsupport.ui.resources.scan_summary`), and the long
lists show one page of rows at a time (:func:`netsupport.ui.widgets.page_of`), with every
row a download away (CSV and Excel, audited). Drawing every row and counting cell by cell
on each rerun took 10 s at that size.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from functools import partial

import streamlit as st

from ... import access
from ...analysis import ScanRow
from ...analysis.agency_network import AgencyIndex, OverCapacity, over_capacity
from ...analysis.forecast import Forecast
from ...analysis.risk import RISK_LEVELS
from ...analysis.screening import ISOLATION_LEVELS
from ...analysis.simulation import PARENT_DIES
from ...cityreports import ScanCounts
from ...i18n import number, t
from ...model import Stage
from ...viz import charts, tables
from .. import auth, resources, state
from ..widgets import (
    counts_table,
    empty_store,
    household_label,
    page_heading,
    page_of,
    show_notices,
    table_downloads,
)
from . import title

__all__ = ["render", "filter_rows"]

RISK_COLOURS = ["#C0392B", "#E67E22", "#A9B7C0"]  # high, medium, low
BAR_COLOURS = ["#2E6DA4", "#9DB9D3"]
CHART_HEIGHT = 320

#: The agencies over capacity drawn on the dashboard, most over first: a chart a meeting
#: room reads at a glance (450 px tall); the rest are counted under its title, and all of
#: them are on the agency network page.
OVER_CAPACITY_TOP = 15


def filter_rows(rows: Sequence[ScanRow], stages: Mapping[str, Stage | None], *,
                wards: Collection[str] = (), stage_codes: Collection[str] = (),
                levels: Collection[str] = (), isolation: Collection[str] = (),
                only_8050: bool = False) -> list[ScanRow]:
    """The scan rows the filters keep (an empty filter keeps all); ``""`` is 'no stage'."""
    def stage_code(hid: str) -> str:
        stage = stages.get(hid)
        return stage.value if stage is not None else ""

    return [r for r in rows
            if (not wards or r.ward in wards)
            and (not stage_codes or stage_code(r.household_id) in stage_codes)
            and (not levels or r.risk_level in levels)
            and (not isolation or r.isolation in isolation)
            and (not only_8050 or r.is_8050)]


def _pick_selected_row(ids: tuple[str, ...]) -> None:
    selection = st.session_state.get(state.DASH_TABLE)
    rows = selection.selection.rows if selection is not None else []
    if rows and rows[0] < len(ids):
        st.session_state[state.DASH_PICK] = ids[rows[0]]


def _open_pick() -> None:
    pick = st.session_state.get(state.DASH_PICK)
    if pick:
        state.open_page(state.CASE_CONFERENCE, pick)


def _open_forecast_pick(gone: dict[str, tuple[str, ...]], years: int, tab: str) -> None:
    """Open the picked household in the case conference's simulation tab, with the
    forecast's own what-if: its parents die, ``years`` from now."""
    pick = st.session_state.get(state.FORECAST_PICK)
    if pick:
        st.session_state[state.SIM_EVENTS] = [f"{PARENT_DIES}:{p}" for p in gone.get(pick, ())]
        st.session_state[state.SIM_YEARS] = years
        st.session_state[state.CASE_TAB] = tab
        state.open_page(state.CASE_CONFERENCE, pick)


def render() -> None:
    lang = state.lang()
    snap = resources.current()
    page_heading(title(state.DASHBOARD, lang), snap, lang)
    show_notices()
    if empty_store(snap, lang):
        return
    scope = access.scope_wards(auth.user())  # staff: every figure over their wards only
    scope = tuple(sorted(scope)) if scope is not None else None
    scan = resources.scoped_scan(snap.uri, snap.version, snap.as_of, scope)
    risk_by_ward, no_lead_by_ward, ward_stage = resources.scan_summary(
        snap.uri, snap.version, snap.as_of, scope, lang)
    rows, stages, counts = scan.rows, scan.stages, scan.counts
    index = resources.agency_index(snap.uri, snap.version, snap.as_of)
    over = over_capacity(index)
    stale_days = resources.rules().lead.stale_days

    _key_figures(counts, len(over), lang)

    by_ward = st.columns(2, gap="large")
    with by_ward[0]:
        st.markdown(f"##### {t('ui.dashboard.risk_by_ward', lang)}")
        _bar_chart(lang, risk_by_ward, RISK_COLOURS, t("summary.risk_level", lang))
    with by_ward[1]:
        st.markdown(f"##### {t('ui.dashboard.no_lead_by_ward', lang)}")
        _bar_chart(lang, no_lead_by_ward, BAR_COLOURS, t("ui.chart.kind", lang))
    _over_capacity(over, index, lang)

    st.subheader(t("ui.dashboard.ranked", lang))
    st.caption(t("ui.dashboard.ranked_help", lang))
    shown = _filters_and_rows(rows, stages, counts.wards, lang)
    if not shown:
        st.info(t("scan.empty", lang))
    else:
        first, last = page_of(state.DASH_PAGE, len(shown), lang)
        page = shown[first:last]
        ids = tuple(r.household_id for r in page)
        st.dataframe(tables.scan_table(page, stages, lang, stale_days), hide_index=True,
                     key=state.DASH_TABLE, on_select=partial(_pick_selected_row, ids),
                     selection_mode="single-row", height=min(36 * len(ids) + 40, 420))
        state.keep_choice(state.DASH_PICK, ids)
        pick, go = st.columns([3, 1], vertical_alignment="bottom")
        with pick:
            st.selectbox(t("ui.pick_household", lang), ids, key=state.DASH_PICK,
                         format_func=household_label({r.household_id: r.ward for r in page}),
                         placeholder=t("ui.placeholder", lang))
        with go:
            st.button(t("ui.dashboard.open", lang), type="primary", on_click=_open_pick,
                      key=state.DASH_OPEN)
        table_downloads(partial(tables.scan_table, shown, stages, lang, stale_days),
                        len(shown), lang, key=state.DASH_DOWNLOAD_CSV,
                        stem=f"netsupport_households_{snap.as_of.isoformat()}_v{snap.version}",
                        what="dashboard_households", version=snap.version)

    _forecast(snap, lang)

    st.subheader(t("ui.dashboard.ward_stage", lang))
    counts_table(ward_stage)


def _over_capacity(over: Sequence[OverCapacity], index: AgencyIndex, lang: str) -> None:
    """The agencies leading more households than their capacity, on a row of their own:
    their names are long ("ひきこもり地域支援センター垂水区分室"), and in a third of the
    page they left the bars 50 px (none at a 1280 px window) and cut the legend. The
    :data:`OVER_CAPACITY_TOP` most over, longest bar first, each bar how many households
    beyond the capacity with the figures written after it; how many more there are, and
    where all of them are."""
    st.markdown(f"##### {t('agency_report.over_capacity', lang)}")
    if not over:
        st.info(t("ui.dashboard.none_over_capacity", lang))
        return
    if len(over) > OVER_CAPACITY_TOP:
        st.caption(t("ui.dashboard.over_capacity_top", lang, shown=OVER_CAPACITY_TOP,
                     total=len(over), page=title(state.AGENCY_NETWORK, lang)))
    table = tables.over_capacity_chart(over, index, lang, top=OVER_CAPACITY_TOP)
    _bar_chart(lang, table, ["#C0392B"], t("ui.chart.measure", lang), height=None,
               note=tables.over_capacity_note(lang))


def _key_figures(counts: ScanCounts, over_capacity: int, lang: str) -> None:
    figures = [
        ("ui.metric.households", counts.households),
        ("ui.metric.8050", counts.is_8050),
        ("ui.metric.isolated_8050", counts.isolated_8050),
        ("ui.metric.high_risk", counts.high_risk),
        ("ui.metric.no_lead", counts.no_lead),
        ("ui.metric.over_capacity", over_capacity),
    ]
    _figures_row(figures, lang)


def _figures_row(figures: Sequence[tuple[str, int]], lang: str) -> None:
    """Key figures side by side, each as wide as its words, on a second line when they do
    not fit: in six equal columns of a 1280 px window "孤立・未接続の8050世帯" read
    "孤立・未接続の8…"."""
    row = st.container(horizontal=True, horizontal_alignment="distribute", gap="medium")
    for key, value in figures:
        row.metric(t(key, lang), number(value), width="content")


def _filters_and_rows(rows: Sequence[ScanRow], stages: Mapping[str, Stage | None],
                      wards: Collection[str], lang: str) -> list[ScanRow]:
    wards = tables.ward_order(wards)
    stage_codes = [s.value for s in Stage] + [""]
    for key, options in ((state.DASH_WARDS, wards), (state.DASH_STAGES, stage_codes),
                         (state.DASH_LEVELS, RISK_LEVELS),
                         (state.DASH_ISOLATION, ISOLATION_LEVELS)):
        state.keep_choice(key, options)
    # four filters in a row, the 8050 switch under them: beside them at 1280 px it was cut
    # to "8050世帯…" and the isolation filter's "支援者なし（未接続）" to "支援者なし（未接…"
    cols = st.columns([2, 2, 1.4, 2.6], vertical_alignment="bottom")
    cols[0].multiselect(t("summary.ward", lang), wards, key=state.DASH_WARDS,
                        placeholder=t("ui.all", lang), persist_state="session")
    cols[1].multiselect(
        t("ui.col.stage", lang), stage_codes, key=state.DASH_STAGES,
        format_func=lambda c: tables.stage_label(Stage(c) if c else None, lang),
        placeholder=t("ui.all", lang), persist_state="session")
    cols[2].multiselect(t("summary.risk_level", lang), RISK_LEVELS, key=state.DASH_LEVELS,
                        format_func=lambda c: t(f"risk_level.{c}", lang),
                        placeholder=t("ui.all", lang), persist_state="session")
    cols[3].multiselect(t("summary.isolation", lang), ISOLATION_LEVELS,
                        key=state.DASH_ISOLATION,
                        format_func=lambda c: t(f"isolation.{c}", lang),
                        placeholder=t("ui.all", lang), persist_state="session")
    st.checkbox(t("ui.dashboard.only_8050", lang), key=state.DASH_ONLY_8050,
                persist_state="session")
    ss = st.session_state
    return filter_rows(rows, stages, wards=ss[state.DASH_WARDS],
                       stage_codes=ss[state.DASH_STAGES], levels=ss[state.DASH_LEVELS],
                       isolation=ss[state.DASH_ISOLATION], only_8050=ss[state.DASH_ONLY_8050])


def _forecast_in_scope(result: Forecast, snap: resources.Snapshot) -> Forecast:
    """The forecast of the households in the user's scope only (for staff: their wards)."""
    user = auth.user()
    if access.scope_wards(user) is None:
        return result
    wards = resources.household_wards(snap.uri, snap.version, snap.as_of)
    return replace(result, rows=tuple(auth.in_scope_rows(user, result.rows)),
                   households=sum(access.in_scope(user, w) for w in wards.values()))


def _forecast(snap: resources.Snapshot, lang: str) -> None:
    """親なき後の見通し: the subjects left alone if every parent of an age were gone."""
    after_parents = resources.rules().after_parents
    if st.session_state.get(state.FORECAST_AGE) is None:
        st.session_state[state.FORECAST_AGE] = after_parents.forecast_parent_age
    with st.expander(t("ui.forecast.title", lang), expanded=True):
        st.caption(t("ui.forecast.help", lang))
        age, years, _ = st.columns([1, 1, 3])
        age.number_input(t("ui.forecast.parent_age", lang), min_value=50, max_value=110,
                         step=1, key=state.FORECAST_AGE, persist_state="session")
        years.number_input(t("ui.forecast.years", lang), min_value=0,
                           max_value=min(10, after_parents.max_years), step=1,
                           key=state.FORECAST_YEARS, persist_state="session")
        result = _forecast_in_scope(
            resources.forecast(snap.uri, snap.version, snap.as_of,
                               int(st.session_state[state.FORECAST_AGE]),
                               int(st.session_state[state.FORECAST_YEARS] or 0)), snap)
        head = t("forecast.title", lang, parent_age=result.parent_age)
        if result.years:
            head += "　" + t("forecast.in_years", lang, years=result.years,
                             day=result.as_of_after.isoformat())
        st.markdown(f"**{head}**")
        left = result.left_isolated
        figures = [("ui.metric.households", result.households),
                   ("ui.forecast.affected", len(result.rows)),
                   ("ui.forecast.left", len(left))]
        _figures_row(figures, lang)
        if not left:
            st.info(t("ui.forecast.none", lang))
            return
        chart, ranked = st.columns([1, 2], gap="medium")
        with chart:
            st.markdown(f"##### {t('ui.forecast.by_ward', lang)}")
            # a third of the page: its legend one entry a line (in a row "孤立" was cut at
            # 1280 px), the wards a band each (in a fixed height they lost every other name)
            _bar_chart(lang, tables.forecast_by_ward(result, lang), ["#C0392B", "#E67E22"],
                       t("summary.isolation", lang), height=None, legend_column=True)
        with ranked:
            st.markdown(f"##### {t('ui.forecast.ranked', lang)}")
            first, last = page_of(state.FORECAST_PAGE, len(left), lang)
            page = left[first:last]
            st.dataframe(tables.forecast_table(page, lang), hide_index=True,
                         height=min(36 * len(page) + 40, 360))
            ids = tuple(r.household_id for r in page)
            state.keep_choice(state.FORECAST_PICK, ids)
            # the button as wide as its words, the picker the rest: in a fixed two fifths
            # of a 1280 px window it read "ケース会議でシミュレー…"
            row = st.container(horizontal=True, vertical_alignment="bottom")
            row.selectbox(t("ui.pick_household", lang), ids, key=state.FORECAST_PICK,
                          format_func=household_label({r.household_id: r.ward for r in page}),
                          placeholder=t("ui.placeholder", lang))
            row.button(t("ui.forecast.open", lang), on_click=_open_forecast_pick,
                       args=({r.household_id: r.parents_gone for r in page}, result.years,
                             t("sim.title", lang)),
                       key=state.FORECAST_OPEN, width="content")
        table_downloads(partial(tables.forecast_table, left, lang), len(left), lang,
                        key=state.DASH_DOWNLOAD_CSV + ".forecast",
                        stem=f"netsupport_after_parents_{snap.as_of.isoformat()}"
                             f"_v{snap.version}",
                        what="dashboard_forecast", version=snap.version,
                        parent_age=result.parent_age, years=result.years)


def _bar_chart(lang: str, frame, colours: list[str], series: str, *,
               height: int | None = CHART_HEIGHT, note: str | None = None,
               legend_column: bool = False) -> None:
    """Horizontal stacked bars of ``frame`` in words of ``lang``
    (:func:`netsupport.viz.charts.bar_chart`, ``height``, ``note`` and ``legend_column`` as
    there), or a sentence when there would be no bar (an empty chart's axis reads
    "0.000000")."""
    numbers = frame.select_dtypes("number")
    if frame.empty or numbers.empty or not numbers.to_numpy().any():
        st.info(t("ui.chart.empty", lang))
        return
    rows, spec = charts.bar_chart(frame, colours, value=t("ui.chart.households", lang),
                                  series=series, height=height, note=note,
                                  legend_column=legend_column)
    st.vega_lite_chart(rows, spec, width="stretch")
