"""The support strategy (支援の方略) of ``RULES.md``, with the branch that chose it.

1. crisis yes → ``crisis_intervention``
2. else acceptance accepts → ``direct_support``
3. else (refuses or unknown) family capacity good → ``via_family``
4. else (difficult or unknown) → ``prepare_for_crisis``

The family capacity is that of the basic facts (:class:`~.facts.FamilyJudgement`): difficult
when nobody at home but the subject is free of dementia and needs care, whatever was
recorded -- working through a family that is not there, or needs care itself, is not real.
An unrecorded crisis reads as no. The branches hold no number, so the rules file has no
``[strategy]`` table.

Examples
--------
>>> from datetime import date
>>> from netsupport.graph import to_graph
>>> from netsupport.model import Acceptance, Bundle, Condition, FamilyCapacity, Household
>>> from netsupport.model import Person, Relation
>>> from netsupport.rules import load_rules
>>> from netsupport.analysis.facts import household_facts
>>> h = Household("H1", "北区", acceptance=Acceptance.REFUSES,
...               family_capacity=FamilyCapacity.GOOD)
>>> me, mother = Person("P1", Relation.SUBJECT, "H1"), Person("P2", Relation.MOTHER, "H1")
>>> def strategy(*people):
...     g = to_graph(Bundle(households=[h], people=list(people)))
...     return choose_strategy(household_facts(g, "H1", load_rules(), date(2026, 11, 1)))
>>> s = strategy(me, mother)
>>> s.code, s.branch, s.label(), s.facts["family_capacity_source"]
('via_family', 3, '家族を通した本人への働きかけ', 'recorded')

Recorded good, but the only one at home besides the subject is a mother with dementia:

>>> s = strategy(me, Person("P2", Relation.MOTHER, "H1", conditions=(Condition.DEMENTIA,)))
>>> s.code, s.facts["family_capacity"], s.facts["family_capacity_source"]
('prepare_for_crisis', 'difficult', 'derived')
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
    "strategy_branch",
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
        """Why this strategy, in sentences for staff (no branch numbers): the branch taken,
        and, where the family capacity decided it and was derived from who is at home rather
        than recorded, why the family was taken as struggling."""
        why = t(self.explanation_key, lang)
        if self.branch < 3 or self.facts.get("family_capacity_source") != "derived":
            return why
        recorded = self.facts.get("family_capacity_recorded")
        words = (FamilyCapacity(recorded).label(lang) if recorded
                 else t("strategy.family.unrecorded", lang))
        key = "strategy.family.alone" if self.facts.get("alone") else "strategy.family.derived"
        return f"{why}。{t(key, lang, recorded=words)}" if lang == "ja" else (
            f"{why}. {t(key, lang, recorded=words)}")


def strategy_branch(facts: HouseholdFacts) -> tuple[str, int]:
    """The branch of RULES.md the household takes: (strategy code, branch number 1-4).

    :func:`choose_strategy` answers with this and the facts it read; a city scan, which
    needs only the code, asks this (no facts made for 80,000 households).
    """
    h = facts.household
    if h.crisis is True:
        return CRISIS_INTERVENTION, 1
    if h.acceptance == Acceptance.ACCEPTS:
        return DIRECT_SUPPORT, 2
    if facts.family.value == FamilyCapacity.GOOD:
        return VIA_FAMILY, 3
    return PREPARE_FOR_CRISIS, 4


def choose_strategy(facts: HouseholdFacts) -> Strategy:
    """Choose the strategy of one household from its crisis, acceptance and family capacity.

    Returns
    -------
    Strategy
        ``facts`` hold the values read (codes, ``None`` when not recorded), the family
        capacity with its source (recorded or derived) and the members it was judged from.
    """
    h = facts.household
    code, branch = strategy_branch(facts)
    return Strategy(
        code=code,
        label_key=f"strategy.{code}",
        facts={"crisis": h.crisis,
               "acceptance": h.acceptance.value if h.acceptance else None,
               **facts.family.to_facts()},
        branch=branch,
    )
