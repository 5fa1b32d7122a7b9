"""Subcommands of 親なき後: simulate (one household, what-if events) and forecast (the city).

``netsupport simulate H-01 --event parent_dies:P-02 --event years_pass:5`` prints the
household before and after, what it loses and its after-parents readiness;
``netsupport forecast --parent-age 85 --years 5`` ranks the subjects who would be left
isolated or unconnected if every parent of that age were gone. ``--json`` prints the
result objects' ``to_dict``; ``--as-of`` fixes the day. Both only read the store.
"""

from __future__ import annotations

import argparse
from datetime import date

from ..analysis.forecast import Forecast, after_parents_forecast
from ..analysis.simulation import SimulationError, SimulationResult, parse_what_if, simulate
from ..graph import to_graph
from ..i18n import t
from ..model import WARDS, Agency, Person
from ..queries import agency_index
from ..rules import load_rules
from ..storage import open_store
from .text import analysis_options, print_json, table_lines

__all__ = ["register", "simulation_summary", "forecast_summary"]


def _event(text: str):
    try:
        return parse_what_if(text)
    except SimulationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    analysed = analysis_options()

    p = sub.add_parser("simulate", parents=[common, analysed],
                       help="what-if for one household / 親なき後シミュレーション")
    p.add_argument("household_id")
    p.add_argument("--event", action="append", required=True, type=_event, metavar="EVENT",
                   help="parent_hospitalised:PERSON_ID | parent_in_care_facility:PERSON_ID | "
                        "parent_dies:PERSON_ID | parents_gone | years_pass:N "
                        "(repeat; applied in order)")
    p.set_defaults(run=run_simulate)

    p = sub.add_parser("forecast", parents=[common, analysed],
                       help="the city if the oldest parents were gone / 親なき後の見通し")
    p.add_argument("--parent-age", type=int, default=None, metavar="AGE",
                   help="parents at least this old are taken as gone (default: rules, 85)")
    p.add_argument("--years", type=int, default=0, metavar="N",
                   help="look N years ahead: everyone N years older (default 0)")
    p.add_argument("--ward", help=f"one ward, e.g. {WARDS[-1]}")
    p.add_argument("--all", action="store_true",
                   help="every household that loses a parent, not only those left isolated")
    p.add_argument("--limit", type=int, default=None, help="print at most N rows (table only)")
    p.set_defaults(run=run_forecast)


def run_simulate(args: argparse.Namespace) -> int:
    rules, as_of = load_rules(args.rules), args.as_of or date.today()
    with open_store(args.store) as store:
        network = to_graph(store.household_network(args.household_id))
        agencies = agency_index(store, rules, as_of)
    result = simulate(network, args.household_id, args.event, agencies, rules, as_of)
    if args.json:
        print_json(result.to_dict(args.lang))
    else:
        print(simulation_summary(result, args.lang))
    return 0


def run_forecast(args: argparse.Namespace) -> int:
    rules, as_of = load_rules(args.rules), args.as_of or date.today()
    with open_store(args.store) as store:
        # the scan's part of the city: everything the facts read, no events, no graph
        city = store.scan_network(args.ward)
    result = after_parents_forecast(city, rules, as_of, parent_age=args.parent_age,
                                    years=args.years, ward=args.ward)
    if args.json:
        print_json(result.to_dict(args.lang, every_row=args.all))
    else:
        print(forecast_summary(result, args.lang, every_row=args.all, limit=args.limit))
    return 0


# --- readable summaries ----------------------------------------------------------------

def _who(result: SimulationResult, node_id: str, lang: str) -> str:
    """An id with its kind or relation (no names: a summary may be printed or pasted)."""
    for o in (*result.before.facts.ties, *result.after.facts.ties):
        if o.other_id == node_id:
            if isinstance(o.other, Agency):
                return f"{node_id} {o.other.kind.label(lang).split(' (')[0]}"
            if isinstance(o.other, Person):
                return f"{node_id} {o.other.relation.label(lang)}"
    return node_id



