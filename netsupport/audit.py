"""The audit log's entries: who viewed, changed or exported what, and when.

Pure records, no I/O. The stores append them (``Store.append_audit``, and inside the same
transaction as an edit through ``ChangeSet.audit``) and read them back
(``Store.audit_log``); nothing ever updates or deletes one. An entry says *what* was touched
by id only: the household id, the tie's key, the changed fields before and after. Names and
notes of people go in only where they are the change itself (an edited note), because the
log must show what changed; it is read by admins only.

Actions (:class:`AuditAction`) are codes; their Japanese and English labels are in
:mod:`netsupport.i18n` (``audit.<code>``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from enum import StrEnum
from typing import Any

__all__ = ["AuditAction", "AuditEntry", "now", "LOCAL_TIME", "day_bounds", "claim_entry"]

#: The time the log is shown in, and whose calendar days a period of the log means: Kobe's
#: (Japan has no summer time). Not the machine's zone: a server may well run in UTC.
LOCAL_TIME = timezone(timedelta(hours=9), "JST")


def day_bounds(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """The moments a period of Kobe's calendar days covers, both days included: from the
    midnight that starts ``first`` to the midnight after ``last`` (``None`` leaves that side
    open), for ``Store.audit_log(since=, until=)``.

    >>> day_bounds(date(2026, 11, 1), date(2026, 11, 1))[1].isoformat()
    '2026-11-02T00:00:00+09:00'
    """
    since = datetime.combine(first, time.min, LOCAL_TIME) if first else None
    until = datetime.combine(last + timedelta(days=1), time.min, LOCAL_TIME) if last else None
    return since, until


class AuditAction(StrEnum):
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_IN_ATTEMPT = "sign_in_attempt"  # a password about to be checked (the lockout counts)
    SIGN_OUT = "sign_out"
    TIMED_OUT = "timed_out"
    VIEW_HOUSEHOLD = "view_household"
    DENIED = "denied"                  # a request outside the user's role or wards
    EDIT = "edit"                      # a ChangeSet: detail holds before/after
    LOAD = "load"                      # a whole bundle loaded (replace or not)
    EXPORT = "export"                  # a bundle, a sheet or the audit log downloaded
    USER_ADD = "user_add"
    USER_CHANGE = "user_change"


def now() -> datetime:
    """The current time, in UTC (the log's clock; shown in local time)."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit log.

    ``detail`` is JSON-able: for an edit ``{"before": [...], "after": [...]}`` of the changed
    records (as bundle rows), for an export ``{"what": "sheet", "pseudonymised": true}``.
    ``seq`` is given by the store when the entry is written (its order in the log).
    """

    at: datetime
    username: str
    action: AuditAction
    household_id: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    seq: int | None = None

    def detail_json(self) -> str:
        return json.dumps(self.detail, ensure_ascii=False, sort_keys=True, default=str)

    @staticmethod
    def parse_detail(text: str | None) -> dict[str, Any]:
        return json.loads(text) if text else {}


def claim_entry(username: str, at: datetime, actions: Iterable[str], limit: int) -> AuditEntry:
    """The entry a store appends for one sign-in attempt, given the ``actions`` of the
    username's ``SIGN_IN``/``SIGN_IN_ATTEMPT`` entries in the window, newest first (at most
    ``limit`` of them): an attempt while fewer than ``limit`` attempts follow the last
    sign-in, else a locked refusal.

    >>> claim_entry("sato", now(), ["sign_in_attempt", "sign_in"], 5).action.value
    'sign_in_attempt'
    >>> claim_entry("sato", now(), ["sign_in_attempt"] * 5, 5).detail
    {'reason': 'locked'}
    """
    counted = 0
    for action in actions:
        if action == AuditAction.SIGN_IN:
            break
        counted += action == AuditAction.SIGN_IN_ATTEMPT
    if counted >= limit:
        return AuditEntry(at, username, AuditAction.SIGN_IN_FAILED, None, {"reason": "locked"})
    return AuditEntry(at, username, AuditAction.SIGN_IN_ATTEMPT)
