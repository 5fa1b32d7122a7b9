"""The full-scan figure alone, on a store already loaded (the bench's own run loads it first).

    python -m bench.scan_bulk URI STORE HOUSEHOLDS REPEAT OUT

times :func:`bench.incremental.bulk_scan` (``queries.city_scan`` against the per-record path
``scan(to_graph(store.city_network()))``, in turn, ``REPEAT`` times each) on the store at
``URI`` (loaded with ``netsupport.demo.generate(HOUSEHOLDS, seed=8050)``; ``STORE`` is its
name in the figure: sqlite or neo4j) and writes ``OUT/results.json`` for
``python -m bench.report runs``. A Neo4j URI reads ``NEO4J_USER`` / ``NEO4J_PASSWORD``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from netsupport.demo import DEFAULT_AS_OF
from netsupport.rules import load_rules
from netsupport.storage import open_store

from .incremental import bulk_scan
from .measure import Results, write_run


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    uri, name, households, reps, out = argv[0], argv[1], int(argv[2]), int(argv[3]), Path(argv[4])
    results = Results()
    before, started = os.getloadavg(), time.perf_counter()
    with open_store(uri) as store:
        bulk_scan(results, name, store, households, load_rules(), DEFAULT_AS_OF, reps)
    (f,) = results.figures
    print(f"{name} {households:,}: bulk {f.value:.2f} s, per record {f.baseline:.2f} s, "
          f"{f.ratio:.2f}x")
    write_run(out, results.figures, "python -m bench.scan_bulk " + " ".join(argv), started,
              before, results.notes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
