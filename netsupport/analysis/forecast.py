"""The city's forward view for supervisors: whose subjects would be left alone when the oldest
parents are gone, now or in N years.

"If every parent aged 85 or over were gone, which subjects would be left unconnected or
isolated?" :func:`after_parents_forecast` answers it for the whole city (or a ward) in one
pass: the city's records (its graph, or the scan's part of it as a bundle) are read once
into :class:`~.simulation.WhatIfNetwork`, moved
``years`` on when asked (everyone that much older, every other date moved with the as-of
day, as ``years_pass`` of :mod:`.simulation`), and every living parent of a household with
a subject who is then at least ``parent_age`` (``after_parents.forecast_parent_age``, 85)
dies, as ``parent_dies`` does: their ties end, the supports tied only to them are lost, and
a subject left with nobody at home gets the rules' alone family capacity. Both the city as
it is and the city after are read once (:func:`~.facts.city_facts` of a graph,
:func:`~.facts.bundle_facts` of records: the same facts) and screened with the same
functions :func:`~.city.scan` uses, so a row agrees with the household's own
simulation (:func:`~.simulation.simulate` with the same events).

Each household that loses a parent is a :class:`ForecastRow`: its isolation and risk
before (as it is on ``as_of``) and after, the supports it keeps and loses, the gaps after,
and the worries of the after-parents checklist (:mod:`.readiness`) nobody would carry.
Rows are ranked by the risk after, highest first, then household_id;
:attr:`Forecast.left_isolated` keeps those left isolated or unconnected, and
:meth:`Forecast.ward_counts` counts them by ward.

Examples
--------
>>> from datetime import date
>>> from netsupport.graph import to_graph
>>> from netsupport.model import Agency, AgencyKind, Bundle, Household, Person, Relation, Tie
>>> from netsupport.model import TieKind
>>> from netsupport.rules import load_rules
>>> g = to_graph(Bundle(
...     agencies=[Agency("A1", "訪問介護", AgencyKind.HOME_CARE)],
...     households=[Household("H1", "北区"), Household("H2", "西区")],
...     people=[Person("P1", Relation.SUBJECT, "H1", birth_year=1974),
...             Person("P2", Relation.MOTHER, "H1", birth_year=1940),
...             Person("P3", Relation.SUBJECT, "H2", birth_year=1980),
...             Person("P4", Relation.FATHER, "H2", birth_year=1950)],
...     ties=[Tie("A1", "P2", TieKind.SUPPORT, last_contact=date(2026, 10, 1))]))
>>> f = after_parents_forecast(g, load_rules(), date(2026, 11, 1))
>>> [(r.household_id, r.parents_gone, r.isolation_after) for r in f.rows]
[('H1', ('P2',), 'unconnected')]
>>> [r.household_id for r in after_parents_forecast(g, load_rules(), date(2026, 11, 1),
...                                                 years=9).rows]
['H1', 'H2']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from ..i18n import t
from ..model import WARDS, Bundle
from ..rules import Rules
from .facts import HouseholdFacts, age, bundle_facts, city_facts
from .gaps import open_gap_codes, open_gaps
from .readiness import after_parents_readiness
from .risk import assess_risk, risk_score
from .screening import CONNECTED, ISOLATED, UNCONNECTED, isolation, isolation_level
from .simulation import PARENT_DIES, SimulationError, WhatIfNetwork
from .strategy import choose_strategy

__all__ = ["ForecastRow", "WardCount", "Forecast", "after_parents_forecast", "parents_gone",
           "forecast_rank"]


@dataclass(frozen=True, slots=True)
class ForecastRow:
    """One household that loses a parent: before (as of today) and after."""

    household_id: str
    ward: str
    subject_id: str
    subject_age: int | None
    parents_gone: tuple[str, ...]
    parent_ages: tuple[int, ...]
    isolation_before: str
    isolation_after: str
    risk_before: int
    risk_after: int
    risk_level_after: str
    supports_after: tuple[str, ...]
    supports_lost: tuple[str, ...]
    gaps_after: tuple[str, ...]
    strategy_after: str
    readiness_gaps: tuple[str, ...]

    @property
    def left_isolated(self) -> bool:
        """Left isolated or unconnected once the parents are gone."""
        return self.isolation_after != CONNECTED

    def to_dict(self, lang: str = "ja") -> dict[str, Any]:
        return {
            "household_id": self.household_id, "ward": self.ward,
            "subject_id": self.subject_id, "subject_age": self.subject_age,
            "parents_gone": list(self.parents_gone), "parent_ages": list(self.parent_ages),
            "isolation_before": self.isolation_before, "isolation_after": self.isolation_after,
            "isolation_before_label": t(f"isolation.{self.isolation_before}", lang),
            "isolation_after_label": t(f"isolation.{self.isolation_after}", lang),
            "risk_before": self.risk_before, "risk_after": self.risk_after,
            "risk_level_after": self.risk_level_after,
            "risk_level_after_label": t(f"risk_level.{self.risk_level_after}", lang),
            "supports_after": list(self.supports_after),
            "supports_lost": list(self.supports_lost), "gaps_after": list(self.gaps_after),
            "strategy_after": self.strategy_after,
            "readiness_gaps": list(self.readiness_gaps),
            "left_isolated": self.left_isolated,
        }


@dataclass(frozen=True, slots=True)
class WardCount:
    """Per ward: households losing a parent, and subjects left isolated / unconnected."""

    ward: str
    affected: int
    isolated: int
    unconnected: int

    def to_dict(self) -> dict[str, Any]:
        return {"ward": self.ward, "affected": self.affected, "isolated": self.isolated,
                "unconnected": self.unconnected}


@dataclass(frozen=True, slots=True)
class Forecast:
    """The forward view: ``rows`` are every household that loses a parent, ranked."""

    as_of: date
    as_of_after: date
    years: int
    parent_age: int
    ward: str | None
    households: int
    rows: tuple[ForecastRow, ...]

    @property
    def left_isolated(self) -> tuple[ForecastRow, ...]:
        return tuple(r for r in self.rows if r.left_isolated)

    def ward_counts(self) -> tuple[WardCount, ...]:
        """The wards with a household losing a parent, in the city's order of wards."""
        counts: dict[str, list[int]] = {}
        for r in self.rows:
            c = counts.setdefault(r.ward, [0, 0, 0])
            c[0] += 1
            c[1] += r.isolation_after == ISOLATED
            c[2] += r.isolation_after == UNCONNECTED
        order = {w: i for i, w in enumerate(WARDS)}
        return tuple(WardCount(w, *counts[w])
                     for w in sorted(counts, key=lambda w: (order.get(w, len(WARDS)), w)))

    def to_dict(self, lang: str = "ja", *, every_row: bool = False) -> dict[str, Any]:
        """JSON: the counts, by ward, and the rows left isolated (``every_row``: all)."""
        rows = self.rows if every_row else self.left_isolated
        return {
            "as_of": self.as_of.isoformat(), "as_of_after": self.as_of_after.isoformat(),
            "years": self.years, "parent_age": self.parent_age, "ward": self.ward,
            "households": self.households, "affected": len(self.rows),
            "left_isolated": len(self.left_isolated),
            "title": t("forecast.title", lang, parent_age=self.parent_age),
            "by_ward": [c.to_dict() for c in self.ward_counts()],
            "rows": [r.to_dict(lang) for r in rows],
        }


