"""The ``netsupport`` command end to end, on SQLite and on the live Neo4j."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from netsupport.bundle import read_bundle
from netsupport.cli import main
from netsupport.example import HOUSEHOLD_ID, seed_example

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-01"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def broken_bundle(tmp_path: Path) -> Path:
    folder = tmp_path / "broken"
    shutil.copytree(ROOT / "graph_data" / "example", folder)
    households = folder / "households.csv"
    text = households.read_text(encoding="utf-8-sig").splitlines()
    header = text[0].split(",")
    row = text[1].split(",")
    row[header.index("stage")] = "そのうち"
    row[header.index("opened_on")] = "2024-13-45"
    households.write_text("\n".join([text[0], ",".join(row)]) + "\n", encoding="utf-8-sig")
    with (folder / "ties.csv").open("a", encoding="utf-8") as f:
        f.write("A-NOBODY,H-01,support,,,,,,\n")
    return folder


def test_validate_reports_every_error_located_and_exits_1(tmp_path, capsys):
    code, out, err = run(capsys, "validate", str(broken_bundle(tmp_path)))
    assert code == 1
    lines = err.splitlines()
    assert "households.csv:2:stage: 「そのうち」は選べない値です" in err
    assert any(line.startswith("households.csv:2:opened_on:") for line in lines)
    assert any(line.startswith("ties.csv:") and ":source_id:" in line for line in lines)
    assert "3 件のエラー" in err


#: Two English words in a row: what a Japanese message must not hold (ids, codes and the
#: values staff typed are single words).
ENGLISH = re.compile(r"[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}")


def test_validate_speaks_japanese_by_default_and_english_when_asked(tmp_path, capsys):
    """Issue 14: every problem in Japanese (enum hints as the Japanese labels staff type),
    the same problems in English with ``--lang en``."""
    folder = broken_bundle(tmp_path)
    code, _, err = run(capsys, "validate", str(folder))
    messages = [line.split(": ", 1)[1] for line in err.splitlines() if ": " in line]
    assert code == 1 and len(messages) == 3
    assert [m for m in messages if ENGLISH.search(m)] == []
    stage = next(m for m in messages if "そのうち" in m)
    assert "ひきこもり" in stage or "準備段階" in stage or "、" in stage  # labels, not codes
    assert "engagement" not in stage
    code, _, err = run(capsys, "validate", str(folder), "--lang", "en")
    assert "households.csv:2:stage: unknown value 'そのうち'; expected one of: " in err
    assert "not a date: '2024-13-45'" in err


def test_validate_reports_cell_and_reference_problems_in_one_pass(tmp_path, capsys):
    """A row with a bad date and an unknown agency: both at once, with the other rows'."""
    folder = broken_bundle(tmp_path)
    with (folder / "events.csv").open("a", encoding="utf-8") as f:
        header = (folder / "events.csv").read_text(encoding="utf-8-sig").splitlines()[0]
        cells = dict.fromkeys(header.split(","), "")
        cells.update(event_id="E-NEW", household_id="H-NOBODY", agency_id="A-NOBODY",
                     date="2025-13-45", type="contact")
        f.write(",".join(cells[c] for c in header.split(",")) + "\n")
    code, _, err = run(capsys, "validate", str(folder), "--lang", "en")
    row = len((folder / "events.csv").read_text(encoding="utf-8-sig").splitlines())
    assert code == 1
    assert f"events.csv:{row}:date: not a date" in err
    assert f"events.csv:{row}:household_id: unknown household 'H-NOBODY'" in err
    assert f"events.csv:{row}:agency_id: unknown agency 'A-NOBODY'" in err
    assert "ties.csv:" in err and "households.csv:2:stage:" in err


def test_validate_a_good_bundle(capsys):
    code, out, _ = run(capsys, "validate", str(ROOT / "graph_data" / "demo"))
    assert code == 0 and "問題ありません" in out


def test_a_bad_rules_file_is_refused_before_any_store_opens(tmp_path, capsys):
    db, bad = tmp_path / "never.db", tmp_path / "rules.toml"
    bad.write_text("[risk\n", encoding="utf-8")
    for command in (["scan"], ["household", "H-01"], ["agencies"], ["forecast"]):
        code, _, err = run(capsys, *command, "--rules", str(bad), "--store", f"sqlite:///{db}")
        assert code == 1 and "not a valid TOML file" in err, command
        assert not db.exists(), command


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["household"])
    assert exit_.value.code == 2


def test_a_bad_load_leaves_the_store_as_it_was(uri, tmp_path, capsys):
    assert run(capsys, "load", str(ROOT / "graph_data" / "example"), "--store", uri)[0] == 0
    before = run(capsys, "export", str(tmp_path / "before"), "--store", uri)
    assert before[0] == 0
    code, _, err = run(capsys, "load", str(broken_bundle(tmp_path)), "--replace", "--store", uri)
    assert code == 1 and "stage" in err
    assert run(capsys, "load", str(ROOT / "graph_data" / "demo"), "--store", uri)[0] == 1
    run(capsys, "export", str(tmp_path / "after"), "--store", uri)
    assert read_bundle(tmp_path / "after") == read_bundle(tmp_path / "before")
    assert read_bundle(tmp_path / "after") == seed_example().sorted()


