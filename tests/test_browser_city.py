"""The two city-wide pages over a city of 5,000 households in a real headless Chromium, as a
supervisor sees them: the dashboard's key figures and charts first, its list of households
to watch a page at a time ("全 N 件のうち 1〜50 件目"), with the whole list to download; the
agency network page's map drawn (its 40 key agencies, named without overlap) and its long
tables paged too. Japanese, no traceback.

The app runs as ``streamlit run app.py`` over an SQLite store of the demo city
(``netsupport.demo.generate(5000)``); screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import OVERLAPS, chromium, served_city

from netsupport.demo import generate

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "browser"
USERNAME, PASSWORD = "city-super", "browser-test-password"
HOUSEHOLDS = 5000


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser-city") / "app.db"
    with served_city(db, generate(HOUSEHOLDS, seed=8050), USERNAME, PASSWORD) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def _settled(page) -> None:
    """Wait until Streamlit's run is over (no element left greyed out as stale)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-stale=\"true\"]')"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=60_000)
    page.wait_for_timeout(1000)


def _no_traceback(page) -> None:
    text = page.locator("body").inner_text()
    assert "Traceback" not in text and "Error" not in text, text[:2000]


def test_a_supervisor_reads_the_city_pages_a_page_of_rows_at_a_time(app_url, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # tall: Streamlit scrolls inside its own container, a screenshot shows the viewport
    context = browser.new_context(viewport={"width": 1600, "height": 3400}, locale="ja-JP")
    page = context.new_page()
    page.goto(app_url, wait_until="domcontentloaded")
    page.get_by_role("heading", name="サインイン").wait_for(timeout=60_000)
    page.get_by_label("利用者名").fill(USERNAME)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="サインイン").click()

    page.get_by_role("heading", name="ダッシュボード").wait_for(timeout=120_000)
    page.get_by_text("要注意世帯の一覧").first.wait_for(timeout=120_000)
    shown = page.get_by_text("件目を表示しています").first
    shown.wait_for(timeout=60_000)
    assert "全 " in shown.inner_text() and "1〜50 件目" in shown.inner_text()
    for label in ("CSVでダウンロード", "Excelでダウンロード"):
        page.get_by_text(label).first.wait_for(timeout=30_000)
    assert page.get_by_text("登録世帯").first.is_visible()
    page.get_by_label("ページ").first.fill("2")
    page.keyboard.press("Enter")
    page.get_by_text("51〜100 件目").first.wait_for(timeout=60_000)
    _settled(page)
    _no_traceback(page)
    page.screenshot(path=str(ARTIFACTS / "city_01_dashboard.png"), full_page=True)

    page.get_by_role("link", name="関係機関ネットワーク").click()
    page.get_by_role("heading", name="関係機関ネットワーク", exact=True).wait_for(timeout=60_000)
    page.get_by_text("唯一の支援になっている機関").first.wait_for(timeout=120_000)
    drawn = None
    for _ in range(120):
        drawn = next((f for f in page.frames
                      if f.locator('#ns-canvas[data-ready="true"]').count()), None)
        if drawn is not None:
            break
        page.wait_for_timeout(500)
    assert drawn is not None, "the agency map was not drawn"
    # the city's 375 agencies are not drawn at once: its 40 key agencies are, every one
    # named, no two names overlapping, and the sentence under the map counts the rest
    named = drawn.evaluate(
        "() => window.netsupportNetwork.body.data.nodes.get().filter(n => n.label).length")
    assert named == 40 and drawn.evaluate(OVERLAPS) == []
    assert float(drawn.locator("#ns-canvas").get_attribute("data-min-label-px")) >= 12
    assert page.get_by_text("つながりのある 375 機関のうち、要となる 40 機関").count() == 1
    assert page.get_by_text("件目を表示しています").count() >= 1  # the sole supports, paged
    _settled(page)
    _no_traceback(page)
    page.screenshot(path=str(ARTIFACTS / "city_02_agency_network.png"), full_page=True)
    context.close()
