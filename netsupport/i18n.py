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

import string

__all__ = ["TEXTS", "t", "number"]

TEXTS: dict[str, tuple[str, str]] = {
    # --- maps (netsupport.viz) --------------------------------------------------------
    "viz.title.ecomap": ("エコマップ", "Ecomap"),
    "viz.title.agency_map": ("関係機関ネットワーク", "Agency network"),
    "viz.as_of": ("基準日", "As of"),
    "viz.legend": ("凡例", "Legend"),
    "viz.legend.nodes": ("機関の色（種別）", "Agency colours (kind)"),
    "viz.legend.people": ("世帯と人", "Household and people"),
    "viz.legend.marks": ("しるし", "Marks"),
    "viz.legend.lines": ("線（支援の強さ・矢印は支援の向き）",
                     "Lines (strength; arrows show who supports whom)"),
    "viz.legend.agency_lines": ("線", "Lines"),
    "viz.legend.household": ("世帯（円の中が同居家族）", "Household (family inside the circle)"),
    "viz.legend.member": ("世帯員（続柄）", "Household member (relation)"),
    "viz.legend.subject": ("本人（◎・太枠）", "Subject (◎, thick border)"),
    "viz.legend.deceased": ("故人（✕・灰色）", "Deceased (✕, grey)"),
    "viz.legend.genogram": ("家族の線（夫婦・親子）", "Family lines (couple, parent–child)"),
    "viz.legend.informal": ("インフォーマルな支え（近隣・親戚・友人）",
                        "Informal support (neighbours, relatives, friends)"),
    "viz.legend.lead": ("★ 主担当（太枠）", "★ Lead agency (thick border)"),
    "viz.legend.team": ("◆ ミニサポートチーム", "◆ Mini support team"),
    "viz.legend.backup": ("◇ バックアップ機関", "◇ Backup agency"),
    "viz.legend.missing": ("未接続の支援（点線の枠）", "Missing support (dashed box)"),
    "viz.legend.missing_line": ("未接続", "Not connected"),
    "viz.legend.faded": ("失われる想定（薄い表示）", "Assumed lost (faded)"),
    "viz.legend.inactive": ("終了した・開始前のつながりは描いていません",
                        "Ended or not yet started ties are not drawn"),
    "viz.legend.size_broker": ("円の大きさ: 多くの世帯の支援機関どうしをつなぐ位置にあるほど大きい",
                               "Circle size: larger for agencies that link the supporters "
                               "of many households"),
    "viz.legend.sole": ("⚠ 唯一の支援になっている世帯がある（赤枠）",
                    "⚠ Only support of some household (red border)"),
    "viz.legend.highlight": ("強調（引継ぎの経路など）", "Highlighted (e.g. handover path)"),
    "viz.legend.edge_weight": ("線の太さ: 連携の強さ", "Line width: strength of collaboration"),
    "viz.family.mental_health": ("ひきこもり・精神保健", "Hikikomori & mental health"),
    "viz.family.care": ("介護・高齢", "Care & elderly"),
    "viz.family.medical": ("医療・保健", "Health & medical"),
    "viz.family.welfare": ("福祉・生活", "Welfare & income"),
    "viz.family.community": ("地域の見守り", "Community watch"),
    "viz.family.participation": ("就労・居場所・学び", "Employment, ibasho & school"),
    "viz.family.other": ("その他の機関", "Other agencies"),
    "viz.household": ("世帯", "Household"),
    "viz.agency_counts": ("機関 {n:,}・連携 {m:,}", "{n:,} agencies, {m:,} links"),
    "viz.deceased": ("（故）", " (deceased)"),
    "viz.age": ("{n}歳", "age {n}"),
    "viz.edge.stressful": ("ストレス", "stress"),
    "viz.edge.ends_today": ("本日で終了", "ends today"),
    "viz.fit": ("全体を表示", "Zoom to fit"),
    "viz.tooltip.until": ("終了日（この日まで有効）", "Last day"),
    "viz.unknown_node": ("不明なつながり先", "Unknown party"),
    "viz.tooltip.kind": ("種別", "Kind"),
    "viz.tooltip.ward": ("区", "Ward"),
    "viz.tooltip.diagnosis": ("診断", "Diagnosis"),
    "viz.tooltip.strength": ("強さ", "Strength"),
    "viz.tooltip.role": ("役割", "Role"),
    "viz.tooltip.since": ("開始", "Since"),
    "viz.tooltip.last_contact": ("最終連絡", "Last contact"),
    "viz.tooltip.consent": ("情報共有の同意", "Consent to share"),
    "viz.tooltip.needs": ("必要な機関", "Needed kinds"),
    "viz.tooltip.broker": ("つなぐ役割", "Linking role"),
    "viz.tooltip.sole": ("唯一の支援である世帯数", "Households where it is the only support"),
    "viz.tooltip.weight": ("連携の強さ", "Collaboration strength"),
    "viz.noscript": ("この地図の表示には JavaScript を有効にしてください。",
                 "Please enable JavaScript to see this map."),
    # --- 親なき後: what-if simulation, readiness checklist, forward view --------------------
    "sim.title": ("親なき後シミュレーション", "After-parents simulation"),
    "sim.scenario": ("想定", "Scenario"),
    "sim.now": ("現在", "Now"),
    "sim.after": ("想定後", "After"),
    "sim.supports": ("支援者の数", "Supports"),
    "sim.unchanged": ("変化なし", "unchanged"),
    "sim.event.parent_hospitalised": ("{person}が入院する", "{person} is hospitalised"),
    "sim.event.parent_in_care_facility": ("{person}が施設に入所する",
                                          "{person} enters a care facility"),
    "sim.event.parent_dies": ("{person}が亡くなる", "{person} dies"),
    "sim.event.parents_gone": ("親なき後: {person}が亡くなる",
                               "The parents are gone: {person} die"),
    "sim.event.years_pass": ("{years}年が経過する", "{years} years pass"),
    "sim.departures": ("家にいなくなる親", "Parents leaving the home"),
    "sim.departed.parent_dies": ("死亡", "Dies"),
    "sim.departed.parent_hospitalised": ("入院中", "In hospital"),
    "sim.departed.parent_in_care_facility": ("施設入所中", "In a care facility"),
    "sim.lost_supports": ("失われる支援", "Supports lost"),
    "sim.lost.via_departed": ("{persons}とだけつながっていた", "Tied only to {persons}"),
    "sim.kept_supports": ("残る支援", "Supports kept"),
    "sim.ended_ties": ("終わるつながり", "Ties that end"),
    "sim.gaps_opened": ("新たに生じる不足", "Gaps opened"),
    "sim.gaps_closed": ("なくなる不足", "Gaps closed"),
    "sim.gap_closed.covered": ("補われる", "covered"),
    "sim.gap_closed.no_longer_applies": ("該当しなくなる", "no longer applies"),
    "sim.absent_parent": ("入院・入所中の親について", "about a parent away from home"),
    "sim.risk_changes": ("リスク要因の増減", "Risk factor changes"),
    "sim.team_left": ("抜ける", "leave"),
    "sim.team_joined": ("加わる", "join"),
    "readiness.title": ("親なき後の備え", "After-parents readiness"),
    "readiness.count": ("{total}項目中{covered}項目に担い手あり",
                        "{covered} of {total} worries have someone to carry them"),
    "readiness.others": ("本人以外の家族にだけ: {supports}", "only for other members: {supports}"),
    "readiness.worry.budgeting": ("やりくり（家計・金銭管理）", "Budgeting and money management"),
    "readiness.worry.loneliness": ("孤独感", "Loneliness"),
    "readiness.worry.property": ("財産管理", "Property management"),
    "readiness.worry.neighbours": ("近所づきあい", "Neighbour relations"),
    "readiness.worry.nutrition": ("栄養（食事・日常生活）", "Nutrition and daily living"),
    "readiness.worry.relatives": ("親戚とのつきあい", "Relatives"),
    "forecast.title": ("親なき後の見通し（{parent_age}歳以上の親がいなくなった場合）",
                       "Forward view (if every parent aged {parent_age} or over were gone)"),
    "forecast.in_years": ("{years}年後（{day}）", "in {years} years ({day})"),
    "forecast.counts": ("{households:,}世帯中、親がいなくなる世帯 {affected:,}・"
                        "孤立または未接続になる本人 {left:,}",
                        "Of {households:,} households, {affected:,} lose a parent; "
                        "{left:,} subjects are left isolated or unconnected"),
    "forecast.by_ward": ("区別", "By ward"),
    "forecast.ward_row": ("{ward}: 親がいなくなる {affected:,}・孤立 {isolated:,}・"
                          "未接続 {unconnected:,}",
                          "{ward}: {affected:,} lose a parent, {isolated:,} isolated, "
                          "{unconnected:,} unconnected"),
    "forecast.subject_age": ("本人年齢", "Subject age"),
    "forecast.parents_gone": ("いなくなる親（年齢）", "Parents gone (age)"),
    "forecast.isolation": ("孤立度 現在→後", "Isolation now→after"),
    "forecast.risk": ("リスク 現在→後", "Risk now→after"),
    "forecast.lost": ("失われる支援", "Supports lost"),
    "forecast.readiness_gaps": ("担い手のない心配", "Worries nobody carries"),

    # --- command line ------------------------------------------------------------------
    "cli.error": ("エラー", "Error"),
    "cli.warning": ("警告", "warning"),
    "cli.invalid_bundle": ("データに {n:,} 件のエラーがあります。修正してからやり直してください。",
                           "{n:,} error(s) in the data; fix them and try again."),
    "cli.output_exists": ("{path} は既に存在します（上書きするには --force）",
                          "{path} already exists (use --force to overwrite)"),
    "cli.demo_written": (
        "デモデータを {path} に書き出しました: 機関 {agencies:,}・世帯 {households:,}・"
        "人 {people:,}・つながり {ties:,}・支援経過 {events:,}",
        "Demo data written to {path}: {agencies:,} agencies, {households:,} households, "
        "{people:,} people, {ties:,} ties, {events:,} events"),
    "cli.valid": (
        "問題ありません: 機関 {agencies:,}・世帯 {households:,}・人 {people:,}・つながり {ties:,}・"
        "支援経過 {events:,}",
        "Valid: {agencies:,} agencies, {households:,} households, {people:,} people, "
        "{ties:,} ties, {events:,} events"),
    "cli.loaded": (
        "{store} に取り込みました: 機関 {agencies:,}・世帯 {households:,}・人 {people:,}・"
        "つながり {ties:,}・支援経過 {events:,}",
        "Loaded into {store}: {agencies:,} agencies, {households:,} households, {people:,} people, "
        "{ties:,} ties, {events:,} events"),
    "cli.exported": (
        "{path} に書き出しました: 機関 {agencies:,}・世帯 {households:,}・人 {people:,}・"
        "つながり {ties:,}・支援経過 {events:,}",
        "Exported to {path}: {agencies:,} agencies, {households:,} households, {people:,} people, "
        "{ties:,} ties, {events:,} events"),
    "cli.template_written": ("入力用テンプレートを {path} に書き出しました",
                             "Template written to {path}"),
    "cli.merged": (
        "{store} に含まれる世帯だけ取り込みました: {summary}",
        "Merged into {store}: {summary}"),
    "cli.merge.dry_run": ("確認のみ（--dry-run）: 何も書き込んでいません",
                          "Dry run (--dry-run): nothing was written"),
    "cli.merge.dry_run_alone": ("--dry-run は --merge と一緒に指定してください",
                                "--dry-run goes with --merge"),
    "cli.merge.with_replace": ("--merge と --replace は同時に指定できません",
                               "--merge and --replace cannot be used together"),
    "merge.summary": (
        "世帯 追加 {households_added:,}・変更 {households_changed:,}・変更なし "
        "{households_unchanged:,}（つながりで変わる他の世帯 {households_affected:,}）、"
        "つながり 追加 {ties_added:,}・終了 {ties_ended:,}・更新 {ties_changed:,}・削除 "
        "{ties_removed:,}、関係機関 追加 {agencies_added:,}・変更 {agencies_changed:,}、"
        "インフォーマルな支え手 追加 {contacts_added:,}・変更 {contacts_changed:,}",
        "households added {households_added:,}, changed {households_changed:,}, unchanged "
        "{households_unchanged:,} (other households changed through a tie "
        "{households_affected:,}); ties added {ties_added:,}, ended {ties_ended:,}, updated "
        "{ties_changed:,}, removed {ties_removed:,}; agencies added {agencies_added:,}, changed "
        "{agencies_changed:,}; informal contacts added {contacts_added:,}, changed "
        "{contacts_changed:,}"),
    "merge.agencies_added": ("追加される関係機関: {ids}", "Agencies added: {ids}"),
    "merge.agencies_changed": ("変更される関係機関: {ids}", "Agencies changed: {ids}"),
    "merge.status.added": ("追加", "added"),
    "merge.status.changed": ("変更", "changed"),
    "merge.status.unchanged": ("変更なし", "unchanged"),
    "merge.status.affected": ("変更（つながり先）", "changed (tie)"),
    "merge.col.household": ("世帯", "Household"),
    "merge.col.ward": ("区", "Ward"),
    "merge.col.status": ("状態", "Status"),
    "merge.col.people": ("人 追加/変更/削除", "People +/~/-"),
    "merge.col.ties_added": ("つながり追加", "Ties added"),
    "merge.col.ties_ended": ("つながり終了", "Ties ended"),
    "merge.col.ties_changed": ("つながり更新", "Ties updated"),
    "merge.col.ties_removed": ("つながり削除", "Ties removed"),
    "merge.col.events": ("支援経過 追加/変更/削除", "Events +/~/-"),
    "progress.read": ("ファイルを読み込んでいます", "Reading the files"),
    "progress.check": ("検査しています", "Checking"),
    "progress.compare": ("登録済みのデータと照合しています", "Comparing with the store"),
    "progress.write": ("書き込んでいます（件）", "Writing (records)"),
    "progress.clean": ("置き換えた古いデータを削除しています（新しいデータは閲覧できます）",
                       "Deleting the replaced data (the new data can be read already)"),
    "progress.store_read": ("データベースから読み出しています", "Reading the store"),
    "progress.scan": ("市内の世帯を分析しています", "Analysing the city's households"),
    "progress.write_files": ("ファイルに書き出しています", "Writing the files"),
    # starting the app (netsupport.cli.serve)
    "cli.app.starting": ("アプリを起動します: {url} （終了は Ctrl+C）",
                         "Starting the app: {url} (Ctrl+C stops it)"),
    # accounts and the audit log (netsupport.cli.users)
    "cli.user.added": ("利用者 {username}（{role}）を登録しました",
                       "User {username} ({role}) added"),
    "cli.user.changed": ("利用者 {username} を変更しました", "User {username} changed"),
    "cli.user.unchanged": ("変更はありません", "Nothing to change"),
    "cli.user.not_found": ("利用者 {username} は登録されていません",
                           "There is no user {username}"),
    "cli.user.taken": ("利用者名 {username} は既に使われています",
                       "The username {username} is taken"),
    "cli.user.bad_username": (
        "利用者名 {username}: 半角の英数字と . _ @ - で1〜64文字にしてください",
        "username {username}: use 1-64 letters, digits or . _ @ -"),
    "cli.user.staff_needs_ward": ("--ward: 職員（staff）には担当区を1つ以上指定してください",
                                  "--ward: a staff account needs at least one ward"),
    "cli.user.unknown_ward": ("--ward {ward}: 神戸市の区名ではありません",
                              "--ward {ward}: not a ward of Kobe"),
    "cli.user.password_prompt": ("パスワード: ", "Password: "),
    "cli.user.password_again": ("パスワード（確認）: ", "Password (again): "),
    "cli.user.password_mismatch": ("パスワード: 2回の入力が一致しません",
                                   "password: the two entries differ"),
    "cli.user.weak.too_short": ("パスワード: {n}文字以上にしてください",
                                "password: use at least {n} characters"),
    "cli.user.weak.one_character": ("パスワード: 同じ文字の繰り返しは使えません（{n}文字以上）",
                                    "password: not one character repeated ({n} or more)"),
    "cli.user.none": ("利用者は登録されていません", "No users yet"),
    "cli.user.col.username": ("利用者名", "Username"),
    "cli.user.col.role": ("役割", "Role"),
    "cli.user.col.wards": ("担当区", "Wards"),
    "cli.user.col.display_name": ("表示名", "Display name"),
    "cli.user.col.active": ("状態", "Status"),
    "cli.user.col.created_at": ("登録日", "Created"),
    "cli.user.active": ("有効", "active"),
    "cli.user.disabled": ("停止中", "disabled"),
    "cli.audit.bad_range": ("--since {since} は --until {until} より後です",
                            "--since {since} is after --until {until}"),
    "cli.audit.written": ("監査ログ {n:,} 件を {path} に書き出しました",
                          "{n:,} audit log entries written to {path}"),
    "audit.sign_in": ("サインイン", "Signed in"),
    "audit.sign_in_failed": ("サインイン失敗", "Sign-in failed"),
    "audit.sign_in_attempt": ("パスワード照合", "Password checked"),
    "sharing.age_band": ("{low}〜{high}歳", "aged {low}-{high}"),
    "sharing.months_ago": ("{n}か月前", "{n} months ago"),
    "sharing.months_later": ("{n}か月後", "in {n} months"),
    "sharing.this_month": ("今月", "this month"),
    "bundle.limit.rows": (
        "1 つのファイル（シート）は {limit:,} 行までですが、{n:,} 行以上あります"
        "（{env} で変更できます）。読み込みませんでした。",
        "a file (sheet) may hold {limit:,} rows; this one has {n:,} or more ({env} raises it). "
        "Not read."),
    "bundle.limit.cells": (
        "セルが {n:,} 個あります。ひとまとまりのデータは {limit:,} 個までです。"
        "読み込みませんでした。",
        "{n:,} cells; a bundle may hold {limit:,}. Not read."),
    "bundle.limit.unpacked": (
        "ブックを展開すると {mb} MB になります。上限は {limit} MB です。読み込みませんでした。",
        "the workbook unpacks to {mb} MB; the limit is {limit} MB. Not read."),
    "bundle.limit.time": (
        "読み込みが {seconds} 秒を超えたため、{row} 行目で中止しました。ファイルを分けてください。",
        "reading took over {seconds} s and stopped at row {row}; split the file."),
    "audit.sign_out": ("サインアウト", "Signed out"),
    "audit.timed_out": ("時間切れでサインアウト", "Timed out"),
    "audit.view_household": ("世帯の閲覧", "Viewed a household"),
    "audit.denied": ("拒否（権限外）", "Denied (out of scope)"),
    "audit.edit": ("変更", "Edit"),
    "audit.load": ("データ取り込み", "Data loaded"),
    "audit.export": ("出力（ダウンロード）", "Export (download)"),
    "audit.user_add": ("利用者の追加", "User added"),
    "audit.user_change": ("利用者の変更", "User changed"),

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
    "risk.subject_alone": ("本人のほかに同居する家族がいない（親なき後）",
                           "Nobody at home but the subject (after the parents)"),
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
    "strategy.family.derived": (
        "同居する家族に認知症・要介護でない人がいないため、家族の力量・協力は「困難」として"
        "判断した（記録: {recorded}）",
        "Nobody at home besides the subject is free of dementia and care needs, so the family "
        "is taken as struggling (recorded: {recorded})"),
    "strategy.family.alone": (
        "本人のほかに同居する家族がいないため、家族の力量・協力は「困難」として判断した"
        "（記録: {recorded}）",
        "Nobody lives with the subject, so the family is taken as struggling "
        "(recorded: {recorded})"),
    "strategy.family.unrecorded": ("未記録", "not recorded"),
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
    "lead.reason.age_range": ("本人の年齢（{age}歳）が機関の対象年齢（{ages}）の外にある",
                              "The subject's age ({age}) is outside the ages it serves ({ages})"),
    "ages.between": ("{low}〜{high}歳", "{low} to {high}"),
    "ages.from": ("{low}歳以上", "{low} and over"),
    "ages.to": ("{high}歳以下", "up to {high}"),
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
    "scan.count": ("{n:,} 世帯", "{n:,} households"),
    "scan.empty": ("該当する世帯はありません", "No household matches"),
    "agency_report.title": ("関係機関の分析", "Agency report"),
    "agency_report.sole_support": ("唯一の支援になっている機関（失われると支援者がいなくなる世帯）",
                                   "Sole supports (households left with nobody without them)"),
    "agency_report.brokers": ("支援機関どうしをつなぐ位置にある機関",
                              "Agencies that link the supporters of many households"),
    "broker.words.many": ("多くの世帯の支援機関どうしをつなぐ位置にある（市内上位{percent}%）",
                          "Links the supporters of many households (top {percent}% of the "
                          "city)"),
    "broker.words.some": ("いくつかの世帯の支援機関どうしをつなぐ位置にある（市内上位{percent}%）",
                          "Links the supporters of some households (top {percent}% of the "
                          "city)"),
    "kind.short.employment_support": ("就労支援", "Employment support"),
    "agency_report.over_capacity": ("受け持ちが上限を超えている機関",
                                    "Agencies over their capacity"),
    "agency_report.ward_shortages": ("区内に必要な種別の機関がない世帯",
                                     "Households whose ward lacks a needed kind of agency"),
    "agency_report.leads": ("受け持ち {leads:,} / 上限 {capacity:,}",
                            "Leads {leads:,} / capacity {capacity:,}"),
    # --- the app (netsupport/ui, app.py) -----------------------------------------------
    "ui.page.dashboard": ("ダッシュボード", "Dashboard"),
    "ui.page.lead_assignment": ("主担当の割当", "Lead assignment"),
    "ui.page.agency_network": ("関係機関ネットワーク", "Agency network"),
    "ui.page.data": ("データ", "Data"),
    "ui.sidebar.lang": ("言語 / Language", "言語 / Language"),
    "ui.lang.ja": ("日本語", "日本語"),
    "ui.lang.en": ("English", "English"),
    "ui.sidebar.as_of": ("基準日", "As of"),
    "ui.sidebar.as_of_help": (
        "分析はこの日の時点で行います（つながりの有効・無効、年齢、連絡の途絶えなど）",
        "Every analysis is read as of this day (active ties, ages, stale contacts)"),
    "ui.sidebar.about": ("netsupport — 8050・ひきこもり世帯の支援ネットワーク（神戸市）",
                         "netsupport — support networks around 8050 and hikikomori "
                         "households (Kobe)"),
    "ui.read_as_of": ("基準日 {as_of}・データ版 {version}",
                      "As of {as_of} · data version {version}"),
    "ui.progress.city_full": ("市全体の分析を準備しています…", "Preparing the city-wide analysis…"),
    "ui.progress.city_read": ("市全体のデータを読み込んでいます…",
                              "Reading the whole city's data…"),
    "ui.progress.city_facts": ("全世帯の状況を分析しています…",
                               "Analysing every household…"),
    "ui.progress.city_index": ("関係機関の担当数とつながりを集計しています…",
                               "Counting the agencies' leads and links…"),
    "ui.progress.city_done": ("市全体の分析ができました", "The city-wide analysis is ready"),
    "ui.progress.city_update": ("保存された変更を分析に反映しています…",
                                "Bringing the analysis up to date with the saved changes…"),
    "ui.progress.reports": ("{n:,} 世帯の主担当の見直しを計算しています…",
                            "Working out the lead of {n:,} households…"),
    "ui.progress.agency_report": ("関係機関の分析（仲介役・唯一の支援者など）を計算しています…",
                                  "Analysing the agencies (brokers, sole supports, …)…"),
    "ui.progress.forecast": ("親なき後の見通しを市全体で計算しています…",
                             "Working out the city's after-the-parents forecast…"),
    "ui.progress.export": ("書き出すファイルを作っています…", "Preparing the file…"),
    "ui.empty_store": (
        "データがまだありません。「データ」ページで関係機関・世帯・つながりのファイル"
        "（CSV または Excel）を取り込んでください。",
        "There is no data yet. Load the agencies, households and ties (CSV or Excel) on the "
        "Data page."),
    "ui.go_to_data": ("データページを開く", "Open the Data page"),
    "ui.all": ("すべて", "All"),
    "ui.total": ("合計", "Total"),
    "ui.households": ("世帯数", "Households"),
    "ui.citywide": ("全市", "City-wide"),
    "ui.no_limit": ("上限なし", "No limit"),
    "ui.stage_unset": ("段階未設定", "No stage recorded"),
    "ui.deceased": ("（故人）", " (deceased)"),
    "ui.pick_household": ("世帯を選ぶ", "Choose a household"),
    "ui.case.projector": ("プロジェクター表示", "Projector view"),
    "ui.case.projector_help": (
        "会議室で映すための表示です。エコマップを画面の幅いっぱいに大きく描き、いちばん小さい"
        "文字を指定の大きさにします（凡例は下）。サイドバーを閉じる（«）とさらに広がります。",
        "For a meeting room: the ecomap across the whole width, its smallest label at the size "
        "chosen (legend below). Close the sidebar («) for even more room."),
    "ui.case.font_size": ("文字の大きさ（いちばん小さい文字）", "Label size (the smallest)"),
    "ui.case.paper": ("用紙", "Paper"),
    "ui.agency.per_agency": ("機関ごとに描く連携線（強い順）",
                             "Links drawn per agency (strongest)"),
    "ui.agency.per_agency_help": (
        "各機関について、一緒に支える世帯の多い順にこの本数までの連携線を描きます。"
        "「すべて」で全部の線を描きます。",
        "For each agency, its links with the most households in common, up to this many. "
        "“All” draws every link."),
    "ui.agency.all_links": ("すべて", "All"),
    "ui.agency.thinned": (
        "連携線 {total:,} 本のうち {shown:,} 本を表示（各機関の強い順に {k} 本まで。"
        "省略 {left_out:,} 本）。地図に名前を出しているのは {agencies:,} 機関のうち"
        "橋渡し役の上位 {named} 機関と⚠・強調の機関です（ほかは点にマウスを重ねると表示）。",
        "{shown:,} of {total:,} links drawn (each agency's {k} strongest; {left_out:,} left out). "
        "Of {agencies:,} agencies, the top {named} brokers and those marked ⚠ or outlined are "
        "named on the map (the others on hover)."),
    "ui.case.paper.A3": ("A3 横（1枚）", "A3 landscape (one page)"),
    "ui.case.paper.A4": ("A4 横（1枚・縮小）", "A4 landscape (one page, smaller)"),
    "ui.search.label": ("世帯を探す", "Find a household"),
    "ui.search.placeholder": ("名前・フリガナ・世帯ID の一部（ひらがな・カタカナどちらでも）",
                              "Part of a name, its フリガナ or the household id"),
    "ui.search.none": ("該当なし: 一致する世帯がないため、通常の一覧を表示しています。",
                       "No match: the usual list is shown."),
    "ui.search.found": ("{n:,} 世帯が一致しました", "{n:,} household(s) match"),
    "ui.search.found_capped": ("{n:,} 世帯が一致しました（先頭の {cap} 世帯を選択肢に表示。"
                               "語を足して絞り込んでください）",
                               "{n:,} households match (the first {cap} offered; add words "
                               "to narrow the search)"),
    "ui.picker.capped": ("選択肢にはリスクの高い順に {n:,} 世帯を表示しています（全 {total:,} "
                         "世帯）。ほかの世帯は「世帯を探す」で名前・フリガナ・世帯ID から"
                         "探せます。",
                         "The picker offers the {n:,} highest-risk households (of {total:,}); "
                         "find the others by name, フリガナ or id with 'Find a household'."),
    "ui.picker.capped_viewer": ("選択肢にはリスクの高い順に {n:,} 世帯を表示しています（全 "
                                "{total:,} 世帯）。ほかの世帯は、担当職員から受け取った世帯への"
                                "リンクで開けます。",
                                "The picker offers the {n:,} highest-risk households (of "
                                "{total:,}); open any other with the link to it that staff "
                                "send you."),
    "ui.lead.picker_help": ("選択肢は表示中のページの世帯です（表の行を選んでも選べます）。"
                            "一覧にない世帯（検討の必要がない世帯も）は「世帯を探す」で"
                            "名前・フリガナ・世帯ID から探せます。",
                            "The picker offers the households of the page shown (or select "
                            "a row of the table); find any other household in scope, flagged "
                            "or not, by name, フリガナ or id with 'Find a household'."),
    "ui.page_not_allowed": ("そのページを開く権限がないため、最初のページを表示しています。",
                            "You may not open that page; here is your first page."),
    "ui.placeholder": ("選択してください", "Choose"),
    "ui.household_gone": ("選んでいた世帯 {household} は現在のデータにありません"
                          "（データが置き換えられました）。",
                          "The household {household} you had chosen is not in the current data "
                          "(the data was replaced)."),
    "ui.household_item": ("{household}（{ward}）", "{household}（{ward}）"),
    "ui.chart.empty": ("該当なし（0件）", "None (0)"),
    "ui.error.conflict": (
        "他の職員が先にデータを更新しました。画面を読み込み直し、内容を確かめてからもう一度"
        "操作してください。",
        "Someone else changed the data first. Reload, check it, and try again."),
    "ui.error.not_found": ("対象のデータが見つかりません（削除・置き換えの可能性があります）。",
                           "The record was not found (it may have been removed or replaced)."),
    "ui.error.edit": ("この変更はできません。入力内容を確認してください。",
                      "This change cannot be made; please check the input."),
    "ui.error.not_empty": ("データベースには既にデータがあります。置き換えるには確認が必要です。",
                           "The store already holds data; replacing it needs a confirmation."),
    "ui.error.unavailable": (
        "データベースに接続できません。しばらくしてから再度お試しいただくか、管理者に連絡して"
        "ください。",
        "The database cannot be reached. Try again later or contact the administrator."),
    "ui.error.store": (
        "データベースを開けません。保存先の設定（NETSUPPORT_STORE）を確認してください。",
        "The store cannot be opened; check its setting (NETSUPPORT_STORE)."),
    "ui.error.bundle": ("データに誤りがあるため取り込めません。",
                        "The data has errors and cannot be loaded."),
    "ui.error.other": ("処理できませんでした。", "This could not be done."),
    "ui.error.incident": (
        "予期しない問題が起きたため、この画面を表示できませんでした。入力中の内容は保持されています。"
        "画面を読み込み直しても続く場合は、管理者に受付番号 {incident} を伝えてください。",
        "An unexpected problem stopped this screen. Any input is kept. If reloading does "
        "not help, give your administrator the incident number {incident}."),
    "ui.error.detail": ("（詳細: {detail}）", " (details: {detail})"),
    "ui.metric.households": ("登録世帯", "Households"),
    "ui.metric.8050": ("8050世帯", "8050 households"),
    "ui.metric.isolated_8050": ("孤立・未接続の8050世帯", "Isolated 8050 households"),
    "ui.metric.high_risk": ("リスク高", "High risk"),
    "ui.metric.no_lead": ("主担当なし", "No lead"),
    "ui.metric.over_capacity": ("上限超過の機関", "Agencies over capacity"),
    "ui.dashboard.risk_by_ward": ("区別のリスク水準", "Risk level by ward"),
    "ui.dashboard.no_lead_by_ward": ("主担当のいない世帯（区別）",
                                     "Households without a lead, by ward"),
    "ui.dashboard.none_over_capacity": ("上限を超えている機関はありません",
                                        "No agency is over capacity"),
    "ui.chart.8050": ("8050世帯", "8050"),
    "ui.chart.not_8050": ("その他の世帯", "Other households"),
    "ui.chart.households": ("世帯数", "Households"),
    "ui.chart.kind": ("世帯の種類", "Kind of household"),
    "ui.chart.measure": ("区分", "Measure"),
    "ui.chart.over_capacity": ("上限を超えた受け持ち", "Leads over capacity"),
    "ui.chart.leads_capacity": ("受け持ち／上限", "Leads / capacity"),
    "ui.chart.over_capacity_words": ("超過 {over:,}（受け持ち {leads:,} / 上限 {capacity:,}）",
                                     "{over:,} over (leads {leads:,} / capacity {capacity:,})"),
    "ui.dashboard.over_capacity_top": (
        "上限を超えた数の多い順に {shown:,} 機関を表示しています（全 {total:,} 機関。"
        "すべては「{page}」のページの一覧にあります）。",
        "The {shown:,} agencies most over capacity (of {total:,}; all of them are listed on the "
        "{page} page)."),
    "ui.dashboard.ranked": ("要注意世帯の一覧（リスクの高い順）",
                            "Households to watch (highest risk first)"),
    "ui.dashboard.ranked_help": (
        "初期表示は孤立・未接続の8050世帯です。条件を変えると対象を広げられます。行を選ぶか"
        "下で世帯を選び、「ケース会議で開く」を押してください。",
        "By default: isolated or unconnected 8050 households; change the filters to widen "
        "the list. Select a row (or choose below) and press “Open in case conference”."),
    "ui.dashboard.only_8050": ("8050世帯のみ", "8050 only"),
    "ui.dashboard.open": ("ケース会議で開く", "Open in case conference"),
    "ui.dashboard.ward_stage": ("区別・支援段階別の世帯数", "Households by ward and stage"),
    "ui.rows.page": ("ページ", "Page"),
    "ui.rows.shown": ("全 {total:,} 件のうち {first:,}〜{last:,} 件目を表示しています"
                      "（{page}/{pages} ページ）。全件はダウンロードできます。",
                      "Showing {first:,}–{last:,} of {total:,} (page {page} of {pages}). "
                      "Download the file for every row."),
    "ui.rows.all": ("全 {total:,} 件を表示しています。", "Showing all {total:,}."),
    "ui.rows.download_csv": ("CSVでダウンロード（全 {n:,} 件）", "Download as CSV (all {n:,})"),
    "ui.rows.download_xlsx": ("Excelでダウンロード（全 {n:,} 件）",
                              "Download as Excel (all {n:,})"),
    "ui.rows.more_households": ("ほか {n:,} 世帯", "and {n:,} more"),
    "ui.case.ecomap": ("エコマップ", "Ecomap"),
    "ui.case.ecomap_help": (
        "★ 現在の主担当　◆ 提案するミニサポートチーム（推奨する主担当を含む）　◇ バックアップ"
        "機関。点線の枠は未接続の支援です。マウスを重ねると詳細が表示されます。",
        "★ current lead, ◆ proposed mini support team (with the recommended lead), "
        "◇ backup. Dashed boxes are missing supports. Hover for details."),
    "ui.case.beside": ("分析結果をエコマップの横に並べる（地図は小さくなります）",
                       "Findings beside the ecomap (a smaller map)"),
    "ui.case.situation": ("世帯の状況", "The household"),
    "ui.case.branch": ("{why}", "{why}"),
    "ui.case.members": ("世帯員", "Members"),
    "ui.case.history": ("支援経過", "Support history"),
    "ui.case.no_history": ("支援経過の記録はまだありません", "No support history recorded yet"),
    "ui.case.sheet": ("ケース会議シート（印刷用）", "Case-conference sheet (for printing)"),
    "ui.case.sheet_help": (
        "A3横のシート（A4横でも縮小印刷可）をHTMLで保存し、ブラウザで開いて印刷します。"
        "仮名化版は氏名・機関名・IDを含まず、続柄と機関の種別だけで表します（メモも含みません）。",
        "Saves an A3 landscape sheet (A4 scales down) as HTML: open it in a browser and print. "
        "The pseudonymised one has no names or ids, only relations and agency kinds (and no "
        "notes)."),
    "ui.case.sheet_named": ("シートを保存（関係機関用・氏名あり）",
                            "Save the sheet (named, for the agencies)"),
    "ui.case.sheet_pseudonymised": ("シートを保存（仮名化版）", "Save the sheet (pseudonymised)"),
    # --- sharing: consent, the support meeting, pseudonymised exports (netsupport.sharing)
    "sharing.basis.support_meeting": (
        "支援会議（社会福祉法第106条の6・生活困窮者自立支援法第9条）として共有：全機関を実名で記載",
        "Shared in a support meeting (Social Welfare Act art. 106-6, Act on Self-Reliance "
        "Support art. 9): every agency named"),
    "sharing.basis.consent": (
        "同意のある機関のみ実名（同意のない・不明の機関は種別のみ）",
        "Agencies named only with the household's consent (others by kind only)"),
    "sharing.ecomap.kind_only": ("同意のない機関は種別のみ表示",
                                 "Agencies without consent shown by kind only"),
    "sharing.cli.pseudonymised": (
        "仮名化しました：世帯・人・支援経過のIDは仮名、表示名とメモは削除、生年は5年単位。"
        "仮名化キー：{key_file}（同じキーなら同じ仮名になります。出力と一緒に渡さないでください）",
        "Pseudonymised: household, person and event ids replaced, display names and notes "
        "removed, birth years in 5-year bands. Key: {key_file} (the same key gives the same "
        "pseudonyms; never send it with the export)"),
    "sharing.cli.key_from_env": ("環境変数 NETSUPPORT_PSEUDONYM_KEY",
                                 "the variable NETSUPPORT_PSEUDONYM_KEY"),
    "sharing.cli.key_without_pseudonymise": ("--key-file は --pseudonymise と一緒に指定します",
                                             "--key-file goes with --pseudonymise"),

    "ui.sheet.title": ("ケース会議シート", "Case-conference sheet"),
    "ui.sheet.printed_on": ("作成日", "Printed"),
    "ui.sheet.confidential": ("取扱注意・個人情報", "Confidential: personal data"),
    "ui.sheet.pseudonymised": ("仮名化版", "Pseudonymised"),
    "ui.sheet.household_pseudonym": ("対象世帯", "The household"),
    "ui.sheet.unknown_party": ("関係者", "A party"),
    "ui.sheet.history": ("支援経過（直近{n}件）", "Support history (latest {n})"),
    "ui.sheet.roles": ("次回までの役割分担", "Roles until the next meeting"),
    "ui.sheet.role_next_step": ("役割・次の一歩", "Role / next step"),
    "ui.sheet.by_when": ("期限", "By when"),
    "ui.sheet.next_meeting": ("次回ケース会議：　　年　　月　　日（　）　　時〜　　場所：",
                              "Next case conference: date ______ time ______ place ______"),
    "ui.team.backup_why": ("後方から支える（直接の関わりなし）",
                           "Backs the team (no direct contact)"),
    "ui.timeline.lead_start": ("主担当になる", "Became the lead"),
    "ui.timeline.lead_end": ("主担当を終える", "Lead ended"),
    "ui.col.stage": ("支援段階", "Stage"),
    "ui.col.status": ("支援状況", "Status"),
    "ui.col.agency": ("機関", "Agency"),
    "ui.col.kind": ("種別", "Kind"),
    "ui.col.leads": ("受け持ち世帯", "Leads"),
    "ui.col.capacity": ("上限", "Capacity"),
    "ui.col.headroom": ("残り", "Headroom"),
    "ui.col.over": ("超過", "Over"),
    "ui.col.factor": ("要因", "Factor"),
    "ui.col.points": ("点数", "Points"),
    "ui.col.gap": ("不足している支援", "Gap"),
    "ui.col.role": ("役割", "Role"),
    "ui.col.why": ("理由", "Why"),
    "ui.col.has_tie": ("既につながりあり", "Existing tie"),
    "ui.col.relation": ("続柄", "Relation"),
    "ui.col.name": ("名前", "Name"),
    "ui.col.age": ("年齢", "Age"),
    "ui.col.conditions": ("状態", "Conditions"),
    "ui.col.diagnosis": ("診断", "Diagnosis"),
    "ui.col.date": ("日付", "Date"),
    "ui.col.event": ("記録の種類", "Entry"),
    "ui.col.note": ("内容", "Note"),
    "ui.col.broker_score": ("つなぐ役割", "Linking role"),
    "ui.col.household_ids": ("該当世帯", "Household ids"),
    "ui.col.missing_kind": ("不足している機関の種別", "Missing kind"),
    "ui.col.level": ("区分", "Level"),
    "ui.col.where": ("場所（ファイル:行:列）", "Where (file:row:column)"),
    "ui.col.file": ("ファイル", "File"),
    "ui.col.row": ("行", "Row"),
    "ui.col.column": ("列", "Column"),
    "ui.col.message": ("問題", "Problem"),
    "ui.lead.worklist": ("主担当の検討が必要な世帯（{n:,}世帯）",
                         "Households whose lead needs a decision ({n:,})"),
    "ui.lead.worklist_empty": ("いま主担当の検討が必要な世帯はありません。",
                               "No household needs a lead decision now."),
    "ui.lead.worklist_help": (
        "主担当がいない、主担当との連絡が途絶えている、または引継ぎ・割当が推奨される世帯です"
        "（リスクの高い順）。",
        "No lead, a stale lead, or a handover or an assignment recommended (highest risk "
        "first)."),
    "ui.lead.recommendation": ("主担当の推奨", "Lead recommendation"),
    "ui.lead.bridge_help": ("引継ぎでは、この経路に沿って機関から機関へ世帯を紹介します。",
                            "The handover introduces the household along this path."),
    "ui.lead.candidates": ("主担当の候補（ルールによる順位）",
                           "Lead candidates (ranked by the rules)"),
    "ui.lead.open_case": ("この世帯をケース会議で開く",
                          "Open this household in the case conference"),
    "ui.lead.caseloads": ("機関の受け持ち世帯数と上限", "Agencies' caseloads and capacity"),
    "ui.lead.edit": ("記録・変更", "Record and change"),
    "ui.lead.edit_help": (
        "変更は検査のうえ直ちに保存され、すべての画面に反映されます。表示中のデータ（版 {version}）"
        "を他の職員が先に更新していた場合は保存されません。",
        "Changes are checked and saved at once, and every page shows them. If someone else "
        "changed the data since it was shown (version {version}), nothing is saved."),
    "ui.edit.assign": ("主担当の割当・引継ぎ", "Assign or hand over the lead"),
    "ui.edit.contact": ("連絡の記録", "Record a contact"),
    "ui.edit.add_tie": ("つながりの追加", "Add a tie"),
    "ui.edit.end_tie": ("つながりの終了", "End a tie"),
    "ui.edit.new_lead": ("新しい主担当", "New lead"),
    "ui.edit.recommended_mark": ("【推奨】", "[recommended] "),
    "ui.edit.from": ("開始日", "From"),
    "ui.edit.until": ("終了日（この日まで有効）", "Last day"),
    "ui.edit.until_help": (
        "つながりが有効な最後の日です。既定は基準日 {as_of} の前日 {day} で、終了したつながりは"
        "基準日の地図からすぐに消えます。基準日以降の日にすると、その日までは地図に残ります"
        "（基準日当日なら「本日で終了」と表示）。",
        "The last day the tie holds. By default the day before the as-of day {as_of}, {day}: "
        "the ended tie leaves the as-of day's map at once. A day on or after the as-of day "
        "keeps it on the map until then (marked \"ends today\" on its last day)."),
    "ui.edit.tie_ended_shown": (
        "世帯 {household} のつながりを {until} で終了しました。基準日 {as_of} の地図には"
        "もう表示されません。",
        "Tie of household {household} ended on {until}: it is no longer on the map of "
        "{as_of}."),
    "ui.edit.tie_ended_later": (
        "世帯 {household} のつながりの終了日を {until} にしました。基準日 {as_of} の地図には"
        "その日まで表示されます。",
        "Tie of household {household} now ends on {until}: the map of {as_of} shows it until "
        "then."),
    "ui.edit.ends_today": ("本日で終了", "ends today"),
    "ui.edit.keep_previous": ("これまでの主担当はミニサポートチームに残る",
                              "The previous lead stays in the mini support team"),
    "ui.edit.assign_submit": ("主担当を変更する", "Change the lead"),
    "ui.edit.assigned": ("世帯 {household} の主担当を {agency} にしました",
                         "{agency} now leads household {household}"),
    "ui.edit.tie": ("つながり", "Tie"),
    "ui.edit.last_contact": ("最終連絡", "last contact"),
    "ui.edit.no_active_ties": ("この世帯には有効なつながりがありません",
                               "This household has no active tie"),
    "ui.edit.contact_submit": ("連絡を記録する", "Record the contact"),
    "ui.edit.contact_recorded": ("世帯 {household} の連絡を記録しました",
                                 "Contact with household {household} recorded"),
    "ui.edit.source": ("機関", "Agency"),
    "ui.edit.target": ("つながる相手（世帯・世帯員）", "To (household or member)"),
    "ui.edit.kind": ("つながりの種類", "Kind of tie"),
    "ui.edit.strength": ("強さ", "Strength"),
    "ui.edit.consent": ("情報共有の同意", "Consent to share"),
    "ui.edit.add_tie_submit": ("つながりを追加する", "Add the tie"),
    "ui.edit.tie_added": ("世帯 {household} につながりを追加しました",
                          "Tie added to household {household}"),
    "ui.edit.end_tie_submit": ("つながりを終了する", "End the tie"),
    "ui.edit.tie_ended": ("世帯 {household} のつながりを終了しました",
                          "Tie of household {household} ended"),
    "ui.edit.none_in_scope": ("担当区の世帯がありません。", "There is no household in your wards."),
    "ui.edit.not_permitted": ("この世帯の記録・変更の権限がありません。",
                              "You may not record or change anything for this household."),
    "ui.edit.denied": (
        "この変更をする権限がありません（役割または担当区が変わった可能性があります）。"
        "何も保存していません。",
        "You may not make this change (your role or wards may have changed); nothing was "
        "saved."),
    "ui.drafts.kept": ("未保存の入力を保持しています。内容を確かめて、もう一度保存してください。",
                       "Unsaved input is kept. Check it and save it again."),
    "ui.drafts.kept_failed": (
        "未保存の入力を保持しています。前回の保存は次の理由でできませんでした。内容を確かめて、"
        "もう一度保存してください。",
        "Unsaved input is kept. The last save failed for the reason below; check the input and "
        "save it again."),
    "ui.drafts.discard": ("この入力を破棄する", "Discard this input"),
    "ui.drafts.discarded": ("未保存の入力を破棄しました。", "The unsaved input was discarded."),
    "ui.drafts.summary": ("未保存の入力がある記録・変更: {forms}",
                          "Unsaved input is kept for: {forms}"),
    "ui.drafts.item": ("{household} の{form}", "{form} of {household}"),
    "ui.drafts.offline": (
        "未保存の入力を保持しています。データベースに接続できるようになったら、"
        "「主担当の割当」ページでもう一度保存してください。",
        "Unsaved input is kept. When the database is back, save it again on the Lead "
        "assignment page."),
    "ui.agency.highlight_bridge": ("選択中の世帯 {household} の引継ぎ経路を強調する",
                                   "Highlight the handover path of household {household}"),
    "ui.agency.agencies": ("機関", "Agencies"),
    "ui.agency.links": ("機関どうしのつながり", "Links"),
    "ui.agency.sole": ("唯一の支援になっている機関", "Sole supports"),
    "ui.agency.over": ("上限超過", "Over capacity"),
    "ui.agency.shortages": ("区内で不足する種別", "Ward shortages"),
    "ui.agency.map_help": (
        "円が大きいほど、多くの世帯の支援機関どうしをつなぐ位置にある機関です。⚠（赤枠）は"
        "その機関だけが支援している世帯があることを示します。区で絞り込むと、その区の機関と"
        "全市の機関を表示します。",
        "The larger the circle, the more the agency links the supporters of many households; "
        "⚠ (red border): the only support of some household. A ward shows its own agencies "
        "and the city-wide ones."),
    "ui.agency.unlinked": ("ほかの機関とのつながりがない {n:,} 機関は地図に表示していません:"
                           " {names}",
                           "{n:,} agencies with no link are not drawn: {names}"),
    "ui.agency.map_too_large": (
        "この地図には {n:,} 機関が入り、一枚では読み取れず表示にも時間がかかるため、"
        "描いていません。"
        "区を選ぶとその区の地図を表示します（種別で絞り込むこともできます）。",
        "This map would hold {n:,} agencies: too many to read at once, and slow to draw, so it is "
        "not drawn. Choose a ward to see its map (or narrow the kinds)."),
    "ui.agency.draw_anyway": ("それでも地図を描く（時間がかかります）",
                              "Draw the map anyway (slow)"),
    "ui.agency.more_agencies": ("ほか {n:,} 機関", "and {n:,} more"),
    "ui.agency.brokers_later": (
        "橋渡し役（ほかの機関どうしをつなぐ位置にある機関）は、{n:,} 機関の全市では計算に時間が"
        "かかるため、必要なときに計算します。機関どうしのつながりが変わると計算し直しになります。",
        "Brokers (agencies that link other agencies) take a while to find among {n:,} agencies: "
        "they are found when asked for, and again after the links change."),
    "ui.agency.brokers_find": ("橋渡し役を計算する", "Find the brokers"),
    "ui.agency.focus": ("地図に描く機関", "Agencies on the map"),
    "ui.agency.focus.key": ("要となる機関", "Key agencies"),
    "ui.agency.focus.around": ("選んだ機関とその周り", "One agency and its partners"),
    "ui.agency.focus.all": ("すべての機関", "Every agency"),
    "ui.agency.focus_help": (
        "要となる機関: その機関だけが支援している世帯の多い機関（⚠）、機関どうしをつなぐ"
        "橋渡し役、主担当として受け持つ世帯の多い機関、ほかの機関と一緒に支える世帯の多い機関を、"
        "順に最大 {most} 機関まで描きます。"
        "選んだ機関とその周り: 選んだ機関と、一緒に支えている世帯の多い順に最大 {around} 機関。"
        "すべての機関: 絞り込んだ範囲の全機関（多いと名前は一部だけ）。",
        "Key agencies: those that are the only support of the most households (⚠), the "
        "brokers that link other agencies, those leading the most households and those "
        "sharing the most households with other agencies, in turn, up to {most}. One agency "
        "and its partners: the chosen agency and up to {around} "
        "agencies it shares the most households with. Every agency: all within the filters "
        "(only some named when there are many)."),
    "ui.agency.centre": ("中心にする機関", "Agency at the centre"),
    "ui.agency.key_all": ("この範囲でつながりのある {n:,} 機関をすべて描いています。",
                          "All {n:,} linked agencies within the filters are drawn."),
    "ui.agency.key_shown": (
        "つながりのある {of:,} 機関のうち、要となる {shown} 機関を描いています"
        "（⚠ 唯一の支援になっている世帯の多い順に {sole}、橋渡し役の上位 {brokers}、"
        "主担当として受け持つ世帯の多い順に {leads}、ほかの機関と一緒に支える世帯の多い順に "
        "{ties}）。省略した {left_out} 機関の内訳: {families}。",
        "Of {of:,} linked agencies, the {shown} key ones are drawn ({sole} that are the only "
        "support of the most households ⚠, {brokers} top brokers, {leads} leading the most "
        "households, {ties} sharing the most households with other agencies). The "
        "{left_out} left out: {families}."),
    "ui.agency.key_outlined": ("強調している {n} 機関（引継ぎ経路）も描いています。",
                               " The {n} highlighted agencies (handover path) are drawn too."),
    "ui.agency.key_more": (
        "{said} ほかの機関は「すべての機関」で、ある機関と一緒に支えている機関は"
        "「選んだ機関とその周り」で見られます。表は省略せずにすべての機関を対象にしています。",
        "{said} See the others under “Every agency”, and the partners of one agency under "
        "“One agency and its partners”. The tables below leave no agency out."),
    "ui.agency.family_n": ("{family} {n}", "{family} {n}"),
    "ui.agency.list_sep": ("、", ", "),
    "ui.agency.in_ward": ("{name}（{ward}）", "{name} ({ward})"),
    "ui.agency.around_shown": (
        "{name} と、一緒に支えている世帯の多い順に {shown} 機関を描いています"
        "（つながりのある機関は {partners}）。連携線は {name} のものをすべて、"
        "ほかの機関は強い順に描いています。",
        "{name} and the {shown} agencies it shares the most households with are drawn "
        "({partners} agencies linked to it). Every link of {name} is drawn, the others' "
        "strongest."),
    "ui.agency.projector_help": (
        "会議室で映すための表示です。地図を画面の幅いっぱいに大きく描き、いちばん小さい"
        "文字を指定の大きさにします（凡例は下）。名前が重ならないよう機関の位置をずらします。",
        "For a meeting room: the map across the whole width, its smallest label at the size "
        "chosen (legend below); agencies move apart so that no two names overlap."),
    "ui.agency.map_without_brokers": (
        "橋渡し役はまだ計算していないため、円の大きさはそろえています"
        "（下の「橋渡し役を計算する」で反映されます）。",
        "The brokers are not found yet: every circle has the same size (“Find the brokers” "
        "below sizes them)."),
    "ui.data.current": ("現在のデータ", "Current data"),
    "ui.data.count.agencies": ("関係機関", "Agencies"),
    "ui.data.count.households": ("世帯", "Households"),
    "ui.data.count.people": ("人", "People"),
    "ui.data.count.ties": ("つながり", "Ties"),
    "ui.data.count.events": ("支援経過", "Events"),
    "ui.data.store": ("保存先", "Store"),
    "ui.data.upload": ("データの取り込み", "Load data"),
    "ui.data.upload_help": (
        "関係機関 agencies・世帯 households・人 people・つながり ties（・支援経過 events）の"
        "CSVファイル（ファイル名は英語のまま）をまとめて、それらの"
        "zipファイル（このページの「CSV（zip）で保存」の形）を1つ、またはExcelファイル（.xlsx）"
        "を1つ選んでください。見出しと値はコードでも日本語でもかまいません。取り込む前に"
        "全体を検査します。",
        "Choose the CSV files agencies, households, people, ties (and events) together, one "
        "zip of them (as 'Download CSV files (zip)' on this page makes it), or one Excel "
        "workbook (.xlsx). Headers and values may be codes or Japanese. Everything is "
        "checked before loading."),
    "ui.upload.button": ("ファイルを選ぶ", "Choose files"),
    "ui.picker.no_match": ("該当なし", "No match"),
    "ui.skip_to_content": ("本文へ移動", "Skip to main content"),
    "ui.toast.more": ("全文の表示／折りたたみ", "View more / less"),
    "ui.input.enter_apply": ("Enterキーで確定", "Press Enter to apply"),
    "ui.input.enter_submit": ("Enterキーで送信", "Press Enter to submit form"),
    "ui.input.ctrl_enter_apply": ("Ctrl+Enterで確定", "Press Ctrl+Enter to apply"),
    "ui.input.ctrl_enter_submit": ("Ctrl+Enterで送信", "Press Ctrl+Enter to submit form"),
    "ui.toolbar.search": ("表の中を検索", "Search"),
    "ui.toolbar.fullscreen": ("全画面で表示", "Fullscreen"),
    "ui.toolbar.close_fullscreen": ("全画面表示を終える", "Close fullscreen"),
    "ui.toolbar.png": ("画像（PNG）で保存", "Download as PNG"),
    "ui.upload.instructions": ("またはここにドラッグ＆ドロップ・1ファイル{mb}MBまで",
                               "or drag and drop here · up to {mb} MB per file"),
    "ui.data.files": ("ファイル（CSV・zip・Excel）", "Files (CSV, zip or Excel)"),
    "ui.data.unsupported_file": ("CSV・zip・Excel（.xlsx）のいずれでもありません",
                                 "not a CSV, zip or Excel (.xlsx) file"),
    "ui.data.one_workbook": (
        "Excelファイルまたはzipファイルは1つだけを、ほかのファイルと混ぜずに選んでください",
        "choose one Excel workbook or zip file alone, not mixed with other files"),
    "ui.data.mode": ("取り込み方", "How to load"),
    "ui.data.mode.replace": ("全件を置き換える", "Replace everything"),
    "ui.data.mode.merge": ("含まれる世帯だけ追加・更新する",
                           "Add or update only the households it holds"),
    "ui.data.mode_help": (
        "「含まれる世帯だけ追加・更新する」: ファイルにある世帯は、その人・つながり・支援経過"
        "ごと置き換えます。ファイルにある関係機関・インフォーマルな支え手・機関どうしの連携は"
        "追加または更新します。それ以外のデータはそのまま残ります。参照先は登録済みの関係機関"
        "や人でもかまいません。",
        "'Add or update only the households it holds': each household in the file replaces "
        "that household with its people, ties and events; agencies, informal contacts and "
        "collaboration ties in the file are added or updated; everything else stays as it "
        "is. References may name agencies and people already stored."),
    "ui.data.preview": ("取り込むと変わる内容", "What loading changes"),
    "ui.data.nothing_changes": ("このファイルを取り込んでも、変わるデータはありません。",
                                "Loading this file changes nothing."),
    "ui.data.checking": ("ファイルを読み込んで検査しています…", "Reading and checking the files…"),
    "ui.data.loading": ("取り込んでいます…", "Loading…"),
    "ui.data.merged": ("含まれる世帯だけ取り込みました: {summary}", "Merged: {summary}"),
    "ui.data.warnings": ("警告が {n:,} 件あります（取り込みはできます）",
                         "{n:,} warning(s) (the data can still be loaded)"),
    "ui.data.confirm_replace": ("現在のデータがすべて置き換えられることを確認しました",
                                "I understand that all current data will be replaced"),
    "ui.data.load": ("取り込む", "Load"),
    "ui.data.loaded": (
        "取り込みました: 機関 {agencies:,}・世帯 {households:,}・人 {people:,}・つながり {ties:,}・"
        "支援経過 {events:,}",
        "Loaded: {agencies:,} agencies, {households:,} households, {people:,} people, "
        "{ties:,} ties, {events:,} events"),
    "ui.data.download": ("データの書き出し", "Download the data"),
    "ui.data.nothing_to_download": ("書き出すデータがありません", "There is no data to download"),
    "ui.data.pseudonymise": ("仮名化して出力する（研究・外部提供用）",
                             "Pseudonymise (for research or sharing outside)"),
    "ui.data.pseudonymise_help": (
        "世帯・人・記録のIDを仮名に置き換え、氏名とメモを除き、生年を5歳刻みにします。"
        "仮名はこの環境の鍵（.netsupport/pseudonym.key）で決まり、出力ごとに同じです。",
        "Household, person and event ids become pseudonyms; names and notes are dropped; "
        "birth years become 5-year bands. Pseudonyms come from this install's key "
        "(.netsupport/pseudonym.key) and stay the same from export to export."),
    "ui.data.japanese_headers": ("見出しと値を日本語にする", "Japanese headers and values"),
    "ui.data.download_xlsx": ("Excel（.xlsx）で保存", "Download Excel (.xlsx)"),
    "ui.data.download_zip": ("CSV（zip）で保存", "Download CSV files (zip)"),
    "ui.data.template": ("入力用テンプレート", "Input template"),
    "ui.data.template_help": ("見出しが日本語で、選択肢をプルダウンで選べる空のExcelファイルです。",
                              "An empty workbook with Japanese headers and drop-down lists."),
    "ui.data.download_template": ("テンプレートを保存", "Download the template"),
    "ui.data.template_file": ("netsupport_入力テンプレート.xlsx", "netsupport_template.xlsx"),
    "ui.sim.tab_now": ("現在のネットワーク", "The network now"),
    "ui.sim.help": ("親が入院・施設入所・死亡したら、この世帯の支援はどう変わるか。選んだ出来事を"
                    "データの写しに当てはめて試算します（登録データは変わりません）。",
                    "What happens to this household's support if a parent is hospitalised, "
                    "enters care or dies? The events are applied to a copy of the data; "
                    "nothing is stored."),
    "ui.sim.events": ("想定する出来事（選んだ順に起こる）", "What-if events (in the order picked)"),
    "ui.sim.events_placeholder": ("出来事を選ぶ", "Pick events"),
    "ui.sim.all_parents_gone": ("親がいなくなる（全員）", "The parents are gone (all of them)"),
    "ui.sim.years": ("何年後に（0 = 今）", "In how many years (0 = now)"),
    "ui.sim.no_parents": ("この世帯には存命の親がいません。年数だけを想定できます。",
                          "No living parent in this household: only years can pass."),
    "ui.sim.pick_events": ("出来事か年数を選ぶと、試算の結果が表示されます。",
                           "Pick an event or a number of years to see the result."),
    "ui.sim.cannot": ("この組み合わせの出来事は試算できません。",
                      "These events cannot be simulated together."),
    "ui.sim.map_now": ("現在（{day}）", "Now ({day})"),
    "ui.sim.map_after": ("想定後（{day}）", "After ({day})"),
    "ui.sim.map_help": ("右の地図: 薄く表示された人・機関・線は失われるつながり、点線の枠は想定後に"
                        "不足する支援、★◆◇は想定後の主担当・チーム・バックアップです。"
                        "凡例は「現在のネットワーク」タブの地図にあります。",
                        "Right map: faded people, agencies and lines are the ties that are lost; "
                        "dashed boxes are the support missing afterwards; ★◆◇ are the lead, "
                        "team and backups afterwards. The legend is on the map of the other tab."),
    "ui.sim.changes": ("変化", "What changes"),
    "ui.sim.gap_changes": ("支援の不足の増減", "Gaps opened and closed"),
    "ui.sim.none_lost": ("失われる支援はありません", "No support is lost"),
    "ui.sim.readiness_help": ("✓ 本人・世帯につながる担い手あり ／ ✗ なし（右端は親や兄弟姉妹にだけ"
                              "つながる支援: 本人へ関係を広げられる候補）",
                              "✓ someone tied to the subject or household carries it / ✗ nobody "
                              "(last column: supports tied only to a parent or sibling, who "
                              "could be widened to the subject)"),
    "ui.sim.from": ("現在: {before}", "now: {before}"),
    "ui.sim.col.item": ("項目", "Item"),
    "ui.sim.col.changed": ("変化", "Changed"),
    "ui.sim.col.change": ("増減", "Change"),
    "ui.sim.col.worry": ("親なき後の心配", "Worry"),
    "ui.sim.col.carried_by": ("担い手", "Carried by"),
    "ui.sim.col.could_carry": ("親・兄弟姉妹にだけつながる支援",
                               "Tied only to a parent or sibling"),
    "ui.forecast.title": ("親なき後の見通し", "After-parents forward view"),
    "ui.forecast.help": ("指定した年齢以上の親がすべていなくなったら、"
                         "どの本人が孤立・未接続になるか。"
                         "登録データは変わりません。",
                         "If every parent of at least this age were gone, which subjects would be "
                         "left isolated or unconnected? Nothing is stored."),
    "ui.forecast.parent_age": ("親の年齢（以上）", "Parents aged (or over)"),
    "ui.forecast.years": ("何年後", "Years ahead"),
    "ui.forecast.affected": ("親がいなくなる世帯", "Households losing a parent"),
    "ui.forecast.left": ("孤立・未接続になる本人", "Subjects left isolated or unconnected"),
    "ui.forecast.by_ward": ("孤立・未接続になる本人（区別）", "Subjects left alone, by ward"),
    "ui.forecast.ranked": ("孤立・未接続になる世帯（想定後のリスクの高い順）",
                           "Households left alone (highest risk after first)"),
    "ui.forecast.open": ("ケース会議でシミュレーション", "Simulate in the case conference"),
    "ui.forecast.none": ("孤立・未接続になる本人はいません", "No subject would be left alone"),
    # --- sign-in, audit log and accounts in the app (netsupport.ui.auth, pages) ---------
    "ui.auth.title": ("サインイン", "Sign in"),
    "ui.auth.help": ("利用者名とパスワードを入力してください。アカウントは管理者が発行します。",
                     "Enter your username and password. Accounts are issued by the "
                     "administrator."),
    "ui.auth.username": ("利用者名", "Username"),
    "ui.auth.password": ("パスワード", "Password"),
    "ui.auth.submit": ("サインイン", "Sign in"),
    "ui.auth.locked": (
        "サインインの失敗が続いたため、この利用者名は{minutes}分間サインインできません。",
        "Too many failed sign-ins: this username is locked for {minutes} minutes."),
    "ui.auth.failed": ("利用者名またはパスワードが正しくありません。",
                       "Wrong username or password."),
    "ui.auth.oidc": ("組織のアカウントでサインイン", "Sign in with your organisation account"),
    "ui.auth.oidc_refused": (
        "この組織アカウント（{email}）の利用者は登録されていないか、停止されています。"
        "管理者に確認してください。",
        "No active netsupport account matches this organisation account ({email}). "
        "Ask the administrator."),
    "ui.auth.signed_in_as": ("{name}（{role}）", "{name} ({role})"),
    "ui.auth.wards": ("担当区：{wards}", "Wards: {wards}"),
    "ui.auth.sign_out": ("サインアウト", "Sign out"),
    "ui.auth.signed_out": ("サインアウトしました。", "You have signed out."),
    "ui.auth.timed_out": ("一定時間操作がなかったため、サインアウトしました。"
                          "もう一度サインインしてください。",
                          "You were signed out after a period without activity. "
                          "Please sign in again."),
    "ui.auth.account_closed": ("このアカウントは使用できなくなりました。管理者に確認してください。",
                               "This account can no longer be used. Ask the administrator."),
    "ui.auth.refused": ("この世帯を開く権限がありません。担当区の世帯か確認してください。",
                        "You may not open this household. Check that it is in your wards."),
    "ui.auth.role.admin": ("管理者", "Administrator"),
    "ui.auth.role.supervisor": ("スーパーバイザー", "Supervisor"),
    "ui.auth.role.staff": ("職員", "Staff"),
    "ui.auth.role.viewer": ("閲覧者", "Viewer"),
    "ui.auth.support_meeting": ("支援会議として開催（社会福祉法第106条の6）",
                                "Held as a support meeting (Social Welfare Act art. 106-6)"),
    "ui.auth.support_meeting_help": (
        "支援会議では構成員に守秘義務が課され、本人の同意がなくても情報を共有できます。"
        "チェックしない場合、共有に同意のない機関はシートに種別だけが載ります。",
        "Members of a support meeting are bound to confidentiality and may share without "
        "consent. Unchecked, agencies without consent appear on the sheet by kind only."),
    "ui.auth.pseudonymised_view": (
        "仮名化された表示です：人は続柄で、機関は共有に同意のあるものだけ名称で示します。",
        "A pseudonymised view: people by relation, agencies by name only where they "
        "consented to sharing."),
    "ui.page.audit_log": ("監査ログ", "Audit log"),
    "ui.audit.help": ("だれが・いつ・どの世帯を閲覧、変更、出力したかの記録です。"
                      "記録は追加されるだけで、変更・削除はできません。",
                      "Who viewed, changed or exported what, and when. Entries are only ever "
                      "added, never changed or deleted."),
    "ui.audit.period": ("期間", "Period"),
    "ui.audit.user": ("利用者", "User"),
    "ui.audit.household": ("世帯ID", "Household id"),
    "ui.audit.all_users": ("すべての利用者", "Every user"),
    "ui.audit.count": ("{n:,}件（新しい順）", "{n:,} entries (newest first)"),
    "ui.audit.empty": ("条件に合う記録はありません", "No entry matches"),
    "ui.audit.download": ("CSVでダウンロード", "Download as CSV"),
    "ui.audit.col.at": ("日時", "Time"),
    "ui.audit.col.user": ("利用者", "User"),
    "ui.audit.col.action": ("操作", "Action"),
    "ui.audit.col.household": ("世帯", "Household"),
    "ui.audit.col.detail": ("内容", "Detail"),
    "ui.audit.records": ("{n:,}件", "{n:,} record(s)"),
    "ui.yes": ("はい", "yes"),
    "ui.no": ("いいえ", "no"),
    "ui.audit.key.version": ("データ版", "Data version"),
    "ui.audit.key.pseudonymised": ("仮名化", "Pseudonymised"),
    "ui.audit.key.support_meeting": ("支援会議", "Support meeting"),
    "ui.audit.key.what": ("対象", "What"),
    "ui.audit.key.format": ("形式", "Format"),
    "ui.audit.key.changes": ("変更", "Changes"),
    "ui.audit.key.target": ("対象の利用者", "Account"),
    "ui.audit.key.active": ("有効", "Active"),
    "ui.audit.key.role": ("役割", "Role"),
    "ui.audit.key.wards": ("担当区", "Wards"),
    "ui.audit.key.display_name": ("表示名", "Display name"),
    "ui.audit.key.edit": ("変更の種類", "Edit"),
    "ui.audit.key.before": ("変更前", "Before"),
    "ui.audit.key.after": ("変更後", "After"),
    "ui.audit.key.reason": ("理由", "Reason"),
    "ui.audit.key.via": ("経路", "Via"),
    "ui.audit.key.requested": ("求めた操作", "Requested"),
    "ui.audit.key.action": ("操作", "Action"),
    "ui.audit.key.replace": ("置き換え", "Replace"),
    "ui.audit.key.mode": ("方法", "Mode"),
    "ui.audit.key.source": ("ファイル", "File"),
    "ui.audit.key.households": ("世帯", "Households"),
    "ui.audit.key.agencies": ("機関", "Agencies"),
    "ui.audit.key.people": ("人", "People"),
    "ui.audit.key.ties": ("つながり", "Ties"),
    "ui.audit.key.events": ("支援経過", "Events"),
    "ui.audit.key.password_changed": ("パスワード変更", "Password changed"),
    "ui.audit.key.username": ("利用者名", "Username"),
    "ui.audit.key.created_at": ("作成日時", "Created"),
    "ui.audit.key.bytes": ("バイト数", "Bytes"),
    "ui.audit.key.entries": ("件数", "Entries"),
    "ui.audit.key.rows": ("行数", "Rows"),
    "ui.audit.key.user": ("利用者", "User"),
    "ui.audit.key.household": ("世帯", "Household"),
    "ui.audit.key.filters": ("条件", "Filters"),
    "ui.audit.key.since": ("から", "Since"),
    "ui.audit.key.until": ("まで", "Until"),
    "ui.audit.key.limit": ("上限件数", "Limit"),
    "ui.audit.key.path": ("保存先", "Path"),
    "ui.audit.key.ward": ("区", "Ward"),
    "ui.audit.key.parent_age": ("親の年齢（以上）", "Parent age (at least)"),
    "ui.audit.key.years": ("何年後", "Years on"),
    "ui.audit.key.form": ("入力欄", "Form"),
    "ui.audit.key.households_added": ("世帯 追加", "Households added"),
    "ui.audit.key.households_changed": ("世帯 変更", "Households changed"),
    "ui.audit.key.households_unchanged": ("世帯 変更なし", "Households unchanged"),
    "ui.audit.key.households_affected": ("つながりで変わる他の世帯", "Other households changed"),
    "ui.audit.key.ties_added": ("つながり 追加", "Ties added"),
    "ui.audit.key.ties_ended": ("つながり 終了", "Ties ended"),
    "ui.audit.key.ties_changed": ("つながり 更新", "Ties updated"),
    "ui.audit.key.ties_removed": ("つながり 削除", "Ties removed"),
    "ui.audit.key.agencies_added": ("関係機関 追加", "Agencies added"),
    "ui.audit.key.agencies_changed": ("関係機関 変更", "Agencies changed"),
    "ui.audit.key.contacts_added": ("インフォーマルな支え手 追加", "Informal contacts added"),
    "ui.audit.key.contacts_changed": ("インフォーマルな支え手 変更", "Informal contacts changed"),
    "ui.audit.key.collaborations_added": ("機関どうしのつながり 追加", "Collaborations added"),
    "ui.audit.key.collaborations_changed": ("機関どうしのつながり 変更",
                                            "Collaborations changed"),
    "ui.audit.value.mode.load": ("取り込み", "load"),
    "ui.audit.value.mode.replace": ("全件の置き換え", "replace"),
    "ui.audit.value.mode.merge": ("含まれる世帯だけ追加・更新", "merge"),
    "ui.audit.value.what.bundle": ("全データ", "the whole data"),
    "ui.audit.value.what.sheet": ("ケース会議シート", "case-conference sheet"),
    "ui.audit.value.what.audit_log": ("監査ログ", "audit log"),
    "ui.audit.value.what.dashboard_households": ("要注意世帯の一覧", "households to watch"),
    "ui.audit.value.what.dashboard_forecast": ("親なき後の見通し", "after-parents forecast"),
    "ui.audit.value.what.agency_brokers": ("支援機関どうしをつなぐ位置にある機関",
                                           "brokering agencies"),
    "ui.audit.value.what.agency_sole_support": ("唯一の支援になっている機関",
                                                "sole-support agencies"),
    "ui.audit.value.what.agency_over_capacity": ("受け持ちが上限を超えている機関",
                                                 "agencies over capacity"),
    "ui.audit.value.what.agency_ward_shortages": ("区内に必要な種別の機関がない世帯",
                                                  "ward shortages"),
    "ui.audit.value.edit.assign_lead": ("主担当の割当・引継ぎ", "assign or hand over the lead"),
    "ui.audit.value.edit.record_contact": ("連絡の記録", "record a contact"),
    "ui.audit.value.edit.add_tie": ("つながりの追加", "add a tie"),
    "ui.audit.value.edit.end_tie": ("つながりの終了", "end a tie"),
    "ui.audit.value.format.csv": ("CSV", "CSV"),
    "ui.audit.value.format.xlsx": ("Excel", "Excel"),
    "ui.audit.value.format.zip": ("CSV（zip）", "CSV (zip)"),
    "ui.audit.value.via.url": ("リンク（URL）", "a link (URL)"),
    "ui.audit.value.via.cli": ("コマンド", "the command line"),
    "ui.audit.value.via.oidc": ("組織のアカウント", "the organisation's sign-in"),
    "ui.audit.value.via.household": ("世帯の選択", "the household picker"),
    "ui.audit.value.via.dashboard.pick": ("ダッシュボードの世帯選択", "the dashboard's picker"),
    "ui.audit.value.via.dashboard.forecast_pick": ("親なき後の見通しの世帯選択",
                                                   "the forecast's picker"),
    "ui.audit.value.action.view_city": ("市内の一覧を見る", "view the city"),
    "ui.audit.value.action.view_household": ("世帯を見る", "view a household"),
    "ui.audit.value.action.view_names": ("氏名を見る", "view names"),
    "ui.audit.value.action.view_agencies": ("関係機関ネットワークを見る", "view the agencies"),
    "ui.audit.value.action.assign_lead": ("主担当を割り当てる", "assign the lead"),
    "ui.audit.value.action.edit": ("記録・変更", "edit"),
    "ui.audit.value.action.export_sheet": ("ケース会議シートの保存", "save the sheet"),
    "ui.audit.value.action.export_data": ("データの書き出し", "export the data"),
    "ui.audit.value.action.load_data": ("データの取り込み", "load data"),
    "ui.audit.value.action.read_audit": ("監査ログを見る", "read the audit log"),
    "ui.audit.value.action.manage_users": ("利用者の管理", "manage users"),
    "ui.page.users": ("利用者", "Users"),
    "ui.users.help": ("利用者の追加、パスワードの再発行（一度だけ表示）、役割・担当区・表示名の"
                      "変更と、停止・再開ができます。すべて監査ログに記録されます"
                      "（コマンドでは netsupport user）。",
                      "Add accounts, issue a new password (shown once), change roles, wards "
                      "and display names, disable or enable accounts; all of it is logged "
                      "(on the command line: netsupport user)."),
    "ui.users.col.username": ("利用者名", "Username"),
    "ui.users.col.display_name": ("表示名", "Display name"),
    "ui.users.col.role": ("役割", "Role"),
    "ui.users.col.wards": ("担当区", "Wards"),
    "ui.users.col.active": ("状態", "Status"),
    "ui.users.col.created": ("作成日時", "Created"),
    "ui.users.active": ("有効", "Active"),
    "ui.users.disabled": ("停止中", "Disabled"),
    "ui.users.change": ("変更する利用者", "User to change"),
    "ui.users.save": ("変更を保存", "Save changes"),
    "ui.users.saved": ("{username} を更新しました", "{username} updated"),
    "ui.users.not_self": ("自分自身の停止や役割の変更はできません"
                          "（他の管理者に依頼してください）。",
                          "You cannot disable yourself or change your own role (ask another "
                          "administrator)."),
    "ui.users.no_users": ("利用者がいません", "No users yet"),
    "ui.users.add": ("利用者を追加する", "Add an account"),
    "ui.users.add_submit": ("追加してパスワードを発行する", "Add and issue a password"),
    "ui.users.username_help": ("半角英数字と . _ @ - で 64 文字まで（例: kita-tanaka）",
                               "Letters, digits and . _ @ - , up to 64 (e.g. kita-tanaka)"),
    "ui.users.added": ("利用者 {username} を追加しました", "Account {username} added"),
    "ui.users.reset": ("この利用者のパスワードを再発行する", "Issue a new password"),
    "ui.users.reset_help": ("新しいパスワードを作って一度だけ表示します。これまでのパスワードは"
                            "使えなくなります。",
                            "Makes a new password and shows it once; the old one stops "
                            "working."),
    "ui.users.password_once": (
        "利用者 {username} のパスワードです。この表示は一度きりです（画面を操作すると消え、"
        "再表示できません）。本人に安全な方法で渡してください。",
        "The password of {username}. It is shown this once (it is gone on your next click "
        "and cannot be shown again): hand it over safely."),
    "ui.users.no_wards": ("担当区なし（職員は世帯を開けません）",
                          "No ward (staff then open no household)"),
}


