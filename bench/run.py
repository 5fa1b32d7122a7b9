"""``python -m bench``: every figure, at every size, next to its baseline; then the report.

    python -m bench                      # 5,000 / 20,000 / 80,000 households (long)
    python -m bench --sizes 5000 20000   # other sizes
    python -m bench --quick --out DIR    # a tiny run (200 households, 1 repetition)

Neo4j: ``NETSUPPORT_BENCH_NEO4J_URI`` (+ ``NEO4J_USER``/``NEO4J_PASSWORD``) names a server;
else the project's own is started on port 7689 and stopped at the end (``--no-neo4j``:
SQLite only). Results go to ``--out`` (default ``bench/``): ``RESULTS.md``, ``results.json``
and the plots; scratch files (SQLite files, map pages) to ``--work`` (default ``bench/out``).
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import time
from contextlib import nullcontext
from datetime import date
from pathlib import Path

from netsupport.analysis import AgencyIndex
from netsupport.demo import DEFAULT_AS_OF, generate
from netsupport.queries import agency_index
from netsupport.rules import Rules, load_rules
from netsupport.storage.base import require_valid
from netsupport.storage.neo4j_store import Neo4jStore
from netsupport.storage.sqlite_store import SQLiteStore

from . import agencies as agency_bench
from . import households as household_bench
from . import imports, maps, scans
from .measure import Figure, Results, machine, median, p95, repeat, timed
from .report import write_report
from .server import Neo4jTarget, from_environment, own_server

__all__ = ["main", "Plan", "scaling"]

BENCH = Path(__file__).resolve().parent
SEED = 8050
CITY = 20_000
GROUPS = {"import", "household", "scan", "memory", "agency", "maps", "driver", "app",
          "incremental", "pages"}


class Plan:
    """Sizes, repetitions and samples of one run (``--quick`` makes every one small)."""

    def __init__(self, args: argparse.Namespace):
        quick = args.quick
        self.quick = quick
        self.sizes = sorted(args.sizes or ([200] if quick else [5_000, 20_000, 80_000]))
        self.reps = args.reps or (1 if quick else 5)
        self.heavy_reps = args.heavy_reps or (1 if quick else 3)
        self.large = args.large  # above this many households, heavy figures run once
        self.naive_rows = args.naive_rows or (300 if quick else 10_000)
        self.batch_sizes = args.batch_sizes or ([100, 1_000] if quick
                                                else [1_000, 5_000, 20_000, 50_000])
        self.view_sample = 10 if quick else 50
        self.loop_sample = 10 if quick else 200
        self.literal_sample = 3 if quick else 5
        self.sweep_reps = 1 if quick else max(1, self.heavy_reps - 1)
        self.map_nodes = args.map_nodes
        self.ecomaps = 3 if quick else 10
        self.physics_timeout = 10.0 if quick else 60.0
        self.city = CITY if CITY in self.sizes else self.sizes[len(self.sizes) // 2]
        self.driver = args.driver if args.driver is not None else not quick
        self.only = set(args.only or GROUPS)
        self.stores = set(args.stores or ["sqlite", "neo4j"])
        self.app = not args.no_app and "app" in self.only
        self.app_pages = not args.no_app  # the incremental figure's pages (AppTest)
        self.driver = self.driver and "driver" in self.only

    def does(self, group: str) -> bool:
        return group in self.only

    def heavy(self, households: int) -> int:
        return 1 if households > self.large else self.heavy_reps


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", help="households per size")
    p.add_argument("--quick", action="store_true", help="a tiny run: 200 households, 1 rep")
    p.add_argument("--reps", type=int, help="repetitions of light measurements (5)")
    p.add_argument("--heavy-reps", type=int, help="repetitions of loads and scans (3)")
    p.add_argument("--large", type=int, default=50_000,
                   help="above this many households loads and scans run once (50000)")
    p.add_argument("--naive-rows", type=int, help="rows of the naive loader's sample (10000)")
    p.add_argument("--batch-sizes", type=int, nargs="+", help="batch sizes to sweep")
    p.add_argument("--map-nodes", type=int, default=1000, help="agencies on the map (1000)")
    p.add_argument("--driver", action=argparse.BooleanOptionalAction, default=None,
                   help="measure neo4j-rust-ext (default: on, off with --quick)")
    p.add_argument("--no-app", action="store_true", help="skip the Streamlit figure")
    p.add_argument("--no-neo4j", action="store_true", help="SQLite only")
    p.add_argument("--stores", nargs="+", choices=["sqlite", "neo4j"],
                   help="measure on these stores only (SQLite is still loaded: other "
                        "figures read it)")
    p.add_argument("--only", nargs="+", choices=sorted(GROUPS),
                   help="measure only these figures (the data is still generated and loaded)")
    p.add_argument("--out", default=str(BENCH), help="where RESULTS.md and plots go")
    p.add_argument("--work", default=str(BENCH / "out"), help="scratch files")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    plan = Plan(args)
    out, work = Path(args.out), Path(args.work)
    out.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results = Results()
    target = None if args.no_neo4j else from_environment()
    server = (nullcontext(target) if args.no_neo4j or target is not None else own_server())
    with server as neo4j_target:
        run(plan, results, work, neo4j_target)
    elapsed = time.perf_counter() - started
    info = {"machine": machine(), "neo4j": _neo4j_version(neo4j_target),
            "neo4j_heap": getattr(neo4j_target, "heap", None),
            "argv": sys.argv[1:] if argv is None else argv,
            "sizes": plan.sizes, "reps": plan.reps, "heavy_reps": plan.heavy_reps,
            "quick": plan.quick, "seconds": round(elapsed, 1), "date": date.today().isoformat()}
    write_report(results, info, out)
    print(f"bench: {len(results.figures)} figures in {elapsed:.0f} s -> {out / 'RESULTS.md'}")
    return 0


_versions: dict[str, str] = {}


def _neo4j_version(target: Neo4jTarget | None) -> str | None:
    return _versions.get("neo4j") if target is not None else None


def run(plan: Plan, results: Results, work: Path, target: Neo4jTarget | None) -> None:
    rules, as_of = load_rules(), DEFAULT_AS_OF
    neo = None
    if target is not None:
        neo = Neo4jStore.connect(target.uri, target.user, target.password)
        records, _, _ = neo.driver.execute_query("CALL dbms.components() YIELD versions "
                                                 "RETURN versions[0] AS v")
        _versions["neo4j"] = records[0]["v"]
    naive_rate = None
    try:
        for n in plan.sizes:
            print(f"== {n:,} households", flush=True)
            bundle = generate(n, seed=SEED)
            rows = imports.rows_of(bundle)
            valid_s, _ = timed(lambda b=bundle: require_valid(b))
            path = work / f"city-{n}.db"
            path.unlink(missing_ok=True)
            sqlite = SQLiteStore(path)
            stores = {"sqlite": sqlite}
            _import_sqlite(plan, results, sqlite, bundle, rows, valid_s)
            needs_neo4j = any(plan.does(g) for g in ("import", "household", "scan", "memory",
                                                     "incremental", "pages"))
            # only when Neo4j figures were asked for: a city loaded into the server beside
            # SQLite-only figures (200 s at 80,000 households, then its checkpoints) took
            # the CPU from them (warm pages measured at twice their time)
            if neo is not None and needs_neo4j and "neo4j" in plan.stores:
                if naive_rate is None and plan.does("import"):
                    naive_rate = _naive(plan, results, neo, bundle)
                try:
                    _import_neo4j(plan, results, neo, bundle, rows, valid_s, naive_rate)
                except Exception as error:  # noqa: BLE001 - e.g. the heap: say so, go on
                    results.note(f"Neo4j load of {n:,} households failed, no Neo4j figures "
                                 f"at this size: {type(error).__name__}: {error}")
                    neo.close()
                    neo = _reconnect(target)
                else:
                    if n == plan.city and plan.does("import"):
                        _guard(results, _batch_sweep, plan, results, target, bundle, rows)
                    stores["neo4j"] = neo
            del bundle
            gc.collect()
            index = agency_index(sqlite, rules, as_of)
            for name, store in stores.items():
                if name not in plan.stores:
                    continue
                if plan.does("household"):
                    _guard(results, _household_view, plan, results, name, store, n, rules,
                           as_of)
                if plan.does("scan"):
                    _guard(results, _scan, plan, results, name, store, n, rules, as_of)
                if plan.does("memory"):
                    _guard(results, _memory, results, name, store, n, target)
                if plan.does("incremental") or plan.does("pages"):
                    _incremental(plan, results, name, store, path, n, rules, as_of, target)
            # exact betweenness beyond the city takes far too long (> 20 min at 80,000)
            if n <= plan.city and plan.does("agency"):
                _guard(results, _agencies, plan, results, index, n, rules)
            if n == plan.city and plan.does("maps"):
                _guard(results, _maps, plan, results, work, sqlite, index, n, rules, as_of)
            if n != plan.sizes[-1]:
                sqlite.close()
        scaling(plan.sizes, results)
        if neo is not None and plan.driver:
            from . import driver as driver_bench
            _guard(results, driver_bench.figures, results, target, work, plan.city,
                   plan.sweep_reps)
        if plan.app:
            from . import app_rerun
            city_db = work / f"city-{plan.city}.db"
            _guard(results, app_rerun.figures, results, f"sqlite:///{city_db}",
                   _app_household(city_db), plan.city, plan.heavy_reps)
    finally:
        if neo is not None:
            neo.close()


def _incremental(plan: Plan, results: Results, name: str, store, path: Path, n: int,
                 rules: Rules, as_of: date, target: Neo4jTarget | None) -> None:
    """Issue 12's figures (:mod:`bench.incremental`); the page figure edits the store, so
    it comes last. ``--only pages``: the page figure alone (the full scan and the memory
    figure take minutes at 80,000 households)."""
    from . import incremental

    if name == "sqlite":
        uri, env = f"sqlite:///{path}", None
    else:
        uri = target.uri
        env = {"NEO4J_USER": target.user, "NEO4J_PASSWORD": target.password}
    if plan.does("incremental"):
        _guard(results, incremental.bulk_scan, results, name, store, n, rules, as_of,
               plan.heavy(n))
        _guard(results, incremental.city_memory, results, name, uri, n, env)
    if plan.app_pages:
        _guard(results, incremental.page_after_edit, results, name, store, uri, n, as_of,
               env)


def _guard(results: Results, step, *args) -> None:  # noqa: ANN001
    """Run one figure's step; a failure becomes a note, and the other figures go on."""
    try:
        step(*args)
    except Exception as error:  # noqa: BLE001
        results.note(f"{step.__module__}.{step.__name__} failed: "
                     f"{type(error).__name__}: {str(error)[:300]}")


