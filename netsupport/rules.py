"""The analysis rules as data: a TOML file read into frozen dataclasses.

Every threshold, kind list, point and level bound of ``RULES.md`` lives in the TOML file so
that supervisors can change them without touching code; the analysis modules hold only the
mechanism. The defaults ship inside the package (``netsupport/rules.toml``, read through
:mod:`importlib.resources`, so an installed wheel has them too); a supervisor's copy is
named by ``--rules`` or ``$NETSUPPORT_RULES`` and must hold every key of the defaults.

The file is validated on load: a missing key, an unknown key (a typo would otherwise be
ignored silently), a value of the wrong type or an unknown code raises
:class:`~netsupport.errors.RulesError` whose message names the key, e.g.
``rules.toml: risk.points.crisis: expected an integer, got 'three'``.

Examples
--------
>>> rules = load_rules()
>>> rules.risk.points["crisis"], rules.team.max_size
(3, 6)
>>> [k.value for k in rules.lead.preferred_kinds[Stage.GROUP]]
['ibasho', 'social_welfare_council', 'hikikomori_support_office']
>>> rules.after_parents.forecast_parent_age, tuple(rules.after_parents.worries)[:2]
(85, ('budgeting', 'loneliness'))
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn, TypeVar

from .errors import RulesError
from .model import (
    CONTACT_RELATIONS,
    AgencyKind,
    Condition,
    Diagnosis,
    FamilyCapacity,
    HouseholdStatus,
    Relation,
    Stage,
    TieKind,
)

__all__ = [
    "DEFAULT_RULES_PATH",
    "RULES_ENV",
    "default_rules_path",
    "WORRIES",
    "FactRules",
    "ScreeningRules",
    "GapRules",
    "RiskRules",
    "LeadRules",
    "TeamRules",
    "AgencyReportRules",
    "Worry",
    "AfterParentsRules",
    "Rules",
    "load_rules",
]

#: The defaults of ``RULES.md``, inside the package: ``netsupport/rules.toml``.
DEFAULT_RULES_PATH: Traversable = files("netsupport") / "rules.toml"

#: The environment variable naming a supervisor's rules file (``--rules`` wins over it).
RULES_ENV = "NETSUPPORT_RULES"

#: The six worries of 親なき後 (the seed's last slide, 親なき後の事前の心配と実際), in its
#: order: やりくり, 孤独感, 財産管理, (近所)づきあい, 栄養, (親戚)とのつきあい. Each has a
#: table under ``[after_parents.worries]``.
WORRIES: tuple[str, ...] = (
    "budgeting", "loneliness", "property", "neighbours", "nutrition", "relatives",
)

E = TypeVar("E", bound=Enum)


@dataclass(frozen=True, slots=True)
class FactRules:
    """``[facts]``: who counts as a parent, what makes a support, what is recent."""

    parent_relations: frozenset[Relation]
    support_tie_kinds: frozenset[TieKind]
    care_conditions: frozenset[Condition]
    family_conditions: frozenset[Condition]
    recent_days: int


@dataclass(frozen=True, slots=True)
class ScreeningRules:
    """``[screening]``: the ages of is_8050 and the support count of isolation."""

    subject_age_8050: int
    parent_age_8050: int
    isolated_max_supports: int


@dataclass(frozen=True, slots=True)
class GapRules:
    """``[gaps]``: when each gap applies and which agency kinds cover it."""

    closed_statuses: frozenset[HouseholdStatus]
    elder_care_parent_age: int
    medical_diagnoses: frozenset[Diagnosis]
    medical_conditions: frozenset[Condition]
    community_watch_informal: bool
    community_watch_alone_age: int
    needs: Mapping[str, tuple[AgencyKind, ...]]
    stage_resource: Mapping[Stage, tuple[AgencyKind, ...]]


@dataclass(frozen=True, slots=True)
class RiskRules:
    """``[risk]``: ages, years, level bounds and the points of each factor."""

    parent_age: int
    subject_age: int
    withdrawal_years: int
    high_from: int
    medium_from: int
    points: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class LeadRules:
    """``[lead]``: preferred lead kinds per stage, and when a lead's contact is stale."""

    default_stage: Stage
    stale_days: int
    preferred_kinds: Mapping[Stage, tuple[AgencyKind, ...]]


