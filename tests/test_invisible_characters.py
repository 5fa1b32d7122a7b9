"""Bidirectional controls and invisible format characters: refused, located, in ids, wards
and names (a right-to-left override made a look-alike 北区), in notes the bidirectional ones;
also in edits and account names. On both stores where a store is involved."""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import replace
from datetime import date

import pytest

from netsupport.access import User, UserRole
from netsupport.bundle import read_bundle_with_warnings, write_bundle
from netsupport.demo import generate
from netsupport.edits import record_contact
from netsupport.errors import BundleError, EditError
from netsupport.validate import validate_bundle

BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad"]
#: (sheet, column) of every id, ward and name a bundle has.
PLACES = [("households.csv", "household_id"), ("households.csv", "ward"),
          ("agencies.csv", "agency_id"), ("agencies.csv", "name"), ("agencies.csv", "ward"),
          ("people.csv", "person_id"), ("people.csv", "display_name"),
          ("events.csv", "event_id")]


def _tamper(folder, file: str, column: str, char: str) -> int:
    """Put ``char`` in the middle of the first data row's ``column``; its row number."""
    path = folder / file
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    index = rows[0].index(column)
    row = next(i for i, r in enumerate(rows[1:], start=1) if r[index])
    value = rows[row][index]
    rows[row][index] = value[:1] + char + value[1:]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8-sig")
    return row + 1  # as Excel numbers it: the header is row 1


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    folder = tmp_path_factory.mktemp("invisible") / "city"
    write_bundle(generate(6, seed=1), folder)
    return folder


@pytest.mark.parametrize("char", BIDI + INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(("file", "column"), PLACES, ids=lambda p: str(p))
def test_refused_in_ids_wards_and_names_located(tmp_path, city, file, column, char):
    folder = tmp_path / "city"
    shutil.copytree(city, folder)
    row = _tamper(folder, file, column, char)
    with pytest.raises(BundleError) as refused:
        read_bundle_with_warnings(folder)
    assert any((p.file, p.row, p.column) == (file, row, column)
               and f"U+{ord(char):04X}" in p.message for p in refused.value.problems)


@pytest.mark.parametrize("char", BIDI, ids=lambda c: f"U+{ord(c):04X}")
def test_bidi_controls_are_refused_in_notes_but_emoji_joiners_are_not(char):
    bundle = generate(4, seed=2)
    event = bundle.events[0]
    bundle.events[0] = replace(event, note=f"訪問{char}済")
    assert [(p.column, p.row) for p in validate_bundle(bundle) if not p.warning] == [
        ("note", 2)]
    bundle.events[0] = replace(event, note="家族 👨\u200d👩\u200d👧")
    assert [p for p in validate_bundle(bundle) if not p.warning] == []


def test_a_look_alike_ward_is_refused_by_the_store_and_nothing_is_written(store):
    bundle = generate(6, seed=3)
    store.load(bundle)
    before = store.export().sorted()
    fake = generate(6, seed=3)
    fake.households[0] = replace(fake.households[0], ward="\u202e区北")
    with pytest.raises(BundleError) as refused:
        store.load(fake, replace=True)
    assert [(p.file, p.column) for p in refused.value.problems] == [("households.csv", "ward")]
    assert store.export().sorted() == before


def test_an_edit_note_with_a_bidi_control_is_refused(store):
    bundle = generate(6, seed=4)
    store.load(bundle)
    household = bundle.households[0].household_id
    network = store.household_network(household)
    tie = network.ties[0]
    version = store.data_version()
    with pytest.raises(EditError, match="U\\+202E"):
        record_contact(network, tie.key, date(2026, 11, 1), note="電話\u202e済",
                       expected_version=version)
    assert store.data_version() == version


@pytest.mark.parametrize("name", ["佐藤\u202e", "佐\u200b藤", "\ufeff佐藤", "佐藤\u2066"])
def test_account_names_with_invisible_characters_are_refused(store, name):
    with pytest.raises(EditError, match="display name"):
        store.add_user(User("sato", UserRole.STAFF, ("北区",), name))
    assert store.users() == []
    store.add_user(User("sato", UserRole.STAFF, ("北区",), "佐藤"))
    with pytest.raises(EditError, match="display name"):
        store.update_user(User("sato", UserRole.STAFF, ("北区",), name))
    assert store.get_user("sato").display_name == "佐藤"
