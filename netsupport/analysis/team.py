"""The mini support team (ミニサポートチーム) of a household, and its backup agencies.

Following ``RULES.md`` (sizes and kinds from ``[team]``):

- **lead**: the recommended agency for ``handover`` and ``assign``, else the current lead
  (``None`` when the action is ``none``).
- **members**: first the agencies with an active, non-stressful support tie of role team
  (by agency_id, the lead left out); then, for each open gap with needs in gap order, one
  agency of a needed kind that serves the subject's age (``age_from``/``age_to``; an unknown
  age passes): an agency that has any tie to the household or a member first, then one of
  the household's ward, then the lowest agency_id. The team never exceeds
  ``team.max_size`` (6) agencies, the lead included; when it is full, later gaps go unfilled.
  Two choices the rules leave open: a gap is skipped when an agency already in the team
  (the lead or an earlier pick) is of a needed kind, and an agency with a stressful tie to
  the household is never picked for a gap (as it may not lead either).
- **backup**: up to ``team.backup_count`` (2) agencies of a kind of ``team.backup_kinds``
  (mental_health_center, hikikomori_support_office) that are not in the team, the
  household's ward first, then agency_id. RULES.md asks no age range of a backup (it backs
  up the team, it does not take the household on).

Examples
--------
>>> from datetime import date
>>> from netsupport.graph import to_graph
>>> from netsupport.model import Agency, AgencyKind, Bundle, Household, Person, Relation
>>> from netsupport.rules import load_rules
>>> from netsupport.analysis.agency_network import build_agency_index
>>> from netsupport.analysis.facts import household_facts
>>> from netsupport.analysis.gaps import open_gaps
>>> from netsupport.analysis.lead import recommend_lead
>>> K = AgencyKind
>>> b = Bundle(agencies=[Agency("A1", "支援室", K.HIKIKOMORI_SUPPORT_OFFICE, "北区"),
...                      Agency("A2", "精神保健福祉センター", K.MENTAL_HEALTH_CENTER)],
...            households=[Household("H1", "北区")],
...            people=[Person("P1", Relation.SUBJECT, "H1")])
>>> rules, day = load_rules(), date(2026, 11, 1)
>>> g = to_graph(b)
>>> f, index = household_facts(g, "H1", rules, day), build_agency_index(g, rules, day)
>>> team = mini_team(f, open_gaps(f, rules), recommend_lead(f, index, rules), index, rules)
>>> team.lead, team.member_ids, team.backup
('A1', (), ('A2',))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..i18n import t
from ..model import Person, Role, Strength, TieKind
from ..rules import Rules
from .agency_network import AgencyIndex
from .facts import HouseholdFacts
from .gaps import Gap
from .lead import LeadDecision, agency_record, stressful_agencies

__all__ = ["TEAM_TIE", "GAP", "TeamMember", "Team", "mini_team"]

TEAM_TIE = "team_tie"
GAP = "gap"


@dataclass(frozen=True, slots=True)
class TeamMember:
    """A member agency and why it is in: ``team_tie``, or ``gap`` with the gap's code."""

    agency_id: str
    why: str
    gap: str | None = None

    def label(self, lang: str = "ja") -> str:
        if self.why == GAP:
            return t("team.why.gap", lang, gap=t(f"gap.{self.gap}", lang))
        return t("team.why.team_tie", lang)

    def to_dict(self, lang: str = "ja") -> dict[str, Any]:
        return {"agency_id": self.agency_id, "why": self.why, "gap": self.gap,
                "label": self.label(lang)}


@dataclass(frozen=True, slots=True)
class Team:
    """The mini support team: its lead, its members in order, and the backup agencies."""

    lead: str | None
    members: tuple[TeamMember, ...]
    backup: tuple[str, ...]

    @property
    def member_ids(self) -> tuple[str, ...]:
        return tuple(m.agency_id for m in self.members)

    def to_dict(self, lang: str = "ja") -> dict[str, Any]:
        """``lead``, ``members`` and ``backup`` (the JSON contract), plus why each member."""
        return {"lead": self.lead, "members": list(self.member_ids), "backup": list(self.backup),
                "member_details": [m.to_dict(lang) for m in self.members]}


def mini_team(facts: HouseholdFacts, gaps: Sequence[Gap], lead: LeadDecision,
              agencies: AgencyIndex, rules: Rules) -> Team:
    """Build the mini support team of one household.

    Parameters
    ----------
    facts : HouseholdFacts
    gaps : sequence of Gap
        The household's open gaps (:func:`~.gaps.open_gaps`); those with needs get a member.
    lead : LeadDecision
        From :func:`~.lead.recommend_lead`.
    agencies : AgencyIndex
        City-wide: where members for gaps and backups are found.
    rules : Rules

    Returns
    -------
    Team
    """
    team_lead = lead.team_lead
    room = rules.team.max_size - (1 if team_lead is not None else 0)
    in_team = {team_lead} if team_lead is not None else set()
    members: list[TeamMember] = []
    tied_to_team = sorted({o.other_id for o in facts.ties
                           if o.active and o.tie.kind == TieKind.SUPPORT
                           and o.tie.role == Role.TEAM and o.tie.strength != Strength.STRESSFUL
                           and not isinstance(o.other, Person)})
    for aid in tied_to_team:
        if len(members) >= room:
            break
        if aid not in in_team:
            members.append(TeamMember(aid, TEAM_TIE))
            in_team.add(aid)
    blocked = stressful_agencies(facts)
    tied = {o.other_id for o in facts.ties}
    ward = facts.household.ward
    subject_age = facts.age(facts.subject)
    for gap in gaps:
        if not gap.needs or len(members) >= room:
            continue
        if any((agency := agency_record(a, facts, agencies)) is not None
               and agency.kind in gap.needs for a in in_team):
            continue
        known = agencies.of_kinds(gap.needs, facts.agencies)
        candidates = [aid for aid in known if aid not in in_team and aid not in blocked
                      and known[aid].serves_age(subject_age)]
        if candidates:
            pick = min(candidates, key=lambda a: (a not in tied, known[a].ward != ward, a))
            members.append(TeamMember(pick, GAP, gap.code))
            in_team.add(pick)
    known = agencies.of_kinds(rules.team.backup_kinds, facts.agencies)
    backups = sorted((aid for aid in known if aid not in in_team),
                     key=lambda a: (known[a].ward != ward, a))
    return Team(team_lead, tuple(members), tuple(backups[:rules.team.backup_count]))