#: The problems of a bundle (``problem.<code>``, :class:`netsupport.errors.Problem`): read,
#: validated, merged. The English is the wording the reader and the validator always had.
_PROBLEM_TEXTS: dict[str, tuple[str, str]] = {
    # reading files and sheets
    "problem.missing_file": ("必要なファイル {sheet}（{label}）がありません",
                             "missing required file {sheet!r} ({label})"),
    "problem.missing_sheet": ("必要なシート {sheet}（{label}）がありません",
                              "missing required sheet {sheet!r} ({label})"),
    "problem.file_ignored": (
        "読み込みません: agencies・households・people・ties・events のどれでもないファイルです",
        "file ignored: not one of agencies, households, people, ties, events"),
    "problem.sheet_ignored": (
        "読み込みません: agencies・households・people・ties・events のどれでもないシートです",
        "sheet ignored: not one of agencies, households, people, ties, events"),
    "problem.two_files": ("同じ表のファイルが二つあります: {files}（一つにしてください）",
                          "two files hold the same table: {files}; keep one"),
    "problem.two_sheets": ("同じ表のシートが二つあります: {sheets}（一つにしてください）",
                           "two sheets hold the same table: {sheets}; keep one"),
    "problem.not_a_worksheet": ("ワークシートではありません（グラフシートですか？）",
                                "not a worksheet (a chart sheet?)"),
    "problem.zip_unreadable": ("zip ファイルを読めません（{detail}）",
                               "cannot read the zip file: {detail}"),
    "problem.not_csv_ignored": ("読み込みません: CSV ファイルではありません",
                                "file ignored: not a CSV file"),
    "problem.zip_too_many": ("zip に {n:,} 個の項目があります。"
                             "データ一式は多くても {most:,} 個です",
                             "the zip holds {n:,} entries; a bundle has at most {most:,}"),
    "problem.zip_unsafe_name": ("zip に安全でない名前のファイルがあります: {name}",
                                "the zip holds a file with an unsafe name: {name!r}"),
    "problem.zip_nested_folder": (
        "zip のフォルダの中にフォルダがあります: {name}（CSV ファイルは最上位か一つのフォルダに"
        "置いてください）",
        "the zip holds a folder inside a folder: {name!r}; put the CSV files at the top or "
        "in one folder"),
    "problem.zip_nested_file": (
        "zip の入れ子のフォルダにファイルがあります: {name}（CSV ファイルは最上位か一つの"
        "フォルダに置いてください）",
        "the zip holds a file inside nested folders: {name!r}; put the CSV files at the top "
        "or in one folder"),
    "problem.zip_encrypted": ("zip の {name} は暗号化されています。パスワードなしで zip にして"
                              "ください",
                              "{name!r} in the zip is encrypted; zip it without a password"),
    "problem.zip_many_places": (
        "zip のファイルが複数の場所にあります（{places}）。CSV ファイルは最上位か一つのフォルダに"
        "置いてください",
        "the zip holds files in more than one place ({places}); put the CSV files at the top "
        "or in one folder"),
    "problem.zip_too_big": ("zip を展開すると {mib} MiB を超えます。データ一式はもっと小さい"
                            "はずです: 正しいファイルですか？",
                            "the zip unpacks to more than {mib} MiB; a bundle is smaller: is "
                            "this the right file?"),
    "problem.not_text": (
        "ファイルを読めません: UTF-8 でも Shift_JIS（cp932）でもありません。Excel から"
        "「CSV UTF-8」で保存してください",
        "cannot read the file: it is neither UTF-8 nor Shift_JIS (cp932) text; save it as "
        "'CSV UTF-8' from Excel"),
    "problem.csv_unreadable": ("{row} 行目より後を CSV として読めません（{detail}）",
                               "cannot read the file as CSV after row {row}: {detail}"),
    "problem.workbook_unreadable": ("ブックを開けません（{detail}）",
                                    "cannot open the workbook: {detail}"),
    "problem.xls_file": (
        "CSV ファイルのフォルダ、その zip、または .xlsx のブックを指定してください"
        "（.xls は .xlsx で保存し直してください）",
        "expected a folder of CSV files, a .zip of them or an .xlsx workbook; save the .xls "
        "file as .xlsx"),
    "problem.not_a_bundle": ("CSV ファイルのフォルダ、その zip、または .xlsx のブックを指定して"
                             "ください",
                             "expected a folder of CSV files, a .zip of them or an .xlsx "
                             "workbook"),
    "problem.no_such_path": ("そのようなフォルダ・.zip・.xlsx ファイルはありません",
                             "no such folder, .zip or .xlsx file"),
    "problem.empty_file": ("ファイルが空です。1 行目は見出しの行です",
                           "the file is empty; its first row must be the header"),
    "problem.unnamed_column": ("見出しのない {letter} 列の値は読み込みません",
                               "values in column {letter}, which has no header, are ignored"),
    "problem.unknown_column": ("列「{name}」は知らない列なので読み込みません。使える列: {known}",
                               "unknown column {name!r} is ignored; known columns: {known}"),
    "problem.column_twice": ("列 {col}（{label}）が二つあります:「{first}」と「{second}」",
                             "column {col} ({label}) appears twice: {first!r} and {second!r}"),
    "problem.missing_column": ("必要な列 {col}（{label}）がありません",
                               "missing required column {col} ({label})"),
    # cells
    "problem.formula": ("セルが数式です。値に置き換えてください（コピーして値として貼り付け）",
                        "the cell holds a formula; replace it by its value (copy, paste values)"),
    "problem.excel_error": ("セルが Excel のエラー {value} を表示しています",
                            "the cell shows the Excel error {value}"),
    "problem.required": ("必須の値が入っていません", "required value is missing"),
    "problem.bad_value": ("値を読めません（{detail}）", "{detail}"),
    "problem.not_a_date": ("「{value}」は日付ではありません。2024-04-01、2024/4/1、"
                           "令和6年4月1日のように入力してください",
                           "not a date: {value!r}; expected YYYY-MM-DD, e.g. 2024-04-01"),
    "problem.not_a_day": ("{detail}", "not a date: {detail}"),
    "problem.not_an_int": ("「{value}」は整数ではありません", "not a whole number: {value!r}"),
    "problem.enum_unknown": ("「{value}」は選べない値です。次のいずれかを入力してください: "
                             "{expected}",
                             "unknown value {value!r}; expected one of: {expected}"),
    "problem.bool_unknown": ("「{value}」は はい／いいえ のどちらでもありません",
                             "unknown value {value!r}; expected yes or no (はい / いいえ)"),
    "problem.none_for_default": ("値がありません（既定値 {default} にするには空欄にしてください）",
                                 "must not be None (leave it out for the default {default!r})"),
    "problem.empty_text": ("空の文字列です。わからない値は空欄（None）にしてください",
                           "empty text: use None for a value that is not known"),
    "problem.wrong_type": ("値の種類が違います（{type}・{python} が必要です）: {value!r}",
                           "expected {type} {python}, got {value!r}"),
    "problem.wrong_list": ("値の並びの種類が違います（{python} の並びが必要です）: {value!r}",
                           "expected a tuple of {python}, got {value!r}"),
    "problem.date_out_of_range": ("日付 {value} が {first}〜{last} の範囲外です",
                                  "date {value} is outside {first}..{last}"),
    "problem.listed_twice": ("同じ値が二度書かれています: {values}",
                             "a value is listed twice: {values}"),
    "problem.spaces": ("「{value}」の前後に空白があります",
                       "{value!r} has leading or trailing spaces"),
    "problem.control_character": ("制御文字 {char} が含まれています",
                                  "contains the control character {char}"),
    "problem.bidi_control": ("文字の向きを変える制御文字 {char} が含まれています（別の文字列に"
                             "見せかけられるため使えません）",
                             "contains the bidirectional control {char}: it makes text look "
                             "like other text"),
    "problem.invisible_character": ("見えない文字 {char} が含まれています",
                                    "contains the invisible character {char}"),
    "problem.too_long": ("{n:,} 文字あります。セルに入るのは {most:,} 文字までです",
                         "{n:,} characters; a sheet cell holds at most {most:,}"),
    "problem.too_small": ("{low} 以上にしてください（{value} になっています）",
                          "must be {low} or more, got {value}"),
    "problem.out_of_range": ("{low}〜{high} の範囲にしてください（{value} になっています）",
                             "must be between {low} and {high}, got {value}"),
    # ids and references
    "problem.duplicate_id": ("ID {ident} が重複しています（{where} で使用済み）",
                             "duplicate id {ident!r}: already used in {where}"),
    "problem.unknown_any": ("{ident} という機関・世帯・人はありません",
                            "unknown agency, household or person {ident!r}"),
    "problem.unknown_agencies": ("{ident} という機関はありません", "unknown agency {ident!r}"),
    "problem.unknown_households": ("{ident} という世帯はありません",
                                   "unknown household {ident!r}"),
    "problem.unknown_people": ("{ident} という人はいません", "unknown person {ident!r}"),
    "problem.wrong_kind": ("{ident} は{found}で、{wanted}ではありません（{where}）",
                           "{ident!r} is {found}, not {wanted} ({where})"),
    "problem.ages_reversed": ("対象年齢の上限 {high} が下限 {low} より小さくなっています",
                              "age_to {high} is below age_from {low}: the oldest age served "
                              "cannot be younger than the youngest"),
    "problem.member_without_household": (
        "{relation}は世帯の一員なので世帯ID が必要です（世帯IDがないのは近所・親戚・友人などの"
        "インフォーマルな関係者だけです）",
        "a {relation} is a household member and needs a household_id; only informal contacts "
        "(neighbour, relative, friend) have none"),
    "problem.contact_with_household": (
        "{relation}はインフォーマルな関係者なので世帯はありません（世帯で暮らす親族は"
        "「その他の家族」にしてください）",
        "a {relation} is an informal contact and has no household; use other_family for a "
        "relative who lives in the household"),
    "problem.subject_only": ("{field} は本人だけの項目です（この人は{relation}です）",
                             "only the subject (本人) has a {field}; this is a {relation}"),
    "problem.no_subject": ("世帯 {household} に存命の本人がいません",
                           "household {household!r} has no living subject (本人)"),
    "problem.two_subjects": ("世帯 {household} には存命の本人 {first} が既にいます（{where}）",
                             "household {household!r} already has a living subject {first!r} "
                             "({where})"),
    "problem.tie_to_itself": ("つながりの両端が同じ {ident} です",
                              "a tie cannot join {ident!r} to itself"),
    "problem.support_tie_ends": ("支援のつながりは機関から世帯または世帯員へ結びます"
                                 "（ここでは {source} から {target}）",
                                 "a support tie runs from an agency to a household or a member; "
                                 "here from {source} to {target}"),
    "problem.informal_tie_ends": (
        "インフォーマルなつながりは、世帯のない関係者と世帯または世帯員を結びます"
        "（ここでは {source} から {target}）",
        "an informal tie joins an informal contact (a person without household) with a "
        "household or a member; here from {source} to {target}"),
    "problem.family_tie_ends": ("家族のつながりは同じ世帯の二人を結びます"
                                "（ここでは {source} から {target}）",
                                "a family tie joins two members of the same household; here "
                                "from {source} to {target}"),
    "problem.collaboration_tie_ends": ("連携のつながりは二つの機関を結びます"
                                       "（ここでは {source} から {target}）",
                                       "a collaboration tie joins two agencies; here from "
                                       "{source} to {target}"),
    "problem.role_not_support": ("役割 {role} は支援のつながりだけに付けます（ここは空欄に"
                                 "してください）",
                                 "role {role!r} is only for support ties; leave it empty (none) "
                                 "here"),
    "problem.until_before_since": ("終了日 {until} が開始日 {since} より前です",
                                   "until {until} is before since {since}"),
    "problem.duplicate_tie": ("同じつながり（起点・終点・種類・開始日が同じ）が {where} に"
                              "あります",
                              "duplicate tie: same source_id, target_id, kind and since as "
                              "{where}"),
    # a merge (netsupport.merge)
    "problem.merge_member_outside": (
        "世帯 {household} はこのデータにありません。取り込み（追加・更新）で変わるのは含まれる"
        "世帯だけです。世帯員全員とともに世帯を加えてください",
        "household {household!r} is not in this bundle: a merge changes only the households "
        "it holds; add the household with all its members"),
    "problem.merge_moves_person": (
        "{person} は世帯 {household} の一員ですが、その世帯はこのデータにありません。"
        "取り込み（追加・更新）では他の世帯から人を移せません",
        "person {person!r} is a member of household {household!r}, which this bundle does "
        "not hold; a merge does not move people out of other households"),
    "problem.merge_event_outside": (
        "世帯 {household} はこのデータにありません。支援経過を取り込むには世帯も加えてください",
        "household {household!r} is not in this bundle: add the household to bring in its "
        "events"),
    "problem.merge_tie_outside": (
        "つながり {source} → {target} はこのデータのどの世帯にも関わりません。取り込み"
        "（追加・更新）で入るのは含まれる世帯のつながり（と機関どうしの連携）だけです",
        "the tie {source!r} → {target!r} touches no household of this bundle: a merge brings "
        "in the ties of its households (and collaboration ties between agencies)"),
    # edits and stores (netsupport.errors.NetsupportError with a code)
    "error.no_household": ("世帯 {household} はありません", "no household with id {household!r}"),
    "error.no_agency": ("機関 {agency} はありません", "no agency with id {agency!r}"),
    "error.no_tie": ("つながり {source} → {target}（{kind}）はありません",
                     "no tie {source} → {target} ({kind})"),
    "error.no_tie_key": ("つながり {tie} はありません", "no tie {tie}"),
    "error.no_user": ("利用者 {username} はいません", "no user {username!r}"),
    "error.stressful_lead": ("{agency} はこの世帯とのつながりに負担があるため、主担当にできません",
                             "{agency} has a stressful tie to this household; it cannot be "
                             "made the lead"),
    "error.already_lead": ("{agency} は既に主担当です", "{agency} is already the lead"),
    "error.contact_before_tie": ("連絡日 {on} がつながりの開始日 {since} より前です",
                                 "the contact ({on}) is before the tie began ({since})"),
    "error.contact_after_tie": ("連絡日 {on} がつながりの終了日 {until} より後です",
                                "the contact ({on}) is after the tie ended ({until})"),
    "error.tie_problems": ("つながりを追加できません: {problems}", "{problems}"),
    "error.end_before_since": ("終了日 {on} がつながりの開始日 {since} より前です",
                               "a tie cannot end ({on}) before it began ({since})"),
    "error.tie_already_ended": ("このつながりは {until} に終了済みです",
                                "the tie already ended on {until}"),
    "error.tie_without_household": ("このつながりはこのネットワークのどの世帯にも関わりません",
                                    "the tie does not touch a household of this network"),
    "error.tie_exists_on_day": ("{since} に始まるつながり {source} → {target} は既にあります。"
                                "別の日を選んでください",
                                "a tie {source} → {target} starting {since} already exists; "
                                "choose another day"),
    "error.version_changed": ("読み込んだ後にデータが変わりました（データ版 {expected} → "
                              "{version}）。読み込み直してからやり直してください",
                              "the data changed since it was read (version {expected} → "
                              "{version}); reload and try again"),
    "error.tie_exists": ("つながり {tie} は既にあります", "a tie {tie} already exists"),
    "error.event_exists": ("支援経過 {event} は既にあります", "an event {event!r} already exists"),
    "error.username_taken": ("利用者名 {username} は既に使われています",
                             "the username {username!r} is taken"),
}
TEXTS.update(_PROBLEM_TEXTS)


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
    if not fmt:
        return text
    try:
        return text.format(**fmt)
    except ValueError:
        # a count's field groups its digits ("{n:,}": 80,000 世帯, as a city's figures are
        # written); a value of another type given to it is shown as it is, not as an error
        return _LENIENT.format(text, **fmt)


def number(value: int) -> str:
    """A count as the texts write it: digits grouped by three (``80,000``), in both
    languages; for figures shown on their own (a page's key figures).

    >>> number(80000), number(7)
    ('80,000', '7')
    """
    return f"{value:,}"


class _Lenient(string.Formatter):
    """``str.format`` that shows a value as it is where its field's format does not fit it
    (a text given where a count's ``:,`` expects a number)."""

    def format_field(self, value: object, format_spec: str) -> str:
        try:
            return super().format_field(value, format_spec)
        except ValueError:
            return format(value)


_LENIENT = _Lenient()