def test_shift_jis_and_xlsx_load_and_round_trip(uri, tmp_path, capsys):
    sjis = tmp_path / "sjis"
    sjis.mkdir()
    for csv in (ROOT / "graph_data" / "example").glob("*.csv"):
        (sjis / csv.name).write_text(csv.read_text(encoding="utf-8-sig"), encoding="cp932")
    assert run(capsys, "load", str(sjis), "--store", uri)[0] == 0
    assert run(capsys, "export", str(tmp_path / "out.xlsx"), "--store", uri)[0] == 0
    assert run(capsys, "load", str(tmp_path / "out.xlsx"), "--replace", "--store", uri)[0] == 0
    assert run(capsys, "export", str(tmp_path / "again"), "--store", uri)[0] == 0
    assert read_bundle(tmp_path / "again") == seed_example().sorted()


def test_export_never_overwrites_silently(tmp_path, capsys):
    uri = f"sqlite:///{tmp_path / 'x.db'}"
    run(capsys, "load", str(ROOT / "graph_data" / "example"), "--store", uri)
    target = tmp_path / "taken.xlsx"
    target.write_bytes(b"precious")
    code, _, err = run(capsys, "export", str(target), "--store", uri)
    assert code == 1 and "--force" in err
    assert target.read_bytes() == b"precious"


def test_household_json_contract_is_the_same_on_both_stores(uri, tmp_path, capsys):
    run(capsys, "load", str(ROOT / "graph_data" / "example"), "--store", uri)
    code, out, _ = run(capsys, "household", HOUSEHOLD_ID, "--json", "--as-of", AS_OF,
                       "--store", uri)
    assert code == 0
    got = json.loads(out)
    for key in ("household_id", "as_of", "is_8050", "isolation", "risk", "gaps", "strategy",
                "lead", "team"):
        assert key in got
    assert set(got["risk"]) >= {"score", "level", "factors"}
    assert set(got["lead"]) >= {"current", "recommended", "action", "reasons", "bridge"}
    assert set(got["team"]) >= {"lead", "members", "backup"}
    assert got["as_of"] == AS_OF and got["is_8050"] is True
    assert [g["code"] for g in got["gaps"]] == ["care_manager"]
    sqlite_uri = f"sqlite:///{tmp_path / 'same.db'}"
    run(capsys, "load", str(ROOT / "graph_data" / "example"), "--store", sqlite_uri)
    _, again, _ = run(capsys, "household", HOUSEHOLD_ID, "--json", "--as-of", AS_OF,
                      "--store", sqlite_uri)
    assert json.loads(again) == got


def test_scan_only_8050_isolated_on_the_demo(uri, capsys):
    run(capsys, "load", str(ROOT / "graph_data" / "demo"), "--store", uri)
    code, out, _ = run(capsys, "scan", "--json", "--only-8050", "--isolated", "--as-of", AS_OF,
                       "--store", uri)
    assert code == 0
    rows = json.loads(out)
    assert rows, "the demo has isolated 8050 households"
    assert all(r["is_8050"] and r["isolation"] in ("isolated", "unconnected") for r in rows)
    keys = [(-r["risk_score"], r["household_id"]) for r in rows]
    assert keys == sorted(keys)
    assert all(isinstance(r["gaps"], list) for r in rows)
    assert set(rows[0]) >= {"household_id", "ward", "is_8050", "isolation", "risk_score",
                            "risk_level", "strategy", "gaps"}
    code, table, _ = run(capsys, "scan", "--only-8050", "--isolated", "--as-of", AS_OF,
                         "--store", uri)
    assert code == 0 and rows[0]["household_id"] in table and "世帯" in table


def test_agencies_report(capsys, tmp_path):
    uri = f"sqlite:///{tmp_path / 'a.db'}"
    run(capsys, "load", str(ROOT / "graph_data" / "demo"), "--store", uri)
    code, out, _ = run(capsys, "agencies", "--json", "--as-of", AS_OF, "--store", uri)
    report = json.loads(out)
    assert code == 0 and report["agencies"] > 100 and report["brokers"]
    code, text, _ = run(capsys, "agencies", "--as-of", AS_OF, "--store", uri, "--lang", "en")
    assert code == 0 and "Agencies that link the supporters of many households" in text
    # brokers in words for staff, never the raw betweenness
    broker = report["brokers"][0]
    assert broker["rank"] == 1 and broker["agencies"] == report["agencies"]
    assert broker["label"].startswith("多くの世帯の支援機関どうしをつなぐ位置にある（市内上位")
    code, ja, _ = run(capsys, "agencies", "--as-of", AS_OF, "--store", uri)
    assert f"  ・{broker['agency_id']}: {broker['label']}" in ja
    assert f"score={broker['score']}" not in ja and "媒介中心性" not in ja


