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

Each factor is declared once, in :data:`RISK_RULES`: its code and its check. Everything else
follows from that list: the order of the factors, :data:`RISK_FACTORS`, the label key
``risk.<code>``, the key ``risk.points.<code>`` the rules file must have. A new factor is a
check here, its line in ``RISK_RULES``, its points in ``rules.toml``, its label in
:mod:`netsupport.i18n` and its test. A check answers ``None`` or a :class:`Scored` whose facts
are a function, called only for :func:`assess_risk`'s factors: the city scan asks the score
alone (:func:`risk_score`).

Examples
--------
>>> from netsupport.rules import load_rules
>>> risk_level(8, load_rules()), risk_level(7, load_rules()), risk_level(3, load_rules())
('high', 'medium', 'low')
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..i18n import t
from ..model import Acceptance, FamilyCapacity
from .facts import HouseholdFacts, full_years
from .findings import Finding
from .gaps import Gap, open_gaps
from .screening import ISOLATED, UNCONNECTED, Isolation, isolation

if TYPE_CHECKING:  # the rules read their keys from RISK_RULES: no import cycle at run time
    from ..rules import Rules

__all__ = ["RISK_RULES", "RISK_FACTORS", "RISK_LEVELS", "RiskRule", "Scored", "Screened",
           "RiskFactor", "Risk", "assess_risk", "risk_score", "risk_level"]

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


@dataclass(frozen=True, slots=True)
class Screened:
    """What a factor's check sees of a household: its facts, its isolation level and the
    codes of its open gaps (found once for all factors). ``isolation`` and ``gaps`` are
    the full findings when the caller has them: an explanation reads its facts there (and
    makes them again when not given)."""

    facts: HouseholdFacts
    level: str
    gap_codes: tuple[str, ...]
    isolation: Isolation | None = None
    gaps: Sequence[Gap] | None = None

    def isolation_finding(self, rules: Rules) -> Isolation:
        return self.isolation if self.isolation is not None else isolation(self.facts, rules)

    def gap(self, code: str, rules: Rules) -> Gap:
        gaps = self.gaps if self.gaps is not None else open_gaps(self.facts, rules)
        return next(g for g in gaps if g.code == code)


@dataclass(frozen=True, slots=True)
class Scored:
    """What a factor's check found: the facts behind it (given when called: see
    :class:`~.gaps.Opened`) and the words its label needs."""

    facts: Callable[[], Mapping[str, Any]]
    label_args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RiskRule:
    """One risk factor, declared once: its code and its check. Its points are
    ``risk.points.<code>`` in the rules file, its label ``risk.<code>``."""

    code: str
    check: Callable[[Screened, Rules], Scored | None]

    @property
    def label_key(self) -> str:
        return f"risk.{self.code}"


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
        ``factors`` in the order of :data:`RISK_RULES`.

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
    seen = Screened(facts, isolation_level.level, tuple(g.code for g in gaps),
                    isolation_level, gaps)
    factors = []
    score = 0
    for rule, points, scored in _scored(seen, rules):
        factors.append(RiskFactor(code=rule.code, label_key=rule.label_key, points=points,
                                  facts=scored.facts(), label_args=scored.label_args))
        score += points
    return Risk(score=score, level=risk_level(score, rules), factors=tuple(factors))


def risk_score(facts: HouseholdFacts, rules: Rules, level: str,
               gap_codes: tuple[str, ...]) -> int:
    """The score of :func:`assess_risk` from the isolation level and the open gaps' codes,
    without the factors' facts: the same checks, for a city scan's rows."""
    return sum(points for _, points, _ in _scored(Screened(facts, level, gap_codes), rules))


def _scored(seen: Screened, rules: Rules) -> Iterator[tuple[RiskRule, int, Scored]]:
    """Each scoring factor's rule, its points and what its check found (a factor worth 0
    points is not checked)."""
    table = rules.risk.points
    for rule in RISK_RULES:
        points = table[rule.code]
        if points == 0:
            continue
        scored = rule.check(seen, rules)
        if scored is not None:
            yield rule, points, scored


def _crisis(seen: Screened, rules: Rules) -> Scored | None:
    return Scored(lambda: {"crisis": True}) if seen.facts.household.crisis is True else None


def _subject_alone(seen: Screened, rules: Rules) -> Scored | None:
    f = seen.facts
    if not f.alone:
        return None
    return Scored(lambda: {"subject": f.subject.person_id,
                           "deceased": [p.person_id for p in f.members if not p.alive]})


