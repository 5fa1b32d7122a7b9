"""The whole city at once: the supervisor's scan of households, and the agency report.

:func:`scan` reads the city graph in one pass (:func:`~.facts.iter_city_facts`) and screens every
household with the same functions :func:`~.household.analyse_household` uses, so each row
agrees with the household's own report. It needs no agency index: the scan's fields (8050,
isolation, risk, strategy, gaps) depend only on the household's own network.

:func:`agency_report` is the city-wide view of the agencies: the sole supports of
households, the brokers of the agency graph, the agencies over capacity, and the wards
where households lack a needed kind of agency (see :mod:`.agency_network`).

Examples
--------
>>> from datetime import date
>>> from netsupport.graph import to_graph
>>> from netsupport.model import Bundle, Household, Person, Relation
>>> from netsupport.rules import load_rules
>>> g = to_graph(Bundle(households=[Household("H1", "北区"), Household("H2", "西区",
...                                                                   crisis=True)],
...                     people=[Person("P1", Relation.SUBJECT, "H1"),
...                             Person("P2", Relation.SUBJECT, "H2"),
...                             Person("P3", Relation.MOTHER, "H2")]))
>>> [(r.household_id, r.risk_score) for r in scan(g, load_rules(), date(2026, 11, 1))]
[('H1', 10), ('H2', 8)]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from ..i18n import t
from ..model import Bundle
from ..rules import Rules
from .agency_network import (
    AgencyIndex,
    Broker,
    OverCapacity,
    SoleSupport,
    WardShortage,
    broker_scores,
    build_agency_index,
    over_capacity,
    sole_supports,
    ward_shortages,
)
from .facts import HouseholdFacts, bundle_facts, city_facts, iter_city_facts
from .gaps import Gap, open_gap_codes, open_gaps
from .risk import risk_level, risk_score
from .screening import CONNECTED, is_8050_household, isolation_level
from .strategy import strategy_branch

__all__ = ["ScanRow", "scan", "scan_bundle", "scan_facts", "scan_row", "AgencyReport",
           "agency_report", "agency_report_of"]


@dataclass(frozen=True, slots=True)
class ScanRow:
    """One household of the scan: the fields of ``netsupport scan --json``, and its stage
    (the recorded code, ``""`` for none: the dashboard filters on it without reading every
    household's view)."""

    household_id: str
    ward: str
    is_8050: bool
    isolation: str
    risk_score: int
    risk_level: str
    strategy: str
    gaps: tuple[str, ...]
    stage: str = ""

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The contract's keys; with ``lang``, ``*_label`` keys are added too."""
        row: dict[str, Any] = {
            "household_id": self.household_id, "ward": self.ward, "is_8050": self.is_8050,
            "isolation": self.isolation, "risk_score": self.risk_score,
            "risk_level": self.risk_level, "strategy": self.strategy, "gaps": list(self.gaps),
            "stage": self.stage,
        }
        if lang is not None:
            row.update({
                "isolation_label": t(f"isolation.{self.isolation}", lang),
                "risk_level_label": t(f"risk_level.{self.risk_level}", lang),
                "strategy_label": t(f"strategy.{self.strategy}", lang),
            })
        return row


def scan(city: nx.MultiDiGraph, rules: Rules, as_of: date, *, ward: str | None = None,
         only_8050: bool = False, isolated: bool = False) -> list[ScanRow]:
    """Screen every household of a city (or ward) graph, highest risk first.

    Parameters
    ----------
    city : nx.MultiDiGraph
        ``to_graph(store.city_network(ward))``.
    rules : Rules
    as_of : date
    ward : str, optional
        Keep the households of this ward only.
    only_8050 : bool
        Keep the 8050 households only.
    isolated : bool
        Keep the households whose isolation is isolated or unconnected only.

    Returns
    -------
    list of ScanRow
        Sorted by risk_score, highest first, then household_id.
    """
    return scan_facts(iter_city_facts(city, rules, as_of, ward=ward), rules,
                      only_8050=only_8050, isolated=isolated)


def scan_bundle(city: Bundle, rules: Rules, as_of: date, *, ward: str | None = None,
                only_8050: bool = False, isolated: bool = False) -> list[ScanRow]:
    """:func:`scan` straight from the city's records, without building its graph.

    The same rows as ``scan(to_graph(city), ...)`` (:func:`~.facts.bundle_facts` gives the
    same facts), in a fraction of the time: the city scan of the app and the CLI.
    """
    return scan_facts(bundle_facts(city, rules, as_of, ward=ward), rules,
                      only_8050=only_8050, isolated=isolated)


def scan_facts(households: Iterable[tuple[str, HouseholdFacts]], rules: Rules, *,
               only_8050: bool = False, isolated: bool = False) -> list[ScanRow]:
    """The scan rows of (household id, facts) pairs, highest risk first, then by id."""
    rows = []
    for _, facts in households:
        row = scan_row(facts, rules)
        if only_8050 and not row.is_8050:
            continue
        if isolated and row.isolation == CONNECTED:
            continue
        rows.append(row)
    rows.sort(key=lambda r: (-r.risk_score, r.household_id))
    return rows


def scan_row(facts: HouseholdFacts, rules: Rules) -> ScanRow:
    """One household's scan row: what :func:`~.household.analyse_household` finds, without
    the lead and team (which need the city's agencies).

    The row holds answers, not their explanations, so it asks each rule's bare answer
    (:func:`~.screening.isolation_level`, :func:`~.gaps.open_gap_codes`,
    :func:`~.risk.risk_score`, :func:`~.screening.is_8050_household`,
    :func:`~.strategy.strategy_branch`), which the full findings are made from: the same
    checks, without making their facts 80,000 times.
    """
    level = isolation_level(facts, rules)
    gaps = open_gap_codes(facts, rules)
    score = risk_score(facts, rules, level, gaps)
    household = facts.household
    return ScanRow(facts.household_id, household.ward, is_8050_household(facts, rules),
                   level, score, risk_level(score, rules), strategy_branch(facts)[0], gaps,
                   household.stage.value if household.stage else "")


@dataclass(frozen=True, slots=True)
class AgencyReport:
    """The city-wide agency report; see :func:`agency_report`."""

    as_of: date
    sole_support: tuple[SoleSupport, ...]
    brokers: tuple[Broker, ...]
    over_capacity: tuple[OverCapacity, ...]
    ward_shortages: tuple[WardShortage, ...]
    agencies: int
    links: int

    def to_dict(self, lang: str = "ja") -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "agencies": self.agencies,
            "links": self.links,
            "sole_support": [r.to_dict() for r in self.sole_support],
            "brokers": [r.to_dict(lang) for r in self.brokers],
            "over_capacity": [r.to_dict() for r in self.over_capacity],
            "ward_shortages": [r.to_dict() for r in self.ward_shortages],
            "labels": {key: t(f"agency_report.{key}", lang)
                       for key in ("title", "sole_support", "brokers", "over_capacity",
                                   "ward_shortages")},
        }


