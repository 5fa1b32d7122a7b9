"""Analysis results as pandas tables with translated headers, ready for ``st.dataframe``.

Pure functions (no streamlit): each takes results of :mod:`netsupport.analysis` or records
of :mod:`netsupport.model`, plus the language, and returns a :class:`pandas.DataFrame` whose
column headers and coded values are labels from :data:`netsupport.i18n.TEXTS` and
:data:`netsupport.model.LABELS`. Counting rows for a chart is done here too; what a
household's finding *is* is always the analysis' answer, never recomputed.

Examples
--------
>>> from netsupport.analysis import ScanRow
>>> row = ScanRow("H1", "北区", True, "isolated", 9, "high", "via_family", ("no_lead",))
>>> scan_table([row], {"H1": None}, "ja").iloc[0].to_dict()["孤立度"]
'孤立'
>>> int(risk_by_ward([row], "en").loc["北区", "High"])
1
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

import pandas as pd

from ..access import User
from ..analysis import AgencyIndex, AgencyReport, HouseholdReport, ScanRow
from ..analysis.agency_network import OverCapacity
from ..analysis.forecast import Forecast, ForecastRow
from ..analysis.household import LeadStanding
from ..analysis.readiness import Readiness
from ..analysis.risk import RISK_LEVELS
from ..analysis.simulation import SimulationResult
from ..audit import LOCAL_TIME, AuditEntry
from ..bundle_format import neutralise
from ..errors import Problem
from ..i18n import number, t
from ..model import WARDS, Agency, AgencyKind, Bundle, Relation, Role, Stage, bool_label
from ..sharing import age_words, when_words
from .ecomap import short_kind_label
from .naming import Names

__all__ = [
    "stage_label", "scan_table", "ward_stage_counts", "risk_by_ward", "no_lead_by_ward",
    "ward_stage_frame", "risk_frame", "no_lead_frame",
    "lead_worklist", "caseloads", "over_capacity_chart", "over_capacity_note",
    "risk_factors", "gap_table", "team_table",
    "candidates", "members", "timeline", "brokers", "sole_supports", "over_capacity",
    "ward_shortages", "problems", "needs_words", "ward_order", "sim_overview", "sim_lost",
    "sim_gaps", "sim_risk", "readiness_table", "forecast_by_ward", "forecast_table",
    "audit_table", "audit_csv", "table_xlsx", "users_table",
]


def stage_label(stage: Stage | None, lang: str) -> str:
    return stage.label(lang) if stage is not None else t("ui.stage_unset", lang)


def needs_words(kinds: Iterable[AgencyKind], lang: str) -> str:
    """Agency kinds as short words: ``あんしんすこやかセンター・ケアマネジャー``."""
    return "・".join(short_kind_label(k, lang) for k in kinds)


def _capacity(value: int | None, lang: str) -> str:
    """A capacity as a cell shows it: its digits grouped as a count's (3,229), or 上限なし;
    a text, for the column holds both (only shown, never downloaded).

    >>> _capacity(3229, "ja"), _capacity(None, "ja")
    ('3,229', '上限なし')
    """
    return t("ui.no_limit", lang) if value is None else number(value)


def ward_order(wards: Iterable[str]) -> list[str]:
    """Kobe's nine wards in the city's order, then any other ward."""
    found = set(wards)
    return [w for w in WARDS if w in found] + sorted(found - set(WARDS))


def _gap_words(codes: Iterable[str], lang: str, stale_days: int) -> str:
    return "、".join(t(f"gap.{c}", lang, days=stale_days) for c in codes)


def scan_table(rows: Sequence[ScanRow], stages: Mapping[str, Stage | None], lang: str,
               stale_days: int = 90) -> pd.DataFrame:
    """The supervisor's ranked list: one row per household, highest risk first.

    ``stale_days`` fills the stale_lead gap's label (``lead.stale_days`` of the rules).
    """
    return pd.DataFrame([{
        t("summary.household", lang): r.household_id,
        t("summary.ward", lang): r.ward,
        t("ui.col.stage", lang): stage_label(stages.get(r.household_id), lang),
        t("summary.is_8050", lang): "○" if r.is_8050 else "",
        t("summary.isolation", lang): t(f"isolation.{r.isolation}", lang),
        t("summary.risk_score", lang): r.risk_score,
        t("summary.risk_level", lang): t(f"risk_level.{r.risk_level}", lang),
        t("summary.strategy", lang): t(f"strategy.{r.strategy}", lang),
        t("summary.gaps", lang): _gap_words(r.gaps, lang, stale_days),
    } for r in rows], columns=[
        t("summary.household", lang), t("summary.ward", lang), t("ui.col.stage", lang),
        t("summary.is_8050", lang), t("summary.isolation", lang),
        t("summary.risk_score", lang), t("summary.risk_level", lang),
        t("summary.strategy", lang), t("summary.gaps", lang)])


def ward_stage_counts(rows: Sequence[ScanRow], stages: Mapping[str, Stage | None],
                      lang: str) -> pd.DataFrame:
    """Households per ward (rows) and stage (columns), with totals.

    Counted in one pass (a ``Counter``), not cell by cell: setting a frame's cell costs tens
    of microseconds, and at 80,000 households that was seconds on every rerun."""
    def code(hid: str) -> str:
        stage = stages.get(hid)
        return stage.value if stage is not None else ""

    return ward_stage_frame(Counter((r.ward, code(r.household_id)) for r in rows), lang)


def ward_stage_frame(counted: Mapping[tuple[str, str], int], lang: str) -> pd.DataFrame:
    """:func:`ward_stage_counts` from the counts per (ward, stage code; ``""``: none)."""
    columns = [s.label(lang) for s in Stage] + [t("ui.stage_unset", lang)]
    codes = [s.value for s in Stage] + [""]
    wards = ward_order(w for w, _ in counted)
    table = pd.DataFrame([[counted.get((w, c), 0) for c in codes] for w in wards],
                         index=pd.Index(wards), columns=columns, dtype="int64")
    table = table.loc[:, (table != 0).any(axis=0) | (table.columns != columns[-1])]
    table[t("ui.total", lang)] = table.sum(axis=1)
    table.loc[t("ui.total", lang)] = table.sum(axis=0)
    table.index.name = t("summary.ward", lang)
    return table


def risk_by_ward(rows: Sequence[ScanRow], lang: str) -> pd.DataFrame:
    """Households per ward and risk level (high, medium, low): a stacked bar chart's data."""
    return risk_frame(Counter((r.ward, r.risk_level) for r in rows), lang)


