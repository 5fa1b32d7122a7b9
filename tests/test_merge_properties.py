"""Random merges into a demo city, on both stores: the store ends up holding exactly the
union the rule defines, the part ``merge_base`` reads is enough for the preview, and the
change feed names every household and agency whose neighbourhood changed."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from netsupport import merge
from netsupport.bundle import validate_bundle
from netsupport.demo import generate
from netsupport.model import (
    Agency,
    Bundle,
    Event,
    EventType,
    Household,
    Person,
    Relation,
    Role,
    Strength,
    Tie,
    TieKind,
)

CITY = generate(30, seed=3)


def union(city: Bundle, incoming: Bundle) -> Bundle:
    """What the store must hold after the merge, by the rule (the whole city as the base)."""
    kept = merge.kept_part(city, incoming)
    return Bundle(kept.agencies + incoming.agencies, kept.households + incoming.households,
                  kept.people + incoming.people, kept.ties + incoming.ties,
                  kept.events + incoming.events).sorted()


def household_part(city: Bundle, hid: str) -> Bundle:
    members = [p for p in city.people if p.household_id == hid]
    ends = {hid} | {p.person_id for p in members}
    return Bundle(households=[h for h in city.households if h.household_id == hid],
                  people=members,
                  ties=[t for t in city.ties if t.source_id in ends or t.target_id in ends],
                  events=[e for e in city.events if e.household_id == hid])


def random_merge(city: Bundle, rng: random.Random, n: int) -> Bundle:
    """A valid merge bundle: some households changed at random, perhaps a new one, a
    changed contact tied to a bundle household, agencies and collaboration ties."""
    agencies = [a.agency_id for a in city.agencies]
    out = Bundle()
    chosen = rng.sample([h.household_id for h in city.households], rng.randint(1, 4))
    for hid in chosen:
        part = household_part(city, hid)
        home = part.households[0]
        if rng.random() < 0.5:
            home = replace(home, crisis=not home.crisis)
        people, ties = list(part.people), list(part.ties)
        others = [p for p in people if p.relation is not Relation.SUBJECT]
        if others and rng.random() < 0.3:              # a member leaves, with their ties
            gone = rng.choice(others).person_id
            people = [p for p in people if p.person_id != gone]
            ties = [t for t in ties if gone not in (t.source_id, t.target_id)]
        if rng.random() < 0.3:                          # a member joins
            people.append(Person(f"P-NEW-{hid}-{n}", Relation.SIBLING, hid, birth_year=1975))
        for i, tie in enumerate(ties):
            roll = rng.random()
            if roll < 0.15:
                ties[i] = replace(tie, strength=Strength.WEAK)
            elif roll < 0.3 and tie.until is None:
                ties[i] = replace(tie, until=max(tie.since or date(2026, 1, 1),
                                                 date(2026, 1, 1)) + timedelta(days=n))
            elif roll < 0.4:
                ties[i] = None                          # removed
        ties = [t for t in ties if t is not None]
        if rng.random() < 0.5:
            ties.append(Tie(rng.choice(agencies), hid, TieKind.SUPPORT, role=Role.TEAM,
                            since=date(2026, 6, 1) + timedelta(days=n)))
        events = list(part.events)
        if rng.random() < 0.5:
            events.append(Event(f"EV-{hid}-{n}", hid, date(2026, 10, 1), EventType.VISIT,
                                rng.choice(agencies)))
        out.households.append(home)
        out.people += people
        out.ties += ties
        out.events += events
    # ties of the city between the chosen households' people come in twice: keep one
    out.ties = list({t.key: t for t in out.ties}.values())
    if rng.random() < 0.5:                              # a new household
        hid = f"H-NEW-{n}"
        out.households.append(Household(hid, "西区"))
        out.people.append(Person(f"P-S-{n}", Relation.SUBJECT, hid, birth_year=1980))
        out.ties.append(Tie(rng.choice(agencies), hid, TieKind.SUPPORT, role=Role.LEAD,
                            since=date(2026, 9, 1)))
    contacts = [p for p in city.people if p.household_id is None]
    if rng.random() < 0.6:                              # a contact changes, tied anew
        contact = rng.choice(contacts)
        out.people.append(replace(contact, display_name=f"改名{n}"))
        target = rng.choice([p.person_id for p in out.people if p.household_id])
        out.ties.append(Tie(contact.person_id, target, TieKind.INFORMAL,
                            since=date(2026, 7, 1) + timedelta(days=n)))
    if rng.random() < 0.5:                              # an agency changes, one is new
        agency = rng.choice(city.agencies)
        out.agencies.append(replace(agency, capacity=(agency.capacity or 0) + 1))
        out.agencies.append(Agency(f"A-NEW-{n}", "新しい機関", agency.kind, "西区"))
        out.ties.append(Tie(f"A-NEW-{n}", out.households[0].household_id, TieKind.SUPPORT))
    collaborations = [t for t in city.ties if t.kind is TieKind.COLLABORATION]
    if rng.random() < 0.5:
        out.ties.append(replace(rng.choice(collaborations), strength=Strength.STRONG))
    return out


def neighbourhoods(store) -> dict[str, Bundle]:
    """Each household's neighbourhood without the agencies' own rows: a changed agency is
    told by ``Changes.agencies`` (the reader re-analyses the households tied to it)."""
    return {h: replace(store.household_network(h).sorted(), agencies=[])
            for h in store.household_ids()}


def agency_ties(bundle: Bundle) -> dict[str, set]:
    ids = {a.agency_id for a in bundle.agencies}
    out: dict[str, set] = {a.agency_id: {a} for a in bundle.agencies}
    for t in bundle.ties:
        for end in (t.source_id, t.target_id):
            if end in ids:
                out[end].add(t)
    return out


@pytest.mark.parametrize("seed", range(4))
def test_a_random_merge_writes_the_union_and_the_feed_names_what_changed(store, seed):
    rng = random.Random(seed)
    store.load(CITY)
    city = CITY
    for n in range(2):                                  # two merges in a row
        incoming = random_merge(city, rng, n + 10 * seed)
        assert merge.check(incoming, city) == []
        expected = union(city, incoming)
        assert [p for p in validate_bundle(expected) if not p.warning] == []
        whole = merge.preview(city, incoming)
        assert merge.preview(store.merge_base(incoming), incoming) == whole
        before, version = neighbourhoods(store), store.data_version()
        store.merge(incoming)
        assert store.export().sorted() == expected
        after = neighbourhoods(store)
        changes = store.changes_since(version)
        moved = {h for h in after if before.get(h) != after[h]} | (set(before) - set(after))
        assert moved <= changes.households
        assert changes.households == whole.touched_households
        old, new = agency_ties(city), agency_ties(expected)
        assert {a for a in new if old.get(a) != new[a]} <= changes.agencies
        city = expected
