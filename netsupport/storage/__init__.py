"""Stores: where a network is kept. Pick one with a URI; everything else sees a Store.

``sqlite:///path.db`` is the embedded default (a file, zero set-up); ``bolt://host:7687``
or ``neo4j://host:7687`` (a cluster, with routing) is Neo4j, with ``NEO4J_USER`` and
``NEO4J_PASSWORD`` from the environment. Without a URI, ``NETSUPPORT_STORE`` is read, and
without that, ``sqlite:///netsupport.db`` in the working directory.

Examples
--------
>>> with open_store("sqlite:///:memory:") as store:
...     type(store).__name__
'SQLiteStore'
"""

from __future__ import annotations

import os

from ..errors import StoreError
from .base import Changes, ChangeSet, Store

__all__ = ["open_store", "default_store_uri", "Store", "ChangeSet", "Changes"]

DEFAULT_URI = "sqlite:///netsupport.db"
_NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://",
                  "neo4j+ssc://")


def default_store_uri() -> str:
    return os.environ.get("NETSUPPORT_STORE") or DEFAULT_URI


def open_store(uri: str | None = None) -> Store:
    """Open the store a URI names (see the module docstring)."""
    uri = uri or default_store_uri()
    if uri.startswith("sqlite:///"):
        from .sqlite_store import SQLiteStore
        return SQLiteStore(uri.removeprefix("sqlite:///"))
    if uri.startswith(_NEO4J_SCHEMES):
        from .neo4j_store import Neo4jStore
        return Neo4jStore.connect(
            uri, os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""),
            database=os.environ.get("NEO4J_DATABASE", "neo4j"))
    raise StoreError(
        f"unknown store {uri!r}: use sqlite:///path.db, bolt://host:7687 or neo4j://host:7687")
