"""The embedded default store: one SQLite file, standard library only, zero set-up.

Each record kind is a table whose columns are the record's fields (see
:mod:`netsupport.storage.records`). Ties are keyed by (source, target, kind, since), with
an empty ``since`` stored as ``''`` so that the key is enforced. Every statement is
parameterised; table and column names come from the record classes, never from data.

A load runs in one ``BEGIN IMMEDIATE`` transaction: either the whole bundle is there
afterwards or nothing changed (a killed process leaves SQLite's journal to roll back).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import merge as merging
from ..access import User, check_account
from ..audit import AuditAction, AuditEntry, claim_entry
from ..errors import ConflictError, NotFoundError, StoreError, StoreNotEmptyError, Words
from ..model import Agency, Bundle, Event, Household, Person, Tie, TieKey
from . import scanread
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
    FIELDS,
    TABLES,
    audit_from_row,
    audit_to_row,
    from_row,
    from_rows,
    to_row,
    user_from_row,
    user_to_row,
    utc_text,
)

__all__ = ["SQLiteStore"]

_KEYS = {"agencies": "agency_id", "households": "household_id", "people": "person_id",
         "events": "event_id"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS agencies (
    agency_id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
    ward TEXT, capacity INTEGER, age_from INTEGER, age_to INTEGER);
CREATE TABLE IF NOT EXISTS households (
    household_id TEXT PRIMARY KEY, ward TEXT NOT NULL, opened_on TEXT, status TEXT NOT NULL,
    stage TEXT, crisis INTEGER, acceptance TEXT, family_capacity TEXT,
    financial_hardship INTEGER);
CREATE INDEX IF NOT EXISTS households_ward ON households (ward);
CREATE TABLE IF NOT EXISTS people (
    person_id TEXT PRIMARY KEY, relation TEXT NOT NULL, household_id TEXT,
    display_name TEXT, birth_year INTEGER, deceased INTEGER, conditions TEXT NOT NULL,
    diagnosis TEXT, withdrawn_since TEXT, kana TEXT);
CREATE INDEX IF NOT EXISTS people_household ON people (household_id);
CREATE TABLE IF NOT EXISTS ties (
    source_id TEXT NOT NULL, target_id TEXT NOT NULL, kind TEXT NOT NULL,
    strength TEXT NOT NULL, role TEXT NOT NULL, since TEXT NOT NULL, until TEXT,
    last_contact TEXT, consent INTEGER,
    PRIMARY KEY (source_id, target_id, kind, since));
CREATE INDEX IF NOT EXISTS ties_target ON ties (target_id);
CREATE INDEX IF NOT EXISTS ties_kind ON ties (kind);
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY, household_id TEXT NOT NULL, date TEXT NOT NULL,
    type TEXT NOT NULL, agency_id TEXT, note TEXT);
CREATE INDEX IF NOT EXISTS events_household ON events (household_id);
INSERT OR IGNORE INTO meta (key, value) VALUES ('data_version', '0');
CREATE TABLE IF NOT EXISTS changes (
    version INTEGER NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
    PRIMARY KEY (version, kind, id)) WITHOUT ROWID;
INSERT OR IGNORE INTO meta (key, value)
    SELECT 'feed_from', value FROM meta WHERE key = 'data_version';
"""
# The change feed (``changes``): one row per household (kind ``h``) or agency (``a``) a
# write touched, at the version the write made. ``meta.feed_from`` is the oldest version the
# feed can answer from: a file made before the feed existed starts it at its version then,
# a load moves it to its own version (a new epoch), pruning moves it forward.

# The ties with an end in one ward's households or their members (the scan of a ward).
_WARD_TIES = """
WITH inner(id) AS (
    SELECT household_id FROM households WHERE ward = ?
    UNION ALL SELECT person_id FROM people WHERE household_id IN
        (SELECT household_id FROM households WHERE ward = ?))
SELECT {columns} FROM ties WHERE source_id IN inner OR target_id IN inner
"""

