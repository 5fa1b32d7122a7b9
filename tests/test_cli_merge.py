"""``netsupport load --merge [--dry-run]`` and zip bundles, on SQLite and the live Neo4j."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from netsupport import bundle_read
from netsupport.bundle import write_bundle
from netsupport.cli import main
from netsupport.demo import generate
from netsupport.model import Bundle, Strength
from netsupport.storage import open_store

CITY = generate(30, seed=12)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_household(uri: str, household_id: str) -> Bundle:
    """The household as the store has it, changed: crisis, one tie stronger, its last tie
    left out (removed by the merge)."""
    store = open_store(uri)
    try:
        net = store.household_network(household_id)
    finally:
        store.close()
    members = [p for p in net.people if p.household_id == household_id]
    ties = sorted(net.ties, key=lambda t: (t.source_id, t.target_id, t.kind.value))
    ties = [replace(ties[0], strength=Strength.STRONG)] + ties[1:-1]
    return Bundle(households=[replace(net.households[0], crisis=True)], people=members,
                  ties=ties, events=net.events)


def csv_rows(folder: Path) -> dict[str, list[dict[str, str]]]:
    return {p.name: list(csv.DictReader(io.StringIO(p.read_text("utf-8-sig"))))
            for p in sorted(folder.glob("*.csv"))}


def belongs(file: str, row: dict[str, str], household_id: str, members: set[str]) -> bool:
    """Whether a CSV row is one of the household's rows (a tie: touches it or a member)."""
    if file == "ties.csv":
        return bool({row["source_id"], row["target_id"]} & (members | {household_id}))
    return row.get("household_id") == household_id


def test_merging_one_household_leaves_every_other_row_byte_identical(uri, tmp_path, capsys):
    write_bundle(CITY, tmp_path / "city")
    assert run(capsys, "load", str(tmp_path / "city"), "--store", uri)[0] == 0
    assert run(capsys, "export", str(tmp_path / "before"), "--store", uri)[0] == 0
    hid = CITY.households[7].household_id
    bundle = one_household(uri, hid)
    write_bundle(bundle, tmp_path / "one", check=False)   # alone it names the store's agencies

    code, out, err = run(capsys, "load", str(tmp_path / "one"), "--merge", "--store", uri)
    assert code == 0, err
    assert hid in out and "変更" in out
    assert run(capsys, "export", str(tmp_path / "after"), "--store", uri)[0] == 0

    members = {p.person_id for p in CITY.people if p.household_id == hid}
    before_lines = {n: (tmp_path / "before" / n).read_bytes().splitlines()
                    for n in csv_rows(tmp_path / "before")}
    after_lines = {n: (tmp_path / "after" / n).read_bytes().splitlines()
                   for n in csv_rows(tmp_path / "after")}
    given = csv_rows(tmp_path / "one")
    for name, rows in csv_rows(tmp_path / "after").items():
        old = csv_rows(tmp_path / "before")[name]
        keep_before = [line for line, row in zip(before_lines[name][1:], old, strict=True)
                       if not belongs(name, row, hid, members)]
        keep_after = [line for line, row in zip(after_lines[name][1:], rows, strict=True)
                      if not belongs(name, row, hid, members)]
        assert keep_after == keep_before, name          # byte for byte, in the same order
        mine = [row for row in rows if belongs(name, row, hid, members)]
        if name != "agencies.csv":
            assert mine == given[name], name            # the household exactly as given
    assert len(csv_rows(tmp_path / "after")["ties.csv"]) == len(
        csv_rows(tmp_path / "before")["ties.csv"]) - 1


def test_a_dry_run_prints_the_difference_and_writes_nothing(uri, tmp_path, capsys):
    write_bundle(CITY, tmp_path / "city")
    run(capsys, "load", str(tmp_path / "city"), "--store", uri)
    store = open_store(uri)
    before, version = store.export().sorted(), store.data_version()
    logged = store.audit_log()  # the load's own entry
    store.close()
    hid = CITY.households[3].household_id
    write_bundle(one_household(uri, hid), tmp_path / "one", check=False)
    code, out, _ = run(capsys, "load", str(tmp_path / "one"), "--merge", "--dry-run",
                       "--store", uri)
    assert code == 0
    assert hid in out and "つながり更新" in out and "--dry-run" in out
    assert "世帯 追加 0・変更 1・変更なし 0" in out
    store = open_store(uri)
    try:
        assert store.export().sorted() == before and store.data_version() == version
        assert store.audit_log() == logged and [e.action for e in logged] == ["load"]
    finally:
        store.close()


