"""Subcommands that analyse: household, scan, agencies; and rules, the rules they use.

``--json`` prints the contract of ``RULES.md`` (plus labels and facts); without it a
readable summary in the chosen language (a table for the scan). ``--as-of`` fixes the
reference day so that a result can be reproduced.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from ..analysis import AgencyReport, HouseholdReport, ScanRow
from ..i18n import t
from ..model import WARDS, AgencyKind
from ..queries import city_agencies, city_scan, household_view
from ..rules import default_rules_path, load_rules
from ..storage import open_store
from .progress import Progress
from .text import analysis_options, print_json, table_lines

__all__ = ["register", "household_summary", "scan_table", "agency_summary"]



def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    analysed = analysis_options()

    p = sub.add_parser("household", parents=[common, analysed],
                       help="one household's analysis / 世帯の分析")
    p.add_argument("household_id")
    p.set_defaults(run=household)

    p = sub.add_parser("scan", parents=[common, analysed],
                       help="rank the city's households / 市内世帯のスクリーニング")
    p.add_argument("--ward", help=f"one ward, e.g. {WARDS[-1]}")
    p.add_argument("--only-8050", action="store_true", help="8050 households only")
    p.add_argument("--isolated", action="store_true", help="isolated or unconnected only")
    p.add_argument("--limit", type=int, default=None, help="print at most N rows (table only)")
    p.set_defaults(run=scan)

    p = sub.add_parser("agencies", parents=[common, analysed],
                       help="the agency network / 関係機関ネットワークの分析")
    p.add_argument("--ward", help="households of one ward only")
    p.add_argument("--top", type=int, default=None, help="how many brokers to list")
    p.set_defaults(run=agencies)

    p = sub.add_parser("rules", parents=[common],
                       help="check and print the analysis rules in force / 分析ルールの確認と表示")
    p.add_argument("--rules", default=None,
                   help="rules file (default: $NETSUPPORT_RULES or the rules shipped in the"
                        " package)")
    p.set_defaults(run=show_rules)


def _rules_and_day(args: argparse.Namespace):
    """The rules and the as-of day, read before a store opens (a bad rules file opens none)."""
    return load_rules(args.rules), args.as_of or date.today()



def household(args: argparse.Namespace) -> int:
    rules, as_of = _rules_and_day(args)
    with open_store(args.store) as store:
        report = household_view(store, args.household_id, rules, as_of).report
    if args.json:
        print_json(report.to_dict(args.lang))
    else:
        print(household_summary(report, args.lang))
    return 0


def scan(args: argparse.Namespace) -> int:
    rules, as_of = _rules_and_day(args)
    with open_store(args.store) as store, Progress.for_args(args).step("progress.scan"):
        rows = city_scan(store, rules, as_of, ward=args.ward, only_8050=args.only_8050,
                         isolated=args.isolated)
    if args.json:
        print_json([r.to_dict(args.lang) for r in rows])
    else:
        print(scan_table(rows, as_of, args.lang, limit=args.limit))
    return 0


def agencies(args: argparse.Namespace) -> int:
    rules, as_of = _rules_and_day(args)
    with open_store(args.store) as store:
        report = city_agencies(store, rules, as_of, ward=args.ward, top=args.top)
    if args.json:
        print_json(report.to_dict(args.lang))
    else:
        print(agency_summary(report, args.lang))
    return 0


def show_rules(args: argparse.Namespace) -> int:
    """Validate the rules in force and print their file: ``netsupport rules > mine.toml``
    gives a supervisor a copy of the defaults to edit and name with ``$NETSUPPORT_RULES``."""
    file = default_rules_path() if args.rules is None else Path(args.rules)
    load_rules(file)
    print(file.read_text(encoding="utf-8"), end="")
    return 0


# --- readable summaries ----------------------------------------------------------------

def household_summary(report: HouseholdReport, lang: str = "ja") -> str:
    """A plain-text summary of one household for a terminal or a note."""
    d = report.to_dict(lang)
    none = t("summary.none", lang)
    yes_no = t("summary.yes" if d["is_8050"] else "summary.no", lang)
    lines = [
        f"{t('summary.household', lang)} {d['household_id']}  {t('summary.ward', lang)} "
        f"{d['ward']}  {t('summary.as_of', lang)} {d['as_of']}",
        f"{t('summary.is_8050', lang)}: {yes_no}    {t('summary.isolation', lang)}: "
        f"{d['isolation_label']}（{d['isolation_explanation']}）",
        f"{t('summary.risk', lang)}: {d['risk']['score']} "
        f"（{t('summary.risk_level', lang)} {d['labels']['risk_level']}）",
    ]
    for f in d["risk"]["factors"]:
        lines.append(f"  ・{f['label']} +{t('summary.points', lang, points=f['points'])}")
    no_gaps = "" if d["gaps"] else f" {t('summary.no_gaps', lang)}"
    lines.append(f"{t('summary.gaps', lang)}:{no_gaps}")
    for g in d["gaps"]:
        needs = "・".join(AgencyKind(k).label(lang).split(" (")[0] for k in g["needs"])
        lines.append(f"  ・{g['label']}" + (f"（{needs}）" if needs else ""))
    lines.append(f"{t('summary.strategy', lang)}: {d['strategy_label']}")
    lines.append(f"  {d['strategy_explanation']}")
    lead = d["lead"]
    lines.append(f"{t('summary.lead', lang)}: {t('summary.current_lead', lang)} "
                 f"{lead['current'] or none} → {t('summary.recommended_lead', lang)} "
                 f"{lead['recommended'] or none}（{lead['action_label']}）")
    for r in lead.get("reason_details", []):
        lines.append(f"  ・{r['label']}")
    if lead["bridge"]:
        lines.append("  " + " → ".join(lead["bridge"]))
    team = d["team"]
    lines.append(f"{t('summary.team', lang)}: {t('summary.team_lead', lang)} "
                 f"{team['lead'] or none} / {t('summary.members', lang)} "
                 f"{'、'.join(team['members']) or none} / {t('summary.backup', lang)} "
                 f"{'、'.join(team['backup']) or none}")
    return "\n".join(lines)



def scan_table(rows: list[ScanRow], as_of: date, lang: str = "ja",
               limit: int | None = None) -> str:
    """The scan as an aligned text table (East Asian wide characters count double)."""
    if not rows:
        return t("scan.empty", lang)
    header = [t("summary.household", lang), t("summary.ward", lang), "8050",
              t("summary.isolation", lang), t("summary.risk_score", lang),
              t("summary.risk_level", lang), t("summary.strategy", lang),
              t("summary.gaps", lang)]
    body = []
    for r in rows[:limit] if limit else rows:
        d = r.to_dict(lang)
        body.append([d["household_id"], d["ward"], "○" if d["is_8050"] else "",
                     d["isolation_label"], str(d["risk_score"]), d["risk_level_label"],
                     d["strategy_label"], "、".join(t(f"gap.{c}", lang) for c in d["gaps"])])
    lines = table_lines([header, *body])
    count = t("scan.count", lang, n=len(rows))
    lines.append(f"{t('summary.as_of', lang)} {as_of.isoformat()}  {count}")
    return "\n".join(lines)


def agency_summary(report: AgencyReport, lang: str = "ja") -> str:
    d = report.to_dict(lang)
    labels = d["labels"]
    lines = [f"{labels['title']}  {t('summary.as_of', lang)} {d['as_of']}"]
    for key in ("sole_support", "brokers", "over_capacity", "ward_shortages"):
        lines.append(f"\n{labels[key]} ({len(d[key])})")
        for item in d[key][:20]:
            if key == "brokers":  # in words, not the raw betweenness
                lines.append(f"  ・{item['agency_id']}: {item['label']}")
                continue
            lines.append("  ・" + "  ".join(f"{k}={_short(v)}" for k, v in item.items()))
        if not d[key]:
            lines.append(f"  {t('summary.none', lang)}")
    return "\n".join(lines)


def _short(value: Any) -> str:
    if isinstance(value, list | tuple):
        text = ",".join(map(str, value[:5]))
        return text + (f",…(+{len(value) - 5})" if len(value) > 5 else "")
    return str(value)


