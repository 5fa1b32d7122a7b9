"""How big a bundle may be, checked before it is parsed.

An .xlsx is a zip of XML: 2.5 MB of it can hold 300,000 rows, which the workbook reader
would take a minute and half a gigabyte to turn into cells, in the app's shared process,
before any check could refuse them. So the reader asks this module first, on the raw bytes:

- the workbook's **unpacked size** (the sizes its zip directory declares; Python's zip
  reader stops at the declared size, so a forged one cannot be exceeded);
- each sheet's **rows** and the workbook's **cells**, counted by scanning the sheet XML for
  ``<row`` and ``<c`` tags in pieces (a few milliseconds a megabyte, no XML parsed);
- for CSV files, lines and separators, the same bounds;
- a **time budget** (:class:`Deadline`) that the reader checks as it goes.

A bundle over a limit is refused before it is read, with a problem located at the file
(and the sheet) and worded in Japanese. The limits are generous for a city (Kobe has a
few thousand households on record; 200,000 rows is a city of about 20,000) and can be
raised with ``NETSUPPORT_BUNDLE_MAX_ROWS`` for a larger one.

Examples
--------
>>> limits = Limits(max_rows=2)
>>> [p.message[:33] for p in csv_problems("ties.csv", b"a,b\\n1,2\\n3,4\\n", limits)]
['1 つのファイル（シート）は 2 行までですが、3 行以上あります']
"""

from __future__ import annotations

import os
import posixpath
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

from .errors import Problem
from .i18n import t

__all__ = ["Limits", "limits", "Deadline", "LimitExceeded", "workbook_problems",
           "csv_problems", "MAX_ROWS_ENV"]

MAX_ROWS_ENV = "NETSUPPORT_BUNDLE_MAX_ROWS"
_CHUNK = 2**20
_SMALL_XML = 4 * 2**20  # workbook.xml and its relations are a few kilobytes


@dataclass(frozen=True)
class Limits:
    """The most a bundle may hold: rows per sheet (header included), cells in all, bytes
    unpacked, and seconds to read."""

    max_rows: int = 200_000
    max_cells: int = 4_000_000
    max_unpacked: int = 256 * 2**20
    max_seconds: float = 60.0


def limits(environ: os._Environ[str] | dict[str, str] = os.environ) -> Limits:
    """The limits in force: the defaults, rows (and cells with them) raised by
    ``NETSUPPORT_BUNDLE_MAX_ROWS`` when it holds a larger whole number.

    >>> limits({MAX_ROWS_ENV: "1000000"}).max_rows, limits({MAX_ROWS_ENV: "x"}).max_rows
    (1000000, 200000)
    """
    base = Limits()
    try:
        rows = int(environ.get(MAX_ROWS_ENV, "").strip() or 0)
    except ValueError:
        rows = 0
    if rows <= base.max_rows:
        return base
    scale = rows / base.max_rows
    return Limits(max_rows=rows, max_cells=int(base.max_cells * scale),
                  max_unpacked=int(base.max_unpacked * scale),
                  max_seconds=base.max_seconds * scale)


