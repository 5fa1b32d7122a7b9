"""Properties of the bundle: any valid bundle survives export and import unchanged, and no
input makes the reader fail with anything but a located BundleError."""

from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
from builders import TEXT, bundles, tiny_bundle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netsupport.bundle import read_bundle, validate_bundle, write_bundle
from netsupport.bundle_format import neutralise, restore
from netsupport.errors import BundleError

# Each example writes files; keep counts modest and the per-example deadline off (disk).
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(bundles())
def test_generated_bundles_are_valid(bundle):
    assert validate_bundle(bundle) == []


@SETTINGS
@given(bundles())
def test_csv_round_trip(bundle):
    with tempfile.TemporaryDirectory() as tmp:
        write_bundle(bundle, Path(tmp))
        assert read_bundle(Path(tmp)) == bundle.sorted()


@SETTINGS
@given(bundles())
def test_xlsx_round_trip(bundle):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bundle.xlsx"
        write_bundle(bundle, path, japanese_headers=True)
        assert read_bundle(path) == bundle.sorted()


@given(st.text())
def test_the_quote_rule_is_lossless_and_leaves_no_formula(text):
    written = neutralise(text)
    assert restore(written) == text
    assert not written.startswith(("=", "+", "-", "@"))


@SETTINGS
@given(st.lists(st.lists(st.one_of(TEXT, st.sampled_from(["", "H1", "P1", "本人", "subject",
                                                          "2024-04-01", "-1"])),
                         max_size=6), max_size=4),
       st.sampled_from(["utf-8", "cp932", "utf-16"]))
def test_any_people_file_is_read_or_rejected_with_located_problems(rows, encoding):
    """Random cells under the people header: a bundle, or a BundleError naming a row."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_bundle(tiny_bundle(), folder)
        lines = ["person_id,household_id,relation,display_name,birth_year"]
        lines += [",".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows]
        data = "\r\n".join(lines).encode(encoding, errors="replace")
        (folder / "people.csv").write_bytes(data)
        try:
            read_bundle(folder)
        except BundleError as exc:
            assert any(not p.warning for p in exc.problems)
            assert all(p.file.endswith(".csv") and p.message for p in exc.problems)


CELLS = st.one_of(st.none(), TEXT, st.integers(-10, 10**6), st.floats(allow_nan=False),
                  st.booleans(), st.dates(), st.datetimes(), st.sampled_from(["=1+1", "clinic"]))


@SETTINGS
@given(st.lists(st.lists(CELLS, max_size=6), max_size=4))
def test_any_agencies_sheet_is_read_or_rejected_with_located_problems(rows):
    """Cells of every Excel type (numbers, dates, booleans, formulas) under the header."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bundle.xlsx"
        write_bundle(tiny_bundle(), path)
        book = openpyxl.load_workbook(path)
        for row in rows:
            book["agencies"].append(row)
        book.save(path)
        try:
            read_bundle(path)
        except BundleError as exc:
            assert any(not p.warning for p in exc.problems)
