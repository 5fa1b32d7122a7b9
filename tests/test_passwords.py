"""Passwords: the policy, argon2 hashes, and signing in without telling who exists."""

from __future__ import annotations

from dataclasses import replace

import pytest
from argon2 import PasswordHasher

from netsupport import passwords
from netsupport.access import User, UserRole
from netsupport.passwords import (
    WeakPasswordError,
    authenticate,
    check_password,
    hash_password,
    needs_rehash,
    verify_password,
)

GOOD = "長い合言葉 with 12+ chars"


@pytest.mark.parametrize("password, code", [
    ("", "too_short"), ("123456789", "too_short"), ("aaaaaaaaaaaa", "one_character"),
    ("ああああああああああ", "one_character")])
def test_weak_passwords_are_refused_with_a_reason(password, code):
    with pytest.raises(WeakPasswordError) as refused:
        check_password(password)
    assert refused.value.code == code and isinstance(refused.value, ValueError)


def test_ten_characters_of_two_kinds_pass():
    check_password("abababab12")
    check_password(GOOD)


def test_hash_and_verify():
    encoded = hash_password(GOOD)
    assert encoded.startswith("$argon2id$") and GOOD not in encoded
    assert hash_password(GOOD) != encoded  # salted
    assert verify_password(encoded, GOOD)
    assert not verify_password(encoded, GOOD + "x")
    for broken in ("", "plain text", "$argon2id$v=19$m=1$garbage"):
        assert not verify_password(broken, GOOD)
    assert not needs_rehash(encoded)
    assert needs_rehash(PasswordHasher(time_cost=1, memory_cost=1024).hash(GOOD))


def account(store, password=GOOD, **changes) -> User:
    user = User("sato", UserRole.STAFF, ("北区",), password_hash=hash_password(password),
                **changes)
    store.add_user(user)
    return user


def test_authenticate(store):
    user = account(store)
    assert authenticate(store, "sato", GOOD) == user
    assert authenticate(store, "sato", "wrong password") is None
    assert authenticate(store, "nobody", GOOD) is None
    store.update_user(replace(user, active=False))
    assert authenticate(store, "sato", GOOD) is None


def test_an_account_without_a_hash_cannot_sign_in_with_a_password(store):
    store.add_user(User("oidc@example.jp", UserRole.VIEWER))
    assert authenticate(store, "oidc@example.jp", "") is None
    assert authenticate(store, "oidc@example.jp", GOOD) is None


def test_every_answer_costs_one_verification(store, monkeypatch):
    account(store)
    store.add_user(User("off", UserRole.VIEWER, password_hash=hash_password(GOOD),
                        active=False))
    calls = []
    real = passwords.verify_password
    monkeypatch.setattr(passwords, "verify_password",
                        lambda h, p: calls.append(h.startswith("$argon2id$")) or real(h, p))
    for name, password in [("nobody", GOOD), ("sato", "wrong password"), ("off", GOOD),
                           ("sato", GOOD)]:
        authenticate(store, name, password)
    assert calls == [True] * 4


def test_an_old_hash_is_upgraded_at_sign_in(store):
    weak = PasswordHasher(time_cost=1, memory_cost=1024)
    store.add_user(User("sato", UserRole.STAFF, ("北区",), password_hash=weak.hash(GOOD)))
    signed_in = authenticate(store, "sato", GOOD)
    stored = store.get_user("sato").password_hash
    assert signed_in.password_hash == stored and not needs_rehash(stored)
    assert verify_password(stored, GOOD)
    assert authenticate(store, "sato", "wrong password") is None


def test_lockout_after_repeated_failures(store):
    from datetime import timedelta

    from netsupport.audit import AuditAction, AuditEntry, now

    t0 = now()

    def failed(minutes_ago: float, name: str = "sato") -> AuditEntry:
        return AuditEntry(t0 - timedelta(minutes=minutes_ago), name,
                          AuditAction.SIGN_IN_ATTEMPT)

    store.append_audit([failed(20 - i) for i in range(passwords.MAX_FAILURES)])
    assert not passwords.locked_out(store, "sato", at=t0)  # all before the window
    store.append_audit([failed(10 - i) for i in range(passwords.MAX_FAILURES - 1)])
    assert not passwords.locked_out(store, "sato", at=t0)
    store.append_audit([failed(1)])
    assert passwords.locked_out(store, "sato", at=t0)
    assert not passwords.locked_out(store, "other", at=t0)  # per username
    assert not passwords.locked_out(store, "sato", at=t0 + passwords.LOCKOUT)
    store.append_audit([AuditEntry(t0, "sato", AuditAction.SIGN_IN)])
    assert not passwords.locked_out(store, "sato", at=t0)  # a success clears the count


# --- the lockout under simultaneous attempts ------------------------------------------------

def _attempts(store, n: int) -> list[bool]:
    """``n`` sign-in attempts for one username at the same moment, from ``n`` threads, each
    checking the password only when the store grants the check."""
    import threading

    from netsupport.audit import now

    at = now()
    start = threading.Barrier(n)
    granted: list[bool] = []
    lock = threading.Lock()

    def attempt() -> None:
        start.wait()
        ok = passwords.claim_password_check(store, "sato", at=at)
        if ok:
            passwords.authenticate(store, "sato", "a wrong password")
        with lock:
            granted.append(ok)

    threads = [threading.Thread(target=attempt) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return granted


def test_simultaneous_attempts_get_at_most_five_password_checks(store):
    from netsupport.audit import AuditAction

    granted = _attempts(store, 12)
    assert granted.count(True) == passwords.MAX_FAILURES
    log = store.audit_log(username="sato")
    assert [e.action for e in log].count(AuditAction.SIGN_IN_ATTEMPT) == passwords.MAX_FAILURES
    assert [e.detail for e in log if e.action is AuditAction.SIGN_IN_FAILED] == [
        {"reason": "locked"}] * (12 - passwords.MAX_FAILURES)
    assert passwords.locked_out(store, "sato")
    assert _attempts(store, 4) == [False] * 4  # still locked


def _claim_in_process(path: str) -> bool:
    from netsupport.storage.sqlite_store import SQLiteStore

    store = SQLiteStore(path)
    try:
        return passwords.claim_password_check(store, "sato")
    finally:
        store.close()


def test_simultaneous_attempts_from_separate_processes_share_the_count(tmp_path):
    """Several app processes on one SQLite file: the file's write lock makes them take
    turns too."""
    import multiprocessing

    from netsupport.storage.sqlite_store import SQLiteStore

    path = str(tmp_path / "shared.db")
    SQLiteStore(path).close()
    with multiprocessing.get_context("spawn").Pool(6) as pool:
        granted = pool.map(_claim_in_process, [path] * 12)
    assert granted.count(True) == passwords.MAX_FAILURES
