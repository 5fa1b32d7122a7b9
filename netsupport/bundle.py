"""The bundle: how data enters and leaves netsupport (``DATA-FORMAT.md``).

A bundle is a folder of CSV files (``agencies.csv``, ``households.csv``, ``people.csv``,
``ties.csv`` and, optionally, ``events.csv``) or one ``.xlsx`` workbook with one sheet per
file. This module is the public entry; the work is done in

- :mod:`netsupport.bundle_format` -- the table of files and columns (:data:`COLUMNS`,
  :data:`SHEETS`) and the formula-guard rule for cell text;
- :mod:`netsupport.bundle_read` -- CSV / workbook to :class:`~netsupport.model.Bundle`;
- :mod:`netsupport.bundle_write` -- :class:`~netsupport.model.Bundle` to CSV / workbook,
  and the Excel template;
- :mod:`netsupport.validate` -- the semantic checks shared by the reader and the stores.

A bad bundle raises one :class:`~netsupport.errors.BundleError` listing every problem as
``file:row:column: message``, rows numbered as Excel shows them.

Examples
--------
>>> import tempfile, pathlib
>>> from netsupport.model import Bundle, Household, Person, Relation
>>> bundle = Bundle(households=[Household("H1", "北区")],
...                 people=[Person("P1", Relation.SUBJECT, "H1", "=cmd")])
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_bundle(bundle, folder)
>>> (folder / "people.csv").read_text("utf-8-sig").splitlines()[1]
"P1,H1,subject,'=cmd,,,,,,"
>>> read_bundle(folder) == bundle.sorted()
True
"""

from __future__ import annotations

from .bundle_format import COLUMNS, SHEETS, Column, Sheet
from .bundle_read import read_bundle, read_bundle_with_warnings
from .bundle_write import write_bundle, write_template
from .validate import validate_bundle

__all__ = [
    "COLUMNS",
    "SHEETS",
    "Column",
    "Sheet",
    "read_bundle",
    "read_bundle_with_warnings",
    "validate_bundle",
    "write_bundle",
    "write_template",
]
