"""Small hand-drawn bundles, and a hypothesis strategy of valid ones, for any test to import.

``tiny_bundle()`` is the household of the seed in miniature, small enough to check by eye::

    A1 北区ひきこもり支援室 ──support (lead, strong)──▶ H1 北区 ◀──informal (weak)── C1 近所の人
    A1 ──collaboration── A2 あんしんすこやかセンター ──support (team)──▶ P2 父
    H1 = P1 本人 (1975, 気分障害) + P2 父 (1945, 認知症)

``add_household`` appends more hand-drawn households, ``csv_folder`` writes CSV text exactly
as given (any encoding), and ``bundles()`` draws random valid bundles for property tests.
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from hypothesis import strategies as st

from netsupport.model import (
    CONTACT_RELATIONS,
    MEMBER_RELATIONS,
    Acceptance,
    Agency,
    AgencyKind,
    Bundle,
    Condition,
    Diagnosis,
    Event,
    EventType,
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


def tiny_bundle() -> Bundle:
    """Two agencies, one household (subject + father), an informal contact, three ties."""
    return Bundle(
        agencies=[
            Agency("A1", "北区ひきこもり支援室", AgencyKind.HIKIKOMORI_SUPPORT_OFFICE, "北区", 20),
            Agency("A2", "北区あんしんすこやかセンター", AgencyKind.COMMUNITY_SUPPORT_CENTER,
                   "北区"),
        ],
        households=[Household("H1", "北区", date(2024, 4, 1), stage=Stage.ENGAGEMENT,
                              crisis=False, acceptance=Acceptance.REFUSES,
                              family_capacity=FamilyCapacity.DIFFICULT)],
        people=[
            Person("P1", Relation.SUBJECT, "H1", "本人", 1975, diagnosis=Diagnosis.MOOD,
                   withdrawn_since=date(2005, 6, 1)),
            Person("P2", Relation.FATHER, "H1", "父", 1945, conditions=(Condition.DEMENTIA,)),
            Person("C1", Relation.NEIGHBOUR, None, "近所の人"),
        ],
        ties=[
            Tie("A1", "H1", TieKind.SUPPORT, Strength.STRONG, Role.LEAD, date(2024, 4, 1),
                consent=True),
            Tie("A2", "P2", TieKind.SUPPORT, role=Role.TEAM),
            Tie("C1", "H1", TieKind.INFORMAL, Strength.WEAK),
            Tie("A1", "A2", TieKind.COLLABORATION),
        ],
        events=[Event("E1", "H1", date(2024, 4, 10), EventType.VISIT, "A1", "初回訪問")],
    )


def add_household(bundle: Bundle, household_id: str, ward: str = "北区",
                  members: dict[str, Relation] | None = None, **fields) -> Bundle:
    """Append a household and its members (person id -> relation) to ``bundle``.

    >>> b = add_household(Bundle(), "H2", "西区", {"P3": Relation.SUBJECT, "P4": Relation.MOTHER})
    >>> [(p.person_id, p.household_id) for p in b.people]
    [('P3', 'H2'), ('P4', 'H2')]
    """
    bundle.households.append(Household(household_id, ward, **fields))
    for person_id, relation in (members or {}).items():
        bundle.people.append(Person(person_id, relation, household_id))
    return bundle


def csv_folder(folder: Path, files: dict[str, str], encoding: str = "utf-8") -> Path:
    """Write each ``name -> CSV text`` (dedented) as ``folder/name.csv`` in ``encoding``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        body = textwrap.dedent(text).lstrip("\n")
        (folder / f"{name}.csv").write_bytes(body.encode(encoding))
    return folder


# --- a strategy of random valid bundles -----------------------------------------------------

#: Text a sheet cell holds unchanged; includes what stresses the writer (formula starts,
#: quotes, separators, newlines, Japanese, Excel's _x0000_ escapes).
_TRICKY = st.sampled_from(["=", "+", "-", "@", "'", ";", ",", '"', "\n", "\t", "_x0041_",
                           "本人", "区", "　", " ", "ｶﾅ", "007", "1e3", "#N/A", "TRUE"])
# Format characters (Cf: bidi controls, zero-width, soft hyphen) are refused in ids, wards
# and names (validate.py), so a valid bundle holds none.
_CHARS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cf"),
                       exclude_characters="\ufffe\uffff")
TEXT = (st.lists(_TRICKY | _CHARS, min_size=1, max_size=6)
        .map(lambda parts: "".join(parts).strip()).filter(bool))
DATES = st.dates(date(1900, 1, 1), date(2100, 12, 31))


def _maybe(strategy):
    return st.none() | strategy


