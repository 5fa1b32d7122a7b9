"""A load killed halfway leaves the whole old data or the whole new data — never a mix.

SQLite: a child process loads (replacing an old bundle) and is SIGKILLed at several points.
Neo4j (a load is a new generation written in committed batches, a switch, then the old
generation deleted in batches; storage/cypher.py): the loading *client* is SIGKILLed while
its batches are written, right around the switch, and while it deletes the old generation;
the *server* (with the default 512m heap) is SIGKILLed during the batches and during the
cleaning, then restarted. Afterwards the store must export exactly the old bundle or exactly
the new one, and what the killed load left behind must be deleted by the next open or load.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from browser_support import free_port

from netsupport.demo import generate
from netsupport.example import seed_example
from netsupport.storage.neo4j_store import Neo4jStore
from netsupport.storage.sqlite_store import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent
OLD = seed_example().sorted()
#: The port of the server these tests kill (its own, never the shared test server's); by
#: default a free one for each test, as the two tests may run at once on two workers.
KILL_PORT = os.environ.get("NETSUPPORT_TEST_NEO4J_KILL_PORT")

CHILD = """
import sys
from netsupport.demo import generate
from netsupport.storage.sqlite_store import SQLiteStore
bundle = generate(int(sys.argv[2]), seed=5)
print("loading", flush=True)
SQLiteStore(sys.argv[1]).load(bundle, replace=True)
print("done", flush=True)
"""


def _wal_bytes(db: Path) -> int:
    wal = db.with_name(db.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


@pytest.mark.parametrize("after_writing_began", [0.0, 0.01, 0.03, 0.06, 0.1, 0.2, None])
def test_sqlite_load_killed_at_any_point(tmp_path, after_writing_began):
    """Killed once the write transaction has put 256 kB into the WAL (plus a delay), or,
    with ``None``, left to finish: the store holds the old or the new bundle, whole."""
    db = tmp_path / "crash.db"
    with SQLiteStore(db) as store:
        store.load(OLD)
    start = _wal_bytes(db)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), "3000"],
                             stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert child.stdout.readline().strip() == "loading"
    if after_writing_began is None:
        assert child.stdout.readline().strip() == "done"
    else:
        deadline = time.monotonic() + 60
        while _wal_bytes(db) < start + 256_000 and child.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.002)
        time.sleep(after_writing_began)
        child.send_signal(signal.SIGKILL)
    child.wait()
    after = SQLiteStore(db).export().sorted()
    new = generate(3000, seed=5).sorted()
    assert after in (OLD, new)
    if after_writing_began == 0.0:
        assert after == OLD  # killed mid-transaction: nothing of the new bundle
    if after_writing_began is None:
        assert after == new


@pytest.fixture
def private_neo4j(tmp_path):
    """A Neo4j server of this test's own (it gets killed), on its own port and folder:
    (start, kill, its URI)."""
    port = KILL_PORT or str(free_port())
    env = {**os.environ, "NEO4J_BOLT_PORT": port, "NEO4J_PASSWORD": "crash-test-pw",
           "NEO4J_HOME_DIR": str(tmp_path / "neo4j"), "NEO4J_HEAP": "512m"}
    script = ROOT / "scripts" / "neo4j.sh"

    def start() -> None:
        done = subprocess.run(["bash", str(script), "start"], env=env, capture_output=True,
                              text=True, timeout=600)
        if done.returncode != 0:
            pytest.fail(f"Neo4j did not start:\n{done.stdout}\n{done.stderr}", pytrace=False)

    def kill() -> None:
        pid = int((tmp_path / "neo4j" / "neo4j.pid").read_text())
        os.kill(pid, signal.SIGKILL)
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)

    start()
    yield start, kill, f"bolt://127.0.0.1:{port}"
    subprocess.run(["bash", str(script), "stop"], env=env, capture_output=True, timeout=120)


def _generations(store: Neo4jStore) -> dict[int, int]:
    """Nodes and events per generation, every generation in the database."""
    records, _, _ = store.driver.execute_query(
        "MATCH (n) WHERE n:Node OR n:Event RETURN n.gen AS gen, count(*) AS n",
        database_="neo4j")
    return {r["gen"]: r["n"] for r in records}


def _current(store: Neo4jStore) -> int:
    records, _, _ = store.driver.execute_query(
        "MATCH (m:Meta {name: 'netsupport'}) RETURN m.generation AS gen", database_="neo4j")
    return records[0]["gen"]


def _assert_cleaned_later(uri: str, auth: tuple[str, str], expected) -> None:
    """The next open deletes every generation but the current one and one being loaded;
    the next load takes a killed load's place and leaves one generation, whole."""
    with Neo4jStore.connect(uri, *auth) as opened:
        assert opened.export().sorted() == expected
        assert opened.settle(timeout=300)  # the open deletes garbage in the background
        left = _generations(opened)
        loading = opened.driver.execute_query(
            "MATCH (l:Loader) RETURN l.gen AS gen", database_="neo4j").records[0]["gen"]
        assert set(left) <= {_current(opened), loading}
        opened.load(OLD, replace=True)
        assert opened.export().sorted() == OLD
        assert opened.settle(timeout=300)
        assert list(_generations(opened)) == [_current(opened)]