def test_a_bad_merge_is_refused_located_and_nothing_is_written(uri, tmp_path, capsys):
    write_bundle(CITY, tmp_path / "city")
    run(capsys, "load", str(tmp_path / "city"), "--store", uri)
    store = open_store(uri)
    before, version = store.export().sorted(), store.data_version()
    store.close()
    hid = CITY.households[5].household_id
    folder = tmp_path / "one"
    write_bundle(one_household(uri, hid), folder, check=False)
    ties = folder / "ties.csv"
    lines = ties.read_text("utf-8-sig").splitlines()
    header = lines[0].split(",")
    bad = lines[1].split(",")
    bad[header.index("since")] = "2024-13-45"
    lines[1] = ",".join(bad)
    lines.append(f"A-NOBODY,{hid},support,,,,,,")
    ties.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    code, out, err = run(capsys, "load", str(folder), "--merge", "--store", uri)
    assert code == 1 and out == ""
    assert any(line.startswith("ties.csv:2:since:") for line in err.splitlines())
    assert f"ties.csv:{len(lines)}:source_id: unknown agency, household or person " \
           "'A-NOBODY'" in err
    assert "2 件のエラー" in err
    store = open_store(uri)
    try:
        assert store.export().sorted() == before and store.data_version() == version
    finally:
        store.close()


def test_a_merge_is_in_the_audit_log_with_its_counts(uri, tmp_path, capsys):
    write_bundle(CITY, tmp_path / "city")
    run(capsys, "load", str(tmp_path / "city"), "--store", uri)
    write_bundle(one_household(uri, CITY.households[0].household_id), tmp_path / "one",
                 check=False)
    assert run(capsys, "load", str(tmp_path / "one"), "--merge", "--store", uri)[0] == 0
    code, out, _ = run(capsys, "audit", "--store", uri)
    assert code == 0
    assert '""mode"": ""merge""' in out and '""households_changed"": 1' in out
    assert '""ties_removed"": 1' in out and '""source"": ""one""' in out


def test_merge_and_replace_or_a_lone_dry_run_are_usage_errors(tmp_path, capsys):
    assert run(capsys, "load", str(tmp_path), "--merge", "--replace")[0] == 2
    assert run(capsys, "load", str(tmp_path), "--dry-run")[0] == 2


# --- zip bundles --------------------------------------------------------------------------

def zipped(folder: Path, out: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.glob("*.csv")):
            archive.write(path, prefix + path.name)
    return out


def test_a_zip_of_the_csv_files_validates_and_loads(uri, tmp_path, capsys):
    write_bundle(CITY, tmp_path / "city", japanese_headers=True)
    for prefix in ("", "bundle/"):
        path = zipped(tmp_path / "city", tmp_path / f"city{len(prefix)}.zip", prefix)
        code, out, _ = run(capsys, "validate", str(path))
        assert code == 0 and "問題ありません" in out
    assert run(capsys, "load", str(tmp_path / "city0.zip"), "--store", uri)[0] == 0
    store = open_store(uri)
    try:
        assert store.export().sorted() == CITY.sorted()
    finally:
        store.close()


@pytest.mark.parametrize("name", ["../ties.csv", "/etc/ties.csv", "a/b/ties.csv",
                                  "C:/ties.csv", "a\\ties.csv"])
def test_a_zip_with_a_path_that_could_point_outside_is_refused(tmp_path, capsys, name):
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(name, "source_id,target_id,kind\n")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1 and err.startswith("evil.zip:::") and repr(name) in err


def test_a_zip_in_two_folders_is_refused(tmp_path, capsys):
    write_bundle(CITY, tmp_path / "city")
    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for p in sorted((tmp_path / "city").glob("*.csv")):
            archive.write(p, ("a/" if p.name < "p" else "b/") + p.name)
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1 and "more than one place" in err


def test_a_zip_bomb_is_stopped_while_reading(tmp_path, capsys, monkeypatch):
    """Counted as it unpacks (a small limit here, so the test stays quick)."""
    monkeypatch.setattr(bundle_read, "ZIP_MAX_BYTES", 4 * 2**20)
    path = tmp_path / "bomb.zip"
    with (zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
          archive.open("ties.csv", "w") as member):
        for _ in range(5):
            member.write(b"\0" * 2**20)
    assert path.stat().st_size < 64 * 2**10
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1 and "MiB" in err and "bomb.zip:::" in err


def test_a_merge_bundle_can_come_as_a_zip(uri, tmp_path, capsys):
    write_bundle(CITY, tmp_path / "city")
    run(capsys, "load", str(tmp_path / "city"), "--store", uri)
    hid = CITY.households[9].household_id
    write_bundle(one_household(uri, hid), tmp_path / "one", check=False)
    path = zipped(tmp_path / "one", tmp_path / "one.zip")
    code, out, err = run(capsys, "load", str(path), "--merge", "--store", uri)
    assert code == 0, err
    store = open_store(uri)
    try:
        assert store.household_network(hid).households[0].crisis is True
    finally:
        store.close()
