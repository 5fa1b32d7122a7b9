"""Neo4j loads as generations (storage/cypher.py): readers and edits see the old data or the
new, whole; a load that stops or is overtaken leaves nothing behind for long.

On the live test server. The loads here use small batches, so that one load is many
transactions for a reader or an edit to run between.
"""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from netsupport.demo import generate
from netsupport.errors import ConflictError, StoreNotEmptyError
from netsupport.model import Bundle, Event, EventType
from netsupport.storage import cypher
from netsupport.storage.base import ChangeSet
from netsupport.storage.neo4j_store import Neo4jStore

pytestmark = pytest.mark.neo4j

OLD = generate(120, seed=4)
NEW = generate(160, seed=5)


def _generations(store: Neo4jStore) -> dict[int, int]:
    records, _, _ = store.driver.execute_query(
        "MATCH (n) WHERE n:Node OR n:Event RETURN n.gen AS gen, count(*) AS n",
        database_=store.database)
    return {r["gen"]: r["n"] for r in records}


def _small_batches(store: Neo4jStore) -> Neo4jStore:
    """A second store on the same driver that loads 50 rows per transaction."""
    small = Neo4jStore(store.driver, batch_size=50)
    small.DELETE_BATCH = 50
    return small


def _counts(bundle: Bundle) -> dict[str, int]:
    return {"agencies": len(bundle.agencies), "households": len(bundle.households),
            "people": len(bundle.people), "ties": len(bundle.ties),
            "events": len(bundle.events)}


def _load_beside(store: Neo4jStore, work) -> None:
    """Replace OLD with NEW in small batches while ``work(done)`` runs in a thread until
    ``done`` is set: after the load and the background deletion of the old generation."""
    done = threading.Event()
    worker = threading.Thread(target=work, args=(done,))
    worker.start()
    try:
        small = _small_batches(store)
        small.load(NEW, replace=True)
        assert small.settle(timeout=120)
    finally:
        done.set()
        worker.join()


def test_readers_see_the_old_or_the_new_data_whole_during_a_load(neo4j_store):
    neo4j_store.load(OLD)
    seen: list[str] = []
    failures: list[str] = []

    def read(done: threading.Event) -> None:
        try:
            while not done.is_set():
                counts = neo4j_store.counts()
                bundle = neo4j_store.export().sorted()
                if counts not in (_counts(OLD), _counts(NEW)):
                    failures.append(f"counts of a mix: {counts}")
                if bundle == OLD.sorted():
                    seen.append("old")
                elif bundle == NEW.sorted():
                    seen.append("new")
                else:
                    failures.append(f"an export of a mix: {_counts(bundle)}")
        except Exception as exc:  # noqa: BLE001 - reported below, with the others
            failures.append(repr(exc))

    _load_beside(neo4j_store, read)
    assert not failures
    assert "old" in seen  # reads ran while the new generation was being written
    assert neo4j_store.export().sorted() == NEW.sorted()
    assert neo4j_store.counts() == _counts(NEW)
    assert list(_generations(neo4j_store)) == [neo4j_store._read_current(lambda tx, g: g)]


def _event(household_id: str, event_id: str) -> Event:
    return Event(event_id=event_id, household_id=household_id, date=date(2026, 11, 1),
                 type=EventType.VISIT)


def test_an_edit_prepared_before_the_switch_fails_cleanly(neo4j_store):
    neo4j_store.load(OLD)
    version = neo4j_store.data_version()
    home = OLD.households[0].household_id
    neo4j_store.load(NEW, replace=True)
    with pytest.raises(ConflictError):
        neo4j_store.apply(ChangeSet(add_events=[_event(home, "E-race-1")],
                                    expected_version=version))
    assert neo4j_store.export().sorted() == NEW.sorted()
    assert neo4j_store.changes_since(version).full  # a new epoch


def test_edits_during_a_load_land_in_the_old_data_or_fail_never_in_the_new(neo4j_store):
    """An edit while the batches are written is made on the current (old) data, which the
    load then replaces; an edit holding a version from before the switch fails after it;
    edits after the switch are made on the new data. Nothing else is ever raised."""
    neo4j_store.load(OLD)
    home = NEW.households[0].household_id
    assert home in {h.household_id for h in OLD.households}  # same id scheme
    saved: list[tuple[str, int]] = []  # (event id, the version it was saved at)
    outcomes: list[str] = []

    def edit(done: threading.Event) -> None:
        n = 0
        try:
            while not done.is_set():
                n += 1
                version = neo4j_store.data_version()
                try:
                    saved.append((f"E-race-{n}", neo4j_store.apply(ChangeSet(
                        add_events=[_event(home, f"E-race-{n}")],
                        expected_version=version))))
                    outcomes.append("saved")
                except ConflictError:
                    outcomes.append("conflict")
        except Exception as exc:  # noqa: BLE001 - asserted below
            outcomes.append(repr(exc))

    _load_beside(neo4j_store, edit)
    assert set(outcomes) <= {"saved", "conflict"}, outcomes
    assert "saved" in outcomes
    after = neo4j_store.export()
    kept = {e.event_id for e in after.events} - {e.event_id for e in NEW.events}
    # the new data, plus exactly the edits saved after the switch: those with a version
    # above the epoch the switch began
    epoch = neo4j_store._query(cypher.CHANGES_SINCE, since=0)[0]["feed_from"]
    assert kept == {e for e, v in saved if v > epoch}
    assert Bundle(after.agencies, after.households, after.people, after.ties,
                  [e for e in after.events if e.event_id not in kept]).sorted() == NEW.sorted()