def risk_frame(counted: Mapping[tuple[str, str], int], lang: str) -> pd.DataFrame:
    """:func:`risk_by_ward` from the counts per (ward, risk level)."""
    columns = [t(f"risk_level.{level}", lang) for level in RISK_LEVELS]
    wards = ward_order(w for w, _ in counted)
    table = pd.DataFrame([[counted.get((w, level), 0) for level in RISK_LEVELS]
                          for w in wards],
                         index=pd.Index(wards), columns=columns, dtype="int64")
    table.index.name = t("summary.ward", lang)
    return table


def no_lead_by_ward(rows: Sequence[ScanRow], lang: str) -> pd.DataFrame:
    """Households with the no_lead gap open, per ward (8050 ones apart)."""
    return no_lead_frame(Counter((r.ward, r.is_8050) for r in rows if "no_lead" in r.gaps),
                         {r.ward for r in rows}, lang)


def no_lead_frame(counted: Mapping[tuple[str, bool], int], wards: Iterable[str],
                  lang: str) -> pd.DataFrame:
    """:func:`no_lead_by_ward` from the counts per (ward, is 8050), every ward of ``wards``
    a row."""
    col_8050, col_other = t("ui.chart.8050", lang), t("ui.chart.not_8050", lang)
    order = ward_order(wards)
    table = pd.DataFrame([[counted.get((w, True), 0), counted.get((w, False), 0)]
                          for w in order],
                         index=pd.Index(order), columns=[col_8050, col_other], dtype="int64")
    table.index.name = t("summary.ward", lang)
    return table


