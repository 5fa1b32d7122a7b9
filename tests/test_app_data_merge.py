"""The データ page: 「含まれる世帯だけ追加・更新する」 with its preview, and the app's own
「CSV（zip）」 download loading back through the upload and the command line (AppTest)."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from app_support import app_as, app_store, run
from streamlit.testing.v1 import AppTest

from netsupport.access import UserRole
from netsupport.audit import AuditAction
from netsupport.bundle import write_bundle
from netsupport.cli import main
from netsupport.demo import generate
from netsupport.model import Bundle
from netsupport.storage import open_store
from netsupport.ui import resources, state
from netsupport.ui.pages.data import check_upload

AS_OF = date(2026, 11, 1)
TIMEOUT = 60
CITY = generate(20, seed=7)


@pytest.fixture
def store_uri(tmp_path, monkeypatch):
    return app_store(tmp_path, monkeypatch, CITY, AS_OF)


def open_data_page() -> AppTest:
    return run(app_as(UserRole.ADMIN, state.DATA, timeout=TIMEOUT))


def one_household(uri: str, household_id: str) -> Bundle:
    store = open_store(uri)
    try:
        net = store.household_network(household_id)
    finally:
        store.close()
    return Bundle(households=[replace(net.households[0], crisis=True)],
                  people=[p for p in net.people if p.household_id == household_id],
                  ties=net.ties, events=net.events)


def csv_upload(bundle: Bundle, folder: Path) -> list[tuple[str, bytes, str]]:
    write_bundle(bundle, folder, check=False)
    return [(p.name, p.read_bytes(), "text/csv") for p in sorted(folder.glob("*.csv"))]


def test_merge_choice_previews_then_changes_only_that_household(store_uri, tmp_path):
    hid = CITY.households[4].household_id
    before = open_store(store_uri).export()
    at = open_data_page()
    choice = at.radio(key=state.DATA_MODE)
    assert list(choice.options) == ["全件を置き換える", "含まれる世帯だけ追加・更新する"]
    assert choice.value == "replace"
    choice.set_value("merge")
    at.file_uploader(key=state.DATA_UPLOAD).set_value(
        csv_upload(one_household(store_uri, hid), tmp_path / "one"))
    run(at)
    assert not at.error
    preview = at.dataframe[0].value
    assert list(preview["世帯"]) == [hid] and list(preview["状態"]) == ["変更"]
    assert any("世帯 追加 0・変更 1・変更なし 0" in c.value for c in at.caption)
    assert not any(c.key == state.DATA_CONFIRM for c in at.checkbox)  # a merge needs none
    assert open_store(store_uri).export().sorted() == before.sorted()  # nothing written yet

    next(b for b in at.button if b.key == state.DATA_LOAD).click().run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    assert any("含まれる世帯だけ取り込みました" in s.value for s in at.success)
    after = open_store(store_uri).export()
    assert [h for h in after.households if h.household_id != hid] == [
        h for h in before.households if h.household_id != hid]
    assert next(h for h in after.households if h.household_id == hid).crisis is True
    [entry] = open_store(store_uri).audit_log()
    assert (entry.username, entry.action, entry.detail["mode"],
            entry.detail["households_changed"]) == ("t-admin", AuditAction.LOAD, "merge", 1)


def test_an_agency_sheet_alone_previews_without_an_empty_table(store_uri, tmp_path):
    """A merge of one agency's record changes no household: the preview names the agency
    and draws no household table (an empty one shows only Streamlit's English "empty")."""
    agency = CITY.agencies[0]
    at = open_data_page()
    at.radio(key=state.DATA_MODE).set_value("merge")
    at.file_uploader(key=state.DATA_UPLOAD).set_value(csv_upload(
        Bundle(agencies=[replace(agency, capacity=(agency.capacity or 0) + 5)]),
        tmp_path / "agency"))
    run(at)
    assert not at.error and not at.exception
    assert any("関係機関 追加 0・変更 1" in c.value for c in at.caption)
    assert any(c.value.startswith("変更される関係機関") for c in at.caption)  # (md-escaped)
    assert len(at.dataframe) == 0
    next(b for b in at.button if b.key == state.DATA_LOAD).click().run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    assert any("関係機関 追加 0・変更 1" in s.value for s in at.success)


def test_a_merge_upload_with_an_unknown_reference_is_refused_located(store_uri, tmp_path):
    hid = CITY.households[2].household_id
    bundle = one_household(store_uri, hid)
    bundle.ties.append(replace(bundle.ties[0], source_id="A-NOBODY"))
    at = open_data_page()
    at.radio(key=state.DATA_MODE).set_value("merge")
    at.file_uploader(key=state.DATA_UPLOAD).set_value(csv_upload(bundle, tmp_path / "bad"))
    at.run(timeout=TIMEOUT)
    assert any("エラーがあります" in e.value for e in at.error)
    where = set(at.dataframe[0].value["場所（ファイル:行:列）"])
    assert any(w.startswith("ties.csv:") and w.endswith(":source_id") for w in where)
    assert not any(b.key == state.DATA_LOAD for b in at.button)


@pytest.mark.parametrize("japanese_headers", [True, False])
def test_the_apps_zip_download_loads_back_through_the_upload_and_the_cli(
        store_uri, tmp_path, japanese_headers, capsys):
    version = open_store(store_uri).data_version()
    zipped = resources.export_zip(store_uri, version, japanese_headers)
    check = check_upload([("netsupport_csv.zip", zipped)])
    assert check.errors == [] and check.bundle.sorted() == CITY.sorted()

    path = tmp_path / "netsupport_csv.zip"
    path.write_bytes(zipped)
    assert main(["validate", str(path)]) == 0
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert main(["load", str(path), "--store", other]) == 0
    capsys.readouterr()
    assert open_store(other).export().sorted() == CITY.sorted()


def test_a_zip_uploaded_on_the_page_replaces_the_data(store_uri, tmp_path):
    smaller = generate(5, seed=1)
    folder = tmp_path / "small"
    write_bundle(smaller, folder)
    path = tmp_path / "small.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for p in sorted(folder.glob("*.csv")):
            archive.write(p, p.name)
    at = open_data_page()
    at.file_uploader(key=state.DATA_UPLOAD).set_value(
        [("small.zip", path.read_bytes(), "application/zip")]).run(timeout=TIMEOUT)
    assert any("問題ありません" in s.value for s in at.success)
    at.checkbox(key=state.DATA_CONFIRM).check().run(timeout=TIMEOUT)
    next(b for b in at.button if b.key == state.DATA_LOAD).click().run(timeout=TIMEOUT)
    assert not at.exception
    assert open_store(store_uri).export().sorted() == smaller.sorted()