def _reconnect(target: Neo4jTarget) -> Neo4jStore | None:
    """A new store after a failed load (the server may have died: then None)."""
    try:
        return Neo4jStore.connect(target.uri, target.user, target.password)
    except Exception:  # noqa: BLE001
        return None


def _app_household(path: Path) -> str:
    store = SQLiteStore(path)
    try:
        return household_bench.sample_ids(store, 1, seed=SEED + 3)[0]
    finally:
        store.close()


def _rate(rows: int, seconds: float) -> float:
    return rows / seconds


def _import_sqlite(plan: Plan, results: Results, store: SQLiteStore, bundle, rows: int,
                   valid_s: float) -> None:
    n = len(bundle.households)
    seconds = repeat(lambda: store.load(bundle, replace=True), plan.heavy(n))
    results.add(Figure(
        "import.sqlite", "Import into SQLite (store.load, one transaction)", store="sqlite",
        households=n, value=_rate(rows, median(seconds)), unit="rows/s",
        how="rows / median seconds of store.load(bundle, replace=True), validation included",
        extra={"rows": rows, "seconds": seconds, "validation_s": valid_s}))


def _naive(plan: Plan, results: Results, neo: Neo4jStore, bundle) -> float:
    sample = imports.sample_bundle(bundle, plan.naive_rows)
    neo.wipe()
    per_row = imports.naive_load(neo.driver, neo.database, sample)
    rate = len(per_row) / sum(per_row)
    results.note(f"naive loader: {len(per_row):,} rows of the {len(bundle.households):,}-"
                 f"household bundle, one transaction each: {rate:,.0f} rows/s, median "
                 f"{median(per_row) * 1000:.2f} ms, p95 {p95(per_row) * 1000:.2f} ms per row")
    return rate


