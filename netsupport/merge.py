"""Merging a bundle into what a store holds: the rule, its checks and its preview. No I/O.

A replacing load swaps the whole city; a merge brings in part of one (an agency's monthly
sheet of 30 households) and keeps the rest. The rule:

- **Households in the bundle replace those households**, whole: the household row, its
  members, every tie that touches the household or one of its members, and its events are
  what the bundle says. A member, tie or event the store had for such a household and the
  bundle lacks is removed (to end a tie and keep its history, give it an ``until``).
- A tie belongs to every household it touches. A tie between a bundle household and a
  household outside the bundle (a member's informal tie, say) is replaced with the bundle
  household's ties, so that other household changes too; the preview lists it.
- **Agencies and informal contacts in the bundle are added or updated** by id; the store's
  others are kept, and none is removed by a merge.
- A **collaboration tie** (agency ↔ agency) in the bundle is added, or updates the stored
  tie with the same key (source, target, kind, since); the store's others are kept.
- Everything else is kept as it is.
- References may name agencies, households and people already in the store. The bundle is
  checked against the union of the store and the bundle, every problem located at the
  bundle's ``file:row:column``. Besides the checks of any bundle (``validate.py``), a merge
  refuses what would change a household outside the bundle by the back door: a member of a
  household the bundle does not hold (new, or moved out of one), an event of such a
  household, and a tie that touches no household of the bundle and is not between two
  agencies.

The store hands over the part of its data a merge reads (``Store.merge_base``): the
bundle's households with their members, ties and events, every record whose id the bundle
uses or names, and the ties of the people the bundle holds with what is at their far ends.
:func:`check` and :func:`preview` work on that part and the incoming bundle only, so a
merge of 100 households reads 100 households, not the city.

Examples
--------
>>> from netsupport.example import seed_example
>>> from dataclasses import replace
>>> city = seed_example()
>>> home = city.households[0]
>>> incoming = Bundle(households=[replace(home, crisis=True)],
...                   people=[p for p in city.people if p.household_id == home.household_id])
>>> check(incoming, city)
[]
>>> p = preview(city, incoming)
>>> [(h.household_id == home.household_id, h.status, h.ties_removed > 0)
...  for h in p.households if h.in_bundle]
[(True, 'changed', True)]
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .audit import AuditAction, AuditEntry, now
from .errors import Problem
from .i18n import t as text
from .model import Bundle, Tie, TieKind
from .validate import Origin, check_bundle, sort_problems

__all__ = ["HouseholdChange", "MergePreview", "check", "preview", "kept_part", "named_ids",
           "tie_holders", "audit_entry", "preview_rows", "summary"]

ADDED, CHANGED, UNCHANGED = "added", "changed", "unchanged"


@dataclass(frozen=True, slots=True)
class HouseholdChange:
    """What a merge does to one household.

    ``in_bundle`` is false for a household outside the bundle that changes only because a
    tie to a bundle household changed. Tie counts: ``added`` (a key the store lacked),
    ``ended`` (an ``until`` set or moved earlier), ``changed`` (any other field),
    ``removed`` (a stored tie the bundle lacks); people and events likewise.
    """

    household_id: str
    status: str
    ward: str | None = None
    in_bundle: bool = True
    people_added: int = 0
    people_changed: int = 0
    people_removed: int = 0
    ties_added: int = 0
    ties_ended: int = 0
    ties_changed: int = 0
    ties_removed: int = 0
    events_added: int = 0
    events_changed: int = 0
    events_removed: int = 0


@dataclass(frozen=True, slots=True)
class MergePreview:
    """The difference a merge makes, before it is written; ``touched_*`` feed the change feed."""

    households: tuple[HouseholdChange, ...]
    agencies_added: tuple[str, ...] = ()
    agencies_changed: tuple[str, ...] = ()
    contacts_added: tuple[str, ...] = ()
    contacts_changed: tuple[str, ...] = ()
    collaborations_added: int = 0
    collaborations_changed: int = 0
    touched_households: frozenset[str] = frozenset()
    touched_agencies: frozenset[str] = frozenset()

    def counts(self) -> dict[str, int]:
        """Totals, as the CLI prints them and the audit log keeps them."""
        mine = [h for h in self.households if h.in_bundle]
        return {
            "households_added": sum(h.status == ADDED for h in mine),
            "households_changed": sum(h.status == CHANGED for h in mine),
            "households_unchanged": sum(h.status == UNCHANGED for h in mine),
            "households_affected": sum(not h.in_bundle for h in self.households),
            "ties_added": sum(h.ties_added for h in self.households),
            "ties_ended": sum(h.ties_ended for h in self.households),
            "ties_changed": sum(h.ties_changed for h in self.households),
            "ties_removed": sum(h.ties_removed for h in self.households),
            "agencies_added": len(self.agencies_added),
            "agencies_changed": len(self.agencies_changed),
            "contacts_added": len(self.contacts_added),
            "contacts_changed": len(self.contacts_changed),
            "collaborations_added": self.collaborations_added,
            "collaborations_changed": self.collaborations_changed,
        }

    @property
    def writes_anything(self) -> bool:
        return bool(self.touched_households or self.touched_agencies
                    or self.contacts_added or self.contacts_changed)


def named_ids(incoming: Bundle) -> set[str]:
    """Every agency, household and person id the bundle holds or names (for the store's
    ``merge_base``)."""
    ids = {a.agency_id for a in incoming.agencies} | {h.household_id for h in incoming.households}
    ids |= {p.person_id for p in incoming.people}
    ids |= {p.household_id for p in incoming.people if p.household_id}
    ids |= {end for t in incoming.ties for end in (t.source_id, t.target_id)}
    ids |= {e.household_id for e in incoming.events}
    ids |= {e.agency_id for e in incoming.events if e.agency_id}
    return ids


def tie_holders(base: Bundle, incoming: Bundle) -> set[str]:
    """The ids whose stored ties a merge removes: the bundle's households and the members
    the store has for them (the bundle's own ties take their place)."""
    homes = {h.household_id for h in incoming.households}
    return homes | {p.person_id for p in base.people if p.household_id in homes}


def kept_part(base: Bundle, incoming: Bundle) -> Bundle:
    """The records of ``base`` that stay in the store after the merge (the union is this
    and ``incoming``): not of a bundle household, not replaced by a record of the bundle."""
    homes = {h.household_id for h in incoming.households}
    agencies = {a.agency_id for a in incoming.agencies}
    people = {p.person_id for p in incoming.people}
    holders = tie_holders(base, incoming)
    keys = {t.key for t in incoming.ties}
    return Bundle(
        agencies=[a for a in base.agencies if a.agency_id not in agencies],
        households=[h for h in base.households if h.household_id not in homes],
        people=[p for p in base.people
                if p.person_id not in people and p.household_id not in homes],
        ties=[t for t in base.ties if t.key not in keys
              and t.source_id not in holders and t.target_id not in holders],
        events=[e for e in base.events if e.household_id not in homes],
    )


def check(incoming: Bundle, base: Bundle, origin: Origin | None = None) -> list[Problem]:
    """Every problem of merging ``incoming`` into a store whose relevant part is ``base``,
    located at the bundle's rows (``origin`` as the reader gives it; by default the rows
    an in-memory bundle would have). Empty when the merge may be written."""
    origin = origin or Origin.of(incoming)
    kept = kept_part(base, incoming)
    located = dataclasses.replace(origin, stored=kept)
    problems = check_bundle(incoming, located) + _rule_problems(incoming, base, kept, located)
    return sort_problems(problems, located.files)


def _rule_problems(incoming: Bundle, base: Bundle, kept: Bundle,
                   origin: Origin) -> list[Problem]:
    """What would change a household outside the bundle (see the module's rule)."""
    problems: list[Problem] = []
    homes = {h.household_id for h in incoming.households}
    outside = {h.household_id for h in kept.households}
    stored_home = {p.person_id: p.household_id for p in base.people if p.household_id}

    def add(sheet: str, row: int, column: str, code: str, **args: object) -> None:
        problems.append(Problem.of(origin.files[sheet], row, column, code, **args))

    rows = origin.rows
    for row, p in zip(rows["people"], incoming.people, strict=True):
        if p.household_id in outside:
            add("people", row, "household_id", "merge_member_outside", household=p.household_id)
        was = stored_home.get(p.person_id)
        if was is not None and was not in homes:
            add("people", row, "person_id", "merge_moves_person", person=p.person_id,
                household=was)
    for row, e in zip(rows["events"], incoming.events, strict=True):
        if e.household_id in outside:
            add("events", row, "household_id", "merge_event_outside", household=e.household_id)
    member_of = {p.person_id: p.household_id for p in kept.people if p.household_id}
    member_of |= {p.person_id: p.household_id for p in incoming.people if p.household_id}
    agencies = {a.agency_id for a in kept.agencies} | {a.agency_id for a in incoming.agencies}
    for row, t in zip(rows["ties"], incoming.ties, strict=True):
        ends = (t.source_id, t.target_id)
        if t.kind is TieKind.COLLABORATION and all(e in agencies for e in ends):
            continue
        if not any(e in homes or member_of.get(e) in homes for e in ends):
            add("ties", row, "source_id", "merge_tie_outside", source=t.source_id,
                target=t.target_id)
    return problems


def preview(base: Bundle, incoming: Bundle) -> MergePreview:
    """The difference merging ``incoming`` makes to a store whose relevant part is ``base``:
    per household (bundle households first, then others a changed tie reaches), and the
    agencies, informal contacts and collaboration ties added or updated."""
    homes = [h.household_id for h in incoming.households]
    home_set = set(homes)
    old_people = {p.person_id: p for p in base.people}
    new_people = {p.person_id: p for p in incoming.people}
    old_home = {pid: p.household_id for pid, p in old_people.items() if p.household_id}
    new_home = dict(old_home)
    for pid in [pid for pid, h in new_home.items() if h in home_set or pid in new_people]:
        del new_home[pid]
    new_home |= {pid: p.household_id for pid, p in new_people.items() if p.household_id}
    stored_homes = {h.household_id for h in base.households}
    all_homes = stored_homes | home_set

    def households_of(t: Tie, home_of: dict[str, str]) -> set[str]:
        return {e if e in all_homes else home_of[e] for e in (t.source_id, t.target_id)
                if e in all_homes or e in home_of}

    holders = tie_holders(base, incoming)
    incoming_keys = {t.key for t in incoming.ties}
    old_ties = {t.key: t for t in base.ties
                if t.source_id in holders or t.target_id in holders or t.key in incoming_keys}
    new_ties = {t.key: t for t in incoming.ties}
    tie_diff: dict[str, dict[str, int]] = {}
    changed_ends: set[str] = set()

    def count(t: Tie, what: str, home_of: dict[str, str]) -> None:
        changed_ends.update((t.source_id, t.target_id))
        for h in households_of(t, home_of):
            tie_diff.setdefault(h, {}).setdefault(what, 0)
            tie_diff[h][what] += 1

    for key, new in new_ties.items():
        old = old_ties.get(key)
        if old is None:
            count(new, "added", new_home)
        elif old != new:
            count(new, "ended" if _ends(old, new) else "changed", new_home)
    for key, old in old_ties.items():
        if key not in new_ties:
            count(old, "removed", old_home)

    old_households = {h.household_id: h for h in base.households}
    changes: list[HouseholdChange] = []
    for household in incoming.households:
        hid = household.household_id
        before = old_households.get(hid)
        olds = {pid: p for pid, p in old_people.items() if p.household_id == hid}
        news = {pid: p for pid, p in new_people.items() if p.household_id == hid}
        old_events = {e.event_id: e for e in base.events if e.household_id == hid}
        new_events = {e.event_id: e for e in incoming.events if e.household_id == hid}
        ties = tie_diff.get(hid, {})
        people = _diff(olds, news)
        events = _diff(old_events, new_events)
        if before is None:
            status = ADDED
        elif before == household and not any(people) and not any(events) and not ties:
            status = UNCHANGED
        else:
            status = CHANGED
        changes.append(HouseholdChange(
            hid, status, household.ward, True, *people, ties.get("added", 0),
            ties.get("ended", 0), ties.get("changed", 0), ties.get("removed", 0), *events))
    for hid in sorted(set(tie_diff) - home_set):
        ties = tie_diff[hid]
        ward = old_households[hid].ward if hid in old_households else None
        changes.append(HouseholdChange(
            hid, CHANGED, ward, False, ties_added=ties.get("added", 0),
            ties_ended=ties.get("ended", 0), ties_changed=ties.get("changed", 0),
            ties_removed=ties.get("removed", 0)))

    old_agencies = {a.agency_id: a for a in base.agencies}
    agencies_added = [a.agency_id for a in incoming.agencies if a.agency_id not in old_agencies]
    agencies_changed = [a.agency_id for a in incoming.agencies
                        if a.agency_id in old_agencies and old_agencies[a.agency_id] != a]
    contacts = [p for p in incoming.people if p.household_id is None]
    contacts_added = [p.person_id for p in contacts if p.person_id not in old_people]
    contacts_changed = [p.person_id for p in contacts
                        if p.person_id in old_people and old_people[p.person_id] != p]
    collaborations = [t for t in incoming.ties if t.kind is TieKind.COLLABORATION]
    collab_added = sum(t.key not in old_ties for t in collaborations)
    collab_changed = sum(t.key in old_ties and old_ties[t.key] != t for t in collaborations)
    for t in collaborations:
        if t.key not in old_ties or old_ties[t.key] != t:
            changed_ends.update((t.source_id, t.target_id))

    known_agencies = set(old_agencies) | {a.agency_id for a in incoming.agencies}
    touched_agencies = set(agencies_added) | set(agencies_changed)
    touched_agencies |= changed_ends & known_agencies
    touched = {h.household_id for h in changes if h.status != UNCHANGED}
    changed_contacts = set(contacts_changed) | {
        pid for pid in old_people if pid in new_people and old_people[pid].household_id is None
        and new_people[pid].household_id is not None}
    for t in base.ties:
        if t.source_id in changed_contacts or t.target_id in changed_contacts:
            touched |= households_of(t, old_home)
    return MergePreview(
        tuple(changes), tuple(agencies_added), tuple(agencies_changed), tuple(contacts_added),
        tuple(contacts_changed), collab_added, collab_changed, frozenset(touched),
        frozenset(touched_agencies))


def _ends(old: Tie, new: Tie) -> bool:
    """Whether ``new`` ends ``old``: an ``until`` set, or moved earlier."""
    return new.until is not None and (old.until is None or new.until < old.until)


def _diff(old: dict[str, object], new: dict[str, object]) -> tuple[int, int, int]:
    """(added, changed, removed) between two id → record maps."""
    return (sum(k not in old for k in new), sum(k in old and old[k] != v for k, v in new.items()),
            sum(k not in new for k in old))


def audit_entry(actor: str, preview: MergePreview, incoming: Bundle,
                source: str | None = None) -> AuditEntry:
    """The audit log's record of a merge: mode, the bundle's counts and the preview's
    totals (ids only through counts: the log of a load names no household)."""
    detail: dict[str, object] = {"mode": "merge", **incoming.counts(), **preview.counts()}
    if source:
        detail["source"] = source
    return AuditEntry(now(), actor, AuditAction.LOAD, None, detail)



_COLUMNS = ("household", "ward", "status", "people", "ties_added", "ties_ended",
            "ties_changed", "ties_removed", "events")


def preview_rows(preview: MergePreview, lang: str = "ja") -> tuple[list[str], list[list[str]]]:
    """The per-household difference as a header and rows of text, for the CLI's
    ``--dry-run`` and the table above the app's load button."""
    header = [text(f"merge.col.{c}", lang) for c in _COLUMNS]
    rows = []
    for h in preview.households:
        status = h.status if h.in_bundle else "affected"
        rows.append([h.household_id, h.ward or "", text(f"merge.status.{status}", lang),
                     f"{h.people_added}/{h.people_changed}/{h.people_removed}",
                     str(h.ties_added), str(h.ties_ended), str(h.ties_changed),
                     str(h.ties_removed),
                     f"{h.events_added}/{h.events_changed}/{h.events_removed}"])
    return header, rows


def summary(preview: MergePreview, lang: str = "ja") -> list[str]:
    """The totals in a sentence, then the agencies added and changed (by id)."""
    lines = [text("merge.summary", lang, **preview.counts())]
    if preview.agencies_added:
        lines.append(text("merge.agencies_added", lang, ids=", ".join(preview.agencies_added)))
    if preview.agencies_changed:
        lines.append(text("merge.agencies_changed", lang, ids=", ".join(preview.agencies_changed)))
    return lines
