"""Reading a bundle: a folder of CSV files, or one ``.xlsx`` workbook, into a Bundle.

The bundle may also come without a file system: the files as a mapping of file name to
content (what a browser upload hands over), or a workbook as a binary file object.

Staff fill bundles in Excel, so the reader is forgiving about form and strict about content:

- CSV in UTF-8, UTF-8 with BOM, Shift_JIS (cp932) or UTF-16 (Excel's "Unicode text", tab
  separated); files and sheets named by their code (``ties``) or Japanese label (つながり);
- headers as column codes or their Japanese labels (:data:`~netsupport.bundle_format.COLUMNS`);
- enum cells as codes, Japanese or English labels or known aliases; yes/no as はい/いいえ,
  あり/なし, TRUE/FALSE ...; dates as ``2024-04-01``, ``2024/4/1``, ``2024年4月1日``, era
  dates (``令和6年4月1日``, ``令和元年5月1日``, ``R6.4.1``, ``H31/4/30``; :mod:`.eras`) or real
  Excel date cells; ``conditions`` separated by ``;``, ``、`` or ``,``;
- every cell is read as text (``007`` stays ``007``), surrounding spaces stripped, an empty
  cell is "not known", and the one leading ``'`` the writer adds before formula-like text
  is removed again (:func:`~netsupport.bundle_format.restore`).

Every problem -- undecodable file, missing column, bad value, broken reference -- is
collected and raised at once as one :class:`~netsupport.errors.BundleError`, each located
as ``file:row:column`` with rows numbered as Excel shows them (the header is row 1). A row
with a bad value is left out of the semantic checks, but its id still counts, so one typo
does not cascade into a page of "unknown id" errors.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from . import bundle_limits
from .bundle_format import GUIDE_SHEETS, SHEETS, Column, Sheet, restore
from .bundle_limits import Limits
from .eras import parse_era_date
from .errors import BundleError, Problem
from .model import Bundle, parse_bool, parse_enum
from .validate import Origin, check_bundle, sort_problems

__all__ = ["read_bundle", "read_bundle_with_warnings", "parse_bundle", "check_parsed",
           "BundleSource", "WORKBOOK_SUFFIXES", "ZIP_SUFFIX", "ZIP_MAX_BYTES", "ZIP_MAX_FILES"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
ZIP_SUFFIX = ".zip"
#: The most a zip bundle may unpack to, counted as its files are read (not from the sizes
#: its directory claims): 512 MiB is several times the CSV of an 80,000-household city.
ZIP_MAX_BYTES = 512 * 2**20
#: The most files a zip bundle may hold (five tables, and a few a zip tool adds).
ZIP_MAX_FILES = 64

#: Where a bundle is read from: a folder of CSV files, a ``.zip`` of them or an ``.xlsx``
#: file (a path); the same as file name → content (the CSV files, or one ``.zip`` or
#: workbook alone); or a workbook as a binary file object (its ``name``, if it has one,
#: names it in problems).
BundleSource = str | Path | Mapping[str, bytes] | BinaryIO


def read_bundle(source: BundleSource) -> Bundle:
    """Read and validate a bundle; raise :class:`BundleError` listing every problem.

    Warnings (unknown columns, ignored files) are dropped; use
    :func:`read_bundle_with_warnings` to show them.

    >>> files = {"agencies.csv": b"agency_id,name,kind\\n",
    ...          "households.csv": "household_id,ward\\nH1,北区\\n".encode(),
    ...          "people.csv": b"person_id,household_id,relation\\nP1,H1,subject\\n",
    ...          "ties.csv": b"source_id,target_id,kind\\n"}
    >>> read_bundle(files).households[0].ward
    '北区'
    """
    return read_bundle_with_warnings(source)[0]


def read_bundle_with_warnings(source: BundleSource) -> tuple[Bundle, list[Problem]]:
    """Read and validate a bundle; return it with the warnings found on the way.

    Parameters
    ----------
    source : BundleSource
        A folder, zip or workbook path, a mapping of file names to contents, or a binary
        file object holding a workbook.

    Raises
    ------
    BundleError
        With every problem found (errors and warnings), when there is at least one error.
    """
    bundle, origin, problems = parse_bundle(source)
    return bundle, check_parsed(bundle, origin, problems)


def check_parsed(bundle: Bundle, origin: Origin, problems: list[Problem]) -> list[Problem]:
    """The checks across records of a bundle :func:`parse_bundle` read, added to the
    problems it found; raises :class:`BundleError` with all of them when any is an error,
    else returns the warnings."""
    problems = sort_problems(problems + check_bundle(bundle, origin), origin.files)
    if any(not p.warning for p in problems):
        raise BundleError(problems)
    return problems


def parse_bundle(source: BundleSource,
                 limits: Limits | None = None) -> tuple[Bundle, Origin, list[Problem]]:
    """Read a bundle's files and cells without the checks across records (ids, references,
    subjects): the bundle of the rows that parsed, where each came from, and the problems of
    form found (undecodable files, missing columns, bad cells).

    A merge (:mod:`netsupport.merge`) checks across records itself, against the store as
    well as the bundle; :func:`read_bundle_with_warnings` checks against the bundle alone.

    A bundle over ``limits`` (:mod:`netsupport.bundle_limits`; the limits in force when
    ``None``) is refused before its cells are parsed, or when reading it outlasts the time
    budget: one problem located at the file (or sheet, and row) says which limit.
    """
    found = _Source(limits=limits or bundle_limits.limits())
    found.deadline = bundle_limits.Deadline(found.limits.max_seconds)
    try:
        if isinstance(source, Mapping):
            _open_files(source, found)
        elif isinstance(source, str | Path):
            _open_path(Path(source), found)
        else:
            found.workbook = True
            _open_workbook(source, Path(getattr(source, "name", None) or "bundle.xlsx").name,
                           found)
    except bundle_limits.LimitExceeded as over:
        found.problems.append(over.problem)
        found.tables.clear()
        found.unreadable.update(SHEETS)
    bundle, origin = _parse(found)
    return bundle, origin, found.problems


def _open_path(path: Path, source: _Source) -> None:
    if path.is_dir():
        _open_folder(path, source)
    elif path.is_file() and path.suffix.lower() in WORKBOOK_SUFFIXES:
        source.workbook = True
        _open_workbook(path, path.name, source)
    elif path.is_file() and path.suffix.lower() == ZIP_SUFFIX:
        _open_zip(path, path.name, source)
    elif path.exists():
        _not_a_bundle(path.name, source)
    else:
        source.error(str(path), "no such folder, .zip or .xlsx file")


def _not_a_bundle(name: str, source: _Source) -> None:
    source.error(name, "expected a folder of CSV files, a .zip of them or an .xlsx workbook"
                 + ("; save the .xls file as .xlsx" if name.lower().endswith(".xls") else ""))


def _open_files(files: Mapping[str, bytes], source: _Source) -> None:
    """File name → content: one workbook or one zip alone, or the CSV files of a folder."""
    names = [Path(name).name for name in files]
    if len(names) == 1 and names[0].lower().endswith(WORKBOOK_SUFFIXES):
        source.workbook = True
        _open_workbook(io.BytesIO(next(iter(files.values()))), names[0], source)
    elif len(names) == 1 and names[0].lower().endswith(ZIP_SUFFIX):
        _open_zip(io.BytesIO(next(iter(files.values()))), names[0], source)
    elif len(names) == 1 and not names[0].lower().endswith(".csv"):
        _not_a_bundle(names[0], source)
    else:
        _open_csv_files([(name, lambda data=data: data)
                         for name, data in zip(names, files.values(), strict=True)
                         if name.lower().endswith(".csv")], source)


@dataclass
class _Table:
    """The text cells of one file or sheet; ``bad_cells`` maps (row, index) to a problem."""

    file: str
    rows: list[tuple[int, list[str | None]]]
    bad_cells: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass
class _Source:
    tables: dict[str, _Table] = field(default_factory=dict)
    workbook: bool = False
    files: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    limits: bundle_limits.Limits = field(default_factory=bundle_limits.Limits)
    deadline: bundle_limits.Deadline | None = None

    def error(self, file: str, message: str, warning: bool = False) -> None:
        self.problems.append(Problem(file, None, None, message, warning))


def _key(name: str) -> str:
    """Fold width, case and spaces of a file, sheet or header name."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()


