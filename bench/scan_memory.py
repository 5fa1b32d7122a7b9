"""Run one city scan and print its peak resident memory: ``python -m bench.scan_memory URI``.

Prints one JSON line: ``{"maxrss_bytes": ..., "seconds": ..., "rows": ...}``, the peak being
the process's own (:func:`own_peak_bytes`). A Neo4j URI
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
    print(json.dumps({"maxrss_bytes": own_peak_bytes(), "seconds": seconds, "rows": len(rows),
                      "ru_maxrss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                      * 1024}))


def own_peak_bytes() -> int:
    """This process's peak resident memory: ``VmHWM`` of /proc/self/status.

    Not ``ru_maxrss``: Linux carries the high-water mark across ``execve``, so a child
    started by a parent holding 1.5 GB reports at least 1.5 GB whatever it uses itself
    (the bench parent holds the city's bundle). ``VmHWM`` belongs to the memory map that
    exec made, so it is the scan's own.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # not Linux


if __name__ == "__main__":
    main(sys.argv[1])
