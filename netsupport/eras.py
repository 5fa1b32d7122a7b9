"""Japanese era dates (和暦) as staff write them: 令和8年4月1日, 令和元年5月1日, R8.4.1, R08/04/01.

The importer accepts these besides ISO dates (DATA-FORMAT.md); the exporter writes ISO, so an
era date round-trips as ``YYYY-MM-DD``. An era date outside its era is refused rather than
carried over into the next one: 令和1年4月30日 is not 2019-04-30 (that day is 平成31年), and
a typo of the era is likelier than an intended overflow.

Examples
--------
>>> parse_era_date("令和8年4月1日"), parse_era_date("R08/04/01"), parse_era_date("Ｒ８．４．１")
(datetime.date(2026, 4, 1), datetime.date(2026, 4, 1), datetime.date(2026, 4, 1))
>>> parse_era_date("令和元年5月1日"), parse_era_date("H31/4/30"), parse_era_date("S64.1.7")
(datetime.date(2019, 5, 1), datetime.date(2019, 4, 30), datetime.date(1989, 1, 7))
>>> parse_era_date("2026-04-01") is None
True
>>> parse_era_date("令和1年4月30日")
Traceback (most recent call last):
...
ValueError: 令和1年4月30日 is not a day of 令和 (令和 runs from 2019-05-01)
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

__all__ = ["ERAS", "parse_era_date"]

#: The eras accepted: name, its Latin initial, first day, last day (None: still running).
ERAS: tuple[tuple[str, str, date, date | None], ...] = (
    ("令和", "R", date(2019, 5, 1), None),
    ("平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    ("昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
    ("大正", "T", date(1912, 7, 30), date(1926, 12, 25)),
)
_BY_NAME = {name: era for era in ERAS for name in (era[0], era[1])}

# 令和8年4月1日 / 令和元年5月1日 (spaces allowed between the parts)
_KANJI = re.compile(r"(令和|平成|昭和|大正)\s*(元|\d{1,2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
# R8.4.1, R08/04/01, H31-4-30, 令和8.4.1: one separator used throughout
_SHORT = re.compile(r"(令和|平成|昭和|大正|[RHST])\s*(元|\d{1,2})([./-])(\d{1,2})\3(\d{1,2})")


def parse_era_date(text: str) -> date | None:
    """The day an era date names; ``None`` when ``text`` is not written as an era date.

    Full-width digits and letters, the era ligatures (㋿ ㍻ ㍼) and a lower-case initial are
    read as their plain forms (NFKC).

    Raises
    ------
    ValueError
        An era date that names no day (4月31日) or a day outside its era (令和1年4月30日,
        平成31年5月1日).
    """
    folded = unicodedata.normalize("NFKC", text).strip()
    folded = folded[:1].upper() + folded[1:]
    match = _KANJI.fullmatch(folded)
    if match:
        era, year, month, day = match.groups()
    else:
        match = _SHORT.fullmatch(folded)
        if not match:
            return None
        era, year, _, month, day = match.groups()
    name, _, first, last = _BY_NAME[era]
    number = 1 if year == "元" else int(year)
    try:
        if number < 1:
            raise ValueError
        found = date(first.year + number - 1, int(month), int(day))
    except ValueError:
        raise ValueError(f"{text} is not a day of the calendar") from None
    if found < first or (last is not None and found > last):
        span = (f"from {first.isoformat()}" if last is None
                else f"from {first.isoformat()} to {last.isoformat()}")
        raise ValueError(f"{text} is not a day of {name} ({name} runs {span})")
    return found