def _sheet_of(name: str) -> Sheet | None:
    for sheet in SHEETS.values():
        if _key(name) in (_key(sheet.name), _key(sheet.label)):
            return sheet
    return None


def _missing(source: _Source, sheet: Sheet, file: str, what: str) -> None:
    if sheet.required:
        source.error(file, f"missing required {what} {sheet.name!r} ({sheet.label})")
        source.unreadable.add(sheet.name)


def _open_folder(folder: Path, source: _Source) -> None:
    _open_csv_files([(entry.name, entry.read_bytes) for entry in sorted(folder.iterdir())
                     if entry.is_file() and entry.suffix.lower() == ".csv"], source)


def _open_csv_files(files: list[tuple[str, Any]], source: _Source) -> None:
    """CSV files given as (name, a function that returns the bytes), one per table."""
    found: dict[str, list[tuple[str, Any]]] = {}
    for name, read in files:
        sheet = _sheet_of(Path(name).stem)
        if sheet is None:
            source.error(name, "file ignored: not one of agencies, households, people, "
                         "ties, events", warning=True)
        else:
            found.setdefault(sheet.name, []).append((name, read))
    for sheet in SHEETS.values():
        entries = found.get(sheet.name, [])
        if not entries:
            _missing(source, sheet, sheet.file, "file")
        elif len(entries) > 1:
            source.error(entries[0][0], "two files hold the same table: "
                         + ", ".join(name for name, _ in entries) + "; keep one")
            source.unreadable.add(sheet.name)
        else:
            name, read = entries[0]
            source.files[sheet.name] = name
            data = read()
            over = bundle_limits.csv_problems(name, data, source.limits)
            if over:  # counted on the bytes: nothing decoded or parsed
                source.problems.extend(over)
                source.unreadable.add(sheet.name)
                continue
            table = _read_csv(name, data, source)
            if table is None:
                source.unreadable.add(sheet.name)
            else:
                source.tables[sheet.name] = table


