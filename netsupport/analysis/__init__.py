"""The analysis engine: what ``RULES.md`` says about households and agencies, as of a day.

Pure functions from a network graph (:func:`netsupport.graph.to_graph`), the rules
(:func:`netsupport.rules.load_rules`) and an as-of date to frozen result objects. Each
finding carries its code, a label key of :mod:`netsupport.i18n` and the facts behind it; the
CLI and the UI only format them. One module per concern:

- :mod:`.facts`: ages, active ties, members, subject, parents, supports, the current lead;
- :mod:`.screening`: is_8050 and isolation;
- :mod:`.gaps`: open gaps and the agency kinds that would fill them;
- :mod:`.risk`: the risk score, its factors and level;
- :mod:`.strategy`: the support strategy and the branch taken;
- :mod:`.lead`: keep, assign or hand over the lead, with reasons and the bridge;
- :mod:`.team`: the mini support team and its backup agencies;
- :mod:`.agency_network`: the city's agencies, their lead counts and the agency graph;
- :mod:`.household`: all of it for one household (:func:`analyse_household`);
- :mod:`.city`: the supervisor's scan and the agency report;
- :mod:`.simulation`, :mod:`.readiness`, :mod:`.forecast`: 親なき後 — what happens when a
  parent is hospitalised, enters care or dies, which of the six worries are carried, and
  the city's forward view.

Examples
--------
>>> from datetime import date
>>> from netsupport.graph import to_graph
>>> from netsupport.model import Bundle, Household, Person, Relation
>>> from netsupport.rules import load_rules
>>> g = to_graph(Bundle(households=[Household("H1", "北区")],
...                     people=[Person("P1", Relation.SUBJECT, "H1")]))
>>> rules, day = load_rules(), date(2026, 11, 1)
>>> analyse_household(g, "H1", build_agency_index(g, rules, day), rules, day).lead.action
'none'
"""

from .agency_network import AgencyIndex, bridge_path, build_agency_index
from .city import AgencyReport, ScanRow, agency_report, scan, scan_bundle, scan_facts, scan_row
from .facts import HouseholdFacts, city_facts, household_facts
from .forecast import Forecast, after_parents_forecast
from .gaps import GAP_CODES, Gap, open_gaps
from .household import HouseholdReport, analyse_facts, analyse_household
from .lead import LeadDecision, eligible_leads, recommend_lead
from .readiness import Readiness, after_parents_readiness
from .risk import Risk, RiskFactor, assess_risk, risk_level
from .screening import Isolation, Screening8050, is_8050, isolation
from .simulation import SimulationResult, WhatIf, parse_what_if, simulate
from .strategy import Strategy, choose_strategy
from .team import Team, TeamMember, mini_team

__all__ = [
    "Forecast",
    "Readiness",
    "SimulationResult",
    "WhatIf",
    "after_parents_forecast",
    "after_parents_readiness",
    "parse_what_if",
    "simulate",
    "AgencyIndex",
    "AgencyReport",
    "GAP_CODES",
    "Gap",
    "HouseholdFacts",
    "HouseholdReport",
    "Isolation",
    "LeadDecision",
    "Risk",
    "RiskFactor",
    "ScanRow",
    "Screening8050",
    "Strategy",
    "Team",
    "TeamMember",
    "agency_report",
    "analyse_household",
    "analyse_facts",
    "assess_risk",
    "bridge_path",
    "build_agency_index",
    "choose_strategy",
    "city_facts",
    "eligible_leads",
    "household_facts",
    "is_8050",
    "isolation",
    "mini_team",
    "open_gaps",
    "recommend_lead",
    "risk_level",
    "scan",
    "scan_bundle",
    "scan_facts",
    "scan_row",
]
