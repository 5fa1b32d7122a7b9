"""Profile one benchmark step with pyinstrument, to find where its time goes.

    python -m bench.profile scan --households 20000           # SQLite
    python -m bench.profile view --households 20000 --neo4j   # NETSUPPORT_BENCH_NEO4J_URI
    python -m bench.profile load --households 5000 --neo4j
    python -m bench.profile page --households 20000 --page lead_assignment --edit lead

Generates the demo city, loads it (not profiled, except for ``load``), then prints
pyinstrument's call tree of the step. ``page``: a page of the app (``AppTest``, a
supervisor) run cold and warm, then another member of staff's edit (``--edit``, as
:mod:`bench.incremental` makes it), then the page's first run after it, profiled.
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
    p.add_argument("step", choices=["scan", "view", "load", "page"])
    p.add_argument("--households", type=int, default=5000)
    p.add_argument("--neo4j", action="store_true")
    p.add_argument("--page", default="lead_assignment", help="page (step page)")
    p.add_argument("--edit", default="lead", choices=["lead", "contact"],
                   help="the edit elsewhere (step page)")
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
            if args.step == "page":
                del bundle
                uri = target.uri if args.neo4j else f"sqlite:///{Path(folder) / 'city.db'}"
                profiler = _page(store, uri, args.page, args.edit, as_of)
                store.close()
                print(profiler.output_text(unicode=True, color=False))
                return
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


def _page(store, uri: str, page: str, edit: str, as_of) -> Profiler:  # noqa: ANN001
    """The page's first run after one edit elsewhere, profiled (``bench.incremental``)."""
    import os
    from dataclasses import replace

    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
    from streamlit.testing.v1 import AppTest

    from netsupport.audit import now
    from netsupport.ui import state

    from .incremental import APP, EDITS, TIMEOUT, _supervisor

    os.environ.update({"NETSUPPORT_STORE": uri, state.AS_OF_ENV: as_of.isoformat()})
    ids = store.household_ids()
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[state.USER] = replace(_supervisor(store), password_hash="")
    at.session_state[state.LAST_SEEN] = now()
    at.session_state[state.GOTO] = page
    at.session_state[state.HOUSEHOLD] = ids[0]
    for _ in range(4):  # cold, then warm
        at.run(timeout=TIMEOUT)
    EDITS[edit](store, ids[-1], as_of)
    # AppTest runs the page in a thread of its own; pyinstrument samples the thread that
    # started it, so the profiler is started inside the script run
    profiler = Profiler()
    original = ScriptRunner._run_script

    def profiled(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        profiler.start()
        try:
            return original(self, *args, **kwargs)
        finally:
            profiler.stop()

    ScriptRunner._run_script = profiled
    try:
        at.run(timeout=TIMEOUT)
    finally:
        ScriptRunner._run_script = original
    if at.exception:
        raise SystemExit(f"the app failed: {[e.value for e in at.exception]}")
    return profiler


if __name__ == "__main__":
    main()