def test_a_load_overtaken_by_another_stops_and_the_later_one_wins(neo4j_store):
    neo4j_store.load(OLD)
    first = _small_batches(neo4j_store)
    second = Neo4jStore(neo4j_store.driver)
    started: list[int] = []

    def overtake(rows: int) -> None:
        started.append(rows)
        if len(started) == 2:  # the first load is under way: another one starts and ends
            second.load(NEW, replace=True)

    with pytest.raises(ConflictError):
        first.load(OLD, replace=True, progress=overtake)
    assert neo4j_store.export().sorted() == NEW.sorted()
    assert first.settle(timeout=120) and second.settle(timeout=120)
    assert len(_generations(neo4j_store)) == 1  # the overtaken load's part was deleted


def test_a_failed_load_leaves_the_old_data_and_nothing_else(neo4j_store):
    neo4j_store.load(OLD)

    def fail(rows: int) -> None:
        raise KeyboardInterrupt  # the person stopped it halfway

    small = _small_batches(neo4j_store)
    with pytest.raises(KeyboardInterrupt):
        small.load(NEW, replace=True, progress=fail)
    assert neo4j_store.export().sorted() == OLD.sorted()
    assert small.settle(timeout=120)
    assert len(_generations(neo4j_store)) == 1


def test_a_load_that_is_not_a_replace_refuses_a_store_filled_meanwhile(neo4j_store):
    """Filled by a merge while the batches are written (another load would take over)."""
    filler = Neo4jStore(neo4j_store.driver)

    def fill(rows: int) -> None:
        if filler.is_empty():
            filler.merge(OLD)

    small = _small_batches(neo4j_store)
    with pytest.raises(StoreNotEmptyError):
        small.load(NEW, progress=fill)
    assert neo4j_store.export().sorted() == OLD.sorted()
    assert small.settle(timeout=120)
    assert len(_generations(neo4j_store)) == 1


def test_an_interrupted_load_is_deleted_by_the_next_open_once_stale(neo4j_store):
    """A load whose client died names its generation as being loaded: an open leaves it
    while it might still be running, and deletes it once its heartbeat is stale."""
    neo4j_store.load(OLD)
    gen = neo4j_store._write(lambda tx: tx.run(cypher.BEGIN_LOAD).single()["gen"])
    rows = [{"agency_id": "A-orphan", "name": "x", "kind": "npo"}]
    neo4j_store._write(lambda tx: neo4j_store._load_batch(tx, gen, cypher.LOAD_AGENCIES,
                                                          rows))
    assert gen in _generations(neo4j_store)
    Neo4jStore(neo4j_store.driver)  # an open while the load may be alive: kept
    assert gen in _generations(neo4j_store)
    reopened = Neo4jStore.__new__(Neo4jStore)
    reopened.__dict__.update(neo4j_store.__dict__)
    reopened._clean(stale_ms=-1)  # as an open does once the heartbeat is stale
    assert gen not in _generations(neo4j_store)
    assert neo4j_store.export().sorted() == OLD.sorted()


def test_accounts_and_the_audit_log_are_outside_the_generations(neo4j_store):
    from netsupport.access import User, UserRole

    neo4j_store.add_user(User("gen-test", UserRole.ADMIN, password_hash="x"))
    neo4j_store.load(OLD)
    _small_batches(neo4j_store).load(NEW, replace=True)
    assert neo4j_store.get_user("gen-test") is not None


