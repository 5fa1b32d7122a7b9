"""親なき後の備え: who would carry each of the seed's six worries once the parents are gone.

The seed's last slide (親なき後の事前の心配と実際, after a survey of families of people with
a mental illness) lists what families fear for the time after the parents: やりくり
(budgeting), 孤独感 (loneliness), 財産管理 (property), (近所)づきあい (neighbours), 栄養
(nutrition and daily living) and (親戚)とのつきあい (relatives). For each worry,
``[after_parents.worries]`` of the rules file names the agency kinds and the relations of
informal contacts that could carry it (:data:`~netsupport.rules.WORRIES`).

A worry is **covered** when the household has a support (an active, non-stressful support
or informal tie, as :mod:`.facts` reads them) of one of those kinds or relations, tied to
the household itself or to a member whose relation is in
``after_parents.readiness_ties_to`` (the subject). A support tied only to a parent leaves
with the parent, and a sibling's own supports (the sister in the parents' association)
support the sibling: neither carries the subject's worry. They are listed under
``others`` of the item, because they show where a relationship could be widened to the
subject before the parents go (危機に備えて関係性をつくる).

Examples
--------
>>> from datetime import date
>>> from netsupport.graph import to_graph
>>> from netsupport.model import Agency, AgencyKind, Bundle, Household, Person, Relation, Tie
>>> from netsupport.model import TieKind
>>> from netsupport.rules import load_rules
>>> from netsupport.analysis.facts import household_facts
>>> g = to_graph(Bundle(
...     agencies=[Agency("A1", "民生委員", AgencyKind.MINSEI_IIN),
...               Agency("A2", "訪問介護", AgencyKind.HOME_CARE)],
...     households=[Household("H1", "北区")],
...     people=[Person("P1", Relation.SUBJECT, "H1", birth_year=1974),
...             Person("P2", Relation.FATHER, "H1", birth_year=1941)],
...     ties=[Tie("A1", "H1", TieKind.SUPPORT), Tie("A2", "P2", TieKind.SUPPORT)]))
>>> r = after_parents_readiness(household_facts(g, "H1", load_rules(), date(2026, 11, 1)),
...                             load_rules())
>>> [(i.code, i.covered, i.supports, i.others) for i in r.items][3:5]
[('neighbours', True, ('A1',), ()), ('nutrition', False, (), ('A2',))]
>>> r.items[4].label()
'栄養（食事・日常生活）'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..i18n import t
from ..model import Agency, AgencyKind, Person, Relation
from ..rules import WORRIES, Rules
from .facts import HouseholdFacts, Support
from .findings import Finding

__all__ = ["WORRIES", "ReadinessItem", "Readiness", "after_parents_readiness"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadinessItem(Finding):
    """One worry of the checklist (``code`` one of :data:`WORRIES`).

    ``supports`` would carry it after the parents (tied to the household or the subject);
    ``others`` are of a fitting kind or relation but tied only to other members (a parent, a
    sibling); ``kinds`` and ``informal`` are who could carry it, from the rules file.
    """

    covered: bool
    supports: tuple[str, ...]
    others: tuple[str, ...]
    kinds: tuple[AgencyKind, ...]
    informal: tuple[Relation, ...]

    def to_dict(self, lang: str = "ja") -> dict[str, Any]:
        return {"code": self.code, "label": self.label(lang), "covered": self.covered,
                "supports": list(self.supports), "others": list(self.others),
                "kinds": [k.value for k in self.kinds],
                "informal": [r.value for r in self.informal],
                "facts": dict(self.facts)}


@dataclass(frozen=True, slots=True)
class Readiness:
    """The checklist of one household as of one day, the worries in the seed's order."""

    household_id: str
    as_of: date
    items: tuple[ReadinessItem, ...]

    @property
    def covered(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.items if i.covered)

    @property
    def gaps(self) -> tuple[str, ...]:
        """The worries nobody would carry."""
        return tuple(i.code for i in self.items if not i.covered)

    def item(self, code: str) -> ReadinessItem:
        return next(i for i in self.items if i.code == code)

    def to_dict(self, lang: str = "ja") -> dict[str, Any]:
        return {"household_id": self.household_id, "as_of": self.as_of.isoformat(),
                "title": t("readiness.title", lang),
                "summary": t("readiness.count", lang, covered=len(self.covered),
                             total=len(self.items)),
                "covered": list(self.covered), "gaps": list(self.gaps),
                "items": [i.to_dict(lang) for i in self.items]}


def after_parents_readiness(facts: HouseholdFacts, rules: Rules) -> Readiness:
    """The six-worry checklist of one household (see the module docstring).

    Parameters
    ----------
    facts : HouseholdFacts
        The household as it is now (``report.facts`` of a household's analysis).
    rules : Rules
        ``after_parents.worries`` and ``after_parents.readiness_ties_to``.

    Returns
    -------
    Readiness
        One item per worry, in the order of :data:`WORRIES`.
    """
    cfg = rules.after_parents
    carriers = {facts.household_id} | {p.person_id for p in facts.members
                                       if p.relation in cfg.readiness_ties_to}
    records = {o.other_id: o.other for o in facts.ties}
    items = []
    for code in WORRIES:
        worry = cfg.worries[code]
        fitting = [s for s in facts.supports
                   if _fits(records.get(s.support_id), worry.kinds, worry.informal)]
        carry = tuple(s.support_id for s in fitting if _tied_to(s, carriers))
        others = tuple(s.support_id for s in fitting if s.support_id not in carry)
        items.append(ReadinessItem(
            code=code, label_key=f"readiness.worry.{code}",
            facts={"carried_by_ties_to": sorted(carriers),
                   "others_tied_to": {s.support_id: sorted(_inner_ends(s)) for s in fitting
                                      if s.support_id in others}},
            covered=bool(carry), supports=carry, others=others,
            kinds=worry.kinds, informal=worry.informal))
    return Readiness(facts.household_id, facts.as_of, tuple(items))


def _fits(record: Agency | Person | None, kinds: tuple[AgencyKind, ...],
          informal: tuple[Relation, ...]) -> bool:
    if isinstance(record, Agency):
        return record.kind in kinds
    return isinstance(record, Person) and record.relation in informal


def _inner_ends(support: Support) -> set[str]:
    """The household-side ends of a support's ties."""
    return {tie.target_id if tie.source_id == support.support_id else tie.source_id
            for tie in support.ties}


def _tied_to(support: Support, carriers: set[str]) -> bool:
    return bool(_inner_ends(support) & carriers)