class _ZipRefused(Exception):
    """A zip bundle that is not read at all (its reason is the message)."""


def _open_zip(file: Path | BinaryIO, name: str, source: _Source) -> None:
    """The CSV files of a zip, as the app's 「CSV（zip）」 download makes it: the files at
    the top, or all in one folder (as zipping a folder makes it). A zip is refused whole,
    before any file is used, when a name could point outside (absolute, ``..``, a drive or
    a backslash), files lie deeper than one folder or in more than one, it is encrypted,
    holds more than :data:`ZIP_MAX_FILES` files or unpacks to more than
    :data:`ZIP_MAX_BYTES` (counted while reading, so a forged size does not fool it)."""
    try:
        with zipfile.ZipFile(file) as archive:
            members = _zip_members(archive)
            budget = [ZIP_MAX_BYTES]
            data = {info.filename: _read_member(archive, info, budget) for info in members
                    if info.filename.lower().endswith(".csv")}
    except _ZipRefused as refused:
        source.error(name, str(refused))
        source.unreadable.update(SHEETS)
        return
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError,
            NotImplementedError, RuntimeError) as exc:
        source.error(name, f"cannot read the zip file: {exc}")
        source.unreadable.update(SHEETS)
        return
    for info in members:
        if not info.filename.lower().endswith(".csv"):
            source.error(info.filename, "file ignored: not a CSV file", warning=True)
    _open_csv_files([(member.rsplit("/", 1)[-1], lambda b=blob: b)
                     for member, blob in sorted(data.items())], source)


def _zip_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > ZIP_MAX_FILES:
        raise _ZipRefused(f"the zip holds {len(infos)} entries; a bundle has at most "
                          f"{ZIP_MAX_FILES}")
    members: list[zipfile.ZipInfo] = []
    folders: set[str] = set()
    for info in infos:
        name = info.filename
        parts = name.rstrip("/").split("/")
        if (name.startswith("/") or "\\" in name or ".." in parts or ":" in parts[0]
                or any(p == "" for p in parts)):
            raise _ZipRefused(f"the zip holds a file with an unsafe name: {name!r}")
        if parts[0] == "__MACOSX" or parts[-1] == ".DS_Store":
            continue  # what macOS's Finder adds to every zip
        if info.is_dir():
            if len(parts) > 1:
                raise _ZipRefused(f"the zip holds a folder inside a folder: {name!r}; put "
                                  "the CSV files at the top or in one folder")
            folders.add(parts[0])
            continue
        if len(parts) > 2:
            raise _ZipRefused(f"the zip holds a file inside nested folders: {name!r}; put "
                              "the CSV files at the top or in one folder")
        folders.add(parts[0] if len(parts) == 2 else "")
        if info.flag_bits & 0x1:
            raise _ZipRefused(f"{name!r} in the zip is encrypted; zip it without a password")
        members.append(info)
    if len(folders) > 1:
        raise _ZipRefused("the zip holds files in more than one place ("
                          + ", ".join(sorted(f or "/" for f in folders))
                          + "); put the CSV files at the top or in one folder")
    return members


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> bytes:
    """A member's bytes, read in pieces against what is left of the zip's budget."""
    chunks: list[bytes] = []
    with archive.open(info) as member:
        while chunk := member.read(2**20):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise _ZipRefused(f"the zip unpacks to more than {ZIP_MAX_BYTES // 2**20} MiB; "
                                  "a bundle is smaller: is this the right file?")
            chunks.append(chunk)
    return b"".join(chunks)


