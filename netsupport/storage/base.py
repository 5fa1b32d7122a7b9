"""The one small interface every store implements: SQLite (embedded default) and Neo4j.

Analysis and UI code talk to a :class:`Store` only; no ``if neo4j`` anywhere else. One
contract suite (``tests/test_store_contract.py``) runs unchanged against both.

Writes come in two shapes only: :meth:`Store.load` for a whole validated bundle, and
:meth:`Store.apply` for a :class:`ChangeSet` of single edits; both are all-or-nothing.

Every write also records, in its own transaction, which households and agencies it touched
at which data version: the change feed, read with :meth:`Store.changes_since`, so that a
reader holding results computed at version ``v`` can bring them up to date by recomputing
only what changed. A replacing load starts a new epoch: the feed cannot say what changed
across it, and answers ``full``.

A store is a context manager: ``with open_store(uri) as store:`` closes it however the
block ends (:class:`ClosesOnExit`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, Self, runtime_checkable

from .. import merge as merging
from ..access import User
from ..audit import AuditEntry
from ..errors import BundleError
from ..model import Bundle, Event, Tie, TieKey

__all__ = ["Store", "ChangeSet", "Changes", "ClosesOnExit", "require_valid", "plan_merge",
           "FEED_KEEP", "FEED_PRUNE_EVERY", "agency_ends"]

#: How many data versions of the change feed a store keeps. Older rows are dropped as new
#: writes come (every :data:`FEED_PRUNE_EVERY`-th version), and a reader asking about a
#: version before what is kept is told ``full``. A row is a version and an id, so this is a
#: few MB at most.
FEED_KEEP = 100_000
FEED_PRUNE_EVERY = 1_000


@dataclass(slots=True)
class ChangeSet:
    """Single edits written together in one transaction.

    ``update_ties`` maps the key of an existing tie to its new version (same key: the
    source, target, kind and since of a tie never change; end it and add a new one instead).
    ``expected_version``, when given, makes the write fail with
    :class:`~netsupport.errors.ConflictError` if the store changed since that version was read.
    ``audit`` entries are appended in the same transaction: the edit and its record in the
    audit log land together or not at all.
    """

    add_ties: list[Tie] = field(default_factory=list)
    update_ties: list[tuple[TieKey, Tie]] = field(default_factory=list)
    add_events: list[Event] = field(default_factory=list)
    expected_version: int | None = None
    audit: list[AuditEntry] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.add_ties or self.update_ties or self.add_events)


@dataclass(frozen=True, slots=True)
class Changes:
    """What changed in a store after data version ``since`` (:meth:`Store.changes_since`).

    ``households``: households added, changed or removed after ``since`` (their members,
    ties or events), including households whose informal contact changed and both
    households of a tie between two. ``agencies``: agencies added, changed or removed, or
    with a tie to another agency (a collaboration) added or changed. A single edit of a
    support tie names its household only: the agency's side of that tie is in the
    household's network, and a reader that asked for the agency's links after every
    contact recorded paid a round trip for nothing; a merge names the agencies of every
    tie it changed too. ``full`` says the feed cannot answer for ``since``: a replacing load
    (a new epoch) came after it, or it is older than the feed keeps, or the store's version
    is below it (another store, or one rebuilt): the reader must recompute everything, and
    the two sets are then empty.
    """

    since: int
    version: int
    full: bool
    households: frozenset[str] = frozenset()
    agencies: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return self.full or bool(self.households or self.agencies)

    @classmethod
    def answer(cls, since: int, version: int, feed_from: int,
               households: frozenset[str] | set[str] = frozenset(),
               agencies: frozenset[str] | set[str] = frozenset()) -> Changes:
        """The answer both stores give from one read of the feed: ``full`` when ``since``
        is before the oldest version the feed covers (``feed_from``) or after the store's."""
        if since < feed_from or since > version:
            return cls(since, version, True)
        return cls(since, version, False, frozenset(households), frozenset(agencies))


def agency_ends(ties: Iterable[Tie], agencies: Collection[str]) -> set[str]:
    """The ends of the ties between two of ``agencies``: the agencies a single edit of
    these ties names in the change feed (see :class:`Changes`)."""
    return {end for t in ties if t.source_id in agencies and t.target_id in agencies
            for end in (t.source_id, t.target_id)}