def _import_neo4j(plan: Plan, results: Results, neo: Neo4jStore, bundle, rows: int,
                  valid_s: float, naive_rate: float | None) -> None:
    n = len(bundle.households)
    def load() -> None:  # the old generation's deletion (after load returns) included,
        neo.load(bundle, replace=True)  # so that no repetition runs beside the last one's
        neo.settle()

    with imports.TxHeapSampler(neo.driver, neo.database) as heap:
        first, _ = timed(load)
    seconds = [first] + repeat(load, plan.heavy(n) - 1) if plan.heavy(n) > 1 else [first]
    rate = _rate(rows, median(seconds))
    if naive_rate is None:
        return
    results.add(Figure(
        "import.neo4j", "Import into Neo4j: store.load vs one row per transaction",
        store="neo4j", households=n, value=rate, unit="rows/s", baseline=naive_rate,
        ratio=rate / naive_rate, target=100,
        how="rows/s of store.load(bundle, replace=True) (a new generation in committed "
            f"UNWIND batches of {neo.batch_size}, the switch, the old generation deleted "
            "(settle); "
            "replacing the data already there, validation included) / "
            "rows/s of the naive loader",
        extra={"rows": rows, "seconds": seconds, "validation_s": valid_s,
               "write_only_rows_per_s": _rate(rows, median(seconds) - valid_s),
               "tx_heap_peak_bytes": heap.peak_bytes}))