@dataclass(frozen=True, slots=True)
class TeamRules:
    """``[team]``: the mini support team's size cap and its backup agencies."""

    max_size: int
    backup_kinds: tuple[AgencyKind, ...]
    backup_count: int


@dataclass(frozen=True, slots=True)
class AgencyReportRules:
    """``[agency_report]``: the city-wide agency report (how many brokers, how computed)."""

    top_brokers: int
    broker_exact_max_agencies: int
    broker_samples: int


@dataclass(frozen=True, slots=True)
class Worry:
    """``[after_parents.worries.<code>]``: who could carry one worry once the parents are gone.

    ``kinds`` are agency kinds; ``informal`` are relations of informal contacts (neighbour,
    relative, friend). At least one of the two lists is not empty.
    """

    kinds: tuple[AgencyKind, ...]
    informal: tuple[Relation, ...]


@dataclass(frozen=True, slots=True)
class AfterParentsRules:
    """``[after_parents]``: the what-if simulation, the forward view and the readiness table."""

    death_ends: frozenset[TieKind]
    absence_ends: frozenset[TieKind]
    alone_family_capacity: FamilyCapacity
    max_years: int
    forecast_parent_age: int
    readiness_ties_to: frozenset[Relation]
    worries: Mapping[str, Worry]


@dataclass(frozen=True, slots=True)
class Rules:
    """All the rules of one file; ``source`` is where they were read from."""

    facts: FactRules
    screening: ScreeningRules
    gaps: GapRules
    risk: RiskRules
    lead: LeadRules
    team: TeamRules
    agency_report: AgencyReportRules
    after_parents: AfterParentsRules
    source: str


class _Table:
    """One TOML table being read: remembers the dotted path and which keys were used."""

    def __init__(self, file: str, path: str, data: Any):
        self.file = file
        self.path = path
        if not isinstance(data, dict):
            self.fail(path, f"expected a table, got {data!r}")
        self.data: dict[str, Any] = data
        self.used: set[str] = set()

    def fail(self, key: str, message: str) -> NoReturn:
        raise RulesError(f"{self.file}: {key}: {message}")

    def name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str) -> Any:
        if key not in self.data:
            self.fail(self.name(key), "missing")
        self.used.add(key)
        return self.data[key]

    def table(self, key: str) -> _Table:
        return _Table(self.file, self.name(key), self.get(key))

    def integer(self, key: str, minimum: int = 0) -> int:
        value = self.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(self.name(key), f"expected an integer, got {value!r}")
        if value < minimum:
            self.fail(self.name(key), f"expected an integer of at least {minimum}, got {value!r}")
        return value

    def boolean(self, key: str) -> bool:
        value = self.get(key)
        if not isinstance(value, bool):
            self.fail(self.name(key), f"expected true or false, got {value!r}")
        return value

    def code(self, key: str, enum: type[E], what: str) -> E:
        value = self.get(key)
        return self._member(self.name(key), value, enum, what)

    def codes(self, key: str, enum: type[E], what: str) -> tuple[E, ...]:
        value = self.get(key)
        if not isinstance(value, list):
            self.fail(self.name(key), f"expected a list of {what} codes, got {value!r}")
        found = tuple(self._member(f"{self.name(key)}[{i}]", v, enum, what)
                      for i, v in enumerate(value))
        twice = sorted({m.value for m in found if found.count(m) > 1})
        if twice:
            self.fail(self.name(key), f"{what} {twice[0]!r} is listed twice")
        return found

    def _member(self, name: str, value: Any, enum: type[E], what: str) -> E:
        try:
            return enum(value)
        except (ValueError, TypeError):
            codes = ", ".join(m.value for m in enum)
            self.fail(name, f"unknown {what} {value!r}; expected one of: {codes}")

    def keys_of(self, enum: type[E], what: str) -> list[E]:
        """The keys of this table, each read as a code (e.g. stage codes)."""
        return [self._member(self.name(k), k, enum, what) for k in self.data]

    def done(self) -> None:
        """Refuse keys nobody read: a misspelt key must not be ignored silently."""
        for key in self.data:
            if key not in self.used:
                self.fail(self.name(key), "unknown key")


