"""The viewer (pseudonymised role) sees no more than the research export gives: household ids
as the export's keyed pseudonyms, ages as five-year bands, dates as months ago -- in the
picker, the tables and the ecomap (AppTest over the synthetic bundle of test_app_auth.py)."""

from __future__ import annotations

import re

from app_support import AS_OF, app_as, run
from streamlit.testing.v1 import AppTest

from netsupport.access import UserRole
from netsupport.sharing import pseudonym, pseudonymise_bundle
from netsupport.ui import state

HOUSEHOLD = "H-00002"  # 灘区, with a history of events and lead changes
KEY = bytes.fromhex("7e" * 32)  # app_support's key


def viewer_page() -> AppTest:
    return run(app_as(UserRole.VIEWER, state.CASE_CONFERENCE, HOUSEHOLD, timeout=90))


def everything(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "markdown", "caption", "info", "subheader")
             for e in getattr(at, kind)]
    parts += [f.value.to_csv() for f in (*at.dataframe, *at.table)]
    parts += [o for w in at.selectbox for o in w.options]
    parts += [m.proto.srcdoc for m in at.get("iframe")]
    return "\n".join(map(str, parts))


def test_the_viewer_sees_the_exports_pseudonyms_bands_and_months(demo_city_uri, demo_city):
    at = viewer_page()
    page = everything(at)
    ids = [h.household_id for h in demo_city.households]
    assert [h for h in ids if h in page] == []  # no real household id anywhere

    exported = pseudonymise_bundle(demo_city, KEY)
    mine = pseudonym("H-", HOUSEHOLD, KEY)
    assert mine in {h.household_id for h in exported.households}  # the export's pseudonym
    picker = at.selectbox(key=state.HOUSEHOLD)
    assert f"{mine}（灘区）" in picker.options

    members = at.dataframe[0].value
    ages = [a for a in members["年齢"] if a]
    assert ages and all(re.fullmatch(r"\d+〜\d+歳(（故人）)?", a) for a in ages), ages
    people = [p for p in demo_city.people if p.household_id == HOUSEHOLD and p.birth_year]
    for p in people:  # the band holds the true age
        low, high = (AS_OF.year - (p.birth_year - p.birth_year % 5) - 4,
                     AS_OF.year - (p.birth_year - p.birth_year % 5))
        assert low <= AS_OF.year - p.birth_year <= high

    history = at.dataframe[1].value
    assert len(history) and all(re.fullmatch(r"\d+か月前|今月", d) for d in history["日付"])
    days = {e.date.isoformat() for e in demo_city.events if e.household_id == HOUSEHOLD}
    days |= {t.since.isoformat() for t in demo_city.ties if t.since}
    assert [d for d in days if d in page] == []  # not in the tables, not in the map's tips
    map_html = at.get("iframe")[0].proto.srcdoc
    assert "か月前" in map_html and "歳" in map_html
