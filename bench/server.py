"""Which Neo4j the benchmark talks to: one given by the environment, or its own.

``NETSUPPORT_BENCH_NEO4J_URI`` (with ``NEO4J_USER`` / ``NEO4J_PASSWORD``) names a running
server; otherwise :func:`own_server` starts the project's Neo4j with ``scripts/neo4j.sh`` on
port 7689 in ``/tmp/ns-bench-neo4j`` (away from the test server on 7697) and stops it after.
A load writes committed batches (a new generation, storage/neo4j_store.py), so the server's
default heap holds any size: ``NEO4J_HEAP`` (default 512m, as the launcher) is passed on.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Neo4jTarget", "from_environment", "own_pid_file", "own_server"]

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "neo4j.sh"
BENCH_PORT = "7689"
BENCH_HOME = "/tmp/ns-bench-neo4j"
BENCH_HEAP = "512m"


@dataclass(frozen=True)
class Neo4jTarget:
    uri: str
    user: str
    password: str
    heap: str | None = None

    def env(self) -> dict[str, str]:
        """What a subprocess needs to reach the same server."""
        return {"NETSUPPORT_BENCH_NEO4J_URI": self.uri, "NEO4J_USER": self.user,
                "NEO4J_PASSWORD": self.password}


def from_environment(var: str = "NETSUPPORT_BENCH_NEO4J_URI") -> Neo4jTarget | None:
    uri = os.environ.get(var)
    if not uri:
        return None
    return Neo4jTarget(uri, os.environ.get("NEO4J_USER", "neo4j"),
                       os.environ.get("NEO4J_PASSWORD", ""), os.environ.get("NEO4J_HEAP"))


def own_pid_file() -> Path:
    """The pid file of the server :func:`own_server` starts (its CPU time, for the bench)."""
    return Path(os.environ.get("NETSUPPORT_BENCH_NEO4J_HOME", BENCH_HOME)) / "neo4j.pid"


@contextmanager
def own_server() -> Iterator[Neo4jTarget]:
    """Start the project's Neo4j for the benchmark; stop it afterwards, whatever happens."""
    heap = os.environ.get("NEO4J_HEAP", BENCH_HEAP)
    env = {**os.environ, "NEO4J_BOLT_PORT": os.environ.get("NETSUPPORT_BENCH_NEO4J_PORT",
                                                          BENCH_PORT),
           "NEO4J_HOME_DIR": os.environ.get("NETSUPPORT_BENCH_NEO4J_HOME", BENCH_HOME),
           "NEO4J_HEAP": heap,
           "NEO4J_PASSWORD": os.environ.get("NEO4J_PASSWORD") or secrets.token_urlsafe(16)}
    print(f"starting Neo4j on port {env['NEO4J_BOLT_PORT']} (heap {heap})", flush=True)
    subprocess.run(["bash", str(SCRIPT), "start"], env=env, check=True)
    try:
        yield Neo4jTarget(f"bolt://127.0.0.1:{env['NEO4J_BOLT_PORT']}", "neo4j",
                          env["NEO4J_PASSWORD"], heap)
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop"], env=env, check=False)
