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
import json
import typing
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from enum import Enum
from functools import cache
from itertools import repeat
from types import MemberDescriptorType
from typing import Any, TypeVar

from ..access import User, UserRole
from ..audit import AuditAction, AuditEntry
from ..model import Agency, Condition, Event, Household, Person, Tie

__all__ = ["to_row", "from_row", "from_rows", "from_tuples", "FIELDS", "TABLES", "user_to_row",
           "user_from_row", "audit_to_row", "audit_from_row", "utc_text"]

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
    plan = _plan(cls)
    if isinstance(row, dict):
        return _build(cls, plan, row.get)
    keys = set(row.keys())
    return _build(cls, plan, lambda name: row[name] if name in keys else None)


def from_rows(cls: type[R], rows: Iterable[Any],
              columns: Sequence[str] | None = None) -> list[R]:
    """:func:`from_row` over rows of one query (all with the same keys, as sqlite3 gives
    them): the columns are matched to fields once, not per row. A city export converts
    some 200,000 ties at 20,000 households, so this is most of its Python time.

    With ``columns`` (a cursor's column names) ``rows`` may be the cursor itself: each row
    is converted as it is read, and the rows are never all held at once.
    """
    if columns is None:
        rows = list(rows)
        if not rows or isinstance(rows[0], dict):
            return [from_row(cls, r) for r in rows]
        columns = list(rows[0].keys())
    keys = set(columns)
    plan = tuple(step for step in _plan(cls) if step[0] in keys)
    out: list[R] = []
    for row in rows:
        kwargs: dict[str, Any] = {}
        for name, fn in plan:
            value = row[name]
            if value is None or (value == "" and fn is not None):
                continue
            kwargs[name] = fn(value) if fn is not None else value
        out.append(cls(**kwargs))
    return out


class _Memo(dict):
    """Converted values by their stored value, filled on first sight.

    A city's columns repeat a few values hundreds of thousands of times (3,000 dates and
    four tie kinds in 200,000 ties at 20,000 households): a dict hit is far cheaper than
    ``date.fromisoformat`` or an Enum call each time, and missing values (``None``, and
    ``''`` where the field is not plain text) map to the field's default, as in
    :func:`from_row`.
    """

    __slots__ = ("convert",)

    def __init__(self, convert: Callable[[Any], Any], default: Any):
        super().__init__({None: default, "": default})
        self.convert = convert

    def __missing__(self, value: Any) -> Any:
        converted = self[value] = self.convert(value)
        return converted


def from_tuples(cls: type[R], rows: Iterable[Sequence[Any]]) -> list[R]:
    """Records from rows of plain values in the order of ``FIELDS(cls)`` (what the city
    scan's reads select), converted column by column.

    The same records :func:`from_rows` makes of the same values, several times faster:
    the rows are turned into columns, each column is mapped through a memo of its
    conversion (:class:`_Memo`; text columns are taken as they are), and the records are
    filled a column at a time through their slots (:func:`_slot_setters`; by calling the
    class over the columns where that cannot be done) -- every loop runs in C, nothing is
    converted twice, and no per-row dict is built. This is most of the read's time in a
    city scan.

    >>> from netsupport.model import Role, Tie, TieKind
    >>> from_tuples(Tie, [("A1", "H1", "support", "normal", "lead", "2024-04-01", "", None,
    ...                    1)])[0] == Tie("A1", "H1", TieKind.SUPPORT, role=Role.LEAD,
    ...                                   since=date(2024, 4, 1), consent=True)
    True
    """
    columns = list(zip(*rows, strict=True))
    if not columns:
        return []
    converted = [column if memo is None else list(map(memo.__getitem__, column))
                 for memo, column in zip(_memos(cls), columns, strict=True)]
    setters = _slot_setters(cls)
    if setters is None:
        return list(map(cls, *converted))
    made = list(map(object.__new__, repeat(cls, len(columns[0]))))
    for put, column in zip(setters, converted, strict=True):
        deque(map(put, made, column), maxlen=0)
    return made


