"""The one translation table of netsupport's messages and finding labels.

``TEXTS`` maps a key to its (Japanese, English) text; :func:`t` picks one and fills its
``{name}`` fields with :meth:`str.format`. Japanese is the default: it is the working language
of every user. The labels of codes (agency kinds, relations, ...) are not here but in
:data:`netsupport.model.LABELS`, the one table of enum labels.

Keys are grouped by prefix:

- ``cli.*``: messages of the command line;
- ``gap.*``, ``risk.*``, ``risk_level.*``, ``isolation.*``, ``is_8050.*``, ``strategy.*``
  (with ``strategy.<code>.why``, the branch taken), ``lead.action.*``, ``lead.reason.*``,
  ``team.why.*``: the labels of the analysis findings, named by their codes of ``RULES.md``;
- ``summary.*``, ``scan.*``, ``agency_report.*``: the words of the Japanese summaries.

A label that holds a rule's number (``{age}``, ``{days}`` ...) is filled from the rules in
force, so that changing ``rules.toml`` changes the label too.

Examples
--------
>>> t("gap.no_lead")
'主担当未設定'
>>> t("gap.no_lead", "en")
'No lead agency'
>>> t("risk.parent_80_plus", age=80)
'80歳以上の親がいる'
"""

from __future__ import annotations

__all__ = ["TEXTS", "t"]