def lead_worklist(standings: Sequence[LeadStanding], agencies: Mapping[str, Agency],
                  lang: str) -> pd.DataFrame:
    """The households whose lead needs a decision: current and recommended lead, and why.

    Read from each household's :class:`~netsupport.analysis.household.LeadStanding` (its
    report's ``standing()``); both leads are agencies, named from the city's agencies
    (``agencies``): the households' networks are not needed."""
    rows = []
    names = Names(Bundle(), agencies, lang)
    for standing in standings:
        why = [r.label(lang) for r in standing.reasons]
        why += [g.label(lang) for g in standing.gaps
                if g.code in ("no_lead", "stale_lead") and g.label(lang) not in why]
        rows.append({
            t("summary.household", lang): standing.household_id,
            t("summary.ward", lang): standing.ward,
            t("summary.risk_score", lang): standing.risk_score,
            t("summary.current_lead", lang): names.of(standing.current),
            t("summary.action", lang): t(standing.action_label_key, lang),
            t("summary.recommended_lead", lang): names.of(standing.recommended),
            t("summary.reasons", lang): "、".join(why),
        })
    return pd.DataFrame(rows)


def caseloads(index: AgencyIndex, lang: str, *, only_leading: bool = True) -> pd.DataFrame:
    """Each agency's current leads against its capacity, fullest first."""
    rows = []
    for aid, leads in index.lead_counts.items():
        agency = index.agencies.get(aid)
        if agency is None or (only_leading and leads == 0 and agency.capacity is None):
            continue
        cap = agency.capacity
        rows.append({
            t("ui.col.agency", lang): agency.name,
            t("ui.col.kind", lang): short_kind_label(agency.kind, lang),
            t("summary.ward", lang): agency.ward or t("ui.citywide", lang),
            t("ui.col.leads", lang): leads,
            t("ui.col.capacity", lang): _capacity(cap, lang),
            t("ui.col.headroom", lang): "" if cap is None else number(cap - leads),
            t("ui.col.over", lang): "⚠" if cap is not None and leads > cap else "",
            "_order": (-(leads / cap) if cap else 0.0, -leads, aid),
        })
    rows.sort(key=lambda r: r["_order"])
    return pd.DataFrame(rows).drop(columns="_order", errors="ignore")


def over_capacity_chart(over: Sequence[OverCapacity], index: AgencyIndex, lang: str,
                        top: int | None = None) -> pd.DataFrame:
    """The chart of the agencies over capacity (``agency_network.over_capacity``, most over
    first), the first ``top`` of them: per agency, how many households it leads beyond its
    capacity (the bars: longest first, in the order of the list) and the words
    "超過 N（受け持ち L / 上限 C）" (the column :func:`over_capacity_note`, for
    :func:`netsupport.viz.charts.bar_chart`'s ``note``).

    Not the leads beside the capacity: one agency leading 3,642 households squeezed the
    others' bars to a few pixels, and a bar of 235 leads 3 over looked worse than one of 50
    leads 5 over. Agencies are named by their names; two agencies of one name are told
    apart by their ids, else their bars would be drawn as one.

    Examples
    --------
    >>> from datetime import date
    >>> import networkx as nx
    >>> from netsupport.analysis.agency_network import OverCapacity
    >>> from netsupport.model import Agency, AgencyKind
    >>> kind = AgencyKind.CARE_MANAGER
    >>> index = AgencyIndex(date(2026, 11, 1), {
    ...     "A1": Agency("A1", "楠", kind, capacity=30),
    ...     "A2": Agency("A2", "岡本", kind, capacity=5)}, {}, nx.Graph())
    >>> over = [OverCapacity("A1", 42, 30), OverCapacity("A2", 6, 5)]
    >>> chart = over_capacity_chart(over, index, "ja", top=1)
    >>> chart.index.tolist(), chart.columns.tolist()
    (['楠'], ['上限を超えた受け持ち', '受け持ち／上限'])
    >>> row = chart.to_dict("records")[0]
    >>> row["上限を超えた受け持ち"], row["受け持ち／上限"]
    (12, '超過 12（受け持ち 42 / 上限 30）')
    """
    shown = list(over if top is None else over[:top])
    names = [index.agencies[o.agency_id].name if o.agency_id in index.agencies
             else o.agency_id for o in shown]
    twice = {n for n in names if names.count(n) > 1}
    beyond, note = t("ui.chart.over_capacity", lang), over_capacity_note(lang)
    table = pd.DataFrame(
        [{beyond: o.leads - o.capacity,
          note: t("ui.chart.over_capacity_words", lang, over=o.leads - o.capacity,
                  leads=o.leads, capacity=o.capacity)} for o in shown],
        index=[f"{n}（{o.agency_id}）" if n in twice else n
               for n, o in zip(names, shown, strict=True)],
        columns=[beyond, note])
    table.index.name = t("ui.col.agency", lang)
    return table


