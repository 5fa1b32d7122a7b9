"""The Neo4j store: the same interface as SQLite, on a real Neo4j server or cluster.

The driver is passed in (one per process; the app caches it), never created per call. Every
statement is a constant of :mod:`netsupport.storage.cypher` with ``$parameters``. A load
writes a new *generation* beside the current one in committed ``UNWIND $rows`` batches, then
switches to it in one small transaction and deletes the old one in batches, in a thread of
the store, after the load has returned (:meth:`Neo4jStore.load`; the scheme is described in
:mod:`netsupport.storage.cypher`): no transaction holds a whole bundle, so the server's
default 512 MB heap loads any size, and a reader or an edit sees the old data or the new,
whole. Reads run in read transactions (routed to a follower in a cluster) that read the
current generation first and check it again at their end. This is the only module of
netsupport that imports ``neo4j``.

In a cluster a follower may lag behind the leader. Every session and every
``execute_query`` of a store therefore shares ONE bookmark manager (the driver's
``execute_query_bookmark_manager``): each transaction starts no earlier than the last one
this process committed, so a read right after a write (the page drawn after a save) sees
that write, wherever it is routed. And every error of the driver reaches the caller as one
of netsupport's (:func:`_translate_errors`), after the driver's retries have run out.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ConstraintError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from .. import merge as merging
from ..access import User, check_account
from ..audit import AuditAction, AuditEntry, claim_entry
from ..errors import (
    ConflictError,
    NotFoundError,
    StoreError,
    StoreNotEmptyError,
    StoreUnavailableError,
    Words,
)
from ..model import Agency, Bundle, Event, Household, Person, Tie, TieKey
from . import cypher, scanread
from .base import (
    FEED_KEEP,
    FEED_PRUNE_EVERY,
    Changes,
    ChangeSet,
    ClosesOnExit,
    agency_ends,
    plan_merge,
    require_valid,
)
from .records import (
    TABLES,
    audit_from_row,
    audit_to_row,
    from_row,
    to_row,
    user_from_row,
    user_to_row,
    utc_text,
)

__all__ = ["Neo4jStore"]

T = TypeVar("T")

# ``LIMIT`` takes no null: "no limit" is a number no log reaches.
_NO_LIMIT = 2**62

#: A node of at most this many relationships is deleted with them in a cleaning batch of
#: ``DELETE_BATCH // 5`` nodes (at most 200,000 relationships); busier nodes' relationships
#: are deleted by count first.
_SPARSE_DEGREE = 100

#: How many times a read is done again when loads keep switching generations under it.
_READ_ATTEMPTS = 5

_log = logging.getLogger(__name__)

_CREATE = {
    "agencies": cypher.LOAD_AGENCIES,
    "households": cypher.LOAD_HOUSEHOLDS,
    "people": cypher.LOAD_PEOPLE,
    "ties": cypher.LOAD_TIES,
    "events": cypher.LOAD_EVENTS,
}


def _row(record: Any) -> dict[str, Any]:
    row = to_row(record)
    if isinstance(record, Tie) and row["since"] is None:
        row["since"] = ""
    return row


def _prefetched(items: Iterator[T]) -> Iterator[T]:
    """``items``, each next one made in a thread while the caller uses the current one: the
    rows of the next batch are converted while the server writes this one (the driver
    waits on its socket without the GIL)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        ahead = pool.submit(next, items, None)
        while (item := ahead.result()) is not None:
            ahead = pool.submit(next, items, None)
            yield item


def _load_row(record: Any) -> dict[str, Any]:
    """A row for a load's batch: unset fields left out (a node never stores a null, and a
    city's rows are packed and sent faster without them)."""
    return {k: v for k, v in _row(record).items() if v is not None}


def _key_params(key: TieKey) -> dict[str, str]:
    return {"source_id": key.source_id, "target_id": key.target_id, "kind": key.kind.value,
            "since": key.since.isoformat() if key.since else ""}


def _describe(key: TieKey) -> Words:
    since = key.since.isoformat() if key.since else "-"
    return Words(f"{key.source_id} → {key.target_id}（{key.kind.label('ja')}・{since} から）",
                 f"{key.source_id} → {key.target_id} ({key.kind.value}, since {since})")


