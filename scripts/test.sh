#!/usr/bin/env bash
# The whole suite: lint, start a private Neo4j, run pytest against both stores, stop Neo4j.
# A Neo4j that cannot start fails the run; nothing is skipped.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

export NEO4J_BOLT_PORT="${NETSUPPORT_TEST_NEO4J_PORT:-7697}"
export NEO4J_HOME_DIR="$root/.netsupport/neo4j-test"
export NEO4J_USER=neo4j
export NEO4J_PASSWORD="${NEO4J_TEST_PASSWORD:-test-$(date +%s)-$RANDOM}"
rm -rf "$NEO4J_HOME_DIR"
mkdir -p "$NEO4J_HOME_DIR"

ruff check netsupport tests app.py
bash scripts/install-browser.sh

cleanup() { bash scripts/neo4j.sh stop >/dev/null 2>&1 || true; }
trap cleanup EXIT
bash scripts/neo4j.sh start
export NETSUPPORT_TEST_NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT"

# Two workers (the CI machine's two cores), sharing out the tests and taking over each
# other's when idle (worksteal). The first uses the server started above; the other starts
# one of its own on a free port (tests/conftest.py), as each Neo4j test empties its
# server's database. NETSUPPORT_TEST_WORKERS=0 runs everything in this one process.
python -m pytest -n "${NETSUPPORT_TEST_WORKERS:-2}" --dist worksteal "$@"
