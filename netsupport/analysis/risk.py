"""The risk score: explainable points, each from one factor with the facts behind it.

The factors of ``RULES.md``, in its order, with their points from ``[risk.points]``:
``crisis`` (crisis is yes), ``subject_alone`` (no living household member but the subject:
親なき後), ``unconnected`` / ``isolated`` (the isolation level),
``parent_80_plus`` (a parent is ``risk.parent_age`` (80) or older), ``parent_care_need``
(a parent has a condition of ``facts.care_conditions``), ``no_lead`` (the no_lead gap is open),
``subject_50_plus`` (the subject is ``risk.subject_age`` (50) or older), ``long_withdrawal``
(withdrawn_since is ``risk.withdrawal_years`` (10) or more whole years before as_of),
``parent_deceased`` (a member with a parent relation is deceased), ``refuses``,
``family_difficult`` (the family capacity of the basic facts -- recorded, or derived from
who is at home -- is difficult) and ``financial_hardship``. A factor worth 0 points is left out.

The level is ``high`` from ``risk.high_from`` (8) points, ``medium`` from
``risk.medium_from`` (4), else ``low``.

Examples
--------
>>> from netsupport.rules import load_rules
>>> risk_level(8, load_rules()), risk_level(7, load_rules()), risk_level(3, load_rules())
('high', 'medium', 'low')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..i18n import t
from ..model import Acceptance, FamilyCapacity
from ..rules import RISK_FACTORS, Rules
from .facts import HouseholdFacts, full_years
from .findings import Finding
from .gaps import Gap, open_gaps
from .screening import ISOLATED, UNCONNECTED, Isolation, isolation

__all__ = ["RISK_FACTORS", "RISK_LEVELS", "RiskFactor", "Risk", "assess_risk", "risk_level"]

RISK_LEVELS = ("high", "medium", "low")


@dataclass(frozen=True, slots=True, kw_only=True)
class RiskFactor(Finding):
    """One factor of the score: its code, its points and the facts that triggered it."""

    points: int

    def to_dict(self, lang: str = "ja") -> dict[str, Any]:
        """``code`` and ``points`` (the JSON contract), plus ``label`` and ``facts``."""
        return {"code": self.code, "points": self.points, "label": self.label(lang),
                "facts": dict(self.facts)}


@dataclass(frozen=True, slots=True)
class Risk:
    """The score, its level and the factors that add up to it."""

    score: int
    level: str
    factors: tuple[RiskFactor, ...]

    @property
    def level_label_key(self) -> str:
        return f"risk_level.{self.level}"

    def to_dict(self, lang: str = "ja") -> dict[str, Any]:
        return {"score": self.score, "level": self.level,
                "factors": [f.to_dict(lang) for f in self.factors],
                "level_label": t(self.level_label_key, lang)}


def risk_level(score: int, rules: Rules) -> str:
    """``high``, ``medium`` or ``low`` for a score, by ``risk.high_from`` / ``medium_from``."""
    if score >= rules.risk.high_from:
        return "high"
    if score >= rules.risk.medium_from:
        return "medium"
    return "low"


def assess_risk(facts: HouseholdFacts, rules: Rules, *, isolation_level: Isolation | None = None,
                gaps: Sequence[Gap] | None = None) -> Risk:
    """Score one household.

    Parameters
    ----------
    facts : HouseholdFacts
    rules : Rules
    isolation_level : Isolation, optional
        The household's isolation, when already known (else read here).
    gaps : sequence of Gap, optional
        Its open gaps, when already known (else read here); no_lead scores when open.

    Returns
    -------
    Risk
        ``factors`` in the order of :data:`RISK_FACTORS`.

    Examples
    --------
    >>> from datetime import date
    >>> from netsupport.graph import to_graph
    >>> from netsupport.model import Bundle, Household, Person, Relation
    >>> from netsupport.rules import load_rules
    >>> from netsupport.analysis.facts import household_facts
    >>> g = to_graph(Bundle(households=[Household("H1", "北区", crisis=True)],
    ...                     people=[Person("P1", Relation.SUBJECT, "H1")]))
    >>> r = assess_risk(household_facts(g, "H1", load_rules(), date(2026, 11, 1)), load_rules())
    >>> r.score, r.level, [(f.code, f.points) for f in r.factors]
    ... # doctest: +NORMALIZE_WHITESPACE
    (13, 'high', [('crisis', 3), ('subject_alone', 4), ('unconnected', 3), ('no_lead', 2),
                  ('family_difficult', 1)])
    """
    if isolation_level is None:
        isolation_level = isolation(facts, rules)
    if gaps is None:
        gaps = open_gaps(facts, rules)
    found: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    h = facts.household
    r = rules.risk
    if h.crisis is True:
        found["crisis"] = ({"crisis": True}, {})
    if facts.alone:
        found["subject_alone"] = ({"subject": facts.subject.person_id,
                                   "deceased": [p.person_id for p in facts.members
                                                if not p.alive]}, {})
    if isolation_level.level in (UNCONNECTED, ISOLATED):
        found[isolation_level.level] = (dict(isolation_level.facts), {})
    old = [_age_fact(facts, p) for p in facts.parents
           if facts.age(p) is not None and facts.age(p) >= r.parent_age]
    if old:
        found["parent_80_plus"] = ({"parents": old, "parent_age": r.parent_age},
                                   {"age": r.parent_age})
    care = [{**_age_fact(facts, p), "conditions": [c.value for c in p.conditions]}
            for p in facts.parents if rules.facts.care_conditions & set(p.conditions)]
    if care:
        found["parent_care_need"] = ({"parents": care}, {})
    no_lead = next((g for g in gaps if g.code == "no_lead"), None)
    if no_lead is not None:
        found["no_lead"] = ({"gap": "no_lead", **no_lead.facts}, {})
    subject_age = facts.age(facts.subject)
    if subject_age is not None and subject_age >= r.subject_age:
        found["subject_50_plus"] = ({"subject": facts.subject.person_id, "age": subject_age,
                                     "subject_age": r.subject_age}, {"age": r.subject_age})
    since = facts.subject.withdrawn_since if facts.subject else None
    if since is not None and full_years(since, facts.as_of) >= r.withdrawal_years:
        found["long_withdrawal"] = ({"subject": facts.subject.person_id,
                                     "withdrawn_since": since.isoformat(),
                                     "years": full_years(since, facts.as_of),
                                     "withdrawal_years": r.withdrawal_years},
                                    {"years": r.withdrawal_years})
    deceased = [{"person_id": p.person_id, "relation": p.relation.value} for p in facts.members
                if p.deceased and p.relation in rules.facts.parent_relations]
    if deceased:
        found["parent_deceased"] = ({"parents": deceased}, {})
    if h.acceptance == Acceptance.REFUSES:
        found["refuses"] = ({"acceptance": h.acceptance.value}, {})
    if facts.family.value == FamilyCapacity.DIFFICULT:
        found["family_difficult"] = (facts.family.to_facts(), {})
    if h.financial_hardship is True:
        found["financial_hardship"] = ({"financial_hardship": True}, {})
    factors = tuple(RiskFactor(code=code, label_key=f"risk.{code}", points=r.points[code],
                               facts=found[code][0], label_args=found[code][1])
                    for code in RISK_FACTORS if code in found and r.points[code] != 0)
    score = sum(f.points for f in factors)
    return Risk(score=score, level=risk_level(score, rules), factors=factors)


def _age_fact(facts: HouseholdFacts, p) -> dict[str, Any]:
    return {"person_id": p.person_id, "relation": p.relation.value, "age": facts.age(p)}
