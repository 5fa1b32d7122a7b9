"""The lead worklist brought up to date after an edit: the same as one made from every
standing, its standings replaced in their places when no household came, went or moved
(the index of places then shared), the few that come, go or move put in their places,
many merged again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from netsupport import worklist
from netsupport.analysis.household import LeadStanding
from netsupport.analysis.lead import ASSIGN, KEEP
from netsupport.citycache import CityCache, compute_city
from netsupport.model import (
    Agency,
    AgencyKind,
    Bundle,
    Household,
    Person,
    Relation,
    Role,
    Stage,
    Tie,
    TieKind,
)
from netsupport.rules import load_rules
from netsupport.storage import ChangeSet
from netsupport.worklist import Worklist, rewoven_worklist, worklist_of

RULES = load_rules()
AS_OF = date(2026, 11, 1)


@dataclass
class Followed:
    """What :func:`rewoven_worklist` reads of the results an edit led to: the standings of
    the households held now, and the households whose standing was not carried."""

    standings: dict[str, LeadStanding]
    restanded: frozenset[str]

    @property
    def facts(self) -> dict[str, LeadStanding]:  # the households held
        return self.standings

    def standing(self, household_id: str) -> LeadStanding:
        return self.standings[household_id]


def standing(hid: str, risk: int, decide: bool) -> LeadStanding:
    return LeadStanding(hid, "北区", risk, (), None, "A1", ASSIGN if decide else KEEP, ())


line = st.tuples(st.integers(0, 4), st.booleans())  # (risk, needs a decision)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([f"H{i}" for i in range(12)]), line),
       st.data())
def test_rewoven_equals_made_from_every_standing(before, data):
    """Random standings, random changes (new risk or decision, households gone or new),
    random scope, households moved one by one or merged: the worklist brought up to date is
    the one made afresh; when every changed household keeps its place, it shares the index
    of places of the one before."""
    old = {h: standing(h, *v) for h, v in before.items()}
    ids = [f"H{i}" for i in range(12)]
    scope = data.draw(st.sets(st.sampled_from(ids)))
    changed = data.draw(st.sets(st.sampled_from(ids)))
    new = {h: s for h, s in old.items() if h not in changed}
    for h in changed:
        after = data.draw(st.one_of(st.none(), line))
        if after is not None:
            new[h] = standing(h, *after)
    first = worklist_of((s for h, s in old.items() if h in scope), RULES)
    with patch.object(worklist, "FEW", data.draw(st.sampled_from([0, 1, 3, worklist.FEW]))):
        made = rewoven_worklist(first, Followed(new, frozenset(changed)), scope, RULES)
    assert made == worklist_of((s for h, s in new.items() if h in scope), RULES)
    assert made.at == {s.household_id: i for i, s in enumerate(made)}

    def place(standings, h):
        s = standings.get(h)
        return (s.risk_score if s is not None and h in scope and s.needs_decision(RULES)
                else None)

    if all(place(old, h) == place(new, h) for h in changed):
        assert made.at is first.at
    else:
        assert made.at is not first.at


def test_worklist_reads_as_a_sequence():
    """The page slices it, the download walks it, the tests compare it with tuples."""
    rows = (standing("H2", 4, True), standing("H1", 1, True))
    worklist = Worklist(rows)
    assert (len(worklist), worklist[0], worklist[:1], list(worklist)) == (
        2, rows[0], rows[:1], list(rows))
    assert worklist == rows and worklist == Worklist(rows) and worklist != rows[:1]
    assert worklist.at == {"H2": 0, "H1": 1}


def test_an_office_s_new_lead_elsewhere_keeps_every_place(store):
    """A1 (an office with room for two) leads H2 and H3, whose stage prefers another kind:
    both are to be handed over. A1's new lead in another ward (out of the scope) counts
    again their over_capacity reason: their standings change, their places do not, so the
    worklist of 北区 takes them in place. A lead given to H1 takes it off the list: merged
    again. Each time the same as the worklist made of every standing."""
    office = AgencyKind.HIKIKOMORI_SUPPORT_OFFICE
    homes = {"H1": "北区", "H2": "北区", "H3": "北区", "H4": "北区", "H9": "西区"}
    store.load(Bundle(
        agencies=[Agency("A1", "支援室", office, "北区", capacity=2),
                  Agency("A2", "支援室2", office, "北区"),
                  Agency("A3", "就労支援", AgencyKind.EMPLOYMENT_SUPPORT, "北区")],
        households=[Household(h, ward, stage=Stage.PARTICIPATION if h in ("H2", "H3")
                              else None) for h, ward in homes.items()],
        people=[Person(f"P{h}", Relation.SUBJECT, h, birth_year=1990) for h in homes],
        ties=[Tie("A1", h, TieKind.SUPPORT, role=Role.LEAD,
                  last_contact=AS_OF - timedelta(days=5)) for h in ("H2", "H3")]))
    cache = CityCache(store, RULES)
    city = cache.results(AS_OF)
    scope = {h for h, ward in homes.items() if ward == "北区"}

    def fresh():
        return worklist_of((s for h, s in compute_city(store, RULES, AS_OF).standings().items()
                            if h in scope), RULES)

    worklist = worklist_of((city.standing(h) for h in sorted(scope)), RULES)
    assert {"H2", "H3"} <= set(worklist.at)

    store.apply(ChangeSet(add_ties=[Tie("A1", "H9", TieKind.SUPPORT, role=Role.LEAD)]))
    city = cache.results(AS_OF)
    assert {"H2", "H3"} <= city.restanded
    after = rewoven_worklist(worklist, city, scope, RULES)
    assert after == fresh() and after.at is worklist.at
    over = [r.facts for r in after[after.at["H2"]].reasons if r.code == "over_capacity"]
    assert over == [{"agency_id": "A1", "leads": 3, "capacity": 2}]

    store.apply(ChangeSet(add_ties=[Tie("A2", "H1", TieKind.SUPPORT, role=Role.LEAD,
                                        last_contact=AS_OF - timedelta(days=5))]))
    city = cache.results(AS_OF)
    again = rewoven_worklist(after, city, scope, RULES)
    assert again == fresh()
    assert "H1" in after.at and "H1" not in again.at and again.at is not after.at

