"""A load killed halfway leaves the whole old data or the whole new data — never a mix.

SQLite: a child process loads (replacing an old bundle) and is SIGKILLed at several points.
Neo4j: the *server* is SIGKILLed while the load's transaction is open, then restarted.
Afterwards the store must export exactly the old bundle or exactly the new one.
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

from netsupport.demo import generate
from netsupport.example import seed_example
from netsupport.storage.neo4j_store import Neo4jStore
from netsupport.storage.sqlite_store import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent
OLD = seed_example().sorted()

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
    """A Neo4j server of this test's own (it gets killed), on its own port and folder."""
    env = {**os.environ, "NEO4J_BOLT_PORT": "7698", "NEO4J_PASSWORD": "crash-test-pw",
           "NEO4J_HOME_DIR": str(tmp_path / "neo4j"), "NEO4J_HEAP": "2g"}
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
    yield start, kill
    subprocess.run(["bash", str(script), "stop"], env=env, capture_output=True, timeout=120)


@pytest.mark.neo4j
def test_neo4j_server_killed_during_a_load(private_neo4j):
    start, kill = private_neo4j
    uri, auth = "bolt://127.0.0.1:7698", ("neo4j", "crash-test-pw")
    store = Neo4jStore.connect(uri, *auth, batch_size=2000)
    store.load(OLD)
    new = generate(3000, seed=5)
    outcome: list[BaseException | None] = []

    def load() -> None:
        try:
            store.load(new, replace=True)
            outcome.append(None)
        except BaseException as exc:  # the server dies under it: any error is expected
            outcome.append(exc)

    worker = threading.Thread(target=load)
    watcher = Neo4jStore.connect(uri, *auth)
    worker.start()
    deadline = time.monotonic() + 120
    while not _writing(watcher):  # kill only once the load's batches are being written
        assert worker.is_alive() and time.monotonic() < deadline, "the load never wrote"
        time.sleep(0.05)
    watcher.close()
    kill()
    worker.join(timeout=120)
    store.close()
    assert outcome and outcome[0] is not None, "the load finished before the kill"
    start()
    with Neo4jStore.connect(uri, *auth) as again:
        after = again.export().sorted()
    assert after == OLD  # the transaction never committed: nothing of it survives


def _writing(store: Neo4jStore) -> bool:
    records, _, _ = store.driver.execute_query(
        "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS 'UNWIND $rows' "
        "RETURN count(*) AS n", database_="neo4j")
    return records[0]["n"] > 0
