"""The translation table: every finding code has a label, every message key exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from netsupport.analysis.gaps import GAP_RULES
from netsupport.analysis.lead import ACTIONS, REASONS
from netsupport.analysis.risk import RISK_LEVELS, RISK_RULES
from netsupport.analysis.screening import ISOLATION_LEVELS
from netsupport.analysis.strategy import STRATEGIES
from netsupport.i18n import TEXTS, number, t
from netsupport.model import LABELS

ROOT = Path(__file__).resolve().parent.parent


def finding_keys() -> list[str]:
    return ([r.label_key for r in GAP_RULES] + [r.label_key for r in RISK_RULES]
            + [f"risk_level.{c}" for c in RISK_LEVELS]
            + [f"isolation.{c}" for c in ISOLATION_LEVELS]
            + [f"isolation.{c}.why" for c in ISOLATION_LEVELS]
            + [f"strategy.{c}" for c in STRATEGIES] + [f"strategy.{c}.why" for c in STRATEGIES]
            + [f"lead.action.{c}" for c in ACTIONS] + [f"lead.reason.{c}" for c in REASONS]
            + ["is_8050.yes", "is_8050.no", "team.why.team_tie", "team.why.gap"])


@pytest.mark.parametrize("key", finding_keys())
def test_every_finding_code_has_a_japanese_and_an_english_label(key):
    ja, en = TEXTS[key]
    assert ja and en and ja != en
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", ja), ja


def test_the_labels_named_in_the_brief():
    assert t("gap.no_lead") == "主担当未設定"
    assert t("gap.care_manager") == "ケアマネジャー未接続"
    assert t("risk.crisis") == "危機の切迫性あり"
    assert t("isolation.isolated") == "孤立"
    assert t("strategy.crisis_intervention") == "危機介入"
    assert t("strategy.direct_support") == "本人への支援（来所・訪問）"
    assert t("strategy.via_family") == "家族を通した本人への働きかけ"
    assert t("strategy.prepare_for_crisis") == "危機に備えて関係性をつくる（定期的な訪問）"


def test_t_formats_and_falls_back_to_english():
    assert t("risk.subject_50_plus", age=55) == "本人が55歳以上"
    assert t("risk.subject_50_plus", "en", age=55) == "Subject aged 55 or over"
    assert t("gap.no_lead", "fr") == "No lead agency"
    with pytest.raises(KeyError, match="nope"):
        t("nope")


def test_a_citys_counts_have_their_digits_grouped_and_a_text_is_shown_as_it_is():
    assert t("ui.picker.capped", n=200, total=80000).startswith(
        "選択肢にはリスクの高い順に 200 世帯を表示しています（全 80,000 世帯）")
    assert t("ui.rows.all", "en", total=12345) == "Showing all 12,345."
    # a value of another type where a count's ":," is written: shown, never an error
    assert t("ui.rows.all", total="12345") == "全 12345 件を表示しています。"
    assert t("problem.two_subjects", "en", household="H1", first="P1", where="x").count(
        "'") == 4  # the English "!r" fields still hold, on the lenient path too
    assert number(80000) == "80,000" and number(999) == "999"


def test_no_year_or_age_field_groups_its_digits():
    """Only counts are grouped: a year, an age, a day or a data version reads as it is
    written (令和 2026 年 is "2026", not "2,026")."""
    for key, (ja, en) in TEXTS.items():
        for name in re.findall(r"{(\w+):,}", ja + en):
            dated = re.fullmatch(r"\w*(year|age|day|version|row|col|low|high)s?", name)
            assert not dated, (key, name)


def test_fields_are_the_same_in_both_languages():
    field = r"{(\w+)(?:![rsa])?(?::[^{}]*)?}"  # {name}, {name!r}, {most:,}
    for key, (ja, en) in TEXTS.items():
        assert set(re.findall(field, ja)) == set(re.findall(field, en)), key


def test_enum_labels_are_not_duplicated_here():
    enum_labels = {ja for table in LABELS.values() for ja, _ in table.values()}
    duplicated = [k for k, (ja, _) in TEXTS.items()
                  if ja in enum_labels and not k.startswith("summary.")]
    assert duplicated == []


def test_every_key_the_code_asks_for_exists():
    asked = set()
    for path in (ROOT / "netsupport").rglob("*.py"):
        asked |= set(re.findall(r"""\bt\(\s*["']([\w.]+)["']""", path.read_text("utf-8")))
    assert asked, "no t(...) call found"
    assert sorted(asked - set(TEXTS)) == []


def test_no_internal_numbers_in_the_words_staff_read():
    """Staff read sentences, not "方略の分岐 3" or "橋渡しの度合い 0.172" (issue 11)."""
    from netsupport.i18n import TEXTS

    for key, (ja, en) in TEXTS.items():
        assert "分岐" not in ja and "Branch" not in en, key
        assert "橋渡しの度合い" not in ja and "媒介中心性" not in ja, key
        assert "broker score" not in en.casefold() and "betweenness" not in en, key


def test_the_short_kind_label_matches_the_kind():
    from netsupport.model import AgencyKind
    from netsupport.viz.ecomap import short_kind_label

    assert short_kind_label(AgencyKind.EMPLOYMENT_SUPPORT) == "就労支援"
    assert short_kind_label(AgencyKind.EMPLOYMENT_SUPPORT, "en") == "Employment support"
    shorts = {k: short_kind_label(k) for k in AgencyKind}
    assert all("ハローワーク" not in v for v in shorts.values())
    assert len(set(shorts.values())) == len(shorts)  # one short label per kind
