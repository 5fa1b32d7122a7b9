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
    ("incremental.page_after_handover", "sqlite"), ("incremental.page_after_handover", "neo4j"),
}


@pytest.mark.neo4j
@pytest.mark.browser
def test_bench_quick_runs_end_to_end(tmp_path, neo4j_server):
    uri, user, password = neo4j_server
    env = {**os.environ, "NETSUPPORT_BENCH_NEO4J_URI": uri, "NEO4J_USER": user,
           "NEO4J_PASSWORD": password}
    run = subprocess.run(
        # fewer one-row transactions for the naive loader (300 in --quick) and larger
        # batches to sweep (100 and 1,000): the same steps, about 15 s less
        [sys.executable, "-m", "bench", "--quick", "--naive-rows", "60",
         "--batch-sizes", "1000", "5000", "--out", str(tmp_path),
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


def test_merge_import_writes_its_figure(tmp_path):
    """``python -m bench.merge_import --out`` (SQLite, a tiny city) writes the figure that
    ``bench.report runs`` joins into RESULTS.md: both timings, their ratio, the 20× target."""
    out = tmp_path / "merge"
    subprocess.run([sys.executable, "-m", "bench.merge_import", "--households", "300",
                    "--changed", "10", "--repeat", "1", "--out", str(out)],
                   cwd=ROOT, check=True, capture_output=True, timeout=600)
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (figure,) = data["figures"]
    assert (figure["key"], figure["store"], figure["households"]) == (
        "incremental.merge_import", "sqlite", 300)
    assert figure["target"] == 20 and figure["value"] > 0 and figure["baseline"] > 0
    assert figure["ratio"] == pytest.approx(figure["baseline"] / figure["value"])
    assert "--households 300" in data["info"]["command"]


def test_scan_bound_writes_every_step(tmp_path):
    """``python -m bench.scan_bound`` on a tiny SQLite city: every step timed, each of its
    repetitions kept, and the two ratios from their medians; the bulk scan's rows equal the
    per-record path's, so the two timed the same work."""
    from netsupport.demo import generate
    from netsupport.storage.sqlite_store import SQLiteStore

    db = tmp_path / "city.db"
    with SQLiteStore(db) as store:
        store.load(generate(120, seed=8050))
    out = tmp_path / "bound.json"
    subprocess.run([sys.executable, "-m", "bench.scan_bound", str(db), "2", str(out)],
                   cwd=ROOT, check=True, capture_output=True, timeout=600)
    data = json.loads(out.read_text(encoding="utf-8"))
    steps = ("fetch", "read", "group", "assemble", "rows", "bulk", "per_record")
    assert len(data["runs"]) == 2 and all(set(r) == set(steps) for r in data["runs"])
    assert all(data["median"][s] > 0 for s in steps)
    median = data["median"]
    assert data["ratio"] == pytest.approx(median["per_record"] / median["bulk"], rel=0.01)
    floor = median["fetch"] + median["assemble"] + median["rows"]
    assert data["best"] == pytest.approx(median["per_record"] / floor, rel=0.01)
    assert data["same_rows"] is True