def default_rules_path() -> Traversable:
    """The rules file in force when none is named: ``$NETSUPPORT_RULES`` if set, else the
    package's defaults (the same rule as the store's ``$NETSUPPORT_STORE``)."""
    named = os.environ.get(RULES_ENV)
    return Path(named) if named else DEFAULT_RULES_PATH


def load_rules(path: str | Path | Traversable | None = None) -> Rules:
    """Read and validate a rules file (default: :func:`default_rules_path`).

    Parameters
    ----------
    path : str, Path or Traversable, optional
        A TOML file with every key of the default file.

    Returns
    -------
    Rules
        Frozen dataclasses, one per table of the file.

    Raises
    ------
    RulesError
        The file cannot be read, is not TOML, or a key is missing, unknown, of the wrong
        type or holds an unknown code; the message names the key.

    Examples
    --------
    >>> load_rules().lead.stale_days
    90
    """
    file = Path(path) if isinstance(path, str) else path or default_rules_path()
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"{file}: cannot read the rules file: {exc.strerror or exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{file.name}: not a valid TOML file: {exc}") from exc
    root = _Table(file.name, "", data)
    rules = Rules(
        facts=_facts(root.table("facts")),
        screening=_screening(root.table("screening")),
        gaps=_gaps(root.table("gaps")),
        risk=_risk(root.table("risk")),
        lead=_lead(root.table("lead")),
        team=_team(root.table("team")),
        agency_report=_agency_report(root.table("agency_report")),
        after_parents=_after_parents(root.table("after_parents")),
        source=str(file),
    )
    root.done()
    return rules


def _facts(t: _Table) -> FactRules:
    rules = FactRules(
        parent_relations=frozenset(t.codes("parent_relations", Relation, "relation")),
        support_tie_kinds=frozenset(t.codes("support_tie_kinds", TieKind, "tie kind")),
        care_conditions=frozenset(t.codes("care_conditions", Condition, "condition")),
        family_conditions=frozenset(t.codes("family_conditions", Condition, "condition")),
        recent_days=t.integer("recent_days"),
    )
    t.done()
    return rules


def _screening(t: _Table) -> ScreeningRules:
    rules = ScreeningRules(
        subject_age_8050=t.integer("subject_age_8050"),
        parent_age_8050=t.integer("parent_age_8050"),
        isolated_max_supports=t.integer("isolated_max_supports", minimum=1),
    )
    t.done()
    return rules


def _gaps(t: _Table) -> GapRules:
    # The gaps are declared with their checks (one place); imported here, when a file is
    # read, because the analysis imports this module.
    from .analysis.gaps import GAP_RULES

    needs_table = t.table("needs")
    needs = {rule.code: needs_table.codes(rule.code, AgencyKind, "agency kind")
             for rule in GAP_RULES if rule.needs}
    needs_table.done()
    stage_table = t.table("stage_resource")
    stage_resource = {stage: stage_table.codes(stage.value, AgencyKind, "agency kind")
                      for stage in stage_table.keys_of(Stage, "stage")}
    stage_table.done()
    rules = GapRules(
        closed_statuses=frozenset(t.codes("closed_statuses", HouseholdStatus,
                                          "household status")),
        elder_care_parent_age=t.integer("elder_care_parent_age"),
        medical_diagnoses=frozenset(t.codes("medical_diagnoses", Diagnosis, "diagnosis")),
        medical_conditions=frozenset(t.codes("medical_conditions", Condition, "condition")),
        community_watch_informal=t.boolean("community_watch_informal"),
        community_watch_alone_age=t.integer("community_watch_alone_age"),
        needs=MappingProxyType(needs),
        stage_resource=MappingProxyType(stage_resource),
    )
    t.done()
    return rules


