"""Figure 2, the household view: what a case conference waits for, against the bare reads.

Three calls per sampled household, interleaved so they share the machine's state:

- **node read**: one indexed read of the household node (``MATCH (h:Household {id:$id})
  RETURN h`` with routing READ; on SQLite the primary-key ``SELECT``);
- **bare fetch**: ``store.household_network(id)``, the neighbourhood in one round trip;
- **view**: :func:`render_view`, the neighbourhood, the full analysis and the ecomap HTML
  (what ``netsupport.ui.resources.ecomap`` does), with the city's agency index cached as
  the app caches it (built once per data version and day; its cost is reported apart).
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from netsupport.analysis import AgencyIndex
from netsupport.queries import household_view
from netsupport.rules import Rules
from netsupport.storage import Store
from netsupport.viz import MissingSupport, ecomap_html

from .measure import median, p95, timed

__all__ = ["NODE_READ", "node_reader", "render_view", "sample_ids", "HouseholdTimes",
           "time_households"]

NODE_READ = "MATCH (h:Household {id: $id}) RETURN h"
SQLITE_NODE_READ = "SELECT * FROM households WHERE household_id = ?"


def node_reader(store: Store) -> Callable[[str], object]:
    """A single indexed read of one household node, on the store's own server or file."""
    driver = getattr(store, "driver", None)
    if driver is not None:
        from neo4j import RoutingControl

        def read(hid: str) -> object:
            return driver.execute_query(NODE_READ, id=hid, routing_=RoutingControl.READ,
                                        database_=store.database).records
        return read
    conn = sqlite3.connect(store.path, check_same_thread=False)
    return lambda hid: conn.execute(SQLITE_NODE_READ, (hid,)).fetchone()


def render_view(store: Store, household_id: str, rules: Rules, as_of: date,
                agencies: AgencyIndex) -> str:
    """One household's page content: neighbourhood, analysis and ecomap HTML."""
    view = household_view(store, household_id, rules, as_of, agencies=agencies)
    report = view.report
    team = [a for a in (report.team.lead, *report.team.member_ids)
            if a is not None and a != report.lead.current]
    gaps = [MissingSupport(g.code, g.label("ja"), g.needs) for g in report.gaps if g.needs]
    return ecomap_html(view.graph, household_id, as_of=as_of, lead_id=report.lead.current,
                       team_ids=[a for a in team if a in view.graph],
                       backup_ids=[a for a in report.team.backup if a in view.graph],
                       missing=gaps)


def sample_ids(store: Store, n: int, seed: int = 8050) -> list[str]:
    ids = store.household_ids()
    return sorted(random.Random(seed).sample(ids, min(n, len(ids))))


@dataclass
class HouseholdTimes:
    node: list[float]
    bare: list[float]
    view: list[float]

    def summary(self) -> dict[str, float]:
        return {f"{k}_{stat.__name__}": stat(getattr(self, k))
                for k in ("node", "bare", "view") for stat in (median, p95)}


def time_households(store: Store, ids: list[str], rules: Rules, as_of: date,
                    agencies: AgencyIndex, reps: int) -> HouseholdTimes:
    """Per-call seconds of the three reads, ``reps`` passes over ``ids``."""
    read = node_reader(store)
    for hid in ids[:3]:  # warm the plan caches and the connection pool
        read(hid)
        render_view(store, hid, rules, as_of, agencies)
    times = HouseholdTimes([], [], [])
    for _ in range(max(1, reps)):
        for hid in ids:
            times.node.append(timed(lambda h=hid: read(h))[0])
            times.bare.append(timed(lambda h=hid: store.household_network(h))[0])
            times.view.append(
                timed(lambda h=hid: render_view(store, h, rules, as_of, agencies))[0])
    return times