def over_capacity_note(lang: str) -> str:
    """The name of :func:`over_capacity_chart`'s column of words (not bars)."""
    return t("ui.chart.leads_capacity", lang)


def risk_factors(report: HouseholdReport, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        [{t("ui.col.factor", lang): f.label(lang), t("ui.col.points", lang): f.points}
         for f in report.risk.factors],
        columns=[t("ui.col.factor", lang), t("ui.col.points", lang)])


def gap_table(report: HouseholdReport, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        [{t("ui.col.gap", lang): g.label(lang),
          t("gap.needs", lang): needs_words(g.needs, lang)} for g in report.gaps],
        columns=[t("ui.col.gap", lang), t("gap.needs", lang)])


def team_table(report: HouseholdReport, names: Names, lang: str) -> pd.DataFrame:
    """The proposed mini support team (lead first, then members) and the backups, with why."""
    team = report.team
    rows = []
    if team.lead is not None:
        why = (t(report.lead.action_label_key, lang) if team.lead != report.lead.current
               else t("summary.current_lead", lang))
        rows.append((Role.LEAD.label(lang), team.lead, why))
    rows += [(Role.TEAM.label(lang), m.agency_id, m.label(lang)) for m in team.members]
    rows += [(t("summary.backup", lang), b, t("ui.team.backup_why", lang)) for b in team.backup]
    return pd.DataFrame(
        [{t("ui.col.role", lang): role, t("ui.col.agency", lang): names.of(aid),
          t("ui.col.kind", lang): names.kind(aid), t("ui.col.why", lang): why}
         for role, aid, why in rows],
        columns=[t("ui.col.role", lang), t("ui.col.agency", lang), t("ui.col.kind", lang),
                 t("ui.col.why", lang)])


def candidates(report: HouseholdReport, names: Names, lang: str, top: int = 5) -> pd.DataFrame:
    """The first eligible lead agencies, in the order the rules rank them."""
    rows = []
    for c in report.lead.eligible[:top]:
        rows.append({
            t("ui.col.agency", lang): names.of(c.agency_id),
            t("ui.col.kind", lang): short_kind_label(c.kind, lang),
            t("summary.ward", lang): c.ward or t("ui.citywide", lang),
            t("ui.col.has_tie", lang): bool_label(c.has_tie, lang),
            t("ui.col.leads", lang): c.leads,
            t("ui.col.capacity", lang): _capacity(c.capacity, lang),
        })
    return pd.DataFrame(rows)


def members(network: Bundle, household_id: str, as_of: date, names: Names,
            lang: str) -> pd.DataFrame:
    """The household's members: relation, name, age, conditions, diagnosis. Pseudonymised
    (``names.pseudonymise``), an age is its five-year band's range, as the export keeps it
    (:func:`netsupport.sharing.age_words`)."""
    rows = []
    order = {r: i for i, r in enumerate(Relation)}
    for p in sorted((p for p in network.people if p.household_id == household_id),
                    key=lambda p: (order[p.relation], p.birth_year or 9999, p.person_id)):
        age = ("" if p.birth_year is None
               else age_words(p.birth_year, as_of, lang) if names.pseudonymise
               else str(as_of.year - p.birth_year))
        rows.append({
            t("ui.col.relation", lang): p.relation.label(lang),
            t("ui.col.name", lang): names.of(p.person_id),
            t("ui.col.age", lang): age + (t("ui.deceased", lang) if p.deceased else ""),
            t("ui.col.conditions", lang): "・".join(c.label(lang) for c in p.conditions),
            t("ui.col.diagnosis", lang): p.diagnosis.label(lang) if p.diagnosis else "",
        })
    return pd.DataFrame(rows)