def _batch_sweep(plan: Plan, results: Results, target: Neo4jTarget, bundle,
                 rows: int) -> None:
    n = len(bundle.households)
    medians: dict[int, float] = {}
    runs: dict[int, list[float]] = {}
    for size in plan.batch_sizes:
        store = Neo4jStore.connect(target.uri, target.user, target.password, batch_size=size)
        try:
            runs[size] = repeat(lambda s=store: (s.load(bundle, replace=True), s.settle()),
                                plan.sweep_reps)
        finally:
            store.close()
        medians[size] = median(runs[size])
        print(f"  batch {size:,}: {medians[size]:.1f} s", flush=True)
    best = imports.knee(medians)
    fastest = min(medians, key=medians.get)
    results.add(Figure(
        "import.batch_sweep", f"Batch-size sweep: the knee (within 10% of the fastest) is "
        f"{best:,}", store="neo4j", households=n, value=_rate(rows, medians[best]),
        baseline=_rate(rows, medians[fastest]), unit="rows/s",
        ratio=medians[best] / medians[fastest], target=1.10, higher_is_better=False,
        how="median seconds at the knee / at the fastest batch size",
        extra={"medians_s": medians, "runs_s": runs, "knee": best, "fastest": fastest}))


def _household_view(plan: Plan, results: Results, name: str, store, n: int, rules: Rules,
                    as_of: date) -> None:
    index_s, index = timed(lambda: agency_index(store, rules, as_of))
    ids = household_bench.sample_ids(store, plan.view_sample)
    times = household_bench.time_households(store, ids, rules, as_of, index, plan.reps)
    s = times.summary()
    for series, key in (("view", "view_median"), ("bare", "bare_median"),
                        ("node", "node_median"), ("view_p95", "view_p95")):
        results.point(f"household.{series}", name, n, s[key])
    common = {"calls": len(times.view), "agency_index_s": index_s, **s}
    results.add(Figure(
        "household.view_vs_bare", "Household view (fetch + analysis + ecomap) vs bare fetch",
        store=name, households=n, value=s["view_median"], baseline=s["bare_median"],
        ratio=s["view_median"] / s["bare_median"], target=3 if name == "neo4j" else None,
        higher_is_better=False,
        how="median seconds per household: render_view / store.household_network "
            f"({len(ids)} households x {plan.reps} passes; p95 in extra)", extra=common))
    results.add(Figure(
        "household.bare_vs_node", "Bare neighbourhood fetch vs one indexed node read",
        store=name, households=n, value=s["bare_median"], baseline=s["node_median"],
        ratio=s["bare_median"] / s["node_median"], target=5 if name == "neo4j" else None,
        higher_is_better=False,
        how="median seconds: store.household_network / MATCH (h:Household {id:$id}) RETURN h "
            "(SQLite: SELECT by primary key)", extra=common))


