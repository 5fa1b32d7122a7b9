"""The lead worklist: the households whose lead needs a decision, highest risk first.

主担当の割当 shows it one page at a time and offers it whole as a download. At 80,000
households some 36,000 standings are on it, so it is made once per data version and, after
an edit, brought up to date from the last one (:func:`rewoven_worklist`) instead of from
every standing of the city: only the households whose standing the edit did not carry
(``CityResults.restanded``) are looked at again.

Most edits change no household's place in it: after an office's new lead, the 2,000
households it leads at 80,000 get a new count in their ``over_capacity`` reason and stay
where they were (their risk did not move). A :class:`Worklist` knows where each household
stands (:attr:`Worklist.at`), so those standings are replaced in their places, and the next
worklist shares that index; the few households that come, go or move are taken out and put
back by bisection.

Examples
--------
>>> from netsupport.analysis.household import LeadStanding
>>> from netsupport.rules import load_rules
>>> rules = load_rules()
>>> def standing(hid, risk, action="assign"):
...     return LeadStanding(hid, "北区", risk, (), None, "A1", action, ())
>>> worklist = worklist_of([standing("H1", 3), standing("H2", 9), standing("H3", 9, "keep")],
...                        rules)
>>> [s.household_id for s in worklist], worklist.at["H1"]
(['H2', 'H1'], 1)
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, overload

from .analysis.household import LeadStanding
from .rules import Rules

if TYPE_CHECKING:
    from .citycache import CityResults

__all__ = ["Worklist", "worklist_of", "rewoven_worklist", "FEW"]


class Worklist(Sequence[LeadStanding]):
    """Lead standings in the worklist's order, and each household's place among them.

    A sequence (the page slices it, the download walks it); never changed once made, so
    sessions on other threads share it. Equal to another worklist, or to a tuple, of the
    same standings in the same order.
    """

    __slots__ = ("rows", "_at")

    def __init__(self, rows: tuple[LeadStanding, ...], at: dict[str, int] | None = None):
        self.rows = rows
        self._at = at  # made when first asked for; shared with the next worklist when valid

    @property
    def at(self) -> dict[str, int]:
        """Each household's index in :attr:`rows` (made once: 36,000 entries at 80,000
        households, a few ms; a worklist whose places did not move shares its
        predecessor's). Read only."""
        at = self._at
        if at is None:  # two threads may both make it: the same dict, one kept
            at = self._at = {s.household_id: i for i, s in enumerate(self.rows)}
        return at

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, i: int) -> LeadStanding: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[LeadStanding, ...]: ...

    def __getitem__(self, i):
        return self.rows[i]

    def __iter__(self) -> Iterator[LeadStanding]:
        return iter(self.rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Worklist):
            return self.rows == other.rows
        if isinstance(other, tuple):
            return self.rows == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # compared by value, not a key

    def __repr__(self) -> str:
        return f"Worklist({len(self.rows)} standings)"


def worklist_of(standings: Iterable[LeadStanding], rules: Rules) -> Worklist:
    """The lead worklist of these standings: those whose lead needs a decision
    (``needs_decision``), highest risk first, then by id."""
    return Worklist(tuple(sorted((s for s in standings if s.needs_decision(rules)),
                                 key=_order)))


#: At most this many households coming onto the list, leaving it or moving in it are taken
#: out and put back one by one (each a move of the list's tail, some microseconds at
#: 36,000 standings); more, and the list is merged again in one pass.
FEW = 64


def rewoven_worklist(before: Worklist, results: CityResults, in_scope: Collection[str],
                     rules: Rules) -> Worklist:
    """The worklist of ``results`` (of the households ``in_scope``) from the one made of the
    results they followed (``before``).

    Every standing the results carried is as it was, so only the households
    ``results.restanded`` can change. Those that keep their place (on the list before and
    after, with the same risk) are replaced in place (:attr:`Worklist.at`); when that is the
    whole change, the new worklist shares the old one's index. The few that come, go or move
    are taken out and put back by bisection; many, and the list is merged again in one pass.
    The same as :func:`worklist_of` of every standing in scope (``tests/test_worklist.py``,
    ``tests/test_citycache.py``), without looking at 80,000 of them.
    """
    changed = results.restanded
    facts = results.facts
    back = [standing for standing in (results.standing(hid) for hid in changed
                                      if hid in in_scope and hid in facts)
            if standing.needs_decision(rules)]
    at = before.at
    rows = list(before.rows)
    placed: set[str] = set()
    coming = []
    for standing in back:
        i = at.get(standing.household_id)
        if i is not None and _order(rows[i]) == _order(standing):
            rows[i] = standing
            placed.add(standing.household_id)
        else:
            coming.append(standing)
    going = [at[hid] for hid in changed if hid in at and hid not in placed]
    if not coming and not going:
        return Worklist(tuple(rows), at)
    if len(coming) + len(going) <= FEW:
        for i in sorted(going, reverse=True):
            del rows[i]
        for standing in coming:
            insort(rows, standing, key=_order)
        return Worklist(tuple(rows))
    return Worklist(tuple(_merged([s for s in rows if s.household_id not in changed],
                                  sorted(back, key=_order))))


def _merged(kept: list[LeadStanding], back: list[LeadStanding]) -> list[LeadStanding]:
    """Two lists in the worklist's order merged in one pass, each of ``back`` put in its
    place in ``kept`` found by bisection (inserted one by one, each moved half of a list of
    36,000: 30 ms for 2,000)."""
    merged: list[LeadStanding] = []
    start = 0
    for standing in back:
        at = bisect_left(kept, _order(standing), lo=start, key=_order)
        merged.extend(kept[start:at])
        merged.append(standing)
        start = at
    merged.extend(kept[start:])
    return merged


def _order(standing: LeadStanding) -> tuple[int, str]:
    return (-standing.risk_score, standing.household_id)