_CHANGES_SINCE = """
SELECT 'version' AS kind, value AS id FROM meta WHERE key = 'data_version'
UNION ALL SELECT 'feed_from', value FROM meta WHERE key = 'feed_from'
UNION ALL SELECT DISTINCT kind, id FROM changes WHERE version > ?
"""

# Accounts and the audit log, apart from the case data: a replacing load and an export
# never touch these tables, and writing them does not bump the data version. A database
# file made before they existed gets them when it is opened (IF NOT EXISTS). The triggers
# make the log append-only for every client of the file, not only for this class.
_ACCOUNTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY, role TEXT NOT NULL, wards TEXT NOT NULL,
    display_name TEXT NOT NULL, password_hash TEXT NOT NULL, active INTEGER NOT NULL,
    created_at TEXT);
CREATE TABLE IF NOT EXISTS audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, username TEXT NOT NULL,
    action TEXT NOT NULL, household_id TEXT, detail TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);
CREATE INDEX IF NOT EXISTS audit_log_household ON audit_log (household_id);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

#: Records per ``executemany`` of a load: a load reports its progress batch by batch.
_LOAD_BATCH = 20_000

# Columns added after the first release (DATA-FORMAT v2), all optional: a database file made
# before them gets them, empty, when it is opened, and keeps its data.
_ADDED_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "agencies": (("age_from", "INTEGER"), ("age_to", "INTEGER")),
    "people": (("kana", "TEXT"),),
}

_INSERT_AUDIT = ("INSERT INTO audit_log (at, username, action, household_id, detail) "
                 "VALUES (:at, :username, :action, :household_id, :detail)")


def _insert_sql(table: str) -> str:
    cols = FIELDS(TABLES[table])
    return (f"INSERT INTO {table} ({', '.join(cols)}) "
            f"VALUES ({', '.join(':' + c for c in cols)})")


def _db_row(record: Any) -> dict[str, Any]:
    row = to_row(record)
    if isinstance(record, Tie) and row["since"] is None:
        row["since"] = ""
    return row


def _key_params(key: TieKey) -> tuple[str, str, str, str]:
    return (key.source_id, key.target_id, key.kind.value,
            key.since.isoformat() if key.since else "")


def _placeholders(n: int) -> str:
    return ", ".join("?" * n)


def _private_file(path: Path) -> None:
    """Make the database file readable by its owner only (0600), before SQLite opens it.

    It holds names, notes and password hashes. SQLite makes its ``-wal`` and ``-shm`` files
    with the database file's mode, so they follow. A new file (and a new folder for it,
    0700) is created so; an existing one of ours that others could read is tightened.
    """
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        return
    except FileExistsError:
        pass
    except OSError:
        return  # a folder we may not write: SQLite says so, as it always did
    for part in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
        try:
            st = part.stat()
        except FileNotFoundError:
            continue
        if st.st_uid == os.getuid() and st.st_mode & 0o077:
            part.chmod(0o600)


