"""No Markdown from the data: a bundle whose agencies, people, household ids and wards, and
accounts whose names, are Markdown, HTML, LaTeX and Streamlit directives, walked page by page
and action by action as every role with ``AppTest``.

Streamlit renders Markdown in far more than ``st.markdown`` (see :mod:`netsupport.ui.safe`):
every element whose Markdown body still holds a raw payload fails the test. Plain-text
places (selectbox options, ``st.dataframe`` cells, text inputs) are not looked at: there the
payload must show as it is.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from app_support import app_as, app_store, run
from streamlit.testing.v1 import AppTest

from netsupport.access import UserRole, can
from netsupport.demo import generate
from netsupport.model import Bundle
from netsupport.ui import state
from netsupport.ui.safe import md_escape, md_frame, md_t

AS_OF = date(2026, 11, 1)
TIMEOUT = 90
PAYLOAD = "![x](http://127.0.0.1:9/x.png) [phish](http://e) **B** <b>x</b> $x$ :red[r]"
#: What must never reach a Markdown body as it is: each forms markup when rendered.
RAW = ("![x](", "[phish](", "**B**", "<b>x</b>", "$x$", ":red[r]")
HOUSEHOLD = "H-00004"            # 北区 in the synthetic bundle
HOSTILE_ID = f"H-{PAYLOAD}"      # one household's id is the payload
HOSTILE_WARD = f"区{PAYLOAD}"     # and another's ward


def hostile(bundle: Bundle) -> Bundle:
    """Every agency and person named with the payload; one household id and one ward too."""
    old = "H-00008"  # 北区, renamed

    def hid(x: str | None) -> str | None:
        return HOSTILE_ID if x == old else x

    return replace(
        bundle,
        agencies=[replace(a, name=f"{PAYLOAD} {a.agency_id}") for a in bundle.agencies],
        households=[replace(h, household_id=hid(h.household_id),
                            ward=HOSTILE_WARD if h.household_id == "H-00017" else h.ward)
                    for h in bundle.households],
        people=[replace(p, household_id=hid(p.household_id),
                        display_name=f"{PAYLOAD} {p.person_id}") for p in bundle.people],
        ties=[replace(t, source_id=hid(t.source_id), target_id=hid(t.target_id))
              for t in bundle.ties],
        events=[replace(e, household_id=hid(e.household_id), note=PAYLOAD)
                for e in bundle.events])


@pytest.fixture
def store_uri(tmp_path, monkeypatch):
    return app_store(tmp_path, monkeypatch, hostile(generate(40, seed=7)), AS_OF)


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def markdown_bodies(at: AppTest) -> list[str]:
    """Every string the app's frontend renders as Markdown: bodies of text, headings,
    captions, alerts, toasts and metrics; labels and help of every widget, tab and
    expander; radio options; every cell and header of ``st.table``."""
    found: list[str] = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            for field, value in proto.ListFields():
                if field.name in ("body", "label", "help") and isinstance(value, str):
                    found.append(value)
            if node.type == "radio":
                found += list(proto.options)
        if node.type == "table":
            frame: pd.DataFrame = node.value
            found += [str(c) for c in frame.columns]
            found += [v for v in frame.to_numpy().ravel() if isinstance(v, str)]
    return found


def raw_payloads(at: AppTest) -> list[str]:
    return [body for body in markdown_bodies(at) if any(r in body for r in RAW)]


def escaped_seen(at: AppTest) -> int:
    """How many bodies hold the payload escaped: the walk must see the data it checks."""
    return sum(md_escape("![x](http") in body for body in markdown_bodies(at))


def app(role: UserRole, page: str, household: str | None = None) -> AppTest:
    wards = ("北区", HOSTILE_WARD) if role is UserRole.STAFF else ()
    return app_as(role, page, household, timeout=TIMEOUT, display_name=PAYLOAD, wards=wards)


# --- the walk ----------------------------------------------------------------------------

def allowed_pages(role: UserRole) -> list[str]:
    from netsupport.access import Action, User
    actions = {state.DASHBOARD: Action.VIEW_CITY, state.CASE_CONFERENCE: Action.VIEW_HOUSEHOLD,
               state.LEAD_ASSIGNMENT: Action.ASSIGN_LEAD,
               state.AGENCY_NETWORK: Action.VIEW_AGENCIES, state.DATA: Action.LOAD_DATA,
               state.AUDIT_LOG: Action.READ_AUDIT, state.USERS: Action.MANAGE_USERS}
    user = User("x", role, wards=("北区",))
    return [code for code, action in actions.items() if can(user, action)]


WALK = [(role, page) for role in UserRole for page in allowed_pages(role)]


@pytest.mark.parametrize(("role", "page"), WALK, ids=[f"{r.value}-{p}" for r, p in WALK])
@pytest.mark.parametrize("household", [HOUSEHOLD, HOSTILE_ID], ids=["plain-id", "hostile-id"])
def test_no_page_renders_data_as_markdown(store_uri, role, page, household):
    at = run(app(role, page, household))
    assert raw_payloads(at) == []
    assert escaped_seen(at) > 0  # the account's name in the sidebar, at least
    if page == state.CASE_CONFERENCE and role is not UserRole.VIEWER:
        at.session_state[state.CASE_TAB] = "親なき後シミュレーション"
        run(at)
        assert raw_payloads(at) == []


def test_agency_network_highlight_and_unlinked_agencies(store_uri):
    at = run(app(UserRole.ADMIN, state.AGENCY_NETWORK, HOSTILE_ID))
    boxes = [c for c in at.checkbox if c.key == state.AGENCY_HIGHLIGHT]
    for box in boxes:
        box.check()
        run(at)
    assert raw_payloads(at) == []
    captions = [c.value for c in at.caption]
    assert any(md_escape(PAYLOAD) in c for c in captions), captions  # the unlinked agencies


@pytest.mark.parametrize("role", [UserRole.ADMIN, UserRole.STAFF, UserRole.SUPERVISOR])
@pytest.mark.parametrize("household", [HOUSEHOLD, HOSTILE_ID], ids=["plain-id", "hostile-id"])
def test_lead_change_notice_and_toast_are_escaped(store_uri, role, household):
    at = run(app(role, state.LEAD_ASSIGNMENT, household))
    submit = [b for b in at.button if b.label == "主担当を変更する"]
    lead = at.selectbox(key=state.form_key(state.LEAD_AGENCY, household, 1))
    lead.select_index(len(lead.options) - 1)
    submit[0].click()
    run(at)
    assert not at.error, [e.value for e in at.error]
    notices = [s.value for s in at.success] + [s.proto.body for s in at.toast]
    assert len(notices) == 2 and all(md_escape(PAYLOAD) in n for n in notices), notices
    # an icon of Streamlit's own font, not an emoji a closed network's PC may not draw
    assert [s.proto.icon for s in at.toast] == [":material/check_circle:"]
    assert raw_payloads(at) == []


def test_the_escapes_render_literally():
    """The escaped text is the text: CommonMark turns each ``\\x`` back into ``x``."""
    assert md_escape(PAYLOAD).replace("\\", "") == PAYLOAD
    assert md_t("ui.drafts.item", "ja", form="連絡", household=HOSTILE_ID).count("\\[") == 3
    frame = md_frame(pd.DataFrame({PAYLOAD: [PAYLOAD, 3]}))
    assert list(frame.columns) == [md_escape(PAYLOAD)] and frame.iloc[1, 0] == 3


def test_a_merge_upload_with_hostile_ids_previews_and_loads_as_text(store_uri, tmp_path):
    """The データ page: a merge naming a new agency whose id and name are the payload: the
    preview's lines, the notices and the load's toast hold it only escaped."""
    from netsupport.bundle import write_bundle
    from netsupport.model import Agency, AgencyKind, Bundle, Tie, TieKind
    from netsupport.storage import open_store

    store = open_store(store_uri)
    net = store.household_network(HOUSEHOLD)
    store.close()
    agency = Agency(f"A-{PAYLOAD}", PAYLOAD, AgencyKind.CLINIC, "北区")
    upload = Bundle(agencies=[agency],
                    households=net.households,
                    people=[p for p in net.people if p.household_id == HOUSEHOLD],
                    ties=[*net.ties, Tie(agency.agency_id, HOUSEHOLD, TieKind.SUPPORT)],
                    events=net.events)
    folder = tmp_path / "merge"
    write_bundle(upload, folder, check=False)
    at = run(app(UserRole.ADMIN, state.DATA))
    at.radio(key=state.DATA_MODE).set_value("merge")
    at.file_uploader(key=state.DATA_UPLOAD).set_value(
        [(p.name, p.read_bytes(), "text/csv") for p in sorted(folder.glob("*.csv"))])
    run(at)
    assert raw_payloads(at) == []
    assert any(md_escape(agency.agency_id) in c.value for c in at.caption)  # agencies added
    next(b for b in at.button if b.key == state.DATA_LOAD).click()
    run(at)
    assert not at.error, [e.value for e in at.error]
    assert raw_payloads(at) == [] and at.success