def test_unknown_household_exits_1(capsys, tmp_path):
    uri = f"sqlite:///{tmp_path / 'u.db'}"
    run(capsys, "load", str(ROOT / "graph_data" / "example"), "--store", uri)
    code, _, err = run(capsys, "household", "H-404", "--store", uri)
    assert code == 1 and "H-404" in err


def test_demo_command_is_deterministic(tmp_path, capsys):
    assert run(capsys, "demo", "--households", "30", "--seed", "7", "--out",
               str(tmp_path / "a"))[0] == 0
    run(capsys, "demo", "--households", "30", "--seed", "7", "--out", str(tmp_path / "b.xlsx"))
    assert read_bundle(tmp_path / "a") == read_bundle(tmp_path / "b.xlsx")


def test_template_reads_back_empty(tmp_path, capsys):
    assert run(capsys, "template", str(tmp_path / "t.xlsx"))[0] == 0
    assert read_bundle(tmp_path / "t.xlsx").counts() == {
        "agencies": 0, "households": 0, "people": 0, "ties": 0, "events": 0}



def parents_at_home():
    """H1 (北区): a subject of 55 who refuses support, living with a father of 86 with
    dementia and a mother of 82; the father's care manager and home nurse, the ward's
    hikikomori office leading, a 民生委員 who knows only the mother. A サポステ (15-49)."""
    from datetime import date

    from netsupport.model import (
        Acceptance,
        Agency,
        AgencyKind,
        Bundle,
        Condition,
        Household,
        Person,
        Relation,
        Role,
        Tie,
        TieKind,
    )

    K = AgencyKind  # noqa: N806
    recent = date(2026, 10, 1)
    return Bundle(
        agencies=[Agency("A1", "北区ひきこもり支援室", K.HIKIKOMORI_SUPPORT_OFFICE, "北区"),
                  Agency("A2", "北区ケアプラン", K.CARE_MANAGER, "北区"),
                  Agency("A3", "北区訪問看護", K.HOME_NURSING, "北区"),
                  Agency("A4", "民生委員（北区）", K.MINSEI_IIN, "北区"),
                  Agency("A5", "こうべ若者サポートステーション", K.EMPLOYMENT_SUPPORT, "中央区",
                         age_from=15, age_to=49)],
        households=[Household("H1", "北区", acceptance=Acceptance.REFUSES)],
        people=[Person("P1", Relation.SUBJECT, "H1", "本人・タカシ(仮)", 1971,
                       kana="タカシ"),
                Person("P2", Relation.FATHER, "H1", "父・イサム(仮)", 1940,
                       conditions=(Condition.DEMENTIA,)),
                Person("P3", Relation.MOTHER, "H1", "母・ミツコ(仮)", 1944)],
        ties=[Tie("A1", "H1", TieKind.SUPPORT, role=Role.LEAD, since=date(2025, 4, 1),
                  last_contact=recent, consent=True),
              Tie("A2", "P2", TieKind.SUPPORT, last_contact=recent),
              Tie("A3", "P2", TieKind.SUPPORT, last_contact=recent),
              Tie("A4", "P3", TieKind.SUPPORT, last_contact=recent)])


def test_simulate_parents_gone_raises_the_alarm_on_both_stores(uri, tmp_path, capsys):
    """RULES v2: the subject left alone at 55 scores subject_alone and needs a watch."""
    from netsupport.bundle import write_bundle

    write_bundle(parents_at_home(), tmp_path / "b")
    assert run(capsys, "load", str(tmp_path / "b"), "--store", uri)[0] == 0
    code, out, err = run(capsys, "simulate", "H1", "--event", "parents_gone", "--json",
                         "--as-of", AS_OF, "--store", uri)
    assert code == 0, err
    d = json.loads(out)
    before, after = d["before"], d["after"]
    assert after["risk"]["score"] > before["risk"]["score"]
    assert "community_watch" in [g["code"] for g in after["gaps"]]
    assert "community_watch" not in [g["code"] for g in before["gaps"]]  # the 民生委員 came
    assert {f["code"] for f in after["risk"]["factors"]} >= {"subject_alone",
                                                             "family_difficult"}
    assert after["strategy"] == "prepare_for_crisis"
    # the scenario names the parents by display name, never by id
    assert d["events"][0]["label"] == "親なき後: 父・イサム(仮)、母・ミツコ(仮)が亡くなる"
    code, text, _ = run(capsys, "simulate", "H1", "--event", "parents_gone", "--as-of", AS_OF,
                        "--store", uri)
    assert code == 0 and "本人のほかに同居する家族がいない" in text
    # the v2 columns went through the store and back
    assert run(capsys, "export", str(tmp_path / "out"), "--store", uri)[0] == 0
    assert read_bundle(tmp_path / "out") == parents_at_home().sorted()
