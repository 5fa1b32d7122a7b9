"""Figure 8, the Neo4j driver with and without ``neo4j-rust-ext`` (its packstream in Rust).

Each variant runs in a subprocess of its own (:mod:`bench.driver_probe`): one with the
environment as it is (no extension), one with ``PYTHONPATH`` pointing at a folder into
which ``pip install --target`` put ``neo4j-rust-ext`` and the matching ``neo4j`` (checked:
the probe reports whether the Rust packer is the one in use). The environment itself is
never changed. Both load the same city bundle (the write side) and export it with
``store.export()`` (the whole-graph read the scan does).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from .measure import Figure, Results, median
from .server import Neo4jTarget

__all__ = ["rust_ext_folder", "probe", "figures"]

ROOT = Path(__file__).resolve().parent.parent


def rust_ext_folder(work: Path) -> Path:
    """A folder holding neo4j-rust-ext for the installed driver's version (made once)."""
    driver = version("neo4j")
    folder = work / f"neo4j-rust-ext-{driver}"
    if not (folder / "neo4j").is_dir():
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(folder),
                        f"neo4j-rust-ext=={driver}.*", f"neo4j=={driver}"], check=True)
    return folder


def probe(target: Neo4jTarget, households: int, reps: int, rust: Path | None) -> dict:
    env = {**os.environ, **target.env()}
    if rust is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(rust), env.get("PYTHONPATH", "")]).rstrip(
            os.pathsep)
    else:
        env.pop("PYTHONPATH", None)
    out = subprocess.run([sys.executable, "-m", "bench.driver_probe", str(households),
                          str(reps)], cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"driver probe failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def figures(results: Results, target: Neo4jTarget, work: Path, households: int,
            reps: int) -> None:
    folder = rust_ext_folder(work)
    plain = probe(target, households, reps, None)
    rust = probe(target, households, reps, folder)
    if plain["rust"] or not rust["rust"]:
        results.note(f"driver probe: the variants are not what they should be "
                     f"(plain rust={plain['rust']}, ext rust={rust['rust']})")
    extra = {"plain": plain, "rust_ext": rust}
    results.add(Figure(
        "driver.export", "Whole-graph read (store.export) with neo4j-rust-ext vs without",
        store="neo4j", households=households, value=median(rust["export_s"]),
        baseline=median(plain["export_s"]),
        ratio=median(plain["export_s"]) / median(rust["export_s"]), target=2,
        how="median seconds of store.export() without / with the extension, each in its "
            "own subprocess", extra=extra))
    results.add(Figure(
        "driver.load", "Whole-bundle load (store.load) with neo4j-rust-ext vs without "
        "(must not regress)", store="neo4j", households=households,
        value=median(rust["load_s"]), baseline=median(plain["load_s"]),
        ratio=median(plain["load_s"]) / median(rust["load_s"]), target=1.0,
        how="median seconds of store.load(replace=True) without / with the extension",
        extra=extra))
