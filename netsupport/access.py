"""Who may do what: accounts, roles, ward scoping and the session's idle timeout.

Pure domain code, no I/O: the UI and the CLI ask these functions, the stores only keep the
:class:`User` records (``Store.add_user`` …) and never decide anything themselves. One place
decides, so a page cannot forget a check that another page makes.

Roles (issue 6):

- ``admin`` — users, rules, loading and exporting data, the audit log, everything;
- ``supervisor`` — every household of the city, read; lead assignments;
- ``staff`` — the households of their own wards; every edit there;
- ``viewer`` — the case-conference view only, pseudonymised and consent-aware.

A household is *in scope* for a user when the user's role sees the whole city (admin,
supervisor, viewer: the viewer's view is pseudonymised instead) or the household's ward is
one of the user's wards (staff). Staff without a ward see no household at all: a missing
scope never widens to the whole city.

>>> staff = User("sato", UserRole.STAFF, wards=("北区",))
>>> can(staff, Action.EDIT, ward="北区"), can(staff, Action.EDIT, ward="中央区")
(True, False)
>>> can(User("boss", UserRole.SUPERVISOR), Action.EDIT, ward="北区")
False
>>> can(User("boss", UserRole.SUPERVISOR), Action.ASSIGN_LEAD, ward="北区")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from .errors import NetsupportError

__all__ = [
    "UserRole", "Action", "User", "AccessDenied", "can", "require", "in_scope",
    "scope_wards", "pseudonymised_only", "expired", "DEFAULT_TIMEOUT", "check_username",
    "USERNAME",
]

#: A username: letters, digits and ``._@-``, 1–64 characters (an e-mail address fits, so an
#: OIDC identity can be a local account's name).
USERNAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")

#: Idle time after which a signed-in session must sign in again.
DEFAULT_TIMEOUT = timedelta(minutes=30)


class AccessDenied(NetsupportError):
    """The signed-in user may not do this (or see this household)."""


class UserRole(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    STAFF = "staff"
    VIEWER = "viewer"


class Action(StrEnum):
    """What a page or command asks permission for."""

    VIEW_CITY = "view_city"            # the dashboard: the city's (or the wards') scan
    VIEW_HOUSEHOLD = "view_household"  # one household's case conference
    VIEW_NAMES = "view_names"          # names and ids, not only pseudonyms
    VIEW_AGENCIES = "view_agencies"    # the agency network page
    ASSIGN_LEAD = "assign_lead"        # assign or hand over the lead agency
    EDIT = "edit"                      # contacts, ties, ending ties
    EXPORT_SHEET = "export_sheet"      # the case-conference sheet
    EXPORT_DATA = "export_data"        # the whole store as a bundle
    LOAD_DATA = "load_data"            # load or replace the store's data
    READ_AUDIT = "read_audit"          # the audit log
    MANAGE_USERS = "manage_users"


_ALLOWED: dict[UserRole, frozenset[Action]] = {
    UserRole.ADMIN: frozenset(Action),
    UserRole.SUPERVISOR: frozenset({
        Action.VIEW_CITY, Action.VIEW_HOUSEHOLD, Action.VIEW_NAMES, Action.VIEW_AGENCIES,
        Action.ASSIGN_LEAD, Action.EXPORT_SHEET}),
    UserRole.STAFF: frozenset({
        Action.VIEW_CITY, Action.VIEW_HOUSEHOLD, Action.VIEW_NAMES, Action.VIEW_AGENCIES,
        Action.ASSIGN_LEAD, Action.EDIT, Action.EXPORT_SHEET}),
    UserRole.VIEWER: frozenset({Action.VIEW_HOUSEHOLD, Action.EXPORT_SHEET}),
}

#: Actions on one household: these also need the household in the user's scope.
_PER_HOUSEHOLD = frozenset({Action.VIEW_HOUSEHOLD, Action.VIEW_NAMES, Action.ASSIGN_LEAD,
                            Action.EDIT, Action.EXPORT_SHEET})


@dataclass(frozen=True, slots=True)
class User:
    """An account. ``password_hash`` is argon2's encoded hash (never the password); it is
    empty for accounts that sign in only through OIDC."""

    username: str
    role: UserRole
    wards: tuple[str, ...] = ()
    display_name: str = ""
    password_hash: str = field(default="", repr=False)
    active: bool = True
    created_at: datetime | None = None


def check_account(user: User) -> User:
    r"""``user`` if its username is valid (else :class:`ValueError`, as
    :func:`check_username`) and its display name and wards are text a name may be
    (:func:`netsupport.validate.text_problem`: no control, bidirectional or invisible
    character), else :class:`~netsupport.errors.EditError` saying which.

    >>> check_account(User("sato", UserRole.STAFF, display_name="佐藤\u202e")).username
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    netsupport.errors.EditError: display name: contains the bidirectional control U+202E ...
    """
    from .errors import EditError
    from .validate import text_problem

    check_username(user.username)  # ValueError, as ever
    for what, text in (("display name", user.display_name), *(("ward", w) for w in user.wards)):
        problem = text_problem(text, name=True) if text else None
        if problem:
            raise EditError(f"{what}: {problem}")
    return user


def check_username(name: str) -> str:
    """``name`` if it is a valid username, else :class:`ValueError` saying why."""
    if not USERNAME.match(name or ""):
        raise ValueError(
            f"invalid username {name!r}: use 1-64 letters, digits or . _ @ -")
    return name


def scope_wards(user: User) -> frozenset[str] | None:
    """The wards whose households the user may open; ``None`` means every ward."""
    if user.role is UserRole.STAFF:
        return frozenset(user.wards)
    return None


def in_scope(user: User, ward: str | None) -> bool:
    """Whether a household of ``ward`` is within the user's scope."""
    wards = scope_wards(user)
    return wards is None or (ward is not None and ward in wards)


def can(user: User | None, action: Action, *, ward: str | None = None) -> bool:
    """Whether ``user`` may do ``action`` (on a household of ``ward``, for the actions on one
    household). ``None`` (signed out) may do nothing; a disabled account neither."""
    if user is None or not user.active or action not in _ALLOWED[user.role]:
        return False
    if action in _PER_HOUSEHOLD and ward is not None:
        return in_scope(user, ward)
    return True


def require(user: User | None, action: Action, *, ward: str | None = None) -> None:
    """:func:`can`, raising :class:`AccessDenied` (with no personal detail) when not."""
    if not can(user, action, ward=ward):
        who = user.username if user is not None else "(signed out)"
        raise AccessDenied(f"{who} may not {action.value}")


def pseudonymised_only(user: User) -> bool:
    """Whether everything this user sees of a household is pseudonymised (the viewer)."""
    return not can(user, Action.VIEW_NAMES)


def expired(last_seen: datetime | None, now: datetime,
            timeout: timedelta = DEFAULT_TIMEOUT) -> bool:
    """Whether a session last active at ``last_seen`` has timed out at ``now``."""
    return last_seen is None or now - last_seen > timeout