def _decode(data: bytes) -> str | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp932")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _read_csv(name: str, data: bytes, source: _Source) -> _Table | None:
    text = _decode(data)
    if text is None:
        source.error(name, "cannot read the file: it is neither UTF-8 nor Shift_JIS "
                     "(cp932) text; save it as 'CSV UTF-8' from Excel")
        return None
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    rows: list[tuple[int, list[str | None]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append((number, [_clean(c) for c in cells]))
            if number % 1000 == 0 and source.deadline is not None:
                source.deadline.check(name, number)
    except csv.Error as exc:
        source.error(name, f"cannot read the file as CSV after row {len(rows)}: {exc}")
        return None
    return _Table(name, rows)


def _open_workbook(file: Path | BinaryIO, name: str, source: _Source) -> None:
    over = bundle_limits.workbook_problems(file, source.limits, name)
    if over:  # refused on the zip's bytes: no cell is parsed
        source.problems.extend(over)
        source.unreadable.update(SHEETS)
        return
    try:
        book = load_workbook(file, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        source.error(name, f"cannot open the workbook: {exc}")
        source.unreadable.update(SHEETS)
        return
    try:
        found: dict[str, list[str]] = {}
        guides = {_key(n) for pair in GUIDE_SHEETS.items() for n in pair}
        for title in book.sheetnames:
            sheet = _sheet_of(title)
            if sheet is not None:
                found.setdefault(sheet.name, []).append(title)
            elif _key(title) not in guides:
                source.error(title, "sheet ignored: not one of agencies, households, people, "
                             "ties, events", warning=True)
        for sheet in SHEETS.values():
            titles = found.get(sheet.name, [])
            if not titles:
                _missing(source, sheet, sheet.name, "sheet")
            elif len(titles) > 1:
                source.error(titles[0], "two sheets hold the same table: "
                             + ", ".join(titles) + "; keep one")
                source.unreadable.add(sheet.name)
            else:
                source.files[sheet.name] = titles[0]
                ws = book[titles[0]]
                if hasattr(ws, "iter_rows"):
                    source.tables[sheet.name] = _read_sheet(ws, titles[0], source.deadline)
                else:
                    source.error(titles[0], "not a worksheet (a chart sheet?)")
                    source.unreadable.add(sheet.name)
    finally:
        book.close()


def _read_sheet(ws: Any, title: str, deadline: bundle_limits.Deadline | None = None) -> _Table:
    table = _Table(title, [])
    for number, row in enumerate(ws.iter_rows(), start=1):
        if number % 1000 == 0 and deadline is not None:
            deadline.check(title, number)
        cells: list[str | None] = []
        for index, cell in enumerate(row):
            text, problem = _cell_text(cell)
            if problem:
                table.bad_cells[number, index] = problem
            cells.append(_clean(text) if text is not None else None)
        table.rows.append((number, cells))
    return table


def _cell_text(cell: Any) -> tuple[str | None, str | None]:
    """An Excel cell as the text a CSV would hold, or a problem with the cell."""
    value, kind = cell.value, getattr(cell, "data_type", None)
    if value is None:
        return None, None
    if kind == "f" or not isinstance(value, str | int | float | date | time):
        return None, "the cell holds a formula; replace it by its value (copy, paste values)"
    if kind == "e":
        return None, f"the cell shows the Excel error {value}"
    if isinstance(value, bool):
        return ("yes" if value else "no"), None
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat(), None
        return value.isoformat(sep=" "), None
    if isinstance(value, date | time):
        return value.isoformat(), None
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), None
    return str(value), None


def _clean(text: str) -> str | None:
    """Strip a cell, drop the writer's formula guard; ``None`` for an empty cell."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return restore(text) if text else None


def _parse(source: _Source) -> tuple[Bundle, Origin]:
    bundle = Bundle()
    origin = Origin(files={s.name: source.files.get(s.name, s.name if source.workbook else s.file)
                           for s in SHEETS.values()},
                    rows={s: [] for s in SHEETS}, unreadable=source.unreadable)
    for sheet in SHEETS.values():
        table = source.tables.get(sheet.name)
        if table is not None:
            _parse_table(sheet, table, bundle, origin, source)
    return bundle, origin


def _parse_table(sheet: Sheet, table: _Table, bundle: Bundle, origin: Origin,
                 source: _Source) -> None:
    def add(row: int | None, column: str | None, message: str, warning: bool = False) -> None:
        source.problems.append(Problem(table.file, row, column, message, warning))

    if not table.rows:
        add(None, None, "the file is empty; its first row must be the header")
        source.unreadable.add(sheet.name)
        return
    _, header = table.rows[0]
    columns = _header(sheet, header, add)
    named = {i for i, name in enumerate(header) if name is not None}
    missing = {c.code for c in sheet.columns if c.required and c not in columns.values()}
    if sheet.id_column in missing:
        source.unreadable.add(sheet.name)
    unnamed: set[int] = set()
    bad_rows = {row for row, _ in table.bad_cells}
    records = getattr(bundle, sheet.name)
    for number, cells in table.rows[1:]:
        if all(c is None for c in cells) and number not in bad_rows:
            continue
        values: dict[str, Any] = {}
        bad = bool(missing)
        for index, col in columns.items():
            text = cells[index] if index < len(cells) else None
            problem = table.bad_cells.get((number, index))
            if problem is None and text is None and col.required:
                problem = "required value is missing"
            elif problem is None and text is not None:
                try:
                    values[col.code] = _PARSERS[col.type](col, text)
                except ValueError as exc:
                    problem = str(exc)
            if problem:
                add(number, col.code, problem)
                bad = True
        for index, text in enumerate(cells):
            if text is not None and index not in named and index not in unnamed:
                unnamed.add(index)
                add(number, None, f"values in column {get_column_letter(index + 1)}, which has "
                    "no header, are ignored", warning=True)
        if bad:
            ident = values.get(sheet.id_column or "")
            if ident is not None:
                origin.broken_ids.append((sheet.name, number, ident))
            if sheet.name == "people" and values.get("household_id"):
                origin.broken_households.add(values["household_id"])
        else:
            records.append(sheet.record(**values))
            origin.rows[sheet.name].append(number)


def _header(sheet: Sheet, header: list[str | None], add: Any) -> dict[int, Column]:
    """Map each header cell to its column; report unknown, doubled and missing columns."""
    known = {}
    for col in sheet.columns:
        known[_key(col.code)] = col
        known[_key(col.label)] = col
    columns: dict[int, Column] = {}
    given: dict[str, str] = {}
    for index, name in enumerate(header):
        if name is None:
            continue
        col = known.get(_key(name))
        if col is None:
            add(1, name, f"unknown column {name!r} is ignored; known columns: "
                + ", ".join(c.code for c in sheet.columns), True)
        elif col.code in given:
            add(1, col.code, f"column {col.code} ({col.label}) appears twice: "
                f"{given[col.code]!r} and {name!r}")
        else:
            given[col.code] = name
            columns[index] = col
    for col in sheet.columns:
        if col.required and col.code not in given:
            add(1, col.code, f"missing required column {col.code} ({col.label})")
    return columns


_DATE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]0?0:00(?::00(?:\.0+)?)?)?")
_DATE_JA = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_INT = re.compile(r"[+-]?\d+(?:\.0*)?")


def _parse_date(col: Column, text: str) -> date:
    try:
        era = parse_era_date(text)
    except ValueError as exc:
        raise ValueError(f"not a date: {exc}") from None
    if era is not None:
        return era
    folded = unicodedata.normalize("NFKC", text).strip()
    match = _DATE.fullmatch(folded)
    parts = (match.group(1), match.group(3), match.group(4)) if match else None
    if parts is None and (ja := _DATE_JA.fullmatch(folded)):
        parts = ja.groups()
    if parts is not None:
        try:
            return date(*map(int, parts))
        except ValueError:
            pass
    raise ValueError(f"not a date: {text!r}; expected YYYY-MM-DD, e.g. 2024-04-01")


def _parse_int(col: Column, text: str) -> int:
    folded = unicodedata.normalize("NFKC", text).strip()
    if not _INT.fullmatch(folded):
        raise ValueError(f"not a whole number: {text!r}")
    return int(folded.split(".")[0])


def _parse_list(col: Column, text: str) -> tuple:
    assert col.enum is not None
    items: list = []
    for part in re.split(r"[;、,]", unicodedata.normalize("NFKC", text)):
        if part.strip():
            value = parse_enum(col.enum, part)
            if value not in items:
                items.append(value)
    return tuple(items)


_PARSERS: dict[str, Any] = {
    "id": lambda col, text: text,
    "text": lambda col, text: text,
    "int": _parse_int,
    "date": _parse_date,
    "bool": lambda col, text: parse_bool(text),
    "enum": lambda col, text: parse_enum(col.enum, text),
    "list": _parse_list,
}
