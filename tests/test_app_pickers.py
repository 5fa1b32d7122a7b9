"""The household pickers of 主担当の割当 and ケース会議 stay short at city scale.

At 80,000 households the lead page drew its whole worklist (some 36,000 rows) and both
pages offered every household in scope in their picker, on every click. Now the worklist
is shown one page at a time (the whole of it a download away), the lead page's picker
offers that page's households, the case conference's the highest risk up to ``PICK_CAP``;
a household selected elsewhere (a deep link, another page) is offered too, and the search
box finds any household in scope, flagged or not.

Driven headless with ``AppTest`` over a real SQLite store of a demo city larger than one
page of the worklist and than the picker's cap.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from app_support import app_as, app_store, run
from streamlit.testing.v1 import AppTest

from netsupport import search
from netsupport.access import UserRole
from netsupport.demo import generate
from netsupport.ui import state
from netsupport.ui.widgets import PAGE_ROWS, PICK_CAP

AS_OF = date(2026, 11, 1)
HOUSEHOLDS = 260  # more than PICK_CAP; its worklist more than a page (PAGE_ROWS)
TIMEOUT = 120


@pytest.fixture(scope="module")
def city():
    return generate(HOUSEHOLDS, seed=11)


@pytest.fixture
def store_uri(tmp_path, monkeypatch, city):
    return app_store(tmp_path, monkeypatch, city, AS_OF)


def page(role: UserRole, name: str, household: str | None = None) -> AppTest:
    return run(app_as(role, name, household, timeout=TIMEOUT))


def ids_of(options) -> list[str]:
    return [o.split("（")[0] for o in options]


def worklist_size(at: AppTest) -> int:
    heading = next(h.value for h in at.subheader if h.value.startswith("主担当の検討"))
    return int(re.search(r"（([\d,]+)世帯）", heading).group(1).replace(",", ""))


def whole_worklist(at: AppTest) -> list[str]:
    """Every household of the worklist, read a page at a time."""
    pages = -(-worklist_size(at) // PAGE_ROWS)
    listed: list[str] = []
    for number in range(1, pages + 1):
        at.number_input(key=state.LEAD_PAGE).set_value(number)
        run(at)
        listed += list(at.dataframe[0].value["世帯"])
    at.number_input(key=state.LEAD_PAGE).set_value(1)
    run(at)
    return listed


# --- 主担当の割当 ----------------------------------------------------------------------------

def test_the_worklist_shows_one_page_and_downloads_whole(store_uri):
    at = page(UserRole.SUPERVISOR, state.LEAD_ASSIGNMENT)
    total = worklist_size(at)
    assert total > PAGE_ROWS
    first = list(at.dataframe[0].value["世帯"])
    assert len(first) == PAGE_ROWS
    assert any(f"全 {total:,} 件のうち 1〜{PAGE_ROWS} 件目" in c.value for c in at.caption)
    labels = [b.proto.label for b in at.get("download_button")]
    assert f"CSVでダウンロード（全 {total:,} 件）" in labels
    assert f"Excelでダウンロード（全 {total:,} 件）" in labels
    # the picker: the page's households, nothing else
    picker = at.selectbox(key=state.HOUSEHOLD)
    assert ids_of(picker.options) == first and picker.value == first[0]
    at.number_input(key=state.LEAD_PAGE).set_value(2)
    run(at)
    second = list(at.dataframe[0].value["世帯"])
    assert second and not set(second) & set(first) and len(second) <= PAGE_ROWS
    options = ids_of(at.selectbox(key=state.HOUSEHOLD).options)
    # the household selected on page 1 is kept, offered after page 2's
    assert options == second + [first[0]]
    assert at.selectbox(key=state.HOUSEHOLD).value == first[0]


def test_a_household_off_the_page_stays_selected(store_uri, city):
    """The case conference's button, a deep link or the dashboard put a household that is
    not on the worklist's first page (here one that needs no decision at all): the page
    lands on it, its forms drawn for it."""
    at = page(UserRole.SUPERVISOR, state.LEAD_ASSIGNMENT)
    listed = set(whole_worklist(at))
    unflagged = sorted(h.household_id for h in city.households
                       if h.household_id not in listed)
    assert unflagged
    at = page(UserRole.SUPERVISOR, state.LEAD_ASSIGNMENT, household=unflagged[-1])
    picker = at.selectbox(key=state.HOUSEHOLD)
    assert picker.value == unflagged[-1]
    assert ids_of(picker.options)[-1] == unflagged[-1]
    assert len(picker.options) == PAGE_ROWS + 1
    assert any(b.label == "この世帯をケース会議で開く" for b in at.button)


def test_the_lead_search_finds_an_unflagged_household(store_uri, city):
    at = page(UserRole.SUPERVISOR, state.LEAD_ASSIGNMENT)
    listed = set(whole_worklist(at))
    words = search.household_words(city)
    # an unflagged household by the フリガナ of a member, in hiragana: the rarest one
    matches = {(h, w): len(search.find(words, w)) for h in sorted(set(words) - listed)
               for w in words[h] if re.fullmatch(r"[ァ-ヶー・]+", w)}
    target, kana = min(matches, key=matches.get)
    assert matches[(target, kana)] <= PICK_CAP
    hiragana = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kana)
    at.text_input(key=state.LEAD_SEARCH).input(hiragana)
    run(at)
    options = ids_of(at.selectbox(key=state.HOUSEHOLD).options)
    assert target in options and len(options) <= PICK_CAP + 1
    assert any("一致しました" in c.value for c in at.caption)
    at.selectbox(key=state.HOUSEHOLD).set_value(target)
    run(at)
    assert at.selectbox(key=state.HOUSEHOLD).value == target
    # by its id as well
    at.text_input(key=state.LEAD_SEARCH).input(target)
    run(at)
    assert ids_of(at.selectbox(key=state.HOUSEHOLD).options) == [target]


# --- ケース会議 ------------------------------------------------------------------------------

def test_the_case_picker_offers_the_highest_risk_up_to_the_cap(store_uri, city):
    at = page(UserRole.SUPERVISOR, state.CASE_CONFERENCE)
    options = ids_of(at.selectbox(key=state.HOUSEHOLD).options)
    assert len(options) == PICK_CAP < HOUSEHOLDS
    assert any(f"全 {HOUSEHOLDS} 世帯" in c.value and "世帯を探す" in c.value
               for c in at.caption)
    left_out = sorted({h.household_id for h in city.households} - set(options))
    assert left_out
    # a household off the list, opened from elsewhere: offered and selected
    at = page(UserRole.SUPERVISOR, state.CASE_CONFERENCE, household=left_out[0])
    picker = at.selectbox(key=state.HOUSEHOLD)
    assert picker.value == left_out[0] and len(picker.options) == PICK_CAP + 1
    # and found with the search box
    at = page(UserRole.SUPERVISOR, state.CASE_CONFERENCE)
    at.text_input(key=state.CASE_SEARCH).input(left_out[-1])
    run(at)
    assert ids_of(at.selectbox(key=state.HOUSEHOLD).options) == [left_out[-1]]


def test_a_deep_link_lands_on_a_household_off_the_list(store_uri):
    at = page(UserRole.SUPERVISOR, state.CASE_CONFERENCE)
    offered = set(ids_of(at.selectbox(key=state.HOUSEHOLD).options))
    other = next(f"H-{n:05d}" for n in range(HOUSEHOLDS, 0, -1)
                 if f"H-{n:05d}" not in offered)
    at = app_as(UserRole.SUPERVISOR, timeout=TIMEOUT)
    at.query_params[state.HOUSEHOLD_PARAM] = other
    run(at)
    assert at.selectbox(key=state.HOUSEHOLD).value == other


def test_the_viewer_is_offered_the_cap_pseudonymised(store_uri, city):
    at = page(UserRole.VIEWER, state.CASE_CONFERENCE)
    assert not [w for w in at.text_input if w.key == state.CASE_SEARCH]
    options = at.selectbox(key=state.HOUSEHOLD).options
    ids = {h.household_id for h in city.households}
    assert len(options) == PICK_CAP and not [o for o in ids_of(options) if o in ids]
    assert any("リンク" in c.value for c in at.caption)