def _risk(t: _Table) -> RiskRules:
    from .analysis.risk import RISK_RULES  # declared with their checks, as the gaps

    points_table = t.table("points")
    points = {rule.code: points_table.integer(rule.code) for rule in RISK_RULES}
    points_table.done()
    high_from = t.integer("high_from")
    medium_from = t.integer("medium_from")
    if medium_from > high_from:
        t.fail(t.name("medium_from"),
               f"expected at most risk.high_from ({high_from}), got {medium_from!r}")
    rules = RiskRules(
        parent_age=t.integer("parent_age"),
        subject_age=t.integer("subject_age"),
        withdrawal_years=t.integer("withdrawal_years"),
        high_from=high_from,
        medium_from=medium_from,
        points=MappingProxyType(points),
    )
    t.done()
    return rules


def _lead(t: _Table) -> LeadRules:
    kinds_table = t.table("preferred_kinds")
    kinds_table.keys_of(Stage, "stage")
    preferred = {stage: kinds_table.codes(stage.value, AgencyKind, "agency kind")
                 for stage in Stage}
    kinds_table.done()
    rules = LeadRules(
        default_stage=t.code("default_stage", Stage, "stage"),
        stale_days=t.integer("stale_days"),
        preferred_kinds=MappingProxyType(preferred),
    )
    t.done()
    return rules


def _team(t: _Table) -> TeamRules:
    rules = TeamRules(
        max_size=t.integer("max_size", minimum=1),
        backup_kinds=t.codes("backup_kinds", AgencyKind, "agency kind"),
        backup_count=t.integer("backup_count"),
    )
    t.done()
    return rules


def _agency_report(t: _Table) -> AgencyReportRules:
    rules = AgencyReportRules(
        top_brokers=t.integer("top_brokers"),
        broker_exact_max_agencies=t.integer("broker_exact_max_agencies"),
        broker_samples=t.integer("broker_samples", minimum=1),
    )
    t.done()
    return rules


def _after_parents(t: _Table) -> AfterParentsRules:
    worries_table = t.table("worries")
    worries = {code: _worry(worries_table.table(code)) for code in WORRIES}
    worries_table.done()
    rules = AfterParentsRules(
        death_ends=frozenset(t.codes("death_ends", TieKind, "tie kind")),
        absence_ends=frozenset(t.codes("absence_ends", TieKind, "tie kind")),
        alone_family_capacity=t.code("alone_family_capacity", FamilyCapacity,
                                     "family capacity"),
        max_years=t.integer("max_years", minimum=1),
        forecast_parent_age=t.integer("forecast_parent_age"),
        readiness_ties_to=frozenset(t.codes("readiness_ties_to", Relation, "relation")),
        worries=MappingProxyType(worries),
    )
    t.done()
    return rules


def _worry(t: _Table) -> Worry:
    kinds = t.codes("kinds", AgencyKind, "agency kind")
    informal = t.codes("informal", Relation, "relation")
    for i, relation in enumerate(informal):
        if relation not in CONTACT_RELATIONS:
            allowed = ", ".join(sorted(r.value for r in CONTACT_RELATIONS))
            t.fail(f"{t.name('informal')}[{i}]",
                   f"not an informal contact's relation {relation.value!r}; "
                   f"expected one of: {allowed}")
    if not kinds and not informal:
        t.fail(t.path, "expected at least one agency kind in kinds or relation in informal")
    t.done()
    return Worry(kinds=kinds, informal=informal)