def timeline(network: Bundle, household_id: str, names: Names, lang: str, *,
             notes: bool = True, newest_first: bool = True,
             as_of: date | None = None) -> pd.DataFrame:
    """The support history: events, and each lead tie's start and end, by date.

    With ``notes=False`` (a pseudonymised sheet) the free-text notes are left out: they may
    name people. Pseudonymised (``names.pseudonymise``) with ``as_of``, a date is shown as
    months before ``as_of`` (:func:`netsupport.sharing.when_words`).
    """
    inner = {household_id} | {p.person_id for p in network.people
                              if p.household_id == household_id}
    rows: list[tuple[date, int, str, str, str]] = []
    for e in network.events:
        if e.household_id == household_id:
            rows.append((e.date, 1, e.type.label(lang),
                         names.of(e.agency_id) if e.agency_id else "",
                         (e.note or "") if notes else ""))
    for tie in network.ties:
        if tie.role is Role.LEAD and tie.target_id in inner:
            if tie.since is not None:
                rows.append((tie.since, 0, t("ui.timeline.lead_start", lang),
                             names.of(tie.source_id), ""))
            if tie.until is not None:
                rows.append((tie.until, 2, t("ui.timeline.lead_end", lang),
                             names.of(tie.source_id), ""))
    rows.sort(key=lambda r: (r[0], r[1]), reverse=newest_first)
    return pd.DataFrame(
        [{t("ui.col.date", lang): (when_words(d, as_of, lang)
                                    if names.pseudonymise and as_of else d.isoformat()),
          t("ui.col.event", lang): what,
          t("ui.col.agency", lang): who, t("ui.col.note", lang): note}
         for d, _, what, who, note in rows],
        columns=[t("ui.col.date", lang), t("ui.col.event", lang), t("ui.col.agency", lang),
                 t("ui.col.note", lang)])


def _agency_cols(aid: str, index: AgencyIndex, lang: str) -> dict[str, object]:
    agency = index.agencies.get(aid)
    return {
        t("ui.col.agency", lang): agency.name if agency else aid,
        t("ui.col.kind", lang): short_kind_label(agency.kind, lang) if agency else "",
        t("summary.ward", lang): (agency.ward or t("ui.citywide", lang)) if agency else "",
    }


def brokers(report: AgencyReport, index: AgencyIndex, lang: str) -> pd.DataFrame:
    return pd.DataFrame([{**_agency_cols(b.agency_id, index, lang),
                          t("ui.col.broker_score", lang): b.words(lang)}
                         for b in report.brokers])


def _ids(households: Sequence[str], lang: str, shown: int | None) -> str:
    """Household ids in one cell; past ``shown`` of them, how many more (``None``: all)."""
    if shown is None or len(households) <= shown:
        return "、".join(households)
    return "、".join(households[:shown]) + "　" + t("ui.rows.more_households", lang,
                                                   n=len(households) - shown)


def sole_supports(report: AgencyReport, index: AgencyIndex, lang: str,
                  ids_shown: int | None = None) -> pd.DataFrame:
    return pd.DataFrame([{**_agency_cols(s.agency_id, index, lang),
                          t("ui.households", lang): len(s.households),
                          t("ui.col.household_ids", lang): _ids(s.households, lang, ids_shown)}
                         for s in report.sole_support])


def over_capacity(report: AgencyReport, index: AgencyIndex, lang: str) -> pd.DataFrame:
    return pd.DataFrame([{**_agency_cols(o.agency_id, index, lang),
                          t("ui.col.leads", lang): o.leads,
                          t("ui.col.capacity", lang): o.capacity}
                         for o in report.over_capacity])


def ward_shortages(report: AgencyReport, lang: str, stale_days: int = 90,
                   ids_shown: int | None = None) -> pd.DataFrame:
    """Per ward and missing kind: the households lacking it (``ids_shown``: the ids named
    in the cell, the rest counted; ``None``: all)."""
    return pd.DataFrame([{t("summary.ward", lang): w.ward,
                          t("ui.col.missing_kind", lang): short_kind_label(w.kind, lang),
                          t("ui.households", lang): len(w.households),
                          t("summary.gaps", lang): _gap_words(w.gaps, lang, stale_days),
                          t("ui.col.household_ids", lang): _ids(w.households, lang, ids_shown)}
                         for w in report.ward_shortages])


