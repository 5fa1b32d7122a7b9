"""The bundle's format as data: its sheets, their columns, and the one rule for cell text.

``COLUMNS`` is the one table of what each file holds (column codes in order, the Japanese
header label of each column, its type and whether it is required). The reader, the writer,
the validator, the Excel template and the UI all read it; change a column here and all of
them follow. ``SHEETS`` names the five files and their Japanese sheet labels.

Examples
--------
>>> [c.code for c in COLUMNS["agencies"]]
['agency_id', 'name', 'kind', 'ward', 'capacity', 'age_from', 'age_to']
>>> [c.label for c in COLUMNS["agencies"]]
['機関ID', '名称', '種別', '区', '受入上限', '対象年齢(下限)', '対象年齢(上限)']
>>> SHEETS["ties"].file, SHEETS["ties"].label
('ties.csv', 'つながり')
>>> neutralise("=HYPERLINK(\\"x\\")")
'\\'=HYPERLINK("x")'
>>> restore(neutralise("=HYPERLINK(\\"x\\")"))
'=HYPERLINK("x")'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import (
    Acceptance,
    Agency,
    AgencyKind,
    Coded,
    Condition,
    Diagnosis,
    Event,
    EventType,
    FamilyCapacity,
    Household,
    HouseholdStatus,
    Person,
    Relation,
    Role,
    Stage,
    Strength,
    Tie,
    TieKind,
)

__all__ = [
    "Column",
    "Sheet",
    "COLUMNS",
    "SHEETS",
    "GUIDE_SHEETS",
    "TYPE_LABELS",
    "neutralise",
    "restore",
]

#: Column types: ``id`` and ``text`` are kept as typed (surrounding spaces stripped), ``int``
#: a whole number, ``date`` YYYY-MM-DD, ``bool`` yes / no, ``enum`` a code or its label,
#: ``list`` ``;``-separated codes or labels.
TYPE_LABELS: dict[str, str] = {
    "id": "ID (文字列)",
    "text": "文字列",
    "int": "整数",
    "date": "日付 (YYYY-MM-DD。令和8年4月1日・R8.4.1 のような和暦も可)",
    "bool": "はい / いいえ",
    "enum": "選択",
    "list": "複数選択 (「;」区切り)",
}


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a bundle file.

    ``code`` is the header of the data format and the record field of the same name;
    ``label`` the Japanese header the template uses (the reader accepts either). ``low`` and
    ``high`` bound an ``int`` column; ``ref`` names the sheet an id column points at
    (``"any"``: an agency, household or person); ``note`` explains the column in Japanese.
    """

    code: str
    label: str
    type: str
    required: bool = False
    enum: type[Coded] | None = None
    low: int | None = None
    high: int | None = None
    ref: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Sheet:
    """One file of a bundle (one sheet of the workbook)."""

    name: str
    label: str
    required: bool
    record: type
    id_column: str | None

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> tuple[Column, ...]:
        return COLUMNS[self.name]


