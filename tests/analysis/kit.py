"""Hand-drawn households for the analysis tests, dated around one as-of day.

Ages and days are given relative to :data:`AS_OF` so that a boundary reads as itself:
``person("P2", "father", age=70)`` is 70 as of 2026-11-01, ``days_ago(90)`` is 90 days before.

>>> b = build(household(), person("P1", "subject", age=45))
>>> report(b).is_8050
False
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from netsupport.analysis import analyse_household, build_agency_index, household_facts
from netsupport.analysis.facts import HouseholdFacts
from netsupport.analysis.household import HouseholdReport
from netsupport.graph import to_graph
from netsupport.model import (
    Acceptance,
    Agency,
    AgencyKind,
    Bundle,
    Condition,
    Diagnosis,
    FamilyCapacity,
    Household,
    HouseholdStatus,
    Person,
    Relation,
    Role,
    Stage,
    Strength,
    Tie,
    TieKind,
)
from netsupport.rules import DEFAULT_RULES_PATH, Rules, load_rules

AS_OF = date(2026, 11, 1)
RULES = load_rules()
K = AgencyKind


def days_ago(n: int) -> date:
    return AS_OF - timedelta(days=n)


def household(hid: str = "H1", ward: str = "北区", *, status: str = "active",
              stage: str | None = None, crisis: bool | None = None,
              acceptance: str | None = None, family: str | None = None,
              hardship: bool | None = None) -> Household:
    return Household(hid, ward, status=HouseholdStatus(status),
                     stage=Stage(stage) if stage else None, crisis=crisis,
                     acceptance=Acceptance(acceptance) if acceptance else None,
                     family_capacity=FamilyCapacity(family) if family else None,
                     financial_hardship=hardship)


def person(pid: str, relation: str, hid: str | None = "H1", *, age: int | None = None,
           deceased: bool | None = None, conditions: tuple[str, ...] = (),
           diagnosis: str | None = None, withdrawn_since: date | None = None) -> Person:
    rel = Relation(relation)
    if rel in (Relation.NEIGHBOUR, Relation.RELATIVE, Relation.FRIEND):
        hid = None
    return Person(pid, rel, hid, birth_year=None if age is None else AS_OF.year - age,
                  deceased=deceased, conditions=tuple(Condition(c) for c in conditions),
                  diagnosis=Diagnosis(diagnosis) if diagnosis else None,
                  withdrawn_since=withdrawn_since)


def agency(aid: str, kind: AgencyKind | str = K.OTHER, ward: str | None = "北区",
           capacity: int | None = None) -> Agency:
    return Agency(aid, f"機関{aid}", AgencyKind(kind), ward, capacity)


def support(aid: str, target: str = "H1", *, role: str = "none", strength: str = "normal",
            since: date | None = None, until: date | None = None,
            last_contact: date | None = None, consent: bool | None = True) -> Tie:
    """A support tie; last_contact defaults to 10 days ago (recent, not stale)."""
    return Tie(aid, target, TieKind.SUPPORT, Strength(strength), Role(role), since, until,
               days_ago(10) if last_contact is None else last_contact, consent)


def lead(aid: str, target: str = "H1", **kw) -> Tie:
    return support(aid, target, role="lead", **kw)


def informal(cid: str, target: str = "H1", *, strength: str = "normal",
             since: date | None = None, until: date | None = None,
             last_contact: date | None = None) -> Tie:
    return Tie(cid, target, TieKind.INFORMAL, Strength(strength), Role.NONE, since, until,
               days_ago(10) if last_contact is None else last_contact)


def collaboration(a: str, b: str, *, since: date | None = None,
                  until: date | None = None) -> Tie:
    return Tie(a, b, TieKind.COLLABORATION, since=since, until=until)


def build(*records) -> Bundle:
    """A bundle of the given records, each put in its list by type."""
    b = Bundle()
    for r in records:
        {Agency: b.agencies, Household: b.households, Person: b.people,
         Tie: b.ties}[type(r)].append(r)
    return b


def facts(bundle: Bundle, hid: str = "H1", rules: Rules = RULES,
          as_of: date = AS_OF) -> HouseholdFacts:
    return household_facts(to_graph(bundle), hid, rules, as_of)


def report(bundle: Bundle, hid: str = "H1", rules: Rules = RULES,
           as_of: date = AS_OF) -> HouseholdReport:
    """Analyse with the bundle as both the household network and the city's agencies."""
    g = to_graph(bundle)
    return analyse_household(g, hid, build_agency_index(g, rules, as_of), rules, as_of)


def rules_with(tmp_path: Path, old: str, new: str) -> Rules:
    """The default rules with one line of the file replaced (the line must exist)."""
    text = DEFAULT_RULES_PATH.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_rules(path)