def problems(found: Sequence[Problem], lang: str) -> pd.DataFrame:
    """A bundle's problems, each located ``file:row:column``, errors first."""
    ordered = sorted(found, key=lambda p: p.warning)
    return pd.DataFrame(
        [{t("ui.col.level", lang): t("cli.warning" if p.warning else "cli.error", lang),
          t("ui.col.file", lang): p.file,
          t("ui.col.row", lang): "" if p.row is None else str(p.row),
          t("ui.col.column", lang): p.column or "",
          t("ui.col.message", lang): p.text(lang),
          t("ui.col.where", lang): f"{p.file}:{'' if p.row is None else p.row}:"
                                   f"{p.column or ''}"}
         for p in ordered],
        columns=[t("ui.col.level", lang), t("ui.col.where", lang), t("ui.col.file", lang),
                 t("ui.col.row", lang), t("ui.col.column", lang), t("ui.col.message", lang)])


# --- 親なき後: the what-if of one household, the readiness checklist, the forward view ------

def sim_overview(result: SimulationResult, names: Names, lang: str) -> pd.DataFrame:
    """The household now and after the what-if, side by side (as the CLI summary prints it)."""
    b, a = result.before, result.after

    def gen(value: bool, generation: str | None) -> str:
        return t("summary.yes" if value else "summary.no", lang) + (
            f"（{generation}）" if generation else "")

    def lead(report) -> str:
        return f"{names.of(report.team.lead)}（{t(report.lead.action_label_key, lang)}）"

    rows = [
        (t("summary.is_8050", lang), gen(b.is_8050, result.generation_before),
         gen(a.is_8050, result.generation_after)),
        (t("summary.isolation", lang), b.isolation.label(lang), a.isolation.label(lang)),
        (t("sim.supports", lang), str(len(b.facts.supports)), str(len(a.facts.supports))),
        (t("summary.risk", lang), f"{b.risk.score}（{t(b.risk.level_label_key, lang)}）",
         f"{a.risk.score}（{t(a.risk.level_label_key, lang)}）"),
        (t("summary.strategy", lang), b.strategy.label(lang), a.strategy.label(lang)),
        (t("summary.lead", lang), lead(b), lead(a)),
        (t("summary.team", lang),
         "、".join(names.of(x) for x in (b.team.lead, *b.team.member_ids) if x)
         or t("summary.none", lang),
         "、".join(names.of(x) for x in (a.team.lead, *a.team.member_ids) if x)
         or t("summary.none", lang)),
    ]
    now = f"{t('sim.now', lang)} {result.as_of.isoformat()}"
    after = f"{t('sim.after', lang)} {result.as_of_after.isoformat()}"
    changed = t("ui.sim.col.changed", lang)
    return pd.DataFrame(
        [{t("ui.sim.col.item", lang): item, now: x, after: y, changed: "●" if x != y else ""}
         for item, x, y in rows],
        columns=[t("ui.sim.col.item", lang), now, after, changed])


def sim_lost(result: SimulationResult, names: Names, lang: str) -> pd.DataFrame:
    """The supports the household loses, and why (tied only to the departed parents)."""
    return pd.DataFrame(
        [{t("ui.col.agency", lang): names.of(s.support_id),
          t("ui.col.kind", lang): names.kind(s.support_id),
          t("ui.col.why", lang): s.label(lang, names.of)} for s in result.lost_supports],
        columns=[t("ui.col.agency", lang), t("ui.col.kind", lang), t("ui.col.why", lang)])


def sim_gaps(result: SimulationResult, lang: str) -> pd.DataFrame:
    """The gaps the events open and close, with the needed kinds."""
    rows = []
    for g in result.gaps_opened:
        change = t("sim.gaps_opened", lang)
        if g.absent_parents:
            change += f"（{t('sim.absent_parent', lang)}）"
        rows.append((g.gap.label(lang), change, needs_words(g.gap.needs, lang)))
    for g in result.gaps_closed:
        rows.append((g.gap.label(lang),
                     f"{t('sim.gaps_closed', lang)}（{t(f'sim.gap_closed.{g.why}', lang)}）",
                     needs_words(g.gap.needs, lang)))
    columns = [t("ui.col.gap", lang), t("ui.sim.col.change", lang), t("gap.needs", lang)]
    return pd.DataFrame([dict(zip(columns, r, strict=True)) for r in rows], columns=columns)


