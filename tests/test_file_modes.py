"""Store files are for their owner only: the SQLite database and its -wal and -shm files
0600 under a umask that would make them world-readable, and the Neo4j run directory 0700."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
from pathlib import Path

import pytest

from netsupport.demo import generate
from netsupport.storage.sqlite_store import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def open_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_sqlite_store_and_its_wal_and_shm_are_0600(tmp_path, open_umask):
    db = tmp_path / "new" / "netsupport.db"
    store = SQLiteStore(db)
    store.load(generate(5, seed=1))  # a write: the -wal and -shm files exist now
    files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
    assert all(f.exists() for f in files)
    assert [oct(mode(f)) for f in files] == ["0o600"] * 3
    assert mode(db.parent) == 0o700
    store.close()


def test_an_existing_world_readable_store_is_tightened(tmp_path, open_umask):
    db = tmp_path / "old.db"
    SQLiteStore(db).close()
    db.chmod(0o644)
    store = SQLiteStore(db)
    store.load(generate(3, seed=2))
    assert mode(db) == 0o600 and mode(db.with_name(db.name + "-wal")) == 0o600
    store.close()


def test_the_neo4j_run_directory_is_0700(tmp_path, open_umask):
    home = tmp_path / "neo4j-run"
    with socket.socket() as busy:  # the port is taken: the script stops after its lock
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        env = {**os.environ, "NEO4J_HOME_DIR": str(home),
               "NEO4J_BOLT_PORT": str(busy.getsockname()[1])}
        done = subprocess.run(["bash", str(ROOT / "scripts" / "neo4j.sh"), "start"], env=env,
                              capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "already in use" in done.stderr + done.stdout
    assert mode(home) == 0o700
    assert mode(home / "neo4j.lock") == 0o600