@runtime_checkable
class Store(Protocol):
    """What netsupport needs from a graph store."""

    uri: str

    def load(self, bundle: Bundle, *, replace: bool = False,
             progress: Callable[[int], None] | None = None,
             audit: AuditEntry | None = None) -> None:
        """Write a validated bundle, all or nothing.

        Raises :class:`~netsupport.errors.StoreNotEmptyError` when the store holds data and
        ``replace`` is false; with ``replace`` the old data goes in the same transaction.
        ``progress``, when given, is called with the number of records each batch wrote
        (the command line draws a bar with it); they are not visible to others until all
        are written.
        ``audit``, the load's entry of the audit log, is written in that transaction too:
        no load without its entry, no entry without its load.
        """

    def merge(self, bundle: Bundle, *, actor: str | None = None,
              source: str | None = None) -> merging.MergePreview:
        """Merge a bundle into the store by :mod:`netsupport.merge`'s rule, all or nothing.

        The bundle's households replace those households (members, ties, events), its
        agencies, informal contacts and collaboration ties are added or updated, everything
        else is kept. Checked against the union of the store and the bundle inside the write
        transaction (:func:`plan_merge`); raises :class:`~netsupport.errors.BundleError`
        with every problem and writes nothing. Records the households and agencies it
        touched in the change feed and, given an ``actor``, its audit entry (mode, counts,
        ``source``), in the same transaction. Returns the difference it made.

        A bundle the store already holds as given (``not preview.writes_anything``) writes
        only its audit entry: the data version stays and the feed records nothing, so no
        app process recomputes anything for it (an agency's monthly file sent again).
        """

    def merge_base(self, bundle: Bundle) -> Bundle:
        """The part of the store a merge of ``bundle`` reads: the bundle's households with
        their members, the ties touching them and their events; every agency, household and
        person whose id the bundle holds or names; the stored ties of the people the bundle
        holds, of its collaboration ties' keys and the records at their far ends; events
        whose id the bundle uses. What :func:`netsupport.merge.preview` compares with."""

    def export(self) -> Bundle:
        """Everything the store holds, as a bundle (for the round trip and downloads)."""

    def is_empty(self) -> bool: ...

    def counts(self) -> dict[str, int]:
        """Records per kind, as :meth:`Bundle.counts` gives them for :meth:`export` (agencies,
        households, people, ties, events), by COUNT queries: nothing is read."""

    def household_ids(self, ward: str | None = None) -> list[str]:
        """Ids of all households (of one ward), sorted."""

    def household_network(self, household_id: str) -> Bundle:
        """One household's neighbourhood, in one query.

        The household, its members, every tie that touches the household or a member, the
        agencies and informal contacts at the far end of those ties, and its events.
        Raises :class:`~netsupport.errors.NotFoundError` for an unknown id.
        """

    def city_network(self, ward: str | None = None) -> Bundle:
        """The whole graph, or the union of the neighbourhoods of one ward's households
        (plus every agency, so that lead recommendations can look city-wide)."""

    def scan_network(self, ward: str | None = None) -> Bundle:
        """What the city scan reads of the city (or of one ward's households), in one read:
        the households, their members, every tie between a household or member and
        somebody outside that household, and the agencies, people and households at the far
        ends of those ties. No events, no ties inside a household, none between agencies.

        ``bundle_facts(scan_network(ward), rules, as_of, ward=ward)`` gives exactly the facts
        of ``bundle_facts(export(), rules, as_of, ward=ward)`` (pass the same ward: the far
        ends may include other wards' households), in a fraction of the read's time
        (:mod:`netsupport.storage.scanread`).
        """

    def agency_ties(self) -> Bundle:
        """Every agency, every support or collaboration tie whose source is an agency, and
        the household members those ties reach (so a tie to a member counts for its household).

        Enough to count each agency's current leads and to build the agency graph, without
        reading households, names of contacts, or events.
        """

    def agency_graph(self) -> Bundle:
        """Every agency and every collaboration tie between two agencies, in one read.

        With :meth:`scan_network`, all a full computation of the city's results reads
        (:func:`netsupport.citycache.compute_city`): the agency index needs every agency,
        leading households or not, and the agencies' collaborations; the households'
        facts come from the scan's part. Neither reads events or ties inside a household.
        """

    def agency_links(self, agency_ids: Sequence[str]) -> Bundle:
        """The agencies of these ids (those the store holds) and every collaboration tie
        with one of them at an end, in one query: what a reader following the change feed
        needs to tell what happened to a changed agency (its record, its collaborations)
        without reading every agency tie of the city."""

    def apply(self, changes: ChangeSet) -> int:
        """Write single edits in one transaction; returns the new data version.

        Raises :class:`~netsupport.errors.NotFoundError` for an unknown id or tie key,
        :class:`~netsupport.errors.ConflictError` for a duplicate tie or a stale
        ``expected_version``. Nothing is written when anything fails.
        """

    def data_version(self) -> int:
        """A number that grows with every write; caches key on it."""

    def changes_since(self, version: int) -> Changes:
        """What changed after data version ``version``, in one query (see :class:`Changes`).

        Every write records the households and agencies it touched in its own transaction,
        so the answer is never ahead of or behind the data: a write that failed left no row.
        """

    # --- accounts and the audit log: kept apart from the case data ----------------------
    # A replacing load and ``export`` never touch them; writing them does not change the
    # data version.

    def add_user(self, user: User) -> None:
        """Create an account; :class:`~netsupport.errors.ConflictError` if the name is taken."""

    def update_user(self, user: User) -> None:
        """Replace an account's role, wards, display name, hash and active flag (by username);
        :class:`~netsupport.errors.NotFoundError` if there is none."""

    def get_user(self, username: str) -> User | None: ...

    def users(self) -> list[User]:
        """Every account, sorted by username."""

    def claim_sign_in(self, username: str, *, at: datetime, since: datetime,
                      limit: int) -> bool:
        """Take one password check for ``username``, or refuse it: one write transaction.

        Counts the username's ``SIGN_IN_ATTEMPT`` entries at or after ``since`` that are
        newer than its last ``SIGN_IN``. Below ``limit``, appends a ``SIGN_IN_ATTEMPT`` and
        returns ``True`` (the caller may check the password); at ``limit``, appends a
        ``SIGN_IN_FAILED`` ``{"reason": "locked"}`` and returns ``False``. Simultaneous
        attempts take turns, so no more than ``limit`` checks pass in a window
        (:func:`netsupport.passwords.claim_password_check`).
        """

    def append_audit(self, entries: Sequence[AuditEntry]) -> None:
        """Append entries to the audit log, in one transaction. There is no way to change
        or delete an entry."""

    def audit_log(self, *, since: datetime | None = None, until: datetime | None = None,
                  username: str | None = None, household_id: str | None = None,
                  limit: int | None = None) -> list[AuditEntry]:
        """Entries (with ``seq``), newest first, filtered by time range, user, household."""

    def settle(self, timeout: float | None = None) -> bool:
        """Wait until what a write left to do in the background is done (Neo4j: deleting
        the data a replacing load replaced, which readers no longer see); at most
        ``timeout`` seconds. True when nothing is left running. A store closed before that
        leaves the rest to the next open or load of the same database."""

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc_info: object) -> None: ...


class ClosesOnExit:
    """What makes each store a context manager: ``__exit__`` calls its ``close``."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def require_valid(bundle: Bundle) -> None:
    """Raise :class:`~netsupport.errors.BundleError` unless the bundle is valid.

    Every store calls this before writing a single record, so an invalid bundle never
    half-lands, whichever door it came in by.
    """
    from ..bundle import validate_bundle

    errors = [p for p in validate_bundle(bundle) if not p.warning]
    if errors:
        raise BundleError(errors)


def plan_merge(base: Bundle, bundle: Bundle) -> merging.MergePreview:
    """Check a merge against the store's part ``base`` and return what it will do.

    Each store calls this inside its merge's write transaction, on the part it read there,
    so that the check and the write see the same data; raises
    :class:`~netsupport.errors.BundleError` when anything is wrong.
    """
    errors = [p for p in merging.check(bundle, base) if not p.warning]
    if errors:
        raise BundleError(errors)
    return merging.preview(base, bundle)
