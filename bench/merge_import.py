"""Merge import: 100 changed households into a whole city, against a replace load of it.

Issue 12 asks an agency's monthly sheet of some households to land without reloading the
city. This times, in the same run and on the same SQLite file:

- **merge**: ``netsupport load ONE --merge`` of ``--changed`` households (each changed:
  crisis flipped, one tie's last contact moved, an event added), end to end through the
  command (reading the CSV files, checking against the store, the preview, the write, the
  change feed and the audit entry);
- **replace**: ``netsupport load CITY --replace`` of the whole city, end to end the same way.

Each is a median of ``--repeat`` runs; every merge run carries a different change, so that
each really changes the households. The city is ``netsupport demo``'s (the same generator).

    python -m bench.merge_import --households 20000 [--changed 100] [--repeat 3] [--neo4j]
                                 [--out DIR]

With ``--neo4j`` the store is the server named by ``NETSUPPORT_BENCH_NEO4J_URI`` (with
``NEO4J_USER`` and ``NEO4J_PASSWORD``), or else the project's Neo4j started for the run
(:func:`bench.server.own_server`); it is emptied first. ``--out`` writes the figure
as a run's ``results.json`` (key ``incremental.merge_import``, target ≥ 20×), which
``python -m bench.report runs`` joins into RESULTS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from netsupport.bundle import write_bundle
from netsupport.cli import main
from netsupport.demo import generate
from netsupport.model import Bundle, Event, EventType
from netsupport.storage import open_store

from .measure import Figure, write_run
from .server import from_environment, own_server

__all__ = ["changed_households", "run", "figure"]

KEY = "incremental.merge_import"


def changed_households(uri: str, ids: list[str], round_: int) -> Bundle:
    """The households as the store holds them, each changed for round ``round_``."""
    out = Bundle()
    with open_store(uri) as store:
        for hid in ids:
            net = store.household_network(hid)
            home = net.households[0]
            out.households.append(replace(home, crisis=bool(round_ % 2)))
            out.people += [p for p in net.people if p.household_id == hid]
            ties = sorted(net.ties, key=lambda t: (t.source_id, t.target_id, t.kind.value,
                                                   t.since or date.min))
            if ties:
                ties[0] = replace(ties[0], last_contact=date(2026, 10, 1)
                                  + timedelta(days=round_))
            out.ties += ties
            out.events += net.events + [Event(f"EV-bench-{hid}-{round_}", hid,
                                              date(2026, 10, 1), EventType.NOTE)]
    return out


def _timed(argv: list[str]) -> float:
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(argv + ["--quiet"])
    elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"netsupport {' '.join(argv)} failed ({code})")
    return elapsed


def run(households: int, changed: int, repeat: int, uri: str, folder: Path) -> dict:
    city = generate(households, seed=8050)
    write_bundle(city, folder / "city")
    # a whole city of 80,000 households has tables past the per-file guard (200,000 rows)
    largest = max(len(city.people), len(city.ties), len(city.events))
    os.environ.setdefault("NETSUPPORT_BUNDLE_MAX_ROWS", str(max(largest + 1, 200_000)))
    if uri.startswith("sqlite:///"):
        Path(uri.removeprefix("sqlite:///")).unlink(missing_ok=True)
    elif hasattr(store := open_store(uri), "wipe"):
        store.wipe()
        store.close()
    _timed(["load", str(folder / "city"), "--store", uri, "--replace"])
    ids = [h.household_id for h in city.households][::max(1, households // changed)][:changed]
    merges, replaces = [], []
    for round_ in range(repeat):
        bundle = changed_households(uri, ids, round_ + 1)
        write_bundle(bundle, folder / f"merge{round_}", check=False)
        merges.append(_timed(["load", str(folder / f"merge{round_}"), "--merge",
                              "--store", uri]))
        replaces.append(_timed(["load", str(folder / "city"), "--replace", "--store", uri]))
    merge_s, replace_s = statistics.median(merges), statistics.median(replaces)
    rows = sum(len(records) for records in (city.agencies, city.households, city.people,
                                            city.ties, city.events))
    store = "sqlite" if uri.startswith("sqlite") else "neo4j"
    return {"rows": rows, "households": households, "changed": changed, "store": store,
            "merge_s": merge_s, "replace_s": replace_s, "ratio": replace_s / merge_s,
            "merge_runs": merges, "replace_runs": replaces}


def figure(r: dict) -> Figure:
    """The figure of RESULTS.md: the replace load's median over the merge's, same run."""
    return Figure(
        KEY, f"Merge import of {r['changed']} changed households vs a replace load of the city",
        store=r["store"], households=r["households"], value=r["merge_s"],
        baseline=r["replace_s"], ratio=r["ratio"], target=20,
        how="median seconds of `netsupport load CITY --replace` / of `netsupport load ONE "
            f"--merge` of {r['changed']} changed households (crisis flipped, a tie's last "
            "contact moved, an event added; a different change each repetition), both end to "
            "end through the command on the same store in the same run "
            f"(python -m bench.merge_import); the city {r['rows']:,} rows",
        extra={k: r[k] for k in ("merge_runs", "replace_runs", "rows", "changed")})


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.merge_import")
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--changed", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--neo4j", action="store_true")
    parser.add_argument("--out", type=Path, help="write the figure to OUT/results.json")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        if args.neo4j:
            target = from_environment() or stack.enter_context(own_server())
            os.environ.update(target.env())  # the command reads its credentials there
            uri = target.uri
        else:
            uri = f"sqlite:///{Path(tmp) / 'bench.db'}"
        r = run(args.households, args.changed, args.repeat, uri, Path(tmp))
    def runs(key: str) -> str:
        return ", ".join(f"{x:.2f}" for x in r[key])
    print(f"{r['store']}, {r['households']:,} households: merge of {r['changed']} changed "
          f"households {r['merge_s']:.2f} s (runs {runs('merge_runs')}); replace load "
          f"{r['replace_s']:.2f} s (runs {runs('replace_runs')}); "
          f"replace / merge = {r['ratio']:.1f}x")
    if args.out:
        write_run(args.out, [figure(r)], "python -m bench.merge_import "
                  + " ".join(sys.argv[1:] if argv is None else argv), started, load_before)
    return 0


if __name__ == "__main__":
    raise SystemExit(main_())
