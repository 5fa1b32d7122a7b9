"""The real app in a real headless Chromium: signed out only the sign-in page, signing in,
language switch, the case-conference ecomap, no request leaving the machine, and hostile
names shown as text.

The app runs as ``streamlit run app.py`` on a free local port over an SQLite store holding
the demo data, where one subject is named ``<img src=x onerror=alert(1)>``, and one
supervisor account. Chromium is
Debian's (``scripts/install-browser.sh``), driven by Playwright; if it cannot start, the test
fails. Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser_support import OVERLAPS, served_city

from netsupport.bundle import read_bundle
from netsupport.model import Relation

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "browser"
HOSTILE = "<img src=x onerror=alert(1)>"
HOUSEHOLD = "H-00001"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
USERNAME, PASSWORD = "browser-super", "browser-test-password"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "app.db"
    bundle = read_bundle(ROOT / "graph_data" / "demo")
    bundle.people = [replace(p, display_name=HOSTILE)
                     if p.household_id == HOUSEHOLD and p.relation is Relation.SUBJECT else p
                     for p in bundle.people]
    with served_city(db, bundle, USERNAME, PASSWORD) as url:
        yield url


@pytest.mark.parametrize("path", ["/", "/case_conference", "/data?household=H-00001"])
def test_signed_out_only_the_sign_in_page_is_served(app_url, browser, path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ja-JP")
    page = context.new_page()
    page.goto(app_url + path, wait_until="domcontentloaded")
    page.get_by_role("heading", name="サインイン").wait_for(timeout=60_000)
    page.get_by_label("パスワード").wait_for(timeout=30_000)
    page.wait_for_timeout(1000)  # let anything else that would come arrive
    name = path.split("?")[0].strip("/") or "root"
    page.screenshot(path=str(ARTIFACTS / f"00_signed_out_{name}.png"))
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert page.locator('[data-testid="stSidebarNavLink"]').count() == 0
    assert page.locator("iframe").count() == 0
    body = page.locator("body").inner_text()
    assert "H-000" not in body and "ケース会議" not in body and "ダッシュボード" not in body
    context.close()


def test_the_app_in_a_real_browser(app_url, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1600, "height": 1200}, locale="ja-JP")
    page = context.new_page()
    requested: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    page.goto(app_url, wait_until="domcontentloaded")
    page.get_by_role("heading", name="サインイン").wait_for(timeout=60_000)
    # the link the Tab key shows first: our words, Streamlit's "Skip to main content" at 0 px
    page.wait_for_function("""() => {
        const skip = document.querySelector('[data-testid="stSkipToContent"]');
        return skip && getComputedStyle(skip, '::after').content === '"本文へ移動"'
            && getComputedStyle(skip).fontSize === '0px'; }""", timeout=10_000)
    page.get_by_label("利用者名").fill(USERNAME)
    assert _typing_hint(page) == "Enterキーで送信"  # not Streamlit's "Press Enter to submit form"
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="サインイン").click()
    page.get_by_role("heading", name="ダッシュボード").wait_for(timeout=60_000)
    page.get_by_text("要注意世帯の一覧").first.wait_for(timeout=60_000)
    assert page.get_by_text("統括 花子（スーパーバイザー）").count() == 1
    page.screenshot(path=str(ARTIFACTS / "01_dashboard_ja.png"))
    # the 孤立度 filter's two picks are read whole (they were one row that faded out)
    picks = page.locator('[data-testid="stMultiSelectTagsContainer"]:has([data-tag])').first
    assert picks.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    # the toolbar over a table: no unaudited "Download as CSV", its tooltips in Japanese
    table = page.locator('[data-testid="stElementContainer"]:has([data-testid="stDataFrame"])')
    table.first.hover()
    toolbar = table.first.locator('[data-testid="stElementToolbar"]')
    toolbar.locator('button[aria-label="Search"]').wait_for(timeout=10_000)
    shown = toolbar.locator("button:visible").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))")
    assert "Download as CSV" not in shown and "Show/hide columns" not in shown, shown
    toolbar.locator('button[aria-label="Search"]').hover()
    tip = page.locator('[role="tooltip"] [data-testid="stTooltipContent"] p').first
    tip.wait_for(state="attached", timeout=10_000)
    assert tip.evaluate("e => getComputedStyle(e, '::after').content") == '"表の中を検索"'
    assert tip.evaluate("e => getComputedStyle(e).visibility") == "hidden"  # "Search"

    page.get_by_text("English", exact=True).click()
    page.get_by_role("heading", name="Dashboard").wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "02_dashboard_en.png"))
    page.get_by_text("日本語", exact=True).click()
    page.get_by_role("heading", name="ダッシュボード").wait_for(timeout=30_000)

    page.get_by_role("link", name="ケース会議").click()
    page.get_by_role("heading", name="ケース会議", exact=True).wait_for(timeout=30_000)
    picker = page.get_by_role("combobox").first
    picker.click()
    picker.fill(HOUSEHOLD)
    page.keyboard.press("Enter")

    frame = _ecomap_frame(page, HOUSEHOLD)
    frame.locator('#ns-canvas[data-ready="true"]').wait_for(timeout=30_000)
    assert frame.locator("#ns-canvas canvas").count() >= 1
    legend = frame.get_by_text("凡例")
    assert legend.count() >= 1 and legend.first.is_visible()
    # readable at a desk: labels of 12 px at least (they were 7 on this 1600-pixel screen),
    # none on another
    assert float(frame.locator("#ns-canvas").get_attribute("data-min-label-px")) >= 11.5
    assert frame.evaluate(OVERLAPS) == []
    labels = frame.locator("body").evaluate(
        "() => window.netsupportNetwork.body.data.nodes.get().map(n => n.label || '')")
    # labels wrap at spaces: compare them with all white space taken out
    assert any("".join(HOSTILE.split()) in "".join(label.split()) for label in labels), \
        "the hostile name is shown as text"
    page.wait_for_timeout(1500)  # give any injected handler a chance to fire
    page.screenshot(path=str(ARTIFACTS / "03_case_conference.png"), full_page=True)

    page.get_by_placeholder("名前・フリガナ").fill(HOUSEHOLD)
    assert _typing_hint(page) == "Enterキーで確定"  # not "Press Enter to apply"
    assert "Press" not in page.locator("body").inner_text()

    assert dialogs == [], f"a dialog opened: {dialogs}"
    for doc in [page, *[f for f in page.frames]]:
        assert doc.locator('img[src="x"]').count() == 0
    outside = {urlparse(u).hostname for u in requested
               if urlparse(u).scheme in ("http", "https", "ws", "wss")} - LOCAL_HOSTS
    assert outside == set(), f"requests left the machine: {sorted(outside)}"
    context.close()


def _ecomap_frame(page, household_id: str):
    """The iframe holding the ecomap of that household (Streamlit embeds it in one)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if (frame.locator("#ns-canvas").count()
                        and household_id in frame.locator("body").inner_text()):
                    return frame
            except Exception:  # a frame detached while looking: look again
                continue
        page.wait_for_timeout(250)
    page.screenshot(path=str(ARTIFACTS / "failed_case_conference.png"), full_page=True)
    pytest.fail(f"no ecomap of {household_id} on the case-conference page", pytrace=False)


def _typing_hint(page) -> str:
    """The line under the text box being typed in, as shown (Streamlit's own English is
    hidden and our words drawn in its place by a style: ``widgets.streamlit_in_words``)."""
    hint = page.locator('[data-testid="InputInstructions"] > span').first
    hint.wait_for(state="attached", timeout=10_000)
    shown = hint.evaluate("e => getComputedStyle(e, '::after').content")
    assert hint.evaluate("e => getComputedStyle(e).visibility") == "hidden"
    return shown.strip('"')
