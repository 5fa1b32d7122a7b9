"""Writing a bundle: a folder of CSV files or one ``.xlsx`` workbook, and the Excel template.

What is written reads back unchanged (:func:`~netsupport.bundle_read.read_bundle` gives
``bundle.sorted()``): enums as codes, yes/no for booleans, ISO dates, ``;``-joined lists,
an empty cell for "not known". CSV files are UTF-8 with a BOM so that Excel opens Japanese
text correctly. In a workbook, text cells are always stored as text (never as a formula or
an error value), dates as real date cells and whole numbers as numbers.

A bundle can also be written without a file system: a workbook into a binary file object,
or the CSV files into an open :class:`zipfile.ZipFile` (what the app offers for download).

Text that a spreadsheet would run as a formula -- beginning with ``=``, ``+``, ``-`` or
``@`` -- is written with one leading ``'`` (see :func:`~netsupport.bundle_format.neutralise`);
the reader removes exactly that quote again.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .bundle_format import COLUMNS, GUIDE_SHEETS, SHEETS, TYPE_LABELS, Column, neutralise
from .bundle_read import WORKBOOK_SUFFIXES
from .errors import BundleError, Problem
from .model import LABELS, Bundle
from .validate import validate_bundle

__all__ = ["write_bundle", "write_template"]

#: Rows of the template that offer drop-down lists.
TEMPLATE_ROWS = 1000
_BOLD = Font(bold=True)


def write_bundle(bundle: Bundle, path: str | Path | BinaryIO | zipfile.ZipFile, *,
                 japanese_headers: bool = False, check: bool = True) -> None:
    """Write ``bundle`` to a folder of CSV files, or to ``path`` if it ends in ``.xlsx``.

    Parameters
    ----------
    bundle
        What to write; records are written in the canonical order of
        :meth:`~netsupport.model.Bundle.sorted`, so ``read_bundle(path) == bundle.sorted()``.
    path
        A folder (created if missing; its five CSV files are replaced) or an ``.xlsx`` file;
        or a binary file object (a workbook is written into it) or an open
        :class:`zipfile.ZipFile` (the five CSV files become its members).
    japanese_headers
        Write the Japanese header labels of :data:`~netsupport.bundle_format.COLUMNS`
        instead of the column codes (the reader accepts both).
    check
        Validate first and raise :class:`BundleError` without writing anything if the bundle
        has errors, so that whatever is written reads back.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from netsupport.bundle import read_bundle
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_bundle(Bundle(), folder)
    >>> read_bundle(folder) == Bundle()
    True
    >>> workbook = io.BytesIO()
    >>> write_bundle(Bundle(), workbook)
    >>> read_bundle(workbook) == Bundle()
    True
    """
    if check:
        errors = [p for p in validate_bundle(bundle) if not p.warning]
        if errors:
            raise BundleError(errors)
    bundle = bundle.sorted()
    if isinstance(path, zipfile.ZipFile):
        for name, data in _csv_files(bundle, japanese_headers).items():
            path.writestr(name, data)
        return
    if not isinstance(path, str | Path):
        _workbook(bundle, japanese_headers).save(path)
        return
    path = Path(path)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        book = _workbook(bundle, japanese_headers)
        _replace(path, lambda tmp: book.save(tmp))
    elif path.suffix.lower() in (".csv", ".xls"):
        raise BundleError([Problem(path.name, None, None,
                                   "write a bundle to a folder (CSV files) or an .xlsx file")])
    else:
        path.mkdir(parents=True, exist_ok=True)
        for name, data in _csv_files(bundle, japanese_headers).items():
            _replace(path / name, lambda tmp, data=data: Path(tmp).write_bytes(data))


def write_template(path: str | Path | BinaryIO) -> None:
    """Write the empty Excel template staff fill in: Japanese headers, drop-down lists.

    One sheet per file with the Japanese header labels, a 説明 sheet describing every
    column, and a 選択肢 sheet listing the allowed values (Japanese label and code) that
    the drop-down lists of the enum columns offer. The reader skips the two guide sheets, so
    the untouched template reads as an empty bundle. ``path`` is an ``.xlsx`` file or a binary
    file object.
    """
    if isinstance(path, str | Path):
        path = Path(path)
        if path.suffix.lower() not in WORKBOOK_SUFFIXES:
            raise BundleError([Problem(path.name, None, None, "the template is an .xlsx file")])
    book = _workbook(Bundle(), japanese_headers=True)
    choices = _choices_sheet(book)
    for sheet in SHEETS.values():
        _add_drop_downs(book[sheet.name], COLUMNS[sheet.name], choices)
    _notes_sheet(book)
    book.move_sheet(GUIDE_SHEETS["notes"], offset=-len(book.sheetnames) + 1)
    book.active = 0
    if isinstance(path, Path):
        _replace(path, lambda tmp: book.save(tmp))
    else:
        book.save(path)


def _replace(path: Path, write: Callable[[str], None]) -> None:
    """Write to a temporary file beside ``path`` and move it in place: all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _header(name: str, japanese: bool) -> list[str]:
    return [c.label if japanese else c.code for c in COLUMNS[name]]


