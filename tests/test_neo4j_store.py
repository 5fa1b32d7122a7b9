"""The Neo4j store as a cluster would see it, tried on the single test server.

- Read your own writes: every session and every ``execute_query`` of a store goes through
  one bookmark manager, so a read right after a write starts after it. On one server the
  read would see the write anyway; what this shows is that each transaction, read or write,
  asked the manager for the bookmarks and each commit handed its bookmark back: the
  mechanism a cluster's followers wait on.
- Driver errors after the retry budget: a real deadlock, absorbed by the retries with the
  store's budget and reported as ``StoreUnavailableError`` with none; a real syntax error
  and a closed port, each as netsupport's own error without the server's text.
"""

from __future__ import annotations

import threading
from datetime import date

import neo4j
import pytest
from neo4j import GraphDatabase

from netsupport.errors import StoreError, StoreUnavailableError
from netsupport.example import HOUSEHOLD_ID, seed_example
from netsupport.model import Event, EventType
from netsupport.storage import ChangeSet
from netsupport.storage.neo4j_store import RETRY_SECONDS, Neo4jStore

pytestmark = pytest.mark.neo4j


def test_a_read_right_after_a_write_sees_it_through_fresh_sessions(neo4j_store):
    asked: list[int] = []
    committed: list[neo4j.Bookmarks] = []
    manager = GraphDatabase.bookmark_manager(
        bookmarks_supplier=lambda: asked.append(1) or neo4j.Bookmarks(),
        bookmarks_consumer=committed.append)
    store = Neo4jStore(neo4j_store.driver, bookmarks=manager)
    store.load(seed_example())
    for n in range(1, 6):
        event = Event(f"E-RYW-{n}", HOUSEHOLD_ID, date(2026, 11, n), EventType.CONTACT)
        held = set(manager.get_bookmarks())
        before_write = len(asked)
        version = store.apply(ChangeSet(add_events=[event]))
        assert len(asked) > before_write, "the write did not start from the bookmarks"
        after_write = set(manager.get_bookmarks())
        assert after_write and after_write != held, "the write's bookmark was not kept"
        assert after_write == set(committed[-1].raw_values)

        before_reads = len(asked)
        assert store.data_version() == version  # execute_query
        assert event in store.household_network(HOUSEHOLD_ID).events  # execute_query
        assert event in store.export().events  # a read session
        assert len(asked) >= before_reads + 3, "a read did not wait for the bookmarks"
        assert set(manager.get_bookmarks()) == after_write  # reads move nothing on


def test_the_store_shares_the_drivers_manager_by_default(neo4j_store):
    assert neo4j_store.bookmarks is neo4j_store.driver.execute_query_bookmark_manager
    neo4j_store.load(seed_example())
    assert neo4j_store.bookmarks.get_bookmarks()


def _deadlock(store: Neo4jStore) -> list[BaseException | None]:
    """Two writes of ``store`` that lock two nodes in opposite orders, at the same time:
    Neo4j stops one with DeadlockDetected (a TransientError). Returns what each raised."""
    store.driver.execute_query("UNWIND ['a', 'b'] AS name MERGE (:DeadlockProbe {name: name})",
                               database_=store.database)
    both_hold_one = threading.Barrier(2, timeout=30)
    outcome: list[BaseException | None] = [None, None]

    def write(i: int, first: str, second: str) -> None:
        attempts = 0

        def work(tx: neo4j.ManagedTransaction) -> None:
            nonlocal attempts
            attempts += 1
            lock = "MATCH (p:DeadlockProbe {name: $name}) SET p.by = $by"
            tx.run(lock, name=first, by=i).consume()
            if attempts == 1:
                both_hold_one.wait()
            tx.run(lock, name=second, by=i).consume()

        try:
            store._write(work)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome[i] = exc

    threads = [threading.Thread(target=write, args=(0, "a", "b")),
               threading.Thread(target=write, args=(1, "b", "a"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    store.driver.execute_query("MATCH (p:DeadlockProbe) DELETE p", database_=store.database)
    return outcome


def test_a_deadlock_is_retried_within_the_budget(neo4j_store):
    assert RETRY_SECONDS > 0
    assert _deadlock(neo4j_store) == [None, None]


def test_a_transient_error_left_after_the_retries_is_store_unavailable(neo4j_server):
    uri, user, password = neo4j_server
    driver = GraphDatabase.driver(uri, auth=(user, password), max_transaction_retry_time=0)
    with Neo4jStore(driver, owns_driver=True) as store:
        outcome = _deadlock(store)
    failed = [e for e in outcome if e is not None]
    assert len(failed) == 1, outcome
    assert isinstance(failed[0], StoreUnavailableError)
    assert isinstance(failed[0].__cause__, neo4j.exceptions.TransientError)
    assert "DeadlockDetected" in str(failed[0])


def test_a_refused_statement_is_a_store_error_without_the_servers_text(neo4j_store):
    with pytest.raises(StoreError) as caught:
        neo4j_store._query("MATCH (n {secret: 'private words'}) RETURN n LIMIT 'x'")
    assert "Neo.ClientError" in str(caught.value)
    assert "private words" not in str(caught.value)
    assert isinstance(caught.value.__cause__, neo4j.exceptions.Neo4jError)


def test_a_closed_port_is_store_unavailable():
    with pytest.raises(StoreUnavailableError):
        Neo4jStore.connect("bolt://127.0.0.1:9", "neo4j", "nothing")
