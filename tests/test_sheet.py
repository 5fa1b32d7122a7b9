"""The case-conference sheet names agencies by consent, or all of them in a support meeting.

One hand-drawn household in a real (in-memory SQLite) store: a lead with consent, two care
managers without it (unknown, refused), a clinic whose consented tie has ended, and notes
that name them. The escaping and the pseudonymised sheet's other promises are tested with
the app (``tests/test_app.py``).
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from netsupport.model import (
    Agency,
    AgencyKind,
    Bundle,
    Event,
    EventType,
    Household,
    Person,
    Relation,
    Role,
    Strength,
    Tie,
    TieKind,
)
from netsupport.queries import HouseholdView, household_view
from netsupport.rules import load_rules
from netsupport.storage import open_store
from netsupport.viz import ecomap_html
from netsupport.viz.naming import Names
from netsupport.viz.sheet import case_conference_sheet, sheet_disclosure

AS_OF = date(2026, 11, 1)
LEAD, CARE_UNKNOWN, CARE_REFUSED, CLINIC = "AG-LEAD", "AG-CARE-X", "AG-CARE-Y", "AG-CLINIC"
NAMES = {LEAD: "北区ひきこもり支援室", CARE_UNKNOWN: "すずらんケアプラン",
         CARE_REFUSED: "ひよどり居宅介護支援", CLINIC: "山の手内科クリニック"}
WITHOUT_CONSENT = (CARE_UNKNOWN, CARE_REFUSED, CLINIC)


def household() -> Bundle:
    return Bundle(
        agencies=[Agency(LEAD, NAMES[LEAD], AgencyKind.HIKIKOMORI_SUPPORT_OFFICE, "北区"),
                  Agency(CARE_UNKNOWN, NAMES[CARE_UNKNOWN], AgencyKind.CARE_MANAGER, "北区"),
                  Agency(CARE_REFUSED, NAMES[CARE_REFUSED], AgencyKind.CARE_MANAGER, "北区"),
                  Agency(CLINIC, NAMES[CLINIC], AgencyKind.CLINIC, "北区")],
        households=[Household("HH-1", "北区")],
        people=[Person("PP-1", Relation.SUBJECT, "HH-1", "山田 一郎", 1972),
                Person("PP-2", Relation.FATHER, "HH-1", "山田 茂", 1941)],
        ties=[
            Tie(LEAD, "HH-1", TieKind.SUPPORT, Strength.STRONG, Role.LEAD, date(2025, 4, 1),
                last_contact=date(2026, 10, 1), consent=True),
            Tie(CARE_UNKNOWN, "PP-2", TieKind.SUPPORT, role=Role.TEAM, since=date(2024, 1, 1),
                last_contact=date(2026, 9, 1)),
            Tie(CARE_REFUSED, "PP-2", TieKind.SUPPORT, since=date(2023, 1, 1), consent=False),
            Tie(CLINIC, "PP-2", TieKind.SUPPORT, since=date(2019, 1, 1),
                until=date(2025, 3, 31), consent=True),
        ],
        events=[
            Event("EV-1", "HH-1", date(2026, 10, 1), EventType.VISIT, LEAD,
                  f"{NAMES[CARE_UNKNOWN]}と同行訪問。"),
            Event("EV-2", "HH-1", date(2026, 9, 1), EventType.CONTACT, CARE_UNKNOWN,
                  "父のサービス調整について連絡。"),
        ])


@pytest.fixture(scope="module")
def view() -> HouseholdView:
    store = open_store("sqlite:///:memory:")
    store.load(household())
    return household_view(store, "HH-1", load_rules(), AS_OF)


def sheet(view: HouseholdView, *, pseudonymise: bool = False,
          support_meeting: bool = False) -> str:
    """The sheet, with its ecomap drawn as the sheet says (the way the app draws it)."""
    names = Names(view.network, {}, "ja", pseudonymise=pseudonymise)
    disclose = sheet_disclosure(view, names, support_meeting=support_meeting)
    report = view.report
    ecomap = ecomap_html(view.graph, "HH-1", as_of=AS_OF, lead_id=report.lead.current,
                         lang="ja", pseudonymise=pseudonymise, disclose=disclose)
    return case_conference_sheet(view, names, ecomap, printed_on=AS_OF,
                                 support_meeting=support_meeting)


def test_without_a_support_meeting_only_the_consented_agency_is_named(view):
    page = sheet(view)
    assert "同意のある機関のみ実名" in page and "支援会議（" not in page
    assert NAMES[LEAD] in page
    for agency in WITHOUT_CONSENT:
        assert NAMES[agency] not in page and agency not in page
    assert "ケアマネジャー①" in page  # two care managers, numbered
    assert "山田 一郎" in page and "HH-1" in page  # people and the household keep names


def test_notes_of_an_undisclosed_agency_go_and_its_name_is_replaced(view):
    page = sheet(view)
    assert "ケアマネジャー①と同行訪問。" in page
    assert "父のサービス調整について連絡。" not in page


def test_a_support_meeting_names_every_agency(view):
    page = sheet(view, support_meeting=True)
    assert "支援会議（社会福祉法第106条の6" in page and "同意のある機関のみ実名" not in page
    for agency in (LEAD, CARE_UNKNOWN, CARE_REFUSED):  # the ended clinic is not on the sheet
        assert NAMES[agency] in page
    assert "すずらんケアプランと同行訪問。" in page
    assert "父のサービス調整について連絡。" in page


def test_the_pseudonymised_sheet_names_people_by_relation_and_agencies_by_consent(view):
    page = sheet(view, pseudonymise=True)
    assert "仮名化版" in page and "同意のある機関のみ実名" in page
    assert NAMES[LEAD] in page
    for secret in (*(NAMES[a] for a in WITHOUT_CONSENT), "山田", "同行訪問"):
        assert secret not in page
    for record_id in (*NAMES, "HH-1", "PP-1", "PP-2", "EV-1"):
        assert not re.search(rf"\b{record_id}\b", page), record_id


def test_the_pseudonymised_sheet_in_a_support_meeting_names_agencies_only(view):
    page = sheet(view, pseudonymise=True, support_meeting=True)
    assert NAMES[CARE_UNKNOWN] in page and NAMES[CARE_REFUSED] in page
    assert "山田" not in page and "HH-1" not in page


def test_the_sheet_overrides_whatever_names_disclose(view):
    names = Names(view.network, {}, "ja", disclose=set(NAMES))
    page = case_conference_sheet(view, names, "<p>map</p>", printed_on=AS_OF)
    assert NAMES[CARE_UNKNOWN] not in page


def test_names_number_the_undisclosed_agencies_the_report_mentions():
    net = household()
    city = {"AG-CARE-Z": Agency("AG-CARE-Z", "北区ケアセンター", AgencyKind.CARE_MANAGER)}
    names = Names(net, city, "ja", also=["AG-CARE-Z"], disclose={LEAD})
    assert [names.of(a) for a in (CARE_UNKNOWN, CARE_REFUSED, "AG-CARE-Z")] == [
        "ケアマネジャー①", "ケアマネジャー②", "ケアマネジャー③"]
    assert names.of(LEAD) == NAMES[LEAD] and names.of("PP-1") == "山田 一郎"
    assert names.of("NOBODY") == "関係者"  # an unknown id could be an agency's
    assert names.agency_ids == {*NAMES, "AG-CARE-Z"}
    assert names.disclosing(names.agency_ids).of("AG-CARE-Z") == "北区ケアセンター"
