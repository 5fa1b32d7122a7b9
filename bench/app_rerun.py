"""Figure 7, the app: a warm Streamlit rerun of the case-conference page against a cold one.

Driven headless with ``streamlit.testing.v1.AppTest.from_file("app.py")`` (as
``tests/test_app.py`` does), the store a SQLite file of the city (``NETSUPPORT_STORE``),
the page and household put in session state before the run. **Cold**: a new AppTest with
Streamlit's caches cleared (the city scan, the agency index, the view and the ecomap are
computed); **warm**: ``run()`` again on the same AppTest (what a click that changes
nothing costs). Module imports happen once per process and are left out of both.
"""

from __future__ import annotations

from pathlib import Path

from .measure import Figure, Results, environment, median, timed

__all__ = ["figures", "page_exists"]

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
PAGE = ROOT / "netsupport" / "ui" / "pages" / "case_conference.py"
TIMEOUT = 600


def page_exists() -> bool:
    return APP.is_file() and PAGE.is_file()


def figures(results: Results, store_uri: str, household_id: str, households: int,
            reps: int) -> None:
    if not page_exists():
        results.note("app figure skipped: netsupport/ui/pages/case_conference.py is not there")
        return
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from netsupport.demo import DEFAULT_AS_OF
    from netsupport.ui import state

    def fresh() -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        at.session_state[state.GOTO] = state.CASE_CONFERENCE
        at.session_state[state.HOUSEHOLD] = household_id
        return at

    cold, warm = [], []
    with environment(NETSUPPORT_STORE=store_uri, **{state.AS_OF_ENV: DEFAULT_AS_OF.isoformat()}):
        fresh().run()  # imports, once
        for _ in range(max(1, reps)):
            st.cache_data.clear()
            st.cache_resource.clear()
            at = fresh()
            seconds, _ = timed(at.run)
            if at.exception:
                raise RuntimeError(f"the app failed: {[e.value for e in at.exception]}")
            cold.append(seconds)
            warm.append(timed(at.run)[0])
            if at.exception:
                raise RuntimeError(f"the app failed: {[e.value for e in at.exception]}")
    results.add(Figure(
        "app.rerun", "Case-conference page: warm rerun vs cold run (AppTest)",
        store="sqlite", households=households, value=median(warm), baseline=median(cold),
        ratio=median(cold) / median(warm), target=10,
        how="median seconds of a cold run (new AppTest, Streamlit caches cleared) / of a "
            f"warm rerun, household {household_id}", extra={"cold_s": cold, "warm_s": warm}))
