"""A read-only mapping and set that share what did not change: a city's entries kept once,
each edit's few laid on top.

The city's results (:class:`netsupport.citycache.CityResults`) hold per household its facts,
its scan row, its agency links and its stamp: four mappings of 80,000 entries at a city's
scale. Results are never changed once handed out, so after every edit the new results
needed their own copy of each, although the edit changed one or two entries. The copies
cost little to make (2 ms each), but each is a new city-sized container, and Python's
cyclic garbage collector walks every new container at its next young collections: 30-60 ms
on the first click after every edit at 80,000 households, most of that click's time.

:class:`Layered` keeps the previous mapping as its base, untouched and shared, and the
changes in a small dict on top. A lookup asks the top first. Walking every entry (keys,
values, items, iteration) is done over a flat dict made on the first walk and kept: the
pages that look up a few households (the case conference, the agency network) never pay for
it, and a page that walks them all pays what the copy cost before, once per version. When
the top grows past a share of the base (:data:`FLAT_SHARE`), the next layer is made flat,
so that the top stays small and the base is not kept alive by a long chain.

>>> base = {"H1": 1, "H2": 2}
>>> m = Layered.over(base, {"H2": 20, "H3": 3})
>>> m = Layered.over(m, {"H1": GONE})
>>> dict(m), len(m), "H1" in m, m.get("H1"), base
({'H2': 20, 'H3': 3}, 2, False, None, {'H1': 1, 'H2': 2})

:class:`SetUnion` is the same idea for the households an edit reaches: after a new lead,
every household at a stage that prefers the new lead's kind (69,000 of 80,000), which are
sets the results hold already; the union is read through them, not copied into a new set.
"""

from __future__ import annotations

from collections.abc import Collection, ItemsView, Iterator, KeysView, Mapping, Set, ValuesView
from typing import Any

__all__ = ["GONE", "Layered", "FLAT_SHARE", "FLAT_MIN", "SetUnion", "Memo"]


class _Gone:
    """The value of a removed key in a layer's changes."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "GONE"


#: Given as the value of a key in :meth:`Layered.over`'s changes: the key is removed.
GONE: Any = _Gone()

_MISSING = object()

#: The top is made flat into a new base when it holds more than a base's size divided by
#: this (an 80,000-entry base: 2,500 changes; each lookup of a changed key stays one probe).
FLAT_SHARE = 32

#: ... and never below this many changes (a small city is copied cheaply, but not each time).
FLAT_MIN = 64


class Layered(Mapping):
    """A read-only mapping: a shared ``base`` mapping (never changed here) and the changes
    on top (a value, or :data:`GONE`). Made by :meth:`over`."""

    __slots__ = ("_base", "_top", "_len", "_flat")

    def __init__(self, base: Mapping, top: dict, length: int | None = None) -> None:
        """``length``: the number of entries, when the caller knows it (:meth:`over`
        counts only the changes it lays on, not the whole top again)."""
        self._base = base
        self._top = top
        # with nothing on top a dict base is the flat mapping itself (no copy is made)
        self._flat: dict | None = base if not top and type(base) is dict else None
        if length is None:
            length = len(base) + _gained(base, top)
        self._len = length

    @classmethod
    def over(cls, kept: Mapping, changes: Mapping) -> Layered:
        """``kept`` with ``changes`` laid on top, ``kept`` itself unchanged (shared).

        ``kept`` may be a :class:`Layered` (its base is shared, its changes and these make
        the new top), a dict or a ``MappingProxyType`` of one."""
        if isinstance(kept, Layered) and kept._flat is None:
            base, top = kept._base, dict(kept._top)
            for key, value in changes.items():
                if value is not GONE and top.get(key) is GONE:
                    # removed, then back: it comes last, as in a dict (see _apply)
                    del top[key]
                    value = _Back(value)
                top[key] = value
        else:
            base, top = (kept._flat if isinstance(kept, Layered) else kept), dict(changes)
        if len(top) > max(FLAT_MIN, len(base) // FLAT_SHARE):
            return cls(_apply(base, top), {})
        return cls(base, top, len(kept) + _gained(kept, changes))

    def __getitem__(self, key: Any) -> Any:
        flat = self._flat
        if flat is not None:
            return flat[key]
        value = self._top.get(key, _MISSING)
        if value is _MISSING:
            return self._base[key]
        if value is GONE:
            raise KeyError(key)
        return value.value if type(value) is _Back else value

    def get(self, key: Any, default: Any = None) -> Any:
        flat = self._flat
        if flat is not None:
            return flat.get(key, default)
        value = self._top.get(key, _MISSING)
        if value is _MISSING:
            return self._base.get(key, default)
        if value is GONE:
            return default
        return value.value if type(value) is _Back else value

    def __contains__(self, key: object) -> bool:
        flat = self._flat
        if flat is not None:
            return key in flat
        value = self._top.get(key, _MISSING)
        if value is _MISSING:
            return key in self._base
        return value is not GONE

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator:
        return iter(self._flattened())

    def keys(self) -> KeysView:
        return self._flattened().keys()

    def values(self) -> ValuesView:
        return self._flattened().values()

    def items(self) -> ItemsView:
        return self._flattened().items()

    def copy(self) -> dict:
        """A new dict of the entries (as ``MappingProxyType.copy`` gives)."""
        return dict(self._flattened())

    def __reduce__(self) -> tuple:
        # pickled (a cache that copies its values) as the plain dict it reads as
        return dict, (self._flattened(),)

    def __repr__(self) -> str:
        return f"Layered({len(self)} entries, {len(self._top)} on top)"

    def _flattened(self) -> dict:
        """The entries as one dict, made on the first walk and kept (this mapping never
        changes); two threads making it at once make the same dict."""
        flat = self._flat
        if flat is None:
            flat = self._flat = _apply(self._base, self._top)
        return flat


def _gained(kept: Mapping, changes: Mapping) -> int:
    """How many entries ``changes`` (values, or :data:`GONE`) add to ``kept`` (negative when
    they remove more than they add)."""
    gained = 0
    for key, value in changes.items():
        if key in kept:
            gained -= value is GONE
        else:
            gained += value is not GONE
    return gained


def _apply(base: Mapping, top: Mapping) -> dict:
    """A new dict of ``base`` with the changes of ``top``: a key keeps its place in the base
    (as an assignment to a dict does) and a new one comes at the end."""
    flat = base.copy() if isinstance(base, dict) or hasattr(base, "copy") else dict(base)
    if type(flat) is not dict:
        flat = dict(flat)
    for key, value in top.items():
        if value is GONE:
            flat.pop(key, None)
        elif type(value) is _Back:
            flat.pop(key, None)
            flat[key] = value.value
        else:
            flat[key] = value
    return flat


class _Back:
    """A value on top for a key removed by an earlier layer, then set again: the key then
    comes last when the entries are walked (as a dict puts a key deleted and set again)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class SetUnion(Set):
    """A read-only set: the union of ``parts`` (sets kept elsewhere, shared, never changed
    here), read through them. Membership asks each part; iteration gives each element once.

    >>> u = SetUnion([frozenset({"H1", "H2"}), {"H2", "H3"}])
    >>> sorted(u), len(u), "H3" in u, u == {"H1", "H2", "H3"}, sorted(u.intersection(["H3", "H9"]))
    (['H1', 'H2', 'H3'], 3, True, True, ['H3'])
    """

    __slots__ = ("_parts", "_len")

    def __init__(self, parts: Collection[Collection[str]]) -> None:
        self._parts = tuple(p for p in parts if p)
        self._len: int | None = None

    def __contains__(self, item: object) -> bool:
        return any(item in part for part in self._parts)

    def __iter__(self) -> Iterator:
        parts = self._parts
        for i, part in enumerate(parts):
            before = parts[:i]
            for item in part:
                if not any(item in other for other in before):
                    yield item

    def __len__(self) -> int:
        if self._len is None:
            self._len = sum(1 for _ in self)
        return self._len

    def intersection(self, other: Collection) -> set:
        """The elements of ``other`` in this union: the smaller side is walked (an edit's
        few kept reports, or this union when ``other`` is every standing of a city), the
        other probed."""
        if sum(map(len, self._parts)) < len(other):
            return {item for item in self if item in other}
        return {item for item in other if item in self}

    def __repr__(self) -> str:
        return f"SetUnion({len(self._parts)} parts)"


