"""The benchmarks, end to end at a tiny size: ``python -m bench --quick`` (200 households,
one repetition) on SQLite and on the test Neo4j, results written to a temporary folder.

A smoke test only: it checks that every figure is produced and the report written, never a
timing. It runs on the test Neo4j (the ``neo4j_server`` fixture: the one ``make test``
starts, or one conftest starts) and fails without it rather than skip.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FIGURES = {
    ("import.sqlite", "sqlite"), ("import.neo4j", "neo4j"), ("import.batch_sweep", "neo4j"),
    ("household.view_vs_bare", "sqlite"), ("household.view_vs_bare", "neo4j"),
    ("household.bare_vs_node", "neo4j"), ("scan.vs_loop_literal", "neo4j"),
    ("scan.vs_loop_cached", "sqlite"), ("scan.memory", "sqlite"), ("scan.memory", "neo4j"),
    ("agency.sampled", "-"), ("agency.rustworkx", "-"), ("maps.agency", "-"),
    ("maps.ecomap", "sqlite"), ("app.rerun", "sqlite"),
    ("incremental.bulk_scan", "sqlite"), ("incremental.bulk_scan", "neo4j"),
    ("incremental.memory", "sqlite"), ("incremental.memory", "neo4j"),
    ("incremental.page_after_edit", "sqlite"), ("incremental.page_after_edit", "neo4j"),
    ("incremental.page_after_lead", "sqlite"), ("incremental.page_after_lead", "neo4j"),
}


@pytest.mark.neo4j
@pytest.mark.browser
def test_bench_quick_runs_end_to_end(tmp_path, neo4j_server):
    uri, user, password = neo4j_server
    env = {**os.environ, "NETSUPPORT_BENCH_NEO4J_URI": uri, "NEO4J_USER": user,
           "NEO4J_PASSWORD": password}
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(tmp_path),
         "--work", str(tmp_path / "work")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]

    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    produced = {(f["key"], f["store"]) for f in results["figures"]}
    assert produced >= FIGURES, FIGURES - produced
    assert results["info"]["sizes"] == [200]
    report = (tmp_path / "RESULTS.md").read_text(encoding="utf-8")
    assert "| figure |" in report and "Machine" in report
    assert (tmp_path / "scan.png").stat().st_size > 0
    assert (tmp_path / "household_view.png").stat().st_size > 0