def _rows(name: str, records: list[Any], japanese: bool) -> list[list[str]]:
    columns = COLUMNS[name]
    return [_header(name, japanese)] + [
        [_text(c, getattr(r, c.code)) for c in columns] for r in records]


def _csv_files(bundle: Bundle, japanese_headers: bool) -> dict[str, bytes]:
    """The bundle's CSV files (UTF-8 with a BOM, so that Excel reads Japanese), by name."""
    files = {}
    for sheet in SHEETS.values():
        text = io.StringIO(newline="")
        csv.writer(text).writerows(_rows(sheet.name, getattr(bundle, sheet.name),
                                         japanese_headers))
        files[sheet.file] = text.getvalue().encode("utf-8-sig")
    return files


def _text(col: Column, value: Any) -> str:
    """A value as its CSV cell text."""
    if value is None:
        return ""
    if col.type in ("id", "text"):
        return neutralise(value)
    if col.type == "bool":
        return "yes" if value else "no"
    if col.type == "enum":
        return value.value
    if col.type == "list":
        return ";".join(v.value for v in value)
    if col.type == "date":
        return value.isoformat()
    return str(value)


def _workbook(bundle: Bundle, japanese_headers: bool) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    for sheet in SHEETS.values():
        ws = book.create_sheet(sheet.name)
        columns = COLUMNS[sheet.name]
        ws.append(_header(sheet.name, japanese_headers))
        for r, record in enumerate(getattr(bundle, sheet.name), start=2):
            for c, col in enumerate(columns, start=1):
                _set_cell(ws, r, c, col, getattr(record, col.code))
        for c, col in enumerate(columns, start=1):
            ws.cell(1, c).font = _BOLD
            width = max(len(col.code), 2 * len(col.label), 10 if col.type == "date" else 6)
            ws.column_dimensions[get_column_letter(c)].width = width + 2
        ws.freeze_panes = "A2"
    return book


def _set_cell(ws: Worksheet, row: int, column: int, col: Column, value: Any) -> None:
    if value is None:
        return
    if col.type == "int":
        ws.cell(row, column, value)
    elif col.type == "date":
        ws.cell(row, column, value).number_format = "yyyy-mm-dd"
    else:
        cell = ws.cell(row, column, _text(col, value))
        cell.data_type = "s"  # never a formula or an error value, whatever the text
        if "\n" in cell.value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


#: Japanese names of the choice lists, one per enum (and one for yes/no).
_CHOICE_TITLES: dict[str, str] = {
    "AgencyKind": "機関の種別", "HouseholdStatus": "支援状況", "Stage": "支援段階",
    "Acceptance": "支援への拒否", "FamilyCapacity": "家族の力量", "Relation": "続柄",
    "Condition": "心身の状態", "Diagnosis": "診断", "TieKind": "つながりの種別",
    "Strength": "関係の強さ", "Role": "役割", "EventType": "記録の種別", "bool": "はい・いいえ",
}


