"""Everything the rules say about one household, in one report for a case conference.

:func:`analyse_household` reads the household's network once into
:class:`~.facts.HouseholdFacts` and runs each concern on it: screening (8050, isolation),
gaps, risk (which reads the isolation and the no_lead gap), strategy, lead (with the
city-wide :class:`~.agency_network.AgencyIndex`) and the mini team (which reads the gaps and
the lead). :meth:`HouseholdReport.to_dict` is the JSON contract of ``RULES.md``, with labels
(Japanese by default) and the facts of each finding added.

Examples
--------
>>> from datetime import date
>>> from netsupport.graph import to_graph
>>> from netsupport.model import Agency, AgencyKind, Bundle, Household, Person, Relation
>>> from netsupport.rules import load_rules
>>> from netsupport.analysis.agency_network import build_agency_index
>>> b = Bundle(agencies=[Agency("A1", "支援室", AgencyKind.HIKIKOMORI_SUPPORT_OFFICE, "北区")],
...            households=[Household("H1", "北区")],
...            people=[Person("P1", Relation.SUBJECT, "H1", birth_year=1976)])
>>> rules, day = load_rules(), date(2026, 11, 1)
>>> g = to_graph(b)
>>> report = analyse_household(g, "H1", build_agency_index(g, rules, day), rules, day)
>>> d = report.to_dict()
>>> d["isolation"], d["risk"]["score"], d["lead"]["action"], d["team"]["lead"]
('unconnected', 11, 'assign', 'A1')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from ..i18n import t
from ..model import HouseholdStatus
from ..rules import Rules
from .agency_network import AgencyIndex
from .facts import HouseholdFacts, household_facts
from .gaps import Gap, open_gaps
from .lead import (
    ASSIGN,
    HANDOVER,
    HandoverReason,
    LeadDecision,
    Pick,
    decide_lead,
    no_bridge,
    recommend_lead,
)
from .risk import Risk, assess_risk
from .screening import Isolation, Screening8050, is_8050, isolation
from .strategy import Strategy, choose_strategy
from .team import Team, mini_team

__all__ = ["HouseholdReport", "LeadStanding", "analyse_household", "analyse_facts",
           "lead_standing"]


@dataclass(frozen=True, slots=True)
class HouseholdReport:
    """The analysis of one household as of one day; every part carries its facts."""

    household_id: str
    as_of: date
    facts: HouseholdFacts
    screening: Screening8050
    isolation: Isolation
    gaps: tuple[Gap, ...]
    risk: Risk
    strategy: Strategy
    lead: LeadDecision
    team: Team

    @property
    def is_8050(self) -> bool:
        return self.screening.is_8050

    def with_lead(self, lead: LeadDecision) -> HouseholdReport:
        """The same report with another lead decision that leaves the team as it is (see
        :meth:`~.lead.LeadDecision.with_candidates`)."""
        return HouseholdReport(self.household_id, self.as_of, self.facts, self.screening,
                               self.isolation, self.gaps, self.risk, self.strategy, lead,
                               self.team)

    def standing(self, lead: LeadDecision | None = None, *,
                 picked: bool = True) -> LeadStanding:
        """The household's line of the lead worklist (:class:`LeadStanding`); with
        ``lead``, with that decision instead of the report's (a city cache that decided
        again after an edit elsewhere, before making the team again); ``picked=False``:
        without its pick (a city cache whose report's candidates are stale)."""
        lead = lead or self.lead
        return LeadStanding(self.household_id, self.facts.household.ward, self.risk.score,
                            self.gaps, lead.current, lead.recommended, lead.action,
                            lead.reasons, self.facts.household.status,
                            Pick.of(lead.eligible) if picked else None)

    def to_dict(self, lang: str = "ja") -> dict[str, Any]:
        """The JSON object of ``netsupport household ID --json``.

        The keys and codes of ``RULES.md`` (household_id, as_of, is_8050, isolation,
        risk{score, level, factors[{code, points}]}, gaps[{code, needs}], strategy,
        lead{current, recommended, action, reasons, bridge}, team{lead, members, backup}),
        plus ``label`` and ``facts`` on each finding, and ``*_label`` / ``*_facts`` keys.
        """
        return {
            "household_id": self.household_id,
            "as_of": self.as_of.isoformat(),
            "ward": self.facts.household.ward,
            "status": self.facts.household.status.value,
            "is_8050": self.is_8050,
            "is_8050_label": self.screening.label(lang),
            "is_8050_facts": dict(self.screening.facts),
            "isolation": self.isolation.level,
            "isolation_label": self.isolation.label(lang),
            "isolation_explanation": self.isolation.explanation(lang),
            "isolation_facts": dict(self.isolation.facts),
            "risk": self.risk.to_dict(lang),
            "gaps": [g.to_dict(lang) for g in self.gaps],
            "strategy": self.strategy.code,
            "strategy_label": self.strategy.label(lang),
            "strategy_explanation": self.strategy.explanation(lang),
            "strategy_facts": dict(self.strategy.facts),
            "lead": self.lead.to_dict(lang),
            "team": self.team.to_dict(lang),
            "labels": {"risk_level": t(self.risk.level_label_key, lang),
                       "lead_action": t(self.lead.action_label_key, lang)},
        }


@dataclass(frozen=True, slots=True)
class LeadStanding:
    """What the lead worklist shows of one household: its lead decision (who leads, who
    should, what to do, why) and, beside it, its ward, risk score and gaps.

    A part of :class:`HouseholdReport` (:meth:`HouseholdReport.standing`) kept apart
    because it changes far less often than the report: an office's new lead changes that
    office's entry among the candidates of thousands of households (its lead count), so
    thousands of reports, but the decision of few. A city cache keeps each household's
    standing and checks it against a changed lead count without making the report again
    (:mod:`netsupport.citycache`), so the worklist after such an edit costs the city
    little.
    """

    household_id: str
    ward: str
    risk_score: int
    gaps: tuple[Gap, ...]
    current: str | None
    recommended: str | None
    action: str
    reasons: tuple[HandoverReason, ...]
    #: the household's status: a closed case's lead needs no decision
    status: HouseholdStatus = HouseholdStatus.ACTIVE
    #: the best candidate and the next best's key the decision was made from (``None``:
    #: not known): what a city cache checks a risen lead count against, not part of what
    #: the worklist shows (two standings of one decision are equal whatever their picks)
    pick: Pick | None = field(default=None, compare=False, repr=False)

    @property
    def action_label_key(self) -> str:
        return f"lead.action.{self.action}"

    def needs_decision(self, rules: Rules) -> bool:
        """Whether the lead needs a decision: the analysis recommends assigning or handing
        over, or the no_lead or stale_lead gap is open -- never for a closed case (a status
        of ``gaps.closed_statuses``, 終結), whose gaps are not open either: nobody is to
        lead it any more."""
        return self.status not in rules.gaps.closed_statuses and (
            self.action in (ASSIGN, HANDOVER)
            or any(g.code in ("no_lead", "stale_lead") for g in self.gaps))


def analyse_household(network: nx.MultiDiGraph, household_id: str, agencies: AgencyIndex,
                      rules: Rules, as_of: date) -> HouseholdReport:
    """Analyse one household as of one day.

    Parameters
    ----------
    network : nx.MultiDiGraph
        ``to_graph(store.household_network(household_id))`` (a larger graph works too).
    household_id : str
    agencies : AgencyIndex
        ``build_agency_index(to_graph(store.agency_ties()), rules, as_of)``: the city-wide
        agencies a lead or a team member may come from.
    rules : Rules
    as_of : date

    Returns
    -------
    HouseholdReport

    Raises
    ------
    NotFoundError
        When the network holds no household of that id.
    ValueError
        When the agency index was built for another day than ``as_of``.
    """
    if agencies.as_of != as_of:
        raise ValueError(f"the agency index is as of {agencies.as_of.isoformat()}, "
                         f"the analysis as of {as_of.isoformat()}: build it for the same day")
    return analyse_facts(household_facts(network, household_id, rules, as_of), agencies, rules)


def analyse_facts(facts: HouseholdFacts, agencies: AgencyIndex, rules: Rules) -> HouseholdReport:
    """:func:`analyse_household` of facts already read (a city cache keeps every household's
    facts and reruns only this when the agencies change)."""
    if agencies.as_of != facts.as_of:
        raise ValueError(f"the agency index is as of {agencies.as_of.isoformat()}, "
                         f"the facts as of {facts.as_of.isoformat()}: build it for the same day")
    household_id, as_of = facts.household_id, facts.as_of
    screening = is_8050(facts, rules)
    isolated = isolation(facts, rules)
    gaps = open_gaps(facts, rules)
    risk = assess_risk(facts, rules, isolation_level=isolated, gaps=gaps)
    lead = recommend_lead(facts, agencies, rules)
    team = mini_team(facts, gaps, lead, agencies, rules)
    return HouseholdReport(household_id, as_of, facts, screening, isolated, gaps, risk,
                           choose_strategy(facts), lead, team)



def lead_standing(facts: HouseholdFacts, agencies: AgencyIndex, rules: Rules, risk_score: int,
                  pick: Pick, gaps: tuple[Gap, ...] | None = None,
                  reasons: tuple[HandoverReason, ...] | None = None) -> LeadStanding:
    """``analyse_facts(facts, agencies, rules).standing()`` without the report: the lead
    decision from the best candidate alone (``pick``: :class:`~.lead.LeadPicker`'s, or
    ``Pick.of(eligible_leads(...))``), with no bridge and no team (the worklist shows
    neither), the gaps (``gaps``: those of an earlier standing made of the same facts, which
    a lead count cannot change), the current lead's reasons to hand over when known
    (``reasons``, :func:`~.lead.decide_lead`), and ``risk_score`` (the household's scan
    row's, the same score).

    The lead worklist's first showing at a city's scale asks this of every household in
    scope; a report (the team, every candidate, the bridge, every finding's facts) is made
    only for the household someone opens.
    """
    best = pick.best
    lead = decide_lead(facts, agencies, rules, () if best is None else (best,), reasons,
                       bridge=no_bridge)
    return LeadStanding(facts.household_id, facts.household.ward, risk_score,
                        open_gaps(facts, rules) if gaps is None else gaps,
                        lead.current, lead.recommended, lead.action,
                        lead.reasons, facts.household.status, pick)
