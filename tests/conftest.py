"""Fixtures that build real stores: an SQLite file, and a live Neo4j server; the synthetic
city most app tests run over (:func:`demo_city`, :func:`demo_city_uri`); and the headless
Chromium of the browser tests (:func:`browser`).

The Neo4j half never skips. If ``NETSUPPORT_TEST_NEO4J_URI`` is set (``make test`` and
``.ci/run`` start the server first and set it), that server is used; otherwise this file
starts one itself with ``scripts/neo4j.sh`` on a test port and stops it at the end. A server
that cannot be reached makes every Neo4j test fail with the reason.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from browser_support import chromium, free_port

from netsupport.demo import generate
from netsupport.storage.neo4j_store import Neo4jStore
from netsupport.storage.sqlite_store import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent
TEST_PORT = os.environ.get("NETSUPPORT_TEST_NEO4J_PORT", "7697")
TEST_PASSWORD = "netsupport-test-pw"


@pytest.fixture(scope="session", autouse=True)
def _default_store_outside_the_checkout(tmp_path_factory):
    """A test that opens the default store without naming one (the CLI without ``--store``,
    the app without ``NETSUPPORT_STORE``) writes to a temporary file, never to
    ``netsupport.db`` in the working directory, which is the checkout."""
    if os.environ.get("NETSUPPORT_STORE"):
        yield
        return
    folder = tmp_path_factory.mktemp("default-store")
    os.environ["NETSUPPORT_STORE"] = f"sqlite:///{folder / 'netsupport.db'}"
    try:
        yield
    finally:
        os.environ.pop("NETSUPPORT_STORE", None)


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium (:func:`browser_support.chromium`), one for each test module."""
    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """(uri, user, password) of a live Neo4j, started here when none was given.

    Under pytest-xdist (scripts/test.sh runs two workers) each worker has a server of its
    own, since every Neo4j test empties and fills the one database of its server: the
    first worker (gw0) uses the given server, or starts one on the test port; any other
    starts one on a free port."""
    uri = os.environ.get("NETSUPPORT_TEST_NEO4J_URI")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    if uri and worker == "gw0":
        yield uri, os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", "")
        return
    port = TEST_PORT if worker == "gw0" else str(free_port())
    home = tmp_path_factory.mktemp("neo4j-home")
    env = {**os.environ, "NEO4J_BOLT_PORT": port, "NEO4J_PASSWORD": TEST_PASSWORD,
           "NEO4J_HOME_DIR": str(home)}
    script = ROOT / "scripts" / "neo4j.sh"
    started = subprocess.run(["bash", str(script), "start"], env=env, capture_output=True,
                             text=True, timeout=600)
    if started.returncode != 0:
        pytest.fail(f"Neo4j did not start:\n{started.stdout}\n{started.stderr}", pytrace=False)
    try:
        yield f"bolt://127.0.0.1:{port}", "neo4j", TEST_PASSWORD
    finally:
        subprocess.run(["bash", str(script), "stop"], env=env, capture_output=True,
                       timeout=120)


@pytest.fixture(scope="session")
def neo4j_session_store(neo4j_server):
    uri, user, password = neo4j_server
    with Neo4jStore.connect(uri, user, password) as store:
        yield store


@pytest.fixture
def neo4j_store(neo4j_session_store):
    """The live Neo4j store, emptied for this test."""
    neo4j_session_store.wipe()
    return neo4j_session_store


@pytest.fixture
def sqlite_store(tmp_path):
    with SQLiteStore(tmp_path / "netsupport.db") as store:
        yield store


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request):
    """Each contract test runs once on SQLite and once on the live Neo4j."""
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def uri(request, tmp_path, monkeypatch):
    """A store URI the CLI opens itself, with the Neo4j credentials in the environment."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cli.db'}"
    server_uri, user, password = request.getfixturevalue("neo4j_server")
    request.getfixturevalue("neo4j_store")  # emptied for this test
    monkeypatch.setenv("NEO4J_USER", user)
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    return server_uri


@pytest.fixture(scope="module")
def demo_city():
    """The synthetic city of the app tests: 40 households, seed 7, built once per module."""
    return generate(40, seed=7)


@pytest.fixture
def demo_city_uri(tmp_path, monkeypatch, demo_city):
    """A fresh SQLite file holding :func:`demo_city`, made the app's store and read as of
    ``app_support.AS_OF`` (2026-11-01) by :func:`app_support.app_store`."""
    from app_support import AS_OF, app_store  # streamlit: loaded only by the tests that ask

    return app_store(tmp_path, monkeypatch, demo_city, AS_OF)