def _choice_lists() -> dict[str, list[tuple[str, str]]]:
    """Per enum name: (Japanese label, code) of each allowed value."""
    lists = {cls.__name__: [(ja, code) for code, (ja, _en) in LABELS[cls].items()]
             for cls in LABELS}
    lists["bool"] = [("はい", "yes"), ("いいえ", "no")]
    return lists


def _choices_sheet(book: Workbook) -> dict[str, str]:
    """Write the 選択肢 sheet; return, per enum name, the range its drop-down lists use."""
    ws = book.create_sheet(GUIDE_SHEETS["choices"])
    ranges: dict[str, str] = {}
    for i, (name, values) in enumerate(_choice_lists().items()):
        label_col, code_col = 2 * i + 1, 2 * i + 2
        ws.cell(1, label_col, _CHOICE_TITLES[name]).font = _BOLD
        ws.cell(1, code_col, "コード").font = _BOLD
        for r, (ja, code) in enumerate(values, start=2):
            ws.cell(r, label_col, ja)
            ws.cell(r, code_col, code)
        letter = get_column_letter(label_col)
        ranges[name] = f"'{ws.title}'!${letter}$2:${letter}${len(values) + 1}"
        ws.column_dimensions[letter].width = max(2 * len(v[0]) for v in values) + 2
        ws.column_dimensions[get_column_letter(code_col)].width = 26
    ws.freeze_panes = "A2"
    return ranges


def _add_drop_downs(ws: Worksheet, columns: tuple[Column, ...], ranges: dict[str, str]) -> None:
    """Drop-down lists on enum and yes/no columns; other spellings stay allowed."""
    for c, col in enumerate(columns, start=1):
        name = "bool" if col.type == "bool" else (
            col.enum.__name__ if col.type == "enum" and col.enum else None)
        if name is None:
            continue
        dv = DataValidation(type="list", formula1=ranges[name], allow_blank=True,
                            showErrorMessage=False)
        letter = get_column_letter(c)
        dv.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
        ws.add_data_validation(dv)


_INTRO = (
    "netsupport 取り込み用テンプレート",
    "各シートの1行目は見出しです (列コードでも日本語の見出しでも読み込めます)。2行目から1行に"
    "1件ずつ入力してください。",
    "ID は 関係機関・世帯・人 のすべてを通じて重複しないようにしてください。空欄は「不明」として"
    "扱います。",
    "日付は YYYY-MM-DD (例 2024-04-01) で入力します。2024/4/1 や Excel の日付でも読み込めます。",
    "選択の列は、選択肢シートの表示名・コードのどちらでも入力できます。",
    "各世帯には、存命の本人 (続柄 = 本人) がちょうど1人必要です。",
    "先頭が =、+、-、@ の文字列は、数式として実行されないよう先頭に ' を付けて出力されます"
    " (読み込み時に取り除きます)。",
    "支援経過 (events) シートは省略できます。ほかのシートは必須です。",
)


def _notes_sheet(book: Workbook) -> None:
    ws = book.create_sheet(GUIDE_SHEETS["notes"])
    for line in _INTRO:
        ws.append([line])
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.append([])
    ws.append(["シート", "シート名", "列見出し", "列コード", "必須", "型", "入力できる値・説明"])
    header_row = ws.max_row
    for c in range(1, 8):
        ws.cell(header_row, c).font = _BOLD
    lists = _choice_lists()
    for sheet in SHEETS.values():
        for col in COLUMNS[sheet.name]:
            detail = col.note
            if col.type in ("enum", "list") and col.enum is not None:
                allowed = "、".join(ja for ja, _code in lists[col.enum.__name__])
                detail = f"{allowed}" + (f" ({col.note})" if col.note else "")
            elif col.type == "int" and col.low is not None:
                detail = f"{col.low}〜{col.high}" + (f" ({col.note})" if col.note else "")
            ws.append([sheet.label + ("" if sheet.required else " (省略可)"), sheet.name,
                       col.label, col.code, "必須" if col.required else "",
                       TYPE_LABELS[col.type], detail])
            ws.cell(ws.max_row, 7).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFG", (16, 12, 18, 20, 6, 22, 80), strict=True):
        ws.column_dimensions[letter].width = width
