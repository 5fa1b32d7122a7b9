"""How far the bulk full scan can go: ``python -m bench.scan_bound DB REPEAT OUT.json``.

Issue 12 asks the full scan for ≥ 5× the per-record path. Both paths run the same facts and
rules (one declaration per rule, issue 15), so a second spent there is spent by both, and
only what the bulk path does alone can widen the gap. This times, on a loaded SQLite store
``DB`` (a path), ``REPEAT`` times each, in one process with the collector paused as the scan
pauses it:

- ``fetch``: SQLite's fetch of the rows the scan reads, as plain tuples, and nothing else
  (the floor of any read of them from Python);
- ``read``: ``Store.scan_network`` (the fetch, the records, the outer ties chosen);
- ``group``: :func:`~netsupport.analysis.facts.bundle_facts` less ``assemble`` (the people
  and ties grouped by household);
- ``assemble``: the shared facts (``facts._assemble``, timed around each call);
- ``rows``: the shared rules (``city.scan_row`` of every household);
- ``bulk``: ``queries.city_scan``, and ``per_record``: ``scan(to_graph(city_network()))``,
  as the figure (``bench.scan_bulk``) times them; their rows are compared (``same_rows``).

``best`` = ``per_record`` / (``fetch`` + ``assemble`` + ``rows``): the ratio the bulk path
would reach were making its records and grouping them free. Below 5, the target cannot be
met by a faster read: the shared facts and rules, or the fetch, must go faster, which the
per-record path shares (the facts and rules) in the same seconds.
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from netsupport.analysis import facts as facts_module
from netsupport.analysis.city import scan, scan_row
from netsupport.demo import DEFAULT_AS_OF
from netsupport.graph import to_graph
from netsupport.model import Household, Person, Tie
from netsupport.queries import city_scan, collector_paused
from netsupport.rules import Rules, load_rules
from netsupport.storage import Store, open_store
from netsupport.storage.scanread import columns

T = TypeVar("T")

STEPS = ("fetch", "read", "group", "assemble", "rows", "bulk", "per_record")


def fetch(path: Path) -> None:
    """The scan's three table scans as plain tuples (``scan_network``'s SELECTs)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for cls, table in ((Household, "households"), (Person, "people"), (Tie, "ties")):
            conn.execute(f"SELECT {', '.join(columns(cls))} FROM {table}").fetchall()
    finally:
        conn.close()


def once(path: Path, rules: Rules, as_of: date) -> tuple[dict[str, float], bool]:
    """One measurement of every step, and whether both paths gave the same rows."""
    took: dict[str, float] = {}
    with open_store(f"sqlite:///{path}") as store:
        with collector_paused():
            _bulk_steps(path, store, rules, as_of, took)  # its city freed when it returns
        bulk = _clock(took, "bulk", lambda: city_scan(store, rules, as_of))
        per_record = _clock(took, "per_record",
                            lambda: scan(to_graph(store.city_network()), rules, as_of))
    return took, bulk == per_record


def _bulk_steps(path: Path, store: Store, rules: Rules, as_of: date,
                took: dict[str, float]) -> None:
    """The bulk path's steps one by one: fetch, read, group, assemble and rows."""
    assemble = facts_module._assemble
    inside = [0.0]

    def timed(*args: object) -> object:
        start = time.perf_counter()
        try:
            return assemble(*args)
        finally:
            inside[0] += time.perf_counter() - start

    _clock(took, "fetch", lambda: fetch(path))
    part = _clock(took, "read", store.scan_network)
    facts_module._assemble = timed
    try:
        facts = _clock(took, "group",
                       lambda: list(facts_module.bundle_facts(part, rules, as_of)))
    finally:
        facts_module._assemble = assemble
    took["assemble"], took["group"] = inside[0], took["group"] - inside[0]
    _clock(took, "rows", lambda: [scan_row(f, rules) for _, f in facts])


def _clock(took: dict[str, float], step: str, work: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = work()
    took[step] = time.perf_counter() - start
    return result


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    path, reps, out = Path(argv[0]), int(argv[1]), Path(argv[2])
    rules, before = load_rules(), os.getloadavg()
    runs, same = [], True
    for _ in range(reps):
        took, same_rows = once(path, rules, DEFAULT_AS_OF)
        runs.append(took)
        same = same and same_rows
        print({k: round(v, 2) for k, v in took.items()}, flush=True)
    median = {step: statistics.median(r[step] for r in runs) for step in STEPS}
    floor = median["fetch"] + median["assemble"] + median["rows"]
    found = {"date": date.today().isoformat(), "db": path.name, "loadavg_before": before,
             "loadavg_after": os.getloadavg(), "runs": runs, "same_rows": same,
             "median": {k: round(v, 6) for k, v in median.items()},
             "ratio": round(median["per_record"] / median["bulk"], 2),
             "best": round(median["per_record"] / floor, 2)}
    out.write_text(json.dumps(found, indent=1), encoding="utf-8")
    print(f"bulk {median['bulk']:.2f} s, per record {median['per_record']:.2f} s: "
          f"{found['ratio']}x; with free records and grouping at most {found['best']}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
