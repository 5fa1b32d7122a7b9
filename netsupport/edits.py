"""Single edits staff make to a household's network, as change sets a store writes at once.

Each function checks the edit against the household's network as read (so a bad edit is
refused with a clear message before anything is written) and returns a
:class:`~netsupport.storage.ChangeSet` that :meth:`Store.apply` writes in one transaction.
History is kept, never rewritten: handing over the lead ends the old lead tie the day
before and starts a new one; ending a tie sets its ``until``; a contact updates
``last_contact`` and adds an event to the support history.

Given an ``actor`` (the signed-in username), the change set also carries its audit entry
(:class:`~netsupport.audit.AuditEntry`, action ``edit``): the rows of the ties as they were
and of the ties and events as they will be, so that the store writes the edit and its
record in the audit log in one transaction.

Examples
--------
>>> from datetime import date
>>> from netsupport.example import seed_example, HOUSEHOLD_ID
>>> net = seed_example()
>>> lead = next(t for t in net.ties if t.role.value == "lead")
>>> changes = record_contact(net, lead.key, date(2026, 11, 20), note="電話で近況確認")
>>> changes.update_ties[0][1].last_contact
datetime.date(2026, 11, 20)
>>> audited = record_contact(net, lead.key, date(2026, 11, 20), actor="sato")
>>> [(e.username, e.detail["edit"], len(e.detail["before"]), len(e.detail["after"]))
...  for e in audited.audit]
[('sato', 'record_contact', 1, 2)]
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta

from . import audit
from .errors import EditError, NotFoundError
from .model import Agency, Bundle, Event, EventType, Role, Strength, Tie, TieKey, TieKind
from .storage import ChangeSet
from .storage.records import to_row

__all__ = ["assign_lead", "record_contact", "add_tie", "end_tie", "new_event_id"]


def new_event_id(household_id: str, on: date) -> str:
    """A fresh event id that no import will collide with."""
    return f"EV-{household_id}-{on:%Y%m%d}-{uuid.uuid4().hex[:8]}"


def _household_ids(network: Bundle, household_id: str) -> set[str]:
    if not any(h.household_id == household_id for h in network.households):
        raise NotFoundError(f"no household with id {household_id!r}")
    return {household_id} | {p.person_id for p in network.people
                             if p.household_id == household_id}


def _find_tie(network: Bundle, key: TieKey) -> Tie:
    for tie in network.ties:
        if tie.key == key:
            return tie
    raise NotFoundError(f"no tie {key.source_id} → {key.target_id} ({key.kind.value})")


def _day_before(on: date, since: date | None) -> date:
    return max(on - timedelta(days=1), since) if since else on - timedelta(days=1)


def assign_lead(network: Bundle, household_id: str, agency_id: str, on: date, *,
                agencies: Mapping[str, Agency], keep_previous_in_team: bool = True,
                note: str | None = None, expected_version: int | None = None,
                actor: str | None = None, at: datetime | None = None) -> ChangeSet:
    """Make ``agency_id`` the household's lead from ``on`` (assign, or hand over).

    Every active lead tie of the household ends the day before ``on``; with
    ``keep_previous_in_team`` each previous lead stays on as a team member from ``on``. The
    new lead's tie starts on ``on``, carrying over strength, consent and last contact of the
    agency's existing support tie to the household (which ends the day before). A
    ``handover`` event records it. Raises :class:`EditError` when the agency is already the
    only lead, or has a stressful tie to the household.
    """
    _check_note(note)
    agency = agencies.get(agency_id) or next(
        (a for a in network.agencies if a.agency_id == agency_id), None)
    if agency is None:
        raise NotFoundError(f"no agency with id {agency_id!r}")
    ids = _household_ids(network, household_id)
    support = [t for t in network.ties if t.kind is TieKind.SUPPORT and t.target_id in ids
               and t.active_on(on)]
    if any(t.source_id == agency_id and t.strength is Strength.STRESSFUL for t in support):
        raise EditError(f"{agency.name} has a stressful tie to this household; "
                        "it cannot be made the lead")
    leads = [t for t in support if t.role is Role.LEAD]
    if leads and all(t.source_id == agency_id for t in leads):
        raise EditError(f"{agency.name} is already the lead")
    changes = ChangeSet(expected_version=expected_version)
    for old in leads:
        changes.update_ties.append((old.key, replace(old, until=_day_before(on, old.since))))
        if keep_previous_in_team and old.source_id != agency_id:
            changes.add_ties.append(replace(old, role=Role.TEAM, since=on, until=None))
    existing = next((t for t in support if t.source_id == agency_id
                     and t.target_id == household_id and t.role is not Role.LEAD), None)
    if existing is not None and existing.since == on:
        changes.update_ties.append((existing.key, replace(existing, role=Role.LEAD)))
    else:
        if existing is not None:
            changes.update_ties.append(
                (existing.key, replace(existing, until=_day_before(on, existing.since))))
        base = (existing or next((t for t in leads if t.source_id == agency_id), None)
                or Tie(agency_id, household_id, TieKind.SUPPORT))
        changes.add_ties.append(replace(base, role=Role.LEAD, since=on, until=None))
    changes.add_events.append(Event(new_event_id(household_id, on), household_id, on,
                                    EventType.HANDOVER, agency_id, note))
    _no_key_clash(network, changes)
    return _audited(network, changes, "assign_lead", household_id, actor, at)


def record_contact(network: Bundle, key: TieKey, on: date, *,
                   event_type: EventType = EventType.CONTACT, note: str | None = None,
                   household_id: str | None = None,
                   expected_version: int | None = None,
                   actor: str | None = None, at: datetime | None = None) -> ChangeSet:
    """Record a contact over a tie on ``on``: its last contact moves forward, an event is added.

    A contact dated before the tie began, or after it ended, is refused.
    """
    _check_note(note)
    tie = _find_tie(network, key)
    if tie.since and on < tie.since:
        raise EditError(f"the contact ({on}) is before the tie began ({tie.since})")
    if tie.until and on > tie.until:
        raise EditError(f"the contact ({on}) is after the tie ended ({tie.until})")
    if household_id is None:
        household_id = _household_of(network, tie)
    updated = replace(tie, last_contact=max(on, tie.last_contact) if tie.last_contact else on)
    agency_ids = {a.agency_id for a in network.agencies}
    agency_id = tie.source_id if tie.source_id in agency_ids else None
    changes = ChangeSet(
        update_ties=[(key, updated)],
        add_events=[Event(new_event_id(household_id, on), household_id, on, event_type,
                          agency_id, note)],
        expected_version=expected_version)
    return _audited(network, changes, "record_contact", household_id, actor, at)


def add_tie(network: Bundle, tie: Tie, *, agencies: Mapping[str, Agency] = {},
            expected_version: int | None = None,
            actor: str | None = None, at: datetime | None = None) -> ChangeSet:
    """Add one tie to a household's network, checked with the bundle's own rules."""
    from .bundle import validate_bundle

    extra = [a for aid, a in agencies.items()
             if aid in (tie.source_id, tie.target_id)
             and all(b.agency_id != aid for b in network.agencies)]
    trial = Bundle(agencies=network.agencies + extra, households=network.households,
                   people=network.people, ties=network.ties + [tie])
    row = len(trial.ties) + 1
    problems = [p for p in validate_bundle(trial)
                if not p.warning and p.file.startswith("ties") and p.row == row]
    if problems:
        raise EditError("; ".join(f"{p.column}: {p.message}" if p.column else p.message
                                  for p in problems))
    changes = ChangeSet(add_ties=[tie], expected_version=expected_version)
    return _audited(network, changes, "add_tie", _household_or_none(network, tie), actor, at)


def end_tie(network: Bundle, key: TieKey, on: date, *,
            expected_version: int | None = None,
            actor: str | None = None, at: datetime | None = None) -> ChangeSet:
    """End a tie on ``on`` (its last active day). Ending before it began is refused."""
    tie = _find_tie(network, key)
    if tie.since and on < tie.since:
        raise EditError(f"a tie cannot end ({on}) before it began ({tie.since})")
    if tie.until is not None and tie.until <= on:
        raise EditError(f"the tie already ended on {tie.until}")
    changes = ChangeSet(update_ties=[(key, replace(tie, until=on))],
                        expected_version=expected_version)
    return _audited(network, changes, "end_tie", _household_or_none(network, tie), actor, at)


def _check_note(note: str | None) -> None:
    """Refuse a note the bundle could not hold (control or bidirectional characters)."""
    from .validate import text_problem

    problem = text_problem(note) if note else None
    if problem:
        raise EditError(f"note: {problem}")


def _household_of(network: Bundle, tie: Tie) -> str:
    homes = {h.household_id for h in network.households}
    members = {p.person_id: p.household_id for p in network.people if p.household_id}
    for end in (tie.target_id, tie.source_id):
        if end in homes:
            return end
        if end in members:
            return members[end]
    raise EditError("the tie does not touch a household of this network")


def _household_or_none(network: Bundle, tie: Tie) -> str | None:
    """The household a tie touches, or ``None`` for one between agencies."""
    try:
        return _household_of(network, tie)
    except EditError:
        return None


def _audited(network: Bundle, changes: ChangeSet, edit: str, household_id: str | None,
             actor: str | None, at: datetime | None) -> ChangeSet:
    """``changes`` with its audit entry when there is an ``actor`` (else unchanged).

    ``before`` holds the updated ties as they were (an added record has no before), ``after``
    every tie and event as the edit writes it: the rows of the bundle format, JSON-able.
    """
    if actor is None:
        return changes
    before = [to_row(_find_tie(network, key)) for key, _ in changes.update_ties]
    after = ([to_row(new) for _, new in changes.update_ties]
             + [to_row(t) for t in changes.add_ties] + [to_row(e) for e in changes.add_events])
    changes.audit.append(audit.AuditEntry(
        at or audit.now(), actor, audit.AuditAction.EDIT, household_id,
        {"edit": edit, "before": before, "after": after}))
    return changes


def _no_key_clash(network: Bundle, changes: ChangeSet) -> None:
    keys = {t.key for t in network.ties}
    for tie in changes.add_ties:
        if tie.key in keys:
            raise EditError(f"a tie {tie.source_id} → {tie.target_id} starting {tie.since} "
                            "already exists; choose another day")
