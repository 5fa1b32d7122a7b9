"""Concurrent edits: staff who read the same version and save at the same moment.

Each round, several writers (threads, each with its own store connection) read the data
version, wait at a barrier, and save an edit with that ``expected_version``. Exactly one
save per round may land; every other must be refused with ConflictError, and nothing may be
lost or half-written: at the end the store holds exactly the winners' edits. The figures
(rounds × writers) are reported in docs/TRUST.md.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest

from netsupport.errors import ConflictError
from netsupport.model import Bundle, Event, EventType, Household, Person, Relation
from netsupport.storage import ChangeSet
from netsupport.storage.neo4j_store import Neo4jStore
from netsupport.storage.sqlite_store import SQLiteStore

ROUNDS = 15
WRITERS = 4


def _open(kind: str, tmp_path, neo4j_server):
    """A new connection to the test store of ``kind`` (each writer needs its own)."""
    if kind == "sqlite":
        return SQLiteStore(tmp_path / "netsupport.db")
    uri, user, password = neo4j_server
    return Neo4jStore.connect(uri, user, password)


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def connections(request, tmp_path):
    kind = request.param
    server = request.getfixturevalue("neo4j_server") if kind == "neo4j" else None
    if kind == "neo4j":
        request.getfixturevalue("neo4j_store")  # emptied for this test
    stores = [_open(kind, tmp_path, server) for _ in range(WRITERS)]
    stores[0].load(Bundle(households=[Household("H1", "北区")],
                          people=[Person("P1", Relation.SUBJECT, "H1", "本人")]))
    yield stores
    for s in stores:
        s.close()


def test_exactly_one_of_simultaneous_saves_lands(connections):
    winners: list[str] = []
    refused = 0
    for round_no in range(ROUNDS):
        barrier = threading.Barrier(WRITERS)
        outcome: dict[int, str | BaseException] = {}

        def save(i: int, store, round_no=round_no, barrier=barrier, outcome=outcome) -> None:
            seen = store.data_version()
            event = Event(f"E{round_no}-{i}", "H1", date(2026, 11, 1), EventType.CONTACT,
                          note=f"writer {i}")
            barrier.wait()
            try:
                store.apply(ChangeSet(add_events=[event], expected_version=seen))
                outcome[i] = event.event_id
            except BaseException as exc:  # collected and judged below
                outcome[i] = exc

        threads = [threading.Thread(target=save, args=(i, s))
                   for i, s in enumerate(connections)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        landed = [v for v in outcome.values() if isinstance(v, str)]
        errors = [v for v in outcome.values() if not isinstance(v, str)]
        assert len(outcome) == WRITERS
        assert len(landed) == 1, f"round {round_no}: {outcome}"
        assert all(isinstance(e, ConflictError) for e in errors), errors
        winners += landed
        refused += len(errors)
    events = connections[0].export().events
    assert sorted(e.event_id for e in events) == sorted(winners)
    assert refused == ROUNDS * (WRITERS - 1)
    assert connections[0].data_version() >= ROUNDS + 1
