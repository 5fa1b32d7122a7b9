"""Adding an account and setting its password: one set of rules for ``netsupport user``
and the 利用者 page.

- a username is letters, digits and ``._@-`` (:data:`netsupport.access.USERNAME`) and not
  taken;
- a staff account has at least one ward (one without would see nothing at all);
- a password follows the policy (:func:`netsupport.passwords.check_password`) and only its
  argon2 hash is stored;
- every add and every password change is written to the audit log by whoever did it
  (``actor``), with the account as the log may hold it: never a password or its hash.

The 利用者 page does not let an admin type a password for someone else: it makes one
(:func:`new_password`), shows it once, and the person changes nothing but signs in with it
(a password typed into a web form for another person is one more copy of it).
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from typing import Any

from .access import USERNAME, User, UserRole
from .audit import AuditAction, AuditEntry, now
from .errors import ConflictError, NetsupportError
from .i18n import t
from .passwords import MIN_LENGTH, WeakPasswordError, check_password, hash_password
from .storage import Store
from .storage.records import user_to_row

__all__ = ["add_account", "set_password", "new_password", "public", "check_account"]

#: Letters and digits that cannot be mistaken for each other when read aloud or copied
#: from a screen (no 0/O, 1/l/I).
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_password(length: int = 16) -> str:
    """A random password of ``length`` characters (at least the policy's minimum).

    >>> len(new_password()), new_password() != new_password()
    (16, True)
    """
    length = max(length, MIN_LENGTH)
    while True:
        password = "".join(secrets.choice(_ALPHABET) for _ in range(length))
        try:
            check_password(password)
            return password
        except WeakPasswordError:  # pragma: no cover - one repeated character, 1 in 56**15
            continue


def public(user: User) -> dict[str, Any]:
    """An account as the audit log may hold it: everything but the password hash."""
    row = user_to_row(user)
    del row["password_hash"]
    return row


def check_account(user: User, lang: str = "ja") -> None:
    """Refuse a username outside :data:`USERNAME` or a staff account without a ward."""
    if not USERNAME.match(user.username or ""):
        raise NetsupportError(t("cli.user.bad_username", lang, username=repr(user.username)))
    if user.role is UserRole.STAFF and not user.wards:
        raise NetsupportError(t("cli.user.staff_needs_ward", lang))


def _checked_hash(password: str, lang: str) -> str:
    try:
        check_password(password)
    except WeakPasswordError as exc:
        raise NetsupportError(t(f"cli.user.weak.{exc.code}", lang, n=MIN_LENGTH)) from None
    return hash_password(password)


def add_account(store: Store, user: User, password: str, *, actor: str,
                lang: str = "ja") -> User:
    """Add ``user`` with ``password`` (checked, hashed) and log ``USER_ADD`` by ``actor``;
    the account as stored. Raises :class:`NetsupportError` saying why it cannot be added."""
    check_account(user, lang)
    if store.get_user(user.username) is not None:
        raise NetsupportError(t("cli.user.taken", lang, username=user.username))
    user = replace(user, created_at=user.created_at or now(),
                   password_hash=_checked_hash(password, lang))
    try:
        store.add_user(user)
    except ConflictError:
        raise NetsupportError(t("cli.user.taken", lang, username=user.username)) from None
    store.append_audit([AuditEntry(now(), actor, AuditAction.USER_ADD, detail=public(user))])
    return user


def set_password(store: Store, username: str, password: str, *, actor: str,
                 lang: str = "ja") -> User:
    """Give ``username`` the new ``password`` (checked, hashed) and log it as a
    ``USER_CHANGE`` with ``password_changed`` (never the password)."""
    before = store.get_user(username)
    if before is None:
        raise NetsupportError(t("cli.user.not_found", lang, username=username))
    after = replace(before, password_hash=_checked_hash(password, lang))
    store.update_user(after)
    store.append_audit([AuditEntry(now(), actor, AuditAction.USER_CHANGE, detail={
        "target": username, "before": public(before), "after": public(after),
        "password_changed": True})])
    return after
