"""Accounts and the audit log: the same contract on SQLite and on a live Neo4j server.

They live beside the case data, never in it: a replacing load keeps them, an export leaves
them out, writing them does not move the data version, and an edit's audit entry lands
with the edit or not at all.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from netsupport.access import User, UserRole
from netsupport.audit import AuditAction, AuditEntry
from netsupport.errors import ConflictError, NotFoundError
from netsupport.example import HOUSEHOLD_ID, seed_example
from netsupport.storage import ChangeSet
from netsupport.storage.sqlite_store import SQLiteStore

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

SATO = User("sato", UserRole.STAFF, ("北区", "西区"), "佐藤", "$argon2id$fake-hash",
            created_at=T0)
BOSS = User("boss@example.jp", UserRole.SUPERVISOR, display_name="課長")


def entry(minutes: int, username: str = "sato", household_id: str | None = "H1",
          action: AuditAction = AuditAction.VIEW_HOUSEHOLD, **detail) -> AuditEntry:
    return AuditEntry(T0 + timedelta(minutes=minutes), username, action, household_id,
                      detail)


def test_users_round_trip_sorted_by_name(store):
    store.add_user(SATO)
    store.add_user(BOSS)
    assert store.get_user("sato") == SATO
    assert store.get_user("boss@example.jp") == BOSS
    assert store.get_user("nobody") is None
    assert [u.username for u in store.users()] == ["boss@example.jp", "sato"]


def test_a_taken_or_invalid_username_is_refused(store):
    store.add_user(SATO)
    with pytest.raises(ConflictError, match="sato"):
        store.add_user(replace(SATO, role=UserRole.ADMIN))
    with pytest.raises(ValueError, match="invalid username"):
        store.add_user(User("佐藤 さん", UserRole.VIEWER))
    assert store.users() == [SATO]


def test_update_replaces_everything_but_name_and_creation(store):
    store.add_user(SATO)
    changed = replace(SATO, role=UserRole.SUPERVISOR, wards=(), display_name="佐藤課長",
                      password_hash="$argon2id$other", active=False)
    store.update_user(changed)
    assert store.get_user("sato") == changed
    assert not store.get_user("sato").active
    with pytest.raises(NotFoundError):
        store.update_user(BOSS)


def test_audit_log_newest_first_with_seq(store):
    store.append_audit([entry(0), entry(1, what="sheet", pseudonymised=True)])
    store.append_audit([entry(2, household_id=None, action=AuditAction.SIGN_IN)])
    log = store.audit_log()
    assert [e.at for e in log] == [T0 + timedelta(minutes=m) for m in (2, 1, 0)]
    seqs = [e.seq for e in log]
    assert seqs == sorted(seqs, reverse=True) and len(set(seqs)) == 3
    assert log[1] == replace(entry(1, what="sheet", pseudonymised=True), seq=seqs[1])
    assert log[0].household_id is None and log[0].action is AuditAction.SIGN_IN


def test_audit_log_filters_and_limit(store):
    store.append_audit([entry(0), entry(10, "boss"), entry(20, household_id="H2"),
                        entry(30, "boss", household_id="H2")])
    minutes = lambda log: [int((e.at - T0).total_seconds() // 60) for e in log]  # noqa: E731
    assert minutes(store.audit_log(username="boss")) == [30, 10]
    assert minutes(store.audit_log(household_id="H2")) == [30, 20]
    assert minutes(store.audit_log(username="boss", household_id="H1")) == [10]
    # since is inclusive, until exclusive
    assert minutes(store.audit_log(since=T0 + timedelta(minutes=10),
                                   until=T0 + timedelta(minutes=30))) == [20, 10]
    assert minutes(store.audit_log(limit=2)) == [30, 20]
    assert store.audit_log(limit=0) == []
    assert store.audit_log(username="nobody") == []


def test_audit_times_of_any_zone_compare_as_time(store):
    jst = datetime(2026, 11, 1, 18, 30, tzinfo=UTC).astimezone(ZoneInfo("Asia/Tokyo"))
    store.append_audit([AuditEntry(jst, "sato", AuditAction.SIGN_IN)])
    [got] = store.audit_log(since=datetime(2026, 11, 1, 18, 0, tzinfo=UTC))
    assert got.at == jst and got.at.utcoffset() == timedelta(0)


def test_accounts_and_log_survive_a_replacing_load_and_stay_out_of_exports(store):
    store.load(seed_example())
    store.add_user(SATO)
    store.append_audit([entry(0, household_id=HOUSEHOLD_ID)])
    exported = store.export()
    store.load(seed_example(), replace=True)
    assert store.get_user("sato") == SATO
    assert len(store.audit_log()) == 1
    assert exported.counts() == seed_example().counts()
    assert "sato" not in repr(exported) and "argon2" not in repr(exported)


def test_accounts_and_log_are_not_data(store):
    version = store.data_version()
    store.add_user(SATO)
    store.update_user(replace(SATO, active=False))
    store.append_audit([entry(0)])
    assert store.is_empty()
    assert store.data_version() == version


def test_an_edit_and_its_audit_entry_land_together(store):
    store.load(seed_example())
    net = store.household_network(HOUSEHOLD_ID)
    tie = net.ties[0]
    seen = store.data_version()
    record = entry(0, household_id=HOUSEHOLD_ID, action=AuditAction.EDIT, edit="end_tie")
    ended = replace(tie, until=T0.date())
    store.apply(ChangeSet(update_ties=[(tie.key, ended)], expected_version=seen,
                          audit=[record]))
    [written] = store.audit_log()
    assert written == replace(record, seq=written.seq)
    with pytest.raises(ConflictError):  # a stale version: neither the edit nor its entry
        store.apply(ChangeSet(update_ties=[(tie.key, tie)], expected_version=seen,
                              audit=[entry(1, household_id=HOUSEHOLD_ID)]))
    assert store.audit_log() == [written]
    assert ended in store.household_network(HOUSEHOLD_ID).ties


def test_sqlite_refuses_to_change_or_delete_the_log(sqlite_store):
    sqlite_store.append_audit([entry(0)])
    raw = sqlite3.connect(sqlite_store.path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute("UPDATE audit_log SET username = 'someone else'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute("DELETE FROM audit_log")
    finally:
        raw.close()
    assert [e.username for e in sqlite_store.audit_log()] == ["sato"]


def test_an_old_sqlite_file_gets_the_new_tables_on_open(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    old.execute("INSERT INTO meta VALUES ('data_version', '7')")
    old.commit()
    old.close()
    with SQLiteStore(path) as store:
        store.add_user(SATO)
        store.append_audit([entry(0)])
        assert store.get_user("sato") == SATO and len(store.audit_log()) == 1
        assert store.data_version() == 7
