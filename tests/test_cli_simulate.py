"""``netsupport simulate`` and ``netsupport forecast`` on a real SQLite store of the seed."""

from __future__ import annotations

import json

import pytest

from netsupport.cli import main
from netsupport.example import HOUSEHOLD_ID, seed_example
from netsupport.storage import open_store

AS_OF = "2026-11-01"


@pytest.fixture
def uri(tmp_path):
    uri = f"sqlite:///{tmp_path / 'seed.db'}"
    with open_store(uri) as store:
        store.load(seed_example())
    return uri


def exported(uri: str):
    with open_store(uri) as store:
        return store.export().sorted()


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_simulate_parents_gone_json_prints_before_and_after_and_changes_nothing(uri, capsys):
    before = exported(uri)
    code, out, err = run(capsys, "simulate", HOUSEHOLD_ID, "--event", "parents_gone", "--json",
                         "--as-of", AS_OF, "--store", uri)
    assert code == 0, err
    d = json.loads(out)
    assert d["before"]["is_8050"] is True and d["after"]["is_8050"] is False
    assert d["before"]["as_of"] == d["after"]["as_of"] == AS_OF
    assert [s["support_id"] for s in d["diff"]["supports_lost"]] == ["A-10", "A-11", "A-12",
                                                                     "A-13"]
    assert d["diff"]["supports"] == [15, 11]
    assert d["faded_ids"] == ["A-10", "A-11", "A-12", "A-13", "P-02"]
    assert d["readiness"]["gaps"] == ["nutrition", "relatives"]
    assert exported(uri) == before


def test_simulate_summary_in_japanese(uri, capsys):
    code, out, _ = run(capsys, "simulate", HOUSEHOLD_ID, "--event", "parent_dies:P-02",
                       "--event", "years_pass:5", "--as-of", AS_OF, "--store", uri)
    assert code == 0
    assert "親なき後シミュレーション  世帯 H-01（垂水区）" in out
    assert "想定: 父 P-02が亡くなる（2026-11-01） → 5年が経過する（2031-11-01）" in out
    assert "失われる支援 (4):" in out
    assert "  ・A-12 訪問介護事業所: 父 P-02とだけつながっていた" in out
    assert "  × 栄養（食事・日常生活）: なし（本人以外の家族にだけ: A-11、A-12、A-13）" in out


def test_simulate_in_english(uri, capsys):
    code, out, _ = run(capsys, "simulate", HOUSEHOLD_ID, "--event", "parents_gone",
                       "--as-of", AS_OF, "--store", uri, "--lang", "en")
    assert code == 0 and "After-parents simulation" in out and "Supports lost (4):" in out


def test_simulate_refusals(uri, capsys):
    code, _, err = run(capsys, "simulate", HOUSEHOLD_ID, "--event", "parent_dies:P-03",
                       "--as-of", AS_OF, "--store", uri)
    assert code == 1 and "not a parent (relation sibling)" in err
    code, _, err = run(capsys, "simulate", "H-99", "--event", "parents_gone", "--store", uri)
    assert code == 1 and "H-99" in err
    code, _, err = run(capsys, "simulate", HOUSEHOLD_ID, "--event", "years_pass:99",
                       "--store", uri)
    assert code == 1 and "expected 1 to 30 years" in err
    with pytest.raises(SystemExit) as exit_:
        main(["simulate", HOUSEHOLD_ID, "--event", "father_leaves", "--store", uri])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        main(["simulate", HOUSEHOLD_ID, "--store", uri])
    assert exit_.value.code == 2


def test_forecast_json(uri, capsys):
    before = exported(uri)
    code, out, _ = run(capsys, "forecast", "--json", "--all", "--as-of", AS_OF, "--store", uri)
    assert code == 0
    d = json.loads(out)
    assert (d["parent_age"], d["households"], d["affected"], d["left_isolated"]) == (85, 1, 1, 0)
    row = d["rows"][0]
    assert (row["household_id"], row["parents_gone"], row["isolation_after"]) == (
        HOUSEHOLD_ID, ["P-02"], "connected")
    assert row["supports_lost"] == ["A-10", "A-11", "A-12", "A-13"]
    code, out, _ = run(capsys, "forecast", "--json", "--parent-age", "90", "--as-of", AS_OF,
                       "--store", uri)
    assert json.loads(out)["affected"] == 0
    code, out, _ = run(capsys, "forecast", "--json", "--parent-age", "90", "--years", "5",
                       "--as-of", AS_OF, "--store", uri)
    d = json.loads(out)
    assert (d["affected"], d["as_of_after"]) == (1, "2031-11-01")
    assert exported(uri) == before


def test_forecast_table(uri, capsys):
    code, out, _ = run(capsys, "forecast", "--all", "--ward", "垂水区", "--as-of", AS_OF,
                       "--store", uri)
    assert code == 0
    assert "親なき後の見通し（85歳以上の親がいなくなった場合）" in out
    assert "1世帯中、親がいなくなる世帯 1・孤立または未接続になる本人 0" in out
    assert "垂水区: 親がいなくなる 1・孤立 0・未接続 0" in out
    assert "H-01" in out and "栄養、親戚とのつきあい" in out
    code, out, _ = run(capsys, "forecast", "--as-of", AS_OF, "--store", uri)
    assert "該当する世帯はありません" in out
