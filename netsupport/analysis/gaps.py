"""Gaps: what is missing around a household, each with the agency kinds that would fill it.

The table of ``RULES.md``, in its order; numbers and kinds come from the rules file:

- ``no_lead``: no active support tie has role lead.
- ``multiple_leads``: active lead ties to more than one agency.
- ``stale_lead``: the current lead's tie has no last contact (the later of last_contact and
  since), or one more than ``lead.stale_days`` (90) days before as_of.
- ``elder_care``: a parent is ``gaps.elder_care_parent_age`` (65) or older or has a condition
  of ``facts.care_conditions`` (dementia, needs_care); needs ``gaps.needs.elder_care``.
- ``care_manager``: a parent has a condition of ``facts.care_conditions``; needs
  ``gaps.needs.care_manager``.
- ``medical``: the subject's diagnosis is in ``gaps.medical_diagnoses``, or a living member
  has a condition of ``gaps.medical_conditions``; needs ``gaps.needs.medical``.
- ``income``: financial_hardship is yes; needs ``gaps.needs.income``.
- ``community_watch``: is_8050, or the subject is alone and ``gaps.community_watch_alone_age``
  (40) or older; needs ``gaps.needs.community_watch``, and any informal contact covers it
  too (``gaps.community_watch_informal``).
- ``stage_resource``: the stage has a list in ``[gaps.stage_resource]`` (group,
  participation); needs that list.
- ``consent``: an active lead or team tie has consent other than yes (unknown included).

A gap with needs is open only when no support is of a needed kind. No gap is open for a
household whose status is in ``gaps.closed_statuses`` (closed). A household without a stage
is read as ``lead.default_stage`` (engagement), here as for the lead.

Each gap is declared once, in :data:`GAP_RULES`: its code and its check, and whether
``[gaps.needs]`` lists the kinds that fill it. Everything else follows from that list: the
order of :func:`open_gaps`, :data:`GAP_CODES`, the label key ``gap.<code>``, the keys the
rules file must have (:data:`GAPS_WITH_NEEDS`). A new gap is a check here, its line in
``GAP_RULES``, its key in ``rules.toml`` (when it has needs), its label in
:mod:`netsupport.i18n` and its test. A check answers ``None`` (not open) or an
:class:`Opened` whose facts are a function, called only when the finding is shown: the city
scan asks the codes alone (:func:`open_gap_codes`), so a check decides cheaply and explains
lazily.

Examples
--------
>>> from datetime import date
>>> from netsupport.graph import to_graph
>>> from netsupport.model import Bundle, Condition, Household, Person, Relation
>>> from netsupport.rules import load_rules
>>> from netsupport.analysis.facts import household_facts
>>> g = to_graph(Bundle(households=[Household("H1", "北区")], people=[
...     Person("P1", Relation.SUBJECT, "H1", birth_year=1990),
...     Person("P2", Relation.FATHER, "H1", birth_year=1950, conditions=(Condition.DEMENTIA,))]))
>>> f = household_facts(g, "H1", load_rules(), date(2026, 11, 1))
>>> [(gap.code, [k.value for k in gap.needs]) for gap in open_gaps(f, load_rules())]
... # doctest: +NORMALIZE_WHITESPACE
[('no_lead', []), ('elder_care', ['community_support_center', 'care_manager']),
 ('care_manager', ['care_manager']),
 ('medical', ['clinic', 'home_nursing', 'mental_health_center'])]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import AgencyKind, Role, Stage, TieKind
from .facts import HouseholdFacts, days_before, is_stale, last_contact
from .findings import Finding
from .screening import is_8050, is_8050_household

if TYPE_CHECKING:  # the rules read their keys from GAP_RULES: no import cycle at run time
    from ..rules import Rules

__all__ = ["GAP_RULES", "GAP_CODES", "GAPS_WITH_NEEDS", "GapRule", "Opened", "Gap",
           "open_gaps", "open_gap_codes", "effective_stage", "contact_facts"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Gap(Finding):
    """An open gap: its code, the agency kinds that would fill it (maybe none), its facts."""

    needs: tuple[AgencyKind, ...] = ()

    def to_dict(self, lang: str = "ja") -> dict[str, Any]:
        """``code`` and ``needs`` (the JSON contract), plus ``label`` and ``facts``."""
        return {"code": self.code, "needs": [k.value for k in self.needs],
                "label": self.label(lang), "facts": dict(self.facts)}


@dataclass(frozen=True, slots=True)
class Opened:
    """What a gap's check found: the facts behind it and the words its label needs.

    ``facts`` gives the facts when called: a check decides whether the gap is open, and
    only a finding that is shown or kept (:func:`open_gaps`) asks why -- a city scan needs
    the codes alone (:func:`open_gap_codes`) and makes no explanation for 80,000 households.
    ``needs``: the kinds that would fill it, when not those of ``gaps.needs.<code>``
    (stage_resource's depend on the stage); ``informal_covers``: an informal contact
    fills it too.
    """

    facts: Callable[[], Mapping[str, Any]]
    label_args: Mapping[str, Any] = field(default_factory=dict)
    needs: tuple[AgencyKind, ...] | None = None
    informal_covers: bool = False


@dataclass(frozen=True, slots=True)
class GapRule:
    """One gap, declared once: its code, its check, and whether ``[gaps.needs]`` lists the
    kinds that fill it (the rules key ``gaps.needs.<code>``). Its label is ``gap.<code>``."""

    code: str
    check: Callable[[HouseholdFacts, Rules], Opened | None]
    needs: bool = False

    @property
    def label_key(self) -> str:
        return f"gap.{self.code}"


def effective_stage(facts: HouseholdFacts, rules: Rules) -> Stage:
    """The household's stage, or ``lead.default_stage`` (engagement) when it has none."""
    return facts.household.stage or rules.lead.default_stage


def open_gaps(facts: HouseholdFacts, rules: Rules) -> tuple[Gap, ...]:
    """The open gaps of one household, in the order of :data:`GAP_RULES`.

    Parameters
    ----------
    facts : HouseholdFacts
    rules : Rules

    Returns
    -------
    tuple of Gap
        Empty for a closed household.
    """
    return tuple(Gap(code=rule.code, label_key=rule.label_key, facts=opened.facts(),
                     label_args=opened.label_args, needs=needs)
                 for rule, opened, needs in _opened(facts, rules))


def open_gap_codes(facts: HouseholdFacts, rules: Rules) -> tuple[str, ...]:
    """The codes of :func:`open_gaps`, without their facts: the same checks, for a city
    scan's rows."""
    return tuple(rule.code for rule, _, _ in _opened(facts, rules))


def _opened(facts: HouseholdFacts, rules: Rules,
            ) -> Iterator[tuple[GapRule, Opened, tuple[AgencyKind, ...]]]:
    """Each open gap's rule, what its check found and the kinds that would fill it."""
    if facts.household.status in rules.gaps.closed_statuses:
        return
    kinds = {s.kind for s in facts.supports}  # None: an informal contact
    for rule in GAP_RULES:
        opened = rule.check(facts, rules)
        if opened is None:
            continue
        needs = opened.needs
        if needs is None:
            needs = rules.gaps.needs[rule.code] if rule.needs else ()
        if needs and not kinds.isdisjoint(needs):
            continue  # a support of a needed kind fills it
        if opened.informal_covers and None in kinds:
            continue
        yield rule, opened, needs


def _no_lead(facts: HouseholdFacts, rules: Rules) -> Opened | None:
    if facts.lead_ties:
        return None
    return Opened(lambda: {"active_lead_ties": []})


def _multiple_leads(facts: HouseholdFacts, rules: Rules) -> Opened | None:
    agencies = {o.other_id for o in facts.lead_ties}
    if len(agencies) <= 1:
        return None
    return Opened(lambda: {"leads": sorted(agencies), "current": facts.current_lead})


def _stale_lead(facts: HouseholdFacts, rules: Rules) -> Opened | None:
    lead = facts.current_lead_tie
    if lead is None or not is_stale(lead.tie, rules, facts.as_of):
        return None
    return Opened(lambda: {"lead": lead.other_id, **contact_facts(lead.tie, facts),
                           "stale_days": rules.lead.stale_days},
                  {"days": rules.lead.stale_days})


def contact_facts(tie, facts: HouseholdFacts) -> dict[str, Any]:
    """A lead tie's contact as a stale finding states it: the recorded last_contact, the
    since, the last contact read from both, and the days since it."""
    contact = last_contact(tie)
    return {"last_contact": tie.last_contact.isoformat() if tie.last_contact else None,
            "since": tie.since.isoformat() if tie.since else None,
            "contact": contact.isoformat() if contact else None,
            "days_since_contact": days_before(contact, facts.as_of)}


def _care_parents(facts: HouseholdFacts, rules: Rules) -> list[Any]:
    care = rules.facts.care_conditions
    return [p for p in facts.parents if not care.isdisjoint(p.conditions)]


def _person(facts: HouseholdFacts, p) -> dict[str, Any]:
    return {"person_id": p.person_id, "relation": p.relation.value, "age": facts.age(p),
            "conditions": [c.value for c in p.conditions]}


def _elder_care(facts: HouseholdFacts, rules: Rules) -> Opened | None:
    care = rules.facts.care_conditions
    bound = rules.gaps.elder_care_parent_age
    parents = [p for p in facts.parents
               if ((age := facts.age(p)) is not None and age >= bound)
               or not care.isdisjoint(p.conditions)]
    if not parents:
        return None
    return Opened(lambda: {"parents": [_person(facts, p) for p in parents],
                           "elder_care_parent_age": bound})


def _care_manager(facts: HouseholdFacts, rules: Rules) -> Opened | None:
    parents = _care_parents(facts, rules)
    if not parents:
        return None
    return Opened(lambda: {"parents": [_person(facts, p) for p in parents]})


def _medical(facts: HouseholdFacts, rules: Rules) -> Opened | None:
    g = rules.gaps
    diagnosis = facts.subject.diagnosis if facts.subject else None
    members = [p for p in facts.members
               if p.conditions and p.alive and not g.medical_conditions.isdisjoint(p.conditions)]
    if diagnosis not in g.medical_diagnoses and not members:
        return None
    return Opened(lambda: {
        "subject": facts.subject.person_id if facts.subject else None,
        "subject_diagnosis": diagnosis.value if diagnosis else None,
        "members": [_person(facts, p) for p in members],
    })


def _income(facts: HouseholdFacts, rules: Rules) -> Opened | None:
    if facts.household.financial_hardship is not True:
        return None
    return Opened(lambda: {"financial_hardship": True})


def _community_watch(facts: HouseholdFacts, rules: Rules) -> Opened | None:
    subject_age = facts.age(facts.subject)
    bound = rules.gaps.community_watch_alone_age
    alone = facts.alone and subject_age is not None and subject_age >= bound
    if not (alone or is_8050_household(facts, rules)):
        return None

    def why() -> dict[str, Any]:
        screening = is_8050(facts, rules)
        return {"is_8050": screening.is_8050, **screening.facts, "alone": facts.alone,
                "alone_subject_age": bound}
    return Opened(why, informal_covers=rules.gaps.community_watch_informal)


def _stage_resource(facts: HouseholdFacts, rules: Rules) -> Opened | None:
    stage = effective_stage(facts, rules)
    needs = rules.gaps.stage_resource.get(stage)
    if not needs:
        return None
    return Opened(lambda: {"stage": stage.value,
                           "stage_recorded": facts.household.stage is not None},
                  needs=needs)


def _consent(facts: HouseholdFacts, rules: Rules) -> Opened | None:
    missing = [o for o in facts.ties
               if o.active and (tie := o.tie).consent is not True
               and tie.kind == TieKind.SUPPORT and tie.role in _CONSENTED_ROLES]
    if not missing:
        return None
    return Opened(lambda: {"ties": [{"agency_id": o.other_id, "target_id": o.inner_id,
                                     "role": o.tie.role.value, "consent": o.tie.consent}
                                    for o in missing]})


_CONSENTED_ROLES = frozenset((Role.LEAD, Role.TEAM))


#: Every gap, in the order of ``RULES.md`` (and of :func:`open_gaps`' result).
GAP_RULES: tuple[GapRule, ...] = (
    GapRule("no_lead", _no_lead),
    GapRule("multiple_leads", _multiple_leads),
    GapRule("stale_lead", _stale_lead),
    GapRule("elder_care", _elder_care, needs=True),
    GapRule("care_manager", _care_manager, needs=True),
    GapRule("medical", _medical, needs=True),
    GapRule("income", _income, needs=True),
    GapRule("community_watch", _community_watch, needs=True),
    GapRule("stage_resource", _stage_resource),
    GapRule("consent", _consent),
)

#: Every gap code, in the order of :data:`GAP_RULES`.
GAP_CODES: tuple[str, ...] = tuple(rule.code for rule in GAP_RULES)

#: The gaps whose kinds the rules file lists under ``[gaps.needs]``.
GAPS_WITH_NEEDS: tuple[str, ...] = tuple(rule.code for rule in GAP_RULES if rule.needs)
