"""The rules file: the defaults are exactly RULES.md, and every error names its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from netsupport.analysis.gaps import GAPS_WITH_NEEDS
from netsupport.analysis.risk import RISK_FACTORS
from netsupport.cli import main
from netsupport.errors import NetsupportError, RulesError
from netsupport.model import AgencyKind, Condition, Diagnosis, Relation, Stage, TieKind
from netsupport.rules import DEFAULT_RULES_PATH, RULES_ENV, load_rules

K = AgencyKind


def write(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_RULES_PATH.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_defaults_ship_inside_the_package(monkeypatch):
    monkeypatch.delenv(RULES_ENV, raising=False)
    expected = Path(__file__).resolve().parent.parent / "netsupport" / "rules.toml"
    assert expected == DEFAULT_RULES_PATH
    assert load_rules().source == str(DEFAULT_RULES_PATH)
    assert load_rules(DEFAULT_RULES_PATH) == load_rules(str(DEFAULT_RULES_PATH))
    # one source of truth: graph_data/ names the file, it holds no copy
    assert not (expected.parent.parent / "graph_data" / "rules.toml").exists()


def test_netsupport_rules_names_a_supervisors_copy_and_rules_wins(tmp_path, monkeypatch,
                                                                  capsys):
    mine = write(tmp_path, "crisis = 3", "crisis = 5")
    monkeypatch.setenv(RULES_ENV, str(mine))
    assert load_rules().risk.points["crisis"] == 5
    assert load_rules().source == str(mine)
    assert load_rules(DEFAULT_RULES_PATH).risk.points["crisis"] == 3
    assert main(["rules"]) == 0
    assert "crisis = 5" in capsys.readouterr().out
    assert main(["rules", "--rules", str(DEFAULT_RULES_PATH)]) == 0
    assert capsys.readouterr().out == DEFAULT_RULES_PATH.read_text(encoding="utf-8")


def test_the_rules_command_refuses_a_bad_file_naming_the_key(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(RULES_ENV, str(write(tmp_path, "crisis = 3", "crisis = 'three'")))
    assert main(["rules"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "risk.points.crisis: expected an integer" in err


def test_defaults_are_those_of_rules_md():
    r = load_rules()
    assert r.facts.parent_relations == {Relation.FATHER, Relation.MOTHER, Relation.PARENT}
    assert r.facts.support_tie_kinds == {TieKind.SUPPORT, TieKind.INFORMAL}
    assert r.facts.care_conditions == {Condition.DEMENTIA, Condition.NEEDS_CARE}
    assert r.facts.family_conditions == {Condition.DEMENTIA, Condition.NEEDS_CARE}
    assert r.facts.recent_days == 180
    assert (r.screening.subject_age_8050, r.screening.parent_age_8050) == (40, 70)
    assert r.screening.isolated_max_supports == 1
    assert r.gaps.elder_care_parent_age == 65
    assert r.gaps.medical_diagnoses == {Diagnosis.MOOD, Diagnosis.DEVELOPMENTAL,
                                        Diagnosis.SCHIZOPHRENIA, Diagnosis.NEUROTIC,
                                        Diagnosis.OTHER}
    assert r.gaps.medical_conditions == {Condition.DEMENTIA, Condition.ILLNESS}
    assert r.gaps.community_watch_informal is True
    assert r.gaps.community_watch_alone_age == 40
    assert {s.value for s in r.gaps.closed_statuses} == {"closed"}
    assert dict(r.gaps.needs) == {
        "elder_care": (K.COMMUNITY_SUPPORT_CENTER, K.CARE_MANAGER),
        "care_manager": (K.CARE_MANAGER,),
        "medical": (K.CLINIC, K.HOME_NURSING, K.MENTAL_HEALTH_CENTER),
        "income": (K.WELFARE_OFFICE, K.LIVELIHOOD_SUPPORT),
        "community_watch": (K.MINSEI_IIN, K.NEIGHBORHOOD_ASSOCIATION,
                            K.SOCIAL_WELFARE_COUNCIL),
    }
    assert dict(r.gaps.stage_resource) == {
        Stage.GROUP: (K.IBASHO, K.SOCIAL_WELFARE_COUNCIL, K.PARENTS_ASSOCIATION),
        Stage.PARTICIPATION: (K.EMPLOYMENT_SUPPORT, K.IBASHO),
    }
    assert dict(r.risk.points) == {
        "crisis": 3, "subject_alone": 4, "unconnected": 3, "isolated": 2, "parent_80_plus": 2,
        "parent_care_need": 2, "no_lead": 2, "subject_50_plus": 1, "long_withdrawal": 1,
        "parent_deceased": 1, "refuses": 1, "family_difficult": 1, "financial_hardship": 1,
    }
    assert (r.risk.parent_age, r.risk.subject_age, r.risk.withdrawal_years) == (80, 50, 10)
    assert (r.risk.high_from, r.risk.medium_from) == (8, 4)
    assert r.lead.default_stage == Stage.ENGAGEMENT
    assert r.lead.stale_days == 90
    assert dict(r.lead.preferred_kinds) == {
        Stage.ENGAGEMENT: (K.HIKIKOMORI_SUPPORT_OFFICE, K.HEALTH_WELFARE_SECTION,
                           K.MENTAL_HEALTH_CENTER),
        Stage.INDIVIDUAL: (K.HIKIKOMORI_SUPPORT_OFFICE, K.MENTAL_HEALTH_CENTER,
                           K.HEALTH_WELFARE_SECTION),
        Stage.GROUP: (K.IBASHO, K.SOCIAL_WELFARE_COUNCIL, K.HIKIKOMORI_SUPPORT_OFFICE),
        Stage.PARTICIPATION: (K.EMPLOYMENT_SUPPORT, K.IBASHO, K.SOCIAL_WELFARE_COUNCIL),
    }
    assert r.team.max_size == 6
    assert r.team.backup_kinds == (K.MENTAL_HEALTH_CENTER, K.HIKIKOMORI_SUPPORT_OFFICE)
    assert r.team.backup_count == 2
    assert r.agency_report.top_brokers == 20


def test_rules_are_frozen():
    r = load_rules()
    with pytest.raises(AttributeError):
        r.team.max_size = 7  # type: ignore[misc]
    with pytest.raises(TypeError):
        r.risk.points["crisis"] = 5  # type: ignore[index]


def test_the_tables_list_every_gap_and_factor():
    r = load_rules()
    assert tuple(r.gaps.needs) == GAPS_WITH_NEEDS
    assert tuple(r.risk.points) == RISK_FACTORS


@pytest.mark.parametrize(("old", "new", "message"), [
    ("crisis = 3", "crisis = 'three'",
     "rules.toml: risk.points.crisis: expected an integer, got 'three'"),
    ("crisis = 3", "crisis = true", "rules.toml: risk.points.crisis: expected an integer"),
    ("crisis = 3", "crisis = 3.5", "rules.toml: risk.points.crisis: expected an integer"),
    ("crisis = 3", "crisis = -1", "rules.toml: risk.points.crisis: expected an integer of at"),
    ("crisis = 3\n", "", "rules.toml: risk.points.crisis: missing"),
    ("crisis = 3", "crisis = 3\ncrysis = 3", "rules.toml: risk.points.crysis: unknown key"),
    ("recent_days = 180", "recent_days = '180'", "rules.toml: facts.recent_days: expected an"),
    ("stale_days = 90", "stale_days = 90\nstale = 3", "rules.toml: lead.stale: unknown key"),
    ('group = ["ibasho", "social_welfare_council", "hikikomori_support_office"]',
     'group = ["ibasho", "social_welfare_counsel", "hikikomori_support_office"]',
     "rules.toml: lead.preferred_kinds.group[1]: unknown agency kind 'social_welfare_counsel'"),
    ('group = ["ibasho", "social_welfare_council", "hikikomori_support_office"]',
     'grup = ["ibasho"]', "rules.toml: lead.preferred_kinds.grup: unknown stage 'grup'"),
    ('participation = ["employment_support", "ibasho", "social_welfare_council"]', "",
     "rules.toml: lead.preferred_kinds.participation: missing"),
    ('default_stage = "engagement"', 'default_stage = "meeting"',
     "rules.toml: lead.default_stage: unknown stage 'meeting'"),
    ('group = ["ibasho", "social_welfare_council", "parents_association"]',
     'grop = ["ibasho"]', "rules.toml: gaps.stage_resource.grop: unknown stage 'grop'"),
    ('care_manager = ["care_manager"]', 'care_manager = "care_manager"',
     "rules.toml: gaps.needs.care_manager: expected a list of agency kind codes"),
    ('care_manager = ["care_manager"]', 'care_manager = ["care_manager", "care_manager"]',
     "rules.toml: gaps.needs.care_manager: agency kind 'care_manager' is listed twice"),
    ('parent_relations = ["father", "mother", "parent"]', 'parent_relations = ["dad"]',
     "rules.toml: facts.parent_relations[0]: unknown relation 'dad'"),
    ('care_conditions = ["dementia", "needs_care"]', 'care_conditions = ["frail"]',
     "rules.toml: facts.care_conditions[0]: unknown condition 'frail'"),
    ('medical_diagnoses = ["mood",', 'medical_diagnoses = ["blue",',
     "rules.toml: gaps.medical_diagnoses[0]: unknown diagnosis 'blue'"),
    ("community_watch_informal = true", "community_watch_informal = 1",
     "rules.toml: gaps.community_watch_informal: expected true or false, got 1"),
    ('family_conditions = ["dementia", "needs_care"]', 'family_conditions = ["old"]',
     "rules.toml: facts.family_conditions[0]: unknown condition 'old'"),
    ('family_conditions = ["dementia", "needs_care"]\n', "",
     "rules.toml: facts.family_conditions: missing"),
    ("community_watch_alone_age = 40", "community_watch_alone_age = 'forty'",
     "rules.toml: gaps.community_watch_alone_age: expected an integer, got 'forty'"),
    ("community_watch_alone_age = 40", "community_watch_alone_age = -1",
     "rules.toml: gaps.community_watch_alone_age: expected an integer of at least 0"),
    ("subject_alone = 4 ", "subject_alone = 'four' ",
     "rules.toml: risk.points.subject_alone: expected an integer, got 'four'"),
    ("subject_alone = 4 ", "# ", "rules.toml: risk.points.subject_alone: missing"),
    ("max_size = 6", "max_size = 0", "rules.toml: team.max_size: expected an integer of at"),
    ("medium_from = 4", "medium_from = 9",
     "rules.toml: risk.medium_from: expected at most risk.high_from (8), got 9"),
    ("[team]", "[teams]", "rules.toml: team: missing"),
    ("[agency_report]\n", "[agency_report]\nextra = 1\n",
     "rules.toml: agency_report.extra: unknown key"),
    ("broker_samples = 100", "broker_samples = 100\n[extra]\nx = 1",
     "rules.toml: extra: unknown key"),
])
def test_errors_name_the_key(tmp_path, old, new, message):
    with pytest.raises(RulesError) as caught:
        load_rules(write(tmp_path, old, new))
    assert str(caught.value).startswith(message), str(caught.value)
    assert isinstance(caught.value, NetsupportError)


def test_not_toml_and_no_file(tmp_path):
    bad = tmp_path / "rules.toml"
    bad.write_text("[risk\n", encoding="utf-8")
    with pytest.raises(RulesError, match="rules.toml: not a valid TOML file"):
        load_rules(bad)
    with pytest.raises(RulesError, match="cannot read the rules file"):
        load_rules(tmp_path / "missing.toml")


def test_a_changed_value_is_read(tmp_path):
    r = load_rules(write(tmp_path, "crisis = 3", "crisis = 5"))
    assert r.risk.points["crisis"] == 5
    r = load_rules(write(tmp_path, "group = [\"ibasho\", \"social_welfare_council\", "
                                   "\"parents_association\"]", "individual = [\"ibasho\"]"))
    assert r.gaps.stage_resource == {Stage.INDIVIDUAL: (K.IBASHO,),
                                     Stage.PARTICIPATION: (K.EMPLOYMENT_SUPPORT, K.IBASHO)}
