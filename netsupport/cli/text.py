"""What every analysing subcommand shares: its common options, JSON output, text tables.

Japanese is printed in a terminal where wide characters take two columns, so tables are
aligned by display width, not by ``len``.

Examples
--------
>>> table_lines([["世帯", "区"], ["H-1", "西区"]])
['世帯  区', 'H-1   西区']
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from datetime import date
from typing import Any

__all__ = ["as_of_arg", "analysis_options", "print_json", "display_width", "table_lines"]


def as_of_arg(text: str) -> date:
    """``--as-of``: a day as YYYY-MM-DD (argparse turns the error into exit code 2)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def analysis_options() -> argparse.ArgumentParser:
    """The options every analysing subcommand takes: --json, --as-of, --rules."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--json", action="store_true", help="print JSON (RULES.md contract)")
    options.add_argument("--as-of", type=as_of_arg, default=None, metavar="YYYY-MM-DD",
                         help="reference day (default: today)")
    options.add_argument("--rules", default=None,
                         help="rules file (default: $NETSUPPORT_RULES or the rules"
                         " shipped in the package)")
    return options


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def display_width(text: str) -> int:
    """Columns a terminal gives ``text``: East Asian wide and full-width characters take 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table_lines(rows: list[list[str]]) -> list[str]:
    """Rows aligned in columns; the last column is left ragged (it may be long)."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return ["  ".join(c + " " * (w - display_width(c)) for c, w in zip(row[:-1], widths,
                                                                        strict=True))
            + "  " + row[-1] for row in rows]
