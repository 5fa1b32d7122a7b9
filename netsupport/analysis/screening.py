"""Screening a household: is it an 8050 household, and how isolated is it?

- **is_8050**: the subject is at least ``screening.subject_age_8050`` (40) and some parent at
  least ``screening.parent_age_8050`` (70); this covers 7040, 8050 and 9060. An unknown age
  never qualifies.
- **isolation**: ``unconnected`` with no supports; ``isolated`` with 1 to
  ``screening.isolated_max_supports`` (1) supports, or when no support's tie has a recent
  last_contact; otherwise ``connected``. Isolation is read for every household, closed ones
  included.

Examples
--------
>>> from datetime import date
>>> from netsupport.graph import to_graph
>>> from netsupport.model import Bundle, Household, Person, Relation
>>> from netsupport.rules import load_rules
>>> from netsupport.analysis.facts import household_facts
>>> g = to_graph(Bundle(households=[Household("H1", "北区")], people=[
...     Person("P1", Relation.SUBJECT, "H1", birth_year=1976),
...     Person("P2", Relation.MOTHER, "H1", birth_year=1946)]))
>>> f = household_facts(g, "H1", load_rules(), date(2026, 11, 1))
>>> is_8050(f, load_rules()).is_8050, isolation(f, load_rules()).level
(True, 'unconnected')
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import t
from ..rules import Rules
from .facts import HouseholdFacts
from .findings import Finding

__all__ = [
    "CONNECTED",
    "ISOLATED",
    "UNCONNECTED",
    "ISOLATION_LEVELS",
    "Screening8050",
    "Isolation",
    "is_8050",
    "is_8050_household",
    "isolation",
]

CONNECTED = "connected"
ISOLATED = "isolated"
UNCONNECTED = "unconnected"
ISOLATION_LEVELS = (CONNECTED, ISOLATED, UNCONNECTED)


@dataclass(frozen=True, slots=True, kw_only=True)
class Screening8050(Finding):
    """Whether the household is an 8050 household; ``facts`` name the ages read."""

    is_8050: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Isolation(Finding):
    """The isolation level (its ``code``): connected, isolated or unconnected."""

    @property
    def level(self) -> str:
        return self.code

    def explanation(self, lang: str = "ja") -> str:
        """Why this level, in words (``isolation.<level>.why``)."""
        return t(f"isolation.{self.code}.why", lang, **self.label_args)


def is_8050_household(facts: HouseholdFacts, rules: Rules) -> bool:
    """The 8050 rule itself: the subject's age is known and at least
    ``screening.subject_age_8050``, and some parent's at least ``screening.parent_age_8050``.

    :func:`is_8050` answers with this and the facts behind it; a city scan, which needs
    only the answer, asks this (no facts made for 80,000 households).
    """
    s = rules.screening
    subject_age = facts.age(facts.subject)
    if subject_age is None or subject_age < s.subject_age_8050:
        return False
    return any((age := facts.age(p)) is not None and age >= s.parent_age_8050
               for p in facts.parents)


def is_8050(facts: HouseholdFacts, rules: Rules) -> Screening8050:
    """Screen one household for 8050 (subject ≥ 40 and a parent ≥ 70 by default).

    Parameters
    ----------
    facts : HouseholdFacts
    rules : Rules

    Returns
    -------
    Screening8050
        ``is_8050`` and the facts: the subject's and each living parent's age.
    """
    s = rules.screening
    subject_age = facts.age(facts.subject)
    parents = [{"person_id": p.person_id, "relation": p.relation.value, "age": facts.age(p)}
               for p in facts.parents]
    old_parents = [p["person_id"] for p in parents
                   if p["age"] is not None and p["age"] >= s.parent_age_8050]
    value = is_8050_household(facts, rules)
    return Screening8050(
        code="is_8050",
        label_key="is_8050.yes" if value else "is_8050.no",
        label_args={"subject_age": s.subject_age_8050, "parent_age": s.parent_age_8050},
        facts={
            "subject": facts.subject.person_id if facts.subject else None,
            "subject_age": subject_age,
            "parents": parents,
            "parents_at_age": old_parents,
            "subject_age_8050": s.subject_age_8050,
            "parent_age_8050": s.parent_age_8050,
        },
        is_8050=value,
    )


def isolation_level(facts: HouseholdFacts, rules: Rules) -> str:
    """The isolation rule itself: unconnected with no support; isolated with at most
    ``screening.isolated_max_supports`` supports or none in recent contact; else connected.

    :func:`isolation` answers with this and the supports it was read from; a city scan,
    which needs only the level, asks this.
    """
    supports = facts.supports
    if not supports:
        return UNCONNECTED
    if len(supports) <= rules.screening.isolated_max_supports or not any(
            s.recent for s in supports):
        return ISOLATED
    return CONNECTED


def isolation(facts: HouseholdFacts, rules: Rules) -> Isolation:
    """The isolation level of one household, with the supports it was read from.

    Returns
    -------
    Isolation
        ``code`` is the level; ``facts`` list the supports and those with a recent contact.
    """
    supports = [s.support_id for s in facts.supports]
    recent = [s.support_id for s in facts.supports if s.recent]
    level = isolation_level(facts, rules)
    return Isolation(
        code=level,
        label_key=f"isolation.{level}",
        label_args={"supports": len(supports), "recent_days": rules.facts.recent_days},
        facts={"supports": supports, "recent_supports": recent,
               "recent_days": rules.facts.recent_days},
    )
