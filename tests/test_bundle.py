"""The bundle: reading CSV / Excel as staff fill them, every problem at once, lossless export."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from dataclasses import replace
from datetime import date, datetime

import openpyxl
import pytest
from builders import add_household, csv_folder, tiny_bundle

from netsupport.bundle import (
    COLUMNS,
    SHEETS,
    read_bundle,
    read_bundle_with_warnings,
    validate_bundle,
    write_bundle,
    write_template,
)
from netsupport.bundle_format import neutralise, restore
from netsupport.errors import BundleError, NetsupportError
from netsupport.model import (
    Agency,
    AgencyKind,
    Bundle,
    Condition,
    Diagnosis,
    Event,
    EventType,
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

#: tiny_bundle() as staff would type it: Japanese headers and labels, Excel-style dates.
TINY_JA = {
    "agencies": """
        機関ID,名称,種別,区,受入上限
        A1,北区ひきこもり支援室,ひきこもり支援室,北区,20
        A2,北区あんしんすこやかセンター,あんしんすこやかセンター,北区,
        """,
    "households": """
        世帯ID,区,相談受理日,支援状況,支援段階,危機の切迫性,支援への拒否,家族の力量,経済的困窮
        H1,北区,2024/4/1,支援中,出会い・評価段階,なし,拒否,困難,
        """,
    "people": """
        人ID,世帯ID,続柄,表示名,フリガナ,生年(西暦),死亡,心身の状態,診断,ひきこもり開始日
        P1,H1,本人,本人,,1975,,,気分障害,2005-06-01
        P2,H1,父,父,,1945,,認知症,,
        C1,,近隣住民,近所の人,,,,,,
        """,
    "ties": """
        起点ID,終点ID,種別,関係の強さ,役割,開始日,終了日,最終連絡日,情報共有の同意
        A1,H1,支援,強い,主担当,2024-04-01,,,はい
        A2,P2,支援,,ミニサポートチーム,,,,
        C1,H1,インフォーマル,弱い,,,,,
        A1,A2,連携,,,,,,
        """,
    "events": """
        記録ID,世帯ID,日付,種別,機関ID,内容
        E1,H1,2024年4月10日,訪問,A1,初回訪問
        """,
}


def messages(excinfo) -> list[str]:
    return [str(p) for p in excinfo.value.problems if not p.warning]


def bad(tmp_path, **files: str) -> list[str]:
    """The error lines of tiny_bundle's CSV files with some files replaced."""
    folder = tmp_path / "bad"
    write_bundle(tiny_bundle(), folder)
    csv_folder(folder, files)
    with pytest.raises(BundleError) as excinfo:
        read_bundle(folder)
    return messages(excinfo)


# --- the format table ---------------------------------------------------------------------

def test_columns_name_every_record_field_once():
    for name, sheet in SHEETS.items():
        fields = {f.name for f in dataclasses.fields(sheet.record)}
        codes = [c.code for c in COLUMNS[name]]
        assert sorted(codes) == sorted(fields), name
        labels = [c.label for c in COLUMNS[name]]
        assert len(set(labels)) == len(labels), name


def test_japanese_header_labels_by_eye():
    assert [(c.code, c.label) for c in COLUMNS["agencies"]] == [
        ("agency_id", "機関ID"), ("name", "名称"), ("kind", "種別"), ("ward", "区"),
        ("capacity", "受入上限"), ("age_from", "対象年齢(下限)"), ("age_to", "対象年齢(上限)")]
    assert [(c.code, c.label) for c in COLUMNS["people"]][3:5] == [
        ("display_name", "表示名"), ("kana", "フリガナ")]
    assert [s.label for s in SHEETS.values()] == ["関係機関", "世帯", "人", "つながり", "支援経過"]
    assert [s.file for s in SHEETS.values() if s.required] == [
        "agencies.csv", "households.csv", "people.csv", "ties.csv"]


# --- reading what staff make ----------------------------------------------------------------

def test_tiny_bundle_is_valid():
    assert validate_bundle(tiny_bundle()) == []


@pytest.mark.parametrize("encoding", ["cp932", "utf-8-sig", "utf-8", "utf-16"])
def test_japanese_csv_in_every_encoding_loads(tmp_path, encoding):
    files = TINY_JA
    if encoding == "utf-16":  # Excel's "Unicode text" is tab separated
        files = {k: v.replace(",", "\t") for k, v in TINY_JA.items()}
    folder = csv_folder(tmp_path / encoding, files, encoding=encoding)
    assert read_bundle(folder) == tiny_bundle()