def test_a_database_of_the_single_generation_schema_is_migrated(neo4j_store):
    """Data written before generations (no ``gen``, the old id constraints) becomes
    generation 0 on open, and loads replace it as usual."""
    neo4j_store.load(OLD)
    driver = neo4j_store.driver
    for statement in ("MATCH (n) WHERE n:Node OR n:Event REMOVE n.gen",
                      "MATCH (m:Meta) REMOVE m.generation",
                      "MATCH (l:Loader) DETACH DELETE l",
                      "DROP CONSTRAINT node_gen_id IF EXISTS",
                      "CREATE CONSTRAINT node_id IF NOT EXISTS "
                      "FOR (n:Node) REQUIRE n.id IS UNIQUE"):
        driver.execute_query(statement, database_=neo4j_store.database)
    migrated = Neo4jStore(driver)
    assert migrated.export().sorted() == OLD.sorted()
    assert list(_generations(migrated)) == [0]
    migrated.load(NEW, replace=True)
    assert migrated.export().sorted() == NEW.sorted()
    assert migrated.settle(timeout=120)
    assert len(_generations(migrated)) == 1


def _slow_cleaner(store: Neo4jStore) -> Neo4jStore:
    """A store on the same driver that deletes 2 sparse nodes per transaction: deleting
    OLD takes hundreds of transactions, time to look at it while it runs."""
    slow = Neo4jStore(store.driver)
    slow.DELETE_BATCH = 10
    return slow


def test_a_replacing_load_returns_when_the_new_data_is_readable(neo4j_store):
    """The old generation is deleted after the load has returned, by a thread of the store
    that ``settle`` waits for; nothing of it is left then."""
    neo4j_store.load(OLD)
    old_gen = neo4j_store._read_current(lambda tx, g: g)
    slow = _slow_cleaner(neo4j_store)
    slow.load(NEW, replace=True)
    assert old_gen in _generations(neo4j_store)  # still being deleted
    assert neo4j_store.export().sorted() == NEW.sorted()  # readable at once
    assert slow.settle(timeout=120)
    assert list(_generations(neo4j_store)) == [neo4j_store._read_current(lambda tx, g: g)]
    assert neo4j_store.counts() == _counts(NEW)


def test_a_load_right_after_a_load(neo4j_store):
    """A load while the previous one's old generation is still being deleted: the batches
    and the deletion take turns; the last load wins and both old generations go."""
    neo4j_store.load(OLD)
    slow = _slow_cleaner(neo4j_store)
    slow.load(NEW, replace=True)
    slow.load(OLD, replace=True)
    assert neo4j_store.export().sorted() == OLD.sorted()
    assert slow.settle(timeout=120)
    assert list(_generations(neo4j_store)) == [neo4j_store._read_current(lambda tx, g: g)]


def test_close_during_the_background_delete_stops_it_and_the_next_open_finishes(
        neo4j_store):
    neo4j_store.load(OLD)
    old_gen = neo4j_store._read_current(lambda tx, g: g)
    old_size = _generations(neo4j_store)[old_gen]
    slow = _slow_cleaner(neo4j_store)
    slow.load(NEW, replace=True)
    slow.close()  # the driver is the session's: only the store's thread stops
    assert slow.settle(timeout=0)  # stopped, not left running
    left = _generations(neo4j_store).get(old_gen, 0)
    assert 0 < left <= old_size  # stopped before the end
    time.sleep(0.5)
    assert _generations(neo4j_store).get(old_gen, 0) == left  # and nothing runs on
    assert neo4j_store.export().sorted() == NEW.sorted()
    reopened = Neo4jStore(neo4j_store.driver)  # the next open deletes the rest
    assert reopened.settle(timeout=120)
    assert list(_generations(neo4j_store)) == [neo4j_store._read_current(lambda tx, g: g)]


def test_a_load_after_a_close_during_the_delete_takes_the_leftovers_too(neo4j_store):
    neo4j_store.load(OLD)
    slow = _slow_cleaner(neo4j_store)
    slow.load(NEW, replace=True)
    slow.close()
    assert len(_generations(neo4j_store)) == 2
    again = Neo4jStore(neo4j_store.driver)
    again.load(OLD, replace=True)
    assert again.settle(timeout=120)
    assert neo4j_store.export().sorted() == OLD.sorted()
    assert list(_generations(neo4j_store)) == [neo4j_store._read_current(lambda tx, g: g)]


def test_a_replacing_load_by_the_command_line_leaves_nothing_behind(
        neo4j_server, neo4j_store, tmp_path, monkeypatch, capsys):
    """The command says the data is loaded once it is readable, and ends once the replaced
    generation is deleted too (its store would stop the deletion on closing)."""
    from netsupport.bundle import write_bundle
    from netsupport.cli import main

    uri, user, password = neo4j_server
    monkeypatch.setenv("NEO4J_USER", user)
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    neo4j_store.load(OLD)
    write_bundle(NEW, tmp_path / "new")
    assert main(["load", str(tmp_path / "new"), "--replace", "--store", uri]) == 0
    assert list(_generations(neo4j_store)) == [neo4j_store._read_current(lambda tx, g: g)]
    assert neo4j_store.export().sorted() == NEW.sorted()