def _isolation_level(level: str) -> Callable[[Screened, Rules], Scored | None]:
    """The check of the factor named for an isolation level (unconnected, isolated)."""
    def check(seen: Screened, rules: Rules) -> Scored | None:
        if seen.level != level:
            return None
        return Scored(lambda: dict(seen.isolation_finding(rules).facts))
    return check


def _parent_80_plus(seen: Screened, rules: Rules) -> Scored | None:
    f, bound = seen.facts, rules.risk.parent_age
    old = [p for p in f.parents if (age := f.age(p)) is not None and age >= bound]
    if not old:
        return None
    return Scored(lambda: {"parents": [_age_fact(f, p) for p in old], "parent_age": bound},
                  {"age": bound})


def _parent_care_need(seen: Screened, rules: Rules) -> Scored | None:
    f = seen.facts
    care = [p for p in f.parents if not rules.facts.care_conditions.isdisjoint(p.conditions)]
    if not care:
        return None
    return Scored(lambda: {"parents": [{**_age_fact(f, p),
                                        "conditions": [c.value for c in p.conditions]}
                                       for p in care]})


def _no_lead(seen: Screened, rules: Rules) -> Scored | None:
    if "no_lead" not in seen.gap_codes:
        return None
    return Scored(lambda: {"gap": "no_lead", **seen.gap("no_lead", rules).facts})


def _subject_50_plus(seen: Screened, rules: Rules) -> Scored | None:
    f, bound = seen.facts, rules.risk.subject_age
    age = f.age(f.subject)
    if age is None or age < bound:
        return None
    return Scored(lambda: {"subject": f.subject.person_id, "age": age, "subject_age": bound},
                  {"age": bound})


def _long_withdrawal(seen: Screened, rules: Rules) -> Scored | None:
    f, bound = seen.facts, rules.risk.withdrawal_years
    since = f.subject.withdrawn_since if f.subject else None
    if since is None or full_years(since, f.as_of) < bound:
        return None
    return Scored(lambda: {"subject": f.subject.person_id,
                           "withdrawn_since": since.isoformat(),
                           "years": full_years(since, f.as_of), "withdrawal_years": bound},
                  {"years": bound})


def _parent_deceased(seen: Screened, rules: Rules) -> Scored | None:
    deceased = [p for p in seen.facts.members
                if p.deceased and p.relation in rules.facts.parent_relations]
    if not deceased:
        return None
    return Scored(lambda: {"parents": [{"person_id": p.person_id, "relation": p.relation.value}
                                       for p in deceased]})


def _refuses(seen: Screened, rules: Rules) -> Scored | None:
    acceptance = seen.facts.household.acceptance
    if acceptance != Acceptance.REFUSES:
        return None
    return Scored(lambda: {"acceptance": acceptance.value})


def _family_difficult(seen: Screened, rules: Rules) -> Scored | None:
    family = seen.facts.family
    return Scored(family.to_facts) if family.value == FamilyCapacity.DIFFICULT else None


def _financial_hardship(seen: Screened, rules: Rules) -> Scored | None:
    if seen.facts.household.financial_hardship is not True:
        return None
    return Scored(lambda: {"financial_hardship": True})


def _age_fact(facts: HouseholdFacts, p) -> dict[str, Any]:
    return {"person_id": p.person_id, "relation": p.relation.value, "age": facts.age(p)}


#: Every risk factor, in the order of ``RULES.md`` (and of a score's factors).
RISK_RULES: tuple[RiskRule, ...] = (
    RiskRule("crisis", _crisis),
    RiskRule("subject_alone", _subject_alone),
    RiskRule(UNCONNECTED, _isolation_level(UNCONNECTED)),
    RiskRule(ISOLATED, _isolation_level(ISOLATED)),
    RiskRule("parent_80_plus", _parent_80_plus),
    RiskRule("parent_care_need", _parent_care_need),
    RiskRule("no_lead", _no_lead),
    RiskRule("subject_50_plus", _subject_50_plus),
    RiskRule("long_withdrawal", _long_withdrawal),
    RiskRule("parent_deceased", _parent_deceased),
    RiskRule("refuses", _refuses),
    RiskRule("family_difficult", _family_difficult),
    RiskRule("financial_hardship", _financial_hardship),
)

#: Every risk factor code, in the order of :data:`RISK_RULES`; each has ``risk.points.<code>``.
RISK_FACTORS: tuple[str, ...] = tuple(rule.code for rule in RISK_RULES)