def test_shift_jis_file_really_is_not_utf8(tmp_path):
    folder = csv_folder(tmp_path, TINY_JA, encoding="cp932")
    with pytest.raises(UnicodeDecodeError):
        (folder / "people.csv").read_bytes().decode("utf-8")
    assert read_bundle(folder).people[0].relation == Relation.SUBJECT


def test_files_named_by_their_japanese_label_load(tmp_path):
    folder = csv_folder(tmp_path, {SHEETS[k].label: v for k, v in TINY_JA.items()})
    assert read_bundle(folder) == tiny_bundle()


def test_workbook_made_in_excel_loads(tmp_path):
    """Japanese sheet names and headers, real date cells, numbers, spaces around ids."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, text in TINY_JA.items():
        ws = book.create_sheet(SHEETS[name].label)
        for line in text.strip().splitlines():
            ws.append([cell or None for cell in line.strip().split(",")])
    ws = book["人"]
    ws["F2"] = 1975                      # a number cell in an int column
    ws["J2"] = datetime(2005, 6, 1)      # a real date cell
    ws["A3"] = " P2 "                    # spaces around an id
    book["関係機関"]["E2"] = 20.0         # Excel stores numbers as floats
    book.create_sheet("説明")             # a guide sheet is skipped silently
    path = tmp_path / "bundle.xlsx"
    book.save(path)
    assert read_bundle_with_warnings(path) == (tiny_bundle(), [])


def test_ids_stay_text(tmp_path):
    b = add_household(Bundle(), "007", members={"0042": Relation.SUBJECT})
    b.people.append(Person("1e3", Relation.FRIEND))
    for path in (tmp_path / "csv", tmp_path / "b.xlsx"):
        write_bundle(b, path)
        assert [p.person_id for p in read_bundle(path).people] == ["0042", "1e3"]


def test_spellings_of_dates_lists_and_yes_no(tmp_path):
    folder = bad_free(tmp_path, households="""
        household_id,ward,opened_on,crisis,financial_hardship
        H1,北区,２０２４／４／１,あり,TRUE
        """, people="""
        person_id,household_id,relation,conditions,deceased
        P1,H1,本人,,
        P2,H1,母,"認知症、要介護, illness; 認知症",いいえ
        """)
    b = read_bundle(folder)
    assert b.households[0] == Household("H1", "北区", date(2024, 4, 1), crisis=True,
                                        financial_hardship=True)
    assert b.people[1].conditions == (Condition.DEMENTIA, Condition.NEEDS_CARE, Condition.ILLNESS)
    assert b.people[1].deceased is False


def bad_free(tmp_path, **files: str):
    folder = tmp_path / "ok"
    write_bundle(tiny_bundle(), folder)
    (folder / "ties.csv").write_text("source_id,target_id,kind\n", "utf-8")
    (folder / "events.csv").unlink()
    return csv_folder(folder, files)


def test_empty_cells_take_the_defaults(tmp_path):
    b = read_bundle(bad_free(tmp_path, households="household_id,ward,status\nH1,北区,\n"))
    assert b.households[0].status == HouseholdStatus.ACTIVE
    assert b.households[0].crisis is None


def test_events_file_is_optional(tmp_path):
    folder = bad_free(tmp_path)
    assert read_bundle(folder).events == []


def test_blank_rows_are_skipped_but_counted(tmp_path):
    lines = bad(tmp_path, households="household_id,ward\nH1,北区\n,\n\nH2,\n")
    assert lines == ["households.csv:5:ward: required value is missing"]


# --- every problem at once, located ------------------------------------------------------

def test_a_bad_bundle_reports_every_problem_once(tmp_path):
    folder = csv_folder(tmp_path, {
        "agencies": """
            agency_id,name,kind,capacity
            A1,北区支援室,ひきこもり支援室,-3
            A2,,ケアマネ,abc
            """,
        "households": """
            household_id,ward,opened_on,stage
            H1,北区,2024-13-01,foo
            H2,西区,,
            H3,西区,,
            """,
        "people": """
            person_id,household_id,relation,birth_year,diagnosis
            P1,H1,本人,1975,
            P2,H2,本人,,
            P3,H2,subject,,
            P4,H9,母,1850,mood
            H3,,friend,,
            """,
        "ties": """
            source_id,target_id,kind,role,since,until
            A1,H2,support,lead,2024-01-01,2023-01-01
            X9,H2,informal,,,
            A1,A2,collaboration,team,,
            """,
    }, encoding="cp932")
    with pytest.raises(BundleError) as excinfo:
        read_bundle(folder)
    assert messages(excinfo) == [
        "agencies.csv:2:capacity: must be between 0 and 1000000, got -3",
        "agencies.csv:3:name: required value is missing",
        "agencies.csv:3:capacity: not a whole number: 'abc'",
        "households.csv:2:opened_on: not a date: '2024-13-01'; expected YYYY-MM-DD, e.g. "
        "2024-04-01",
        "households.csv:2:stage: unknown value 'foo'; expected one of: engagement, individual, "
        "group, participation",
        "households.csv:4:household_id: household 'H3' has no living subject (本人)",
        "people.csv:4:relation: household 'H2' already has a living subject 'P2' "
        "(people.csv row 3)",
        "people.csv:5:household_id: unknown household 'H9'",
        "people.csv:5:birth_year: must be between 1900 and 2100, got 1850",
        "people.csv:5:diagnosis: only the subject (本人) has a diagnosis; this is a mother (母)",
        "people.csv:6:person_id: duplicate id 'H3': already used in households.csv row 4",
        "ties.csv:2:until: until 2023-01-01 is before since 2024-01-01",
        "ties.csv:3:source_id: unknown agency, household or person 'X9'",
        "ties.csv:4:role: role 'team' is only for support ties; leave it empty (none) here",
    ]
    assert str(excinfo.value).startswith("14 error(s) in bundle:\nagencies.csv:2:capacity:")


def test_a_broken_row_does_not_cascade(tmp_path):
    """P1's bad birth year leaves H1's subject out, but H1 is not reported subjectless."""
    lines = bad(tmp_path, people="""
        person_id,household_id,relation,birth_year
        P1,H1,本人,千九百
        P2,H1,father,
        C1,,neighbour,
        """)
    assert lines == ["people.csv:2:birth_year: not a whole number: '千九百'"]


def test_duplicate_ids_across_files(tmp_path):
    lines = bad(tmp_path, households="household_id,ward\nH1,北区\nA2,北区\n",
                people="person_id,household_id,relation\nP1,H1,subject\nP2,H1,father\n"
                       "C1,,neighbour\nA2,A2,subject\n")
    assert lines == [
        "households.csv:3:household_id: duplicate id 'A2': already used in agencies.csv row 3",
        "people.csv:5:person_id: duplicate id 'A2': already used in agencies.csv row 3",
    ]


def test_references_must_name_the_right_kind_of_record(tmp_path):
    lines = bad(tmp_path, events="""
        event_id,household_id,date,type,agency_id
        E1,H2,2024-01-01,visit,
        E2,P1,2024-01-01,visit,H1
        E2,H1,2024-01-01,note,
        """)
    assert lines == [
        "events.csv:2:household_id: unknown household 'H2'",
        "events.csv:3:household_id: 'P1' is a person, not a household (people.csv row 3)",
        "events.csv:3:agency_id: 'H1' is a household, not an agency (households.csv row 2)",
        "events.csv:4:event_id: duplicate id 'E2': already used in events.csv row 3",
    ]


def test_a_household_needs_exactly_one_living_subject():
    b = tiny_bundle()
    add_household(b, "H2", members={"P3": Relation.MOTHER})
    add_household(b, "H3", members={"P4": Relation.SUBJECT, "P5": Relation.SUBJECT})
    b.people.append(Person("P6", Relation.SUBJECT, "H1", deceased=True))  # counts for nothing
    assert [str(p) for p in validate_bundle(b)] == [
        "households.csv:3:household_id: household 'H2' has no living subject (本人)",
        "people.csv:7:relation: household 'H3' already has a living subject 'P4' "
        "(people.csv row 6)",
    ]


def test_members_and_informal_contacts():
    b = tiny_bundle()
    b.people += [Person("X1", Relation.MOTHER), Person("X2", Relation.FRIEND, "H1"),
                 Person("X3", Relation.FATHER, "H1", withdrawn_since=date(2000, 1, 1))]
    assert [str(p) for p in validate_bundle(b)] == [
        "people.csv:5:household_id: a mother (母) is a household member and needs a "
        "household_id; only informal contacts (neighbour, relative, friend) have none",
        "people.csv:6:relation: a friend (友人) is an informal contact and has no household; "
        "use other_family for a relative who lives in the household",
        "people.csv:7:withdrawn_since: only the subject (本人) has a withdrawn_since; this is "
        "a father (父)",
    ]


@pytest.mark.parametrize(("source", "target", "kind", "fits"), [
    ("A1", "H1", TieKind.SUPPORT, True),
    ("A1", "P1", TieKind.SUPPORT, True),
    ("H1", "A1", TieKind.SUPPORT, False),
    ("A1", "C1", TieKind.SUPPORT, False),
    ("A1", "A2", TieKind.SUPPORT, False),
    ("C1", "P1", TieKind.INFORMAL, True),
    ("P2", "C1", TieKind.INFORMAL, True),
    ("C1", "A1", TieKind.INFORMAL, False),
    ("P1", "H1", TieKind.INFORMAL, False),
    ("P1", "P2", TieKind.FAMILY, True),
    ("P1", "C1", TieKind.FAMILY, False),
    ("P1", "P3", TieKind.FAMILY, False),   # P3 lives in another household
    ("A2", "A1", TieKind.COLLABORATION, True),
    ("A1", "H1", TieKind.COLLABORATION, False),
])
def test_tie_kind_fits_its_ends(source, target, kind, fits):
    b = add_household(tiny_bundle(), "H2", members={"P3": Relation.SUBJECT})
    b.ties = [Tie(source, target, kind)]
    located = [(p.file, p.row, p.column) for p in validate_bundle(b)]
    assert located == ([] if fits else [("ties.csv", 2, "kind")])


def test_tie_kind_message_names_both_ends():
    b = tiny_bundle()
    b.ties = [Tie("P1", "C1", TieKind.FAMILY)]
    assert [str(p) for p in validate_bundle(b)] == [
        "ties.csv:2:kind: a family tie joins two members of the same household; here from "
        "member 'P1' of household 'H1' to informal contact 'C1'"]


def test_ties_self_duplicate_and_dates():
    b = tiny_bundle()
    b.ties += [Tie("A1", "A1", TieKind.COLLABORATION),
               Tie("A1", "H1", TieKind.SUPPORT, Strength.WEAK, since=date(2024, 4, 1)),
               Tie("A2", "H1", TieKind.SUPPORT, since=date(2024, 4, 1), until=date(2024, 4, 1))]
    assert [str(p) for p in validate_bundle(b)] == [
        "ties.csv:6:target_id: a tie cannot join 'A1' to itself",
        "ties.csv:7:source_id: duplicate tie: same source_id, target_id, kind and since as "
        "ties.csv row 2",
    ]


def test_in_memory_values_a_sheet_cannot_hold():
    b = tiny_bundle()
    b.agencies[0] = replace(b.agencies[0], name=" 北区", ward="", capacity=True)
    b.households[0] = replace(b.households[0], status=None, opened_on=date(1899, 12, 31))
    b.people[0] = replace(b.people[0], display_name="a\rb",
                          conditions=(Condition.ILLNESS, Condition.ILLNESS))
    assert [str(p) for p in validate_bundle(b)] == [
        "agencies.csv:2:name: ' 北区' has leading or trailing spaces",
        "agencies.csv:2:ward: empty text: use None for a value that is not known",
        "agencies.csv:2:capacity: expected int int, got True",
        "households.csv:2:opened_on: date 1899-12-31 is outside 1900-01-01..2100-12-31",
        "households.csv:2:status: must not be None (leave it out for the default 'active')",
        "people.csv:2:display_name: contains the control character U+000D",
        "people.csv:2:conditions: a value is listed twice: illness;illness",
    ]


def test_missing_file_and_columns(tmp_path):
    folder = tmp_path / "b"
    write_bundle(tiny_bundle(), folder)
    (folder / "ties.csv").unlink()
    csv_folder(folder, {"agencies": "name,kind\n北区,clinic\n"})
    with pytest.raises(BundleError) as excinfo:
        read_bundle(folder)
    assert messages(excinfo) == [
        "agencies.csv:1:agency_id: missing required column agency_id (機関ID)",
        "ties.csv::: missing required file 'ties' (つながり)",
    ]


def test_missing_sheet_of_a_workbook(tmp_path):
    path = tmp_path / "b.xlsx"
    write_bundle(tiny_bundle(), path)
    book = openpyxl.load_workbook(path)
    book.remove(book["ties"])
    book["people"].title = "人"
    book.create_sheet("Sheet1")
    book.save(path)
    with pytest.raises(BundleError) as excinfo:
        read_bundle(path)
    assert [str(p) for p in excinfo.value.problems] == [
        "Sheet1::: sheet ignored: not one of agencies, households, people, ties, events",
        "ties::: missing required sheet 'ties' (つながり)",
    ]


def test_undecodable_and_empty_files(tmp_path):
    folder = tmp_path / "b"
    write_bundle(tiny_bundle(), folder)
    (folder / "ties.csv").write_bytes(b"source_id,target_id,kind\n\x81\x39\xff,\xfe\xfd,x\n")
    (folder / "events.csv").write_bytes(b"")
    with pytest.raises(BundleError) as excinfo:
        read_bundle(folder)
    assert messages(excinfo) == [
        "ties.csv::: cannot read the file: it is neither UTF-8 nor Shift_JIS (cp932) text; "
        "save it as 'CSV UTF-8' from Excel",
        "events.csv::: the file is empty; its first row must be the header",
    ]


def test_not_a_bundle(tmp_path):
    with pytest.raises(BundleError, match="no such folder, .zip or .xlsx file"):
        read_bundle(tmp_path / "nowhere")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf")
    with pytest.raises(BundleError, match="save the .xls file as .xlsx"):
        read_bundle(tmp_path / "old.xls")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(NetsupportError, match="broken.xlsx::: cannot open the workbook"):
        read_bundle(tmp_path / "broken.xlsx")


def test_formula_and_error_cells_in_a_workbook(tmp_path):
    path = tmp_path / "b.xlsx"
    write_bundle(tiny_bundle(), path)
    book = openpyxl.load_workbook(path)
    book["agencies"]["B2"] = '=CONCATENATE("北区", "支援室")'
    book["agencies"]["E3"] = "#DIV/0!"
    book["agencies"]["E3"].data_type = "e"
    book.save(path)
    with pytest.raises(BundleError) as excinfo:
        read_bundle(path)
    assert messages(excinfo) == [
        "agencies:2:name: the cell holds a formula; replace it by its value (copy, paste values)",
        "agencies:3:capacity: the cell shows the Excel error #DIV/0!",
    ]


def test_unknown_columns_sheets_and_files_are_warnings_only(tmp_path):
    folder = tmp_path / "b"
    write_bundle(tiny_bundle(), folder)
    csv_folder(folder, {
        "agencies": "agency_id,name,kind,ward,capacity,メモ,\n"
                    "A1,北区ひきこもり支援室,hikikomori_support_office,北区,20,電話番号,x\n"
                    "A2,北区あんしんすこやかセンター,community_support_center,北区,,,\n",
        "notes": "anything\n"})
    bundle, warnings = read_bundle_with_warnings(folder)
    assert bundle == tiny_bundle().sorted()
    assert [str(w) for w in warnings] == [
        "notes.csv::: file ignored: not one of agencies, households, people, ties, events",
        "agencies.csv:1:メモ: unknown column 'メモ' is ignored; known columns: agency_id, name, "
        "kind, ward, capacity, age_from, age_to",
        "agencies.csv:2:: values in column G, which has no header, are ignored",
    ]
    assert all(w.warning for w in warnings)
    assert read_bundle(folder) == tiny_bundle().sorted()


def test_errors_come_with_the_warnings(tmp_path):
    with pytest.raises(BundleError) as excinfo:
        read_bundle(bad_free(tmp_path, households="household_id,ward,memo\nH1,,x\n"))
    assert [(str(p), p.warning) for p in excinfo.value.problems] == [
        ("households.csv:1:memo: unknown column 'memo' is ignored; known columns: household_id, "
         "ward, opened_on, status, stage, crisis, acceptance, family_capacity, "
         "financial_hardship", True),
        ("households.csv:2:ward: required value is missing", False),
    ]


# --- writing ------------------------------------------------------------------------------

def test_csv_round_trip_and_its_text_by_eye(tmp_path):
    write_bundle(tiny_bundle(), tmp_path)
    assert (tmp_path / "people.csv").read_bytes().startswith(b"\xef\xbb\xbfperson_id,")
    assert (tmp_path / "people.csv").read_text("utf-8-sig").splitlines() == [
        "person_id,household_id,relation,display_name,kana,birth_year,deceased,conditions,"
        "diagnosis,withdrawn_since",
        "C1,,neighbour,近所の人,,,,,,",
        "P1,H1,subject,本人,,1975,,,mood,2005-06-01",
        "P2,H1,father,父,,1945,,dementia,,",
    ]
    assert read_bundle(tmp_path) == tiny_bundle().sorted()


def test_xlsx_round_trip_keeps_types(tmp_path):
    path = tmp_path / "b.xlsx"
    write_bundle(tiny_bundle(), path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["agencies", "households", "people", "ties", "events"]
    assert book["households"]["C2"].value == datetime(2024, 4, 1)
    assert book["agencies"]["E2"].value == 20
    assert read_bundle(path) == tiny_bundle().sorted()


def test_file_objects_hold_the_same_bytes_as_files(tmp_path):
    """A workbook written into memory, the CSV files into a zip, and both read back from
    memory: the same bytes and records as through the file system."""
    write_bundle(tiny_bundle(), tmp_path / "csv", japanese_headers=True)
    on_disk = {p.name: p.read_bytes() for p in (tmp_path / "csv").iterdir()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        write_bundle(tiny_bundle(), archive, japanese_headers=True)
    with zipfile.ZipFile(buffer) as archive:
        zipped = {name: archive.read(name) for name in archive.namelist()}
    assert zipped == on_disk
    assert read_bundle(zipped) == read_bundle(tmp_path / "csv") == tiny_bundle().sorted()

    workbook = io.BytesIO()
    write_bundle(tiny_bundle(), workbook)
    assert read_bundle(io.BytesIO(workbook.getvalue())) == tiny_bundle().sorted()
    assert read_bundle({"upload.xlsx": workbook.getvalue()}) == tiny_bundle().sorted()
    template = io.BytesIO()
    write_template(template)
    assert read_bundle(template) == Bundle()


def test_problems_in_files_from_memory_name_the_file():
    with pytest.raises(BundleError) as caught:
        read_bundle({"households.csv": b"household_id,ward\nH1,\n"})
    assert "households.csv:2:ward: required value is missing" in map(str, caught.value.problems)
    broken = io.BytesIO(b"not a workbook")
    broken.name = "upload/kobe.xlsx"
    with pytest.raises(BundleError, match="kobe.xlsx::: cannot open the workbook"):
        read_bundle(broken)


@pytest.mark.parametrize("name", ["csv", "b.xlsx"])
def test_japanese_headers_read_back(tmp_path, name):
    write_bundle(tiny_bundle(), tmp_path / name, japanese_headers=True)
    assert read_bundle(tmp_path / name) == tiny_bundle().sorted()


def test_japanese_headers_in_the_csv(tmp_path):
    write_bundle(tiny_bundle(), tmp_path, japanese_headers=True)
    header = (tmp_path / "ties.csv").read_text("utf-8-sig").splitlines()[0]
    assert header == "起点ID,終点ID,種別,関係の強さ,役割,開始日,終了日,最終連絡日,情報共有の同意"


FORMULAS = ['=HYPERLINK("http://x","y")', "+81-78", "-", "@SUM(A1)", "'=already quoted",
            "''@", "'plain", "a=b"]


def test_formula_text_round_trips_and_is_neutralised(tmp_path):
    b = tiny_bundle()
    b.people += [Person(f"X{i}", Relation.FRIEND, display_name=t) for i, t in
                 enumerate(FORMULAS)]
    b.agencies.append(Agency("=A3", "=HYPERLINK(\"x\")", AgencyKind.OTHER))
    write_bundle(b, tmp_path / "csv")
    text = (tmp_path / "csv" / "agencies.csv").read_text("utf-8-sig")
    assert "'=A3,\"'=HYPERLINK(\"\"x\"\")\",other,,,," in text.splitlines()
    write_bundle(b, tmp_path / "b.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "b.xlsx")["agencies"]["B2"]
    assert (cell.value, cell.data_type) == ("'=HYPERLINK(\"x\")", "s")
    for path in (tmp_path / "csv", tmp_path / "b.xlsx"):
        back = read_bundle(path)
        assert back == b.sorted()
        assert {p.display_name for p in back.people} >= set(FORMULAS)


def test_the_quote_rule_by_eye():
    assert [neutralise(t) for t in FORMULAS] == [
        "'=HYPERLINK(\"http://x\",\"y\")", "'+81-78", "'-", "'@SUM(A1)", "''=already quoted",
        "'''@", "'plain", "a=b"]
    assert [restore(neutralise(t)) for t in FORMULAS] == FORMULAS


def test_text_that_excel_would_misread_stays_text(tmp_path):
    b = tiny_bundle()
    b.people[2] = replace(b.people[2], display_name="#N/A")
    b.events[0] = replace(b.events[0], note="一行目\n二行目, \"引用\"; 3行目")
    for path in (tmp_path / "csv", tmp_path / "b.xlsx"):
        write_bundle(b, path)
        assert read_bundle(path) == b.sorted()


def test_write_refuses_an_invalid_bundle_and_writes_nothing(tmp_path):
    b = tiny_bundle()
    b.ties.append(Tie("A1", "NOPE", TieKind.SUPPORT))
    with pytest.raises(BundleError, match="ties.csv:6:target_id: unknown agency"):
        write_bundle(b, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    write_bundle(b, tmp_path / "out", check=False)
    assert (tmp_path / "out" / "ties.csv").exists()


def test_write_replaces_an_earlier_export(tmp_path):
    write_bundle(tiny_bundle(), tmp_path)
    write_bundle(Bundle(), tmp_path)
    assert read_bundle(tmp_path) == Bundle()
    assert sorted(p.name for p in tmp_path.iterdir()) == [s.file for s in sorted(
        SHEETS.values(), key=lambda s: s.file)]


# --- the template -------------------------------------------------------------------------

def test_template_reads_as_an_empty_bundle(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    assert read_bundle_with_warnings(path) == (Bundle(), [])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["説明", "agencies", "households", "people", "ties", "events",
                               "選択肢"]
    assert [c.value for c in book["agencies"][1]] == ["機関ID", "名称", "種別", "区", "受入上限",
                                                      "対象年齢(下限)", "対象年齢(上限)"]
    lists = {str(dv.sqref): dv.formula1 for dv in book["ties"].data_validations.dataValidation}
    assert lists["C2:C1001"] == "'選択肢'!$Q$2:$Q$5"
    assert [book["選択肢"].cell(r, 17).value for r in range(1, 6)] == [
        "つながりの種別", "支援", "インフォーマル", "家族", "連携"]


def test_a_filled_in_template_reads_back(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    book = openpyxl.load_workbook(path)
    for name, text in TINY_JA.items():
        for line in text.strip().splitlines()[1:]:
            book[name].append([cell or None for cell in line.strip().split(",")])
    book.save(path)
    assert read_bundle(path) == tiny_bundle()


def test_template_path_must_be_a_workbook(tmp_path):
    with pytest.raises(BundleError):
        write_template(tmp_path / "template.csv")


# --- a realistic size ---------------------------------------------------------------------

def test_a_bundle_with_every_field_set_round_trips(tmp_path):
    b = tiny_bundle()
    b.households.append(Household("H2", "西区", date(2023, 1, 31), HouseholdStatus.FOLLOW_UP,
                                  Stage.PARTICIPATION, True, None, None, False))
    b.people += [Person("P3", Relation.SUBJECT, "H2", "Ｂさん", 1970, False,
                        tuple(Condition), Diagnosis.NEUROTIC, date(1999, 12, 31))]
    b.ties.append(Tie("A1", "P3", TieKind.SUPPORT, Strength.STRESSFUL, Role.BACKUP,
                      date(2023, 2, 1), date(2024, 2, 1), date(2024, 1, 15), False))
    b.events.append(Event("E2", "H2", date(2024, 2, 1), EventType.HANDOVER, None, None))
    assert validate_bundle(b) == []
    for path in (tmp_path / "csv", tmp_path / "b.xlsx"):
        write_bundle(b, path)
        assert read_bundle(path) == b.sorted()


# --- DATA-FORMAT v2: age ranges, kana, era dates ------------------------------------------

def v2_bundle() -> Bundle:
    """tiny_bundle with a サポステ of ages 15-49, an agency of 65 and over, and kana."""
    b = tiny_bundle()
    b.agencies += [Agency("A3", "こうべ若者サポートステーション", AgencyKind.EMPLOYMENT_SUPPORT,
                          "中央区", None, 15, 49),
                   Agency("A4", "高齢者の居場所", AgencyKind.IBASHO, None, None, 65, None)]
    b.people = [replace(p, kana="ホンニン") if p.person_id == "P1" else p for p in b.people]
    return b


@pytest.mark.parametrize("name", ["csv", "b.xlsx"])
@pytest.mark.parametrize("japanese", [False, True])
def test_age_ranges_and_kana_round_trip(tmp_path, name, japanese):
    b = v2_bundle()
    assert validate_bundle(b) == []
    write_bundle(b, tmp_path / name, japanese_headers=japanese)
    back = read_bundle(tmp_path / name)
    assert back == b.sorted()
    saposute = next(a for a in back.agencies if a.agency_id == "A3")
    assert (saposute.age_from, saposute.age_to) == (15, 49)
    assert next(p for p in back.people if p.person_id == "P1").kana == "ホンニン"


def test_age_ranges_and_kana_by_eye(tmp_path):
    write_bundle(v2_bundle(), tmp_path, japanese_headers=True)
    agencies = (tmp_path / "agencies.csv").read_text("utf-8-sig").splitlines()
    assert agencies[0] == "機関ID,名称,種別,区,受入上限,対象年齢(下限),対象年齢(上限)"
    assert "A3,こうべ若者サポートステーション,employment_support,中央区,,15,49" in agencies
    assert "A4,高齢者の居場所,ibasho,,,65," in agencies
    people = (tmp_path / "people.csv").read_text("utf-8-sig").splitlines()
    assert people[0].startswith("人ID,世帯ID,続柄,表示名,フリガナ,")


def test_age_from_above_age_to_is_a_located_error(tmp_path):
    assert bad(tmp_path, agencies="""
        agency_id,name,kind,age_from,age_to
        A1,支援室,hikikomori_support_office,50,49
        A2,サポステ,employment_support,-1,
        A3,サポステ,employment_support,１５,４９
        """) == [
        "agencies.csv:2:age_to: age_to 49 is below age_from 50: the oldest age served "
        "cannot be younger than the youngest",
        "agencies.csv:3:age_from: must be between 0 and 150, got -1",
    ]
    assert [str(p) for p in validate_bundle(Bundle(
        agencies=[Agency("A1", "x", AgencyKind.OTHER, age_from=50, age_to=49)]))] == [
        "agencies.csv:2:age_to: age_to 49 is below age_from 50: the oldest age served "
        "cannot be younger than the youngest"]


ERA_DATES = [
    ("令和8年4月1日", date(2026, 4, 1)),
    ("令和元年5月1日", date(2019, 5, 1)),
    ("R8.4.1", date(2026, 4, 1)),
    ("R08/04/01", date(2026, 4, 1)),
    ("r8-4-1", date(2026, 4, 1)),
    ("Ｒ８．４．１", date(2026, 4, 1)),
    ("令和８年４月１日", date(2026, 4, 1)),
    ("平成31年4月30日", date(2019, 4, 30)),
    ("H31/4/30", date(2019, 4, 30)),
    ("平成元年1月8日", date(1989, 1, 8)),
    ("S64.1.7", date(1989, 1, 7)),
    ("昭和50年12月1日", date(1975, 12, 1)),
    ("H元.1.8", date(1989, 1, 8)),
]


@pytest.mark.parametrize(("text", "day"), ERA_DATES)
def test_era_dates_are_read_and_exported_as_iso(tmp_path, text, day):
    folder = bad_free(tmp_path, households=f"""
        household_id,ward,opened_on
        H1,北区,{text}
        """)
    b = read_bundle(folder)
    assert b.households[0].opened_on == day
    out = tmp_path / "out"
    write_bundle(b, out)
    assert f"H1,北区,{day.isoformat()}," in (out / "households.csv").read_text("utf-8-sig")
    assert read_bundle(out) == b.sorted()


def test_era_dates_in_a_shift_jis_sheet(tmp_path):
    folder = bad_free(tmp_path, households="""
        世帯ID,区,相談受理日
        H1,北区,令和元年5月1日
        """)
    csv_folder(folder, {"events": """
        記録ID,世帯ID,日付,種別
        E1,H1,Ｒ０８／０４／０１,訪問
        """}, encoding="cp932")
    b = read_bundle(folder)
    assert b.households[0].opened_on == date(2019, 5, 1)
    assert b.events[0].date == date(2026, 4, 1)


def test_era_dates_outside_their_era_are_located_errors(tmp_path):
    assert bad(tmp_path, households="""
        household_id,ward,opened_on
        H1,北区,令和1年4月30日
        H2,北区,H31/5/1
        H3,北区,S64.1.8
        H4,北区,令和8年2月30日
        H5,北区,R0.4.1
        """) == [
        "households.csv:2:opened_on: not a date: 令和1年4月30日 is not a day of 令和 "
        "(令和 runs from 2019-05-01)",
        "households.csv:3:opened_on: not a date: H31/5/1 is not a day of 平成 "
        "(平成 runs from 1989-01-08 to 2019-04-30)",
        "households.csv:4:opened_on: not a date: S64.1.8 is not a day of 昭和 "
        "(昭和 runs from 1926-12-25 to 1989-01-07)",
        "households.csv:5:opened_on: not a date: 令和8年2月30日 is not a day of the calendar",
        "households.csv:6:opened_on: not a date: R0.4.1 is not a day of the calendar",
    ]


def test_the_era_module_examples_run_as_written():
    import doctest

    import netsupport.eras
    result = doctest.testmod(netsupport.eras)
    assert result.failed == 0 and result.attempted > 0
