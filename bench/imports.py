"""Figure 1, import: the store's batched load against one row per transaction.

The naive loader writes the same rows with the same Cypher constants as
:meth:`Neo4jStore.load`, ``rows=[one row]``, one transaction each: only the shape of the
transactions differs. It runs on a sample of about 10,000 rows (every agency and the first
households with their people, ties and events, so every tie has both ends), and rows/s are
compared. While a load runs, a second session samples the load transactions'
``estimatedUsedHeapMemory`` (``SHOW TRANSACTIONS``): the heap one batch's transaction needs.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from neo4j import Driver

from netsupport.model import Bundle
from netsupport.storage import cypher
from netsupport.storage.base import require_valid

# The store's own statements and row conversion, so that only the transactions differ.
from netsupport.storage.neo4j_store import _CREATE, _row

__all__ = ["rows_of", "sample_bundle", "naive_load", "TxHeapSampler", "knee"]

TABLES = ("agencies", "households", "people", "ties", "events")


def rows_of(bundle: Bundle) -> int:
    return sum(len(getattr(bundle, t)) for t in TABLES)


def sample_bundle(bundle: Bundle, rows: int = 10_000) -> Bundle:
    """Every agency, then whole households (with people, ties, events) up to ``rows`` rows.

    Ties are kept when both ends are in the sample, so the sample loads on its own.
    """
    people_of: dict[str, list] = {}
    for p in bundle.people:
        people_of.setdefault(p.household_id, []).append(p)
    events_of: dict[str, list] = {}
    for e in bundle.events:
        events_of.setdefault(e.household_id, []).append(e)
    ties_of: dict[str, list] = {}
    for t in bundle.ties:
        ties_of.setdefault(t.source_id, []).append(t)
        ties_of.setdefault(t.target_id, []).append(t)
    out = Bundle(agencies=list(bundle.agencies), people=list(people_of.get(None, [])))
    known = {a.agency_id for a in out.agencies} | {p.person_id for p in out.people}
    ties: dict = {}
    for h in bundle.households:
        if rows_of(out) + len(ties) >= rows:
            break
        out.households.append(h)
        out.people += people_of.get(h.household_id, [])
        out.events += events_of.get(h.household_id, [])
        inner = [h.household_id] + [p.person_id for p in people_of.get(h.household_id, [])]
        known.update(inner)
        for node in inner:
            for t in ties_of.get(node, []):
                if t.source_id in known and t.target_id in known:
                    ties[t.key] = t
    out.ties = list(ties.values())
    require_valid(out)
    return out


def naive_load(driver: Driver, database: str, bundle: Bundle) -> list[float]:
    """Write every row of ``bundle`` in a transaction of its own, into the current
    generation; seconds per row."""
    seconds = []
    with driver.session(database=database) as session:
        gen = session.run(cypher.CURRENT_GEN).single()["gen"]
        for table in TABLES:
            statement = _CREATE[table]
            for record in getattr(bundle, table):
                row = _row(record)
                start = time.perf_counter()
                session.execute_write(
                    lambda tx, s=statement, r=row: tx.run(s, rows=[r], gen=gen).consume())
                seconds.append(time.perf_counter() - start)
    return seconds


@dataclass
class TxHeapSampler:
    """Peak ``estimatedUsedHeapMemory`` of the other open transactions while in the block."""

    driver: Driver
    database: str = "neo4j"
    interval: float = 0.5
    peak_bytes: int = 0

    def __enter__(self) -> TxHeapSampler:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                records, _, _ = self.driver.execute_query(
                    "SHOW TRANSACTIONS YIELD currentQuery, estimatedUsedHeapMemory "
                    "WHERE NOT currentQuery STARTS WITH 'SHOW' "
                    "RETURN max(estimatedUsedHeapMemory) AS heap", database_=self.database)
                heap = records[0]["heap"] if records else None
                if heap:
                    self.peak_bytes = max(self.peak_bytes, int(heap))
            except Exception:  # noqa: BLE001 - a missed sample must not break the load
                pass

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def knee(medians: dict[int, float], within: float = 0.10) -> int:
    """The smallest batch size whose time is within ``within`` of the fastest.

    >>> knee({1000: 12.0, 5000: 10.4, 20000: 10.0, 50000: 10.1})
    5000
    """
    best = min(medians.values())
    return min(b for b, s in medians.items() if s <= best * (1 + within))