def forecast_rank(row: ForecastRow) -> tuple[int, str]:
    """A row's place in a forecast: the highest risk after first, then by household id (one
    row per household)."""
    return (-row.risk_after, row.household_id)


def parents_gone(facts: HouseholdFacts, day: date, parent_age: int
                 ) -> tuple[tuple[str, int], ...]:
    """The (person id, age on ``day``) of each living parent the forecast takes as gone:
    ``parent_age`` or over on the later day. Empty for a household with no subject (the
    forecast follows a subject). The one rule of who goes, for the whole city's forecast and
    for the city cache's, which simulates only the households this names."""
    if facts.subject is None:
        return ()
    return tuple((p.person_id, a) for p in facts.parents
                 if (a := age(p, day)) is not None and a >= parent_age)


def after_parents_forecast(city: nx.MultiDiGraph | Bundle, rules: Rules, as_of: date, *,
                           parent_age: int | None = None, years: int = 0,
                           ward: str | None = None) -> Forecast:
    """Take every parent of at least ``parent_age`` as gone, ``years`` from now.

    Parameters
    ----------
    city : nx.MultiDiGraph or Bundle
        ``to_graph(store.city_network(ward))``, or a bundle holding at least what the
        households' facts read (``store.scan_network(ward)``: the facts are the same,
        :func:`~.facts.bundle_facts`, and no graph is built); it is never changed.
    rules : Rules
    as_of : date
    parent_age : int, optional
        Default ``after_parents.forecast_parent_age`` (85); the age on the later day.
    years : int
        0 (now) to ``after_parents.max_years``.
    ward : str, optional
        Keep the households of this ward only.

    Returns
    -------
    Forecast

    Raises
    ------
    SimulationError
        ``years`` out of range, or a negative ``parent_age``.
    """
    cfg = rules.after_parents
    threshold = cfg.forecast_parent_age if parent_age is None else parent_age
    if not 0 <= years <= cfg.max_years:
        raise SimulationError(f"years: expected 0 to {cfg.max_years}, got {years}")
    if threshold < 0:
        raise SimulationError(f"parent age: expected 0 or more, got {threshold}")
    if isinstance(city, Bundle):
        before = dict(bundle_facts(city, rules, as_of, ward=ward))
        world = WhatIfNetwork(city, as_of, rules)
    else:
        before = city_facts(city, rules, as_of, ward=ward)
        world = WhatIfNetwork.from_graph(city, as_of, rules)
    if years:
        world.years_pass(years)
    day = world.day
    gone: dict[str, tuple[tuple[str, int], ...]] = {}
    for hid, facts in before.items():
        old = parents_gone(facts, day, threshold)
        if old:
            gone[hid] = old
    world.depart({pid: PARENT_DIES for old in gone.values() for pid, _ in old})
    # the facts after, from the world's records as they stand (no graph of them is built)
    after = dict(bundle_facts(world.to_bundle(), rules, day, ward=ward))
    rows = [_row(before[hid], after[hid], gone[hid], rules) for hid in gone]
    rows.sort(key=forecast_rank)
    return Forecast(as_of, day, years, threshold, ward, len(before), tuple(rows))


def _row(before, after, gone: tuple[tuple[str, int], ...], rules: Rules) -> ForecastRow:
    # the row keeps the answers before, not their explanations: the bare checks
    level_before = isolation_level(before, rules)
    level_after = isolation(after, rules)
    gaps_after = open_gaps(after, rules)
    risk_after = assess_risk(after, rules, isolation_level=level_after, gaps=gaps_after)
    kept = {s.support_id for s in after.supports}
    return ForecastRow(
        household_id=after.household_id,
        ward=after.household.ward,
        subject_id=after.subject.person_id,
        subject_age=after.age(after.subject),
        parents_gone=tuple(pid for pid, _ in gone),
        parent_ages=tuple(a for _, a in gone),
        isolation_before=level_before,
        isolation_after=level_after.level,
        risk_before=risk_score(before, rules, level_before, open_gap_codes(before, rules)),
        risk_after=risk_after.score,
        risk_level_after=risk_after.level,
        supports_after=tuple(sorted(kept)),
        supports_lost=tuple(s.support_id for s in before.supports if s.support_id not in kept),
        gaps_after=tuple(g.code for g in gaps_after),
        strategy_after=choose_strategy(after).code,
        readiness_gaps=after_parents_readiness(before, rules).gaps,
    )