@contextmanager
def _translate_errors() -> Iterator[None]:
    """Turn every error of the driver into one of netsupport's, said plainly.

    Called around whole transactions, so the driver's retries (``RETRY_SECONDS``) are over
    when an error gets here: what is left is for a person to know. The server's message is
    not repeated (it may quote a stored value); its code is, for the administrator.

    - Unreachable, or a cluster member gone (``ServiceUnavailable``, ``SessionExpired``)
      and what is still passing after the retries (``TransientError``: a leader switch,
      a deadlock, a database starting): :class:`StoreUnavailableError`, nothing written.
      But a transaction too big for the server's memory (``MemoryPool...``, transient only
      in name): :class:`StoreError` that says what to do.
    - The connection lost while committing (``IncompleteCommit``): the change may or may
      not be saved; :class:`StoreUnavailableError` that says so.
    - The user name or password refused: :class:`StoreUnavailableError`.
    - A uniqueness constraint: :class:`ConflictError`.
    - Anything else the server or the driver refuses: :class:`StoreError`.
    """
    try:
        yield
    except IncompleteCommit as exc:
        raise StoreUnavailableError(
            "the connection to Neo4j broke while saving: the change may or may not have been "
            "saved. Reload to see, and save again only if it is missing.") from exc
    except TransientError as exc:
        if "MemoryPool" not in (exc.code or ""):
            raise StoreUnavailableError(
                f"Neo4j cannot be reached right now ({exc.code}); nothing was written. "
                "Try again when the server is back.") from exc
        # A load never gets here (its batches are bounded); one merge or edit can.
        raise StoreError(
            "Neo4j refused the change: it does not fit in one transaction's memory, and "
            "nothing was written. Merge a smaller part (a ward at a time), or give the "
            "server a larger heap (NEO4J_HEAP).") from exc
    except (ServiceUnavailable, SessionExpired) as exc:
        code = f" ({exc.code})" if isinstance(exc, Neo4jError) and exc.code else ""
        raise StoreUnavailableError(
            f"Neo4j cannot be reached right now{code}; nothing was written. "
            "Try again when the server is back.") from exc
    except AuthError as exc:
        raise StoreUnavailableError("Neo4j refused the user name or password") from exc
    except ConstraintError as exc:
        raise ConflictError(f"Neo4j refused a duplicate ({exc.code})") from exc
    except Neo4jError as exc:
        raise StoreError(f"Neo4j refused the request ({exc.code})") from exc
    except DriverError as exc:
        raise StoreError(f"the Neo4j driver failed ({type(exc).__name__})") from exc


#: How long the driver retries a transaction that failed for a passing reason (the server
#: unreachable, a leader switch, a deadlock) before the store gives up with
#: ``StoreUnavailableError``. The driver's default, 30 s, kept a page waiting 30-60 s for
#: every read and save while Neo4j was down; a person would rather be told and try again.
RETRY_SECONDS = 5.0