def _load_in_a_thread(store: Neo4jStore, bundle) -> tuple[threading.Thread,
                                                         list[BaseException | None]]:
    """A replacing load running in a thread, then the deletion of the old generation
    (``settle``); the load's outcome (None, or the error) once both are done."""
    outcome: list[BaseException | None] = []

    def load() -> None:
        try:
            store.load(bundle, replace=True)
            outcome.append(None)
            store.settle()
        except BaseException as exc:  # the server dies under it: any error is expected
            outcome.append(exc)

    worker = threading.Thread(target=load)
    worker.start()
    return worker, outcome


def _kill_when(ready, worker: threading.Thread, kill, never: str) -> None:
    """Kill the server as soon as ``ready()``, while the load is still running; then wait
    for the load to end (its error, or its success when switched already)."""
    deadline = time.monotonic() + 300
    while not ready():
        assert worker.is_alive() and time.monotonic() < deadline, never
        time.sleep(0.005)
    kill()
    worker.join(timeout=120)


LOAD_CHILD = """
import sys
from netsupport.demo import generate
from netsupport.storage.neo4j_store import Neo4jStore
store = Neo4jStore.connect(sys.argv[1], sys.argv[2], sys.argv[3], batch_size=200)
store.DELETE_BATCH = 100  # many cleaning batches, to be killed among
bundle = generate(300, seed=5)
print("loading", flush=True)
store.load(bundle, replace=True, progress=lambda n: print("batch", flush=True))
store.settle()  # the old generation is deleted in the background: as the command line waits
print("done", flush=True)
"""


@pytest.mark.neo4j
@pytest.mark.parametrize("when", ["batches", "last batch", "last batch+0.01",
                                  "last batch+0.03", "switched", "cleaning", None])
