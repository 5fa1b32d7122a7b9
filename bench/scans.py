"""Figures 3 and 5, the city scan: one read and one pass, against a loop of household views.

The naive loop is timed on a sample and extrapolated to every household (per-household
median x households), in two forms: as :func:`netsupport.queries.household_view` is called
by default (it builds the city's agency index on every call), and with that index built
once and passed in (the strongest loop one could write; the index build is added once).

The scan's peak memory is read in a subprocess of its own (:mod:`bench.scan_memory`), so
that nothing else this process holds counts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from netsupport.queries import agency_index, city_scan, household_view
from netsupport.rules import Rules
from netsupport.storage import Store

from .measure import median, repeat, timed

__all__ = ["scan_seconds", "naive_per_household", "scan_peak_memory"]

ROOT = Path(__file__).resolve().parent.parent


def scan_seconds(store: Store, rules: Rules, as_of: date, reps: int) -> list[float]:
    return repeat(lambda: city_scan(store, rules, as_of), reps)


def naive_per_household(store: Store, ids: list[str], rules: Rules, as_of: date, *,
                        cached_index: bool) -> tuple[float, float]:
    """(median seconds per household, seconds to build the agency index once)."""
    index_seconds, index = timed(lambda: agency_index(store, rules, as_of))
    agencies = index if cached_index else None
    per = [timed(lambda h=hid: household_view(store, h, rules, as_of, agencies=agencies))[0]
           for hid in ids]
    return median(per), index_seconds


def scan_peak_memory(store_uri: str, env: dict[str, str] | None = None) -> dict:
    """Run one city scan in a fresh interpreter; its own peak memory (VmHWM) and seconds."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.scan_memory", store_uri],
        cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True,
        check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])