def sim_risk(result: SimulationResult, lang: str) -> pd.DataFrame:
    """The risk factors the events add (+) or remove (−)."""
    return pd.DataFrame(
        [{t("ui.col.factor", lang): r.factor.label(lang),
          t("ui.col.points", lang): f"{'+' if r.delta > 0 else '−'}{abs(r.delta)}"}
         for r in result.risk_changes],
        columns=[t("ui.col.factor", lang), t("ui.col.points", lang)])


def readiness_table(readiness: Readiness, names: Names, lang: str) -> pd.DataFrame:
    """The six worries of 親なき後: ✓ with who carries each, or ✗ with the supports that are
    tied only to a parent or a sibling (where a relationship could be widened)."""
    none = t("summary.none", lang)
    return pd.DataFrame(
        [{"": "✓" if i.covered else "✗",
          t("ui.sim.col.worry", lang): i.label(lang),
          t("ui.sim.col.carried_by", lang): "、".join(names.of(s) for s in i.supports) or none,
          t("ui.sim.col.could_carry", lang): "、".join(names.of(s) for s in i.others)}
         for i in readiness.items],
        columns=["", t("ui.sim.col.worry", lang), t("ui.sim.col.carried_by", lang),
                 t("ui.sim.col.could_carry", lang)])


def forecast_by_ward(result: Forecast, lang: str) -> pd.DataFrame:
    """Per ward: subjects left isolated and unconnected (a stacked bar chart's data)."""
    columns = [t("isolation.unconnected", lang), t("isolation.isolated", lang)]
    counts = result.ward_counts()
    table = pd.DataFrame([[c.unconnected, c.isolated] for c in counts],
                         index=[c.ward for c in counts], columns=columns)
    table.index.name = t("summary.ward", lang)
    return table


def forecast_table(rows: Sequence[ForecastRow], lang: str) -> pd.DataFrame:
    """The forward view's ranked households: isolation and risk now → after."""
    return pd.DataFrame(
        [{t("summary.household", lang): r.household_id,
          t("summary.ward", lang): r.ward,
          t("forecast.subject_age", lang): r.subject_age,
          t("forecast.parents_gone", lang): "、".join(
              f"{p}({age})" for p, age in zip(r.parents_gone, r.parent_ages, strict=True)),
          t("forecast.isolation", lang): f"{t(f'isolation.{r.isolation_before}', lang)} → "
                                         f"{t(f'isolation.{r.isolation_after}', lang)}",
          t("forecast.risk", lang): f"{r.risk_before} → {r.risk_after}",
          t("summary.risk_level", lang): t(f"risk_level.{r.risk_level_after}", lang),
          t("forecast.lost", lang): len(r.supports_lost),
          t("forecast.readiness_gaps", lang): "、".join(
              t(f"readiness.worry.{w}", lang).split("（")[0] for w in r.readiness_gaps)}
         for r in rows])


def audit_detail_words(detail: dict, lang: str) -> str:
    """An audit entry's detail in words: each field by its label (``ui.audit.key.<field>``
    where the table has one), yes/no as はい/いいえ, a before/after pair as ``before →
    after``, a list of records as its count.

    >>> audit_detail_words({"version": 3, "pseudonymised": True}, "ja")
    'データ版: 3・仮名化: はい'
    >>> audit_detail_words({"changes": {"active": {"before": True, "after": False}}}, "ja")
    '変更: 有効 はい → いいえ'

    A code the program wrote (a role, a load's mode, what was exported, an edit's kind) is
    said in words too (``ui.audit.value.<field>.<code>``, a role by its label), and a time
    in Japan time: the screen's log reads without English.

    >>> audit_detail_words({"role": "admin", "created_at": "2026-11-01T01:02:03+00:00"}, "ja")
    '役割: 管理者・作成日時: 2026-11-01 10:02'
    """
    def label(key: str) -> str:
        try:
            return t(f"ui.audit.key.{key}", lang)
        except KeyError:
            return key

    def code(key: str | None, value: str) -> str:
        names = {"role": "ui.auth.role.{}", "requested": "ui.audit.value.action.{}"}
        try:
            return t(names.get(key or "", f"ui.audit.value.{key}.{{}}").format(value), lang)
        except KeyError:
            pass
        if key is not None and key.endswith("_at"):
            try:
                return datetime.fromisoformat(value).astimezone(LOCAL_TIME).strftime(
                    "%Y-%m-%d %H:%M")
            except ValueError:
                pass
        return value

    def said(value: object, key: str | None = None) -> str:
        if isinstance(value, bool):
            return t("ui.yes" if value else "ui.no", lang)
        if isinstance(value, dict):
            if set(value) == {"before", "after"}:
                return f"{said(value['before'], key)} → {said(value['after'], key)}"
            return "、".join(f"{label(k)} {said(v, k)}" for k, v in value.items())
        if isinstance(value, list):
            if any(isinstance(v, dict) for v in value):
                return t("ui.audit.records", lang, n=len(value))
            return "、".join(said(v, key) for v in value) or "—"
        return "—" if value is None or value == "" else code(key, str(value))

    return "・".join(f"{label(k)}: {said(v, k)}" for k, v in detail.items())


