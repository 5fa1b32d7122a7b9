"""The support strategy (支援の方略) of ``RULES.md``, with the branch that chose it.

1. crisis yes → ``crisis_intervention``
2. else acceptance accepts → ``direct_support``
3. else (refuses or unknown) family_capacity good → ``via_family``
4. else (difficult or unknown) → ``prepare_for_crisis``

An unrecorded crisis reads as no. The branches hold no number, so the rules file has no
``[strategy]`` table.

Examples
--------
>>> from datetime import date
>>> from netsupport.graph import to_graph
>>> from netsupport.model import Acceptance, Bundle, FamilyCapacity, Household
>>> from netsupport.rules import load_rules
>>> from netsupport.analysis.facts import household_facts
>>> h = Household("H1", "北区", acceptance=Acceptance.REFUSES,
...               family_capacity=FamilyCapacity.GOOD)
>>> f = household_facts(to_graph(Bundle(households=[h])), "H1", load_rules(), date(2026, 11, 1))
>>> s = choose_strategy(f)
>>> s.code, s.branch, s.label()
('via_family', 3, '家族を通した本人への働きかけ')
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import t
from ..model import Acceptance, FamilyCapacity
from .facts import HouseholdFacts
from .findings import Finding

__all__ = [
    "CRISIS_INTERVENTION",
    "DIRECT_SUPPORT",
    "VIA_FAMILY",
    "PREPARE_FOR_CRISIS",
    "STRATEGIES",
    "Strategy",
    "choose_strategy",
]

CRISIS_INTERVENTION = "crisis_intervention"
DIRECT_SUPPORT = "direct_support"
VIA_FAMILY = "via_family"
PREPARE_FOR_CRISIS = "prepare_for_crisis"
STRATEGIES = (CRISIS_INTERVENTION, DIRECT_SUPPORT, VIA_FAMILY, PREPARE_FOR_CRISIS)


@dataclass(frozen=True, slots=True, kw_only=True)
class Strategy(Finding):
    """The strategy (its ``code``), the branch number (1-4) taken and the facts it read."""

    branch: int

    @property
    def explanation_key(self) -> str:
        return f"strategy.{self.code}.why"

    def explanation(self, lang: str = "ja") -> str:
        """The branch taken, in words."""
        return t(self.explanation_key, lang)


def choose_strategy(facts: HouseholdFacts) -> Strategy:
    """Choose the strategy of one household from its crisis, acceptance and family capacity.

    Returns
    -------
    Strategy
        ``facts`` hold the three values read (codes, ``None`` when not recorded).
    """
    h = facts.household
    if h.crisis is True:
        code, branch = CRISIS_INTERVENTION, 1
    elif h.acceptance == Acceptance.ACCEPTS:
        code, branch = DIRECT_SUPPORT, 2
    elif h.family_capacity == FamilyCapacity.GOOD:
        code, branch = VIA_FAMILY, 3
    else:
        code, branch = PREPARE_FOR_CRISIS, 4
    return Strategy(
        code=code,
        label_key=f"strategy.{code}",
        facts={"crisis": h.crisis,
               "acceptance": h.acceptance.value if h.acceptance else None,
               "family_capacity": h.family_capacity.value if h.family_capacity else None},
        branch=branch,
    )
