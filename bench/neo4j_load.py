"""Neo4j replace load with the default 512m heap vs SQLite, same bundle, same run: the bars.

    python -m bench.neo4j_load --bundle /tmp/i15b-20k [--repeat 3] [--out bench]
    python -m bench.neo4j_load --households 20000 --seed 8050

The bundle (a folder or file ``netsupport demo --out`` wrote, or one generated here) is read
once; each store first holds it (an untimed first load), then is *replaced* with it, timed
(``--repeat`` times, the two stores in turn within each repetition, medians reported):
``SQLiteStore.load(replace=True)`` into a file in a temporary folder, and
``Neo4jStore.load(replace=True)`` (a new generation in committed batches, the switch;
storage/neo4j_store.py), validation included in both. The Neo4j server is
``NETSUPPORT_BENCH_NEO4J_URI`` or the project's own, started here with ``NEO4J_HEAP``
(default 512m, the launcher's default) and stopped after.

Two Neo4j times, both reported: **until the new data is readable** (``load`` returns: every
reader and the app's pages see the new data from then on) and **until the old is gone**
(``settle`` returns: the store's thread has deleted the replaced generation, which no reader
sees any more). The target (≤ 3× SQLite) is held against the first: it is what a person
waits for (the data page of the app; the command line says "loaded" then, and ends at the
second). SQLite has one time: its replace deletes the old rows in its own transaction. The
write phase alone (validation done, the batches up to the switch) is reported as rows/s to
compare with published ``UNWIND`` figures (30,000-70,000 rows/s on server hardware), and
the server's CPU seconds (from ``/proc`` when the server is the one started here) show how
much of the wall time the shared machine's other work took.

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
from netsupport.storage.base import require_valid
from netsupport.storage.neo4j_store import Neo4jStore
from netsupport.storage.sqlite_store import SQLiteStore

from . import report as reporting
from .measure import Figure, machine, median
from .server import from_environment, own_pid_file, own_server

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


def _load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _server_cpu(pid_file: Path | None) -> float | None:
    """CPU seconds (user + system) the server process has used, when it runs here."""
    try:
        pid = int(pid_file.read_text()) if pid_file else None
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, ValueError, TypeError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(bundle, target, repeat: int, pid_file: Path | None = None) -> dict:
    """Each repetition times, one after the other, the validation alone, SQLite's replace
    and Neo4j's: on a shared machine the load changes from minute to minute, so the two
    stores are timed side by side, and the ratio of each repetition is kept too."""
    rows = _rows(bundle)
    load_before = _load_average()
    sqlite_s: list[float] = []
    validate_s: list[float] = []
    readable_s: list[float] = []
    gone_s: list[float] = []
    write_s: list[float] = []
    cpu: dict[str, list[float]] = {"readable": [], "cleaning": []}
    with (tempfile.TemporaryDirectory() as tmp,
          SQLiteStore(Path(tmp) / "bench.db") as lite,
          Neo4jStore.connect(target.uri, target.user, target.password) as store):
        settings = _server_settings(store)
        batch_size = store.batch_size
        lite.load(bundle, replace=True)  # untimed: each store holds the bundle (and the
        store.load(bundle, replace=True)  # server's JIT has compiled the write path),
        store.settle()  # nothing is left to delete
        switch = store._switch
        for _ in range(repeat):
            t = time.perf_counter()
            require_valid(bundle)
            validate_s.append(time.perf_counter() - t)
            t = time.perf_counter()
            lite.load(bundle, replace=True)
            sqlite_s.append(time.perf_counter() - t)
            marks: dict[str, float] = {}

            def timed_switch(*args, _marks=marks, _switch=switch):
                _marks["switch"] = time.perf_counter()
                return _switch(*args)
            store._switch = timed_switch
            c0 = _server_cpu(pid_file)
            t = time.perf_counter()
            store.load(bundle, replace=True)
            readable = time.perf_counter()
            c1 = _server_cpu(pid_file)
            store.settle()
            gone = time.perf_counter()
            c2 = _server_cpu(pid_file)
            readable_s.append(readable - t)
            gone_s.append(gone - t)
            write_s.append(marks["switch"] - t)
            if None not in (c0, c1, c2):
                cpu["readable"].append(c1 - c0)
                cpu["cleaning"].append(c2 - c1)
        store._switch = switch
        counts = store.counts()
    sqlite = median(sqlite_s)
    return {
        "rows": rows, "households": len(bundle.households), "counts": counts,
        "sqlite_s": sqlite, "neo4j_s": median(readable_s),
        "neo4j_gone_s": median(gone_s), "neo4j_write_s": median(write_s),
        "validate_s": median(validate_s),
        "ratio": median(readable_s) / sqlite, "ratio_gone": median(gone_s) / sqlite,
        "ratios": [n / q for n, q in zip(readable_s, sqlite_s, strict=True)],
        "sqlite_rows_per_s": rows / sqlite,
        "neo4j_rows_per_s": rows / median(readable_s),
        "neo4j_gone_rows_per_s": rows / median(gone_s),
        "neo4j_write_rows_per_s": rows / median(write_s),
        "neo4j_batches_rows_per_s": rows / (median(write_s) - median(validate_s)),
        "server_cpu_s": {k: median(v) for k, v in cpu.items() if v},
        "target": TARGET, "published_unwind_rows_per_s": list(PUBLISHED_UNWIND),
        "server": settings, "heap": target.heap, "repeat": repeat,
        "batch_size": batch_size,
        "load_average": {"before": load_before, "after": _load_average()},
        "runs": {"sqlite_s": sqlite_s, "neo4j_s": readable_s, "neo4j_gone_s": gone_s,
                 "neo4j_write_s": write_s, "validate_s": validate_s,
                 "server_cpu_s": cpu},
        "machine": machine(),
    }


def report(result: dict) -> str:
    bars = _bars([("SQLite replace load", result["sqlite_s"]),
                  ("Neo4j, until the new is readable", result["neo4j_s"]),
                  ("  of which up to the switch", result["neo4j_write_s"]),
                  ("  of which validation", result["validate_s"]),
                  ("Neo4j, until the old is gone", result["neo4j_gone_s"])])
    low, high = result["published_unwind_rows_per_s"]
    met = "met" if result["ratio"] <= result["target"] else "NOT met"
    cpu = result.get("server_cpu_s") or {}
    cpu_line = (f"\nserver CPU: {cpu['readable']:.1f} s until readable, "
                f"{cpu['cleaning']:.1f} s deleting the old" if cpu else "")
    return (f"{result['households']:,} households, {result['rows']:,} rows; batches of "
            f"{result['batch_size']:,}; server {result['server']}; load average "
            f"{result['load_average']['before']} -> {result['load_average']['after']}\n"
            f"{bars}\n"
            f"Neo4j / SQLite until readable: {result['ratio']:.2f}× (target ≤ "
            f"{result['target']:g}×: {met}; each repetition: "
            f"{', '.join(f'{r:.2f}×' for r in result['ratios'])}); until the old is gone: "
            f"{result['ratio_gone']:.2f}×\n"
            f"rows/s: SQLite {result['sqlite_rows_per_s']:,.0f}; Neo4j until readable "
            f"{result['neo4j_rows_per_s']:,.0f}, until the old is gone "
            f"{result['neo4j_gone_rows_per_s']:,.0f}, the batches alone (after validation) "
            f"{result['neo4j_batches_rows_per_s']:,.0f} (published UNWIND: {low:,}-{high:,})"
            f"{cpu_line}")


def figure(result: dict) -> Figure:
    """The figure of RESULTS.md: Neo4j's replace load against SQLite's, same run."""
    low, high = result["published_unwind_rows_per_s"]
    return Figure(
        KEY, "Neo4j replace load (512m heap: a new generation in committed batches) vs "
        "SQLite replace load", store="neo4j", households=result["households"],
        value=result["neo4j_s"], baseline=result["sqlite_s"], ratio=result["ratio"],
        target=result["target"], higher_is_better=False,
        how="median seconds of Neo4jStore.load(bundle, replace=True) until it returns: the "
            f"new data readable (validation, batches of {result['batch_size']:,} rows as a new "
            "generation, the switch) / of SQLiteStore.load(bundle, replace=True), same bundle, "
            "same run (python -m bench.neo4j_load); until the old generation is also deleted "
            f"(settle): {result['neo4j_gone_s']:.1f} s, {result['ratio_gone']:.2f}×; "
            f"{result['rows']:,} rows: Neo4j {result['neo4j_rows_per_s']:,.0f} rows/s until "
            f"readable, {result['neo4j_batches_rows_per_s']:,.0f} rows/s in the batches alone "
            f"(published UNWIND loads: {low:,}-{high:,} rows/s), SQLite "
            f"{result['sqlite_rows_per_s']:,.0f} rows/s",
        extra={k: result[k] for k in ("rows", "neo4j_write_s", "neo4j_gone_s", "ratio_gone",
                                      "ratios", "validate_s", "neo4j_rows_per_s",
                                      "neo4j_write_rows_per_s", "neo4j_batches_rows_per_s",
                                      "sqlite_rows_per_s", "server_cpu_s", "batch_size",
                                      "load_average", "server", "heap", "runs")})


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

    labels = ["SQLite", "Neo4j (512m heap)\nuntil readable", "Neo4j\nuntil the old is gone"]
    values = [result["sqlite_s"], result["neo4j_s"], result["neo4j_gone_s"]]
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    ax.barh(labels, values, color=["#4c72b0", "#dd8452", "#f0b27a"])
    ax.axvline(result["sqlite_s"] * result["target"], color="grey", linestyle="--",
               label=f"{result['target']:g}× SQLite (target)")
    for i, v in enumerate(values):
        ax.text(v, i, f" {v:.1f} s", va="center")
    ax.invert_yaxis()
    ax.set_xlabel("seconds (replace load, validation included)")
    ax.set_title(f"Replace load, {result['households']:,} households "
                 f"({result['rows']:,} rows), load avg {result['load_average']['before'][0]:g} → "
                 f"{result['load_average']['after'][0]:g}",
                 fontsize=10)
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
    parser.add_argument("--repeat", type=int, default=3)
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
            result = measure(bundle, own, args.repeat, pid_file=own_pid_file())
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
