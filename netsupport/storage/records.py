"""Records <-> flat rows of primitive values, shared by every store.

Both SQLite columns and Neo4j properties hold the same flat rows: enums as their codes,
dates as ISO strings, conditions as a ``;``-joined string, ``None`` for not known. Keeping
the conversion in one place is what makes the two stores give identical bundles back.

Examples
--------
>>> from netsupport.model import Agency, AgencyKind
>>> agency = Agency("A1", "北区保健福祉課", AgencyKind.HEALTH_WELFARE_SECTION, "北区")
>>> row = to_row(agency)
>>> row["kind"], row["capacity"]
('health_welfare_section', None)
>>> from_row(Agency, row) == agency
True
"""

from __future__ import annotations

import dataclasses
import typing
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from ..model import Agency, Condition, Event, Household, Person, Tie

__all__ = ["to_row", "from_row", "FIELDS", "TABLES"]

R = TypeVar("R")

#: Record class per table / node kind, in load order (ties and events after what they name).
TABLES: dict[str, type] = {
    "agencies": Agency,
    "households": Household,
    "people": Person,
    "ties": Tie,
    "events": Event,
}


@cache
def FIELDS(cls: type) -> tuple[str, ...]:  # noqa: N802 - reads as a constant table
    """Field names of a record class, in declaration order."""
    return tuple(f.name for f in dataclasses.fields(cls))


def to_row(record: Any) -> dict[str, Any]:
    """A flat dict of primitives for one record."""
    row: dict[str, Any] = {}
    for name in FIELDS(type(record)):
        value = getattr(record, name)
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = ";".join(v.value for v in value)
        row[name] = value
    return row


@cache
def _converters(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    out: dict[str, Any] = {}
    for name in FIELDS(cls):
        hint = hints[name]
        if typing.get_origin(hint) is tuple:
            out[name] = _conditions
            continue
        args = [a for a in typing.get_args(hint) if a is not type(None)] or [hint]
        base = args[0]
        if base is date:
            out[name] = date.fromisoformat
        elif isinstance(base, type) and issubclass(base, Enum):
            out[name] = _enum_converter(base)
        elif base is bool:
            out[name] = bool
        elif base is int:
            out[name] = int
        else:
            out[name] = None
    return out


def _enum_converter(cls: type[Enum]) -> Any:
    """``cls(value)`` by a dict lookup: calling an Enum class is slow, and a city export
    converts three codes per tie (``from_row(Tie, ...)`` is 30% faster so; bench/README.md).
    An unknown value still raises the Enum's own ``ValueError``."""
    members = {m.value: m for m in cls}

    def convert(value: Any) -> Enum:
        member = members.get(value)
        return member if member is not None else cls(value)
    return convert


def _conditions(text: str) -> tuple[Condition, ...]:
    return tuple(Condition(c) for c in text.split(";") if c)


def from_row(cls: type[R], row: Any) -> R:
    """Rebuild a record from a flat row (a dict, sqlite3.Row or Neo4j property map).

    Keys the record does not know are ignored; a missing or ``None`` value takes the
    field's default where it has one.
    """
    kwargs: dict[str, Any] = {}
    conv = _converters(cls)
    keys = row.keys()
    for name in FIELDS(cls):
        value = row[name] if name in keys else None
        if value is None or (value == "" and conv[name] is not None):
            continue
        fn = conv[name]
        kwargs[name] = fn(value) if fn is not None else value
    return cls(**kwargs)
