"""Neo4j replace load with the default 512m heap vs SQLite, same bundle, same run: the bars.

    python -m bench.neo4j_load --bundle /tmp/i15b-20k [--repeat 1] [--out bench]
    python -m bench.neo4j_load --households 20000 --seed 8050

The bundle (a folder or file ``netsupport demo --out`` wrote, or one generated here) is read
once; each store first holds it (an untimed first load), then is *replaced* with it, timed:
``SQLiteStore.load(replace=True)`` into a file in a temporary folder, and
``Neo4jStore.load(replace=True)`` (a new generation in committed batches, the switch, the old
generation deleted; storage/neo4j_store.py), validation included in both. The Neo4j server
is ``NETSUPPORT_BENCH_NEO4J_URI`` or the project's own, started here with ``NEO4J_HEAP``
(default 512m, the launcher's default) and stopped after. The replace also deletes the old
generation, so it does more than a load into an empty store; the write phase alone (the
batches up to the switch) is reported too, as rows/s to compare with published ``UNWIND``
figures (30,000-70,000 rows/s on server hardware).

Prints text bars and the ratio (target: Neo4j ≤ 3× SQLite), writes ``neo4j_load.png``
(matplotlib, Agg) and ``neo4j_load.json`` into ``--out``. ``--record`` also enters the figure
(key ``import.neo4j_replace``) into ``bench/results.json`` and ``bench/RESULTS.md``, in the
report's format, replacing an earlier one of the same key.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from netsupport.bundle import read_bundle
from netsupport.demo import generate
from netsupport.storage.neo4j_store import Neo4jStore
from netsupport.storage.sqlite_store import SQLiteStore

from . import report as reporting
from .measure import Figure, machine, median
from .server import from_environment, own_server

BENCH = Path(__file__).resolve().parent
KEY = "import.neo4j_replace"

TARGET = 3.0  # Neo4j replace load ≤ 3× the SQLite load (issue 15)
PUBLISHED_UNWIND = (30_000, 70_000)  # rows/s, published UNWIND batch loads


def _rows(bundle) -> int:
    return sum(len(t) for t in (bundle.agencies, bundle.households, bundle.people,
                                bundle.ties, bundle.events))


def _bars(rows: list[tuple[str, float]], width: int = 50) -> str:
    top = max(v for _, v in rows)
    return "\n".join(f"{label:<34} {'█' * max(1, round(v / top * width)):<{width}} {v:7.1f} s"
                     for label, v in rows)


def _server_settings(store: Neo4jStore) -> dict[str, str]:
    records, _, _ = store.driver.execute_query(
        "SHOW SETTINGS YIELD name, value WHERE name IN "
        "['server.memory.heap.max_size', 'server.memory.pagecache.size', "
        "'db.memory.transaction.max'] RETURN name, value", database_="neo4j")
    return {r["name"]: r["value"] for r in records}


def measure(bundle, target, repeat: int) -> dict:
    rows = _rows(bundle)
    sqlite_s: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "bench.db") as store:
        store.load(bundle, replace=True)
        for _ in range(repeat):
            t = time.perf_counter()
            store.load(bundle, replace=True)
            sqlite_s.append(time.perf_counter() - t)
    neo_s: list[float] = []
    write_s: list[float] = []
    with Neo4jStore.connect(target.uri, target.user, target.password) as store:
        settings = _server_settings(store)
        store.load(bundle, replace=True)
        switch = store._switch
        for _ in range(repeat):
            marks: dict[str, float] = {}

            def timed_switch(*args, _marks=marks, _switch=switch):
                _marks["switch"] = time.perf_counter()
                return _switch(*args)
            store._switch = timed_switch
            t = time.perf_counter()
            store.load(bundle, replace=True)
            neo_s.append(time.perf_counter() - t)
            write_s.append(marks["switch"] - t)
        store._switch = switch
        counts = store.counts()
    return {
        "rows": rows, "households": len(bundle.households), "counts": counts,
        "sqlite_s": median(sqlite_s), "neo4j_s": median(neo_s),
        "neo4j_write_s": median(write_s),
        "ratio": median(neo_s) / median(sqlite_s),
        "sqlite_rows_per_s": rows / median(sqlite_s),
        "neo4j_rows_per_s": rows / median(neo_s),
        "neo4j_write_rows_per_s": rows / median(write_s),
        "target": TARGET, "published_unwind_rows_per_s": list(PUBLISHED_UNWIND),
        "server": settings, "heap": target.heap, "repeat": repeat,
        "runs": {"sqlite_s": sqlite_s, "neo4j_s": neo_s, "neo4j_write_s": write_s},
        "machine": machine(),
    }


def report(result: dict) -> str:
    bars = _bars([("SQLite replace load", result["sqlite_s"]),
                  ("Neo4j replace load (512m heap)", result["neo4j_s"]),
                  ("  of which batches up to switch", result["neo4j_write_s"])])
    low, high = result["published_unwind_rows_per_s"]
    met = "met" if result["ratio"] <= result["target"] else "NOT met"
    return (f"{result['households']:,} households, {result['rows']:,} rows; "
            f"server {result['server']}\n{bars}\n"
            f"Neo4j / SQLite: {result['ratio']:.2f}× (target ≤ {result['target']:g}×: {met})\n"
            f"rows/s: SQLite {result['sqlite_rows_per_s']:,.0f}; Neo4j whole replace "
            f"{result['neo4j_rows_per_s']:,.0f}, batches alone "
            f"{result['neo4j_write_rows_per_s']:,.0f} (published UNWIND: {low:,}-{high:,})")


def figure(result: dict) -> Figure:
    """The figure of RESULTS.md: Neo4j's replace load against SQLite's, same run."""
    low, high = result["published_unwind_rows_per_s"]
    return Figure(
        KEY, "Neo4j replace load (512m heap: a new generation in committed batches) vs "
        "SQLite replace load", store="neo4j", households=result["households"],
        value=result["neo4j_s"], baseline=result["sqlite_s"], ratio=result["ratio"],
        target=result["target"], higher_is_better=False,
        how="median seconds of Neo4jStore.load(bundle, replace=True) (validation, batches of "
            "10,000 rows as a new generation, the switch, the old generation deleted) / of "
            "SQLiteStore.load(bundle, replace=True), same bundle, same run (python -m "
            f"bench.neo4j_load); {result['rows']:,} rows: Neo4j {result['neo4j_rows_per_s']:,.0f}"
            f" rows/s whole, {result['neo4j_write_rows_per_s']:,.0f} rows/s up to the switch "
            f"(published UNWIND loads: {low:,}-{high:,} rows/s), SQLite "
            f"{result['sqlite_rows_per_s']:,.0f} rows/s",
        extra={k: result[k] for k in ("rows", "neo4j_write_s", "neo4j_rows_per_s",
                                      "neo4j_write_rows_per_s", "sqlite_rows_per_s",
                                      "server", "heap", "runs")})


def record(result: dict, bench: Path = BENCH) -> None:
    """Enter the figure into results.json and RESULTS.md (the table, the definitions, the
    count of figures and targets met), replacing an earlier one of the same key."""
    data = json.loads((bench / "results.json").read_text())
    figures = [f for f in data["figures"] if f["key"] != KEY] + [figure(result).to_dict()]
    data["figures"] = figures
    (bench / "results.json").write_text(json.dumps(data, indent=1, ensure_ascii=False,
                                                   default=str), encoding="utf-8")
    loaded = [Figure(**{k: v for k, v in f.items() if k != "met"}) for f in figures]
    text = (bench / "RESULTS.md").read_text().splitlines()
    start = text.index(next(line for line in text if line.startswith("| # | figure |")))
    end = start + 2
    while end < len(text) and text[end].startswith("|"):
        end += 1
    text[start:end] = reporting.table(loaded)
    counts = next(i for i, line in enumerate(text) if " figures, " in line
                  and "targets met" in line)
    missed = sum(f.met is False for f in loaded)
    text[counts] = (f"{len(loaded)} figures, {sum(f.met is True for f in loaded)} targets met, "
                    f"{missed} missed." + text[counts].split(" missed.", 1)[1])
    first = next(i for i, line in enumerate(text) if line.startswith("1. **"))
    last = first
    while last < len(text) and text[last][:1].isdigit():
        last += 1
    text[first:last] = reporting._details(loaded)
    (bench / "RESULTS.md").write_text("\n".join(text) + "\n")


def plot(result: dict, out: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = ["SQLite", "Neo4j\n(512m heap)", "Neo4j batches\nup to switch"]
    values = [result["sqlite_s"], result["neo4j_s"], result["neo4j_write_s"]]
    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.barh(labels, values, color=["#4c72b0", "#dd8452", "#f0b27a"])
    ax.axvline(result["sqlite_s"] * result["target"], color="grey", linestyle="--",
               label=f"{result['target']:g}× SQLite (target)")
    for i, v in enumerate(values):
        ax.text(v, i, f" {v:.1f} s", va="center")
    ax.invert_yaxis()
    ax.set_xlabel("seconds (replace load, validation included)")
    ax.set_title(f"Replace load, {result['households']:,} households "
                 f"({result['rows']:,} rows)")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    path = out / "neo4j_load.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.neo4j_load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bundle", type=Path, help="a bundle folder or file (else generated)")
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=8050)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", type=Path, default=BENCH)
    parser.add_argument("--record", action="store_true",
                        help="enter the figure into bench/results.json and bench/RESULTS.md")
    args = parser.parse_args(argv)
    bundle = (read_bundle(args.bundle) if args.bundle
              else generate(args.households, seed=args.seed))
    os.environ.setdefault("NEO4J_HEAP", "512m")
    target = from_environment()
    if target is None:
        with own_server() as own:
            result = measure(bundle, own, args.repeat)
    else:
        result = measure(bundle, target, args.repeat)
    print(report(result))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "neo4j_load.json").write_text(json.dumps(result, indent=1))
    print(f"wrote {plot(result, args.out)}")
    if args.record:
        record(result)
        print(f"recorded {KEY} in {BENCH / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
