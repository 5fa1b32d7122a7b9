"""The two city-wide pages over a city of 5,000 households in a real headless Chromium, as a
supervisor sees them: the dashboard's key figures and charts first, its list of households
to watch a page at a time ("全 N 件のうち 1〜50 件目"), with the whole list to download; the
agency network page's map drawn (its 40 key agencies, named without overlap) and its long
tables paged too. Japanese, no traceback.

The app runs as ``streamlit run app.py`` over an SQLite store of the demo city
(``netsupport.demo.generate(5000)``); screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import OVERLAPS, served_city, settled, sign_in

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


def _no_traceback(page) -> None:
    text = page.locator("body").inner_text()
    assert "Traceback" not in text and "Error" not in text, text[:2000]


#: Run on the page: the words of the main area that are cut — an HTML element narrower than
#: its text (Streamlit's "…"), or a chart's text outside its drawing, left out of an axis
#: by Vega-Lite for want of room (opacity 0), or shortened with "…".
CUT_WORDS = """() => {
  const out = [];
  document.querySelectorAll('[data-testid="stMain"] *').forEach(e => {
    if (!(e instanceof SVGElement) && e.textContent.trim() && e.scrollWidth > e.clientWidth + 1
        && (e.children.length === 0 || getComputedStyle(e).textOverflow === 'ellipsis'))
      out.push(e.textContent);
  });
  document.querySelectorAll('[data-testid="stVegaLiteChart"] svg').forEach(svg => {
    const frame = svg.getBoundingClientRect();
    svg.querySelectorAll('text').forEach(t => {
      const box = t.getBoundingClientRect();
      if (!t.textContent.trim()) return;
      if (box.left < frame.left - 1 || box.right > frame.right + 1
          || t.getAttribute('opacity') === '0' || t.textContent.endsWith('…'))
        out.push('chart: ' + t.textContent);
    });
  });
  return out;
}"""


#: The words after an agency's bar on the chart of the agencies over capacity.
OVER_NOTE = re.compile(r"^超過 \d+（受け持ち \d+ / 上限 \d+）$")


def test_a_supervisor_reads_the_city_pages_a_page_of_rows_at_a_time(app_url, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # tall: Streamlit scrolls inside its own container, a screenshot shows the viewport
    context = browser.new_context(viewport={"width": 1600, "height": 3400}, locale="ja-JP")
    page = context.new_page()
    page.goto(app_url, wait_until="domcontentloaded")
    sign_in(page, USERNAME, PASSWORD)

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
    settled(page)
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
    settled(page)
    _no_traceback(page)
    page.screenshot(path=str(ARTIFACTS / "city_02_agency_network.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("width, height", [(1280, 800), (1920, 1080)])
def test_the_dashboard_reads_whole_on_a_1280_and_a_1920_screen(app_url, browser, width, height):
    """The screens of a meeting room (a WXGA projector, a full-HD one). Seen at 80,000
    households: the agencies over capacity drawn in a third of the page, their bars 50 px
    wide (none at 1280 px), three names in four left out of the axis, the legend cut; key
    figures and download buttons cut with "…" at 1280 px. Now that chart is as wide as the
    list under it, every agency is named with its figures after its bar, and no word of
    the page is cut (nor any chart's)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
    page = context.new_page()
    page.goto(app_url, wait_until="domcontentloaded")
    sign_in(page, USERNAME, PASSWORD)
    page.get_by_text("区別・支援段階別の世帯数").first.wait_for(timeout=180_000)
    page.locator('[data-testid="stVegaLiteChart"]').nth(3).wait_for(timeout=60_000)
    settled(page)
    _no_traceback(page)
    over = page.locator('[data-testid="stVegaLiteChart"]').filter(has_text="超過")
    assert over.count() == 1, "no chart of the agencies over capacity"
    listed = page.locator('[data-testid="stDataFrame"]').first.bounding_box()["width"]
    assert over.bounding_box()["width"] >= listed - 2  # a row of its own
    names = over.locator("g.role-axis-label").last.locator("text")
    notes = over.locator("text").filter(has_text=OVER_NOTE)
    assert 1 <= names.count() <= 15 and notes.count() == names.count()
    over.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    over.screenshot(path=str(ARTIFACTS / f"city_03_over_capacity_{width}.png"))
    assert page.evaluate(CUT_WORDS) == []
    context.close()
