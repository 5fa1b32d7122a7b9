"""Finding a household by a member's name, its フリガナ (hiragana and katakana alike) or
the id, within the user's scope (a viewer, who sees no names or ids, has none): the pure
search (:mod:`netsupport.search`) and the
search box of the ケース会議 page, driven with ``AppTest`` over the synthetic bundle of
``test_app.py`` (40 households, seed 7): H-00004 is in 北区 (its subject ツヨシ), H-00022 in
中央区 (its mother ヒサコ)."""

from __future__ import annotations

import doctest

import pytest
from app_support import app_as, run
from streamlit.testing.v1 import AppTest

from netsupport import search
from netsupport.access import UserRole
from netsupport.ui import state


def test_doctests():
    assert doctest.testmod(search).failed == 0


@pytest.mark.parametrize("query", ["ひさこ", "ヒサコ", "ﾋｻｺ", "ハハ・ヒサコ", "母・ヒサコ",
                                   "ｈ－０００２２", "h-00022", " ヒ サ コ "])
def test_names_kana_and_ids_match_however_they_are_typed(query, demo_city):
    index = search.household_words(demo_city)
    assert "H-00022" in search.find(index, query)


def test_names_are_not_searched_when_they_may_not_be_seen(demo_city):
    index = search.household_words(demo_city)
    assert search.find(index, "ヒサコ", names=False) == []
    assert search.find(index, "00022", names=False) == ["H-00022"]


def case_page(role: UserRole) -> AppTest:
    return run(app_as(role, state.CASE_CONFERENCE, timeout=60))


def search_for(at: AppTest, query: str) -> AppTest:
    at.text_input(key=state.CASE_SEARCH).input(query).run(timeout=60)
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_case_conference_finds_a_household_by_kana(demo_city_uri, demo_city):
    at = search_for(case_page(UserRole.SUPERVISOR), "ひさこ")
    picker = at.selectbox(key=state.HOUSEHOLD)
    assert "H-00022（中央区）" in picker.options and picker.value in {
        o.split("（")[0] for o in picker.options}
    assert all("ヒサコ" in " ".join(search.household_words(demo_city)[
        o.split("（")[0]]) for o in picker.options)
    assert any("一致しました" in c.value for c in at.caption)


def test_staff_find_only_households_of_their_wards(demo_city_uri):
    at = search_for(case_page(UserRole.STAFF), "ヒサコ")  # H-00022 is in 中央区
    picker = at.selectbox(key=state.HOUSEHOLD)
    assert "H-00022（中央区）" not in picker.options
    assert all(o.endswith("（北区）") for o in picker.options)
    search_for(at, "つよし")  # H-00004, 北区
    assert "H-00004（北区）" in at.selectbox(key=state.HOUSEHOLD).options


def test_the_viewer_has_no_search_and_no_ids_in_the_picker(demo_city_uri, demo_city):
    """A viewer sees no names and no ids (issue 14, item 7: the picker showed the id the
    pseudonymised map hides): no search box, pseudonyms in the picker."""
    at = case_page(UserRole.VIEWER)
    assert not [w for w in at.text_input if w.key == state.CASE_SEARCH]
    options = at.selectbox(key=state.HOUSEHOLD).options
    ids = {h.household_id for h in demo_city.households}
    assert options and not [o for o in options if o.split("（")[0] in ids]