def _scan(plan: Plan, results: Results, name: str, store, n: int, rules: Rules,
          as_of: date) -> None:
    seconds = scans.scan_seconds(store, rules, as_of, plan.heavy(n))
    scan_s = median(seconds)
    results.point("scan", name, n, scan_s)
    ids = household_bench.sample_ids(store, plan.loop_sample, seed=SEED + 1)
    per, index_s = scans.naive_per_household(store, ids, rules, as_of, cached_index=True)
    cached = index_s + per * n
    literal_ids = ids[:plan.literal_sample]
    per_literal, _ = scans.naive_per_household(store, literal_ids, rules, as_of,
                                               cached_index=False)
    literal = per_literal * n
    results.point("scan.naive_cached", name, n, cached)
    results.point("scan.naive_literal", name, n, literal)
    extra = {"scan_runs_s": seconds, "loop_sample": len(ids), "per_household_s": per,
             "agency_index_s": index_s, "literal_sample": len(literal_ids),
             "per_household_literal_s": per_literal}
    results.add(Figure(
        "scan.vs_loop_literal", "City scan vs a loop of household_view (as called by default: "
        "agency index rebuilt per call; extrapolated)", store=name, households=n,
        value=scan_s, baseline=literal, ratio=literal / scan_s, target=10,
        how=f"extrapolated loop seconds (median per household over {len(literal_ids)} "
            f"households x {n:,}) / median seconds of queries.city_scan", extra=extra))
    results.add(Figure(
        "scan.vs_loop_cached", "City scan vs a loop of household_view with the agency index "
        "cached (extrapolated)", store=name, households=n, value=scan_s, baseline=cached,
        ratio=cached / scan_s, target=10,
        how=f"(index build + median per household over {len(ids)} households x {n:,}) / "
            "median seconds of queries.city_scan", extra=extra))


def _memory(results: Results, name: str, store, n: int, target: Neo4jTarget | None) -> None:
    env = target.env() if name == "neo4j" and target is not None else None
    probe = scans.scan_peak_memory(store.uri, env)
    gib = probe["maxrss_bytes"] / 2**30
    results.point("scan.maxrss_gib", name, n, gib)
    results.add(Figure(
        "scan.memory", "Peak memory of a process running the city scan", store=name,
        households=n, value=gib, unit="GiB", baseline=1.5, baseline_unit="GiB",
        ratio=gib, target=1.5, higher_is_better=False,
        how="peak resident memory (VmHWM) of a fresh interpreter that runs queries.city_scan "
            "once (GiB); the 1.5 GiB budget is for 80,000 households", extra=probe))


def _agencies(plan: Plan, results: Results, index: AgencyIndex, n: int,
              rules: Rules) -> None:
    k = rules.agency_report.broker_samples
    exact_reps = 1 if index.graph.number_of_nodes() > 2000 else plan.heavy_reps
    m = agency_bench.time_methods(index.graph, k, plan.heavy_reps, exact_reps)
    for method in ("sampled", "rustworkx"):
        results.add(Figure(
            f"agency.{method}", f"Agency betweenness: {method} vs exact NetworkX "
            f"({m['nodes']:,} agencies, {m['edges']:,} links)", store="-", households=n,
            value=m[method], baseline=m["exact"], ratio=m["exact"] / m[method], target=10,
            how="median seconds of exact nx.betweenness_centrality / of the method; "
                f"top-20 Spearman rho {m[f'{method}_spearman']}, top-20 overlap "
                f"{m[f'{method}_overlap']:.2f} (target rho >= 0.9)",
            extra=m))
        results.point(f"agency.{method}", "-", n, m[method])
    results.point("agency.exact", "-", n, m["exact"])


