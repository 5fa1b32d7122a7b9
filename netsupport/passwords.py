"""Passwords of local accounts: argon2id hashes, the password policy, and signing in.

Only argon2's encoded hash is ever kept (``User.password_hash``); the password itself is
never stored, logged or printed. The hash carries its own parameters, so raising them later
(a newer argon2-cffi, a stronger :data:`_HASHER`) upgrades each account the next time it
signs in (:func:`authenticate` rehashes).

Signing in costs the same whether or not the username exists: an unknown name is checked
against a fixed dummy hash, so the time an answer takes does not tell which usernames are
accounts.

Examples
--------
>>> encoded = hash_password("correct horse battery")
>>> encoded.startswith("$argon2id$")
True
>>> verify_password(encoded, "correct horse battery"), verify_password(encoded, "wrong")
(True, False)
>>> verify_password("not a hash", "anything")
False
>>> check_password("short")
Traceback (most recent call last):
...
netsupport.passwords.WeakPasswordError: a password needs at least 10 characters
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .access import User
from .audit import AuditAction, claim_entry, now

if TYPE_CHECKING:
    from .storage import Store

__all__ = [
    "MIN_LENGTH", "WeakPasswordError", "hash_password", "verify_password", "needs_rehash",
    "check_password", "authenticate", "MAX_FAILURES", "LOCKOUT", "locked_out",
    "claim_password_check",
]

#: The shortest password the policy accepts.
MIN_LENGTH = 10

#: Password checks of one username within :data:`LOCKOUT` (with no success since) after
#: which the sign-in form refuses that username until the oldest leaves the window.
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)

# argon2-cffi's defaults (RFC 9106's second recommended option: argon2id, 64 MiB, t=3).
_HASHER = PasswordHasher()


class WeakPasswordError(ValueError):
    """A password weaker than the policy. ``code`` says which rule it broke
    (``too_short`` or ``one_character``), so the CLI and the UI can say it in Japanese
    (``t(f"cli.user.weak.{code}", lang, n=MIN_LENGTH)``)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def hash_password(password: str) -> str:
    """The argon2id encoded hash of ``password`` (salted: two calls give two hashes)."""
    return _HASHER.hash(password)


def verify_password(encoded: str, password: str) -> bool:
    """Whether ``password`` matches ``encoded``; ``False`` for a wrong password and for a
    malformed or empty hash (an OIDC-only account), never an exception for those."""
    try:
        return _HASHER.verify(encoded, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(encoded: str) -> bool:
    """Whether ``encoded`` was made with weaker parameters than today's (or is malformed)."""
    try:
        return _HASHER.check_needs_rehash(encoded)
    except (InvalidHashError, ValueError):
        return True


def check_password(password: str) -> None:
    """Refuse a password weaker than the policy with :class:`WeakPasswordError` saying why.

    The policy is deliberately short (length first, as NIST SP 800-63B advises): at least
    :data:`MIN_LENGTH` characters, and not one character repeated.
    """
    if len(password) < MIN_LENGTH:
        raise WeakPasswordError(
            "too_short", f"a password needs at least {MIN_LENGTH} characters")
    if len(set(password)) == 1:
        raise WeakPasswordError(
            "one_character", "a password may not be one character repeated")


@cache
def _dummy_hash() -> str:
    """A hash no password is meant to match, made once, with today's parameters."""
    return hash_password("netsupport: no such account")


def authenticate(store: Store, username: str, password: str) -> User | None:
    """The account ``username`` when ``password`` is its password and it is active, else
    ``None`` (unknown name, disabled account, wrong password: the caller cannot tell which).

    Every path spends one argon2 verification. A correct password whose hash was made with
    older parameters is rehashed and saved (``store.update_user``).
    """
    user = store.get_user(username)
    encoded = user.password_hash if user is not None and user.password_hash else None
    matched = verify_password(encoded or _dummy_hash(), password) and encoded is not None
    if user is None or not matched or not user.active:
        return None
    if needs_rehash(encoded):
        user = replace(user, password_hash=hash_password(password))
        store.update_user(user)
    return user


def claim_password_check(store: Store, username: str, at: datetime | None = None) -> bool:
    """Take one of the username's :data:`MAX_FAILURES` password checks per :data:`LOCKOUT`
    (``True``: check the password now), or be refused (``False``: locked).

    Counted in the store, in one write transaction per attempt
    (:meth:`~netsupport.storage.base.Store.claim_sign_in`): the count and the attempt's
    entry in the audit log are one step, so simultaneous attempts take turns and no more
    than :data:`MAX_FAILURES` passwords are ever checked in a window, however many arrive
    at once (a read-then-check-then-log would let them all through the read). A slow hash
    alone lets a guessing run try thousands of passwords a day; this caps it at a handful
    per quarter hour. A successful sign-in (``SIGN_IN``) starts the count again.
    """
    at = at or now()
    return store.claim_sign_in(username, at=at, since=at - LOCKOUT, limit=MAX_FAILURES)


def locked_out(store: Store, username: str, at: datetime | None = None) -> bool:
    """Whether ``username`` is locked out now (read only: :func:`claim_password_check` is
    what the sign-in form uses): :data:`MAX_FAILURES` password checks within the last
    :data:`LOCKOUT`, with no successful sign-in after them. Read from the audit log, where
    every check is an entry: no second counter to keep in step, the same on both stores,
    and an admin sees why an account was locked.
    """
    at = at or now()
    actions = [e.action.value for e in store.audit_log(since=at - LOCKOUT, username=username)
               if e.action in (AuditAction.SIGN_IN, AuditAction.SIGN_IN_ATTEMPT)]
    return claim_entry(username, at, actions, MAX_FAILURES).action is not \
        AuditAction.SIGN_IN_ATTEMPT
