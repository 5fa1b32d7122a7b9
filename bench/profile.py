"""Profile one benchmark step with pyinstrument, to find where its time goes.

    python -m bench.profile scan --households 20000           # SQLite
    python -m bench.profile view --households 20000 --neo4j   # NETSUPPORT_BENCH_NEO4J_URI
    python -m bench.profile load --households 5000 --neo4j

Generates the demo city, loads it (not profiled, except for ``load``), then prints
pyinstrument's call tree of the step.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from pyinstrument import Profiler

from netsupport.demo import DEFAULT_AS_OF, generate
from netsupport.queries import agency_index, city_scan
from netsupport.rules import load_rules
from netsupport.storage.neo4j_store import Neo4jStore
from netsupport.storage.sqlite_store import SQLiteStore

from .households import render_view, sample_ids
from .server import from_environment


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.profile")
    p.add_argument("step", choices=["scan", "view", "load"])
    p.add_argument("--households", type=int, default=5000)
    p.add_argument("--neo4j", action="store_true")
    args = p.parse_args(argv)
    bundle = generate(args.households, seed=8050)
    rules, as_of = load_rules(), DEFAULT_AS_OF
    with tempfile.TemporaryDirectory() as folder:
        if args.neo4j:
            target = from_environment()
            if target is None:
                raise SystemExit("set NETSUPPORT_BENCH_NEO4J_URI (and NEO4J_PASSWORD)")
            store = Neo4jStore.connect(target.uri, target.user, target.password)
        else:
            store = SQLiteStore(Path(folder) / "city.db")
        profiler = Profiler()
        if args.step == "load":
            profiler.start()
            store.load(bundle, replace=True)
            profiler.stop()
            store.settle()
        else:
            store.load(bundle, replace=True)
            store.settle()
            index = agency_index(store, rules, as_of)
            ids = sample_ids(store, 50)
            profiler.start()
            if args.step == "scan":
                city_scan(store, rules, as_of)
            else:
                for hid in ids:
                    render_view(store, hid, rules, as_of, index)
            profiler.stop()
        store.close()
    print(profiler.output_text(unicode=True, color=False))


if __name__ == "__main__":
    main()