def _maps(plan: Plan, results: Results, work: Path, sqlite: SQLiteStore, index: AgencyIndex,
          n: int, rules: Rules, as_of: date) -> None:
    graph = maps.map_graph(index, plan.map_nodes)
    ours_gen, ours_html = timed(lambda: maps.our_agency_map(graph, index, rules, as_of))
    pyvis_gen, pyvis_html = timed(lambda: maps.pyvis_default_map(ours_html))
    pages = work / "maps"
    shutil.rmtree(pages, ignore_errors=True)
    pages.mkdir(parents=True)
    ours_path, pyvis_path = pages / "agency_ours.html", pages / "agency_pyvis.html"
    ours_path.write_text(ours_html, encoding="utf-8")
    pyvis_path.write_text(pyvis_html, encoding="utf-8")
    ecomaps = []
    for hid in household_bench.sample_ids(sqlite, plan.ecomaps, seed=SEED + 2):
        gen_s, html = timed(lambda h=hid: household_bench.render_view(
            sqlite, h, rules, as_of, index))
        path = pages / f"ecomap_{hid}.html"
        path.write_text(html, encoding="utf-8")
        ecomaps.append((path, gen_s))
    ours, physics, iterations, eco = [], [], [], []
    with maps.Browser() as browser:
        browser.time_to_ready(ours_path, hook=maps.OURS_HOOK)  # warm the browser once
        for _ in range(plan.heavy_reps):
            ours.append(browser.time_to_ready(ours_path, hook=maps.OURS_HOOK)["ready_ms"])
        for path, _ in ecomaps:
            eco.append(browser.time_to_ready(path, hook=maps.OURS_HOOK)["ready_ms"])
        blocked = browser.blocked
    for _ in range(plan.heavy_reps):
        # a browser of its own each time: a page still laying out must not slow the next
        with maps.Browser() as browser:
            r = browser.time_to_ready(pyvis_path, timeout_s=plan.physics_timeout)
            blocked += browser.blocked
        physics.append(r["ready_ms"])
        iterations.append(r["iterations_done_ms"])
        if r["ready_ms"] is None:
            break  # timed out once: it would again
    ours = [x for x in ours if x is not None] or [float("nan")]
    eco = [x for x in eco if x is not None] or [float("nan")]
    timed_out = any(p is None for p in physics)
    phys = plan.physics_timeout if timed_out else median(physics) / 1000
    ours_s = median(ours) / 1000
    results.add(Figure(
        "maps.agency", f"Agency map ({graph.number_of_nodes():,} agencies, "
        f"{graph.number_of_edges():,} links): precomputed, physics off vs pyvis defaults",
        store="-", households=n, value=ours_s, baseline=phys, ratio=phys / ours_s,
        target=10, bound=timed_out,
        how="median seconds from navigation to a still map in headless Chromium: pyvis "
            "'stabilized' / ours data-ready (HTML generation apart, in extra)"
            + (f"; pyvis had not stabilised after {plan.physics_timeout:g} s, the time-out "
               "is the baseline (a lower bound)" if timed_out else ""),
        extra={"ours_ms": ours, "pyvis_stabilized_ms": physics,
               "pyvis_iterations_done_ms": iterations, "ours_html_s": ours_gen,
               "pyvis_html_s": pyvis_gen, "blocked_requests": blocked,
               "physics_timeout_s": plan.physics_timeout}))
    results.add(Figure(
        "maps.ecomap", "Household ecomap: time to render in Chromium", store="sqlite",
        households=n, value=median(eco) / 1000,
        how="median seconds from navigation to data-ready over sampled households "
            "(generation: render_view, in extra)",
        extra={"browser_ms": eco, "generate_s": [g for _, g in ecomaps]}))


def scaling(sizes: list[int], results: Results) -> None:
    """Flatness of the household view and linearity of the scan across sizes, each store over
    the sizes it was measured at (also used by :func:`bench.report.merge_sizes` on the
    series of two runs)."""
    for store, points in results.series.get("household.view", {}).items():
        measured = sorted(n for n in points if n in sizes)
        if len(measured) < 2:
            continue
        small, big = measured[0], measured[-1]
        results.add(Figure(
            "household.flat", f"Household view, {small:,} -> {big:,} households (flat)",
            store=store, households=big, value=points[big], baseline=points[small],
            ratio=points[big] / points[small], target=1.5, higher_is_better=False,
            how="median view seconds at the largest / smallest size (flat: <= 1.5)"))
    for store, points in results.series.get("scan", {}).items():
        measured = sorted(n for n in points if n in sizes)
        if len(measured) < 2:
            continue
        big = measured[-1]
        lo, hi = (CITY, big) if CITY in measured and big > CITY else (measured[0], big)
        results.add(Figure(
            "scan.linear", f"City scan, {lo:,} -> {hi:,} households (linear)", store=store,
            households=hi, value=points[hi], baseline=points[lo],
            ratio=points[hi] / points[lo], target=1.25 * hi / lo,
            higher_is_better=False,
            how=f"median scan seconds at {hi:,} / at {lo:,} (size x{hi / lo:g}; "
                "target: no worse than linear, 5 for x4)"))
