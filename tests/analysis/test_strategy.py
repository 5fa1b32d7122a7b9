"""The four branches of the strategy, unknowns included, with their explanations."""

from __future__ import annotations

import pytest

from netsupport.analysis.strategy import choose_strategy

from .kit import build, facts, household, person


def strategy(**home):
    """A subject living with a well sister: the recorded family capacity holds."""
    return choose_strategy(facts(build(household(**home), person("P1", "subject"),
                                       person("P2", "sibling", age=50))))


@pytest.mark.parametrize(("home", "code", "branch"), [
    ({"crisis": True, "acceptance": "accepts", "family": "good"}, "crisis_intervention", 1),
    ({"crisis": True, "acceptance": "refuses", "family": "difficult"}, "crisis_intervention", 1),
    ({"crisis": False, "acceptance": "accepts", "family": "difficult"}, "direct_support", 2),
    ({"crisis": None, "acceptance": "accepts"}, "direct_support", 2),
    ({"acceptance": "refuses", "family": "good"}, "via_family", 3),
    ({"acceptance": None, "family": "good"}, "via_family", 3),
    ({"acceptance": "refuses", "family": "difficult"}, "prepare_for_crisis", 4),
    ({"acceptance": "refuses", "family": None}, "prepare_for_crisis", 4),
    ({}, "prepare_for_crisis", 4),
])
def test_branches(home, code, branch):
    s = strategy(**home)
    assert (s.code, s.branch) == (code, branch)


def test_labels_explanations_and_facts():
    s = strategy(crisis=False, acceptance="refuses", family="good")
    assert s.label() == "家族を通した本人への働きかけ"
    assert "家族を通して" in s.explanation()
    assert s.facts == {"crisis": False, "acceptance": "refuses", "family_capacity": "good",
                       "family_capacity_source": "recorded", "family_capacity_recorded": "good",
                       "alone": False,
                       "members": [{"person_id": "P2", "relation": "sibling", "conditions": []}]}
    assert strategy(crisis=True).explanation("en") == "A crisis is imminent: intervene first"