class LimitExceeded(Exception):
    """Reading went over the time budget; ``problem`` says where."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Deadline:
    """The time budget of one read: :meth:`check` every so many rows."""

    seconds: float
    start: float = field(default_factory=time.monotonic)

    def check(self, file: str, row: int) -> None:
        if time.monotonic() - self.start > self.seconds:
            raise LimitExceeded(Problem(file, row, None, t(
                "bundle.limit.time", "ja", seconds=round(self.seconds), row=row)))


def _rows_problem(file: str, rows: int, lim: Limits) -> Problem:
    return Problem(file, None, None, t("bundle.limit.rows", "ja", n=f"{rows:,}",
                                       limit=f"{lim.max_rows:,}", env=MAX_ROWS_ENV))


def _cells_problem(file: str, cells: int, lim: Limits) -> Problem:
    return Problem(file, None, None, t("bundle.limit.cells", "ja", n=f"{cells:,}",
                                       limit=f"{lim.max_cells:,}"))


def csv_problems(name: str, data: bytes, lim: Limits) -> list[Problem]:
    """A CSV file over the limits: lines over ``max_rows``, separators over ``max_cells``
    (both upper bounds of what the file holds; counted on the bytes, before decoding)."""
    rows = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    if rows > lim.max_rows:
        return [_rows_problem(name, rows, lim)]
    cells = data.count(b",") + data.count(b"\t") + rows
    if cells > lim.max_cells:
        return [_cells_problem(name, cells, lim)]
    return []


def _count_rows_and_cells(stream) -> Iterator[tuple[int, int]]:
    """Running counts of ``<row`` and of ``<c`` cell tags in sheet XML read in pieces (a tag
    split between two pieces is counted once: the tail of each piece is carried on).

    >>> import io
    >>> list(_count_rows_and_cells(io.BytesIO(b'<row r="1"><c r="A1"/><c>1</c></row>')))
    [(1, 2)]
    """
    rows = cells = 0
    tail = b""
    while chunk := stream.read(_CHUNK):
        data = tail + chunk
        rows += data.count(b"<row") - tail.count(b"<row")
        cells += (data.count(b"<c ") + data.count(b"<c>")
                  - tail.count(b"<c ") - tail.count(b"<c>"))
        tail = data[-3:]
        yield rows, cells


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet's title and the path of its XML in the zip (titles from
    ``xl/workbook.xml``, paths from its relations); any unnamed one under its path."""
    names = set(archive.namelist())
    found: dict[str, str] = {}
    try:
        book, rels = (archive.getinfo(n) for n in ("xl/workbook.xml",
                                                    "xl/_rels/workbook.xml.rels"))
        if book.file_size < _SMALL_XML and rels.file_size < _SMALL_XML:
            targets = {r.get("Id"): r.get("Target", "") for r in
                       ElementTree.fromstring(archive.read(rels)).iter()
                       if r.get("Id")}
            for sheet in ElementTree.fromstring(archive.read(book)).iter():
                rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
                if sheet.tag.endswith("}sheet") and rid in targets:
                    target = targets[rid]
                    path = (target.lstrip("/") if target.startswith("/")
                            else posixpath.normpath(posixpath.join("xl", target)))
                    if path in names:
                        found[path] = sheet.get("name") or path
    except (KeyError, ElementTree.ParseError):
        pass
    for name in names:
        if name.startswith("xl/worksheets/") and name.endswith(".xml") and name not in found:
            found[name] = name
    return found


def workbook_problems(file: Path | BinaryIO, lim: Limits,
                      name: str | None = None) -> list[Problem]:
    """A workbook (a path or an open binary file, left at its start) over the limits, found
    on its zip before any sheet is parsed: unpacked size, rows of each sheet, cells in all.
    Located at the workbook ``name`` (size) or the sheet."""
    name = name or Path(getattr(file, "name", None) or "bundle.xlsx").name
    start = None if isinstance(file, str | Path) else file.tell()
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > lim.max_unpacked:
                return [Problem(name, None, None, t(
                    "bundle.limit.unpacked", "ja", mb=f"{unpacked / 2**20:,.0f}",
                    limit=f"{lim.max_unpacked / 2**20:,.0f}"))]
            cells = 0
            for member, title in sorted(_sheet_paths(archive).items()):
                sheet_cells = 0
                with archive.open(member) as stream:
                    for rows, sheet_cells in _count_rows_and_cells(stream):
                        if rows > lim.max_rows:
                            return [_rows_problem(title, rows, lim)]
                        if cells + sheet_cells > lim.max_cells:
                            return [_cells_problem(title, cells + sheet_cells, lim)]
                cells += sheet_cells
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError,
            NotImplementedError):
        return []  # not a readable zip: the workbook reader says so, located
    finally:
        if start is not None:
            file.seek(start)  # the workbook reader reads it next
    return []