def agency_report(city: nx.MultiDiGraph, rules: Rules, as_of: date,
                  top: int | None = None) -> AgencyReport:
    """The agencies of a city graph: sole supports, brokers, over capacity, ward shortages.

    Parameters
    ----------
    city : nx.MultiDiGraph
        ``to_graph(store.city_network())``: households and people are needed for sole
        supports and shortages (a ward's graph gives that ward's view, its lead counts
        limited to the ward's households).
    rules : Rules
    as_of : date
    top : int, optional
        How many brokers to list (default ``agency_report.top_brokers``, 20).

    Returns
    -------
    AgencyReport

    Examples
    --------
    >>> from netsupport.graph import to_graph
    >>> from netsupport.model import Agency, AgencyKind, Bundle, Household, Person, Relation
    >>> from netsupport.model import Tie, TieKind
    >>> from netsupport.rules import load_rules
    >>> g = to_graph(Bundle(agencies=[Agency("A1", "社協", AgencyKind.SOCIAL_WELFARE_COUNCIL)],
    ...                     households=[Household("H1", "北区")],
    ...                     people=[Person("P1", Relation.SUBJECT, "H1")],
    ...                     ties=[Tie("A1", "P1", TieKind.SUPPORT)]))
    >>> r = agency_report(g, load_rules(), date(2026, 11, 1))
    >>> [(s.agency_id, s.households) for s in r.sole_support]
    [('A1', ('H1',))]
    """
    return agency_report_of(city_facts(city, rules, as_of).values(),
                            build_agency_index(city, rules, as_of), rules, top=top)


def agency_report_of(households: Iterable[HouseholdFacts], index: AgencyIndex, rules: Rules,
                     top: int | None = None, *,
                     gaps: Mapping[str, Iterable[Gap]] | None = None,
                     brokers: tuple[Broker, ...] | None = None) -> AgencyReport:
    """:func:`agency_report` of households' facts and their agency index, read already.

    What the app calls with the city's kept results (:mod:`netsupport.cityreports`), so
    that an edit elsewhere does not read the city again; ``gaps`` (each household's open
    gaps, by id) and ``brokers`` (:func:`broker_scores` of this index and ``top``) may come
    kept too, else they are found here. The index's day is the report's.
    """
    households = list(households)
    if gaps is None:
        gaps = {f.household_id: open_gaps(f, rules) for f in households}
    if brokers is None:
        brokers = broker_scores(index, rules.agency_report.top_brokers if top is None else top,
                                rules)
    return AgencyReport(
        as_of=index.as_of,
        sole_support=sole_supports(households, rules),
        brokers=brokers,
        over_capacity=over_capacity(index),
        ward_shortages=ward_shortages(households, gaps, index),
        agencies=index.graph.number_of_nodes(),
        links=index.graph.number_of_edges(),
    )
