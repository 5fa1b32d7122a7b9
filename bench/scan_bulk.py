"""The full-scan figure alone, on a store already loaded (the bench's own run loads it first).

    python -m bench.scan_bulk URI STORE HOUSEHOLDS REPEAT OUT

times :func:`bench.incremental.bulk_scan` (``queries.city_scan`` against the per-record path
``scan(to_graph(store.city_network()))``, in turn, ``REPEAT`` times each) on the store at
``URI`` (loaded with ``netsupport.demo.generate(HOUSEHOLDS, seed=8050)``; ``STORE`` is its
name in the figure: sqlite or neo4j) and writes ``OUT/results.json`` for
``python -m bench.report runs``. A Neo4j URI reads ``NEO4J_USER`` / ``NEO4J_PASSWORD``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from netsupport.demo import DEFAULT_AS_OF
from netsupport.rules import load_rules
from netsupport.storage import open_store

from .incremental import bulk_scan
from .measure import Results, machine


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
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=Path(__file__).parent).stdout.strip()
    info = {"machine": machine(), "date": date.today().isoformat(),
            "command": "python -m bench.scan_bulk " + " ".join(argv), "commit": commit,
            "seconds": round(time.perf_counter() - started, 1), "loadavg_before": before,
            "loadavg_after": os.getloadavg()}
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(
        {"info": info, "figures": [f.to_dict() for f in results.figures],
         "notes": results.notes}, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