@st.composite
def bundles(draw, max_agencies: int = 3, max_households: int = 3, max_contacts: int = 2,
            max_ties: int = 8, max_events: int = 3) -> Bundle:
    """A random valid bundle: unique ids, one living subject per household, fitting ties."""
    n_agencies = draw(st.integers(0, max_agencies))
    sizes = draw(st.lists(st.integers(0, 2), max_size=max_households))  # members besides subject
    n_contacts = draw(st.integers(0, max_contacts))
    n_ids = n_agencies + len(sizes) + sum(sizes) + len(sizes) + n_contacts
    ids = iter(draw(st.lists(TEXT, min_size=n_ids, max_size=n_ids, unique=True)))

    agencies = []
    for _ in range(n_agencies):
        low, high = draw(_maybe(st.integers(0, 150))), draw(_maybe(st.integers(0, 150)))
        if low is not None and high is not None and low > high:
            low, high = high, low
        agencies.append(Agency(next(ids), draw(TEXT), draw(st.sampled_from(AgencyKind)),
                               draw(_maybe(TEXT)), draw(_maybe(st.integers(0, 1_000_000))),
                               low, high))
    households, people = [], []
    for size in sizes:
        h = Household(next(ids), draw(TEXT), draw(_maybe(DATES)),
                      draw(st.sampled_from(HouseholdStatus)), draw(_maybe(st.sampled_from(Stage))),
                      draw(_maybe(st.booleans())), draw(_maybe(st.sampled_from(Acceptance))),
                      draw(_maybe(st.sampled_from(FamilyCapacity))), draw(_maybe(st.booleans())))
        households.append(h)
        people.append(Person(
            next(ids), Relation.SUBJECT, h.household_id, draw(_maybe(TEXT)),
            draw(_maybe(st.integers(1900, 2100))), draw(st.sampled_from([None, False])),
            tuple(draw(st.lists(st.sampled_from(Condition), unique=True, max_size=4))),
            draw(_maybe(st.sampled_from(Diagnosis))), draw(_maybe(DATES)), draw(_maybe(TEXT))))
        others = sorted(MEMBER_RELATIONS - {Relation.SUBJECT})
        for _ in range(size):
            people.append(Person(
                next(ids), draw(st.sampled_from(others)), h.household_id, draw(_maybe(TEXT)),
                draw(_maybe(st.integers(1900, 2100))), draw(_maybe(st.booleans())),
                tuple(draw(st.lists(st.sampled_from(Condition), unique=True, max_size=2))),
                kana=draw(_maybe(TEXT))))
    for _ in range(n_contacts):
        people.append(Person(next(ids), draw(st.sampled_from(sorted(CONTACT_RELATIONS))), None,
                             draw(_maybe(TEXT))))

    ties = _draw_ties(draw, agencies, households, people, max_ties)
    events = []
    if households:
        event_ids = draw(st.lists(TEXT, max_size=max_events, unique=True))
        events = [Event(i, draw(st.sampled_from(households)).household_id, draw(DATES),
                        draw(st.sampled_from(EventType)),
                        draw(_maybe(st.sampled_from([a.agency_id for a in agencies])))
                        if agencies else None, draw(_maybe(TEXT)))
                  for i in event_ids]
    return Bundle(agencies, households, people, ties, events)


def _draw_ties(draw, agencies, households, people, max_ties) -> list[Tie]:
    agency_ids = [a.agency_id for a in agencies]
    members = [p for p in people if p.household_id is not None]
    cared = [h.household_id for h in households] + [p.person_id for p in members]
    contacts = [p.person_id for p in people if p.household_id is None]
    pairs = {
        TieKind.SUPPORT: [(a, c) for a in agency_ids for c in cared],
        TieKind.INFORMAL: [(c, x) for c in contacts for x in cared]
        + [(x, c) for c in contacts for x in cared],
        TieKind.FAMILY: [(p.person_id, q.person_id) for p in members for q in members
                         if p is not q and p.household_id == q.household_id],
        TieKind.COLLABORATION: [(a, b) for a in agency_ids for b in agency_ids if a != b],
    }
    kinds = [k for k, found in pairs.items() if found]
    ties: dict = {}
    for _ in range(draw(st.integers(0, max_ties)) if kinds else 0):
        kind = draw(st.sampled_from(kinds))
        source, target = draw(st.sampled_from(pairs[kind]))
        since = draw(_maybe(DATES))
        until = draw(_maybe(st.dates(since or date(1900, 1, 1), date(2100, 12, 31))))
        role = draw(st.sampled_from(Role)) if kind == TieKind.SUPPORT else Role.NONE
        tie = Tie(source, target, kind, draw(st.sampled_from(Strength)), role, since, until,
                  draw(_maybe(DATES)), draw(_maybe(st.booleans())))
        ties.setdefault(tie.key, tie)
    return list(ties.values())
