"""The project's own Neo4j server (neo4j/, scripts/neo4j.sh) against the real Python driver.

These tests use a server that is already running, named by the environment:
NETSUPPORT_TEST_NEO4J_URI (e.g. bolt://127.0.0.1:7687), NEO4J_USER (default neo4j) and
NEO4J_PASSWORD. A missing URI or password fails the test: it is never skipped.
"""

from __future__ import annotations

import os

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

pytestmark = pytest.mark.neo4j

WRONG_PASSWORD = "not-the-password-0"


def _required_env(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        pytest.fail(
            f"{name} is not set: these tests need a running Neo4j server "
            "(start one with `bash scripts/neo4j.sh start` and set "
            "NETSUPPORT_TEST_NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD)",
            pytrace=False,
        )
    return value


def _server() -> tuple[str, str, str]:
    """(uri, user, password) from the environment; fails the calling test when missing."""
    uri = _required_env("NETSUPPORT_TEST_NEO4J_URI")
    user = os.environ.get("NEO4J_USER") or "neo4j"
    password = _required_env("NEO4J_PASSWORD")
    return uri, user, password


def test_right_password_connects_and_runs_a_query() -> None:
    uri, user, password = _server()
    with GraphDatabase.driver(uri, auth=(user, password)) as driver:
        driver.verify_connectivity()
        records, _, _ = driver.execute_query("RETURN 1 AS one")
        assert records[0]["one"] == 1


def test_no_password_change_is_required() -> None:
    uri, user, password = _server()
    with GraphDatabase.driver(uri, auth=(user, password)) as driver:
        records, _, _ = driver.execute_query("SHOW CURRENT USER", database_="system")
        assert records[0]["user"] == user
        assert records[0]["passwordChangeRequired"] is False


def test_wrong_password_is_rejected() -> None:
    uri, user, password = _server()
    assert password != WRONG_PASSWORD
    with (
        GraphDatabase.driver(uri, auth=(user, WRONG_PASSWORD)) as driver,
        pytest.raises(AuthError),
    ):
        driver.verify_connectivity()
