"""``netsupport user`` and ``netsupport audit`` end to end, on SQLite and on the live Neo4j."""

from __future__ import annotations

import csv
import getpass
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from netsupport.access import UserRole
from netsupport.audit import AuditAction, AuditEntry
from netsupport.cli import main
from netsupport.passwords import authenticate
from netsupport.storage import open_store

PASSWORD = "長い合言葉 for tests"
ACTOR = "cli:" + getpass.getuser()


def run(capsys, monkeypatch, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def add_sato(capsys, monkeypatch, uri) -> None:
    code, out, err = run(capsys, monkeypatch, "user", "add", "sato", "--role", "staff",
                         "--ward", "北区", "西区", "--display-name", "佐藤",
                         "--password-stdin", "--store", uri, stdin=PASSWORD + "\n")
    assert (code, err) == (0, ""), err
    assert "sato" in out


def test_add_list_and_sign_in(uri, capsys, monkeypatch):
    add_sato(capsys, monkeypatch, uri)
    code, out, _ = run(capsys, monkeypatch, "user", "list", "--store", uri)
    assert code == 0
    assert "sato" in out and "北区・西区" in out and "佐藤" in out and "有効" in out
    assert "argon2" not in out
    with open_store(uri) as store:
        user = store.get_user("sato")
        assert (user.role, user.wards, user.created_at.tzinfo is not None) == (
            UserRole.STAFF, ("北区", "西区"), True)
        assert authenticate(store, "sato", PASSWORD) == user
        [entry] = store.audit_log()
    assert (entry.action, entry.username) == (AuditAction.USER_ADD, ACTOR)
    assert entry.detail["username"] == "sato" and entry.detail["wards"] == ["北区", "西区"]
    assert "password_hash" not in entry.detail and "argon2" not in json.dumps(entry.detail)


def test_the_password_is_asked_twice_without_stdin(uri, capsys, monkeypatch):
    answers = iter([PASSWORD, PASSWORD + "!"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    code, _, err = run(capsys, monkeypatch, "user", "add", "boss", "--role", "supervisor",
                       "--store", uri)
    assert code == 1 and "一致しません" in err
    answers = iter([PASSWORD, PASSWORD])
    code, out, _ = run(capsys, monkeypatch, "user", "add", "boss", "--role", "supervisor",
                       "--store", uri)
    assert code == 0 and "boss（supervisor）" in out


@pytest.mark.parametrize("args, stdin, says", [
    (["sato", "--role", "staff", "--ward", "北区"], "short\n", "パスワード: 10文字以上"),
    (["sato", "--role", "staff", "--ward", "北区"], "x" * 12 + "\n", "同じ文字の繰り返し"),
    (["sato", "--role", "staff"], PASSWORD + "\n", "--ward: 職員（staff）には担当区"),
    (["佐藤", "--role", "viewer"], PASSWORD + "\n", "利用者名 '佐藤'"),
])
def test_refusals_exit_1_and_add_nobody(uri, capsys, monkeypatch, args, stdin, says):
    code, out, err = run(capsys, monkeypatch, "user", "add", *args, "--password-stdin",
                         "--store", uri, stdin=stdin)
    assert code == 1 and says in err and out == ""
    assert run(capsys, monkeypatch, "user", "list", "--store", uri)[1].strip() == \
        "利用者は登録されていません"


def test_a_taken_name_and_a_bad_role(uri, capsys, monkeypatch):
    add_sato(capsys, monkeypatch, uri)
    code, _, err = run(capsys, monkeypatch, "user", "add", "sato", "--role", "admin",
                       "--password-stdin", "--store", uri, stdin=PASSWORD + "\n")
    assert code == 1 and "既に使われています" in err
    with pytest.raises(SystemExit) as usage:
        main(["user", "add", "x", "--role", "root", "--store", uri])
    assert usage.value.code == 2


def test_an_unknown_ward_is_kept_with_a_warning(uri, capsys, monkeypatch):
    code, _, err = run(capsys, monkeypatch, "user", "add", "sato", "--role", "staff",
                       "--ward", "北", "--password-stdin", "--store", uri,
                       stdin=PASSWORD + "\n")
    assert code == 0 and "警告: --ward 北: 神戸市の区名ではありません" in err


def test_set_changes_and_logs_before_and_after(uri, capsys, monkeypatch):
    add_sato(capsys, monkeypatch, uri)
    new_password = "もっと長い新しい合言葉"
    code, out, _ = run(capsys, monkeypatch, "user", "set", "sato", "--role", "supervisor",
                       "--ward", "中央区", "--disable", "--password-stdin", "--store", uri,
                       stdin=new_password + "\n")
    assert code == 0 and "sato" in out
    with open_store(uri) as store:
        user = store.get_user("sato")
        assert (user.role, user.wards, user.active) == (UserRole.SUPERVISOR, ("中央区",), False)
        assert authenticate(store, "sato", new_password) is None  # disabled
        change = store.audit_log()[0]
    assert (change.action, change.username) == (AuditAction.USER_CHANGE, ACTOR)
    assert change.detail["password_changed"] is True
    assert change.detail["before"]["role"] == "staff"
    assert change.detail["after"] == {**change.detail["before"], "role": "supervisor",
                                      "wards": ["中央区"], "active": False}
    assert "argon2" not in json.dumps(change.detail)

    code, out, _ = run(capsys, monkeypatch, "user", "set", "sato", "--enable", "--store", uri)
    assert code == 0
    with open_store(uri) as store:
        assert authenticate(store, "sato", new_password) is not None
        assert "password_changed" not in store.audit_log()[0].detail


def test_set_refusals_and_no_change(uri, capsys, monkeypatch):
    add_sato(capsys, monkeypatch, uri)
    code, _, err = run(capsys, monkeypatch, "user", "set", "nobody", "--enable", "--store", uri)
    assert code == 1 and "nobody" in err
    code, out, _ = run(capsys, monkeypatch, "user", "set", "sato", "--role", "staff",
                       "--store", uri)
    assert code == 0 and "変更はありません" in out
    code, _, err = run(capsys, monkeypatch, "user", "set", "sato", "--password-stdin",
                       "--store", uri, stdin="short\n")
    assert code == 1 and "10文字以上" in err
    with open_store(uri) as store:
        assert len(store.audit_log()) == 1  # only the add
    with pytest.raises(SystemExit) as usage:
        main(["user", "set", "sato", "--enable", "--disable", "--store", uri])
    assert usage.value.code == 2


# --- the audit log -------------------------------------------------------------------------

def jst(day: int, hour: int) -> datetime:
    """A moment of November 2026 in Japan's time (the store keeps it in UTC)."""
    return datetime(2026, 11, day, hour, tzinfo=ZoneInfo("Asia/Tokyo"))


def seed_log(uri) -> None:
    with open_store(uri) as store:
        store.append_audit([
            AuditEntry(jst(1, 0), "sato", AuditAction.VIEW_HOUSEHOLD, "H1"),
            AuditEntry(jst(1, 23), "=cmd|' /C calc'!A0", AuditAction.SIGN_IN),
            AuditEntry(jst(2, 12), "sato", AuditAction.EDIT, "-H2",
                       {"edit": "end_tie", "note": "@SUM(1)"}),
            AuditEntry(jst(3, 8), "boss", AuditAction.EXPORT, "H1", {"what": "sheet"}),
        ])


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_audit_csv_newest_first_with_formulas_neutralised(uri, capsys, monkeypatch):
    seed_log(uri)
    code, out, _ = run(capsys, monkeypatch, "audit", "--store", uri)
    assert code == 0
    rows = csv_rows(out)
    assert [r["action"] for r in rows] == ["export", "edit", "sign_in", "view_household"]
    assert rows[0]["at"] == "2026-11-03T08:00:00+09:00" and rows[0]["action_label"] == \
        "出力（ダウンロード）"
    assert rows[2]["username"] == "'=cmd|' /C calc'!A0"
    assert rows[1]["household_id"] == "'-H2"
    assert json.loads(rows[1]["detail"]) == {"edit": "end_tie", "note": "@SUM(1)"}
    assert int(rows[0]["seq"]) > int(rows[1]["seq"])


def test_audit_filters_by_local_days_user_household_and_limit(uri, capsys, monkeypatch):
    seed_log(uri)

    def actions(*args: str) -> list[str]:
        code, out, err = run(capsys, monkeypatch, "audit", *args, "--store", uri)
        assert code == 0, err
        return [r["action"] for r in csv_rows(out) if r["username"] != ACTOR]  # not readings

    assert actions("--since", "2026-11-01", "--until", "2026-11-01") == [
        "sign_in", "view_household"]
    assert actions("--since", "2026-11-02") == ["export", "edit"]
    assert actions("--until", "2026-11-02") == ["edit", "sign_in", "view_household"]
    assert actions("--user", "sato") == ["edit", "view_household"]
    assert actions("--household", "H1") == ["export", "view_household"]
    assert actions("--until", "2026-11-03", "--limit", "1") == ["export"]
    # each reading was logged after it was read
    with open_store(uri) as store:
        last = store.audit_log(limit=1)[0]
    assert (last.action, last.username) == (AuditAction.EXPORT, ACTOR)
    assert last.detail == {"what": "audit_log", "format": "csv", "entries": 1,
                           "filters": {"until": "2026-11-03", "limit": "1"}}


def test_audit_json_to_a_file(uri, capsys, monkeypatch, tmp_path):
    seed_log(uri)
    out_file = tmp_path / "audit.json"
    code, out, _ = run(capsys, monkeypatch, "audit", "--format", "json", "--user", "sato",
                       "--out", str(out_file), "--store", uri)
    assert code == 0 and "2 件" in out
    rows = json.loads(out_file.read_text("utf-8"))
    assert [r["household_id"] for r in rows] == ["-H2", "H1"]  # JSON needs no formula guard
    assert rows[0]["detail"] == {"edit": "end_tie", "note": "@SUM(1)"}
    code, _, err = run(capsys, monkeypatch, "audit", "--out", str(out_file), "--store", uri)
    assert code == 1 and "--force" in err
    code, _, _ = run(capsys, monkeypatch, "audit", "--out", str(out_file), "--force",
                     "--store", uri)
    assert code == 0 and out_file.read_text("utf-8-sig").startswith("seq,at,")


def test_audit_usage_errors(capsys, monkeypatch, tmp_path):
    uri = f"sqlite:///{tmp_path / 'cli.db'}"
    for bad in (["--since", "2026-13-01"], ["--limit", "-1"], ["--format", "xml"]):
        with pytest.raises(SystemExit) as usage:
            main(["audit", *bad, "--store", uri])
        assert usage.value.code == 2
    capsys.readouterr()
    code, _, err = run(capsys, monkeypatch, "audit", "--since", "2026-11-02", "--until",
                       "2026-11-01", "--store", uri)
    assert code == 1 and "--since 2026-11-02 は --until 2026-11-01 より後です" in err