def test_neo4j_client_killed_during_a_load(neo4j_server, neo4j_store, when):
    """The loading process is SIGKILLed: during its batches (the old data stays, whole);
    right after its last batch, as it switches (old or new, whole); once switched, and
    while it deletes the old generation (the new data, whole); or left to finish."""
    uri, user, password = neo4j_server
    old = generate(200, seed=4)
    neo4j_store.load(old)
    new = generate(300, seed=5)
    batches = sum(-(-len(t) // 200) for t in (new.agencies, new.households, new.people,
                                             new.ties, new.events))
    old_gen = _current(neo4j_store)
    old_size = _generations(neo4j_store)[old_gen]
    child = subprocess.Popen([sys.executable, "-c", LOAD_CHILD, uri, user, password],
                             stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert child.stdout.readline().strip() == "loading"
        deadline = time.monotonic() + 300
        if when == "batches":
            for _ in range(3):
                assert child.stdout.readline().strip() == "batch"
        elif when is not None and when.startswith("last batch"):
            for _ in range(batches):
                assert child.stdout.readline().strip() == "batch"
            time.sleep(float(when.partition("+")[2] or 0))
        elif when in ("switched", "cleaning"):
            while _current(neo4j_store) == old_gen or (
                    when == "cleaning"
                    and _generations(neo4j_store).get(old_gen, 0) == old_size):
                assert child.poll() is None and time.monotonic() < deadline, \
                    "the load ended before the kill"
                time.sleep(0.005)
        if when is None:
            assert child.stdout.read().split()[-1] == "done"
        else:
            child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    after = neo4j_store.export().sorted()
    assert after in (old.sorted(), new.sorted())
    if when == "batches":
        assert after == old.sorted()  # killed before the switch: the old data, whole
    if when in ("switched", "cleaning", None):
        assert after == new.sorted()
    if when == "cleaning":
        assert 0 < _generations(neo4j_store).get(old_gen, 0) < old_size  # killed mid-way
    if when is None:
        assert list(_generations(neo4j_store)) == [_current(neo4j_store)]
    _assert_cleaned_later(uri, (user, password), after)


@pytest.mark.neo4j
def test_neo4j_server_killed_during_a_load(private_neo4j):
    start, kill, uri = private_neo4j
    auth = ("neo4j", "crash-test-pw")
    store = Neo4jStore.connect(uri, *auth, batch_size=2000)
    store.load(OLD)
    new = generate(3000, seed=5)
    watcher = Neo4jStore.connect(uri, *auth)
    worker, outcome = _load_in_a_thread(store, new)
    # killed only once the load's batches are being written
    _kill_when(lambda: _writing(watcher), worker, kill, "the load never wrote")
    watcher.close()
    store.close()
    assert outcome and outcome[0] is not None, "the load finished before the kill"
    start()
    with Neo4jStore.connect(uri, *auth) as again:
        after = again.export().sorted()
    assert after == OLD  # never switched to: nothing of the new data is seen
    _assert_cleaned_later(uri, auth, OLD)


@pytest.mark.neo4j
def test_neo4j_server_killed_while_the_old_generation_is_deleted(private_neo4j):
    """Switched, then the server dies while the old generation is being deleted: after the
    restart the new data is current and whole, and the open deletes the rest of the old."""
    start, kill, uri = private_neo4j
    auth = ("neo4j", "crash-test-pw")
    store = Neo4jStore.connect(uri, *auth, batch_size=2000)
    # as many cleaning batches to be killed among as 3,000 households in batches of 200
    # gave, at half the households to make and load (the size is not the point here)
    old = generate(1500, seed=4)
    store.load(old)
    store.DELETE_BATCH = 100
    new = generate(300, seed=5)
    watcher = Neo4jStore.connect(uri, *auth)
    old_gen = _current(watcher)
    old_size = _generations(watcher)[old_gen]
    worker, outcome = _load_in_a_thread(store, new)
    _kill_when(lambda: _current(watcher) != old_gen
               and _generations(watcher).get(old_gen, 0) < old_size,
               worker, kill, "the load never cleaned")
    watcher.close()
    store.close()
    assert outcome == [None]  # switched: the load succeeded; cleaning is left for later
    start()
    with Neo4jStore.connect(uri, *auth) as again:
        assert again.settle(timeout=300)
        assert list(_generations(again)) == [_current(again)]  # the open deleted the rest
        assert again.export().sorted() == new.sorted()


def _writing(store: Neo4jStore) -> bool:
    records, _, _ = store.driver.execute_query(
        "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS 'UNWIND $rows' "
        "RETURN count(*) AS n", database_="neo4j")
    return records[0]["n"] > 0
