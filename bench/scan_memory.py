"""Run one city scan and print its peak resident memory: ``python -m bench.scan_memory URI``.

Prints one JSON line: ``{"maxrss_bytes": ..., "seconds": ..., "rows": ...}``. A Neo4j URI
takes ``NEO4J_USER`` / ``NEO4J_PASSWORD`` from the environment, as the CLI does.
"""

from __future__ import annotations

import json
import resource
import sys
import time

from netsupport.demo import DEFAULT_AS_OF
from netsupport.queries import city_scan
from netsupport.rules import load_rules
from netsupport.storage import open_store


def main(uri: str) -> None:
    store = open_store(uri)
    start = time.perf_counter()
    rows = city_scan(store, load_rules(), DEFAULT_AS_OF)
    seconds = time.perf_counter() - start
    store.close()
    # ru_maxrss is in KiB on Linux
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"maxrss_bytes": peak, "seconds": seconds, "rows": len(rows)}))


if __name__ == "__main__":
    main(sys.argv[1])