@cache
def _slot_setters(cls: type) -> tuple[Callable[[Any, Any], None], ...] | None:
    """Each field's slot setter, in the order of ``FIELDS(cls)``, when records of ``cls``
    can be made without calling the class: a slotted dataclass whose ``__init__`` only
    stores its arguments (no ``__post_init__``, every field an ``__init__`` argument and a
    slot). ``None`` otherwise.

    A frozen dataclass's ``__init__`` runs a line of Python per field (``object.__setattr__``
    past the frozen guard); setting one column at a time through the slot's descriptor runs
    in C -- a third less of a 80,000-household scan's record making, the same records.
    """
    if not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__"):
        return None
    fields = dataclasses.fields(cls)
    if [f.name for f in fields] != list(FIELDS(cls)) or not all(f.init for f in fields):
        return None
    slots = [cls.__dict__.get(f.name) for f in fields]
    if not all(isinstance(slot, MemberDescriptorType) for slot in slots):
        return None
    return tuple(slot.__set__ for slot in slots)


def _memos(cls: type) -> list[_Memo | None]:
    """A fresh memo per converted field of ``cls`` (``None`` for a field taken as it is):
    fresh per read, so that no value outlives the read that met it."""
    defaults = {f.name: (f.default if f.default is not dataclasses.MISSING
                         else f.default_factory() if f.default_factory is not dataclasses.MISSING
                         else None)
                for f in dataclasses.fields(cls)}
    return [None if fn is None else _Memo(fn, defaults[name]) for name, fn in _plan(cls)]


@cache
def _plan(cls: type) -> tuple[tuple[str, Any], ...]:
    """Each field of ``cls`` with its converter (``None``: taken as it is)."""
    conv = _converters(cls)
    return tuple((name, conv[name]) for name in FIELDS(cls))


def _build(cls: type[R], plan: tuple[tuple[str, Any], ...], get: Callable[[str], Any]) -> R:
    kwargs: dict[str, Any] = {}
    for name, fn in plan:
        value = get(name)
        if value is None or (value == "" and fn is not None):
            continue
        kwargs[name] = fn(value) if fn is not None else value
    return cls(**kwargs)


# --- accounts and the audit log: the same flat rows in both stores --------------------------

def utc_text(moment: datetime) -> str:
    """ISO-8601 in UTC with a fixed precision, so that comparing the text of two moments
    orders them as time does (both stores filter the log by comparing this text). A naive
    datetime is taken to be UTC already."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def user_to_row(user: User) -> dict[str, Any]:
    """An account as a flat row; ``wards`` is a list (SQLite keeps it as JSON text).

    >>> row = user_to_row(User("sato", UserRole.STAFF, ("北区",)))
    >>> row["role"], row["wards"], row["active"], row["created_at"]
    ('staff', ['北区'], True, None)
    """
    return {"username": user.username, "role": user.role.value, "wards": list(user.wards),
            "display_name": user.display_name, "password_hash": user.password_hash,
            "active": user.active,
            "created_at": utc_text(user.created_at) if user.created_at else None}


def user_from_row(row: Any) -> User:
    """Rebuild an account from :func:`user_to_row`'s row (``wards`` a list or JSON text).

    Neo4j leaves out a property that was ``None``, so a missing key reads as ``None``.
    """
    get = _getter(row)
    wards = get("wards") or []
    if isinstance(wards, str):
        wards = json.loads(wards)
    created = get("created_at")
    return User(username=get("username"), role=UserRole(get("role")), wards=tuple(wards),
                display_name=get("display_name") or "", password_hash=get("password_hash") or "",
                active=bool(get("active")),
                created_at=datetime.fromisoformat(created) if created else None)


def audit_to_row(entry: AuditEntry) -> dict[str, Any]:
    """An audit entry as a flat row: ``at`` as UTC text, ``detail`` as JSON text. ``seq`` is
    left out: the store gives it."""
    return {"at": utc_text(entry.at), "username": entry.username,
            "action": entry.action.value, "household_id": entry.household_id,
            "detail": entry.detail_json()}


def audit_from_row(row: Any) -> AuditEntry:
    """Rebuild an entry (with its ``seq``) from a stored row."""
    get = _getter(row)
    return AuditEntry(at=datetime.fromisoformat(get("at")), username=get("username"),
                      action=AuditAction(get("action")), household_id=get("household_id"),
                      detail=AuditEntry.parse_detail(get("detail")), seq=int(get("seq")))


def _getter(row: Any) -> Any:
    """``row[name]``, or ``None`` for a name the row lacks (a dict, sqlite3.Row or a Neo4j
    property map: ``in`` on a sqlite3.Row looks at values, so ask its keys)."""
    keys = set(row.keys())
    return lambda name: row[name] if name in keys else None