class SQLiteStore(ClosesOnExit):
    """A netsupport store in one SQLite file (``sqlite:///path.db``).

    Examples
    --------
    >>> store = SQLiteStore(":memory:")
    >>> store.is_empty()
    True
    """

    def __init__(self, path: str | Path):
        self.path = str(path)
        self.uri = f"sqlite:///{self.path}"
        if self.path != ":memory:":
            _private_file(Path(self.path))
        # One connection shared by the threads of a Streamlit server, serialised by a lock.
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._conn.execute("PRAGMA foreign_keys = OFF")
        if self.path != ":memory:":
            self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.executescript(_SCHEMA + _ACCOUNTS_SCHEMA)
        self._add_missing_columns()

    def _add_missing_columns(self) -> None:
        """Bring a file made by an earlier version up to the current columns (v2: agencies'
        age range, people's kana), in one transaction; a current file is left untouched."""
        with self._lock:
            missing = []
            for table, columns in _ADDED_COLUMNS.items():
                have = {r["name"] for r in self._conn.execute(f"PRAGMA table_info({table})")}
                missing += [(table, name, kind) for name, kind in columns if name not in have]
            if not missing:
                return
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                for table, name, kind in missing:
                    have = {r["name"] for r in self._conn.execute(f"PRAGMA table_info({table})")}
                    if name not in have:  # another process may have added it meanwhile
                        self._conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    @contextmanager
    def _write(self, *, bump: bool | Callable[[], bool] = True
               ) -> Iterator[sqlite3.Connection]:
        """One write transaction; ``bump`` moves the data version (case data only; a
        callable is asked at commit, when the write knows whether it changed anything)."""
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                if bump() if callable(bump) else bump:
                    conn.execute(
                        "UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
                        "WHERE key = 'data_version'")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                self._conn.execute("COMMIT")

    # --- whole bundles -------------------------------------------------------------------

    def load(self, bundle: Bundle, *, replace: bool = False,
             progress: Callable[[int], None] | None = None,
             audit: AuditEntry | None = None) -> None:
        require_valid(bundle)
        with self._write() as conn:
            if not replace and not self._empty(conn):
                raise StoreNotEmptyError(
                    f"{self.uri} already holds data; load with replace to overwrite it")
            for table in TABLES:
                conn.execute(f"DELETE FROM {table}")
            for table, records in self._by_table(bundle):
                for i in range(0, len(records), _LOAD_BATCH):
                    batch = records[i:i + _LOAD_BATCH]
                    conn.executemany(_insert_sql(table), (_db_row(r) for r in batch))
                    if progress is not None:
                        progress(len(batch))
            self._new_epoch(conn)
            if audit is not None:
                conn.execute(_INSERT_AUDIT, audit_to_row(audit))

    def merge(self, bundle: Bundle, *, actor: str | None = None,
              source: str | None = None) -> merging.MergePreview:
        changed = True  # read by _write at commit: a merge that changes nothing keeps
        with self._write(bump=lambda: changed) as conn:  # the data version
            base = self._merge_base(conn, bundle)
            plan = plan_merge(base, bundle)
            changed = plan.writes_anything
            if not changed:  # the store holds the bundle as given: only the audit entry
                if actor is not None:
                    conn.execute(_INSERT_AUDIT, audit_to_row(
                        merging.audit_entry(actor, plan, bundle, source)))
                return plan
            homes = [h.household_id for h in bundle.households]
            holders = sorted(merging.tie_holders(base, bundle))
            for chunk in _chunks(holders):
                ph = _placeholders(len(chunk))
                conn.execute(f"DELETE FROM ties WHERE source_id IN ({ph}) "
                             f"OR target_id IN ({ph})", chunk + chunk)
            for chunk in _chunks(homes):
                ph = _placeholders(len(chunk))
                for table in ("events", "people", "households"):
                    conn.execute(f"DELETE FROM {table} WHERE household_id IN ({ph})", chunk)
            for table, records in self._by_table(bundle):
                conn.executemany(_insert_sql(table).replace("INSERT", "INSERT OR REPLACE", 1),
                                 (_db_row(r) for r in records))
            self._record(conn, plan.touched_households, plan.touched_agencies)
            if actor is not None:
                conn.execute(_INSERT_AUDIT, audit_to_row(
                    merging.audit_entry(actor, plan, bundle, source)))
        return plan

    def merge_base(self, bundle: Bundle) -> Bundle:
        with self._read() as conn:
            return self._merge_base(conn, bundle)

    def _merge_base(self, conn: sqlite3.Connection, bundle: Bundle) -> Bundle:
        homes = sorted({h.household_id for h in bundle.households})
        named = sorted(merging.named_ids(bundle))
        people: dict[str, Person] = {}
        for chunk in _chunks(homes):
            people |= {p.person_id: p for p in from_rows(Person, conn.execute(
                f"SELECT * FROM people WHERE household_id IN ({_placeholders(len(chunk))})",
                chunk).fetchall())}
        nodes = self._nodes(conn, named)
        people |= {p.person_id: p for p in nodes.people}
        holders = sorted(set(homes) | {p.person_id for p in people.values()
                                       if p.household_id in homes}
                         | {p.person_id for p in bundle.people if p.person_id in people})
        ties: dict[TieKey, Tie] = {}
        for chunk in _chunks(holders):
            ph = _placeholders(len(chunk))
            for t in from_rows(Tie, conn.execute(
                    f"SELECT * FROM ties WHERE source_id IN ({ph}) "
                    f"UNION SELECT * FROM ties WHERE target_id IN ({ph})",
                    chunk + chunk).fetchall()):
                ties[t.key] = t
        for tie in bundle.ties:
            if tie.key not in ties:
                row = self._find_tie(conn, tie.key)
                if row is not None:
                    ties[tie.key] = from_row(Tie, row)
        known = {a.agency_id for a in nodes.agencies} | {h.household_id for h in nodes.households}
        far = sorted({e for t in ties.values() for e in (t.source_id, t.target_id)}
                     - known - set(people))
        more = self._nodes(conn, far)
        people |= {p.person_id: p for p in more.people}
        events: dict[str, Event] = {}
        for column, ids in (("household_id", homes),
                            ("event_id", sorted({e.event_id for e in bundle.events}))):
            for chunk in _chunks(ids):
                events |= {e.event_id: e for e in from_rows(Event, conn.execute(
                    f"SELECT * FROM events WHERE {column} IN ({_placeholders(len(chunk))})",
                    chunk).fetchall())}
        households = {h.household_id: h for h in nodes.households + more.households}
        for chunk in _chunks(homes):
            households |= {h.household_id: h for h in from_rows(Household, conn.execute(
                f"SELECT * FROM households WHERE household_id IN "
                f"({_placeholders(len(chunk))})", chunk).fetchall())}
        return Bundle(agencies=nodes.agencies + more.agencies,
                      households=list(households.values()), people=list(people.values()),
                      ties=list(ties.values()), events=list(events.values()))

    @staticmethod
    def _nodes(conn: sqlite3.Connection, ids: list[str]) -> Bundle:
        """The agencies, households and people with these ids."""
        found = Bundle()
        for chunk in _chunks(ids):
            ph = _placeholders(len(chunk))
            found.agencies += from_rows(Agency, conn.execute(
                f"SELECT * FROM agencies WHERE agency_id IN ({ph})", chunk).fetchall())
            found.households += from_rows(Household, conn.execute(
                f"SELECT * FROM households WHERE household_id IN ({ph})", chunk).fetchall())
            found.people += from_rows(Person, conn.execute(
                f"SELECT * FROM people WHERE person_id IN ({ph})", chunk).fetchall())
        return found

    @staticmethod
    def _by_table(bundle: Bundle) -> Iterable[tuple[str, list]]:
        return [("agencies", bundle.agencies), ("households", bundle.households),
                ("people", bundle.people), ("ties", bundle.ties), ("events", bundle.events)]

    def export(self) -> Bundle:
        with self._read() as conn:
            return self._select_bundle(conn, {t: ("", ()) for t in TABLES})

    def _select_bundle(self, conn: sqlite3.Connection,
                       where: dict[str, tuple[str, tuple]]) -> Bundle:
        parts: dict[str, list] = {}
        for table, cls in TABLES.items():
            clause, params = where.get(table, (" WHERE 0", ()))
            cursor = conn.execute(f"SELECT * FROM {table}{clause}", params)
            parts[table] = from_rows(cls, cursor, [c[0] for c in cursor.description])
        return Bundle(**parts)

    def is_empty(self) -> bool:
        with self._read() as conn:
            return self._empty(conn)

    @staticmethod
    def _empty(conn: sqlite3.Connection) -> bool:
        return all(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() is None
                   for t in TABLES)

    # --- reads ---------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with self._read() as conn:
            return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                    for table in TABLES}

    def household_ids(self, ward: str | None = None) -> list[str]:
        with self._read() as conn:
            if ward is None:
                rows = conn.execute("SELECT household_id FROM households ORDER BY 1")
            else:
                rows = conn.execute(
                    "SELECT household_id FROM households WHERE ward = ? ORDER BY 1", (ward,))
            return [r[0] for r in rows]

    def household_network(self, household_id: str) -> Bundle:
        with self._read() as conn:
            row = conn.execute("SELECT * FROM households WHERE household_id = ?",
                               (household_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"no household with id {household_id!r}")
            return self._neighbourhood(conn, [from_row(Household, row)], all_agencies=False)

    def _neighbourhood(self, conn: sqlite3.Connection, households: list[Household],
                       *, all_agencies: bool) -> Bundle:
        """Households, their members, the ties touching them and the far ends of those."""
        hids = [h.household_id for h in households]
        members: list[Person] = []
        ties: dict[TieKey, Tie] = {}
        events: list[Event] = []
        for chunk in _chunks(hids):
            ph = _placeholders(len(chunk))
            members += from_rows(Person, conn.execute(
                f"SELECT * FROM people WHERE household_id IN ({ph})", chunk).fetchall())
            events += from_rows(Event, conn.execute(
                f"SELECT * FROM events WHERE household_id IN ({ph})", chunk).fetchall())
        core = hids + [p.person_id for p in members]
        for chunk in _chunks(core):
            ph = _placeholders(len(chunk))
            for t in from_rows(Tie, conn.execute(
                    f"SELECT * FROM ties WHERE source_id IN ({ph}) "
                    f"UNION SELECT * FROM ties WHERE target_id IN ({ph})",
                    chunk + chunk).fetchall()):
                ties[t.key] = t
        known = set(core)
        far = sorted({e for t in ties.values() for e in (t.source_id, t.target_id)} - known)
        agencies: list[Agency] = []
        contacts: list[Person] = []
        if all_agencies:
            agencies = from_rows(Agency, conn.execute("SELECT * FROM agencies").fetchall())
        for chunk in _chunks(far):
            ph = _placeholders(len(chunk))
            if not all_agencies:
                agencies += from_rows(Agency, conn.execute(
                    f"SELECT * FROM agencies WHERE agency_id IN ({ph})", chunk).fetchall())
            contacts += from_rows(Person, conn.execute(
                f"SELECT * FROM people WHERE person_id IN ({ph})", chunk).fetchall())
        return Bundle(agencies=agencies, households=households, people=members + contacts,
                      ties=list(ties.values()), events=events)

    def city_network(self, ward: str | None = None) -> Bundle:
        if ward is None:
            return self.export()
        with self._read() as conn:
            households = from_rows(Household, conn.execute(
                "SELECT * FROM households WHERE ward = ?", (ward,)).fetchall())
            return self._neighbourhood(conn, households, all_agencies=True)

    def scan_network(self, ward: str | None = None) -> Bundle:
        """Plain tuples of the columns the scan reads (no ``sqlite3.Row``, no per-row dict),
        made into records by :func:`~netsupport.storage.scanread.scan_part`. A city is
        three table scans; a ward selects its households' people and ties in SQL."""
        cols = {cls: ", ".join(scanread.columns(cls))
                for cls in (Agency, Household, Person, Tie)}
        with self._read() as conn:
            conn.row_factory = None
            try:
                if ward is None:
                    households = conn.execute(f"SELECT {cols[Household]} FROM households")
                    people = conn.execute(f"SELECT {cols[Person]} FROM people").fetchall()
                    ties = conn.execute(f"SELECT {cols[Tie]} FROM ties")
                else:
                    households = conn.execute(
                        f"SELECT {cols[Household]} FROM households WHERE ward = ?", (ward,))
                    people = conn.execute(
                        f"SELECT {cols[Person]} FROM people WHERE household_id IN "
                        "(SELECT household_id FROM households WHERE ward = ?)",
                        (ward,)).fetchall()
                    ties = conn.execute(_WARD_TIES.format(columns=cols[Tie]), (ward, ward))

                def far(ids: Collection[str]) -> tuple[list, list, list]:
                    found: tuple[list, list, list] = ([], [], [])
                    for chunk in _chunks(sorted(ids)):
                        ph = _placeholders(len(chunk))
                        for out, cls, table, key in (
                                (found[0], Agency, "agencies", "agency_id"),
                                (found[1], Household, "households", "household_id"),
                                (found[2], Person, "people", "person_id")):
                            out += conn.execute(
                                f"SELECT {cols[cls]} FROM {table} WHERE {key} IN ({ph})",
                                chunk)
                    return found
                return scanread.scan_part(households.fetchall(), people, ties.fetchall(), far)
            finally:
                conn.row_factory = sqlite3.Row

    def agency_links(self, agency_ids: Sequence[str]) -> Bundle:
        agencies: list[Agency] = []
        ties: dict[TieKey, Tie] = {}
        with self._read() as conn:
            for chunk in _chunks(sorted(set(agency_ids))):
                ph = _placeholders(len(chunk))
                agencies += from_rows(Agency, conn.execute(
                    f"SELECT * FROM agencies WHERE agency_id IN ({ph})", chunk).fetchall())
                for tie in from_rows(Tie, conn.execute(
                        f"SELECT * FROM ties WHERE kind = 'collaboration' AND "
                        f"(source_id IN ({ph}) OR target_id IN ({ph}))",
                        chunk + chunk).fetchall()):
                    ties[tie.key] = tie
        return Bundle(agencies=agencies, ties=list(ties.values()))

    def agency_graph(self) -> Bundle:
        with self._read() as conn:
            agencies = from_rows(Agency, conn.execute("SELECT * FROM agencies").fetchall())
            # a collaboration joins two agencies (the bundle's rule, checked on every write)
            ties = from_rows(Tie, conn.execute(
                "SELECT * FROM ties WHERE kind = 'collaboration'").fetchall())
            return Bundle(agencies=agencies, ties=ties)

    def agency_ties(self) -> Bundle:
        with self._read() as conn:
            agencies = from_rows(Agency, conn.execute("SELECT * FROM agencies").fetchall())
            ties = from_rows(Tie, conn.execute(
                "SELECT t.* FROM ties t JOIN agencies a ON a.agency_id = t.source_id "
                "WHERE t.kind IN ('support', 'collaboration')").fetchall())
            members = from_rows(Person, conn.execute(
                "SELECT * FROM people WHERE household_id IS NOT NULL AND person_id IN "
                "(SELECT target_id FROM ties WHERE kind = 'support')").fetchall())
            return Bundle(agencies=agencies, people=members, ties=ties)

    def changes_since(self, version: int) -> Changes:
        households: set[str] = set()
        agencies: set[str] = set()
        meta: dict[str, int] = {}
        with self._read() as conn:
            for kind, id_ in conn.execute(_CHANGES_SINCE, (version,)):
                if kind == "h":
                    households.add(id_)
                elif kind == "a":
                    agencies.add(id_)
                else:
                    meta[kind] = int(id_)
        return Changes.answer(version, meta["version"], meta.get("feed_from", 0),
                              households, agencies)

    @staticmethod
    def _version(conn: sqlite3.Connection) -> int:
        return int(conn.execute(
            "SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0])

    def _new_epoch(self, conn: sqlite3.Connection) -> None:
        """A whole load: the feed restarts at the version this write makes."""
        conn.execute("DELETE FROM changes")
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('feed_from', ?)",
                     (str(self._version(conn) + 1),))

    def _record(self, conn: sqlite3.Connection, households: Iterable[str],
                agencies: Iterable[str]) -> None:
        """Enter the households and agencies this write touched in the feed, at the version
        the write makes (``_write`` bumps it on commit), in the write's transaction."""
        version = self._version(conn) + 1
        rows = [(version, "h", h) for h in set(households)]
        rows += [(version, "a", a) for a in set(agencies)]
        conn.executemany("INSERT OR IGNORE INTO changes (version, kind, id) VALUES (?, ?, ?)",
                         rows)
        if version % FEED_PRUNE_EVERY == 0 and version > FEED_KEEP:
            conn.execute("DELETE FROM changes WHERE version <= ?", (version - FEED_KEEP,))
            conn.execute(
                "UPDATE meta SET value = CAST(MAX(CAST(value AS INTEGER), ?) AS TEXT) "
                "WHERE key = 'feed_from'", (version - FEED_KEEP,))

    @staticmethod
    def _touched(conn: sqlite3.Connection, ids: Iterable[str]) -> tuple[set[str], set[str]]:
        """The households and agencies that ids name: a household itself, a member's
        household, an agency (an informal contact names none: its tie's other end does)."""
        households: set[str] = set()
        agencies: set[str] = set()
        for id_ in set(ids):
            if conn.execute("SELECT 1 FROM households WHERE household_id = ?",
                            (id_,)).fetchone():
                households.add(id_)
            elif conn.execute("SELECT 1 FROM agencies WHERE agency_id = ?", (id_,)).fetchone():
                agencies.add(id_)
            else:
                row = conn.execute("SELECT household_id FROM people WHERE person_id = ?",
                                   (id_,)).fetchone()
                if row is not None and row[0]:
                    households.add(row[0])
        return households, agencies

    def data_version(self) -> int:
        with self._lock:
            row = self._conn.execute(
                "SELECT value FROM meta WHERE key = 'data_version'").fetchone()
            return int(row[0])

    # --- single edits --------------------------------------------------------------------

    def apply(self, changes: ChangeSet) -> int:
        with self._write() as conn:
            version = int(conn.execute(
                "SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0])
            if changes.expected_version is not None and changes.expected_version != version:
                raise ConflictError(code="version_changed", expected=changes.expected_version,
                                    version=version)
            for tie in changes.add_ties:
                self._require_ids(conn, [tie.source_id, tie.target_id])
                if self._find_tie(conn, tie.key) is not None:
                    raise ConflictError(code="tie_exists", tie=_describe(tie.key))
                conn.execute(_insert_sql("ties"), _db_row(tie))
            for key, tie in changes.update_ties:
                if tie.key != key:
                    raise StoreError("an update may not change a tie's source, target, "
                                     "kind or since")
                if self._find_tie(conn, key) is None:
                    raise NotFoundError(code="no_tie_key", tie=_describe(key))
                conn.execute(
                    "UPDATE ties SET strength = :strength, role = :role, until = :until, "
                    "last_contact = :last_contact, consent = :consent "
                    "WHERE source_id = :source_id AND target_id = :target_id "
                    "AND kind = :kind AND since = :since", _db_row(tie))
            for event in changes.add_events:
                self._require_ids(conn, [event.household_id]
                                  + ([event.agency_id] if event.agency_id else []))
                if conn.execute("SELECT 1 FROM events WHERE event_id = ?",
                                (event.event_id,)).fetchone():
                    raise ConflictError(code="event_exists", event=event.event_id)
                conn.execute(_insert_sql("events"), _db_row(event))
            edited = changes.add_ties + [t for _, t in changes.update_ties]
            households, agencies = self._touched(
                conn, [end for tie in edited for end in (tie.source_id, tie.target_id)])
            self._record(conn, households | {e.household_id for e in changes.add_events},
                         agency_ends(edited, agencies))
            conn.executemany(_INSERT_AUDIT, map(audit_to_row, changes.audit))
        return self.data_version()

    @staticmethod
    def _find_tie(conn: sqlite3.Connection, key: TieKey) -> sqlite3.Row | None:
        return conn.execute(
            "SELECT * FROM ties WHERE source_id = ? AND target_id = ? AND kind = ? "
            "AND since = ?", _key_params(key)).fetchone()

    @staticmethod
    def _require_ids(conn: sqlite3.Connection, ids: list[str]) -> None:
        for id_ in ids:
            found = any(
                conn.execute(f"SELECT 1 FROM {table} WHERE {col} = ?", (id_,)).fetchone()
                for table, col in _KEYS.items() if table != "events")
            if not found:
                raise NotFoundError(f"no agency, household or person with id {id_!r}")

    # --- accounts and the audit log -------------------------------------------------------

    def add_user(self, user: User) -> None:
        check_account(user)
        try:
            with self._write(bump=False) as conn:
                conn.execute(
                    "INSERT INTO users (username, role, wards, display_name, password_hash, "
                    "active, created_at) VALUES (:username, :role, :wards, :display_name, "
                    ":password_hash, :active, :created_at)", _user_db_row(user))
        except sqlite3.IntegrityError:
            raise ConflictError(code="username_taken", username=user.username) from None

    def update_user(self, user: User) -> None:
        check_account(user)
        with self._write(bump=False) as conn:
            updated = conn.execute(
                "UPDATE users SET role = :role, wards = :wards, display_name = :display_name, "
                "password_hash = :password_hash, active = :active "
                "WHERE username = :username", _user_db_row(user)).rowcount
            if not updated:
                raise NotFoundError(code="no_user", username=user.username)

    def get_user(self, username: str) -> User | None:
        with self._read() as conn:
            row = conn.execute("SELECT * FROM users WHERE username = ?",
                               (username,)).fetchone()
            return user_from_row(row) if row is not None else None

    def users(self) -> list[User]:
        with self._read() as conn:
            return [user_from_row(r) for r in conn.execute(
                "SELECT * FROM users ORDER BY username")]

    def claim_sign_in(self, username: str, *, at: datetime, since: datetime,
                      limit: int) -> bool:
        # BEGIN IMMEDIATE: the write lock is taken before the count, across processes too
        with self._write(bump=False) as conn:
            actions = [r[0] for r in conn.execute(
                "SELECT action FROM audit_log WHERE username = ? AND at >= ? "
                "AND action IN ('sign_in', 'sign_in_attempt') ORDER BY seq DESC LIMIT ?",
                (username, utc_text(since), limit))]
            entry = claim_entry(username, at, actions, limit)
            conn.execute(_INSERT_AUDIT, audit_to_row(entry))
        return entry.action is AuditAction.SIGN_IN_ATTEMPT

    def append_audit(self, entries: Sequence[AuditEntry]) -> None:
        with self._write(bump=False) as conn:
            conn.executemany(_INSERT_AUDIT, map(audit_to_row, entries))

    def audit_log(self, *, since: datetime | None = None, until: datetime | None = None,
                  username: str | None = None, household_id: str | None = None,
                  limit: int | None = None) -> list[AuditEntry]:
        """Entries with ``since <= at < until``, newest (highest ``seq``) first."""
        params = {"since": utc_text(since) if since else None,
                  "until": utc_text(until) if until else None,
                  "username": username, "household_id": household_id,
                  "limit": -1 if limit is None else limit}
        with self._read() as conn:
            return [audit_from_row(r) for r in conn.execute(
                "SELECT * FROM audit_log "
                "WHERE (:since IS NULL OR at >= :since) AND (:until IS NULL OR at < :until) "
                "AND (:username IS NULL OR username = :username) "
                "AND (:household_id IS NULL OR household_id = :household_id) "
                "ORDER BY seq DESC LIMIT :limit", params)]

    def settle(self, timeout: float | None = None) -> bool:
        """Nothing to wait for: a load replaces the old rows in its own transaction."""
        return True

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _user_db_row(user: User) -> dict[str, Any]:
    row = user_to_row(user)
    row["wards"] = json.dumps(row["wards"], ensure_ascii=False)
    return row


def _describe(key: TieKey) -> Words:
    since = key.since.isoformat() if key.since else "-"
    return Words(f"{key.source_id} → {key.target_id}（{key.kind.label('ja')}・{since} から）",
                 f"{key.source_id} → {key.target_id} ({key.kind.value}, since {since})")


def _chunks(ids: list[str], size: int = 400) -> Iterator[list[str]]:
    for i in range(0, len(ids), size):
        yield ids[i:i + size]
