"""The semantic checks of a bundle: ids, references, households and ties that make sense.

:func:`validate_bundle` checks an in-memory :class:`~netsupport.model.Bundle` (the stores
call it before a load, the demo generator after it builds one); the reader calls
:func:`check_bundle` with the row numbers it read, so that every problem points at the row
of the sheet it came from. Every problem is reported, none stops the others.

What a valid bundle holds (besides the types of ``COLUMNS``):

- ids unique across agencies, households and people; event ids unique among events;
- every reference resolves: ``people.household_id`` and ``events.household_id`` to a
  household, ``events.agency_id`` to an agency, a tie's ends to any agency, household or
  person;
- household members have a member relation, people without a household are informal
  contacts (neighbour, relative, friend); every household has exactly one living subject;
  ``diagnosis`` and ``withdrawn_since`` only on a subject;
- an agency's ``age_from`` is not above its ``age_to`` (either may be empty);
- a tie's kind fits its ends (support: agency -> household or member; informal: informal
  contact <-> household or member; family: two members of one household; collaboration:
  agency <-> agency), a role other than none only on a support tie, ``until`` not before
  ``since``, no tie to itself and no two ties with the same :attr:`~netsupport.model.Tie.key`;
- text is what a sheet cell can hold unchanged: no surrounding spaces, no empty string (use
  ``None``), no control characters but newline and tab, at most 32,767 characters; whole
  numbers and dates within their plausible ranges (dates in 1900..2100).

Examples
--------
>>> from netsupport.model import Bundle, Household
>>> [str(p) for p in validate_bundle(Bundle(households=[Household("H1", "北区")]))]
["households.csv:2:household_id: household 'H1' has no living subject (本人)"]
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .bundle_format import COLUMNS, SHEETS, Column
from .errors import Problem
from .model import (
    CONTACT_RELATIONS,
    Bundle,
    Person,
    Relation,
    Role,
    Tie,
    TieKind,
)

__all__ = ["validate_bundle", "check_bundle", "Origin", "sort_problems", "text_problem",
           "NAME_COLUMNS"]

FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2100, 12, 31)
#: The most characters an Excel cell holds.
MAX_TEXT = 32_767
NODE_SHEETS = ("agencies", "households", "people")


@dataclass
class Origin:
    """Where each record of a bundle came from, for problems that point at a row.

    ``files`` names each sheet as problems show it (``ties.csv``, or the sheet title of a
    workbook); ``rows`` holds the row number of every record, parallel to the bundle's lists.
    The reader leaves rows that failed to parse out of the bundle but lists their ids in
    ``broken_ids`` (so that references to them do not cascade into more errors), the
    households a failed ``people`` row named in ``broken_households``, and sheets whose ids
    it could not read at all in ``unreadable``.

    ``stored`` (a merge, :mod:`netsupport.merge`) holds records already in the store that
    stay there: the bundle's references may name them and their ids are taken, but they are
    not checked themselves (problems point at the bundle's rows only).
    """

    files: dict[str, str]
    rows: dict[str, list[int]]
    broken_ids: list[tuple[str, int, str]] = field(default_factory=list)
    broken_households: set[str] = field(default_factory=set)
    unreadable: set[str] = field(default_factory=set)
    stored: Bundle | None = None

    @classmethod
    def of(cls, bundle: Bundle) -> Origin:
        """Rows an in-memory bundle would have in a sheet: list index + 2."""
        return cls(files={s.name: s.file for s in SHEETS.values()},
                   rows={s: list(range(2, len(getattr(bundle, s)) + 2)) for s in SHEETS})


def validate_bundle(bundle: Bundle) -> list[Problem]:
    """Every problem of an in-memory bundle, in file and row order; empty if it is valid.

    Row numbers are those the records would have in a sheet (list index + 2), files are
    named ``agencies.csv`` ... ``events.csv``.
    """
    return check_bundle(bundle, Origin.of(bundle))


def check_bundle(bundle: Bundle, origin: Origin) -> list[Problem]:
    """The checks of :func:`validate_bundle`, located by ``origin``."""
    checker = _Checker(bundle, origin)
    checker.run()
    return sort_problems(checker.problems, origin.files)


def sort_problems(problems: list[Problem], files: dict[str, str]) -> list[Problem]:
    """File order of the bundle, then row, then column; problems of a whole file first."""
    sheets = {label: (i, sheet) for i, (sheet, label) in enumerate(files.items())}

    def key(p: Problem) -> tuple[int, int, int]:
        index, sheet = sheets.get(p.file, (-1, ""))
        codes = [c.code for c in COLUMNS.get(sheet, ())]
        column = codes.index(p.column) if p.column in codes else (-1 if p.column is None
                                                                   else len(codes))
        return index, p.row or 0, column

    return sorted(problems, key=key)


#: The row of a record that is already in the store (``Origin.stored``).
_STORED = 0


@dataclass(frozen=True, slots=True)
class _Node:
    sheet: str
    row: int
    record: Any  # None for a row that failed to parse


class _Checker:
    def __init__(self, bundle: Bundle, origin: Origin):
        self.bundle = bundle
        self.origin = origin
        self.problems: list[Problem] = []
        self.nodes: dict[str, list[_Node]] = {}  # more than one for a duplicated id

    def add(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.origin.files[sheet], row, column, message))

    def records(self, sheet: str) -> list[tuple[int, Any]]:
        return list(zip(self.origin.rows[sheet], getattr(self.bundle, sheet), strict=True))

    def where(self, node: _Node) -> str:
        if node.row == _STORED:
            return f"the store ({self.origin.files[node.sheet]})"
        return f"{self.origin.files[node.sheet]} row {node.row}"

    def run(self) -> None:
        for sheet in SHEETS:
            for row, record in self.records(sheet):
                self.check_cells(sheet, row, record)
        self.check_ids()
        self.check_agencies()
        self.check_people()
        self.check_subjects()
        self.check_ties()
        self.check_events()

    def check_cells(self, sheet: str, row: int, record: Any) -> None:
        for code, col, default, may_be_none in _cell_plan(sheet, type(record)):
            value = getattr(record, code)
            if value is None and may_be_none:
                continue  # the commonest cell: optional, left empty, nothing to check
            message = _cell_problem(col, value, default)
            if message:
                self.add(sheet, row, code, message)

    def check_ids(self) -> None:
        stored = self.origin.stored
        if stored is not None:
            for sheet in NODE_SHEETS:
                for record in getattr(stored, sheet):
                    ident = getattr(record, SHEETS[sheet].id_column)
                    self.nodes.setdefault(ident, []).append(_Node(sheet, _STORED, record))
        entries = [(s, row, getattr(r, SHEETS[s].id_column), r)
                   for s in NODE_SHEETS for row, r in self.records(s)]
        entries += [(s, row, i, None) for s, row, i in self.origin.broken_ids if s in NODE_SHEETS]
        entries.sort(key=lambda e: (NODE_SHEETS.index(e[0]), e[1]))
        for sheet, row, ident, record in entries:
            if not isinstance(ident, str) or not ident:
                continue
            if ident in self.nodes:
                self.add(sheet, row, SHEETS[sheet].id_column, f"duplicate id {ident!r}: "
                         f"already used in {self.where(self.nodes[ident][0])}")
            self.nodes.setdefault(ident, []).append(_Node(sheet, row, record))
        seen: dict[str, int] = {e.event_id: _STORED for e in (stored.events if stored else ())}
        events = [(row, e.event_id) for row, e in self.records("events")]
        events += [(row, i) for s, row, i in self.origin.broken_ids if s == "events"]
        for row, ident in sorted(events):
            if ident in seen:
                self.add("events", row, "event_id", f"duplicate id {ident!r}: already used in "
                         + self.where(_Node("events", seen[ident], None)))
            else:
                seen[ident] = row

    def resolve(self, sheet: str, row: int, column: str, ident: str | None,
                expected: str) -> _Node | None:
        """The node an id names, or ``None`` after reporting why it is not an ``expected``.

        A duplicated id (already reported) resolves to nothing, without a further problem,
        if one of its records is of the ``expected`` kind.
        """
        if ident is None:
            return None
        nodes = self.nodes.get(ident, [])
        wanted = NODE_SHEETS if expected == "any" else (expected,)
        fitting = [n for n in nodes if n.sheet in wanted]
        if not nodes:
            if not self.origin.unreadable.intersection(wanted):
                what = ("agency, household or person" if expected == "any"
                        else _SINGULAR[expected])
                self.add(sheet, row, column, f"unknown {what} {ident!r}")
            return None
        if not fitting:
            self.add(sheet, row, column, f"{ident!r} is {_a(_SINGULAR[nodes[0].sheet])}, not "
                     f"{_a(_SINGULAR[expected])} ({self.where(nodes[0])})")
            return None
        return fitting[0] if len(nodes) == 1 else None

    def check_agencies(self) -> None:
        for row, a in self.records("agencies"):
            low, high = a.age_from, a.age_to
            if (isinstance(low, int) and isinstance(high, int) and not isinstance(low, bool)
                    and not isinstance(high, bool) and low > high):
                self.add("agencies", row, "age_to", f"age_to {high} is below age_from {low}: "
                         "the oldest age served cannot be younger than the youngest")

    def check_people(self) -> None:
        for row, p in self.records("people"):
            self.resolve("people", row, "household_id", p.household_id, "households")
            if p.household_id is None and p.relation not in CONTACT_RELATIONS:
                self.add("people", row, "household_id",
                         f"a {_rel(p.relation)} is a household member and needs a household_id;"
                         " only informal contacts (neighbour, relative, friend) have none")
            elif p.household_id is not None and p.relation in CONTACT_RELATIONS:
                self.add("people", row, "relation",
                         f"a {_rel(p.relation)} is an informal contact and has no household; "
                         "use other_family for a relative who lives in the household")
            if p.relation != Relation.SUBJECT:
                for column in ("diagnosis", "withdrawn_since"):
                    if getattr(p, column) is not None:
                        self.add("people", row, column, f"only the subject (本人) has a "
                                 f"{column}; this is a {_rel(p.relation)}")

    def check_subjects(self) -> None:
        if "people" in self.origin.unreadable:
            return
        subjects: dict[str, list[tuple[int, Person]]] = {}
        for row, p in self.records("people"):
            if p.relation == Relation.SUBJECT and p.alive and p.household_id is not None:
                subjects.setdefault(p.household_id, []).append((row, p))
        for row, h in self.records("households"):
            hid = h.household_id
            if not subjects.get(hid) and hid not in self.origin.broken_households:
                self.add("households", row, "household_id",
                         f"household {hid!r} has no living subject (本人)")
        for hid, found in subjects.items():
            (first_row, first), *others = found
            for row, _ in others:
                self.add("people", row, "relation", f"household {hid!r} already has a living "
                         f"subject {first.person_id!r} ({self.origin.files['people']} row "
                         f"{first_row})")

    def check_ties(self) -> None:
        keys: dict[Any, int] = {}
        for row, t in self.records("ties"):
            ends = [self.resolve("ties", row, c, getattr(t, c), "any")
                    for c in ("source_id", "target_id")]
            if t.source_id == t.target_id:
                self.add("ties", row, "target_id", f"a tie cannot join {t.source_id!r} to itself")
            elif ends[0] and ends[1] and ends[0].record and ends[1].record:
                message = _kind_problem(t, ends[0], ends[1])
                if message:
                    self.add("ties", row, "kind", message)
            if t.role not in (Role.NONE, None) and t.kind != TieKind.SUPPORT:
                self.add("ties", row, "role", f"role {_code(t.role)!r} is only for support "
                         "ties; leave it empty (none) here")
            if _is_date(t.since) and _is_date(t.until) and t.until < t.since:
                self.add("ties", row, "until", f"until {t.until} is before since {t.since}")
            if t.key in keys:
                self.add("ties", row, "source_id", "duplicate tie: same source_id, target_id, "
                         f"kind and since as {self.origin.files['ties']} row {keys[t.key]}")
            else:
                keys[t.key] = row

    def check_events(self) -> None:
        for row, e in self.records("events"):
            self.resolve("events", row, "household_id", e.household_id, "households")
            self.resolve("events", row, "agency_id", e.agency_id, "agencies")


_SINGULAR = {"agencies": "agency", "households": "household", "people": "person"}


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _code(value: Any) -> str:
    return getattr(value, "value", str(value))


def _rel(relation: Relation) -> str:
    label = relation.label() if isinstance(relation, Relation) else ""
    return f"{_code(relation)} ({label})" if label else _code(relation)


def _is_date(value: Any) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def _end_kind(node: _Node) -> tuple[str, str | None]:
    """What a tie's end is, and its household if it is a member."""
    if node.sheet == "agencies":
        return "agency", None
    if node.sheet == "households":
        return "household", None
    home = node.record.household_id
    return ("contact", None) if home is None else ("member", home)


def _end_name(node: _Node) -> str:
    """How a message names a tie's end."""
    record = node.record
    kind, home = _end_kind(node)
    if kind == "agency":
        return f"agency {record.agency_id!r}"
    if kind == "household":
        return f"household {record.household_id!r}"
    if kind == "contact":
        return f"informal contact {record.person_id!r}"
    return f"member {record.person_id!r} of household {home!r}"


def _kind_problem(t: Tie, source: _Node, target: _Node) -> str | None:
    (s, s_home), (g, g_home) = _end_kind(source), _end_kind(target)
    if t.kind == TieKind.SUPPORT and not (s == "agency" and g in ("household", "member")):
        problem = "a support tie runs from an agency to a household or a member"
    elif t.kind == TieKind.INFORMAL and {s, g} not in ({"contact", "household"},
                                                       {"contact", "member"}):
        problem = ("an informal tie joins an informal contact (a person without household) "
                   "with a household or a member")
    elif t.kind == TieKind.FAMILY and not (s == g == "member" and s_home == g_home):
        problem = "a family tie joins two members of the same household"
    elif t.kind == TieKind.COLLABORATION and not s == g == "agency":
        problem = "a collaboration tie joins two agencies"
    else:
        return None  # the names below are built only for a message (every tie passes here)
    return f"{problem}; here from {_end_name(source)} to {_end_name(target)}"


@functools.cache
def _cell_plan(sheet: str, cls: type) -> tuple[tuple[str, Column, Any, bool], ...]:
    """Each column of ``sheet`` with its field default, and whether ``None`` passes
    unchecked there: read once, because validation visits every cell of 80,000 households."""
    defaults = _defaults(cls)
    return tuple((col.code, col, defaults.get(col.code), not col.required
                  and defaults.get(col.code) is None) for col in COLUMNS[sheet])


@functools.cache
def _defaults(cls: type) -> dict[str, Any]:
    """Each field's default (None where it has none), read once per record class."""
    return {f.name: None if f.default is dataclasses.MISSING else f.default
            for f in dataclasses.fields(cls)}


def _cell_problem(col: Column, value: Any, default: Any) -> str | None:
    """Why ``value`` cannot stand in column ``col`` (and come back unchanged), if it cannot."""
    if value is None or value == "":
        if col.required:
            return "required value is missing"
        if value is None and default is not None:
            return f"must not be None (leave it out for the default {_code(default)!r})"
        if value == "":
            return "empty text: use None for a value that is not known"
        return None
    expected = _TYPES[col.type] if col.enum is None or col.type == "list" else col.enum
    if not isinstance(value, expected) or (
            col.type == "int" and isinstance(value, bool)) or (
            col.type == "date" and isinstance(value, datetime)):
        return f"expected {col.type} {getattr(expected, '__name__', '')}, got {value!r}"
    if col.type in ("id", "text"):
        return text_problem(value, name=col.type == "id" or col.code in NAME_COLUMNS)
    if col.type == "int":
        return _bound_problem(col, value)
    if col.type == "date" and not FIRST_DATE <= value <= LAST_DATE:
        return f"date {value} is outside {FIRST_DATE}..{LAST_DATE}"
    if col.type == "list":
        if not all(isinstance(v, col.enum) for v in value):
            return f"expected a tuple of {col.enum.__name__}, got {value!r}"
        if len(set(value)) < len(value):
            return "a value is listed twice: " + ";".join(v.value for v in value)
    return None


_TYPES: dict[str, Any] = {"id": str, "text": str, "int": int, "date": date, "bool": bool,
                          "list": tuple}


# Control characters (Cc) but newline and tab, lone surrogates (Cs), and the two non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Bidirectional controls: embeddings and overrides (U+202A-U+202E), isolates (U+2066-U+2069)
# and the marks (U+200E, U+200F, U+061C). An override makes "区北" show as "北区": refused in
# every text, notes too.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
#: The columns that name something (besides ids): there any invisible format character
#: (Unicode category Cf: zero-width spaces and joiners, U+FEFF, soft hyphens...) is refused,
#: so that two names that look the same are the same.
NAME_COLUMNS = frozenset({"name", "ward", "display_name", "kana"})


def text_problem(text: str, *, name: bool = False) -> str | None:
    r"""Why ``text`` cannot be stored as it is, or ``None``: surrounding spaces, control
    characters, bidirectional controls, over :data:`MAX_TEXT` characters; and for an id or
    a name (``name=True``) any invisible format character.

    >>> text_problem("\u202e区北", name=True).split(":")[0]
    'contains the bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE)'
    >>> text_problem("北\u200b区", name=True), text_problem("北\u200b区")
    ('contains the invisible character U+200B (ZERO WIDTH SPACE)', None)
    """
    if text != text.strip():
        return f"{text!r} has leading or trailing spaces"
    bad = _CONTROL.search(text)
    if bad:
        return f"contains the control character U+{ord(bad.group()):04X}"
    bad = _BIDI.search(text)
    if bad:
        return (f"contains the bidirectional control {_char(bad.group())}: it makes text look "
                "like other text")
    if name:
        hidden = next((c for c in text if unicodedata.category(c) == "Cf"), None)
        if hidden is not None:
            return f"contains the invisible character {_char(hidden)}"
    if len(text) > MAX_TEXT:
        return f"{len(text)} characters; a sheet cell holds at most {MAX_TEXT:,}"
    return None


def _char(c: str) -> str:
    return f"U+{ord(c):04X} ({unicodedata.name(c, 'unnamed')})"


def _bound_problem(col: Column, value: int) -> str | None:
    if col.low is not None and value < col.low and col.high is None:
        return f"must be {col.low} or more, got {value}"
    if (col.low is not None and value < col.low) or (col.high is not None and value > col.high):
        return f"must be between {col.low} and {col.high}, got {value}"
    return None