def simulation_summary(result: SimulationResult, lang: str = "ja") -> str:
    """A plain-text before/after summary of one simulation."""
    b, a = result.before, result.after
    none = t("summary.none", lang)
    same = t("sim.unchanged", lang)
    yes, no = t("summary.yes", lang), t("summary.no", lang)

    def gen(value: bool, generation: str | None) -> str:
        return (yes if value else no) + (f"（{generation}）" if generation else "")

    relations = {d.person_id: d.relation for d in result.departures}
    relations.update({p.person_id: p.relation for e in result.events for p in e.people})

    def who(person_id: str) -> str:
        """No names in a summary that may be printed or pasted: relation and id."""
        relation = relations.get(person_id)
        return f"{relation.label(lang)} {person_id}" if relation else person_id

    lines = [f"{t('sim.title', lang)}  {t('summary.household', lang)} {result.household_id}"
             f"（{b.facts.household.ward}）",
             f"{t('sim.scenario', lang)}: " + " → ".join(
                 f"{e.label(lang, who)}（{e.day.isoformat()}）" for e in result.events)]
    strategy_after = a.strategy.label(lang) if result.strategy_changed else same
    lead_after = (f"{a.team.lead or none} {t(a.lead.action_label_key, lang)}"
                  if result.lead_changed else same)
    lines += table_lines([
        ["", f"{t('sim.now', lang)} {result.as_of.isoformat()}",
         f"{t('sim.after', lang)} {result.as_of_after.isoformat()}"],
        [t("summary.is_8050", lang), gen(b.is_8050, result.generation_before),
         gen(a.is_8050, result.generation_after)],
        [t("summary.isolation", lang), b.isolation.label(lang), a.isolation.label(lang)],
        [t("sim.supports", lang), str(len(b.facts.supports)), str(len(a.facts.supports))],
        [t("summary.risk", lang),
         f"{b.risk.score}（{t(b.risk.level_label_key, lang)}）",
         f"{a.risk.score}（{t(a.risk.level_label_key, lang)}）"],
        [t("summary.strategy", lang), b.strategy.label(lang), strategy_after],
        [t("summary.lead", lang), f"{b.team.lead or none} {t(b.lead.action_label_key, lang)}",
         lead_after],
    ])
    if result.departures:
        lines.append(f"{t('sim.departures', lang)}: " + "、".join(
            f"{x.relation.label(lang)} {x.person_id} {t(f'sim.departed.{x.how}', lang)}"
            for x in result.departures))
    lines.append(f"{t('sim.lost_supports', lang)} ({len(result.lost_supports)}):"
                 + ("" if result.lost_supports else f" {none}"))
    for s in result.lost_supports:
        lines.append(f"  ・{_who(result, s.support_id, lang)}: {s.label(lang, who)}")
    lines.append(f"{t('sim.kept_supports', lang)} ({len(result.kept_supports)}): "
                 + ("、".join(result.kept_supports) or none))
    lines.append(f"{t('sim.ended_ties', lang)} ({len(result.ended_ties)}): " + (
        "、".join(f"{e.key.source_id}→{e.key.target_id}" for e in result.ended_ties) or none))
    lines.append(f"{t('sim.gaps_opened', lang)}:" + ("" if result.gaps_opened else f" {none}"))
    for g in result.gaps_opened:
        away = f"（{t('sim.absent_parent', lang)}: {'、'.join(g.absent_parents)}）" \
            if g.absent_parents else ""
        lines.append(f"  ・{g.gap.label(lang)}{away}")
    lines.append(f"{t('sim.gaps_closed', lang)}:" + ("" if result.gaps_closed else f" {none}"))
    for g in result.gaps_closed:
        lines.append(f"  ・{g.gap.label(lang)}（{t(f'sim.gap_closed.{g.why}', lang)}）")
    lines.append(f"{t('sim.risk_changes', lang)}:" + ("" if result.risk_changes else f" {none}"))
    for r in result.risk_changes:
        sign = "+" if r.delta > 0 else "−"
        lines.append(f"  ・{r.factor.label(lang)} {sign}"
                     f"{t('summary.points', lang, points=abs(r.delta))}")
    lines.append(f"{t('summary.team', lang)}: {t('sim.team_left', lang)} "
                 f"{'、'.join(result.team_left) or none} / {t('sim.team_joined', lang)} "
                 f"{'、'.join(result.team_joined) or none}")
    readiness = result.readiness
    count = t("readiness.count", lang, covered=len(readiness.covered),
              total=len(readiness.items))
    lines.append(f"{t('readiness.title', lang)}（{count}）:")
    for item in readiness.items:
        mark = "○" if item.covered else "×"
        carriers = "、".join(item.supports) or none
        others = (f"（{t('readiness.others', lang, supports='、'.join(item.others))}）"
                  if item.others else "")
        lines.append(f"  {mark} {item.label(lang)}: {carriers}{others}")
    return "\n".join(lines)


def forecast_summary(result: Forecast, lang: str = "ja", *, every_row: bool = False,
                     limit: int | None = None) -> str:
    """The forward view as text: counts, by ward, and a ranked table."""
    head = t("forecast.title", lang, parent_age=result.parent_age)
    if result.years:
        head += "  " + t("forecast.in_years", lang, years=result.years,
                         day=result.as_of_after.isoformat())
    lines = [f"{head}  {t('summary.as_of', lang)} {result.as_of.isoformat()}",
             t("forecast.counts", lang, households=result.households,
               affected=len(result.rows), left=len(result.left_isolated))]
    if result.rows:
        lines.append(f"{t('forecast.by_ward', lang)}:")
        for c in result.ward_counts():
            lines.append("  " + t("forecast.ward_row", lang, **c.to_dict()))
    rows = result.rows if every_row else result.left_isolated
    if not rows:
        lines.append(t("scan.empty", lang))
        return "\n".join(lines)
    table = [[t("summary.household", lang), t("summary.ward", lang),
              t("forecast.subject_age", lang), t("forecast.parents_gone", lang),
              t("forecast.isolation", lang), t("forecast.risk", lang),
              t("forecast.lost", lang), t("forecast.readiness_gaps", lang)]]
    for r in rows[:limit] if limit else rows:
        table.append([
            r.household_id, r.ward, "" if r.subject_age is None else str(r.subject_age),
            "、".join(f"{p}({age})" for p, age in zip(r.parents_gone, r.parent_ages,
                                                      strict=True)),
            f"{t(f'isolation.{r.isolation_before}', lang)}→"
            f"{t(f'isolation.{r.isolation_after}', lang)}",
            f"{r.risk_before}→{r.risk_after}（{t(f'risk_level.{r.risk_level_after}', lang)}）",
            str(len(r.supports_lost)),
            "、".join(t(f"readiness.worry.{w}", lang).split("（")[0]
                     for w in r.readiness_gaps)])
    lines += table_lines(table)
    return "\n".join(lines)
