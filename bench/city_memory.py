"""Hold the city's results as one app process does, and print its peak memory:
``python -m bench.city_memory URI``.

Prints one JSON line: ``{"maxrss_bytes": ..., "seconds": ..., "reports": ...,
"standings": ...}``: the city's results (:func:`netsupport.citycache.compute_city`), every
household's report made (the most an app process holds: each household's page asked for
once) and every household's lead standing (the lead worklist, which the app makes in the
background after the city), the peak being the process's own (``VmHWM``,
:func:`bench.scan_memory.own_peak_bytes`).
"""

from __future__ import annotations

import json
import sys
import time

from netsupport.citycache import compute_city
from netsupport.demo import DEFAULT_AS_OF
from netsupport.rules import load_rules
from netsupport.storage import open_store

from .scan_memory import own_peak_bytes


def main(uri: str) -> None:
    store = open_store(uri)
    start = time.perf_counter()
    city = compute_city(store, load_rules(), DEFAULT_AS_OF)
    reports = city.reports()
    standings = city.standings()
    seconds = time.perf_counter() - start
    store.close()
    print(json.dumps({"maxrss_bytes": own_peak_bytes(), "seconds": seconds,
                      "reports": len(reports), "standings": len(standings)}))


if __name__ == "__main__":
    main(sys.argv[1])