_C = Column
#: The one table of every file's columns, in the order they are written.
COLUMNS: dict[str, tuple[Column, ...]] = {
    "agencies": (
        _C("agency_id", "機関ID", "id", True,
           note="機関・世帯・人のIDは全体で重複しないこと"),
        _C("name", "名称", "text", True),
        _C("kind", "種別", "enum", True, AgencyKind),
        _C("ward", "区", "text", note="神戸市の9区 (東灘区 灘区 中央区 兵庫区 北区 長田区 "
           "須磨区 垂水区 西区) または他の地名"),
        _C("capacity", "受入上限", "int", low=0, high=1_000_000,
           note="主担当として同時に受け持てる世帯数。空欄 = 上限なし"),
        _C("age_from", "対象年齢(下限)", "int", low=0, high=150,
           note="支援の対象となる本人の最低年齢 (例: 若者サポートステーションは15)。"
           "空欄 = 下限なし"),
        _C("age_to", "対象年齢(上限)", "int", low=0, high=150,
           note="支援の対象となる本人の最高年齢 (例: 若者サポートステーションは49)。"
           "空欄 = 上限なし"),
    ),
    "households": (
        _C("household_id", "世帯ID", "id", True),
        _C("ward", "区", "text", True),
        _C("opened_on", "相談受理日", "date"),
        _C("status", "支援状況", "enum", enum=HouseholdStatus, note="空欄 = 支援中"),
        _C("stage", "支援段階", "enum", enum=Stage),
        _C("crisis", "危機の切迫性", "bool", note="空欄 = なし"),
        _C("acceptance", "支援への拒否", "enum", enum=Acceptance, note="空欄 = 不明"),
        _C("family_capacity", "家族の力量", "enum", enum=FamilyCapacity, note="空欄 = 不明"),
        _C("financial_hardship", "経済的困窮", "bool"),
    ),
    "people": (
        _C("person_id", "人ID", "id", True),
        _C("household_id", "世帯ID", "id", ref="households",
           note="空欄 = 世帯外のインフォーマルな関係者 (近隣住民・親戚・友人)"),
        _C("relation", "続柄", "enum", True, Relation,
           note="世帯員は本人・父・母などの家族、世帯外の人は近隣住民・親戚・友人"),
        _C("display_name", "表示名", "text", note="地図に表示する名前 (仮名で可)"),
        _C("kana", "フリガナ", "text", note="表示名のよみ (カタカナまたはひらがな)。検索に使う"),
        _C("birth_year", "生年(西暦)", "int", low=1900, high=2100),
        _C("deceased", "死亡", "bool"),
        _C("conditions", "心身の状態", "list", enum=Condition),
        _C("diagnosis", "診断", "enum", enum=Diagnosis, note="本人のみ"),
        _C("withdrawn_since", "ひきこもり開始日", "date", note="本人のみ"),
    ),
    "ties": (
        _C("source_id", "起点ID", "id", True, ref="any", note="機関・世帯・人のID"),
        _C("target_id", "終点ID", "id", True, ref="any", note="機関・世帯・人のID"),
        _C("kind", "種別", "enum", True, TieKind,
           note="支援: 機関→世帯・世帯員 / インフォーマル: 世帯外の人↔世帯・世帯員 / "
           "家族: 同じ世帯の世帯員どうし / 連携: 機関↔機関"),
        _C("strength", "関係の強さ", "enum", enum=Strength, note="空欄 = 普通"),
        _C("role", "役割", "enum", enum=Role, note="支援のつながりのみ。空欄 = なし"),
        _C("since", "開始日", "date"),
        _C("until", "終了日", "date", note="空欄 = 継続中"),
        _C("last_contact", "最終連絡日", "date"),
        _C("consent", "情報共有の同意", "bool", note="空欄 = 不明"),
    ),
    "events": (
        _C("event_id", "記録ID", "id", True),
        _C("household_id", "世帯ID", "id", True, ref="households"),
        _C("date", "日付", "date", True),
        _C("type", "種別", "enum", True, EventType),
        _C("agency_id", "機関ID", "id", ref="agencies"),
        _C("note", "内容", "text", note="個人情報を含むため取り扱いに注意"),
    ),
}

#: The five files of a bundle, in load order (ties and events after what they name).
SHEETS: dict[str, Sheet] = {
    "agencies": Sheet("agencies", "関係機関", True, Agency, "agency_id"),
    "households": Sheet("households", "世帯", True, Household, "household_id"),
    "people": Sheet("people", "人", True, Person, "person_id"),
    "ties": Sheet("ties", "つながり", True, Tie, None),
    "events": Sheet("events", "支援経過", False, Event, "event_id"),
}

#: Sheets of the Excel template that explain the others; the reader skips them silently.
GUIDE_SHEETS: dict[str, str] = {"notes": "説明", "choices": "選択肢"}

# A cell that a spreadsheet could take for a formula (after any number of quotes already
# added by this rule). The writer prefixes one "'" to such text and the reader removes
# exactly one again, so every text survives the round trip unchanged.
_FORMULA_START = re.compile(r"'*[=+\-@]")


def neutralise(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet would run as a formula (CSV / formula injection).

    Text beginning with ``=``, ``+``, ``-`` or ``@`` -- or with quotes followed by one of
    them -- gets one more leading quote; other text is left alone.
    """
    return "'" + text if _FORMULA_START.match(text) else text


def restore(text: str) -> str:
    """Undo :func:`neutralise`: drop one leading ``'`` when a formula character follows."""
    if text.startswith("'") and _FORMULA_START.match(text, 1):
        return text[1:]
    return text