class Neo4jStore(ClosesOnExit):
    """A netsupport store on Neo4j (``bolt://`` or ``neo4j://`` for a cluster).

    Parameters
    ----------
    driver : neo4j.Driver
        An open driver; the store does not own it unless created by :meth:`connect`.
    database : str
        The database to use (``neo4j`` on Community edition).
    batch_size : int
        Rows per ``UNWIND`` batch, each its own transaction, when loading: 2,000. A batch's
        transaction state lives in the server's heap until it commits, and with the
        default 512 MB heap big batches cost the server more in garbage collection than
        they save in commits: at 10,000 rows the 20,000-household replace load took 20-23 s
        of server CPU (8-10 s of it collecting garbage), at 2,000-3,000 rows 11-14 s (1 s)
        (bench/README.md, "Neo4j replace load").
    bookmarks : neo4j.BookmarkManager, optional
        The bookmark manager of every session and query of this store; default the driver's
        ``execute_query_bookmark_manager``, shared with any other store on the driver.
    """

    def __init__(self, driver: neo4j.Driver, *, database: str = "neo4j",
                 batch_size: int = 2_000, uri: str = "neo4j", owns_driver: bool = False,
                 bookmarks: neo4j.BookmarkManager | None = None):
        self.driver = driver
        self.database = database
        self.batch_size = batch_size
        self.uri = uri
        self._owns_driver = owns_driver
        #: The one bookmark manager of every session and query (module docstring).
        self.bookmarks = (driver.execute_query_bookmark_manager if bookmarks is None
                          else bookmarks)
        #: The background deletion of replaced data (:meth:`_clean_later`): its thread while
        #: it runs, whether another round was asked for meanwhile, and the flag that stops it
        #: (``close``).
        self._cleaner: threading.Thread | None = None
        self._clean_again = False
        self._cleaner_guard = threading.Lock()
        self._closing = threading.Event()
        with _translate_errors():
            for statement, names in ((cypher.DROP_CONSTRAINT, cypher.OLD_CONSTRAINTS),
                                     (cypher.DROP_INDEX, cypher.OLD_INDEXES)):
                for name in names:
                    self.driver.execute_query(statement, name=name, database_=self.database,
                                              bookmark_manager_=self.bookmarks)
            for statement in cypher.SCHEMA:
                self.driver.execute_query(statement, database_=self.database,
                                          bookmark_manager_=self.bookmarks)
            records, _, _ = self.driver.execute_query(
                cypher.ENSURE_META, database_=self.database, bookmark_manager_=self.bookmarks)
            self.driver.execute_query(cypher.ENSURE_FEED, database_=self.database,
                                      bookmark_manager_=self.bookmarks)
        if records[0]["generation"] is None:
            self._migrate()
        # what an interrupted load or a store closed while cleaning left: deleted in the
        # background, so that opening the store (the app's first page) does not wait for it
        with _translate_errors():
            self._write(lambda tx: tx.run(cypher.EXPIRE_LOAD,
                                          stale_ms=self.STALE_LOAD_MS).consume())
            if self._read(lambda tx: tx.run(cypher.ANY_GARBAGE).single()) is not None:
                self._clean_later()

    @classmethod
    def connect(cls, uri: str, user: str, password: str, **kwargs: Any) -> Neo4jStore:
        """Open a driver for ``uri`` and a store that closes it with itself."""
        with _translate_errors():
            driver = GraphDatabase.driver(uri, auth=(user, password),
                                          max_transaction_retry_time=RETRY_SECONDS)
        try:
            with _translate_errors():
                driver.verify_connectivity()
            return cls(driver, uri=uri, owns_driver=True, **kwargs)
        except BaseException:
            driver.close()
            raise

    def _session(self, access_mode: str = neo4j.WRITE_ACCESS) -> neo4j.Session:
        """A session that starts after everything this store has committed."""
        return self.driver.session(database=self.database, default_access_mode=access_mode,
                                   bookmark_manager=self.bookmarks)

    def _write(self, work: Callable[[ManagedTransaction], T]) -> T:
        with _translate_errors(), self._session() as session:
            return session.execute_write(work)

    def _read(self, work: Callable[[ManagedTransaction], T]) -> T:
        with _translate_errors(), self._session(neo4j.READ_ACCESS) as session:
            return session.execute_read(work)

    def _read_current(self, work: Callable[[ManagedTransaction, int], T]) -> T:
        """``work(tx, gen)`` on the current generation, in one read transaction.

        Neo4j reads what is committed as it goes (read committed): a read that began just
        before a load's switch may meet the old generation while it is being deleted. So the
        generation is read again at the end: unchanged, nothing was deleted under the read
        (only generations other than the current one are ever deleted, and the current one
        never comes back); changed, the read is done again on the new one.
        """
        def attempt(tx: ManagedTransaction) -> T:
            gen = tx.run(cypher.CURRENT_GEN).single()["gen"]
            for _ in range(_READ_ATTEMPTS):
                result = work(tx, gen)
                now = tx.run(cypher.CURRENT_GEN).single()["gen"]
                if now == gen:
                    return result
                gen = now
            raise StoreUnavailableError("the data was being replaced during every attempt "
                                        "to read it; try again")
        return self._read(attempt)

    # --- generations ---------------------------------------------------------------------

    #: A load whose batches stopped this long ago was interrupted (its client killed): the
    #: next open or load deletes what it wrote. A batch takes seconds, not minutes.
    STALE_LOAD_MS = 10 * 60 * 1000

    #: Nodes, or relationships, per transaction when deleting an old or abandoned generation
    #: (sparse nodes: a fifth of it, with their relationships). Small for the same reason as
    #: ``batch_size``: 10,000 took 10 s of server CPU to delete the city's old generation,
    #: 2,000 7 s.
    DELETE_BATCH = 2_000

    def _migrate(self) -> None:
        """A database of the single-generation schema: its data becomes generation 0."""
        def batch(tx: ManagedTransaction) -> int:
            return tx.run(cypher.MIGRATE_BATCH, limit=self.DELETE_BATCH).single()["done"]
        while self._write(batch):
            pass
        self._write(lambda tx: tx.run(cypher.MIGRATED).consume())

    def _clean(self, stale_ms: int | None = None,
               stop: threading.Event | None = None) -> int:
        """Delete every generation neither current nor being loaded, in batches of their
        own; with ``stale_ms``, first give up a load that has not written for that long.
        With ``stop``, return at the first batch after it is set (the rest is garbage for
        the next clean). Returns the number of nodes and events deleted.

        Rounds of: events, nodes of few relationships (with them), then the relationships
        left, until a round finds nothing. Another cleaner (a thread, another process) may
        run at the same time: batches take turns on the loader's lock, and a generation
        that becomes garbage in the middle of a round (a switch) is taken by the next round,
        from its sparse nodes, never a busy node with all its relationships at once.
        """
        if stale_ms is not None:
            self._write(lambda tx: tx.run(cypher.EXPIRE_LOAD, stale_ms=stale_ms).consume())
        if self._read(lambda tx: tx.run(cypher.ANY_GARBAGE).single()) is None:
            return 0
        deleted = 0
        while True:
            found = 0
            for statement, limit in ((cypher.DELETE_GARBAGE_EVENTS, self.DELETE_BATCH),
                                     (cypher.DELETE_GARBAGE_SPARSE_NODES,
                                      self.DELETE_BATCH // 5),
                                     (cypher.DELETE_GARBAGE_RELATIONSHIPS, self.DELETE_BATCH)):
                def batch(tx: ManagedTransaction, statement: str = statement,
                          limit: int = limit) -> int:
                    tx.run(cypher.LOCK_LOADER).consume()
                    return tx.run(statement, limit=max(1, limit),
                                  degree=_SPARSE_DEGREE).single()["deleted"]
                while not (stop is not None and stop.is_set()) and (n := self._write(batch)):
                    found += n
                    if statement is not cypher.DELETE_GARBAGE_RELATIONSHIPS:
                        deleted += n
            if stop is not None and stop.is_set() or not found:
                return deleted

    def _clean_later(self) -> None:
        """Delete the garbage in a thread of this store, in the same batches as
        :meth:`_clean`: a replacing load returns once its data is readable, not once the
        old data is gone. One thread per store; asked again while it runs, it does one more
        clean. :meth:`settle` waits for it; :meth:`close` stops it at its next batch (the
        next open or load deletes the rest). A daemon thread: a process that ends without
        closing the store leaves the rest to the next open, as if it had been killed."""
        with self._cleaner_guard:
            if self._closing.is_set():
                return
            self._clean_again = True
            if self._cleaner is None:
                self._cleaner = threading.Thread(target=self._cleaning, daemon=True,
                                                 name="netsupport-neo4j-clean")
                self._cleaner.start()

    def _cleaning(self) -> None:
        while True:
            with self._cleaner_guard:
                if not self._clean_again or self._closing.is_set():
                    self._cleaner = None
                    return
                self._clean_again = False
            try:
                self._clean(stop=self._closing)
            except Exception as exc:  # noqa: BLE001 - a thread's error has no caller
                # the server gone, the driver closed: the next open or load cleans up
                _log.warning("the replaced data was not deleted yet (%s)", type(exc).__name__)
                with self._cleaner_guard:
                    self._cleaner = None
                    return

    def settle(self, timeout: float | None = None) -> bool:
        """Wait for the background deletion of replaced data (:meth:`_clean_later`), at
        most ``timeout`` seconds; True when it is done (or none was running)."""
        with self._cleaner_guard:
            cleaner = self._cleaner
        if cleaner is not None:
            cleaner.join(timeout)
            return not cleaner.is_alive()
        return True

    # --- whole bundles -------------------------------------------------------------------

    def load(self, bundle: Bundle, *, replace: bool = False,
             progress: Callable[[int], None] | None = None,
             audit: AuditEntry | None = None) -> None:
        """Load ``bundle`` as a new generation: batches, a switch, then cleaning.

        1. ``BEGIN_LOAD`` takes a fresh generation number and names it as being loaded
           (a load still running elsewhere is taken over: it stops at its next batch).
        2. Every ``batch_size`` rows are written in a transaction of their own, stamped
           with the new generation, the next batch sent while the server writes the
           current one (:meth:`_write_batches`): invisible to every reader and edit, which
           match the current generation only. (Garbage of earlier loads is not waited for: a cleaner
           still deleting it takes turns with the batches.)
        3. The switch, one small transaction under the Meta lock: the new generation
           becomes current, the data version goes up and the change feed starts a new
           epoch. An edit prepared on the old data then fails on its version check
           (ConflictError); one that held the lock first was made on the old data, which
           the load replaces, as a load that came after it.
        4. The load returns: the new data is what every reader sees. The old generation
           is deleted in batches by a thread of this store (:meth:`_clean_later`;
           :meth:`settle` waits for it): nobody reads it any more, so nobody waits for it
           (the replace load of bench/neo4j_load.py: about a third of its time).

        Killed anywhere before 3 commits, the old data stays current and what was written
        is garbage for the next load or open to delete; killed after, the new data is
        current and the old is garbage. Either way a reader sees one of them, whole. The
        same when the store is closed (or its process ends) before the deletion is done:
        the next open or load deletes the rest.
        ``audit`` is appended in the switch's transaction: the load and its record land
        together.
        """
        require_valid(bundle)
        tables = {"agencies": bundle.agencies, "households": bundle.households,
                  "people": bundle.people, "ties": bundle.ties, "events": bundle.events}
        if not replace and not self.is_empty():
            raise StoreNotEmptyError(
                f"{self.uri} already holds data; load with replace to overwrite it")
        gen = self._write(lambda tx: tx.run(cypher.BEGIN_LOAD).single()["gen"])
        try:
            self._write_batches(gen, tables, progress)
            self._write(lambda tx: self._switch(tx, gen, replace, audit))
        except BaseException:
            try:  # give the part written up to cleaning; if that fails, the next load does
                self._write(lambda tx: tx.run(cypher.ABANDON_LOAD, gen=gen).consume())
                self._clean_later()
            except Exception as exc:  # the first error is the one to report
                _log.warning("a failed load's partial data was not deleted yet (%s)",
                             type(exc).__name__)
            raise
        self._clean_later()

    #: Batches of one kind in flight at once (:meth:`_write_batches`).
    IN_FLIGHT = 2

    def _write_batches(self, gen: int, tables: dict[str, list],
                       progress: Callable[[int], None] | None) -> None:
        """Every batch, each in its own transaction, with up to :attr:`IN_FLIGHT` of one
        kind in flight: the next batch's rows are packed and sent while the server writes
        the current one, and its transaction waits on the loader's lock (its statement's
        first step) until the current one commits. So the server never waits for the
        client between batches, and batches still write one at a time. Batches of one kind
        are independent; a kind's first batch waits until every batch before it has
        committed (people and events look up the households, ties every node). On an
        error the batches in flight end first (each commits or rolls back whole), then the
        first error is raised."""
        pending: list[tuple[Future, int]] = []

        def done(future: Future, rows: int) -> None:
            future.result()
            if progress is not None:
                progress(rows)

        with ThreadPoolExecutor(max_workers=self.IN_FLIGHT,
                                thread_name_prefix="netsupport-load") as pool:
            kind = None
            for statement, rows in _prefetched(self._batches(tables)):
                if statement != kind:
                    while pending:
                        done(*pending.pop(0))
                    kind = statement
                while len(pending) >= self.IN_FLIGHT:
                    done(*pending.pop(0))
                pending.append((pool.submit(
                    self._write, lambda tx, statement=statement, rows=rows:
                    self._load_batch(tx, gen, statement, rows)), len(rows)))
            while pending:
                done(*pending.pop(0))

    def _batches(self, tables: dict[str, list]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        for table, records in tables.items():
            for i in range(0, len(records), self.batch_size):
                yield _CREATE[table], [_load_row(r) for r in records[i:i + self.batch_size]]

    @staticmethod
    def _load_batch(tx: ManagedTransaction, gen: int, statement: str,
                    rows: list[dict[str, Any]]) -> None:
        """One batch: ``statement`` is one of ``cypher.LOAD_*``, which claims the batch for
        this load (the loader's lock and heartbeat) and writes the rows in one round trip,
        only if this load is still the one named."""
        if not tx.run(statement, rows=rows, gen=gen).single()["mine"]:
            raise ConflictError("another load started while this one was writing and "
                                "replaced it; nothing of this load was kept")

    def _switch(self, tx: ManagedTransaction, gen: int, replace: bool,
                audit: AuditEntry | None = None) -> None:
        current = tx.run(cypher.LOCK_META).single()["gen"]
        if not tx.run(cypher.CLAIM_BATCH, gen=gen).single()["mine"]:
            raise ConflictError("another load started while this one was writing and "
                                "replaced it; nothing of this load was kept")
        if not replace and tx.run(cypher.ANY_DATA, gen=current).single() is not None:
            raise StoreNotEmptyError(
                f"{self.uri} already holds data; load with replace to overwrite it")
        tx.run(cypher.SWITCH, gen=gen).consume()
        tx.run(cypher.BUMP_VERSION).consume()
        tx.run(cypher.NEW_EPOCH).consume()
        if audit is not None:
            self._append_audit(tx, [audit])

    def merge(self, bundle: Bundle, *, actor: str | None = None,
              source: str | None = None) -> merging.MergePreview:
        """One transaction on the current generation, under the Meta lock.

        Not batched like a load: a merge changes part of the current data in place, and its
        readers must see all of it or none, with its audit entry and its entry in the change
        feed. Batching it would mean a new generation holding a copy of everything the
        merge leaves alone (a whole load's work for a ward's update) and losing any edit
        made meanwhile. Holding the Meta lock, it cannot interleave with a load's switch:
        before the switch it changes the old data (which the load then replaces, as a
        load that came after it), after it the new. Its size is bounded by the server's
        transaction memory (about 3,000 households at the 512m heap); a bigger one is
        refused whole with a StoreError that says so.
        """
        def work(tx: ManagedTransaction) -> merging.MergePreview:
            gen = tx.run(cypher.LOCK_META).single()["gen"]
            base = self._merge_base(tx, gen, bundle)
            plan = plan_merge(base, bundle)
            if not plan.writes_anything:  # the store holds the bundle as given: the data
                if actor is not None:     # version stays, only the audit entry is written
                    self._append_audit(tx, [merging.audit_entry(actor, plan, bundle, source)])
                return plan
            homes = [h.household_id for h in bundle.households]
            stored_homes = {h.household_id for h in base.households}
            incoming_people = {p.person_id for p in bundle.people}
            dropped = [p.person_id for p in base.people
                       if p.household_id in homes and p.person_id not in incoming_people]
            tx.run(cypher.DELETE_TIES_OF, gen=gen,
                   ids=sorted(merging.tie_holders(base, bundle))).consume()
            tx.run(cypher.DELETE_TIES_BY_KEY, gen=gen,
                   rows=[_row(t) for t in bundle.ties]).consume()
            tx.run(cypher.DELETE_EVENTS_OF, gen=gen, homes=homes).consume()
            tx.run(cypher.DELETE_NODES, gen=gen,
                   ids=dropped + [h for h in homes if h in stored_homes]).consume()
            for statement, records in ((cypher.UPSERT_AGENCIES, bundle.agencies),
                                       (cypher.CREATE_HOUSEHOLDS, bundle.households),
                                       (cypher.UPSERT_PEOPLE, bundle.people),
                                       (cypher.CREATE_TIES, bundle.ties),
                                       (cypher.CREATE_EVENTS, bundle.events)):
                for i in range(0, len(records), self.batch_size):
                    rows = [_row(r) for r in records[i:i + self.batch_size]]
                    tx.run(statement, rows=rows, gen=gen).consume()
            if actor is not None:
                self._append_audit(tx, [merging.audit_entry(actor, plan, bundle, source)])
            version = tx.run(cypher.BUMP_VERSION).single()["version"]
            self._record(tx, version, set(plan.touched_households),
                         set(plan.touched_agencies))
            return plan

        return self._write(work)

    def merge_base(self, bundle: Bundle) -> Bundle:
        return self._read_current(lambda tx, gen: self._merge_base(tx, gen, bundle))

    @staticmethod
    def _merge_base(tx: ManagedTransaction, gen: int, bundle: Bundle) -> Bundle:
        def nodes(ids: list[str]) -> Bundle:
            found = Bundle()
            for r in tx.run(cypher.NODES_BY_ID, ids=ids, gen=gen):
                if r["agency"]:
                    found.agencies.append(from_row(Agency, r["p"]))
                elif r["household"]:
                    found.households.append(from_row(Household, r["p"]))
                else:
                    found.people.append(from_row(Person, r["p"]))
            return found

        homes = sorted({h.household_id for h in bundle.households})
        people = {p.person_id: p for p in (from_row(Person, r["p"]) for r in tx.run(
            cypher.MEMBERS_OF, homes=homes, gen=gen))}
        named = nodes(sorted(merging.named_ids(bundle)))
        people |= {p.person_id: p for p in named.people}
        holders = sorted(set(homes) | {p.person_id for p in people.values()
                                       if p.household_id in homes}
                         | {p.person_id for p in bundle.people if p.person_id in people})
        ties = {t.key: t for t in (from_row(Tie, r["p"]) for r in tx.run(
            cypher.TIES_OF, ids=holders, gen=gen))}
        ties |= {t.key: t for t in (from_row(Tie, r["p"]) for r in tx.run(
            cypher.TIES_BY_KEY, gen=gen,
            rows=[_row(t) for t in bundle.ties if t.key not in ties]))}
        known = ({a.agency_id for a in named.agencies}
                 | {h.household_id for h in named.households} | set(people))
        more = nodes(sorted({e for t in ties.values() for e in (t.source_id, t.target_id)}
                            - known))
        people |= {p.person_id: p for p in more.people}
        events = [from_row(Event, r["p"]) for r in tx.run(
            cypher.EVENTS_OF, homes=homes, gen=gen,
            event_ids=sorted({e.event_id for e in bundle.events}))]
        households = {h.household_id: h for h in named.households + more.households}
        return Bundle(agencies=named.agencies + more.agencies,
                      households=list(households.values()), people=list(people.values()),
                      ties=list(ties.values()), events=events)

    def export(self) -> Bundle:
        def work(tx: ManagedTransaction, gen: int) -> Bundle:
            def records(cls: type, q: str) -> list:
                # converted as the driver streams them in: the property maps of a whole
                # city are never all held at once (the scan's peak memory, bench figure 5)
                return [from_row(cls, r["p"]) for r in tx.run(q, gen=gen)]
            return Bundle(
                agencies=records(Agency, cypher.ALL_AGENCIES),
                households=records(Household, cypher.ALL_HOUSEHOLDS),
                people=records(Person, cypher.ALL_PEOPLE),
                ties=records(Tie, cypher.ALL_TIES),
                events=records(Event, cypher.ALL_EVENTS),
            )
        return self._read_current(work)

    def is_empty(self) -> bool:
        return self._read_current(
            lambda tx, gen: tx.run(cypher.ANY_DATA, gen=gen).single() is None)

    # --- reads ---------------------------------------------------------------------------

    def _query(self, statement: str, **params: Any) -> list[neo4j.Record]:
        with _translate_errors():
            records, _, _ = self.driver.execute_query(
                statement, params, routing_=RoutingControl.READ, database_=self.database,
                bookmark_manager_=self.bookmarks)
        return records

    def _current(self, statement: str, **params: Any) -> list[neo4j.Record]:
        """The records of one read statement on the current generation."""
        return self._read_current(lambda tx, gen: list(tx.run(statement, params, gen=gen)))

    def counts(self) -> dict[str, int]:
        record = self._current(cypher.COUNTS)[0]
        return {kind: int(record[kind]) for kind in TABLES}

    def household_ids(self, ward: str | None = None) -> list[str]:
        return [r["id"] for r in self._current(cypher.HOUSEHOLD_IDS, ward=ward)]

    def household_network(self, household_id: str) -> Bundle:
        records = self._current(cypher.HOUSEHOLD_NETWORK, id=household_id)
        if not records:
            raise NotFoundError(f"no household with id {household_id!r}")
        r = records[0]
        return Bundle(
            agencies=[from_row(Agency, p) for p in r["agencies"]],
            households=[from_row(Household, r["household"])],
            people=[from_row(Person, p) for p in r["members"] + r["contacts"]],
            ties=[from_row(Tie, p) for p in r["ties"]],
            events=[from_row(Event, p) for p in r["events"]],
        )

    def city_network(self, ward: str | None = None) -> Bundle:
        if ward is None:
            return self.export()

        def work(tx: ManagedTransaction, gen: int) -> Bundle:
            bundle = Bundle(agencies=[from_row(Agency, r["p"])
                                      for r in tx.run(cypher.ALL_AGENCIES, gen=gen)])
            ties: dict[TieKey, Tie] = {}
            contacts: dict[str, Person] = {}
            for r in tx.run(cypher.WARD_NETWORK, ward=ward, gen=gen):
                bundle.households.append(from_row(Household, r["household"]))
                bundle.people += [from_row(Person, p) for p in r["members"]]
                bundle.events += [from_row(Event, p) for p in r["events"]]
                for p in r["contacts"]:
                    contacts[p["person_id"]] = from_row(Person, p)
                for p in r["ties"]:
                    t = from_row(Tie, p)
                    ties[t.key] = t
            bundle.people += contacts.values()
            bundle.ties = list(ties.values())
            return bundle
        return self._read_current(work)

    def scan_network(self, ward: str | None = None) -> Bundle:
        """One record per household (:data:`~netsupport.storage.cypher.SCAN_HOUSEHOLDS`:
        its values, its members' and its outer ties' as lists, no property maps), then the
        agencies and informal contacts at the far ends by id, in one read transaction of the
        current generation; made into records by
        :func:`~netsupport.storage.scanread.scan_part`."""
        def work(tx: ManagedTransaction, gen: int) -> Bundle:
            households: list[list[Any]] = []
            people: list[list[Any]] = []
            ties: list[list[Any]] = []
            for r in tx.run(cypher.SCAN_HOUSEHOLDS, ward=ward, gen=gen):
                households.append(r[0])
                people += r[1]
                for found in r[2]:  # per inner node: the household, then each member
                    ties += found

            def far(ids: Collection[str]) -> tuple[list, list, list]:
                found = tx.run(cypher.SCAN_FAR, ids=sorted(ids), gen=gen).single()
                return found[0], found[1], found[2]
            return scanread.scan_part(households, people, ties, far)
        return self._read_current(work)

    def agency_graph(self) -> Bundle:
        def work(tx: ManagedTransaction, gen: int) -> Bundle:
            agencies = [from_row(Agency, r["p"]) for r in tx.run(cypher.ALL_AGENCIES, gen=gen)]
            ties = [from_row(Tie, r["p"])
                    for r in tx.run(cypher.AGENCY_COLLABORATIONS, gen=gen)]
            return Bundle(agencies=agencies, ties=ties)
        return self._read_current(work)

    def agency_ties(self) -> Bundle:
        def work(tx: ManagedTransaction, gen: int) -> Bundle:
            agencies = [from_row(Agency, r["p"]) for r in tx.run(cypher.ALL_AGENCIES, gen=gen)]
            ties = [from_row(Tie, r["p"]) for r in tx.run(cypher.AGENCY_TIES, gen=gen)]
            members = [from_row(Person, r["p"])
                       for r in tx.run(cypher.AGENCY_TIE_MEMBERS, gen=gen)]
            return Bundle(agencies=agencies, people=members, ties=ties)
        return self._read_current(work)

    def agency_links(self, agency_ids: Sequence[str]) -> Bundle:
        agencies: list[Agency] = []
        ties: dict[TieKey, Tie] = {}
        for r in self._current(cypher.AGENCY_LINKS, ids=sorted(set(agency_ids))):
            agencies.append(from_row(Agency, r["agency"]))
            for p in r["ties"]:
                tie = from_row(Tie, p)
                ties[tie.key] = tie
        return Bundle(agencies=agencies, ties=list(ties.values()))

    def data_version(self) -> int:
        records = self._query(cypher.READ_VERSION)
        return int(records[0]["version"]) if records else 0

    def changes_since(self, version: int) -> Changes:
        records = self._query(cypher.CHANGES_SINCE, since=version)
        if not records:
            return Changes(version, 0, True)
        r = records[0]
        return Changes.answer(version, int(r["version"]), int(r["feed_from"]),
                              {h for hs in r["households"] for h in hs},
                              {a for as_ in r["agencies"] for a in as_})

    @staticmethod
    def _touched(tx: ManagedTransaction, gen: int,
                 ids: Sequence[str]) -> tuple[set[str], set[str]]:
        """The households and agencies that ids name: a household itself, a member's
        household, an agency (an informal contact names none: its tie's other end does)."""
        households: set[str] = set()
        agencies: set[str] = set()
        for r in tx.run(cypher.TOUCHED, ids=sorted(set(ids)), gen=gen):
            if r["household"]:
                households.add(r["id"])
            elif r["agency"]:
                agencies.add(r["id"])
            elif r["member_of"]:
                households.add(r["member_of"])
        return households, agencies

    @staticmethod
    def _record(tx: ManagedTransaction, version: int, households: set[str],
                agencies: set[str]) -> None:
        """Enter what the write at ``version`` touched in the feed, in its transaction."""
        if households or agencies:
            tx.run(cypher.RECORD_CHANGE, version=version, households=sorted(households),
                   agencies=sorted(agencies)).consume()
        if version % FEED_PRUNE_EVERY == 0 and version > FEED_KEEP:
            tx.run(cypher.PRUNE_CHANGES, upto=version - FEED_KEEP).consume()

    # --- single edits --------------------------------------------------------------------

    def apply(self, changes: ChangeSet) -> int:
        def work(tx: ManagedTransaction) -> int:
            locked = tx.run(cypher.LOCK_META).single()
            version, gen = locked["version"], locked["gen"]
            if changes.expected_version is not None and changes.expected_version != version:
                raise ConflictError(code="version_changed", expected=changes.expected_version,
                                    version=version)
            for tie in changes.add_ties:
                self._require_ids(tx, gen, [tie.source_id, tie.target_id])
                if tx.run(cypher.FIND_TIE, _key_params(tie.key), gen=gen).single() is not None:
                    raise ConflictError(code="tie_exists", tie=_describe(tie.key))
                tx.run(cypher.CREATE_TIES, rows=[_row(tie)], gen=gen).consume()
            for key, tie in changes.update_ties:
                if tie.key != key:
                    raise StoreError("an update may not change a tie's source, target, "
                                     "kind or since")
                row = _row(tie)
                updated = tx.run(cypher.UPDATE_TIE, row, gen=gen).single()["updated"]
                if not updated:
                    raise NotFoundError(code="no_tie_key", tie=_describe(key))
            for event in changes.add_events:
                self._require_ids(tx, gen, [event.household_id]
                                  + ([event.agency_id] if event.agency_id else []))
                if tx.run(cypher.FIND_EVENT, event_id=event.event_id,
                          gen=gen).single() is not None:
                    raise ConflictError(code="event_exists", event=event.event_id)
                tx.run(cypher.CREATE_EVENTS, rows=[_row(event)], gen=gen).consume()
            self._append_audit(tx, changes.audit)
            edited = changes.add_ties + [t for _, t in changes.update_ties]
            households, agencies = self._touched(
                tx, gen, [end for tie in edited for end in (tie.source_id, tie.target_id)])
            households |= {e.household_id for e in changes.add_events}
            new_version = tx.run(cypher.BUMP_VERSION).single()["version"]
            self._record(tx, new_version, households, agency_ends(edited, agencies))
            return new_version

        return int(self._write(work))

    @staticmethod
    def _require_ids(tx: ManagedTransaction, gen: int, ids: list[str]) -> None:
        for id_ in ids:
            if not tx.run(cypher.COUNT_IDS, ids=[id_], gen=gen).single()["found"]:
                raise NotFoundError(f"no agency, household or person with id {id_!r}")

    # --- accounts and the audit log -------------------------------------------------------

    def add_user(self, user: User) -> None:
        check_account(user)
        try:
            self._write(lambda tx: tx.run(cypher.CREATE_USER, row=user_to_row(user)).consume())
        except ConflictError:  # the uniqueness constraint on the username
            raise ConflictError(code="username_taken", username=user.username) from None

    def update_user(self, user: User) -> None:
        check_account(user)
        row = user_to_row(user)

        def work(tx: ManagedTransaction) -> int:
            return tx.run(cypher.UPDATE_USER, row).single()["updated"]

        if not self._write(work):
            raise NotFoundError(code="no_user", username=user.username)

    def get_user(self, username: str) -> User | None:
        records = self._query(cypher.GET_USER, username=username)
        return user_from_row(records[0]["p"]) if records else None

    def users(self) -> list[User]:
        return [user_from_row(r["p"]) for r in self._query(cypher.ALL_USERS)]

    def claim_sign_in(self, username: str, *, at: datetime, since: datetime,
                      limit: int) -> bool:
        def work(tx: ManagedTransaction) -> AuditEntry:
            # the counter node's write lock first: attempts take turns before they count
            seq = tx.run(cypher.NEXT_AUDIT_SEQ, n=1).single()["last"]
            actions = [r["action"] for r in tx.run(
                cypher.SIGN_IN_ACTIONS, username=username, since=utc_text(since), limit=limit)]
            entry = claim_entry(username, at, actions, limit)
            tx.run(cypher.CREATE_AUDIT_ENTRIES,
                   rows=[{**audit_to_row(entry), "seq": seq}]).consume()
            return entry

        return self._write(work).action is AuditAction.SIGN_IN_ATTEMPT

    def append_audit(self, entries: Sequence[AuditEntry]) -> None:
        self._write(lambda tx: self._append_audit(tx, entries))

    @staticmethod
    def _append_audit(tx: ManagedTransaction, entries: Sequence[AuditEntry]) -> None:
        """Number the entries from the counter node and write them, in ``tx``."""
        if not entries:
            return
        last = tx.run(cypher.NEXT_AUDIT_SEQ, n=len(entries)).single()["last"]
        first = last - len(entries) + 1
        rows = [{**audit_to_row(e), "seq": first + i} for i, e in enumerate(entries)]
        tx.run(cypher.CREATE_AUDIT_ENTRIES, rows=rows).consume()

    def audit_log(self, *, since: datetime | None = None, until: datetime | None = None,
                  username: str | None = None, household_id: str | None = None,
                  limit: int | None = None) -> list[AuditEntry]:
        """Entries with ``since <= at < until``, newest (highest ``seq``) first."""
        records = self._query(
            cypher.AUDIT_LOG, since=utc_text(since) if since else None,
            until=utc_text(until) if until else None, username=username,
            household_id=household_id, limit=_NO_LIMIT if limit is None else limit)
        return [audit_from_row(r["p"]) for r in records]

    def wipe(self) -> None:
        """Delete everything, accounts and the audit log too (tests and the benchmark use
        it; a replacing load does not). As a load of nothing: one small transaction makes
        a new, empty generation current, then the rest is deleted in batches."""
        def work(tx: ManagedTransaction) -> None:
            tx.run(cypher.LOCK_META).consume()
            gen = tx.run(cypher.BEGIN_LOAD).single()["gen"]
            tx.run(cypher.SWITCH, gen=gen).consume()
            tx.run(cypher.WIPE_ACCOUNTS).consume()
            tx.run(cypher.BUMP_VERSION).consume()
            tx.run(cypher.NEW_EPOCH).consume()
        self._write(work)
        self._clean()

    def close(self) -> None:
        """Stop the background deletion at its next batch (what is left is garbage for the
        next open or load), then close the driver if this store opened it."""
        self._closing.set()
        with self._cleaner_guard:
            cleaner = self._cleaner
        if cleaner is not None and cleaner is not threading.current_thread():
            cleaner.join()
        if self._owns_driver:
            self.driver.close()