TEXTS: dict[str, tuple[str, str]] = {
    # --- command line ------------------------------------------------------------------
    "cli.error": ("エラー", "Error"),
    "cli.warning": ("警告", "warning"),
    "cli.invalid_bundle": ("データに {n} 件のエラーがあります。修正してからやり直してください。",
                           "{n} error(s) in the data; fix them and try again."),
    "cli.output_exists": ("{path} は既に存在します（上書きするには --force）",
                          "{path} already exists (use --force to overwrite)"),
    "cli.demo_written": (
        "デモデータを {path} に書き出しました: 機関 {agencies}・世帯 {households}・人 {people}・"
        "つながり {ties}・支援経過 {events}",
        "Demo data written to {path}: {agencies} agencies, {households} households, "
        "{people} people, {ties} ties, {events} events"),
    "cli.valid": (
        "問題ありません: 機関 {agencies}・世帯 {households}・人 {people}・つながり {ties}・"
        "支援経過 {events}",
        "Valid: {agencies} agencies, {households} households, {people} people, {ties} ties, "
        "{events} events"),
    "cli.loaded": (
        "{store} に取り込みました: 機関 {agencies}・世帯 {households}・人 {people}・"
        "つながり {ties}・支援経過 {events}",
        "Loaded into {store}: {agencies} agencies, {households} households, {people} people, "
        "{ties} ties, {events} events"),
    "cli.exported": (
        "{path} に書き出しました: 機関 {agencies}・世帯 {households}・人 {people}・"
        "つながり {ties}・支援経過 {events}",
        "Exported to {path}: {agencies} agencies, {households} households, {people} people, "
        "{ties} ties, {events} events"),
    "cli.template_written": ("入力用テンプレートを {path} に書き出しました",
                             "Template written to {path}"),
    "cli.rules_error": ("分析ルールの読み込みに失敗しました", "Could not read the analysis rules"),

    # --- 8050 and isolation ------------------------------------------------------------
    "is_8050.yes": ("8050世帯（本人{subject_age}歳以上・親{parent_age}歳以上）",
                    "8050 household (subject {subject_age}+, a parent {parent_age}+)"),
    "is_8050.no": ("8050世帯に該当しない", "Not an 8050 household"),
    "isolation.connected": ("つながりあり", "Connected"),
    "isolation.isolated": ("孤立", "Isolated"),
    "isolation.unconnected": ("支援者なし（未接続）", "Unconnected (no supports)"),
    "isolation.connected.why": (
        "支援者が{supports}人・機関あり、{recent_days}日以内の連絡がある",
        "{supports} supports, with contact within {recent_days} days"),
    "isolation.isolated.why": (
        "支援者が{supports}人・機関のみ、または{recent_days}日以内に連絡のある支援者がいない",
        "Only {supports} support(s), or no support in contact within {recent_days} days"),
    "isolation.unconnected.why": ("支援者が一人もいない", "No support at all"),

    # --- gaps --------------------------------------------------------------------------
    "gap.no_lead": ("主担当未設定", "No lead agency"),
    "gap.multiple_leads": ("主担当が複数", "More than one lead agency"),
    "gap.stale_lead": ("主担当との連絡が{days}日を超えて途絶えている",
                       "No contact with the lead for more than {days} days"),
    "gap.elder_care": ("高齢の親への支援未接続", "No elder care for a parent"),
    "gap.care_manager": ("ケアマネジャー未接続", "No care manager"),
    "gap.medical": ("医療・精神保健の支援未接続", "No medical or mental health support"),
    "gap.income": ("経済的支援未接続", "No income support"),
    "gap.community_watch": ("地域の見守りなし", "No community watch"),
    "gap.stage_resource": ("支援段階に合った社会資源未接続",
                           "No resource for the support stage"),
    "gap.consent": ("情報共有の同意が未確認", "Consent to share information not confirmed"),
    "gap.needs": ("必要な機関", "Needs"),

    # --- risk --------------------------------------------------------------------------
    "risk.crisis": ("危機の切迫性あり", "Crisis imminent"),
    "risk.unconnected": ("支援者なし（未接続）", "Unconnected"),
    "risk.isolated": ("孤立", "Isolated"),
    "risk.parent_80_plus": ("{age}歳以上の親がいる", "A parent aged {age} or over"),
    "risk.parent_care_need": ("親が認知症・要介護", "A parent with dementia or care needs"),
    "risk.no_lead": ("主担当未設定", "No lead agency"),
    "risk.subject_50_plus": ("本人が{age}歳以上", "Subject aged {age} or over"),
    "risk.long_withdrawal": ("ひきこもり期間{years}年以上", "Withdrawn for {years} years or more"),
    "risk.parent_deceased": ("親が亡くなっている", "A parent has died"),
    "risk.refuses": ("本人が支援を拒否", "Subject refuses support"),
    "risk.family_difficult": ("家族の力量・協力が困難", "Family capacity difficult"),
    "risk.financial_hardship": ("経済的困窮", "Financial hardship"),
    "risk_level.high": ("高", "High"),
    "risk_level.medium": ("中", "Medium"),
    "risk_level.low": ("低", "Low"),

    # --- strategy ----------------------------------------------------------------------
    "strategy.crisis_intervention": ("危機介入", "Crisis intervention"),
    "strategy.direct_support": ("本人への支援（来所・訪問）",
                                "Support the subject directly (office or home visits)"),
    "strategy.via_family": ("家族を通した本人への働きかけ",
                            "Work on the subject through the family"),
    "strategy.prepare_for_crisis": ("危機に備えて関係性をつくる（定期的な訪問）",
                                    "Build a relationship before a crisis (regular visits)"),
    "strategy.crisis_intervention.why": (
        "危機の切迫性があるため、まず危機介入を行う",
        "A crisis is imminent: intervene first"),
    "strategy.direct_support.why": (
        "危機の切迫性はなく、本人が支援を拒否していないため、本人に直接支援する",
        "No imminent crisis and the subject does not refuse support: support them directly"),
    "strategy.via_family.why": (
        "危機の切迫性はなく、本人は拒否的（または不明）だが、家族の力量・協力が良好なため、"
        "家族を通して本人に働きかける",
        "No imminent crisis; the subject refuses (or it is unknown) but the family is capable: "
        "work through the family"),
    "strategy.prepare_for_crisis.why": (
        "危機の切迫性はなく、本人は拒否的（または不明）で、家族の力量・協力も困難（または不明）"
        "なため、定期的な訪問で危機に備えて関係性をつくる",
        "No imminent crisis; the subject refuses (or it is unknown) and the family struggles "
        "(or it is unknown): build a relationship with regular visits before a crisis"),

    # --- lead --------------------------------------------------------------------------
    "lead.action.keep": ("現在の主担当を継続", "Keep the current lead"),
    "lead.action.handover": ("主担当を引き継ぐ", "Hand the lead over"),
    "lead.action.assign": ("主担当を決める", "Assign a lead"),
    "lead.action.none": ("主担当の候補なし", "No lead available"),
    "lead.reason.kind_mismatch": ("機関の種別が支援段階に合わない",
                                  "Its kind does not fit the support stage"),
    "lead.reason.over_capacity": ("受け持ち世帯数が上限を超えている",
                                  "It leads more households than its capacity"),
    "lead.reason.stale": ("世帯との連絡が{days}日を超えて途絶えている",
                          "No contact with the household for more than {days} days"),
    "lead.reason.stressful": ("世帯とのつながりがストレス・対立関係",
                              "Its tie to the household is stressful"),
    "lead.bridge": ("引継ぎの経路", "Handover path"),
    "lead.no_bridge": ("引継ぎの経路なし（機関どうしのつながりがない）",
                       "No handover path (the agencies are not linked)"),

    # --- mini support team -------------------------------------------------------------
    "team.why.team_tie": ("ミニサポートチームとして支援中", "Already in the mini support team"),
    "team.why.gap": ("不足を補う: {gap}", "Fills a gap: {gap}"),

    # --- summaries (CLI, UI) -----------------------------------------------------------
    "summary.household": ("世帯", "Household"),
    "summary.ward": ("区", "Ward"),
    "summary.as_of": ("基準日", "As of"),
    "summary.is_8050": ("8050世帯", "8050 household"),
    "summary.isolation": ("孤立度", "Isolation"),
    "summary.risk": ("リスク", "Risk"),
    "summary.risk_score": ("リスク点数", "Risk score"),
    "summary.risk_level": ("リスク水準", "Risk level"),
    "summary.points": ("{points}点", "{points} pt"),
    "summary.factors": ("リスク要因", "Risk factors"),
    "summary.gaps": ("支援の不足", "Gaps"),
    "summary.no_gaps": ("不足なし", "No gaps"),
    "summary.strategy": ("支援の方略", "Strategy"),
    "summary.lead": ("主担当", "Lead"),
    "summary.current_lead": ("現在の主担当", "Current lead"),
    "summary.recommended_lead": ("推奨する主担当", "Recommended lead"),
    "summary.action": ("対応", "Action"),
    "summary.reasons": ("理由", "Reasons"),
    "summary.team": ("ミニサポートチーム", "Mini support team"),
    "summary.team_lead": ("主担当", "Lead"),
    "summary.members": ("メンバー", "Members"),
    "summary.backup": ("バックアップ機関", "Backup agencies"),
    "summary.none": ("なし", "none"),
    "summary.yes": ("はい", "yes"),
    "summary.no": ("いいえ", "no"),
    "summary.facts": ("根拠", "Facts"),
    "scan.count": ("{n} 世帯", "{n} households"),
    "scan.empty": ("該当する世帯はありません", "No household matches"),
    "agency_report.title": ("関係機関の分析", "Agency report"),
    "agency_report.sole_support": ("唯一の支援になっている機関（失われると支援者がいなくなる世帯）",
                                   "Sole supports (households left with nobody without them)"),
    "agency_report.brokers": ("橋渡し役の機関（媒介中心性）", "Broker agencies (betweenness)"),
    "agency_report.over_capacity": ("受け持ちが上限を超えている機関",
                                    "Agencies over their capacity"),
    "agency_report.ward_shortages": ("区内に必要な種別の機関がない世帯",
                                     "Households whose ward lacks a needed kind of agency"),
    "agency_report.leads": ("受け持ち {leads} / 上限 {capacity}",
                            "Leads {leads} / capacity {capacity}"),
}


def t(key: str, lang: str = "ja", **fmt: object) -> str:
    """The text of ``key`` in ``lang`` (``"ja"``, else English), with ``fmt`` filled in.

    Raises ``KeyError`` naming the key when it is not in :data:`TEXTS`, so that a missing
    translation fails a test rather than showing a raw key to a user.

    Examples
    --------
    >>> t("scan.count", "en", n=3)
    '3 households'
    """
    try:
        ja, en = TEXTS[key]
    except KeyError:
        raise KeyError(f"no text for {key!r} in netsupport.i18n.TEXTS") from None
    text = ja if lang == "ja" else en
    return text.format(**fmt) if fmt else text