def audit_table(entries: Sequence[AuditEntry], lang: str, *,
                readable: bool = False) -> pd.DataFrame:
    """The audit log, newest first as given: local time, user, action label, household and
    the detail as JSON (for the download), or in words (``readable``: on the screen).

    >>> from datetime import datetime, UTC
    >>> from netsupport.audit import AuditAction
    >>> e = AuditEntry(datetime(2026, 11, 1, 1, 2, 3, tzinfo=UTC), "sato",
    ...                AuditAction.VIEW_HOUSEHOLD, "H-00001", {"version": 3})
    >>> audit_table([e], "ja").iloc[0].tolist()
    ['2026-11-01 10:02:03', 'sato', '世帯の閲覧', 'H-00001', '{"version": 3}']
    """
    columns = [t(f"ui.audit.col.{c}", lang)
               for c in ("at", "user", "action", "household", "detail")]
    return pd.DataFrame(
        [[e.at.astimezone(LOCAL_TIME).strftime("%Y-%m-%d %H:%M:%S"), e.username,
          t(f"audit.{e.action.value}", lang), e.household_id or "",
          (audit_detail_words(e.detail, lang) if readable else e.detail_json())
          if e.detail else ""] for e in entries],
        columns=columns)


def audit_csv(table: pd.DataFrame) -> bytes:
    """A table as CSV (UTF-8 with BOM, for Excel), every cell a spreadsheet could run as a
    formula neutralised (:func:`netsupport.bundle_format.neutralise`).

    >>> audit_csv(pd.DataFrame({"a": ["=1+1", "ok"]})).decode("utf-8-sig").split()
    ['a', "'=1+1", 'ok']
    """
    safe = table.map(lambda v: neutralise(v) if isinstance(v, str) else v)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe.to_csv(index=False).encode("utf-8-sig")


def table_xlsx(table: pd.DataFrame) -> bytes:
    """A table as one Excel sheet, every text cell a spreadsheet could run as a formula
    neutralised (as :func:`audit_csv`).

    >>> import io
    >>> pd.read_excel(io.BytesIO(table_xlsx(pd.DataFrame({"a": ["=1+1"]})))).iloc[0, 0]
    "'=1+1"
    """
    import io

    safe = table.map(lambda v: neutralise(v) if isinstance(v, str) else v)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    out = io.BytesIO()
    safe.to_excel(out, index=False, engine="openpyxl")
    return out.getvalue()


def users_table(users: Sequence[User], lang: str) -> pd.DataFrame:
    """The accounts: username, display name, role, wards, status (never a password hash)."""
    columns = [t(f"ui.users.col.{c}", lang)
               for c in ("username", "display_name", "role", "wards", "active", "created")]
    return pd.DataFrame(
        [[u.username, u.display_name, t(f"ui.auth.role.{u.role.value}", lang),
          "、".join(u.wards), t("ui.users.active" if u.active else "ui.users.disabled", lang),
          u.created_at.astimezone(LOCAL_TIME).strftime("%Y-%m-%d %H:%M")
          if u.created_at else ""] for u in users],
        columns=columns)
