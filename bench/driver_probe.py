"""Load and export one city with whichever driver is importable: ``python -m
bench.driver_probe HOUSEHOLDS REPS``; prints one JSON line (seconds, and whether the Rust
packer is in use). Reads ``NETSUPPORT_BENCH_NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``.
"""

from __future__ import annotations

import json
import os
import sys
import time

from neo4j._codec.packstream import v1 as packstream

from netsupport.demo import generate
from netsupport.storage.neo4j_store import Neo4jStore


def main(households: int, reps: int) -> None:
    bundle = generate(households, seed=8050)
    store = Neo4jStore.connect(os.environ["NETSUPPORT_BENCH_NEO4J_URI"],
                               os.environ.get("NEO4J_USER", "neo4j"),
                               os.environ.get("NEO4J_PASSWORD", ""))
    load, export = [], []
    for _ in range(reps):
        start = time.perf_counter()
        store.load(bundle, replace=True)
        store.settle()  # the old generation deleted too, as the figure was measured before
        load.append(time.perf_counter() - start)
    for _ in range(reps):
        start = time.perf_counter()
        store.export()
        export.append(time.perf_counter() - start)
    store.close()
    import neo4j

    print(json.dumps({"rust": packstream._rust_pack is not None, "driver": neo4j.__file__,
                      "load_s": load, "export_s": export}))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