class Memo(Mapping):
    """A memo filled as its entries are first made (a results object's lead standings),
    over the entries kept from the memo before it (``base``: shared, never changed here).

    The previous results' standings that an edit left right are carried into the next
    results: at 80,000 households, with every standing made for the worklist, a copy of them
    on every edit was a city-sized container for the garbage collector to walk on the next
    click. :meth:`snapshot` gives what a memo holds now, as a :class:`Layered` over its base:
    a copy of only the entries made since it was carried.

    >>> memo = Memo()
    >>> memo.setdefault("H1", 1), memo.setdefault("H1", 9), "H1" in memo
    (1, 1, True)
    >>> after = Memo(Layered.over(memo.snapshot(), {"H1": GONE}))
    >>> after.setdefault("H2", 2), sorted(after), sorted(memo)
    (2, ['H2'], ['H1'])
    """

    __slots__ = ("_base", "_own")

    def __init__(self, base: Mapping | None = None) -> None:
        self._base: Mapping = base if base is not None else {}
        self._own: dict = {}  # the entries made here: never a key of the base

    def __getitem__(self, key: Any) -> Any:
        value = self._own.get(key, _MISSING)
        return self._base[key] if value is _MISSING else value

    def get(self, key: Any, default: Any = None) -> Any:
        value = self._own.get(key, _MISSING)
        return self._base.get(key, default) if value is _MISSING else value

    def __contains__(self, key: object) -> bool:
        return key in self._own or key in self._base

    def __len__(self) -> int:
        return len(self._base) + len(self._own)

    def __iter__(self) -> Iterator:
        yield from self._base
        yield from list(self._own)  # a list: another thread may add meanwhile

    def setdefault(self, key: Any, value: Any) -> Any:
        """The entry held for ``key``, else ``value``, kept (the caller holds the lock of
        the results that own this memo)."""
        held = self.get(key, _MISSING)
        if held is not _MISSING:
            return held
        self._own[key] = value
        return value

    def snapshot(self) -> Layered:
        """What the memo holds now, as a read-only mapping sharing its base (the caller
        holds the lock, so that no entry is added meanwhile)."""
        return Layered.over(self._base, self._own)
